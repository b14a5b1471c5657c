"""KL302 gateway-key-at-provider: a key that is not the provider's, sent to the provider.

The mirror image of KL301 and the Unbound seed's "base URL must point to Unbound" case: a
gateway's key in `ANTHROPIC_API_KEY` (or an OpenRouter key in `OPENAI_API_KEY`) while the
base URL is unset, so the SDK sends it to api.anthropic.com (api.openai.com), which answers
401. The thing to fix is usually the missing base URL, so that is what the message says.

Proof is required that the provider rejects the key: its keys all carry a prefix the value
lacks (an Anthropic key starts with `sk-ant-`), or the value is certainly a gateway's. A bare
`sk-` key at OpenAI proves nothing (OpenAI's legacy keys were bare `sk-`), so it is never
reported. A value that is certainly another *provider's* key is KL203's (wrong variable),
not this rule's. Placeholders, empty and computed values, templates, and base URLs set only
conditionally or when the file runs are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.model import Finding, Related, Severity
from keylint.core.providers import Provider, Registry
from keylint.core.routing import Route, base_names, parse_url, plausible_key
from keylint.core.rules._reads import keys_and_urls
from keylint.core.rules.base import Rule


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template:
        return  # example keys: nothing is sent anywhere
    registry = ctx.registry
    for route in ctx.routes:
        finding = _finding(route, registry)
        if finding is not None:
            yield finding


def _finding(route: Route, registry: Registry) -> Finding | None:
    family, key, host = route.family, route.key, route.host_provider
    if family is None or family.kind != "provider" or not route.known or key.dynamic:
        return None
    if host is None or host.id != family.id:
        return None  # another host: KL301's question, or an unknown proxy
    value = key.value.strip()
    if not plausible_key(value):
        return None
    gateway = _gateway_owner(registry, family, value)
    if gateway is False:
        return None
    base_name = route.base.name if route.base else next(iter(base_names(registry, key.name)))
    where = f"{_host(route.base_url)} ({route.source})"
    if isinstance(gateway, Provider):
        endpoint = _endpoint(gateway, route)
        to = f"{base_name}={endpoint}" if endpoint else f"{base_name} to {gateway.name}'s URL"
        message = (
            f"{key.name} holds {gateway.name}'s key (`{redact(value)}`), but it goes to "
            f"{where}, and {family.name} accepts only its own keys: it answers 401. Set {to} "
            f"to send it to {gateway.name}, or use {family.name}'s key"
        )
    else:
        message = (
            f"{key.name} goes to {where}, but `{redact(value)}` is not {family.name}'s key "
            f"(those start with {_prefixes(family)}), so {family.name} answers "
            f"401: set "
            f"{base_name} to your gateway, or use {family.name}'s key"
        )
    related = ()
    if route.base is not None:
        related = (Related(route.base.value_span, f"{route.base.name}: {family.name}'s own "
                           f"host, where {key.name} is sent"),)
    return RULE.finding(key.value_span, message, related=related)


def _gateway_owner(registry: Registry, family: Provider, value: str) -> Provider | bool:
    """The gateway whose key `value` certainly is; True when the family certainly rejects
    the value but its owner is unknown; False when there is no proof, or the value is
    certainly another provider's key (KL203 reports that)."""
    match = registry.attribute_key(value)
    if match is None:
        return family.all_keys_prefixed  # it lacks every prefix the family's keys carry
    if registry.accepts_key(family, match) is not False:
        return False
    owner = registry.get(match.provider) if match.certain and match.provider else None
    if owner is None:
        return True
    return owner if owner.kind == "gateway" else False


def _endpoint(gateway: Provider, route: Route) -> str:
    """The gateway's base URL for the reader of this family's base variable, if fixed."""
    style = route.convention.style if route.convention else None
    endpoint = gateway.endpoint(style) if style else None
    return endpoint.base if endpoint is not None and not endpoint.templated else ""


def _prefixes(family: Provider) -> str:
    prefixes = sorted({s.prefix for s in family.shapes if s.prefix})
    common = prefixes[0] if prefixes else ""
    for prefix in prefixes[1:]:
        while not prefix.startswith(common):
            common = common[:-1]
    return f"`{common}`" if common else ", ".join(f"`{p}`" for p in prefixes)


def _host(url: str) -> str:
    parsed = parse_url(url)
    return parsed.host if parsed is not None and parsed.host else url


RULE = Rule(
    code="KL302",
    name="gateway-key-at-provider",
    severity=Severity.WARNING,
    summary="a gateway's key is sent to the provider itself",
    what="The base URL is the provider's own — set explicitly to it, or unset/empty so the "
    "SDK default applies (`ANTHROPIC_BASE_URL` unset: api.anthropic.com) — but the key cannot "
    "be that provider's: an `ANTHROPIC_API_KEY` that does not start with `sk-ant-` going to "
    "api.anthropic.com (the Unbound seed's \"base URL must point to Unbound\" case), or an "
    "OpenRouter `sk-or-v1-` key in `OPENAI_API_KEY` with no `OPENAI_BASE_URL`. Reported on "
    "the key, with the base URL as related information when it is set. A bare `sk-…` key "
    "going to api.openai.com is never reported (OpenAI's legacy keys were bare `sk-`), nor "
    "is a value that is certainly another provider's key (that is KL203's), a placeholder, "
    "an empty or computed value, or a template. Only the variables of the same file are "
    "considered: a base URL set in code or another file is not seen.",
    why="The provider answers 401 \"invalid x-api-key\" / \"Incorrect API key provided\", and "
    "the key looks fine in the gateway's dashboard: the request simply never reached the "
    "gateway. The SDKs, Claude Code and litellm fall back to the provider's own URL when the "
    "base-URL variable is missing (litellm, Claude Code and the TypeScript SDKs also when it "
    "is empty; openai-python then fails to connect instead, openai/openai-python#2927).",
    example="```sh\n# ~/.zshrc, after following a gateway's setup guide halfway\n"
    "export ANTHROPIC_API_KEY=gw-…  # the gateway's key\n```\n\nSet "
    "`ANTHROPIC_BASE_URL` to the gateway (`https://api.getunbound.ai`), or use an Anthropic "
    "key. No automatic fix: only you know which gateway the key comes from.",
    check=check,
    reads=keys_and_urls,
    cites_lines=True,
)
