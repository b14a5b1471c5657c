"""Hypothesis strategies for `.env` text full of value-hygiene mistakes, and the property the
value rules' fixes must keep: only the variable a finding names changes, and only as intended.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from dotenv import dotenv_values
from hypothesis import strategies as st

from keylint.core.analyze import parse
from keylint.core.document import Document
from keylint.core.model import Assignment
from lint import doc, fixed, lint

NAMES = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "DEBUG", "PROMPT", "MODEL")
# Pieces of values: key-ish text, blanks (ASCII and not), invisible characters, typographic
# quotes, escapes, comment markers, look-alike letters and quote characters.
PIECES = (
    "sk-", "Ab3", "x9", "...", " ", "  ", "\t", "\u00a0", "\u200b", "\u2060", "\ufeff", "“", "”",
    "‘", "’", "«", "\\n", "\\t", "\\\\", "#", " #", "é", "а", "$", "${X}", "'", '"', "\ufffd",
)
VALUES = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@st.composite
def _binding(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    quote = draw(st.sampled_from(("", "'", '"')))
    value = draw(VALUES)
    export = draw(st.sampled_from(("", "export ")))
    tail = draw(st.sampled_from(("", " ", "  ", "\t", " # note", "\u00a0")))
    return f"{export}{name}={quote}{value}{quote}{tail}"


LINES = st.one_of(
    _binding(),
    _binding(),
    st.sampled_from(("", "# comment   ", '# OPENAI_API_KEY="sk-… "', "   ", "JUNK LINE")),
)
NEWLINES = st.sampled_from(("\n", "\r\n"))
DOTENV = st.builds(
    lambda lines, newline: "".join(line + newline for line in lines),
    st.lists(LINES, min_size=1, max_size=6),
    NEWLINES,
)

_NAME_ON_LINE = re.compile(r"\s*(?:export\s+)?([^=\s#]+)\s*=")


def _owner(document: Document, assignments: tuple[Assignment, ...], line: int, column: int) -> str:
    """The variable a finding at (line, column) is about: the value or name holding it."""
    offset = document.offset(line, column)
    for assignment in assignments:
        start = document.start(assignment.value_span)
        if start <= offset <= start + len(assignment.raw):
            return assignment.name
        if assignment.name_span.contains(line, column):
            return assignment.name
    match = _NAME_ON_LINE.match(document.line_text(line))  # a line python-dotenv skips
    return match.group(1) if match else ""


def loaded(text: str) -> dict[str, str | None]:
    """What a Python app loads from `text` (python-dotenv, no interpolation)."""
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


def assert_fixes_keep_other_values(
    text: str,
    code: str,
    intended: Callable[[str | None, str | None], bool],
    *,
    reloads: bool = False,
) -> None:
    """Apply `code`'s safe fixes to `text` (a `.env`) and compare what python-dotenv loads.

    Every variable no finding of `code` names must load exactly as before; for the named ones
    `intended(before, after)` must hold. With `reloads`, a fix may instead make a line that
    python-dotenv skipped (a quote that never closed) load again: the variable must then
    load exactly what that fixed line says. After the fixes, `code` must not fire again.
    """
    document = doc(text, ".env")
    assignments = parse(document).assignments
    touched: dict[str, int] = {}
    for finding in lint(text, ".env", select=code):
        if finding.fix and finding.fix.safe:
            owner = _owner(document, assignments, finding.span.line, finding.span.column)
            touched[owner] = finding.span.line
    after_text = fixed(text, ".env", select=code)
    before, after = loaded(text), loaded(after_text)
    for name in before.keys() | after.keys():
        if name in touched:
            line = after_text.splitlines()[touched[name]]
            reloaded = reloads and after.get(name) == loaded(line + "\n").get(name)
            assert reloaded or intended(before.get(name), after.get(name)), (
                name, text, after_text
            )
        else:
            assert before.get(name) == after.get(name), (name, text, after_text)
    assert not any(
        f.fix and f.fix.safe for f in lint(after_text, ".env", select=code)
    ), (text, after_text)
