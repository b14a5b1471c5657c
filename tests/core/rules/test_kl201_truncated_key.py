"""KL201 truncated-key: a key shorter than its provider's, or missing its marker or suffix."""

from __future__ import annotations

import pytest

from keylint.core.model import Severity
from keys import fake_key, masked, truncated, well_formed_keys
from lint import codes, lint

CODE = "KL201"
PROJECT = fake_key("openai", "project")  # 164 characters, T3BlbkFJ in the middle
ANT = fake_key("anthropic", "api")  # 108 characters ending in AA
GROQ = fake_key("groq")  # 56
XAI = fake_key("xai")  # 84
OPENROUTER = fake_key("openrouter")  # 73
GEMINI = fake_key("gemini")  # 39
HF = fake_key("huggingface")  # 37
LEGACY = fake_key("openai", "legacy")  # sk- + marker: certainly OpenAI
DEEPSEEK = fake_key("deepseek")  # a bare sk- key: anyone's


def _cut(key: str) -> str:
    """The key without its second half's last third: a short copy."""
    return key[: len(key) * 2 // 3]


@pytest.mark.parametrize(
    ("text", "path", "column", "length", "says"),
    [
        # the brief's example: too short for the range
        (f"OPENAI_API_KEY={PROJECT[:80]}\n", ".env", 15, 80,
         "expected 100–220 characters (typically 164), found 80"),
        # in range, but the marker says 46 characters are missing
        (f"OPENAI_API_KEY={truncated(PROJECT, 46)}\n", ".env", 15, 118,
         "sits where a 164-character key has it, so 46 are missing"),
        # Anthropic: the final AA lost
        (f"ANTHROPIC_API_KEY={truncated(ANT, 2)}\n", ".env", 18, 106, "does not end with `AA`"),
        (f'export ANTHROPIC_API_KEY="{ANT[:90]}"\n', ".zshrc", 26, 90,
         "expected 100–120 characters (typically 108), found 90"),
        (f"GROQ_API_KEY={_cut(GROQ)}\n", ".env.local", 13, 37, "expected 50–70"),
        (f"XAI_API_KEY='{_cut(XAI)}'\n", ".env", 13, 56, "expected 76–100"),
        (f"OPENROUTER_API_KEY={_cut(OPENROUTER)}\n", ".env", 19, 48, "expected 69–90"),
        (f"GEMINI_API_KEY={GEMINI[:30]}\n", ".env", 15, 30, "expected 37–45"),
        (f"export HF_TOKEN={HF[:25]}\n", ".bashrc", 16, 25, "expected 34–48"),
        (f"OPENAI_API_KEY={LEGACY[:40]}\n", ".env", 15, 40, "expected 45–60"),
        # a trailing blank or newline is another rule's: the key is still judged
        (f'OPENAI_API_KEY="{PROJECT[:80]} "\n', ".env", 16, 80, "found 80"),
        (f'OPENAI_API_KEY="{PROJECT[:80]}\\n"\n', ".env", 16, 80, "found 80"),
        # any variable holding a certainly-attributed key
        (f"MY_GROQ={_cut(GROQ)}\n", ".env", 8, 37, "expected 50–70"),
    ],
)
def test_fires(text: str, path: str, column: int, length: int, says: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column) == (0, column)
    assert finding.span.end_column - finding.span.column == length
    assert says in finding.message
    name = text.removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name}: this ")
    assert f"({length} chars)" in finding.message
    value = text[column : column + length]
    assert value not in finding.message


def test_literal_key_in_a_command() -> None:
    key = ANT[:90]
    text = f'curl https://api.anthropic.com/v1/models -H "x-api-key: {key}"\n'
    (finding,) = lint(text, "probe.sh", select=CODE)
    start = text.index(key)
    assert (finding.span.column, finding.span.end_column) == (start, start + len(key))
    assert finding.message.startswith("the key in this command: this Anthropic API key")
    assert key not in finding.message


def test_message_names_kind_and_where_to_get_a_new_key() -> None:
    (finding,) = lint(f"OPENAI_API_KEY={PROJECT[:80]}\n", select=CODE)
    assert "OpenAI project key is incomplete" in finding.message
    assert "platform.openai.com/account/api-keys" in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # complete keys
        (f"OPENAI_API_KEY={PROJECT}\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANT}\n", ".env"),
        (f"OPENAI_API_KEY={fake_key('openai', 'project', length=132)}\n", ".env"),  # older
        (f"OPENAI_API_KEY={fake_key('openai', 'project', length=200)}\n", ".env"),  # newer
        (f"GROQ_API_KEY={GROQ}\n", ".env"),
        # ambiguous keys are never judged on shape: a bare sk- key is anyone's
        (f"DEEPSEEK_API_KEY={DEEPSEEK[:12]}\n", ".env"),
        (f"OPENAI_API_KEY={DEEPSEEK[:20]}\n", ".env"),
        ("OPENAI_API_KEY=sk-Ab3dE9xQf2Lm\n", ".env"),
        (f"COHERE_API_KEY={fake_key('cohere')[:20]}\n", ".env"),
        # unconfirmed lengths prove nothing (OAuth tokens, Fireworks)
        (f"CLAUDE_CODE_OAUTH_TOKEN={fake_key('anthropic', 'oauth-access')[:45]}\n", ".env"),
        (f"FIREWORKS_API_KEY={fake_key('fireworks')[:22]}\n", ".env"),
        # placeholders are KL107's; typed examples are not cut keys
        ("OPENAI_API_KEY=sk-proj-xxxxxxxx\n", ".env"),
        ("OPENAI_API_KEY=sk-proj-1234567890\n", ".env"),
        ("GROQ_API_KEY=gsk_your_key_here\n", ".env"),
        ("ANTHROPIC_API_KEY=sk-ant-api03-...\n", ".env"),
        # templates hold example values
        (f"OPENAI_API_KEY={PROJECT[:80]}\n", ".env.example"),
        (f"ANTHROPIC_API_KEY={truncated(ANT, 2)}\n", "env.sample"),
        # masked or odd characters: KL107, KL202, KL103 report those
        (f"OPENAI_API_KEY={masked(PROJECT, 'ellipsis')}\n", ".env"),
        (f"GROQ_API_KEY={GROQ[:30]}*{GROQ[31:40]}\n", ".env"),
        (f"GROQ_API_KEY={GROQ[:30]}\u200b{GROQ[30:40]}\n", ".env"),
        # too long is not truncated (KL205 looks for glued keys)
        (f"GROQ_API_KEY={GROQ}{GROQ[4:30]}\n", ".env"),
        # dynamic and empty values are not judged
        (f'export OPENAI_API_KEY="{PROJECT[:80]}$SUFFIX"\n', ".zshrc"),
        ("OPENAI_API_KEY=\n", ".env"),
        # a key-like run inside a URL path or host is not a key
        (f"curl https://example.com/{GROQ[:30]}/x\n", "s.sh"),
        (f"curl https://{GROQ[:30]}.example.com\n", "s.sh"),
        ('curl -H "Authorization: Bearer gsk_xxxxxxxx" https://api.groq.com\n', "s.sh"),
        # a comment is not a value
        (f"# OPENAI_API_KEY={PROJECT[:80]}\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_huge_value_does_not_crash() -> None:
    assert codes(f"OPENAI_API_KEY=sk-proj-{'Ab3' * 40_000}\n", select=CODE) == []
    assert codes(f"GROQ_API_KEY=gsk_\ufffd{'a' * 100}\n", select=CODE) == []




@pytest.mark.parametrize(("name", "key"), well_formed_keys())
def test_well_formed_keys_of_every_shape_are_silent(name: str, key: str) -> None:
    assert codes(f"{name}={key}\n", select=CODE) == []


def test_a_key_glued_into_the_name_is_not_shown() -> None:
    """A key pasted without a line break, then `echo OPENAI_API_KEY=… >> .env`."""
    text = f"{PROJECT}OPENAI_API_KEY={PROJECT[:80]}\n"
    (finding,) = lint(text, select=CODE)
    assert PROJECT not in finding.message and PROJECT[:40] not in finding.message
    assert finding.message.startswith("sk-pr…")
    assert "this OpenAI project key" in finding.message
