"""Where the real-config corpus lives (../shared, beside the project) and how tests reach it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def corpus_or_skip() -> Path:
    """The real-config corpus; skipped where ../shared is absent, a failure under CI=true."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("CI") == "true":
        pytest.fail(f"the real corpus is missing at {CORPUS} (CI must have ../shared)")
    pytest.skip(f"../shared/corpus/real not found at {CORPUS}: a user's clone has no corpus")
    raise AssertionError  # unreachable: skip raises


def corpus_hits(code: str, kind: str) -> list[tuple[str, int]]:
    """(file name, 0-based line) of every finding of rule `code` in the corpus folder `kind`
    ("dotenv" or "shellrc"), rules raising instead of being skipped."""
    from keylint.core.analyze import analyze, document_for, read_text
    from keylint.core.config import Config
    from keylint.core.files import walk

    config = Config().with_overrides(select=[code])
    hits: list[tuple[str, int]] = []
    for path in walk(corpus_or_skip() / kind):
        document = document_for(str(path), read_text(path)[0])
        assert document is not None, path
        hits += [(path.name, f.span.line) for f in analyze(document, config, strict=True)]
    return hits
