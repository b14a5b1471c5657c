"""Every character is reported by one rule: the value-hygiene and key-character rules split
the characters of a value between them (`rules/_chars.py`), so no two of their findings ever
point at the same character, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from envtext import DOTENV
from keylint.core.analyze import analyze
from keylint.core.config import Config
from keylint.core.model import Finding
from keys import fake_key
from lint import doc

SPLIT = ("KL101", "KL103", "KL104", "KL105", "KL202")
CONFIG = Config().with_overrides(select=list(SPLIT))
GROQ = fake_key("groq")
PROJECT = fake_key("openai", "project")

# Pieces of key values: key text, and every character one of the rules owns next to them.
_PIECES = (
    GROQ[:12], GROQ[12:24], PROJECT[:20], "sk-", "Ab3d", "_", "-", "/", ".", "..", "...", "*",
    "**", "…", "•", "••", " ", "  ", "\t", "\u00a0", "\u200b", "\u2060", "“", "”", "‘", "’",
    "＂", "'", '"', "\\n", "\\\\", "#", " #", "$", "${X}", "а", "é", "Bearer ",
)
_NAMES = (
    "GROQ_API_KEY", "OPENAI_API_KEY", "GROQ_FALLBACK", "MY_APP_SECRET", "OPENAI_BASE_URL",
    "PROMPT",
)


@st.composite
def _key_file(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from((".env", ".zshrc", ".env.example")))
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(_NAMES))
        quote = draw(st.sampled_from(("", "'", '"', "“")))
        closing = "”" if quote == "“" else quote
        value = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=7)))
        export = "export " if path == ".zshrc" else ""
        tail = draw(st.sampled_from(("", " ", "\u00a0", " # note")))
        lines.append(f"{export}{name}={quote}{value}{closing}{tail}")
    newline = draw(st.sampled_from(("\n", "\r\n")))
    return "".join(line + newline for line in lines), path


def _covered(text: str, path: str, finding: Finding) -> range:
    document = doc(text, path)
    span = finding.span
    return range(document.offset(span.line, span.column),
                 document.offset(span.end_line, span.end_column))


def _assert_no_shared_character(text: str, path: str) -> None:
    findings = analyze(doc(text, path), CONFIG, strict=True)
    owner: dict[int, Finding] = {}
    for finding in findings:
        for offset in _covered(text, path, finding):
            other = owner.setdefault(offset, finding)
            assert other is finding, (text, path, other, finding)


RELAXED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(case=_key_file())
def test_no_two_findings_cover_the_same_character_in_keys(case: tuple[str, str]) -> None:
    _assert_no_shared_character(*case)


@RELAXED
@given(text=DOTENV)
def test_no_two_findings_cover_the_same_character_in_values(text: str) -> None:
    _assert_no_shared_character(text, ".env")


def test_a_key_in_typographic_quotes_with_a_masked_middle() -> None:
    """The report's examples, together: each character is explained once."""
    text = f"GROQ_API_KEY=“{GROQ[:20]}•{GROQ[21:30]}_{GROQ[31:]}\u200b”\n"
    findings = analyze(doc(text, ".env"), CONFIG, strict=True)
    assert sorted(f.code for f in findings) == ["KL103", "KL104", "KL202", "KL202"]
    _assert_no_shared_character(text, ".env")
