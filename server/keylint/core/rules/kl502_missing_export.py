"""KL502 missing-export: a credential or base URL set in a shell file but never exported.

`OPENAI_API_KEY=sk-…` in `.zshrc` sets a shell variable: `echo $OPENAI_API_KEY` shows it,
so it looks right, but programs started from that shell (an editor, `claude`, `python`)
never receive it. Only an `export` (or `declare -x`, or `set -a` around it) puts it in
their environment.

Precision: the variable counts as exported when any statement of the file exports it
(`export NAME` before or after, an exported assignment of the same name, `set -a`). Only
top-level assignments are judged: `local`, `NAME=v cmd` (environment for one command
already) and anything inside functions, conditionals, loops or subshells is left alone.
Variables are judged by name (a key-shaped value in `X` is not read by any program by
that name). In scripts (`*.sh`, `*.bash`, shebang files) a variable the script expands
itself (`$NAME` in a `curl` header) is used locally and needs no export; in rc files and
sourced zsh fragments a variable is there for the programs the user starts, so only a helper
that feeds an exported variable (`KEY=…; export OPENAI_API_KEY=$KEY`) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, is_url_name
from keylint.core.files import SHELL_RC_NAMES
from keylint.core.model import (
    Assignment,
    Edit,
    FileKind,
    Finding,
    Fix,
    Severity,
    Span,
    basename,
)
from keylint.core.rules.base import Rule

_SCRIPT_SUFFIXES = (".sh", ".bash", ".ksh", ".dash")
_EXPANDED = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# What may stand before a statement's first word on its line.
_STATEMENT_START = re.compile(r"(?:^|[;&|({])[ \t]*$")


def check(ctx: FileContext) -> Iterator[Finding]:
    parsed = ctx.parsed
    exported = {mark.name for mark in parsed.exports}
    exported.update(a.name for a in parsed.assignments if a.exported)
    # Used locally: in a script any `$NAME` counts; in an rc file only a helper that feeds an
    # exported variable (`KEY=…; export OPENAI_API_KEY=$KEY`), since an rc file's variables
    # are otherwise there for the programs the user starts.
    if _is_script(ctx.doc.path):
        local = set(parsed.references)
    else:
        local = {n for a in parsed.assignments if a.exported for n in _EXPANDED.findall(a.raw)}
    reported: set[str] = set()
    for assignment in parsed.assignments:
        name = assignment.name
        if name in exported or name in reported or name in local or not _judged(assignment):
            continue
        if not (is_credential_name(name, ctx.config) or is_url_name(name)):
            continue
        if _under_allexport(assignment.name_span, parsed.allexport_lines):
            continue
        reported.add(name)
        yield _finding(ctx, assignment)


def _judged(assignment: Assignment) -> bool:
    """Plain top-level assignments that always run in this shell."""
    return not (assignment.nested or assignment.prefix or assignment.keyword == "local")


def _is_script(path: str) -> bool:
    """A script run as a program, as opposed to an rc file or fragment that is sourced."""
    name = basename(path).lower()
    if name in SHELL_RC_NAMES:
        return False
    return name.endswith(_SCRIPT_SUFFIXES) or "." not in name


def _under_allexport(span: Span, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= span.line < end for start, end in ranges)


def _finding(ctx: FileContext, assignment: Assignment) -> Finding:
    name = assignment.name
    kind = "base URL" if is_url_name(name) else "credential"
    if basename(ctx.doc.path) == ".envrc":
        effect = "direnv loads only exported variables, so neither your shell nor the programs "
        effect += f"started from it get this {kind}"
    else:
        effect = "it stays a shell variable, so programs started from this shell (editors, "
        effect += f"`claude`, CLIs, python) do not get this {kind}"
    message = f"{name} is set but never exported: {effect}; write `export {name}=…`"
    return RULE.finding(assignment.name_span, message, fix=_export_fix(ctx, assignment))


def _export_fix(ctx: FileContext, assignment: Assignment) -> Fix | None:
    """Insert `export ` before the name, when the name starts the statement.

    Not after `readonly`/`declare` (they need a flag), and not in `A=1 KEY=v`, where
    `A=1 export KEY=v` would turn `A=1` into the environment of the `export` command.
    """
    at = assignment.name_span
    before = ctx.doc.text[ctx.doc.line_starts[at.line] : ctx.doc.offset(at.line, at.column)]
    if assignment.keyword or not _STATEMENT_START.search(before):
        return None
    where = Span(at.line, at.column, at.line, at.column)
    return Fix(f"Export {assignment.name}", (Edit(where, "export "),))


RULE = Rule(
    code="KL502",
    name="missing-export",
    severity=Severity.WARNING,
    summary="credential or base URL set without `export`",
    what="In a shell rc file or script, a credential or base-URL variable is assigned without "
    "`export` and the file never exports it (no `export NAME` before or after, no exported "
    "assignment of it, no `set -a`/`set -o allexport` around it). Only top-level "
    "assignments are judged (not `local`, not `NAME=v cmd`, not inside functions or "
    "conditionals). In scripts, a variable the script expands itself is used locally and "
    "not reported.",
    why="Without `export` the variable exists only inside that shell: `echo $OPENAI_API_KEY` "
    "prints it, yet every program started from the shell (the editor, `claude`, `aider`, "
    "`python app.py`) runs without it and reports a missing or invalid key. direnv "
    "(`.envrc`) loads only exported variables, so there the variable is not set at all.",
    example="```sh\n# ~/.zshrc\nOPENAI_API_KEY=sk-proj-…\n```\n\nFixed: "
    "`export OPENAI_API_KEY=sk-proj-…`.",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="add `export` before the assignment",
)
