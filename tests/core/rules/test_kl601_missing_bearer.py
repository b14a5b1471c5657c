"""KL601 missing-bearer: an Authorization header that sends a key without its scheme."""

from __future__ import annotations

import pytest

from corpus import corpus_hits
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL601"
KEY = fake_key("openai", "project")
GROQ = fake_key("groq")


@pytest.mark.parametrize(
    ("text", "token", "mentions", "expected"),
    [
        ('curl https://api.openai.com/v1/models -H "Authorization: $OPENAI_API_KEY"\n',
         "$OPENAI_API_KEY", "api.openai.com expects `Authorization: Bearer <key>`",
         'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        ('curl -H "Authorization: ${TOKEN}" "$BASE/v1/models"\n', "${TOKEN}",
         "the server expects",
         'curl -H "Authorization: Bearer ${TOKEN}" "$BASE/v1/models"\n'),
        ("curl $BASE -H 'Authorization: '\"$API_KEY\"\n", "$API_KEY", "the value of API_KEY",
         "curl $BASE -H 'Authorization: '\"Bearer $API_KEY\"\n"),
        ("http https://api.groq.com/openai/v1/models Authorization:$GROQ_API_KEY\n",
         "$GROQ_API_KEY", "api.groq.com",
         "http https://api.groq.com/openai/v1/models Authorization:Bearer\\ $GROQ_API_KEY\n"),
        ('wget --header="Authorization: $HF_TOKEN" https://huggingface.co/api/whoami-v2\n',
         "$HF_TOKEN", "huggingface.co",
         'wget --header="Authorization: Bearer $HF_TOKEN" https://huggingface.co/api/whoami-v2\n'),
        (f"curl https://api.groq.com/openai/v1/models -H 'Authorization: {GROQ}'\n", GROQ,
         "the key gsk_", f"curl https://api.groq.com/openai/v1/models -H 'Authorization: Bearer "
         f"{GROQ}'\n"),
        # inside $(...) and functions
        ('R=$(curl -s https://api.openai.com/v1/models -H "Authorization: $OPENAI_API_KEY")\n',
         "$OPENAI_API_KEY", "OPENAI_API_KEY",
         'R=$(curl -s https://api.openai.com/v1/models -H "Authorization: Bearer '
         '$OPENAI_API_KEY")\n'),
        # Replicate's SDK sends Bearer (its legacy `Token` is only an accepted alternative)
        ('curl https://api.replicate.com/v1/account -H "Authorization: $REPLICATE_API_TOKEN"\n',
         "$REPLICATE_API_TOKEN", "Bearer",
         'curl https://api.replicate.com/v1/account -H "Authorization: Bearer '
         '$REPLICATE_API_TOKEN"\n'),
        # Gemini's OpenAI-compatible path takes Bearer
        ('curl https://generativelanguage.googleapis.com/v1beta/openai/models '
         '-H "Authorization: $GEMINI_API_KEY"\n', "$GEMINI_API_KEY", "Bearer",
         'curl https://generativelanguage.googleapis.com/v1beta/openai/models '
         '-H "Authorization: Bearer $GEMINI_API_KEY"\n'),
    ],
)
def test_fires_and_inserts_bearer(text: str, token: str, mentions: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    start = text.index(token)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(token)
    )
    assert mentions in finding.message
    assert KEY not in finding.message and GROQ not in finding.message
    assert finding.severity is (Severity.WARNING if token.startswith("$") else Severity.ERROR)
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, "a.sh", select=CODE) == expected
    assert codes(expected, "a.sh", select=CODE) == []


def test_a_literal_key_is_redacted() -> None:
    text = f'curl https://api.openai.com/v1/models -H "Authorization: {KEY}"\n'
    (finding,) = lint(text, "a.sh", select=CODE)
    assert KEY not in finding.message
    assert "sk-pr…" in finding.message


def test_unknown_token_to_a_provider_whose_keys_go_elsewhere_is_unsafe() -> None:
    """api.anthropic.com takes API keys in x-api-key and tokens as Bearer: which is it?"""
    text = 'curl https://api.anthropic.com/v1/models -H "Authorization: $API_KEY"\n'
    (finding,) = lint(text, "a.sh", select=CODE)
    assert "`x-api-key: <key>`" in finding.message
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, "a.sh", select=CODE) == text
    assert "Bearer $API_KEY" in fixed(text, "a.sh", select=CODE, unsafe=True)


@pytest.mark.parametrize(
    "text",
    [
        'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        'curl https://api.openai.com/v1/models -H "Authorization:Bearer $OPENAI_API_KEY"\n',
        'curl https://x.io -H "Authorization: Basic $CREDS"\n',
        'curl https://x.io -H "Authorization: token $GITHUB_TOKEN"\n',
        # not a key: a header variable, a command substitution, a word
        'curl https://x.io -H "Authorization: $AUTH_HEADER"\n',
        'curl https://x.io -H "Authorization: $(cat ~/.key)"\n',
        'curl https://x.io -H "Authorization: none"\n',
        # the variable holds the scheme already
        'AUTH_TOKEN="Bearer $K"\ncurl https://x.io -H "Authorization: $AUTH_TOKEN"\n',
        # glued or stray schemes are KL602's
        'curl https://x.io -H "Authorization: Bearer$OPENAI_API_KEY"\n',
        'curl https://x.io -H "Authorization: Bearer:$OPENAI_API_KEY"\n',
        # another header
        'curl https://x.io -H "x-api-key: $ANTHROPIC_API_KEY"\n',
        # the target reads this key from another header: KL603 says so
        'curl https://api.anthropic.com/v1/models -H "Authorization: $ANTHROPIC_API_KEY"\n',
        'curl https://generativelanguage.googleapis.com/v1beta/models '
        '-H "Authorization: $GEMINI_API_KEY"\n',
        'curl "https://r.openai.azure.com/openai/deployments?api-version=2023-05-15" '
        '-H "Authorization: $AZURE_OPENAI_API_KEY"\n',
        # not an HTTP client command
        'echo "Authorization: $OPENAI_API_KEY"\n',
        # single quotes: the text `$KEY` is sent (KL602)
        "curl https://x.io -H 'Authorization: $OPENAI_API_KEY'\n",
    ],
)
def test_silent(text: str) -> None:
    assert codes(text, "a.sh", select=CODE) == []


def test_only_shell_files() -> None:
    assert codes('X="curl -H \\"Authorization: $OPENAI_API_KEY\\""\n', ".env", select=CODE) == []


def test_real_corpus_is_silent() -> None:
    assert corpus_hits(CODE, "shellrc") == []
