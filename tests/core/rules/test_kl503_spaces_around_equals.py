"""KL503 spaces-around-equals: `KEY = value` in .env files and the broken shell forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import assert_fixes_keep_other_values
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL503"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "columns", "expected", "mentions"),
    [
        ("OPENAI_API_KEY = x\n", (14, 17), "OPENAI_API_KEY=x\n", "rejects the line"),
        ("OPENAI_API_KEY =x\n", (14, 15), "OPENAI_API_KEY=x\n", "rejects the line"),
        ("OPENAI_API_KEY= x\n", (15, 16), "OPENAI_API_KEY=x\n", "keeps the blank"),
        ("export DEBUG\t=\ttrue\n", (12, 15), "export DEBUG=true\n", "DEBUG"),  # any variable
        ('OPENAI_API_KEY = ""\n', (14, 17), 'OPENAI_API_KEY=""\n', "OPENAI_API_KEY"),
        (f"OPENAI_API_KEY= '{KEY}'\n", (15, 16), f"OPENAI_API_KEY='{KEY}'\n", "keeps the blank"),
        ("OPENAI_API_KEY =\n", (14, 15), "OPENAI_API_KEY=\n", "rejects the line"),  # no value
        ("OPENAI_API_KEY = x # note\n", (14, 17), "OPENAI_API_KEY=x # note\n", "rejects"),
        ("A=1\r\nOPENAI_API_KEY = x\r\n", (14, 17), "A=1\r\nOPENAI_API_KEY=x\r\n", "rejects"),
    ],
)
def test_dotenv_fires_and_fixes(
    text: str, columns: tuple[int, int], expected: str, mentions: str
) -> None:
    (finding,) = lint(text, ".env", select=CODE)
    line = len(text.splitlines()) - 1  # the spaced assignment is the last line
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (line, *columns)
    assert mentions in finding.message
    assert "python-dotenv accepts them" in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, ".env", select=CODE) == expected
    assert codes(expected, ".env", select=CODE) == []


def test_dotenv_templates_too() -> None:
    # corpus (BerriAI/litellm .env.example): `KEY = ""` on every line; Docker rejects them
    text = '# OpenAI\nOPENAI_API_KEY = ""\nOPENAI_BASE_URL = ""\nBURNCLOUD_API_KEY=""\n'
    assert [f.span.line for f in lint(text, ".env.example", select=CODE)] == [1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "OPENAI_API_KEY=x\n",
        "OPENAI_API_KEY=  # only a comment\n",  # blanks before a comment, no value
        "OPENAI_API_KEY=\n",
        'PROMPT="a = b"\n',
        "URL=https://x.example/?a= b\n",
        "  OPENAI_API_KEY=x\n",  # leading blanks: every loader strips them
        "# OPENAI_API_KEY = x\n",
    ],
)
def test_dotenv_silent(text: str) -> None:
    assert codes(text, ".env", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "columns", "expected", "mentions"),
    [
        # `export KEY = value`: always broken, any variable
        ("export KEY = value\n", (10, 13), "export KEY=value\n", "`export KEY = …`"),
        ("export OPENAI_API_KEY =x\n", (21, 22), "export OPENAI_API_KEY=x\n", "exported unchanged"),
        ("declare -x HF_TOKEN = x\n", (19, 22), "declare -x HF_TOKEN=x\n", "HF_TOKEN"),
        ("export OPENAI_API_KEY= x\n", (22, 23), "export OPENAI_API_KEY=x\n", "exported empty"),
        # a command named after the variable
        (f"OPENAI_API_KEY = {KEY}\n", (14, 17), f"OPENAI_API_KEY={KEY}\n", "a program named"),
        ("ANTHROPIC_BASE_URL =https://a.example\n", (18, 19),
         "ANTHROPIC_BASE_URL=https://a.example\n", "a program named"),
        # an empty prefix assignment before a value-looking "command"
        (f"OPENAI_API_KEY= {KEY}\n", (15, 16), f"OPENAI_API_KEY={KEY}\n", "run as that command"),
        ('OPENAI_API_KEY= "x"\n', (15, 16), 'OPENAI_API_KEY="x"\n', "run as that command"),
        ("GROQ_API_KEY= $(cat ~/.groq)\n", (13, 14), "GROQ_API_KEY=$(cat ~/.groq)\n", "GROQ"),
        # URLs: `https:` after `KEY= ` once derailed tree-sitter-bash (regression)
        ("OPENAI_BASE_URL= https://a.example/v1\n", (16, 17),
         "OPENAI_BASE_URL=https://a.example/v1\n", "run as that command"),
        ("export OPENAI_BASE_URL = https://a.example\n", (22, 25),
         "export OPENAI_BASE_URL=https://a.example\n", "`export OPENAI_BASE_URL = …`"),
        ("export OPENAI_BASE_URL= https://a.example\n", (23, 24),
         "export OPENAI_BASE_URL=https://a.example\n", "exported empty"),
    ],
)
def test_shell_fires_and_fixes(
    text: str, columns: tuple[int, int], expected: str, mentions: str
) -> None:
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (0, *columns)
    assert mentions in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, ".zshrc", select=CODE) == expected
    assert codes(expected, ".zshrc", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # more words after the value: joining them makes a prefix assignment for the next one
        ("OPENAI_API_KEY = a b\n", "OPENAI_API_KEY=a b\n"),
        ("OPENAI_BASE_URL= https://a.example more\n", "OPENAI_BASE_URL=https://a.example more\n"),
        ("OPENAI_API_KEY= 'x' > log\n", "OPENAI_API_KEY='x' > log\n"),
    ],
)
def test_shell_fix_is_unsafe_when_more_words_follow(text: str, expected: str) -> None:
    (finding,) = lint(text, "setup.sh", select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, "setup.sh", select=CODE) == text
    assert fixed(text, "setup.sh", select=CODE, unsafe=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "export OPENAI_API_KEY=x\n",
        "OPENAI_API_KEY= python app.py\n",  # idiom: run once without the key
        "OPENAI_API_KEY= claude\n",
        "IFS= read -r line\n",
        "FOO = bar\n",  # not a credential or URL name: could be a real command
        "export OPENAI_API_KEY=\n",
        "export OPENAI_API_KEY= # cleared\n",
        "OPENAI_API_KEY= ; claude\n",
        'if [ "$OPENAI_API_KEY" = "" ]; then echo none; fi\n',  # a test, not an assignment
        "test $OPENAI_BASE_URL = https://a.example && echo same\n",
        'cat <<EOF > .env\nOPENAI_API_KEY = x\nOPENAI_BASE_URL= https://a.example\nEOF\n',
        "# OPENAI_API_KEY = x\n",
    ],
)
def test_shell_silent(text: str) -> None:
    assert codes(text, ".bashrc", select=CODE) == []


def test_zsh_rc_with_zsh_syntax() -> None:
    text = (
        "setopt HIST_IGNORE_DUPS\n"
        "typeset -A ages=(bob 3)\n"
        "export OPENAI_API_KEY = x\n"
        "print -l ${(k)ages}\n"
    )
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert finding.span.line == 2


SPACED = st.builds(
    lambda name, before, after, value: f"{name}{before}={after}{value}",
    st.sampled_from(("OPENAI_API_KEY", "DEBUG", "export OPENAI_BASE_URL")),
    st.sampled_from(("", " ", "\t ")),
    st.sampled_from(("", " ", "  ")),
    st.sampled_from(("x", "'a b'", '"sk- 1"', "", "# c", "v # c", "a\\nb")),
)
LINES = st.lists(st.one_of(SPACED, st.sampled_from(("# note", "", "A=1", "JUNK"))), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines=LINES, newline=st.sampled_from(("\n", "\r\n")))
def test_dotenv_fix_changes_no_loaded_value(lines: list[str], newline: str) -> None:
    """python-dotenv already ignores the blanks: removing them must load the same values."""
    text = "".join(line + newline for line in lines)
    assert_fixes_keep_other_values(text, CODE, lambda before, after: before == after)


@pytest.mark.parametrize(
    ("text", "columns", "expected", "mentions"),
    [
        # other declaration builtins split the same way as `export`
        ("local KEY = value\n", (9, 12), "local KEY=value\n", "`local KEY = …`"),
        ("readonly OPENAI_API_KEY =x\n", (23, 24), "readonly OPENAI_API_KEY=x\n",
         "`readonly` receives `OPENAI_API_KEY`, `=` and the value"),
        ("declare DEBUG = 1\n", (13, 16), "declare DEBUG=1\n", "declared without the value"),
        ("typeset HF_TOKEN = x\n", (16, 19), "typeset HF_TOKEN=x\n", "`typeset HF_TOKEN = …`"),
        # what follows `=` once made the whole line vanish from the parse (regression)
        ("export KEY = a#b\n", (10, 13), "export KEY=a#b\n", "`export KEY = …`"),
        ("export OPENAI_API_KEY = (x)\n", (21, 24), "export OPENAI_API_KEY=(x)\n",
         "exported unchanged"),
        ("local KEY = a#b\n", (9, 12), "local KEY=a#b\n", "`local KEY = …`"),
    ],
)
def test_shell_declarations_fire_and_fix(
    text: str, columns: tuple[int, int], expected: str, mentions: str
) -> None:
    (finding,) = lint(text, "setup.sh", select=CODE)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (0, *columns)
    assert mentions in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, "setup.sh", select=CODE) == expected
