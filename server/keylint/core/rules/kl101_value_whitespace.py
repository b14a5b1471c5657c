"""KL101 value-whitespace: blanks at the edge of a value that a loader keeps.

Inside quotes every loader keeps them. After an unquoted `.env` value python-dotenv and Node's
dotenv strip them but Docker's `--env-file` does not, which is why a key can work in the app
and fail in the container. Unquoted shell words lose them to word splitting, so those are
never reported. Characters KL103 owns (NBSP, zero-width...) are left to it: a blank run is
reported without them, so no character is reported twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive
from keylint.core.model import Assignment, Edit, FileKind, Finding, Fix, Severity
from keylint.core.rules._chars import KL103_OWNED, is_blank
from keylint.core.rules._values import Char, removal_is_safe, soundly_quoted, value_chars
from keylint.core.rules.base import Rule, Scope

_NAMES = {" ": "space", "\t": "tab"}


def check(ctx: FileContext) -> Iterator[Finding]:
    kind = ctx.doc.kind
    for assignment in soundly_quoted(ctx.doc, ctx.parsed):
        if not _may_have_edge_blank(assignment.raw):
            continue
        chars = value_chars(ctx.doc, assignment)
        if not chars:
            continue
        sensitive = is_sensitive(assignment.name, assignment.value, ctx.config)
        for first, end, where in _edge_runs(chars):
            quoted = chars[first].quote != ""
            if kind is FileKind.SHELL and not quoted:
                continue  # word splitting already dropped it
            if quoted and not sensitive:
                continue  # `SEP=" "`, `PS1="$ "`: blanks inside quotes are usually deliberate
            for stretch in _stretches(chars, first, end):
                yield _finding(ctx, assignment, chars, stretch, where, sensitive=sensitive)


def _may_have_edge_blank(raw: str) -> bool:
    """Cheap pre-check on the source: a blank or an escape within two characters of an edge.

    Two, because a quote may sit between the blank and the edge; an escape, because `"\\t"`
    decodes to a tab. Most values fail this test and are never decoded.
    """
    edges = raw[:2] + raw[-3:]
    return "\\" in edges or any(is_blank(char) for char in edges)


def _edge_runs(chars: tuple[Char, ...]) -> list[tuple[int, int, str]]:
    """[first, end) of the blank runs at the "start" and "end" of the value ("whole" if all)."""
    start = 0
    while start < len(chars) and chars[start].char and is_blank(chars[start].char):
        start += 1
    end = len(chars)
    while end > start and chars[end - 1].char and is_blank(chars[end - 1].char):
        end -= 1
    if start == len(chars):
        return [(0, start, "whole")]
    found = []
    if start:
        found.append((0, start, "start"))
    if end < len(chars):
        found.append((end, len(chars), "end"))
    return found


def _stretches(chars: tuple[Char, ...], first: int, end: int) -> list[range]:
    """The parts of chars[first:end] that KL103 does not own (usually all of it)."""
    found: list[range] = []
    start = first
    for index in range(first, end + 1):
        if index == end or chars[index].char in KL103_OWNED:
            if index > start:
                found.append(range(start, index))
            start = index + 1
    return found


def _finding(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...], stretch: range,
    where: str, *, sensitive: bool,
) -> Finding:
    blanks = [chars[index].char for index in stretch]
    span = ctx.doc.span(chars[stretch.start].start, chars[stretch.stop - 1].end)
    name, what, it = assignment.name, _describe(blanks), "it" if len(blanks) == 1 else "them"
    if chars[stretch.start].quote:
        place = "as the whole" if where == "whole" else f"at the {where} of the"
        message = (
            f"{name}: {what} {place} quoted value: every loader keeps {it} as part of the "
            f"value; remove {it}"
        )
    elif where == "start":
        message = (
            f"{name}: {what} at the start of the value: every loader keeps {it} as part of "
            f"the value; remove {it}"
        )
    else:
        message = (
            f"{name}: {what} after the unquoted value: Docker --env-file keeps {it} in the "
            f"value, while python-dotenv and Node's dotenv strip {it}; remove {it}"
        )
    safe = removal_is_safe(ctx.doc.kind, assignment, chars, stretch.start, stretch.stop)
    return RULE.finding(
        span,
        message,
        fix=Fix("Remove the whitespace", (Edit(span, ""),), safe=safe),
        severity=Severity.WARNING if sensitive else Severity.INFO,
    )


def _describe(blanks: list[str]) -> str:
    """`2 spaces`, `a tab`, `3 whitespace characters`."""
    kinds = set(blanks)
    count = len(blanks)
    if len(kinds) == 1:
        noun = _NAMES.get(next(iter(kinds)), "whitespace character")
        return f"a {noun}" if count == 1 else f"{count} {noun}s"
    return f"{count} whitespace characters"


RULE = Rule(
    code="KL101",
    name="value-whitespace",
    severity=Severity.WARNING,
    summary="whitespace at the start or end of a value",
    what="Leading or trailing whitespace (space, tab) inside a quoted value — every loader "
    "keeps it — or trailing whitespace after an unquoted `.env` value, which Docker "
    "`--env-file` keeps while python-dotenv and Node's dotenv strip it. A warning for "
    "credentials and base URLs; for other variables only trailing whitespace after an "
    "unquoted `.env` value is reported, as info (whitespace inside quotes, such as "
    "`SEPARATOR=\" \"`, is usually deliberate). Not reported for unquoted shell values: word "
    "splitting drops it. Non-ASCII blanks (NBSP and other Unicode spaces, zero-width "
    "characters) are KL103's.",
    why="`OPENAI_API_KEY=\"sk-… \"` sends the space as the last character of the key and the "
    "provider answers 401 \"invalid API key\" although the key itself is fine. Trailing "
    "blanks after an unquoted value are worse because they are inconsistent: the app "
    "(python-dotenv) strips them, so the key works locally, and the same file given to "
    "`docker run --env-file` keeps them, so it fails in the container.",
    example="```\nOPENAI_API_KEY=\"sk-proj-…Qf \"\nANTHROPIC_API_KEY=sk-ant-…Aa␠␠\n```\n\n"
    "Fixed: the whitespace is removed.\n\n```\nOPENAI_API_KEY=\"sk-proj-…Qf\"\n"
    "ANTHROPIC_API_KEY=sk-ant-…Aa\n```",
    check=check,
    fix="remove the whitespace",
    scope=Scope.STATEMENT,
)
