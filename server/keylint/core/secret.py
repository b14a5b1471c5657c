"""A key value that cannot leak by accident, and the scrubber for text that might quote it.

The live probe is the one place where keylint holds a full key *and* talks to the outside
world, so every object that carries the key shows only its redacted form (`repr`, `str`,
f-strings, tracebacks of frozen dataclasses), and every text that comes back from a server
or an exception is scrubbed before anyone sees it: providers echo the key they received
(OpenAI's "Incorrect API key provided: sk-abc***wxyz" masks it, a misbehaving proxy may not).
"""

from __future__ import annotations

import unicodedata

from keylint.core.credentials import redact

# A run of this many characters copied from the key is treated as the key leaking: short
# enough to catch a truncated echo, long enough that the masked echoes providers print
# (first 3 + last 4 characters) and ordinary words stay readable.
SCRUB_MIN = 8
SCRUBBED = "[redacted]"
# unicodedata has no names for control characters; these are the ones that end up in keys.
_CONTROL = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "CHARACTER TABULATION",
            "\x00": "NULL", "\x0b": "LINE TABULATION", "\x0c": "FORM FEED"}


class Secret:
    """Holds a key. `reveal()` is the only way to the value; everything else redacts.

    Not a dataclass on purpose: a generated `__repr__` would print the value, and so would
    `pickle`, `copy` or an accidental `str()` in a log line.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the one request that needs it."""
        return self._value

    @property
    def redacted(self) -> str:
        """`sk-pr…9xQf (164 chars)`, with control and invisible characters escaped (`\\n`)
        so that a key ending in a line break cannot break the line that shows it."""
        return "".join(
            c if c.isprintable() or c == " " else c.encode("unicode_escape").decode()
            for c in redact(self._value)
        )

    def __len__(self) -> int:
        return len(self._value)

    def __repr__(self) -> str:
        return f"Secret({self.redacted})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(repr(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret is not picklable: it would write the key out")


def scrub(text: str, secret: str | Secret) -> str:
    """`text` with the key and every run of SCRUB_MIN or more characters copied from it
    replaced by SCRUBBED. Masked echoes (`sk-abc***wxyz`) have shorter runs and stay."""
    key = secret.reveal() if isinstance(secret, Secret) else secret
    if not text or not key:
        return text
    if len(key) < SCRUB_MIN:
        return text.replace(key, SCRUBBED)
    grams = {key[i : i + SCRUB_MIN] for i in range(len(key) - SCRUB_MIN + 1)}
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i : i + SCRUB_MIN] in grams:
            end = i + SCRUB_MIN
            while end < len(text) and text[i : end + 1] in key:
                end += 1
            out.append(SCRUBBED)
            i = end
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def unsendable(key: str) -> str | None:
    """Why `key` cannot travel in an HTTP header as it is, or None when it can.

    HTTP clients refuse line breaks and non-ASCII in header values (httpx raises an error
    that quotes the whole header, key included) or silently strip edge blanks, so the
    server would see a different key: the value must be fixed before any probe.
    """
    for index, char in enumerate(key):
        if "!" <= char <= "~":
            continue
        name = unicodedata.name(char, "") or _CONTROL.get(char, "(a control character)")
        where = "at the end" if index == len(key) - 1 else (
            "at the start" if index == 0 else f"at position {index}")
        return f"it contains U+{ord(char):04X} {name} {where}"
    return None
