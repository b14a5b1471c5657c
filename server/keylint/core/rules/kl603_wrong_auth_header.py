"""KL603 wrong-auth-header: the key rides in a header the target provider does not read.

Providers disagree on where a key goes: OpenAI and most others read `Authorization: Bearer`,
Anthropic reads API keys from `x-api-key` (plus a required `anthropic-version`), Gemini from
`x-goog-api-key` (or `?key=`), Azure OpenAI from `api-key`. A request that follows the wrong
convention gets 401 with a valid key ("x-api-key header is required", "invalid api key").

The rule judges a request whose target host belongs to a provider (not a gateway: gateways
often read several headers) in two ways:

* the key's owner is known (its variable, or its literal shape) and is that provider: the
  header must be the one the registry gives for that key kind. That is what keeps Bearer
  right for Anthropic OAuth tokens (`sk-ant-oat01-…`, CLAUDE_CODE_OAUTH_TOKEN) and for
  ANTHROPIC_AUTH_TOKEN, and wrong for ANTHROPIC_API_KEY. A key of another provider is
  KL604's business;
* the key's owner is unknown: only a header the provider reads for no key at all is
  reported (`x-api-key` at api.openai.com).

On an OpenAI-compatible path (`/v1beta/openai/` at Gemini, `/openai/v1/` at Azure) the
key is sent as `Authorization: Bearer`, so Bearer is accepted there. A provider's required
companion headers (Anthropic's `anthropic-version`: without it the API answers 400) are
reported when missing, unless headers also come from a file (`-H @file`, `-K`).
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.headers import (
    HTTPIE,
    OPENAI_COMPATIBLE_PATH,
    WGET,
    XH,
    Credential,
    KeyIdentity,
    Request,
    Target,
    article,
    header_scheme,
    key_identity,
    label,
    replace_pieces,
    requests,
    target_provider,
    url_path,
)
from keylint.core.model import Edit, FileKind, Finding, Fix, Related, Severity
from keylint.core.providers import BEARER, Auth, Provider
from keylint.core.rules.base import Rule

# What the usual alternative to a provider's own header is for, by its auth style.
_HINTS = {
    "x-api-key": "`Authorization: Bearer` is only for OAuth tokens and gateway tokens",
    "x-goog-api-key": "`?key=` works too; Bearer only on the OpenAI-compatible path "
    "/v1beta/openai/",
    "api-key": "`Authorization: Bearer` is for Microsoft Entra tokens and the /openai/v1/ API",
}


def check(ctx: FileContext) -> Iterator[Finding]:
    for request in requests(ctx.doc, ctx.parsed.commands):
        found = _provider_target(ctx, request)
        if found is None:
            continue
        provider, host, target = found
        path = url_path(target.url)
        related = Related(target.word.span, f"the request goes to {host}")
        credentials = [c for c in request.credentials if c.header is not None]
        verdicts = [(c, _verdict(ctx, provider, c, path)) for c in credentials]
        reported = False
        if not any(v is True for _, v in verdicts):  # else the other headers are just extra
            for credential, verdict in verdicts:
                if isinstance(verdict, Auth):
                    yield _wrong(ctx, request, provider, host, related, credential, verdict)
                    reported = True
        if not reported and credentials:
            yield from _missing_companions(ctx, request, provider, host, related, credentials)


def _provider_target(ctx: FileContext, request: Request) -> tuple[Provider, str, Target] | None:
    """The first target on a provider's own host (gateways read several headers: skipped)."""
    for target in request.targets:
        found = target_provider(ctx.registry, target, ctx.parsed.assignments)
        if found is None:
            continue
        provider, host = found
        if provider.kind != "provider" or provider.gateway_mode or provider.self_hosted:
            return None
        if provider.auth is None or provider.auth.confidence == "unconfirmed":
            return None
        return provider, host, target
    return None


def _verdict(
    ctx: FileContext, provider: Provider, credential: Credential, path: str
) -> Auth | bool | None:
    """True: a header the provider reads for this key. An Auth: the wrong header, and how
    it should be sent. None: nothing to say (another provider's key, or cannot tell)."""
    identity = key_identity(ctx.registry, credential.token)
    if identity is not None:
        if identity.provider.id != provider.id:
            return None  # KL604
        accepted = _accepted(provider, identity, path)
        if any(_matches(credential, auth) for auth in accepted):
            return True
        return accepted[0]
    every = _every_auth(provider, path)
    if any(header_scheme(a)[0].lower() == credential.carrier for a in every):
        return True if any(_matches(credential, a) for a in every) else None
    return provider.auth


def _accepted(provider: Provider, identity: KeyIdentity, path: str) -> list[Auth]:
    """How the provider takes this key: its own way first, then the alternatives that hold
    for any key (Replicate's legacy `Token`), and Bearer on an OpenAI-compatible path."""
    own = identity.auth or provider.auth
    auths = [own] if own is not None else []
    auths += [a for a in provider.auth_alternatives if a.style != "bearer"]
    if OPENAI_COMPATIBLE_PATH.search(path):
        auths.append(BEARER)
    return auths


def _every_auth(provider: Provider, path: str) -> list[Auth]:
    """Every way the provider takes any of its keys."""
    auths = [provider.auth, *provider.auth_alternatives, *(s.auth for s in provider.shapes),
             *(v.auth for v in provider.env)]
    if OPENAI_COMPATIBLE_PATH.search(path):
        auths.append(BEARER)
    return [a for a in auths if a is not None]


def _matches(credential: Credential, auth: Auth) -> bool:
    """Same header, and for `Authorization` the same scheme (a missing one is KL601's)."""
    name, prefix = header_scheme(auth)
    if name.lower() != credential.carrier:
        return False
    scheme = prefix.strip().lower()
    return not credential.scheme or credential.scheme.lower() == scheme


# --- findings -------------------------------------------------------------------------------


def _wrong(
    ctx: FileContext,
    request: Request,
    provider: Provider,
    host: str,
    related: Related,
    credential: Credential,
    expected: Auth,
) -> Finding:
    header = credential.header
    assert header is not None
    name, prefix = header_scheme(expected)
    written = header.name.text + (f": {credential.scheme}" if credential.scheme else "")
    what = _what(ctx, credential)
    hint = _HINTS.get(expected.style, "")
    message = (
        f"{host} takes {what} as `{name}: {prefix}<key>`, not "
        f"`{written}`: it never sees the key there and answers 401"
        + (f" ({hint})" if hint else "")
    )
    missing = _companions(request, provider, expected)
    if missing:
        message += f"; it also needs {_listing(missing)}"
    token = credential.token
    before = header.raw_value.pieces[: len(header.raw_value.pieces) - len(token.pieces)]
    mark = [header.mark] if header.mark is not None else []
    colon = ":" if request.tool in (HTTPIE, XH) else ": "
    renamed = replace_pieces(ctx.doc, [*header.name.pieces, *mark, *before],
                             f"{name}{colon}{prefix}")
    fix = None
    if renamed is not None:
        edits = (*renamed, *_companion_edits(ctx, request, credential, missing))
        fix = Fix(f"Send the key as `{name}: {prefix}<key>`", edits)
    written_pieces = [p for p in before if not (p.plain and p.text in " \t")]
    end = written_pieces[-1].end if credential.scheme and written_pieces else header.name.end
    span = ctx.doc.span(header.name.start, max(end, header.name.end))
    return RULE.finding(span, message, fix=fix, related=(related,))


def _missing_companions(
    ctx: FileContext,
    request: Request,
    provider: Provider,
    host: str,
    related: Related,
    credentials: list[Credential],
) -> Iterator[Finding]:
    if provider.auth is None:
        return
    missing = _companions(request, provider, provider.auth)
    if not missing:
        return
    credential = credentials[0]
    header = credential.header
    assert header is not None
    message = (
        f"no {_listing(missing)} header: {host} requires it on every "
        "request and answers 400 without it"
    )
    edits = _companion_edits(ctx, request, credential, missing)
    fix = Fix(f"Add {_listing(missing)}", edits) if edits else None
    yield RULE.finding(ctx.doc.span(header.name.start, header.name.end), message, fix=fix,
                       related=(related,))


def _companions(request: Request, provider: Provider, auth: Auth) -> list[tuple[str, str]]:
    """The provider's required non-key headers (from its own, sourced auth) not sent here."""
    if request.opaque or provider.auth is None:
        return []
    required = [(n, v) for n, v in provider.auth.headers if "{key}" not in v]
    return [(n, v) for n, v in required if request.header(n) is None]


def _companion_edits(
    ctx: FileContext, request: Request, credential: Credential, missing: list[tuple[str, str]]
) -> tuple[Edit, ...]:
    """Insert the missing headers right after the credential's word, in the client's syntax."""
    word = credential.word
    end = ctx.doc.start(word.span) + len(word.text)
    if request.tool in (HTTPIE, XH):
        added = "".join(f" {n}:{v}" for n, v in missing)
    elif request.tool == WGET:
        added = "".join(f' --header="{n}: {v}"' for n, v in missing)
    else:
        added = "".join(f' -H "{n}: {v}"' for n, v in missing)
    return (Edit(ctx.doc.span(end, end), added),)


def _what(ctx: FileContext, credential: Credential) -> str:
    identity = key_identity(ctx.registry, credential.token)
    if identity is None:
        return "keys"
    kind = f"{identity.kind} key" if identity.kind and identity.kind != "api" else "API key"
    if identity.kind.startswith("oauth"):
        kind = "OAuth token"
    owner = f"{article(label(identity.provider))} {kind}"
    if identity.variable:
        return f"{identity.variable} ({owner} by its name)"
    return f"the key {redact(credential.token.text)} ({owner} by its shape)"


def _listing(headers: list[tuple[str, str]]) -> str:
    return " and ".join(f"`{n}: {v}`" for n, v in headers)


RULE = Rule(
    code="KL603",
    name="wrong-auth-header",
    severity=Severity.WARNING,
    summary="the key is sent in a header the target provider does not read",
    what="The header style does not match the provider of the target URL: `Authorization: "
    "Bearer` with an Anthropic API key to api.anthropic.com (needs `x-api-key` and "
    "`anthropic-version`), `x-api-key` to api.openai.com. Precisely: a `curl`/`wget`/HTTPie/"
    "`xh` request to a provider's own host whose key travels in the wrong header: "
    "`Authorization: Bearer $ANTHROPIC_API_KEY` (or an `sk-ant-api03-` key) "
    "to api.anthropic.com, which reads API keys from `x-api-key`; `x-api-key` to "
    "api.openai.com; Bearer with a Gemini `AIza` key to generativelanguage.googleapis.com "
    "(`x-goog-api-key` or `?key=`), except on its OpenAI-compatible path `/v1beta/openai/`; "
    "`Authorization` with an Azure key to `*.openai.azure.com` (`api-key`), except on the v1 "
    "API path `/openai/v1/`. Bearer stays right for Anthropic OAuth tokens (`sk-ant-oat01-`, "
    "CLAUDE_CODE_OAUTH_TOKEN) and ANTHROPIC_AUTH_TOKEN. A key whose owner is unknown is only "
    "judged when the provider reads that header for no key at all. Also: a required "
    "companion header missing (`anthropic-version` on api.anthropic.com). Gateways and "
    "unknown hosts are not judged.",
    why="Each provider reads the key from one place. Sent elsewhere, the key is simply not "
    "seen: Anthropic answers 401 \"x-api-key header is required\", OpenAI 401 \"You didn't "
    "provide an API key\". Without `anthropic-version`, Anthropic answers 400.",
    example="```sh\ncurl https://api.anthropic.com/v1/messages -H \"Authorization: Bearer "
    "$ANTHROPIC_API_KEY\" -d @body.json\n```\n\nFixed:\n\n```sh\ncurl "
    "https://api.anthropic.com/v1/messages -H \"x-api-key: $ANTHROPIC_API_KEY\" -H "
    "\"anthropic-version: 2023-06-01\" -d @body.json\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="send the key in the provider's header (`x-api-key: `, `api-key: `, `x-goog-api-key: `, "
    "`Authorization: Bearer `) and add a missing `anthropic-version`",
)
