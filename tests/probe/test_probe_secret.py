"""The key holder never shows the key, and the scrubber removes it from what servers echo."""

from __future__ import annotations

import copy
import pickle

import pytest

from keylint.core.secret import SCRUBBED, Secret, scrub, unsendable
from keys import fake_key

KEY = fake_key("openai", "project", seed=9)


def test_every_rendering_of_a_secret_is_redacted() -> None:
    secret = Secret(KEY)
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret:>300}",
                 repr([secret]), repr({"k": secret})):
        assert KEY not in text
        assert "(164 chars)" in text
    assert secret.reveal() == KEY


def test_a_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(KEY))
    with pytest.raises(TypeError):
        copy.copy(Secret(KEY))


def test_scrub_removes_the_key_and_long_pieces_of_it() -> None:
    text = f"got {KEY}; prefix {KEY[:30]}; middle {KEY[40:60]}; tail {KEY[-12:]}"
    cleaned = scrub(text, KEY)
    assert cleaned == (f"got {SCRUBBED}; prefix {SCRUBBED}; middle {SCRUBBED}; "
                       f"tail {SCRUBBED}")


def test_scrub_keeps_masked_echoes_and_ordinary_text() -> None:
    masked = f"Incorrect API key provided: {KEY[:6]}***{KEY[-4:]}. See the docs."
    assert scrub(masked, KEY) == masked
    assert scrub("", KEY) == ""


def test_a_short_key_is_still_scrubbed_whole() -> None:
    assert scrub("token abc123 rejected", "abc123") == f"token {SCRUBBED} rejected"


def test_unsendable_names_the_character_and_where() -> None:
    assert unsendable(KEY) is None
    assert unsendable(KEY + "\n") == "it contains U+000A LINE FEED at the end"
    assert unsendable("\ufeff" + KEY) == "it contains U+FEFF ZERO WIDTH NO-BREAK SPACE at the start"
    assert unsendable(KEY[:10] + "é" + KEY[10:]) == (
        "it contains U+00E9 LATIN SMALL LETTER E WITH ACUTE at position 10")
