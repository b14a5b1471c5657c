"""The provider registry: attribution, shape verdicts, variables, hosts, key/host fit, probes,
user providers, and the generated docs page. Every key here is built by tests/keys.py."""

from __future__ import annotations

import json
import string
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keylint.core import providers as reg
from keylint.core.config import ConfigError, from_mapping
from keylint.core.providers import KeyMatch, KeyShape, Provider, classify, misplaced_endpoint
from keylint.core.providers_doc import render_providers_markdown
from keys import fake_key, key_for_shape, masked, truncated

DOCS = Path(__file__).resolve().parents[2] / "docs" / "providers.md"
MARKER = "T3BlbkFJ"


def _shapes(predicate: typing.Callable[[KeyShape], bool]) -> list[tuple[Provider, KeyShape]]:
    return [(p, s) for p in reg.providers() for s in p.shapes if predicate(s)]


def _id(pair: tuple[Provider, KeyShape]) -> str:
    provider, shape = pair
    return f"{provider.id}-{shape.kind}-{shape.prefix or 'bare'}"


PREFIXED = _shapes(lambda s: bool(s.prefix))
CONFIDENT = _shapes(lambda s: bool(s.prefix) and not s.ambiguous
                    and s.length_confidence != "unconfirmed")
GUESSED = _shapes(lambda s: s.length_confidence == "unconfirmed")


# --- The data itself ----------------------------------------------------------------------


@pytest.mark.parametrize("pair", _shapes(lambda s: True), ids=_id)
def test_every_shape_is_consistent_and_its_fake_key_fits_it(pair):
    provider, shape = pair
    fixed = len(shape.prefix) + len(shape.marker) + len(shape.suffix)
    assert fixed < shape.min_length <= shape.typical_length <= shape.max_length
    assert shape.charset.startswith("[") and not shape.charset.startswith("[^")
    key = key_for_shape(shape, salt=provider.id)
    verdict = reg.check_shape(key, KeyMatch(provider.id, shape, False, (provider.id,)))
    assert verdict.ok, verdict.problems()


def test_unconfirmed_prefixes_never_attribute_with_certainty():
    for provider, shape in _shapes(lambda s: s.confidence == "unconfirmed"):
        assert shape.ambiguous, f"{provider.id} {shape.kind}: a guessed shape must be ambiguous"


def test_declared_values_are_well_formed():
    outcomes = set(typing.get_args(reg.Outcome))
    for provider in reg.providers():
        assert provider.kind != "gateway" or provider.gateway_mode is not None, provider.id
        for var in provider.env:
            assert var.name.isupper() or "_" in var.name, var.name
            assert (var.role == "base_url") == (var.base_url is not None), var.name
            assert not var.replacement or var.legacy_in, var.name
        for host in provider.hosts:
            assert host == host.lower(), host
        for probe in provider.probes:
            assert probe.absolute or probe.path.startswith("/"), (provider.id, probe.path)
            assert {rule.outcome for rule in probe.rules} <= outcomes, provider.id


def test_keys_only_go_to_the_providers_own_hosts():
    """Absolute probe URLs, endpoints and default bases all resolve to the same provider."""
    for provider in reg.providers():
        urls = [p.path for p in provider.probes if p.absolute]
        urls += [e.base for e in provider.endpoints if "://" in e.base]
        urls += [v.base_url.default for v in provider.env if v.base_url and v.base_url.default]
        for url in urls:
            owner = reg.provider_for_host(url)
            assert owner is not None and owner.id == provider.id, (provider.id, url)


# --- Attribution --------------------------------------------------------------------------


@pytest.mark.parametrize("pair", PREFIXED, ids=_id)
def test_each_providers_fake_key_is_attributed_to_it(pair):
    provider, shape = pair
    match = reg.attribute_key(key_for_shape(shape, salt=provider.id))
    assert match is not None
    if shape.ambiguous:
        assert (match.provider, match.certain) == (None, False)
        assert provider.id in match.candidates
    else:
        assert (match.provider, match.shape, match.certain) == (provider.id, shape, True)


@pytest.mark.parametrize(
    ("provider", "kind"),
    [
        ("anthropic", "oauth-access"),
        ("anthropic", "oauth-refresh"),
        ("anthropic", "api"),
        ("anthropic", "admin"),
        ("anthropic", "other"),
        ("openrouter", "api"),
        ("openai", "project"),
        ("openai", "service-account"),
        ("openai", "admin"),
        ("openai", "legacy"),
        ("langfuse", "secret"),
        ("helicone", "api"),
    ],
)
def test_the_most_specific_prefix_wins(provider, kind):
    match = reg.attribute_key(fake_key(provider, kind))
    assert match is not None
    assert (match.provider, match.shape.kind, match.certain) == (provider, kind, True)


def test_a_bare_sk_key_is_ambiguous_and_names_its_candidates():
    match = reg.attribute_key(fake_key("hiapi"))
    assert match is not None
    assert match.provider is None and not match.certain and match.shape.ambiguous
    assert {"openai", "hiapi", "deepseek", "litellm", "aihubmix"} <= set(match.candidates)


def test_the_marker_makes_a_bare_sk_key_openais():
    legacy = fake_key("openai", "legacy")
    assert reg.attribute_key(legacy).provider == "openai"
    assert reg.attribute_key(legacy.replace(MARKER, "abcdefgh")).provider is None


@given(st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1))
def test_no_bare_sk_key_without_the_marker_is_certain(body):
    value = "sk-" + body
    match = reg.attribute_key(value)
    specific = ("sk-ant-", "sk-or-v1-", "sk-proj-", "sk-svcacct-", "sk-service-", "sk-admin-",
                "sk-lf-", "sk-helicone-")
    if MARKER not in body and not value.startswith(specific):
        assert match is not None and not match.certain and match.provider is None


def test_a_corrupted_project_key_still_belongs_to_openai():
    key = fake_key("openai", "project").replace(MARKER, "xxxxxxxx")
    match = reg.attribute_key(key)
    assert (match.provider, match.shape.kind, match.certain) == ("openai", "project", True)
    verdict = reg.check_shape(key, match)
    assert verdict.missing_marker and not verdict.ok and verdict.definite


@pytest.mark.parametrize("value", ["", "sk-", "gsk_", "hello world", "Bearer x", "AIz"])
def test_values_without_a_known_prefix_and_body_are_not_keys(value):
    assert reg.attribute_key(value) is None


# --- Shape verdicts -----------------------------------------------------------------------


@pytest.mark.parametrize("pair", CONFIDENT, ids=_id)
def test_a_key_cut_by_ten_fails_with_the_expected_range(pair):
    provider, shape = pair
    key = truncated(key_for_shape(shape, salt=provider.id), 10)
    verdict = reg.check_shape(key, reg.attribute_key(key))
    assert not verdict.ok and verdict.truncated and verdict.definite
    assert verdict.expected == (shape.min_length, shape.max_length)
    assert verdict.length == shape.typical_length - 10


def test_a_truncated_project_key_is_caught_by_its_marker_though_in_range():
    key = truncated(fake_key("openai", "project"), 10)
    verdict = reg.check_shape(key, reg.attribute_key(key))
    assert not verdict.too_short and verdict.marker_misplaced
    assert verdict.structure_length == 164 and verdict.expected == (100, 220)
    assert any("164 characters expected" in p and "found 154" in p for p in verdict.problems())


def test_a_truncated_anthropic_key_reports_range_and_suffix():
    key = truncated(fake_key("anthropic", "api"), 10)
    verdict = reg.check_shape(key, reg.attribute_key(key))
    assert verdict.too_short and verdict.missing_suffix
    assert "too short: 98 characters, expected 100–120" in verdict.problems()


@pytest.mark.parametrize("style", ["stars", "ellipsis"])
@pytest.mark.parametrize("pair", CONFIDENT, ids=_id)
def test_masked_keys_fail_the_shape_check(pair, style):
    provider, shape = pair
    key = masked(key_for_shape(shape, salt=provider.id), style)
    verdict = reg.check_shape(key, reg.attribute_key(key))
    assert verdict.masked and not verdict.ok and verdict.bad_chars


@pytest.mark.parametrize("pair", GUESSED, ids=_id)
def test_an_unconfirmed_length_never_gives_a_definite_verdict(pair):
    provider, shape = pair
    key = truncated(key_for_shape(shape, salt=provider.id), 10)
    verdict = reg.check_shape(key, KeyMatch(provider.id, shape, False, (provider.id,)))
    assert not verdict.definite


def test_bad_characters_are_located_without_quoting_the_key():
    key = fake_key("groq")
    value = key[:20] + "\u200b" + key[20:] + "\n"
    verdict = reg.check_shape(value, reg.attribute_key(value))
    assert verdict.bad_chars == ((20, "\u200b"), (57, "\n"))
    message = " ".join(verdict.problems())
    assert "U+200B at 20" in message and "U+000A at 57" in message
    assert key[4:30] not in message


def test_an_ambiguous_match_gives_no_definite_verdict():
    key = truncated(fake_key("deepseek"), 10)
    verdict = reg.check_shape(key, reg.attribute_key(key))
    assert verdict.ok or not verdict.definite


def test_prefixless_keys_are_checked_by_the_provider_named_in_context():
    short = "a" * 30
    cohere = reg.match_for_provider("cohere", short)
    verdict = reg.check_shape(short, cohere)
    assert verdict.too_short and verdict.definite and verdict.expected == (38, 44)
    assert not reg.check_shape(short, reg.match_for_provider("mistral", short)).definite
    assert reg.match_for_provider("azure-openai", "0f" * 16).shape.kind == "api"
    assert reg.match_for_provider("groq", fake_key("xai")) is None
    assert reg.match_for_provider("unbound", "anything") is None
    deepseek = reg.match_for_provider("deepseek", fake_key("deepseek"))
    assert deepseek.provider == "deepseek" and not deepseek.certain


# --- Variables ----------------------------------------------------------------------------


def test_openai_base_url_is_current_and_openai_api_base_legacy_for_the_sdk():
    current = reg.provider_for_env("OPENAI_BASE_URL")
    assert current.provider.id == "openai" and current.role == "base_url"
    assert not current.legacy and "openai-python>=1.0" in current.tools
    assert current.base_url.version == "include"
    assert current.base_url.default == "https://api.openai.com/v1"
    old = reg.provider_for_env("OPENAI_API_BASE")
    assert old.legacy and old.replacement == "OPENAI_BASE_URL"
    assert "openai-python" in old.var.legacy_in and {"litellm", "aider"} <= set(old.tools)


def test_anthropic_variables_and_how_they_are_sent():
    token = reg.provider_for_env("ANTHROPIC_AUTH_TOKEN")
    assert token.auth.style == "bearer" and token.auth.header == "Authorization"
    key = reg.provider_for_env("ANTHROPIC_API_KEY")
    assert key.auth.header == "x-api-key"
    assert key.auth.render("k")["anthropic-version"] == "2023-06-01"
    assert [c.effect for c in key.competitions] == ["both-sent"]
    oauth = reg.provider_for_env("CLAUDE_CODE_OAUTH_TOKEN")
    assert oauth.auth.render("k")["anthropic-beta"] == "oauth-2025-04-20"
    assert oauth.var.key_kinds == ("oauth-access",)
    base = reg.provider_for_env("ANTHROPIC_BASE_URL").base_url
    assert base.version == "omit" and base.version_at_end("https://api.getunbound.ai/v1/")
    assert not base.version_at_end("https://api.anthropic.com")


@pytest.mark.parametrize(
    ("loser", "winner", "tool"),
    [
        ("GEMINI_API_KEY", "GOOGLE_API_KEY", "google-genai"),
        ("COHERE_API_KEY", "CO_API_KEY", "cohere-python"),
        ("PERPLEXITY_API_KEY", "PERPLEXITYAI_API_KEY", "litellm"),
        ("OPENAI_API_BASE", "OPENAI_BASE_URL", "litellm"),
    ],
)
def test_competing_variables_name_the_winner(loser, winner, tool):
    (competition,) = reg.provider_for_env(loser).competitions
    assert competition.effect == "first-wins" and competition.names[0] == winner
    assert tool in competition.tools


def test_base_url_conventions_per_reader():
    groq = reg.provider_for_env("GROQ_BASE_URL").base_url
    assert groq.version == "omit" and groq.version_at_end("https://api.groq.com/openai/v1")
    gemini = reg.provider_for_env("GOOGLE_GEMINI_BASE_URL").base_url
    assert gemini.version == "omit" and gemini.version_at_end("https://x.example/v1beta/")
    azure = reg.provider_for_env("AZURE_OPENAI_ENDPOINT").base_url
    assert azure.version_at_end("https://myres.openai.azure.com/openai")
    assert not azure.version_at_end("https://myres.openai.azure.com")


@pytest.mark.parametrize(
    ("provider", "canonical"),
    [
        ("openai", "OPENAI_API_KEY"),
        ("anthropic", "ANTHROPIC_API_KEY"),
        ("hiapi", "HIAPI_API_KEY"),
        ("unbound", "UNBOUND_API_KEY"),
        ("gemini", "GOOGLE_API_KEY"),
        ("cohere", "CO_API_KEY"),
        ("together", "TOGETHER_API_KEY"),
        ("huggingface", "HF_TOKEN"),
        ("replicate", "REPLICATE_API_TOKEN"),
        ("azure-openai", "AZURE_OPENAI_API_KEY"),
    ],
)
def test_the_canonical_key_variable_comes_first(provider, canonical):
    assert reg.get(provider).env_for("key")[0].name == canonical


def test_unknown_names_and_did_you_mean_candidates():
    assert reg.provider_for_env("HIAPI_KEY") is None
    assert reg.provider_for_env("openai_api_key") is None
    names = reg.canonical_env_names()
    assert {"HIAPI_API_KEY", "UNBOUND_API_KEY", "HF_TOKEN", "AZURE_OPENAI_API_KEY"} <= names
    assert "HIAPI_KEY" not in names


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://api.openai.com/v1/chat/completions", "/chat/completions"),
        ("https://api.anthropic.com/v1/messages/", "/v1/messages"),
        ("https://api.hiapi.ai/v1/models?x=1", "/models"),
        ("https://api.openai.com/v1", None),
        ("https://openrouter.ai/api", None),
    ],
)
def test_endpoint_paths_in_a_base_url(url, found):
    assert misplaced_endpoint(url) == found


# --- Hosts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "provider"),
    [
        ("api.openai.com", "openai"),
        ("API.OpenAI.com", "openai"),
        ("api.openai.com:443", "openai"),
        ("api.openai.com.", "openai"),
        ("https://api.groq.com/openai/v1", "groq"),
        ("myres.openai.azure.com", "azure-openai"),
        ("MyRes.openai.azure.com:8443", "azure-openai"),
        ("api.together.ai", "together"),
        ("codestral.mistral.ai", "codestral"),
        ("gateway.ai.cloudflare.com", "cloudflare-ai-gateway"),
        ("openai.azure.com", None),
        ("api.openai.com.evil.example", None),
        ("localhost:4000", None),
        ("[::1]:4000", None),
        ("", None),
    ],
)
def test_provider_for_host(host, provider):
    found = reg.provider_for_host(host)
    assert (found.id if found else None) == provider


def test_known_hosts_for_typo_detection():
    hosts = reg.known_hosts()
    assert hosts == sorted(hosts)
    assert {"api.hiapi.ai", "api.getunbound.ai", "*.openai.azure.com"} <= set(hosts)


# --- Which host takes which key -----------------------------------------------------------


def _host(name: str) -> Provider:
    provider = reg.provider_for_host(name)
    assert provider is not None
    return provider


@pytest.mark.parametrize(
    ("key", "host", "accepted"),
    [
        (("openai", "project"), "api.hiapi.ai", False),
        (("anthropic", "api"), "api.getunbound.ai", False),
        (("openai", "project"), "gateway.ai.cloudflare.com", None),
        (("anthropic", "api"), "gateway.ai.cloudflare.com", None),
        (("openai", "project"), "api.portkey.ai", None),
        (("hiapi", None), "api.hiapi.ai", None),
        (("hiapi", None), "api.openai.com", None),
        (("hiapi", None), "api.deepseek.com", None),
        (("hiapi", None), "api.anthropic.com", False),
        (("hiapi", None), "api.groq.com", False),
        (("openrouter", None), "openrouter.ai", True),
        (("openrouter", None), "api.anthropic.com", False),
        (("openai", "project"), "api.openai.com", True),
        (("groq", None), "api.x.ai", False),
        (("langfuse", "secret"), "api.openai.com", False),
        (("anthropic", "oauth-access"), "api.anthropic.com", True),
    ],
)
def test_accepts_key_truth_table(key, host, accepted):
    match = reg.attribute_key(fake_key(*key))
    assert reg.accepts_key(_host(host), match) is accepted


def test_accepts_key_cannot_tell_for_self_hosted_or_unmatched():
    litellm = reg.get("litellm")
    assert reg.accepts_key(litellm, reg.attribute_key(fake_key("anthropic"))) is None
    assert reg.accepts_key(reg.get("openai"), None) is None
    cohere_shaped = reg.match_for_provider("cohere", "a" * 40)
    assert reg.accepts_key(reg.get("anthropic"), cohere_shaped) is None


# --- Probes -------------------------------------------------------------------------------


def test_probe_paths_join_user_base_urls_verbatim():
    hiapi = reg.get("hiapi").probe_for()
    assert hiapi.url("https://api.hiapi.ai/v1/") == "https://api.hiapi.ai/v1/models"
    litellm = reg.get("litellm").probe_for(style="openai")
    assert litellm.url("http://127.0.0.1:4000") == "http://127.0.0.1:4000/models"
    unbound = reg.get("unbound").probe_for(style="anthropic")
    assert unbound.url("https://api.getunbound.ai") == "https://api.getunbound.ai/v1/models"
    openrouter = reg.get("openrouter")
    assert openrouter.probe_for(style="anthropic").url("https://openrouter.ai/api") == (
        "https://openrouter.ai/api/v1/key"
    )
    assert openrouter.probe_for().path == "/key"  # its /models is public
    deepseek = reg.get("deepseek").probe_for(style="openai")
    assert deepseek.url("http://anything") == "https://api.deepseek.com/user/balance"


def test_probe_choice_by_key_kind_and_style():
    assert reg.get("openai").probe_for("admin").path == "/organization/admin_api_keys"
    assert reg.get("openai").probe_for("project").path == "/models"
    assert reg.get("anthropic").probe_for(style="openai") is None
    cloudflare = reg.get("cloudflare-ai-gateway")
    assert cloudflare.probe_for() is None
    assert cloudflare.probe_for("api-token").auth.header == "Authorization"
    assert reg.get("portkey").probe_for() is None
    assert reg.get("cohere").probe_for().method == "POST"


def test_oauth_tokens_are_sent_with_the_beta_header():
    anthropic = reg.get("anthropic")
    match = reg.attribute_key(fake_key("anthropic", "oauth-access"))
    headers = anthropic.auth_for(match.shape).render("k")
    assert headers["Authorization"] == "Bearer k"
    assert headers["anthropic-beta"] == "oauth-2025-04-20"
    assert "x-api-key" in anthropic.auth_for(reg.get("anthropic").shape("api")).render("k")


def _body(value: object) -> str:
    return json.dumps(value)


@pytest.mark.parametrize(
    ("provider", "status", "body", "outcome"),
    [
        ("openai", 200, _body({"data": []}), "valid"),
        ("openai", 401, _body({"error": {"code": "invalid_api_key"}}), "invalid"),
        ("openai", 429, _body({"error": {"code": "insufficient_quota"}}), "no_credits"),
        ("openai", 429, _body({"error": {"code": "credit_balance_exhausted"}}), "no_credits"),
        ("openai", 429, _body({"error": {"code": "rate_limit_exceeded"}}), "rate_limited"),
        ("openai", 404, _body({"error": {}}), "wrong_endpoint"),
        ("openai", 200, "<!DOCTYPE html><html></html>", "wrong_endpoint"),
        ("openai", 301, "", "wrong_endpoint"),
        ("openai", 503, "<html>down</html>", "server_error"),
        ("anthropic", 404, _body({"type": "error"}), "invalid"),
        ("anthropic", 402, _body({"error": {"type": "billing_error"}}), "no_credits"),
        ("anthropic", 400,
         _body({"error": {"message": "Your credit balance is too low to access"}}), "no_credits"),
        ("anthropic", 529, _body({"error": {"type": "overloaded_error"}}), "server_error"),
        ("xai", 400, _body({"error": "Incorrect API key provided"}), "invalid"),
        ("xai", 403, _body({"error": "Your team has used all available credits"}), "no_credits"),
        ("gemini", 400,
         _body({"error": {"details": [{"@type": "t"}, {"reason": "API_KEY_INVALID"}]}}), "invalid"),
        ("gemini", 403, _body({"error": {"status": "PERMISSION_DENIED"}}), "permission_denied"),
        ("openrouter", 200, _body({"data": {"limit_remaining": 0}}), "no_credits"),
        ("openrouter", 200, _body({"data": {"limit_remaining": None}}), "valid"),
        ("openrouter", 402, _body({"error": {"code": 402}}), "no_credits"),
        ("deepseek", 200, _body({"is_available": False}), "no_credits"),
        ("deepseek", 200, _body({"is_available": True}), "valid"),
        ("hiapi", 401, _body({"error": {"code": "permission_denied"}}), "permission_denied"),
        ("hiapi", 401, _body({"error": {"code": "invalid_api_key"}}), "invalid"),
        ("unbound", 402, "", "no_credits"),
        ("cohere", 200, _body({"valid": False}), "invalid"),
        ("cohere", 200, _body({"valid": True}), "valid"),
        ("perplexity", 200, _body({"data": []}), "unknown"),
        ("huggingface", 401, _body({"error": "Invalid credentials"}), "invalid"),
    ],
)
def test_probe_outcomes(provider, status, body, outcome):
    assert classify(reg.get(provider).probe_for(), status, body) == outcome


# --- User providers from [tool.keylint] ---------------------------------------------------

CORP = {
    "providers": {
        "corp": {
            "name": "Corp LLM",
            "hosts": ["llm.corp.example", "*.llm.corp.example"],
            "key-prefixes": ["corp-"],
            "env": ["CORP_API_KEY"],
            "base-url-env": ["CORP_BASE_URL"],
        },
        "relay": {"hosts": ["relay.corp.example"], "passthrough": True},
    },
    "hosts": {"openai-proxy.corp.example": "openai", "corp2.example": "corp"},
}


def test_user_providers_join_the_registry():
    registry = reg.registry(from_mapping(CORP, "pyproject.toml").extra)
    corp = registry.get("corp")
    assert corp.name == "Corp LLM" and corp.hosts[-1] == "corp2.example"
    assert registry.provider_for_host("eu.llm.corp.example") is corp
    match = registry.attribute_key("corp-" + "x" * 30)
    assert (match.provider, match.certain) == ("corp", True)
    assert registry.accepts_key(corp, match) is True
    assert registry.accepts_key(corp, registry.attribute_key(fake_key("openai"))) is False
    assert registry.provider_for_env("CORP_BASE_URL").role == "base_url"
    assert "CORP_API_KEY" in registry.canonical_env_names()
    relay = registry.provider_for_host("relay.corp.example")
    assert registry.accepts_key(relay, registry.attribute_key(fake_key("openai"))) is None
    openai = registry.provider_for_host("openai-proxy.corp.example")
    assert openai.id == "openai" and "api.openai.com" in openai.hosts
    assert registry.accepts_key(openai, registry.attribute_key(fake_key("openai"))) is True
    # the built-in registry is untouched, and the configured one is built once
    assert reg.provider_for_host("llm.corp.example") is None
    assert reg.registry(CORP) is registry
    assert reg.registry(None) is reg.registry({}) is reg.registry({"probe": {}})


def test_repeated_config_entries_are_not_collisions():
    table = {"hosts": ["a.corp.example", "a.corp.example"], "env": ["CORP_KEY", "CORP_KEY"]}
    corp = reg.registry({"providers": {"corp": table}}).get("corp")
    assert corp.hosts == ("a.corp.example",) and len(corp.env) == 1


def test_a_user_sk_prefix_joins_the_ambiguous_candidates():
    registry = reg.registry({"providers": {"corp": {"key-prefixes": ["sk-"]}}})
    match = registry.attribute_key(fake_key("hiapi"))
    assert "corp" in match.candidates and not match.certain


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"providers": []}, "[tool.keylint.providers]"),
        ({"providers": {"corp": "x"}}, "[tool.keylint.providers.corp]"),
        ({"providers": {"openai": {}}}, "'openai' is a built-in provider"),
        ({"providers": {"bad id": {}}}, "providers.bad id"),
        ({"providers": {"corp": {"host": ["x.example"]}}}, "unknown key 'host'"),
        ({"providers": {"corp": {"name": ""}}}, "name"),
        ({"providers": {"corp": {"hosts": "llm.corp.example"}}}, "hosts"),
        ({"providers": {"corp": {"hosts": ["https://llm.corp.example/v1"]}}}, "hosts"),
        ({"providers": {"corp": {"hosts": ["api.openai.com"]}}}, "'api.openai.com' already"),
        ({"providers": {"corp": {"key-prefixes": ["x"]}}}, "key-prefixes"),
        ({"providers": {"corp": {"key-prefixes": [1]}}}, "key-prefixes"),
        ({"providers": {"corp": {"env": ["1BAD"]}}}, "env"),
        ({"providers": {"corp": {"env": ["OPENAI_API_KEY"]}}}, "OPENAI_API_KEY already"),
        ({"providers": {"corp": {"base-url-env": ["not a name"]}}}, "base-url-env"),
        ({"providers": {"corp": {"passthrough": "yes"}}}, "passthrough"),
        ({"hosts": ["x.example"]}, "hosts"),
        ({"hosts": {"bad host": "openai"}}, "hosts"),
        ({"hosts": {"llm.corp.example": "opnai"}}, "unknown provider 'opnai' (did you mean"),
        ({"hosts": {"api.anthropic.com": "openai"}}, "already belongs to provider 'anthropic'"),
    ],
)
def test_bad_provider_config_names_the_key(extra, named):
    with pytest.raises(ConfigError) as error:
        reg.registry(extra, source="pyproject.toml")
    assert named in str(error.value)
    assert str(error.value).startswith("pyproject.toml: ")


# --- docs/providers.md --------------------------------------------------------------------


def test_docs_page_is_generated_from_the_registry():
    assert DOCS.read_text(encoding="utf-8") == render_providers_markdown(), (
        "docs/providers.md is stale: run `python -m keylint.core.providers_doc > "
        "docs/providers.md`"
    )
