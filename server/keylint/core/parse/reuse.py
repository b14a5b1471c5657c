"""What reading a new version of a file can reuse from the previous one.

An edit changes one stretch of text; the text before it and after it is the same as in the
previous version. Readers find that stretch by comparing the two texts (no editor has to say
where it typed), read it again, and report the lines they read as a `Reread`, so that the
rules can reuse their findings on the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from keylint.core.model import ParsedFile, Statement

_BLOCK = 4096  # compare this many characters at a time: C speed, little copying


@dataclass(frozen=True)
class Reread:
    """The lines of a new version that were read again: [start_line, end_line).

    Lines before `start_line` are the previous version's, unchanged; lines from `end_line` on
    are the previous version's lines `end_line - lines` on, moved down by `lines`. `fresh`
    holds what the re-read lines contain, and only that.
    """

    start_line: int
    end_line: int
    lines: int
    fresh: ParsedFile
    removed: ParsedFile  # what the previous version held on the lines read again

    @classmethod
    def nothing(cls, line_count: int) -> Reread:
        """The text did not change: nothing was read again."""
        return cls(line_count, line_count, 0, ParsedFile(), ParsedFile())

    def changed(self) -> Iterator[Statement]:
        """The statements the edit removed or added."""
        yield from self.removed.statements()
        yield from self.fresh.statements()


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of `a` and `b`."""
    limit = min(len(a), len(b))
    start = 0  # a[:start] == b[:start]
    while start < limit and a[start : start + _BLOCK] == b[start : start + _BLOCK]:
        start += _BLOCK
    if start >= limit:
        return limit
    end = min(start + _BLOCK, limit)  # a[:end] != b[:end] unless end == limit
    while end - start > 1:  # halve the block that differs, comparing slices at C speed
        middle = (start + end) // 2
        if a[start:middle] == b[start:middle]:
            start = middle
        else:
            end = middle
    return start + 1 if a[start:end] == b[start:end] else start


def common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix of `a` and `b`, at most `limit`."""
    return common_prefix(a[len(a) - limit :][::-1], b[len(b) - limit :][::-1])
