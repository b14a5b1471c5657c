"""What a probe answer means to a person: the error fields, the request id, the endpoint
shown without secrets, the curl command to re-run it, and a message and next step per
outcome, in the terms of the seeds' checklists ("the key is valid, credits are exhausted").

Everything here works on text that probe_http already scrubbed; `safe_endpoint` and
`curl_command` never see the key at all.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from keylint.core.providers import Outcome, Provider

SECRET_PARAMS = frozenset({"key", "api_key", "api-key", "apikey", "token", "access_token",
                           "auth", "sig", "signature", "code"})
MAX_MESSAGE = 500


@dataclass(frozen=True)
class ProbeError:
    """The error fields of a JSON answer: `code`, `type`, `message` (None when absent)."""

    code: str | None = None
    type: str | None = None
    message: str | None = None

    def __bool__(self) -> bool:
        return any((self.code, self.type, self.message))

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "type": self.type, "message": self.message}

    def text(self) -> str:
        """`billing_error: Your credit balance is too low` (code/type, then the message)."""
        label = " / ".join(dict.fromkeys(x for x in (self.code, self.type) if x))
        if label and self.message:
            return f"{label}: {self.message}"
        return label or self.message or ""


def parse_json(body: str) -> Any:
    """The JSON value of a body, or None (an HTML page, plain text, nothing)."""
    text = body.strip()
    if text[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def parse_error(data: Any) -> ProbeError:
    """The error of the envelopes providers use: OpenAI, DeepSeek, HiAPI, Groq
    `{"error":{"message","type","code"}}`; Anthropic `{"type":"error","error":{"type",
    "message"}}`; OpenRouter `{"error":{"code":401,"message"}}`; Gemini `{"error":{"code",
    "message","status","details":[{"reason"}]}}`; xAI `{"code","error":"..."}`; and the
    bare `{"message"}`, `{"detail"}`, `{"title","detail"}` of Mistral, Cohere, Replicate."""
    if not isinstance(data, dict):
        return ProbeError()
    inner = data.get("error")
    if isinstance(inner, dict):
        reason = next((d.get("reason") for d in inner.get("details") or ()
                       if isinstance(d, dict) and d.get("reason")), None)
        code = reason or inner.get("code")
        if isinstance(code, int):  # OpenRouter, Gemini: the HTTP status again, not a code
            code = None
        kind = inner.get("type") or inner.get("status")
        return ProbeError(_text(code), _text(kind), _message(inner.get("message")))
    if isinstance(inner, str):  # xAI, Hugging Face
        return ProbeError(_text(data.get("code")), None, _message(inner))
    message = data.get("message") or data.get("detail")
    kind = data.get("title") or (data.get("type") if data.get("type") != "error" else None)
    if message is None and kind is None:
        return ProbeError()
    return ProbeError(_text(data.get("code")), _text(kind), _message(message))


def request_id(data: Any, headers: dict[str, str]) -> str | None:
    """The id support asks for: body `request_id` or `error.request_id`, then the
    `request-id` or `x-request-id` header."""
    if isinstance(data, dict):
        inner = data.get("error")
        for value in (data.get("request_id"),
                      inner.get("request_id") if isinstance(inner, dict) else None):
            if isinstance(value, str | int) and str(value).strip():
                return str(value).strip()[:200]
    for name in ("request-id", "x-request-id"):
        if headers.get(name, "").strip():
            return headers[name].strip()[:200]
    return None


def safe_endpoint(method: str, url: str) -> str:
    """`GET https://host/path`: user info removed, secret-looking query values hidden."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return f"{method} (an unparsable URL)"
    query = "&".join(f"{quote(k)}={'…' if k.lower() in SECRET_PARAMS else quote(v, safe='/:')}"
                     for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return f"{method} {urlunsplit((parts.scheme, host + port, parts.path, query, ''))}"


def curl_command(method: str, url: str, headers: tuple[tuple[str, str], ...], body: str,
                 variable: str) -> str:
    """The same request as a shell command, with `$VARIABLE` where the key goes."""
    words = ["curl", "-sS"]
    if method != "GET":
        words += ["-X", method]
    words.append(shlex.quote(safe_endpoint(method, url).split(" ", 1)[1]))
    for name, value in headers:
        text = f"{name}: {value}"
        if "{key}" in text:
            escaped = re.sub(r'(["\\`$])', r"\\\1", text).replace("{key}", f"${variable}")
            words += ["-H", f'"{escaped}"']
        else:
            words += ["-H", shlex.quote(text)]
    if body:
        words += ["-H", shlex.quote("content-type: application/json"), "-d", shlex.quote(body)]
    return " ".join(words)


# --- Messages per outcome -----------------------------------------------------------------

HEADLINES: dict[Outcome, str] = {
    "valid": "the key works",
    "invalid": "the key was rejected",
    "no_credits": "the key is valid, but credits are exhausted",
    "permission_denied": "the key is valid but may not do this",
    "rate_limited": "rate limited: the key works",
    "wrong_endpoint": "this host does not look like the provider's API",
    "server_error": "the provider's server failed: this says nothing about the key",
    "network": "no answer: this says nothing about the key",
    "unknown": "an answer keylint cannot interpret",
}

_NETWORK = {
    "timeout": "the request timed out after {timeout:g} s",
    "dns": "the host name does not resolve (DNS)",
    "tls": "the TLS handshake failed (certificate or protocol)",
    "refused": "the connection was refused (nothing listens on that port)",
    "connect": "the connection failed",
    "protocol": "the connection broke before a complete answer",
    "other": "the request failed",
}


@dataclass(frozen=True)
class Facts:
    """What the message writer needs to know about one probe (no secrets in here)."""

    provider: Provider
    variable: str
    host: str
    base_url: str
    base_source: str
    status: int | None
    error: ProbeError
    html: bool = False
    redirect_host: str | None = None
    network: str | None = None
    network_detail: str = ""
    timeout: float = 10.0
    retry_after: str = ""
    doubled_version: bool = False  # the base ends with the version the reader appends
    attempts: int = 1
    balance_probe: bool = False  # the probe reads a balance or a key's credit limit


def explain(outcome: Outcome, f: Facts) -> tuple[str, str]:
    """(message, hint): what happened, and the next step."""
    return _WRITERS[outcome](f)


def _valid(f: Facts) -> tuple[str, str]:
    message = f"{f.provider.name} accepted the key at {f.host}."
    hint = ("The key is fine. If your app still fails, check what the app actually loads "
            f"(`keylint probe --env {f.variable}` in the app's shell), the base URL it uses "
            "and the model name.")
    if not f.balance_probe:
        hint += (" This free request does not prove there is credit: a billing problem "
                 "shows only on a paid call.")
    return message, hint


def _invalid(f: Facts) -> tuple[str, str]:
    message = f"{f.provider.name} rejected the key (HTTP {f.status}): it is wrong, revoked " \
              "or disabled."
    hint = (f"Copy the key again in full from {_docs(f.provider)} (no spaces or line break, "
            "not the masked copy a dashboard shows), then run `keylint check` on the file.")
    pid = f.provider.id
    if pid == "anthropic" and f.status == 404:
        message = ("Anthropic answered 404 to the key check: it does so for a disabled or "
                   "unknown key.")
        hint = ("Check the base URL first: with ANTHROPIC_BASE_URL ending in /v1 the path "
                "doubles (/v1/v1/models) and gets the same 404. If the base is right, create "
                f"a new key at {_docs(f.provider)}.")
    elif pid == "xai" and f.status == 400:
        hint = f"xAI answers a wrong key with 400 rather than 401. {hint}"
    elif pid == "gemini" and f.status == 400:
        hint = ("A Google API key that is not valid (API_KEY_INVALID). " + hint)
    if f.error.message and ("***" in f.error.message or "****" in f.error.message):
        hint += (" The error message shows the first and last characters of the key the "
                 "server received: if they differ from yours, another variable or file "
                 "supplied the key.")
    return message, hint


def _no_credits(f: Facts) -> tuple[str, str]:
    message = (f"The key is valid, credits are exhausted: {f.provider.name} refuses to bill "
               f"this account (HTTP {f.status}).")
    hint = (f"Add credits or raise the spending limit in your {f.provider.name} account"
            f"{_billing(f.provider)}; the key itself needs no change, and a new key will not "
            "help.")
    if f.provider.id == "openai":
        hint = ("OpenAI reports no credit as 429 insufficient_quota: it is not a rate limit "
                "and waiting will not help. " + hint)
    elif f.provider.id == "openrouter" and f.status == 200:
        message = ("The key is valid, but its credit limit is used up (limit_remaining is 0 or "
                   "below).")
        hint = "Raise this key's credit limit or buy credits at https://openrouter.ai/settings/keys."
    elif f.provider.id == "deepseek" and f.status == 200:
        message = ("The key is valid, but the DeepSeek balance is not available "
                   "(is_available: false).")
        hint = "Top up the balance at https://platform.deepseek.com; the key needs no change."
    return message, hint


def _permission_denied(f: Facts) -> tuple[str, str]:
    message = f"The key is valid but may not do this (HTTP {f.status})."
    hint = ("Check the key's permissions: its scopes, project or organisation, the models "
            "it may use, and region restrictions.")
    code = (f.error.code or "").lower()
    if code == "permission_denied" or "model" in (f.error.message or "").lower():
        message = (f"The key is valid but may not use this model ({f.provider.name}, "
                   f"HTTP {f.status}).")
        hint = ("Allow the model for this key in the provider's dashboard, or pick a model "
                "the key may use; the key itself is fine.")
    elif f.provider.id == "gemini":
        message = "A valid Google API key without Gemini access (HTTP 403)."
        hint = ("Enable the Generative Language API for the key's project, or lift the key's "
                "API restrictions, at https://aistudio.google.com/app/apikey.")
    elif "country" in (f.error.message or "").lower():
        hint = "The provider does not serve the country or region this request came from."
    return message, hint


def _rate_limited(f: Facts) -> tuple[str, str]:
    wait = f", Retry-After {f.retry_after} s" if f.retry_after else ""
    message = f"{f.provider.name} is rate-limiting this key (HTTP 429{wait}): the key works."
    hint = ("Wait and retry, send fewer requests at once, or raise the account's rate-limit "
            "tier; the key needs no change.")
    return message, hint


def _wrong_endpoint(f: Facts) -> tuple[str, str]:
    what = f"HTTP {f.status}"
    if f.redirect_host is not None:
        what = f"a redirect (HTTP {f.status}) to {f.redirect_host}"
    elif f.html:
        what = f"an HTML page (HTTP {f.status})"
    elif f.status is not None and 200 <= f.status < 300:
        what = f"HTTP {f.status} without a JSON body"
    message = (f"This host does not look like the {f.provider.name} API: {f.host} answered "
               f"{what}. The base URL is probably wrong.")
    expected = ", ".join(e.base for e in f.provider.endpoints if not e.templated)
    hint = (f"Check {f.base_source}: {f.base_url}. "
            + (f"{f.provider.name} serves {expected}. " if expected else "")
            + "Look for a /v1 doubled or missing, an endpoint path such as /chat/completions "
            "pasted into the base, or another provider's host.")
    if f.redirect_host is not None:
        hint = ("keylint does not follow redirects and did not re-send the key. If "
                f"{f.redirect_host} is {f.provider.name}'s, use its address as the base URL "
                f"(often http→https, or a missing /v1). {hint}")
    if f.doubled_version:
        hint = (f"The base URL ends with the version segment that the tool reading "
                f"{f.variable} appends itself: remove it from {f.base_source}. {hint}")
    return message, hint


def _server_error(f: Facts) -> tuple[str, str]:
    retried = ", after one retry" if f.attempts > 1 else ""
    message = (f"{f.provider.name}'s server failed (HTTP {f.status}{retried}): a server-side "
               "problem, not your key.")
    if f.status == 529:
        message = (f"{f.provider.name} is overloaded (HTTP 529{retried}): not a problem with "
                   "your key.")
    hint = ("Retry later and check the provider's status page; if it persists, write to "
            "support and quote the request id.")
    return message, hint


def _network(f: Facts) -> tuple[str, str]:
    what = _NETWORK.get(f.network or "other", _NETWORK["other"]).format(timeout=f.timeout)
    message = f"No answer from {f.host}: {what}. This says nothing about the key."
    hint = (f"Check the host in {f.base_source} ({f.base_url}), your network, proxy "
            "(HTTPS_PROXY) or firewall, then retry; a slow link may need a longer timeout "
            "(--timeout, or probe.timeout in the settings).")
    if f.network == "tls":
        hint = ("A TLS failure: a proxy that intercepts https, a wrong port, or plain http "
                f"served on an https URL. {hint}")
    return message, hint


def _unknown(f: Facts) -> tuple[str, str]:
    message = (f"{f.provider.name} answered HTTP {f.status}, which keylint cannot interpret "
               "with confidence.")
    hint = "Read the error below, and re-run the curl command to see the whole answer."
    return message, hint


_WRITERS = {
    "valid": _valid, "invalid": _invalid, "no_credits": _no_credits,
    "permission_denied": _permission_denied, "rate_limited": _rate_limited,
    "wrong_endpoint": _wrong_endpoint, "server_error": _server_error, "network": _network,
    "unknown": _unknown,
}


def _billing(provider: Provider) -> str:
    """` (https://...)` when the registry links a billing or credits page, else ""."""
    url = next((u for label, u in provider.docs
                if any(w in label.lower() for w in ("billing", "credit", "plan"))), None)
    return f" ({url})" if url else ""


def _docs(provider: Provider) -> str:
    return provider.docs[0][1] if provider.docs else f"{provider.name}'s dashboard"


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)[:200]


def _message(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
