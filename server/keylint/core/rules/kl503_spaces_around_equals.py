"""KL503 spaces-around-equals: `KEY = value`, which only some loaders read as an assignment.

python-dotenv accepts blanks around `=`, so a `.env` written that way works in the Python
app and breaks everywhere else: Docker's `--env-file` rejects a name with a blank in it and
keeps a blank after `=` in the value, and `source .env` runs a command instead of
assigning. Every variable of a `.env` file is checked (this is about the line's syntax, not
its value).

In shell files the parse already shows the damage, and that is what is matched:
`export KEY = value` (export gets `KEY`, `=`, `value`: always broken, any name; the same for
`local`, `readonly`, `declare` and `typeset`),
`KEY =value` / `KEY = value` (a command named after a credential or URL variable), and
`KEY= value` (an empty prefix assignment before a command). The last is also the idiom
`OPENAI_API_KEY= python app.py` (run once without the key), so it is reported only when
the "command" looks like a value: a key, a URL, a quoted word or `$(…)`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, is_url_name, looks_like_key
from keylint.core.document import Document
from keylint.core.model import Assignment, Command, Edit, FileKind, Finding, Fix, Severity
from keylint.core.rules.base import Rule, Scope

# After a name: blanks, `=`, and the blanks before a value (not those before a comment).
_BLANKS_EQUALS = re.compile(r"(?P<before>[ \t]+)=(?:(?P<after>[ \t]+)(?=[^\s;&|#)]))?")
# After `KEY=`: blanks, then a word (not the end of the statement or a comment).
_BLANKS_WORD = re.compile(r"[ \t]+(?=[^\s;&|#)])")
_TOKENISH = re.compile(r"[A-Za-z0-9_.+/=-]{20,}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Builtins that declare variables; the parse records one as a command when its words are not
# all assignments and names (`local KEY = value`).
_DECLARATIONS = frozenset({"export", "local", "readonly", "declare", "typeset"})
# One shell word as written (quoted parts kept), enough to judge what it looks like.
_WORD = re.compile(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|\$\([^)]*\)|[^\s;&|<>()'"])+""")


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.kind is FileKind.DOTENV:
        yield from _dotenv_findings(ctx)
    else:
        yield from _shell_findings(ctx)


def _dotenv_findings(ctx: FileContext) -> Iterator[Finding]:
    doc = ctx.doc
    for assignment in ctx.parsed.assignments:
        name_end = doc.offset(assignment.name_span.end_line, assignment.name_span.end_column)
        value_start = doc.start(assignment.value_span)
        between = doc.text[name_end:value_start]
        equals = between.find("=")
        if equals < 0:
            continue
        start = name_end + 1 if between.startswith("'") else name_end  # past a quoted key
        before = (start, name_end + equals)
        after = (name_end + equals + 1, value_start)
        if not assignment.raw:
            after = (after[0], after[0])  # blanks before a comment or the line end: no value
        blank_before = before[1] > before[0]
        blank_after = after[1] > after[0]
        if not blank_before and not blank_after:
            continue
        first = before[0] if blank_before else after[0]
        last = after[1] if blank_after else before[1]
        edits = tuple(
            Edit(doc.span(*part), "") for part in (before, after) if part[1] > part[0]
        )
        yield RULE.finding(
            doc.span(first, last),
            _dotenv_message(assignment, blank_before=blank_before),
            fix=Fix(f"Remove the spaces around `=` in {assignment.name}", edits),
        )


def _dotenv_message(assignment: Assignment, *, blank_before: bool) -> str:
    name = assignment.name
    if blank_before:
        effect = (
            f"Docker --env-file rejects the line (the name `{name} ` contains a blank) and "
            f"`source .env` runs `{name}` as a command"
        )
    else:
        effect = (
            "Docker --env-file keeps the blank at the start of the value and `source .env` "
            f"runs the value as a command with {name} empty"
        )
    return (
        f"spaces around `=` in {name}: python-dotenv accepts them, but {effect}; "
        "write `NAME=value`"
    )


# --- shell files ------------------------------------------------------------------------

# What each broken form does, by the form; `{name}` is the variable.
_SHELL_EFFECTS = {
    "export-split": "`export` receives `{name}`, `=` and the value as separate words: {name} "
    "is exported unchanged (never set) and bash fails on `=` (\"not a valid identifier\")",
    "declare-split": "`{keyword}` receives `{name}`, `=` and the value as separate words: "
    "{name} is declared without the value and bash fails on `=` (\"not a valid identifier\")",
    "export-empty": "the blank ends the assignment, so {name} is exported empty and the value "
    "is taken as another name to export",
    "command": "the shell runs a program named {name} and never sets the variable",
    "prefix": "the blank ends the assignment, so {name} is set to nothing for one command and "
    "the value is run as that command",
}
_SHELL_SHAPES = {
    "export-split": "`export {name} = …`",
    "declare-split": "`{keyword} {name} = …`",
    "export-empty": "`export {name}= …`",
    "command": "`{name} = …`",
    "prefix": "`{name}= …`",
}


def _shell_findings(ctx: FileContext) -> Iterator[Finding]:
    doc = ctx.doc
    text = doc.text
    exported = set()
    for mark in ctx.parsed.exports:  # `export KEY = value`, `export KEY =value`
        match = _BLANKS_EQUALS.match(text, doc.offset(mark.span.end_line, mark.span.end_column))
        if match:
            exported.add(mark.span)
            yield _shell_finding(doc, mark.name, "export-split", _blank_parts(match))
    for command in ctx.parsed.commands:  # `local KEY = value`, `readonly KEY =value`
        if command.name not in _DECLARATIONS:
            continue
        for name, following in itertools.pairwise(command.args):
            if name.span in exported or not _NAME.fullmatch(name.value):
                continue  # `declare -x KEY = value`: reported as an export above
            match = _BLANKS_EQUALS.match(text, doc.start(name.span) + len(name.text))
            if following.text.startswith("=") and match:
                yield _shell_finding(doc, name.value, "declare-split", _blank_parts(match),
                                     keyword=command.name)
    for assignment in ctx.parsed.assignments:
        if assignment.raw or not (assignment.exported or assignment.prefix):
            continue  # (`local`/`readonly KEY= v` are left alone: rare, and not about export)
        match = _BLANKS_WORD.match(text, ctx.doc.start(assignment.value_span))
        if match is None or not _credential_or_url(ctx, assignment.name):
            continue
        if assignment.exported:  # `export KEY= value`
            yield _shell_finding(doc, assignment.name, "export-empty", [match.span()])
            continue
        word = _WORD.match(text, match.end())
        command = _command_at(ctx, match.end())
        if word is None or command is None:
            continue
        more = command.redirects or any(doc.start(a.span) >= word.end() for a in command.args)
        if _value_like(word.group(), has_args=bool(more)):
            safe = not more
            yield _shell_finding(doc, assignment.name, "prefix", [match.span()], safe=safe)
    for command in ctx.parsed.commands:  # `KEY =value`, `KEY = value`
        args = command.args
        if not args or not args[0].text.startswith("="):
            continue
        name_end = doc.offset(command.name_span.end_line, command.name_span.end_column)
        match = _BLANKS_EQUALS.match(text, name_end)
        if match is None or not _credential_or_url(ctx, command.name):
            continue
        extra = args[1:] if args[0].text == "=" else args
        safe = len(extra) <= 1 and not command.redirects
        yield _shell_finding(doc, command.name, "command", _blank_parts(match), safe=safe)


def _blank_parts(match: re.Match[str]) -> list[tuple[int, int]]:
    return [match.span(g) for g in ("before", "after") if match.end(g) > match.start(g)]


def _credential_or_url(ctx: FileContext, name: str) -> bool:
    return is_credential_name(name, ctx.config) or is_url_name(name)


def _command_at(ctx: FileContext, offset: int) -> Command | None:
    """The innermost command whose span holds `offset` (the one `KEY= word` runs)."""
    doc = ctx.doc
    holding = [c for c in ctx.parsed.commands if doc.start(c.span) <= offset < doc.end(c.span)]
    return max(holding, key=lambda c: doc.start(c.span), default=None)


def _value_like(raw: str, *, has_args: bool) -> bool:
    """Is the word after `KEY= ` a value (so not `KEY= python app.py`)? A key, a URL, a
    quoted word, `$(…)`, or a lone long token with digits."""
    word = raw.strip("'\"")
    if raw.startswith(("'", '"', "$(", "`", "${")) or "://" in word or looks_like_key(word):
        return True
    return not has_args and bool(_TOKENISH.fullmatch(word)) and any(c.isdigit() for c in word)


def _shell_finding(
    doc: Document,
    name: str,
    form: str,
    parts: list[tuple[int, int]],
    *,
    safe: bool = True,
    keyword: str = "",
) -> Finding:
    """A finding over the blank runs in `parts`, with a fix that deletes them."""
    edits = tuple(Edit(doc.span(start, end), "") for start, end in parts)
    shape = _SHELL_SHAPES[form].format(name=name, keyword=keyword)
    effect = _SHELL_EFFECTS[form].format(name=name, keyword=keyword)
    message = f"{shape} has a blank around `=`: {effect}; write `{name}=…` without blanks"
    return RULE.finding(
        doc.span(parts[0][0], parts[-1][1]),
        message,
        fix=Fix(f"Remove the spaces around `=` in {name}", edits, safe=safe),
    )


RULE = Rule(
    code="KL503",
    name="spaces-around-equals",
    severity=Severity.WARNING,
    summary="blanks around `=` in an assignment",
    what="A blank between the variable name and `=`, or right after `=` before the value. "
    "In `.env` files every variable is checked. In shell files: `export KEY = value` and "
    "`export KEY =value` for any variable (always broken; likewise after `local`, "
    "`readonly`, `declare` and `typeset`); `KEY = value`, `KEY =value` and "
    "`export KEY= value` for credential and URL variables; and `KEY= value` only when the "
    "word after the blank looks like a value (a key, a URL, a quoted word, `$(…)`), so the "
    "idiom `OPENAI_API_KEY= python app.py` (run once without the key) is not reported.",
    why="Only python-dotenv reads `KEY = value` as an assignment. Docker's `--env-file` "
    "rejects `KEY =value` (`variable 'KEY ' contains whitespaces`) and keeps the blank of "
    "`KEY= value` in the value; `source .env` and every shell run `KEY = value` as the "
    "command `KEY`, and `KEY= value` as the command `value` with `KEY` set to nothing. The "
    "key works in the Python app and is missing or wrong everywhere else.",
    example="```\nOPENAI_API_KEY = sk-proj-…\n```\n\nFixed: `OPENAI_API_KEY=sk-proj-…`.",
    check=check,
    fix="remove the blanks around `=`",
    scope=Scope.STATEMENT,
)
