"""The characters a program loads for an assignment, each mapped back to its source text.

Value rules must point at one character inside a value and edit exactly it. Between the
source and the loaded value sit quotes and escapes (python-dotenv decodes `\\n` inside double
quotes; the shell drops quotes, turns `\\x` into `x` outside them and decodes `$'\\n'`), so
the rules read values through this one mapping instead of guessing from `raw`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from keylint.core.document import Document
from keylint.core.model import Assignment, FileKind, ParsedFile
from keylint.core.rules._chars import KL103_OWNED, SMART_QUOTES, is_blank

_DOTENV_ESCAPES = {'"': "\\'\"abfnrtv", "'": "\\'"}
_ANSI_C = {
    "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
    "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?",
}
_SPECIAL_PARAMS = frozenset("@*#?$!-0123456789")
_LINE_NAME = re.compile(
    r"[^\S\r\n]*(?:(?:export|declare|typeset|readonly|local)(?:[^\S\r\n]+-\w+)*[^\S\r\n]+)?"
    r"([A-Za-z_][A-Za-z0-9_.]*)[^\S\r\n]*="
)


@dataclass(frozen=True, slots=True)
class Char:
    """One loaded character and the document range [start, end) it comes from.

    `char` is "" for an expansion (`$X`, `$(...)`, backticks) whose result is unknown here.
    `quote` is the quoting context of the source: "" (unquoted), "'", '"' or "$'".
    """

    char: str
    start: int
    end: int
    quote: str

    @property
    def source_length(self) -> int:
        return self.end - self.start


def soundly_quoted(doc: Document, parsed: ParsedFile) -> Iterator[Assignment]:
    """The assignments whose quotes close where they should.

    A quote that never closes, or swallows the following lines, makes the value a reader's
    guess; KL106 reports it, and the value rules stay out of it.
    """
    opened = [
        doc.offset(p.span.line, p.span.column)
        for p in parsed.problems
        if p.kind == "unterminated-quote"
    ]
    for assignment in parsed.assignments:
        start = doc.start(assignment.value_span)
        end = start + len(assignment.raw)
        if not any(start <= offset < end for offset in opened):
            yield assignment


def value_chars(doc: Document, assignment: Assignment) -> tuple[Char, ...] | None:
    """The loaded characters of `assignment`, or None when its quoting never closes.

    For an unquoted `.env` value the trailing blanks that `raw` keeps are included:
    Docker's `--env-file` loads them even though python-dotenv strips them. A `\r` that is
    the first half of the line's CRLF is left out: it is KL102's, not part of the value's text.
    Several rules read the same assignment, so results are cached.
    """
    start = doc.start(assignment.value_span)
    end = start + len(assignment.raw)
    crlf = assignment.raw.endswith("\r") and doc.text[end : end + 1] in ("\n", "")
    return _cached(doc.kind, assignment, start, crlf)


@lru_cache(maxsize=1024)
def _cached(
    kind: FileKind, assignment: Assignment, start: int, crlf: bool
) -> tuple[Char, ...] | None:
    if not assignment.closed:
        return None
    if kind is FileKind.DOTENV:
        chars = _dotenv_chars(assignment, start)
    else:
        chars = shell_chars(assignment.raw, start)
    if chars and crlf and chars[-1].char == "\r" and chars[-1].source_length == 1:
        chars.pop()
    return None if chars is None else tuple(chars)


def removal_is_safe(
    kind: FileKind, assignment: Assignment, chars: tuple[Char, ...], first: int, end: int
) -> bool:
    """Whether deleting the sources of chars[first:end] keeps every other character's meaning.

    Deleting text can join what it separated: a lone backslash with the next character (a
    new escape, or an escaped closing quote), `$` with a name (a new expansion), `$X` with
    more name characters, or, in an unquoted `.env` value, bring a quote or `#` to where
    python-dotenv decides how to read the value, a blank before a `#` (a comment), or a
    blank to an end of the value, where python-dotenv strips it. Other fixes of the same
    round may delete the removable characters around this run (blanks, invisible
    characters, typographic quotes), so the neighbours judged are the nearest characters no
    fix removes.
    """
    return removals_are_safe(kind, assignment, chars, ((first, end),))


def removals_are_safe(
    kind: FileKind, assignment: Assignment, chars: tuple[Char, ...],
    ranges: Sequence[tuple[int, int]],
) -> bool:
    """`removal_is_safe` for one fix that deletes several runs, chars[first:end] for each
    (first, end) in `ranges`: each run is judged with the others already gone."""
    removed: frozenset[int] = frozenset()
    if len(ranges) > 1:
        removed = frozenset(i for first, end in ranges for i in range(first, end))
    return all(
        _run_removal_is_safe(kind, assignment, chars, first, end, removed)
        for first, end in ranges
    )


def _run_removal_is_safe(
    kind: FileKind, assignment: Assignment, chars: tuple[Char, ...], first: int, end: int,
    removed: frozenset[int],
) -> bool:
    before = first
    while before and (before - 1 in removed or _removable(chars[before - 1].char)):
        before -= 1
    after = end
    while after < len(chars) and (after in removed or _removable(chars[after].char)):
        after += 1
    previous = chars[before - 1] if before else None
    following = chars[after] if after < len(chars) else None
    if previous is not None:
        lone = previous.source_length == 1
        if lone and previous.char == "\\":
            return False
        if lone and previous.char == "$" and previous.quote in ("", '"'):
            return False
        if previous.char == "" and following is not None and _name_char(following.char):
            return False
    if kind is not FileKind.DOTENV or assignment.quote:
        return True
    # python-dotenv skips blanks after `=` and strips them at the end of an unquoted value:
    # a blank that only a removed character kept inside the value would be lost with it
    if following is None or before == 0:
        deleted = removed.union(range(first, end))
        if following is None and _uncovers_blank(chars, range(before, len(chars)), deleted):
            return False
        if before == 0 and _uncovers_blank(chars, range(after - 1, -1, -1), deleted):
            return False
    if following is None:
        return True
    if following.char in ("'", '"', "#", "") and before == 0:
        return False  # python-dotenv skips blanks after `=`, then looks for a quote or `#`
    # ` #` starts an inline comment: a blank that ends up before the `#` would start one
    return not (following.char == "#" and any(c.char.isspace() for c in chars[before:after]))


def _uncovers_blank(chars: tuple[Char, ...], edge: range, deleted: frozenset[int]) -> bool:
    """Whether a removal leaves a blank at an end of the value.

    `edge` runs from the inside out over the removable characters at that end. A blank the
    fix keeps is exposed when a character that is not blank stands between it and the end:
    the fix deletes it (or another fix may). Blanks already at the end are KL101's.
    """
    kept_blank = False
    for index in edge:
        char = chars[index].char
        if char.isspace() and index not in deleted:
            kept_blank = True
        elif kept_blank and not is_blank(char):
            return True
    return False


def _removable(char: str) -> bool:
    """What a value-hygiene fix may delete: blanks, invisible characters, typographic quotes."""
    return bool(char) and (is_blank(char) or char in KL103_OWNED or char in SMART_QUOTES)


def _name_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def assignment_at(doc: Document, assignments: tuple[Assignment, ...], offset: int) -> str:
    """The name of the variable whose value holds `offset`, "" if none.

    A reader may drop an assignment whose quoting is broken (python-dotenv does when a
    swallowed value is followed by junk), so the line itself is consulted last.
    """
    for assignment in assignments:
        start = doc.start(assignment.value_span)
        if start <= offset <= start + len(assignment.raw):
            return assignment.name
    line, _ = doc.position(offset)
    found = _LINE_NAME.match(doc.text, doc.line_starts[line], offset)
    return found.group(1) if found else ""


def _dotenv_chars(assignment: Assignment, base: int) -> list[Char] | None:
    raw, quote = assignment.raw, assignment.quote
    if not quote:
        return [Char(c, base + i, base + i + 1, "") for i, c in enumerate(raw)]
    if len(raw) < 2 or raw[0] != quote or raw[-1] != quote:
        return None
    escapes = _DOTENV_ESCAPES[quote]
    chars: list[Char] = []
    index, end = 1, len(raw) - 1
    while index < end:
        char = raw[index]
        if char == "\\" and index + 1 < end and raw[index + 1] in escapes:
            pair = raw[index : index + 2]
            decoded = codecs.decode(pair, "unicode-escape") if quote == '"' else pair[1]
            chars.append(Char(decoded, base + index, base + index + 2, quote))
            index += 2
            continue
        chars.append(Char(char, base + index, base + index + 1, quote))
        index += 1
    return chars


def shell_chars(raw: str, base: int) -> list[Char] | None:
    """Quote removal and escape processing as bash does it for a word (an assignment's value,
    a command argument), each character mapped to its source at offset `base`; None when a
    quote never closes. `char` is "" for an expansion, as in `Char`."""
    chars: list[Char] = []
    state = ""
    index, length = 0, len(raw)

    def add(char: str, start: int, end: int) -> None:
        chars.append(Char(char, base + start, base + end, state))

    while index < length:
        char = raw[index]
        following = raw[index + 1] if index + 1 < length else ""
        if state == "'":
            if char == "'":
                state = ""
            else:
                add(char, index, index + 1)
            index += 1
        elif state == "$'":
            if char == "'":
                state, index = "", index + 1
            elif char == "\\" and following:
                decoded, width = _ansi_c_escape(raw, index)
                add(decoded, index, index + width)
                index += width
            else:
                add(char, index, index + 1)
                index += 1
        elif char == "\\" and following:
            if following == "\n":  # line continuation: nothing is loaded
                index += 2
            elif state == "" or following in '$`"\\':
                add(following, index, index + 2)
                index += 2
            else:  # inside double quotes `\x` keeps its backslash
                add(char, index, index + 1)
                index += 1
        elif char == '"':
            state = "" if state == '"' else '"'
            index += 1
        elif state == "" and char == "'":
            state, index = "'", index + 1
        elif state == "" and char == "$" and following in ("'", '"'):
            state, index = ("$'" if following == "'" else '"'), index + 2
        elif char in "$`" and (end := _expansion_end(raw, index)) > index:
            add("", index, end)
            index = end
        else:
            add(char, index, index + 1)
            index += 1
    return chars if state == "" else None


def _ansi_c_escape(raw: str, index: int) -> tuple[str, int]:
    """Decode the `$'...'` escape at raw[index] (a backslash): (character, source width)."""
    code = raw[index + 1]
    if code in _ANSI_C:
        return _ANSI_C[code], 2
    digits, limit, base = "", 0, 16
    if code in "xuU":
        limit = {"x": 2, "u": 4, "U": 8}[code]
        allowed, start = "0123456789abcdefABCDEF", index + 2
    elif code in "01234567":
        limit, base, allowed, start = 3, 8, "01234567", index + 1
    elif code == "c" and index + 2 < len(raw):
        return chr(ord(raw[index + 2]) & 0x1F), 3
    else:
        return "\\", 1
    while len(digits) < limit and start + len(digits) < len(raw):
        if raw[start + len(digits)] not in allowed:
            break
        digits += raw[start + len(digits)]
    if not digits:
        return "\\", 1
    value = int(digits, base)
    decoded = chr(value) if value <= 0x10FFFF else "\ufffd"
    return decoded, start + len(digits) - index


def _expansion_end(raw: str, index: int) -> int:
    """End of the `$...` or backtick expansion at raw[index]; `index` if there is none."""
    if raw[index] == "`":
        return _closing(raw, index + 1, "`", "`")
    following = raw[index + 1 : index + 2]
    if following == "(":
        return _closing(raw, index + 2, "(", ")")
    if following == "{":
        return _closing(raw, index + 2, "{", "}")
    if following in _SPECIAL_PARAMS and following:
        return index + 2
    end = index + 1
    while end < len(raw) and (raw[end].isascii() and (raw[end].isalnum() or raw[end] == "_")):
        end += 1
    if end > index + 1 and not raw[index + 1].isdigit():
        return end
    return index


def _closing(raw: str, index: int, opener: str, closer: str) -> int:
    """Index just past the `closer` matching an already-open `opener`, skipping quotes."""
    depth = 1
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == "'" and opener != "`":
            found = raw.find("'", index + 1)
            index = len(raw) if found < 0 else found + 1
            continue
        if char == closer and (opener == closer or depth == 1):
            return index + 1
        if char == closer:
            depth -= 1
        elif char == opener:
            depth += 1
        index += 1
    return len(raw)
