"""KL303 base-url-malformed: a base URL that cannot work as written.

A base URL is joined with an endpoint path by the SDK that reads it, and each SDK has its own
convention: openai-python appends `/chat/completions` to a base that must end in `/v1`, the
Anthropic SDK and Claude Code append `/v1/messages` to a base that must not. Get it wrong and
every request is a 404 or a 401 that looks like a bad key. The registry (`BaseUrl`) holds each
variable's convention; a convention it marks unconfirmed is never judged.

Which variables: the base-URL variables the registry knows, and other names ending in
`_BASE_URL`, `_API_BASE` or `_ENDPOINT`. Checks about how a client connects (scheme, plain
http, 0.0.0.0, credentials in the URL) apply to those only when they belong to an AI-provider
family — a registry variable, a name whose stem pairs with a credential in the file or with a
registry variable, or a URL on a known provider host — because apps have their own `*_URL`
settings where other schemes are legitimate. Values computed when the file runs are skipped.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, shown_value
from keylint.core.model import Assignment, Edit, Finding, Fix, Severity, Span
from keylint.core.providers import ENDPOINT_PATHS, VERSION_SEGMENT, BaseUrl, Registry
from keylint.core.routing import (
    Url,
    base_stem,
    is_local_network,
    is_unspecified,
    key_stem,
    parse_url,
)
from keylint.core.rules._reads import keys_and_urls
from keylint.core.rules._values import Char, removal_is_safe, value_chars
from keylint.core.rules.base import Rule

# `https:/host`, `https//host`, `https:///host`, `http:host`: a broken `://`.
_BAD_SEPARATOR = re.compile(r"(?i)(https?)(:/(?!/)|//|:/{3,}|:(?!/))(?=[A-Za-z0-9\[])")
_VERSION_AT_START = re.compile(VERSION_SEGMENT)
_DESCRIPTION = re.compile(r"(?i)your|[<>{}]|\.\.\.|…")
# Hosts that stand for "your host here" in docs and templates (RFC 2606 names, `your-…`).
_PLACEHOLDER_HOST = re.compile(
    r"(?i)(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)$|your"
)


class _Scope(NamedTuple):
    """What may be judged for one variable."""

    convention: BaseUrl | None  # the reader's path convention, when confirmed
    readers: str  # who reads it, for messages ("openai-python and litellm", "clients")
    plural: bool  # several readers: "append", else "appends"
    known_reader: bool  # a registry variable: the tools that read it are known
    client: bool  # an AI-provider family: connection checks apply
    endpoint: bool  # a base URL by name, so a pasted endpoint path is a mistake


class _Value(NamedTuple):
    """An assignment's loaded URL text and the map back to its source characters."""

    assignment: Assignment
    chars: tuple[Char, ...]
    lead: int  # loaded blanks before the URL (KL101 reports those)
    url: str


def check(ctx: FileContext) -> Iterator[Finding]:
    registry = ctx.registry
    paired = {
        stem for a in ctx.parsed.assignments
        if is_credential_name(a.name, ctx.config) and (stem := key_stem(a.name)) is not None
    }
    known_stems = _known_stems(registry)
    for assignment in ctx.parsed.assignments:
        if assignment.dynamic or not assignment.closed:
            continue
        scope = _scope(registry, assignment.name, paired, known_stems)
        if scope is None:
            continue
        value = _loaded(ctx, assignment)
        if value is not None:
            yield from _check_value(ctx, registry, scope, value)


@functools.lru_cache(maxsize=8)
def _known_stems(registry: Registry) -> frozenset[str]:
    """The family parts of the registry's variable names (`OPENAI`, `ANTHROPIC`...)."""
    return frozenset(
        stem for name in registry.canonical_env_names()
        if (stem := key_stem(name) or base_stem(name))
    )


def _scope(
    registry: Registry, name: str, paired: set[str], known: frozenset[str]
) -> _Scope | None:
    info = registry.provider_for_env(name)
    if info is not None:
        if info.role != "base_url":
            return None
        convention = info.base_url
        if convention is not None and convention.confidence == "unconfirmed":
            convention = None
        tools = list(info.tools) or ["the tools that read it"]
        return _Scope(convention, _join(tools), plural=len(tools) > 1, known_reader=True,
                      client=True, endpoint=True)
    stem = base_stem(name)
    if stem is None:
        return None
    by_name = name.upper().endswith(("_BASE_URL", "_API_BASE")) or name.upper() in (
        "BASE_URL", "API_BASE", "API_BASE_URL"
    )
    return _Scope(None, "clients", plural=True, known_reader=False,
                  client=stem in paired or stem in known, endpoint=by_name)


def _loaded(ctx: FileContext, assignment: Assignment) -> _Value | None:
    chars = value_chars(ctx.doc, assignment)
    if not chars or any(not c.char for c in chars):
        return None
    text = "".join(c.char for c in chars)
    url = text.strip()
    if not url:
        return None
    return _Value(assignment, chars, len(text) - len(text.lstrip()), url)


def _check_value(
    ctx: FileContext, registry: Registry, scope: _Scope, value: _Value
) -> Iterator[Finding]:
    text = value.url
    url = parse_url(text)
    if url is None:
        bad = _BAD_SEPARATOR.match(text)
        if bad and scope.client:
            yield _separator(ctx, value, bad)
        return
    blank = re.search(r"[ \t]+", text)
    if blank:  # `https://your proxy/v1`, `<your endpoint>`: a template's description
        if (scope.client or scope.endpoint) and not _DESCRIPTION.search(text):
            yield _whitespace(ctx, value, blank.start(), blank.end())
        return
    placeholder = not url.host_valid or _PLACEHOLDER_HOST.search(url.host) is not None
    host_provider = registry.provider_for_host(url.host) if url.host_valid else None
    client = scope.client or host_provider is not None
    if client:
        if not url.scheme:
            yield _no_scheme(ctx, value, url, host_provider is not None)
            return
        if url.scheme.lower() not in ("http", "https"):
            yield _bad_scheme(ctx, value, url, scope)
            return
    if placeholder:
        return  # `https://...`, `<resource>.openai.azure.com`, `api.example.com`: placeholders
    if client and url.userinfo is not None and not ctx.doc.template:
        yield _credentials(ctx, value, url)
    if client and is_unspecified(url.host):
        yield _unspecified(ctx, value, url)
    elif client and url.scheme.lower() == "http" and not is_local_network(url.host):
        yield _plain_http(ctx, value, url, host_provider is not None)
    path = _path_problem(registry, scope, url)
    if path is not None:
        yield _path_finding(ctx, value, url, scope, *path)


# --- Structure ----------------------------------------------------------------------------


def _separator(ctx: FileContext, value: _Value, bad: re.Match[str]) -> Finding:
    name, scheme = value.assignment.name, bad.group(1).lower()
    fixed = f"{scheme}://" + value.url[bad.end():]
    message = (
        f"{name} starts with `{bad.group(0)}` instead of `{scheme}://`: the URL has no "
        f"host, so every request fails; use `{shown_value(name, fixed)}`"
    )
    return RULE.finding(_span(ctx, value, 0, bad.end()),
                        message, fix=_fix(ctx, value, 0, bad.end(), f"{scheme}://",
                                          f"Write {scheme}://"))


def _whitespace(ctx: FileContext, value: _Value, start: int, end: int) -> Finding:
    name = value.assignment.name
    message = (
        f"{name} has a blank inside the URL: clients fail on it (an invalid host or path) "
        "or cut the URL there; remove it"
    )
    fix = None
    lead = value.lead
    if not value.url[end:].lower().startswith(("http://", "https://")) and removal_is_safe(
        ctx.doc.kind, value.assignment, value.chars, lead + start, lead + end
    ):
        fix = _fix(ctx, value, start, end, "", "Remove the blank")
    return RULE.finding(_span(ctx, value, start, end), message, fix=fix)


def _no_scheme(ctx: FileContext, value: _Value, url: Url, known: bool) -> Finding:
    name = value.assignment.name
    message = (
        f"{name} has no scheme: an SDK cannot request `{shown_value(name, value.url)}` "
        "(httpx: \"Request URL is missing an 'http://' or 'https://' protocol\"); "
        f"start it with https:// (or http:// for a local server)"
    )
    fix = _fix(ctx, value, 0, 0, "https://", "Add https://") if known else None
    return RULE.finding(_span(ctx, value, *url.host_span), message, fix=fix)


def _bad_scheme(ctx: FileContext, value: _Value, url: Url, scope: _Scope) -> Finding:
    name, scheme = value.assignment.name, url.scheme
    near = sorted((_distance(scheme.lower(), s), s != "https", s) for s in ("https", "http"))
    end = url.scheme_end - 3
    if near[0][0] <= 1:  # a misspelling; on a tie, https is both likelier and safer
        target = near[0][2]
        message = (f"{name} starts with `{scheme}://`, a misspelling of `{target}://`: "
                   f"{scope.readers} cannot connect to it")
        return RULE.finding(_span(ctx, value, 0, end), message,
                            fix=_fix(ctx, value, 0, end, target, f"Write {target}://",
                                     safe=target == "https"))  # `htp`: maybe https was meant
    message = (f"{name} uses `{scheme}://`, but {scope.readers} {_verb(scope, 'speak')} HTTP: "
               "a base URL starts "
               "with https:// (or http:// for a local server)")
    return RULE.finding(_span(ctx, value, 0, end), message)


def _credentials(ctx: FileContext, value: _Value, url: Url) -> Finding:
    name = value.assignment.name
    start, end = url.userinfo or (0, 0)
    message = (
        f"{name} carries credentials in the URL (`{shown_value(name, value.url)}`): they "
        "end up in logs and shell history, and httpx (the OpenAI and Anthropic SDKs' client) "
        "turns them into an `Authorization: Basic` header that replaces the API key's; put the "
        "key in the key variable instead"
    )
    return RULE.finding(_span(ctx, value, start, end + 1), message)


# --- Host ---------------------------------------------------------------------------------


def _unspecified(ctx: FileContext, value: _Value, url: Url) -> Finding:
    name = value.assignment.name
    loopback = "::1" if ":" in url.host else "127.0.0.1"
    message = (
        f"{name} targets {url.host}, the address a server listens on (\"all interfaces\"), "
        f"not one to connect to: it works on Linux and macOS but fails on Windows and with "
        f"some clients; use {loopback}"
    )
    # INFO: Linux and macOS connect 0.0.0.0 to the local machine, so it usually works.
    return RULE.finding(_span(ctx, value, *url.host_span), message, severity=Severity.INFO,
                        fix=_fix(ctx, value, *url.host_span, loopback, f"Use {loopback}"))


def _plain_http(ctx: FileContext, value: _Value, url: Url, known: bool) -> Finding:
    name = value.assignment.name
    message = (
        f"{name} uses plain http:// to {url.host}: every request, API key included, crosses "
        "the network unencrypted; use https://"
    )
    end = url.scheme_end - 3
    fix = _fix(ctx, value, 0, end, "https", "Use https://") if known else None
    return RULE.finding(_span(ctx, value, 0, end), message, fix=fix)


# --- Path ---------------------------------------------------------------------------------


def _path_problem(
    registry: Registry, scope: _Scope, url: Url
) -> tuple[str, int, int, str | None] | None:
    """(what, start, end, new path or None) for the first path mistake, indexes into the URL.

    `what` is "endpoint" (an endpoint path pasted in), "doubled" (a version segment the
    reader adds again) or "missing" (the version segment the reader needs is absent).
    """
    path = url.path.rstrip("/")
    base = url.path_span[0]
    convention = scope.convention
    host = registry.provider_for_host(url.host)
    expected = None
    if host is not None and convention is not None:
        endpoint = host.endpoint(convention.style)
        if endpoint is not None and not endpoint.templated:
            expected = (parse_url(endpoint.base) or url).path.rstrip("/")
    pasted = next((p for p in ENDPOINT_PATHS if path.endswith(p)), None)
    if pasted and scope.endpoint:
        kept = path[: -len(pasted)]
        version = _VERSION_AT_START.match(pasted)
        new: str | None = kept
        if version and version.end() < len(pasted):  # `/v1/messages`: keep `/v1`?
            if convention is None or convention.version == "optional":
                new = None
            elif convention.version == "include":
                new = kept + version.group()
        if new is not None and convention is not None and convention.version == "omit":
            new = _strip_versions(new, convention)
        return "endpoint", base + len(kept), base + len(path), new
    if convention is None:
        return None
    if convention.version == "omit":
        found = _version_at_end(path, convention)
        if found is not None:
            new = expected if expected is not None and path.startswith(expected) else (
                _strip_versions(path, convention))
            return "doubled", base + found, base + len(path), new
    if convention.version == "include" and expected and path != expected and (
        not path or expected.startswith(path + "/")
    ):
        return "missing", 0, len(url.text), expected
    return None


def _version_at_end(path: str, convention: BaseUrl) -> int | None:
    found = re.search(rf"(?:{convention.version_path})\Z", path)
    return found.start() if found else None


def _strip_versions(path: str, convention: BaseUrl) -> str:
    while (start := _version_at_end(path, convention)) is not None:
        path = path[:start]
    return path


def _path_finding(
    ctx: FileContext,
    value: _Value,
    url: Url,
    scope: _Scope,
    what: str,
    start: int,
    end: int,
    new: str | None,
) -> Finding:
    name = value.assignment.name
    trimmed = url.text[: url.path_span[0]] + url.path.rstrip("/")
    appends = scope.convention.appends if scope.convention else ""
    first = appends.split(",")[0].strip() or url.text[start:end]
    fixed = url.text[: url.path_span[0]] + new if new is not None else None
    use = f"; use `{shown_value(name, fixed)}`" if fixed is not None else ""
    part = url.text[start:end]
    if what == "endpoint" and not scope.known_reader:
        message = (
            f"{name} ends with the endpoint path {part}, but a base URL stops before the "
            f"endpoint: clients append it themselves, so requests would go to "
            f"`{shown_value(name, trimmed + part)}`{use or '; remove it'}"
        )
    elif what == "endpoint":
        message = (
            f"{name} ends with the endpoint path {part}: {scope.readers} "
            f"{_verb(scope, 'append')} the endpoint "
            f"to the base URL {_itself(scope)}, so requests go to "
            f"`{shown_value(name, trimmed + first)}` and fail (404){use or '; remove it'}"
        )
    elif what == "doubled":
        message = (
            f"{name} ends with the version segment {part}, but {scope.readers} "
            f"{_verb(scope, 'append')} {appends} {_itself(scope)}: "
            f"requests go to `{shown_value(name, trimmed + first)}` and fail (404){use}"
        )
    else:
        missing = (new or "")[len(url.path.rstrip("/")):]
        message = (
            f"{name} lacks {missing}: {scope.readers} {_verb(scope, 'append')} {first} "
            f"directly to the base URL, "
            f"so requests go to `{shown_value(name, trimmed + first)}` and fail (404){use}"
        )
    fix = None
    if new is not None and not url.rest:
        # Whoever reads an unknown name may want the full endpoint: a person confirms that.
        fix = _fix(ctx, value, url.path_span[0], url.path_span[1], new,
                   f"Use {shown_value(name, fixed or '')}", safe=scope.known_reader)
    return RULE.finding(_span(ctx, value, start, end), message, fix=fix)


# --- Positions and edits ------------------------------------------------------------------


def _span(ctx: FileContext, value: _Value, start: int, end: int) -> Span:
    """The source span of url[start:end] (an empty range: the position of url[start])."""
    chars, lead = value.chars, value.lead
    first = chars[lead + start].start if lead + start < len(chars) else chars[-1].end
    last = chars[lead + end - 1].end if end > start else first
    return ctx.doc.span(first, last)


def _fix(
    ctx: FileContext, value: _Value, start: int, end: int, new_text: str, title: str,
    *, safe: bool = True,
) -> Fix | None:
    """Replace url[start:end] with `new_text`, when those characters are written plainly
    (one source character each, in one run: no escape or quote boundary inside)."""
    chars = value.chars[value.lead + start : value.lead + end]
    for a, b in itertools.pairwise(chars):
        if a.end != b.start:
            return None
    if any(c.source_length != 1 for c in chars):
        return None
    return Fix(title, (Edit(_span(ctx, value, start, end), new_text),), safe=safe)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, for the few characters of a URL scheme."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def _verb(scope: _Scope, verb: str) -> str:
    return verb if scope.plural else verb + "s"


def _itself(scope: _Scope) -> str:
    return "themselves" if scope.plural else "itself"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


RULE = Rule(
    code="KL303",
    name="base-url-malformed",
    severity=Severity.WARNING,
    summary="a base URL that cannot work as written",
    what="A base-URL variable whose value is malformed for the SDK that reads it: not "
    "http(s) (`htps://`, `ws://`, no scheme at all, `https:/host`); plain `http://` to a host "
    "that is not local (loopback, private addresses, `.local`/`.internal` names and one-label "
    "Docker service names are fine); `0.0.0.0` as the target (a listen address; see "
    "maxnowack/anthropic-proxy#7); a blank inside the URL; credentials in the URL "
    "(`https://user:…@host`, shown redacted); the wrong path for the reader's convention — "
    "`/v1` missing from `OPENAI_BASE_URL` on api.openai.com, `/v1` present in "
    "`ANTHROPIC_BASE_URL` (→ `/v1/v1/messages`), or an endpoint path such as "
    "`/chat/completions` or `/v1/messages` pasted in. Judged for the registry's base-URL "
    "variables and for names ending in `_BASE_URL`, `_API_BASE` or `_ENDPOINT`; scheme, http, "
    "0.0.0.0 and credential checks only for AI-provider families (a registry variable, a "
    "name paired with a credential of the same stem, or a known provider host), never for "
    "arbitrary `*_URL` settings such as `DATABASE_URL`. Conventions the registry marks "
    "unconfirmed are not judged; values computed when the file runs are skipped.",
    why="Each SDK joins the base URL with its own endpoint path: openai-python appends "
    "`/chat/completions` (so the base needs `/v1`), the Anthropic SDK and Claude Code append "
    "`/v1/messages` (so the base must not have it). A wrong path gives 404s or an HTML page, "
    "a missing scheme an exception, plain http a key sent in clear text, and credentials in "
    "the URL a Basic header that replaces the API key.",
    example="```\n# .env\nOPENAI_BASE_URL=https://api.openai.com/v1/chat/completions\n"
    "ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n```\n\nFixed:\n\n```\n"
    "OPENAI_BASE_URL=https://api.openai.com/v1\nANTHROPIC_BASE_URL=https://api.anthropic.com\n"
    "```",
    check=check,
    fix="strip a pasted endpoint path, add or remove the version segment the reader expects, "
    "write https:// for a known provider host, use 127.0.0.1 instead of 0.0.0.0, remove a "
    "blank inside the URL",
    reads=keys_and_urls,
)
