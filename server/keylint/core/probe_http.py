"""One probe request on the wire: send, time, read a bounded answer, retry once at most.

Kept apart from the planning and explaining so the part that touches the network is small
enough to read in one go. What it guarantees:

* redirects are never followed: a 3xx comes back as an answer, and the key is not re-sent;
* one retry at most, only when `retry_if` says the answer is transient (429 rate limit, 5xx),
  after `Retry-After` (capped at RETRY_CAP seconds) or a short backoff; never after a
  timeout, which already cost the user `timeout` seconds;
* environment proxies are used for https only, where a proxy sees an encrypted tunnel;
  plain http (loopback) never goes through one, so the key is never handed to a proxy;
* everything that leaves this module is scrubbed of the key: the body, the headers kept
  and any exception text.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from keylint import __version__
from keylint.core.secret import Secret, scrub

RETRY_CAP = 2.0  # seconds: the longest Retry-After honoured before the one retry
BACKOFF = 0.5  # seconds before the retry when the server names no delay
MAX_BODY = 256 * 1024  # an error body is small; a huge one is an HTML site or a stream
KEPT_HEADERS = ("request-id", "x-request-id", "location", "retry-after", "content-type")
NetworkKind = str  # "timeout", "dns", "tls", "refused", "connect", "protocol", "other"


@dataclass(frozen=True)
class Exchange:
    """What came back (or why nothing did). Body and headers are already scrubbed."""

    status: int | None = None
    body: str = field(default="", repr=False)
    headers: dict[str, str] = field(default_factory=dict)
    latency_ms: int | None = None
    attempts: int = 0
    network: NetworkKind | None = None  # set when no HTTP answer came
    network_detail: str = ""


@dataclass(frozen=True)
class Request:
    """The request to send; `headers` are templates where `{key}` stands for the key."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: str = ""


def send(
    request: Request, key: Secret, timeout: float, retry_if: Callable[[int, str], bool]
) -> Exchange:
    """Send `request` with the key filled in; see the module doc for the guarantees."""
    headers = {"accept": "application/json", "user-agent": f"keylint/{__version__} (probe)"}
    headers.update({name: value.replace("{key}", key.reveal())
                    for name, value in request.headers})
    content = request.body.encode() if request.body else None
    if content is not None:
        headers["content-type"] = "application/json"
    https = request.url.lower().startswith("https://")
    attempts = 0
    with httpx.Client(follow_redirects=False, timeout=timeout, trust_env=https) as client:
        while True:
            attempts += 1
            exchange = _attempt(client, request, headers, content, key, attempts)
            if exchange.status is None or attempts > 1:
                return exchange
            if not retry_if(exchange.status, exchange.body):
                return exchange
            time.sleep(_delay(exchange.headers.get("retry-after", "")))


def _attempt(
    client: httpx.Client, request: Request, headers: dict[str, str], content: bytes | None,
    key: Secret, attempts: int,
) -> Exchange:
    start = time.monotonic()
    try:
        with client.stream(request.method, request.url, headers=headers,
                           content=content) as response:
            body = _bounded(response)
            latency = round((time.monotonic() - start) * 1000)
            kept = {name: scrub(response.headers[name], key)
                    for name in KEPT_HEADERS if name in response.headers}
            return Exchange(response.status_code, scrub(body, key), kept, latency, attempts)
    except httpx.HTTPError as error:
        latency = round((time.monotonic() - start) * 1000)
        kind, detail = _network(error, key)
        return Exchange(latency_ms=latency, attempts=attempts, network=kind,
                        network_detail=detail)


def _bounded(response: httpx.Response) -> str:
    """At most MAX_BYTES of the body, decoded leniently (an error body is for reading)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= MAX_BODY:
            break
    return b"".join(chunks)[:MAX_BODY].decode(response.encoding or "utf-8", errors="replace")


def _delay(retry_after: str) -> float:
    """Seconds to wait before the retry: Retry-After in seconds, capped; else BACKOFF."""
    try:
        seconds = float(retry_after.strip())
    except ValueError:
        return BACKOFF
    return max(0.0, min(seconds, RETRY_CAP))


def _network(error: httpx.HTTPError, key: Secret) -> tuple[NetworkKind, str]:
    """What kind of failure, and its text scrubbed. A LocalProtocolError may quote the
    request headers (the key among them), so its text is never shown at all."""
    if isinstance(error, httpx.TimeoutException):
        return "timeout", ""
    if isinstance(error, httpx.LocalProtocolError):
        return "protocol", "the request could not be sent"
    text = scrub(str(error) or type(error).__name__, key)[:300]
    lower = text.lower()
    if isinstance(error, httpx.ConnectError):
        if "ssl" in lower or "certificate" in lower or "tls" in lower:
            return "tls", text
        if any(s in lower for s in ("name or service", "nodename", "getaddrinfo",
                                    "name resolution", "no address associated",
                                    "temporary failure")):
            return "dns", text
        if "refused" in lower:
            return "refused", text
        return "connect", text
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "protocol", text
    return "other", text
