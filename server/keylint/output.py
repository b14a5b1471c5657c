"""How `keylint check` prints findings: text for people, JSON for tools.

The JSON shape is a contract (editors' problem matchers, CI annotations, pre-commit hooks):
`path, line, column, end_line, end_column` are 1-based, columns in characters, and the end
is exclusive. Source excerpts never reproduce a secret: values are masked, length kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from keylint.core.config import Config
from keylint.core.credentials import mask_secrets
from keylint.core.document import Document
from keylint.core.model import Finding, Fix, Severity
from keylint.core.rules import by_code

_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD, _DIM, _RESET, _CARET = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;35m"


@dataclass(frozen=True)
class FileReport:
    """The findings of one file, with the document they point into (for excerpts)."""

    doc: Document
    findings: Sequence[Finding]


def _fix_json(fix: Fix | None) -> dict[str, object] | None:
    if fix is None:
        return None
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {
                "line": e.span.line + 1,
                "column": e.span.column + 1,
                "end_line": e.span.end_line + 1,
                "end_column": e.span.end_column + 1,
                "new_text": e.new_text,
            }
            for e in fix.edits
        ],
    }


def to_json(reports: Sequence[FileReport]) -> str:
    rules = by_code()
    items = []
    for report in reports:
        for f in report.findings:
            items.append(
                {
                    "path": report.doc.path,
                    "line": f.span.line + 1,
                    "column": f.span.column + 1,
                    "end_line": f.span.end_line + 1,
                    "end_column": f.span.end_column + 1,
                    "code": f.code,
                    "name": rules[f.code].name if f.code in rules else f.code,
                    "severity": f.severity.value,
                    "message": f.message,
                    "fix": _fix_json(f.fix),
                }
            )
    import json  # here: text output, the default, needs no json

    return json.dumps(items, indent=2, ensure_ascii=False)


def to_text(reports: Sequence[FileReport], config: Config, *, color: bool) -> str:
    """`path:line:col: CODE message`, an excerpt with a caret, then a summary line."""
    out: list[str] = []
    total = fixable = 0
    for report in reports:
        for f in report.findings:
            total += 1
            fixable += bool(f.fix and f.fix.safe)
            out.append(_headline(report.doc.path, f, color))
            out.extend(_excerpt(report.doc, f, config, color))
    if total == 0:
        out.append("All checks passed!")
    else:
        noun = "problem" if total == 1 else "problems"
        out.append(f"Found {total} {noun} ({fixable} fixable with --fix).")
    return "\n".join(out)


def _headline(path: str, f: Finding, color: bool) -> str:
    location = f"{path}:{f.span.line + 1}:{f.span.column + 1}:"
    if not color:
        return f"{location} {f.code} {f.message}"
    tint = _COLORS[f.severity]
    return f"{_BOLD}{location}{_RESET} {tint}{f.code}{_RESET} {f.message}"


def _excerpt(doc: Document, f: Finding, config: Config, color: bool) -> list[str]:
    line = f.span.line
    if line >= doc.line_count:
        return []
    text = mask_secrets(doc.line_text(line), config)
    if len(text) > 200:  # a 100k-character line helps nobody: show the part around the caret
        start = max(0, f.span.column - 60)
        text, shift = text[start : start + 160], start
    else:
        shift = 0
    text = "".join(_visible(ch) for ch in text)
    width = len(str(line + 1))
    end = f.span.end_column if f.span.end_line == line else len(doc.line_text(line))
    column = max(0, f.span.column - shift)
    carets = "^" * max(1, min(end, shift + len(text)) - f.span.column)
    gutter = " " * width + " |"
    number = f"{line + 1} |"
    if color:
        gutter, number = _DIM + gutter + _RESET, _DIM + number + _RESET
        carets = _CARET + carets + _RESET
    return [gutter, f"{number} {text}", f"{gutter} {' ' * column}{carets}", ""]


def _visible(ch: str) -> str:
    """Control characters would wreck the terminal; tabs keep the caret column honest as one."""
    if ch == "\t":
        return " "
    if ch < " " or ch == "\x7f":
        return "␣" if ch == "\r" else "?"
    return ch
