"""Every real config in ../shared/corpus/real is checked without a crash, against a snapshot.

The snapshot (tests/snapshots/corpus.txt) lists every finding per file. A change in it is a
change in behaviour on real files that someone must read and judge in review: a new false
alarm shows up here first. Regenerate with
`KEYLINT_UPDATE_SNAPSHOTS=1 pytest tests/core/test_corpus.py`.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from corpus import corpus_or_skip
from keylint.core.analyze import analyze, document_for, read_text
from keylint.core.files import walk

SNAPSHOT = Path(__file__).parent.parent / "snapshots" / "corpus.txt"
KINDS = ("dotenv", "shellrc")  # toolconfig/ is read once tool configs are supported


def _snapshot_lines(corpus: Path) -> list[str]:
    lines: list[str] = []
    for kind in KINDS:
        for path in walk(corpus / kind):
            text, _ = read_text(path)
            doc = document_for(str(path), text)
            assert doc is not None
            rel = path.relative_to(corpus).as_posix()
            for f in analyze(doc, strict=True):
                lines.append(f"{rel}:{f.span.line + 1}:{f.span.column + 1}: {f.code} {f.message}")
    return lines


def test_corpus_files_are_all_read() -> None:
    corpus = corpus_or_skip()
    found = {p.relative_to(corpus).parts[0] for kind in KINDS for p in walk(corpus / kind)}
    assert found == set(KINDS)
    count = sum(1 for kind in KINDS for _ in walk(corpus / kind))
    listed = sum(
        1 for line in (corpus / "SOURCES.tsv").read_text().splitlines()[1:]
        if line.split("\t")[0] in KINDS
    )
    assert count == listed, "every dotenv and shellrc file of the corpus must be recognised"


def test_corpus_matches_snapshot() -> None:
    corpus = corpus_or_skip()
    actual = "\n".join(_snapshot_lines(corpus)) + "\n"
    if os.environ.get("KEYLINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(actual, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                "snapshot", "now",
            )
        )
        raise AssertionError(
            "findings on the real corpus changed; review them, then regenerate with "
            "KEYLINT_UPDATE_SNAPSHOTS=1:\n" + diff
        )
