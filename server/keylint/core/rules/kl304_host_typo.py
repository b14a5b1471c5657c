"""KL304 host-typo: a misspelt provider host (`api.antropic.com`, `api.openai.co`).

A misspelt host fails to resolve, which reads like an outage, or it resolves to whoever
registered the typo, who then receives the key. The known hosts are the registry's (plus
the user's `[tool.keylint]` hosts), compared label by label so that only a near miss counts:
one label differs, by one edit (two in labels of nine characters or more: `anthropic`,
`googleapis`), or the top-level domain is one edit off (`.co` for `.com`) after a
distinctive name. Exact hosts and their subdomains are never reported, nor hosts that differ
only by hyphens or digits, or by a whole short label (`api.z.ai` is not `api.x.ai`): a
provider's name plus other words is usually a proxy, not a typo.

The fix writes the known host but is never applied by `--fix`: the host decides who receives
the key, so a person confirms it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import is_url_name
from keylint.core.model import Assignment, Edit, Finding, Fix, Severity, Span
from keylint.core.providers import Registry
from keylint.core.routing import parse_url
from keylint.core.rules._values import value_chars
from keylint.core.rules.base import Rule, Scope

# Commands whose arguments are URLs a key is sent to (httpie installs `http` and `https`).
_HTTP_COMMANDS = frozenset({"curl", "wget", "http", "https", "xh", "xhs", "curlie"})
_EXPANSION = "\x00"  # stands for an expansion's unknown text: never part of a valid host
_SKELETON = str.maketrans("", "", "-0123456789")
_NEEDS_DECODING = re.compile(r"[\\$`\r\"']")


def check(ctx: FileContext) -> Iterator[Finding]:
    registry = ctx.registry
    for assignment in ctx.parsed.assignments:
        if not assignment.closed or (
            "://" not in assignment.value and not is_url_name(assignment.name)
        ):
            continue  # neither `http(s)://` nor a URL variable: no URL this rule reads
        text = _plain_text(assignment)
        if text is None:
            chars = value_chars(ctx.doc, assignment)
            if not chars:
                continue
            text = "".join(c.char or _EXPANSION for c in chars)
        lead = len(text) - len(text.lstrip())
        url = parse_url(text.strip())
        if url is None or not (url.scheme.lower() in ("http", "https") or (
            not url.scheme and is_url_name(assignment.name)
        )):
            continue
        meant = near_miss(registry, url.host) if url.host_valid else None
        if meant is None:
            continue
        first, end = (lead + i for i in url.host_span)
        chars = value_chars(ctx.doc, assignment) or ()
        span = ctx.doc.span(chars[first].start, chars[end - 1].end)
        plain = all(c.source_length == 1 and c.char for c in chars[first:end]) and all(
            a.end == b.start for a, b in itertools.pairwise(chars[first:end])
        )
        yield _finding(span, f"{assignment.name} points at", url.host, meant, registry, plain)
    for command in ctx.parsed.commands:
        if command.program not in _HTTP_COMMANDS:
            continue
        for word in command.args:
            url = parse_url(word.value) if "://" in word.value else None
            if url is None or url.scheme.lower() not in ("http", "https") or not url.host_valid:
                continue
            meant = near_miss(registry, url.host)
            if meant is None:
                continue
            at = [m.start() for m in re.finditer(re.escape(url.host), word.text, re.IGNORECASE)]
            if len(at) != 1:
                continue  # the host is not written plainly once in the source: no span
            start = ctx.doc.start(word.span) + at[0]
            span = ctx.doc.span(start, start + len(url.host))
            yield _finding(span, f"{command.program} requests", url.host,
                           meant, registry, True)


def _finding(
    span: Span, where: str, host: str, meant: str, registry: Registry, fixable: bool
) -> Finding:
    provider = registry.provider_for_host(meant)
    owner = f" ({provider.name})" if provider is not None else ""
    message = (
        f"{where} {host}, which looks like a misspelling of {meant}{owner}: a misspelt host "
        "does not resolve, or belongs to someone else, who then receives the key; "
        f"use {meant}"
    )
    fix = Fix(f"Use {meant}", (Edit(span, meant),), safe=False) if fixable else None
    return RULE.finding(span, message, fix=fix)


def _plain_text(assignment: Assignment) -> str | None:
    """The loaded value when each of its characters is its own source character (no escape,
    expansion, inner quote or carriage return: most URLs), so `value_chars` would give the
    same text; None for the rest."""
    raw, quote = assignment.raw, assignment.quote
    if quote:
        if len(raw) < 2 or raw[0] != quote or raw[-1] != quote:
            return None
        raw = raw[1:-1]
    return None if _NEEDS_DECODING.search(raw) else raw


@functools.lru_cache(maxsize=1024)
def near_miss(registry: Registry, host: str) -> str | None:
    """The known host that `host` misspells, or None (exact, a subdomain, unrelated, or
    equally close to two known hosts). Cached: a file names the same hosts again and again."""
    name = host.lower().rstrip(".")
    if registry.provider_for_host(name) is not None:
        return None
    mine = name.split(".")
    scored = sorted(
        (distance, candidate) for candidate, theirs in _known(registry).get(len(mine), ())
        if (distance := _label_typo(mine, theirs)) is not None
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


@functools.lru_cache(maxsize=8)
def _known(registry: Registry) -> dict[int, list[tuple[str, list[str]]]]:
    """The registry's exact hosts (not `*.` patterns), split into labels, by label count:
    a misspelling has as many labels as the host it misspells."""
    found: dict[int, list[tuple[str, list[str]]]] = {}
    for host in registry.known_hosts():
        if not host.startswith("*."):
            labels = host.split(".")
            found.setdefault(len(labels), []).append((host, labels))
    return found


def _label_typo(mine: list[str], theirs: list[str]) -> int | None:
    """The edit distance when the labels `mine` are `theirs` with one label misspelt, else
    None (both have as many labels)."""
    if len(theirs) < 2:
        return None
    differing = [i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b]
    if len(differing) != 1:
        return None
    index = differing[0]
    typed, right = mine[index], theirs[index]
    if _skeleton(typed) == _skeleton(right):
        return None  # `open-ai`, `openai2`: a name plus a suffix, often a proxy's
    distance = _osa(typed, right)
    if index == len(theirs) - 1:  # the top-level domain: `.co` for `.com`
        return distance if distance <= 1 and len(theirs[-2]) >= 4 else None
    limit = 2 if len(right) >= 9 else 1
    return distance if len(right) >= 4 and distance <= limit else None


def _skeleton(label: str) -> str:
    return label.translate(_SKELETON)


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance: Levenshtein plus adjacent transpositions
    (`opneai` is one edit from `openai`)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


RULE = Rule(
    code="KL304",
    name="host-typo",
    severity=Severity.WARNING,
    summary="a misspelt provider host",
    what="A host within a small edit distance of a known provider host, or with its "
    "top-level domain one edit off: `api.antropic.com`, `api.opneai.com`, `api.openai.co`, "
    "`api.anthropic.co`, `generativelanguage.googleapi.com`. Checked in URL values of `.env` "
    "and shell files and in the URLs of `curl`, `wget` and HTTPie commands. One label must "
    "differ, by one edit (two for labels of nine characters or more), and the known label "
    "must be at least four characters long. Never reported: exact known hosts and their "
    "subdomains, hosts that differ only by hyphens or digits (`api.open-ai.com`), hosts "
    "equally close to two known hosts, and whole different short labels (`api.z.ai` is "
    "Zhipu, not a misspelt `api.x.ai`). The known hosts are the registry's plus those in "
    "`[tool.keylint]`.",
    why="A misspelt host does not resolve (an error that reads like an outage), or it "
    "resolves to whoever registered the typo — and every request carries the key.",
    example="```\n# .env\nANTHROPIC_BASE_URL=https://api.antropic.com\n```\n\n"
    "Suggested: `https://api.anthropic.com`. The fix is never applied by `--fix`: the host "
    "decides who receives the key, so confirm it yourself.",
    check=check,
    fix="write the known host (offered in the editor; never applied by --fix)",
    scope=Scope.STATEMENT,
)
