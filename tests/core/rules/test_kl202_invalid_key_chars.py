"""KL202 invalid-key-chars: `*`, `...`, blanks, quotes and other characters no key holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import assert_fixes_keep_other_values
from keylint.core import providers
from keylint.core.model import Severity
from keys import fake_key, key_for_shape, masked
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
        (f"OPENAI_API_KEY={PROJECT[:20]}**{PROJECT[-4:]}\n", ".env", "**", "masked key"),
        (f"OPENAI_API_KEY={PROJECT[:20]}*{PROJECT[21:]}\n", ".env", "*", "masked key"),
        # two dots: a shortened copy
        (f"GROQ_API_KEY={GROQ[:20]}..{GROQ[-4:]}\n", ".env", "..", "shortened display copy"),
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
    findings = lint(text, ".zshrc", select=CODE)
    assert [(f.span.column, f.span.end_column) for f in findings] == [
        (26, 27), (27 + len(ANT), 28 + len(ANT))
    ]
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
        (f"OPENAI_API_KEY={PROJECT[:20]}…{PROJECT[-4:]}\n", ".env"),  # KL103 and KL107
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


def _well_formed_keys() -> list[tuple[str, str]]:
    """(variable, key) for every prefixed shape of the registry, at its minimum, typical and
    maximum length (a centred marker needs an even body), a few seeds each."""
    found = []
    for provider in providers.providers():
        names = [v.name for v in provider.env_for("key")] or ["SOME_API_KEY"]
        for shape in provider.shapes:
            if not shape.prefix:
                continue
            for length in {shape.min_length, shape.typical_length, shape.max_length}:
                body = length - len(shape.prefix) - len(shape.marker) - len(shape.suffix)
                if shape.marker_centered and body % 2:
                    length += 1
                for seed in range(3):
                    key = key_for_shape(shape, length=length, seed=seed, salt=provider.id)
                    found.append((names[0], key))
    return found


@pytest.mark.parametrize(("name", "key"), _well_formed_keys())
def test_well_formed_keys_of_every_shape_are_silent(name: str, key: str) -> None:
    assert codes(f"{name}={key}\n", select=CODE) == []
