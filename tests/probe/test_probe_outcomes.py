"""Every outcome, from real HTTP servers answering the way the providers do.

Each scenario of `probe_scenarios` runs through `plan_probe` and `run_probe` against a fake
provider on 127.0.0.1; the checks are on what a user sees: the outcome and its code, the
status, the provider's error and request id, and that the key reached the server intact
but appears in nothing the result holds.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fake_providers import FakeProvider, Reply
from probe_scenarios import BY_NAME, SCENARIOS, Scenario

from keylint.core.probe import (
    OUTCOME_CODES,
    ProbePlan,
    ProbeResult,
    arun_probe,
    plan_probe,
    run_probe,
)

JSON_KEYS = ["outcome", "provider", "variable", "key", "endpoint", "http_status", "error",
             "request_id", "latency_ms", "hint", "curl"]


def probe(scenario: Scenario, server: FakeProvider, envfile: Callable[..., object]) -> ProbeResult:
    path = envfile(scenario.env_text(server.url))
    plan = plan_probe(scenario.env_text(server.url), str(path), variable=scenario.variable,
                      **scenario.options(server.url))  # type: ignore[arg-type]
    assert isinstance(plan, ProbePlan), plan
    return run_probe(plan)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_outcome(scenario: Scenario, serve, envfile) -> None:
    server = serve(scenario.routes)
    result = probe(scenario, server, envfile)
    assert result.outcome == scenario.outcome, result.summary()
    assert result.code == OUTCOME_CODES[scenario.outcome]
    assert result.http_status == scenario.status
    assert len(server.seen) == scenario.requests
    assert scenario.key not in repr(result)
    assert scenario.key not in str(result.to_dict())
    assert list(result.to_dict()) == JSON_KEYS
    assert f"${scenario.variable}" in result.curl
    assert result.message and result.hint


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_key_arrives_intact_in_the_providers_header(scenario: Scenario, serve, envfile) -> None:
    server = serve(scenario.routes)
    probe(scenario, server, envfile)
    headers = server.seen[0].headers
    sent = {
        "ANTHROPIC_API_KEY": headers.get("x-api-key"),
        "GEMINI_API_KEY": headers.get("x-goog-api-key"),
    }.get(scenario.variable, headers.get("authorization", "").removeprefix("Bearer "))
    assert sent == scenario.key


def test_valid_says_the_key_works_and_that_a_free_call_proves_no_credit(serve, envfile) -> None:
    result = probe(BY_NAME["openai-valid"], serve(BY_NAME["openai-valid"].routes), envfile)
    assert result.valid
    assert result.message == "OpenAI accepted the key at 127.0.0.1."
    assert "does not prove there is credit" in result.hint
    assert result.error.to_dict() == {"code": None, "type": None, "message": None}
    assert result.request_id is None
    assert result.latency_ms is not None and result.latency_ms >= 0


def test_anthropic_request_id_is_quoted(serve, envfile) -> None:
    result = probe(BY_NAME["anthropic-invalid"], serve(BY_NAME["anthropic-invalid"].routes),
                   envfile)
    assert result.request_id == "req_011CSHoEeqs5C35K2UUqR7Fy"
    assert result.error.type == "authentication_error"
    assert result.error.message == "invalid x-api-key"
    assert "quote it to support" in result.summary()
    assert result.curl.endswith(
        '/v1/models -H "x-api-key: $ANTHROPIC_API_KEY" -H \'anthropic-version: 2023-06-01\'')


def test_anthropic_404_is_a_disabled_key_with_a_base_url_warning(serve, envfile) -> None:
    result = probe(BY_NAME["anthropic-disabled"], serve(BY_NAME["anthropic-disabled"].routes),
                   envfile)
    assert "disabled or unknown key" in result.message
    assert "/v1/v1/models" in result.hint


def test_anthropic_404_through_a_doubled_v1_is_the_wrong_endpoint(serve, envfile) -> None:
    scenario = BY_NAME["anthropic-disabled"]
    server = serve({"/v1/v1/models": scenario.routes["/v1/models"]})
    text = f"ANTHROPIC_API_KEY={scenario.key}\nANTHROPIC_BASE_URL={server.url}/v1\n"
    plan = plan_probe(text, str(envfile(text)), allow_hosts=["127.0.0.1"])
    assert isinstance(plan, ProbePlan)
    result = run_probe(plan)
    assert result.outcome == "wrong_endpoint"
    assert "remove it from ANTHROPIC_BASE_URL on line 2" in result.hint


def test_hiapi_permission_denied_names_the_model_and_request_id(serve, envfile) -> None:
    scenario = BY_NAME["hiapi-permission-denied"]
    result = probe(scenario, serve(scenario.routes), envfile)
    assert result.message == "The key is valid but may not use this model (HiAPI, HTTP 401)."
    assert result.request_id == "req_hiapi_5b1e0c77"
    assert result.error.code == "permission_denied"
    assert result.error.message == "This API key cannot use the selected model."


def test_openai_insufficient_quota_is_no_credits_and_not_retried(serve, envfile) -> None:
    scenario = BY_NAME["openai-insufficient-quota"]
    server = serve(scenario.routes)
    result = probe(scenario, server, envfile)
    assert result.message.startswith("The key is valid, credits are exhausted")
    assert "not a rate limit" in result.hint
    assert len(server.seen) == 1


def test_rate_limit_is_retried_once_and_says_the_key_works(serve, envfile) -> None:
    scenario = BY_NAME["openai-rate-limited"]
    server = serve(scenario.routes)
    result = probe(scenario, server, envfile)
    assert result.attempts == 2 and len(server.seen) == 2
    assert result.message.endswith("the key works.")
    assert result.request_id == "req_7f3c0e5b9a"  # from the x-request-id header


def test_rate_limit_then_success_is_valid(serve, envfile) -> None:
    scenario = BY_NAME["openai-valid"]
    limited = Reply(429, '{"error":{"type":"requests","code":"rate_limit_exceeded"}}',
                    (("content-type", "application/json"), ("retry-after", "0.1")))
    server = serve({"/v1/models": [limited, scenario.routes["/v1/models"]]})
    result = probe(scenario, server, envfile)
    assert result.outcome == "valid" and result.attempts == 2


def test_openai_masked_echo_is_kept_and_explained(serve, envfile) -> None:
    scenario = BY_NAME["openai-invalid"]
    result = probe(scenario, serve(scenario.routes), envfile)
    assert result.error.code == "invalid_api_key"
    assert f"{scenario.key[:6]}***{scenario.key[-4:]}" in (result.error.message or "")
    assert "first and last characters" in result.hint


def test_a_server_echoing_the_full_key_is_redacted(serve, envfile) -> None:
    scenario = BY_NAME["echoes-key"]
    result = probe(scenario, serve(scenario.routes), envfile)
    assert "[redacted]" in (result.error.message or "")
    assert scenario.key not in repr(result)
    assert scenario.key[8:24] not in repr(result)


def test_html_is_the_wrong_endpoint(serve, envfile) -> None:
    result = probe(BY_NAME["html-404"], serve({}), envfile)
    assert result.message.startswith("This host does not look like the OpenAI API")
    assert "an HTML page (HTTP 404)" in result.message
    assert "OPENAI_BASE_URL on line 2" in result.hint


def test_server_error_is_retried_once_then_reported(serve, envfile) -> None:
    scenario = BY_NAME["server-500"]
    server = serve(scenario.routes)
    result = probe(scenario, server, envfile)
    assert [s.path for s in server.seen] == ["/v1/models", "/v1/models"]
    assert "not your key" in result.message


def test_slow_server_is_network_never_invalid(serve, envfile) -> None:
    scenario = BY_NAME["slow"]
    result = probe(scenario, serve(scenario.routes), envfile)
    assert result.outcome == "network"
    assert result.http_status is None
    assert "timed out after 0.5 s" in result.message
    assert "says nothing about the key" in result.message
    assert result.latency_ms is not None and result.latency_ms < 2500


def test_nothing_listening_is_network(envfile) -> None:
    with FakeProvider() as server:
        url = server.url  # a port that was open and is now closed
    scenario = BY_NAME["openai-valid"]
    result = probe(scenario, _Closed(url), envfile)
    assert result.outcome == "network"
    assert "refused" in result.message


def test_redirect_is_reported_and_the_key_never_reaches_the_target(serve, envfile) -> None:
    target = serve({"/v1/models": Reply(200, '{"data": []}')})
    first = serve({"/v1/models": Reply(302, "", (("location", f"{target.url}/v1/models"),))})
    scenario = BY_NAME["openai-valid"]
    result = probe(scenario, first, envfile)
    assert result.outcome == "wrong_endpoint"
    assert result.http_status == 302
    assert "a redirect (HTTP 302) to 127.0.0.1" in result.message
    assert "did not re-send the key" in result.hint
    assert len(first.seen) == 1
    assert target.seen == []


def test_openrouter_key_limit_and_deepseek_balance_read_the_body(serve, envfile) -> None:
    limit = probe(BY_NAME["openrouter-key-limit"],
                  serve(BY_NAME["openrouter-key-limit"].routes), envfile)
    assert "limit_remaining" in limit.message
    balance = probe(BY_NAME["deepseek-no-balance"],
                    serve(BY_NAME["deepseek-no-balance"].routes), envfile)
    assert "is_available: false" in balance.message
    assert balance.endpoint.endswith("/user/balance")


def test_gemini_envelope_fields(serve, envfile) -> None:
    result = probe(BY_NAME["gemini-invalid"], serve(BY_NAME["gemini-invalid"].routes), envfile)
    assert result.error.code == "API_KEY_INVALID"
    assert result.error.type == "INVALID_ARGUMENT"
    denied = probe(BY_NAME["gemini-permission"], serve(BY_NAME["gemini-permission"].routes),
                   envfile)
    assert denied.message == "A valid Google API key without Gemini access (HTTP 403)."


def test_xai_envelope_fields(serve, envfile) -> None:
    result = probe(BY_NAME["xai-invalid"], serve(BY_NAME["xai-invalid"].routes), envfile)
    assert result.error.code == "Client specified an invalid argument"
    assert (result.error.message or "").startswith("Incorrect API key provided:")
    assert result.endpoint.endswith("/v1/api-key")  # XAI_API_BASE's /v1 is not doubled


async def test_async_variant_runs_off_the_event_loop(serve, envfile) -> None:
    scenario = BY_NAME["anthropic-valid"]
    server = serve(scenario.routes)
    text = scenario.env_text(server.url)
    plan = plan_probe(text, str(envfile(text)), allow_hosts=["127.0.0.1"])
    assert isinstance(plan, ProbePlan)
    result = await arun_probe(plan)
    assert result.outcome == "valid"


class _Closed:
    """Stands in for a server that is gone: only its URL is used."""

    def __init__(self, url: str) -> None:
        self.url = url


def test_the_result_points_at_the_key_line_for_a_diagnostic(serve, envfile) -> None:
    scenario = BY_NAME["anthropic-valid"]
    server = serve(scenario.routes)
    text = f"# header\n{scenario.env_text(server.url)}"
    plan = plan_probe(text, str(envfile(text)), variable="ANTHROPIC_API_KEY",
                      allow_hosts=["127.0.0.1"])
    assert isinstance(plan, ProbePlan) and plan.line == 1
    result = run_probe(plan)
    assert result.line == 1
    assert result.summary().startswith("KL901 valid (ANTHROPIC_API_KEY, Anthropic): ")
