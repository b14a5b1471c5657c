"""Core <-> protocol conversions: positions, diagnostics, fixes and workspace edits.

The core counts columns in code points; clients count in UTF-16 code units unless they
negotiated UTF-8 or UTF-32. This module is the only place that converts, and it does so
against keylint's own line index (`\\r\\n`, `\\r` and `\\n` only, as the LSP defines lines),
never `str.splitlines`, which also splits at form feeds, U+2028 and friends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path

from keylint.core.document import Document
from keylint.core.model import Edit, Finding, Fix, Severity, Span
from keylint.core.rules import get as get_rule
from keylint.docs import rule_url

SOURCE = "keylint"
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
# A fix whose replacement text is larger than this is not carried in Diagnostic.data (a
# whole-file CRLF fix of a 10 MB file would otherwise ride along every publish); the
# code-action handler recomputes it from the text instead.
MAX_DATA_TEXT = 64 * 1024
MAX_DATA_EDITS = 2000
_AFTER_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")

OtherFiles = Callable[[str], Document | None]

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class Columns:
    """Column conversion for one negotiated position encoding."""

    def __init__(self, encoding: str = UTF16) -> None:
        self.encoding = encoding if encoding in (UTF8, UTF16, UTF32) else UTF16

    def units(self, text: str) -> int:
        """How many client units `text` occupies (surrogatepass: a lone surrogate is data too)."""
        if self.encoding == UTF32 or text.isascii():
            return len(text)
        if self.encoding == UTF16:
            return len(text.encode("utf-16-le", "surrogatepass")) // 2
        return len(text.encode("utf-8", "surrogatepass"))

    def column(self, line_text: str, units: int) -> int:
        """The code-point column of a client column on `line_text`.

        A column inside a character (half a surrogate pair, the middle of a UTF-8 sequence)
        rounds down to that character; a column past the end clamps to the end, as the LSP
        specifies.
        """
        if units <= 0:
            return 0
        if self.encoding == UTF32 or line_text.isascii():
            return min(units, len(line_text))
        width = self._width
        count = 0
        for index, char in enumerate(line_text):
            count += width(char)
            if count > units:
                return index
        return len(line_text)

    def _width(self, char: str) -> int:
        code = ord(char)
        if self.encoding == UTF16:
            return 2 if code > 0xFFFF else 1
        if code < 0x80:
            return 1
        if code < 0x800:
            return 2
        return 3 if code < 0x10000 else 4

    # -- core -> client ---------------------------------------------------------------

    def position(self, index: Document, line: int, column: int) -> types.Position:
        if line >= index.line_count:
            line = index.line_count - 1
            column = len(index.line_text(line))
        text = index.line_text(line)
        return types.Position(line=line, character=self.units(text[: max(column, 0)]))

    def range(self, index: Document, span: Span) -> types.Range:
        return types.Range(
            start=self.position(index, span.line, span.column),
            end=self.position(index, span.end_line, span.end_column),
        )

    # -- client -> core ---------------------------------------------------------------

    def point(self, index: Document, position: types.Position) -> tuple[int, int]:
        """(line, code-point column) of a client position; past the end clamps to the end."""
        if position.line >= index.line_count:
            last = index.line_count - 1
            return last, len(index.line_text(last))
        return position.line, self.column(index.line_text(position.line), position.character)

    def offset(self, index: Document, position: types.Position) -> int:
        line, column = self.point(index, position)
        return index.offset(line, column)

    def span(self, index: Document, range_: types.Range) -> Span:
        """A client range as a core span, clamped and with start <= end."""
        start = self.point(index, range_.start)
        end = self.point(index, range_.end)
        start, end = min(start, end), max(start, end)
        return Span(start[0], start[1], end[0], end[1])


def diagnostic(
    finding: Finding,
    index: Document,
    columns: Columns,
    version: int | None,
    uri: str,
    other_files: OtherFiles | None = None,
) -> types.Diagnostic:
    """A finding as an LSP diagnostic; `data` carries its fix so code actions need no state.

    `other_files(path) -> Document | None` gives the text of another file a related
    location points into (needed to convert its columns); without it columns are code points.
    """
    rule = get_rule(finding.code)
    related = [
        types.DiagnosticRelatedInformation(
            location=_location(r.span, r.path, index, columns, uri, other_files),
            message=r.message,
        )
        for r in finding.related
    ]
    return types.Diagnostic(
        range=columns.range(index, finding.span),
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=rule_url(rule)) if rule else None,
        source=SOURCE,
        message=finding.message,
        tags=[types.DiagnosticTag.Unnecessary] if finding.unnecessary else None,
        related_information=related or None,
        data=fix_data(finding.fix, index, version),
    )


def _location(
    span: Span,
    path: str | None,
    index: Document,
    columns: Columns,
    uri: str,
    other_files: OtherFiles | None,
) -> types.Location:
    if path is None:
        return types.Location(uri=uri, range=columns.range(index, span))
    other = other_files(path) if other_files else None
    if other is None:  # unknown text: code points are the best we can do
        start = types.Position(line=span.line, character=span.column)
        end = types.Position(line=span.end_line, character=span.end_column)
        return types.Location(uri=from_fs_path(path) or path, range=types.Range(start, end))
    return types.Location(uri=from_fs_path(path) or path, range=columns.range(other, span))


# -- fixes in Diagnostic.data ----------------------------------------------------------


def fix_data(fix: Fix | None, index: Document, version: int | None) -> dict[str, Any]:
    """`{"version": v, "fix": {...}}` with minimal edits in code-point spans.

    Edits are cut down to the characters that actually change (see `minimal_edits`):
    smaller messages, editors keep the cursor in place, and a fix that removes a `\r` or a
    space next to a key does not carry the key along. A fix too large to carry is marked
    `"recompute": true` instead.
    """
    data: dict[str, Any] = {"version": version}
    if fix is None:
        return data
    edits = [piece for edit in fix.edits for piece in minimal_edits(index, edit)]
    if len(edits) > MAX_DATA_EDITS or sum(len(e.new_text) for e in edits) > MAX_DATA_TEXT:
        data["recompute"] = True
        return data
    data["fix"] = {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            [e.span.line, e.span.column, e.span.end_line, e.span.end_column, e.new_text]
            for e in edits
        ],
    }
    return data


def fix_from_data(data: Any) -> tuple[int | None, Fix | None, bool]:
    """(version, fix, recompute) read back from `Diagnostic.data`; garbage yields no fix."""
    if not isinstance(data, dict):
        return None, None, False
    version = data.get("version")
    version = version if isinstance(version, int) else None
    recompute = data.get("recompute") is True
    raw = data.get("fix")
    if not isinstance(raw, dict):
        return version, None, recompute
    try:
        edits = tuple(
            Edit(Span(int(a), int(b), int(c), int(d)), str(text))
            for a, b, c, d, text in raw["edits"]
        )
        fix = Fix(str(raw["title"]), edits, bool(raw.get("safe", True)))
    except (KeyError, TypeError, ValueError):
        return version, None, recompute
    return version, fix, recompute


def minimal(index: Document, edit: Edit) -> Edit:
    """The same edit with the unchanged prefix and suffix of its replacement trimmed off."""
    span = edit.span
    start = index.offset(span.line, span.column)
    end = index.offset(span.end_line, span.end_column)
    old, new = index.text[start:end], edit.new_text
    if not old or not new:
        return edit
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    # A position between \r and \n does not exist in the LSP (nor in the core's index):
    # widen the cut to take the whole line break.
    text = index.text
    if head and text[start + head - 1 : start + head + 1] == "\r\n":
        head -= 1
    if tail and text[end - tail - 1 : end - tail + 1] == "\r\n":
        tail -= 1
    if head == 0 and tail == 0:
        return edit
    return Edit(index.span(start + head, end - tail), new[head : len(new) - tail])


def minimal_edits(index: Document, edit: Edit) -> list[Edit]:
    """The edit as small pieces: trimmed to the changed region and, when that region keeps
    its number of lines (line endings converted, blanks removed on several lines), cut into
    one minimal edit per changed line."""
    trimmed = minimal(index, edit)
    span = trimmed.span
    if span.line == span.end_line:
        return [trimmed]
    start = index.offset(span.line, span.column)
    old_lines = _lines(index.text[start : index.offset(span.end_line, span.end_column)])
    new_lines = _lines(trimmed.new_text)
    if len(old_lines) != len(new_lines):
        return [trimmed]
    pieces = []
    for old, new in zip(old_lines, new_lines, strict=True):
        if old != new:
            pieces.append(minimal(index, Edit(index.span(start, start + len(old)), new)))
        start += len(old)
    return pieces


def changed_regions(index: Document, new_text: str) -> list[Edit]:
    """Minimal edits turning the document's text into `new_text` (see `minimal_edits`)."""
    return minimal_edits(index, Edit(index.span(0, len(index.text)), new_text))


def _lines(text: str) -> list[str]:
    """`text` cut after each line break (`\r\n`, `\r`, `\n`), breaks kept."""
    return [line for line in _AFTER_BREAK.split(text) if line]


# -- workspace edits -------------------------------------------------------------------


def text_edits(index: Document, columns: Columns, edits: Iterable[Edit]) -> list[types.TextEdit]:
    return [types.TextEdit(range=columns.range(index, e.span), new_text=e.new_text) for e in edits]


def workspace_edit(
    uri: str,
    version: int | None,
    edits: Sequence[types.TextEdit],
    *,
    document_changes: bool,
) -> types.WorkspaceEdit:
    """A versioned edit when the client takes `documentChanges` (it then refuses an edit made
    for an older version of the text), else the plain `changes` map."""
    if document_changes:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=identifier, edits=list(edits))]
        )
    return types.WorkspaceEdit(changes={uri: list(edits)})
