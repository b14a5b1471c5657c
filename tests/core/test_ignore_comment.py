"""Where "Ignore KLxxx on this line" puts its comment, per file kind and line shape."""

from __future__ import annotations

import pytest

from keylint.core.analyze import parse
from keylint.core.fixes import apply_edits
from keylint.core.ignore_comment import ignore_edit
from keylint.core.suppress import directives
from lint import doc


def _ignored(text: str, path: str, line: int, code: str = "KL101") -> str | None:
    document = doc(text, path)
    edit = ignore_edit(document, parse(document), line, code)
    if edit is None:
        return None
    result = apply_edits(document, [edit])
    fixed = doc(result, path)
    silenced = directives(fixed)
    target = line + (result.count("\n") - text.count("\n"))  # the line moved if one went above
    assert any(code in silenced.get(n, ()) for n in (target, target - 1)), result
    return result


@pytest.mark.parametrize(
    ("path", "text", "line", "expected"),
    [
        # .env: always on its own line above; indentation and CRLF kept
        (".env", "A=1 \n", 0, "# keylint: ignore[KL101]\nA=1 \n"),
        (".env", "  A=1 \r\nB=2\r\n", 0, "  # keylint: ignore[KL101]\r\n  A=1 \r\nB=2\r\n"),
        # .env, last line of a multi-line quoted value: after the closing quote
        (".env", 'K="a\nb "\n', 1, 'K="a\nb " # keylint: ignore[KL101]\n'),
        # shell: appended, with one space before it
        (".bashrc", 'export T="x "\n', 0, 'export T="x " # keylint: ignore[KL101]\n'),
        (".bashrc", "echo hi   \n", 0, "echo hi   # keylint: ignore[KL101]\n"),
        # shell, backslash continuation: above
        (".bashrc", "cmd a \\\n  b\n", 0, "# keylint: ignore[KL101]\ncmd a \\\n  b\n"),
        # shell, the first line of a multi-line quoted value: above
        (".zshrc", 'T="a \nb"\n', 0, '# keylint: ignore[KL101]\nT="a \nb"\n'),
        # an existing list, on the line or the line above, gets the code
        (".env", "A=1 # keylint: ignore[KL103]\n", 0, "A=1 # keylint: ignore[KL103, KL101]\n"),
        (".env", "# keylint: ignore[KL103]\nA=1\n", 1, "# keylint: ignore[KL103, KL101]\nA=1\n"),
        (".env", "# keylint: ignore[]\nA=1\n", 1, "# keylint: ignore[KL101]\nA=1\n"),
    ],
)
def test_where_the_comment_goes(path: str, text: str, line: int, expected: str):
    assert _ignored(text, path, line) == expected


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        (".env", 'K="a\nb\u00a0\nc"\n', 1),  # the middle of a multi-line value: no safe place
        (".zshrc", "cmd a \\\n  b \\\n  c\n", 1),  # the middle of a continued command
        (".env", "# keylint: ignore\nA=1\n", 1),  # already silenced by a bare directive
        (".env", "A=1 # keylint: ignore[KL1]\n", 0),  # already silenced by a prefix
        (".env", "A=1\n", 7),  # no such line
    ],
)
def test_no_edit(path: str, text: str, line: int):
    document = doc(text, path)
    assert ignore_edit(document, parse(document), line, "KL101") is None


def test_a_directive_inside_a_value_is_not_reused():
    text = 'K="# keylint: ignore[KL103]"\n'
    assert _ignored(text, ".env", 0) == "# keylint: ignore[KL101]\n" + text
