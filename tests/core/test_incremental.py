"""Incremental analysis (what the editor runs on every keystroke) against whole-file analysis.

Each edit is applied to a document analysed before; the findings and the reading must be
exactly what reading and checking the new text from scratch gives. The edits are random
(hypothesis, and seeded walks over the real corpus), and biased towards what breaks
readers: quotes, line breaks, `export`, `${`, heredocs, `if`/`fi`, `set -a`.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import corpus_or_skip
from keylint.core.analyze import analyze, document_for, read_text
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.files import walk
from keylint.core.incremental import DocumentAnalysis, read
from keylint.core.parse.reuse import common_prefix, common_suffix
from keys import fake_key

CONFIG = Config()
PIECES = [
    '"', "'", "\n", "\r\n", "x", "=", "#", " ", "\t", "A", "\\", "export ", "${", "$(", ")",
    "é", "\u200b", ";", "{", "}", "<<EOF\n", "EOF\n", "if true; then\n", "fi\n", "set -a\n",
    "KEY=1 ", "OPENAI_API_KEY=", "ANTHROPIC_BASE_URL=https://api.openai.com/v1\n",
    "curl -H 'Authorization: $K' https://api.anthropic.com/v1/messages\n", "echo ",
    ">> .env\n", "OPENAI_API_BASE=http://x\n",
]
SEED_LINES = [
    "# settings",
    "OPENAI_API_KEY={openai}",
    'export ANTHROPIC_API_KEY="{anthropic} "',
    "ANTHROPIC_BASE_URL=https://api.openai.com/v1",
    "OPENAI_API_BASE=https://api.openai.com/v1",
    "GROQ_API_KEY={openai}",
    "DEBUG=1OPENAI_API_KEY={openai}",
    "MULTI='line one",
    "line two'",
    "PORT = 8080",
    "echo \"OPENAI_API_KEY=$KEY\" >> .env",
    'curl https://api.anthropic.com/v1/messages -H "Authorization: Bearer $ANTHROPIC_API_KEY"',
    "set -a",
    "source .env",
    "set +a",
    "if [ -n \"$X\" ]; then export OPENAI_BASE_URL=https://gw.example/v1; fi",
    "cat <<EOF > .env",
    "OPENAI_API_KEY={openai}",
    "EOF",
    "export A=1; export B=2  # two statements on one line",
    "curl https://api.openai.com/v1/models \\",
    "  -H \"Authorization: Bearer $OPENAI_API_KEY\"",
    "f() {{ local x=1; }}",
]


def _seed_text() -> str:
    keys = {"openai": fake_key("openai"), "anthropic": fake_key("anthropic")}
    return "\n".join(line.format(**keys) for line in SEED_LINES) + "\n"


def _assert_agrees(path: str, versions: list[str]) -> None:
    """Analyse `versions` one after the other, as an editor sends them."""
    analysis = DocumentAnalysis(strict=True)
    previous = None
    for text in versions:
        doc = document_for(path, text)
        assert doc is not None
        reading = read(doc, previous)
        assert reading.parsed == read(document_for(path, text), None).parsed, text
        previous = reading
        assert analysis.analyze(doc, CONFIG) == analyze(doc, CONFIG, strict=True), text


_edit = st.tuples(
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=3),
    st.lists(st.sampled_from(PIECES), max_size=3).map("".join),
)


@pytest.mark.parametrize("path", [".env", "setup.sh"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_edit, min_size=1, max_size=6))
def test_random_edits_agree_with_a_fresh_analysis(
    path: str, edits: list[tuple[float, int, str]]
) -> None:
    text = _seed_text()
    versions = [text]
    for where, cut, inserted in edits:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at + cut :]
        versions.append(text)
    _assert_agrees(path, versions)


def test_typing_a_line_character_by_character_agrees() -> None:
    """The common case, end to end: a new line typed into the middle of a file."""
    base = _seed_text()
    middle = base.index("PORT")
    line = 'export OPENAI_API_KEY="sk-abc"  # note\n'
    versions = [base[:middle] + line[:n] + base[middle:] for n in range(len(line) + 1)]
    for path in (".env", "setup.sh"):
        _assert_agrees(path, versions)


def test_real_files_under_random_edits_agree() -> None:
    """Seeded random edits on every file of the real corpus."""
    pieces = random.Random(7)
    for path in walk(corpus_or_skip()):
        text = read_text(path)[0]
        if document_for(str(path), text) is None:
            continue
        versions = [text]
        for _ in range(12):
            at = pieces.randrange(len(text) + 1)
            cut = pieces.choice([0, 0, 1, 4])
            text = text[:at] + pieces.choice(PIECES) + text[at + cut :]
            if document_for(str(path), text) is None:  # the edit broke its shebang
                break
            versions.append(text)
        _assert_agrees(str(path), versions)


@given(st.text(alphabet="ab\n", max_size=40), st.text(alphabet="ab\n", max_size=40))
def test_common_prefix_and_suffix(a: str, b: str) -> None:
    head = common_prefix(a, b)
    assert a[:head] == b[:head] and (head == min(len(a), len(b)) or a[head] != b[head])
    limit = min(len(a), len(b)) - head
    tail = common_suffix(a, b, limit)
    assert tail <= limit and a[len(a) - tail :] == b[len(b) - tail :]
    assert tail == limit or a[len(a) - tail - 1] != b[len(b) - tail - 1]


def test_a_failure_to_build_on_the_previous_version_falls_back_to_a_fresh_analysis(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import keylint.core.incremental as incremental

    real_read = incremental.read

    def flawed(doc: Document, previous: incremental.Read | None) -> incremental.Read:
        if previous is not None:
            raise RuntimeError("a flaw in reuse")
        return real_read(doc, None)

    monkeypatch.setattr(incremental, "read", flawed)
    text = _seed_text()
    analysis = DocumentAnalysis()
    analysis.analyze(document_for(".env", text), CONFIG)
    edited = document_for(".env", text.replace("PORT = 8080", "PORT = 80"))
    assert edited is not None
    with caplog.at_level("ERROR", logger="keylint"):
        findings = analysis.analyze(edited, CONFIG)
    assert findings == analyze(edited, CONFIG, strict=True)
    assert "analysing it afresh" in caplog.text
