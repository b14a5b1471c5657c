"""Fake API keys built in code: the right shape, never a real key, nothing key-shaped committed.

Keys come from the provider registry's own shapes (prefix, charset, marker in the middle,
suffix, the documented length) filled with deterministic pseudo-random characters, so a test
reads `fake_key("openai", "project")` instead of a literal a secret scanner would flag.
"""

from __future__ import annotations

import functools
import random
import re

from keylint.core import providers
from keylint.core.providers import KeyShape


def fake_key(
    provider: str, kind: str | None = None, *, length: int | None = None, seed: int = 0
) -> str:
    """A key of `provider`'s shape (`kind`, or its first shape), `length` characters long
    (default: the documented length). The same arguments always give the same key."""
    found = providers.get(provider)
    if found is None:
        raise ValueError(f"no provider {provider!r} in the registry")
    shape = found.shape(kind) if kind else (found.shapes[0] if found.shapes else None)
    if shape is None:
        raise ValueError(f"{provider} has no key shape {kind!r}")
    return key_for_shape(shape, length=length, seed=seed, salt=provider)


def key_for_shape(
    shape: KeyShape, *, length: int | None = None, seed: int = 0, salt: str = ""
) -> str:
    """A key of exactly this shape. With a centred marker and an odd body, the extra
    character goes before the marker (so the marker then sits off-centre, as asked)."""
    total = length if length is not None else shape.typical_length
    body = total - len(shape.prefix) - len(shape.marker) - len(shape.suffix)
    if body < 0:
        raise ValueError(f"{total} characters cannot hold the prefix, marker and suffix")
    rng = random.Random(f"{salt}/{shape.kind}/{shape.prefix}/{seed}")
    chars = _alphabet(shape.charset)
    fill = "".join(rng.choice(chars) for _ in range(body))
    half = body - body // 2
    return shape.prefix + fill[:half] + shape.marker + fill[half:] + shape.suffix


def truncated(key: str, n: int) -> str:
    """The key with its last `n` characters lost (a short copy, a cut terminal line)."""
    return key[:-n]


def masked(key: str, style: str = "stars") -> str:
    """The key as a dashboard shows it: `stars` keeps the length (`sk-pr****9xQf`),
    `ellipsis` shortens it (`sk-pr…9xQf`)."""
    if style == "ellipsis":
        return key[:8] + "…" + key[-4:]
    return key[:8] + "*" * (len(key) - 12) + key[-4:]


@functools.cache
def _alphabet(charset: str) -> str:
    pattern = re.compile(charset)
    return "".join(c for c in map(chr, range(33, 127)) if pattern.fullmatch(c))


def well_formed_keys() -> list[tuple[str, str]]:
    """(variable, key) for every prefixed shape of the registry, at its minimum, typical and
    maximum length (a centred marker needs an even body), a few seeds each: what no key rule
    may ever report."""
    found = []
    for provider in providers.providers():
        names = [v.name for v in provider.env_for("key")] or ["SOME_API_KEY"]
        for shape in provider.shapes:
            if not shape.prefix:
                continue
            for length in {shape.min_length, shape.typical_length, shape.max_length}:
                body = length - len(shape.prefix) - len(shape.marker) - len(shape.suffix)
                if shape.marker_centered and body % 2:
                    length += 1
                for seed in range(3):
                    key = key_for_shape(shape, length=length, seed=seed, salt=provider.id)
                    found.append((names[0], key))
    return found
