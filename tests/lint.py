"""`lint(text, path)`: run keylint's core on a string the way a rule test wants it."""

from __future__ import annotations

from keylint.core.analyze import analyze, document_for
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.fixes import fix_document
from keylint.core.incremental import DocumentAnalysis
from keylint.core.model import FileKind, Finding


def doc(text: str, path: str = ".env", kind: FileKind | None = None) -> Document:
    document = document_for(path, text, kind)
    assert document is not None, f"{path} is not a file kind keylint reads"
    return document


def lint(
    text: str, path: str = ".env", *, select: str | None = None, config: Config | None = None
) -> list[Finding]:
    """Findings for `text` as if it were the file `path`; rules raise instead of being skipped."""
    config = config or Config()
    if select:
        config = config.with_overrides(select=[select])
    findings = analyze(doc(text, path), config, strict=True)
    assert_incremental_agrees(text, path, config, findings)
    return findings


def assert_incremental_agrees(
    text: str, path: str, config: Config, expected: list[Finding]
) -> None:
    """Editing an earlier version into `text` gives the same findings as analysing `text`.

    The earlier versions lack one line, have one more character on it, or have it blank
    (the first, middle and last line): every rule test thereby also tests the editor's
    incremental analysis, both the re-reading and which findings it keeps.
    """
    for earlier in earlier_versions(text):
        before = document_for(path, earlier)
        if before is None:  # without its shebang line, keylint does not read the file
            continue
        analysis = DocumentAnalysis(strict=True)
        analysis.analyze(before, config)
        assert analysis.analyze(doc(text, path), config) == expected, (
            f"incremental analysis after editing {earlier!r} into {text!r} differs"
        )


def earlier_versions(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    picked = sorted({0, len(lines) // 2, len(lines) - 1}) if lines else []
    versions = [""]
    for index in picked:
        line = lines[index]
        body = line.rstrip("\r\n")
        longer = body + "x" + line[len(body) :]
        blank = line[len(body) :]
        versions.append("".join(lines[:index] + lines[index + 1 :]))
        versions.append("".join([*lines[:index], longer, *lines[index + 1 :]]))
        versions.append("".join([*lines[:index], blank, *lines[index + 1 :]]))
    return versions


def codes(text: str, path: str = ".env", *, select: str | None = None) -> list[str]:
    return [f.code for f in lint(text, path, select=select)]


def fixed(text: str, path: str = ".env", *, select: str | None = None, unsafe: bool = False) -> str:
    """The text after applying every (safe) fix of the selected rules."""
    config = Config().with_overrides(select=[select]) if select else Config()
    return fix_document(doc(text, path), config, unsafe=unsafe)
