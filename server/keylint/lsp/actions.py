"""Code actions: each diagnostic's fix, "Ignore KLxxx on this line", and fix-all.

Quick fixes come from `Diagnostic.data` (see convert.fix_data), so this module keeps no
state between requests. Data made for an older version of the text is not trusted: the
current text is analysed again and its fixes are offered instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from keylint.core.analyze import analyze
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.fixes import fix_document
from keylint.core.ignore_comment import ignore_edit
from keylint.core.model import Finding, Fix, Span
from keylint.lsp import convert
from keylint.lsp.documents import Snapshot

FIX_ALL_KIND = "source.fixAll.keylint"
PROBE_CODES = "KL9"  # live probe results: nothing to fix or ignore, they go at the next edit
FIX_ALL_TITLE = "Fix all auto-fixable keylint problems"


def code_actions(
    snapshot: Snapshot,
    params: types.CodeActionParams,
    config: Config,
    columns: convert.Columns,
    *,
    document_changes: bool,
) -> list[types.CodeAction]:
    document = snapshot.document
    only = params.context.only
    ours = [
        d for d in params.context.diagnostics
        if d.source == convert.SOURCE and isinstance(d.code, str)
        and not d.code.startswith(PROBE_CODES)
    ]
    actions: list[types.CodeAction] = []
    edit = _Edits(snapshot, columns, document_changes)
    if wants(only, types.CodeActionKind.QuickFix):
        for diagnostic, fix in _fixes(snapshot, ours, params.range, config, columns):
            actions.append(
                types.CodeAction(
                    title=fix.title if fix.safe else f"{fix.title} (unsafe)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True if fix.safe else None,
                    edit=edit(convert.text_edits(document, columns, fix.edits)),
                )
            )
        actions.extend(_ignore_actions(snapshot, ours, columns, edit))
    # Fix-all costs a full fix loop: computed when asked for by kind, or alongside quick
    # fixes when the cursor is on one of our diagnostics, not on every cursor move.
    if (only is not None and wants(only, FIX_ALL_KIND)) or (only is None and ours):
        action = fix_all_action(document, config, edit)
        if action is not None:
            actions.append(action)
    return actions


def wants(only: Sequence[str] | None, kind: str) -> bool:
    """Code action kinds are hierarchical: asking for `source.fixAll` includes ours."""
    if only is None:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def fix_all_edit(
    document: Document, config: Config, columns: convert.Columns
) -> list[types.TextEdit]:
    """All safe fixes (re-checked until stable by the core) as minimal text edits."""
    fixed = fix_document(document, config)
    if fixed == document.text:
        return []
    return convert.text_edits(document, columns, convert.changed_regions(document, fixed))


def fix_all_action(
    document: Document, config: Config, edit: _Edits
) -> types.CodeAction | None:
    edits = fix_all_edit(document, config, edit.columns)
    if not edits:
        return None
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND, edit=edit(edits))


class _Edits:
    """Wraps text edits for this buffer in the kind of workspace edit the client takes."""

    def __init__(
        self, snapshot: Snapshot, columns: convert.Columns, document_changes: bool
    ) -> None:
        self.snapshot = snapshot
        self.columns = columns
        self.document_changes = document_changes

    def __call__(self, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        return convert.workspace_edit(
            self.snapshot.uri,
            self.snapshot.version,
            edits,
            document_changes=self.document_changes,
        )


def _fixes(
    snapshot: Snapshot,
    diagnostics: list[types.Diagnostic],
    request: types.Range,
    config: Config,
    columns: convert.Columns,
) -> list[tuple[types.Diagnostic, Fix]]:
    """The fix for each diagnostic that has one: from its data when that was made for this
    very text, else from analysing the current text."""
    document = snapshot.document
    found: list[tuple[types.Diagnostic, Fix]] = []
    current: list[Finding] | None = None
    for diagnostic in diagnostics:
        version, fix, recompute = convert.fix_from_data(diagnostic.data)
        fresh = version == snapshot.version
        if fix is not None and fresh:
            found.append((diagnostic, fix))
            continue
        if fix is None and not recompute and fresh:
            continue  # a finding without a fix
        if current is None:
            current = analyze(document, config)
        where = diagnostic.range if fresh else request
        span = columns.span(document, where)
        for finding in current:
            if finding.code != diagnostic.code or finding.fix is None:
                continue
            if fresh and columns.range(document, finding.span) != diagnostic.range:
                continue
            if not fresh and not _overlaps(finding.span, span):
                continue
            edits = tuple(p for e in finding.fix.edits for p in convert.minimal_edits(document, e))
            found.append((diagnostic, Fix(finding.fix.title, edits, finding.fix.safe)))
            break
    return found


def _ignore_actions(
    snapshot: Snapshot,
    diagnostics: list[types.Diagnostic],
    columns: convert.Columns,
    edit: _Edits,
) -> list[types.CodeAction]:
    document = snapshot.document
    parsed = snapshot.parsed() if diagnostics else None
    actions: list[types.CodeAction] = []
    seen: set[tuple[int, str]] = set()
    for diagnostic in diagnostics:
        code = str(diagnostic.code)
        line, _ = columns.point(document, diagnostic.range.start)
        if (line, code) in seen:
            continue
        seen.add((line, code))
        change = ignore_edit(document, parsed, line, code) if parsed else None
        if change is None:
            continue
        actions.append(
            types.CodeAction(
                title=f"Ignore {code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=edit(convert.text_edits(document, columns, [change])),
            )
        )
    return actions


def _overlaps(a: Span, b: Span) -> bool:
    start_a, end_a = (a.line, a.column), (a.end_line, a.end_column)
    start_b, end_b = (b.line, b.column), (b.end_line, b.end_column)
    return start_a <= end_b and start_b <= end_a
