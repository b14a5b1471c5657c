"""KL604 key-to-foreign-host: a command sends provider A's key to provider B's host.

`curl https://api.openai.com/… -H "Authorization: Bearer $HIAPI_API_KEY"` is one of the
seed guides' first causes of "invalid API key": the key is fine, the host is another
company's. The key's owner comes from its variable name (`provider_for_env`) or from the
literal's shape (`attribute_key`); the host's from the registry (`provider_for_host`).

Silent whenever the registry cannot be sure B refuses the key: unknown hosts, URLs built
from variables (unless this file assigns that variable one literal URL), passthrough
gateways (Cloudflare, Portkey, Helicone's proxy forward the upstream key) and self-hosted
proxies, and ambiguous `sk-…` keys unless B issues only keys with another prefix
(Anthropic). Three by-name cases stay silent on purpose:

* ANTHROPIC_AUTH_TOKEN to a gateway: it is the variable made for gateway tokens;
* ANTHROPIC_* variables to a gateway that serves an Anthropic-compatible API: Claude Code
  setups (AIHubMix, OpenRouter…) put the gateway's key there;
* OPENAI_API_KEY to Azure OpenAI: openai-python before 1.0 read the Azure key from it.

When this file assigns the variable a literal, the literal decides instead of the name: an
`OPENAI_API_KEY=sk-…` that HiAPI may have issued is not reported at api.hiapi.ai.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.headers import (
    KEY_HEADERS,
    Credential,
    Request,
    Target,
    article,
    label,
    plausible_key,
    requests,
    target_provider,
)
from keylint.core.model import Assignment, FileKind, Finding, Related, Severity
from keylint.core.providers import KeyMatch, Provider, Registry
from keylint.core.rules.base import Rule

_CARRIERS = KEY_HEADERS | {"?key", "basic"}
_GATEWAY_TOKEN_VARIABLES = frozenset({"ANTHROPIC_AUTH_TOKEN"})
# (key's provider, host's provider): a variable of the first legitimately sent to the second.
_BY_NAME_ALLOWED = frozenset({("openai", "azure-openai")})


def check(ctx: FileContext) -> Iterator[Finding]:
    registry = ctx.registry
    for request in requests(ctx.doc, ctx.parsed.commands):
        targets = _known_targets(ctx, request)
        if not targets:
            continue
        for credential in request.credentials:
            if credential.carrier not in _CARRIERS or not credential.token.pieces:
                continue
            for target, provider, host in targets:
                message = _judge(registry, ctx, credential, provider, host)
                if message is not None:
                    text, severity = message
                    token = credential.token
                    related = Related(target.word.span, f"the request goes to {host}")
                    yield RULE.finding(ctx.doc.span(token.start, token.end), text,
                                       related=(related,), severity=severity)
                    break


def _known_targets(ctx: FileContext, request: Request) -> list[tuple[Target, Provider, str]]:
    found = []
    for target in request.targets:
        known = target_provider(ctx.registry, target, ctx.parsed.assignments)
        if known is not None:
            provider, host = known
            if provider.gateway_mode != "passthrough" and not provider.self_hosted:
                found.append((target, provider, host))
    return found


def _judge(
    registry: Registry,
    ctx: FileContext,
    credential: Credential,
    host_provider: Provider,
    host: str,
) -> tuple[str, Severity] | None:
    token = credential.token
    name = token.variable
    if name is None:
        if not token.literal or plausible_key(registry, token.text) is None:
            return None
        return _by_shape(registry, token.text, f"the key {redact(token.text)}", host_provider,
                         host)
    info = registry.provider_for_env(name)
    if info is None or info.role != "key" or info.provider.id == host_provider.id:
        return None
    literal = _assigned_literal(name, ctx.doc.position(token.start), ctx.parsed.assignments)
    if literal is not None and plausible_key(registry, literal) is not None:
        return _by_shape(registry, literal, f"{name} (assigned {redact(literal)} above)",
                         host_provider, host)
    owner = info.provider
    if _allowed_by_name(name, owner, host_provider):
        return None
    theirs = label(host_provider)
    own = _own_variable(host_provider)
    advice = f"use {own}" if own else f"use {article(theirs)} key"
    if owner.hosts:
        advice = f"send it to {owner.hosts[0].removeprefix('*.')}, or {advice}"
    message = (
        f"{name} holds {article(label(owner))} key (by its name), but this request sends it "
        f"to {host}, which belongs to {theirs} and takes only its own keys: it answers 401; "
        f"{advice}"
    )
    return message, Severity.WARNING


def _by_shape(
    registry: Registry, value: str, what: str, host_provider: Provider, host: str
) -> tuple[str, Severity] | None:
    match = registry.attribute_key(value)
    if match is None or registry.accepts_key(host_provider, match) is not False:
        return None
    owner = registry.get(match.provider) if match.certain and match.provider else None
    theirs = label(host_provider)
    if owner is not None:
        message = (
            f"{what} is {article(label(owner))} {_kind(match)} by its shape, but this request "
            f"sends it to {host}, which belongs to {theirs} and does not accept it: it answers "
            f"401; send it to the provider that issued it, or use {article(theirs)} key"
        )
    else:
        message = (
            f"{what} is not {article(theirs)} key ({theirs} keys start with "
            f"{_prefixes(host_provider)}), but this request sends it to {host}: it answers "
            f"401; use {article(theirs)} key, or send this one to the service that issued it"
        )
    return message, Severity.ERROR


def _assigned_literal(
    name: str, before: tuple[int, int], assignments: Sequence[Assignment]
) -> str | None:
    """The one literal value this file gives the variable before the command, if any."""
    values = {a.value for a in assignments if a.name == name and _start(a) < before}
    if len(values) != 1 or any(a.dynamic for a in assignments if a.name == name):
        return None
    value = values.pop().strip()
    return value or None


def _start(assignment: Assignment) -> tuple[int, int]:
    return assignment.value_span.line, assignment.value_span.column


def _allowed_by_name(name: str, owner: Provider, host_provider: Provider) -> bool:
    if (owner.id, host_provider.id) in _BY_NAME_ALLOWED:
        return True
    if host_provider.kind != "gateway":
        return False
    if name in _GATEWAY_TOKEN_VARIABLES:
        return True
    return owner.id == "anthropic" and host_provider.endpoint("anthropic") is not None


def _own_variable(provider: Provider) -> str:
    keys = provider.env_for("key")
    return keys[0].name if keys else ""


def _kind(match: KeyMatch) -> str:
    kind = match.shape.kind
    if kind.startswith("oauth"):
        return "OAuth token"
    return "key" if kind in ("api", "legacy", "other") else f"{kind} key"


def _prefixes(provider: Provider) -> str:
    """The provider's key prefixes, the shortest that covers others only (`sk-ant-`)."""
    every = sorted({s.prefix for s in provider.shapes if s.prefix}, key=len)
    kept = [p for i, p in enumerate(every) if not any(p.startswith(q) for q in every[:i])]
    return ", ".join(f"`{p}`" for p in kept)


RULE = Rule(
    code="KL604",
    name="key-to-foreign-host",
    severity=Severity.WARNING,
    summary="a command sends one provider's key to another provider's host",
    what="A command sends provider A's key (by variable name or literal shape) to provider "
    "B's host (`curl https://api.openai.com/… -H \"Authorization: Bearer $HIAPI_API_KEY\"`, "
    "`$OPENAI_API_KEY` to api.hiapi.ai). Precisely: a `curl`/`wget`/HTTPie/`xh` request "
    "whose key (in an auth header, `?key=`, `-u` or "
    "`--oauth2-bearer`) belongs to provider A, by its variable name or its literal shape, "
    "while its URL's host belongs to provider B, which does not take A's keys: "
    "`curl https://api.openai.com/… -H \"Authorization: Bearer $HIAPI_API_KEY\"`, "
    "`$OPENAI_API_KEY` to api.hiapi.ai, an `sk-ant-` key to api.openai.com, a bare `sk-` key "
    "to api.anthropic.com. Not for unknown hosts, URLs built from variables (unless this "
    "file assigns the variable one literal URL), passthrough gateways, self-hosted proxies, "
    "or ambiguous `sk-` keys that B may have issued. ANTHROPIC_AUTH_TOKEN and other "
    "ANTHROPIC_* variables sent to gateways with an Anthropic-compatible API, and "
    "OPENAI_API_KEY sent to Azure OpenAI, are accepted. Error when the key's shape proves "
    "it, warning when only its variable name says so.",
    why="A provider only accepts the keys it issued. Sent to another provider's host, a valid "
    "key is answered with 401 \"invalid API key\" (the OpenAI error even echoes the foreign "
    "prefix: `Incorrect API key provided: sk-ant-…`), and the key has been shown to a "
    "third party.",
    example="```sh\ncurl https://api.hiapi.ai/v1/chat/completions -H \"Authorization: Bearer "
    "$OPENAI_API_KEY\"\n```\n\nFixed: send the HiAPI key to HiAPI:\n\n```sh\ncurl "
    "https://api.hiapi.ai/v1/chat/completions -H \"Authorization: Bearer $HIAPI_API_KEY\"\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
)
