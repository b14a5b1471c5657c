"""The conversions on their own: columns, diagnostics and the fix carried in `data`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from keylint.core.document import Document
from keylint.core.fixes import apply_edits
from keylint.core.model import Edit, FileKind, Finding, Fix, Related, Severity, Span
from keylint.lsp import convert
from keylint.lsp.convert import Columns

EMOJI = "\U0001f600"
LINE = f"a{EMOJI}b\u00a0c"  # units before c: UTF-16 5, UTF-8 1+4+1+2 = 8


def _doc(text: str) -> Document:
    return Document("/w/.env", text, FileKind.DOTENV)


@pytest.mark.parametrize(
    ("encoding", "units", "column"),
    [
        ("utf-16", 5, 4),
        ("utf-8", 8, 4),
        ("utf-32", 4, 4),
        ("utf-16", 2, 1),  # half of the surrogate pair: rounds down to the emoji's start
        ("utf-8", 3, 1),  # inside the emoji's four bytes
        ("utf-16", 999, len(LINE)),  # past the end of the line: clamps to its end
    ],
)
def test_client_columns_to_code_points(encoding: str, units: int, column: int):
    assert Columns(encoding).column(LINE, units) == column


@pytest.mark.parametrize(("encoding", "units"), [("utf-16", 5), ("utf-8", 8), ("utf-32", 4)])
def test_code_points_to_client_columns(encoding: str, units: int):
    doc = _doc(f"x\n{LINE}\n")
    assert Columns(encoding).position(doc, 1, 4) == types.Position(1, units)


def test_positions_past_the_end_clamp_to_the_end_of_the_document():
    doc = _doc("A=1\nB=22")
    columns = Columns("utf-16")
    assert columns.point(doc, types.Position(50, 3)) == (1, 4)
    assert columns.position(doc, 50, 0) == types.Position(1, 4)
    backwards = types.Range(types.Position(1, 2), types.Position(0, 1))
    assert columns.span(doc, backwards) == Span(0, 1, 1, 2)


def test_unknown_encoding_falls_back_to_utf16():
    assert Columns("utf-7").encoding == "utf-16"


def test_diagnostic_fields():
    doc = _doc("A=1\nA=2\n")
    finding = Finding(
        code="KL402",
        severity=Severity.WARNING,
        message="twice",
        span=Span(1, 0, 1, 1),
        related=(
            Related(Span(0, 0, 0, 1), "first here"),
            Related(Span(3, 2, 3, 4), "elsewhere", path="/w/other.env"),
        ),
        unnecessary=True,
    )

    diagnostic = convert.diagnostic(finding, doc, Columns(), 7, "file:///w/.env")

    assert diagnostic.source == "keylint"
    assert diagnostic.code == "KL402"
    assert diagnostic.code_description.href.endswith("#kl402-duplicate-definition")
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.tags == [types.DiagnosticTag.Unnecessary]
    same, other = diagnostic.related_information
    assert same.location.uri == "file:///w/.env"
    assert other.location.uri == "file:///w/other.env"
    assert other.location.range.start == types.Position(3, 2)
    assert diagnostic.data == {"version": 7}


def test_fix_data_is_minimal_and_round_trips():
    key_like = "sk-" + "Zq7" * 20
    doc = _doc(f"KEY={key_like}  \n")
    whole_value = Edit(Span(0, 4, 0, 4 + len(key_like) + 2), key_like)

    data = convert.fix_data(Fix("Trim", (whole_value,)), doc, 3)

    assert data["version"] == 3
    assert data["fix"]["edits"] == [[0, 4 + len(key_like), 0, 6 + len(key_like), ""]]
    assert key_like not in str(data)  # trimming the edit also keeps the key out of it
    version, fix, recompute = convert.fix_from_data(data)
    assert (version, recompute) == (3, False)
    end = 4 + len(key_like)
    assert fix == Fix("Trim", (Edit(Span(0, end, 0, end + 2), ""),), True)


def test_large_fixes_are_recomputed_not_carried():
    doc = _doc("A=1\r\n" * 20_000)
    to_lf = Edit(Span(0, 0, 20_000, 0), doc.text.replace("\r\n", "\n"))

    data = convert.fix_data(Fix("LF", (to_lf,)), doc, 1)

    assert data == {"version": 1, "recompute": True}


@pytest.mark.parametrize(
    "data",
    [None, 5, "x", {"fix": [1, 2]}, {"version": "2", "fix": {"title": "t", "edits": [[1]]}}],
)
def test_garbage_data_yields_no_fix(data):
    _, fix, recompute = convert.fix_from_data(data)
    assert fix is None and recompute is False


def test_workspace_edit_kinds():
    edits = [types.TextEdit(types.Range(types.Position(0, 0), types.Position(0, 0)), "x")]
    versioned = convert.workspace_edit("file:///a", 4, edits, document_changes=True)
    plain = convert.workspace_edit("file:///a", 4, edits, document_changes=False)
    assert versioned.document_changes[0].text_document.version == 4
    assert plain.changes == {"file:///a": edits}


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \r\n\u00a0", max_size=30), st.text(alphabet="ab \r\n\u00a0", max_size=30)
)
def test_changed_regions_rebuild_the_new_text(old: str, new: str):
    doc = _doc(old)

    edits = convert.changed_regions(doc, new)

    assert apply_edits(doc, edits) == new
    for edit in edits:  # every end is a real position: never between \r and \n
        for line, column in ((edit.span.line, edit.span.column),
                             (edit.span.end_line, edit.span.end_column)):
            assert doc.position(doc.offset(line, column)) == (line, column)


def test_crlf_fix_is_carried_line_by_line_without_the_key():
    key_like = "sk-" + "Zq7" * 20
    doc = _doc(f"A=1\r\nKEY={key_like}\r\nB=2\r\n")
    to_lf = Edit(Span(0, 0, 3, 0), doc.text.replace("\r\n", "\n"))

    data = convert.fix_data(Fix("LF", (to_lf,)), doc, 1)

    assert len(data["fix"]["edits"]) == 3
    assert key_like not in str(data)
