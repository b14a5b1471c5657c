"""KL107 placeholder: a credential still holding the template's placeholder.

`cp .env.example .env` and forgetting one key is common, and the app then sends
`your-api-key-here` to the provider, which answers 401 — an error that reads like a bad key.
Templates are where placeholders belong, so they are never reported there; empty values are
a deliberate "unset" and interpolations (`${KEY}`) are resolved elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, looks_like_key, redact
from keylint.core.model import Finding, Severity
from keylint.core.rules._placeholders import ELIDED, placeholder_kind
from keylint.core.rules.base import Rule, Scope

_LONG_RUN = re.compile(r"[A-Za-z0-9]{8,}")


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template:
        return  # templates and redacted copies are where placeholders belong (core.files)
    for assignment in ctx.parsed.assignments:
        value = assignment.value.strip()
        if not value or assignment.dynamic or value.startswith("$"):
            continue
        if not (is_credential_name(assignment.name, ctx.config) or looks_like_key(value)):
            continue
        what = placeholder_kind(value)
        if what is None:
            continue
        shown = value if _showable(value, what) else redact(value)
        message = (
            f"{assignment.name} holds {what}: `{shown}` is not a key, but the app sends this "
            "literal text as one and the provider answers 401; put the real key here, or leave "
            "the value empty"
        )
        yield RULE.finding(assignment.value_span, message)


def _showable(value: str, what: str) -> bool:
    """Placeholders are shown as written, unless an elided value may keep part of a real key."""
    return len(value) <= 48 and (what != ELIDED or not _LONG_RUN.search(value))


RULE = Rule(
    code="KL107",
    name="placeholder",
    severity=Severity.WARNING,
    summary="a credential holds a placeholder",
    what="A credential (by name, or a value shaped like a key) whose value is a placeholder: "
    "`sk-...`, `sk-xxxx`, `sk-********`, `your-…-here`, `your_api_key`, `<…>`, `xxx`, "
    "`changeme`, `replace-me`, `TODO`, `...`, a key prefix alone (`sk-`), or a key prefix "
    "with a body of one repeated character (`sk-000000`). Only in real config files: "
    "templates (`.env.example`, `.env.sample`, `*.template`…) and deliberately redacted "
    "copies (`*.desensitized.zsh`, `*.redacted`) are where placeholders belong. Empty values "
    "(a deliberate \"unset\"), interpolations (`${OPENAI_API_KEY}`) and template-engine "
    "variables (`{{OPENAI_API_KEY}}`, in a file an installer renders) are not reported.",
    why="After `cp .env.example .env` a key left unchanged is sent literally: the provider "
    "answers 401 \"invalid API key\", which sends people looking for a problem with a key "
    "they never actually configured. A masked key copied from a dashboard (`sk-…Qf`) fails "
    "the same way.",
    example="```\n# .env\nOPENAI_API_KEY=your-openai-api-key-here\n"
    "ANTHROPIC_API_KEY=sk-ant-...\n```\n\nNo automatic fix: only you have the key.",
    check=check,
    scope=Scope.STATEMENT,
)
