"""KL106 unterminated-quote: a quote that never closes, or closes only lines later."""

from __future__ import annotations

import pytest

from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL106"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "path", "line", "column", "says"),
    [
        (f'OPENAI_API_KEY="{KEY}\n', ".env", 0, 15, "never closes"),
        (f"DEBUG=1\nexport OPENAI_API_KEY='{KEY}\r\n", ".env", 1, 22, "never closes"),
        (f'OPENAI_API_KEY="{KEY}\nOPENAI_BASE_URL="https://api.openai.com/v1"\n', ".env", 0, 15,
         "closes only lines later"),
        (f"OPENAI_API_KEY='{KEY}", ".env", 0, 15, "never closes"),  # at the end of the file
        (f'export OPENAI_API_KEY="{KEY}\n', ".zshrc", 0, 22, "never closed"),
        (f"OPENAI_API_KEY='{KEY}\nexport DEBUG=1\n", ".bashrc", 0, 15, "never closed"),
    ],
)
def test_fires_at_the_opening_quote(
    text: str, path: str, line: int, column: int, says: str
) -> None:
    findings = lint(text, path, select=CODE)
    finding = findings[0]
    assert finding.code == CODE
    assert finding.severity is Severity.ERROR
    assert (finding.span.line, finding.span.column) == (line, column)
    assert (finding.span.end_line, finding.span.end_column) == (line, column + 1)
    assert text.splitlines()[line][column] in "'\""
    assert finding.message.startswith("OPENAI_API_KEY: ")
    assert says in finding.message
    assert KEY not in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f'OPENAI_API_KEY="{KEY}"\n', ".env"),
        (f'# OPENAI_API_KEY="{KEY}\n', ".env"),  # a comment
        (f"OPENAI_API_KEY={KEY} # it's mine\n", ".env"),  # a quote inside a comment
        ("PROMPT=it's fine\n", ".env"),  # unquoted: an apostrophe is just a character
        ('PEM="-----BEGIN KEY-----\nabc\n-----END KEY-----"\n', ".env"),  # legitimately multi-line
        (f"# export OPENAI_API_KEY='{KEY}\n", ".zshrc"),
        ("export PROMPT=\"it's fine\"\n", ".zshrc"),
        ('export GREETING="line one\nline two"\n', ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f'OPENAI_API_KEY="{KEY}\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f"OPENAI_API_KEY='{KEY}  \r\nA=1\r\n", ".env", f"OPENAI_API_KEY='{KEY}'  \r\nA=1\r\n"),
        (f'OPENAI_API_KEY="{KEY}\nOPENAI_BASE_URL="https://x"\n', ".env",
         f'OPENAI_API_KEY="{KEY}"\nOPENAI_BASE_URL="https://x"\n'),
        (f'export OPENAI_API_KEY="{KEY}\n', ".zshrc", f'export OPENAI_API_KEY="{KEY}"\n'),
    ],
)
def test_unsafe_fix_closes_the_quote_at_the_end_of_the_line(
    text: str, path: str, expected: str
) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, path, select=CODE) == text  # --fix never applies it
    after = fixed(text, path, select=CODE, unsafe=True)
    assert after == expected
    assert codes(after, path, select=CODE) == []


@pytest.mark.parametrize(
    "text",
    [
        f'OPENAI_API_KEY="{KEY} # comment\n',  # where did the value end?
        f"OPENAI_API_KEY='{KEY}\"\n",  # another quote on the line
        f'OPENAI_API_KEY="{KEY}”\n',  # a typographic closing quote: KL104 fixes that
        f'OPENAI_API_KEY="{KEY}\\\n',  # a trailing backslash would escape the new quote
    ],
)
def test_no_fix_when_the_end_is_a_guess(text: str) -> None:
    (finding,) = lint(text, select=CODE)
    assert finding.fix is None


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "a" * 100_000
    assert codes(f'OPENAI_API_KEY="{long_value}\n', select=CODE) == [CODE]
    assert codes(f'OPENAI_API_KEY="\ufffd{long_value}\n', select=CODE) == [CODE]
    assert codes(f"export OPENAI_API_KEY='{long_value}\n", ".zshrc", select=CODE) == [CODE]
