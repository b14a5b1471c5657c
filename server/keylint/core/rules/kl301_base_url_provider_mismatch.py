"""KL301 base-url-provider-mismatch: a key sent to another provider's host, which rejects it.

The first cause in both seed guides of "invalid API key": `OPENAI_BASE_URL` points at a
gateway (HiAPI, Unbound, OpenRouter) while the key is still the OpenAI key, or the other way
round. Only certainties count: the key's owner must be proven by its shape (a bare `sk-` key
could be anyone's), the host must be a known provider's, and that provider must take its
own keys only — passthrough gateways (Cloudflare, Helicone's proxy, Portkey) forward the
upstream key, and self-hosted proxies (localhost, LiteLLM) take whatever their operator
configured, so neither is ever reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.model import Finding, Related, Severity
from keylint.core.providers import Provider, Registry
from keylint.core.routing import Route, parse_url, plausible_key
from keylint.core.rules._reads import keys_and_urls
from keylint.core.rules.base import Rule


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template:
        return  # example keys and example URLs: nothing is sent anywhere
    registry = ctx.registry
    for route in ctx.routes:
        finding = _mismatch(route, registry)
        if finding is not None:
            yield finding


def _mismatch(route: Route, registry: Registry) -> Finding | None:
    match, host, base = route.key_match, route.host_provider, route.base
    if route.how != "explicit" or base is None or base.dynamic or route.key.dynamic:
        return None
    if match is None or not match.certain or match.provider is None or host is None:
        return None
    if not plausible_key(route.key.value):
        return None  # `sk-proj-xxxx`: a placeholder (KL107), not a key sent anywhere
    if route.family is not None and host.id == route.family.id:
        return None  # the family's own host: KL302 (a gateway key) or KL203 (wrong variable)
    if registry.accepts_key(host, match) is not False:
        return None
    owner = registry.get(match.provider)
    if owner is None:
        return None
    key = route.key
    message = (
        f"{base.name} sends {key.name} to {_host(route.base_url)} ({host.name}), but the key "
        f"in {key.name} (`{redact(key.value.strip())}`) is {owner.name}'s: {host.name} "
        f"accepts only its own keys and answers 401. Put your {host.name} key in {key.name}"
        f"{_restore(route, owner)}"
    )
    related = Related(key.value_span, f"the {owner.name} key that {base.name} sends to "
                      f"{host.name}")
    return RULE.finding(base.value_span, message, related=(related,))


def _host(url: str) -> str:
    parsed = parse_url(url)
    return parsed.host if parsed is not None and parsed.host else url


def _restore(route: Route, owner: Provider) -> str:
    """The other way out: send the key to its owner instead (", or ..."), when one exists
    for this variable's reader."""
    name = route.base.name if route.base else "the base URL"
    if route.family is not None and route.family.id == owner.id:
        return f", or remove {name} to send the key to {owner.name}"
    style = route.convention.style if route.convention else None
    endpoint = owner.endpoint(style) if style else None
    if endpoint is not None and not endpoint.templated:
        return f", or set {name} to {endpoint.base} to send the key to {owner.name}"
    return ""


RULE = Rule(
    code="KL301",
    name="base-url-provider-mismatch",
    severity=Severity.ERROR,
    summary="a key is sent to a provider that does not accept it",
    what="The key is unmistakably provider A's (its prefix or marker proves it: `sk-proj-…"
    "T3BlbkFJ…`, `sk-ant-api03-…`, `gsk_…`) and the base URL of the same family in the same "
    "file (`OPENAI_BASE_URL` for `OPENAI_API_KEY`, `ANTHROPIC_BASE_URL` for "
    "`ANTHROPIC_API_KEY`/`ANTHROPIC_AUTH_TOKEN`...) points at provider B's host, and B takes "
    "only its own keys. The seeds' cases: an OpenAI key with "
    "`OPENAI_BASE_URL=https://api.hiapi.ai/v1`; an Anthropic key with "
    "`ANTHROPIC_BASE_URL=https://api.getunbound.ai`. Reported on the base URL, with the key "
    "as related information. Not reported for ambiguous keys (a bare `sk-…` may be HiAPI's, "
    "DeepSeek's, a relay's), passthrough gateways (Cloudflare AI Gateway, Helicone's proxy, "
    "Portkey), unknown hosts (self-hosted proxies, localhost), base URLs computed when the "
    "file runs, or templates.",
    why="The receiving service answers 401 \"invalid API key\" though the key is fine: it is "
    "simply not that service's key. Gateways that take their own keys (HiAPI, Unbound, "
    "OpenRouter, AIHubMix) never accept an OpenAI or Anthropic key, and the error never says "
    "that the key went to the wrong place.",
    example="```\n# .env\nOPENAI_API_KEY=sk-proj-…T3BlbkFJ…\n"
    "OPENAI_BASE_URL=https://api.hiapi.ai/v1\n```\n\nEither put the HiAPI key in "
    "`OPENAI_API_KEY`, or remove `OPENAI_BASE_URL` to reach OpenAI. No automatic fix: only "
    "you know which of the two you meant.",
    check=check,
    reads=keys_and_urls,
)
