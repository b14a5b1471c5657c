"""KL204 scheme-in-value: `Bearer sk-…` in a key variable; SDKs add the scheme themselves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envtext import assert_fixes_keep_other_values
from keylint.core.model import Severity
from keylint.core.rules._keys import SCHEME
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL204"
OPENAI = fake_key("openai", "project")
ANT = fake_key("anthropic", "api")
HF = fake_key("huggingface")
R8 = fake_key("replicate")


@pytest.mark.parametrize(
    ("text", "path", "scheme", "severity"),
    [
        (f"OPENAI_API_KEY=Bearer {OPENAI}\n", ".env", "Bearer ", "warning"),
        (f'OPENAI_API_KEY="Bearer {OPENAI}"\n', ".env", "Bearer ", "warning"),
        (f"OPENAI_API_KEY='bearer  {OPENAI}'\n", ".env", "bearer  ", "warning"),
        (f"OPENAI_API_KEY=Bearer Bearer {OPENAI}\n", ".env", "Bearer Bearer ", "warning"),
        (f"export HF_TOKEN='Bearer: {HF}'\n", ".zshrc", "Bearer: ", "warning"),
        (f'export REPLICATE_API_TOKEN="Token {R8}"\n', ".bashrc", "Token ", "warning"),
        (f"ANTHROPIC_API_KEY=BASIC {ANT}\n", ".env", "BASIC ", "warning"),
        # a template teaching the wrong format propagates it to every copy
        (f"OPENAI_API_KEY=Bearer {OPENAI}\n", ".env.example", "Bearer ", "warning"),
        (f"MY_SERVICE_KEY=Bearer {OPENAI}\n", ".env", "Bearer ", "warning"),  # a known key
        # an app's own credential: the app might send it whole
        ("MY_SERVICE_TOKEN=Bearer abcdef123456\n", ".env", "Bearer ", "info"),
    ],
)
def test_fires(text: str, path: str, scheme: str, severity: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity(severity)
    start = text.index(scheme)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(scheme)
    )
    name = text.removeprefix("export ").split("=")[0]
    assert finding.message.startswith(f"{name} starts with `{scheme.strip()}`")
    assert OPENAI not in finding.message and ANT not in finding.message


def test_message_shows_the_header_the_sdk_sends() -> None:
    (openai,) = lint(f"OPENAI_API_KEY=Bearer {OPENAI}\n", select=CODE)
    assert "`Authorization: Bearer Bearer …`" in openai.message
    (anthropic,) = lint(f"ANTHROPIC_API_KEY=Bearer {ANT}\n", select=CODE)
    assert "`x-api-key: Bearer …`" in anthropic.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (f"OPENAI_API_KEY={OPENAI}\n", ".env"),
        ("OPENAI_API_KEY=Bearer\n", ".env"),  # nothing after it
        ("OPENAI_API_KEY=Bearer \n", ".env"),
        ("OPENAI_API_KEY=Bearer Bearer\n", ".env"),
        (f"OPENAI_API_KEY=Bearer{OPENAI}\n", ".env"),  # no blank: not a scheme
        ("OPENAI_API_KEY=Tokenizer-abc\n", ".env"),
        ("PROMPT=Bearer of bad news\n", ".env"),  # not a credential
        ('AUTH_HEADER="Bearer abc123"\n', ".env"),  # a header value by name
        (f'X="Bearer {OPENAI}"\n', ".env"),  # some variable: its use is unknown
        # the file itself sends the variable as a whole header value
        ('export MY_TOKEN="Bearer abc123"\ncurl -H "Authorization: $MY_TOKEN" https://x\n',
         "call.sh"),
        ('export MY_TOKEN="Bearer abc123"\ncurl -H "authorization:${MY_TOKEN}" https://x\n',
         "call.sh"),
        # an app's own variable documented with its format
        ("MY_SERVICE_TOKEN=Bearer abcdef123456\n", ".env.example"),
        # dynamic values are not judged
        ('export OPENAI_API_KEY="Bearer $(cat ~/.key)"\n', ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (f"OPENAI_API_KEY=Bearer {OPENAI}\n", ".env", f"OPENAI_API_KEY={OPENAI}\n"),
        (f'OPENAI_API_KEY="Bearer {OPENAI}"\n', ".env", f'OPENAI_API_KEY="{OPENAI}"\n'),
        (f"OPENAI_API_KEY=Bearer Bearer {OPENAI}\r\nX=1\r\n", ".env",
         f"OPENAI_API_KEY={OPENAI}\r\nX=1\r\n"),
        (f"export HF_TOKEN='Bearer: {HF}'\n", ".zshrc", f"export HF_TOKEN='{HF}'\n"),
        (f'export REPLICATE_API_TOKEN="Token {R8}"\n', ".bashrc",
         f'export REPLICATE_API_TOKEN="{R8}"\n'),
    ],
)
def test_fix_removes_the_scheme(text: str, path: str, expected: str) -> None:
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


def test_fix_for_an_apps_own_credential_is_unsafe() -> None:
    text = "MY_SERVICE_TOKEN=Bearer abcdef123456\n"
    (finding,) = lint(text, select=CODE)
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text, select=CODE) == text
    assert fixed(text, select=CODE, unsafe=True) == "MY_SERVICE_TOKEN=abcdef123456\n"


def test_fix_that_would_expose_a_quote_or_comment_is_unsafe() -> None:
    text = f"OPENAI_API_KEY=Bearer '{OPENAI}\n"
    findings = lint(text, select=CODE)
    assert all(f.fix is not None and not f.fix.safe for f in findings)


_PIECES = ("Bearer ", "bearer  ", "Token ", "Bearer: ", OPENAI[:16], "'", '"', " ", "#", " #")


@st.composite
def _dotenv(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(("OPENAI_API_KEY", "MY_TOKEN", "DEBUG", "PROMPT")))
        quote = draw(st.sampled_from(("", "'", '"')))
        body = "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=5)))
        lines.append(f"{name}={quote}{body}{quote}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(text=_dotenv())
def test_fixes_remove_only_the_scheme_of_the_reported_variable(text: str) -> None:
    def scheme_removed(before: str | None, after: str | None) -> bool:
        """`after` is `before` with schemes taken out, and nothing else."""
        if before is None or after is None or before == after:
            return before == after
        rest = iter(before)
        subsequence = all(char in rest for char in after)
        return subsequence and SCHEME.sub("", before) == SCHEME.sub("", after)

    assert_fixes_keep_other_values(text, CODE, scheme_removed)
