"""keylint.core.headers: HTTP client commands read the way curl, wget, HTTPie and xh read them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keylint.core.headers import (
    Request,
    key_identity,
    plausible_key,
    replace_pieces,
    requests,
    target_provider,
    url_host,
    url_path,
    word_pieces,
)
from keylint.core.parse.shell import parse_shell
from keylint.core.providers import registry
from keys import fake_key
from lint import doc

REGISTRY = registry()


def read(text: str) -> tuple[str, list[Request]]:
    document = doc(text, "a.sh")
    return text, requests(document, parse_shell(document).commands)


def only(text: str) -> Request:
    _, found = read(text)
    (request,) = found
    return request


@pytest.mark.parametrize(
    ("text", "tool", "name", "value"),
    [
        ('curl https://x.io -H "Authorization: Bearer $K"\n', "curl", "Authorization",
         "Bearer $K"),
        ("curl https://x.io --header 'x-api-key: $K'\n", "curl", "x-api-key", "$K"),
        ('curl https://x.io -H"Authorization: Bearer $K"\n', "curl", "Authorization",
         "Bearer $K"),  # glued
        ('curl -sSH "Authorization:Bearer $K" https://x.io\n', "curl", "Authorization",
         "Bearer $K"),  # a cluster of short flags ending in -H
        ("curl https://x.io -H Authorization:\\ Bearer\\ $K\n", "curl", "Authorization",
         "Bearer $K"),  # escaped blanks
        ("curl https://x.io -H 'Authorization: Bearer '\"$K\"\n", "curl", "Authorization",
         "Bearer $K"),  # mixed quotes
        ('wget --header="Authorization: Bearer $K" https://x.io\n', "wget", "Authorization",
         "Bearer $K"),
        ('wget --header "x-api-key: $K" https://x.io\n', "wget", "x-api-key", "$K"),
        ('http POST https://x.io Authorization:"Bearer $K"\n', "httpie", "Authorization",
         "Bearer $K"),
        ("https x.io x-api-key:$K\n", "httpie", "x-api-key", "$K"),
        ("xh x.io Authorization:Bearer\\ $K\n", "xh", "Authorization", "Bearer $K"),
        ('command curl https://x.io -H "x-api-key: $K"\n', "curl", "x-api-key", "$K"),
        ('/usr/bin/curl https://x.io -H "x-api-key: $K"\n', "curl", "x-api-key", "$K"),
    ],
)
def test_headers(text: str, tool: str, name: str, value: str) -> None:
    request = only(text)
    assert request.tool == tool
    (header,) = [h for h in request.headers if h.name.text == name]
    assert header.separator == ":"
    assert header.value.text == value


def test_header_value_span_points_into_the_source() -> None:
    text = "curl https://x.io -H 'Authorization: Bearer '\"$KEY\"\n"
    request = only(text)
    (credential,) = request.credentials
    assert credential.scheme == "Bearer"
    assert credential.token.variable == "KEY"
    assert text[credential.token.start : credential.token.end] == "$KEY"
    header = request.headers[0]
    assert text[header.value.start : header.value.end] == "Bearer '\"$KEY"


def test_colon_inside_an_expansion_is_not_a_separator() -> None:
    request = only('curl https://x.io -H "${AUTH:-x-api-key: none}"\n')
    assert request.headers[0].separator == ""


def test_single_quoted_dollar_is_literal_text() -> None:
    request = only("curl https://x.io -H 'Authorization: Bearer $KEY'\n")
    token = request.credentials[0].token
    assert token.variable is None
    assert token.literal
    assert token.text == "$KEY"


@pytest.mark.parametrize(
    ("text", "separator", "name"),
    [
        ('curl https://x.io -H "Authorization=Bearer $K"\n', "=", "Authorization"),
        ('curl https://x.io -H "Bearer $K"\n', "", ""),
        ('curl https://x.io -H "Bearer: $K"\n', ":", "Bearer"),
        ('http https://x.io Authorization="Bearer $K"\n', "=", "Authorization"),
    ],
)
def test_malformed_headers_are_kept(text: str, separator: str, name: str) -> None:
    (header,) = only(text).headers
    assert (header.separator, header.name.text) == (separator, name)


@pytest.mark.parametrize(
    ("text", "carrier", "scheme", "token"),
    [
        ('curl -u "me:$PASS" https://x.io\n', "basic", "", "$PASS"),
        ('curl --oauth2-bearer "$TOKEN" https://x.io\n', "authorization", "Bearer", "$TOKEN"),
        ('curl "https://x.io/v1?alt=sse&key=$GEMINI_API_KEY"\n', "?key", "", "$GEMINI_API_KEY"),
        ("http -A bearer -a $TOKEN x.io\n", "authorization", "Bearer", "$TOKEN"),
        ("xh --bearer $TOKEN x.io\n", "authorization", "Bearer", "$TOKEN"),
        ("http x.io key==$GEMINI_API_KEY\n", "?key", "", "$GEMINI_API_KEY"),
        ("wget --password=$PASS https://x.io\n", "basic", "", "$PASS"),
    ],
)
def test_credentials(text: str, carrier: str, scheme: str, token: str) -> None:
    found = [c for c in only(text).credentials if c.carrier == carrier]
    assert [(c.scheme, c.token.text) for c in found][-1] == (scheme, token)


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("curl -s -X POST https://api.openai.com/v1/models -o out.json\n",
         ["https://api.openai.com/v1/models"]),
        ("curl --url https://a.io -d @body.json\n", ["https://a.io"]),
        ("curl -XPOST https://a.io\n", ["https://a.io"]),  # -X's argument glued
        ('curl "$BASE/v1/models"\n', ["$BASE/v1/models"]),
        ("http POST a.io x:y\n", ["a.io"]),
        ("http a.io\n", ["a.io"]),
        ("wget -qO- https://a.io\n", ["https://a.io"]),
    ],
)
def test_targets(text: str, urls: list[str]) -> None:
    assert [t.url for t in only(text).targets] == urls


def test_headers_from_a_file_make_the_request_opaque() -> None:
    assert only("curl -H @headers.txt https://a.io\n").opaque
    assert only("curl -K req.cfg https://a.io\n").opaque
    assert not only('curl -H "a: b" https://a.io\n').opaque


def test_commands_in_substitutions_pipelines_and_functions() -> None:
    text = (
        'R=$(curl -s https://a.io -H "x-api-key: $A" | jq .)\n'
        'ask() { curl https://b.io -H "x-api-key: $B"; }\n'
        'echo hi | wget --header="x-api-key: $C" https://c.io\n'
    )
    _, found = read(text)
    assert [r.targets[0].url for r in found] == ["https://a.io", "https://b.io", "https://c.io"]


def test_other_commands_are_not_requests() -> None:
    _, found = read('echo curl -H "x-api-key: $K"\ncurlie https://a.io\n')
    assert found == ()


@pytest.mark.parametrize(
    ("url", "host", "path"),
    [
        ("https://api.openai.com/v1/models", "api.openai.com", "/v1/models"),
        ("api.openai.com/v1/models?x=1", "api.openai.com", "/v1/models"),
        ("https://API.Groq.com:443/openai/v1", "api.groq.com", "/openai/v1"),
        ("https://${HOST}/v1", "", "/v1"),
        ("$BASE/v1", "", "/v1"),
    ],
)
def test_url_host_and_path(url: str, host: str, path: str) -> None:
    assert url_host(url) == host
    assert url_path(url) == path


def test_target_provider_follows_a_variable_assigned_once_in_the_file() -> None:
    text = 'BASE=https://api.hiapi.ai/v1\ncurl "$BASE/models"\n'
    document = doc(text, "a.sh")
    parsed = parse_shell(document)
    (request,) = requests(document, parsed.commands)
    found = target_provider(REGISTRY, request.targets[0], parsed.assignments)
    assert found is not None and found[0].id == "hiapi" and found[1] == "api.hiapi.ai"


@pytest.mark.parametrize(
    "text",
    [
        'curl "$BASE/models"\n',  # never assigned here
        'BASE=https://api.hiapi.ai/v1\nBASE=https://api.openai.com/v1\ncurl "$BASE/models"\n',
        'curl "$BASE/models"\nBASE=https://api.hiapi.ai/v1\n',  # assigned after the command
        'BASE=${BASE:-https://api.hiapi.ai/v1}\ncurl "$BASE/models"\n',  # dynamic
    ],
)
def test_target_provider_stays_unknown_for_unsure_variables(text: str) -> None:
    document = doc(text, "a.sh")
    parsed = parse_shell(document)
    (request,) = requests(document, parsed.commands)
    assert target_provider(REGISTRY, request.targets[0], parsed.assignments) is None


def test_key_identity_by_name_and_by_shape() -> None:
    request = only('curl x.io -H "x-api-key: $ANTHROPIC_API_KEY"\n')
    identity = key_identity(REGISTRY, request.credentials[0].token)
    assert identity is not None
    assert (identity.provider.id, identity.variable, identity.auth and identity.auth.style) == (
        "anthropic", "ANTHROPIC_API_KEY", "x-api-key"
    )
    key = fake_key("anthropic", "oauth-access")
    request = only(f'curl x.io -H "Authorization: Bearer {key}"\n')
    identity = key_identity(REGISTRY, request.credentials[0].token)
    assert identity is not None
    assert (identity.variable, identity.kind, identity.auth and identity.auth.style) == (
        "", "oauth-access", "bearer"
    )
    request = only(f'curl x.io -H "Authorization: Bearer {fake_key("hiapi")}"\n')
    assert key_identity(REGISTRY, request.credentials[0].token) is None  # ambiguous sk-


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        (fake_key("openai", "project"), True),
        (fake_key("hiapi"), True),  # an ambiguous sk- key, long enough
        ("sk-1234", False),
        ("sk-...", False),
        ("sk-your-openai-api-key-here", False),
        ("sk-" + "a" * 40, False),  # no digit: not random
        ("sk-" + "Ab3" * 6, False),  # ambiguous and short
        ("AIza" + "Xy7" * 5, False),  # too short even for a certain prefix
    ],
)
def test_plausible_key(value: str, plausible: bool) -> None:
    assert (plausible_key(REGISTRY, value) is not None) is plausible


def test_replace_pieces_keeps_quote_characters_in_place() -> None:
    text = 'http https://x.io Authorization:"Bearer $K"\n'
    document = doc(text, "a.sh")
    (request,) = requests(document, parse_shell(document).commands)
    header = request.headers[0]
    token = request.credentials[0].token
    before = header.raw_value.pieces[: len(header.raw_value.pieces) - len(token.pieces)]
    assert header.mark is not None
    edits = replace_pieces(document, [*header.name.pieces, header.mark, *before], "x-api-key:")
    assert edits is not None and len(edits) == 2
    start = document.offset(edits[0].span.line, edits[0].span.column)
    assert text[start:].startswith("Authorization:")


_PARTS = st.sampled_from([
    "Authorization", ":", " ", "Bearer", "$KEY", "${KEY}", "${KEY:-a:b}", "$(cat k)", "x",
    "'", '"', "=", "sk-", "\\ ", "$'\\x41'",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARTS, min_size=1, max_size=8))
def test_pieces_point_at_their_source(parts: list[str]) -> None:
    """Whatever the quoting, every piece points at the source it stands for (an expansion at
    itself, a quoted or unescaped character at itself), and reading never raises."""
    text = "curl https://x.io -H " + "".join(parts) + "\n"
    document = doc(text, "a.sh")
    parsed = parse_shell(document)
    for command in parsed.commands:
        for word in command.args:
            start = document.start(word.span)
            for piece in word_pieces(document, word) or ():
                assert start <= piece.start < piece.end <= start + len(word.text)
                source = text[piece.start : piece.end]
                if not piece.plain or piece.end - piece.start == 1:
                    assert source == piece.text
                elif piece.quote != "$'":
                    assert source == "\\" + piece.text  # an escaped character
    requests(document, parsed.commands)
