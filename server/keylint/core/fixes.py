"""Applying fixes: non-overlapping edits, applied back to front, repeated until stable."""

from __future__ import annotations

from collections.abc import Iterable

from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.model import Edit, Finding, Fix

MAX_ROUNDS = 10


def apply_edits(doc: Document, edits: Iterable[Edit]) -> str:
    """The text with `edits` applied. Overlapping edits after the first are dropped."""
    spans = sorted(
        ((doc.offset(e.span.line, e.span.column), doc.offset(e.span.end_line, e.span.end_column), e)
         for e in edits),
        key=lambda item: (item[0], item[1]),
    )
    kept: list[tuple[int, int, Edit]] = []
    last_end = -1
    for start, end, edit in spans:
        if start < last_end or (start == last_end and kept and start == kept[-1][0] == end):
            continue
        kept.append((start, end, edit))
        last_end = end
    text = doc.text
    for start, end, edit in reversed(kept):
        text = text[:start] + edit.new_text + text[end:]
    return text


def fixes_of(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Fix]:
    return [f.fix for f in findings if f.fix and (f.fix.safe or unsafe)]


def fix_document(doc: Document, config: Config | None = None, *, unsafe: bool = False) -> str:
    """Apply every (safe) fix, re-checking after each round until nothing more applies.

    Fixes are applied whole: a fix whose edits overlap an earlier one waits for the next round.
    """
    from keylint.core.analyze import analyze

    current = doc
    for _ in range(MAX_ROUNDS):
        chosen: list[Edit] = []
        taken: list[tuple[int, int]] = []
        for fix in fixes_of(analyze(current, config), unsafe=unsafe):
            ranges = [
                (current.offset(e.span.line, e.span.column),
                 current.offset(e.span.end_line, e.span.end_column))
                for e in fix.edits
            ]
            if any(_overlaps(r, t) for r in ranges for t in taken):
                continue
            taken.extend(ranges)
            chosen.extend(fix.edits)
        if not chosen:
            break
        text = apply_edits(current, chosen)
        if text == current.text:
            break
        current = Document(current.path, text, current.kind, current.template)
    return current.text


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict only at the same point
        return a[0] == b[0] or (b[0] < a[0] < b[1]) or (a[0] < b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]
