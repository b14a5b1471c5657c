"""KL603 wrong-auth-header: the key rides in a header the target provider does not read."""

from __future__ import annotations

import pytest

from corpus import corpus_hits
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL603"
MESSAGES = "https://api.anthropic.com/v1/messages"
VERSION = '-H "anthropic-version: 2023-06-01"'
GEMINI = "https://generativelanguage.googleapis.com/v1beta/models"
AZURE = "https://res.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"
ANTHROPIC_KEY = fake_key("anthropic", "api")
OAUTH_TOKEN = fake_key("anthropic", "oauth-access")
GEMINI_KEY = fake_key("gemini")


@pytest.mark.parametrize(
    ("text", "marked", "mentions", "expected"),
    [
        # an Anthropic API key sent as Bearer: it belongs in x-api-key
        (f'curl {MESSAGES} -H "Authorization: Bearer $ANTHROPIC_API_KEY" {VERSION}\n',
         "Authorization: Bearer", "ANTHROPIC_API_KEY (an Anthropic API key by its name)",
         f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" {VERSION}\n'),
        (f'curl {MESSAGES} -H "Authorization: Bearer {ANTHROPIC_KEY}" {VERSION}\n',
         "Authorization: Bearer", "by its shape",
         f'curl {MESSAGES} -H "x-api-key: {ANTHROPIC_KEY}" {VERSION}\n'),
        # ... and anthropic-version is missing too: the fix adds it
        (f'curl {MESSAGES} -H "Authorization: Bearer $ANTHROPIC_API_KEY"\n',
         "Authorization: Bearer", "it also needs `anthropic-version: 2023-06-01`",
         f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" {VERSION}\n'),
        (f'curl {MESSAGES} -H "Authorization: $ANTHROPIC_API_KEY" {VERSION}\n',
         "Authorization", "not `Authorization`",
         f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" {VERSION}\n'),
        (f'http POST {MESSAGES} Authorization:"Bearer $ANTHROPIC_API_KEY" '
         "anthropic-version:2023-06-01\n", "Authorization:\"Bearer", "x-api-key",
         f'http POST {MESSAGES} x-api-key:"$ANTHROPIC_API_KEY" anthropic-version:2023-06-01\n'),
        # x-api-key to OpenAI, whatever the key
        ('curl https://api.openai.com/v1/models -H "x-api-key: $OPENAI_API_KEY"\n', "x-api-key",
         "`Authorization: Bearer <key>`",
         'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        ('curl https://api.openai.com/v1/models -H "x-api-key: $KEY"\n', "x-api-key",
         "takes keys as",
         'curl https://api.openai.com/v1/models -H "Authorization: Bearer $KEY"\n'),
        ('curl https://api.openai.com/v1/models -H "Authorization: Token $OPENAI_API_KEY"\n',
         "Authorization: Token", "not `Authorization: Token`",
         'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        # Gemini's native API reads x-goog-api-key (or ?key=)
        (f'curl {GEMINI} -H "Authorization: Bearer $GEMINI_API_KEY"\n', "Authorization: Bearer",
         "`x-goog-api-key: <key>`", f'curl {GEMINI} -H "x-goog-api-key: $GEMINI_API_KEY"\n'),
        (f'curl {GEMINI} -H "Authorization: Bearer {GEMINI_KEY}"\n', "Authorization: Bearer",
         "a Google Gemini API key by its shape",
         f'curl {GEMINI} -H "x-goog-api-key: {GEMINI_KEY}"\n'),
        # Azure's classic API reads api-key
        (f'curl "{AZURE}" -H "Authorization: Bearer $AZURE_OPENAI_API_KEY"\n',
         "Authorization: Bearer", "`api-key: <key>`",
         f'curl "{AZURE}" -H "api-key: $AZURE_OPENAI_API_KEY"\n'),
    ],
)
def test_fires_and_fixes(text: str, marked: str, mentions: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    start = text.index(marked)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(marked)
    )
    assert finding.severity is Severity.WARNING
    assert mentions in finding.message
    assert ANTHROPIC_KEY not in finding.message and GEMINI_KEY not in finding.message
    assert finding.related and "the request goes to" in finding.related[0].message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, "a.sh", select=CODE) == expected
    assert codes(expected, "a.sh", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY"\n',
         f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" {VERSION}\n'),
        (f'curl {MESSAGES} -H "Authorization: Bearer $CLAUDE_CODE_OAUTH_TOKEN"\n',
         f'curl {MESSAGES} -H "Authorization: Bearer $CLAUDE_CODE_OAUTH_TOKEN" {VERSION}\n'),
        (f'wget --header="x-api-key: $ANTHROPIC_API_KEY" {MESSAGES}\n',
         f'wget --header="x-api-key: $ANTHROPIC_API_KEY" '
         f'--header="anthropic-version: 2023-06-01" {MESSAGES}\n'),
        (f"http {MESSAGES} x-api-key:$ANTHROPIC_API_KEY\n",
         f"http {MESSAGES} x-api-key:$ANTHROPIC_API_KEY anthropic-version:2023-06-01\n"),
    ],
)
def test_missing_anthropic_version(text: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    assert "no `anthropic-version: 2023-06-01` header" in finding.message
    assert "400" in finding.message
    assert fixed(text, "a.sh", select=CODE) == expected
    assert codes(expected, "a.sh", select=CODE) == []


@pytest.mark.parametrize(
    "text",
    [
        # right
        f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" {VERSION}\n',
        f'curl {MESSAGES} -H "X-Api-Key: ${{ANTHROPIC_API_KEY}}" -H "Anthropic-Version: 1"\n',
        'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        f'curl "{GEMINI}?key=$GEMINI_API_KEY"\n',
        f'curl {GEMINI} -H "x-goog-api-key: $GOOGLE_API_KEY"\n',
        f'curl "{AZURE}" -H "api-key: $AZURE_OPENAI_API_KEY"\n',
        'curl https://api.replicate.com/v1/account '
        '-H "Authorization: Token $REPLICATE_API_TOKEN"\n',
        # Bearer is right for OAuth tokens and gateway tokens at api.anthropic.com
        f'curl {MESSAGES} -H "Authorization: Bearer $ANTHROPIC_AUTH_TOKEN" {VERSION}\n',
        f'curl {MESSAGES} -H "Authorization: Bearer {OAUTH_TOKEN}" {VERSION} '
        '-H "anthropic-beta: oauth-2025-04-20"\n',
        # ... and for an unknown token (it may be one)
        f'curl {MESSAGES} -H "Authorization: Bearer $TOKEN" {VERSION}\n',
        # OpenAI-compatible paths take Bearer
        'curl https://generativelanguage.googleapis.com/v1beta/openai/chat/completions '
        '-H "Authorization: Bearer $GEMINI_API_KEY"\n',
        'curl https://res.openai.azure.com/openai/v1/chat/completions '
        '-H "Authorization: Bearer $AZURE_OPENAI_API_KEY"\n',
        # an Entra token is sent as Bearer
        f'curl "{AZURE}" -H "Authorization: Bearer $AZURE_OPENAI_AD_TOKEN"\n',
        # another provider's key: KL604's business
        f'curl {MESSAGES} -H "Authorization: Bearer $OPENAI_API_KEY" {VERSION}\n',
        # gateways read several headers; unknown and variable hosts say nothing
        'curl https://openrouter.ai/api/v1/messages -H "x-api-key: $OPENROUTER_API_KEY"\n',
        'curl https://aihubmix.com/v1/messages -H "x-api-key: $AIHUBMIX_API_KEY"\n',
        'curl https://llm.example.com/v1/models -H "x-api-key: $KEY"\n',
        'curl "$ANTHROPIC_BASE_URL/v1/messages" -H "Authorization: Bearer $ANTHROPIC_API_KEY"\n',
        # headers from a file may hold anthropic-version
        f'curl {MESSAGES} -H "x-api-key: $ANTHROPIC_API_KEY" -H @headers.txt\n',
        # a key header the provider reads sits next to an extra one
        'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY" '
        '-H "x-api-key: $OPENAI_API_KEY"\n',
        # no key at all
        f"curl {MESSAGES}\n",
        # from the real corpus: Gemini's key in the query of a URL with variables in its path
        'curl -X POST "https://generativelanguage.googleapis.com/v1beta/models/${MODEL_ID}:'
        '${GENERATE_CONTENT_API}?key=${GEMINI_API_KEY}" -d @request.json\n',
        'curl https://api.openai.com/v1/chat/completions -H "Content-Type: application/json" '
        '-H "Authorization: Bearer $OpenAI_KEY"\n',
    ],
)
def test_silent(text: str) -> None:
    assert codes(text, "a.sh", select=CODE) == []


def test_real_corpus_is_silent() -> None:
    assert corpus_hits(CODE, "shellrc") == []
