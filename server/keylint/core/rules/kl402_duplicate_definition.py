"""KL402 duplicate-definition: the same variable assigned twice; the later one wins silently.

In a `.env` file every variable counts: python-dotenv, Node's dotenv and Docker's
`--env-file` all keep the last assignment, so a key pasted at the top of the file is
overridden by an old one further down and the app reports "invalid API key".

In shell files reassigning is normal (`PATH=$PATH:…`, if/else branches, functions), so only
credential and base-URL variables are compared, and only plain top-level assignments with
static values: both definitions always run, and their values can be compared exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive
from keylint.core.document import Document
from keylint.core.model import Assignment, Edit, FileKind, Finding, Fix, Related, Severity
from keylint.core.rules.base import Rule

# What may stand on a line around a definition for "remove the earlier one" to take the whole
# line: leading blanks and a declaration keyword before it, a comment after it.
_LINE_HEAD = re.compile(r"[ \t]*(?:(?:export|declare|typeset|readonly)(?:[ \t]+-\w+)*[ \t]+)?")
_LINE_TAIL = re.compile(r"[ \t]*(?:#.*)?")


def check(ctx: FileContext) -> Iterator[Finding]:
    shell = ctx.doc.kind is FileKind.SHELL
    repeated = _repeated_names(ctx.parsed.assignments)
    previous: dict[str, Assignment] = {}
    first: dict[str, Assignment] = {}
    for assignment in ctx.parsed.assignments:
        if assignment.name not in repeated or not _always_defines(assignment, shell, ctx):
            continue
        name = assignment.name
        earlier = previous.get(name)
        previous[name] = assignment
        if earlier is None:
            first[name] = assignment
            continue
        if earlier.value == assignment.value:
            continue
        yield _finding(ctx, assignment, earlier, is_first=first[name] is earlier)


def _repeated_names(assignments: Sequence[Assignment]) -> set[str]:
    """Names assigned more than once: most files have none, and a count at C speed finds
    that out before any assignment is looked at closely (this rule runs on every keystroke)."""
    names = [a.name for a in assignments]
    if len(set(names)) == len(names):
        return set()
    return {name for name, count in Counter(names).items() if count > 1}


def _always_defines(assignment: Assignment, shell: bool, ctx: FileContext) -> bool:
    """True for an assignment whose value is certain to be set when the file is read."""
    if not assignment.closed:
        return False  # python-dotenv skips a line whose quote never closes
    if not shell:
        return True
    if assignment.nested or assignment.prefix or assignment.dynamic:
        return False
    if assignment.keyword == "local":
        return False
    return is_sensitive(assignment.name, assignment.value, ctx.config)


def _finding(
    ctx: FileContext, later: Assignment, earlier: Assignment, *, is_first: bool
) -> Finding:
    line = earlier.name_span.line + 1
    if ctx.doc.kind is FileKind.SHELL:
        effect = "the shell keeps this later value"
    else:
        effect = "python-dotenv, Node's dotenv and Docker --env-file all keep this later value"
    message = (
        f"{later.name} is assigned again with a different value (already set on line {line}): "
        f"{effect}, silently replacing the earlier one; keep one definition"
    )
    related = Related(
        earlier.name_span, "first defined here" if is_first else "previously defined here"
    )
    return RULE.finding(
        later.name_span, message, related=(related,), fix=_remove_earlier(ctx.doc, earlier)
    )


def _remove_earlier(doc: Document, earlier: Assignment) -> Fix | None:
    """Delete the earlier definition's whole line(s), when nothing else stands on them.

    Unsafe: which value is right is the user's call, and in between the two definitions
    the earlier value may still be read (`${NAME}` interpolation, a command in a script).
    """
    first_line = earlier.name_span.line
    last_line = earlier.value_span.end_line
    head = doc.text[doc.line_starts[first_line] : doc.offset(first_line, earlier.name_span.column)]
    value_end = doc.start(earlier.value_span) + len(earlier.raw)
    tail = doc.text[value_end : doc.line_end(last_line)]
    if not _LINE_HEAD.fullmatch(head) or not _LINE_TAIL.fullmatch(tail):
        return None
    start = doc.line_starts[first_line]
    end = doc.line_starts[last_line + 1] if last_line + 1 < doc.line_count else len(doc.text)
    return Fix(
        f"Remove the earlier definition on line {first_line + 1}",
        (Edit(doc.span(start, end), ""),),
        safe=False,
    )


RULE = Rule(
    code="KL402",
    name="duplicate-definition",
    severity=Severity.WARNING,
    summary="variable assigned twice with different values",
    what="The same variable is assigned twice in one file with different values. Reported on "
    "the later assignment, with a pointer to the earlier one. In `.env` files every variable "
    "counts; in shell files only credential and base-URL variables, and only plain top-level "
    "assignments with fixed values (not `local`, not inside `if`/functions, not `NAME=v cmd`, "
    "not `$(…)`/`$VAR` values), since reassigning is normal shell. Identical values are not "
    "reported.",
    why="The later one wins silently: python-dotenv, Node's dotenv, Docker's `--env-file` and "
    "the shell all keep the last assignment. A fresh key pasted at the top of a `.env` is "
    "overridden by a stale one further down, and the provider answers 401 while the file "
    "seems to hold the right key.",
    example="```\nOPENAI_API_KEY=sk-proj-new…\n…\nOPENAI_API_KEY=sk-proj-old…   # KL402\n```\n\n"
    "The fix (unsafe, offered in the editor only) deletes the earlier line, which keeps what "
    "the file loads in the end; delete the later one instead if the earlier value was meant. "
    "It is unsafe because the choice is yours, and because lines in between may still read "
    "the earlier value (`${OPENAI_API_KEY}` interpolation, a command in a script).",
    check=check,
    fix="remove the earlier definition's line (unsafe: you choose which value is right)",
)
