"""The live key probe in the editor: `keylint.probeKey`, its code lens and code action, and
the last result as a diagnostic and in the hover.

The probe sends a key over the network, so it runs only when the user clicks or invokes the
command, never on open, change or save. Where to offer it is decided by planning alone
(`keylint.core.probe.probe_targets`, no network). A base URL on a host that is not the key's
provider's is sent to only after the user confirms that very host in a
`window/showMessageRequest`; every other refusal is explained in a `window/showMessage`.

The result lives until the next edit of the document: a diagnostic KL901…KL909 on the key's
line, merged into the document's published diagnostics, and a "Last probe" part of the hover.
Nothing here ever holds the key in clear: the core's results are redacted, and every text
that leaves is scrubbed of the key once more.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from keylint.core.config import Config, ConfigError
from keylint.core.probe import (
    ProbePlan,
    ProbeRefusal,
    ProbeResult,
    ProbeTarget,
    arun_probe,
    plan_probe,
    probe_targets,
)
from keylint.core.probe_settings import probe_settings
from keylint.core.secret import Secret, scrub
from keylint.lsp import convert
from keylint.lsp.commands import PROBE_COMMAND
from keylint.lsp.documents import Buffer, Snapshot

if TYPE_CHECKING:
    from keylint.lsp.server import KeylintServer

LENS_TITLE = "Probe key"
SEND_ONCE = "Send once"
CANCEL = "Cancel"
ANSWER_TIMEOUT = 600.0  # seconds the trust question may stay open
MAX_PROMPTS = 2  # base URL host, then the probe's own host if it differs
DISABLED = ("keylint: the live key probe is disabled by settings (probe.enabled = false), "
            "so no key was sent.")
# Error-like outcomes: the app fails until the user changes something.
_ERRORS = frozenset({"invalid", "no_credits", "wrong_endpoint"})


@dataclass(frozen=True)
class Target:
    """What the command was asked to probe: a 0-based line, or a variable name."""

    uri: str
    line: int | None = None
    variable: str | None = None


def target_of(args: tuple[Any, ...]) -> Target:
    """`[uri, {"line", "character"}]`, `[uri, "NAME"]`, `{"uri", "position"}` or
    `{"uri", "variable"}`. The arguments are never echoed: a client may pass anything."""
    first = args[0] if args else None
    if isinstance(first, dict):
        uri, where = first.get("uri"), first.get("position", first.get("variable"))
    else:
        uri, where = first, args[1] if len(args) > 1 else None
    if not isinstance(uri, str) or not uri:
        raise JsonRpcInvalidParams(f"{PROBE_COMMAND}: expected a document uri first")
    if isinstance(where, str) and where:
        return Target(uri, variable=where)
    if isinstance(where, dict):
        line = where.get("line")
        if isinstance(line, int) and not isinstance(line, bool) and line >= 0:
            return Target(uri, line=line)
    raise JsonRpcInvalidParams(
        f"{PROBE_COMMAND}: expected a position {{line, character}} or a variable name"
    )


# -- where to offer it --------------------------------------------------------------------


def enabled(config: Config) -> bool:
    try:
        return probe_settings(config.extra, config.source).enabled
    except ConfigError:  # already reported where the configuration was loaded
        return False


def targets(snapshot: Snapshot, config: Config) -> list[ProbeTarget]:
    """The credentials of this version worth a "Probe key" (planning only, no network)."""
    if not enabled(config):
        return []
    try:
        return [t for t in probe_targets(snapshot.parsed(), config) if t.offered]
    except ConfigError:
        return []


def _command(uri: str, target: ProbeTarget, title: str) -> types.Command:
    return types.Command(
        title=title, command=PROBE_COMMAND,
        arguments=[uri, {"line": target.line, "character": 0}],
    )


def _name_range(snapshot: Snapshot, columns: convert.Columns, line: int) -> types.Range:
    """The range of the name assigned on `line` (the whole line when none is found)."""
    document = snapshot.document
    for assignment in snapshot.parsed().assignments:
        if assignment.name_span.line == line:
            return columns.range(document, assignment.name_span)
    return types.Range(types.Position(line, 0), types.Position(line + 1, 0))


def code_lenses(
    snapshot: Snapshot, config: Config, columns: convert.Columns
) -> list[types.CodeLens]:
    return [
        types.CodeLens(range=_name_range(snapshot, columns, t.line),
                       command=_command(snapshot.uri, t, LENS_TITLE))
        for t in targets(snapshot, config)
    ]


def code_actions(
    snapshot: Snapshot, params: types.CodeActionParams, config: Config
) -> list[types.CodeAction]:
    """"Probe NAME (live check)" on a credential's line. No kind: it is neither a fix nor a
    refactoring, and a kindless action is shown in VS Code's lightbulb and every other
    client's list, but never run by a fix-on-save request (those ask for a kind)."""
    if params.context.only is not None:
        return []
    first, last = params.range.start.line, params.range.end.line
    return [
        types.CodeAction(title=f"Probe {t.variable} (live check)",
                         command=_command(snapshot.uri, t, f"Probe {t.variable} (live check)"))
        for t in targets(snapshot, config) if first <= t.line <= last
    ]


# -- the last result, until the next edit ----------------------------------------------------


@dataclass(frozen=True)
class LastProbe:
    result: ProbeResult
    version: int | None
    text: str  # the exact text probed: any edit replaces the buffer's string
    when: float

    def current(self, buffer: Buffer) -> bool:
        return buffer.version == self.version and buffer.text is self.text


class Probes:
    """The last probe result of each open document."""

    def __init__(self) -> None:
        self._last: dict[str, LastProbe] = {}

    def record(self, buffer: Buffer, text: str, version: int | None, result: ProbeResult) -> bool:
        """Keep the result if the document is still the text probed; True if kept."""
        if buffer.text is not text or buffer.version != version:
            return False
        self._last[buffer.uri] = LastProbe(result, version, text, time.time())
        return True

    def forget(self, uri: str) -> None:
        self._last.pop(uri, None)

    def current(self, buffer: Buffer) -> LastProbe | None:
        last = self._last.get(buffer.uri)
        if last is not None and not last.current(buffer):
            del self._last[buffer.uri]
            return None
        return last

    def diagnostics(self, buffer: Buffer, columns: convert.Columns) -> list[types.Diagnostic]:
        last = self.current(buffer)
        snapshot = buffer.snapshot() if last else None
        if last is None or snapshot is None or last.result.line is None:
            return []
        result = last.result
        return [types.Diagnostic(
            range=_name_range(snapshot, columns, result.line),
            message=diagnostic_message(result),
            severity=types.DiagnosticSeverity.Information,
            code=result.code,
            source=convert.SOURCE,
        )]

    def hover_text(self, buffer: Buffer, line: int, markdown: bool) -> str | None:
        last = self.current(buffer)
        if last is None or last.result.line != line:
            return None
        result = last.result
        when = time.strftime("%H:%M:%S", time.localtime(last.when))
        bold = "**" if markdown else ""
        lines = [f"{bold}Last probe{bold} ({when}): {result.code} {result.outcome}, "
                 f"{_status(result)}, {result.endpoint}",
                 result.message]
        if result.request_id:
            lines.append(f"Request id {result.request_id} (quote it to support).")
        if result.hint:
            lines.append(result.hint)
        return ("\n\n" if markdown else "\n").join(lines)


def _status(result: ProbeResult) -> str:
    if result.http_status is None:
        return "no HTTP answer"
    return f"HTTP {result.http_status}"


def diagnostic_message(result: ProbeResult) -> str:
    text = f"Live probe: {result.outcome} ({_status(result)}). {result.message}"
    if result.request_id:
        text += f" Request id {result.request_id} (quote it to support)."
    if result.hint:
        text += f" {result.hint}"
    return text


def severity(result: ProbeResult) -> types.MessageType:
    if result.valid:
        return types.MessageType.Info
    return types.MessageType.Error if result.outcome in _ERRORS else types.MessageType.Warning


# -- the command -----------------------------------------------------------------------------


async def probe_key(ls: KeylintServer, args: tuple[Any, ...]) -> dict[str, Any]:
    """Plan, ask about a foreign host, probe with progress, then report: a message, a
    diagnostic until the next edit, and the result's redacted JSON as the return value."""
    target = target_of(args)
    buffer = ls.documents.get(target.uri)
    snapshot = buffer.snapshot() if buffer else None
    if buffer is None or snapshot is None:
        raise JsonRpcInvalidParams(f"{PROBE_COMMAND}: not an open keylint document")
    config = ls.config_for(buffer)
    if not enabled(config):
        _show(ls, types.MessageType.Warning, DISABLED)
        return ProbeRefusal("disabled", DISABLED, variable=target.variable).to_dict()
    text, version = buffer.text, buffer.version
    allowed: list[str] = []
    while True:
        plan = plan_probe(text, buffer.path, line=target.line, variable=target.variable,
                          config=config, allow_hosts=allowed)
        if not (isinstance(plan, ProbeRefusal) and plan.reason == "foreign_host" and plan.host
                and plan.host not in allowed and len(allowed) < MAX_PROMPTS):
            break
        if not await _trust(ls, plan):
            break
        allowed.append(plan.host)
    if isinstance(plan, ProbeRefusal):
        _show(ls, types.MessageType.Warning, _refusal_text(plan))
        return plan.to_dict()
    result = await _send(ls, plan)
    _show(ls, severity(result), _clean(f"keylint: {result.summary()} {result.hint}", plan.key))
    if ls.probes.record(buffer, text, version, result):
        ls.linter.request(buffer.uri)  # re-publish, with the probe's diagnostic
    return _scrubbed(result.to_dict(), plan.key)


async def _trust(ls: KeylintServer, refusal: ProbeRefusal) -> bool:
    """Ask whether to send the key to a host that is not its provider's, once."""
    owner = f"a host of {refusal.provider_name}" if refusal.provider_name else \
        "a host of the key's provider (keylint cannot tell which provider that is)"
    message = f"Send {refusal.variable} to {refusal.host}? It is not {owner}."
    params = types.ShowMessageRequestParams(
        type=types.MessageType.Warning, message=message,
        actions=[types.MessageActionItem(title=SEND_ONCE), types.MessageActionItem(title=CANCEL)],
    )
    try:
        answer = await asyncio.wait_for(ls.window_show_message_request_async(params),
                                        ANSWER_TIMEOUT)
    except Exception as error:
        ls.log_to_client(f"keylint: no answer to the probe question ({type(error).__name__})",
                         types.MessageType.Warning)
        return False
    return answer is not None and answer.title == SEND_ONCE


async def _send(ls: KeylintServer, plan: ProbePlan) -> ProbeResult:
    """The probe, inside a `$/progress` begin/end when the client shows progress."""
    token: str | None = None
    if ls.supports("window.work_done_progress"):
        token = f"keylint-probe-{uuid.uuid4()}"
        try:
            await ls.work_done_progress.create_async(token)
        except Exception:
            token = None
    if token is not None:
        title = _clean(f"Probing {plan.variable} at {plan.host}…", plan.key)
        ls.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=title, cancellable=False))
    try:
        result = await arun_probe(plan)
    finally:
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
    return result


def _refusal_text(refusal: ProbeRefusal) -> str:
    text = f"keylint: {refusal.summary()}"
    hint = refusal.hint
    if refusal.reason == "foreign_host" and refusal.host:  # the editor's way, not the CLI's
        hint = (f'Not sent. If {refusal.host} is yours, choose "{SEND_ONCE}" when asked, or '
                "list it under probe.trusted-hosts in the keylint settings.")
    return f"{text} {hint}" if hint else text


def _show(ls: KeylintServer, kind: types.MessageType, message: str) -> None:
    ls.window_show_message(types.ShowMessageParams(type=kind, message=message))


def _clean(text: str, key: Secret) -> str:
    return scrub(text, key)


def _scrubbed(value: Any, key: Secret) -> Any:
    """The result's JSON with every string scrubbed again (the core already redacts)."""
    if isinstance(value, str):
        return scrub(value, key)
    if isinstance(value, dict):
        return {k: _scrubbed(v, key) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v, key) for v in value]
    return value
