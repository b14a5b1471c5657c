"""KL303 base-url-malformed: scheme, host and path mistakes in base-URL variables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import assert_fixes_keep_other_values
from keylint.core.model import Severity
from keylint.core.routing import parse_url
from lint import codes, fixed, lint

CODE = "KL303"
SECRET = "pw" + "Zq8" * 6


@pytest.mark.parametrize(
    ("text", "part", "fragment", "after"),
    [
        # endpoint paths pasted in
        ("OPENAI_BASE_URL=https://api.openai.com/v1/chat/completions\n", "/chat/completions",
         "ends with the endpoint path /chat/completions: openai-python>=1.0, codex and litellm "
         "append the endpoint to the base URL themselves, so requests go to "
         "`https://api.openai.com/v1/chat/completions/chat/completions`",
         "https://api.openai.com/v1"),
        ("ANTHROPIC_BASE_URL=https://api.anthropic.com/v1/messages\n", "/v1/messages",
         "requests go to `https://api.anthropic.com/v1/messages/v1/messages`",
         "https://api.anthropic.com"),
        ("OPENAI_BASE_URL=https://llm.corp.net/v1/messages\n", "/v1/messages",
         "ends with the endpoint path /v1/messages", "https://llm.corp.net/v1"),
        ("GOOGLE_GEMINI_BASE_URL=https://generativelanguage.googleapis.com/v1beta/models\n",
         "/models", "google-genai and gemini-cli append", "https://generativelanguage.googleapis.com"),
        ("AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/openai/deployments/gpt-4o/chat/"
         "completions\n", "/chat/completions", "openai-python appends the endpoint",
         "https://res.openai.azure.com"),
        # a version segment the reader appends again
        ("ANTHROPIC_BASE_URL=https://api.anthropic.com/v1\n", "/v1",
         "ends with the version segment /v1, but anthropic-sdk and claude-code append "
         "/v1/messages themselves: requests go to `https://api.anthropic.com/v1/v1/messages` "
         "and fail (404)",
         "https://api.anthropic.com"),
        ("ANTHROPIC_BASE_URL=https://api.getunbound.ai/v1\n", "/v1", "/v1/v1/messages",
         "https://api.getunbound.ai"),
        ("ANTHROPIC_BASE_URL=https://openrouter.ai/api/v1\n", "/v1", "/api/v1/v1/messages",
         "https://openrouter.ai/api"),
        ("ANTHROPIC_BASE_URL=http://localhost:4000/v1/\n", "/v1", "/v1/v1/messages",
         "http://localhost:4000"),
        ("GROQ_BASE_URL=https://api.groq.com/openai/v1\n", "/v1",
         "groq-python appends /openai/v1/... itself",
         "https://api.groq.com"),
        ("AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/openai\n", "/openai",
         "openai-python appends /openai/deployments/{deployment}/... itself",
         "https://res.openai.azure.com"),
        ("GOOGLE_GEMINI_BASE_URL=https://generativelanguage.googleapis.com/v1beta\n", "/v1beta",
         "/v1beta/v1beta/models", "https://generativelanguage.googleapis.com"),
        # the version segment the reader needs
        ("OPENAI_BASE_URL=https://api.openai.com\n", "https://api.openai.com",
         "lacks /v1: openai-python>=1.0, codex and litellm append /chat/completions directly "
         "to the base URL, so requests go to `https://api.openai.com/chat/completions`",
         "https://api.openai.com/v1"),
        ("OPENAI_API_BASE=https://openrouter.ai/api/\n", "https://openrouter.ai/api/",
         "lacks /v1", "https://openrouter.ai/api/v1"),
        ("OPENAI_BASE_URL=https://api.groq.com\n", "https://api.groq.com", "lacks /openai/v1",
         "https://api.groq.com/openai/v1"),
        # scheme
        ("OPENAI_BASE_URL=http://api.openai.com/v1\n", "http",
         "uses plain http:// to api.openai.com: every request, API key included, crosses the "
         "network unencrypted", "https://api.openai.com/v1"),
        ("OPENAI_BASE_URL=api.openai.com/v1\n", "api.openai.com",
         "has no scheme", "https://api.openai.com/v1"),
        ("OPENAI_BASE_URL=htps://api.openai.com/v1\n", "htps", "a misspelling of `https://`",
         "https://api.openai.com/v1"),
        ("OPENAI_BASE_URL=https:/api.openai.com/v1\n", "https:/",
         "starts with `https:/` instead of `https://`", "https://api.openai.com/v1"),
        ("OPENAI_BASE_URL=https//api.openai.com/v1\n", "https//", "instead of `https://`",
         "https://api.openai.com/v1"),
        # a blank inside
        ('OPENAI_BASE_URL="https://api.openai .com/v1"\n', " ", "has a blank inside the URL",
         "https://api.openai.com/v1"),
        # a listen address as the target
        ("ANTHROPIC_BASE_URL=http://0.0.0.0:3000\n", "0.0.0.0",
         "targets 0.0.0.0, the address a server listens on", "http://127.0.0.1:3000"),
        ("OPENAI_BASE_URL=http://[::]:8000/v1\n", "::", "use ::1", "http://[::1]:8000/v1"),
    ],
)
def test_fires_with_safe_fix(text, part, fragment, after):
    (finding,) = lint(text, select=CODE)
    line = text.splitlines()[0]
    name, raw = line.split("=", 1)
    start = line.index(part, len(name) + 1)
    listen = "a server listens on" in finding.message  # it usually works: a hint
    assert finding.severity is (Severity.INFO if listen else Severity.WARNING)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(part))
    assert finding.message.startswith(name + " ")
    assert fragment in finding.message
    assert finding.fix is not None and finding.fix.safe
    quote = raw[0] if raw[0] in "'\"" else ""
    assert fixed(text, select=CODE) == f"{name}={quote}{after}{quote}\n"
    assert codes(fixed(text, select=CODE), select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "part", "fragment", "fix_title"),
    [
        # a remote LiteLLM proxy over plain http (real corpus: warpcode/dotfiles)
        ("export ANTHROPIC_BASE_URL=http://litellm.ai.example.co.uk\n", ".zshrc", "http",
         "uses plain http:// to litellm.ai.example.co.uk", None),
        ("OPENAI_BASE_URL=localhost:4000/v1\n", ".env", "localhost", "has no scheme", None),
        ("OPENAI_BASE_URL=ws://localhost:4000\n", ".env", "ws",
         "uses `ws://`, but openai-python>=1.0, codex and litellm speak HTTP", None),
        ("OPENAI_BASE_URL=htp://localhost:4000/v1\n", ".env", "htp",
         "a misspelling of `http://`", "Write http://"),
        (f"OPENAI_BASE_URL=https://admin:{SECRET}@proxy.corp.net/v1\n", ".env",
         f"admin:{SECRET}@", "carries credentials in the URL (`https://…@proxy.corp.net/v1`)",
         None),
        # names no tool reads: the reader may want the full endpoint, so the fix is unsafe
        ("LLM_API_KEY=k\nLLM_BASE_URL=https://llm.corp.net/v1/chat/completions\n", ".env",
         "/chat/completions", "but a base URL stops before the endpoint", "Use"),
        ("HYPERBOLIC_API_BASE_URL=https://api.hyperbolic.xyz/v1/chat/completions\n",
         ".env.example", "/chat/completions", "requests would go to", "Use"),
        ("LLM_API_KEY=k\nLLM_BASE_URL=https://llm.corp.net/v1/messages\n", ".env",
         "/v1/messages", "; remove it", None),
        # a name paired with a credential of the same stem
        ("LLM_API_KEY=k\nLLM_API_BASE=http://0.0.0.0:4000\n", ".env", "0.0.0.0",
         "use 127.0.0.1", "Use 127.0.0.1"),
        # a known provider host under any base-URL name
        ("MY_BASE_URL=http://api.anthropic.com\n", ".env", "http", "plain http://",
         "Use https://"),
    ],
)
def test_fires(text, path, part, fragment, fix_title):
    (finding,) = lint(text, path, select=CODE)
    line_no = len(text.splitlines()) - 1
    line = text.splitlines()[line_no]
    start = line.index(part, line.index("=") + 1)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line_no, start, start + len(part))
    assert fragment in finding.message
    assert SECRET not in finding.message
    if fix_title is None:
        assert finding.fix is None
    else:
        assert finding.fix.title.startswith(fix_title)
        unsafe = fix_title != "Use https://" and not fix_title.startswith("Use 127")
        assert finding.fix.safe is not unsafe


def test_fixes_in_shell_quotes_and_several_at_once():
    text = 'export OPENAI_BASE_URL="http://api.openai.com"\n'
    assert [f.message.split(":")[0] for f in lint(text, ".zshrc", select=CODE)] == [
        "OPENAI_BASE_URL uses plain http", "OPENAI_BASE_URL lacks /v1"]
    assert fixed(text, ".zshrc", select=CODE) == 'export OPENAI_BASE_URL="https://api.openai.com/v1"\n'


def test_no_fix_across_an_escape_or_with_a_query():
    (finding,) = lint("export OPENAI_BASE_URL=https://api.openai.com/v1/chat\\/completions\n",
                      ".zshrc", select=CODE)
    assert "/chat/completions" in finding.message and finding.fix is None
    (finding,) = lint("AZURE_OPENAI_ENDPOINT=https://r.openai.azure.com/openai/deployments/d/"
                      "chat/completions?api-version=2024-02-01\n", select=CODE)
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # right as written
        ("OPENAI_BASE_URL=https://api.openai.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.openai.com/v1/\n", ".env"),
        ('OPENAI_API_BASE="https://api.openai.com/v1"\n', ".env"),
        ("OPENAI_BASE_URL=https://openrouter.ai/api/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.groq.com/openai/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.deepseek.com\n", ".env"),
        ("OPENAI_BASE_URL=https://api.deepseek.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://generativelanguage.googleapis.com/v1beta/openai/\n", ".env"),
        ("OPENAI_BASE_URL=https://gateway.ai.cloudflare.com/v1/abc/gw/openai\n", ".env"),
        ("OPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://llm.corp.net\n", ".env"),  # unknown host: path unknown
        ("OPENAI_BASE_URL=HTTPS://api.openai.com/v1\n", ".env"),
        ("ANTHROPIC_BASE_URL=https://api.anthropic.com\n", ".env"),
        ("ANTHROPIC_BASE_URL=https://api.z.ai/api/anthropic\n", ".env"),
        ("ANTHROPIC_BASE_URL=https://openrouter.ai/api\n", ".env"),
        ("ANTHROPIC_BASE_URL=https://api.getunbound.ai\n", ".env"),
        ("GROQ_BASE_URL=https://api.groq.com\n", ".env"),
        ("AZURE_OPENAI_ENDPOINT=https://res.openai.azure.com/\n", ".env"),
        ("XAI_API_BASE=https://api.x.ai/v1\n", ".env"),  # convention unconfirmed
        ("PERPLEXITY_API_BASE=https://api.perplexity.ai/v1\n", ".env"),  # unconfirmed
        # local servers over plain http
        ("ANTHROPIC_BASE_URL=http://localhost:4000\n", ".env"),
        ("ANTHROPIC_BASE_URL=http://127.0.0.1:8082\n", ".env"),
        ("OPENAI_BASE_URL=http://litellm:4000\n", ".env"),
        ("OPENAI_BASE_URL=http://host.docker.internal:11434/v1\n", ".env"),
        ("OPENAI_BASE_URL=http://192.168.1.20:8000/v1\n", ".env"),
        ("OLLAMA_BASE_URL=http://localhost:11434\n", ".env"),
        ("export AZURE_OPENAI_ENDPOINT=\"http://localhost:8000/v1\"\n", ".zshrc"),
        # not AI-provider families: other schemes and hosts are their business
        ("DATABASE_URL=postgres://user:pw@db:5432/app\n", ".env"),
        ("REDIS_URL=redis://localhost:6379\n", ".env"),
        ("CELERY_BROKER_URL=amqp://guest:guest@rabbit//\n", ".env"),
        ("VITE_API_BASE_URL=http://0.0.0.0:8000\n", ".env"),
        ("FEISHU_BASE_URL=http://open.feishu.cn/open-apis\n", ".env"),
        ("OAUTH_PUBLIC_BASE_URL=http://auth.corp.net\n", ".env"),
        ("WEBHOOK_ENDPOINT=ftp://files.corp.net/in\n", ".env"),
        # *_ENDPOINT names often hold a full endpoint on purpose
        ("OPENAI_CHAT_ENDPOINT=https://api.openai.com/v1/chat/completions\n", ".env"),
        ("AZURE_DI_ENDPOINT=https://x.cognitiveservices.azure.com/formrecognizer/models\n",
         ".env"),
        # placeholders, empty, computed, unterminated
        ("OPENAI_BASE_URL=your_base_url_here\n", ".env"),
        ("TOGETHER_API_BASE_URL=your_together_base_url_here\n", ".env.example"),
        ("AZURE_OPENAI_ENDPOINT=https://...\n", ".env"),
        ("AZURE_OPENAI_ENDPOINT=https://<resource>.openai.azure.com/openai\n", ".env"),
        ("AZURE_OPENAI_ENDPOINT=https://your-resource.openai.azure.com/openai\n", ".env"),
        ("OPENAI_BASE_URL=http://api.example.com/v1/chat/completions\n", ".env.example"),
        ("OPENAI_BASE_URL=\n", ".env"),
        ("OPENAI_API_BASE=''\n", ".env"),
        ('export OPENAI_BASE_URL="$PROXY/v1/chat/completions"\n', ".zshrc"),
        ('export ANTHROPIC_BASE_URL="$ANTHROPIC_BASE_URL"\n', ".zshrc"),
        ('OPENAI_BASE_URL="https://api.openai.com\n', ".env"),
        ("OPENAI_BASE_URL=https://your proxy host/v1\n", ".env.example"),
        ("OPENAI_BASE_URL=https://user:password@proxy.corp.net/v1\n", ".env.example"),
        # comments
        ("# OPENAI_BASE_URL=https://api.openai.com\n", ".env"),
    ],
)
def test_silent(text, path):
    assert codes(text, path, select=CODE) == []


_NAMES = ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "GROQ_BASE_URL", "LLM_BASE_URL",
          "LLM_API_KEY", "DATABASE_URL", "DEBUG")
_PIECES = ("https://", "http://", "htps://", "https:/", "api.openai.com", "api.anthropic.com",
           "0.0.0.0", "localhost:4000", "/v1", "/chat/completions", "/v1/messages", " ",
           "u:p@", "#", "\\n", "'", '"', "${X}", "/", "é")


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        name = draw(st.sampled_from(_NAMES))
        value = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=5)))
        quote = draw(st.sampled_from(("", "'", '"')))
        tail = draw(st.sampled_from(("", " ", " # note")))
        lines.append(f"{name}={quote}{value}{quote}{tail}\n")
    return "".join(lines)


@settings(max_examples=300, deadline=None)
@given(text=_dotenv())
def test_fixes_change_only_the_reported_url(text):
    def still_a_url(before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return before == after
        url = parse_url(after.strip())
        # blanks at the edges are KL101's: the whitespace fix removes those inside the URL
        return after == before or (url is not None and (
            url.scheme in ("http", "https")
            or after.strip() == before.strip().replace(" ", "")))

    assert_fixes_keep_other_values(text, CODE, still_a_url)


def test_huge_value_does_not_crash():
    assert codes("OPENAI_BASE_URL=https://" + "a" * 100_000 + ".com/v1\n", select=CODE) == []
    assert codes("OPENAI_BASE_URL=" + "/" * 100_000 + "\n", select=CODE) == []
