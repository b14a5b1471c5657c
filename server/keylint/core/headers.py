"""HTTP client commands taken apart: where a request goes and how it authenticates.

The header rules (KL601–KL605) judge `curl`, `wget`, HTTPie (`http`, `https`) and `xh`
command lines. This module reads one such command the way the client does, so every rule
sees the same answer: the target URLs, each header (`-H`/`--header`, the glued `-H"…"`,
wget's `--header=`, HTTPie/xh `Name:value` items), and every place a secret rides (an auth
header's value, curl's `-u user:pass` and `--oauth2-bearer`, HTTPie's `-a`/`--bearer`, a
`?key=` query parameter).

Everything is kept as `Piece`s: one loaded character, or one expansion (`$KEY`, `${KEY}`,
`$(…)`) kept whole, each with the exact source range it comes from and its quoting. That is
what lets a rule point at the header value inside `-H 'Authorization: Bearer '"$KEY"`,
know that the `$KEY` in `'Authorization: Bearer $KEY'` is literal text, and edit exactly
the characters it means to. A ':' inside `${KEY:-x}` is part of its expansion piece, so it
is never taken for a header separator.

The second half relates a credential to the provider registry: which provider a key
belongs to (by variable name or by shape), how that provider wants it sent, and which
provider a target URL's host belongs to (also when the URL starts with a variable that this
file assigns one literal URL).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from keylint.core.config import Config
from keylint.core.credentials import is_credential_name
from keylint.core.document import Document
from keylint.core.model import Assignment, Command, Edit, Span, Word, basename
from keylint.core.providers import Auth, KeyMatch, Provider, Registry
from keylint.core.rules._placeholders import is_placeholder
from keylint.core.rules._values import shell_chars

CURL, WGET, HTTPIE, XH = "curl", "wget", "httpie", "xh"
CLIENTS = {"curl": CURL, "wget": WGET, "http": HTTPIE, "https": HTTPIE, "xh": XH, "xhs": XH}
# Prefix commands that run their first argument as the command.
_WRAPPERS = frozenset({"command", "exec", "nohup", "time", "builtin"})
# The headers providers take their own keys in (the `Auth.header`s of the registry, less
# the gateways' own extra headers such as x-portkey-api-key, which ride next to a key).
KEY_HEADERS = frozenset({"authorization", "x-api-key", "api-key", "x-goog-api-key"})
SCHEMES = ("Bearer", "Token", "Basic", "Digest")  # auth schemes seen in front of API keys
QUERY_KEYS = frozenset({"key"})  # Gemini's `?key=`: the registry's only `Auth.query_param`


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# curl options that take an argument (short letters, and long names); any other option is a
# flag. A wrong guess only matters for an argument that looks like a URL.
_CURL_SHORT = frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")
_CURL_LONG = _names(
    """--abstract-unix-socket --alt-svc --aws-sigv4 --cacert --capath --cert --cert-type
    --ciphers --config --connect-timeout --connect-to --continue-at --cookie --cookie-jar
    --create-file-mode --crlfile --curves --data --data-ascii --data-binary --data-raw
    --data-urlencode --delegation --dns-interface --dns-ipv4-addr --dns-ipv6-addr
    --dns-servers --doh-url --dump-header --ech --egd-file --engine --etag-compare
    --etag-save --expect100-timeout --form --form-string --ftp-account --ftp-alternative-to-user
    --ftp-method --ftp-port --ftp-ssl-ccc-mode --happy-eyeballs-timeout-ms --haproxy-clientip
    --header --hostpubmd5 --hostpubsha256 --hsts --interface --ipfs-gateway --json
    --keepalive-time --key --key-type --krb --libcurl --limit-rate --local-port --login-options
    --mail-auth --mail-from --mail-rcpt --max-filesize --max-redirs --max-time --netrc-file
    --noproxy --oauth2-bearer --output --output-dir --pass --pinnedpubkey --preproxy --proto
    --proto-default --proto-redir --proxy --proxy-cacert --proxy-capath --proxy-cert
    --proxy-cert-type --proxy-ciphers --proxy-crlfile --proxy-header --proxy-key
    --proxy-key-type --proxy-pass --proxy-pinnedpubkey --proxy-service-name
    --proxy-tls13-ciphers --proxy-tlsauthtype --proxy-tlspassword --proxy-tlsuser --proxy-user
    --proxy1.0 --pubkey --quote --random-file --range --rate --referer --request
    --request-target --resolve --retry --retry-delay --retry-max-time --sasl-authzid
    --service-name --socks4 --socks4a --socks5 --socks5-gssapi-service --socks5-hostname
    --speed-limit --speed-time --stderr --telnet-option --tftp-blksize --time-cond
    --tls-max --tls13-ciphers --tlsauthtype --tlspassword --tlsuser --trace --trace-ascii
    --trace-config --unix-socket --upload-file --url --url-query --user --user-agent
    --variable --write-out""")
_WGET_SHORT = frozenset("aABDeiIlOoPQRtTUwX")
_WGET_LONG = _names(
    """--header --user --password --http-user --http-password --post-data --post-file
    --body-data --body-file --method --output-document --output-file --append-output
    --execute --input-file --base --tries --timeout --wait --quota --directory-prefix
    --user-agent --level --accept --reject --domains --exclude-directories
    --include-directories --referer --load-cookies --save-cookies --ca-certificate
    --certificate --private-key --bind-address --limit-rate --dns-timeout
    --connect-timeout --read-timeout --waitretry --proxy-user --proxy-password""")
_HTTPIE_SHORT = frozenset("aAopPs")
_HTTPIE_LONG = _names(
    """--auth --auth-type --session --session-read-only --output --verify --cert --cert-key
    --cert-key-pass --proxy --timeout --max-redirects --print --history-print --pretty
    --style --format-options --default-scheme --boundary --raw --ssl --ciphers
    --response-charset --response-mime --max-headers --bearer --resolve --interface
    --http-version --unix-socket""")
# The options whose arguments say where the request goes or how it authenticates.
_READ_OPTIONS = frozenset({
    "-H", "--header", "-K", "--config", "--session", "--session-read-only", "--url",
    "--oauth2-bearer", "--bearer", "-u", "--user", "--password", "--http-user",
    "--http-password", "-a", "--auth", "-A", "--auth-type",
})
_OPTIONS = {
    CURL: (_CURL_SHORT, _CURL_LONG),
    WGET: (_WGET_SHORT, _WGET_LONG),
    HTTPIE: (_HTTPIE_SHORT, _HTTPIE_LONG),
    XH: (_HTTPIE_SHORT, _HTTPIE_LONG),
}
_TCHAR = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAMED = re.compile(r"\$\{?#?([A-Za-z_][A-Za-z0-9_]*)")
_SCHEME_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_METHOD = re.compile(r"[A-Za-z]+")
# Words and runs that make a key-shaped literal an example rather than a key.
_EXAMPLE_WORDS = re.compile(r"your|here|example|dummy|fake|demo|sample|xxxx|1234", re.I)
# An OpenAI-compatible path on a host whose native API authenticates differently: Gemini's
# /v1beta/openai/ and Azure's v1 API /openai/v1/ take the key as `Authorization: Bearer`.
OPENAI_COMPATIBLE_PATH = re.compile(r"/(?:openai/v\d+\w*|v\d+\w*/openai)(?:/|\Z)")


# --- pieces: what the shell loads, with the source of every part --------------------------


class Piece(NamedTuple):
    """One loaded character, or one whole expansion as written (`$KEY`, `$(cat f)`).

    `name` is the variable of a `$X`/`${X…}` expansion, "" for any other expansion
    (`$(…)`, backticks, `$1`), None for a plain character. `start`/`end` are document
    offsets of its source; `quote` its quoting ("", "'", '"' or "$'"). A named tuple: a
    command line has thousands of them, and tuples are cheap to make.
    """

    text: str
    start: int
    end: int
    quote: str
    name: str | None = None

    @property
    def plain(self) -> bool:
        return self.name is None


@dataclass(frozen=True, slots=True)
class Token:
    """A run of pieces (a header name or value, a URL, a password); `at` places an empty one."""

    pieces: tuple[Piece, ...]
    at: int

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def start(self) -> int:
        return self.pieces[0].start if self.pieces else self.at

    @property
    def end(self) -> int:
        return self.pieces[-1].end if self.pieces else self.at

    @property
    def variable(self) -> str | None:
        """The variable when the token is exactly one `$NAME`/`${NAME}` expansion."""
        if len(self.pieces) == 1 and self.pieces[0].name:
            return self.pieces[0].name
        return None

    @property
    def literal(self) -> bool:
        """No expansion anywhere: the text is exactly what the client receives."""
        return all(p.plain for p in self.pieces)

    def slice(self, start: int, end: int | None = None) -> Token:
        pieces = self.pieces[start:end]
        at = pieces[0].start if pieces else (
            self.pieces[start].start if start < len(self.pieces) else self.end
        )
        return Token(pieces, at)


def word_pieces(doc: Document, word: Word) -> tuple[Piece, ...] | None:
    """The pieces of a shell word of `doc`; None when its quoting never closes.

    Words without escapes or expansions (nearly all of them) are mapped directly; the rest
    go through the shell reader's own character mapping.
    """
    text, base = word.text, doc.start(word.span)
    if not _SPECIAL.search(text):
        return tuple(Piece(c, base + i, base + i + 1, "") for i, c in enumerate(text))
    quote = text[0]
    if len(text) >= 2 and quote in "'\"" and text[-1] == quote and \
            not (_SPECIAL_IN_SINGLE if quote == "'" else _SPECIAL).search(text, 1, len(text) - 1):
        return tuple(Piece(c, base + i, base + i + 1, quote)
                     for i, c in enumerate(text[1:-1], start=1))
    chars = shell_chars(text, base)
    if chars is None:
        return None
    pieces = []
    for char in chars:
        if char.char:
            pieces.append(Piece(char.char, char.start, char.end, char.quote))
            continue
        source = text[char.start - base : char.end - base]
        named = _NAMED.match(source)
        pieces.append(Piece(source, char.start, char.end, char.quote,
                            named.group(1) if named else ""))
    return tuple(pieces)


_SPECIAL = re.compile(r"[\\'\"$`]")
_SPECIAL_IN_SINGLE = re.compile("'")


# --- what a request is made of ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Header:
    """One header as the client will send it.

    `separator` is ":" normally; "=" for `Authorization=…` (curl has no such syntax; for
    HTTPie it makes a JSON body field); "" when there is none at all (`-H "Bearer $KEY"`,
    which curl drops). `raw_value` starts right after the separator, `value` after the
    optional whitespace HTTP allows there.
    """

    word: Word
    name: Token
    separator: str
    raw_value: Token
    value: Token
    mark: Piece | None = None  # the separator character itself

    @property
    def lower_name(self) -> str:
        return self.name.text.lower()

    @property
    def carries_key(self) -> bool:
        return self.separator == ":" and self.lower_name in KEY_HEADERS


@dataclass(frozen=True, slots=True)
class Credential:
    """Where a secret rides: `carrier` is the lower-case header name, "?<param>" for a
    query parameter, or "basic" (`-u user:pass`); `scheme` the auth scheme written before
    the token ("Bearer"…; "" for none). `header` is set for header-borne credentials."""

    carrier: str
    scheme: str
    token: Token
    word: Word
    header: Header | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A URL the request goes to; `url` keeps expansions as written."""

    word: Word
    token: Token

    @property
    def url(self) -> str:
        return self.token.text


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP client command: where it goes, its headers and its credentials.

    `opaque` is True when headers also come from somewhere this file does not show
    (`-H @file`, `curl -K config`, HTTPie `--session`): then no rule may say a header
    is missing.
    """

    command: Command
    tool: str
    targets: tuple[Target, ...]
    headers: tuple[Header, ...]
    credentials: tuple[Credential, ...]
    opaque: bool = False

    def header(self, name: str) -> Header | None:
        wanted = name.lower()
        return next((h for h in self.headers if h.separator == ":" and
                     h.lower_name == wanted), None)


def requests(doc: Document, commands: Sequence[Command]) -> tuple[Request, ...]:
    """Every HTTP client command among `commands` (of `doc`), read as the client reads it.

    The five header rules all ask for the same file's commands in a row, so the last answer
    is kept, keyed by the identity of the document and the (immutable) commands tuple.
    """
    cached = _LAST.get("requests")
    if cached is not None and cached[0] is doc and cached[1] is commands:
        return cached[2]
    found = []
    for command in commands:
        tool, args = client(command)
        if tool:
            found.append(_Reader(doc, command, tool).read(args))
    result = tuple(found)
    _LAST["requests"] = (doc, commands, result)
    return result


_LAST: dict[str, tuple[Document, Sequence[Command], tuple[Request, ...]]] = {}


def client(command: Command) -> tuple[str, tuple[Word, ...]]:
    """(which HTTP client the command runs, its arguments); ("", ()) for other commands."""
    name, args = command.name, command.args
    while name in _WRAPPERS and args:
        name, args = args[0].value, args[1:]
    tool = CLIENTS.get(basename(name), "")
    return (tool, args) if tool else ("", ())


class _Reader:
    """Reads one command's arguments the way its client parses them."""

    def __init__(self, doc: Document, command: Command, tool: str) -> None:
        self.doc = doc
        self.command = command
        self.tool = tool
        self.targets: list[Target] = []
        self.headers: list[Header] = []
        self.credentials: list[Credential] = []
        self.opaque = False
        self.auth_type = "basic"  # HTTPie/xh `-A bearer` changes what `-a` sends
        self.auth: list[tuple[Word, tuple[Piece, ...]]] = []

    def read(self, args: Sequence[Word]) -> Request:
        """Options first (by each word's value; pieces only for the options that matter),
        then the operands."""
        short, long = _OPTIONS[self.tool]
        positional: list[Word] = []
        index, options_end = 0, False
        while index < len(args):
            word = args[index]
            index += 1
            text = word.value
            if options_end or not text.startswith("-") or text == "-":
                positional.append(word)
            elif text == "--":
                options_end = True
            elif text.startswith("--"):
                option, equals, _ = text.partition("=")
                if equals and self.tool != CURL:  # curl has no --opt=value syntax
                    self._option(option, word, len(option) + 1)
                elif option in long and index < len(args):
                    self._option(option, args[index], 0)
                    index += 1
            else:
                for at, letter in enumerate(text[1:], start=1):
                    if letter in "$`\\\"'":
                        break  # an expansion or quoting: not option letters any more
                    if letter in short:
                        if at + 1 < len(text):  # the rest of the word is the argument (-H"…")
                            self._option("-" + letter, word, at + 1)
                        elif index < len(args):
                            self._option("-" + letter, args[index], 0)
                            index += 1
                        break
        self._positional(positional)
        for word, pieces in self.auth:
            self._user(word, pieces)
        return Request(self.command, self.tool, tuple(self.targets), tuple(self.headers),
                       tuple(self.credentials), self.opaque)

    def _option(self, option: str, word: Word, skip: int) -> None:
        """Option `option` with its argument in `word`, from piece `skip` on."""
        if option not in _READ_OPTIONS:
            return
        pieces = word_pieces(self.doc, word)
        if pieces is None:
            return
        pieces = pieces[skip:]
        text = "".join(p.text for p in pieces)
        end = self.doc.start(word.span) + len(word.text)
        token = Token(pieces, pieces[0].start if pieces else end)
        if option in ("-H", "--header"):
            if text.startswith("@"):
                self.opaque = True
            else:
                self._header(parse_header(self.doc, word, pieces))
        elif option in ("-K", "--config", "--session", "--session-read-only"):
            self.opaque = True
        elif option == "--url" and self.tool == CURL:
            self._target(word, pieces)
        elif option in ("--oauth2-bearer", "--bearer"):
            self.credentials.append(Credential("authorization", "Bearer", token, word))
        elif option in ("-u", "--user") and self.tool == CURL:
            self._user(word, pieces)
        elif option in ("--user", "--password", "--http-user", "--http-password"):
            self.credentials.append(Credential("basic", "", token, word))  # wget
        elif option in ("-a", "--auth") and self.tool in (HTTPIE, XH):
            self.auth.append((word, pieces))  # judged once `-A` is known
        elif option in ("-A", "--auth-type") and self.tool in (HTTPIE, XH):
            self.auth_type = text.lower()

    def _user(self, word: Word, pieces: tuple[Piece, ...]) -> None:
        """`user:password` (curl `-u`, HTTPie `-a`), or an HTTPie/xh `-A bearer` token."""
        if self.tool in (HTTPIE, XH) and self.auth_type == "bearer":
            self.credentials.append(Credential("authorization", "Bearer",
                                               Token(pieces, self.doc.start(word.span)), word))
            return
        colon = _find(pieces, ":")
        parts = [pieces] if colon is None else [pieces[:colon], pieces[colon + 1 :]]
        for part in parts:
            if part:
                self.credentials.append(Credential("basic", "", Token(part, part[0].start),
                                                   word))

    def _header(self, header: Header | None) -> None:
        if header is None:
            return
        self.headers.append(header)
        if header.carries_key:
            scheme, token = split_scheme(header.value)
            self.credentials.append(Credential(header.lower_name, scheme, token, header.word,
                                               header))

    def _positional(self, words: list[Word]) -> None:
        read = [(w, p) for w in words if (p := word_pieces(self.doc, w)) is not None]
        if self.tool in (CURL, WGET):  # every operand is a URL
            for word, pieces in read:
                self._target(word, pieces)
            return
        # HTTPie/xh: [METHOD] URL [ITEM...]
        if len(read) > 1 and _METHOD.fullmatch(read[0][0].value):
            read = read[1:]
        if not read:
            return
        self._target(*read[0])
        for word, pieces in read[1:]:
            self._item(word, pieces)

    def _target(self, word: Word, pieces: tuple[Piece, ...]) -> None:
        target = Target(word, Token(pieces, self.doc.start(word.span)))
        self.targets.append(target)
        for name, token in query_params(target.token):
            self.credentials.append(Credential("?" + name, "", token, word))

    def _item(self, word: Word, pieces: tuple[Piece, ...]) -> None:
        """An HTTPie request item: the leftmost separator decides what it is."""
        at = next((i for i, p in enumerate(pieces) if p.plain and p.text in ":=@;"), None)
        if at is None or at == 0:
            return
        separator = pieces[at].text
        following = pieces[at + 1].text if at + 1 < len(pieces) and pieces[at + 1].plain else ""
        if separator == ":" and following != "=":
            self._header(_split_header(word, pieces, at, ":"))
        elif separator == "=" and following == "=":  # a query parameter
            name = Token(pieces[:at], self.doc.start(word.span)).text
            if name in QUERY_KEYS:
                value = Token(pieces[at + 2 :], pieces[at + 1].end)
                self.credentials.append(Credential("?" + name, "", value, word))
        elif separator == "=" and following != "@":
            header = _split_header(word, pieces, at, "=")
            if header is not None and header.lower_name in KEY_HEADERS:
                self.headers.append(header)  # a JSON body field named like an auth header


def parse_header(doc: Document, word: Word, pieces: tuple[Piece, ...]) -> Header | None:
    """A curl/wget header line: `Name: value`, or the mistakes `Name=value` and no name."""
    colon = _find(pieces, ":")
    if colon is not None and colon > 0 and _is_token(pieces[:colon]):
        return _split_header(word, pieces, colon, ":")
    equals = _find(pieces, "=")
    if equals is not None and equals > 0 and _is_token(pieces[:equals]):
        return _split_header(word, pieces, equals, "=")
    at = pieces[0].start if pieces else doc.start(word.span) + len(word.text)
    value = Token(pieces, at)
    return Header(word, Token((), at), "", value, strip_ows(value))


def _split_header(
    word: Word, pieces: tuple[Piece, ...], at: int, separator: str
) -> Header | None:
    if not _is_token(pieces[:at]):
        return None
    name = Token(pieces[:at], pieces[0].start)
    raw = Token(pieces[at + 1 :], pieces[at].end)
    return Header(word, name, separator, raw, strip_ows(raw), pieces[at])


def strip_ows(token: Token) -> Token:
    """The token without the blanks HTTP allows before a header value."""
    skip = 0
    while skip < len(token.pieces) and token.pieces[skip].plain and \
            token.pieces[skip].text in " \t":
        skip += 1
    return token.slice(skip)


def split_scheme(value: Token) -> tuple[str, Token]:
    """(`Bearer`, the token after it) for `Bearer <token>`; ("", value) with no scheme.

    A scheme is a word of plain characters followed by blanks; `Bearer:` and a scheme glued
    to the token are not schemes (KL602 reports them).
    """
    pieces = value.pieces
    index = 0
    while index < len(pieces) and pieces[index].plain and pieces[index].text in _TCHAR:
        index += 1
    if index == 0 or index >= len(pieces) or pieces[index].text not in (" ", "\t") or \
            not pieces[index].plain:
        return "", value
    scheme = value.slice(0, index).text
    return scheme, strip_ows(value.slice(index))


def query_params(url: Token) -> list[tuple[str, Token]]:
    """The `?name=value` parameters of a URL that carry keys (QUERY_KEYS)."""
    pieces = url.pieces
    start = _find(pieces, "?")
    if start is None:
        return []
    found = []
    index = start + 1
    while index <= len(pieces):
        stop = next((i for i in range(index, len(pieces))
                     if pieces[i].plain and pieces[i].text in "&#"), len(pieces))
        equals = _find(pieces[index:stop], "=")
        if equals is not None:
            name = Token(pieces[index : index + equals], pieces[index].start).text
            if name in QUERY_KEYS:
                value_at = index + equals + 1
                found.append((name, Token(pieces[value_at:stop], pieces[value_at - 1].end)))
        if stop < len(pieces) and pieces[stop].text == "#":
            break
        index = stop + 1
    return found


def _find(pieces: Sequence[Piece], char: str) -> int | None:
    return next((i for i, p in enumerate(pieces) if p.plain and p.text == char), None)


def _is_token(pieces: Sequence[Piece]) -> bool:
    return bool(pieces) and all(p.plain and p.text in _TCHAR for p in pieces)


# --- quoting: writing text into a word -------------------------------------------------------


def replace_pieces(doc: Document, pieces: Sequence[Piece], text: str) -> list[Edit] | None:
    """Edits replacing the source of `pieces` with `text`; None when that cannot be spelt.

    The pieces may cross quotes (`Authorization:"Bearer $KEY"`): each run of pieces inside
    one kind of quotes gets its own edit, `text` goes into the first run (spelt for its
    quoting) and the other runs are emptied, so no quote character ever moves.
    """
    if not pieces:
        return None
    runs: list[list[Piece]] = [[pieces[0]]]
    for before, piece in itertools.pairwise(pieces):
        if piece.start == before.end and piece.quote == before.quote:
            runs[-1].append(piece)
        else:
            runs.append([piece])
    spelt = quoted_for(runs[0][0].quote, text)
    if spelt is None:
        return None
    return [Edit(doc.span(run[0].start, run[-1].end), spelt if index == 0 else "")
            for index, run in enumerate(runs)]


def insert_before(doc: Document, piece: Piece, text: str) -> Edit | None:
    """An edit inserting `text` just before `piece`, spelt for its quoting."""
    spelt = quoted_for(piece.quote, text)
    return None if spelt is None else Edit(doc.span(piece.start, piece.start), spelt)


def quoted_for(quote: str, text: str) -> str | None:
    """`text` spelt so that it loads as itself at a place quoted with `quote`; None when
    that cannot be done simply (ANSI-C quoting, or a quote character inside)."""
    if quote == "'":
        return None if "'" in text else text
    if quote == '"':
        return None if any(c in text for c in '"$`\\') else text
    if quote == "":
        return re.sub(r"([\s'\"\\$`&|;<>()*?\[\]#~!{}])", r"\\\1", text)
    return None


def expansion_edit(doc: Document, pieces: Sequence[Piece], name: str) -> Edit | None:
    """An edit replacing literal `pieces` with the expansion of `name`, spelt to expand
    where they stand: `"$NAME"` unquoted, `$NAME` (or `${NAME}` before a name character)
    inside double quotes, `'"$NAME"'` inside single quotes (without leaving an empty `''`
    behind at either end). None for ANSI-C quoting, or pieces that are not one run."""
    if not pieces or len({p.quote for p in pieces}) != 1:
        return None
    if any(a.end != b.start for a, b in itertools.pairwise(pieces)):
        return None
    quote, start, end = pieces[0].quote, pieces[0].start, pieces[-1].end
    if quote == '"':
        following = doc.text[end : end + 1]
        braced = following.isascii() and (following.isalnum() or following == "_")
        return Edit(doc.span(start, end), f"${{{name}}}" if braced else f"${name}")
    if quote == "":
        return Edit(doc.span(start, end), f'"${name}"')
    if quote != "'":
        return None
    opens = doc.text[start - 1 : start] == "'"  # the run starts the quoted string
    closes = doc.text[end : end + 1] == "'"
    text = ("" if opens else "'") + f'"${name}"' + ("" if closes else "'")
    return Edit(doc.span(start - opens, end + closes), text)


# --- the registry's view: which provider, which key, which auth ------------------------------


@dataclass(frozen=True, slots=True)
class KeyIdentity:
    """Whose key a credential token is, and how the registry says it must be sent.

    `variable` is set when the owner comes from a variable's name, empty when it comes from
    a literal's shape (a prefix or marker that proves it); `kind` is the key kind when
    known ("oauth-access"...).
    """

    provider: Provider
    auth: Auth | None
    variable: str = ""
    kind: str = ""


def key_identity(registry: Registry, token: Token) -> KeyIdentity | None:
    """The provider of a credential token: its variable's, or its literal's certain shape.

    None when neither tells (an unknown variable, an ambiguous `sk-…`, a `$(…)`).
    """
    name = token.variable
    if name is not None:
        info = registry.provider_for_env(name)
        if info is None or info.role != "key":
            return None
        kinds = info.var.key_kinds
        return KeyIdentity(info.provider, info.auth, name, kinds[0] if len(kinds) == 1 else "")
    if not token.literal or not token.text:
        return None
    match = registry.attribute_key(token.text)
    provider = registry.get(match.provider) if match and match.certain and match.provider \
        else None
    if match is None or provider is None:
        return None
    return KeyIdentity(provider, provider.auth_for(match.shape), kind=match.shape.kind)


def plausible_key(registry: Registry, text: str) -> KeyMatch | None:
    """The attribution of a literal that is a real-looking key, not an example.

    A known prefix is not enough: docs and scripts are full of `sk-...`, `sk-your-key-here`
    and `sk-1234`. So: not a placeholder (KL107's patterns), no example words, letters and
    digits mixed, and long enough: 20 characters for a prefix that names one provider, 32
    for an ambiguous `sk-`.
    """
    match = registry.attribute_key(text)
    if match is None or is_placeholder(text) or _EXAMPLE_WORDS.search(text):
        return None
    body = text[len(match.shape.prefix) :]
    if len(text) < (20 if match.certain else 32):
        return None
    if not (any(c.isdigit() for c in body) and any(c.isalpha() for c in body)):
        return None
    return match


def is_credential_token(registry: Registry, token: Token, config: Config | None = None) -> bool:
    """A variable named like a credential, or a literal with a known key prefix."""
    name = token.variable
    if name is not None:
        info = registry.provider_for_env(name)
        if info is not None:
            return info.role == "key"
        return is_credential_name(name, config)
    return token.literal and registry.attribute_key(token.text) is not None


def label(provider: Provider) -> str:
    """A provider's name for running text: "Google Gemini (AI Studio)" -> "Google Gemini"."""
    return re.sub(r"\s*\(.*?\)", "", provider.name)


def article(name: str) -> str:
    """`name` with its indefinite article ("an OpenAI", "a HiAPI")."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def header_scheme(auth: Auth) -> tuple[str, str]:
    """(header name, what precedes the key in its value) of the header carrying the key:
    ("Authorization", "Bearer "), ("x-api-key", "")."""
    for name, value in auth.headers:
        if "{key}" in value:
            return name, value.split("{key}", 1)[0]
    return "", ""


def target_provider(
    registry: Registry, target: Target, assignments: Sequence[Assignment]
) -> tuple[Provider, str] | None:
    """The provider whose host the URL names, and that host; None when unknown.

    A URL starting with `$NAME` counts when this file assigns NAME, before the command and
    every time, the same literal URL (the environment could still override it, so only
    one consistent value is trusted).
    """
    url = target.url
    pieces = target.token.pieces
    if pieces and pieces[0].name:
        value = _assigned_url(pieces[0].name, target.word.span, assignments)
        if value is None:
            return None
        url = value + Token(pieces[1:], pieces[0].end).text
    elif pieces and not pieces[0].plain:
        return None
    host = url_host(url)
    if not host:
        return None
    provider = registry.provider_for_host(host)
    return (provider, host) if provider is not None else None


def url_host(url: str) -> str:
    """The host of a URL (scheme optional), "" when it is not literal text."""
    authority = url.split("://", 1)[1] if "://" in url else url
    authority = re.split(r"[/?#]", authority, maxsplit=1)[0]
    if not authority or any(c in authority for c in "$`"):
        return ""
    try:
        host = urlsplit("//" + authority).hostname
    except ValueError:
        return ""
    return (host or "").rstrip(".")


def _starts_before(span: Span, other: Span) -> bool:
    return (span.line, span.column) < (other.line, other.column)


def url_path(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    slash = rest.find("/")
    return "" if slash < 0 else re.split(r"[?#]", rest[slash:], maxsplit=1)[0]


def _assigned_url(name: str, before: Span, assignments: Sequence[Assignment]) -> str | None:
    values = {a.value for a in assignments if a.name == name}
    earlier = [a for a in assignments if a.name == name and _starts_before(a.value_span, before)]
    if len(values) != 1 or not earlier or any(a.dynamic for a in earlier):
        return None
    value = values.pop()
    return value if _SCHEME_URL.match(value) else None
