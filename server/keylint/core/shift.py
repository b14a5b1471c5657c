"""Moving parse results and findings to where an edit above them pushed their text.

Incremental analysis reuses what it read from the unchanged end of a file. That text is the
same, but it now starts `lines` lines and `offset` code points later; everything read from it
is the same object with its positions moved. Constructors are called directly (not
`dataclasses.replace`): this runs for thousands of objects per keystroke.
"""

from __future__ import annotations

from keylint.core.model import (
    Assignment,
    Command,
    Edit,
    ExportMark,
    Finding,
    Fix,
    Problem,
    Redirect,
    Related,
    Span,
    Word,
)


def span(s: Span, lines: int) -> Span:
    return Span(s.line + lines, s.column, s.end_line + lines, s.end_column)


def assignment(a: Assignment, lines: int) -> Assignment:
    if not lines:
        return a
    return Assignment(
        a.name, span(a.name_span, lines), a.raw, a.value, span(a.value_span, lines),
        span(a.statement_span, lines), a.quote, a.closed, a.exported, a.keyword, a.dynamic,
        a.nested, a.prefix,
    )


def word(w: Word, lines: int) -> Word:
    if not lines:
        return w
    return Word(w.text, span(w.span, lines), w.value, w.quote, w.expansions, w.dynamic)


def command(c: Command, lines: int) -> Command:
    if not lines:
        return c
    return Command(
        c.name,
        span(c.name_span, lines),
        tuple(word(w, lines) for w in c.args),
        span(c.span, lines),
        tuple(
            Redirect(r.operator, word(r.target, lines), span(r.span, lines)) for r in c.redirects
        ),
        c.pipe_to,
        c.nested,
    )


def export_mark(e: ExportMark, lines: int) -> ExportMark:
    return ExportMark(e.name, span(e.span, lines)) if lines else e


def problem(p: Problem, lines: int) -> Problem:
    return Problem(p.kind, span(p.span, lines), p.message) if lines else p


def finding_below(f: Finding, line: int, lines: int) -> Finding:
    """`f` with each of its places from `line` on moved `lines` lines down (a file rule's
    finding may relate a statement above an edit to one below it; a statement rule's lies
    wholly below)."""

    def moved(s: Span) -> Span:
        return span(s, lines) if s.line >= line else s

    fix = f.fix
    if fix is not None:
        fix = Fix(fix.title, tuple(Edit(moved(e.span), e.new_text) for e in fix.edits), fix.safe)
    related = tuple(
        r if r.path is not None else Related(moved(r.span), r.message, r.path) for r in f.related
    )
    return Finding(f.code, f.severity, f.message, moved(f.span), fix, related, f.unnecessary)
