"""KL401 unknown-var-name: a name no tool reads, close to one that is read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import loaded
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL401"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "path", "column", "name", "canonical", "typo"),
    [
        # the examples
        ("HIAPI_KEY=sk-abc\n", ".env", 0, "HIAPI_KEY", "HIAPI_API_KEY", False),
        ("ANTHROPIC_APIKEY=sk-ant-x\n", ".env", 0, "ANTHROPIC_APIKEY", "ANTHROPIC_API_KEY", False),
        (f"OPEN_AI_API_KEY={KEY}\n", ".env", 0, "OPEN_AI_API_KEY", "OPENAI_API_KEY", False),
        (f"export OPENAI_KEY={KEY}\n", ".zshrc", 7, "OPENAI_KEY", "OPENAI_API_KEY", False),
        ("OPEN_ROUTER_API_KEY=x\n", ".env.local", 0, "OPEN_ROUTER_API_KEY", "OPENROUTER_API_KEY",
         False),
        ("GEMINI_KEY=x\n", ".env", 0, "GEMINI_KEY", "GEMINI_API_KEY", False),
        ("REPLICATE_TOKEN=x\n", ".env", 0, "REPLICATE_TOKEN", "REPLICATE_API_TOKEN", False),
        ("HF_API_TOKEN=x\n", ".env", 0, "HF_API_TOKEN", "HF_TOKEN", False),
        # misspellings, also in templates
        ("ANTROPIC_API_KEY=x\n", ".env", 0, "ANTROPIC_API_KEY", "ANTHROPIC_API_KEY", True),
        ("OPNEAI_API_KEY=x\n", ".env", 0, "OPNEAI_API_KEY", "OPENAI_API_KEY", True),
        ("ANTHROPIC_BASE_ULR=x\n", ".env", 0, "ANTHROPIC_BASE_ULR", "ANTHROPIC_BASE_URL", True),
        ("ANTROPIC_API_KEY=\n", ".env.example", 0, "ANTROPIC_API_KEY", "ANTHROPIC_API_KEY", True),
        ("  export OPENAI_BASE_ULR=x\n", ".bashrc", 9, "OPENAI_BASE_ULR", "OPENAI_BASE_URL", True),
    ],
)
def test_fires(
    text: str, path: str, column: int, name: str, canonical: str, typo: bool
) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, column, column + len(name)
    )
    assert finding.message.startswith(
        f"{name} looks like a misspelling of {canonical}" if typo
        else f"no SDK or tool reads {name}: {canonical} is the name"
    )
    assert f"unless your own code reads {name}" in finding.message
    assert KEY not in finding.message


def test_names_the_tools_that_read_the_canonical_name() -> None:
    (finding,) = lint("OPENAI_KEY=x\n", select=CODE)
    assert "the name that openai-python, litellm and aider read, so they" in finding.message
    (hiapi,) = lint("HIAPI_KEY=x\n", select=CODE)
    assert "the name HiAPI documents, so code following its docs" in hiapi.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # canonical for some provider or tool
        ("OPENAI_API_KEY=x\nANTHROPIC_AUTH_TOKEN=y\nCO_API_KEY=z\nOR_API_KEY=w\n", ".env"),
        ("GOOGLE_API_KEY=x\nGEMINI_API_KEY=y\nHUGGING_FACE_HUB_TOKEN=z\n", ".env"),
        ("OPENAI_API_BASE_URL=x\nGOOGLE_GENERATIVE_AI_API_KEY=y\nHUGGINGFACEHUB_API_TOKEN=z\n",
         ".env"),
        # an app's own conventions: something added to a canonical name
        ("NEXT_PUBLIC_OPENAI_API_KEY=x\nVITE_OPENAI_API_KEY=y\nREACT_APP_OPENAI_API_KEY=z\n",
         ".env"),
        ("MYAPP_OPENAI_API_KEY=x\nZSH_AI_COMMANDS_OPENAI_API_KEY=y\n", ".env"),
        ("OPENAI_API_KEY_2=x\nOPENAI_KEY2=y\nOPENAI_API_KEYS=z\n", ".env"),
        ("AZURE_GPT5_API_KEY=x\nLLM_GEMINI_KEY=y\nGOOGLE_GEMINI_API_KEY=z\n", ".env"),
        # not close to anything, or too short to tell (Grok is xAI, not a misspelled Groq)
        ("GROK_API_KEY=x\nCLAUDE_API_KEY=y\nNVIDIA_API_KEY=z\nKIMI_API_KEY=w\n", ".env"),
        ("OPENAI_BASE=x\nOPENROUTER_BASE_URL=y\nANTHROPIC_URL=z\nOPENAI_TOKEN=w\n", ".env"),
        # case only: Windows and pydantic-settings do not care
        ("openai_api_key=x\nOpenAI_Api_Key=y\n", ".env"),
        # variants in templates: the app's code reads the documented name
        ("AZURE_OPENAI_KEY=\n", ".env.example"),  # browser-use, generative-ai-for-beginners
        ("OPEN_ROUTER_API_KEY=your_key_here\n", ".env.example"),  # bolt.diy reads this name
        # the canonical name is set too: both exist on purpose
        ('export OPENAI_KEY="$(pass a)"\nexport OPENAI_API_KEY="$(pass b)"\n', ".zshrc"),
        ('export AZURE_OPENAI_KEY="t"\nexport AZURE_OPENAI_API_KEY="t"\n', "setup_env.sh"),
        ("OPENAI_KEY=x\nexport OPENAI_API_KEY\n", ".bashrc"),
        # the file uses the name itself
        ('OPENAI_KEY="$(read_secret)"\necho "OPENAI_API_KEY=${OPENAI_KEY}" >> "$DOTENV"\n',
         "ingest.sh"),
        ("OPENAI_KEY=x\nOTHER=${OPENAI_KEY}\n", ".env"),
        ("# OPENAI_KEY=x\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("HIAPI_KEY=sk-abc\n", ".env", "HIAPI_API_KEY=sk-abc\n"),
        ("export ANTHROPIC_APIKEY=x\n", ".zshrc", "export ANTHROPIC_API_KEY=x\n"),
        ("OPENAI_KEY=a\nOPENAI_KEY=b\nexport OPENAI_KEY\n", ".bashrc",
         "OPENAI_API_KEY=a\nOPENAI_API_KEY=b\nexport OPENAI_API_KEY\n"),
    ],
)
def test_fix_renames_and_is_unsafe(text: str, path: str, expected: str) -> None:
    findings = lint(text, path, select=CODE)
    assert len(findings) == 1  # one finding per name, however often it is set
    (finding,) = findings
    assert finding.fix is not None and not finding.fix.safe
    assert "unsafe: your app may read" in finding.fix.title
    assert fixed(text, path, select=CODE) == text
    assert fixed(text, path, select=CODE, unsafe=True) == expected
    assert codes(expected, path, select=CODE) == []


def test_second_definition_is_related() -> None:
    (finding,) = lint("OPENAI_KEY=a\nDEBUG=1\nOPENAI_KEY=b\n", select=CODE)
    (related,) = finding.related
    assert related.span.line == 2


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    names = ("OPENAI_KEY", "HIAPI_KEY", "ANTROPIC_API_KEY", "DEBUG", "OPENAI_API_KEY")
    values = ("", "sk-abc", "'quoted # x'", '"a b"', "v # note", "${DEBUG}")
    lines = [
        f"{draw(st.sampled_from(('', 'export ')))}{draw(st.sampled_from(names))}="
        f"{draw(st.sampled_from(values))}"
        for _ in range(draw(st.integers(1, 5)))
    ]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(text=_dotenv())
def test_rename_moves_the_value_and_changes_nothing_else(text: str) -> None:
    renames = {
        f.span: f.fix.edits[0].new_text for f in lint(text, select=CODE) if f.fix is not None
    }
    before, after = loaded(text), loaded(fixed(text, select=CODE, unsafe=True))
    lines = text.splitlines()
    renamed = {lines[s.line][s.column : s.end_column]: new for s, new in renames.items()}
    moved = {renamed[name]: before.pop(name) for name in list(before) if name in renamed}
    assert after == {**before, **moved}


# --- references: `$NAME` in a command ---------------------------------------------------

CURL = "curl https://api.openai.com/v1/models -H \"Authorization: Bearer {ref}\"\n"


@pytest.mark.parametrize(
    ("text", "name", "canonical"),
    [
        (CURL.format(ref="$OPANAI_API_KEY"), "OPANAI_API_KEY", "OPENAI_API_KEY"),
        (CURL.format(ref="${OPANAI_API_KEY}"), "OPANAI_API_KEY", "OPENAI_API_KEY"),
        ("curl -H 'x-api-key: '\"$ANTROPIC_API_KEY\" https://api.anthropic.com\n",
         "ANTROPIC_API_KEY", "ANTHROPIC_API_KEY"),
        ('python app.py --base-url "$OPENAI_BASE_ULR/v1"\n', "OPENAI_BASE_ULR",
         "OPENAI_BASE_URL"),
        # the canonical name is set: the reference is even more surely a slip
        ("export OPENAI_API_KEY=x\n" + CURL.format(ref="$OPANAI_API_KEY"), "OPANAI_API_KEY",
         "OPENAI_API_KEY"),
    ],
)
def test_misspelt_reference_in_a_command(text: str, name: str, canonical: str) -> None:
    (finding,) = lint(text, "test.sh", select=CODE)
    line = text.splitlines()[finding.span.line]
    assert line[finding.span.column : finding.span.end_column] == name
    assert finding.message.startswith(f"${name} looks like a misspelling of {canonical}")
    assert f"nothing in this file sets {name}" in finding.message
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, "test.sh", select=CODE) == text
    assert fixed(text, "test.sh", select=CODE, unsafe=True) == text.replace(name, canonical)


def test_every_reference_is_renamed_by_one_finding() -> None:
    text = CURL.format(ref="$OPANAI_API_KEY") + 'echo "${#OPANAI_API_KEY}"\n'
    (finding,) = lint(text, "test.sh", select=CODE)
    assert finding.span.line == 0
    assert [r.span.line for r in finding.related] == [1]
    assert fixed(text, "test.sh", select=CODE, unsafe=True) == text.replace(
        "OPANAI_API_KEY", "OPENAI_API_KEY"
    )


@pytest.mark.parametrize(
    "text",
    [
        CURL.format(ref="$OPENAI_API_KEY"),  # canonical
        CURL.format(ref="$OPENAI_KEY"),  # a variant: an app's own name, not a slip
        CURL.format(ref="$OPEN_API_KEY"),  # two edits from OPENAI_API_KEY: too far to tell
        CURL.format(ref="$MY_TOKEN"),  # close to nothing
        # set in the file, one way or another
        "OPANAI_API_KEY=x\n" + CURL.format(ref="$OPANAI_API_KEY"),
        "read -r OPANAI_API_KEY\n" + CURL.format(ref="$OPANAI_API_KEY"),
        "for OPANAI_API_KEY in a b; do\n  " + CURL.format(ref="$OPANAI_API_KEY") + "done\n",
        "export OPANAI_API_KEY\n" + CURL.format(ref="$OPANAI_API_KEY"),
        # explained in a comment
        "# needs OPANAI_API_KEY from the vault\n" + CURL.format(ref="$OPANAI_API_KEY"),
        # only commands are read: a single-quoted `$` is no expansion
        "curl -H 'Authorization: Bearer $OPANAI_API_KEY' x\n",
    ],
)
def test_references_silent(text: str) -> None:
    assert codes(text, "test.sh", select=CODE) == []


def test_references_in_dotenv_files_are_left_to_assignments() -> None:
    assert codes("A=${OPANAI_API_KEY}\n", ".env", select=CODE) == []
