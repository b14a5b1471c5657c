"""Inline suppression: `# keylint: ignore[KL101]` on the line or the line above.

A bare `# keylint: ignore` silences every rule there. Comments are found with one regex
over the text, only when the text mentions keylint at all (the common case costs nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from keylint.core.document import Document
from keylint.core.model import Finding

_DIRECTIVE = re.compile(r"#\s*keylint:\s*(?:ignore|noqa)\b(?:\[([^\]\r\n]*)\])?", re.IGNORECASE)
ALL = "*"


def directives(doc: Document) -> dict[int, frozenset[str]]:
    """line -> codes silenced by a directive on that line (`*` for all)."""
    if "keylint" not in doc.text:
        return {}
    found: dict[int, frozenset[str]] = {}
    for match in _DIRECTIVE.finditer(doc.text):
        line, _ = doc.position(match.start())
        codes = match.group(1)
        if codes is None:
            names = frozenset({ALL})
        else:
            names = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
        found[line] = found.get(line, frozenset()) | names
    return found


def is_suppressed(finding: Finding, table: dict[int, frozenset[str]]) -> bool:
    for line in (finding.span.line, finding.span.line - 1):
        codes = table.get(line)
        if codes and (ALL in codes or any(finding.code.startswith(c) for c in codes)):
            return True
    return False


def filter_suppressed(doc: Document, findings: Iterable[Finding]) -> list[Finding]:
    table = directives(doc)
    if not table:
        return list(findings)
    return [f for f in findings if not is_suppressed(f, table)]
