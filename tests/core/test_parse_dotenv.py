"""The .env reader: python-dotenv's values, with exact spans."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import corpus_or_skip
from keylint.core.document import Document
from keylint.core.model import Assignment, FileKind, Span
from keylint.core.parse.dotenv import parse_dotenv


def parse(text: str) -> tuple[Document, list[Assignment]]:
    doc = Document(".env", text, FileKind.DOTENV)
    return doc, list(parse_dotenv(doc).assignments)


def only(text: str) -> Assignment:
    _, assignments = parse(text)
    assert len(assignments) == 1, assignments
    return assignments[0]


@pytest.mark.parametrize(
    ("text", "value", "raw", "quote"),
    [
        ("KEY=abc\n", "abc", "abc", ""),
        ("KEY=abc   \n", "abc", "abc   ", ""),
        ("KEY=abc # note\n", "abc", "abc", ""),
        ("KEY=abc#not-a-comment\n", "abc#not-a-comment", "abc#not-a-comment", ""),
        ("KEY= # only a comment\n", "", "", ""),
        ('KEY="a b "\n', "a b ", '"a b "', '"'),
        ('KEY="line\\nnext"\n', "line\nnext", '"line\\nnext"', '"'),
        ("KEY='a\\nb'\n", "a\\nb", "'a\\nb'", "'"),
        ("KEY='it\\'s'\n", "it's", "'it\\'s'", "'"),
        ('KEY="multi\nline"\n', "multi\nline", '"multi\nline"', '"'),
        ("export KEY=abc\n", "abc", "abc", ""),
        ("KEY=\n", "", "", ""),
        ('KEY=""\n', "", '""', '"'),
        ("KEY=${OTHER}/x\n", "${OTHER}/x", "${OTHER}/x", ""),
    ],
)
def test_values_match_python_dotenv(text: str, value: str, raw: str, quote: str) -> None:
    assignment = only(text)
    assert assignment.value == value
    assert assignment.raw == raw
    assert assignment.quote == quote
    assert dotenv_values(stream=io.StringIO(text), interpolate=False)["KEY"] == value


def test_spans_are_exact_in_code_points() -> None:
    doc, (first, second) = parse("# 🔑 keys\nexport  A=x\nKEY_2 = 'é\u200bz'  # c\n")
    assert first.name_span == Span(1, 8, 1, 9)
    assert first.statement_span == Span(1, 0, 1, 11)
    assert first.exported and first.keyword == "export"
    assert second.name_span == Span(2, 0, 2, 5)
    assert second.value_span == Span(2, 8, 2, 13)
    start = doc.start(second.value_span)
    assert doc.text[start : start + len(second.raw)] == second.raw


def test_crlf_is_not_part_of_the_value() -> None:
    _doc, (a, b) = parse("A=1\r\nB='2'\r\n")
    assert (a.value, a.raw, b.value) == ("1", "1", "2")
    assert a.value_span == Span(0, 2, 0, 3)
    assert b.name_span == Span(1, 0, 1, 1)


def test_unterminated_quote_is_a_problem_at_the_opening_quote() -> None:
    doc = Document(".env", 'A=1\nKEY="sk-abc\nB=2\n', FileKind.DOTENV)
    parsed = parse_dotenv(doc)
    assert [a.name for a in parsed.assignments] == ["A", "KEY", "B"]
    key = parsed.assignments[1]
    assert not key.closed
    (problem,) = parsed.problems
    assert problem.kind == "unterminated-quote"
    assert problem.span == Span(1, 4, 1, 5)
    assert "never closes" in problem.message


def test_quote_closing_lines_later_swallows_assignments() -> None:
    doc = Document(".env", 'KEY="sk-abc\nB=2\nC="\n', FileKind.DOTENV)
    parsed = parse_dotenv(doc)
    assert parsed.assignments[0].value == "sk-abc\nB=2\nC="
    (problem,) = parsed.problems
    assert problem.span == Span(0, 4, 0, 5)
    assert "lines later" in problem.message


def test_bom_and_garbage_lines_are_skipped_like_python_dotenv() -> None:
    _, assignments = parse('\ufeffA=1\n=oops\nB="x" trailing\nC=3')
    assert [(a.name, a.value) for a in assignments] == [("A", "1"), ("C", "3")]


LINE = st.one_of(
    st.from_regex(r"(export )?[A-Z_]{1,6} ?= ?[a-z\"' #\\n$]{0,8}( #c)?", fullmatch=True),
    st.text(alphabet=st.sampled_from([*list("AB='\"#\\ n\t\r$"), "\u200b", "é"]), max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, max_size=8).map("\n".join))
def test_every_value_equals_python_dotenv(text: str) -> None:
    _, assignments = parse(text)
    ours: dict[str, str] = {}
    for assignment in assignments:
        if assignment.closed:  # an unclosed quote is reported, python-dotenv drops the line
            ours[assignment.name] = assignment.value
    theirs = dotenv_values(stream=io.StringIO(text), interpolate=False)
    # `KEY` without `=` loads as None in python-dotenv (overriding an earlier value); keylint
    # does not treat it as an assignment.
    ours = {k: v for k, v in ours.items() if theirs.get(k) is not None}
    assert ours == {k: v for k, v in theirs.items() if v is not None}


def test_real_corpus_values_equal_python_dotenv() -> None:
    corpus = corpus_or_skip()
    for path in sorted((corpus / "dotenv").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        _, assignments = parse(text)
        ours = {a.name: a.value for a in assignments if a.closed}
        theirs = dotenv_values(stream=io.StringIO(text), interpolate=False)
        assert ours == {k: v for k, v in theirs.items() if v is not None}, path
