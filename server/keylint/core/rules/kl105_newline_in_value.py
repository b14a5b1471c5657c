"""KL105 newline-in-value: a key or URL that ends with (or contains) a line break or `\\n`.

The classic source is `echo "sk-…\\n"` or a value copied with its line break. Each loader
treats `\\n` differently: python-dotenv decodes it inside double quotes (a real line break),
keeps it as two characters elsewhere; bash keeps it inside quotes and turns it into `n`
outside them. Every variant corrupts a key. Multi-line values are legitimate in free text
(prompts) and in PEM keys, so only credentials and URLs are judged, PEM blocks excepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive
from keylint.core.model import Assignment, Edit, FileKind, Finding, Fix, Severity
from keylint.core.rules._values import Char, removal_is_safe, soundly_quoted, value_chars
from keylint.core.rules.base import Rule, Scope

_LINE_BREAKS = frozenset("\n\r")  # a set: "" (an expansion) must not match


def check(ctx: FileContext) -> Iterator[Finding]:
    for assignment in soundly_quoted(ctx.doc, ctx.parsed):
        raw = assignment.raw
        if "\\" not in raw and "\n" not in raw and "\r" not in raw[:-1]:
            continue
        if not is_sensitive(assignment.name, assignment.value, ctx.config):
            continue
        if "-----BEGIN" in assignment.value:
            continue  # a PEM block is multi-line by design, and may end with a newline
        chars = value_chars(ctx.doc, assignment)
        if chars:
            yield from _check_value(ctx, assignment, chars)


def _check_value(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...]
) -> Iterator[Finding]:
    body = list(chars)
    if ctx.doc.kind is FileKind.DOTENV and not assignment.quote:
        while body and body[-1].char.isspace():  # python-dotenv strips them (KL101's)
            body.pop()
    end, kind = _trailing(ctx, body)
    if end < len(body):
        span = ctx.doc.span(body[end].start, body[-1].end)
        message = f"{assignment.name} ends with {_MESSAGES[kind]}"
        safe = removal_is_safe(ctx.doc.kind, assignment, chars, end, len(body))
        fix = Fix("Remove the trailing newline", (Edit(span, ""),), safe=safe)
        yield RULE.finding(span, message, fix=fix)
        return
    if assignment.dynamic or assignment.value.lstrip()[:1] in ("{", "["):
        return  # JSON credentials (service accounts) hold escaped newlines on purpose
    inner = next((c for c in body if c.char in _LINE_BREAKS), None)
    if inner is not None:
        span = ctx.doc.span(inner.start, inner.end)  # the first break; joining is unsafe anyway
        message = (
            f"{assignment.name}: the value contains a line break: a key or URL is a single "
            "line, so it was probably split while copying; join the lines"
        )
        fix = Fix("Remove the line break", (Edit(span, ""),), safe=False)
        yield RULE.finding(span, message, fix=fix)


def _trailing(ctx: FileContext, body: list[Char]) -> tuple[int, str]:
    """Where the trailing newlines of the value start, and the kind of the last one."""
    end, kind = len(body), ""
    while end:
        char = body[end - 1]
        source = ctx.doc.text[char.start : char.end]
        if char.char in _LINE_BREAKS:
            found = "break" if source == char.char else (
                "ansi-c" if char.quote == "$'" else "decoded"
            )
            end -= 1
        elif source in ("\\n", "\\r") and char.char in ("n", "r"):
            found, end = "letter", end - 1  # unquoted shell `\n` is `n`
        elif char.char in ("n", "r") and end >= 2 and body[end - 2].char == "\\":
            found = "literal-shell" if ctx.doc.kind is FileKind.SHELL else "literal"
            end -= 2
        else:
            break
        kind = kind or found
    return end, kind


_MESSAGES = {
    "break": "a line break: its quoted value continues on the next line, so the line break "
    "is part of the value; close the quote on the first line",
    "decoded": "a newline: python-dotenv turns `\\n` inside double quotes into a real line "
    "break, so the value sent ends with one; remove the `\\n`",
    "ansi-c": "a newline: `$'…'` turns `\\n` into a real line break, so the value sent ends "
    "with one; remove the `\\n`",
    "literal": "a literal `\\n` (backslash and n), which python-dotenv and Docker keep as two "
    "characters here (only `\\n` inside double quotes becomes a line break); remove them",
    "literal-shell": "a literal `\\n` (backslash and n): inside quotes the shell keeps both "
    "characters in the value; remove them",
    "letter": "`\\n`: unquoted, the shell turns it into a plain `n`, so the value sent ends with "
    "an extra letter; remove it",
}


RULE = Rule(
    code="KL105",
    name="newline-in-value",
    severity=Severity.WARNING,
    summary="a credential or URL ends with (or contains) a newline",
    what="A credential or base-URL value whose loaded form ends with or contains a newline: "
    "`\"sk-…\\n\"` in double quotes (python-dotenv decodes `\\n` to a real newline), a literal "
    "`\\n` at the end of a single-quoted or unquoted value (kept as two characters), "
    "`$'…\\n'` in a shell file, or a quoted value spanning lines. Free-text variables (a "
    "prompt with `\\n` escapes) and PEM blocks (`-----BEGIN …`) are multi-line by design "
    "and are left alone; a JSON credential may hold escaped newlines in its strings.",
    why="A script that writes `KEY=\"…\\n\"` meaning to end the line, a key copied together "
    "with its line break, or a closing quote typed on the next line: the provider receives "
    "the key plus a newline (or plus `\\n`) and answers 401 \"invalid API key\", while the key "
    "looks right in the editor. An HTTP client may even refuse to send a header with a line "
    "break in it.",
    example="```\nOPENAI_API_KEY=\"sk-proj-…9xQf\\n\"\n```\n\nFixed: the trailing `\\n` is "
    "removed.\n\n```\nOPENAI_API_KEY=\"sk-proj-…9xQf\"\n```\n\nA line break in the middle of "
    "a key has only an unsafe fix (joining the lines), since the split may hide a paste of "
    "two different things.",
    check=check,
    fix="remove the trailing newline",
    scope=Scope.STATEMENT,
)
