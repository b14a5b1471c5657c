"""KL104 smart-quotes: typographic quotes that are loaded as part of a value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from envtext import DOTENV, assert_fixes_keep_other_values
from keylint.core.model import Severity
from keylint.core.rules._chars import SMART_QUOTES
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL104"
KEY = fake_key("openai", "project")
N = len(KEY)


@pytest.mark.parametrize(
    ("text", "path", "column", "severity"),
    [
        # the whole value wrapped: reported at the opening quote
        (f"OPENAI_API_KEY=“{KEY}”\n", ".env", 15, "warning"),
        (f"export OPENAI_API_KEY=‘{KEY}’\n", ".env", 22, "warning"),
        (f"OPENAI_API_KEY=«{KEY}»  # pasted\n", ".env", 15, "warning"),
        (f"OPENAI_API_KEY=„{KEY}“\r\n", ".env", 15, "warning"),
        (f'OPENAI_API_KEY="“{KEY}”"\n', ".env", 16, "warning"),  # inside ASCII quotes
        ("OPENAI_BASE_URL=″https://api.openai.com/v1″\n", ".env", 16, "warning"),
        ("PROMPT=“Be brief.”\n", ".env", 7, "warning"),  # free text wrapped entirely
        ('PROMPT="“Be brief.”"\n', ".env", 8, "info"),
        (f"export OPENAI_API_KEY=“{KEY}”\n", ".zshrc", 22, "warning"),
        (f"OPENAI_API_KEY='“{KEY}”'\n", ".bashrc", 16, "warning"),
        (f"export OPENAI_API_KEY=＂{KEY}＂\n", "setup.sh", 22, "warning"),
        # opened with a typographic quote, closed with an ASCII one (.env)
        (f'OPENAI_API_KEY=“{KEY}"\n', ".env", 15, "warning"),
        # an ASCII quote closed by a typographic one: it never closes
        (f'OPENAI_API_KEY="{KEY}”\n', ".env", 16 + N, "error"),
        (f"OPENAI_API_KEY='{KEY}’\nDEBUG=1\n", ".env", 16 + N, "error"),
        (f'export OPENAI_API_KEY="{KEY}”\n', ".zshrc", 23 + N, "error"),
        # a stray one inside a credential
        (f"OPENAI_API_KEY={KEY}”\n", ".env", 15 + N, "warning"),
        (f"OPENAI_API_KEY=“{KEY}\n", ".env", 15, "warning"),
        (f"export OPENAI_API_KEY={KEY[:9]}’{KEY[9:]}\n", ".zshrc", 31, "warning"),
    ],
)
def test_fires(text: str, path: str, column: int, severity: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert (finding.span.line, finding.span.column) == (0, column)
    assert finding.span.end_column == column + 1  # exactly the typographic quote
    assert text.splitlines()[0][column] in SMART_QUOTES
    assert finding.severity is Severity(severity)
    name = text.removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name}: ")
    assert KEY not in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("GROQ_API_KEY=“gskExampleNotARealKey”\n", ".env"),
        (f"OPENAI_API_KEY={KEY}”\n", ".env"),
        (f"export OPENAI_API_KEY={KEY[:9]}’{KEY[9:]}\n", ".zshrc"),
        ("OPENAI_BASE_URL=″https://api.openai.com/v1″\n", ".env"),
    ],
)
def test_the_only_rule_to_report_typographic_quotes(text: str, path: str) -> None:
    """KL103 reports other non-ASCII characters in keys and URLs, but not these."""
    assert codes(text, path) == [CODE]


def test_wrapped_value_points_at_both_quotes() -> None:
    (finding,) = lint(f"OPENAI_API_KEY=“{KEY}”\n", select=CODE)
    (closing,) = finding.related
    assert (closing.span.column, closing.span.end_column) == (16 + N, 17 + N)
    assert "U+201D RIGHT DOUBLE QUOTATION MARK" in closing.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"# OPENAI_API_KEY=“{KEY}”\n", ".env"),  # comments are not values
        ('PROMPT="Don’t guess; say ‘I don’t know’."\n', ".env"),  # free text keeps them
        ("PROMPT=It’s “fine”\n", ".env"),  # not wrapping the whole value
        ("DESCRIPTION=“Fast” model\n", ".env"),
        ("export GREETING='Hi, it’s me'\n", ".zshrc"),
        (f'OPENAI_API_KEY="{KEY}"  # the “real” one\n', ".env"),  # inline comment
        (f"OPENAI_API_KEY={KEY} # ‘note’\n", ".env"),
        (f'OPENAI_API_KEY="{KEY}"\n', ".env"),
        ("OPENAI_API_KEY=\n", ".env"),
        ('echo “hello”\n', ".zshrc"),  # not an assignment
        (f'OPENAI_API_KEY="{KEY}\n', ".env"),  # unterminated, no typographic quote: KL106's
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"OPENAI_API_KEY=“{KEY}”\n", ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f"OPENAI_API_KEY=“{KEY}”  # pasted\r\n", ".env", f'OPENAI_API_KEY="{KEY}"  # pasted\r\n'),
        ('PROMPT=“Say "hi"”\n', ".env", "PROMPT='Say \"hi\"'\n"),  # keeps the inner quotes
        (f'OPENAI_API_KEY="“{KEY}”"\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f'OPENAI_API_KEY=“{KEY}"\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f'OPENAI_API_KEY="{KEY}”\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f"OPENAI_API_KEY={KEY}”\n", ".env", f"OPENAI_API_KEY={KEY}\n"),
        (f"export OPENAI_API_KEY=“{KEY}”\n", ".zshrc", f'export OPENAI_API_KEY="{KEY}"\n'),
        (f'export OPENAI_API_KEY="{KEY}”\n', ".zshrc", f'export OPENAI_API_KEY="{KEY}"\n'),
        (f"export OPENAI_API_KEY='‘{KEY}’'\n", ".zshrc", f"export OPENAI_API_KEY='{KEY}'\n"),
    ],
)
def test_fix(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


def test_closing_fix_is_unsafe_when_a_later_quote_pairs_with_the_opening_one() -> None:
    text = f'OPENAI_API_KEY="{KEY}”\nOPENAI_BASE_URL="https://api.openai.com/v1"\n'
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert finding.message.startswith("OPENAI_API_KEY: ")  # named though python-dotenv drops it
    assert fixed(text, select=CODE) == text
    assert fixed(text, select=CODE, unsafe=True).startswith(f'OPENAI_API_KEY="{KEY}"\n')


def test_no_fix_when_no_ascii_quote_keeps_the_value() -> None:
    (finding,) = lint("PROMPT=“it's \"x\" \\\\”\n", select=CODE)
    assert finding.fix is None


@settings(max_examples=300, deadline=None)
@given(text=DOTENV)
def test_fixes_change_only_the_quotes_of_the_reported_variable(text: str) -> None:
    def only_quotes_changed(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after

        def bare(value: str) -> str:  # an ASCII quote may take a typographic one's place
            return "".join(c for c in value if c not in SMART_QUOTES and c not in "'\" \t")

        return bare(before) == bare(after)

    assert_fixes_keep_other_values(text, CODE, only_quotes_changed, reloads=True)


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "a" * 100_000
    assert codes(f"OPENAI_API_KEY=“{long_value}”\n", select=CODE) == [CODE]
    assert codes(f"OPENAI_API_KEY=“\ufffd{long_value}”\n", select=CODE) == [CODE]
    assert codes(f"export OPENAI_API_KEY=“{long_value}”\n", ".zshrc", select=CODE) == [CODE]
