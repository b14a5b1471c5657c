"""Routing: which base URL each key goes to and where it comes from; the URL helpers."""

from __future__ import annotations

import pytest

from keylint.core import providers as reg
from keylint.core.analyze import parse
from keylint.core.config import from_mapping
from keylint.core.model import ParsedFile
from keylint.core.routing import (
    base_names,
    is_local_network,
    is_loopback,
    is_unspecified,
    parse_url,
    plausible_key,
    route_for,
    routes,
)
from keys import fake_key
from lint import doc

REGISTRY = reg.registry()
OPENAI = fake_key("openai", "project")
ANTHROPIC = fake_key("anthropic", "api")
BARE = fake_key("hiapi")


def parsed(text: str, path: str = ".env") -> ParsedFile:
    return parse(doc(text, path))


@pytest.mark.parametrize(
    ("key", "bases"),
    [
        ("OPENAI_API_KEY", ["OPENAI_BASE_URL", "OPENAI_API_BASE", "AIDER_OPENAI_API_BASE"]),
        ("OPENAI_ADMIN_KEY", ["OPENAI_BASE_URL"]),  # only openai-python reads the admin key
        ("ANTHROPIC_API_KEY", ["ANTHROPIC_BASE_URL", "ANTHROPIC_API_BASE"]),
        ("ANTHROPIC_AUTH_TOKEN", ["ANTHROPIC_BASE_URL"]),
        ("GROQ_API_KEY", ["GROQ_BASE_URL", "GROQ_API_BASE"]),
        ("AZURE_OPENAI_API_KEY", ["AZURE_OPENAI_ENDPOINT", "AZURE_API_BASE"]),
        ("AZURE_API_KEY", ["AZURE_API_BASE"]),
        ("HIAPI_API_KEY", []),  # HiAPI documents no base-URL variable
        ("OPENAI_BASE_URL", []),  # not a key
        ("MY_OWN_KEY", []),  # not in the registry
    ],
)
def test_family_pairs_keys_with_the_base_variables_of_their_readers(key, bases):
    assert base_names(REGISTRY, key) == bases


@pytest.mark.parametrize(
    ("text", "key", "how", "url", "source"),
    [
        (f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", "OPENAI_API_KEY",
         "explicit", "https://api.hiapi.ai/v1", "OPENAI_BASE_URL on line 2"),
        # the canonical variable wins over the alias, as in litellm
        (f"OPENAI_API_BASE=https://b.example/v1\nOPENAI_BASE_URL=https://a.example/v1\n"
         f"OPENAI_API_KEY={OPENAI}\n", "OPENAI_API_KEY", "explicit", "https://a.example/v1",
         "OPENAI_BASE_URL on line 2"),
        # an empty canonical variable falls through to the alias
        (f"OPENAI_BASE_URL=\nOPENAI_API_BASE=https://b.example/v1\nOPENAI_API_KEY={OPENAI}\n",
         "OPENAI_API_KEY", "explicit", "https://b.example/v1", "OPENAI_API_BASE on line 2"),
        (f"ANTHROPIC_AUTH_TOKEN={BARE}\n", "ANTHROPIC_AUTH_TOKEN", "default",
         "https://api.anthropic.com",
         "the default of anthropic-sdk and claude-code, as ANTHROPIC_BASE_URL is not set in "
         "this file"),
        (f"ANTHROPIC_API_KEY={BARE}\nANTHROPIC_BASE_URL=\n", "ANTHROPIC_API_KEY", "default",
         "https://api.anthropic.com",
         "the default of anthropic-sdk and claude-code, as ANTHROPIC_BASE_URL is empty"),
        (f"OPENAI_API_KEY={OPENAI}\n", "OPENAI_API_KEY", "default", "https://api.openai.com/v1",
         "the default of openai-python and litellm, as none of OPENAI_BASE_URL, "
         "OPENAI_API_BASE, AIDER_OPENAI_API_BASE is set in this file"),
        ("GROQ_API_KEY=k\nGROQ_BASE_URL=https://api.groq.com\n", "GROQ_API_KEY", "explicit",
         "https://api.groq.com", "GROQ_BASE_URL on line 2"),
        ("AZURE_OPENAI_API_KEY=k\nAZURE_OPENAI_ENDPOINT=https://r.openai.azure.com\n",
         "AZURE_OPENAI_API_KEY", "explicit", "https://r.openai.azure.com",
         "AZURE_OPENAI_ENDPOINT on line 2"),
        ("AZURE_OPENAI_API_KEY=k\n", "AZURE_OPENAI_API_KEY", "none", "", "no base URL known"),
        ("HIAPI_API_KEY=k\n", "HIAPI_API_KEY", "none", "", "no base URL known"),
        # names no tool reads pair by convention: the app's own code reads both
        ("LLM_API_KEY=k\nLLM_BASE_URL=http://localhost:4000\n", "LLM_API_KEY", "explicit",
         "http://localhost:4000", "LLM_BASE_URL on line 2"),
        ("API_KEY=k\nBASE_URL=https://x.example\n", "API_KEY", "explicit", "https://x.example",
         "BASE_URL on line 2"),
        ("LLM_API_KEY=k\nOTHER_BASE_URL=https://x.example\n", "LLM_API_KEY", "none", "",
         "no base URL known"),
    ],
)
def test_routes_in_dotenv(text, key, how, url, source):
    route = route_for(parsed(text), REGISTRY, key)
    assert (route.how, route.base_url, route.source) == (how, url, source)
    assert route.known == (how in ("explicit", "default"))


@pytest.mark.parametrize(
    ("text", "how", "url"),
    [
        # the last top-level assignment wins
        ("export OPENAI_BASE_URL=https://a.example/v1\nexport OPENAI_BASE_URL=https://b.example"
         "/v1\nexport OPENAI_API_KEY=k\n", "explicit", "https://b.example/v1"),
        # ... and a later one in a function that may never run changes nothing
        ("export OPENAI_BASE_URL=https://a.example/v1\nf() { export OPENAI_BASE_URL=$1; }\n"
         "export OPENAI_API_KEY=k\n", "explicit", "https://a.example/v1"),
        # computed when the file runs: unknown
        ('export OPENAI_BASE_URL="$PROXY/v1"\nexport OPENAI_API_KEY=k\n', "dynamic", ""),
        # set only inside an if: it may or may not apply
        ("if [ -n \"$WORK\" ]; then export OPENAI_BASE_URL=https://corp.example/v1; fi\n"
         "export OPENAI_API_KEY=k\n", "conditional", ""),
        # for one command only (a wrapper script): that command's key goes elsewhere
        ("export OPENAI_API_KEY=k\nOPENAI_BASE_URL=https://x.example/v1 python app.py\n",
         "conditional", ""),
    ],
)
def test_routes_in_shell(text, how, url):
    route = route_for(parsed(text, ".zshrc"), REGISTRY, "OPENAI_API_KEY")
    assert (route.how, route.base_url) == (how, url)


def test_route_carries_the_match_the_host_and_the_related_assignments():
    text = f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n"
    (route,) = routes(parsed(text), REGISTRY)
    assert route.key.name == "OPENAI_API_KEY" and route.base.name == "OPENAI_BASE_URL"
    assert (route.key_match.provider, route.key_match.certain) == ("openai", True)
    assert route.family.id == "openai" and route.host_provider.id == "hiapi"
    assert route.convention.version == "include"


def test_a_replaced_key_has_no_route_and_route_for_takes_the_one_in_force():
    text = f"OPENAI_API_KEY={OPENAI}\nOPENAI_API_KEY={BARE}\n"
    (route,) = routes(parsed(text), REGISTRY)
    assert route.key.name_span.line == 1
    assert route_for(parsed(text), REGISTRY, "OPENAI_API_KEY").key.name_span.line == 1


def test_route_for_an_assignment_under_the_cursor():
    file = parsed(f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n")
    route = route_for(file, REGISTRY, file.assignments[0])
    assert route.source == "OPENAI_BASE_URL on line 2"
    assert route_for(file, REGISTRY, file.assignments[1]) is None  # a URL, not a key
    assert route_for(file, REGISTRY, "ANTHROPIC_API_KEY") is None  # not set


def test_prefix_assignments_are_not_routed():
    file = parsed("OPENAI_API_KEY=k python app.py\n", ".zshrc")
    assert routes(file, REGISTRY) == []


def test_user_hosts_count():
    config = from_mapping({"hosts": {"llm.corp.example": "openai"}}, "pyproject.toml")
    registry = reg.registry(config.extra)
    text = f"OPENAI_API_KEY={OPENAI}\nOPENAI_BASE_URL=https://llm.corp.example/v1\n"
    route = route_for(parsed(text), registry, "OPENAI_API_KEY")
    assert route.host_provider.id == "openai"


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scheme", "host", "port", "path", "userinfo"),
    [
        ("https://api.openai.com/v1", "https", "api.openai.com", "", "/v1", None),
        ("http://localhost:4000", "http", "localhost", "4000", "", None),
        ("https://u:p@h.example:8443/a/b?x=1#f", "https", "h.example", "8443", "/a/b", "u:p"),
        ("http://[::1]:8080/v1", "http", "::1", "8080", "/v1", None),
        ("api.openai.com/v1", "", "api.openai.com", "", "/v1", None),
        ("localhost:4000", "", "localhost", "4000", "", None),
        ("127.0.0.1", "", "127.0.0.1", "", "", None),
        ("ws://h.example/x", "ws", "h.example", "", "/x", None),
    ],
)
def test_parse_url(text, scheme, host, port, path, userinfo):
    url = parse_url(text)
    assert (url.scheme, url.host, url.port, url.path) == (scheme, host, port, path)
    assert text[slice(*url.host_span)] == host
    assert text[slice(*url.path_span)] == path
    assert (text[slice(*url.userinfo)] if url.userinfo else None) == userinfo


@pytest.mark.parametrize(
    "text", ["your_base_url_here", "...", "changeme", "https", "/v1/chat", "a b", "", "x:y"]
)
def test_not_urls(text):
    assert parse_url(text) is None


@pytest.mark.parametrize("text", ["https://...", "https://<resource>.openai.azure.com",
                                  "https://your host/v1"])
def test_placeholder_hosts_are_not_valid(text):
    assert not parse_url(text).host_valid


@pytest.mark.parametrize(
    ("host", "loopback", "local", "unspecified"),
    [
        ("localhost", True, True, False),
        ("app.localhost", False, True, False),  # local, but may reach a resolver
        ("127.0.0.1", True, True, False),
        ("127.8.9.1", True, True, False),
        ("::1", True, True, False),
        ("0.0.0.0", False, True, True),
        ("::", False, True, True),
        ("10.1.2.3", False, True, False),
        ("172.20.0.5", False, True, False),
        ("192.168.1.10", False, True, False),
        ("100.101.102.103", False, True, False),  # Tailscale
        ("host.docker.internal", False, True, False),
        ("nas.local", False, True, False),
        ("litellm", False, True, False),  # a Docker Compose service
        ("box.tail1234.ts.net", False, True, False),
        ("api.openai.com", False, False, False),
        ("8.8.8.8", False, False, False),
        ("litellm.ai.example.co.uk", False, False, False),
    ],
)
def test_host_classes(host, loopback, local, unspecified):
    assert is_loopback(host) is loopback
    assert is_local_network(host) is local
    assert is_unspecified(host) is unspecified


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        (OPENAI, True), (ANTHROPIC, True), (BARE, True), (fake_key("openrouter"), True),
        ("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", True),
        ("sk-proj-xxxxxxxxxxxxxxxxxxxxxxxx", False), ("sk-your-openai-key-here-123", False),
        ("sk-...", False), ("dummy-key-for-tests-12345", False), ("ollama", False),
        ("sk-1234", False), ("sk-" + "a" * 40, False), ("op://dev/Anthropic/macos/key1", False),
        ("sk-ant-api03-" + "0" * 95, False), ("$OPENAI_API_KEY_FROM_VAULT_1", False),
    ],
)
def test_plausible_key(value, plausible):
    assert plausible_key(value) is plausible
