"""KL102 crlf: Windows line endings in a file that a shell or Docker reads."""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.document import LINE_BREAK
from keylint.core.model import Edit, FileKind, Finding, Fix, Severity, Span
from keylint.core.rules.base import Rule


def check(ctx: FileContext) -> Iterator[Finding]:
    text = ctx.doc.text
    count = text.count("\r\n")
    lone = text.count("\r") - count
    if not count and not lone:
        return
    first = text.find("\r")
    line, column = ctx.doc.position(first)
    if ctx.doc.kind is FileKind.SHELL:
        where = "every value assigned on those lines ends in \\r"
    else:
        where = "Docker --env-file and `source` keep \\r in each value (python-dotenv strips it)"
    total = count + lone
    noun = "line ends" if total == 1 else "lines end"
    end_line, end_column = ctx.doc.position(len(text))
    yield RULE.finding(
        Span(line, column, line, column),  # the CR is the line break itself: point at its place
        f"{total} {noun} with a carriage return (CRLF): {where}",
        fix=Fix(
            "Convert line endings to LF",
            (Edit(Span(0, 0, end_line, end_column), LINE_BREAK.sub("\n", text)),),
        ),
    )


RULE = Rule(
    code="KL102",
    name="crlf",
    severity=Severity.WARNING,
    summary="Windows (CRLF) line endings",
    what="The file uses `\\r\\n` (or lone `\\r`) line endings. Reported once per file, at the "
    "first carriage return, with the number of affected lines.",
    why="In a shell file the `\\r` becomes the last character of every value (`bash` does not "
    "treat it as whitespace), so `OPENAI_API_KEY=sk-…\\r` is sent as a different key and the "
    "provider answers 401. Docker's `--env-file` and `source .env` keep it too; only "
    "python-dotenv and Node's dotenv strip it, which is why the key works in one tool and not "
    "in another.",
    example="A `.zshrc` saved by a Windows editor:\n\n```sh\nexport ANTHROPIC_API_KEY=sk-ant-…␍\n"
    "```\n\nFixed: the file is converted to LF line endings.",
    check=check,
    fix="convert the file to LF line endings",
)
