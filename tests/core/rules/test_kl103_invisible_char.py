"""KL103 invisible-char: invisible, space-like and look-alike characters in values and names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from envtext import DOTENV, assert_fixes_keep_other_values
from keylint.core.model import Severity
from keylint.core.rules._chars import KL103_OWNED
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL103"
KEY = fake_key("openai", "project")
GROQ = fake_key("groq")
HEAD, TAIL = KEY[:20], KEY[20:]  # an invisible character goes between them


@pytest.mark.parametrize(
    ("text", "path", "column", "end", "named", "severity"),
    [
        (f"OPENAI_API_KEY={HEAD}\u200b{TAIL}\n", ".env", 35, 36, "U+200B ZERO WIDTH SPACE",
         "warning"),
        (f"OPENAI_API_KEY={HEAD}\u200b\u200b{TAIL}\n", ".env", 35, 37,
         "2 × U+200B ZERO WIDTH SPACE", "warning"),
        (f'OPENAI_API_KEY="{HEAD}\u200c{TAIL}"\n', ".env", 36, 37, "U+200C ZERO WIDTH NON-JOINER",
         "warning"),
        (f"OPENAI_API_KEY='{HEAD}\u2060{TAIL}'\n", ".env", 36, 37, "U+2060 WORD JOINER", "warning"),
        (f"OPENAI_API_KEY={HEAD}\ufeff{TAIL}\n", ".env", 35, 36, "U+FEFF ZERO WIDTH NO-BREAK SPACE",
         "warning"),
        (f"OPENAI_API_KEY={HEAD}\u00ad{TAIL}\n", ".env", 35, 36, "U+00AD SOFT HYPHEN", "warning"),
        (f"OPENAI_API_KEY={HEAD}\u202e{TAIL}\n", ".env", 35, 36,
         "U+202E RIGHT-TO-LEFT OVERRIDE", "warning"),
        (f"OPENAI_API_KEY={HEAD}\u200e{TAIL}\n", ".env", 35, 36, "U+200E LEFT-TO-RIGHT MARK",
         "warning"),
        (f'OPENAI_API_KEY="{KEY}\u00a0"\n', ".env", 16 + len(KEY), 17 + len(KEY),
         "U+00A0 NO-BREAK SPACE", "warning"),
        (f"OPENAI_API_KEY={KEY}\u3000\n", ".env", 15 + len(KEY), 16 + len(KEY),
         "U+3000 IDEOGRAPHIC SPACE", "warning"),
        (f"OPENAI_API_KEY={HEAD}\u202f{TAIL}\n", ".env", 35, 36, "U+202F NARROW NO-BREAK SPACE",
         "warning"),
        (f"OPENAI_API_KEY={HEAD}\u0085{TAIL}\n", ".env", 35, 36, "U+0085 NEXT LINE (NEL)",
         "warning"),
        # any non-ASCII character in a credential or URL: a look-alike
        ("OPENAI_BASE_URL=https://api.open\u0430i.com/v1\n", ".env", 32, 33,
         "U+0430 CYRILLIC SMALL LETTER A", "warning"),
        (f"OPENAI_API_KEY={HEAD}\u0455{TAIL}\n", ".env", 35, 36, "U+0455 CYRILLIC SMALL LETTER DZE",
         "warning"),
        (f"OPENAI_API_KEY={HEAD}\ufffd{TAIL}\n", ".env", 35, 36, "U+FFFD REPLACEMENT CHARACTER",
         "warning"),
        # the name: another variable is defined
        ("OPENAI\u200b_API_KEY=x\n", ".env", 6, 7, "U+200B ZERO WIDTH SPACE", "error"),
        ("\u200bOPENAI_API_KEY=x\n", ".env", 0, 1, "U+200B ZERO WIDTH SPACE", "error"),
        # free text: only the invisible and space-like characters
        ('PROMPT="Be\u200b brief"\n', ".env", 10, 11, "U+200B ZERO WIDTH SPACE", "warning"),
        ('PROMPT="Bonjour\u00a0!"\n', ".env", 15, 16, "U+00A0 NO-BREAK SPACE", "info"),
        # shell files
        (f'export OPENAI_API_KEY="{HEAD}\u200b{TAIL}"\n', ".zshrc", 43, 44,
         "U+200B ZERO WIDTH SPACE", "warning"),
        (f"OPENAI_API_KEY='{HEAD}\u00a0{TAIL}'\n", ".bashrc", 36, 37, "U+00A0 NO-BREAK SPACE",
         "warning"),
        (f"export OPENAI_API_KEY={HEAD}\u200b{TAIL}\r\n", "setup.sh", 42, 43,
         "U+200B ZERO WIDTH SPACE", "warning"),
        # a display copy's `…` where no key rule reads the value as a key
        ("OPENAI_BASE_URL=https://api.openai.com/\u2026\n", ".env", 39, 40,
         "U+2026 HORIZONTAL ELLIPSIS", "warning"),
    ],
)
def test_fires(text: str, path: str, column: int, end: int, named: str, severity: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (0, column, end)
    assert named in finding.message
    assert finding.severity is Severity(severity)
    assert "OPENAI_API_KEY" in finding.message or "OPENAI_BASE_URL" in finding.message or (
        "PROMPT" in finding.message
    )
    assert KEY not in finding.message and HEAD not in finding.message


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        (f"OPENAI\u200b_API_KEY={KEY}\n", 6, f"OPENAI_API_KEY={KEY}\n"),
        (f"export\u00a0OPENAI_API_KEY={KEY}\n", 6, f"export OPENAI_API_KEY={KEY}\n"),
        (f"OPENAI_API_KEY\u00a0={KEY}\n", 14, f"OPENAI_API_KEY={KEY}\n"),
    ],
)
def test_shell_word_that_only_looks_like_an_assignment(
    text: str, column: int, expected: str
) -> None:
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert (finding.span.column, finding.span.end_column) == (column, column + 1)
    assert finding.severity is Severity.ERROR
    assert "runs it as a command" in finding.message
    assert KEY not in finding.message and HEAD not in finding.message
    assert fixed(text, ".zshrc", select=CODE) == expected


def test_name_finding_shows_the_hidden_character() -> None:
    (finding,) = lint("OPENAI\u200b_API_KEY=x\n", select=CODE)
    assert "`OPENAI<U+200B>_API_KEY`" in finding.message
    assert "OPENAI_API_KEY never sees it" in finding.message


def test_a_display_copy_mark_is_not_called_a_look_alike() -> None:
    (finding,) = lint("OPENAI_BASE_URL=https://api.openai.com/\u2026\n", select=CODE)
    assert "look-alike" not in finding.message
    assert "a display copy, not the full value" in finding.message


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        # typographic quotes are KL104's, in keys and URLs too
        ("GROQ_API_KEY=\u201cgsk_example\u201d\n", "KL104"),
        (f"OPENAI_API_KEY={HEAD}\u2019{TAIL}\n", "KL104"),
        ('OPENAI_BASE_URL="https://api.openai.com/v1\u201d"\n', "KL104"),
        (f"export OPENAI_API_KEY=\u2018{KEY}\u2019\n", "KL104"),
        # a key's `…` and `•`: KL202's, or KL107's for the value as a whole
        (f"GROQ_API_KEY={GROQ[:20]}\u2022{GROQ[21:]}\n", "KL202"),
        (f"GROQ_FALLBACK={GROQ[:7]}\u2026{GROQ[-30:]}\n", "KL202"),
        ("MY_APP_SECRET=abc\u2022def\n", "KL202"),
        (f"OPENAI_API_KEY={HEAD}\u2026{KEY[-4:]}\n", "KL107"),
        (f"OPENAI_API_KEY={HEAD}\u2022\u2022\u2022\u2022{KEY[-4:]}\n", "KL107"),
        ("MY_APP_SECRET=abc\u2026def\n", "KL107"),
    ],
)
def test_characters_other_rules_own(text: str, owner: str) -> None:
    assert codes(text, select=CODE) == []
    assert owner in codes(text)


def test_replacement_character_says_invalid_utf8() -> None:
    (finding,) = lint(f"OPENAI_API_KEY={HEAD}\ufffd{TAIL}\n", select=CODE)
    assert "not valid UTF-8" in finding.message
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"# OPENAI_API_KEY={HEAD}\u200b{TAIL}\n", ".env"),  # comments are not values
        ("# note\u00a0with NBSP and caf\u00e9\n", ".env"),
        ("\ufeffOPENAI_API_KEY=x\n", ".env"),  # a byte-order mark at the start of the file
        ("\ufeffexport OPENAI_API_KEY=x\n", ".zshrc"),
        # free text keeps accented letters, dashes, typographic quotes, emoji
        ('PROMPT="R\u00e9sum\u00e9 \u2013 zero\u2011pad, \u2018ok\u2019 \U0001f511"\n', ".env"),
        ('SYSTEM_PROMPT="\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"\n', ".env"),  # ZWNJ
        ('PROMPT="\U0001f468\u200d\U0001f469\u200d\U0001f467"\n', ".env"),  # emoji ZWJ sequence
        ('PROMPT="\u05e9\u05dc\u05d5\u05dd\u200f"\n', ".env"),  # RLM after Hebrew
        ("GREETING=\u3053\u3093\u306b\u3061\u306f\n", ".zshrc"),
        ("ls\u00a0-la\n", ".zshrc"),  # a broken command, but not an assignment
        ("echo caf\u00e9=1\n", ".zshrc"),
        # templates: a placeholder in another language is not a look-alike
        ("OPENAI_API_KEY=<votre cl\u00e9>\n", ".env.example"),
        ("OPENAI_API_KEY=${CL\u00c9}\n", ".env"),  # interpolation: resolved elsewhere
        ('export OPENAI_API_KEY="$(security find-generic-password -s cl\u00e9 -w)"\n', ".zshrc"),
        (f'OPENAI_API_KEY="{KEY}"\u00a0\n', ".env"),  # after the closing quote
        (f"OPENAI_API_KEY={KEY} # cl\u00e9\n", ".env"),  # inline comment
        (f'OPENAI_API_KEY="{KEY}\u200b\n', ".env"),  # unterminated: KL106's
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"OPENAI_API_KEY={HEAD}\u200b{TAIL}\n", ".env", f"OPENAI_API_KEY={KEY}\n"),
        (f"OPENAI_API_KEY={HEAD}\u200b\u200b\u2060{TAIL}\n", ".env", f"OPENAI_API_KEY={KEY}\n"),
        (f'OPENAI_API_KEY="{HEAD}\u00a0{TAIL}"\r\n', ".env", f'OPENAI_API_KEY="{KEY}"\r\n'),
        (f"OPENAI_API_KEY={KEY}\u00a0\n", ".env", f"OPENAI_API_KEY={KEY}\n"),
        ("OPENAI\u200b_API_KEY=x\n", ".env", "OPENAI_API_KEY=x\n"),
        ('PROMPT="Be\u200b brief"\n', ".env", 'PROMPT="Be brief"\n'),
        ('PROMPT="Bonjour\u00a0!"\n', ".env", 'PROMPT="Bonjour !"\n'),  # a plain space in prose
        ("PROMPT=a\u2003b\n", ".env", "PROMPT=a b\n"),
        ('PROMPT="Hi\u00a0"\n', ".env", 'PROMPT="Hi"\n'),  # at the edge: removed
        (f"export OPENAI_API_KEY='{HEAD}\u200d{TAIL}'\n", ".zshrc",
         f"export OPENAI_API_KEY='{KEY}'\n"),
    ],
)
def test_fix(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert not [f for f in lint(expected, path, select=CODE) if f.fix]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("OPENAI_BASE_URL=https://api.open\u0430i.com/v1\n", ".env"),  # a look-alike: which?
        (f"OPENAI_API_KEY={HEAD}\ufffd{TAIL}\n", ".env"),  # the lost bytes are unknown
        ("GREETING=a\u00a0b\n", ".zshrc"),  # unquoted shell: a space would split the word
    ],
)
def test_no_automatic_fix(text: str, path: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is None


def test_name_fix_is_unsafe_when_the_clean_name_is_defined_too() -> None:
    text = "OPENAI_API_KEY=a\nOPENAI\u200b_API_KEY=b\n"
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE) == text


def test_one_finding_per_character_kind() -> None:
    findings = lint(f"OPENAI_API_KEY={HEAD}\u200b\u00a0{TAIL}\n", select=CODE)
    assert [(f.span.column, f.span.end_column) for f in findings] == [(35, 36), (36, 37)]


@settings(max_examples=300, deadline=None)
@given(text=DOTENV)
def test_fixes_change_only_the_invisible_characters_of_the_reported_variable(text: str) -> None:
    def only_invisible_changed(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after

        def visible(value: str) -> str:  # python-dotenv may strip blanks a removal uncovers
            return "".join(c for c in value if c not in KL103_OWNED and not c.isspace())

        return visible(before) == visible(after)

    assert_fixes_keep_other_values(text, CODE, only_invisible_changed)


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "a" * 100_000
    assert codes(f"OPENAI_API_KEY={long_value}\u200b\n", select=CODE) == [CODE]
    assert codes(f"PROMPT={long_value}\ufffd\n", select=CODE) == [CODE]
    assert codes(f"export OPENAI_API_KEY='{long_value}\u00a0'\n", ".zshrc", select=CODE) == [CODE]
