"""KL602 malformed-auth-header: an auth header written so that the key never arrives right.

Each case is a way hand-written `curl`/`wget`/HTTPie commands get the header wrong:

* `Bearer: $KEY`: the scheme used as the header name, so no `Authorization` header goes out;
* `Authorization=…`: `=` instead of `:`. curl ignores a header line without a colon (and
  for HTTPie `Name=value` is a JSON body field);
* `-H "Bearer $KEY"`: no header name at all, which curl ignores too;
* `Authorization: Bearer: $KEY` (or `Bearer=`): a stray separator after the scheme;
* `Authorization: Bearer$KEY`: the scheme glued to the key;
* `Authorization: Bearer  $KEY`: two blanks after the scheme. RFC 9110 allows `1*SP`
  there, but servers commonly cut the key at `"Bearer "` and keep the second blank;
* `'Authorization: Bearer $KEY'`: single quotes, so the shell never expands `$KEY` and the
  client sends the literal text `$KEY` (also in `'…?key=$KEY'`, `-u '…'`, `--oauth2-bearer`);
* `-H Authorization: Bearer $KEY` unquoted: the header ends at the first blank; curl takes
  `Authorization:` alone (which removes the header) and the rest for URLs.

What is *not* malformed: `Authorization:Bearer sk-…` without a blank after the colon. RFC 9110
makes the whitespace after a header's colon optional (`field-name ":" OWS field-value OWS`)
and curl sends such a line as is, so the issue's "`Authorization:Bearer`" is read here as
the scheme glued to the key (`Authorization: Bearer$KEY`, `Authorization:Bearersk-…`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.headers import (
    CURL,
    HTTPIE,
    KEY_HEADERS,
    SCHEMES,
    WGET,
    XH,
    Credential,
    Header,
    Piece,
    Request,
    Token,
    client,
    insert_before,
    is_credential_token,
    parse_header,
    replace_pieces,
    requests,
    word_pieces,
)
from keylint.core.model import Command, Edit, FileKind, Finding, Fix, Related, Severity, Word
from keylint.core.rules.base import Rule

_LOWER_SCHEMES = {s.lower(): s for s in SCHEMES}
_NAME_SCHEMES = frozenset({"bearer", "basic"})  # never header names (`Token:` can be one)
_BLANKS = frozenset(" \t")
_HEADER_OPTIONS = frozenset({"-H", "--header"})


def check(ctx: FileContext) -> Iterator[Finding]:
    for request in requests(ctx.doc, ctx.parsed.commands):
        for header in request.headers:
            finding = _header(ctx, request, header)
            if finding is not None:
                yield finding
        for credential in request.credentials:
            yield from _single_quoted(ctx, request, credential)
    yield from _detached(ctx)


# --- the header's shape ----------------------------------------------------------------------


def _header(ctx: FileContext, request: Request, header: Header) -> Finding | None:
    name = header.lower_name
    if header.separator == ":" and name in _NAME_SCHEMES and header.value.pieces:
        return _scheme_as_name(ctx, request, header)
    if header.separator == "=" and name in KEY_HEADERS:
        return _equals(ctx, request, header)
    if header.separator == "" and _scheme_then_key(ctx, header.value):
        return _nameless(ctx, request, header)
    if not header.carries_key:
        return None
    if name == "authorization":
        finding = _scheme_problem(ctx, request, header)
        if finding is not None:
            return finding
    return _split_words(ctx, request, header)


def _scheme_as_name(ctx: FileContext, request: Request, header: Header) -> Finding:
    scheme = _LOWER_SCHEMES[header.lower_name]
    message = (
        f"`{header.name.text}:` is not a header name: {_client(request)} sends a header "
        f"called `{header.name.text}`, no `Authorization` header, and the server answers "
        f"401; write `Authorization: {scheme} …`"
    )
    replaced = [*header.name.pieces, *_marks(header), *_ows(header)]
    fix = _replace(ctx, replaced, f"Authorization{_colon(request)}{scheme} ",
                   "Use an Authorization header")
    return RULE.finding(ctx.doc.span(header.name.start, header.raw_value.start), message,
                        fix=fix, severity=Severity.ERROR)


def _equals(ctx: FileContext, request: Request, header: Header) -> Finding:
    if request.tool in (HTTPIE, XH):
        effect = (f"for {_client(request)} `{header.name.text}=…` is a JSON body field, not a "
                  "header")
    else:
        effect = f"{_client(request)} sends no `{header.name.text}` header from a line without `:`"
    message = (
        f"`{header.name.text}=` instead of `{header.name.text}:`: {effect}, so the key never "
        "arrives and the server answers 401"
    )
    (mark,) = _marks(header)
    colon = _colon(request) if not _ows(header) else ":"
    fix = _replace(ctx, [mark], colon, "Use `:` between header name and value")
    return RULE.finding(ctx.doc.span(mark.start, mark.end), message, fix=fix,
                        severity=Severity.ERROR)


def _nameless(ctx: FileContext, request: Request, header: Header) -> Finding:
    message = (
        f"header line without a name: {_client(request)} ignores a header with no `:`, so "
        "the request goes out without credentials; write `Authorization: "
        f"{header.value.text.split()[0]} …`"
    )
    fix = _insert(ctx, header.value.pieces[0], f"Authorization{_colon(request)}",
                  "Add the Authorization header name")
    return RULE.finding(ctx.doc.span(header.value.start, header.value.end), message, fix=fix,
                        severity=Severity.ERROR)


def _scheme_problem(ctx: FileContext, request: Request, header: Header) -> Finding | None:
    """A stray `:`/`=` after the scheme, the scheme glued to the key, or extra blanks."""
    pieces = header.value.pieces
    scheme = _leading_scheme(pieces)
    if scheme is None:
        return None
    after = len(scheme)
    rest = header.value.slice(after)
    if not rest.pieces:
        return None
    first = rest.pieces[0]
    if first.plain and first.text in ":=":
        key = _strip_blanks(rest.slice(1))
        if not key.pieces:
            return None
        stray = rest.pieces[: len(rest.pieces) - len(key.pieces)]
        message = (
            f"`{scheme}{first.text}` in the Authorization header: the value must be "
            f"`{scheme} <key>`; the server reads `{scheme}{first.text}` as an unknown scheme "
            "and answers 401"
        )
        fix = _replace(ctx, stray, " ", f"Remove the stray `{first.text}`")
        return RULE.finding(ctx.doc.span(first.start, first.end), message, fix=fix,
                            severity=Severity.ERROR)
    if not (first.plain and first.text in _BLANKS):
        if not _glued_key(ctx, rest):
            return None
        message = (
            f"`{scheme}` is glued to the key: the server reads `{scheme}<key>` as one unknown "
            f"scheme and answers 401; write `{scheme} <key>` with a blank"
        )
        fix = _insert(ctx, first, " ", f"Insert a blank after `{scheme}`")
        return RULE.finding(ctx.doc.span(header.value.start, header.value.end), message, fix=fix,
                            severity=Severity.ERROR)
    key = _strip_blanks(rest)
    blanks = rest.pieces[: len(rest.pieces) - len(key.pieces)]
    if not key.pieces or (len(blanks) == 1 and blanks[0].text == " "):
        return None
    shown = "a tab" if any(b.text == "\t" for b in blanks) else f"{len(blanks)} blanks"
    message = (
        f"{shown} after `{scheme}`: HTTP allows it, but servers commonly take everything after "
        f"`{scheme} ` as the key, blank included, and answer 401; use one blank"
    )
    fix = _replace(ctx, blanks, " ", "Use a single blank")
    return RULE.finding(ctx.doc.span(blanks[0].start, blanks[-1].end), message, fix=fix,
                        severity=Severity.WARNING)


def _split_words(ctx: FileContext, request: Request, header: Header) -> Finding | None:
    """`-H Authorization: Bearer $KEY` unquoted: the header is cut at the first blank."""
    if request.tool not in (CURL, WGET) or header.word.quote:
        return None
    value = header.value
    if value.pieces and _leading_scheme(value.pieces) != value.text:
        return None  # the value is more than a bare scheme: not cut short
    args = request.command.args
    index = next((i for i, w in enumerate(args) if w.span == header.word.span), None)
    if index is None:
        return None
    taken = _continuation(ctx, args[index + 1 : index + 3], has_scheme=bool(value.pieces))
    if not taken:
        return None
    words = [header.word, *taken]
    message = (
        f"the header is not quoted: {_client(request)} gets `{header.word.value}` alone as the "
        f"header (sending no credentials) and takes {_listing(taken)} for URLs; quote the "
        "whole header"
    )
    fix = None
    plain = all(not w.quote and not any(c in w.text for c in "\\\"'`") for w in words)
    if plain and words[-1].span.line == words[0].span.line:
        joined = '"' + " ".join(w.text for w in words) + '"'
        end = ctx.doc.start(words[-1].span) + len(words[-1].text)
        edit = Edit(ctx.doc.span(ctx.doc.start(words[0].span), end), joined)
        fix = Fix("Quote the whole header", (edit,))
    end = ctx.doc.start(taken[-1].span) + len(taken[-1].text)
    return RULE.finding(ctx.doc.span(ctx.doc.start(header.word.span), end), message, fix=fix,
                        severity=Severity.ERROR)


def _continuation(ctx: FileContext, words: Sequence[Word], *, has_scheme: bool) -> list[Word]:
    """The words after a cut header that belong to it: `[scheme] key`, ending with a key."""
    taken: list[Word] = []
    for word in words:
        if not taken and not has_scheme and word.value.lower() in _LOWER_SCHEMES:
            taken.append(word)
            continue
        pieces = word_pieces(ctx.doc, word)
        token = None if pieces is None else Token(pieces, ctx.doc.start(word.span))
        if token is not None and is_credential_token(ctx.registry, token, ctx.config):
            return [*taken, word]
        break
    return []


# --- a header on a line of its own ---------------------------------------------------------


def _detached(ctx: FileContext) -> Iterator[Finding]:
    """`-H "Authorization: …"` run as a command: the line before lacks its trailing `\\`."""
    commands = ctx.parsed.commands
    for index, command in enumerate(commands):
        if command.name not in _HEADER_OPTIONS or not command.args:
            continue
        word = command.args[0]
        pieces = word_pieces(ctx.doc, word)
        header = None if pieces is None else parse_header(ctx.doc, word, pieces)
        if header is None or not header.carries_key:
            continue
        chain = _chain(ctx, commands, index)
        if chain is None:
            continue
        tool = client(chain[0])[0]
        message = (
            f"this header is a command of its own: a line of the `{chain[0].name}` command "
            "above does not end with `\\`, so the shell runs the request without it (and then "
            f"fails to run `{command.name}`); the server answers 401. End every line of the "
            "command but the last with ` \\`"
        )
        edits = [edit for c in chain[:-1] if (edit := _continue_line(ctx, c)) is not None]
        fix = None
        if len(edits) == len(chain) - 1:
            fix = Fix("Join the lines into one command with `\\`", tuple(edits))
        related = Related(chain[0].name_span, f"the {_client_name(tool)} command it belongs to")
        start = ctx.doc.start(word.span)
        yield RULE.finding(ctx.doc.span(start, start + len(word.text)), message,
                           fix=fix, related=(related,), severity=Severity.ERROR)


def _chain(ctx: FileContext, commands: Sequence[Command], index: int) -> list[Command] | None:
    """The HTTP client command and the option lines after it, up to the last option line.

    Each must start on the line after the previous one ended; None when the option lines
    do not follow an HTTP client command.
    """
    def follows(before: Command, after: Command) -> bool:
        return (after.nested == before.nested
                and after.span.line == before.span.end_line + 1)

    start = index
    while start > 0 and follows(commands[start - 1], commands[start]):
        start -= 1
        if not commands[start].name.startswith("-"):
            break
    if not client(commands[start])[0]:
        return None
    end = index
    while end + 1 < len(commands) and commands[end + 1].name.startswith("-") and \
            follows(commands[end], commands[end + 1]):
        end += 1
    return list(commands[start : end + 1])


def _continue_line(ctx: FileContext, command: Command) -> Edit | None:
    """` \\` at the end of the command's last line, when nothing but blanks follows it."""
    end = ctx.doc.end(command.span)
    line_end = ctx.doc.line_end(command.span.end_line)
    if ctx.doc.text[end:line_end].strip(" \t"):
        return None
    return Edit(ctx.doc.span(end, line_end), " \\")


# --- single quotes --------------------------------------------------------------------------


def _single_quoted(
    ctx: FileContext, request: Request, credential: Credential
) -> Iterator[Finding]:
    """`'…$KEY…'`: the shell passes `$KEY` through as text."""
    pieces = credential.token.pieces
    for index, piece in enumerate(pieces):
        if not (piece.plain and piece.text == "$" and piece.quote in ("'", "$'")):
            continue
        name = _literal_name(pieces[index + 1 :])
        if not name:
            continue
        braced = pieces[index + 1].text == "{"
        end = pieces[index + len(name) + (2 if braced else 0)].end
        written = ctx.doc.text[piece.start : end]
        message = (
            f"`{written}` is inside single quotes, so the shell never expands it: "
            f"{_client(request)} sends the literal text `{written}` as the key and the server "
            "answers 401; use double quotes"
        )
        fix = _double_quotes(ctx, piece)
        yield RULE.finding(ctx.doc.span(piece.start, end), message, fix=fix,
                           severity=Severity.ERROR)


def _literal_name(pieces: Sequence[Piece]) -> str:
    """The variable name a literal `$` would have expanded (`NAME` or `{NAME}`)."""
    braced = bool(pieces) and pieces[0].text == "{"
    name = ""
    for piece in pieces[1:] if braced else pieces:
        if not piece.plain or not (piece.text.isascii() and (piece.text.isalnum() or
                                                             piece.text == "_")):
            break
        name += piece.text
    if not name or name[0].isdigit():
        return ""
    if braced and (len(pieces) <= len(name) + 1 or pieces[len(name) + 1].text != "}"):
        return ""
    return name


def _double_quotes(ctx: FileContext, piece: Piece) -> Fix | None:
    """The single-quoted string holding `piece`, requoted with double quotes, when its text
    means the same there apart from the intended expansions."""
    if piece.quote != "'":
        return None
    text = ctx.doc.text
    opening = text.rfind("'", 0, piece.start)
    closing = text.find("'", piece.start)
    if opening < 0 or closing < 0:
        return None
    inner = text[opening + 1 : closing]
    if any(c in inner for c in '"`\\!'):
        return None
    dollars = [i for i, c in enumerate(inner) if c == "$"]
    if any(not _literal_name(_chars(inner[i + 1 :])) for i in dollars):
        return None  # a `$` that must stay literal (`$5`, `$(`): not clearly a mistake
    edits = (Edit(ctx.doc.span(opening, opening + 1), '"'),
             Edit(ctx.doc.span(closing, closing + 1), '"'))
    return Fix("Use double quotes so the variable expands", edits)


def _chars(text: str) -> list[Piece]:
    return [Piece(c, i, i + 1, "'") for i, c in enumerate(text)]


# --- helpers ----------------------------------------------------------------------------------


def _leading_scheme(pieces: Sequence[Piece]) -> str | None:
    """The auth scheme the value starts with, as written (`Bearer`, `bearer`), if any."""
    for lower, _ in _LOWER_SCHEMES.items():
        head = pieces[: len(lower)]
        if len(head) == len(lower) and all(p.plain for p in head):
            written = "".join(p.text for p in head)
            if written.lower() == lower:
                return written
    return None


def _glued_key(ctx: FileContext, rest: Token) -> bool:
    """Does what follows a scheme (with no blank) look like the key itself?"""
    if rest.pieces[0].name:
        return is_credential_token(ctx.registry, rest.slice(0, 1), ctx.config)
    return rest.literal and ctx.registry.attribute_key(rest.text) is not None


def _scheme_then_key(ctx: FileContext, value: Token) -> bool:
    scheme = _leading_scheme(value.pieces)
    if scheme is None or len(value.pieces) <= len(scheme):
        return False
    rest = value.slice(len(scheme))
    if not (rest.pieces[0].plain and rest.pieces[0].text in _BLANKS):
        return False
    key = _strip_blanks(rest)
    return bool(key.pieces) and is_credential_token(ctx.registry, key, ctx.config)


def _strip_blanks(token: Token) -> Token:
    skip = 0
    while skip < len(token.pieces) and token.pieces[skip].plain and \
            token.pieces[skip].text in _BLANKS:
        skip += 1
    return token.slice(skip)


def _replace(ctx: FileContext, pieces: Sequence[Piece], text: str, title: str) -> Fix | None:
    edits = replace_pieces(ctx.doc, pieces, text)
    return None if edits is None else Fix(title, tuple(edits))


def _insert(ctx: FileContext, before: Piece, text: str, title: str) -> Fix | None:
    edit = insert_before(ctx.doc, before, text)
    return None if edit is None else Fix(title, (edit,))


def _marks(header: Header) -> list[Piece]:
    return [header.mark] if header.mark is not None else []


def _ows(header: Header) -> list[Piece]:
    """The blanks between a header's separator and its value."""
    raw, value = header.raw_value.pieces, header.value.pieces
    return list(raw[: len(raw) - len(value)])


def _colon(request: Request) -> str:
    """The separator a fix writes: `: ` for curl/wget header lines, `:` for HTTPie items."""
    return ":" if request.tool in (HTTPIE, XH) else ": "


def _client(request: Request) -> str:
    return _client_name(request.tool)


def _client_name(tool: str) -> str:
    return {CURL: "curl", WGET: "wget", HTTPIE: "HTTPie", XH: "xh"}[tool]


def _listing(words: Sequence[Word]) -> str:
    """The words as written, a literal key among them redacted."""
    return " and ".join(f"`{w.text}`" if w.dynamic or w.value.lower() in _LOWER_SCHEMES
                        else redact(w.value) for w in words)


RULE = Rule(
    code="KL602",
    name="malformed-auth-header",
    severity=Severity.ERROR,
    summary="auth header written so the key never arrives (`Bearer:`, `=`, single quotes…)",
    what="`Bearer: …` used as a header name, `Authorization=…`, `Authorization: Bearer: …`, "
    "two spaces after `Bearer`, `Authorization:Bearer`, and `'Authorization: Bearer $KEY'` "
    "in single quotes (the variable never expands). Precisely, in `curl`, `wget`, HTTPie and "
    "`xh` commands: `Bearer: $KEY` (or `Basic:`) used as a "
    "header name; `Authorization=…` (or `x-api-key=…`) with `=` instead of `:`; a header line "
    "with no name (`-H \"Bearer $KEY\"`); a stray `:` or `=` after the scheme "
    "(`Authorization: Bearer: $KEY`); the scheme glued to the key (`Bearer$KEY`, "
    "`Bearersk-…`); more than one blank or a tab after the scheme (a warning: RFC 9110 allows "
    "it, many servers do not); `$KEY` inside single quotes in an auth header, a `?key=` URL, "
    "`-u` or `--oauth2-bearer` (it never expands); an unquoted `-H Authorization: Bearer "
    "$KEY` that the shell splits into several arguments. `Authorization:Bearer sk-…` with no "
    "blank after the colon is valid HTTP (the blank is optional) and is not reported.",
    why="Each of these sends no credentials, or sends them in a shape no server accepts, and "
    "the answer is 401 \"invalid API key\" for a key that is fine. curl ignores a header line "
    "without a colon; HTTPie turns `Name=value` into a JSON body field; single quotes send "
    "the fifteen characters `$OPENAI_API_KEY` instead of the key.",
    example="```sh\ncurl https://api.openai.com/v1/models -H 'Authorization: Bearer "
    "$OPENAI_API_KEY'\ncurl https://api.openai.com/v1/models -H \"Authorization: Bearer: "
    "$OPENAI_API_KEY\"\n```\n\nFixed:\n\n```sh\ncurl https://api.openai.com/v1/models -H "
    "\"Authorization: Bearer $OPENAI_API_KEY\"\ncurl https://api.openai.com/v1/models -H "
    "\"Authorization: Bearer $OPENAI_API_KEY\"\n```",
    check=check,
    kinds=frozenset({FileKind.SHELL}),
    fix="rewrite the header in the `Authorization: Bearer <key>` shape (name, separator, one "
    "blank), quote it whole, or switch single quotes to double quotes when nothing else in "
    "them changes meaning",
)
