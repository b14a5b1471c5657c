"""How `keylint probe` prints: a short report for people, one JSON object for tools.

The JSON keys are a contract: `outcome, provider, variable, key, endpoint, http_status,
error {code, type, message}, request_id, latency_ms, hint, curl`, null where unknown. A
refusal keeps the same keys with outcome "refused" and the reason as `error.code`. Nothing
printed here can hold the key: results and refusals carry only its redacted form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from keylint.core.model import Finding
from keylint.core.probe import ProbeRefusal, ProbeResult

_WIDTH = 11  # the label column: "request id:" is the longest label


def to_json(report: ProbeResult | ProbeRefusal) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def result_text(result: ProbeResult) -> str:
    """Outcome and explanation first, then the facts, the next step and the curl command."""
    status = "no HTTP answer" if result.http_status is None else str(result.http_status)
    if result.attempts > 1:
        status += " (after one retry)"
    lines = [
        f"{result.outcome} ({result.code}): {result.headline}",
        f"  {result.message}",
        _row("provider", result.provider_name),
        _row("variable", f"{result.variable}, {result.location}"),
        _row("key", result.key),
        _row("endpoint", f"{result.endpoint} (base URL from {result.base_source})"),
        _row("status", status),
    ]
    if result.error:
        lines.append(_row("error", result.error.text()))
    if result.request_id:
        lines.append(_row("request id", f"{result.request_id} (quote it to support)"))
    if result.latency_ms is not None:
        lines.append(_row("latency", f"{result.latency_ms} ms"))
    lines.append(_row("next step", result.hint))
    lines.append(_row("curl", result.curl))
    return "\n".join(lines)


def refusal_text(refusal: ProbeRefusal) -> str:
    """Why nothing was sent, and what to do about it."""
    lines = [f"refused ({refusal.reason}): no request was sent", f"  {refusal.message}"]
    if refusal.provider_name:
        lines.append(_row("provider", refusal.provider_name))
    if refusal.variable:
        lines.append(_row("variable", refusal.variable))
    if refusal.key:
        lines.append(_row("key", refusal.key))
    if refusal.hint:
        lines.append(_row("next step", refusal.hint))
    return "\n".join(lines)


def findings_text(name: str, findings: Sequence[Finding]) -> str:
    """The value checks on an exported variable: `CODE message`, one per line."""
    head = f"{name} as exported in this environment:"
    return "\n".join([head, *(f"  {f.code} {f.message}" for f in findings)])


def _row(label: str, value: str) -> str:
    return f"{label + ':':<{_WIDTH}} {value}"
