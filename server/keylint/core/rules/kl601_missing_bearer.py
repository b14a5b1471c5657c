"""KL601 missing-bearer: an `Authorization` header that sends a key without a scheme.

`-H "Authorization: $OPENAI_API_KEY"` sends the bare key, and every provider that reads
`Authorization` expects `<scheme> <credentials>`: the API answers 401 "invalid API key"
although the key is fine. Only a value that is a key is judged: a variable named like a
credential (or one the registry knows as a key variable), or a literal with a known key
prefix. A variable that this file assigns a value already starting with a scheme
(`AUTH="Bearer $KEY"`) is left alone.

The fix inserts the scheme the target wants: `Bearer` for every provider in the registry
(Replicate's legacy `Token` is accepted there, but its SDK sends `Bearer`). When the target
host is known and takes this key in another header altogether (an Anthropic API key belongs
in `x-api-key`, a Gemini key in `x-goog-api-key`, an Azure key in `api-key`), adding
`Bearer` would not help: KL603 reports that request instead, and this rule stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.headers import (
    OPENAI_COMPATIBLE_PATH,
    SCHEMES,
    Credential,
    Request,
    Token,
    header_scheme,
    is_credential_token,
    key_identity,
    quoted_for,
    requests,
    target_provider,
    url_path,
)
from keylint.core.model import Edit, FileKind, Finding, Fix, Severity
from keylint.core.rules.base import Rule

_LOWER_SCHEMES = tuple(s.lower() for s in SCHEMES)


def check(ctx: FileContext) -> Iterator[Finding]:
    holders = _scheme_holders(ctx)
    for request in requests(ctx.doc, ctx.parsed.commands):
        for credential in request.credentials:
            finding = _judge(ctx, request, credential, holders)
            if finding is not None:
                yield finding


def _judge(
    ctx: FileContext, request: Request, credential: Credential, holders: frozenset[str]
) -> Finding | None:
    header = credential.header
    if header is None or credential.carrier != "authorization" or credential.scheme:
        return None
    token = header.value
    text = token.text
    if not text or text.lower().startswith(_LOWER_SCHEMES) or token.variable in holders:
        return None  # `Bearer:`/`Bearer$KEY` are KL602's
    if any(p.plain and p.text.isspace() for p in token.pieces):
        return None  # `scheme credentials` of some kind: not a bare key
    if not is_credential_token(ctx.registry, token, ctx.config):
        return None
    expected = _expected_scheme(ctx, request, token)
    if expected is None:
        return None
    scheme, where, usual = expected
    what = f"the value of {token.variable}" if token.variable else f"the key {redact(text)}"
    shown = f"${token.variable}" if token.variable else "<key>"
    expects = f"expects `Authorization: {scheme} <key>`"
    if usual:
        expects = f"takes API keys as `{usual}: <key>` and tokens as `Authorization: {scheme} " \
            "<token>`"
    message = (
        f"`Authorization` header without a scheme: it sends {what} as is, but {where} "
        f"{expects}; it answers 401; write `Authorization: {scheme} {shown}`"
        + (f" or `{usual}: {shown}`" if usual else "")
    )
    fix = _insert_scheme(ctx, token, scheme, safe=not usual)
    severity = Severity.WARNING if token.variable else Severity.ERROR
    return RULE.finding(ctx.doc.span(token.start, token.end), message, fix=fix,
                        severity=severity)


def _expected_scheme(
    ctx: FileContext, request: Request, token: Token
) -> tuple[str, str, str] | None:
    """(scheme, who expects it, usual header) or None when the target wants another header.

    Unknown targets get `Bearer`, what nearly every API reads. A known provider gets the
    scheme of how it takes this key (or, for a key of unknown owner, the first of its auth
    styles that uses `Authorization`); the usual header is named (and the fix is unsafe)
    when that provider mostly takes keys in another header (Anthropic's `x-api-key`), since
    the key may have been meant for it.
    """
    registry = ctx.registry
    found = None
    for target in request.targets:
        found = target_provider(registry, target, ctx.parsed.assignments)
        if found is not None:
            path = url_path(target.url)
            break
    if found is None:
        return "Bearer", "the server", ""
    provider, host = found
    identity = key_identity(registry, token)
    own_auth = identity.auth if identity and identity.provider.id == provider.id else None
    own = own_auth is not None
    if own_auth is not None:
        auths = [own_auth]
        if OPENAI_COMPATIBLE_PATH.search(path):
            return "Bearer", host, ""
    else:
        auths = [a for a in (provider.auth, *provider.auth_alternatives) if a is not None]
    for index, auth in enumerate(auths):
        name, prefix = header_scheme(auth)
        if name.lower() == "authorization" and prefix.strip():
            usual = "" if own or index == 0 else header_scheme(auths[0])[0]
            return prefix.strip(), host, usual
    if own or provider.kind == "provider":
        return None  # it takes this key in another header: KL603
    return "Bearer", host, ""  # a passthrough gateway: the upstream reads Authorization


def _insert_scheme(ctx: FileContext, token: Token, scheme: str, *, safe: bool) -> Fix | None:
    first = token.pieces[0]
    text = quoted_for(first.quote, scheme + " ")
    if text is None:
        return None
    edit = Edit(ctx.doc.span(first.start, first.start), text)
    return Fix(f"Insert `{scheme} ` before the key", (edit,), safe=safe)


def _scheme_holders(ctx: FileContext) -> frozenset[str]:
    """Variables this file assigns a value that already starts with an auth scheme."""
    return frozenset(
        a.name for a in ctx.parsed.assignments
        if a.value.lower().startswith(tuple(s + " " for s in _LOWER_SCHEMES))
    )


RULE = Rule(
    code="KL601",
    name="missing-bearer",
    severity=Severity.WARNING,
    summary="`Authorization` header without `Bearer`",
    what="An `Authorization` header whose value has no scheme (`-H \"Authorization: "
    "$OPENAI_API_KEY\"`, `Authorization: sk-…`), in curl/wget/httpie commands. Precisely: "
    "`curl`, `wget`, HTTPie (`http`/`https`) and `xh` commands, also inside `$(…)`, "
    "pipelines and functions (HTTPie `Authorization:$KEY` too). Only values that are keys: "
    "a variable named like a credential or "
    "known to the provider registry as a key variable, or a literal with a known key prefix. "
    "Silent when this file assigns that variable a value that already starts with a scheme "
    "(`AUTH=\"Bearer …\"`), and when the known target host takes this key in another header "
    "(KL603 reports that). Error for a literal key, warning for a variable.",
    why="HTTP credentials are `<scheme> <credentials>`. A bare key in `Authorization` is read "
    "as an unknown scheme, and the provider answers 401 \"invalid API key\" although the key "
    "is fine. SDKs add `Bearer ` themselves, so hand-written `curl` commands are where it goes "
    "missing.",
    example="```sh\ncurl https://api.openai.com/v1/models -H \"Authorization: $OPENAI_API_KEY\"\n"
    "```\n\nFixed:\n\n```sh\ncurl https://api.openai.com/v1/models "
    "-H \"Authorization: Bearer $OPENAI_API_KEY\"\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="insert the scheme the target expects (`Bearer `) before the key; unsafe when the "
    "target provider usually takes keys in another header",
)
