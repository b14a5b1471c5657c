"""KL404 legacy-var-name: names some tools no longer read, such as OPENAI_API_BASE."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import loaded
from keylint.core.model import Severity
from lint import codes, fixed, lint

CODE = "KL404"
URL = "https://api.hiapi.ai/v1"


@pytest.mark.parametrize(
    ("text", "path", "column", "name"),
    [
        (f"OPENAI_API_BASE={URL}\n", ".env", 0, "OPENAI_API_BASE"),
        (f'export OPENAI_API_BASE="{URL}"\n', ".zshrc", 7, "OPENAI_API_BASE"),
        # the corpus case: a Codex wrapper (Codex reads OPENAI_BASE_URL)
        ('#!/bin/bash\nexport OPENAI_API_BASE="https://api.openai.com/v1"\nexec codex "$@"\n',
         "codexia.sh", 7, "OPENAI_API_BASE"),
        ("HUGGING_FACE_HUB_TOKEN=hf_x\n", ".env", 0, "HUGGING_FACE_HUB_TOKEN"),
        ("HF_INFERENCE_ENDPOINT=https://api-inference.huggingface.co\n", ".env", 0,
         "HF_INFERENCE_ENDPOINT"),
    ],
)
def test_fires(text: str, path: str, column: int, name: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.INFO
    line = next(i for i, t in enumerate(text.splitlines()) if name in t)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line, column, column + len(name)
    )
    assert finding.message.startswith(f"{name}: ")


def test_message_says_which_tools_read_which_name() -> None:
    (finding,) = lint(f"OPENAI_API_BASE={URL}\n", select=CODE)
    assert "openai-python ≥ 1.0, codex and litellm read OPENAI_BASE_URL" in finding.message
    assert (
        "OPENAI_API_BASE is read only by litellm, aider and openai-python < 1.0"
        in finding.message
    )
    (hf,) = lint("HUGGING_FACE_HUB_TOKEN=hf_x\n", select=CODE)
    assert "huggingface_hub reads HF_TOKEN" in hf.message


def test_different_values_are_a_warning_with_related() -> None:
    text = f"OPENAI_BASE_URL=https://api.openai.com/v1\nOPENAI_API_BASE={URL}\n"
    (finding,) = lint(text, select=CODE)
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column) == (1, 0)
    assert "set to different values" in finding.message
    (related,) = finding.related
    assert (related.span.line, related.span.column) == (0, 0)
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # the belt-and-braces setup
        (f"OPENAI_API_BASE={URL}\nOPENAI_BASE_URL={URL}\n", ".env"),
        (f'export OPENAI_BASE_URL="{URL}"\nexport OPENAI_API_BASE="{URL}"\n', ".zshrc"),
        (f"export OPENAI_BASE_URL={URL}\nexport OPENAI_API_BASE=$OPENAI_BASE_URL\n", ".zshrc"),
        (f"OPENAI_API_BASE={URL}\nOPENAI_BASE_URL=${{OPENAI_API_BASE}}\n", ".env"),
        ("HUGGING_FACE_HUB_TOKEN=hf_x\nHF_TOKEN=hf_x\n", ".env"),
        # current names
        (f"OPENAI_BASE_URL={URL}\nHF_TOKEN=hf_x\n", ".env"),
        # templates list the names their app reads (kotaemon, DocsGPT read OPENAI_API_BASE)
        ("OPENAI_API_BASE=https://api.openai.com/v1\n", ".env.example"),
        ("OPENAI_API_BASE=\n", ".env-template"),
        (f"# OPENAI_API_BASE={URL}\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"OPENAI_API_BASE={URL}\n", ".env", f"OPENAI_API_BASE={URL}\nOPENAI_BASE_URL={URL}\n"),
        (f"OPENAI_API_BASE='{URL}' # relay\r\nX=1\r\n", ".env",
         f"OPENAI_API_BASE='{URL}' # relay\r\nOPENAI_BASE_URL='{URL}'\r\nX=1\r\n"),
        (f'  export OPENAI_API_BASE="{URL}"\n', ".zshrc",
         f'  export OPENAI_API_BASE="{URL}"\n  export OPENAI_BASE_URL="{URL}"\n'),
        (f"OPENAI_API_BASE={URL}", ".env", f"OPENAI_API_BASE={URL}\nOPENAI_BASE_URL={URL}"),
        ("HUGGING_FACE_HUB_TOKEN=hf_x\n", ".env", "HUGGING_FACE_HUB_TOKEN=hf_x\nHF_TOKEN=hf_x\n"),
    ],
)
def test_fix_adds_the_current_name_and_is_unsafe(text: str, path: str, expected: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, path, select=CODE) == text
    assert fixed(text, path, select=CODE, unsafe=True) == expected
    assert codes(expected, path, select=CODE) == []


@pytest.mark.parametrize(
    "text",
    [
        f'if [ -n "$X" ]; then export OPENAI_API_BASE="{URL}"; fi\n',
        f"OPENAI_API_BASE={URL} aider\n",
    ],
)
def test_no_fix_where_a_new_line_would_change_meaning(text: str) -> None:
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert finding.fix is None


def test_no_fix_without_a_replacement() -> None:
    (finding,) = lint("HF_INFERENCE_ENDPOINT=https://x.example\n", select=CODE)
    assert finding.fix is None


_VALUES = ("", URL, f"'{URL}'", f'"{URL}"', f"{URL} # relay", f'"{URL}"  # note', "${X}")


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(("OPENAI_API_BASE", "OPENAI_API_KEY", "DEBUG", "X")))
        export = draw(st.sampled_from(("", "export ")))
        lines.append(f"{export}{name}={draw(st.sampled_from(_VALUES))}")
    newline = draw(st.sampled_from(("\n", "\r\n")))
    return newline.join(lines) + draw(st.sampled_from(("", newline)))


@settings(max_examples=300, deadline=None)
@given(text=_dotenv())
def test_added_name_loads_the_legacy_value_and_nothing_else_changes(text: str) -> None:
    findings = [f for f in lint(text, select=CODE) if f.fix is not None]
    after_text = fixed(text, select=CODE, unsafe=True)
    before, after = loaded(text), loaded(after_text)
    if not findings:
        assert after_text == text
        return
    assert after.pop("OPENAI_BASE_URL") == before["OPENAI_API_BASE"]
    assert after == before
    assert codes(after_text, select=CODE) == []
