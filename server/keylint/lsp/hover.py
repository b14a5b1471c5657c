"""`textDocument/hover`: the core's description of a credential or base URL, as Markdown."""

from __future__ import annotations

from lsprotocol import types

from keylint.core.config import Config
from keylint.core.describe import assignment_at, describe
from keylint.lsp.convert import Columns
from keylint.lsp.documents import Snapshot


def hover(
    snapshot: Snapshot, position: types.Position, config: Config, columns: Columns, markdown: bool
) -> types.Hover | None:
    document, parsed = snapshot.document, snapshot.parsed()
    line, column = columns.point(document, position)
    text = describe(document, parsed, line, column, config)
    if text is None:
        return None
    assignment = assignment_at(parsed, line, column)
    span = None
    if assignment is not None:
        span = assignment.name_span if assignment.name_span.contains(line, column) else (
            assignment.value_span
        )
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value=text),
        range=columns.range(document, span) if span else None,
    )
