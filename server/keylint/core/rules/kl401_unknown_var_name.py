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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from keylint.core.context import FileContext
from keylint.core.model import Assignment, Edit, FileKind, Finding, Fix, Related, Severity
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


@dataclass(frozen=True)
class _Target:
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
def _by_length(registry: Registry) -> dict[int, list[tuple[str, tuple[str, ...]]]]:
    """Normalized target names by length, each with the pieces a near miss must contain.

    With at most `allowed` edits, each touching at most two neighbouring pieces, a name cut
    into 2 * allowed + 1 pieces keeps one piece intact: a substring test rules out most
    names before the edit distance is computed.
    """
    found: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for form in _targets(registry):
        allowed = _allowed(form)
        if not allowed:
            continue
        count = 2 * allowed + 1
        size = len(form) / count
        pieces = tuple(form[round(i * size) : round((i + 1) * size)] for i in range(count))
        found.setdefault(len(form), []).append((form, pieces))
    return found


def _allowed(form: str) -> int:
    """Edits a misspelling may have: none below 8 letters (GROK is not GROQ), 2 from 14."""
    return 2 if len(form) >= 14 else 1 if len(form) >= 8 else 0


@functools.lru_cache(maxsize=4096)
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
    for length in range(len(form) - 2, len(form) + 3):
        for other, pieces in lengths.get(length, ()):
            if not any(piece in form for piece in pieces):
                continue
            candidates = [c for c in targets[other] if _may_misspell(name, c.var.name)]
            if not candidates:
                continue
            distance = _distance(form, other, min(best_distance, _allowed(other)))
            if distance > _allowed(other) or distance > best_distance:
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
)
