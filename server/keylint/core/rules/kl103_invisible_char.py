"""KL103 invisible-char: characters you cannot see in a value or a variable name.

A key copied from a web page, a chat or a PDF brings along zero-width spaces, no-break spaces
and direction marks; an auto-correcting editor swaps a letter for a look-alike. None of it is
visible, all of it is sent. API keys and base URLs are ASCII, so in those every non-ASCII
character is reported; in free text (prompts, descriptions) only the invisible and
space-like ones are, since accented letters and dashes there are meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_sensitive, is_url_name
from keylint.core.document import Document
from keylint.core.model import (
    Assignment,
    Command,
    Edit,
    FileKind,
    Finding,
    Fix,
    Severity,
    Span,
)
from keylint.core.rules._chars import (
    DISPLAY_MASKS,
    INVISIBLE,
    KL103_OWNED,
    REPLACEMENT,
    SMART_QUOTES,
    UNICODE_SPACES,
    describe,
    is_blank,
    runs,
    visible,
)
from keylint.core.rules._keys import display_masks_owned
from keylint.core.rules._values import Char, removal_is_safe, soundly_quoted, value_chars
from keylint.core.rules.base import Rule

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DECLARATIONS = frozenset({"export", "declare", "typeset", "readonly", "local"})
# In prose these join or order letters of other scripts (Persian ZWNJ, emoji ZWJ sequences,
# Hebrew/Arabic marks): legitimate next to non-ASCII text, suspicious next to ASCII.
_SCRIPT_JOINERS = frozenset("\u200c\u200d\u200e\u200f\u061c")


def check(ctx: FileContext) -> Iterator[Finding]:
    doc = ctx.doc
    if doc.text.isascii():
        return  # every character this rule reports is outside ASCII
    names = {assignment.name for assignment in ctx.parsed.assignments}
    for assignment in ctx.parsed.assignments:
        if not assignment.name.isascii():
            yield from _check_name(doc, assignment, names)
    for assignment in soundly_quoted(doc, ctx.parsed):
        if not assignment.raw.isascii():
            yield from _check_value(ctx, assignment)
    for command in ctx.parsed.commands:
        if not command.name.isascii():
            yield from _check_command(doc, command)


def _check_name(doc: Document, assignment: Assignment, names: set[str]) -> Iterator[Finding]:
    """Invisible characters in a name (.env): the file defines another variable."""
    name, span = assignment.name, assignment.name_span
    offset = doc.offset(span.line, span.column)
    cleaned = "".join(c for c in name if c not in INVISIBLE and c not in UNICODE_SPACES)
    collides = cleaned in names  # the fix would silently override that variable
    flagged = [i for i, c in enumerate(name) if c in INVISIBLE or c in UNICODE_SPACES]
    for first, end in runs(flagged, name):
        if offset + first == 0 and name[first] == "\ufeff":
            continue  # a byte-order mark at the start of the file
        what = _count(name[first], end - first)
        message = (
            f"{what} in the variable name `{visible(name)}`: the file defines a variable that "
            f"only looks like {cleaned}, so a program reading {cleaned} never sees it; "
            "remove it"
        )
        span = doc.span(offset + first, offset + end)
        fix = Fix(f"Remove {describe(name[first])} from the name", (Edit(span, ""),),
                  safe=not collides)
        yield RULE.finding(span, message, fix=fix, severity=Severity.ERROR)


def _check_command(doc: Document, command: Command) -> Iterator[Finding]:
    """Shell: `OPENAI<U+200B>_API_KEY=…` or `export<U+00A0>OPENAI_API_KEY=…` is one word.

    The shell finds no valid name before `=`, so it runs the whole word as a command ("command
    not found") and nothing is assigned. The reader reports such a word as a command name.
    """
    head = command.name.split("=", 1)[0] if "=" in command.name else ""
    cleaned = "".join(c for c in head if c not in KL103_OWNED)
    if not _IDENTIFIER.fullmatch(cleaned):
        return
    start = doc.offset(command.name_span.line, command.name_span.column)
    flagged = [i for i, c in enumerate(head) if c in KL103_OWNED]
    for first, end in runs(flagged, head):
        char = head[first]
        span = doc.span(start + first, start + end)
        before = "".join(c for c in head[:first] if c not in KL103_OWNED)
        keyword = before in _DECLARATIONS and char in UNICODE_SPACES
        message = (
            f"{_count(char, end - first)} in `{visible(head)}=…`: the shell sees one word "
            "with no valid variable name before `=` and runs it as a command, so nothing is "
            "assigned; " + ("use a plain space" if keyword else "remove it")
        )
        fix = None
        if char != REPLACEMENT:
            fix = Fix(
                f"Replace {describe(char)} with a space" if keyword else f"Remove {describe(char)}",
                (Edit(span, " " if keyword else ""),),
            )
        yield RULE.finding(span, message, fix=fix, severity=Severity.ERROR)


def _check_value(ctx: FileContext, assignment: Assignment) -> Iterator[Finding]:
    chars = value_chars(ctx.doc, assignment)
    if chars is None:
        return
    sensitive = is_sensitive(assignment.name, assignment.value, ctx.config)
    homoglyphs = sensitive and not assignment.dynamic and not ctx.doc.template
    # Non-ASCII characters other rules explain better: typographic quotes are KL104's, and a
    # key's `…`/`•` (a dashboard's display copy) KL202's or KL107's.
    others = SMART_QUOTES
    if homoglyphs and any(c in DISPLAY_MASKS for c in assignment.raw) and display_masks_owned(
        ctx, assignment
    ):
        others = SMART_QUOTES | DISPLAY_MASKS
    # Expansions stay in (as "") so that runs, edges and neighbours respect them.
    flagged = [
        index for index, char in enumerate(chars)
        if char.char and char.char not in others
        and _reported(chars, index, sensitive=sensitive, homoglyphs=homoglyphs)
    ]
    groups: list[list[int]] = []  # runs of one character repeated, adjacent in the source
    for index in flagged:
        current = chars[index]
        previous = chars[index - 1] if groups and groups[-1][-1] == index - 1 else None
        if previous and previous.char == current.char and previous.end == current.start:
            groups[-1].append(index)
        else:
            groups.append([index])
    for group in groups:
        yield _finding(ctx, assignment, chars, group[0], group[-1] + 1, sensitive=sensitive)


def _reported(chars: tuple[Char, ...], index: int, *, sensitive: bool, homoglyphs: bool) -> bool:
    char = chars[index].char
    if char in INVISIBLE or char in UNICODE_SPACES or char == REPLACEMENT:
        if sensitive or char not in _SCRIPT_JOINERS:
            return True
        neighbours = chars[max(index - 1, 0) : index] + chars[index + 1 : index + 2]
        return any(n.char.isascii() for n in neighbours) or not neighbours
    return homoglyphs and not char.isascii()


def _finding(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...], first: int, end: int, *,
    sensitive: bool,
) -> Finding:
    """The finding for chars[first:end], a run of one character repeated."""
    run = chars[first:end]
    char, count = run[0].char, len(run)
    name = assignment.name
    span = ctx.doc.span(run[0].start, run[-1].end)
    what = _count(char, count)
    safe = removal_is_safe(ctx.doc.kind, assignment, chars, first, end)
    severity = Severity.WARNING
    if char == REPLACEMENT:
        reader = (
            "python-dotenv cannot even read the file" if ctx.doc.kind is FileKind.DOTENV
            else "the shell passes the broken bytes on"
        )
        message = (
            f"{name}: {what} in the value: the file has bytes here that are not valid UTF-8, so "
            f"the value is not the text you see ({reader}); save the file as UTF-8 and retype "
            "this part"
        )
        return RULE.finding(span, message, severity=severity)
    if char in INVISIBLE:
        message = (
            f"{name}: {what} in the value: invisible in an editor, but loaded as part of the "
            "value; remove it"
        )
        return RULE.finding(span, message, fix=_remove(span, char, safe), severity=severity)
    if char in UNICODE_SPACES:
        return _space_finding(ctx, assignment, chars, first, end, safe=safe, sensitive=sensitive)
    kind = "base URLs" if is_url_name(name) else "API keys"
    if char in DISPLAY_MASKS:
        message = (
            f"{name}: {what} in the value: {kind} are plain ASCII, and this is how a page "
            "shortens or masks the text it displays, so the value is a display copy, not the "
            "full value; copy the full value again"
        )
        return RULE.finding(span, message, severity=severity)
    message = (
        f"{name}: non-ASCII {what} in the value: {kind} are plain ASCII, so this is a "
        "look-alike character (from a copy-paste or an auto-correcting editor) and the value "
        "is not the one you were given; copy it again"
    )
    return RULE.finding(span, message, severity=severity)


def _space_finding(
    ctx: FileContext, assignment: Assignment, chars: tuple[Char, ...], first: int, end: int, *,
    safe: bool, sensitive: bool,
) -> Finding:
    """A space-like character: removed from keys and value edges, made a space in free text."""
    run = chars[first:end]
    char, name = run[0].char, assignment.name
    span = ctx.doc.span(run[0].start, run[-1].end)
    what = _count(char, len(run))
    leading = all(is_blank(c.char) for c in chars[:first])
    trailing = all(is_blank(c.char) for c in chars[end:])
    if sensitive or leading or trailing:
        kept = "it is part of the value"
        if trailing and ctx.doc.kind is FileKind.DOTENV and not run[0].quote:
            kept = "python-dotenv strips it at the end of an unquoted value, Docker keeps it"
        message = f"{name}: {what} in the value: it looks like a space, but {kept}; remove it"
        severity = Severity.WARNING if sensitive else Severity.INFO
        return RULE.finding(span, message, fix=_remove(span, char, safe), severity=severity)
    message = (
        f"{name}: {what} in the value: it looks like a space but is another character; "
        "use a plain space"
    )
    fix = None
    if ctx.doc.kind is FileKind.DOTENV or all(c.quote for c in run):
        fix = Fix(f"Replace {describe(char)} with a space", (Edit(span, " " * len(run)),))
    return RULE.finding(span, message, fix=fix, severity=Severity.INFO)


def _remove(span: Span, char: str, safe: bool) -> Fix:
    return Fix(f"Remove {describe(char)}", (Edit(span, ""),), safe=safe)


def _count(char: str, count: int) -> str:
    return describe(char) if count == 1 else f"{count} × {describe(char)}"


RULE = Rule(
    code="KL103",
    name="invisible-char",
    severity=Severity.WARNING,
    summary="invisible, space-like or non-ASCII character in a value or name",
    what="A zero-width character (U+200B–U+200D, U+2060, U+FEFF anywhere but the start of the "
    "file), a non-breaking or other Unicode space (U+00A0, U+2000–U+200A, U+202F, U+205F, "
    "U+3000), a soft hyphen (U+00AD) or a bidirectional control (U+200E/F, U+202A–E, "
    "U+2066–9) in a value or a variable name; in a credential or base URL, any non-ASCII "
    "character (a Cyrillic `а` in a key or a host is a look-alike) but typographic quotes, "
    "which are KL104's, and the `…` or `•` of a masked or shortened copy in a key, which are "
    "KL202's (KL107's when the whole value is a placeholder); and U+FFFD, the trace of "
    "bytes that are not valid UTF-8. In a shell file, such a character in what should be an "
    "assignment (`OPENAI<U+200B>_API_KEY=…`, `export<U+00A0>OPENAI_API_KEY=…`) makes it one "
    "word, which the shell runs as a command. Each character (or run of the same character) "
    "is named: `U+200B ZERO WIDTH SPACE`. In free text such as a prompt only the invisible and "
    "space-like characters are reported, and joiners or direction marks next to non-ASCII "
    "text (Persian, Hebrew, emoji sequences) are left alone.",
    why="Keys are copied from dashboards, chats, e-mails and PDFs, which insert such "
    "characters; editors show nothing. The provider receives a different key and answers "
    "401 \"invalid API key\". In a name, a zero-width space defines a different variable: "
    "`OPENAI_API_KEY` stays unset although the file seems to set it.",
    example="```\nOPENAI_API_KEY=sk-proj-…\u200b9xQf     # U+200B ZERO WIDTH SPACE\n"
    "OPENAI_BASE_URL=https://api.openаi.com/v1   # U+0430 CYRILLIC SMALL LETTER A\n```\n\n"
    "Fixed: zero-width and format characters are removed, and so are space-like characters "
    "in a key; in free text a space-like character becomes a plain space. Look-alike letters "
    "and U+FFFD have no automatic fix: only the original key or URL says what belongs there.",
    check=check,
    fix="remove invisible characters (a space-like one in free text becomes a plain space)",
)
