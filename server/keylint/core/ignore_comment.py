"""Where a `# keylint: ignore[KLxxx]` comment can go without changing what the file means.

The suppression (keylint.core.suppress) honours a directive on the finding's line or on the
line above. Which of the two is safe depends on the file:

- Shell: ` # ...` after the last word of a line is a comment, so the directive is appended;
  not after a line ending in a backslash (the comment would swallow the continuation) nor
  where the line end lies inside a multi-line quoted value (it would become part of it).
  There the directive goes on its own line above.
- `.env`: python-dotenv reads ` #` after an unquoted value as a comment, but
  `docker run --env-file` and systemd's `EnvironmentFile` do not: they would make the
  comment part of the key. So the directive always goes on its own line above, which every
  reader skips; on the last line of a multi-line quoted value, where the line above is
  inside the value, it is appended after the closing quote (every reader that supports
  such values treats the rest as a comment).

A line whose start and end both lie inside a multi-line value has no safe place: no edit.
An existing directive with a code list on either line gets the code added to its list.
"""

from __future__ import annotations

from keylint.core.document import Document
from keylint.core.model import Edit, FileKind, ParsedFile, Span
from keylint.core.suppress import _DIRECTIVE


def ignore_edit(doc: Document, parsed: ParsedFile, line: int, code: str) -> Edit | None:
    """The edit that silences `code` on `line`, or None when it is silenced already or no
    place for the comment leaves the file's meaning intact."""
    if not 0 <= line < doc.line_count:
        return None
    data = _data_spans(doc, parsed)
    for target in (line, line - 1):
        existing = _existing_directive(doc, data, target)
        if existing is not None:
            return _add_code(target, existing, code)
    directive = f"# keylint: ignore[{code}]"
    # Statements and values running over several lines: no comment line may split them.
    multiline = [s for s in data if s.end_line > s.line]
    multiline += [c.span for c in parsed.commands if c.span.end_line > c.span.line]
    above_ok = not _inside(multiline, line, 0, after_start=True)
    append_ok = not _inside(multiline, line, len(doc.line_text(line)), after_start=False)
    if doc.kind is FileKind.SHELL:
        append_ok = append_ok and not _continues(doc.line_text(line))
        if append_ok:
            return _append(doc, line, directive)
        return _above(doc, line, directive) if above_ok else None
    if doc.kind is FileKind.DOTENV:
        if above_ok:
            return _above(doc, line, directive)
        return _append(doc, line, directive) if append_ok else None
    return None  # a kind whose comment syntax this module does not know


def _existing_directive(
    doc: Document, data: list[Span], line: int
) -> tuple[int, str | None] | None:
    """(column where a code goes, current code list) of a directive outside any value."""
    if line < 0:
        return None
    text = doc.line_text(line)
    if "keylint" not in text:
        return None
    for match in _DIRECTIVE.finditer(text):
        if _inside(data, line, match.start(), after_start=False):
            continue
        if match.group(1) is None:
            return match.end(), None
        return match.end(1), match.group(1)
    return None


def _add_code(line: int, existing: tuple[int, str | None], code: str) -> Edit | None:
    column, codes = existing
    if codes is None:
        return None  # a bare `# keylint: ignore` silences every rule already
    listed = [c.strip().upper() for c in codes.split(",") if c.strip()]
    if any(code.startswith(c) for c in listed):
        return None
    text = f", {code}" if listed else code
    return Edit(Span(line, column, line, column), text)


def _data_spans(doc: Document, parsed: ParsedFile) -> list[Span]:
    """Spans inside which a `#` is data, not a comment: values, words, unclosed quotes."""
    spans = [a.value_span for a in parsed.assignments]
    for command in parsed.commands:
        spans.extend(w.span for w in command.args)
        spans.extend(r.target.span for r in command.redirects)
    if doc.kind is FileKind.SHELL:
        # An unclosed quote in a shell file runs to the end of the file.
        last = doc.line_count - 1
        end = (last, len(doc.line_text(last)))
        spans.extend(
            Span(p.span.line, p.span.column, *end)
            for p in parsed.problems
            if p.kind == "unterminated-quote"
        )
    return spans


def _inside(spans: list[Span], line: int, column: int, *, after_start: bool) -> bool:
    """True when (line, column) lies strictly inside one of the spans.

    `after_start` asks about the start of a line: inside only if the span began earlier.
    """
    point = (line, column)
    for span in spans:
        start, end = (span.line, span.column), (span.end_line, span.end_column)
        if after_start and span.line >= line:
            continue
        if start < point < end:
            return True
    return False


def _continues(text: str) -> bool:
    """A shell line ending in an unescaped backslash continues on the next line."""
    stripped = text.rstrip("\r")
    trailing = len(stripped) - len(stripped.rstrip("\\"))
    return trailing % 2 == 1


def _append(doc: Document, line: int, directive: str) -> Edit:
    text = doc.line_text(line)
    column = len(text)
    separator = "" if not text or text.endswith((" ", "\t")) else " "
    return Edit(Span(line, column, line, column), f"{separator}{directive}")


def _above(doc: Document, line: int, directive: str) -> Edit:
    text = doc.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    newline = "\r\n" if "\r\n" in doc.text else "\n"
    return Edit(Span(line, 0, line, 0), f"{indent}{directive}{newline}")
