"""KL403 conflicting-credentials: two key variables one client reads, both set, that compete.

google-genai reads `GOOGLE_API_KEY` before `GEMINI_API_KEY`; cohere-python `CO_API_KEY` before
`COHERE_API_KEY`; litellm `PERPLEXITYAI_API_KEY` before `PERPLEXITY_API_KEY`. With both set,
one key is silently ignored, and replacing it "does nothing". The Anthropic SDK and Claude
Code go further: `ANTHROPIC_API_KEY` and `ANTHROPIC_AUTH_TOKEN` are *both* sent, as
`x-api-key` and `Authorization: Bearer`, and a gateway may read the wrong one.

The competitions come from the provider registry. Only what the file sets for certain counts:
the last assignment of each name, outside conditionals (`if`, `&&`) and one-command prefixes
(`NAME=… cmd`). An empty value does not compete (`ANTHROPIC_API_KEY=""` is the documented way
to switch it off behind a gateway), and two variables holding the same key, or one set from
the other (`GEMINI_API_KEY=$GOOGLE_API_KEY`), agree. Other files are a later issue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from keylint.core.context import FileContext
from keylint.core.model import Assignment, Finding, Related, Severity
from keylint.core.providers import Competition, Registry
from keylint.core.rules._reads import registry_variables
from keylint.core.rules.base import Rule


def check(ctx: FileContext) -> Iterator[Finding]:
    settled = _settled(ctx)
    for competition in _key_competitions(ctx.registry):
        present = [settled[n] for n in competition.names if n in settled]
        if len(present) < 2:
            continue
        first, rest = present[0], present[1:]
        found: list[Finding] = []
        if competition.effect == "first-wins":
            found = [_first_wins(competition, loser, first)
                     for loser in rest if not _agree(first, loser)]
        else:
            rivals = [other for other in rest if not _agree(first, other)]
            found = [_both_sent(ctx, competition, first, rivals)] if rivals else []
        for finding in found:
            # a template's values are examples: the conflict is real once it is filled in
            yield replace(finding, severity=Severity.INFO) if ctx.doc.template else finding


def _key_competitions(registry: Registry) -> list[Competition]:
    """Competitions between key variables (base-URL ones are KL404's business)."""
    found = []
    for provider in registry.providers():
        for competition in provider.competitions:
            if competition.confidence == "unconfirmed":
                continue
            infos = [registry.provider_for_env(name) for name in competition.names]
            if all(info is not None and info.role == "key" for info in infos):
                found.append(competition)
    return found


def _settled(ctx: FileContext) -> dict[str, Assignment]:
    """The assignment each name surely ends up with, for names set to something non-empty."""
    last: dict[str, Assignment] = {}
    for assignment in ctx.parsed.assignments:
        if assignment.nested or assignment.prefix:
            continue
        last[assignment.name] = assignment
    return {
        name: a for name, a in last.items()
        if a.dynamic or a.value.strip()
    }


def _agree(a: Assignment, b: Assignment) -> bool:
    """Whether the two surely hold the same key: equal values, or one set from the other."""
    if _expands(a, b.name) or _expands(b, a.name):
        return True
    if a.dynamic or b.dynamic:
        return a.raw == b.raw
    return a.value.strip() == b.value.strip()


def _expands(assignment: Assignment, name: str) -> bool:
    return assignment.dynamic and re.search(
        r"\$\{?" + re.escape(name) + r"(?![A-Za-z0-9_])", assignment.raw
    ) is not None


def _first_wins(competition: Competition, loser: Assignment, winner: Assignment) -> Finding:
    tools = competition.tools
    line = winner.name_span.line + 1
    read = "it reads" if len(tools) == 1 else "they read"
    message = (
        f"{loser.name} is ignored by {_join(tools)}: {read} {winner.name} first, which is "
        f"also set (line {line}) to a different key; keep one of "
        f"them (unset {winner.name} if {loser.name} holds the key you mean)"
    )
    if competition.note:
        message += f" ({competition.note})"
    related = (Related(winner.name_span, f"{winner.name} is set here and wins"),)
    return RULE.finding(loser.name_span, message, related=related)


def _both_sent(
    ctx: FileContext, competition: Competition, reported: Assignment, rivals: list[Assignment]
) -> Finding:
    tools = _join(competition.tools)
    names = _join(tuple(r.name for r in rivals))
    headers = _headers(ctx.registry, (reported.name, *(r.name for r in rivals)))
    message = (
        f"{reported.name} and {names} are both set: {tools} send both{headers}, and a "
        f"gateway may read either one; keep one (with a gateway token in {rivals[0].name}, "
        f"set {reported.name}=\"\")"
    )
    related = tuple(Related(r.name_span, f"{r.name} is set here too") for r in rivals)
    return RULE.finding(reported.name_span, message, related=related)


def _headers(registry: Registry, names: tuple[str, ...]) -> str:
    """` (x-api-key and Authorization)`: the header each variable is sent in, if known."""
    headers = []
    for name in names:
        info = registry.provider_for_env(name)
        auth = info.auth if info is not None else None
        if auth is None or not auth.header:
            return ""
        headers.append(auth.header)
    return " (" + " and ".join(headers) + ")"


def _join(words: tuple[str, ...]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


RULE = Rule(
    code="KL403",
    name="conflicting-credentials",
    severity=Severity.WARNING,
    summary="two key variables that the same client reads compete",
    what="\"Two variables that the same client both reads and that compete\", from the "
    "provider registry's competition data: `ANTHROPIC_API_KEY` and `ANTHROPIC_AUTH_TOKEN` "
    "both set (both headers go out), `GOOGLE_API_KEY` silently winning over "
    "`GEMINI_API_KEY`, `CO_API_KEY` over `COHERE_API_KEY`, `PERPLEXITYAI_API_KEY` over "
    "`PERPLEXITY_API_KEY`. Reported on the variable that loses (for Anthropic: on "
    "`ANTHROPIC_API_KEY`, the one to empty behind a gateway), with the other as related "
    "information. Only within one file, only for assignments that surely run (not inside "
    "`if`, `&&` or a one-command `NAME=… cmd` prefix), and only when both values are "
    "non-empty and differ: `ANTHROPIC_API_KEY=\"\"` is the documented way to switch it off, "
    "and the same key twice (or `GEMINI_API_KEY=$GOOGLE_API_KEY`) does not conflict. In "
    "templates an info: their values are examples, and the conflict is real once a copy is "
    "filled in.",
    why="One key is silently ignored: replacing it changes nothing, and the error (401, a "
    "quota, the wrong account billed) belongs to the other key. With Anthropic both keys "
    "are sent and a gateway such as AIHubMix reads `x-api-key` first, so a leftover "
    "Anthropic key breaks the gateway setup.",
    example="```\nGOOGLE_API_KEY=AIza…   # for Maps\nGEMINI_API_KEY=AIza…   # ignored by "
    "google-genai: GOOGLE_API_KEY wins\n```\n\nNo automatic fix: keep the key you mean.",
    check=check,
    reads=registry_variables,
    cites_lines=True,
)
