"""KL602 malformed-auth-header: auth headers written so the key never arrives right."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import corpus_hits
from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL602"
URL = "https://api.openai.com/v1/models"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "marked", "mentions", "expected"),
    [
        # the scheme used as the header name
        (f'curl {URL} -H "Bearer: $OPENAI_API_KEY"\n', "Bearer:", "not a header name",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Bearer: "$OPENAI_API_KEY\n', "Bearer:", "not a header name",
         f'curl {URL} -H "Authorization: Bearer "$OPENAI_API_KEY\n'),
        # `=` instead of `:`
        (f'curl {URL} -H "Authorization=Bearer $OPENAI_API_KEY"\n', "=", "no `Authorization`",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Authorization= Bearer $OPENAI_API_KEY"\n', "=", "instead of",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "x-api-key=$OPENAI_API_KEY"\n', "=", "`x-api-key=`",
         f'curl {URL} -H "x-api-key: $OPENAI_API_KEY"\n'),
        (f'http {URL} Authorization="Bearer $OPENAI_API_KEY"\n', "=", "JSON body field",
         f'http {URL} Authorization:"Bearer $OPENAI_API_KEY"\n'),
        # no header name at all
        (f'curl {URL} -H "Bearer $OPENAI_API_KEY"\n', "Bearer $OPENAI_API_KEY", "without a name",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        # a stray separator after the scheme
        (f'curl {URL} -H "Authorization: Bearer: $OPENAI_API_KEY"\n', ":", "`Bearer:`",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Authorization: Bearer:$OPENAI_API_KEY"\n', ":", "`Bearer:`",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Authorization: Bearer=$OPENAI_API_KEY"\n', "=", "`Bearer=`",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        # the scheme glued to the key (the issue's `Authorization:Bearer`)
        (f'curl {URL} -H "Authorization: Bearer$OPENAI_API_KEY"\n', "Bearer$OPENAI_API_KEY",
         "glued", f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Authorization:Bearer${{OPENAI_API_KEY}}"\n', "Bearer${OPENAI_API_KEY}",
         "glued", f'curl {URL} -H "Authorization:Bearer ${{OPENAI_API_KEY}}"\n'),
        (f"curl {URL} -H 'Authorization: Bearer{KEY}'\n", f"Bearer{KEY}", "glued",
         f"curl {URL} -H 'Authorization: Bearer {KEY}'\n"),
        # single quotes: the variable never expands
        (f"curl {URL} -H 'Authorization: Bearer $OPENAI_API_KEY'\n", "$OPENAI_API_KEY",
         "never expands", f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f"curl {URL} -H 'x-api-key: ${{ANTHROPIC_API_KEY}}'\n", "${ANTHROPIC_API_KEY}",
         "literal text `${ANTHROPIC_API_KEY}`",
         f'curl {URL} -H "x-api-key: ${{ANTHROPIC_API_KEY}}"\n'),
        ("curl 'https://generativelanguage.googleapis.com/v1beta/models?key=$GEMINI_API_KEY'\n",
         "$GEMINI_API_KEY", "never expands",
         'curl "https://generativelanguage.googleapis.com/v1beta/models?key=$GEMINI_API_KEY"\n'),
        (f"curl -u 'me:$PASSWORD' {URL}\n", "$PASSWORD", "never expands",
         f'curl -u "me:$PASSWORD" {URL}\n'),
        (f"curl --oauth2-bearer '$OPENAI_API_KEY' {URL}\n", "$OPENAI_API_KEY", "never expands",
         f'curl --oauth2-bearer "$OPENAI_API_KEY" {URL}\n'),
        # unquoted: the shell splits the header into several arguments
        (f"curl {URL} -H Authorization: Bearer $OPENAI_API_KEY\n",
         "Authorization: Bearer $OPENAI_API_KEY", "not quoted",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f"curl {URL} -H x-api-key: $ANTHROPIC_API_KEY\n", "x-api-key: $ANTHROPIC_API_KEY",
         "not quoted", f'curl {URL} -H "x-api-key: $ANTHROPIC_API_KEY"\n'),
    ],
)
def test_fires_and_fixes(text: str, marked: str, mentions: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    start = text.rindex(marked)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(marked)
    )
    assert finding.severity is Severity.ERROR
    assert mentions in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, "a.sh", select=CODE) == expected
    assert codes(expected, "a.sh", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "blanks", "expected"),
    [
        (f'curl {URL} -H "Authorization: Bearer  $OPENAI_API_KEY"\n', "  ",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
        (f'curl {URL} -H "Authorization: Bearer\t$OPENAI_API_KEY"\n', "\t",
         f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n'),
    ],
)
def test_extra_blanks_are_a_warning(text: str, blanks: str, expected: str) -> None:
    (finding,) = lint(text, "a.sh", select=CODE)
    start = text.index("Bearer") + len("Bearer")
    assert (finding.span.column, finding.span.end_column) == (start, start + len(blanks))
    assert finding.severity is Severity.WARNING
    assert "HTTP allows it" in finding.message
    assert fixed(text, "a.sh", select=CODE) == expected


def test_header_lines_cut_off_from_their_curl_command() -> None:
    """Copied from docs without the trailing backslashes: each line is its own command."""
    text = (
        "curl https://api.openai.com/v1/chat/completions\n"
        '  -H "Authorization: Bearer $OPENAI_API_KEY"\n'
        '  -H "Content-Type: application/json"\n'
        "  -d '{\"model\": \"gpt-4o\"}'\n"
    )
    (finding,) = lint(text, "a.sh", select=CODE)
    assert (finding.span.line, finding.span.column) == (1, 5)
    assert "command of its own" in finding.message
    assert finding.related[0].span.line == 0
    assert fixed(text, "a.sh", select=CODE) == (
        "curl https://api.openai.com/v1/chat/completions \\\n"
        '  -H "Authorization: Bearer $OPENAI_API_KEY" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        "  -d '{\"model\": \"gpt-4o\"}'\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        # valid: no blank after the colon is allowed by RFC 9110 (OWS is optional)
        f'curl {URL} -H "Authorization:Bearer $OPENAI_API_KEY"\n',
        f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        f"curl {URL} -H 'Authorization: Bearer '\"$OPEN_API_KEY\"\n",  # mixed quotes, fine
        f'http {URL} Authorization:"Bearer $OPENAI_API_KEY"\n',
        f"http {URL} 'Authorization:Bearer $OPENAI_API_KEY'\n".replace("'", '"'),
        # `Token:` can be a real custom header; a scheme word that is not followed by a key
        f'curl {URL} -H "Token: $API_TOKEN"\n',
        f'curl {URL} -H "Authorization: BearerToken"\n',
        # single-quoted `$` that is not a variable, or not in an auth header
        f"curl {URL} -H 'Authorization: Bearer $5'\n",
        f"curl {URL} -d '{{\"text\": \"$HOME\"}}'\n",
        f"curl {URL} -H 'X-Title: $APP'\n",
        # `Authorization:` with nothing after it removes the header in curl on purpose
        f'curl {URL} -H "Authorization:"\n',
        # a lone `-H` line that does not follow a client command
        'echo hi\n-H "Authorization: Bearer $K"\n',
        # a properly continued command
        f'curl {URL} \\\n  -H "Authorization: Bearer $OPENAI_API_KEY"\n',
        # HTTPie query parameters are not headers
        f"http {URL} Authorization==x\n",
    ],
)
def test_silent(text: str) -> None:
    assert codes(text, "a.sh", select=CODE) == []


def test_an_unquoted_literal_key_is_redacted() -> None:
    text = f"curl {URL} -H Authorization: Bearer {KEY}\n"
    (finding,) = lint(text, "a.sh", select=CODE)
    assert KEY not in finding.message
    assert "`Bearer` and sk-pr…" in finding.message


def test_no_fix_when_single_quotes_hold_other_hazards() -> None:
    text = f"curl {URL} -H 'Authorization: Bearer $OPENAI_API_KEY \"x\"'\n"
    (finding,) = lint(text, "a.sh", select=CODE)
    assert finding.fix is None


def test_unquoted_split_across_lines_has_no_fix() -> None:
    text = f"curl {URL} -H Authorization: Bearer \\\n  $OPENAI_API_KEY\n"
    (finding,) = lint(text, "a.sh", select=CODE)
    assert finding.fix is None


def test_real_corpus() -> None:
    """One true problem in the corpus: a `curl` command copied without its backslashes."""
    assert corpus_hits(CODE, "shellrc") == [("chatgpt.sh", 1)]


_LINES = st.sampled_from([
    f"curl {URL} -H 'Authorization: $OPENAI_API_KEY'",
    f'curl {URL} -H "Bearer: $OPENAI_API_KEY"',
    f'curl {URL} -H "Authorization=Bearer  $OPENAI_API_KEY"',
    f'curl {URL} -H "Authorization: Bearer:$OPENAI_API_KEY"',
    f"curl {URL} -H Authorization: Bearer $OPENAI_API_KEY",
    f"http {URL} Authorization=$OPENAI_API_KEY",
    "curl https://api.anthropic.com/v1/messages -H 'Authorization: Bearer $ANTHROPIC_API_KEY'",
    f'curl {URL} -H "Authorization: Bearer $OPENAI_API_KEY"',  # correct
    "export OPENAI_API_KEY=x",
    "echo done",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=6))
def test_header_fixes_converge_and_touch_only_their_lines(lines: list[str]) -> None:
    """The header rules' safe fixes together: nothing fixable is left, and lines none of
    them reported are unchanged."""
    text = "\n".join(lines) + "\n"
    reported = {f.span.line for f in lint(text, "a.sh", select="KL60")}
    result = fixed(text, "a.sh", select="KL60")
    assert not [f for f in lint(result, "a.sh", select="KL60") if f.fix and f.fix.safe]
    after = result.splitlines()
    assert len(after) == len(lines)
    for number, line in enumerate(lines):
        if number not in reported:
            assert after[number] == line
