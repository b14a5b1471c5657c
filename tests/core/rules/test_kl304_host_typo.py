"""KL304 host-typo: a near miss of a known provider host, in values and in curl/wget/httpie."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values
from hypothesis import given, settings
from hypothesis import strategies as st

from keylint.core.config import from_mapping
from keylint.core.model import Severity
from lint import codes, fixed, lint

CODE = "KL304"


@pytest.mark.parametrize(
    ("text", "path", "typo", "meant", "where"),
    [
        ("ANTHROPIC_BASE_URL=https://api.antropic.com\n", ".env", "api.antropic.com",
         "api.anthropic.com", "ANTHROPIC_BASE_URL points at"),
        ("OPENAI_BASE_URL=https://api.opneai.com/v1\n", ".env", "api.opneai.com",
         "api.openai.com", "OPENAI_BASE_URL points at"),
        ("OPENAI_BASE_URL=https://api.openai.co/v1\n", ".env", "api.openai.co",
         "api.openai.com", "OPENAI_BASE_URL points at"),
        ("ANTHROPIC_BASE_URL=https://api.anthropic.co\n", ".env", "api.anthropic.co",
         "api.anthropic.com", "ANTHROPIC_BASE_URL points at"),
        ("GOOGLE_GEMINI_BASE_URL=https://generativelanguage.googleapi.com/\n", ".env",
         "generativelanguage.googleapi.com", "generativelanguage.googleapis.com",
         "GOOGLE_GEMINI_BASE_URL points at"),
        ("ANTHROPIC_BASE_URL=https://api.antrhopik.com\n", ".env", "api.antrhopik.com",
         "api.anthropic.com", "ANTHROPIC_BASE_URL points at"),  # two edits in a long label
        ("OPENAI_BASE_URL=https://openroutr.ai/api/v1\n", ".env", "openroutr.ai",
         "openrouter.ai", "OPENAI_BASE_URL points at"),
        ("OPENAI_BASE_URL=https://API.OPNEAI.COM/v1\n", ".env", "API.OPNEAI.COM",
         "api.openai.com", "OPENAI_BASE_URL points at"),
        ('export OPENAI_BASE_URL="https://api.opneai.com/v1"\n', ".zshrc", "api.opneai.com",
         "api.openai.com", "OPENAI_BASE_URL points at"),
        ('export OPENAI_BASE_URL="https://api.opneai.com/${VERSION}"\n', ".zshrc",
         "api.opneai.com", "api.openai.com", "OPENAI_BASE_URL points at"),
        ("PROXY_TARGET=https://api.grok.com/openai/v1\n", ".env", "api.grok.com",
         "api.groq.com", "PROXY_TARGET points at"),  # any variable holding a URL
        ("OPENAI_BASE_URL=api.opneai.com/v1\n", ".env", "api.opneai.com", "api.openai.com",
         "OPENAI_BASE_URL points at"),  # no scheme, but a URL by name
        # commands that send requests
        ('curl https://api.anthropic.co/v1/messages -H "x-api-key: $ANTHROPIC_API_KEY"\n',
         "test.sh", "api.anthropic.co", "api.anthropic.com", "curl requests"),
        ('curl -s "https://api.opneai.com/v1/models" -H "Authorization: Bearer $K"\n',
         "test.sh", "api.opneai.com", "api.openai.com", "curl requests"),
        ("wget -qO- https://api.groq.cm/openai/v1/models\n", ".bashrc", "api.groq.cm",
         "api.groq.com", "wget requests"),
        ("http POST https://api.opneai.com/v1/chat/completions\n", "x.sh", "api.opneai.com",
         "api.openai.com", "http requests"),
        ('/usr/bin/curl "https://api.opneai.com/v1/$ENDPOINT"\n', "x.sh", "api.opneai.com",
         "api.openai.com", "curl requests"),
    ],
)
def test_fires_with_the_known_host_as_unsafe_fix(text, path, typo, meant, where):
    (finding,) = lint(text, path, select=CODE)
    line = text.splitlines()[0]
    start = line.index(typo)
    assert finding.severity is Severity.WARNING
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(typo))
    assert finding.message.startswith(f"{where} {typo}, which looks like a misspelling of {meant}")
    assert finding.fix.title == f"Use {meant}" and not finding.fix.safe
    assert fixed(text, path, select=CODE) == text  # never applied by --fix
    after = fixed(text, path, select=CODE, unsafe=True)
    assert after == text.replace(typo, meant)
    assert codes(after, path, select=CODE) == []


def test_host_written_with_an_escape_is_reported_without_a_fix():
    (finding,) = lint("export OPENAI_BASE_URL=https://api.op\\neai.com/v1\n", ".zshrc",
                      select=CODE)
    assert finding.fix is None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # exact hosts, their subdomains and parents
        ("OPENAI_BASE_URL=https://api.openai.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://eu.api.openai.com/v1\n", ".env"),
        ("URL=https://openai.com\n", ".env"),
        ("AZURE_OPENAI_ENDPOINT=https://myres.openai.azure.com\n", ".env"),
        ("OPENAI_BASE_URL=https://api.together.ai/v1\n", ".env"),
        ("CO_API_URL=https://api.cohere.ai\n", ".env"),
        # real hosts that are not typos
        ("ANTHROPIC_BASE_URL=https://api.z.ai/api/anthropic\n", ".env"),  # not api.x.ai
        ("OPENAI_BASE_URL=https://api.openai-proxy.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.open-ai.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.openai2.com/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.openai.sb/v1\n", ".env"),  # a TLD, not a typo of one
        ("ANTHROPIC_BASE_URL=https://api.anthropic.ai\n", ".env"),
        ("OPENAI_BASE_URL=https://api.deepseek.cn/v1\n", ".env"),
        ("OPENAI_BASE_URL=https://api.moonshot.cn/v1\n", ".env"),
        ("HF_ENDPOINT=https://hf-mirror.com\n", ".env"),
        ("OPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
        ("OPENAI_BASE_URL=http://localhost:4000\n", ".env"),
        ("OPENAI_BASE_URL=http://10.0.0.5:4000\n", ".env"),
        # the host is not known from the file
        ('export OPENAI_BASE_URL="https://$HOST/v1"\n', ".zshrc"),
        ('curl "https://$HOST/v1/models"\n', "x.sh"),
        # not a URL, or not a command that sends one
        ("MODEL=api.opneai.com\n", ".env"),  # not a URL by name, and no scheme
        ("echo https://api.opneai.com\n", "x.sh"),
        ("# OPENAI_BASE_URL=https://api.opneai.com/v1\n", ".env"),
    ],
)
def test_silent(text, path):
    assert codes(text, path, select=CODE) == []


def test_user_hosts_are_known_hosts():
    config = from_mapping({"hosts": {"llm.corporate.example": "openai"}}, "pyproject.toml")
    text = "OPENAI_BASE_URL=https://llm.corporat.example/v1\n"
    assert codes(text, select=CODE) == []
    (finding,) = lint(text, config=config.with_overrides(select=[CODE]))
    assert "misspelling of llm.corporate.example (OpenAI)" in finding.message


_HOSTS = ("api.opneai.com", "api.openai.com", "api.antropic.com", "api.openai.co", "localhost")
_NAMES = ("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "DEBUG")


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        name = draw(st.sampled_from(_NAMES))
        value = draw(st.sampled_from(("https://", "http://", ""))) + draw(
            st.sampled_from(_HOSTS)) + draw(st.sampled_from(("", "/v1", " #x", "\\n", "$X")))
        quote = draw(st.sampled_from(("", "'", '"')))
        lines.append(f"{name}={quote}{value}{quote}\n")
    return "".join(lines)


def _loaded(text: str) -> dict[str, str | None]:
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=False))


_TYPOS = {"api.opneai.com": "api.openai.com", "api.antropic.com": "api.anthropic.com",
          "api.openai.co": "api.openai.com"}


@settings(max_examples=200, deadline=None)
@given(text=_dotenv())
def test_fixes_change_only_the_misspelt_host(text):
    """Applied by hand (they are unsafe), the fixes rewrite the reported host and nothing else:
    every other variable loads as before."""
    findings = lint(text, select=CODE)
    reported = {f.span.line for f in findings}
    after = fixed(text, select=CODE, unsafe=True)
    for number, (old, new) in enumerate(zip(text.splitlines(), after.splitlines(), strict=True)):
        if number not in reported:
            assert new == old
            continue
        typo = next(t for t in sorted(_TYPOS, key=len, reverse=True) if t in old)
        assert new == old.replace(typo, _TYPOS[typo], 1)
    names = {text.splitlines()[line].split("=")[0] for line in reported}
    before_values, after_values = _loaded(text), _loaded(after)
    assert {k: v for k, v in before_values.items() if k not in names} == {
        k: v for k, v in after_values.items() if k not in names}
    assert codes(after, select=CODE) == []
