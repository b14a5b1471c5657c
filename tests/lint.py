"""`lint(text, path)`: run keylint's core on a string the way a rule test wants it."""

from __future__ import annotations

from keylint.core.analyze import analyze, document_for
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.fixes import fix_document
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
    return analyze(doc(text, path), config, strict=True)


def codes(text: str, path: str = ".env", *, select: str | None = None) -> list[str]:
    return [f.code for f in lint(text, path, select=select)]


def fixed(text: str, path: str = ".env", *, select: str | None = None, unsafe: bool = False) -> str:
    """The text after applying every (safe) fix of the selected rules."""
    config = Config().with_overrides(select=[select]) if select else Config()
    return fix_document(doc(text, path), config, unsafe=unsafe)
