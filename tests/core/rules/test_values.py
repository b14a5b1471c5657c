"""`rules/_values.py`: the loaded characters of a value, and when deleting some is safe."""

from __future__ import annotations

import pytest

from keylint.core.analyze import parse
from keylint.core.rules._values import (
    Char,
    removal_is_safe,
    removals_are_safe,
    shell_chars,
    value_chars,
)
from lint import doc


def _removal(text: str, path: str, *pieces: str) -> bool:
    """Whether deleting each of `pieces` (its first occurrence in the value) is safe."""
    document = doc(text, path)
    (assignment,) = parse(document).assignments
    chars = value_chars(document, assignment)
    assert chars is not None
    loaded = "".join(c.char for c in chars)
    ranges = []
    for piece in pieces:
        start = loaded.index(piece)
        ranges.append((start, start + len(piece)))
    if len(ranges) == 1:
        assert removal_is_safe(document.kind, assignment, chars, *ranges[0]) == (
            removals_are_safe(document.kind, assignment, chars, ranges)
        )
    return removals_are_safe(document.kind, assignment, chars, ranges)


@pytest.mark.parametrize(
    ("text", "path", "pieces"),
    [
        ('K=abc"\n', ".env", ['"']),
        ("K=a'bc\n", ".env", ["'"]),
        ('K="abc ”"\n', ".env", ["”"]),  # inside quotes every loader keeps the blank
        ("K=abc \u200b\n", ".env", ["\u200b"]),  # the blank is at the edge already: KL101's
        ("K=Bearer abc\n", ".env", ["Bearer "]),  # the run takes its own blank along
        ("export K=abc' 'x\n", ".zshrc", ["x"]),  # the shell keeps a quoted blank
        ("K=xab cdy\n", ".env", ["x", "y"]),
    ],
)
def test_safe(text: str, path: str, pieces: list[str]) -> None:
    assert _removal(text, path, *pieces)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # python-dotenv strips a blank that the removal leaves at an end of an unquoted value
        ('K=abc "\n', ['"']),
        ("K=abc ”\n", ["”"]),
        ("K=x abc\n", ["x"]),
        ("K=abc \"'\n", ['"', "'"]),  # each alone is safe, both in one fix are not
        # joins: a new escape or expansion, a quote or a comment where python-dotenv looks
        ("K=abc\\x\"\n", ["x"]),
        ("K=x'abc\n", ["x"]),
        ("K=abc x#1\n", ["x"]),
    ],
)
def test_unsafe(text: str, pieces: list[str]) -> None:
    assert not _removal(text, ".env", *pieces)


def test_each_removal_alone_is_safe_where_both_are_not() -> None:
    assert _removal("K=abc \"'\n", ".env", '"')
    assert _removal("K=abc \"'\n", ".env", "'")


def test_shell_chars_maps_every_character_to_its_source() -> None:
    assert shell_chars("a'b c'\\$\"$X\"", 10) == [
        Char("a", 10, 11, ""), Char("b", 12, 13, "'"), Char(" ", 13, 14, "'"),
        Char("c", 14, 15, "'"), Char("$", 16, 18, ""), Char("", 19, 21, '"'),
    ]
    assert shell_chars("'never closed", 0) is None
