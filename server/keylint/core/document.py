"""A file's text with the line index every span conversion needs."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from keylint.core.model import FileKind, Span

# The LSP treats \r\n, \n and a lone \r as line breaks; so do we, so lines agree with editors.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Document:
    """Text plus what it is. Offsets are indexes into `text` (code points)."""

    path: str
    text: str
    kind: FileKind
    template: bool = False  # .env.example and friends: placeholders are expected there
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def line_starts(self) -> list[int]:
        """Offsets where each line begins (computed once, on first use)."""
        if not self._line_starts:
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in LINE_BREAK.finditer(text))
            else:  # the usual case, three times faster: each line starts after the last one
                lengths = [len(line) + 1 for line in text.split("\n")[:-1]]
                starts = list(itertools.accumulate(lengths, initial=0))
            self._line_starts = starts
        return self._line_starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset; past the end or inside a line break, it clamps."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[line]
        if line + 1 < len(starts) and offset > starts[line + 1] - 3:
            # An offset inside a line break (the \n of \r\n, or just past \r): a shell
            # value may end with the \r bash keeps, but the LSP line ends before it.
            column = min(column, self.line_end(line) - starts[line])
        return line, column

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def offset(self, line: int, column: int) -> int:
        """Offset of (line, column); positions past a line's end clamp to that line's end."""
        starts = self.line_starts
        if line >= len(starts):
            return len(self.text)
        start = starts[line]
        offset = start + max(column, 0)
        if line + 1 < len(starts) and offset <= starts[line + 1] - 3:
            return offset  # well before the line break (at most two characters)
        return min(offset, self.line_end(line))

    def start(self, span: Span) -> int:
        """The offset where `span` begins."""
        return self.offset(span.line, span.column)

    def end(self, span: Span) -> int:
        """The offset where `span` ends (before the line break, where a span ending in a
        `\r` that bash keeps is cut)."""
        return self.offset(span.end_line, span.end_column)

    def line_end(self, line: int) -> int:
        """Offset just before the line break of `line` (or the end of the text)."""
        if line + 1 < self.line_count:
            end = self.line_starts[line + 1]
            if self.text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def line_text(self, line: int) -> str:
        """The line without its line break."""
        if line >= self.line_count:
            return ""
        return self.text[self.line_starts[line] : self.line_end(line)]
