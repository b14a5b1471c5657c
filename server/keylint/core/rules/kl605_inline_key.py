"""KL605 inline-key: a literal key written into a command line.

`curl … -H "Authorization: Bearer sk-proj-…"` (or `aider --openai-api-key sk-…`, `docker run
-e OPENAI_API_KEY=sk-…`, an alias that wraps such a command) puts the key where it does not
belong: typed, it lands in shell history; run, every user of the machine can read it in `ps`
for as long as the command runs; in a script or rc file, it travels with every copy of the
file. Assignments are config, where keys are expected to live (other rules look at them);
this rule looks at command arguments only, of any command.

A literal counts when it is a real-looking key (`headers.plausible_key`): a known prefix,
not a placeholder or an example (`sk-...`, `sk-your-key-here`, LiteLLM's `sk-1234`), letters
and digits mixed, long enough. Templates are skipped: they hold example values.

The fix is unsafe and offered only when the key's provider is certain: it replaces the
literal with that provider's canonical variable (`$OPENAI_API_KEY`), quoted for where it
stands. Unsafe because the variable must then be set, with this very key, before the command
runs, which keylint cannot check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.headers import (
    Piece,
    article,
    expansion_edit,
    label,
    plausible_key,
    word_pieces,
)
from keylint.core.model import Command, FileKind, Finding, Fix, Severity, Word
from keylint.core.providers import KeyMatch
from keylint.core.rules.base import Rule, Scope

_KEY_CHARS = re.compile(r"[A-Za-z0-9_-]")
_LONG_RUN = re.compile(r"[A-Za-z0-9_-]{20}")
_ASSIGNMENT_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# Shell builtins run inside the shell: no process of their own shows the key in `ps`.
_BUILTINS = frozenset({"echo", "printf", "alias", "export", "declare", "typeset", "local",
                       "readonly", "set", "test", "[", "[[", "eval", "source", "."})


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template:
        return
    for command in ctx.parsed.commands:
        for word in _arguments(command):
            if not _LONG_RUN.search(word.value):
                continue  # cheap: most words cannot hold a key
            pieces = word_pieces(ctx.doc, word)
            if pieces is None:
                continue
            for run in _runs(pieces):
                text = "".join(p.text for p in run)
                match = plausible_key(ctx.registry, text)
                if match is not None:
                    yield _finding(ctx, command, run, text, match)


def _arguments(command: Command) -> Sequence[Word]:
    """The words to scan: `env NAME=value cmd` is an assignment, not an argument."""
    if command.name != "env":
        return command.args
    return [w for w in command.args if not _ASSIGNMENT_WORD.match(w.value)]


def _runs(pieces: Sequence[Piece]) -> Iterator[list[Piece]]:
    """Maximal runs of literal key characters (`-`, `_`, letters, digits) in one word."""
    run: list[Piece] = []
    for piece in pieces:
        if piece.plain and _KEY_CHARS.fullmatch(piece.text):
            run.append(piece)
            continue
        if len(run) >= 20:
            yield run
        run = []
    if len(run) >= 20:
        yield run


def _finding(
    ctx: FileContext, command: Command, run: list[Piece], text: str, match: KeyMatch
) -> Finding:
    provider = ctx.registry.get(match.provider) if match.certain and match.provider else None
    owner = f"{article(label(provider))} key" if provider is not None else "a key"
    shown = "" if command.name in _BUILTINS else (
        "; while it runs, every user of this machine can read it in `ps`"
    )
    message = (
        f"{owner} written into the `{command.name}` command line ({redact(text)}): it lands "
        f"in shell history when typed and travels with every copy of this file{shown}; keep "
        "it in a variable set where only you can read it, and write the variable here"
    )
    fix = None
    variables = provider.env_for("key") if provider is not None else ()
    edit = expansion_edit(ctx.doc, run, variables[0].name) if variables else None
    if edit is not None:
        fix = Fix(f"Use ${variables[0].name} instead of the literal key", (edit,), safe=False)
    return RULE.finding(ctx.doc.span(run[0].start, run[-1].end), message, fix=fix)


RULE = Rule(
    code="KL605",
    name="inline-key",
    severity=Severity.WARNING,
    summary="a literal key on a command line",
    what="A literal key on a command line or in a script (it lands in shell history and "
    "`ps`): use a variable. Precisely: a real-looking key written literally into the "
    "arguments of any command in a shell file: `curl -H \"Authorization: Bearer "
    "sk-proj-…\"`, `?key=AIza…` in a URL, `-u`, a "
    "JSON body, `aider --openai-api-key sk-…`, `docker run -e OPENAI_API_KEY=sk-…`, an alias "
    "wrapping such a command. Assignments (`export OPENAI_API_KEY=…`, `NAME=… cmd`, `env "
    "NAME=… cmd`) are config, not command lines, and are not reported. A key counts when it "
    "has a known prefix, is no placeholder or example (`sk-...`, `sk-your-key`, `sk-1234`), "
    "mixes letters and digits and is long enough. Templates are skipped.",
    why="Command lines are saved in shell history and shown by `ps` to every user of the "
    "machine while the command runs; scripts and rc files are copied, shared and committed. "
    "A key read from a variable appears in none of them.",
    example="```sh\ncurl https://api.openai.com/v1/models -H \"Authorization: Bearer "
    "sk-proj-…\"\n```\n\nFixed (with `OPENAI_API_KEY` exported in a file only you can "
    "read):\n\n```sh\ncurl https://api.openai.com/v1/models -H \"Authorization: Bearer "
    "$OPENAI_API_KEY\"\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="replace the literal with the provider's key variable (`$OPENAI_API_KEY`); unsafe: "
    "the variable must be set to this key first",
    scope=Scope.STATEMENT,
)
