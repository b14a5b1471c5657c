"""KL201 truncated-key: a key shorter than its provider's keys, or without the marker or suffix
every one of them carries.

A key loses characters on the way from the dashboard: a selection that stopped short, a
terminal that wrapped the line, a copy from a table cell. The provider then answers 401
"invalid API key" for a key that looks right. Provider keys have known lengths and fixed
structure (OpenAI's `T3BlbkFJ` in the middle, Anthropic's `AA` at the end), so a short copy can
be told apart from a real key without sending it anywhere.

Precision: only a prefix that settles the provider counts (a bare `sk-…` could be anyone's),
and only shapes whose length is confirmed by the registry's sources (`ShapeVerdict.definite`);
an unconfirmed range is never evidence. Lengths are ranges, not one exact number, so a
provider adding a character does not make every new key "truncated".
"""

from __future__ import annotations

from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.credentials import redact
from keylint.core.model import Finding, Severity
from keylint.core.providers import KeyMatch, ShapeVerdict
from keylint.core.rules._keys import KeyValue, assignment_keys, key_kind, quiet_file, word_keys
from keylint.core.rules.base import Rule, Scope


def check(ctx: FileContext) -> Iterator[Finding]:
    if quiet_file(ctx):
        return
    for key in (*assignment_keys(ctx), *word_keys(ctx)):
        if key.kl107 or not key.looks_real():
            continue  # a placeholder (KL107's) or a typed example, not a cut real key
        match = key.match
        if match is None or not match.certain or match.shape.ambiguous:
            continue
        verdict = ctx.registry.check_shape(key.text, match)
        if not verdict.definite or verdict.masked or verdict.bad_chars or verdict.too_long:
            continue  # unconfirmed lengths prove nothing; odd characters are KL202's/KL103's
        details = _details(verdict)
        if details:
            yield _finding(ctx, key, match, details)


def _details(verdict: ShapeVerdict) -> str:
    """Expected and actual lengths, and what else is missing; "" when nothing is."""
    shape, found = verdict.shape, verdict.length
    low, high = verdict.expected
    reasons: list[str] = []
    structure = verdict.structure_length
    if verdict.marker_misplaced and structure and found < structure:
        reasons.append(
            f"its marker `{shape.marker}` sits where a {structure}-character key has it, so "
            f"{structure - found} are missing at the end"
        )
    if verdict.missing_marker:
        reasons.append(f"the marker `{shape.marker}` every such key carries is missing")
    if verdict.missing_suffix:
        reasons.append(f"it does not end with `{shape.suffix}` as every such key does")
    if not verdict.too_short and not reasons:
        return ""
    head = f"expected {low}–{high} characters (typically {shape.typical_length}), found {found}"
    return head + (": " + "; ".join(reasons) if reasons else "")


def _finding(ctx: FileContext, key: KeyValue, match: KeyMatch, details: str) -> Finding:
    provider = ctx.registry.get(match.provider or "")
    where = ""
    if provider and provider.docs:
        where = f" ({provider.docs[0][1]})"
    message = (
        f"{key.subject}: this {key_kind(provider, match)} is incomplete: {details} "
        f"(`{redact(key.text)}`); the provider will answer 401, so copy the whole key again"
        f"{where}"
    )
    return RULE.finding(ctx.doc.span(*key.span()), message)


RULE = Rule(
    code="KL201",
    name="truncated-key",
    severity=Severity.WARNING,
    summary="a key shorter than its provider's, or missing its fixed marker or suffix",
    what="A key whose prefix settles its provider (`sk-proj-`, `sk-ant-api03-`, `gsk_`, "
    "`xai-`, `sk-or-v1-`, `AIza`, `hf_`, `r8_`, `pplx-`, `nvapi-`…) but that is \"shorter "
    "than the provider's minimum or missing its fixed marker/suffix\": fewer characters "
    "than the provider's range, OpenAI's `T3BlbkFJ` marker missing or off-centre (characters "
    "lost at the end), Anthropic's final `AA` missing. The message gives expected and "
    "actual lengths (\"expected 100–220 characters (typically 164), found 118\"). Checked in "
    "credential values of `.env` and shell files and in keys written literally in commands. "
    "Never for a bare `sk-…` key (OpenAI legacy, HiAPI, DeepSeek, LiteLLM and many relays "
    "look alike), never for shapes whose length is unconfirmed (OAuth tokens, Fireworks, "
    "user-declared prefixes), never in templates, for placeholders (KL107's) or for values "
    "typed rather than copied (`sk-proj-1234…`, `gsk_test…`), and not when "
    "the key holds characters it cannot hold (KL202, KL103): those are reported first.",
    why="A key cut short by a selection, a wrapped terminal line or a table cell fails with "
    "401 \"invalid API key\", exactly like a revoked one, and looks right at a glance. "
    "Lengths are ranges around the documented length, never one exact number: exact-length "
    "patterns go stale the day a provider adds a character.",
    example="```\nOPENAI_API_KEY=sk-proj-…   # 118 characters, marker off-centre\n"
    "ANTHROPIC_API_KEY=sk-ant-api03-…x9   # no final AA\n```\n\n"
    "No automatic fix: copy the key again from the provider's dashboard.",
    check=check,
    scope=Scope.STATEMENT,
)
