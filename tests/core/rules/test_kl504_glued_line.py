"""KL504 glued-line: `DEBUG=trueOPENAI_API_KEY=…`, an append onto a line without a newline."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL504"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "glued", "expected", "host"),
    [
        (f"DEBUG=trueOPENAI_API_KEY={KEY}\n", "OPENAI_API_KEY",
         f"DEBUG=true\nOPENAI_API_KEY={KEY}\n", "the value of DEBUG"),
        (f"FOO=barexport OPENAI_API_KEY={KEY}\n", "export OPENAI_API_KEY",
         f"FOO=bar\nexport OPENAI_API_KEY={KEY}\n", "the value of FOO"),
        ("PORT=8080ANTHROPIC_BASE_URL=https://gw.example\n", "ANTHROPIC_BASE_URL",
         "PORT=8080\nANTHROPIC_BASE_URL=https://gw.example\n", "the value of PORT"),
        ("BASE=https://a.example/v1/GROQ_API_KEY=x\n", "GROQ_API_KEY",
         "BASE=https://a.example/v1/\nGROQ_API_KEY=x\n", "the value of BASE"),
        # after a closing quote python-dotenv drops the whole line
        (f'DEBUG="true"OPENAI_API_KEY={KEY}\n', "OPENAI_API_KEY",
         f'DEBUG="true"\nOPENAI_API_KEY={KEY}\n', "a quoted value"),
        ("A=1\r\nDEBUG=0HF_TOKEN=x\r\n", "HF_TOKEN", "A=1\r\nDEBUG=0\r\nHF_TOKEN=x\r\n",
         "DEBUG"),
        # appended onto an empty last value (`OPENAI_API_KEY=` in a copied template)
        ("OPENAI_API_KEY=ANTHROPIC_API_KEY=x\n", "ANTHROPIC_API_KEY",
         "OPENAI_API_KEY=\nANTHROPIC_API_KEY=x\n", "the value of OPENAI_API_KEY"),
        ("DEBUG=export OPENAI_API_KEY=x\n", "export OPENAI_API_KEY",
         "DEBUG=\nexport OPENAI_API_KEY=x\n", "the value of DEBUG"),
    ],
)
def test_dotenv_fires_and_splits(text: str, glued: str, expected: str, host: str) -> None:
    (finding,) = lint(text, ".env", select=CODE)
    line = len(text.splitlines()) - 1
    column = text.splitlines()[line].index(glued)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line, column, column + len(glued)
    )
    assert host in finding.message
    assert glued.split()[-1] in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, ".env", select=CODE) == expected
    assert codes(expected, ".env", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"# keys belowOPENAI_API_KEY={KEY}\n", ".env",
         f"# keys below\nOPENAI_API_KEY={KEY}\n"),
        ("A=1 # noteANTHROPIC_API_KEY=x\n", ".env", "A=1 # note\nANTHROPIC_API_KEY=x\n"),
        ("# the endexport OPENAI_API_KEY=x\n", ".zshrc", "# the end\nexport OPENAI_API_KEY=x\n"),
    ],
)
def test_glued_onto_a_comment_is_an_unsafe_fix(text: str, path: str, expected: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert "commented out" in finding.message
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, path, select=CODE) == text
    assert fixed(text, path, select=CODE, unsafe=True) == expected


@pytest.mark.parametrize(
    ("text", "glued", "expected", "host"),
    [
        ("export FOO=barexport OPENAI_API_KEY=x\n", "export OPENAI_API_KEY",
         "export FOO=bar\nexport OPENAI_API_KEY=x\n", "the value of FOO"),
        ("export PATH=$PATH:/binexport OPENAI_BASE_URL=https://a.example\n",
         "export OPENAI_BASE_URL", "export PATH=$PATH:/bin\nexport OPENAI_BASE_URL=https://a.example\n",
         "the value of PATH"),
        ("FOO=barOPENAI_API_KEY=x\n", "OPENAI_API_KEY", "FOO=bar\nOPENAI_API_KEY=x\n",
         "the value of FOO"),
        ("FOO='bar'OPENAI_API_KEY=x\n", "OPENAI_API_KEY", "FOO='bar'\nOPENAI_API_KEY=x\n",
         "the value of FOO"),
        ("export FOO=export OPENAI_API_KEY=x\n", "export OPENAI_API_KEY",
         "export FOO=\nexport OPENAI_API_KEY=x\n", "stray `export`"),
        ('eval "$(starship init zsh)"export OPENAI_API_KEY=x\n', "export OPENAI_API_KEY",
         'eval "$(starship init zsh)"\nexport OPENAI_API_KEY=x\n', "the `eval` command"),
        ("compinitexport ANTHROPIC_API_KEY=x\n", "export ANTHROPIC_API_KEY",
         "compinit\nexport ANTHROPIC_API_KEY=x\n", "the `compinit` command"),
        ("source ~/.aliasesOPENAI_API_KEY=x\n", "OPENAI_API_KEY",
         "source ~/.aliases\nOPENAI_API_KEY=x\n", "the `source` command"),
        ("[ -f ~/.a ] && source ~/.aexport OPENAI_API_KEY=$(cat ~/.k)\n", "export OPENAI_API_KEY",
         "[ -f ~/.a ] && source ~/.a\nexport OPENAI_API_KEY=$(cat ~/.k)\n", "`source`"),
    ],
)
def test_shell_fires_and_splits(text: str, glued: str, expected: str, host: str) -> None:
    (finding,) = lint(text, ".zshrc", select=CODE)
    column = text.index(glued)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, column, column + len(glued)
    )
    assert host in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, ".zshrc", select=CODE) == expected
    assert codes(expected, ".zshrc", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("URL=https://x.example/?api_key=abc\n", ".env"),  # query string, lower case
        ("URL=https://x.example/?API_KEY=abc&TOKEN=d\n", ".env"),  # after `?` and `&`
        ("SECRET=dGhpcyBpcyBhIHRlc3QgS0VZ==\n", ".env"),  # base64 padding
        ("SECRET=abcdTOKEN==\n", ".env"),
        ('PROMPT="Set helloOPENAI_API_KEY=abc first"\n', ".env"),  # inside quotes
        ("PROMPT=Set OPENAI_API_KEY=abc first\n", ".env"),  # after a blank: a sentence
        ("OPTS=--api-key=x\n", ".env"),
        ("DEBUG=trueMODEL=gpt-4o\n", ".env"),  # not a credential or URL name
        ("DEBUG=trueOPENAI_API_KEY=\n", ".env"),  # nothing after `=`
        ("JAVA_OPTS=-Dapi.KEY=x\n", ".env"),
        ("#OPENAI_API_KEY=x\n", ".env"),  # commented out on purpose
        ("# OPENAI_API_KEY=x\n", ".env"),
        ("A=1\nOPENAI_API_KEY=x\n", ".env"),
        # shell
        ('X="barOPENAI_API_KEY=1"\n', ".zshrc"),
        ("X='barOPENAI_API_KEY=1'\n", ".zshrc"),
        ("FOO=$(echo aOPENAI_API_KEY=b)\n", ".zshrc"),  # ends inside $(…): no append did that
        ("docker run -eOPENAI_API_KEY=x img\n", ".zshrc"),  # an option and its value
        ("env OPENAI_API_KEY=x claude\n", ".zshrc"),
        ('curl "https://x.example/?API_KEY=abc"\n', ".zshrc"),
        ("export FOO=bar OPENAI_API_KEY=x\n", ".zshrc"),
        ("alias ll='ls -l'\nexport OPENAI_API_KEY=x\n", ".zshrc"),
        ("cat <<EOF\n# notesOPENAI_API_KEY=x\nEOF\n", ".zshrc"),  # heredoc body
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


VALUES = st.sampled_from(("true", "8080", "'q'", '"q"', "https://a.example/v1/", "x y", ""))
TAILS = st.sampled_from(("", " # note"))
GLUED = st.sampled_from(("OPENAI_API_KEY=k1", "export ANTHROPIC_API_KEY=k2", "HF_TOKEN='k 3'"))
LINES = st.lists(
    st.one_of(
        st.builds(lambda v, t, g: f"DEBUG={v}{t}{g}", VALUES, TAILS, GLUED),
        st.sampled_from(("A=1", "OPENAI_API_KEY=old", "# c", "")),
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(lines=LINES)
def test_dotenv_split_changes_only_the_two_glued_variables(lines: list[str]) -> None:
    """Splitting restores the host variable and defines the glued one; nothing else moves."""
    text = "".join(line + "\n" for line in lines)
    after_text = fixed(text, ".env", select=CODE)
    before, after = _loaded(text), _loaded(after_text)
    glued = {"DEBUG", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "HF_TOKEN"}
    for name in before.keys() | after.keys():
        if name not in glued:
            assert before.get(name) == after.get(name), (name, text, after_text)
    if "DEBUG" in after:  # restored, unless the glue sits in a comment (an unsafe fix)
        assert "_KEY=" not in (after["DEBUG"] or "") and "HF_TOKEN=" not in (after["DEBUG"] or "")
    # a glue onto a comment keeps its (unsafe) finding; every safe one is gone
    assert all(not f.fix or not f.fix.safe for f in lint(after_text, ".env", select=CODE))


def _loaded(text: str) -> dict[str, str | None]:
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))
