"""The `.env` reader: python-dotenv's grammar, with the exact span of every part.

The value we report is the one a Python app loading the file with python-dotenv gets
(`dotenv_values(path, interpolate=False)`); `${VAR}` references are kept as written and mark
the value dynamic. The reader mirrors python-dotenv's parser step by step (same regexes,
same error recovery), so a quoted value that never closes swallows the following lines
exactly as it would in the app.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from keylint.core.document import Document
from keylint.core.model import Assignment, ParsedFile, Problem, Span

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
    text = doc.text
    reader = _Reader(text, 1 if text.startswith("\ufeff") else 0)
    assignments: list[Assignment] = []
    problems: list[Problem] = []
    starts = doc.line_starts
    line = 0
    while reader.pos < len(text):
        line_start = reader.pos
        if line_start == starts[line]:
            simple = _simple_line.match(text, line_start)
            if simple is not None and simple.end() > line_start:
                if simple.group(2) is not None:
                    assignments.append(_simple_assignment(simple, line, starts[line]))
                reader.pos = simple.end()
                line += 1
                continue
        try:
            reader.match(_multiline_whitespace)
            if reader.pos >= len(text):
                break
            binding = _parse_binding(doc, reader, problems)
            if binding is not None:
                assignments.append(binding)
        except _NoMatch:
            reader.match(_rest_of_line)
        if reader.pos == line_start:  # never loop without progress
            reader.pos += 1
        line = doc.position(reader.pos)[0]
    return ParsedFile(assignments=tuple(assignments), problems=tuple(problems))


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
        value_offset=value_start,
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
        value_offset=value_start,
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
