"""KL107 placeholder: a credential in a real config file still holds a placeholder."""

from __future__ import annotations

import pytest

from keylint.core.model import Severity
from keylint.core.rules._placeholders import ELIDED, is_placeholder, placeholder_kind
from keys import fake_key, masked
from lint import codes, lint

CODE = "KL107"
KEY = fake_key("openai", "project")

PLACEHOLDERS = [
    "sk-...", "sk-…", "...", "sk-xxx", "sk-xxxxxxxxx", "sk-ant-xxxx", "tvly-XXXXX", "xxx",
    "XXXXXXXX", "sk-********", "your-openai-api-key-here", "sk-your-openai-api-key-here",
    "your_api_key", "YOUR_KEY", "Your_Key", "yourkey", "<your key>", "<YOUR_OPENAI_KEY>",
    "<LLM api key (for example, open ai key)>", "changeme", "CHANGE_ME", "change-me",
    "replace-me", "nvapi-replace-me", "replace-with-your-key", "TODO", "todo: ask Ana",
    "placeholder", "api-key-here", "my-api-key", "OPENAI_API_KEY", "sk-", "hf_",
    "sk-000000000000", "0000000000", "sk-...DTMA",
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_fires_on_placeholders(value: str) -> None:
    text = f"OPENAI_API_KEY={value}\n"
    (finding,) = lint(text, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, 15, 15 + len(value)
    )
    assert finding.message.startswith("OPENAI_API_KEY holds ")
    assert "sends this literal text" in finding.message
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "path", "line", "column"),
    [
        ('OPENAI_API_KEY="your-key-here"\n', ".env", 0, 15),
        ("export ANTHROPIC_API_KEY='sk-ant-...'\n", ".env", 0, 25),
        ("GROQ_API_KEY=gsk_xxxxxxxx # TODO\r\n", ".env.local", 0, 13),
        ('export ANTHROPIC_AUTH_TOKEN="your_zai_api_key"\n', "bash-script.sh", 0, 28),
        ("export HF_TOKEN=xxxxx\n", ".zshrc", 0, 16),
        ('export OPENAI_KEY="<key>"\n', ".bashrc", 0, 18),
        ("MODEL=gpt-4o\nMY_SERVICE_TOKEN=changeme\n", ".env.production", 1, 17),
        ("PROXY=sk-xxxxxxxxxxxx\n", ".env", 0, 6),  # not a credential by name, but key-shaped
    ],
)
def test_fires_in_real_config_files(text: str, path: str, line: int, column: int) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert (finding.span.line, finding.span.column) == (line, column)
    name = text.splitlines()[line].removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name} holds ")


def test_an_elided_value_that_may_hold_part_of_a_key_is_redacted() -> None:
    truncated = KEY[:40] + "..."
    (finding,) = lint(f"OPENAI_API_KEY={truncated}\n", select=CODE)
    assert KEY[:40] not in finding.message
    assert "masked or truncated" in finding.message
    shown = masked(KEY, "ellipsis")  # what a dashboard shows: no more than that is repeated
    (finding,) = lint(f"OPENAI_API_KEY={shown}\n", select=CODE)
    assert KEY not in finding.message and KEY[8:-4] not in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # templates and redacted copies are where placeholders belong
        ("OPENAI_API_KEY=sk-...\n", ".env.example"),
        ("OPENAI_API_KEY=your-key-here\n", ".env.sample"),
        ("OPENAI_API_KEY=<your key>\n", ".env.template"),
        ("OPENAI_API_KEY=xxx\n", "env.example"),
        ("export OPENAI_API_KEY=your-key\n", "env_template.sh"),
        ("export OPENAI_TOKEN=sk-xxxxxx\n", "private_env.desensitized.zsh"),
        ("OPENAI_API_KEY=sk-...\n", ".env.redacted"),
        ("export OPENAI_API_KEY='sk-proj-****abcd'\n", "secrets.sanitized.sh"),
        # not placeholders
        ("OPENAI_API_KEY=\n", ".env"),  # empty: a deliberate "unset"
        ('OPENAI_API_KEY=""\n', ".env"),
        (f"OPENAI_API_KEY={KEY}\n", ".env"),
        ("OPENAI_API_KEY=${YOUR_KEY}\n", ".env"),  # interpolation
        ("export OPENAI_API_KEY=$YOUR_KEY\n", ".zshrc"),
        ('export OPENAI_API_KEY="$(security find-generic-password -s openai -w)"\n', ".zshrc"),
        ('export OPENAI_API_KEY="{{OPENAI_API_KEY}}"\n', "codexia.sh"),  # an installer renders it
        ("OPENAI_API_KEY=sk-1234\n", ".env"),  # a local proxy's master key
        ("OPENAI_API_KEY=ollama\n", ".env"),  # local servers ignore the key
        ("OPENAI_API_KEY=EMPTY\n", ".env"),
        ("OPENAI_API_KEY=token-abc123\n", ".env"),
        # not credentials
        ("MODEL=xxx\n", ".env"),
        ("MAX_TOKENS=...\n", ".env"),
        ("SSH_KEY_PATH=<path>\n", ".env"),
        ("HF_HOME=xxx\n", ".zshrc"),
        # comments
        ("# OPENAI_API_KEY=sk-...\n", ".env"),
        ("# export OPENAI_API_KEY=your-key-here\n", ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


NOT_PLACEHOLDERS = [
    KEY, "sk-1234", "ollama", "EMPTY", "token-abc123", "{{OPENAI_API_KEY}}", "x" * 2,
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_the_public_predicate_agrees_with_the_rule(value: str) -> None:
    assert is_placeholder(value)
    assert placeholder_kind(value) is not None


@pytest.mark.parametrize("value", NOT_PLACEHOLDERS)
def test_the_public_predicate_keeps_possible_keys(value: str) -> None:
    assert not is_placeholder(value)
    assert codes(f"OPENAI_API_KEY={value}\n", select=CODE) == []


def test_placeholder_kind_names_an_elided_copy() -> None:
    assert placeholder_kind(masked(KEY, "ellipsis")) == ELIDED
    assert placeholder_kind("<your key>") == "a placeholder in angle brackets"


def test_huge_line_and_invalid_utf8_do_not_crash() -> None:
    long_value = "x" * 100_000
    assert codes(f"OPENAI_API_KEY={long_value}\n", select=CODE) == [CODE]
    assert codes(f"OPENAI_API_KEY=\ufffd{long_value}\n", select=CODE) == []
    assert codes(f"export OPENAI_API_KEY='{long_value}...'\n", ".zshrc", select=CODE) == [CODE]
