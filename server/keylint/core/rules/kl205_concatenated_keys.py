"""KL205 concatenated-keys: two keys glued into one value.

Pasting a key where the old one was selected only in part, or pasting twice, leaves
`sk-proj-…sk-proj-…` or `gsk_…gsk_…`: one value the provider rejects, holding two keys.

Prefixes are short and key bodies random, so a prefix *inside* a key is not proof by itself
(`sk-` can appear by chance in a long URL-safe body, and `sk-ant-api03-` itself starts with
`sk-`). A second prefix counts only at a plausible boundary: both halves are attributed and
have a plausible body of their own, and the halves say "two keys" — one half is a complete,
well-formed key of a confirmed shape, or both halves share a prefix and a length — while the
whole, when its shape is confirmed, is not a valid key.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.model import Finding, Severity
from keylint.core.providers import KeyMatch, Provider, Registry
from keylint.core.rules._keys import (
    KeyValue,
    assignment_keys,
    key_kind,
    quiet_file,
    with_article,
    word_keys,
)
from keylint.core.rules.base import Rule, Scope

_MIN_BODY = 16  # characters after a prefix before the next one may start
_KEY_TEXT = re.compile(r"[A-Za-z0-9_-]+")


class _Glue(NamedTuple):
    at: int  # where the second key starts in the value
    first: KeyMatch
    second: KeyMatch


def check(ctx: FileContext) -> Iterator[Finding]:
    if quiet_file(ctx):
        return
    pattern = _prefix_pattern(ctx.registry)
    if pattern is None:
        return
    for key in (*assignment_keys(ctx), *word_keys(ctx)):
        if key.kl107 or not key.looks_real():
            continue
        glue = _glue(ctx.registry, pattern, key.text)
        if glue is not None:
            yield _finding(ctx, key, glue)


@functools.lru_cache(maxsize=8)
def _prefix_pattern(registry: Registry) -> re.Pattern[str] | None:
    """Every position where a known prefix starts (overlapping, longest prefix first)."""
    prefixes = sorted(
        {shape.prefix for p in registry.providers() for shape in p.shapes if shape.prefix},
        key=lambda prefix: (-len(prefix), prefix),
    )
    if not prefixes:
        return None
    return re.compile("(?=(" + "|".join(re.escape(p) for p in prefixes) + "))")


def _glue(registry: Registry, pattern: re.Pattern[str], text: str) -> _Glue | None:
    """The leftmost plausible boundary between two keys in `text`, if any."""
    whole = registry.attribute_key(text)
    if whole is None:
        return None
    whole_valid = _confirmed(whole) and registry.check_shape(text, whole).ok
    if whole_valid:
        return None  # a well-formed key of a confirmed shape is one key, whatever it contains
    for found in pattern.finditer(text, len(whole.shape.prefix) + _MIN_BODY):
        at = found.start()
        head, tail = text[:at], text[at:]
        first, second = registry.attribute_key(head), registry.attribute_key(tail)
        if first is None or second is None or not _plausible(head, first):
            continue
        if not _plausible(tail, second) or len(tail) - len(second.shape.prefix) < _MIN_BODY:
            continue
        same = first.shape.prefix == second.shape.prefix and abs(len(head) - len(tail)) <= 2
        if same or _complete(registry, head, first) or _complete(registry, tail, second):
            return _Glue(at, first, second)
    return None


def _plausible(text: str, match: KeyMatch) -> bool:
    """Long enough and not too long for its shape, and made of key characters only (a comma
    or a blank between two keys makes a list, not a glued value)."""
    shape = match.shape
    in_range = shape.min_length <= len(text) <= shape.max_length
    return in_range and _KEY_TEXT.fullmatch(text) is not None


def _confirmed(match: KeyMatch) -> bool:
    shape = match.shape
    return match.certain and not shape.ambiguous and shape.length_confidence != "unconfirmed"


def _complete(registry: Registry, text: str, match: KeyMatch) -> bool:
    """A whole, well-formed key of a confirmed shape."""
    return _confirmed(match) and registry.check_shape(text, match).ok


def _finding(ctx: FileContext, key: KeyValue, glue: _Glue) -> Finding:
    prefix = glue.second.shape.prefix
    start, _ = key.span(glue.at, glue.at + 1)
    _, end = key.span(glue.at, glue.at + len(prefix))
    first = ctx.registry.get(glue.first.provider or "")
    second = ctx.registry.get(glue.second.provider or "")
    first_kind = _kind(first, glue.first)
    second_kind = _kind(second, glue.second)
    message = (
        f"{key.subject}: two keys glued together: {with_article(second_kind)} starts here, at "
        f"character {glue.at + 1}, right after {with_article(first_kind)} of {glue.at} "
        f"characters; the provider rejects the combined {len(key.text)}-character value, so "
        "keep only the key you mean"
    )
    return RULE.finding(ctx.doc.span(start, end), message)


def _kind(provider: Provider | None, match: KeyMatch) -> str:
    if match.provider is None:
        return f"key starting with `{match.shape.prefix}`"
    return key_kind(provider, match)


RULE = Rule(
    code="KL205",
    name="concatenated-keys",
    severity=Severity.WARNING,
    summary="two keys glued into one value",
    what="\"Two keys glued into one value (the prefix appears twice)\": `sk-proj-…sk-proj-…`, "
    "`gsk_…gsk_…`, or two different known prefixes (`sk-ant-api03-…gsk_…`). Reported at the "
    "second key's prefix. A prefix inside a value counts only at a plausible boundary: after "
    "a plausible key body, with a plausible body after it (both halves of plausible length "
    "and made of key characters only: `k1,k2` or `k1 k2` is a list, not a glued value), and "
    "with evidence of two keys — "
    "one half is a complete, well-formed key of a confirmed shape, or both halves share a "
    "prefix and a length. A value that is itself a well-formed key of a confirmed shape is "
    "never reported, so `sk-` appearing by chance inside a long key body, or the `sk-` that "
    "`sk-ant-api03-` starts with, do not count. Checked in credential values and in keys "
    "written in commands; not in templates or placeholders.",
    why="Pasting over a partly selected old key, or pasting twice, leaves one long value "
    "that the provider rejects with 401 \"invalid API key\"; in an editor that does not "
    "wrap long lines the second key is easy to miss.",
    example="```\nOPENAI_API_KEY=sk-proj-…Qf9xsk-proj-…Zz01\n```\n\nNo automatic fix: keep "
    "the key you mean.",
    check=check,
    scope=Scope.STATEMENT,
)
