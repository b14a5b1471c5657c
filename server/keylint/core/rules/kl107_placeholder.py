"""KL107 placeholder: a credential still holding the template's placeholder.

`cp .env.example .env` and forgetting one key is common, and the app then sends
`your-api-key-here` to the provider, which answers 401 — an error that reads like a bad key.
Templates are where placeholders belong, so they are never reported there; empty values are
a deliberate "unset" and interpolations (`${KEY}`) are resolved elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, looks_like_key, redact
from keylint.core.model import Finding, Severity
from keylint.core.rules.base import Rule

_PREFIX = r"(?:[a-z0-9]{1,10}[-_]){0,3}"  # `sk-`, `sk-ant-api03-`, `tvly-`, `hf_`...
_ELIDED = "an elided value (a masked or truncated key)"
_LONG_RUN = re.compile(r"[A-Za-z0-9]{8,}")
# Copies of a private file with the secrets replaced on purpose (`private_env.desensitized.zsh`)
# hold placeholders by design, like templates.
_REDACTED_COPY = re.compile(r"desensiti[sz]ed|redacted|sanitized|anonymi[sz]ed|scrubbed", re.I)
_PLACEHOLDER = "a placeholder"


def _compile(*patterns: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((what, re.compile(pattern, re.IGNORECASE)) for what, pattern in patterns)


# Whole-value patterns, each with what it says about the value. Real keys are random: they
# never hold words, runs of `x`, `...` or `*`. The word patterns only run on short values
# (placeholders are short; and they would backtrack on a 100k-character line).
_SHORT = 120
_WORDS = _compile(
    ("a placeholder in angle brackets", r"<[^<>]*>"),
    # `your-key-here`, `sk-your-openai-api-key-here`, `YOUR_KEY`, `yourkey`
    (_PLACEHOLDER, r".*(?<![a-z])your(?![a-z]).*|your[-_ ]?(?:api|key|token|secret).*"),
    # `changeme`, `replace-me`, `nvapi-replace-me`, `replace-with-your-key`, `insert-key`
    (_PLACEHOLDER, _PREFIX + r"(?:replace|change|insert|enter|paste)"
     r"(?:[-_ ]?(?:me|it|this|here|with\b.*|key\b.*|token\b.*))?"),
    # `TODO`, `TBD: ask Bob`, `placeholder`
    (_PLACEHOLDER, r"(?:todo|tbd|fixme|placeholder)\b.*"),
    # `api-key-here`, `my-api-key`, `OPENAI_API_KEY`: a description of the value
    (_PLACEHOLDER, r"(?:[a-z]+[-_ ]){0,4}(?:key|token|secret)[-_ ]?here"
     r"|(?:[a-z]+[-_ ]?){0,3}(?:api[-_ ]?key|access[-_ ]?token|secret[-_ ]?key)"),
)
_SHAPES = _compile(
    # `xxx`, `sk-xxxx`, `tvly-XXXXX`, `sk-********`, `sk-ant-####`
    (_PLACEHOLDER, _PREFIX + r"(?:x{3,}|\*{3,}|•{3,}|#{3,})"),
    # `sk-`, `hf_`: the prefix alone
    ("a key prefix with nothing after it", _PREFIX.replace("{0,3}", "{1,3}")),
    # `sk-000000000`, `aaaaaaaa`: one character repeated
    (_PLACEHOLDER, _PREFIX + r"(.)\1{5,}"),
)
# `sk-...`, `...`, `sk-proj-Ab…Qf`, `sk-****Qf9x`: elided, so never a working key
_ELISION = re.compile(r"\.\.\.|…|\*{3,}|•{2,}")


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template or _REDACTED_COPY.search(Path(ctx.doc.path).name):
        return
    for assignment in ctx.parsed.assignments:
        value = assignment.value.strip()
        if not value or assignment.dynamic or value.startswith("$"):
            continue
        if not (is_credential_name(assignment.name, ctx.config) or looks_like_key(value)):
            continue
        what = _placeholder(value)
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
    return len(value) <= 48 and (what != _ELIDED or not _LONG_RUN.search(value))


def _placeholder(value: str) -> str | None:
    """What kind of placeholder `value` is, or None for anything that may be a real key."""
    patterns = _WORDS + _SHAPES if len(value) <= _SHORT else _SHAPES
    for what, pattern in patterns:
        if pattern.fullmatch(value):
            return what
    return _ELIDED if _ELISION.search(value) else None


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
)
