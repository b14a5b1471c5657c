"""KL402 duplicate-definition: every variable in .env; credentials/URLs at top level in shell."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL402"
KEY = fake_key("openai", "project")
OLD = fake_key("openai", "project", seed=1)


@pytest.mark.parametrize(
    ("text", "path", "line", "first_line"),
    [
        (f"OPENAI_API_KEY={KEY}\nDEBUG=1\nOPENAI_API_KEY={OLD}\n", ".env", 2, 0),
        ("DEBUG=true\nDEBUG=false\n", ".env", 1, 0),  # every variable in .env
        ("A=1\nexport A='2'\n", ".env", 1, 0),
        ("A=\nA=x\n", ".env", 1, 0),
        ("A=1\nA=2\n", ".env.example", 1, 0),  # templates too: the copy inherits it
        (f"export OPENAI_API_KEY={KEY}\nexport OPENAI_API_KEY={OLD}\n", ".zshrc", 1, 0),
        ("OPENAI_BASE_URL=https://a.example\nOPENAI_BASE_URL=https://b.example\n", ".bashrc",
         1, 0),
        (f"x=1\nexport ANTHROPIC_API_KEY='{KEY}'\n\nexport ANTHROPIC_API_KEY=\"{OLD}\"\n", "a.sh",
         3, 1),
    ],
)
def test_fires_on_the_later_assignment(text: str, path: str, line: int, first_line: int) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.span.line == line
    assert finding.span.column == text.splitlines()[line].index(finding.message.split()[0])
    (related,) = finding.related
    assert related.span.line == first_line
    assert related.message == "first defined here"
    assert f"line {first_line + 1}" in finding.message
    assert KEY not in finding.message and OLD not in finding.message


def test_names_the_variable_and_points_at_its_name() -> None:
    (finding,) = lint("A=1\n  export OPENAI_API_KEY=x\nOPENAI_API_KEY=y\n", select=CODE)
    assert finding.message.startswith("OPENAI_API_KEY ")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (2, 0, 14)
    assert (finding.related[0].span.line, finding.related[0].span.column) == (1, 9)


def test_three_definitions_point_at_the_one_each_overrides() -> None:
    first, second = lint("A=1\nA=2\nA=3\n", select=CODE)
    assert first.related[0].span.line == 0 and first.related[0].message == "first defined here"
    assert second.related[0].span.line == 1
    assert second.related[0].message == "previously defined here"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("A=1\nA=1\n", ".env"),  # same value: harmless
        ("A=1\nA='1'\nA=\"1\"\n", ".env"),  # same loaded value, different quoting
        ("A=1\nB=1\n", ".env"),
        ("A='never closed\nA=2\n", ".env"),  # python-dotenv skips the unterminated line
        ("# A=1\nA=2\n", ".env"),
        # shell: reassigning is normal shell
        ("PATH=/bin\nPATH=$PATH:/usr/bin\n", ".bashrc"),  # not a credential
        ("DEBUG=1\nDEBUG=2\n", ".zshrc"),
        ("OPENAI_API_KEY=a\nOPENAI_API_KEY=$(cat ~/.key)\n", ".zshrc"),  # dynamic
        ("OPENAI_API_KEY=a\nOPENAI_API_KEY=\"$OTHER\"\n", ".zshrc"),
        ("if [ -n \"$W\" ]; then\n  OPENAI_API_KEY=a\nelse\n  OPENAI_API_KEY=b\nfi\n", ".zshrc"),
        ("export OPENAI_API_KEY=a\nwork() {\n  OPENAI_API_KEY=b\n}\n", ".zshrc"),
        ("f() {\n  local OPENAI_API_KEY=a\n  local OPENAI_API_KEY=b\n}\n", "a.sh"),
        ("OPENAI_API_KEY=a cmd\nOPENAI_API_KEY=b cmd\n", "a.sh"),  # prefix: one command each
        ("export OPENAI_API_KEY=a\nexport OPENAI_API_KEY=a\n", ".zshrc"),
        ("OPENAI_API_KEY=a\nexport OPENAI_API_KEY=\"$OPENAI_API_KEY\"\n", "a.sh"),
        ("[ -z \"$K\" ] && OPENAI_API_KEY=a\nOPENAI_API_KEY=b\n", "a.sh"),  # && chain: may not run
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("A=1\nB=2\nA=3\n", ".env", "B=2\nA=3\n"),
        ("# keep\nexport A=1   # old\nA=3\n", ".env", "# keep\nA=3\n"),
        ("A=\"multi\nline\"\nA=3\n", ".env", "A=3\n"),
        ("A=1\r\nA=2\r\n", ".env", "A=2\r\n"),
        ("export OPENAI_API_KEY=a\nexport OPENAI_API_KEY=b\n", ".zshrc",
         "export OPENAI_API_KEY=b\n"),
    ],
)
def test_unsafe_fix_removes_the_earlier_line(text: str, path: str, expected: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, path, select=CODE) == text  # never applied by --fix
    result = fixed(text, path, select=CODE, unsafe=True)
    assert result == expected
    assert codes(result, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("OPENAI_API_KEY=a; OPENAI_API_KEY=b\n", "a.sh"),  # both on one line
        ("X=1; OPENAI_API_KEY=a\nOPENAI_API_KEY=b\n", "a.sh"),  # another statement on the line
    ],
)
def test_no_fix_when_the_earlier_line_holds_more(text: str, path: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is None


NAMES = st.sampled_from(["A", "B", "OPENAI_API_KEY"])
VALUES = st.sampled_from(["1", "2", "'x y'", '"${A}"', '"a\nb"', ""])
LINES = st.lists(
    st.one_of(st.tuples(NAMES, VALUES).map(lambda p: f"{p[0]}={p[1]}"), st.just("# note")),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(lines=LINES)
def test_removing_an_earlier_definition_keeps_every_loaded_value(lines: list[str]) -> None:
    """The unsafe fix deletes a definition that is overridden anyway: nothing loads differently
    (without interpolation, which the rule's docs name as the reason the fix is unsafe)."""
    text = "\n".join(lines) + "\n"
    after = fixed(text, select=CODE, unsafe=True)
    assert _loaded(after) == _loaded(text)
    assert codes(after, select=CODE) == []


def _loaded(text: str) -> dict[str, str | None]:
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))
