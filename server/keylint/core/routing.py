"""Which base URL a key will be sent to, and where that URL comes from.

"Invalid API key" is most often a routing mistake: a good key sent to the wrong host. This
module pairs each credential in a file with the base-URL variable that carries it, and
resolves the URL in force, so that the routing rules (KL301, KL302) and the editor hover
tell the same story ("goes to https://api.hiapi.ai/v1 — OPENAI_BASE_URL on line 3").

Pairing is by family: the registry's variables of the key's provider that share a reader
with the key variable (OPENAI_API_KEY ↔ OPENAI_BASE_URL / OPENAI_API_BASE, ANTHROPIC_AUTH_TOKEN
↔ ANTHROPIC_BASE_URL, AZURE_OPENAI_API_KEY ↔ AZURE_OPENAI_ENDPOINT), then, for names no tool
in the registry reads, the naming convention (`LLM_API_KEY` ↔ `LLM_BASE_URL`), since the
app's own code is then the reader. Only the variables of one file are paired for now; a
later issue adds the tool configs and rc files that also set them, so nothing here reads
rules or findings.

Conservative by construction: the last top-level assignment of a base variable is the one in
force; a value computed when the file runs, or a base set only conditionally (inside an
`if` or a function), leaves the URL unknown; unset or empty means the reader's default, and
only when a tool in the registry reads both the key and the base variable. (An empty value
is not quite unset for every reader: litellm, Claude Code and the TypeScript SDKs fall back
to the default, while openai-python, as of openai/openai-python#2927, uses the empty string
and fails to connect. Either way the key does not reach a gateway.)

The module also holds the small URL reading the base-URL rules share (`parse_url`,
`is_loopback`, `is_local_network`): exact character positions, no normalisation, so a
rule can point at the scheme, the host or the path as written.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from keylint.core.config import Config
from keylint.core.credentials import is_credential_name
from keylint.core.model import Assignment, ParsedFile
from keylint.core.providers import BaseUrl, EnvVar, KeyMatch, Provider, Registry

How = Literal["explicit", "default", "dynamic", "conditional", "none"]

# Credential and base-URL name endings, longest first, for pairing by naming convention.
_KEY_SUFFIXES = ("_ACCESS_TOKEN", "_AUTH_TOKEN", "_API_TOKEN", "_API_KEY", "_APIKEY", "_KEY",
                 "_TOKEN")
_KEY_NAMES = frozenset({"API_KEY", "APIKEY", "AUTH_TOKEN", "ACCESS_TOKEN", "API_TOKEN"})
BASE_SUFFIXES = ("_API_BASE_URL", "_BASE_URL", "_API_BASE", "_ENDPOINT")
_BASE_NAMES = frozenset({"API_BASE_URL", "BASE_URL", "API_BASE", "ENDPOINT"})


@dataclass(frozen=True)
class Route:
    """One key and the base URL that will carry it.

    `how` says how the URL was found: "explicit" (a base variable in this file, `base`),
    "default" (no base variable set, or set empty: the reader's default applies), "dynamic"
    (set when the file runs), "conditional" (set only inside an if/function/subshell) or
    "none" (no base variable and no known default). `base_url` is "" unless the URL is
    known. `source` says where the URL comes from, in words, for messages and hovers.
    """

    key: Assignment
    key_match: KeyMatch | None  # None for empty or dynamic values and unknown shapes
    family: Provider | None  # the provider whose variables these are (None: by name only)
    base: Assignment | None  # the base-URL assignment in force (None: default or none)
    base_url: str
    source: str
    host_provider: Provider | None  # whose host base_url is
    how: How
    convention: BaseUrl | None = None  # how the base's reader joins paths, when known

    @property
    def known(self) -> bool:
        """True when the URL the key goes to is known (explicit or default)."""
        return self.how in ("explicit", "default")


def routes(parsed: ParsedFile, registry: Registry, config: Config | None = None) -> list[Route]:
    """A route for every credential assignment in force in the file, in document order.

    An assignment is in force unless a later top-level assignment of the same name replaces
    it. `NAME=value cmd` prefix assignments are left out: they set the variable for one
    command only.
    """
    by_name = _by_name(parsed)
    found = []
    for assignment in parsed.assignments:
        if assignment.prefix or not _is_key(assignment.name, registry, config):
            continue
        if any(_replaces(a, assignment) for a in by_name[assignment.name]):
            continue
        found.append(_route(assignment, by_name, registry))
    return found


def route_for(
    parsed: ParsedFile,
    registry: Registry,
    key: str | Assignment,
    config: Config | None = None,
) -> Route | None:
    """The route of one key: an assignment (the one under the cursor), or a variable name
    (its assignment in force). None when it is not a credential, or the name is not set."""
    if isinstance(key, str):
        named = [a for a in parsed.assignments if a.name == key and not a.prefix]
        top = [a for a in named if not a.nested]
        if not named:
            return None
        key = (top or named)[-1]
    if key.prefix or not _is_key(key.name, registry, config):
        return None
    return _route(key, _by_name(parsed), registry)


def base_names(registry: Registry, key_name: str) -> list[str]:
    """The registry's base-URL variables that carry `key_name`, canonical first.

    Same provider, and a reader in common (OPENAI_API_KEY is read by openai-python and
    litellm, OPENAI_BASE_URL by both too; AZURE_API_KEY, read by litellm and aider, goes
    with AZURE_API_BASE). A variable no tool reads pairs by provider alone.
    """
    info = registry.provider_for_env(key_name)
    if info is None or info.role != "key":
        return []
    return [v.name for v in info.provider.env_for("base_url") if _share_reader(info.var, v)]


@functools.lru_cache(maxsize=1 << 16)
def key_stem(name: str) -> str | None:
    """`LLM_API_KEY` -> "LLM", `API_KEY` -> "": the family part of a credential's name."""
    return _stem(name.upper(), _KEY_NAMES, _KEY_SUFFIXES)


@functools.lru_cache(maxsize=1 << 16)
def base_stem(name: str) -> str | None:
    """`LLM_BASE_URL` -> "LLM", `BASE_URL` -> "": the family part of a base URL's name."""
    return _stem(name.upper(), _BASE_NAMES, BASE_SUFFIXES)


# --- Resolution ---------------------------------------------------------------------------


def _route(key: Assignment, by_name: dict[str, list[Assignment]], registry: Registry) -> Route:
    info = registry.provider_for_env(key.name)
    family = info.provider if info is not None and info.role == "key" else None
    registered = base_names(registry, key.name)
    stem = key_stem(key.name)
    by_convention = [
        name for name in by_name
        if name not in registered and stem is not None and base_stem(name) == stem
        and (family is None or registry.provider_for_env(name) is None)
    ]
    match = _key_match(key, registry, family)
    for name in (*registered, *by_convention):
        how, assignment = _in_force(by_name.get(name, []))
        if assignment is None or how == "unset":
            continue
        if how == "explicit":
            url = assignment.value.strip()
            var = registry.provider_for_env(name)
            convention = var.base_url if var is not None and var.role == "base_url" else None
            return Route(key, match, family, assignment, url, f"{name} on line "
                         f"{assignment.name_span.line + 1}", registry.provider_for_host(url),
                         "explicit", convention)
        if how in ("dynamic", "conditional"):
            when = "set when the file runs" if how == "dynamic" else (
                "set for one command only" if assignment.prefix else "set only conditionally")
            return Route(key, match, family, assignment, "",
                         f"{name} on line {assignment.name_span.line + 1}, {when}", None, how)
    return _default_route(key, match, family, info.var if info else None, registered, by_name,
                          registry)


def _default_route(
    key: Assignment,
    match: KeyMatch | None,
    family: Provider | None,
    var: EnvVar | None,
    registered: list[str],
    by_name: dict[str, list[Assignment]],
    registry: Registry,
) -> Route:
    """The reader's default URL, when a tool in the registry reads the key and the base."""
    if family is not None and var is not None and var.tools:
        for base in family.env_for("base_url"):
            convention = base.base_url
            if base.name not in registered or not base.tools or convention is None:
                continue
            if not convention.default or "{" in convention.default:
                continue
            readers = _readers(var, base)
            empty = [n for n in registered if by_name.get(n)]
            if empty:
                why = f"{' and '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty"
            elif len(registered) == 1:
                why = f"{registered[0]} is not set in this file"
            else:
                why = f"none of {', '.join(registered)} is set in this file"
            source = f"the default of {' and '.join(readers)}, as {why}"
            return Route(key, match, family, None, convention.default, source,
                         registry.provider_for_host(convention.default), "default", convention)
    return Route(key, match, family, None, "", "no base URL known", None, "none")


def _in_force(assignments: list[Assignment]) -> tuple[str, Assignment | None]:
    """("explicit" | "unset" | "dynamic" | "conditional", assignment) for one base variable.

    The last top-level assignment wins. An empty value counts as unset (see the module
    docstring for the readers that do not fall back on it). Assignments only inside an
    if/function/subshell, or only for one command (`ANTHROPIC_BASE_URL=… claude`), make the
    URL conditional: it applies to some runs and not others.
    """
    if not assignments:
        return "unset", None
    top = [a for a in assignments if not a.nested and not a.prefix]
    if not top:
        return "conditional", assignments[-1]
    last = top[-1]
    if last.dynamic:
        return "dynamic", last
    if not last.value.strip():
        return "unset", last
    return "explicit", last


def _key_match(key: Assignment, registry: Registry, family: Provider | None) -> KeyMatch | None:
    value = key.value.strip()
    if key.dynamic or not value:
        return None
    match = registry.attribute_key(value)
    if match is None and family is not None:
        match = registry.match_for_provider(family.id, value)
    return match


def _is_key(name: str, registry: Registry, config: Config | None) -> bool:
    info = registry.provider_for_env(name)
    if info is not None:
        return info.role == "key"
    return is_credential_name(name, config) and key_stem(name) is not None


def _by_name(parsed: ParsedFile) -> dict[str, list[Assignment]]:
    """Every assignment of each name, in document order."""
    by_name: dict[str, list[Assignment]] = {}
    for assignment in parsed.assignments:
        by_name.setdefault(assignment.name, []).append(assignment)
    return by_name


def _replaces(later: Assignment, key: Assignment) -> bool:
    """True when `later` is a top-level assignment after `key` that replaces its value."""
    if later is key or later.nested or later.prefix:
        return False
    return (later.name_span.line, later.name_span.column) > (
        key.name_span.line, key.name_span.column)


def _stem(upper: str, names: frozenset[str], suffixes: tuple[str, ...]) -> str | None:
    if upper in names:
        return ""
    for suffix in suffixes:
        if upper.endswith(suffix) and len(upper) > len(suffix):
            return upper[: -len(suffix)]
    return None


def _tool(name: str) -> str:
    """`openai-python>=1.0` -> `openai-python`: tools compared without version bounds."""
    return re.split(r"[<>=!~ ]", name, maxsplit=1)[0]


def _readers(a: EnvVar, b: EnvVar) -> list[str]:
    """The tools that read both variables, in `b`'s order."""
    mine = {_tool(t) for t in a.tools}
    return [_tool(t) for t in b.tools if _tool(t) in mine]


def _share_reader(key: EnvVar, base: EnvVar) -> bool:
    return not key.tools or not base.tools or bool(_readers(key, base))


# --- Keys worth routing ------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9._~+/=:-]+")
_PLACEHOLDER_MARK = re.compile(
    r"your|here|x{4}|\*|\.\.\.|…|•|[<>{}$]|replace|change|example|placeholder|dummy|fake"
    r"|sample|insert|paste",
    re.IGNORECASE,
)


def plausible_key(value: str) -> bool:
    """True when `value` could be a working key: 20+ token characters, a digit, a varied
    tail (8 distinct characters in the last 20), and none of the marks of a placeholder
    (`your`, `xxxx`, `…`, `<>`) or of a secret-manager reference (`op://vault/item/field`).

    The routing rules say "this key goes to the wrong place"; for `sk-proj-xxxx` or
    `dummy-key-for-tests` that would be noise (KL107 reports real placeholders).
    """
    text = value.strip()
    if len(text) < 20 or not _TOKEN.fullmatch(text) or "://" in text:
        return False
    if not any(c.isdigit() for c in text) or len(set(text[-20:])) < 8:
        return False  # random keys end in a random tail; `sk-ant-api03-0000…` does not
    return _PLACEHOLDER_MARK.search(text) is None


# --- URLs ---------------------------------------------------------------------------------

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DNS = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_LOCAL_SUFFIXES = (".local", ".localhost", ".lan", ".internal", ".home.arpa", ".localdomain",
                   ".intranet", ".ts.net")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, Tailscale addresses


@dataclass(frozen=True)
class Url:
    """A URL as written. Every `(start, end)` indexes `text`; `host` keeps its spelling.

    `scheme` is "" when the value has none (`api.openai.com/v1`). `path` runs from the
    first `/` after the authority to `?`, `#` or the end.
    """

    text: str
    scheme: str
    scheme_end: int  # index just after `://` (0 without a scheme)
    userinfo: tuple[int, int] | None  # the `user:password` part, without the `@`
    host: str
    host_span: tuple[int, int]
    port: str
    path: str
    path_span: tuple[int, int]
    rest: str  # `?query#fragment`, "" if none

    @property
    def host_valid(self) -> bool:
        """A DNS name or IP address, not a placeholder (`...`, `<resource>`, `your host`)."""
        return bool(self.host) and (_DNS.fullmatch(self.host) is not None or _ip(self.host)
                                    is not None)


def parse_url(text: str) -> Url | None:
    """The parts of `text` as a URL; None when it is not one.

    Without `scheme://` the value counts as a URL only when it starts like a host (`name.tld`,
    `localhost` or an IP, then `:port`, `/` or the end), so placeholders such as
    `your_base_url_here` are never taken for a URL missing its scheme.
    """
    found = _SCHEME.match(text)
    start = found.end() if found else 0
    scheme = found.group(1) if found else ""
    end = next((i for i in range(start, len(text)) if text[i] in "/?#"), len(text))
    at = text.rfind("@", start, end)
    userinfo = (start, at) if at >= 0 else None
    host_start = at + 1 if at >= 0 else start
    if text.startswith("[", host_start):
        close = text.find("]", host_start, end)
        host_end = close if close >= 0 else end
        host = text[host_start + 1 : host_end]
        host_span = (host_start + 1, host_end)
        port = text[host_end + 2 : end] if text.startswith("]:", host_end) else ""
    else:
        colon = text.find(":", host_start, end)
        host_end = colon if colon >= 0 else end
        host, host_span = text[host_start:host_end], (host_start, host_end)
        port = text[colon + 1 : end] if colon >= 0 else ""
    path_end = next((i for i in range(end, len(text)) if text[i] in "?#"), len(text))
    url = Url(text, scheme, start, userinfo, host, host_span, port, text[end:path_end],
              (end, path_end), text[path_end:])
    if not found and not _bare_host(url):
        return None
    return url


def _bare_host(url: Url) -> bool:
    """A scheme-less value that starts like a host: `api.openai.com/v1`, `localhost:4000`."""
    if url.userinfo or not url.host_valid or (url.port and not url.port.isdigit()):
        return False
    host = url.host
    return "." in host.strip(".") or host.lower() == "localhost" or _ip(host) is not None


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """`localhost`, 127.0.0.0/8, ::1: traffic that never leaves the machine.

    The one definition the rules and the probe share. `*.localhost` is only local-network:
    not every resolver keeps it off the wire, and the probe sends keys over plain http here.
    """
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost":
        return True
    address = _ip(name)
    return address is not None and address.is_loopback


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::: an address servers listen on, not one clients should connect to."""
    address = _ip(host)
    return address is not None and address.is_unspecified


def is_local_network(host: str) -> bool:
    """Loopback, private and link-local addresses, `.local`/`.internal`/`.lan` names,
    Tailscale, and one-label names (a Docker Compose service such as `litellm`): hosts where
    plain http is the norm and traffic does not cross the internet."""
    name = host.lower().rstrip(".")
    if is_loopback(name) or "." not in name or name.endswith(_LOCAL_SUFFIXES):
        return True
    address = _ip(name)
    if address is None:
        return False
    return address.is_private or address.is_link_local or (
        isinstance(address, ipaddress.IPv4Address) and address in _SHARED
    )
