"""KL106 unterminated-quote: a quote that never closes, or closes only lines later.

The readers find these (python-dotenv's and the shell's rules differ: python-dotenv skips the
line when no closing quote follows, or reads the following lines into the value when one
does; bash reads on to the end of the file). This rule only reports them, at the opening
quote, naming the variable.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.model import Edit, Finding, Fix, Problem, Severity, Span
from keylint.core.rules._chars import SMART_QUOTES
from keylint.core.rules._values import assignment_at
from keylint.core.rules.base import Rule, Scope

_QUOTES = frozenset("\"'`") | SMART_QUOTES


def check(ctx: FileContext) -> Iterator[Finding]:
    for problem in ctx.parsed.problems:
        if problem.kind != "unterminated-quote":
            continue
        offset = ctx.doc.offset(problem.span.line, problem.span.column)
        name = assignment_at(ctx.doc, ctx.parsed.assignments, offset)
        said = problem.message.rstrip(".")
        said = said[:1].lower() + said[1:]
        subject = f"{name}: " if name else ""
        message = f"{subject}{said}; close the quote where the value ends"
        yield RULE.finding(problem.span, message, fix=_close_at_line_end(ctx, problem, offset))


def _close_at_line_end(ctx: FileContext, problem: Problem, offset: int) -> Fix | None:
    """Close the quote at the end of its line, when nothing else on the line could close it.

    Unsafe: the value may really have been meant to span lines, and in a `.env` file the lines
    it swallows become assignments of their own again.
    """
    text = ctx.doc.text
    line = problem.span.line
    start, end = ctx.doc.line_starts[line], ctx.doc.line_end(line)
    if text[offset] == "$":
        offset += 1
    quote = text[offset : offset + 1]
    if quote not in ("'", '"'):
        return None
    others = text[start:offset] + text[offset + 1 : end]
    rest = text[offset + 1 : end].rstrip()
    if any(c in _QUOTES for c in others) or " #" in rest or rest.endswith("\\"):
        return None  # another quote or a comment on the line: where it ends is a guess
    where = offset + 1 + len(rest)
    column = where - start
    span = Span(line, column, line, column)
    # No line number in the title: the edit says where, and a title must stay true when
    # lines are added above (incremental analysis moves findings, it does not rewrite them).
    return Fix(f"Close the {quote} at the end of its line", (Edit(span, quote),), safe=False)


RULE = Rule(
    code="KL106",
    name="unterminated-quote",
    severity=Severity.ERROR,
    summary="a quote that never closes",
    what="A value's opening quote has no closing partner on its line: either it never closes "
    "(python-dotenv skips the whole line; bash reads the rest of the file into the string and "
    "fails), or it closes only lines later, so the lines in between become part of the value. "
    "Reported at the opening quote.",
    why="The variable is then missing (the line is skipped) or holds several lines of the "
    "file, and the variables on those lines silently disappear: `OPENAI_API_KEY=\"sk-…` "
    "followed by `OPENAI_BASE_URL=\"https://…\"` yields one key containing a line break and "
    "`OPENAI_BASE_URL=` and no base URL at all.",
    example="```\nOPENAI_API_KEY=\"sk-proj-…9xQf\nOPENAI_BASE_URL=https://api.openai.com/v1\n```"
    "\n\nThe fix, offered only as unsafe, closes the quote at the end of the opening line when "
    "that line holds no other quote and no comment. It is not applied by `--fix`: only the "
    "author knows where the value was meant to end, and a value may legitimately span lines.",
    check=check,
    fix="close the quote at the end of its line (unsafe)",
    scope=Scope.STATEMENT,
)
