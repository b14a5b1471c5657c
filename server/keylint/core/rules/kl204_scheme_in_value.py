"""KL204 scheme-in-value: a key variable holding `Bearer sk-…` instead of the key alone.

Guides show the header `Authorization: Bearer sk-…`, and people copy it whole into
`OPENAI_API_KEY`. Every SDK adds the scheme itself, so the request goes out with
`Authorization: Bearer Bearer sk-…` (or `x-api-key: Bearer sk-…`) and the provider answers
401 for a key that is fine.

A variable your own script sends verbatim (`curl -H "Authorization: $MY_TOKEN"`) needs the
scheme, so a variable used that way in the same file is left alone; and for credentials no
registry tool reads, the fix is offered but not applied automatically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name
from keylint.core.model import Command, Edit, Finding, Fix, Severity, Statement
from keylint.core.rules._keys import KeyValue, assignment_keys
from keylint.core.rules._reads import holds_key_or_url
from keylint.core.rules._values import removal_is_safe
from keylint.core.rules.base import Rule

_SCHEMES = frozenset({"bearer", "basic", "token"})
# `-H "Authorization: $TOKEN"`: the variable is the whole header value, scheme included.
_VERBATIM = re.compile(r"(?i)authorization:\s*\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def check(ctx: FileContext) -> Iterator[Finding]:
    verbatim = _sent_verbatim(ctx)
    for key in assignment_keys(ctx):
        if key.first == key.scheme_start or key.name in verbatim:
            continue
        if key.text.lower().rstrip(":") in _SCHEMES:
            continue  # `Bearer Bearer`: no key at all, only schemes
        info = ctx.registry.provider_for_env(key.name)
        read_by_tools = info is not None and info.role == "key"
        if not read_by_tools and not is_credential_name(key.name, ctx.config):
            continue  # a key-shaped value in some other variable: its use is unknown
        known = read_by_tools or key.match is not None
        if not known and ctx.doc.template:
            continue  # an app's own variable documented with its format: the app decides
        yield _finding(ctx, key, known=known)


def _sent_verbatim(ctx: FileContext) -> frozenset[str]:
    """Variables the file itself sends as a whole header value (`Authorization: $TOKEN`)."""
    names: set[str] = set()
    for command in ctx.parsed.commands:
        for word in command.args:
            for found in _VERBATIM.finditer(word.value):
                names.add(found.group(1))
    return frozenset(names)


def _finding(ctx: FileContext, key: KeyValue, *, known: bool) -> Finding:
    scheme_chars = key.loaded[key.scheme_start : key.first]
    scheme = "".join(c.char for c in scheme_chars).strip()
    start, end = scheme_chars[0].start, scheme_chars[-1].end
    span = ctx.doc.span(start, end)
    shown = re.sub(r"\s+", " ", scheme)
    message = (
        f"{key.subject} starts with `{shown}`: SDKs and tools add the authorization scheme "
        f"themselves, so the request carries `{_header(ctx, key, shown)}` and the provider "
        "answers 401; keep only the key"
    )
    if not known:
        message += " (unless your own code sends this value as the whole header)"
    assignment = key.assignment
    safe = known and assignment is not None and removal_is_safe(
        ctx.doc.kind, assignment, key.loaded, key.scheme_start, key.first
    )
    fix = Fix(f"Remove `{shown}`", (Edit(span, ""),), safe=safe)
    severity = Severity.WARNING if known else Severity.INFO
    return RULE.finding(span, message, fix=fix, severity=severity)


def _header(ctx: FileContext, key: KeyValue, shown: str) -> str:
    """The header as the variable's readers send it: `x-api-key: Bearer …` for Anthropic."""
    info = ctx.registry.provider_for_env(key.name)
    auth = info.auth if info is not None else None
    for name, template in auth.headers if auth else ():
        if "{key}" in template:
            return f"{name}: " + template.replace("{key}", f"{shown} …")
    return f"Authorization: Bearer {shown} …"


def _reads(ctx: FileContext, changed: Sequence[Statement]) -> bool:
    """Keys, and commands (a header may send a variable's scheme as it is)."""
    return any(isinstance(s, Command) or holds_key_or_url(ctx, s) for s in changed)


RULE = Rule(
    code="KL204",
    name="scheme-in-value",
    severity=Severity.WARNING,
    summary="a key variable holds `Bearer …` instead of the key alone",
    what="A credential's \"value starts with `Bearer `/`Basic `/`Token `\" (any case, also "
    "doubled or with a colon: `Bearer: …`). A warning with a safe fix for variables an SDK "
    "or tool reads (`OPENAI_API_KEY`, `HF_TOKEN`…) or values that are a known provider's "
    "key; for other credentials an info with an unsafe fix, since your own code may send "
    "the value as the whole header. Silent for a variable the same file sends verbatim as "
    "a header (`curl -H \"Authorization: $MY_TOKEN\"`).",
    why="\"SDKs add the scheme themselves (`Bearer Bearer sk-…`)\": the header that goes out "
    "is `Authorization: Bearer Bearer sk-…` (Anthropic: `x-api-key: Bearer sk-ant-…`), and "
    "the provider answers 401 \"invalid API key\" although the key is right.",
    example="```\nOPENAI_API_KEY=\"Bearer sk-proj-…\"\n```\n\nFixed:\n\n```\n"
    "OPENAI_API_KEY=\"sk-proj-…\"\n```",
    check=check,
    fix="remove the scheme, keeping the key",
    reads=_reads,
)
