"""KL302 gateway-key-at-provider: a key the provider cannot have issued, sent to the provider."""

from __future__ import annotations

import pytest

from keylint.core.credentials import redact
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, lint

CODE = "KL302"
OPENAI = fake_key("openai", "project")
ANTHROPIC = fake_key("anthropic", "api")
OPENROUTER = fake_key("openrouter")
HELICONE = fake_key("helicone")
BARE = fake_key("hiapi")  # a bare sk- key
UNKNOWN = "gw7Qx2" + fake_key("cohere")  # no known prefix: an Unbound-style key


@pytest.mark.parametrize(
    ("text", "path", "key", "expected"),
    [
        # the Unbound seed: a gateway key, no base URL, so the SDK default applies
        (f"ANTHROPIC_API_KEY={BARE}\n", ".env", "ANTHROPIC_API_KEY",
         "goes to api.anthropic.com (the default of anthropic-sdk and claude-code, as none of "
         "ANTHROPIC_BASE_URL, ANTHROPIC_API_BASE is set in this file), but"),
        (f"export ANTHROPIC_API_KEY={UNKNOWN}\n", ".zshrc", "ANTHROPIC_API_KEY",
         "is not Anthropic's key (those start with `sk-ant-`), so Anthropic answers 401: set "
         "ANTHROPIC_BASE_URL to your gateway, or use Anthropic's key"),
        (f"export ANTHROPIC_AUTH_TOKEN='{BARE}'\n", ".bashrc", "ANTHROPIC_AUTH_TOKEN",
         "as ANTHROPIC_BASE_URL is not set in this file"),
        # an empty base URL is a missing one
        (f"ANTHROPIC_BASE_URL=\nANTHROPIC_API_KEY={BARE}\n", ".env", "ANTHROPIC_API_KEY",
         "as ANTHROPIC_BASE_URL is empty"),
        # a certain gateway key: the message names the URL to set
        (f"OPENAI_API_KEY={OPENROUTER}\n", ".env", "OPENAI_API_KEY",
         "holds OpenRouter's key (`sk-or"),
        (f"OPENAI_API_KEY={OPENROUTER}\n", ".env", "OPENAI_API_KEY",
         "Set OPENAI_BASE_URL=https://openrouter.ai/api/v1 to send it to OpenRouter, or use "
         "OpenAI's key"),
        (f"ANTHROPIC_AUTH_TOKEN={OPENROUTER}\n", ".env", "ANTHROPIC_AUTH_TOKEN",
         "Set ANTHROPIC_BASE_URL=https://openrouter.ai/api to send it to OpenRouter"),
        (f"OPENAI_API_KEY={HELICONE}\n", ".env", "OPENAI_API_KEY",
         "Set OPENAI_BASE_URL=https://ai-gateway.helicone.ai/v1"),
        (f"GEMINI_API_KEY={UNKNOWN}\n", ".env", "GEMINI_API_KEY",
         "goes to generativelanguage.googleapis.com"),
    ],
)
def test_fires_on_the_key(text, path, key, expected):
    (finding,) = lint(text, path, select=CODE)
    lines = text.splitlines()
    line = next(i for i, item in enumerate(lines) if f"{key}=" in item)
    raw = lines[line].split("=", 1)[1]
    value = raw.strip("'")
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column) == (line, lines[line].index(raw))
    assert finding.span.end_column == len(lines[line])
    assert finding.message.startswith(key)
    assert expected in finding.message
    assert value not in finding.message and redact(value) in finding.message
    assert finding.related == () and finding.fix is None


def test_explicit_own_base_url_is_related():
    text = f"ANTHROPIC_BASE_URL=https://api.anthropic.com\nANTHROPIC_API_KEY={BARE}\n"
    (finding,) = lint(text, select=CODE)
    assert finding.span.line == 1
    assert "goes to api.anthropic.com (ANTHROPIC_BASE_URL on line 1)" in finding.message
    (related,) = finding.related
    assert (related.span.line, related.span.column) == (0, 19)
    assert related.message == ("ANTHROPIC_BASE_URL: Anthropic's own host, where "
                               "ANTHROPIC_API_KEY is sent")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # OpenAI's legacy keys were bare sk-: an ambiguous key at api.openai.com proves nothing
        (f"OPENAI_API_KEY={BARE}\n", ".env"),
        (f"OPENAI_API_KEY={BARE}\nOPENAI_BASE_URL=https://api.openai.com/v1\n", ".env"),
        # the provider's own keys
        (f"OPENAI_API_KEY={OPENAI}\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\n", ".env"),
        (f"ANTHROPIC_AUTH_TOKEN={fake_key('anthropic', 'oauth-access')}\n", ".env"),
        # a gateway key with its gateway's base URL
        (f"ANTHROPIC_API_KEY={BARE}\nANTHROPIC_BASE_URL=https://api.getunbound.ai\n", ".env"),
        (f"ANTHROPIC_AUTH_TOKEN={OPENROUTER}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n",
         ".env"),
        (f"OPENAI_API_KEY={OPENROUTER}\nOPENAI_API_BASE=https://openrouter.ai/api/v1\n", ".env"),
        # passthrough gateways, local and unknown proxies
        (f"ANTHROPIC_API_KEY={BARE}\nANTHROPIC_BASE_URL=https://gateway.ai.cloudflare.com/v1/"
         "a/b/anthropic\n", ".env"),
        (f"ANTHROPIC_API_KEY={BARE}\nANTHROPIC_BASE_URL=http://localhost:4000\n", ".env"),
        (f"ANTHROPIC_API_KEY={UNKNOWN}\nANTHROPIC_BASE_URL=https://llm.example.org\n", ".env"),
        # dynamic, conditional and one-command base URLs are unknown
        (f'export ANTHROPIC_API_KEY={BARE}\nexport ANTHROPIC_BASE_URL="$GATEWAY"\n', ".zshrc"),
        (f"export ANTHROPIC_API_KEY={BARE}\nclaude_gw() {{ export "
         "ANTHROPIC_BASE_URL=https://api.getunbound.ai; claude; }\n", ".zshrc"),
        (f"export ANTHROPIC_API_KEY={BARE}\nANTHROPIC_BASE_URL=https://api.getunbound.ai "
         'claude "$@"\n', "claude-gw.sh"),
        # certainly another provider's key: KL203 (wrong variable) reports it
        (f"OPENAI_API_KEY={ANTHROPIC}\n", ".env"),
        (f"ANTHROPIC_API_KEY={fake_key('groq')}\n", ".env"),
        # placeholders, empty values, secret-manager references, dynamic keys, templates
        ("ANTHROPIC_API_KEY=your-anthropic-key-here\n", ".env"),
        ("ANTHROPIC_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", ".env"),
        ("ANTHROPIC_API_KEY=sk-ant-...\n", ".env"),
        ("ANTHROPIC_API_KEY=\n", ".env"),
        ('ANTHROPIC_API_KEY=""\n', ".env"),
        ("ANTHROPIC_API_KEY=dummy\n", ".env"),
        ('export ANTHROPIC_API_KEY="op://dev/Anthropic/macos/ANTHROPIC_API_KEY"\n', ".zshrc"),
        ('export ANTHROPIC_API_KEY="$(cat $HOME/.anthropic)"\n', ".zshrc"),
        (f"ANTHROPIC_API_KEY={BARE}\n", ".env.example"),
        # no tool reads both: no default is assumed
        (f"HIAPI_API_KEY={UNKNOWN}\n", ".env"),
        (f"LLM_API_KEY={BARE}\n", ".env"),
        # a family that is a gateway, not a provider
        (f"OPENROUTER_API_KEY={HELICONE}\n", ".env"),
    ],
)
def test_silent(text, path):
    assert codes(text, path, select=CODE) == []
