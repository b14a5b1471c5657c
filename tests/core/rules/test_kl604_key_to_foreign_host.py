"""KL604 key-to-foreign-host: a command sends provider A's key to provider B's host."""

from __future__ import annotations

import pytest

from corpus import corpus_hits
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, lint

CODE = "KL604"
OPENAI = "https://api.openai.com/v1/chat/completions"
HIAPI = "https://api.hiapi.ai/v1/chat/completions"
OPENAI_KEY = fake_key("openai", "project")
ANTHROPIC_KEY = fake_key("anthropic", "api")
GROQ_KEY = fake_key("groq")
BARE_SK = fake_key("hiapi")  # a bare sk- key: HiAPI, DeepSeek, relays... look alike
SECRETS = (OPENAI_KEY, ANTHROPIC_KEY, GROQ_KEY, BARE_SK)


@pytest.mark.parametrize(
    ("text", "token", "severity", "mentions"),
    [
        # the seeds: by variable name
        (f'curl {OPENAI} -H "Authorization: Bearer $HIAPI_API_KEY"\n', "$HIAPI_API_KEY",
         Severity.WARNING, "HIAPI_API_KEY holds a HiAPI key (by its name)"),
        (f'curl {HIAPI} -H "Authorization: Bearer $OPENAI_API_KEY"\n', "$OPENAI_API_KEY",
         Severity.WARNING, "belongs to HiAPI and takes only its own keys"),
        ('curl https://api.getunbound.ai/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n',
         "$OPENAI_API_KEY", Severity.WARNING, "use UNBOUND_API_KEY"),
        (f'curl {OPENAI} -H "Authorization: Bearer ${{GROQ_API_KEY}}"\n', "${GROQ_API_KEY}",
         Severity.WARNING, "send it to api.groq.com"),
        ('curl "https://generativelanguage.googleapis.com/v1beta/models?key=$OPENAI_API_KEY"\n',
         "$OPENAI_API_KEY", Severity.WARNING, "Google Gemini"),
        # by literal shape
        (f'curl {OPENAI} -H "Authorization: Bearer {ANTHROPIC_KEY}"\n', ANTHROPIC_KEY,
         Severity.ERROR, "an Anthropic key by its shape"),
        (f"http POST https://api.x.ai/v1/chat/completions Authorization:'Bearer {GROQ_KEY}'\n",
         GROQ_KEY, Severity.ERROR, "a Groq key by its shape"),
        (f'curl -u "{OPENAI_KEY}:" https://api.groq.com/openai/v1/models\n', OPENAI_KEY,
         Severity.ERROR, "an OpenAI project key"),
        # an ambiguous sk- key is never Anthropic's: all Anthropic keys start with sk-ant-
        (f'curl https://api.anthropic.com/v1/models -H "x-api-key: {BARE_SK}"\n', BARE_SK,
         Severity.ERROR, "is not an Anthropic key (Anthropic keys start with `sk-ant-`)"),
        # the URL's variable is assigned one literal URL in this file
        ('BASE=https://api.hiapi.ai/v1\ncurl "$BASE/models" -H "Authorization: Bearer '
         '$OPENAI_API_KEY"\n', "$OPENAI_API_KEY", Severity.WARNING, "api.hiapi.ai"),
        # the variable's literal value in this file decides
        (f'OPENAI_API_KEY={ANTHROPIC_KEY}\ncurl {HIAPI} -H "Authorization: Bearer '
         '$OPENAI_API_KEY"\n', "$OPENAI_API_KEY", Severity.ERROR,
         "OPENAI_API_KEY (assigned sk-an…"),
        # in a function, in $(...)
        (f'ask() {{ curl -s {HIAPI} -H "Authorization: Bearer $OPENAI_API_KEY"; }}\n',
         "$OPENAI_API_KEY", Severity.WARNING, "api.hiapi.ai"),
    ],
)
def test_fires(text: str, token: str, severity: Severity, mentions: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    line = text.count("\n", 0, text.rindex(token))
    column = text.splitlines()[line].rindex(token)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line, column, column + len(token)
    )
    assert finding.severity is severity
    assert mentions in finding.message
    assert not any(secret in finding.message for secret in SECRETS)
    assert finding.related and finding.related[0].message.startswith("the request goes to")
    assert finding.fix is None


@pytest.mark.parametrize(
    "text",
    [
        # each key to its own provider
        f'curl {OPENAI} -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        f'curl {HIAPI} -H "Authorization: Bearer $HIAPI_API_KEY"\n',
        f'curl {OPENAI} -H "Authorization: Bearer {OPENAI_KEY}"\n',
        'curl "https://generativelanguage.googleapis.com/v1beta/models?key=$GOOGLE_API_KEY"\n',
        # ambiguous sk- keys: HiAPI may have issued it
        f'curl {HIAPI} -H "Authorization: Bearer {BARE_SK}"\n',
        f'curl {OPENAI} -H "Authorization: Bearer {BARE_SK}"\n',  # a legacy OpenAI key?
        f'OPENAI_API_KEY={BARE_SK}\ncurl {HIAPI} -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        # passthrough gateways forward the upstream key
        'curl https://gateway.ai.cloudflare.com/v1/acc/gw/openai/models '
        '-H "Authorization: Bearer $OPENAI_API_KEY"\n',
        'curl https://api.portkey.ai/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        # gateway tokens in ANTHROPIC_* variables (Claude Code setups)
        'curl https://openrouter.ai/api/v1/messages -H "Authorization: Bearer '
        '$ANTHROPIC_AUTH_TOKEN"\n',
        'curl https://aihubmix.com/v1/messages -H "x-api-key: $ANTHROPIC_API_KEY"\n',
        # openai-python < 1.0 read the Azure key from OPENAI_API_KEY
        'curl "https://r.openai.azure.com/openai/deployments?api-version=2023-05-15" '
        '-H "api-key: $OPENAI_API_KEY"\n',
        # unknown hosts, variable hosts, unknown variables
        'curl https://llm.example.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        'curl "$OPENAI_BASE_URL/models" -H "Authorization: Bearer $ANTHROPIC_API_KEY"\n',
        'curl "$1/v1/models" -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        f'curl {HIAPI} -H "Authorization: Bearer $MY_KEY"\n',
        f'curl {HIAPI} -H "Authorization: Bearer $(cat ~/.openai)"\n',
        # not a key variable, not an auth header, a placeholder
        f'curl {HIAPI} -H "Authorization: Bearer $OPENAI_BASE_URL"\n',
        f'curl {HIAPI} -H "X-Title: $OPENAI_API_KEY"\n',
        'curl https://api.anthropic.com/v1/models -H "x-api-key: sk-..."\n',
        'curl https://api.anthropic.com/v1/models -H "x-api-key: sk-your-key-here"\n',
        # from the real corpus
        'curl -X POST "https://generativelanguage.googleapis.com/v1beta/models/${MODEL_ID}:'
        '${GENERATE_CONTENT_API}?key=${GEMINI_API_KEY}" -d @request.json\n',
        "KEY=$(head -1 ~/openrouter.key)\ncheck() {\n  curl -v $1/v1/chat/completions "
        '-H "Authorization: Bearer $KEY"\n}\n',
    ],
)
def test_silent(text: str) -> None:
    assert codes(text, "a.sh", select=CODE) == []


def test_real_corpus_is_silent() -> None:
    assert corpus_hits(CODE, "shellrc") == []
