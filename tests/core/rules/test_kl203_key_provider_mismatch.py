"""KL203 key-provider-mismatch: a provider's key variable holds another provider's key."""

from __future__ import annotations

import pytest

from keylint.core.config import from_mapping
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, lint

CODE = "KL203"
OPENAI = fake_key("openai", "project")
LEGACY = fake_key("openai", "legacy")
ANT = fake_key("anthropic", "api")
GROQ = fake_key("groq")
XAI = fake_key("xai")
OR = fake_key("openrouter")
GEMINI = fake_key("gemini")
DEEPSEEK = fake_key("deepseek")  # bare sk-: ambiguous
HELICONE = fake_key("helicone")
LANGFUSE = fake_key("langfuse", "secret")


@pytest.mark.parametrize(
    ("text", "path", "owner", "holder"),
    [
        (f"OPENAI_API_KEY={ANT}\n", ".env", "OpenAI", "Anthropic API key"),
        (f"OPENAI_API_KEY={ANT}\nOPENAI_BASE_URL=https://api.openai.com/v1\n", ".env", "OpenAI",
         "Anthropic API key"),
        (f"OPENROUTER_API_KEY={GROQ}\n", ".env", "OpenRouter", "Groq API key"),
        (f"GROQ_API_KEY={XAI}\n", ".env", "Groq", "xAI API key"),
        (f"XAI_API_KEY={GROQ}\n", ".env", "xAI", "Groq API key"),
        (f"export ANTHROPIC_API_KEY='{OPENAI}'\n", ".zshrc", "Anthropic", "OpenAI project key"),
        (f"ANTHROPIC_AUTH_TOKEN={GEMINI}\n", ".env", "Anthropic", "Google Gemini"),
        (f"GEMINI_API_KEY={OPENAI}\n", ".env", "Google Gemini", "OpenAI project key"),
        (f"HF_TOKEN={GROQ}\n", ".env", "Hugging Face", "Groq API key"),
        # provider-specific names are flagged whatever the base URL says
        (f"GROQ_API_KEY={XAI}\nGROQ_BASE_URL=https://gateway.example.com\n", ".env", "Groq",
         "xAI API key"),
        # a gateway's own variable holding another gateway's key
        (f"OPENROUTER_API_KEY={HELICONE}\n", ".env", "OpenRouter", "Helicone"),
        # legacy OpenAI keys are settled by their marker
        (f"DEEPSEEK_API_KEY={LEGACY}\n", ".env", "DeepSeek", "OpenAI legacy key"),
        # not an LLM key at all
        (f"OPENAI_API_KEY={LANGFUSE}\n", ".env", "OpenAI", "Langfuse secret key"),
        # a real-looking foreign key in a template propagates to every copy
        (f"GROQ_API_KEY={XAI}\n", ".env.example", "Groq", "xAI API key"),
    ],
)
def test_fires(text: str, path: str, owner: str, holder: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    line = text.splitlines()[0]
    name, _, raw = line.removeprefix("export ").partition("=")
    value = raw.strip("'\"")
    start = line.index(value)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(value)
    )
    assert finding.message.startswith(f"{name} is read by ")
    assert f"as the key for {owner}" in finding.message
    assert holder in finding.message
    assert value not in finding.message


def test_groq_and_grok_are_named_as_such() -> None:
    (finding,) = lint(f"GROQ_API_KEY={XAI}\n", select=CODE)
    assert "xAI's Grok" in finding.message and "different companies" in finding.message
    assert "put this key in XAI_API_KEY" not in finding.message
    assert "this key in XAI_API_KEY" in finding.message


def test_related_points_at_the_base_url_that_carries_it() -> None:
    text = f"OPENAI_API_KEY={ANT}\nOPENAI_BASE_URL=https://api.openai.com/v1\n"
    (finding,) = lint(text, select=CODE)
    (related,) = finding.related
    assert (related.span.line, related.span.column) == (1, 16)
    assert "OPENAI_BASE_URL" in related.message


def test_gateway_names_suggest_the_base_url_that_would_make_it_work() -> None:
    (finding,) = lint(f"OPENAI_API_KEY={GROQ}\n", select=CODE)
    assert "OPENAI_BASE_URL=https://api.groq.com/openai/v1" in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # its own key
        (f"OPENAI_API_KEY={OPENAI}\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANT}\n", ".env"),
        (f"GROQ_API_KEY={GROQ}\n", ".env"),
        # ambiguous sk- keys are never pinned on anyone
        (f"OPENAI_API_KEY={DEEPSEEK}\n", ".env"),
        (f"ANTHROPIC_API_KEY={DEEPSEEK}\n", ".env"),
        (f"GROQ_API_KEY={DEEPSEEK}\n", ".env"),
        # gateway-reused names with a base URL elsewhere: a gateway or relay
        (f"ANTHROPIC_AUTH_TOKEN={OR}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n", ".env"),
        (f"ANTHROPIC_API_KEY={GROQ}\nANTHROPIC_BASE_URL=https://llm.corp.example\n", ".env"),
        (f"OPENAI_API_KEY={ANT}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        (f"OPENAI_API_KEY={ANT}\nOPENAI_API_BASE=https://relay.example/v1\n", ".env"),
        (f'export OPENAI_API_KEY={GROQ}\nexport OPENAI_BASE_URL="$GATEWAY"\n', ".zshrc"),
        # a passthrough gateway in front of the SDK
        (f"OPENAI_API_KEY={ANT}\n"
         "OPENAI_BASE_URL=https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic\n", ".env"),
        # any name whose base URL points at the key's own provider: a correct setup
        (f"OPENAI_API_KEY={OR}\nOPENAI_BASE_URL=https://openrouter.ai/api/v1\n", ".env"),
        (f"OPENAI_API_KEY={GROQ}\nOPENAI_BASE_URL=https://api.groq.com/openai/v1\n", ".env"),
        (f"GROQ_API_KEY={XAI}\nGROQ_BASE_URL=https://api.x.ai\n", ".env"),
        # a passthrough gateway's or self-hosted proxy's variable: it forwards upstream keys
        (f"PORTKEY_API_KEY={GROQ}\n", ".env"),
        (f"CLOUDFLARE_AI_GATEWAY_API_KEY={ANT}\n", ".env"),
        (f"LITELLM_PROXY_API_KEY={ANT}\n", ".env"),
        # a gateway's key sent to the provider: KL302 says which base URL to set
        (f"ANTHROPIC_AUTH_TOKEN={OR}\n", ".env"),
        (f"OPENAI_API_KEY={OR}\n", ".env"),
        # that litellm reads HUGGINGFACE_API_KEY is unconfirmed: no proof of a mismatch
        (f"HUGGINGFACE_API_KEY={GROQ}\n", ".env"),
        # names no tool reads for a provider: nothing to compare with
        (f"MY_KEY={ANT}\n", ".env"),
        (f"LLM_API_KEY={GROQ}\n", ".env"),
        # placeholders (KL107's) and example values in templates
        ("OPENROUTER_API_KEY=gsk_your_key_here\n", ".env"),
        ("OPENAI_API_KEY=sk-ant-xxxx\n", ".env"),
        ("GROQ_API_KEY=xai-xxxxxxxxxxxx\n", ".env.example"),
        ("GROQ_API_KEY=xai-1234567890abcdef\n", ".env.example"),
        # empty, dynamic, commented
        ("OPENAI_API_KEY=\n", ".env"),
        (f'export OPENAI_API_KEY="{ANT}$X"\n', ".zshrc"),
        (f"# OPENAI_API_KEY={ANT}\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_user_declared_gateway_host_counts_as_elsewhere() -> None:
    config = from_mapping(
        {"providers": {"corp": {"hosts": ["llm.corp.example"], "key-prefixes": ["corp-"]}}},
        "pyproject.toml",
    )
    text = f"OPENAI_API_KEY={ANT}\nOPENAI_BASE_URL=https://llm.corp.example/v1\n"
    assert lint(text, select=CODE, config=config) == []
    corp = "corp-" + "Ab3dE9xQf2" * 3
    assert [f.code for f in lint(f"GROQ_API_KEY={corp}\n", select=CODE, config=config)] == [CODE]


def test_conditional_base_url_may_be_a_gateway() -> None:
    condition = 'if [ -n "$WORK" ]; then export {}=https://relay.example/v1; fi\n'
    gateway_name = f"export OPENAI_API_KEY={ANT}\n" + condition.format("OPENAI_BASE_URL")
    assert codes(gateway_name, ".zshrc", select=CODE) == []
    specific = f"export GROQ_API_KEY={XAI}\n" + condition.format("GROQ_BASE_URL")
    (finding,) = lint(specific, ".zshrc", select=CODE)
    assert "it is sent as a Groq key, and Groq does not accept xAI keys" in finding.message
