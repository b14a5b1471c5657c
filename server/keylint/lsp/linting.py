"""Analysis scheduling: the newest text wins, without a debounce delay.

Every edit bumps the buffer's generation and asks for a lint. At most one lint task runs
per document; when it finishes it publishes only if no edit (or settings change) arrived
meanwhile, and runs again for the newest text if one did. Publishing for version N after
version N+1 is therefore impossible, and a burst of edits that arrives while an analysis is
running costs one more analysis, not one per edit.

Small documents are analysed on the event loop (a thread hop would cost more than the
analysis); large ones in a worker thread, so that the server keeps answering requests for
other documents while a 10 MB file is checked.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from lsprotocol import types

from keylint.core.analyze import MAX_BYTES
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.lsp import convert
from keylint.lsp.documents import Buffer, DocumentStore, Snapshot

log = logging.getLogger("keylint.lsp")

INLINE_LIMIT = 200_000  # characters: above this, analyse in the worker thread
SLOW_SECONDS = 0.5  # analyses slower than this are reported in the client's log

T = TypeVar("T")
Publish = Callable[[types.PublishDiagnosticsParams], None]
ConfigFor = Callable[[Buffer], Config]
Notify = Callable[[str, types.MessageType], None]


class Linter:
    """Runs analyses for open documents and publishes their diagnostics."""

    def __init__(
        self,
        documents: DocumentStore,
        config_for: ConfigFor,
        publish: Publish,
        columns: Callable[[], convert.Columns],
        log_message: Notify,
    ) -> None:
        self._documents = documents
        self._config_for = config_for
        self._publish = publish
        self._columns = columns
        self._log_message = log_message
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._dirty: set[str] = set()
        self._worker: ThreadPoolExecutor | None = None
        self._held = False

    def request(self, uri: str) -> None:
        """Lint `uri` soon (now, if nothing is running for it)."""
        self._dirty.add(uri)
        if uri not in self._tasks and not self._held:
            self._tasks[uri] = asyncio.get_running_loop().create_task(self._run(uri))

    def hold(self) -> None:
        """Queue requests without analysing, until `release` (settings are on their way)."""
        self._held = True

    def release(self) -> None:
        self._held = False
        for uri in list(self._dirty):
            self.request(uri)

    def request_all(self) -> None:
        for buffer in self._documents:
            buffer.generation += 1  # results computed under the old settings are stale
            self.request(buffer.uri)

    def closed(self, buffer: Buffer) -> None:
        """Clear the client's diagnostics of a closed document."""
        self._dirty.discard(buffer.uri)
        if buffer.published:
            self._publish(types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=[]))

    async def _run(self, uri: str) -> None:
        try:
            while uri in self._dirty:
                self._dirty.discard(uri)
                buffer = self._documents.get(uri)
                if buffer is None:
                    return
                generation = buffer.generation
                snapshot = buffer.snapshot()
                job = _Job(
                    snapshot=snapshot,
                    config=self._config_for(buffer) if snapshot else Config(),
                    columns=self._columns(),
                    others={b.path: b for b in self._documents if b is not buffer},
                )
                diagnostics, notes = await self.offload(len(buffer.text), job.run)
                for message, kind in notes:
                    self._log_message(message, kind)
                if self._documents.get(uri) is buffer and buffer.generation == generation:
                    self._send(buffer, diagnostics)
        finally:
            self._tasks.pop(uri, None)

    def _send(self, buffer: Buffer, diagnostics: list[types.Diagnostic] | None) -> None:
        if diagnostics is None:  # a file keylint does not read (any more: a shebang went)
            if buffer.published:
                self._publish(types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=[]))
                buffer.published = False
            return
        self._publish(
            types.PublishDiagnosticsParams(
                uri=buffer.uri, diagnostics=diagnostics, version=buffer.version
            )
        )
        buffer.published = True

    async def offload(self, size: int, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` on the event loop for a small document, in the worker thread
        for a large one (a hover on a 10 MB file must not stall every other document)."""
        if size <= INLINE_LIMIT:
            return function(*args)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor(), function, *args)

    def _executor(self) -> ThreadPoolExecutor:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keylint-lint")
        return self._worker

    def shutdown(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)


@dataclass(frozen=True)
class _Job:
    """One analysis of a snapshot, safe to run in another thread."""

    snapshot: Snapshot | None  # None: a file keylint does not read
    config: Config
    columns: convert.Columns
    others: dict[str, Buffer]

    def run(self) -> tuple[list[types.Diagnostic] | None, list[tuple[str, types.MessageType]]]:
        """Diagnostics (None when keylint does not read the file) and notes for the client log.

        Never raises: a failing analysis is logged and yields no diagnostics, so stale ones
        from an older version do not linger. Sends nothing itself (it may run off the event
        loop, and only the loop may write to the client).
        """
        if self.snapshot is None:
            return None, []
        document, version = self.snapshot.document, self.snapshot.version
        if len(document.text) > MAX_BYTES:
            note = f"{document.path}: not checked, larger than {MAX_BYTES} characters"
            return [], [(note, types.MessageType.Warning)]
        started = time.perf_counter()
        try:
            findings = self.snapshot.buffer.analysis.analyze(document, self.config)
            diagnostics = [
                convert.diagnostic(
                    f, document, self.columns, version, self.snapshot.uri, self._other_file
                )
                for f in findings
            ]
        except Exception as error:
            log.exception("analysis of %s failed", document.path)
            note = f"{document.path}: analysis failed ({type(error).__name__}: {error})"
            return [], [(note, types.MessageType.Error)]
        elapsed = time.perf_counter() - started
        log.debug(
            "%s v%s: %d findings in %.1f ms", document.path, version, len(findings), elapsed * 1000
        )
        notes = []
        if elapsed > SLOW_SECONDS:
            size = len(document.text)
            notes.append((
                f"{document.path}: {size} characters checked in {elapsed:.2f} s",
                types.MessageType.Info,
            ))
        return diagnostics, notes

    def _other_file(self, path: str) -> Document | None:
        """The text of another open document that a related location points into."""
        other = self.others.get(path)
        return other.index if other else None
