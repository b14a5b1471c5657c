"""Analysis of successive versions of one document, reusing what an edit left alone.

An editor sends a new version on every keystroke, and a keystroke changes one statement. The
readers re-read only the lines around the edit (`parse.reuse.Reread`); statement rules
(`Scope.STATEMENT`) then check only the statements on those lines and keep their findings on
the others, moved down when lines were added above them. File rules relate statements to
each other; one that says which statements it reads (`Rule.reads`) keeps its findings when
an edit within a line added or removed none of those, and runs again otherwise. The result
is exactly `analyze(doc, config)`: tests feed random edits to both and compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from keylint.core import shift
from keylint.core.analyze import enabled_rules, finish, run_rules
from keylint.core.config import Config
from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name
from keylint.core.document import Document
from keylint.core.model import Assignment, Finding, ParsedFile
from keylint.core.parse import Read, read
from keylint.core.parse.reuse import Reread
from keylint.core.rules.base import Rule, Scope


@dataclass(frozen=True)
class _Version:
    """What the previous analysis leaves for the next one."""

    doc: Document
    config: Config
    read: Read
    statement_findings: list[Finding]  # before suppression and scrubbing
    file_findings: dict[str, list[Finding]]  # by rule code, likewise
    secrets: frozenset[str]


class DocumentAnalysis:
    """The analyses of one open document, version after version."""

    def __init__(self, *, strict: bool = False) -> None:
        self._last: _Version | None = None
        self._strict = strict  # re-raise a rule's exception (tests)

    def analyze(self, doc: Document, config: Config) -> list[Finding]:
        """All findings for `doc`, as `analyze.analyze` gives them.

        Should building on the previous version ever fail, the version is analysed afresh
        (and the next one builds on that): a flaw in reuse must not stop the diagnostics.
        """
        last = self._last
        if last is not None and not _same_setting(last, doc, config):
            last = None
        if last is None or self._strict:
            return self._analyze(doc, config, last)
        try:
            return self._analyze(doc, config, last)
        except Exception:
            import logging  # here: only this rare path needs it

            logging.getLogger("keylint").exception(
                "incremental analysis of %s failed; analysing it afresh", doc.path
            )
            self._last = None
            return self._analyze(doc, config, None)

    def _analyze(self, doc: Document, config: Config, last: _Version | None) -> list[Finding]:
        reading = read(doc, last.read if last else None)
        rules = _split(enabled_rules(config, doc))
        reread = reading.reread
        if last is None or reread is None:
            ctx = FileContext(doc=doc, parsed=reading.parsed, config=config)
            statement = run_rules(rules.statement, ctx, strict=self._strict)
            by_rule = {r.code: run_rules((r,), ctx, strict=self._strict) for r in rules.file}
        else:
            ctx, statement, by_rule = self._update(last, doc, config, reading, reread, rules)
        findings = finish(ctx, [*statement, *(f for found in by_rule.values() for f in found)])
        self._last = _Version(doc, config, reading, statement, by_rule, ctx.secrets)
        return findings

    def _update(
        self,
        last: _Version,
        doc: Document,
        config: Config,
        reading: Read,
        reread: Reread,
        rules: _Rules,
    ) -> tuple[FileContext, list[Finding], dict[str, list[Finding]]]:
        """The findings of a new version read on top of the previous one: statement rules on
        the re-read statements only, file rules only when the edit may concern them."""
        strict = self._strict
        # File findings may be kept when the first line is as it was (a shebang says which
        # shell reads the file); those that cite line numbers only when no line was added.
        keep = reread.start_line > 0
        changed = list(reread.changed()) if keep else []
        secrets = last.secrets if keep and not any(
            isinstance(s, Assignment) and is_credential_name(s.name, config) for s in changed
        ) else None
        ctx = FileContext(doc=doc, parsed=reading.parsed, config=config, known_secrets=secrets)
        statement = _reused(last.statement_findings, reread)
        fresh = FileContext(
            doc=doc, parsed=reread.fresh, config=config,
            lines=(reread.start_line, reread.end_line),
        )
        statement.extend(run_rules(rules.statement, fresh, strict=strict))
        by_rule: dict[str, list[Finding]] = {}
        for rule in rules.file:
            kept = _kept(rule, last.file_findings.get(rule.code), reread) if keep else None
            if kept is None or rule.reads is None or rule.reads(ctx, changed):
                kept = run_rules((rule,), ctx, strict=strict)
            by_rule[rule.code] = kept
        return ctx, statement, by_rule

    def parsed(self, doc: Document) -> ParsedFile | None:
        """The reading of `doc` if it is the version analysed last."""
        last = self._last
        return last.read.parsed if last is not None and last.doc is doc else None


def _same_setting(last: _Version, doc: Document, config: Config) -> bool:
    """Whether `doc` is a new version of the same file under the same settings."""
    before = last.doc
    return (
        last.config == config
        and before.path == doc.path
        and before.kind is doc.kind
        and before.template == doc.template
        # what a fix inserts as a line break (KL504) follows the file's line endings
        and ("\r\n" in before.text) == ("\r\n" in doc.text)
    )


def _reused(findings: list[Finding], reread: Reread) -> list[Finding]:
    """The previous statement findings outside the re-read lines, where they are now."""
    old_end = reread.end_line - reread.lines
    kept = [f for f in findings if f.span.line < reread.start_line]
    moved = [f for f in findings if f.span.line >= old_end]
    if reread.lines:
        moved = [shift.finding_below(f, old_end, reread.lines) for f in moved]
    kept.extend(moved)
    return kept


def _kept(rule: Rule, findings: list[Finding] | None, reread: Reread) -> list[Finding] | None:
    """A file rule's previous findings where they are now, if they can be kept that way."""
    if findings is None or rule.reads is None or (reread.lines and rule.cites_lines):
        return None
    if not reread.lines:
        return findings
    old_end = reread.end_line - reread.lines
    return [shift.finding_below(f, old_end, reread.lines) for f in findings]


class _Rules(NamedTuple):
    statement: list[Rule]
    file: list[Rule]


def _split(rules: tuple[Rule, ...]) -> _Rules:
    return _Rules(
        [r for r in rules if r.scope is Scope.STATEMENT],
        [r for r in rules if r.scope is not Scope.STATEMENT],
    )
