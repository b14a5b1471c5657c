"""Real HTTP servers on 127.0.0.1 that answer the way providers do, and remember what they saw.

Each `FakeProvider` is a `ThreadingHTTPServer` on port 0 in a daemon thread. Routes map a
path to a `Reply` (or a list of replies, served in turn, the last one repeating); an unknown
path gets a 404 HTML page, like a website. Every request is recorded (method, path,
headers), so a test can prove that a key arrived, or that nothing arrived at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOT_FOUND_HTML = ("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
                  "<body><h1>Not Found</h1><p>The page you requested does not exist.</p>"
                  "</body></html>\n")


@dataclass(frozen=True)
class Reply:
    """One answer. `body` may be a function of the request headers (to echo what came)."""

    status: int
    body: str | Callable[[Mapping[str, str]], str] = ""
    headers: tuple[tuple[str, str], ...] = (("content-type", "application/json"),)
    delay: float = 0.0  # seconds to wait before answering (a slow server)


@dataclass(frozen=True)
class Seen:
    """A request as the server received it (headers with lower-case names)."""

    method: str
    path: str
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(default=b"", repr=False)


class FakeProvider:
    """A provider lookalike on 127.0.0.1; use as a context manager or call close()."""

    def __init__(self, routes: Mapping[str, Reply | list[Reply]] | None = None) -> None:
        self.routes = dict(routes or {})
        self.seen: list[Seen] = []
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)  # a short poll: shutdown() is quick
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reply_for(self, path: str) -> Reply:
        route = self.routes.get(path.split("?", 1)[0])
        if route is None:
            return Reply(404, NOT_FOUND_HTML, (("content-type", "text/html"),))
        if isinstance(route, Reply):
            return route
        with self._lock:
            index = self._served.get(path, 0)
            self._served[path] = index + 1
        return route[min(index, len(route) - 1)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                with provider._lock:
                    provider.seen.append(Seen(self.command, self.path, headers, body))
                reply = provider._reply_for(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                text = reply.body(headers) if callable(reply.body) else reply.body
                data = text.encode()
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test): nothing to answer

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        return Handler
