"""KL504 glued-line: `DEBUG=trueOPENAI_API_KEY=sk-…`, the trace of an append to a file
that did not end with a newline.

`echo "OPENAI_API_KEY=…" >> .env` writes right after the last character of the file. When
that line had no line break, the new assignment is glued onto it: the earlier value is
corrupted and the key is never defined (or, glued onto a comment, commented out).

Precision: the glued part must be an upper-case `NAME=` (optionally `export NAME=`) whose
name is a credential or base URL, followed by a value, and either directly after a
character a value ends with (a lower-case letter, a digit, a closing quote or bracket, `/`
or `-`) or at the very start of a value (an append onto an empty `KEY=`). So `?api_key=…`
query strings (lower case, after `?`/`&`), base64 padding (`==`, nothing after) and
`KEY=value` mentioned in a prompt (after a blank) stay silent; nothing inside quotes or
`$(…)` counts (an append cannot land there), and in shell files the glued text must run to
the end of its line, as an appended line does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive
from keylint.core.document import Document
from keylint.core.model import Assignment, Edit, FileKind, Finding, Fix, Severity
from keylint.core.rules.base import Rule, Scope

_GLUED = re.compile(
    r"(?<![A-Z_])(?:export[ \t]+)?(?P<name>[A-Z][A-Z0-9_]*)=(?=(?P<value>[^=\s]\S*))"
)
_COMMENT_LINE = re.compile(r"[ \t]*#")
_NEXT_ASSIGNMENT = re.compile(r"[ \t]+(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>[^=\s]\S*)")
_EQUALS = re.compile(r"=(?=[^=\s])")
_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
_HAS_CAPITAL = re.compile(r"[A-Z]")
# Characters a value ends with, which a glued name may directly follow.
_GLUE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789\"'/-)}")


class _Glue(NamedTuple):
    """One glued `NAME=` found at `offset` (where the line should be split)."""

    offset: int
    name_end: int  # offset just past NAME (the `=` follows)
    name: str
    host: str  # what it is glued onto: "the value of DEBUG", "a comment"...
    effect: str  # what a loader then does
    in_comment: bool = False


def check(ctx: FileContext) -> Iterator[Finding]:
    doc = ctx.doc
    lines = _candidate_lines(doc, ctx.lines)
    if not lines:
        return
    scan = _dotenv_glues if doc.kind is FileKind.DOTENV else _shell_glues
    seen: set[int] = set()
    newline = "\r\n" if "\r\n" in doc.text else "\n"
    for glue in scan(ctx, lines):
        if glue.offset in seen:
            continue
        seen.add(glue.offset)
        yield _finding(doc, glue, newline)


def _candidate_lines(doc: Document, within: tuple[int, int] | None) -> set[int]:
    """Lines with an `=` whose upper-case name follows a glue character (or `=`), possibly
    with a glued `export` between: a cheap superset of what the scans below report. Only
    lines [start, end) of `within`, when given (the lines an edit touched).

    Looking back from each `=` (a C-speed `rstrip` over a short window) is much faster than
    a regex that tries every position, and most files have no candidate line at all.
    """
    text = doc.text
    lines: set[int] = set()
    start, end = 0, len(text)
    if within is not None:
        start, end = doc.offset(within[0], 0), doc.offset(within[1], 0)
    for equals in _EQUALS.finditer(text, start, end):
        end = equals.start()
        window = text[max(0, end - 64) : end]
        head = window.rstrip(_NAME_CHARS)
        if len(head) == len(window) or not _HAS_CAPITAL.search(window, len(head)):
            continue  # no name before this `=` (a name has a capital letter: `_GLUED`)
        if head[-1:] in (" ", "\t"):  # `…export NAME=`: look before the `export`
            head = head.rstrip(" \t")
            if not head.endswith("export"):
                continue
            head = head[: -len("export")]
        if head[-1:] == "=" or head[-1:] in _GLUE_CHARS:
            lines.add(doc.position(end)[0])
    return lines


def _matches(
    text: str, ctx: FileContext, masked: list[bool] | None = None, value_start: int = -1
) -> Iterator[re.Match[str]]:
    """Glued `NAME=value` matches in `text` (offsets relative to it).

    At `value_start` (the start of an assignment's value) no glue character is needed: an
    append onto `DEBUG=` (an empty last value) gives `DEBUG=OPENAI_API_KEY=…`.
    """
    for match in _GLUED.finditer(text):
        start = match.start()
        glued = start > 0 and text[start - 1] in _GLUE_CHARS
        if not glued and start != value_start:
            continue
        if masked is not None and any(masked[start : match.end("name") + 1]):
            continue
        if is_sensitive(match.group("name"), match.group("value"), ctx.config):
            yield match


# --- .env files -------------------------------------------------------------------------


def _dotenv_glues(ctx: FileContext, lines: set[int]) -> Iterator[_Glue]:
    """Scan the candidate `lines`; skip quoted values (an append cannot land inside quotes)."""
    doc = ctx.doc
    by_line: dict[int, Assignment] = {}
    continuation: set[int] = set()
    for assignment in ctx.parsed.assignments:
        by_line.setdefault(assignment.name_span.line, assignment)
        span = assignment.value_span
        continuation.update(range(span.line + 1, span.end_line + 1))
    for line in sorted(lines - continuation):
        start = doc.line_starts[line]
        text = doc.line_text(line)
        assignment = by_line.get(line)
        if assignment is None:  # a comment, or a line python-dotenv could not read
            comment = bool(_COMMENT_LINE.match(text))
            for match in _matches(text, ctx):
                if comment:
                    yield _comment_glue(start, match)
                else:
                    yield _Glue(
                        start + match.start(), start + match.end("name"), match["name"],
                        "a quoted value",
                        "python-dotenv drops the whole line, so neither variable is defined",
                    )
            continue
        value_start = ctx.doc.start(assignment.value_span) - start
        value_end = value_start + len(assignment.raw)
        skip_to = value_end if assignment.quote else value_start
        masked = [index < skip_to for index in range(len(text))]
        for match in _matches(text, ctx, masked, -1 if assignment.quote else value_start):
            if match.start() >= value_end:
                yield _comment_glue(start, match)
            else:
                yield _value_glue(start, match, assignment.name)


# --- shell files -------------------------------------------------------------------------


def _shell_glues(ctx: FileContext, lines: set[int]) -> Iterator[_Glue]:
    """Scan assignment values, command words and comment lines on the candidate `lines`,
    outside quotes."""
    doc = ctx.doc
    inside: set[int] = set()  # lines that lie inside a multi-line word or command
    for assignment in ctx.parsed.assignments:
        span = assignment.value_span
        if not lines.isdisjoint(range(span.line, span.end_line + 1)):
            yield from _word_glues(ctx, assignment.raw, doc.start(span), assignment.name)
        inside.update(range(span.line + 1, span.end_line + 1))
    for command in ctx.parsed.commands:
        name_start = doc.offset(command.name_span.line, command.name_span.column)
        name_end = doc.offset(command.name_span.end_line, command.name_span.end_column)
        inside.update(range(command.span.line + 1, command.span.end_line + 1))
        if lines.isdisjoint(range(command.span.line, command.span.end_line + 1)):
            continue
        words = [(doc.text[name_start:name_end], name_start)]
        # `-eOPENAI_API_KEY=…` is an option with its value, not a glue
        words.extend(
            (w.text, doc.start(w.span)) for w in command.args if not w.text.startswith("-")
        )
        for text, offset in words:
            for glue in _word_glues(ctx, text, offset, ""):
                shown = command.name if offset != name_start else doc.text[offset : glue.offset]
                yield glue._replace(host=f"the `{shown}` command")
    for line in sorted(lines - inside):
        text = doc.line_text(line)
        if _COMMENT_LINE.match(text):
            for match in _matches(text, ctx):
                yield _comment_glue(doc.line_starts[line], match)


def _word_glues(ctx: FileContext, text: str, offset: int, variable: str) -> Iterator[_Glue]:
    """Glues in one shell word: the value of `variable`, or ("") a command's word.

    Two shapes: `NAME=` inside the word (`FOO=barOPENAI_API_KEY=…`), and a word ending in a
    glued `export` before the next word `NAME=…` (`FOO=barexport OPENAI_API_KEY=…`). In
    the second, an assignment statement still sets NAME (the shell reads it as a second
    assignment), so only the host is broken; a command just gets both as arguments.
    """
    host = f"the value of {variable}" if variable else "a command"
    broken = f"{variable} is corrupted" if variable else "that command breaks"
    masked = _quoted(text)
    glues = [
        _Glue(offset + m.start(), offset + m.end("name"), m["name"], host,
              f"{broken} and {m['name']} is never defined")
        for m in _matches(text, ctx, masked, 0 if variable else -1)
    ]
    at = len(text) - len("export")
    if text.endswith("export") and not masked[-1] and (
        (at > 0 and text[at - 1] in _GLUE_CHARS) or (at == 0 and variable)
    ):
        following = _NEXT_ASSIGNMENT.match(ctx.doc.text, offset + len(text))
        if following and is_sensitive(following["name"], following["value"], ctx.config):
            name = following["name"]
            effect = (
                f"{variable} ends in a stray `export` and {name} is set only by accident"
                if variable else f"that command breaks and {name} is never defined"
            )
            glues.append(_Glue(offset + at, following.end("name"), name, host, effect))
    for glue in glues:
        if _appended_to_line_end(ctx.doc, glue.offset):
            yield glue


def _appended_to_line_end(doc: Document, start: int) -> bool:
    """An appended line runs to the end of its line: its brackets and backticks balance.

    This keeps `$(echo aOPENAI_API_KEY=b)` (the glue would end inside `$(…)`) silent.
    """
    line, _ = doc.position(start)
    tail = doc.text[start : doc.line_end(line)]
    return tail.count("(") == tail.count(")") and tail.count("`") % 2 == 0


def _quoted(text: str) -> list[bool]:
    """For each character: is it inside quotes, `$(…)`, `${…}` or backticks?

    The outermost delimiters count as outside, so a closing quote can precede a glue.
    """
    masked = [False] * len(text)
    stack: list[str] = []  # the closing delimiters still expected, innermost last
    index = 0
    while index < len(text):
        char = text[index]
        top = stack[-1] if stack else ""
        was_inside = bool(stack)
        width = 1
        if top == "'":
            if char == "'":
                stack.pop()
        elif char == "\\":
            width = 2
        elif top and char == top:
            stack.pop()
        elif char == "$" and text[index + 1 : index + 2] in ("(", "{"):
            stack.append(")" if text[index + 1] == "(" else "}")
            width = 2
        elif char in "\"`" or (char == "'" and top != '"'):
            stack.append(char)
        # an opener or closer of the outermost quote is outside; everything between is inside
        inside = was_inside and bool(stack)
        for at in range(index, min(index + width, len(text))):
            masked[at] = inside
        index += width
    return masked


# --- findings ----------------------------------------------------------------------------


def _value_glue(base: int, match: re.Match[str], variable: str) -> _Glue:
    name = match["name"]
    return _Glue(base + match.start(), base + match.end("name"), name, f"the value of {variable}",
                 f"{variable} is corrupted and {name} is never defined")


def _comment_glue(base: int, match: re.Match[str]) -> _Glue:
    name = match["name"]
    return _Glue(base + match.start(), base + match.end("name"), name, "a comment",
                 f"{name} is commented out and never defined", in_comment=True)


def _finding(doc: Document, glue: _Glue, newline: str) -> Finding:
    message = (
        f"{glue.name}= is glued onto {glue.host}: something was appended (`echo … >> file`) "
        f"to a line without a final newline; {glue.effect}. Split the line"
    )
    split = Edit(doc.span(glue.offset, glue.offset), newline)
    fix = Fix(f"Split the line before {glue.name}", (split,), safe=not glue.in_comment)
    return RULE.finding(doc.span(glue.offset, glue.name_end), message, fix=fix)


RULE = Rule(
    code="KL504",
    name="glued-line",
    severity=Severity.ERROR,
    summary="an assignment glued onto the previous line",
    what="A value (or a comment, or a command word in a shell file) that has another "
    "credential or base-URL assignment glued onto its end: `DEBUG=trueOPENAI_API_KEY=…`, "
    "`FOO=barexport OPENAI_API_KEY=…`, `# notesOPENAI_API_KEY=…`, `EMPTY=OPENAI_API_KEY=…`. "
    "Only an upper-case `NAME=value` directly after a value character (or at the start of a "
    "value) counts; query strings (`?api_key=…`), base64 padding (`==`), `KEY=value` inside "
    "quotes or after a blank stay silent.",
    why="It is the trace of `echo \"OPENAI_API_KEY=…\" >> .env` on a file whose last line had "
    "no newline (see KL505). The earlier variable gets a corrupted value and the key is never "
    "defined, so the app reports a missing or invalid key although the file visibly holds "
    "it. Glued onto a comment, the key is commented out.",
    example="```\nDEBUG=trueOPENAI_API_KEY=sk-proj-…\n```\n\nFixed:\n\n```\nDEBUG=true\n"
    "OPENAI_API_KEY=sk-proj-…\n```\n\nThe fix is safe for a glued value; for a glue onto a "
    "comment it is unsafe (offered in the editor only), since it activates a line that a "
    "loader currently ignores.",
    check=check,
    fix="split the line before the glued assignment",
    scope=Scope.STATEMENT,
)
