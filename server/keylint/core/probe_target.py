"""Which key to probe and through which base URL: what the file (or the environment) says.

The key is the decoded value the checks see (python-dotenv's value for a `.env`, the shell's
for an rc file). The base URL comes from `keylint.core.routing`, the module the routing
rules and the hover use, so the probe sends the key where keylint says it goes: the key
variable's base-URL variable in force, else its reader's default. An environment is read
the same way, through a synthetic parsed file of the variables that matter. When routing
knows no URL, the key's provider's own endpoint is the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from keylint.core.config import Config
from keylint.core.credentials import is_credential_name, is_url_name, looks_like_key
from keylint.core.model import Assignment, ParsedFile, Span
from keylint.core.providers import BaseUrl, Provider, Registry, VersionRule, WireStyle
from keylint.core.routing import Route, base_names, base_stem, key_stem, route_for


@dataclass(frozen=True)
class Binding:
    """A variable's value as the probe found it. The value is never in the repr."""

    name: str
    value: str = field(repr=False)
    where: str  # "in .env on line 3", "in the environment": reads after the name
    line: int | None = None  # 0-based line of the assignment in a file
    dynamic: bool = False  # computed when the shell runs: not a literal keylint can send


UnselectedReason = Literal["no_credential", "ambiguous", "not_credential", "not_found"]


@dataclass(frozen=True)
class BaseChoice:
    """The base URL the key would travel to, and why that one."""

    url: str
    source: str  # "ANTHROPIC_BASE_URL on line 2", "--base-url", "the default of ..."
    explicit: bool  # set by the user (a variable or --base-url), not a default
    style: WireStyle | None = None  # the wire style the reader of that variable speaks
    version: VersionRule | None = None
    dynamic: bool = False


@dataclass(frozen=True)
class Unselected:
    """No single credential could be chosen: a usage problem, with the names to choose from."""

    reason: UnselectedReason
    message: str
    candidates: tuple[str, ...] = ()


def is_credential(assignment: Assignment, known: Registry, config: Config | None) -> bool:
    """A key variable of the registry, a credential by name, or a value shaped like a key."""
    info = known.provider_for_env(assignment.name)
    if info is not None:
        return info.role == "key"
    if is_url_name(assignment.name):
        return False
    return is_credential_name(assignment.name, config) or looks_like_key(assignment.value)


def env_route(
    environ: Mapping[str, str], known: Registry, name: str, config: Config | None = None
) -> Route | None:
    """The route of `name` in a process environment: the key and the variables that could
    carry its base URL, read by the same pairing as a file's, with "in the environment"
    where a file would say "on line N"."""
    stem = key_stem(name)
    names = [name, *base_names(known, name),
             *(n for n in environ if stem is not None and base_stem(n) == stem)]
    here = Span(0, 0, 0, 0)
    parsed = ParsedFile(tuple(
        Assignment(n, here, "", environ[n], here, 0, here)
        for n in dict.fromkeys(names) if n in environ
    ))
    route = route_for(parsed, known, name, config)
    if route is None:
        return None
    if route.how == "explicit" and route.base is not None:
        return replace(route, source=f"{route.base.name} in the environment")
    return replace(route, source=route.source.replace(" in this file", " in the environment"))


def select_credential(
    parsed: ParsedFile, known: Registry, config: Config | None,
    line: int | None = None, variable: str | None = None,
) -> Assignment | Unselected:
    """The credential assignment to probe: the one on `line` (0-based), the last one named
    `variable`, or the file's only credential; otherwise why not, with the candidates."""
    credentials = [a for a in parsed.assignments
                   if not a.prefix and is_credential(a, known, config)]
    names = tuple(dict.fromkeys(a.name for a in credentials))
    listing = f" (credentials in this file: {', '.join(names)})" if names else ""
    if line is not None:
        here = [a for a in parsed.assignments
                if a.statement_span.line <= line <= a.statement_span.end_line]
        if variable is not None:
            here = [a for a in here if a.name == variable]
        if not here:
            return Unselected("not_found", f"no assignment on line {line + 1}{listing}", names)
        chosen = here[-1]
        if chosen not in credentials:
            return Unselected("not_credential", f"{chosen.name} on line {line + 1} does not "
                              f"hold a credential{listing}", names)
        return chosen
    if variable is not None:
        named = [a for a in parsed.assignments if a.name == variable and not a.prefix]
        if not named:
            return Unselected("not_found", f"{variable} is not assigned in this file{listing}",
                              names)
        return named[-1]
    if len(names) == 1:
        return [a for a in credentials if a.name == names[0]][-1]
    if not names:
        return Unselected("no_credential", "no credential assignment in this file", names)
    return Unselected("ambiguous", f"this file holds several credentials: {', '.join(names)}; "
                      "name one (a line number, or the variable)", names)


def resolve_base(
    route: Route | None, owner: Provider | None, known: Registry, key_name: str,
    override: str | None = None,
) -> BaseChoice | None:
    """The base URL the key goes to: `override`, the route's (explicit or a reader's
    default), or the owner's own endpoint when routing knows none. None: nothing known."""
    convention = (route.convention if route is not None else None) or _family_convention(
        known, key_name)
    style = convention.style if convention else None
    version = convention.version if convention else None
    if override is not None:
        return BaseChoice(override.strip(), "--base-url", True, style, version)
    if route is not None and route.how in ("explicit", "default"):
        return BaseChoice(route.base_url, route.source, route.how == "explicit", style, version)
    if route is not None and route.how in ("dynamic", "conditional"):
        return BaseChoice("", route.source, True, style, version, dynamic=True)
    if owner is not None:
        endpoint = next((e for e in owner.endpoints if not e.templated), None)
        if endpoint is not None:
            return BaseChoice(endpoint.base, f"{owner.name}'s default base URL", False,
                              endpoint.style)
    return None


def _family_convention(known: Registry, key_name: str) -> BaseUrl | None:
    """How the key variable's first base-URL variable is joined (for --base-url)."""
    for name in base_names(known, key_name):
        info = known.provider_for_env(name)
        if info is not None and info.base_url is not None:
            return info.base_url
    return None
