"""KL202 invalid-key-chars: `*`, `...`, blanks, quotes and other characters no key holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import assert_fixes_keep_other_values
from keylint.core.model import Severity
from keys import fake_key, masked, well_formed_keys
from lint import codes, fixed, lint

CODE = "KL202"
PROJECT = fake_key("openai", "project")
ANT = fake_key("anthropic", "api")
GROQ = fake_key("groq")
OR = fake_key("openrouter")
DEEPSEEK = fake_key("deepseek")


def _at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


@pytest.mark.parametrize(
    ("text", "path", "piece", "says"),
    [
        # a short mask run (KL107 takes values with 3+ stars as a whole)
        (f"OPENAI_API_KEY={PROJECT[:20]}**{PROJECT[-4:]}\n", ".env", "**",
         "`*` at characters 21–22: a masked copy of the key, as a dashboard displays it"),
        (f"OPENAI_API_KEY={PROJECT[:20]}*{PROJECT[21:]}\n", ".env", "*", "masked copy"),
        # `•` and `…`, where KL107 does not take the value as a whole: KL202's, not KL103's
        (f"GROQ_API_KEY={GROQ[:20]}•{GROQ[21:]}\n", ".env", "•",
         "`•` at character 21: a masked copy"),
        (f'export GROQ_API_KEY="{GROQ[:20]}•{GROQ[21:]}"\n', ".zshrc", "•", "masked copy"),
        (f"GROQ_FALLBACK={GROQ[:7]}…{GROQ[-30:]}\n", ".env", "…",
         "`…` at character 8: a shortened copy of the key"),
        ("MY_APP_SECRET=abc•def\n", ".env", "•", "masked copy"),  # any credential
        # two dots: a shortened copy
        (f"GROQ_API_KEY={GROQ[:20]}..{GROQ[-4:]}\n", ".env", "..",
         "shortened copy of the key, as a dashboard displays it with its middle left out"),
        (f"GROQ_API_KEY={GROQ[:20]}..{GROQ[22:-6]}*{GROQ[-5:]}\n", ".env", "..",
         "`.` at characters 21–22; `*` at character 51: a masked and shortened copy"),
        # blanks inside the key
        (f'GROQ_API_KEY="{GROQ[:20]} {GROQ[20:]}"\n', ".env", " ", "a space at character 21"),
        (f"GROQ_API_KEY={GROQ[:20]}\t\t{GROQ[20:]}\n", ".env", "\t\t", "2 blanks"),
        (f"export DEEPSEEK_API_KEY='{DEEPSEEK[:10]} {DEEPSEEK[10:]}'\n", ".zshrc", " ",
         "keys never contain blanks"),
        # quotes the loader keeps
        (f"OPENAI_API_KEY={PROJECT[:30]}\"{PROJECT[30:]}\n", ".env", '"', "quote at character 31"),
        (f"ANTHROPIC_API_KEY={ANT}'\n", ".env", "'", "quote after the key"),
        # other characters outside a confirmed character set
        (f"GROQ_API_KEY={GROQ[:20]}/{GROQ[21:]}\n", ".env", "/", "letters and digits"),
        (f"OPENROUTER_API_KEY={OR[:20]}G{OR[21:]}\n", ".env", "G",
         "lowercase hexadecimal digits"),
        (f"OPENAI_API_KEY={PROJECT[:50]}.{PROJECT[51:]}\n", ".env", ".",
         "letters, digits, `-` and `_`"),
    ],
)
def test_fires(text: str, path: str, piece: str, says: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    start, end = _at(text.partition("=")[2], piece)
    offset = len(text.partition("=")[0]) + 1
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, offset + start, offset + end
    )
    assert says in finding.message
    name = text.removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name}: ")
    for key in (PROJECT, ANT, GROQ, OR, DEEPSEEK):
        assert key[:20] not in finding.message


def test_shell_keeps_quotes_inside_other_quotes() -> None:
    text = f"export ANTHROPIC_API_KEY=\"'{ANT}'\"\n"
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert (finding.span.column, finding.span.end_column) == (26, 27)
    assert [(r.span.column, r.span.end_column) for r in finding.related] == [
        (27 + len(ANT), 28 + len(ANT))
    ]
    assert "`'` quotes before and after the key" in finding.message
    assert fixed(text, ".zshrc", select=CODE) == f'export ANTHROPIC_API_KEY="{ANT}"\n'


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"OPENAI_API_KEY={PROJECT}\n", ".env"),
        (f'ANTHROPIC_API_KEY="{ANT}"\n', ".env"),
        # placeholders and elided keys as a whole: KL107's
        (f"OPENAI_API_KEY={masked(PROJECT)}\n", ".env"),
        ("OPENAI_API_KEY=sk-...\n", ".env"),
        ("OPENAI_API_KEY=sk-proj-****abcd\n", ".env"),
        (f"OPENAI_API_KEY={PROJECT[:10]}...{PROJECT[-4:]}\n", ".env"),
        ("OPENAI_API_KEY=your key here\n", ".env"),
        # other rules' characters
        (f'OPENAI_API_KEY="{PROJECT} "\n', ".env"),  # KL101
        (f"OPENAI_API_KEY={PROJECT}  \n", ".env"),  # KL101 (unquoted trailing blanks)
        (f"OPENAI_API_KEY={PROJECT[:20]}\u200b{PROJECT[20:]}\n", ".env"),  # KL103
        # a display copy as a whole: KL107's
        (f"OPENAI_API_KEY={PROJECT[:20]}…{PROJECT[-4:]}\n", ".env"),
        (f"GROQ_API_KEY={GROQ[:20]}••{GROQ[22:]}\n", ".env"),
        ("MY_APP_SECRET=abc…def\n", ".env"),
        (f"OPENAI_API_KEY=“{PROJECT}”\n", ".env"),  # KL104
        (f'OPENAI_API_KEY="{PROJECT}\\n"\n', ".env"),  # KL105
        (f"OPENAI_API_KEY='{PROJECT}\\n'\n", ".env"),  # KL105 (literal backslash-n)
        (f"OPENAI_API_KEY=Bearer {PROJECT}\n", ".env"),  # KL204
        # an ambiguous key's character set is not confirmed: only universal characters count
        (f"OPENAI_API_KEY={DEEPSEEK[:10]}/{DEEPSEEK[10:]}\n", ".env"),
        (f"OPENAI_API_KEY={DEEPSEEK[:10]}.{DEEPSEEK[10:]}\n", ".env"),
        # an app's own secret may be a passphrase
        ('JWT_SECRET_KEY="correct horse battery staple"\n', ".env"),
        ('AUTH_TOKEN="two words"\n', ".env"),
        # templates and deliberately redacted copies hold masks on purpose
        (f"OPENAI_API_KEY={PROJECT[:20]}**{PROJECT[-4:]}\n", ".env.example"),
        (f"export OPENAI_API_KEY='{PROJECT[:20]} {PROJECT[20:]}'\n", "env.desensitized.zsh"),
        (f"GROQ_API_KEY={GROQ[:20]}•{GROQ[21:]}\n", ".env.redacted"),
        (f"GROQ_API_KEY={GROQ[:20]}•{GROQ[21:]}\n", ".env.example"),
        # an app's own secret may be a passphrase: only `…` and `•` are reported there
        ("MY_APP_SECRET=correct*horse..battery\n", ".env"),
        # unquoted shell words lose blanks to word splitting; expansions are not judged
        (f"export GROQ_API_KEY={GROQ}\n", ".zshrc"),
        (f'export GROQ_API_KEY="{GROQ[:20]} $REST"\n', ".zshrc"),
        # a bare `.env` comment after the value
        (f"GROQ_API_KEY={GROQ} # primary\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"ANTHROPIC_API_KEY={ANT}'\n", ".env", f"ANTHROPIC_API_KEY={ANT}\n"),
        (f"GROQ_API_KEY={GROQ[:20]}\"{GROQ[20:]}\nX=1\n", ".env", f"GROQ_API_KEY={GROQ}\nX=1\n"),
        (f"export GROQ_API_KEY=\"{GROQ}'\"\n", ".bashrc", f'export GROQ_API_KEY="{GROQ}"\n'),
    ],
)
def test_fix_removes_a_kept_quote(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


def test_blanks_inside_have_only_an_unsafe_fix() -> None:
    text = f'GROQ_API_KEY="{GROQ[:20]} {GROQ[20:]}"\n'
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE) == text
    assert fixed(text, select=CODE, unsafe=True) == f'GROQ_API_KEY="{GROQ}"\n'


def test_masks_have_no_fix() -> None:
    (finding,) = lint(f"OPENAI_API_KEY={PROJECT[:20]}**{PROJECT[-4:]}\n", select=CODE)
    assert finding.fix is None


def _with(key: str, char: str, positions: list[int]) -> str:
    """`key` with the characters at these 1-based positions replaced by `char`."""
    chars = list(key)
    for position in positions:
        chars[position - 1] = char
    return "".join(chars)


def test_one_finding_per_kind_of_problem_at_its_first_run() -> None:
    key = _with(GROQ, "_", [12, 16, 18, 23])
    text = f"GROQ_API_KEY={key}\n"
    (finding,) = lint(text, select=CODE)
    assert "`_` at characters 12, 16, 18 and 23: Groq API keys contain only letters" in (
        finding.message
    )
    offset = len("GROQ_API_KEY=")
    assert (finding.span.column, finding.span.end_column) == (offset + 11, offset + 12)
    assert [r.span.column - offset + 1 for r in finding.related] == [16, 18, 23]
    assert all(r.message == "`_` here too" for r in finding.related)


def test_each_kind_of_problem_is_its_own_finding() -> None:
    key = _with(_with(GROQ, "_", [12, 30]), "/", [40])
    text = f'GROQ_API_KEY="{key[:20]} {key[20:]}"\n'
    findings = lint(text, select=CODE)
    assert [f.message.split(":")[1].strip() for f in findings] == [
        "`_` at characters 12 and 31; `/` at character 41",  # after the blank: one further
        "a space at character 21",
    ]
    spans = [(f.span.column, f.span.end_column) for f in findings]
    assert spans[0][1] <= spans[1][0]  # the first `_`, then the blank: no overlap


def test_many_positions_are_listed_compactly() -> None:
    key = _with(GROQ, "_", list(range(6, 50, 2)))  # 22 of them
    (finding,) = lint(f"GROQ_API_KEY={key}\n", select=CODE)
    assert "`_` at characters 6, 8, 10, 12, 14, 16 and 16 more places:" in finding.message
    assert len(finding.related) == 9  # the first few only


def test_runs_are_shown_as_ranges_and_blanks_share_one_unsafe_fix() -> None:
    text = f'GROQ_API_KEY="{GROQ[:10]} {GROQ[10:30]}  {GROQ[30:]}"\n'
    (finding,) = lint(text, select=CODE)
    assert "blanks at characters 11 and 32–33:" in finding.message
    assert [r.message for r in finding.related] == ["more blanks here"]
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE, unsafe=True) == f'GROQ_API_KEY="{GROQ}"\n'


def test_one_fix_removes_every_kept_quote() -> None:
    text = f"GROQ_API_KEY={GROQ[:10]}'{GROQ[10:]}'\n"
    (finding,) = lint(text, select=CODE)
    assert "`'` quotes at character 11 and after the key" in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert finding.fix.title == "Remove the quotes"
    assert fixed(text, select=CODE) == f"GROQ_API_KEY={GROQ}\n"


@pytest.mark.parametrize(
    "text",
    [
        # python-dotenv strips the blank the removal leaves at the end of the unquoted value
        f'GROQ_API_KEY={GROQ} "\n',
        f"GROQ_API_KEY={GROQ}\" '\n",
        f"GROQ_API_KEY={GROQ} \"'\n",  # both quotes go in one fix: the blank is exposed
    ],
)
def test_a_quote_that_keeps_a_blank_inside_the_value_has_an_unsafe_fix(text: str) -> None:
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE) == text


def test_display_marks_are_not_called_look_alikes() -> None:
    text = f"GROQ_API_KEY={GROQ[:20]}•{GROQ[21:]}\n"
    assert codes(text) == [CODE]


_PIECES = (GROQ[:12], GROQ[12:24], "'", '"', " ", "*", "..", "/", "\\'", "#", " #", "$")


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(("GROQ_API_KEY", "OPENAI_API_KEY", "DEBUG", "PROMPT")))
        quote = draw(st.sampled_from(("", "'", '"')))
        body = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=6)))
        lines.append(f"{name}={quote}gsk_{body}{quote}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(text=_dotenv())
def test_fixes_remove_only_quotes_of_the_reported_variable(text: str) -> None:
    def only_quotes_removed(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after
        rest = iter(before)
        kept = all(char in rest for char in after)
        return kept and [c for c in before if c not in "'\"`"] == [
            c for c in after if c not in "'\"`"
        ]

    assert_fixes_keep_other_values(text, CODE, only_quotes_removed)


def test_huge_value_does_not_crash() -> None:
    assert codes(f"GROQ_API_KEY=gsk_{'a b' * 30_000}\n", select=CODE)




@pytest.mark.parametrize(("name", "key"), well_formed_keys())
def test_well_formed_keys_of_every_shape_are_silent(name: str, key: str) -> None:
    assert codes(f"{name}={key}\n", select=CODE) == []
