"""KL505 no-final-newline: the last line has no line break, so appends glue onto it."""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.model import Edit, Finding, Fix, Severity, Span
from keylint.core.rules.base import Rule


def check(ctx: FileContext) -> Iterator[Finding]:
    text = ctx.doc.text
    if not text or text.endswith(("\n", "\r")):
        return
    line, column = ctx.doc.position(len(text))
    newline = "\r\n" if "\r\n" in text else "\n"
    yield RULE.finding(
        Span(line, column, line, column),
        "no newline at end of file: the next `echo … >> file` will glue onto this line",
        fix=Fix("Add a final newline", (Edit(Span(line, column, line, column), newline),)),
    )


RULE = Rule(
    code="KL505",
    name="no-final-newline",
    severity=Severity.INFO,
    summary="file does not end with a newline",
    what="The last line of the file has no line break after it.",
    why="`echo \"OPENAI_API_KEY=…\" >> .env` appends right after the last character. Without a "
    "final newline the new assignment is glued onto the previous line "
    "(`DEBUG=trueOPENAI_API_KEY=…`): the key is never defined and the previous value is "
    "corrupted (see KL504).",
    example="```\nDEBUG=true⏎-missing\n```\n\nFixed: a newline is added at the end of the file.",
    check=check,
    fix="add a final newline",
)
