"""Character classes shared by the value-hygiene rules (KL101, KL103, KL104, KL106, KL202).

One table decides which characters each rule owns, so that a character is never reported
twice: KL103 (invisible-char) owns the invisible and space-like ones (KL101 leaves exactly
those to it), KL104 (smart-quotes) the typographic quotes (KL103 does not call them
look-alikes), and in a key KL202 (invalid-key-chars) the marks of a masked or shortened
display copy (KL103 does not call `…` a look-alike either).
"""

from __future__ import annotations

import unicodedata

# Characters that take no room on screen (or change text direction) but are loaded as part of
# a value. U+FEFF is a byte-order mark only at offset 0 of a file; anywhere else it is one of these.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u180e\ufeff")
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SOFT_HYPHEN = "\u00ad"
# Space-like characters that look like (or are) a blank but are not ASCII space or tab.
UNICODE_SPACES = frozenset(
    "\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
REPLACEMENT = "\ufffd"  # what a decoder puts where a file had invalid UTF-8 bytes

INVISIBLE = ZERO_WIDTH | BIDI | {SOFT_HYPHEN}
KL103_OWNED = INVISIBLE | UNICODE_SPACES | {REPLACEMENT}

# Typographic quotes: no loader (shell, python-dotenv, Docker, Node) treats them as quoting.
SMART_DOUBLE = frozenset("“”„‟«»″〝〞＂")
SMART_SINGLE = frozenset("‘’‚‛‹›＇")
SMART_QUOTES = SMART_DOUBLE | SMART_SINGLE

# What a dashboard writes into the copy of a key it displays: `sk-pr…9xQf` (shortened),
# `sk-••••9xQf` (masked). Non-ASCII, but not look-alikes: in a key KL202 reports them (KL107
# when the whole value is such a copy), everywhere else KL103 does.
DISPLAY_MASKS = frozenset("…•")

# Names Python's unicodedata does not know (control characters).
_FALLBACK_NAMES = {"\u0085": "NEXT LINE (NEL)"}


def describe(char: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its Unicode name, for messages."""
    name = unicodedata.name(char, "") or _FALLBACK_NAMES.get(char, "")
    if not name:
        name = f"(unnamed, category {unicodedata.category(char)})"
    return f"U+{ord(char):04X} {name}"


def is_blank(char: str) -> bool:
    """Whitespace as loaders see it, on one line: tab, space, NBSP... (line breaks excluded)."""
    return char not in "\r\n" and (char.isspace() or char in INVISIBLE or char in UNICODE_SPACES)


def visible(text: str) -> str:
    """`text` with every KL103 character shown as `<U+200B>`, so a message can quote a name."""
    return "".join(f"<U+{ord(c):04X}>" if c in KL103_OWNED else c for c in text)


def runs(indexes: list[int], text: str) -> list[tuple[int, int]]:
    """Group sorted indexes into [start, end) runs of adjacent, identical characters."""
    grouped: list[tuple[int, int]] = []
    for index in indexes:
        if grouped and grouped[-1][1] == index and text[index] == text[index - 1]:
            grouped[-1] = (grouped[-1][0], index + 1)
        else:
            grouped.append((index, index + 1))
    return grouped
