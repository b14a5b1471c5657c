"""KL104 smart-quotes: typographic quotes that were meant as quoting but are loaded as text.

Word processors, chat apps and web pages turn `"` into `“”`. No loader — shell, python-dotenv,
Docker, Node — treats them as quotes, so `KEY=“sk-…”` loads a key that starts with `“`. Free
text (a prompt with `it’s`) legitimately holds them, so there only a value wrapped entirely
in typographic quotes is reported; in a credential or URL any of them is.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive
from keylint.core.model import (
    Assignment,
    Edit,
    FileKind,
    Finding,
    Fix,
    Problem,
    Related,
    Severity,
    Span,
)
from keylint.core.rules._chars import (
    SMART_DOUBLE,
    SMART_QUOTES,
    SMART_SINGLE,
    describe,
)
from keylint.core.rules._values import (
    Char,
    assignment_at,
    removal_is_safe,
    soundly_quoted,
    value_chars,
)
from keylint.core.rules.base import Rule, Scope


def check(ctx: FileContext) -> Iterator[Finding]:
    for problem in ctx.parsed.problems:
        if problem.kind == "unterminated-quote":
            offset = ctx.doc.offset(problem.span.line, problem.span.column)
            yield from _smart_closing(ctx, problem, offset)
    for assignment in soundly_quoted(ctx.doc, ctx.parsed):
        if assignment.raw.isascii():
            continue
        chars = value_chars(ctx.doc, assignment)
        if chars:
            yield from _check_value(ctx, assignment, chars)


def _smart_closing(ctx: FileContext, problem: Problem, offset: int) -> Iterator[Finding]:
    """`KEY="sk-…”`: an ASCII quote that was meant to be closed by the typographic one."""
    text = ctx.doc.text
    if text[offset : offset + 2] == "$'":
        offset += 1
    quote = text[offset : offset + 1]
    line_end = ctx.doc.line_end(problem.span.line)
    rest = text[offset + 1 : line_end].rstrip()
    family = SMART_DOUBLE if quote == '"' else SMART_SINGLE
    if not rest or rest[-1] not in family or rest.endswith("\\" + rest[-1]):
        return  # only a typographic quote of the same kind was plausibly meant to close it
    where = offset + len(rest)
    span = ctx.doc.span(where, where + 1)
    name = assignment_at(ctx.doc, ctx.parsed.assignments, offset)
    subject = f"{name}: " if name else ""
    # Safe only when nothing after it pairs with the opening quote: then the fix cannot
    # change how any following line is read.
    safe = quote not in text[offset + 1 :]
    message = (
        f"{subject}{describe(rest[-1])} is meant to close the {quote} quote, but it is not a "
        f"quote character, so the quote does not close here; type {quote} instead"
    )
    fix = Fix(f"Replace {rest[-1]} with {quote}", (Edit(span, quote),), safe=safe)
    opening = Related(problem.span, f"the {quote} it should close")
    yield RULE.finding(span, message, fix=fix, related=(opening,), severity=Severity.ERROR)


def _check_value(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...]
) -> Iterator[Finding]:
    body = list(chars)
    if ctx.doc.kind is FileKind.DOTENV and not assignment.quote:
        while body and body[-1].char.isspace():  # python-dotenv strips them
            body.pop()
    if not any(c.char in SMART_QUOTES for c in body):
        return
    sensitive = is_sensitive(assignment.name, assignment.value, ctx.config)
    handled: set[int] = set()
    first, last = body[0], body[-1]
    if len(body) >= 2 and first.char in SMART_QUOTES and last.char in SMART_QUOTES:
        handled = {0, len(body) - 1}
        yield _wrapped(ctx, assignment, chars, len(body), sensitive=sensitive)
    elif (
        ctx.doc.kind is FileKind.DOTENV and not assignment.quote and len(body) >= 2
        and first.char in SMART_QUOTES and last.char in ('"', "'")
    ):
        handled = {0, len(body) - 1}
        yield _half_smart(ctx, assignment, body)
    if not sensitive:
        return
    for index, char in enumerate(body):
        if char.char in SMART_QUOTES and index not in handled:
            span = ctx.doc.span(char.start, char.end)
            message = (
                f"{assignment.name}: {describe(char.char)} in the value: no loader treats a "
                "typographic quote as quoting, so it is sent as part of the value; remove it"
            )
            safe = removal_is_safe(ctx.doc.kind, assignment, chars, index, index + 1)
            fix = Fix(f"Remove {char.char}", (Edit(span, ""),), safe=safe)
            yield RULE.finding(span, message, fix=fix)


def _wrapped(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...], length: int, *,
    sensitive: bool,
) -> Finding:
    """`KEY=“sk-…”` (or `KEY="“sk-…”"`): chars[:length] sits in typographic quotes."""
    first, last = chars[0], chars[length - 1]
    opening, closing = _span(ctx, first), _span(ctx, last)
    name = assignment.name
    if not first.quote and not last.quote:
        ascii_quote = _ascii_quote(ctx.doc.text[first.end : last.start], ctx.doc.kind)
        message = (
            f"{name}: the value is wrapped in typographic quotes {first.char}…{last.char}, "
            "which no loader treats as quoting: they are loaded as part of the value; use "
            "ASCII quotes"
        )
        fix = None
        if ascii_quote:
            fix = Fix(
                f"Replace {first.char}…{last.char} with {ascii_quote}…{ascii_quote}",
                (Edit(opening, ascii_quote), Edit(closing, ascii_quote)),
            )
        severity = Severity.WARNING
    else:
        message = (
            f"{name}: the quoted value starts with {first.char} and ends with {last.char}: "
            "typographic quotes inside the quotes are loaded as part of the value; remove them"
        )
        kind = ctx.doc.kind
        safe = removal_is_safe(kind, assignment, chars, 0, 1) and removal_is_safe(
            kind, assignment, chars, length - 1, length
        )
        edits = (Edit(opening, ""), Edit(closing, ""))
        fix = Fix(f"Remove {first.char}…{last.char}", edits, safe=safe)
        severity = Severity.WARNING if sensitive else Severity.INFO
    related = (Related(closing, f"the closing {describe(last.char)}"),)
    return RULE.finding(opening, message, fix=fix, related=related, severity=severity)


def _half_smart(ctx: FileContext, assignment: Assignment, body: list[Char]) -> Finding:
    """`.env` `KEY=“sk-…"`: opened with a typographic quote, closed with an ASCII one."""
    first, last = body[0], body[-1]
    content = "".join(c.char for c in body[1:-1])
    opening = _span(ctx, first)
    message = (
        f"{assignment.name}: the value opens with {describe(first.char)} but closes with "
        f"{last.char}: the typographic quote does not quote, so both are loaded as part of "
        f"the value; open it with {last.char}"
    )
    fix = None
    if last.char not in content and "\\" not in content and not (
        last.char == "'" and "$" in content
    ):
        fix = Fix(f"Replace {first.char} with {last.char}", (Edit(opening, last.char),))
    return RULE.finding(opening, message, fix=fix)


def _ascii_quote(source: str, kind: FileKind) -> str | None:
    """A quote that, put around `source`, loads exactly what loads today; None if none does.

    python-dotenv decodes escapes in double quotes and interpolates `${X}` outside single
    quotes; the shell gives `\\`, quotes and (in single quotes) `$` a new meaning.
    """
    if kind is FileKind.DOTENV:
        if '"' not in source and "\\" not in source:
            return '"'
        if "'" not in source and "\\\\" not in source and "${" not in source:
            return "'"
        return None
    if not any(c in source for c in "\"'\\"):
        return '"'
    return None


def _span(ctx: FileContext, char: Char) -> Span:
    return ctx.doc.span(char.start, char.end)


RULE = Rule(
    code="KL104",
    name="smart-quotes",
    severity=Severity.WARNING,
    summary="typographic quotes around or in a value",
    what="Typographic quotes (`“ ” ‘ ’ „ « » ″ ‚ ‹ › ＂ ＇`) around or in a value: they become "
    "part of the value. Reported: a value wrapped in them (`KEY=“sk-…”`, in `.env` and shell "
    "files alike), a quote opened with an ASCII `\"` and closed with `”` (or, in `.env`, the "
    "reverse), and any typographic quote inside a credential or base URL. In free text such "
    "as a prompt (`it’s`) they are left alone unless they wrap the entire value. This rule "
    "alone reports them: KL103, which reports other non-ASCII characters in credentials and "
    "base URLs, leaves typographic quotes to it.",
    why="Text copied from a document, a chat or a web page carries “smart” quotes. No loader "
    "treats them as quoting: the key sent starts with `“` and the provider answers 401 "
    "\"invalid API key\". When only the closing quote is typographic, the ASCII opening quote "
    "never closes and the loader skips the line or reads the following lines into the value.",
    example="```\nOPENAI_API_KEY=“sk-proj-…9xQf”\nANTHROPIC_API_KEY=\"sk-ant-…Aa”\n```\n\n"
    "Fixed:\n\n```\nOPENAI_API_KEY=\"sk-proj-…9xQf\"\nANTHROPIC_API_KEY=\"sk-ant-…Aa\"\n```\n\n"
    "A typographic quote inside a key is removed; one that wraps a value already in ASCII "
    "quotes is removed too.",
    check=check,
    fix="use ASCII quotes (remove a stray typographic quote inside a key)",
    scope=Scope.STATEMENT,
)
