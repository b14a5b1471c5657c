"""KL605 inline-key: a literal key written into a command line."""

from __future__ import annotations

import pytest

from corpus import corpus_hits
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL605"
URL = "https://api.openai.com/v1/models"
OPENAI_KEY = fake_key("openai", "project")
ANTHROPIC_KEY = fake_key("anthropic", "api")
GEMINI_KEY = fake_key("gemini")
BARE_SK = fake_key("hiapi")
SECRETS = (OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY, BARE_SK)


@pytest.mark.parametrize(
    ("text", "key", "mentions", "expected"),
    [
        (f'curl {URL} -H "Authorization: Bearer {OPENAI_KEY}"\n', OPENAI_KEY,
         "an OpenAI key written into the `curl` command line",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f"curl {URL} -H 'Authorization: Bearer {OPENAI_KEY}'\n", OPENAI_KEY, "`ps`",
         f"curl {URL} -H 'Authorization: Bearer '\"$OPENAI_API_KEY\"\n"),
        (f'curl "https://generativelanguage.googleapis.com/v1beta/models?key={GEMINI_KEY}"\n',
         GEMINI_KEY, "a Google Gemini key",
         'curl "https://generativelanguage.googleapis.com/v1beta/models?key=$GOOGLE_API_KEY"\n'),
        (f"aider --anthropic-api-key {ANTHROPIC_KEY}\n", ANTHROPIC_KEY, "`aider`",
         'aider --anthropic-api-key "$ANTHROPIC_API_KEY"\n'),
        (f"aider --openai-api-key '{OPENAI_KEY}'\n", OPENAI_KEY, "`aider`",
         'aider --openai-api-key "$OPENAI_API_KEY"\n'),
        (f"docker run -e OPENAI_API_KEY={OPENAI_KEY} app\n", OPENAI_KEY, "`docker`",
         'docker run -e OPENAI_API_KEY="$OPENAI_API_KEY" app\n'),
        (f"curl -u {OPENAI_KEY}: {URL}\n", OPENAI_KEY, "`curl`",
         f'curl -u "$OPENAI_API_KEY": {URL}\n'),
        (f"x=$(curl -s {URL} -H 'x-api-key:{ANTHROPIC_KEY}')\n", ANTHROPIC_KEY, "Anthropic",
         f"x=$(curl -s {URL} -H 'x-api-key:'\"$ANTHROPIC_API_KEY\")\n"),
        # a key followed by name characters: the variable is braced
        (f'curl {URL} -d "{{\\"k\\": \\"{OPENAI_KEY}\\"}}"\n', OPENAI_KEY, "`curl`",
         f'curl {URL} -d "{{\\"k\\": \\"$OPENAI_API_KEY\\"}}"\n'),
    ],
)
def test_fires_with_an_unsafe_fix(text: str, key: str, mentions: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    column = text.index(key)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, column, column + len(key)
    )
    assert finding.severity is Severity.WARNING
    assert mentions in finding.message
    assert not any(secret in finding.message for secret in SECRETS)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, "a.sh", select=CODE) == text  # never applied by --fix
    assert fixed(text, "a.sh", select=CODE, unsafe=True) == expected
    assert codes(expected, "a.sh", select=CODE) == []


def test_an_ambiguous_key_is_reported_without_a_fix() -> None:
    text = f'curl https://api.hiapi.ai/v1/models -H "Authorization: Bearer {BARE_SK}"\n'
    (finding,) = lint(text, "a.sh", select=CODE)
    assert finding.message.startswith("a key written into")
    assert finding.fix is None


def test_builtins_do_not_show_in_ps() -> None:
    text = f'echo "OPENAI_API_KEY={OPENAI_KEY}" >> .env\n'
    (finding,) = lint(text, "a.sh", select=CODE)
    assert "`ps`" not in finding.message
    assert "`echo`" in finding.message


def test_an_alias_wrapping_a_command() -> None:
    text = f"alias gpt='curl {URL} -H \"Authorization: Bearer {OPENAI_KEY}\"'\n"
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert finding.span.column == text.index(OPENAI_KEY)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # assignments are config: other rules judge them
        (f"export OPENAI_API_KEY={OPENAI_KEY}\n", ".zshrc"),
        (f"OPENAI_API_KEY={OPENAI_KEY} aider\n", "a.sh"),
        (f"env OPENAI_API_KEY={OPENAI_KEY} aider\n", "a.sh"),
        # variables, placeholders, examples, short demo keys
        (f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n', "a.sh"),
        (f'curl {URL} -H "Authorization: Bearer sk-..."\n', "a.sh"),
        (f'curl {URL} -H "Authorization: Bearer sk-your-openai-api-key-here"\n', "a.sh"),
        ('curl http://localhost:4000/v1/models -H "Authorization: Bearer sk-1234"\n', "a.sh"),
        (f'curl {URL} -H "Authorization: Bearer sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx"\n', "a.sh"),
        # long words that are not keys
        ("git clone https://github.com/some-org/some-really-long-repository-name\n", "a.sh"),
        ("echo task-management-service-configuration-v2\n", "a.sh"),
        # templates hold example values
        (f'curl {URL} -H "Authorization: Bearer {OPENAI_KEY}"\n', "run.sh.example"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_real_corpus_is_silent() -> None:
    assert corpus_hits(CODE, "shellrc") == []


def test_no_header_rule_ever_prints_a_key() -> None:
    lines = [
        f'curl {URL} -H "Authorization: {OPENAI_KEY}"',
        f'curl {URL} -H "Authorization: Bearer{OPENAI_KEY}"',
        f'curl {URL} -H "Authorization:  Bearer  {OPENAI_KEY}"',
        f'curl {URL} -H "Bearer: {OPENAI_KEY}"',
        f'curl {URL} -H "Bearer {OPENAI_KEY}"',
        f"curl {URL} -H Authorization: Bearer {OPENAI_KEY}",
        f'curl https://api.anthropic.com/v1/models -H "Authorization: Bearer {ANTHROPIC_KEY}"',
        f'curl {URL} -H "x-api-key: {ANTHROPIC_KEY}"',
        f'curl https://api.anthropic.com/v1/models -H "x-api-key: {BARE_SK}"',
        f'OPENAI_API_KEY={ANTHROPIC_KEY}\ncurl https://api.hiapi.ai/v1 -H "x-api-key: '
        '$OPENAI_API_KEY"',
    ]
    findings = lint("\n".join(lines) + "\n", "a.sh", select="KL60")
    assert {f.code for f in findings} == {"KL601", "KL602", "KL603", "KL604", "KL605"}
    for finding in findings:
        assert not any(secret in finding.message for secret in SECRETS), finding.message
        assert not any(secret in r.message for r in finding.related for secret in SECRETS)
