"""Fixtures for the live-probe tests: real HTTP servers on 127.0.0.1, a `.env` writer, and a
watch on the process's sockets for tests that must prove no traffic left at all."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from fake_providers import FakeProvider, Reply

_SOCKET_EVENTS: list[str] = []
_WATCHING = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING[0] and event in ("socket.connect", "socket.getaddrinfo"):
        _SOCKET_EVENTS.append(event)


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while watching


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """The socket events this process raises during the test (expected: none)."""
    _SOCKET_EVENTS.clear()
    _WATCHING[0] = True
    try:
        yield _SOCKET_EVENTS
    finally:
        _WATCHING[0] = False


@pytest.fixture
def serve() -> Iterator[Callable[..., FakeProvider]]:
    """Start fake providers; each is shut down after the test."""
    started: list[FakeProvider] = []

    def start(routes: Mapping[str, Reply | list[Reply]] | None = None) -> FakeProvider:
        server = FakeProvider(routes)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def envfile(tmp_path: Path) -> Callable[[str], Path]:
    """Write a `.env` with this text and return its path."""

    def write(text: str, name: str = ".env") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
