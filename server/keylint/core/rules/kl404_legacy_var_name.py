"""KL404 legacy-var-name: a name some tools stopped reading, such as `OPENAI_API_BASE`.

openai-python read `OPENAI_API_BASE` before 1.0 and reads `OPENAI_BASE_URL` since, as Codex
does; litellm and aider still read `OPENAI_API_BASE`. So the same line works for one tool and
is silently ignored by another, which then talks to api.openai.com. Which tools read which
name comes from the provider registry (`EnvVar.legacy_in`, `replacement`, `tools`), and the
message says it, since the right fix depends on the tools in use.

Setting both names to the same value is the correct belt-and-braces setup, and stays silent.
Templates stay silent too: an app's `.env.example` lists the names the app's own code reads
(kotaemon and DocsGPT read `OPENAI_API_BASE` themselves and pass it on), so there the old name
is the right one.

Severity: info, because the legacy name is still the right one for the tools that read it
(a litellm or aider project is correct as is); a warning when the file sets both names to
different values, because then the tools disagree on where requests go.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from keylint.core.context import FileContext
from keylint.core.document import Document
from keylint.core.model import Assignment, Edit, Finding, Fix, Related, Severity
from keylint.core.providers import EnvVarInfo, Registry
from keylint.core.rules._reads import registry_variables
from keylint.core.rules.base import Rule

_VERSIONED = re.compile(r"^(?P<tool>[^<>=]+)>=(?P<version>.+)$")


def check(ctx: FileContext) -> Iterator[Finding]:
    if ctx.doc.template:
        return  # a template documents the names its app reads: there the old name is right
    registry = ctx.registry
    last: dict[str, Assignment] = {}
    for assignment in ctx.parsed.assignments:
        last[assignment.name] = assignment
    for name, assignment in last.items():  # the assignment in effect: the last one
        info = registry.provider_for_env(name)
        if info is None or not info.legacy:
            continue
        modern = last.get(info.replacement) if info.replacement else None
        if modern is not None and _agree(assignment, modern):
            continue  # both names, one value: every tool gets the same setting
        yield _finding(ctx, registry, assignment, info, modern)


def _agree(a: Assignment, b: Assignment) -> bool:
    """The same value, or one set from the other (`OPENAI_BASE_URL=$OPENAI_API_BASE`)."""
    for one, other in ((a, b), (b, a)):
        if re.search(r"\$\{?" + re.escape(other.name) + r"(?![A-Za-z0-9_])", one.raw):
            return True
    if a.dynamic or b.dynamic:
        return a.raw == b.raw
    return a.value.strip() == b.value.strip()


def _finding(
    ctx: FileContext, registry: Registry, assignment: Assignment, info: EnvVarInfo,
    modern: Assignment | None,
) -> Finding:
    name, replacement = assignment.name, info.replacement
    readers, old_readers = _who_reads_what(registry, info)
    if modern is not None:
        message = (
            f"{name} and {replacement} (line {modern.name_span.line + 1}) are set to different "
            f"values, so tools disagree on where requests go: {readers}; give both the same "
            "value"
        )
        related = (Related(modern.name_span, f"{replacement} is set here"),)
        return RULE.finding(assignment.name_span, message, related=related,
                            severity=Severity.WARNING)
    message = f"{name}: {readers}"
    fix = None
    if replacement:
        message += f"; set {replacement} to the same value too, so every tool gets it"
        if old_readers:
            message += f" (keep {name} for {_join(old_readers)})"
        fix = _add_modern(ctx.doc, assignment, replacement)
    return RULE.finding(assignment.name_span, message, fix=fix)


def _who_reads_what(registry: Registry, info: EnvVarInfo) -> tuple[str, list[str]]:
    """(`openai-python ≥ 1.0, codex and litellm read OPENAI_BASE_URL; OPENAI_API_BASE is read
    only by litellm, aider and openai-python < 1.0`, the tools still reading the old name),
    from the registry's data."""
    name, var = info.var.name, info.var
    modern = registry.provider_for_env(info.replacement) if info.replacement else None
    modern_tools = modern.tools if modern is not None else ()
    old_readers = [t for t in var.tools if t not in var.legacy_in]
    versioned = False
    for tool in var.legacy_in:
        found = next((m for t in modern_tools if (m := _VERSIONED.match(t))
                      and m.group("tool") == tool), None)
        if found is not None:
            old_readers.append(f"{tool} < {found.group('version')}")
            versioned = True
    if modern is None or not modern_tools:
        text = f"a legacy name in {_join(list(var.legacy_in))}"
    else:
        verb = "reads" if len(modern_tools) == 1 else "read"
        text = f"{_join([_tool(t) for t in modern_tools])} {verb} {info.replacement}"
        if old_readers:
            text += f"; {name} is read only by {_join(old_readers)}"
    if var.note and not versioned:
        text += f" ({var.note})"
    return text, old_readers


def _add_modern(doc: Document, assignment: Assignment, replacement: str) -> Fix | None:
    """A new line after the statement setting `replacement` to the same text."""
    if assignment.nested or assignment.prefix or not assignment.closed:
        return None  # inside `if`/`&&`, or for one command: a new line would change meaning
    line = assignment.statement_span.end_line
    end = doc.line_end(line)
    if doc.text.startswith("\r\n", end) or (end == len(doc.text) and "\r\n" in doc.text):
        newline = "\r\n"
    else:
        newline = "\n"
    first_line = doc.line_text(assignment.statement_span.line)
    indent = first_line[: len(first_line) - len(first_line.lstrip())]
    keyword = "export " if assignment.exported else ""
    text = f"{newline}{indent}{keyword}{replacement}={assignment.raw}"
    return Fix(
        f"Also set {replacement} to the same value (unsafe: tools reading {replacement} will "
        "use it)",
        (Edit(doc.span(end, end), text),),
        safe=False,
    )


def _tool(tool: str) -> str:
    """`openai-python>=1.0` -> `openai-python ≥ 1.0`."""
    found = _VERSIONED.match(tool)
    return f"{found.group('tool')} ≥ {found.group('version')}" if found else tool


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


RULE = Rule(
    code="KL404",
    name="legacy-var-name",
    severity=Severity.INFO,
    summary="a variable name some tools no longer read (`OPENAI_API_BASE`)",
    what="A variable the provider registry marks as legacy for some tools: "
    "\"`OPENAI_API_BASE` is ignored by openai-python ≥ 1.0, which reads `OPENAI_BASE_URL`\" "
    "(so does Codex), while litellm and aider still read `OPENAI_API_BASE`; "
    "`HUGGING_FACE_HUB_TOKEN` (huggingface_hub reads `HF_TOKEN`); `HF_INFERENCE_ENDPOINT`. "
    "The message says which tools read which name. Silent when the file sets both names to "
    "the same value (or one from the other): that is the correct setup for every tool; "
    "silent in templates, which list the names their app's own code reads. An "
    "info, since the legacy name is right for the tools that still read it; a warning when "
    "the file sets both names to different values, because then tools disagree.",
    why="The same `.env` serves several tools: with only `OPENAI_API_BASE`, aider and litellm "
    "go to your gateway while openai-python ≥ 1.0 and Codex silently go to api.openai.com, "
    "where a gateway key is rejected with 401 and the error points at the key.",
    example="```\nOPENAI_API_BASE=https://api.hiapi.ai/v1\n```\n\nThe fix adds "
    "`OPENAI_BASE_URL=https://api.hiapi.ai/v1` on the next line (unsafe: it changes where "
    "openai-python and Codex send requests).",
    check=check,
    fix="also set the current name to the same value (unsafe)",
    reads=registry_variables,
    cites_lines=True,
)
