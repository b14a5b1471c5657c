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
