"""The hover text: which key goes where, and never the full key."""

from __future__ import annotations

from keylint.core.analyze import parse
from keylint.core.credentials import redact
from keylint.core.describe import describe
from keys import fake_key
from lint import doc


def _describe(text: str, path: str, line: int, column: int) -> str | None:
    document = doc(text, path)
    return describe(document, parse(document), line, column)


def test_key_with_a_base_url_of_another_provider():
    key = fake_key("openai", "project")
    text = f"OPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n"

    shown = _describe(text, ".env", 0, 20)

    assert shown is not None and key not in shown
    assert redact(key) in shown
    assert "OpenAI project key" in shown
    assert f"expected {100}" in shown
    assert "openai-python" in shown
    assert "`https://api.hiapi.ai/v1` (HiAPI) — from OPENAI_BASE_URL on line 2" in shown
    assert "HiAPI does not accept this key" in shown


def test_truncated_key_lists_its_problems_without_quoting_it():
    key = fake_key("anthropic", "api")[:40]
    shown = _describe(f'export ANTHROPIC_API_KEY="{key}"\n', ".zshrc", 0, 8)

    assert shown is not None and key not in shown
    assert "too short" in shown
    assert "https://api.anthropic.com" in shown and "default" in shown
    assert "Exported" in shown


def test_base_url_lists_the_keys_of_its_family():
    key = fake_key("groq")
    text = f"GROQ_API_KEY={key}\nGROQ_BASE_URL=https://api.groq.com/openai/v1\n"

    shown = _describe(text, ".env", 1, 2)

    assert shown is not None and key not in shown
    assert "Groq" in shown and "`GROQ_API_KEY`" in shown


def test_dynamic_and_unknown_values():
    shown = _describe('export MY_TOKEN="$(pass show tok)"\n', ".bashrc", 0, 10)
    assert shown is not None and "set when the file runs" in shown
    assert "only your own code" in shown


def test_nothing_to_say():
    assert _describe("DEBUG=true\n# OPENAI_API_KEY=x\n", ".env", 0, 1) is None
    assert _describe("DEBUG=true\n", ".env", 5, 0) is None
