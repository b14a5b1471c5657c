"""Plain data that flows one way through keylint: text -> spans -> findings -> fixes.

Every position is 0-based: a line number and a column counted in Unicode code points.
Only the LSP layer converts columns to UTF-16 or UTF-8 units for a client, so nothing
here depends on an editor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How loud a finding is; the values are the CLI/JSON spellings."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FileKind(StrEnum):
    """What reader a file needs. Later issues add JSON/YAML/TOML tool configs."""

    DOTENV = "dotenv"
    SHELL = "shell"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) in (line, code-point column) coordinates."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        """True when the position lies inside the span (the end column counts, for carets)."""
        if (line, column) < (self.line, self.column):
            return False
        return (line, column) <= (self.end_line, self.end_column)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of `span` with `new_text` (an empty span inserts)."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A named set of edits. Unsafe fixes may change meaning and are never applied by --fix."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """The other half of a pair (first definition, the key a base URL carries...)."""

    span: Span
    message: str
    path: str | None = None  # None: the same file as the finding


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. `code` identifies the rule (its name lives in the registry)."""

    code: str
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    unnecessary: bool = False  # rendered faded by editors (LSP DiagnosticTag.Unnecessary)


@dataclass(frozen=True, slots=True)
class Assignment:
    """`NAME=value` as a reader saw it: exact spans plus the value a program would load.

    `raw` is the value as written (quotes included); `Document.start(value_span)` is the
    offset of its first character, so rules can point at one character inside it. Positions
    are lines and columns only, never text offsets: an edit on another line leaves them as
    they are, which is what lets an analysis reuse them after a keystroke.
    `value` is the decoded value (escapes processed, quotes removed). In shell files a value
    with expansions or command substitutions is `dynamic`: `value` then keeps the literal
    parts only and rules about exact content must not judge it.
    """

    name: str
    name_span: Span
    raw: str
    value: str
    value_span: Span
    statement_span: Span  # the whole statement, `export` and trailing comment excluded
    quote: str = ""  # '"', "'", or "" when (the start of) the value is unquoted
    closed: bool = True  # False when a quote opens and never closes
    exported: bool = False  # `export`, `declare -x`, `typeset -x` on this statement
    keyword: str = ""  # "export", "declare", "typeset", "readonly", "local" or ""
    dynamic: bool = False
    nested: bool = False  # inside if/case/loop/function/subshell/&&-chain: may not run
    prefix: bool = False  # `NAME=v cmd`: environment for one command only


@dataclass(frozen=True, slots=True)
class Word:
    """One shell word (command name or argument) with its raw source and static value."""

    text: str  # raw source, quotes included
    span: Span  # `Document.start(span)` is the offset of its first character
    value: str  # the word after quote removal; expansions left as written ($X, ${X}, $(...))
    quote: str = ""  # '"', "'", "" or "mixed"
    expansions: tuple[str, ...] = ()  # variable names expanded inside ($X, ${X})
    dynamic: bool = False  # has expansions or command substitutions


@dataclass(frozen=True, slots=True)
class Redirect:
    """`> target`, `>> target`, `&> target`... attached to a command."""

    operator: str
    target: Word
    span: Span


@dataclass(frozen=True, slots=True)
class Command:
    """A simple command: `echo ... >> file`, `curl -H ...`, `export NAME`.

    `pipe_to` lists the command names that read this command's output in its pipeline
    (`echo $KEY | pbcopy` gives ("pbcopy",)).
    """

    name: str
    name_span: Span
    args: tuple[Word, ...]
    span: Span
    redirects: tuple[Redirect, ...] = ()
    pipe_to: tuple[str, ...] = ()
    nested: bool = False

    @property
    def program(self) -> str:
        """The command name without its folder: `/usr/bin/curl` -> `curl`."""
        return basename(self.name)


def basename(path: str) -> str:
    """The last part of a `/`-separated path, as `PurePosixPath(path).name` gives it (which
    only paths with a `/` need: the rest are returned as they are)."""
    if "/" not in path:
        return "" if path == "." else path
    from pathlib import PurePosixPath

    return PurePosixPath(path).name


@dataclass(frozen=True, slots=True)
class ExportMark:
    """`export NAME` (or `declare -x NAME`) without a value: exports an earlier assignment."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the reader itself could not make sense of, such as an unterminated quote."""

    kind: str  # "unterminated-quote", "syntax"
    span: Span
    message: str


Statement = Assignment | Command | ExportMark | Problem


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """Everything one parse of one file yields. Built once per check, read by every rule."""

    assignments: tuple[Assignment, ...] = ()
    commands: tuple[Command, ...] = ()
    exports: tuple[ExportMark, ...] = ()
    allexport_lines: tuple[tuple[int, int], ...] = ()  # [start, end) lines under `set -a`
    references: frozenset[str] = frozenset()  # variable names expanded anywhere ($X)
    problems: tuple[Problem, ...] = ()

    def statements(self) -> Iterator[Statement]:
        """Every assignment, command, export and problem (a rule's inputs), by kind."""
        yield from self.assignments
        yield from self.commands
        yield from self.exports
        yield from self.problems
