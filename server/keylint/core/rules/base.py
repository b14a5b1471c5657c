"""What a rule is: a code, a name, docs, and a check over one parsed file.

A rule module defines `RULE = Rule(...)` and a `check(ctx)` generator; the registry in
`keylint.core.rules` lists the modules. Rules never parse: they read `ctx.parsed`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from keylint.core.model import FileKind, Finding, Fix, Related, Severity, Span, Statement

if TYPE_CHECKING:
    from keylint.core.context import FileContext

ALL_KINDS = frozenset(FileKind)


class Scope(StrEnum):
    """What a rule's findings depend on; incremental analysis re-runs rules accordingly.

    A STATEMENT rule judges each statement (a `.env` entry, a top-level shell statement) on
    its own: its findings about a statement depend only on that statement, the text of its
    lines, the file's kind and name, and the settings, and they lie on those lines. After an
    edit only the statements the edit touched are checked again. A FILE rule relates several
    statements (a key and its base URL, two definitions of a name) or reads the whole text,
    and runs on every version. Tests check that incremental and whole-file analysis agree.
    """

    STATEMENT = "statement"
    FILE = "file"


@dataclass(frozen=True)
class Rule:
    """One rule. `what`/`why`/`example` are Markdown and feed `keylint rule` and docs/rules.md."""

    code: str
    name: str
    severity: Severity
    summary: str
    what: str
    why: str
    example: str
    check: Callable[[FileContext], Iterable[Finding]] = field(repr=False, compare=False)
    kinds: frozenset[FileKind] = ALL_KINDS
    fix: str = ""  # one line on what the fix does ("" = no fix)
    scope: Scope = Scope.FILE
    # FILE rules: whether an edit within a line that added or removed these statements may
    # change the findings (if not, they are kept as they were). None: every edit may.
    reads: Callable[[FileContext, Sequence[Statement]], bool] | None = field(
        default=None, repr=False, compare=False
    )
    # Its texts cite line numbers ("also set on line 3"): then its findings are kept only
    # while no line is added or removed (moving them would not renumber the text).
    cites_lines: bool = False

    def finding(
        self,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
        unnecessary: bool = False,
    ) -> Finding:
        """A finding of this rule, at its default severity unless told otherwise."""
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            span=span,
            fix=fix,
            related=tuple(related),
            unnecessary=unnecessary,
        )
