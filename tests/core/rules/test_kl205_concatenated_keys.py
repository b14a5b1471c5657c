"""KL205 concatenated-keys: two keys glued into one value, reported at the second prefix."""

from __future__ import annotations

import pytest

from keylint.core import providers
from keylint.core.model import Severity
from keys import fake_key, key_for_shape, well_formed_keys
from lint import codes, lint

CODE = "KL205"
PROJECT = fake_key("openai", "project")
PROJECT2 = fake_key("openai", "project", seed=1)
ANT = fake_key("anthropic", "api")
ANT2 = fake_key("anthropic", "api", seed=1)
GROQ = fake_key("groq")
GROQ2 = fake_key("groq", seed=1)
XAI = fake_key("xai")
DEEPSEEK = fake_key("deepseek")
DEEPSEEK2 = fake_key("deepseek", seed=1)
LITELLM = fake_key("litellm", length=40)


@pytest.mark.parametrize(
    ("name", "first", "second", "path", "says"),
    [
        ("OPENAI_API_KEY", PROJECT, PROJECT2, ".env", "an OpenAI project key starts here"),
        ("GROQ_API_KEY", GROQ, GROQ2, ".env", "a Groq API key starts here"),
        ("ANTHROPIC_API_KEY", ANT, ANT2, ".env", "right after an Anthropic API key of 108"),
        ("ANTHROPIC_API_KEY", ANT, GROQ, ".env", "a Groq API key starts here"),
        ("XAI_API_KEY", XAI, GROQ, ".env", "right after an xAI API key"),
        # a truncated first key, then a complete one
        ("OPENAI_API_KEY", PROJECT[:110], PROJECT2, ".env", "of 110 characters"),
        # two bare sk- keys of the same length: the same format twice
        ("DEEPSEEK_API_KEY", DEEPSEEK, DEEPSEEK2, ".env", "a key starting with `sk-`"),
        # an ambiguous first key followed by a complete specific one
        ("OPENAI_API_KEY", DEEPSEEK, GROQ, ".env", "a Groq API key starts here"),
        ("GROQ_API_KEY", GROQ, GROQ2, ".zshrc", "a Groq API key"),
    ],
)
def test_fires(name: str, first: str, second: str, path: str, says: str) -> None:
    export = "export " if path == ".zshrc" else ""
    text = f"{export}{name}={first}{second}\n"
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    prefix = providers.attribute_key(second)
    assert prefix is not None
    start = len(export) + len(name) + 1 + len(first)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(prefix.shape.prefix)
    )
    assert finding.message.startswith(f"{name}: two keys glued together")
    assert says in finding.message
    assert f"character {len(first) + 1}" in finding.message
    assert first not in finding.message and second not in finding.message


def test_in_a_command() -> None:
    text = f'curl -H "Authorization: Bearer {GROQ}{GROQ2}" https://api.groq.com/openai/v1/models\n'
    (finding,) = lint(text, "call.sh", select=CODE)
    assert finding.span.column == text.index(GROQ2)
    assert finding.message.startswith("the key in this command: two keys glued together")


def _with_inner(prefix: str) -> str:
    """A well-formed project key whose body happens to contain `prefix` after 100 characters."""
    shape = providers.get("openai").shape("project")
    key = key_for_shape(shape, salt="openai")
    return key[:120] + prefix + key[120 + len(prefix) :]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"OPENAI_API_KEY={PROJECT}\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANT}\n", ".env"),  # sk-ant-api03- starts with sk-: one key
        (f"GROQ_API_KEY={GROQ}\n", ".env"),
        # a prefix by chance inside a well-formed key of a confirmed shape
        (f"OPENAI_API_KEY={_with_inner('sk-')}\n", ".env"),
        (f"OPENAI_API_KEY={_with_inner('gsk_')}\n", ".env"),
        # a prefix inside an ambiguous key, without a second complete key or matching halves
        (f"LITELLM_PROXY_API_KEY={LITELLM[:12]}sk-{LITELLM[15:]}\n", ".env"),
        (f"DEEPSEEK_API_KEY={DEEPSEEK}sk-abc123\n", ".env"),
        # a prefix too early to end a plausible key, or with too little after it
        (f"GROQ_API_KEY=gsk_Ab3dgsk_{GROQ[4:]}\n", ".env"),
        (f"GROQ_API_KEY={GROQ}gsk_Ab3\n", ".env"),
        # separated keys are several words, not one glued value
        (f'KEYS="{GROQ} {GROQ2}"\n', ".env"),
        (f"GROQ_KEYS={GROQ},{GROQ2}\n", ".env"),
        # placeholders, templates
        ("OPENAI_API_KEY=sk-proj-xxxxxxxxsk-proj-xxxxxxxx\n", ".env"),
        (f"GROQ_API_KEY={GROQ}{GROQ2}\n", ".env.example"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_huge_value_does_not_crash() -> None:
    assert codes(f"OPENAI_API_KEY={'sk-proj-Ab3dE9xQf2' * 5_000}\n", select=CODE) == []




@pytest.mark.parametrize(("name", "key"), well_formed_keys())
def test_well_formed_keys_of_every_shape_are_silent(name: str, key: str) -> None:
    assert codes(f"{name}={key}\n", select=CODE) == []
