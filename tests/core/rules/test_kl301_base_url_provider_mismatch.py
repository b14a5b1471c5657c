"""KL301 base-url-provider-mismatch: a provable key sent to a host that rejects it."""

from __future__ import annotations

import pytest

from keylint.core.config import from_mapping
from keylint.core.credentials import redact
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, lint

CODE = "KL301"
OPENAI = fake_key("openai", "project")
LEGACY = fake_key("openai", "legacy")
ANTHROPIC = fake_key("anthropic", "api")
OAUTH = fake_key("anthropic", "oauth-access")
GROQ = fake_key("groq")
OPENROUTER = fake_key("openrouter")
BARE = fake_key("hiapi")  # a bare sk- key: HiAPI's, DeepSeek's, a relay's... or OpenAI legacy
CLOUDFLARE = "https://gateway.ai.cloudflare.com/v1/0123abcd/my-gateway/openai"


@pytest.mark.parametrize(
    ("text", "path", "base", "key", "host", "owner"),
    [
        # the seeds' cases
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env",
         "OPENAI_BASE_URL", "OPENAI_API_KEY", "HiAPI", "OpenAI"),
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\nANTHROPIC_BASE_URL=https://api.getunbound.ai\n", ".env",
         "ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "Unbound", "Anthropic"),
        (f'export ANTHROPIC_BASE_URL="https://api.getunbound.ai"\n'
         f'export ANTHROPIC_API_KEY="{ANTHROPIC}"\n', ".zshrc",
         "ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY", "Unbound", "Anthropic"),
        # a subscription token sent to a gateway
        (f"ANTHROPIC_AUTH_TOKEN={OAUTH}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n", ".env",
         "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "OpenRouter", "Anthropic"),
        # a legacy OpenAI key proven by its marker
        (f"OPENAI_API_KEY={LEGACY}\nOPENAI_BASE_URL=https://api.deepseek.com\n", ".env",
         "OPENAI_BASE_URL", "OPENAI_API_KEY", "DeepSeek", "OpenAI"),
        # the litellm/aider alias carries the key just as well
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_API_BASE=https://aihubmix.com/v1\n", ".env",
         "OPENAI_API_BASE", "OPENAI_API_KEY", "AIHubMix", "OpenAI"),
        (f"GROQ_API_KEY={GROQ}\nGROQ_BASE_URL=https://api.x.ai\n", ".env",
         "GROQ_BASE_URL", "GROQ_API_KEY", "xAI", "Groq"),
        # names no tool reads pair by convention
        (f"LLM_API_KEY={OPENAI}\nLLM_BASE_URL=https://openrouter.ai/api/v1\n", ".env",
         "LLM_BASE_URL", "LLM_API_KEY", "OpenRouter", "OpenAI"),
    ],
)
def test_fires_on_the_base_url_with_the_key_related(text, path, base, key, host, owner):
    (finding,) = lint(text, path, select=CODE)
    lines = text.splitlines()
    base_line = next(i for i, line in enumerate(lines) if f"{base}=" in line)
    key_line = next(i for i, line in enumerate(lines) if f"{key}=" in line)
    value = lines[base_line].split("=", 1)[1]
    assert finding.severity is Severity.ERROR
    assert (finding.span.line, finding.span.column) == (base_line, lines[base_line].index(value))
    assert finding.span.end_column == len(lines[base_line])
    assert finding.message.startswith(f"{base} sends {key} to ")
    assert f"({host})" in finding.message and f"is {owner}'s" in finding.message
    key_value = lines[key_line].split("=", 1)[1].strip('"')
    assert key_value not in finding.message and redact(key_value) in finding.message
    (related,) = finding.related
    assert related.span.line == key_line
    assert related.message == f"the {owner} key that {base} sends to {host}"


def test_message_offers_both_ways_out():
    (finding,) = lint(f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n",
                      select=CODE)
    assert finding.message.endswith(
        "Put your HiAPI key in OPENAI_API_KEY, or remove OPENAI_BASE_URL to send the key to "
        "OpenAI")
    (other,) = lint(f"LLM_API_KEY={OPENAI}\nLLM_BASE_URL=https://openrouter.ai/api/v1\n",
                    select=CODE)
    assert other.message.endswith("Put your OpenRouter key in LLM_API_KEY")
    assert finding.fix is None


CORP = from_mapping(
    {"providers": {"relay": {"hosts": ["relay.corp.example"], "passthrough": True},
                   "corp": {"name": "Corp LLM", "hosts": ["gw.corp.example"],
                            "key-prefixes": ["corp-"]}},
     "hosts": {"llm.corp.example": "openai"}},
    "pyproject.toml",
)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # ambiguous keys stay silent, whatever the host
        (f"OPENAI_API_KEY={BARE}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        (f"OPENAI_API_KEY={BARE}\nOPENAI_BASE_URL=https://api.getunbound.ai/v1\n", ".env"),
        (f"ANTHROPIC_AUTH_TOKEN={BARE}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n", ".env"),
        # a gateway key with its gateway's base URL
        (f"OPENAI_API_KEY={OPENROUTER}\nOPENAI_BASE_URL=https://openrouter.ai/api/v1\n", ".env"),
        (f"ANTHROPIC_AUTH_TOKEN={OPENROUTER}\nANTHROPIC_BASE_URL=https://openrouter.ai/api\n"
         'ANTHROPIC_API_KEY=""\n', ".env"),
        # the provider's own host
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.openai.com/v1\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\nANTHROPIC_BASE_URL=https://api.anthropic.com\n",
         ".env"),
        # passthrough gateways forward the upstream key
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL={CLOUDFLARE}\n", ".env"),
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://oai.helicone.ai/v1\n", ".env"),
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.portkey.ai/v1\n", ".env"),
        # local and unknown hosts: self-hosted proxies take what their operator configured
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\nANTHROPIC_BASE_URL=http://localhost:4000\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\nANTHROPIC_BASE_URL=http://127.0.0.1:8082\n", ".env"),
        (f"ANTHROPIC_API_KEY={ANTHROPIC}\nANTHROPIC_BASE_URL=https://api.z.ai/api/anthropic\n",
         ".env"),
        # dynamic and conditional base URLs are unknown
        (f'export OPENAI_API_KEY={OPENAI}\nexport OPENAI_BASE_URL="$HIAPI_URL"\n', ".zshrc"),
        (f"export OPENAI_API_KEY={OPENAI}\nif [ -n \"$X\" ]; then export "
         "OPENAI_BASE_URL=https://api.hiapi.ai/v1; fi\n", ".zshrc"),
        (f"export OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1 python x.py\n",
         ".zshrc"),
        # a dynamic key proves nothing
        ('export OPENAI_API_KEY="$(pass show openai)"\n'
         "export OPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".zshrc"),
        # placeholders and templates
        (f"OPENAI_API_KEY=sk-proj-{'x' * 32}\n"
         "OPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env.example"),
        # not the same family
        (f"OPENAI_API_KEY={OPENAI}\nANTHROPIC_BASE_URL=https://api.getunbound.ai\n", ".env"),
        # the OpenAI key was replaced by a later line
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_API_KEY={BARE}\n"
         "OPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        # an empty base URL: the SDK default, the key's own provider
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=\n", ".env"),
    ],
)
def test_silent(text, path):
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("url", "fires"),
    [
        ("https://gw.corp.example/v1", True),  # a gateway with its own corp- keys
        ("https://relay.corp.example/v1", False),  # a passthrough relay
        ("https://llm.corp.example/v1", False),  # a host trusted for OpenAI
    ],
)
def test_user_configured_providers_and_hosts_count(url, fires):
    text = f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL={url}\n"
    found = lint(text, config=CORP.with_overrides(select=[CODE]))
    assert [f.code for f in found] == ([CODE] if fires else [])
    assert codes(text, select=CODE) == []  # unknown hosts without the configuration
