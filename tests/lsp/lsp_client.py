"""A pytest-lsp client that behaves like an editor.

It keeps the text of every document it opened and sends incremental changes as an editor
does, records every `publishDiagnostics` with its version (pytest-lsp keeps only the last
diagnostics, without the version), applies `workspace/applyEdit` to its own text before
answering, and converts positions in the negotiated encoding with its own code (not the
server's), so the tests check the server against an independent implementation.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

TIMEOUT = 15.0  # seconds; generous for slow CI machines, never reached when things work
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Editor(LanguageClient):
    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.encoding = "utf-16"
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.history: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.registrations: list[types.Registration] = []
        self.applied: list[types.WorkspaceEdit] = []
        self.notified = asyncio.Event()  # set on every notification from the server
        self.questions: list[types.ShowMessageRequestParams] = []
        self.answer: str | None = None  # the action title window/showMessageRequest gets
        self.received: list[str] = []  # every message from the server, as raw JSON

    # -- documents -------------------------------------------------------------------------

    def open(self, path: Path, text: str, language_id: str = "plaintext") -> str:
        uri = path.as_uri()
        self.texts[uri] = text
        self.versions[uri] = 1
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language_id, version=1, text=text
                )
            )
        )
        return uri

    def edit(self, uri: str, edits: list[types.TextEdit]) -> int:
        """Apply edits (ranges in the original text) and send them as one didChange, bottom
        edit first so that each change's range is still valid when it is applied."""
        text = self.texts[uri]
        ordered = sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))
        lines = _Lines(text)  # every range refers to the text before the edit
        spans = [(lines.offset(e.range.start, self), lines.offset(e.range.end, self), e)
                 for e in ordered]
        changes = []
        for start, end, edit in reversed(spans):
            text = text[:start] + edit.new_text + text[end:]
            changes.append(
                types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
            )
        self.texts[uri] = text
        self.versions[uri] += 1
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=changes,
            )
        )
        return self.versions[uri]

    def type_text(self, uri: str, line: int, column: int, text: str) -> int:
        """Insert `text` at a code-point position, as a keystroke would."""
        position = self.position(uri, line, column)
        return self.edit(uri, [types.TextEdit(types.Range(position, position), text)])

    def apply(self, edit: types.WorkspaceEdit) -> bool:
        """Apply a workspace edit as an editor does; False when it targets another version."""
        per_uri: list[tuple[str, int | None, list[types.TextEdit]]] = []
        for change in edit.document_changes or []:
            assert isinstance(change, types.TextDocumentEdit), change
            edits = [e for e in change.edits if isinstance(e, types.TextEdit)]
            per_uri.append((change.text_document.uri, change.text_document.version, edits))
        for uri, edits in (edit.changes or {}).items():
            per_uri.append((uri, None, list(edits)))
        for uri, version, _ in per_uri:
            if uri not in self.texts or (version is not None and version != self.versions[uri]):
                return False
        for uri, _, edits in per_uri:
            self.edit(uri, edits)
        self.applied.append(edit)
        return True

    def close(self, uri: str) -> None:
        self.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    # -- positions in the negotiated encoding ------------------------------------------------

    def units(self, text: str) -> int:
        if self.encoding == "utf-8":
            return len(text.encode("utf-8"))
        if self.encoding == "utf-32":
            return len(text)
        return len(text.encode("utf-16-le")) // 2

    def position(self, uri: str, line: int, column: int) -> types.Position:
        """A code-point position as the client sends it."""
        return types.Position(line, self.units(_LINE_BREAK.split(self.texts[uri])[line][:column]))

    def find(self, uri: str, needle: str, occurrence: int = 0) -> types.Range:
        """The range of a piece of text in the document, in client units."""
        text = self.texts[uri]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(needle, start + 1)
        return types.Range(self._at(text, start), self._at(text, start + len(needle)))

    def _at(self, text: str, offset: int) -> types.Position:
        before = text[:offset]
        lines = _LINE_BREAK.split(before)
        return types.Position(len(lines) - 1, self.units(lines[-1]))

    # -- waiting -------------------------------------------------------------------------------

    def mark(self, uri: str) -> int:
        """How many publications `uri` has had: pass as `after` to wait for a newer one."""
        return len(self.history.get(uri, []))

    async def published(
        self, uri: str, version: int | None = None, *, after: int = 0, timeout: float = TIMEOUT
    ) -> list[types.Diagnostic]:
        """The diagnostics published for `uri` at `version` (default: the current one),
        waiting until a publication after index `after` carries that version."""
        wanted = self.versions[uri] if version is None else version

        def found() -> types.PublishDiagnosticsParams | None:
            matching = [p for p in self.history.get(uri, [])[after:] if p.version == wanted]
            return matching[-1] if matching else None

        await self.wait_until(lambda: found() is not None, timeout, f"{uri} v{wanted}")
        published = found()
        assert published is not None
        return list(published.diagnostics)

    async def cleared(self, uri: str, *, after: int, timeout: float = TIMEOUT) -> None:
        def empty() -> bool:
            return any(not p.diagnostics for p in self.history.get(uri, [])[after:])

        await self.wait_until(empty, timeout, f"empty diagnostics for {uri}")

    async def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Re-check `condition` whenever the server sends a notification (and every 50 ms)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            self.notified.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.notified.wait(), min(remaining, 0.05))

    async def raw_request(self, method: str, params: Any) -> Any:
        """A request sent as plain JSON, bypassing lsprotocol's types, so that it can be
        malformed. (pygls keeps pending requests in `_request_futures`; so do we.)"""
        msg_id = f"raw-{uuid.uuid4()}"
        future: Future[Any] = Future()
        self.protocol._request_futures[msg_id] = future
        message = {"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}
        self.protocol._send_data(message)
        return await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)

    def raw_notify(self, method: str, params: Any) -> None:
        self.protocol._send_data({"jsonrpc": "2.0", "method": method, "params": params})

    async def roundtrip(self) -> None:
        """A request the server answers only after every earlier message was handled."""
        await self.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri="file:///nowhere/.env"),
                position=types.Position(0, 0),
            )
        )


class _Lines:
    """A text's lines as the LSP defines them, for offsets of client positions."""

    def __init__(self, text: str) -> None:
        self.lines = _LINE_BREAK.split(text)
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        self.length = len(text)

    def offset(self, position: types.Position, client: Editor) -> int:
        if position.line >= len(self.lines):
            return self.length
        line = self.lines[position.line]
        count = 0
        for index, char in enumerate(line):
            if count >= position.character:
                return self.starts[position.line] + index
            count += client.units(char)
        return self.starts[position.line] + len(line)


def _publish(client: Editor, params: types.PublishDiagnosticsParams) -> None:
    client.history.setdefault(params.uri, []).append(params)
    client.diagnostics[params.uri] = params.diagnostics
    client.notified.set()


def _show_message(client: Editor, params: types.ShowMessageParams) -> None:
    client.messages.append(params)
    client.notified.set()


def _apply_edit(
    client: Editor, params: types.ApplyWorkspaceEditParams
) -> types.ApplyWorkspaceEditResult:
    applied = client.apply(params.edit)
    return types.ApplyWorkspaceEditResult(
        applied=applied, failure_reason=None if applied else "version mismatch"
    )


def _register(client: Editor, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def _show_message_request(
    client: Editor, params: types.ShowMessageRequestParams
) -> types.MessageActionItem | None:
    client.questions.append(params)
    client.notified.set()
    return types.MessageActionItem(title=client.answer) if client.answer else None


def _recording(client: Editor) -> None:
    """Keep every message the server sends as its raw JSON (for the secret canaries)."""
    structure = client.protocol.structure_message

    def record(data: dict[str, Any]) -> Any:
        if "jsonrpc" in data:
            client.received.append(json.dumps(data))
        return structure(data)

    client.protocol.structure_message = record  # type: ignore[method-assign]


def make_editor() -> Editor:
    editor = Editor()
    _recording(editor)
    features: dict[str, Any] = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    features[types.WINDOW_SHOW_MESSAGE] = _show_message
    features[types.WORKSPACE_APPLY_EDIT] = _apply_edit
    features[types.CLIENT_REGISTER_CAPABILITY] = _register
    features[types.WINDOW_SHOW_MESSAGE_REQUEST] = _show_message_request
    register_lsp_features(editor, features)
    return editor


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics}


def by_code(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diagnostics if d.code == code]
    assert found, f"no {code} among {sorted(codes(diagnostics))}"
    return found[0]
