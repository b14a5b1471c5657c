"""Placeholder values: what a template leaves in a credential instead of a key.

KL107 (placeholder) reports them; the key rules leave such values to it, and the header rules
(`core.headers`) do not take a placeholder in a command for a real key. One predicate for
all of them, so that they agree on what is an example and what may be a key.
"""

from __future__ import annotations

import re

PREFIX = r"(?:[a-z0-9]{1,10}[-_]){0,3}"  # `sk-`, `sk-ant-api03-`, `tvly-`, `hf_`...
ELIDED = "an elided value (a masked or truncated key)"
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
    (_PLACEHOLDER, PREFIX + r"(?:replace|change|insert|enter|paste)"
     r"(?:[-_ ]?(?:me|it|this|here|with\b.*|key\b.*|token\b.*))?"),
    # `TODO`, `TBD: ask Bob`, `placeholder`
    (_PLACEHOLDER, r"(?:todo|tbd|fixme|placeholder)\b.*"),
    # `api-key-here`, `my-api-key`, `OPENAI_API_KEY`: a description of the value
    (_PLACEHOLDER, r"(?:[a-z]+[-_ ]){0,4}(?:key|token|secret)[-_ ]?here"
     r"|(?:[a-z]+[-_ ]?){0,3}(?:api[-_ ]?key|access[-_ ]?token|secret[-_ ]?key)"),
)
_SHAPES = _compile(
    # `xxx`, `sk-xxxx`, `tvly-XXXXX`, `sk-********`, `sk-ant-####`
    (_PLACEHOLDER, PREFIX + r"(?:x{3,}|\*{3,}|•{3,}|#{3,})"),
    # `sk-`, `hf_`: the prefix alone
    ("a key prefix with nothing after it", PREFIX.replace("{0,3}", "{1,3}")),
    # `sk-000000000`, `aaaaaaaa`: one character repeated
    (_PLACEHOLDER, PREFIX + r"(.)\1{5,}"),
)
# `sk-...`, `...`, `sk-proj-Ab…Qf`, `sk-****Qf9x`: elided, so never a working key
_ELISION = re.compile(r"\.\.\.|…|\*{3,}|•{2,}")


def placeholder_kind(value: str) -> str | None:
    """What kind of placeholder `value` (stripped) is, for a message ("a placeholder",
    `ELIDED`...), or None for anything that may be a real key."""
    patterns = _WORDS + _SHAPES if len(value) <= _SHORT else _SHAPES
    for what, pattern in patterns:
        if pattern.fullmatch(value):
            return what
    return ELIDED if _ELISION.search(value) else None


def is_placeholder(value: str) -> bool:
    """Whether `value` (stripped) is a placeholder or an elided copy, never a working key."""
    return placeholder_kind(value) is not None
