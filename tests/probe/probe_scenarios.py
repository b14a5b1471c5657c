"""Every probe scenario: a `.env`, the provider's answer (bodies as providers send them, from
../shared/reference/providers.md), and the outcome keylint must report.

A scenario's `.env` and CLI arguments contain `{url}`, replaced by the fake server's address.
The same table drives the core tests and the CLI canary, so every answer is checked both for
its classification and for leaking the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from fake_providers import Reply

from keys import fake_key

ALLOW = ("--allow-host", "127.0.0.1")


@dataclass(frozen=True)
class Scenario:
    name: str
    variable: str
    key: str = field(repr=False)
    dotenv: str  # with {url} and {key}
    routes: Mapping[str, Reply | list[Reply]]
    outcome: str
    status: int | None
    base_url: str | None = None  # --base-url, with {url}
    requests: int = 1  # how many requests the server must have seen
    timeout: float | None = None

    def env_text(self, url: str) -> str:
        return self.dotenv.format(url=url, key=self.key)

    def options(self, url: str) -> dict[str, object]:
        """The keyword arguments of plan_probe for this scenario (127.0.0.1 allowed)."""
        return {"allow_hosts": ["127.0.0.1"], "timeout": self.timeout,
                "base_url": self.base_url.format(url=url) if self.base_url else None}

    def cli_args(self, url: str) -> list[str]:
        extra = list(ALLOW)
        if self.base_url:
            extra += ["--base-url", self.base_url.format(url=url)]
        if self.timeout is not None:
            extra += ["--timeout", str(self.timeout)]
        return extra


def _json(data: object) -> str:
    return json.dumps(data)


def _anthropic_error(kind: str, message: str, request_id: str = "req_011CSHoEeqs5C35K2UUqR7Fy"
                     ) -> str:
    return _json({"type": "error", "error": {"type": kind, "message": message},
                  "request_id": request_id})


def _openai_error(message: str, kind: str, code: str | None) -> str:
    return _json({"error": {"message": message, "type": kind, "param": None, "code": code}})


OPENAI_KEY = fake_key("openai", "project", seed=1)
ANTHROPIC_KEY = fake_key("anthropic", seed=2)
HIAPI_KEY = fake_key("hiapi", seed=3)
UNBOUND_KEY = fake_key("hiapi", seed=4)  # Unbound's format is unknown: a bare sk- key
OPENROUTER_KEY = fake_key("openrouter", seed=5)
XAI_KEY = fake_key("xai", seed=6)
GEMINI_KEY = fake_key("gemini", seed=7)
DEEPSEEK_KEY = fake_key("deepseek", seed=8)

OPENAI_ENV = "OPENAI_API_KEY={key}\nOPENAI_BASE_URL={url}/v1\n"
ANTHROPIC_ENV = "ANTHROPIC_API_KEY={key}\nANTHROPIC_BASE_URL={url}\n"
OPENROUTER_ENV = "OPENROUTER_API_KEY={key}\nOPENROUTER_API_BASE={url}/api/v1\n"
XAI_ENV = "XAI_API_KEY={key}\nXAI_API_BASE={url}/v1\n"
GEMINI_ENV = "GEMINI_API_KEY={key}\nGOOGLE_GEMINI_BASE_URL={url}\n"

OPENAI_MODELS = _json({"object": "list", "data": [
    {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"}]})
ANTHROPIC_MODELS = _json({"data": [{"type": "model", "id": "claude-sonnet-4-5",
                                    "display_name": "Claude Sonnet 4.5",
                                    "created_at": "2025-09-29T00:00:00Z"}],
                          "has_more": False, "first_id": "claude-sonnet-4-5",
                          "last_id": "claude-sonnet-4-5"})
GEMINI_INVALID = _json({"error": {
    "code": 400, "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                 "domain": "googleapis.com",
                 "metadata": {"service": "generativelanguage.googleapis.com"}}]}})
XAI_CREDITS = ("Your team 0f4e6d1c-8a7b-4c36-9a52-0d9c2b8e7f11 has either used all available "
               "credits or reached its monthly spending limit. To continue making API "
               "requests, please purchase more credits or raise your spending limit.")


def _openai_masked(key: str) -> str:
    """OpenAI's echo of the key it received: first 6 and last 4 characters around ***."""
    return f"Incorrect API key provided: {key[:6]}***{key[-4:]}. You can find your API key " \
           "at https://platform.openai.com/account/api-keys."


def _echo_key(headers: Mapping[str, str]) -> str:
    """A careless gateway that quotes the whole credential it got back to the caller."""
    sent = headers.get("authorization", "").removeprefix("Bearer ")
    return _json({"error": {"message": f"Key {sent} is not allowed here (received "
                            f"'Bearer {sent}')", "type": "auth_error", "code": "bad_key"}})


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("openai-valid", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(200, OPENAI_MODELS)}, "valid", 200),
    Scenario("openai-invalid", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(401, _openai_error(_openai_masked(OPENAI_KEY),
                                                      "invalid_request_error",
                                                      "invalid_api_key"))},
             "invalid", 401),
    Scenario("openai-insufficient-quota", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(429, _openai_error(
                 "You exceeded your current quota, please check your plan and billing details.",
                 "insufficient_quota", "insufficient_quota"))},
             "no_credits", 429),
    Scenario("openai-rate-limited", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(429, _openai_error(
                 "Rate limit reached for requests", "requests", "rate_limit_exceeded"),
                 (("content-type", "application/json"), ("retry-after", "0"),
                  ("x-request-id", "req_7f3c0e5b9a")))},
             "rate_limited", 429, requests=2),
    Scenario("anthropic-valid", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(200, ANTHROPIC_MODELS)}, "valid", 200),
    Scenario("anthropic-invalid", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(401, _anthropic_error("authentication_error",
                                                         "invalid x-api-key"))},
             "invalid", 401),
    Scenario("anthropic-disabled", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(404, _anthropic_error("not_found_error", "Not found"))},
             "invalid", 404),
    Scenario("anthropic-billing", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(402, _anthropic_error(
                 "billing_error", "Your credit balance is too low to access the Anthropic "
                 "API."))},
             "no_credits", 402),
    Scenario("anthropic-low-credit-400", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(400, _anthropic_error(
                 "invalid_request_error", "Your credit balance is too low to access the "
                 "Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."))},
             "no_credits", 400),
    Scenario("anthropic-overloaded", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(529, _anthropic_error("overloaded_error", "Overloaded"))},
             "server_error", 529, requests=2),
    Scenario("hiapi-permission-denied", "HIAPI_API_KEY", HIAPI_KEY, "HIAPI_API_KEY={key}\n",
             {"/v1/models": Reply(401, _json({"error": {
                 "code": "permission_denied",
                 "message": "This API key cannot use the selected model.",
                 "type": "hiapi_error", "request_id": "req_hiapi_5b1e0c77"}}))},
             "permission_denied", 401, base_url="{url}/v1"),
    Scenario("unbound-no-credits", "UNBOUND_API_KEY", UNBOUND_KEY,
             "UNBOUND_API_KEY={key}\nUNBOUND_GATEWAY_URL={url}\n",
             {"/v1/models": Reply(402, _json({"error": {
                 "message": "Insufficient credits: add credits to continue",
                 "type": "payment_required"}}))},
             "no_credits", 402),
    Scenario("openrouter-valid", "OPENROUTER_API_KEY", OPENROUTER_KEY, OPENROUTER_ENV,
             {"/api/v1/key": Reply(200, _json({"data": {
                 "label": "sk-or-v1-0a1...f11", "limit": None, "usage": 0.42,
                 "limit_remaining": None, "is_free_tier": False}}))},
             "valid", 200),
    Scenario("openrouter-invalid", "OPENROUTER_API_KEY", OPENROUTER_KEY, OPENROUTER_ENV,
             {"/api/v1/key": Reply(401, _json({"error": {"message": "User not found.",
                                                         "code": 401}}))},
             "invalid", 401),
    Scenario("openrouter-402", "OPENROUTER_API_KEY", OPENROUTER_KEY, OPENROUTER_ENV,
             {"/api/v1/key": Reply(402, _json({"error": {
                 "code": 402, "message": "Insufficient credits. Add more using "
                 "https://openrouter.ai/settings/credits",
                 "metadata": {"limit_source": "openrouter_credits"}}}))},
             "no_credits", 402),
    Scenario("openrouter-key-limit", "OPENROUTER_API_KEY", OPENROUTER_KEY, OPENROUTER_ENV,
             {"/api/v1/key": Reply(200, _json({"data": {
                 "label": "sk-or-v1-0a1...f11", "limit": 5, "usage": 5,
                 "limit_remaining": 0, "is_free_tier": False}}))},
             "no_credits", 200),
    Scenario("xai-invalid", "XAI_API_KEY", XAI_KEY, XAI_ENV,
             {"/v1/api-key": Reply(400, _json({
                 "code": "Client specified an invalid argument",
                 "error": f"Incorrect API key provided: {XAI_KEY[:2]}***{XAI_KEY[-2:]}. You "
                 "can obtain an API key from https://console.x.ai."}))},
             "invalid", 400),
    Scenario("xai-credits", "XAI_API_KEY", XAI_KEY, XAI_ENV,
             {"/v1/api-key": Reply(403, _json({
                 "code": "The caller does not have permission to execute the specified "
                 "operation", "error": XAI_CREDITS}))},
             "no_credits", 403),
    Scenario("gemini-invalid", "GEMINI_API_KEY", GEMINI_KEY, GEMINI_ENV,
             {"/v1beta/models": Reply(400, GEMINI_INVALID)}, "invalid", 400),
    Scenario("gemini-permission", "GEMINI_API_KEY", GEMINI_KEY, GEMINI_ENV,
             {"/v1beta/models": Reply(403, _json({"error": {
                 "code": 403, "message": "Generative Language API has not been used in "
                 "project 123456 before or it is disabled.", "status": "PERMISSION_DENIED"}}))},
             "permission_denied", 403),
    Scenario("deepseek-no-balance", "DEEPSEEK_API_KEY", DEEPSEEK_KEY,
             "DEEPSEEK_API_KEY={key}\nDEEPSEEK_API_BASE={url}\n",
             {"/user/balance": Reply(200, _json({"is_available": False, "balance_infos": [
                 {"currency": "USD", "total_balance": "0.00", "granted_balance": "0.00",
                  "topped_up_balance": "0.00"}]}))},
             "no_credits", 200),
    Scenario("html-404", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV, {},
             "wrong_endpoint", 404),
    Scenario("html-200", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(200, "<!doctype html><html><body>Welcome</body></html>",
                                  (("content-type", "text/html"),))},
             "wrong_endpoint", 200),
    Scenario("server-500", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(500, _openai_error("The server had an error while "
                                                     "processing your request.",
                                                     "server_error", None))},
             "server_error", 500, requests=2),
    Scenario("slow", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(200, ANTHROPIC_MODELS, delay=3.0)},
             "network", None, timeout=0.5),
    Scenario("unknown-400", "ANTHROPIC_API_KEY", ANTHROPIC_KEY, ANTHROPIC_ENV,
             {"/v1/models": Reply(400, _anthropic_error(
                 "invalid_request_error", "anthropic-version: unsupported value"))},
             "unknown", 400),
    Scenario("echoes-key", "OPENAI_API_KEY", OPENAI_KEY, OPENAI_ENV,
             {"/v1/models": Reply(401, _echo_key)}, "invalid", 401),
)

BY_NAME = {s.name: s for s in SCENARIOS}
