"""KL105 newline-in-value: a credential or URL whose loaded value ends with a newline or `\\n`."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings

from envtext import DOTENV, assert_fixes_keep_other_values
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL105"
KEY = fake_key("openai", "project")
N = len(KEY)


@pytest.mark.parametrize(
    ("text", "path", "span", "says"),
    [
        # python-dotenv decodes \n inside double quotes
        (f'OPENAI_API_KEY="{KEY}\\n"\n', ".env", (0, 16 + N, 0, 18 + N), "real line break"),
        (f'export OPENAI_API_KEY="{KEY}\\n\\n"\n', ".env", (0, 23 + N, 0, 27 + N),
         "real line break"),
        (f'OPENAI_API_KEY="{KEY}\\r\\n"\r\n', ".env", (0, 16 + N, 0, 20 + N), "real line break"),
        # kept as two characters in single quotes and unquoted
        (f"OPENAI_API_KEY='{KEY}\\n'\n", ".env", (0, 16 + N, 0, 18 + N), "backslash and n"),
        (f"OPENAI_API_KEY={KEY}\\n\n", ".env", (0, 15 + N, 0, 17 + N), "backslash and n"),
        (f"OPENAI_API_KEY={KEY}\\n  # note\n", ".env", (0, 15 + N, 0, 17 + N), "backslash and n"),
        ("OPENAI_BASE_URL=https://api.openai.com/v1\\n\n", ".env", (0, 41, 0, 43),
         "backslash and n"),
        # a quoted value spanning lines
        (f'OPENAI_API_KEY="{KEY}\n"\n', ".env", (0, 16 + N, 1, 0), "continues on the next line"),
        (f"OPENAI_API_KEY='{KEY}\r\n'\r\n", ".env", (0, 16 + N, 1, 0),
         "continues on the next line"),
        # shell: kept inside quotes, `n` outside them, a real newline in $'...'
        (f'export OPENAI_API_KEY="{KEY}\\n"\n', ".zshrc", (0, 23 + N, 0, 25 + N),
         "the shell keeps both"),
        (f"OPENAI_API_KEY='{KEY}\\n'\n", ".bashrc", (0, 16 + N, 0, 18 + N), "the shell keeps both"),
        (f"export OPENAI_API_KEY={KEY}\\n\n", "setup.sh", (0, 22 + N, 0, 24 + N), "plain `n`"),
        (f"export OPENAI_API_KEY=$'{KEY}\\n'\n", ".zshrc", (0, 24 + N, 0, 26 + N),
         "real line break"),
        (f'export OPENAI_API_KEY="{KEY}\n"\n', ".zshrc", (0, 23 + N, 1, 0),
         "continues on the next line"),
        # a line break in the middle of a key
        (f'OPENAI_API_KEY="{KEY[:40]}\n{KEY[40:]}"\n', ".env", (0, 56, 1, 0), "single line"),
    ],
)
def test_fires(text: str, path: str, span: tuple[int, int, int, int], says: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    got = finding.span
    assert (got.line, got.column, got.end_line, got.end_column) == span
    assert says in finding.message
    assert finding.message.startswith(("OPENAI_API_KEY", "OPENAI_BASE_URL"))
    assert KEY not in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f'# OPENAI_API_KEY="{KEY}\\n"\n', ".env"),  # a comment is not a value
        (f"OPENAI_API_KEY={KEY}\r\n", ".env"),  # the CRLF line ending is KL102's
        (f"export OPENAI_API_KEY={KEY}\r\n", ".zshrc"),
        (f'export OPENAI_API_KEY="{KEY}"\r\n', ".zshrc"),
        (f'OPENAI_API_KEY="{KEY}"\r\n', ".env"),
        ('SYSTEM_PROMPT="Be brief.\\nUse sources.\\n"\n', ".env"),  # free text: multi-line
        ('PROMPT="line one\nline two\n"\n', ".env"),
        ('PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n"\n',
         ".env"),  # a PEM block is multi-line by design
        ('JWT_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\nMII\\n-----END RSA PRIVATE KEY-----'
         '\\n"\n', ".env"),
        ('GOOGLE_SERVICE_ACCOUNT_KEY=\'{"private_key": "a\\nb"}\'\n', ".env"),  # JSON credential
        (f'OPENAI_API_KEY="{KEY}\nOTHER=1\n', ".env"),  # unterminated: KL106's
        (f'OPENAI_API_KEY="{KEY}\nOPENAI_BASE_URL="https://x"\n', ".env"),  # swallowed: KL106's
        ("OPENAI_API_KEY=sk-abcn\n", ".env"),  # ends with the letter n, no backslash
        ('export OPENAI_API_KEY="$(cat ~/.key)\n$X"\n', ".zshrc"),  # dynamic
        ("export OPENAI_API_KEY=$(printf 'sk\\n')\n", ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f'OPENAI_API_KEY="{KEY}\\n"\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f"OPENAI_API_KEY='{KEY}\\n'\r\n", ".env", f"OPENAI_API_KEY='{KEY}'\r\n"),
        (f"OPENAI_API_KEY={KEY}\\n\nDEBUG=1\n", ".env", f"OPENAI_API_KEY={KEY}\nDEBUG=1\n"),
        (f'OPENAI_API_KEY="{KEY}\n"\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        # an escaped backslash, then \n: only the newline goes
        (f'OPENAI_API_KEY="{KEY}\\\\\\n"\n', ".env", f'OPENAI_API_KEY="{KEY}\\\\"\n'),
        (f'export OPENAI_API_KEY="{KEY}\\n"\n', ".zshrc", f'export OPENAI_API_KEY="{KEY}"\n'),
        (f"export OPENAI_API_KEY={KEY}\\n\n", ".zshrc", f"export OPENAI_API_KEY={KEY}\n"),
        (f"export OPENAI_API_KEY=$'{KEY}\\n'\n", ".zshrc", f"export OPENAI_API_KEY=$'{KEY}'\n"),
    ],
)
def test_fix_removes_the_trailing_newline(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


def test_joining_a_split_key_is_only_an_unsafe_fix() -> None:
    text = f'OPENAI_API_KEY="{KEY[:40]}\n{KEY[40:]}"\n'
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE, unsafe=True) == f'OPENAI_API_KEY="{KEY}"\n'


def test_removal_that_would_escape_the_closing_quote_is_unsafe() -> None:
    text = f'OPENAI_API_KEY="{KEY}\\\n"\n'  # a lone backslash, then a line break
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe


_NEWLINE_SUFFIX = re.compile(r"(?:\\[nr]|\s)*")


@settings(max_examples=300, deadline=None)
@given(text=DOTENV)
def test_fixes_remove_only_the_trailing_newline_of_the_reported_variable(text: str) -> None:
    def only_newline_removed(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after
        return before.startswith(after) and bool(
            _NEWLINE_SUFFIX.fullmatch(before[len(after) :])
        )

    assert_fixes_keep_other_values(text, CODE, only_newline_removed)


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "a" * 100_000
    assert codes(f'OPENAI_API_KEY="{long_value}\\n"\n', select=CODE) == [CODE]
    assert codes(f'OPENAI_API_KEY="\ufffd{long_value}\\n"\n', select=CODE) == [CODE]
    assert codes(f"export OPENAI_API_KEY='{long_value}\\n'\n", ".zshrc", select=CODE) == [CODE]
