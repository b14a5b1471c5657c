"""What keylint knows about the variable under the cursor, as Markdown (the LSP hover).

A pure function of the parsed file so that any front-end can show it. The question it
answers is the one behind most "invalid API key" errors: *which key goes where?* For a
credential: the provider and kind of key, the key redacted (never in full) with its length
against the provider's range, the tools that read the variable, and the base URL the key
will be sent to and where that URL comes from (keylint.core.routing, so the hover and the
routing rules tell the same story). For a base URL: whose host it is, who reads the
variable and which keys of the file go there.
"""

from __future__ import annotations

from keylint.core import providers, routing
from keylint.core.config import Config
from keylint.core.credentials import (
    is_credential_name,
    is_url_name,
    looks_like_key,
    mask_secrets,
    redact,
    shown_value,
)
from keylint.core.document import Document
from keylint.core.model import Assignment, FileKind, ParsedFile
from keylint.core.providers import EnvVarInfo, KeyMatch, Registry


def describe(
    doc: Document, parsed: ParsedFile, line: int, column: int, config: Config | None = None
) -> str | None:
    """Markdown about the credential or base-URL assignment at (line, column), else None."""
    assignment = assignment_at(parsed, line, column)
    if assignment is None:
        return None
    registry = providers.registry(config.extra if config else None)
    name, value = assignment.name, assignment.value
    info = registry.provider_for_env(name)
    role = info.role if info else None
    credential = is_credential_name(name, config) or looks_like_key(value)
    if role == "key" or (role is None and credential):
        return _credential(doc, parsed, assignment, registry, info, config)
    if role == "base_url" or (role is None and is_url_name(name)):
        return _base_url(parsed, assignment, registry, info, config)
    return None


def assignment_at(parsed: ParsedFile, line: int, column: int) -> Assignment | None:
    """The assignment whose name or value contains the position (the last one, if nested)."""
    found = None
    for assignment in parsed.assignments:
        if assignment.name_span.contains(line, column) or assignment.value_span.contains(
            line, column
        ):
            found = assignment
    return found


# -- credentials ----------------------------------------------------------------------------


def _credential(
    doc: Document,
    parsed: ParsedFile,
    assignment: Assignment,
    registry: Registry,
    info: EnvVarInfo | None,
    config: Config | None,
) -> str:
    name, value = assignment.name, assignment.value
    route = routing.route_for(parsed, registry, assignment, config)
    if route is not None:
        match = route.key_match
    elif value.strip() and not assignment.dynamic:
        match = registry.attribute_key(value.strip())
    else:
        match = None
    owner = registry.get(match.provider) if match and match.provider else None
    if owner and match:
        kind = f"{owner.name} {match.shape.kind} key"
    else:
        kind = f"{info.provider.name} key" if info else "credential"
    lines = [f"**{name}** · {kind}", ""]
    lines += _key_facts(assignment, registry, match)
    lines += ["", _readers(doc, assignment, info)]
    if route is not None:
        lines += _destination(route, registry)
    return "\n".join(lines)


def _key_facts(assignment: Assignment, registry: Registry, match: KeyMatch | None) -> list[str]:
    value = assignment.value.strip()
    if assignment.dynamic:
        return [f"Value: set when the file runs (`{_short(assignment.raw)}`)"]
    if not value:
        return ["Value: empty"]
    facts = [f"Key: `{redact(value)}`"]
    if match is None:
        if not looks_like_key(value):
            facts += ["", "Not the shape of any known provider's key."]
        return facts
    verdict = providers.check_shape(value, match)
    low, high = verdict.expected
    sure = "" if verdict.definite else " (unconfirmed)"
    facts[0] += f", expected {low}–{high} characters{sure}"
    if match.provider is None and match.candidates:
        names = ", ".join(_provider_name(registry, c) for c in match.candidates)
        facts += ["", f"The shape alone does not tell whose key it is: {names}…"]
    problems = verdict.problems()
    if problems:
        facts += ["", *(f"- {problem}" for problem in problems)]
    return facts


def _readers(doc: Document, assignment: Assignment, info: EnvVarInfo | None) -> str:
    """Who reads the variable, and how it reaches them from this file."""
    if info is not None and info.tools:
        readers = f"Read by: {', '.join(info.tools)}"
        if info.legacy:
            readers += f" (legacy: {', '.join(info.var.legacy_in)} read {info.replacement})"
    else:
        readers = "No tool keylint knows reads this name: only your own code will"
    if doc.kind is FileKind.DOTENV:
        return f"{readers}. Loaded from this `.env` by python-dotenv, Node's dotenv, Docker"
    if assignment.prefix:
        return f"{readers}. Set for one command only"
    if assignment.exported:
        return f"{readers}. Exported: every program started from this shell sees it"
    return f"{readers}. Not exported here: child programs see it only if exported elsewhere"


def _destination(route: routing.Route, registry: Registry) -> list[str]:
    """Where the key goes and why, and a warning when that host refuses it."""
    if route.how == "none":
        return []
    if not route.known:
        return ["", f"Sent to: not known here — {route.source}"]
    host = route.host_provider
    owner = f" ({host.name})" if host else ""
    url = shown_value("BASE_URL", route.base_url)
    source = f"from {route.source}" if route.how == "explicit" else route.source
    lines = ["", f"Sent to: `{url}`{owner} — {source}"]
    if host is not None and registry.accepts_key(host, route.key_match) is False:
        lines += ["", f"⚠ {host.name} does not accept this key."]
    return lines


# -- base URLs ------------------------------------------------------------------------------


def _base_url(
    parsed: ParsedFile,
    assignment: Assignment,
    registry: Registry,
    info: EnvVarInfo | None,
    config: Config | None,
) -> str:
    name = assignment.name
    lines = [f"**{name}** · base URL", ""]
    if assignment.dynamic:
        lines.append(f"Value: set when the file runs (`{_short(assignment.raw)}`)")
    else:
        value = assignment.value.strip()
        host = registry.provider_for_host(value) if value else None
        owner = f" — {host.name}'s host" if host else ""
        lines.append(f"URL: `{shown_value(name, value)}`{owner}")
    if info is not None and info.tools:
        lines += ["", f"Read by: {', '.join(info.tools)}"]
        convention = info.base_url
        if convention is not None and convention.appends:
            lines.append(f"(they append {convention.appends} to it)")
    routes = routing.routes(parsed, registry, config)
    keys = sorted({r.key.name for r in routes if r.base is assignment})
    if keys:
        lines += ["", "Keys sent here: " + ", ".join(f"`{k}`" for k in keys)]
    return "\n".join(lines)


def _provider_name(registry: Registry, provider_id: str) -> str:
    provider = registry.get(provider_id)
    return provider.name if provider else provider_id


def _short(raw: str) -> str:
    """A dynamic value as written, shortened, with anything key-shaped in it masked."""
    masked = mask_secrets(raw)
    shown = masked if len(masked) <= 40 else masked[:37] + "…"
    return shown.replace("`", "'")
