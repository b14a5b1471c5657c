"""KL203 key-provider-mismatch: a provider's key variable holds another provider's key.

`OPENROUTER_API_KEY=gsk_…` or `GROQ_API_KEY=xai-…`: the tool that reads the variable sends
the value to its own provider, which rejects a key it never issued. The classic cases are a
key pasted into the neighbouring line of a `.env`, and Groq (`gsk_`) confused with xAI's Grok
(`xai-`).

Some variables are routinely reused for gateways: `OPENAI_API_KEY` with an OpenAI-compatible
relay, `ANTHROPIC_AUTH_TOKEN` with OpenRouter for Claude Code. For those the file's base URL
decides: the key is wrong only when the base URL is the provider's own host, or unset so the
SDK default applies. Any variable whose base URL points at the key's own provider is a correct
setup (an OpenRouter key in OPENAI_API_KEY with OPENAI_BASE_URL=https://openrouter.ai/api/v1).

A gateway's key in a provider's variable going to that provider (`ANTHROPIC_AUTH_TOKEN=sk-or-…`
with no base URL) is KL302's: there the base URL is what is missing, and KL302 says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.model import Assignment, Finding, Related, Severity
from keylint.core.providers import EnvVarInfo, KeyMatch, Provider
from keylint.core.rules._keys import (
    KeyValue,
    assignment_keys,
    key_kind,
    quiet_file,
    with_article,
)
from keylint.core.rules._reads import keys_and_urls
from keylint.core.rules.base import Rule

# Key variables that tools and guides reuse for gateways and relays: there, a foreign key is
# only wrong when it would reach the provider's own host.
GATEWAY_NAMES = frozenset({"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"})
_LOOKALIKES = frozenset({"groq", "xai"})


class _Base(NamedTuple):
    """Where the variable's family sends requests, as far as this file says."""

    assignment: Assignment | None  # the base-URL assignment in effect, None when unset
    provider: Provider | None  # the provider serving its host (None: unknown or dynamic)


def check(ctx: FileContext) -> Iterator[Finding]:
    registry = ctx.registry
    quiet = quiet_file(ctx)
    for key in assignment_keys(ctx):
        if key.kl107 or (quiet and not key.looks_real()):
            continue  # placeholders, and example values in templates
        info = registry.provider_for_env(key.name)
        match = key.match
        if info is None or info.role != "key" or match is None or match.provider is None:
            continue
        if info.var.confidence == "unconfirmed":
            continue  # that a tool reads this name for A is a guess: no proof of a mismatch
        owner = info.provider
        if match.provider == owner.id or registry.accepts_key(owner, match) is not False:
            continue  # its own key, a passthrough gateway, a self-hosted proxy, or unknown
        base = _base(ctx, owner)
        if base.provider is not None and base.provider.id == match.provider:
            continue  # the family's base URL points at the key's own provider: correct
        elsewhere = base.assignment is not None and (
            base.provider is None or base.provider.id != owner.id
        )
        if elsewhere and key.name in GATEWAY_NAMES:
            continue  # a gateway or relay that may take this key
        holder = registry.get(match.provider)
        if not elsewhere and owner.kind == "provider" and holder and holder.kind == "gateway":
            continue  # a gateway's key sent to the provider: KL302 says to set the base URL
        yield _finding(ctx, key, info, match, base)


def _base(ctx: FileContext, owner: Provider) -> _Base:
    """The base URL the owner's SDKs would use: the last non-empty assignment in the file.

    One set only conditionally is a base URL that may be in effect: unknown, not unset.
    """
    names = {var.name for var in owner.env_for("base_url")}
    found: Assignment | None = None
    maybe: Assignment | None = None  # set only inside `if`/`&&` or for one command
    for assignment in ctx.parsed.assignments:
        if assignment.name not in names or not (assignment.dynamic or assignment.value.strip()):
            continue
        if assignment.nested or assignment.prefix:
            maybe = assignment
        else:
            found = assignment
    if found is None:
        return _Base(maybe, None)  # unset, or set somewhere we cannot follow
    if found.dynamic:
        return _Base(found, None)
    return _Base(found, ctx.registry.provider_for_host(found.value.strip()))


def _finding(
    ctx: FileContext, key: KeyValue, info: EnvVarInfo, match: KeyMatch, base: _Base
) -> Finding:
    owner = info.provider
    holder = ctx.registry.get(match.provider or "")
    holder_name = holder.name if holder else str(match.provider)
    if info.tools:
        subject = f"{key.name} is read by {_join(info.tools)} as the key for {owner.name}"
    else:
        subject = f"{key.name} is the key variable {owner.name} documents"
    rejects = f"does not accept {holder_name} keys and answers 401"
    if base.assignment is None:
        route = f"no base URL is set, so it goes to {owner.name}, which {rejects}"
    elif base.provider is not None and base.provider.id == owner.id:
        route = f"{base.assignment.name} sends it to {owner.name}, which {rejects}"
    else:
        route = f"it is sent as {with_article(owner.name)} key, and {owner.name} {rejects}"
    message = (
        f"{subject}, but it holds "
        f"{with_article(key_kind(holder, match))} (`{redact(key.text)}`); {route}"
    )
    if {owner.id, holder.id if holder else ""} == _LOOKALIKES:
        message += (
            " (Groq, with gsk_ keys at api.groq.com, and xAI's Grok, with xai- keys at "
            "api.x.ai, are different companies)"
        )
    if holder is not None and holder.kind == "service" and holder.note:
        message += f" ({holder.name}: {holder.note})"
    message += _advice(info, holder)
    related = ()
    if base.assignment is not None:
        related = (Related(base.assignment.value_span,
                           f"{base.assignment.name}: where {key.name} is sent"),)
    return RULE.finding(ctx.doc.span(*key.span()), message, related=related)


def _advice(info: EnvVarInfo, holder: Provider | None) -> str:
    """Where the key belongs: its provider's variable, or this variable plus a base URL."""
    owner = info.provider
    advice = f"; put {with_article(owner.name)} key here"
    if holder is None:
        return advice
    own = holder.env_for("key")
    if own:
        advice += f" and this key in {own[0].name}"
    base_vars = owner.env_for("base_url")
    style = base_vars[0].base_url.style if base_vars and base_vars[0].base_url else None
    endpoint = holder.endpoint(style) if style else None
    if info.var.name in GATEWAY_NAMES and endpoint is not None and not endpoint.templated:
        advice += f", or set {base_vars[0].name}={endpoint.base} to use {holder.name} here"
    return advice


def _join(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


RULE = Rule(
    code="KL203",
    name="key-provider-mismatch",
    severity=Severity.WARNING,
    summary="a provider's key variable holds another provider's key",
    what="\"The variable belongs to provider A by name but the value is unmistakably "
    "provider B's key\" (`OPENAI_API_KEY=sk-ant-…`, `OPENROUTER_API_KEY=gsk_…`, "
    "`GROQ_API_KEY=xai-…` — the Groq/Grok confusion is named as such). A is the provider "
    "whose SDKs and tools read the variable; B is settled by the key's prefix or marker, "
    "never guessed (a bare `sk-…` key is never reported). `OPENAI_API_KEY`, "
    "`ANTHROPIC_API_KEY` and `ANTHROPIC_AUTH_TOKEN` are routinely reused for gateways "
    "(`ANTHROPIC_AUTH_TOKEN=sk-or-…` with `ANTHROPIC_BASE_URL=https://openrouter.ai/api` is "
    "OpenRouter's documented Claude Code setup), so for them the key is reported only when "
    "the same file's base URL for that family is A's own host or unset. For any variable, "
    "a base URL that points at B's own host is a correct setup and stays silent; so do "
    "passthrough gateways and self-hosted proxies. A gateway's key in a provider's variable "
    "going to that provider (`ANTHROPIC_AUTH_TOKEN=sk-or-…` with no base URL) is KL302's, "
    "which says which base URL to set. Placeholders are KL107's; in templates only values "
    "that look like real keys are checked.",
    why="The tool reading the variable sends the key to A, which answers 401 \"invalid API "
    "key\" for a key it never issued: a key pasted one line off in a `.env` of many "
    "providers, or Groq and xAI's Grok taken for each other. The error names neither the "
    "variable nor the real owner.",
    example="```\nOPENROUTER_API_KEY=gsk_…   # a Groq key\nGROQ_API_KEY=xai-…         # an xAI "
    "(Grok) key\n```\n\nNo automatic fix: move each key to its own provider's variable.",
    check=check,
    reads=keys_and_urls,
)
