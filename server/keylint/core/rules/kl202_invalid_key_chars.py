"""KL202 invalid-key-chars: characters no provider puts in a key — masks, elisions, spaces, quotes.

Dashboards show a key once and then only a masked form (`sk-proj-****abcd`, `sk-••••abcd`) or
a shortened one (`sk-pr...abcd`, `sk-pr…abcd`); people copy that, or paste a key in pieces with
a space in between, or keep quotes that were meant as quoting. API keys are single words of
letters, digits, `-` and `_`, so each of these makes the provider answer 401 "invalid API key".

Who reports what: blanks at the edges are KL101's, invisible and other non-ASCII characters
KL103's (except `…` and `•`: a display copy's marks are this rule's, and KL103 leaves them),
typographic quotes KL104's, line breaks and a literal `\\n` KL105's, a leading `Bearer `
KL204's, and a value that is a placeholder or an elided copy as a whole (`sk-...`,
`sk-****`) KL107's: this rule stays silent on all of those.

One finding per key and kind of problem (a display copy, blanks, kept quotes, other
characters outside the provider's set), not one per character: it points at the first
offending run only (so that it never covers a character another finding reports), names the
positions in its message (`_` at characters 12, 16, 18 and 23; past six, "and N more
places"), carries the next few runs as related locations, and its fix, if any, edits all
of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.model import Edit, Finding, Fix, Related, Severity
from keylint.core.providers import KeyShape
from keylint.core.rules._chars import DISPLAY_MASKS
from keylint.core.rules._keys import (
    ASCII_QUOTES,
    KeyValue,
    assignment_keys,
    key_kind,
    quiet_file,
)
from keylint.core.rules._values import Char, removals_are_safe
from keylint.core.rules.base import Rule, Scope

_BLANKS = frozenset(" \t")
_OTHER_RULES = frozenset("\\\n\r")  # a literal `\n` and line breaks are KL105's
_MASKS = frozenset("*•")  # a masked copy: `sk-proj-****abcd`, `sk-••••abcd`
_ELISIONS = frozenset(".…")  # a shortened copy: `sk-pr...abcd`, `sk-pr…abcd`
_LISTED = 6  # positions a message names before "and N more places"
_RELATED = 10  # related locations a finding carries (the first run is the finding's own)

Run = tuple[int, int]  # [first, end) over `KeyValue.loaded`: one character, or a repeat of it


def check(ctx: FileContext) -> Iterator[Finding]:
    if quiet_file(ctx):
        return
    for key in assignment_keys(ctx):
        if key.kl107:
            continue  # KL107 reports the whole value as a placeholder or an elided key
        info = ctx.registry.provider_for_env(key.name)
        known = key.match is not None or (info is not None and info.role == "key")
        # An app's own secret has no known format (a passphrase may hold spaces, `*` or
        # `.`), but nobody types the `…` or `•` of a display copy into one.
        if known or DISPLAY_MASKS.intersection(key.text):
            yield from _check_key(ctx, key, known=known)


def _check_key(ctx: FileContext, key: KeyValue, *, known: bool) -> Iterator[Finding]:
    shape = _definite_shape(key)
    body = len(key.prefix)
    if key.plain and (shape is None or not _outside(shape.charset).search(key.text, body)):
        return  # the common case, decided in one pass: every character is a key character
    loaded = key.loaded
    runs: list[tuple[str, int, int]] = []  # (category, first, end) over `loaded`
    for index in _examined(key):
        char = loaded[index].char
        category = _category(char, shape) if known or char in DISPLAY_MASKS else ""
        if not category:
            continue
        previous = runs[-1] if runs else None
        if (
            previous and previous[0] == category and previous[2] == index
            and category != "quote" and char == loaded[index - 1].char
        ):
            runs[-1] = (category, previous[1], index + 1)
        else:
            runs.append((category, index, index + 1))
    groups: dict[str, list[Run]] = {}
    for category, first, end in runs:
        if category == "display" and loaded[first].char == "." and end - first == 1:
            if shape is None:
                continue  # one dot proves nothing in a key whose character set is unknown
            category = "other"
        groups.setdefault(category, []).append((first, end))
    for category, found in groups.items():
        yield _finding(ctx, key, category, found)


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
    if char in _MASKS or char in _ELISIONS:
        return "display"
    if not char.isascii() or char in _OTHER_RULES:
        return ""
    if char in _BLANKS:
        return "blank"
    if char in ASCII_QUOTES:
        return "quote"
    if shape is not None and _outside(shape.charset).match(char):
        return "other"
    return ""


def _finding(ctx: FileContext, key: KeyValue, category: str, found: list[Run]) -> Finding:
    """The finding for every run of one category in `key`, at the first run."""
    loaded = key.loaded
    spans = [ctx.doc.span(loaded[first].start, loaded[end - 1].end) for first, end in found]
    texts = ["".join(c.char for c in loaded[first:end]) for first, end in found]
    again = "more blanks here" if category == "blank" else None
    related = tuple(  # the first few: a 100k-character value may hold thousands
        Related(span, again or f"`{text}` here too")
        for span, text in zip(spans[1:_RELATED], texts[1:_RELATED], strict=True)
    )
    name = key.subject
    edits = tuple(Edit(span, "") for span in spans)
    fix = None
    if category == "display":
        chars = {loaded[first].char for first, _ in found}
        hidden = "with characters hidden" if chars & _MASKS else ""
        cut = "with its middle left out" if chars & _ELISIONS else ""
        copy = "a masked and shortened" if hidden and cut else "a masked" if hidden else (
            "a shortened"
        )
        how = " and ".join(part for part in (hidden, cut) if part)
        message = (
            f"{name}: {_by_char(key, found)}: {copy} copy of the key, as a dashboard displays "
            f"it {how}, not the key itself; copy the full key again (it is shown in full only "
            "once, when created: you may need to create a new one)"
        )
    elif category == "blank":
        count = sum(end - first for first, end in found)
        text = texts[0]
        what = "blanks" if len(found) > 1 else (
            "a space" if text == " " else "a tab" if text == "\t" else f"{count} blanks"
        )
        message = (
            f"{name}: {what} {_places(key, found)}: keys never contain blanks, so the key was "
            "probably pasted in pieces or wrapped; remove the blanks if the rest is the "
            "complete key"
        )
        fix = Fix("Remove the blanks inside the key", edits, safe=False)
    elif category == "quote":
        by_char = _grouped(loaded, found)
        described = " and ".join(
            (f"a `{char}` quote " if len(runs) == 1 else f"`{char}` quotes ") + _places(key, runs)
            for char, runs in by_char.items()
        )
        one = len(found) == 1
        it, is_ = ("it", "is") if one else ("them", "are")
        message = (
            f"{name}: {described}: the loader keeps {it}, so {it.replace('them', 'they')} "
            f"{is_} sent as part of the key and the provider answers 401; remove {it}"
        )
        title = f"Remove the {texts[0]} quote" if one else "Remove the quotes"
        assignment = key.assignment
        safe = assignment is not None and removals_are_safe(
            ctx.doc.kind, assignment, loaded, found
        )
        fix = Fix(title, edits, safe=safe)
    else:
        match = key.match
        provider = ctx.registry.get(match.provider or "") if match else None
        kind = key_kind(provider, match) if match else "key"
        charset = match.shape.charset if match else ""
        message = (
            f"{name}: {_by_char(key, found)}: {kind}s contain only {_describe(charset)}, so "
            "the key was changed on the way (a copy from a formatted page, an edit); copy it "
            "again"
        )
    return RULE.finding(spans[0], message, fix=fix, related=related)


def _grouped(loaded: tuple[Char, ...], found: list[Run]) -> dict[str, list[Run]]:
    """The runs by their character, in order of first appearance."""
    groups: dict[str, list[Run]] = {}
    for first, end in found:
        groups.setdefault(loaded[first].char, []).append((first, end))
    return groups


def _by_char(key: KeyValue, found: list[Run]) -> str:
    """"`_` at characters 12, 16 and 18; `/` at character 30"."""
    return "; ".join(
        f"`{char}` {_places(key, runs)}" for char, runs in _grouped(key.loaded, found).items()
    )


def _places(key: KeyValue, found: list[Run]) -> str:
    """Where the runs are, counted in characters of the key: "at characters 12, 16 and
    21–22", "before the key", "at character 31 and after the key"."""
    numbers: list[str] = []
    before = after = False
    for first, end in found:
        if first < key.first:
            before = True
        elif first >= key.end:
            after = True
        else:
            start, stop = first - key.first + 1, end - key.first
            numbers.append(str(start) if start == stop else f"{start}–{stop}")
    parts = []
    if numbers:
        word = "character" if len(numbers) == 1 and "–" not in numbers[0] else "characters"
        more = len(numbers) - _LISTED
        listed = [*numbers[:_LISTED], f"{more} more places"] if more > 0 else numbers
        parts.append(f"at {word} {_and(listed)}")
    if before or after:
        parts.append(
            "before and after the key" if before and after
            else "before the key" if before else "after the key"
        )
    return (", and " if len(numbers) > 1 and len(parts) > 1 else " and ").join(parts)


def _and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
    summary="a key holds characters no provider uses: `*`, `…`, `...`, spaces, quotes",
    what="Characters the provider never uses: the marks of a masked or shortened copy of the "
    "key as a dashboard displays it (`*` or `•` runs: `sk-proj-****abcd`, `sk-••••abcd`; `…` "
    "or `...`: `sk-pr…abcd`), blanks or quotes inside, and, for a key whose provider and "
    "character set are confirmed, any other ASCII character outside that set (`/`, `+`, "
    "`.`, `_` in a Groq key…). Checked in values that are keys: a known key prefix, or a "
    "variable the registry knows as a key variable; in other credentials (an app's own "
    "secret, which may be a passphrase) only `…` and `•`. One finding per key and kind of "
    "problem, at the first offending run, naming the positions (`_` at characters 12, 16, "
    "18 and 23) and pointing at the other runs as related locations. Left to other rules so "
    "nothing is reported twice: blanks at the edges (KL101), invisible and other non-ASCII "
    "characters (KL103), typographic quotes (KL104), line breaks and a literal `\\n` "
    "(KL105), a leading `Bearer ` (KL204), and values that are a placeholder or an elided "
    "copy as a whole, such as `sk-...`, `sk-…abcd` or `sk-****` (KL107). Silent in templates "
    "and deliberately redacted copies (`.env.example`, `*.desensitized.zsh`), where masked "
    "keys are the point.",
    why="A dashboard shows a key in full only once; afterwards it shows `sk-proj-****abcd` "
    "or `sk-pr…abcd`, and that copy fails with 401 \"invalid API key\". A key pasted in two "
    "pieces, or kept inside quotes the loader does not remove, fails the same way.",
    example="```\nOPENAI_API_KEY=sk-proj-Ab3d**9xQf\nGROQ_API_KEY=\"gsk_Ab3d  9xQf\"\n"
    "ANTHROPIC_API_KEY='\"sk-ant-api03-…AA\"'   # shell: the double quotes are loaded\n```\n\n"
    "A quote the loader keeps has a fix that removes it (all of them, in one fix); blanks "
    "inside a key have an unsafe fix (the key may be two pastes); masked and shortened keys "
    "must be copied again.",
    check=check,
    fix="remove quotes kept inside the value (blanks inside a key: unsafe fix)",
    scope=Scope.STATEMENT,
)
