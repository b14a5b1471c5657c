"""Key values: which assignments and command words hold an API key, and where its characters are.

The key rules (KL201 truncated, KL202 invalid characters, KL203 wrong provider, KL204 scheme,
KL205 two keys glued) judge the key a program actually sends, not the text as written. Between
the two sit quotes and escapes (read through `_values.value_chars`) and characters other rules
already own: blanks at the edges (KL101), invisible characters (KL103), typographic quotes
(KL104), a trailing newline (KL105). Those are peeled off here, once, so that each character is
reported by exactly one rule and a key with a trailing space is still recognised as a key.

Placeholders are KL107's: a value KL107 reports is marked, and templates (where every value is
an example) get a stricter test of whether a value looks like a real key at all. The marks of a
dashboard's masked or shortened copy (`…`, `•`) in a key are the key rules' too, not KL103's
(`display_masks_owned`).
"""

from __future__ import annotations

import re
import string
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, mask_secrets
from keylint.core.model import Assignment, Span, Word
from keylint.core.providers import KeyMatch, Provider
from keylint.core.rules import kl107_placeholder
from keylint.core.rules._chars import KL103_OWNED, SMART_QUOTES
from keylint.core.rules._values import Char, value_chars

# `Bearer sk-…`, `token r8_…`, `Basic …`, also doubled (`Bearer Bearer …`): schemes SDKs add.
SCHEME = re.compile(r"(?:(?:bearer|basic|token):?[ \t]+)+", re.IGNORECASE)
ASCII_QUOTES = frozenset("\"'`")
_EDGE_QUOTES = ASCII_QUOTES | SMART_QUOTES
# A literal key in a command word starts after one of these (or at the word's start) and ends
# before one of these (or at the word's end): `Bearer sk-…"`, `--api-key=sk-…`, `key=AIza…&`.
# A key-like run inside a path or host name (`/sk-proj-…/`, `sk-….example`) is not a key.
_BEFORE = frozenset(" \t=:\"'")
_AFTER = frozenset(" \t\"'&,;)}")
_KEY_RUN = re.compile(r"[A-Za-z0-9_-]+")
# Words people type into example keys (4+ letters: a random key body holds one by chance
# about once in a million; `xxxx` and `abcd` are caught as repeats and runs).
_PLACEHOLDER_WORDS = re.compile(  # searched in the lowercased text: faster than IGNORECASE
    r"your|here|example|placeholder|replace|change|insert|dummy|sample|demo|test|fake|todo"
    r"|secret|token"
)
_ALPHABETS = (string.digits, string.ascii_lowercase, string.ascii_uppercase)
# Each character's successor and predecessor in its alphabet, for spotting `1234` and `dcba`.
_STEPS = (
    None,  # the same character: `xxxx`
    str.maketrans({c: chr(ord(c) + 1) for alphabet in _ALPHABETS for c in alphabet[:-1]}),
    str.maketrans({c: chr(ord(c) - 1) for alphabet in _ALPHABETS for c in alphabet[1:]}),
)
_KEY_CHARS = re.compile(r"[A-Za-z0-9_-]*")
_NEEDS_DECODING = re.compile(r"[\\$`\r\"']")
_T = TypeVar("_T")
_MEMO: dict[tuple[int, str], object] = {}


@dataclass(frozen=True)
class KeyValue:
    """A key as a program sends it, with the source range of every character.

    `loaded_text` is what the loader produces (for a command word: the key alone), and
    `loaded` the same characters with their source ranges (built only when a rule needs a
    position). `loaded_text[first:end]` is the key itself, once the edge characters other
    rules own, edge quotes and an authorization scheme (`scheme_start:first`) are peeled off.
    `match` is the provider the prefix (or marker) says, or None.
    """

    name: str  # the variable; "" for a key written in a command
    assignment: Assignment | None
    loaded_text: str
    first: int
    end: int
    scheme_start: int
    match: KeyMatch | None
    kl107: bool  # KL107 reports this value as a placeholder
    source: Callable[[], tuple[Char, ...]] = field(repr=False, compare=False)
    base: int | None = None  # when each loaded character is one source character: its offset

    @cached_property
    def loaded(self) -> tuple[Char, ...]:
        return self.source()

    @cached_property
    def text(self) -> str:
        return self.loaded_text[self.first : self.end]

    @cached_property
    def chars(self) -> tuple[Char, ...]:
        return self.loaded[self.first : self.end]

    @property
    def plain(self) -> bool:
        """Only key characters, and nothing loaded around the key: most real keys."""
        return (
            self.first == self.scheme_start == 0 and self.end == len(self.loaded_text)
            and _KEY_CHARS.fullmatch(self.text) is not None
        )

    @property
    def prefix(self) -> str:
        return self.match.shape.prefix if self.match else ""

    @property
    def subject(self) -> str:
        """How messages name the key: the variable, or "the key in this command"."""
        return shown_name(self.name) if self.name else "the key in this command"

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Document offsets [start, end) of text[start:end] (the whole key by default)."""
        stop = len(self.text) if end is None else end
        if self.base is not None:
            return self.base + self.first + start, self.base + self.first + stop
        chars = self.chars[start:stop]
        return chars[0].start, chars[-1].end

    def looks_real(self) -> bool:
        """Whether the part after the prefix looks like a random key, not a typed example."""
        return looks_random(self.text[len(self.prefix) :])


def assignment_keys(ctx: FileContext) -> list[KeyValue]:
    """Every assignment whose value is (or is meant to be) an API key.

    A credential by name (`*_API_KEY`, `*_TOKEN`, a registry key variable), or any variable
    whose value starts with a known provider prefix and is certainly that provider's. Values a
    program does not see as written are skipped: empty, dynamic (`$X`, `${X}`), or with a
    quote that never closes (KL106's). Computed once per file for all the key rules.
    """
    return _memo(ctx, "assignments", _assignment_keys)


def word_keys(ctx: FileContext) -> list[KeyValue]:
    """Literal keys in command arguments (`curl -H "Authorization: Bearer sk-ant-…"`).

    Only runs that start at a word boundary with a prefix that settles the provider: a bare
    `sk-…` in a command is as likely a slug or a file name as a key.
    """
    return _memo(ctx, "words", _word_keys)


def _assignment_keys(ctx: FileContext) -> list[KeyValue]:
    placeholders = _kl107_spans(ctx)
    registry = ctx.registry
    found: list[KeyValue] = []
    for assignment in ctx.parsed.assignments:
        if assignment.dynamic or not assignment.closed or not assignment.value.strip():
            continue
        info = registry.provider_for_env(assignment.name)
        named = is_credential_name(assignment.name, ctx.config) or (
            info is not None and info.role == "key"
        )
        if not named and not (
            _may_start_with_prefix(assignment.value)
            and (registry.mentions_key_prefix(assignment.value)
                 or registry.mentions_key_prefix(assignment.raw))
        ):
            continue  # not a key by name, and no provider's prefix anywhere in it
        decoded = _decode(ctx, assignment)
        if decoded is None:
            continue
        loaded_text, source, escaped, base = decoded
        first, end, scheme_start = _peel(loaded_text, escaped)
        if first >= end:
            continue
        match = registry.attribute_key(loaded_text[first:end])
        if not named and (match is None or not match.certain):
            continue
        found.append(KeyValue(
            assignment.name, assignment, loaded_text, first, end, scheme_start, match,
            kl107=assignment.value_span in placeholders, source=source, base=base,
        ))
    return found


def _decode(
    ctx: FileContext, assignment: Assignment
) -> tuple[str, Callable[[], tuple[Char, ...]], frozenset[int], int | None] | None:
    """(loaded text, its characters with source ranges, indexes of escaped `\\n`/`\\r`, the
    offset of the first character when each is one source character).

    Most values need no decoding: without a backslash, a `$`, a backtick, a carriage return or
    an inner quote, each loaded character is one source character, and the characters with
    their ranges are built only if a finding needs them. Anything else goes through
    `_values.value_chars`, which knows every loader's quoting and escapes.
    """
    raw, base, quote = assignment.raw, ctx.doc.start(assignment.value_span), assignment.quote
    inner = raw[1:-1] if quote and len(raw) >= 2 and raw[0] == raw[-1] == quote else None
    text = raw if not quote else inner
    simple = text is not None and _NEEDS_DECODING.search(text) is None
    if simple and text is not None:
        start = base + (1 if quote else 0)

        def source() -> tuple[Char, ...]:
            return tuple(Char(c, start + i, start + i + 1, quote) for i, c in enumerate(text))

        return text, source, frozenset(), start
    chars = value_chars(ctx.doc, assignment)
    if not chars:
        return None
    document = ctx.doc.text
    escaped = frozenset(
        i for i, c in enumerate(chars) if document[c.start : c.end] in ("\\n", "\\r")
    )
    return "".join(c.char for c in chars), lambda: chars, escaped, None


def _word_keys(ctx: FileContext) -> list[KeyValue]:
    return [key for command in ctx.parsed.commands for word in command.args
            for key in _keys_in_word(ctx, word)]


def _memo(ctx: FileContext, what: str, compute: Callable[[FileContext], _T]) -> _T:
    """`compute(ctx)`, once per file context: five rules read the same key values.

    Keyed by the context's identity and dropped when the context is collected, so a new
    check (or a new version of the text in the editor) never sees stale values.
    """
    key = (id(ctx), what)
    if key not in _MEMO:
        _MEMO[key] = compute(ctx)
        weakref.finalize(ctx, _MEMO.pop, key, None)
    return _MEMO[key]  # type: ignore[return-value]


def _keys_in_word(ctx: FileContext, word: Word) -> list[KeyValue]:
    text = word.text
    found: list[KeyValue] = []
    for run in _KEY_RUN.finditer(text):
        start, end = run.span()
        if start and text[start - 1] not in _BEFORE:
            continue
        if end < len(text) and text[end] not in _AFTER:
            continue
        key = run.group()
        match = ctx.registry.attribute_key(key)
        if match is None or not match.certain:
            continue
        base = ctx.doc.start(word.span) + start

        def source(key: str = key, base: int = base) -> tuple[Char, ...]:
            return tuple(Char(c, base + i, base + i + 1, "") for i, c in enumerate(key))

        found.append(KeyValue("", None, key, 0, len(key), 0, match, kl107=False,
                              source=source, base=base))
    return found


def shown_name(name: str) -> str:
    """The variable name as a message may show it: a key pasted without a line break before
    `echo NAME=… >> .env` ends up inside the next name (`sk-proj-…OPENAI_API_KEY`)."""
    masked = mask_secrets(name)
    return name if masked == name else re.sub("•+", "…", masked)


def quiet_file(ctx: FileContext) -> bool:
    """Templates and deliberately redacted copies (both `Document.template`, decided by
    `core.files.is_template`): their key values are examples or masks."""
    return ctx.doc.template


def display_masks_owned(ctx: FileContext, assignment: Assignment) -> bool:
    """Whether the key rules report the `…` and `•` in this assignment's value (`DISPLAY_MASKS`):
    KL202 inside a key, KL107 when the whole value is a placeholder or an elided copy. KL103
    leaves them alone there, so a masked key is explained once, as a masked key."""
    return assignment.value_span in _memo(ctx, "masks", _display_mask_spans)


def _display_mask_spans(ctx: FileContext) -> frozenset[Span]:
    spans = {key.assignment.value_span for key in assignment_keys(ctx) if key.assignment}
    return frozenset(spans | _kl107_spans(ctx))


def looks_random(body: str) -> bool:
    """True when `body` could be the random part of a real key, not something typed.

    Typed examples repeat a character (`xxxx`, `0000`), count (`1234`, `dcba`), or spell a
    word (`your_key_here`, `test`); random keys of 8+ characters almost never do.
    """
    if len(body) < 8 or len(set(body)) < min(8, len(body) // 2):
        return False
    if _PLACEHOLDER_WORDS.search(body.lower()):
        return False
    return not any(_runs_of_four(body, step) for step in _STEPS)


def _runs_of_four(body: str, step: dict[int, str] | None) -> bool:
    """Whether 4 characters in a row each follow from the one before by `step`.

    Compared all at once: XOR of the shifted texts as integers has a zero byte wherever a
    character follows from the previous one, so a run of four is three zero bytes in a row.
    """
    before = body[:-1] if step is None else body[:-1].translate(step)
    after = body[1:]
    size = len(after)
    left = int.from_bytes(before.encode("latin-1", "replace"), "big")
    right = int.from_bytes(after.encode("latin-1", "replace"), "big")
    return b"\0\0\0" in (left ^ right).to_bytes(size, "big")


def key_kind(provider: Provider | None, match: KeyMatch) -> str:
    """`OpenAI project key`, `Anthropic API key`, `Groq API key`: for messages."""
    kind = match.shape.kind
    label = {"api": "API key", "oauth-access": "OAuth access token",
             "oauth-refresh": "OAuth refresh token", "other": "key"}.get(
        kind, kind.replace("-", " ") + " key")
    return f"{provider.name} {label}" if provider else label


def with_article(words: str) -> str:
    """`an OpenAI project key`, `a Groq API key` (by the first letter's sound)."""
    return ("an " if words[:1].lower() in "aeiox" else "a ") + words


def _peel(text: str, escaped: frozenset[int]) -> tuple[int, int, int]:
    """(first, end, scheme_start): the key inside the loaded text.

    Peeled from the end: blanks, invisible characters and typographic or ASCII quotes, and a
    trailing newline in any of KL105's spellings (a real line break, a literal backslash-n, or
    the `n` an unquoted shell `\\n` leaves: an index in `escaped`). From the start: blanks and
    quotes, then a scheme.
    """
    first, end = 0, len(text)
    while first < end and _edge(text[first]):
        first += 1
    while end > first:
        if _edge(text[end - 1]) or end - 1 in escaped:
            end -= 1
        elif text[end - 1] in "nr" and end - 2 >= first and text[end - 2] == "\\":
            end -= 2
        else:
            break
    scheme_start = first
    found = SCHEME.match(text, first, end)
    if found:
        first = found.end()
    return first, end, scheme_start


def _edge(char: str) -> bool:
    return char.isspace() or char in KL103_OWNED or char in _EDGE_QUOTES


def _may_start_with_prefix(value: str) -> bool:
    """Cheap filter before decoding a non-credential value: keys are one unbroken word."""
    stripped = value.strip().strip("".join(_EDGE_QUOTES))
    return len(stripped) >= 8 and " " not in stripped


def _kl107_spans(ctx: FileContext) -> frozenset[Span]:
    """The value spans KL107 reports, whether or not KL107 is enabled: ours stay silent there."""
    return _memo(ctx, "kl107", lambda ctx: frozenset(
        finding.span for finding in kl107_placeholder.check(ctx)
    ))
