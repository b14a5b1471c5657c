"""The `.env` reader: python-dotenv's grammar, with the exact span of every part.

The value we report is the one a Python app loading the file with python-dotenv gets
(`dotenv_values(path, interpolate=False)`); `${VAR}` references are kept as written and mark
the value dynamic. The reader mirrors python-dotenv's parser step by step (same regexes,
same error recovery), so a quoted value that never closes swallows the following lines
exactly as it would in the app.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass

from keylint.core import shift
from keylint.core.document import Document
from keylint.core.model import Assignment, ParsedFile, Problem, Span
from keylint.core.parse.reuse import Reread, common_prefix, common_suffix

_multiline_whitespace = re.compile(r"\s*", re.MULTILINE)
_export = re.compile(r"(?:export[^\S\r\n]+)?")
_single_quoted_key = re.compile(r"'([^']+)'")
_unquoted_key = re.compile(r"([^=\#\s]+)")
_whitespace = re.compile(r"[^\S\r\n]*")
_equal_sign = re.compile(r"(=[^\S\r\n]*)")
_single_quoted_value = re.compile(r"'((?:\\.|[^'\\])*)'", re.DOTALL)
_double_quoted_value = re.compile(r'"((?:\\.|[^"\\])*)"', re.DOTALL)
_unquoted_value = re.compile(r"[^\r\n]*")
_inline_comment = re.compile(r"\s+#")
_comment = re.compile(r"(?:[^\S\r\n]*#[^\r\n]*)?")
_end_of_line = re.compile(r"[^\S\r\n]*(?:\r\n|\n|\r|$)")
_rest_of_line = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_double_quote_escapes = re.compile(r"\\[\\'\"abfnrtv]")
_single_quote_escapes = re.compile(r"\\[\\']")
# A line inside a multi-line quoted value that looks like the next assignment: the
# telltale of a quote that was meant to close on its own line.
# The shape of nearly every line in real files, read in one step: a blank line, a comment,
# or `[export ]NAME=value` with a plain value (no quotes, no blanks) ending the line. For these
# python-dotenv's general grammar gives exactly this reading; anything else takes the general
# path below. This keeps a 10,000-line file well within a keystroke's budget.
_simple_line = re.compile(
    r"(?:[ \t]*|#[^\r\n]*|(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=([^\s'\"#]\S*)?)"
    r"(?:\r\n|\n|\r|\Z)"
)
_swallowed_assignment = re.compile(r"[\r\n][^\S\r\n]*(?:export[^\S\r\n]+)?[A-Za-z_][A-Za-z0-9_]*=")


class _NoMatch(Exception):
    """The binding does not fit the grammar: python-dotenv skips the rest of the line."""


@dataclass
class _Reader:
    """A position in the text that each match moves on, as python-dotenv's reader."""

    text: str
    pos: int = 0

    def match(self, pattern: re.Pattern[str]) -> re.Match[str]:
        found = pattern.match(self.text, self.pos)
        if found is None:
            raise _NoMatch
        self.pos = found.end()
        return found

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]


def _decode(pattern: re.Pattern[str], value: str) -> str:
    return pattern.sub(lambda m: codecs.decode(m.group(0), "unicode-escape"), value)


def parse_dotenv(doc: Document) -> ParsedFile:
    """Every binding of the file, in order, with spans; unreadable lines are skipped like dotenv."""
    return read_dotenv(doc).parsed


@dataclass(frozen=True, slots=True)
class Entry:
    """What one step of python-dotenv's reader yields, on lines [line, end_line).

    Plain lines (most of a file) are read in one step and kept only when they assign; lines
    of the general grammar are always kept, since only they can span lines (a quoted key or
    value). Every line start outside such an entry is a place where the reader starts
    afresh: that is what lets a new version be read again from just before an edit and
    rejoin the previous reading after it. Positions are lines, not offsets, so an edit on
    another line leaves an entry as it is.
    """

    line: int
    end_line: int  # the first line it did not read any of
    assignment: Assignment | None
    problems: tuple[Problem, ...]
    to_eof: bool  # its reading looked at all the text after it (a quote that never closes)


@dataclass(frozen=True)
class DotenvRead:
    """One version's reading, kept so that the next version can reuse what did not change."""

    text: str
    line_count: int
    entries: list[Entry]
    parsed: ParsedFile
    reread: Reread | None = None  # None: the whole text was read


def read_dotenv(doc: Document, previous: DotenvRead | None = None) -> DotenvRead:
    """Read `doc`, reusing `previous` (the reading of an earlier version) where it can.

    The result is exactly what reading the whole text gives (tests compare the two on random
    edits): entries before the edit are kept, the text from the line before the edit is read
    until the reader reaches a line start in the unchanged tail where the previous reading
    also started afresh, and the previous entries from there on are moved down.
    """
    text = doc.text
    if previous is None:
        entries, _ = _read_entries(doc, 0, None)
        return _assemble(doc, entries)
    old = previous.text
    if old == text:
        reread = Reread.nothing(doc.line_count)
        return DotenvRead(text, doc.line_count, previous.entries, previous.parsed, reread)
    old_entries = previous.entries
    head = common_prefix(old, text)
    tail = common_suffix(old, text, min(len(old), len(text)) - head)
    restart = doc.position(max(head - 1, 0))[0]  # that line's end looked at `head`
    kept = bisect.bisect_left(old_entries, restart, key=_line)
    if kept and old_entries[kept - 1].end_line > restart:  # a quoted value spans the edit
        kept -= 1
        restart = old_entries[kept].line
    if _may_close_a_quote(old, text, head, tail):  # an unclosed quote looked at the rest
        for index in range(kept):
            if old_entries[index].to_eof:
                kept, restart = index, old_entries[index].line
                break
    lines = doc.line_count - previous.line_count
    rejoin = _Rejoin(old_entries, len(text) - tail, lines)
    fresh, end_line = _read_entries(doc, restart, rejoin)
    if end_line is None:  # read to the end: nothing to take over
        end_line, moved, removed = doc.line_count, [], old_entries[kept:]
    else:
        removed = old_entries[kept : rejoin.index]
        moved = old_entries[rejoin.index :]
        if lines:
            moved = [_moved(e, lines) for e in moved]
    reread = Reread(restart, end_line, lines, _parsed(fresh), _parsed(removed))
    entries = old_entries[:kept] + fresh + moved
    if lines or previous.parsed.problems or reread.fresh.problems:
        return _assemble(doc, entries, reread)
    # Within a line, the assignments around the edit are the previous ones as they are:
    # slicing them at C speed beats collecting 10,000 of them again.
    before = previous.parsed.assignments
    start = bisect.bisect_left(before, restart, key=_statement_line)
    end = bisect.bisect_left(before, end_line, key=_statement_line)
    parsed = ParsedFile(assignments=before[:start] + reread.fresh.assignments + before[end:])
    return DotenvRead(text, doc.line_count, entries, parsed, reread)


def _may_close_a_quote(old: str, new: str, head: int, tail: int) -> bool:
    """Whether the edit may give a quote that never closed its closing quote (or take one
    away): only by adding or removing a quote or a backslash, or by typing right after a
    backslash or a quote (`\\"` -> `\\x"`, `''` -> `'x'`)."""
    changed = old[head : len(old) - tail] + new[head : len(new) - tail] + old[head - 1 : head]
    return any(c in changed for c in "\"'\\")


def _statement_line(assignment: Assignment) -> int:
    return assignment.statement_span.line  # the line of its entry


def _line(entry: Entry) -> int:
    return entry.line


def _moved(entry: Entry, lines: int) -> Entry:
    assignment = entry.assignment
    return Entry(
        entry.line + lines,
        entry.end_line + lines,
        shift.assignment(assignment, lines) if assignment is not None else None,
        tuple(shift.problem(p, lines) for p in entry.problems),
        entry.to_eof,
    )


def _parsed(entries: list[Entry]) -> ParsedFile:
    return ParsedFile(
        assignments=tuple(e.assignment for e in entries if e.assignment is not None),
        problems=tuple(p for e in entries if e.problems for p in e.problems),
    )


def _assemble(doc: Document, entries: list[Entry], reread: Reread | None = None) -> DotenvRead:
    return DotenvRead(doc.text, doc.line_count, entries, _parsed(entries), reread)


class _Rejoin:
    """Where a new reading may stop and take over the previous one: a line start in the
    unchanged tail that no previous entry straddles (the previous reader started afresh
    there too, and the text from there to the end is the same)."""

    def __init__(self, entries: list[Entry], tail_start: int, lines: int) -> None:
        self.entries = entries
        self.tail_start = tail_start  # first offset (new text) of the unchanged tail
        self.lines = lines  # new line number - old line number, in the tail
        self.index = 0  # the first previous entry to take over

    def at(self, position: int, line: int) -> bool:
        """True when `position`, the start of `line` in the new text, is such a place."""
        if position <= self.tail_start:  # the line break before it must be unchanged too
            return False
        old = line - self.lines
        index = bisect.bisect_left(self.entries, old, key=_line)
        if index and self.entries[index - 1].end_line > old:
            return False
        self.index = index
        return True


def _read_entries(
    doc: Document, line: int, rejoin: _Rejoin | None
) -> tuple[list[Entry], int | None]:
    """Entries from the start of `line` (where python-dotenv's reader starts afresh) to the
    end, or to the line where `rejoin` takes over (returned; None when the end was reached)."""
    text = doc.text
    starts = doc.line_starts
    pos = starts[line]
    if pos == 0 and text.startswith("\ufeff"):
        pos = 1
    reader = _Reader(text, pos)
    entries: list[Entry] = []
    while reader.pos < len(text):
        line_start = reader.pos
        if line_start == starts[line]:
            if rejoin is not None and rejoin.at(line_start, line):
                return entries, line
            simple = _simple_line.match(text, line_start)
            if simple is not None and simple.end() > line_start:
                if simple.group(2) is not None:
                    assignment = _simple_assignment(simple, line, line_start)
                    entries.append(Entry(line, line + 1, assignment, (), False))
                reader.pos = simple.end()
                line += 1
                continue
        problems: list[Problem] = []
        binding = None
        reader.match(_multiline_whitespace)
        if reader.pos >= len(text):
            break
        first = doc.position(reader.pos)[0]
        try:
            binding = _parse_binding(doc, reader, problems)
            to_eof = binding is not None and not binding.closed
        except _NoMatch:  # a `'` key that never closes looked for its quote to the end
            to_eof = True  # (rare enough to assume of every unreadable line)
            reader.match(_rest_of_line)
        if reader.pos == line_start:  # never loop without progress
            reader.pos += 1
        line, column = doc.position(reader.pos)
        # Kept even when it yields nothing: a `'key'` may span lines without a value.
        end_line = line + 1 if column else line  # a line it ended inside is one of its own
        entries.append(Entry(first, end_line, binding, tuple(problems), to_eof))
    return entries, None


def _simple_assignment(match: re.Match[str], line: int, line_offset: int) -> Assignment:
    """A `[export ]NAME=plain-value` line, with spans computed from the known line."""
    name_start, name_end = match.span(2)
    raw = match.group(3) or ""
    value_start = name_end + 1
    value_end = value_start + len(raw)
    start = match.start()
    exported = match.group(1) is not None
    return Assignment(
        name=match.group(2),
        name_span=Span(line, name_start - line_offset, line, name_end - line_offset),
        raw=raw,
        value=raw,
        value_span=Span(line, value_start - line_offset, line, value_end - line_offset),
        statement_span=Span(line, start - line_offset, line, value_end - line_offset),
        exported=exported,
        keyword="export" if exported else "",
        dynamic="${" in raw,
    )


def _parse_binding(doc: Document, reader: _Reader, problems: list[Problem]) -> Assignment | None:
    statement_start = reader.pos
    exported = bool(reader.match(_export).group(0))
    if reader.peek() == "#":
        reader.match(_comment)
        reader.match(_end_of_line)
        return None
    key_match = reader.match(_single_quoted_key if reader.peek() == "'" else _unquoted_key)
    reader.match(_whitespace)
    if reader.peek() != "=":
        reader.match(_comment)
        reader.match(_end_of_line)
        return None  # `KEY` without `=`: python-dotenv loads it as None; not an assignment
    equals = reader.match(_equal_sign).group(1)
    value_start = reader.pos
    quote = reader.peek()
    closed = True
    if len(equals) > 1 and quote == "#":
        raw, value, quote = "", "", ""
    elif quote in ("'", '"'):
        pattern = _single_quoted_value if quote == "'" else _double_quoted_value
        found = pattern.match(reader.text, reader.pos)
        if found is None:
            raw, value, closed = _unterminated(doc, reader, problems, quote)
        else:
            reader.pos = found.end()
            raw = found.group(0)
            escapes = _single_quote_escapes if quote == "'" else _double_quote_escapes
            value = _decode(escapes, found.group(1))
            if _swallowed_assignment.search(raw):
                problems.append(_unclosed_problem(doc, value_start, quote, swallowed=True))
    else:
        quote = ""
        raw, value = _unquoted(reader)
    value_end = value_start + len(raw)
    if closed:
        reader.match(_comment)
        reader.match(_end_of_line)  # text after a closing quote: python-dotenv drops the line
    name_start = key_match.start(1)
    return Assignment(
        name=key_match.group(1),
        name_span=doc.span(name_start, key_match.end(1)),
        raw=raw,
        value=value,
        value_span=doc.span(value_start, value_end),
        statement_span=doc.span(statement_start, value_end),
        quote=quote,
        closed=closed,
        exported=exported,
        keyword="export" if exported else "",
        dynamic=quote != "'" and "${" in value,
    )


def _unquoted(reader: _Reader) -> tuple[str, str]:
    """Unquoted value: up to an inline ` #` comment; trailing blanks kept in raw only."""
    line = reader.match(_unquoted_value).group(0)
    comment = _inline_comment.search(line)
    raw = line[: comment.start()] if comment else line
    reader.pos -= len(line) - len(raw)
    return raw, raw.rstrip()


def _unterminated(
    doc: Document, reader: _Reader, problems: list[Problem], quote: str
) -> tuple[str, str, bool]:
    """A quote with no closing partner anywhere: python-dotenv skips the line."""
    start = reader.pos
    problems.append(_unclosed_problem(doc, start, quote, swallowed=False))
    rest = reader.match(_rest_of_line).group(0).rstrip("\r\n")
    return rest, rest[1:], False


def _unclosed_problem(doc: Document, offset: int, quote: str, *, swallowed: bool) -> Problem:
    if swallowed:
        message = (
            f"this {quote} closes only lines later: python-dotenv reads the following lines "
            "into this value"
        )
    else:
        message = f"this {quote} never closes: python-dotenv skips the whole line"
    return Problem(kind="unterminated-quote", span=doc.span(offset, offset + 1), message=message)
