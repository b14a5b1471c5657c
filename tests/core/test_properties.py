"""Properties that hold for any text: no crash, spans inside the text, fixes converge and
never change another variable's loaded value."""

from __future__ import annotations

import io

from dotenv import dotenv_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keylint.core.analyze import analyze, parse
from keylint.core.config import Config
from keylint.core.fixes import fix_document
from keylint.core.model import Span
from lint import doc

# Characters that matter to keylint's readers: quotes (ASCII and typographic), escapes,
# comment and assignment syntax, line breaks, invisible and non-ASCII characters.
ALPHABET = st.sampled_from(
    [
        *"AZaz09_=#'\"\\ \t\r\n$`{}()|>&;-.:/!*",
        *("export ", "echo ", "sk-", "OPENAI_API_KEY", "ANTHROPIC_BASE_URL=", "set -a\n"),
        *("\u200b", "\u00a0", "“", "”", "‘", "\ufeff", "é", "🔑", "\\n", "curl -H ", "Bearer "),
    ]
)
TEXT = st.lists(ALPHABET, max_size=60).map("".join)
PATHS = st.sampled_from([".env", ".env.example", ".zshrc", ".bashrc", "setup.sh", ".envrc"])
RELAXED = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _inside(span: Span, document_lines: list[str]) -> bool:
    lines = len(document_lines)
    if not (0 <= span.line < lines and 0 <= span.end_line < lines):
        return False
    if (span.line, span.column) > (span.end_line, span.end_column):
        return False
    return span.column <= len(document_lines[span.line]) and span.end_column <= len(
        document_lines[span.end_line]
    )


@RELAXED
@given(text=TEXT, path=PATHS)
def test_no_reader_or_rule_raises_and_spans_lie_inside(text: str, path: str) -> None:
    document = doc(text, path)
    lines = [document.line_text(i) for i in range(document.line_count)]
    parsed = parse(document)
    for assignment in parsed.assignments:
        assert _inside(assignment.name_span, lines)
        assert _inside(assignment.value_span, lines)
    for finding in analyze(document, strict=True):
        assert _inside(finding.span, lines), finding
        for edit in finding.fix.edits if finding.fix else ():
            assert _inside(edit.span, lines), finding


@RELAXED
@given(text=TEXT, path=PATHS)
def test_safe_fixes_converge(text: str, path: str) -> None:
    document = doc(text, path)
    before = analyze(document, strict=True)
    fixed_codes = {f.code for f in before if f.fix and f.fix.safe}
    after_text = fix_document(document, Config())
    after = analyze(doc(after_text, path), strict=True)
    again = {f.code for f in after if f.fix and f.fix.safe} & fixed_codes
    assert not again, (after_text, [f for f in after if f.code in again])


def _loaded(text: str) -> dict[str, str | None]:
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


@RELAXED
@given(text=TEXT)
def test_fixes_never_change_another_variables_value(text: str) -> None:
    document = doc(text, ".env")
    findings = analyze(document, strict=True)
    touched = {
        a.name
        for f in findings
        if f.fix and f.fix.safe
        for a in parse(document).assignments
        if any(e.span.line <= a.value_span.end_line and e.span.end_line >= a.name_span.line
               for e in f.fix.edits)
    }
    if any(f.code in {"KL102", "KL504"} for f in findings):
        return  # whole-file line-ending conversion and line splits re-shape every binding
    before = _loaded(text)
    after = _loaded(fix_document(document, Config()))
    for name, value in before.items():
        if name not in touched and name in after:
            assert after[name] == value, name
