"""KL401 unknown-var-name: a variable no SDK or tool reads, close to one that is read.

`HIAPI_KEY` for `HIAPI_API_KEY`, `ANTHROPIC_APIKEY`, `OPEN_AI_API_KEY`, `OPENAI_KEY`: the file
sets a key and the SDK, reading the canonical name, finds nothing ("API key not found") or an
older key from elsewhere. Apps define their own names, though, so precision comes first:

* only names close to a canonical name: the same words with `API_` dropped or added, `APIKEY`
  joined, `_` inside a provider's word (`OPEN_AI`), or a misspelling (one edit in a name of 8+
  letters, two in one of 14+; not a changed digit, not `GROK` for `GROQ`);
* never a name some tool reads, nor a canonical name with something added (`MY_OPENAI_API_KEY`,
  `NEXT_PUBLIC_OPENAI_API_KEY`, `OPENAI_API_KEY_2`): those are an app's conventions;
* never when the file also sets the canonical name, or uses the name itself (`$OPENAI_KEY`):
  then both exist on purpose;
* in templates, a variant (`OPENAI_KEY`) is the name the app's code reads, so only
  misspellings are reported there.

A command can misspell a name too: `curl -H "Authorization: Bearer $OPANAI_API_KEY"` sends an
empty key. A variable a shell command expands is reported when it is a misspelling (not a
variant) of a canonical name and the file only ever expands it: never sets it (no
assignment, `read`, `for`, `export`, `unset`... names it) nor mentions it in a comment,
where it could be explained.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from keylint.core.context import FileContext
from keylint.core.model import (
    Assignment,
    Edit,
    FileKind,
    Finding,
    Fix,
    Related,
    Severity,
    Statement,
    Word,
)
from keylint.core.providers import EnvVar, Provider, Registry
from keylint.core.rules.base import Rule

# Names tools read that the registry does not list: they are never "unknown" (only ever
# used to stay silent, so a wrong entry here costs a missed warning, never a false one).
READ_ELSEWHERE = frozenset({
    "HUGGINGFACEHUB_API_TOKEN",  # LangChain's Hugging Face Hub integration
    "OPENAI_API_BASE_URL",  # Open WebUI
    "GOOGLE_GENERATIVE_AI_API_KEY",  # Vercel AI SDK (@ai-sdk/google)
    "GOOGLE_KEY",  # LibreChat
    "OPENROUTER_KEY",  # LibreChat
})
_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


class _Target(NamedTuple):
    var: EnvVar
    provider: Provider


def check(ctx: FileContext) -> Iterator[Finding]:
    registry = ctx.registry
    read = registry.canonical_env_names() | READ_ELSEWHERE
    defined = {a.name for a in ctx.parsed.assignments} | {m.name for m in ctx.parsed.exports}
    used = _references(ctx)
    reported: set[str] = set()
    for assignment in ctx.parsed.assignments:
        name = assignment.name
        if name in reported or name in read or name.upper() in read or name in used:
            continue
        found = _suggestion(registry, name)
        if found is None:
            continue
        target, typo = found
        if target.var.name in defined or (ctx.doc.template and not typo):
            continue
        reported.add(name)
        yield _finding(ctx, assignment, target, typo=typo)
    if ctx.doc.kind is FileKind.SHELL:
        yield from _misspelt_references(ctx, read, defined)


def _misspelt_references(
    ctx: FileContext, read: frozenset[str], defined: set[str]
) -> Iterator[Finding]:
    """`$OPANAI_API_KEY` in a command, when nothing in the file sets OPANAI_API_KEY."""
    found: dict[str, list[Word]] = {}  # name -> the words that expand it
    for command in ctx.parsed.commands:
        for word in (*command.args, *(r.target for r in command.redirects)):
            for name in word.expansions:
                if name not in defined and name not in read and name.upper() not in read:
                    found.setdefault(name, []).append(word)
    for name, words in found.items():
        suggestion = _suggestion(ctx.registry, name)
        if suggestion is None or not suggestion[1] or not _only_expanded(ctx.doc.text, name):
            continue
        places = [
            (ctx.doc.start(word.span) + at, ctx.doc.start(word.span) + at + len(name))
            for word in words if (at := _expansion_at(word.text, name)) is not None
        ]
        if places:
            yield _reference_finding(ctx, name, suggestion[0], places)


def _expansion_at(text: str, name: str) -> int | None:
    """Where `name` starts in the first `$name` or `${name…` of a word's source."""
    for found in re.finditer(rf"\$(\{{[#!]?)?{re.escape(name)}(?![A-Za-z0-9_])", text):
        return found.end() - len(name)
    return None


def _only_expanded(text: str, name: str) -> bool:
    """Every mention of `name` in the file is an expansion (`$NAME`, `${NAME}`, `${#NAME}`):
    nothing sets, declares or explains it."""
    for found in re.finditer(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text):
        before = text[max(0, found.start() - 3) : found.start()]
        if not before.endswith(("$", "${", "${#", "${!")):
            return False
    return True


def _reference_finding(
    ctx: FileContext, name: str, target: _Target, places: list[tuple[int, int]]
) -> Finding:
    canonical = target.var.name
    tools = target.var.tools
    readers = f"that {_join(tools)} read" if tools else f"{target.provider.name} documents"
    message = (
        f"${name} looks like a misspelling of {canonical}, the name {readers}: nothing in "
        f"this file sets {name}, so the command gets an empty value (or whatever the "
        f"environment holds); write ${canonical}"
    )
    edits = tuple(Edit(ctx.doc.span(start, end), canonical) for start, end in places)
    fix = Fix(f"Use ${canonical} (unsafe: your environment may set {name})", edits, safe=False)
    related = tuple(
        Related(ctx.doc.span(start, end), f"${name} is used here too") for start, end in places[1:2]
    )
    return RULE.finding(edits[0].span, message, fix=fix, related=related)


def _references(ctx: FileContext) -> frozenset[str]:
    """Names the file expands (`$NAME`, `${NAME}`): a name in use is no typo."""
    if ctx.doc.kind is FileKind.SHELL:
        return ctx.parsed.references
    return frozenset(
        found.group(1)
        for assignment in ctx.parsed.assignments
        if assignment.quote != "'"
        for found in _REFERENCE.finditer(assignment.raw)
    )


def normalized(name: str) -> str:
    """The name without the spellings apps vary: `_` and an `API` before KEY or TOKEN.

    `OPENAI_KEY`, `OPEN_AI_API_KEY`, `OPENAI_APIKEY` and `OPENAI_API_KEY` all give `OPENAIKEY`.
    """
    tokens = [t for t in name.upper().split("_") if t]
    kept: list[str] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token == "API" and following in ("KEY", "TOKEN"):
            continue
        kept.append({"APIKEY": "KEY", "APITOKEN": "TOKEN"}.get(token, token))
    return "".join(kept)


@functools.lru_cache(maxsize=8)
def _targets(registry: Registry) -> dict[str, tuple[_Target, ...]]:
    """Normalized name -> the canonical variables it stands for (keys and base URLs).

    Legacy names and names whose use is unconfirmed are never suggested.
    """
    found: dict[str, list[_Target]] = {}
    for provider in registry.providers():
        for var in provider.env:
            if var.role not in ("key", "base_url") or var.legacy_in:
                continue
            if var.confidence == "unconfirmed":
                continue
            found.setdefault(normalized(var.name), []).append(_Target(var, provider))
    return {key: tuple(value) for key, value in found.items()}


@functools.lru_cache(maxsize=8)
def _by_length(registry: Registry) -> dict[int, list[tuple[int, str, tuple[str, ...]]]]:
    """Normalized target names by length, each with its letters as a bit mask (`_letters`)
    and the pieces a near miss must contain.

    Two cheap tests rule out most names before the edit distance is computed. An edit adds
    or removes at most one distinct letter on each side, so a name within `allowed` edits
    differs from the target in at most 2 * allowed distinct letters. And with at most
    `allowed` edits, each touching at most two neighbouring pieces, a name cut into
    2 * allowed + 1 pieces keeps one piece intact.
    """
    found: dict[int, list[tuple[int, str, tuple[str, ...]]]] = {}
    for form in _targets(registry):
        allowed = _allowed(len(form))
        if not allowed:
            continue
        count = 2 * allowed + 1
        size = len(form) / count
        pieces = tuple(form[round(i * size) : round((i + 1) * size)] for i in range(count))
        found.setdefault(len(form), []).append((_letters(form), form, pieces))
    return found


_BITS: dict[str, int] = {}


def _letters(text: str) -> int:
    """The distinct characters of `text` as bits of an int (one bit per character ever
    seen), so that the size of a symmetric difference is one XOR and a bit count."""
    mask = 0
    for char in set(text):
        bit = _BITS.get(char)
        if bit is None:
            bit = _BITS[char] = 1 << len(_BITS)
        mask |= bit
    return mask


def _allowed(length: int) -> int:
    """Edits a misspelling of a name of `length` letters may have: none below 8 letters
    (GROK is not GROQ), 2 from 14."""
    return 2 if length >= 14 else 1 if length >= 8 else 0


@functools.lru_cache(maxsize=1 << 16)
def _suggestion(registry: Registry, name: str) -> tuple[_Target, bool] | None:
    """(the canonical variable `name` stands for, whether it is a misspelling), or None.

    A variant (same normalized form) must be a key variable: base-URL names vary too much
    between tools (`OPENAI_API_BASE_URL` is Open WebUI's) to call a variant wrong. A
    misspelling must be unique: two equally close candidates suggest nothing.
    """
    targets = _targets(registry)
    form = normalized(name)
    variants = [t for t in targets.get(form, ()) if t.var.role == "key"]
    if variants:
        return (variants[0], False) if _unique(variants) else None
    best: list[_Target] = []
    best_distance = 3
    lengths = _by_length(registry)
    letters = _letters(form)
    for length in range(len(form) - 2, len(form) + 3):
        allowed = _allowed(length)
        for mask, other, pieces in lengths.get(length, ()):
            if (mask ^ letters).bit_count() > 2 * allowed:
                continue
            if not any(piece in form for piece in pieces):
                continue
            candidates = [c for c in targets[other] if _may_misspell(name, c.var.name)]
            if not candidates:
                continue
            distance = _distance(form, other, min(best_distance, allowed))
            if distance > allowed or distance > best_distance:
                continue
            if distance < best_distance:
                best, best_distance = [], distance
            best.extend(candidates)
    if not best or not _unique(best):
        return None
    return best[0], True


def _unique(targets: list[_Target]) -> bool:
    return len({t.var.name for t in targets}) == 1


def _may_misspell(name: str, canonical: str) -> bool:
    """False for names that are a canonical one with something added (`MY_OPENAI_API_KEY`,
    `OPENAI_API_KEY_2`: an app's conventions) or with a number the canonical one lacks
    (`OPENAI_KEY2`: a second key, numbered)."""
    upper = name.upper()
    if upper != canonical and (upper.startswith(canonical) or upper.endswith(canonical)):
        return False
    return not any(c.isdigit() for c in name) or any(c.isdigit() for c in canonical)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment), capped at
    `limit + 1`. Only cells within `limit` of the diagonal can stay under the cap, so only
    those are computed."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    over = limit + 1
    previous2: list[int] = []
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= limit else over] + [over] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = min(best, over)
        if min(current) > limit:
            return over
        previous2, previous = previous, current
    return previous[-1]


def _finding(ctx: FileContext, assignment: Assignment, target: _Target, *, typo: bool) -> Finding:
    name, canonical = assignment.name, target.var.name
    tools = target.var.tools
    if tools:
        readers, who = f"that {_join(tools)} read", "they"
    else:
        readers, who = f"{target.provider.name} documents", "code following its docs"
    if typo:
        opening = f"{name} looks like a misspelling of {canonical}, the name {readers}"
    else:
        opening = f"no SDK or tool reads {name}: {canonical} is the name {readers}"
    message = (
        f"{opening}, so {who} will not see this value; rename it to {canonical}, unless your "
        f"own code reads {name}"
    )
    edits = [Edit(a.name_span, canonical) for a in ctx.parsed.assignments if a.name == name]
    edits += [Edit(m.span, canonical) for m in ctx.parsed.exports if m.name == name]
    fix = Fix(f"Rename to {canonical} (unsafe: your app may read {name})", tuple(edits),
              safe=False)
    related = ()
    later = [a for a in ctx.parsed.assignments if a.name == name and a is not assignment]
    if later:
        related = (Related(later[0].name_span, f"{name} is set here too"),)
    return RULE.finding(assignment.name_span, message, fix=fix, related=related)


def _join(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _reads(ctx: FileContext, changed: Sequence[Statement]) -> bool:
    """In a shell file every edit (a `$NAME` is judged against the whole text, comments
    included); in a `.env` file, names that may be typos or their targets, and values that
    expand `${NAME}`."""
    if ctx.doc.kind is FileKind.SHELL:
        return True
    registry = ctx.registry
    read = registry.canonical_env_names() | READ_ELSEWHERE
    return any(
        isinstance(s, Assignment) and (
            "$" in s.raw
            or registry.provider_for_env(s.name) is not None
            or s.name.upper() in read
            or _suggestion(registry, s.name) is not None
        )
        for s in changed
    )


RULE = Rule(
    code="KL401",
    name="unknown-var-name",
    severity=Severity.WARNING,
    summary="a variable name no SDK or tool reads, close to one that is read",
    what="\"A name no SDK or tool reads that is close to one that is read\" (`HIAPI_KEY` → "
    "`HIAPI_API_KEY`, `ANTHROPIC_APIKEY`, `OPEN_AI_API_KEY`, `OPENAI_KEY`): the same words "
    "as a canonical key variable with `API_` dropped or added, `APIKEY` joined or `_` inside "
    "a provider's word, or a misspelling of a canonical key or base-URL variable (one edit "
    "in a name of 8+ letters, two in 14+). Silent for names some tool reads (the provider "
    "registry plus a few more, such as Open WebUI's `OPENAI_API_BASE_URL`), for canonical "
    "names with something added (`NEXT_PUBLIC_OPENAI_API_KEY`, `VITE_…`, `MYAPP_…`, "
    "`OPENAI_API_KEY_2`: an app's own conventions), for case-only differences, for "
    "`GROK_API_KEY` (xAI's Grok, not a misspelled Groq), when the file also sets the "
    "canonical name or expands the name itself (`$OPENAI_KEY`), and, in templates, for "
    "variants: a template documents the names its app's code reads.",
    why="The SDK reads the canonical name only, so the key set under another name is never "
    "used: the request goes out without a key (\"API key not found\") or with an older key "
    "from the environment, and the error points at the key rather than at the name.",
    example="```\nHIAPI_KEY=sk-…\nANTHROPIC_APIKEY=sk-ant-…\n```\n\nThe fix renames the "
    "variable (`HIAPI_API_KEY`, `ANTHROPIC_API_KEY`); it is unsafe, because your own code "
    "may read the name as written.",
    check=check,
    fix="rename to the canonical name (unsafe: your app may read the old name)",
    reads=_reads,
)
