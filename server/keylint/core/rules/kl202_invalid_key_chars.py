"""KL202 invalid-key-chars: characters no provider puts in a key — masks, elisions, spaces, quotes.

Dashboards show a key once and then only a masked form (`sk-proj-****abcd`) or a shortened
one (`sk-pr...abcd`); people copy that, or paste a key in pieces with a space in between, or
keep quotes that were meant as quoting. API keys are single words of letters, digits, `-` and
`_`, so each of these makes the provider answer 401 "invalid API key".

Who reports what: blanks at the edges are KL101's, invisible and other non-ASCII characters
(`…` and `•` included) KL103's, typographic quotes KL104's, line breaks and a literal `\\n`
KL105's, a leading `Bearer ` KL204's, and a value that is a placeholder as a whole (`sk-...`,
`sk-****`) KL107's: this rule stays silent on all of those, and reports the ASCII characters
that are left, pointing at each offending run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.model import Edit, FileKind, Finding, Fix, Severity
from keylint.core.providers import KeyShape
from keylint.core.rules._keys import (
    ASCII_QUOTES,
    KeyValue,
    assignment_keys,
    key_kind,
    quiet_file,
)
from keylint.core.rules._values import removal_is_safe
from keylint.core.rules.base import Rule

_BLANKS = frozenset(" \t")
_OTHER_RULES = frozenset("\\\n\r")  # a literal `\n` and line breaks are KL105's


def check(ctx: FileContext) -> Iterator[Finding]:
    if quiet_file(ctx):
        return
    for key in assignment_keys(ctx):
        if key.kl107:
            continue  # KL107 reports the whole value as a placeholder or an elided key
        info = ctx.registry.provider_for_env(key.name)
        if key.match is None and (info is None or info.role != "key"):
            continue  # an app's own secret (a passphrase may hold spaces): no known format
        yield from _check_key(ctx, key)


def _check_key(ctx: FileContext, key: KeyValue) -> Iterator[Finding]:
    shape = _definite_shape(key)
    body = len(key.prefix)
    if key.plain and (shape is None or not _outside(shape.charset).search(key.text, body)):
        return  # the common case, decided in one pass: every character is a key character
    loaded = key.loaded
    runs: list[tuple[str, int, int]] = []  # (category, first, end) over `loaded`
    for index in _examined(key):
        category = _category(loaded[index].char, shape)
        if not category:
            continue
        previous = runs[-1] if runs else None
        if (
            previous and previous[0] == category and previous[2] == index
            and category != "quote" and loaded[index].char == loaded[index - 1].char
        ):
            runs[-1] = (category, previous[1], index + 1)
        else:
            runs.append((category, index, index + 1))
    for category, first, end in runs:
        if category == "dots" and end - first == 1:
            if shape is None:
                continue  # one dot proves nothing in a key whose character set is unknown
            category = "other"
        yield _finding(ctx, key, category, first, end)


def _examined(key: KeyValue) -> list[int]:
    """Indexes into `loaded`: the key after its prefix, and ASCII quotes kept around it."""
    loaded = key.loaded
    edges = [*range(key.scheme_start), *range(key.end, len(loaded))]
    quotes = [i for i in edges if loaded[i].char in ASCII_QUOTES]
    body = key.first + (len(key.prefix) if key.text.startswith(key.prefix) else 0)
    return sorted([*quotes, *range(body, key.end)])


@functools.cache
def _outside(charset: str) -> re.Pattern[str]:
    """A regex finding the characters outside a `[...]` character class."""
    return re.compile("[^" + charset[1:])


def _definite_shape(key: KeyValue) -> KeyShape | None:
    """The shape whose character set is confirmed for this key, if the provider is certain."""
    match = key.match
    if match is None or not match.certain or match.shape.ambiguous:
        return None
    if match.shape.length_confidence == "unconfirmed":
        return None
    return match.shape


def _category(char: str, shape: KeyShape | None) -> str:
    if not char.isascii() or char in _OTHER_RULES:
        return ""
    if char == "*":
        return "mask"
    if char == ".":
        return "dots"
    if char in _BLANKS:
        return "blank"
    if char in ASCII_QUOTES:
        return "quote"
    if shape is not None and _outside(shape.charset).match(char):
        return "other"
    return ""


def _finding(ctx: FileContext, key: KeyValue, category: str, first: int, end: int) -> Finding:
    chars = key.loaded[first:end]
    span = ctx.doc.span(chars[0].start, chars[-1].end)
    text = "".join(c.char for c in chars)
    name = key.subject
    if first < key.first:
        at = "before the key"
    elif first >= key.end:
        at = "after the key"
    else:
        at = f"at character {first - key.first + 1} of the key"
    fix = None
    if category == "mask":
        message = (
            f"{name}: `{text}` {at}: this is a masked key as a dashboard displays it, and "
            "no provider puts `*` in a key; copy the full key (it is shown only once, when "
            "created: you may need to create a new one)"
        )
    elif category == "dots":
        message = (
            f"{name}: `{text}` {at}: a shortened display copy of the key, with its middle "
            "left out; copy the full key"
        )
    elif category == "blank":
        what = "a space" if text == " " else "a tab" if text == "\t" else f"{len(text)} blanks"
        message = (
            f"{name}: {what} {at}: keys never contain blanks, so the key was probably pasted "
            "in pieces or wrapped; remove the blanks if the rest is the complete key"
        )
        fix = Fix("Remove the blanks inside the key", (Edit(span, ""),), safe=False)
    elif category == "quote":
        message = (
            f"{name}: a {text} quote {at}: the loader keeps it, so it is sent as part of the "
            "key and the provider answers 401; remove it"
        )
        fix = Fix(f"Remove the {text} quote", (Edit(span, ""),),
                  safe=_removal_safe(ctx, key, first, end))
    else:
        match = key.match
        provider = ctx.registry.get(match.provider or "") if match else None
        kind = key_kind(provider, match) if match else "key"
        charset = match.shape.charset if match else ""
        message = (
            f"{name}: `{text}` {at}: {kind}s contain only {_describe(charset)}, so the key "
            "was changed on the way (a copy from a formatted page, an edit); copy it again"
        )
    return RULE.finding(span, message, fix=fix)


def _removal_safe(ctx: FileContext, key: KeyValue, first: int, end: int) -> bool:
    """Whether removing loaded[first:end] changes nothing else in the value.

    On top of `removal_is_safe`: in an unquoted `.env` value python-dotenv strips blanks at
    both ends, so a removal that leaves a blank at an end (once the other quotes reported are
    removed too) would drop that blank as well.
    """
    assignment, loaded = key.assignment, key.loaded
    if assignment is None or not removal_is_safe(ctx.doc.kind, assignment, loaded, first, end):
        return False
    if ctx.doc.kind is not FileKind.DOTENV or assignment.quote:
        return True
    text = "".join(c.char for c in loaded)
    edge = frozenset(ASCII_QUOTES) | {" ", "\t"}  # other quotes may be removed too
    before = text[:first].rstrip("".join(ASCII_QUOTES))
    after = text[end:].lstrip("".join(ASCII_QUOTES))
    exposed_end = not text[end:].strip("".join(edge)) and before[-1:].isspace()
    exposed_start = not text[:first].strip("".join(edge)) and after[:1].isspace()
    return not (exposed_start or exposed_end)


def _describe(charset: str) -> str:
    return {
        "[A-Za-z0-9]": "letters and digits",
        "[A-Za-z0-9_-]": "letters, digits, `-` and `_`",
        "[A-Za-z0-9_]": "letters, digits and `_`",
        "[0-9a-f]": "lowercase hexadecimal digits",
    }.get(charset, f"characters of {charset}")


RULE = Rule(
    code="KL202",
    name="invalid-key-chars",
    severity=Severity.WARNING,
    summary="a key holds characters no provider uses: `*`, `...`, spaces, quotes",
    what="\"Characters the provider never uses: `*` runs (a masked key copied from a "
    "dashboard, `sk-proj-****abcd`), `…` or `...` (a shortened display copy), spaces or "
    "quotes inside\", and, for a key whose provider and character set are confirmed, any "
    "other ASCII character outside that set (`/`, `+`, `.`…). Each offending run is pointed "
    "at. Checked in values that are keys: a known key prefix, or a variable the registry "
    "knows as a key variable. Left to other rules so nothing is reported twice: blanks at "
    "the edges (KL101), non-ASCII characters including `…` and `•` (KL103), typographic "
    "quotes (KL104), line breaks and a literal `\\n` (KL105), a leading `Bearer ` (KL204), "
    "and values that are a placeholder as a whole, such as `sk-...` or `sk-****` (KL107). "
    "Silent in templates and deliberately redacted copies (`*.desensitized.zsh`), where "
    "masked keys are the point.",
    why="A dashboard shows a key in full only once; afterwards it shows `sk-proj-****abcd` "
    "or `sk-pr...abcd`, and that copy fails with 401 \"invalid API key\". A key pasted in two "
    "pieces, or kept inside quotes the loader does not remove, fails the same way.",
    example="```\nOPENAI_API_KEY=sk-proj-Ab3d**9xQf\nGROQ_API_KEY=\"gsk_Ab3d…  9xQf\"\n"
    "ANTHROPIC_API_KEY='\"sk-ant-api03-…AA\"'   # shell: the double quotes are loaded\n```\n\n"
    "A quote the loader keeps has a fix that removes it; blanks inside a key have an unsafe "
    "fix (the key may be two pastes); masked and shortened keys must be copied again.",
    check=check,
    fix="remove a quote kept inside the value (blanks inside a key: unsafe fix)",
)
