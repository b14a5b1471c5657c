"""The one entry point both front-ends call: text in, findings out.

Each file is parsed exactly once per check; every rule reads the same ParsedFile.
A rule that raises is logged and skipped, so bad input never takes a front-end down.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from keylint.core import files
from keylint.core.config import Config
from keylint.core.context import FileContext
from keylint.core.credentials import scrub
from keylint.core.document import Document
from keylint.core.model import FileKind, Finding, ParsedFile
from keylint.core.parse import read
from keylint.core.rules import rules_for
from keylint.core.rules.base import Rule
from keylint.core.suppress import filter_suppressed

MAX_BYTES = 20 * 1024 * 1024  # larger files are reported, not read


class UnreadableFile(Exception):
    """A file keylint cannot analyse (binary, too large, unreadable); the message says why."""


def parse(doc: Document) -> ParsedFile:
    """The reading of the whole document by the reader for its kind."""
    return read(doc).parsed


def analyze(doc: Document, config: Config | None = None, *, strict: bool = False) -> list[Finding]:
    """All findings for one document, suppressions applied, in document order.

    `strict` re-raises a rule's exception (tests use it); otherwise it is logged.
    """
    config = config or Config()
    ctx = FileContext(doc=doc, parsed=parse(doc), config=config)
    return finish(ctx, run_rules(enabled_rules(config, doc), ctx, strict=strict))


def run_rules(rules: Iterable[Rule], ctx: FileContext, *, strict: bool = False) -> list[Finding]:
    """The findings of `rules` on `ctx`; a rule that raises is logged and skipped."""
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except Exception:
            if strict:
                raise
            import logging  # here: only a failing rule needs it

            logging.getLogger("keylint").exception(
                "rule %s failed on %s; its findings are skipped", rule.code, ctx.doc.path
            )
    return findings


def finish(ctx: FileContext, findings: Iterable[Finding]) -> list[Finding]:
    """Suppressions applied, secrets scrubbed from every text, sorted in document order."""
    done = [_scrubbed(f, ctx) for f in filter_suppressed(ctx.doc, findings)]
    done.sort(key=lambda f: (f.span.line, f.span.column, f.code))
    return done


def enabled_rules(config: Config, doc: Document) -> tuple[Rule, ...]:
    """The rules to run on `doc` under `config`."""
    return _enabled_rules(config, doc.kind, doc.path if config.per_file_ignores else "")


@functools.lru_cache(maxsize=64)
def _enabled_rules(config: Config, kind: FileKind, path: str) -> tuple[Rule, ...]:
    """The rules to run on a file of `kind` at `path` ("" when no per-file ignores apply):
    the same for every file of a check, so decided once."""
    return tuple(rule for rule in rules_for(kind) if config.enabled(rule.code, path))


def _scrubbed(finding: Finding, ctx: FileContext) -> Finding:
    """The finding with no secret left in its texts (see credentials.scrub)."""
    secrets = ctx.secrets
    message = scrub(finding.message, secrets)
    related = tuple(
        replace(r, message=scrub(r.message, secrets)) for r in finding.related
    )
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, title=scrub(fix.title, secrets))
    if message == finding.message and related == finding.related and fix == finding.fix:
        return finding
    return replace(finding, message=message, related=related, fix=fix)


def document_for(path: str, text: str, kind: FileKind | None = None) -> Document | None:
    """A Document for `path`, or None when the path is not a kind keylint reads."""
    kind = kind or files.kind_of(path, text[:128].encode("utf-8", "replace"))
    if kind is None:
        return None
    return Document(path=path, text=text, kind=kind, template=files.is_template(path))


def read_text(path: Path) -> tuple[str, bool]:
    """A file's text and whether decoding lost bytes; binary and oversized files are refused.

    Invalid UTF-8 bytes become U+FFFD so that the rest of the file is still checked; the
    flag tells `--fix` not to write such a file back (it would destroy those bytes).
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableFile(f"file is too large ({size} bytes; limit {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True
