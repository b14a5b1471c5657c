"""The editor configurations in docs/editors.md, extracted verbatim for the editor tests.

A snippet is the fenced block right after `<!-- snippet: NAME -->`, so what users copy is
exactly what the tests run.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

EDITORS_MD = Path(__file__).resolve().parents[2] / "docs" / "editors.md"
KEYLINT = str(Path(sys.executable).parent / "keylint")


def snippet(name: str) -> str:
    text = EDITORS_MD.read_text(encoding="utf-8")
    found = re.search(rf"<!-- snippet: {re.escape(name)} -->\n```\w*\n(.*?)```", text, re.DOTALL)
    assert found, f"docs/editors.md has no snippet {name!r}"
    return found.group(1)


def editor_or_skip(program: str) -> str:
    """The editor's path; skipped when missing, a failure under CI=true (.ci/run installs it)."""
    path = shutil.which(program)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{program} is not installed: .ci/run installs it with apt-get")
    pytest.skip(f"{program} is not installed (apt-get install neovim emacs-nox elpa-eglot)")
    raise AssertionError
