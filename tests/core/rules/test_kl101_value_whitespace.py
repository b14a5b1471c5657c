"""KL101 value-whitespace: blanks at a value's edge that a loader keeps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from envtext import DOTENV, assert_fixes_keep_other_values
from keylint.core.model import Finding, Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL101"
KEY = fake_key("openai", "project")
ANT = fake_key("anthropic")


@pytest.mark.parametrize(
    ("text", "path", "start", "end", "severity"),
    [
        # inside quotes every loader keeps them
        (f'OPENAI_API_KEY="{KEY} "\n', ".env", 16 + len(KEY), 17 + len(KEY), "warning"),
        (f"OPENAI_API_KEY=' {KEY}'\n", ".env", 16, 17, "warning"),
        (f'export OPENAI_API_KEY="{KEY}  "\n', ".env", 23 + len(KEY), 25 + len(KEY), "warning"),
        (f'OPENAI_API_KEY="{KEY}\\t"\n', ".env", 16 + len(KEY), 18 + len(KEY), "warning"),
        ('OPENAI_BASE_URL="https://api.openai.com/v1 "\n', ".env", 42, 43, "warning"),
        ('OPENAI_API_KEY=" "\n', ".env", 16, 17, "warning"),
        (f'OPENAI_API_KEY="{KEY} "\n', ".env.example", 16 + len(KEY), 17 + len(KEY), "warning"),
        # after an unquoted .env value: Docker keeps them
        (f"OPENAI_API_KEY={KEY}  \n", ".env", 15 + len(KEY), 17 + len(KEY), "warning"),
        (f"ANTHROPIC_API_KEY={ANT}\t\n", ".env", 18 + len(ANT), 19 + len(ANT), "warning"),
        (f"OPENAI_API_KEY={KEY} \r\n", ".env", 15 + len(KEY), 16 + len(KEY), "warning"),  # not \r
        (f"OPENAI_API_KEY={KEY} ", ".env", 15 + len(KEY), 16 + len(KEY), "warning"),  # at EOF
        ("AZURE_OPENAI_DEPLOYMENT=gpt-4o \n", ".env", 30, 31, "info"),  # not a credential
        # shell: only inside quotes
        (f'export OPENAI_API_KEY="{KEY} "\n', ".zshrc", 23 + len(KEY), 24 + len(KEY), "warning"),
        (f"OPENAI_API_KEY=' {KEY}'\n", ".bashrc", 16, 17, "warning"),
        (f'export ANTHROPIC_API_KEY="{ANT}  "\n', "setup.sh", 26 + len(ANT), 28 + len(ANT),
         "warning"),
        (f'export OPENAI_API_KEY="{KEY} "\r\n', ".zshrc", 23 + len(KEY), 24 + len(KEY), "warning"),
        ('export OPENAI_API_KEY="$(cat ~/.openai) "\n', ".zshrc", 39, 40, "warning"),
        (f"export OPENAI_API_KEY={KEY}' '\n", ".zshrc", 23 + len(KEY), 24 + len(KEY), "warning"),
    ],
)
def test_fires(text: str, path: str, start: int, end: int, severity: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert (finding.span.line, finding.span.column) == (0, start)
    assert (finding.span.end_line, finding.span.end_column) == (0, end)
    assert finding.severity is Severity(severity)
    name = text.removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name}: ")
    assert KEY not in finding.message and ANT not in finding.message


def test_unquoted_message_tells_which_loaders_keep_it() -> None:
    (finding,) = lint(f"OPENAI_API_KEY={KEY}  \n", select=CODE)
    assert "Docker --env-file keeps them" in finding.message
    assert "python-dotenv and Node's dotenv strip them" in finding.message
    (quoted,) = lint(f'OPENAI_API_KEY="{KEY} "\n', select=CODE)
    assert "every loader keeps it" in quoted.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f'# OPENAI_API_KEY="{KEY} "\n', ".env"),  # a comment is not a value
        ("# comment with trailing spaces   \n", ".env"),
        (f"OPENAI_API_KEY={KEY} # note\n", ".env"),  # the blank belongs to the comment
        (f"OPENAI_API_KEY={KEY}    # note  \n", ".env"),
        (f'OPENAI_API_KEY="{KEY}"   \n', ".env"),  # after the closing quote: not in the value
        (f"OPENAI_API_KEY={KEY}\r\n", ".env"),  # \r is KL102's
        ("OPENAI_API_KEY=\n", ".env"),
        ("OPENAI_API_KEY=   \n", ".env"),  # python-dotenv reads an empty value
        ('SEPARATOR=" "\n', ".env"),  # deliberate blanks in free text
        ('PROMPT="You are "\n', ".env"),
        (f'OPENAI_API_KEY="{KEY}\u00a0"\n', ".env"),  # NBSP is KL103's
        (f'OPENAI_API_KEY="{KEY}\\n"\n', ".env"),  # the newline is KL105's
        (f'OPENAI_API_KEY="{KEY} \n', ".env"),  # unterminated: KL106's
        (f"export OPENAI_API_KEY={KEY} \n", ".zshrc"),  # word splitting drops it
        (f"export OPENAI_API_KEY={KEY}\t# note\n", ".bashrc"),
        ('PS1="$ "\n', ".bashrc"),
        (f"export OPENAI_API_KEY={KEY}\r\n", ".zshrc"),  # \r is KL102's
        (f"# export OPENAI_API_KEY='{KEY} '\n", ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_leaves_unicode_blanks_to_kl103_without_double_reporting() -> None:
    text = f"OPENAI_API_KEY={KEY} \u00a0 \n"
    ours = lint(text, select=CODE)
    theirs = lint(text, select="KL103")
    assert [(f.span.column, f.span.end_column) for f in ours] == [
        (15 + len(KEY), 16 + len(KEY)), (17 + len(KEY), 18 + len(KEY))
    ]
    assert [(f.span.column, f.span.end_column) for f in theirs] == [(16 + len(KEY), 17 + len(KEY))]
    assert fixed(text, select="KL1") == f"OPENAI_API_KEY={KEY}\n"


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f'OPENAI_API_KEY="{KEY} "\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f'OPENAI_API_KEY="  {KEY}\t"\n', ".env", f'OPENAI_API_KEY="{KEY}"\n'),
        (f"OPENAI_API_KEY={KEY}  \r\nB=1\r\n", ".env", f"OPENAI_API_KEY={KEY}\r\nB=1\r\n"),
        ('OPENAI_API_KEY=" "\n', ".env", 'OPENAI_API_KEY=""\n'),
        (f'export OPENAI_API_KEY="{KEY} "\n', ".zshrc", f'export OPENAI_API_KEY="{KEY}"\n'),
        (f"DEBUG=1 \nOPENAI_API_KEY='{KEY} '\n", ".env", f"DEBUG=1\nOPENAI_API_KEY='{KEY}'\n"),
    ],
)
def test_fix_strips(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


@settings(max_examples=300, deadline=None)
@given(text=DOTENV)
def test_fixes_change_only_the_blanks_of_the_reported_variable(text: str) -> None:
    def only_blanks_removed(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after
        iterator = iter(before)
        subsequence = all(char in iterator for char in after)
        return subsequence and [c for c in before if not c.isspace()] == [
            c for c in after if not c.isspace()
        ]

    assert_fixes_keep_other_values(text, CODE, only_blanks_removed)


@settings(max_examples=300, deadline=None)
@given(text=DOTENV)
def test_never_reports_a_character_kl103_reports(text: str) -> None:
    def covered(findings: list[Finding]) -> set[tuple[int, int]]:
        return {
            (f.span.line, column)
            for f in findings
            for column in range(f.span.column, f.span.end_column)
            if f.span.line == f.span.end_line
        }

    assert not covered(lint(text, select=CODE)) & covered(lint(text, select="KL103"))


def test_whitespace_before_a_trailing_newline_goes_once_the_newline_has() -> None:
    text = f'OPENAI_API_KEY="{KEY} \\n"\n'
    assert codes(text, select=CODE) == []  # KL105's first: the value ends with a newline
    assert fixed(text, select="KL1") == f'OPENAI_API_KEY="{KEY}"\n'


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "a" * 100_000
    assert codes(f'OPENAI_API_KEY="{long_value} "\n', select=CODE) == [CODE]
    assert codes("OPENAI_API_KEY=\ufffd\ufffd \n", select=CODE) == [CODE]
    assert codes(f"export OPENAI_API_KEY='{long_value} '\n", ".zshrc", select=CODE) == [CODE]
