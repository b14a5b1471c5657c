"""The live key probe: one cheap request that isolates the key from the app, explained.

Two steps, so that every safety rule runs before a socket opens:

* `plan_probe` (a file) or `plan_env_probe` (this process's environment) resolves the key
  exactly as the checks see it, its provider, the base URL that would carry it and the
  registry's probe, and applies the rules: HTTPS only (loopback excepted), a host that
  belongs to the key's provider unless the user trusts it, no billable request unless asked.
  It returns a `ProbePlan`, or a `ProbeRefusal` that explains why not (never an exception,
  and never with the key in it).
* `run_probe` (or `arun_probe` from an event loop) sends the request and returns a
  `ProbeResult`: one of nine outcomes (KL901…KL909), the status, the provider's error and
  request id, the latency, a next step and the equivalent curl command with `$VARIABLE`.

The key lives in a `Secret` whose repr is redacted; results hold only `redact(key)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from keylint.core.analyze import document_for, parse
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.model import FileKind, ParsedFile
from keylint.core.probe_choice import VERSION_AT_END, choose_probe
from keylint.core.probe_explain import (
    HEADLINES,
    Facts,
    ProbeError,
    curl_command,
    explain,
    parse_error,
    parse_json,
    request_id,
    safe_endpoint,
)
from keylint.core.probe_safety import accepts, belongs, host_matches, scheme_problem, url_host
from keylint.core.probe_settings import ProbeSettings, probe_settings
from keylint.core.probe_target import (
    BaseChoice,
    Binding,
    Unselected,
    env_route,
    is_credential,
    resolve_base,
    select_credential,
)
from keylint.core.providers import (
    Outcome,
    Probe,
    Provider,
    Registry,
    classify,
    registry,
)
from keylint.core.routing import Route, route_for
from keylint.core.secret import Secret, scrub, unsendable

if TYPE_CHECKING:  # httpx loads only when a probe is sent: a refusal never pays for it
    from keylint.core.probe_http import Exchange

OUTCOME_CODES: dict[Outcome, str] = {
    "valid": "KL901", "invalid": "KL902", "no_credits": "KL903", "permission_denied": "KL904",
    "rate_limited": "KL905", "wrong_endpoint": "KL906", "server_error": "KL907",
    "network": "KL908", "unknown": "KL909",
}
MIN_KEY_LENGTH = 8  # shorter values are placeholders or fragments, and hard to scrub
RefusalReason = Literal[
    "disabled", "no_credential", "ambiguous", "not_credential", "not_found", "empty",
    "dynamic", "too_short", "unsendable", "unknown_provider", "no_base_url", "no_probe",
    "insecure", "foreign_host", "billable",
]
# Refusals that mean "say which key": a usage error for the CLI (exit 2), not a verdict.
USAGE_REASONS = frozenset({"no_credential", "ambiguous", "not_credential", "not_found"})
_HTML = re.compile(r"\A\s*<", re.ASCII)


@dataclass(frozen=True)
class ProbeRefusal:
    """Why keylint will not send this key (before any network traffic). No secrets inside:
    `key` is redacted, `host` is the host an explicit trust would allow."""

    reason: RefusalReason
    message: str
    hint: str = ""
    variable: str | None = None
    provider: str | None = None
    provider_name: str | None = None
    key: str | None = None
    endpoint: str | None = None
    host: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def usage(self) -> bool:
        """True when the user must say which key to probe (CLI exit status 2)."""
        return self.reason in USAGE_REASONS

    def summary(self) -> str:
        """One line for a status bar or `window/showMessage`."""
        return f"Probe refused ({self.reason}): {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The probe JSON shape, with outcome "refused" and the reason as the error code."""
        return {
            "outcome": "refused", "provider": self.provider, "variable": self.variable,
            "key": self.key, "endpoint": self.endpoint, "http_status": None,
            "error": {"code": self.reason, "type": "refused", "message": self.message},
            "request_id": None, "latency_ms": None, "hint": self.hint or None, "curl": None,
        }


@dataclass(frozen=True, repr=False)
class ProbePlan:
    """A probe that passed every safety rule and may be sent. `key` is a Secret (its repr
    is redacted); `headers` are templates with `{key}`; nothing else holds the key, and the
    repr is scrubbed too, in case a base URL carries the key in its query string."""

    provider: Provider = field(repr=False)
    variable: str
    key: Secret
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    body: str
    probe: Probe = field(repr=False)
    base: BaseChoice
    billable: bool
    timeout: float
    location: str  # where the key is defined: "in .env on line 3", "in the environment"
    line: int | None = None  # 0-based line of the key's assignment (None: environment)

    def __repr__(self) -> str:
        return scrub(f"ProbePlan({self.variable}, {self.key!r}, {self.endpoint}, "
                     f"base={self.base!r}, billable={self.billable}, timeout={self.timeout})",
                     self.key)

    @property
    def endpoint(self) -> str:
        return scrub(safe_endpoint(self.method, self.url), self.key)

    @property
    def host(self) -> str:
        return url_host(self.url)

    @property
    def redacted_key(self) -> str:
        return self.key.redacted

    @property
    def curl(self) -> str:
        return scrub(curl_command(self.method, self.url, self.headers, self.body,
                                  self.variable), self.key)


@dataclass(frozen=True)
class ProbeResult:
    """What the probe found, ready to show: no field holds the key."""

    outcome: Outcome
    provider: str
    provider_name: str
    variable: str
    key: str  # redacted
    endpoint: str
    http_status: int | None
    error: ProbeError
    request_id: str | None
    latency_ms: int | None
    message: str
    hint: str
    curl: str
    attempts: int = 1
    base_source: str = ""
    location: str = ""
    line: int | None = None  # 0-based line of the key's assignment, for a diagnostic

    @property
    def code(self) -> str:
        """KL901 (valid) … KL909 (unknown): one diagnostic code per outcome."""
        return OUTCOME_CODES[self.outcome]

    @property
    def headline(self) -> str:
        return HEADLINES[self.outcome]

    @property
    def valid(self) -> bool:
        return self.outcome == "valid"

    def summary(self) -> str:
        """One line for a status bar, `window/showMessage` or a diagnostic."""
        text = f"{self.code} {self.outcome} ({self.variable}, {self.provider_name}): {self.message}"
        if self.request_id:
            text += f" Request id {self.request_id} (quote it to support)."
        return text

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `keylint probe --format json`."""
        return {
            "outcome": self.outcome, "provider": self.provider, "variable": self.variable,
            "key": self.key, "endpoint": self.endpoint, "http_status": self.http_status,
            "error": self.error.to_dict(), "request_id": self.request_id,
            "latency_ms": self.latency_ms, "hint": self.hint, "curl": self.curl,
        }


# --- Planning ---------------------------------------------------------------------------


def plan_probe(
    text: str, path: str, *, line: int | None = None, variable: str | None = None,
    config: Config | None = None, base_url: str | None = None,
    allow_hosts: Iterable[str] = (), billable: bool = False, timeout: float | None = None,
    known: Registry | None = None,
) -> ProbePlan | ProbeRefusal:
    """Plan a probe of the key a file defines: on `line` (0-based), named `variable`, or
    the file's only credential. `base_url` overrides the file's; `allow_hosts` are hosts
    the user explicitly trusts for this probe; `billable` permits a probe that costs money."""
    config = config or Config()
    settings = probe_settings(config.extra, config.source)
    if not settings.enabled:
        return _disabled(variable)
    doc = document_for(path, text) or Document(path=path, text=text, kind=FileKind.DOTENV)
    parsed = parse(doc)
    known = known or registry(config.extra, source=config.source)
    chosen = select_credential(parsed, known, config, line, variable)
    if isinstance(chosen, Unselected):
        return ProbeRefusal(chosen.reason, chosen.message, variable=variable,
                            candidates=chosen.candidates)
    where = f"in {path} on line {chosen.name_span.line + 1}"
    binding = Binding(chosen.name, chosen.value, where, chosen.name_span.line, chosen.dynamic)
    route = route_for(parsed, known, chosen, config)
    return _plan(binding, route, known, settings, base_url, allow_hosts, billable, timeout)


# Refusals an editor still offers a probe for: clicking it explains something the user can
# act on (confirm a host, fix the value or the URL), unlike "keylint cannot tell the provider".
OFFERED_REFUSALS = frozenset({"foreign_host", "insecure", "unsendable", "billable"})


@dataclass(frozen=True)
class ProbeTarget:
    """A credential assignment of a file and what probing it would do (planned, no network)."""

    variable: str
    line: int  # 0-based line of the name
    plan: ProbePlan | ProbeRefusal = field(repr=False)

    @property
    def offered(self) -> bool:
        """Worth a "Probe key" button: it would send, or its refusal is worth reading."""
        return isinstance(self.plan, ProbePlan) or self.plan.reason in OFFERED_REFUSALS


def probe_targets(
    parsed: ParsedFile, config: Config | None = None, known: Registry | None = None
) -> list[ProbeTarget]:
    """Every credential assignment of a parsed file with its plan: pure, so an editor can
    decide where to offer a probe on each request. Empty when the probe is switched off."""
    config = config or Config()
    settings = probe_settings(config.extra, config.source)
    if not settings.enabled:
        return []
    known = known or registry(config.extra, source=config.source)
    targets = []
    for assignment in parsed.assignments:
        if assignment.prefix or not is_credential(assignment, known, config):
            continue
        line = assignment.name_span.line
        binding = Binding(assignment.name, assignment.value, f"on line {line + 1}", line,
                          assignment.dynamic)
        route = route_for(parsed, known, assignment, config)
        plan = _plan(binding, route, known, settings, None, (), False, None)
        targets.append(ProbeTarget(assignment.name, line, plan))
    return targets


def plan_env_probe(
    name: str, *, environ: Mapping[str, str] | None = None, config: Config | None = None,
    base_url: str | None = None, allow_hosts: Iterable[str] = (), billable: bool = False,
    timeout: float | None = None, known: Registry | None = None,
) -> ProbePlan | ProbeRefusal:
    """Plan a probe of the value `environ` (default: this process's environment) holds for
    `name`, with the base URL from the same environment: what the process actually sees."""
    import os

    config = config or Config()
    settings = probe_settings(config.extra, config.source)
    if not settings.enabled:
        return _disabled(name)
    environ = os.environ if environ is None else environ
    if name not in environ:
        return ProbeRefusal("not_found", f"{name} is not set in this environment",
                            variable=name)
    binding = Binding(name, environ[name], "in the environment")
    known = known or registry(config.extra, source=config.source)
    route = env_route(environ, known, name, config)
    return _plan(binding, route, known, settings, base_url, allow_hosts, billable, timeout)


def _disabled(variable: str | None) -> ProbeRefusal:
    return ProbeRefusal(
        "disabled", "the live probe is switched off ([tool.keylint.probe] enabled = false)",
        "Your configuration forbids network calls from keylint; remove the setting to probe.",
        variable=variable)


def _plan(
    binding: Binding, route: Route | None, known: Registry, settings: ProbeSettings,
    override: str | None, allow_hosts: Iterable[str], billable: bool, timeout: float | None,
) -> ProbePlan | ProbeRefusal:
    name, value = binding.name, binding.value
    refuse = _Refuser(name, Secret(value) if value else None)
    if binding.dynamic:
        return refuse("dynamic", f"the value of {name} is computed when the shell runs "
                      "($VAR, $(...)); keylint probes literal values only",
                      f"Run `keylint probe --env {name}` in a shell where it is set.")
    if not value:
        return refuse("empty", f"{name} is empty")
    if len(value) < MIN_KEY_LENGTH:
        return refuse("too_short", f"the value of {name} is {len(value)} characters long: "
                      "too short to be a key (a placeholder or a fragment?)")
    problem = unsendable(value)
    if problem:
        return refuse("unsendable", f"the value of {name} cannot be sent as it is: {problem}",
                      "HTTP clients reject such a header or send a different key, so the app "
                      "fails however good the key is: fix the value first (`keylint check` "
                      "shows where it comes from), then probe again.")
    key = Secret(value)
    key_var = known.provider_for_env(name)
    key_var = key_var if key_var is not None and key_var.role == "key" else None
    family = key_var.provider if key_var else None
    match = known.attribute_key(value)
    certain = known.get(match.provider) if match and match.certain and match.provider else None
    base = resolve_base(route, certain or family, known, name, override)
    if base is None or "{" in base.url:
        return refuse("no_base_url", f"keylint does not know where {name} is sent",
                      "Give the base URL with --base-url.")
    if base.dynamic:
        return refuse("dynamic", f"the base URL in {base.source} is computed when the shell "
                      "runs; keylint cannot tell where the key would go",
                      "Give the base URL with --base-url.")
    problem = scheme_problem(base.url)
    if problem:
        return refuse("insecure", f"keylint will not send the key to {base.url} "
                      f"(base URL from {base.source}): {problem}", _scheme_hint(base))
    host = url_host(base.url)
    receiver = known.provider_for_host(host)
    owner = certain or next((p for p in (receiver, family)
                             if p is not None and accepts(known, p, match, value)), None)
    allowed = list(allow_hosts)

    def trusted(where: str, provider: Provider | None) -> bool:
        """Trusted explicitly: --allow-host, or trusted-hosts for this provider or all."""
        return host_matches(where, allowed) or host_matches(
            where, settings.trusted_for(provider.id if provider else None))

    if not trusted(host, owner) and not belongs(known, host, owner, match, value):
        return refuse("foreign_host", *_foreign(name, host, base, owner, receiver),
                      host=host, owner=owner)
    speaker = receiver if receiver is not None and receiver.gateway_mode != "passthrough" \
        else owner or family
    if speaker is None:
        return refuse("unknown_provider", f"keylint cannot tell which provider {name} belongs "
                      "to, so it does not know how to check it",
                      "Declare the provider in [tool.keylint.providers] (hosts, env, "
                      "key-prefixes).")
    chosen = choose_probe(speaker, match, base, billable)
    if chosen is None:
        return refuse("no_probe", f"keylint has no probe for {speaker.name} keys through "
                      f"this base URL (from {base.source})", owner=speaker)
    probe, url = chosen
    final_host = url_host(url)
    problem = scheme_problem(url)
    if problem:
        return refuse("insecure", f"keylint will not send the key to {url}: {problem}",
                      owner=speaker)
    if final_host != host and not trusted(final_host, speaker) and not belongs(
            known, final_host, speaker, match, value):
        return refuse("foreign_host", f"the probe would go to {final_host}, which does not "
                      f"belong to {speaker.name}", host=final_host, owner=speaker)
    if probe.billable and not billable:
        return refuse("billable", f"the only probe for {speaker.name} keys here "
                      f"({probe.method} {probe.path}) costs money",
                      "Run it only on purpose: add --billable (keylint asks to confirm).",
                      owner=speaker)
    auth = probe.auth or (key_var.var.auth if key_var else None) or speaker.auth_for(
        match.shape if match and match.provider == speaker.id else None)
    if auth is None:
        return refuse("no_probe", f"keylint does not know how {speaker.name} takes a key",
                      owner=speaker)
    return ProbePlan(speaker, name, key, probe.method, url, auth.headers, probe.body, probe,
                     base, probe.billable, timeout or settings.timeout, binding.where,
                     binding.line)


class _Refuser:
    """Builds refusals for one key: the key only ever appears redacted."""

    def __init__(self, variable: str, key: Secret | None) -> None:
        self.variable, self.key = variable, key

    def __call__(self, reason: RefusalReason, message: str, hint: str = "", *,
                 host: str | None = None, owner: Provider | None = None) -> ProbeRefusal:
        redacted = self.key.redacted if self.key is not None else None
        if self.key is not None:
            message, hint = scrub(message, self.key), scrub(hint, self.key)
        return ProbeRefusal(reason, message, hint, self.variable, owner.id if owner else None,
                            owner.name if owner else None, redacted, None, host)


def _foreign(name: str, host: str, base: BaseChoice, owner: Provider | None,
             receiver: Provider | None) -> tuple[str, str]:
    """(message, hint) for a base URL whose host is not the key's provider's."""
    via = f"{name} would be sent to {host} (base URL from {base.source})"
    rule = "keylint does not send a key to a host that does not belong to its provider"
    anyway = f"--allow-host {host}"
    if receiver is not None and owner is None:
        every = {s.prefix for s in receiver.shapes if s.prefix}
        prefixes = sorted(p for p in every if not any(p != q and p.startswith(q) for q in every))
        why = (f" ({receiver.name} keys start with {' or '.join(prefixes)})"
               if receiver.all_keys_prefixed and prefixes else "")
        return (f"{via}, which belongs to {receiver.name}, but the value is not "
                f"{receiver.name}'s key{why}; {rule}",
                f"Put a key issued by {receiver.name} in {name}, or point the base URL at "
                f"the key's own provider. To send it to {host} anyway: {anyway}.")
    if owner is None:
        return (f"{via}; keylint cannot tell which provider the key belongs to, and sends a "
                "key only to its provider's hosts",
                f"If {host} is yours (a gateway, a proxy, a local server), allow it: {anyway}, "
                "or list it under [tool.keylint.probe] trusted-hosts.")
    own = ", ".join(owner.hosts) or "none known"
    if receiver is not None:
        endpoint = next((e.base for e in owner.endpoints if not e.templated), None)
        at = f" ({endpoint})" if endpoint else ""
        return (f"{via}: {receiver.name}'s host, while the key is {owner.name}'s ({own}); "
                f"{rule}",
                f"Point the base URL at {owner.name}{at}, or put a key issued by "
                f"{receiver.name} in {name}. To send it to {host} anyway: {anyway}.")
    return (f"{via}: not a host keylint knows, while the key is {owner.name}'s ({own}); {rule}",
            f"If {host} is yours (a gateway, a proxy, a local server), allow it: {anyway}, "
            f"or trust it for {owner.id} under [tool.keylint.probe] trusted-hosts.")


def _scheme_hint(base: BaseChoice) -> str:
    if base.url.lower().startswith("http://"):
        return f"Use https:// in {base.source}; plain http is allowed to this machine only."
    return f"Check {base.source}: a base URL looks like https://api.example.com/v1."


# --- Running ----------------------------------------------------------------------------


def classify_response(probe: Probe, status: int, body: str, *,
                      doubled_version: bool = False) -> Outcome:
    """The registry's classification, made strict about what is not an API answer: a 5xx is
    the server's, a 3xx is a redirect (the base URL moved), and a 2xx, 404 or 405 that is
    not JSON is a website or a wrong path, never a verdict on the key. A 404 through a base
    URL that repeats the version segment is that doubled path, not a disabled key."""
    if status >= 500:
        return "server_error"
    if 300 <= status < 400:
        return "wrong_endpoint"
    if parse_json(body) is None and body.strip() and (200 <= status < 300 or status in (404, 405)):
        return "wrong_endpoint"
    outcome = classify(probe, status, body)
    if outcome == "invalid" and status == 404 and doubled_version:
        return "wrong_endpoint"
    return outcome


def run_probe(plan: ProbePlan, timeout: float | None = None) -> ProbeResult:
    """Send the planned request (blocking; thread-safe, no shared state) and explain it."""
    from keylint.core.probe_http import Exchange, Request, send

    timeout = timeout or plan.timeout
    doubled = _doubled_version(plan.base)
    request = Request(plan.method, plan.url, plan.headers, plan.body)

    def transient(status: int, body: str) -> bool:
        outcome = classify_response(plan.probe, status, body, doubled_version=doubled)
        return outcome in ("rate_limited", "server_error")

    try:
        exchange = send(request, plan.key, timeout, transient)
    except Exception as error:  # a bug or an odd URL: report it, never its text (key risk)
        exchange = Exchange(network="other",
                            network_detail=f"{type(error).__name__} while sending")
    return _result(plan, exchange, timeout, doubled)


async def arun_probe(plan: ProbePlan, timeout: float | None = None) -> ProbeResult:
    """`run_probe` off the event loop, for the language server."""
    import asyncio

    return await asyncio.to_thread(run_probe, plan, timeout)


def _doubled_version(base: BaseChoice) -> bool:
    return base.version == "omit" and bool(
        VERSION_AT_END.search(urlsplit(base.url).path))


def _result(plan: ProbePlan, exchange: Exchange, timeout: float, doubled: bool) -> ProbeResult:
    key = plan.key
    data = parse_json(exchange.body)
    error = parse_error(data)
    error = ProbeError(*(scrub(x, key) if x else x for x in (error.code, error.type,
                                                            error.message)))
    if exchange.status is None:
        outcome: Outcome = "network"
        if exchange.network_detail:
            error = ProbeError(exchange.network, "network", scrub(exchange.network_detail, key))
    else:
        outcome = classify_response(plan.probe, exchange.status, exchange.body,
                                    doubled_version=doubled)
    location = exchange.headers.get("location")
    redirect = None
    if exchange.status is not None and 300 <= exchange.status < 400:
        redirect = (url_host(location) or "the same host") if location else "an unnamed place"
    facts = Facts(
        provider=plan.provider, variable=plan.variable, host=plan.host,
        base_url=scrub(plan.base.url, key), base_source=plan.base.source,
        status=exchange.status, error=error, html=bool(_HTML.match(exchange.body)),
        redirect_host=redirect, network=exchange.network, timeout=timeout,
        retry_after=exchange.headers.get("retry-after", "").strip()[:20],
        doubled_version=doubled, attempts=exchange.attempts,
        balance_probe=any(r.status == 200 and r.outcome == "no_credits"
                          for r in plan.probe.rules),
    )
    message, hint = explain(outcome, facts)
    rid = request_id(data, exchange.headers)
    return ProbeResult(
        outcome=outcome, provider=plan.provider.id, provider_name=plan.provider.name,
        variable=plan.variable, key=key.redacted, endpoint=plan.endpoint,
        http_status=exchange.status, error=error, request_id=scrub(rid, key) if rid else None,
        latency_ms=exchange.latency_ms, message=scrub(message, key), hint=scrub(hint, key),
        curl=plan.curl, attempts=exchange.attempts, base_source=plan.base.source,
        location=plan.location, line=plan.line,
    )
