"""KL501 echo-newline: `echo` writing a key into a file, a clipboard or an encoder.

`echo` always ends its output with `\\n` (unless `-n`), and with `-e`, or in zsh, it also
interprets backslash escapes. Three cases, told apart because the newline is harmful in
two of them and wanted in the third:

* a key piped to a clipboard or an encoder (`echo $KEY | pbcopy`, `| base64`): the newline
  becomes part of what is pasted or encoded. Fix: `printf '%s'`.
* only a key written over a file (`echo $KEY > ~/.openai_key`, `| tee file`): readers that
  take the file as is (Python's `open().read()`, `--password-file` options) get `key\\n`;
  `$(cat file)` strips it, which is why it works in one place and not another. Fix:
  `printf '%s'`. Appending a key (`>>`) builds a list, where the newline is right: silent.
* a `NAME=value` line for a credential or URL appended to a dotenv or rc file: the newline
  is needed, but `echo -e`/zsh rewrite backslashes, `echo -n` leaves the file without a
  final newline (the next append glues on, KL504), and `>>` glues onto a file that already
  lacks one. Fix: `printf '%s\\n'`. Without `-n`, `-e`, or a backslash in a file run by
  zsh or `sh` (whose `echo` rewrites it by default), this is only a hint (severity info).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, is_url_name, looks_like_key, redact
from keylint.core.model import (
    Command,
    Edit,
    FileKind,
    Finding,
    Fix,
    Severity,
    Statement,
    Word,
    basename,
)
from keylint.core.rules.base import Rule

CLIPBOARDS = frozenset({"pbcopy", "xclip", "xsel", "wl-copy", "clip.exe", "clip"})
ENCODERS = frozenset({"base64", "openssl"})
_PIPE_SINKS = CLIPBOARDS | ENCODERS
_WRITE_OPERATORS = frozenset({">", ">>", ">|", "&>", "&>>", "1>", "1>>", "1>|"})
_OVERWRITE_OPERATORS = frozenset({">", ">|", "&>", "1>", "1>|"})
_OPTION = re.compile(r"-[neE]+")
_LINE = re.compile(r"(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)=")
_EXPANSION = re.compile(r"\$(?:(?P<name>[A-Za-z_]\w*)|\{(?P<braced>[A-Za-z_]\w*)\})", re.ASCII)
_ZSH_NAMES = (".zshrc", ".zshenv", ".zprofile", ".zlogin", "zshrc", "zshenv", "zprofile")
# zsh's and dash's (`sh`) echo interpret backslash escapes without `-e`.
_ESCAPING_SHEBANG = re.compile(r"#![^\n]*[/ ](?:zsh|sh|dash)\b")


class _Echo(NamedTuple):
    """An `echo` command taken apart: where it starts, its flags and what it prints."""

    command: Command
    start: int  # offset of `echo` (or of `builtin`/`command` before it)
    flags: str  # the option letters given (`n`, `e`, `E`)
    words: tuple[Word, ...]  # the arguments it prints


def check(ctx: FileContext) -> Iterator[Finding]:
    escapes = _echo_escapes(ctx)
    for command in ctx.parsed.commands:
        echo = _echo(ctx, command)
        if echo is None or not echo.words:
            continue
        if command.pipe_to and command.pipe_to[0] in _PIPE_SINKS:
            finding = _piped(ctx, echo, command.pipe_to[0])
        else:
            finding = _written(ctx, echo, escapes)
        if finding is not None:
            yield finding


def _echo_escapes(ctx: FileContext) -> bool:
    """Does this file's shell interpret backslashes in `echo` by default (zsh, sh/dash)?"""
    name = basename(ctx.doc.path).lower()
    return name.endswith((".zsh", *_ZSH_NAMES)) or bool(_ESCAPING_SHEBANG.match(ctx.doc.text))


def _echo(ctx: FileContext, command: Command) -> _Echo | None:
    args = command.args
    if command.name in ("builtin", "command") and args and args[0].text == "echo":
        args = args[1:]
    elif command.name != "echo":
        return None
    start = ctx.doc.start(command.name_span)
    flags = ""
    while args and _OPTION.fullmatch(args[0].text):
        flags += args[0].text[1:]
        args = args[1:]
    return _Echo(command, start, flags, tuple(args))


# --- the three cases ---------------------------------------------------------------------


def _piped(ctx: FileContext, echo: _Echo, sink: str) -> Finding | None:
    """`echo $KEY | pbcopy`: the newline goes into the clipboard or the encoded text."""
    if "n" in echo.flags:
        return None
    what = _secret_words(ctx, echo.words)
    if not what:
        return None
    if sink == "base64":
        effect = "`base64` encodes the newline too, so the decoded key ends in `\\n`"
    elif sink in ENCODERS:
        effect = f"`{sink}` reads the newline as part of the key (encoded, hashed or encrypted)"
    else:
        effect = (
            f"`{sink}` copies the key plus a newline, which is then pasted into config fields "
            "and headers with it"
        )
    message = f"`echo` adds a newline after {what}: {effect}; use `printf '%s'`"
    return RULE.finding(
        echo.command.name_span, message, fix=_printf_fix(ctx, echo, newline=False)
    )


def _written(ctx: FileContext, echo: _Echo, escapes: bool) -> Finding | None:
    target = _file_target(ctx, echo.command)
    if target is None:
        return None
    where, overwrite = target
    line = _line_name(ctx, echo.words)
    if line is not None:
        return _line_written(ctx, echo, line, where, escapes=escapes, append=not overwrite)
    if len(echo.words) != 1 or "n" in echo.flags or not overwrite:
        return None
    what = _secret_words(ctx, echo.words, bare=True)
    if not what:
        return None
    message = (
        f"`echo` writes {what} plus a newline into {where}: programs that read the file as is "
        "(Python's open().read(), `--password-file` options, `cat file | …`) get the key with "
        "`\\n` at the end (only `$(cat file)` strips it); use `printf '%s'`"
    )
    return RULE.finding(
        echo.command.name_span, message, fix=_printf_fix(ctx, echo, newline=False)
    )


def _line_written(
    ctx: FileContext, echo: _Echo, name: str, where: str, *, escapes: bool, append: bool
) -> Finding:
    """`echo "OPENAI_API_KEY=…" >> .env`: the newline is right, the rest of echo is not.

    A warning when it does harm here (`-n`, `-e`, a backslash where echo rewrites it by
    default); otherwise a hint, since the same line breaks once run under zsh or `sh`.
    """
    backslash = any("\\" in word.value for word in echo.words)
    severity = Severity.WARNING
    if "n" in echo.flags:
        problem = (
            "`-n` leaves the file without a final newline, so the next line appended to it "
            "is glued onto this one"
        )
    elif "e" in echo.flags or (backslash and escapes):
        shell = "`echo -e`" if "e" in echo.flags else "this shell's `echo`"
        problem = f"{shell} turns backslash sequences in the value into other characters"
    else:
        severity = Severity.INFO
        problem = "`echo` rewrites backslashes in the value with `-e`, in zsh and in `sh`"
    glue = " (`>>` still glues onto a last line that has no final newline: see KL505)"
    message = (
        f"`echo` writes the {name}=… line into {where}: {problem}; `printf '%s\\n'` writes "
        f"the line exactly{glue if append and 'n' not in echo.flags else ''}"
    )
    return RULE.finding(
        echo.command.name_span,
        message,
        severity=severity,
        fix=_printf_fix(ctx, echo, newline=True),
    )


# --- what is printed, and where to ------------------------------------------------------


def _secret_words(ctx: FileContext, words: Sequence[Word], *, bare: bool = False) -> str:
    """How a message names the key in `words` ("" when there is none).

    `bare`: only a word that is nothing but the key (`$KEY`, `"${KEY}"`, a literal key).
    """
    for word in words:
        names = [n for n in word.expansions if is_credential_name(n, ctx.config)]
        if names and (not bare or _only_expansion(word.value) == names[0]):
            return f"the value of {names[0]}"
        value = word.value.strip()
        if looks_like_key(value) and (not bare or value == word.value) and " " not in value:
            return f"the key {redact(value)}"
    return ""


def _only_expansion(value: str) -> str | None:
    match = _EXPANSION.fullmatch(value)
    return None if match is None else match["name"] or match["braced"]


def _line_name(ctx: FileContext, words: Sequence[Word]) -> str | None:
    """NAME of a printed `NAME=value` / `export NAME=value` line, for credentials and URLs."""
    text = " ".join(word.value for word in words)
    match = _LINE.match(text)
    if match is None:
        return None
    name = match["name"]
    if is_credential_name(name, ctx.config) or is_url_name(name):
        return name
    return None


def _file_target(ctx: FileContext, command: Command) -> tuple[str, bool] | None:
    """(how a message names the file, whether it is overwritten) or None for no file."""
    for redirect in command.redirects:
        if redirect.operator in _WRITE_OPERATORS and not redirect.target.value.startswith(
            "/dev/"
        ):
            return f"`{redirect.target.text}`", redirect.operator in _OVERWRITE_OPERATORS
    if command.pipe_to and command.pipe_to[0] == "tee":
        tee = next(
            (c for c in ctx.parsed.commands if _after(c, command) and c.name == "tee"),
            None,
        )
        if tee is None:
            return None
        files = [w for w in tee.args if not w.text.startswith("-")]
        append = any(w.text.startswith("-") and "a" in w.text for w in tee.args)
        where = f"`{files[0].text}` (through tee)" if files else "the tee target"
        return where, not append
    return None


def _after(later: Command, command: Command) -> bool:
    """Whether `later` starts where `command` ends, or after."""
    return (later.span.line, later.span.column) >= (command.span.end_line, command.span.end_column)


# --- the fix -------------------------------------------------------------------------------


def _printf_fix(ctx: FileContext, echo: _Echo, *, newline: bool) -> Fix | None:
    """`printf '%s' ARGS` (or `'%s\\n'`) replacing `echo [-ne] ARGS`, arguments kept verbatim.

    echo joins its arguments with one blank, so several arguments get `'%s %s'`. Unsafe when
    that count may not hold (an unquoted `$VAR` splits into any number of words), or when a
    backslash shows that `echo -e`/zsh escapes may have been meant.
    """
    words = echo.words
    first = ctx.doc.start(words[0].span)
    last = ctx.doc.start(words[-1].span) + len(words[-1].text)
    redirects = (ctx.doc.offset(r.span.line, r.span.column) for r in echo.command.redirects)
    if any(echo.start <= at < last for at in redirects):
        return None  # a redirect among the arguments (`echo >> f "…"`): the edit would drop it
    pattern = " ".join(["%s"] * len(words)) + ("\\n" if newline else "")
    new_text = f"printf '{pattern}' {ctx.doc.text[first:last]}"
    splits = len(words) > 1 and any(w.dynamic and w.quote in ("", "mixed") for w in words)
    safe = not splits and not any("\\" in w.value for w in words)
    title = f"Use printf '{pattern}' instead of echo"
    return Fix(title, (Edit(ctx.doc.span(echo.start, last), new_text),), safe=safe)


def _reads(_ctx: FileContext, changed: Sequence[Statement]) -> bool:
    """`echo` commands, and the `tee` one may pipe into."""
    return any(isinstance(s, Command) and s.name in _READ_COMMANDS for s in changed)


_READ_COMMANDS = frozenset({"echo", "builtin", "command", "tee"})


RULE = Rule(
    code="KL501",
    name="echo-newline",
    severity=Severity.WARNING,
    summary="`echo` writing a key adds a newline (and may rewrite backslashes)",
    what="`echo` writing a key or a `NAME=value` line into a file (`>`, `>>`, `tee`) or a pipe "
    "to a clipboard/encoder: echo appends `\\n` (and `-e`/zsh interpret escapes). Precisely: "
    "a key piped into `pbcopy`, `xclip`, `xsel`, `wl-copy`, `clip.exe`, `base64` or "
    "`openssl`; only a key written over a file (`>`, `>|`, `tee` without `-a`; appending a "
    "key to a list with `>>` is fine); a credential/URL `NAME=value` line written into a file "
    "(`>`, `>>`, `tee`). A key is a word expanding a credential variable (`$OPENAI_API_KEY`) "
    "or a literal key. Also `builtin echo` and `command echo`.",
    why="`echo` ends its output with `\\n`. Piped to `pbcopy` or `base64`, the newline becomes "
    "part of the pasted or encoded key, and the provider answers 401. Written into a key "
    "file, `$(cat file)` strips it but Python's `open().read()` and `--password-file` "
    "options do not. For a `NAME=value` line the newline is wanted, but `echo -e` and zsh's "
    "`echo` turn `\\n`, `\\t`, `\\\\` in the value into other characters, and `echo -n` leaves "
    "the file without a final newline so the next append is glued on (KL504). `printf` does "
    "exactly what it is told. Severity is info for a plain `echo \"NAME=…\" >> file` (no "
    "`-n`, no `-e`, no backslash that zsh's or `sh`'s `echo` would rewrite).",
    example="```sh\necho $OPENAI_API_KEY | pbcopy\necho \"export OPENAI_API_KEY=$KEY\" >> "
    "~/.zshrc\n```\n\nFixed:\n\n```sh\nprintf '%s' $OPENAI_API_KEY | pbcopy\n"
    "printf '%s\\n' \"export OPENAI_API_KEY=$KEY\" >> ~/.zshrc\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="use `printf '%s'` (or `printf '%s\\n'` for a line) with the same arguments",
    reads=_reads,
)
