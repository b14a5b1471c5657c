"""Bad input never kills the server: each test ends with the server still answering."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from lsp_client import Editor, by_code, codes
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcMethodNotFound


async def _still_serving(editor: Editor, tmp_path: Path) -> None:
    uri = editor.open(tmp_path / ".env.after", "A=1", "dotenv")
    assert "KL505" in codes(await editor.published(uri, 1))


async def test_malformed_request_gets_an_error_response(editor: Editor, tmp_path: Path):
    hover = {"textDocument": {"uri": "file:///x/.env"}, "position": {"line": -1, "character": "x"}}
    with pytest.raises(JsonRpcInvalidParams, match="textDocument/hover"):
        await editor.raw_request("textDocument/hover", hover)
    with pytest.raises(JsonRpcInvalidParams):
        await editor.raw_request("textDocument/codeAction", {"nonsense": True})
    with pytest.raises(JsonRpcMethodNotFound):
        await editor.raw_request("keylint/noSuchMethod", {})
    editor.raw_notify("textDocument/didChange", {"textDocument": 7})  # malformed
    editor.raw_notify("textDocument/didChange", {  # a document that is not open
        "textDocument": {"uri": "file:///x/.env", "version": 3},
        "contentChanges": [{"text": "A=1"}],
    })
    await _still_serving(editor, tmp_path)


async def test_positions_past_the_end(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "OPENAI_API_KEY=x\n# end", "dotenv")
    await editor.published(uri, 1)
    far = types.Position(1_000_000, 1_000_000)

    hover = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=far)
    )
    actions = await editor.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(far, far),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    # An edit past the end appends, as the LSP specifies for positions beyond a line.
    version = editor.edit(uri, [types.TextEdit(types.Range(far, far), "\n")])

    assert hover is None
    assert not actions
    assert "KL505" not in codes(await editor.published(uri, version))


async def test_ten_megabyte_document(editor: Editor, tmp_path: Path):
    lines = [f"VARIABLE_{n}=value-{n}-" + "x" * 12 for n in range(300_000)]
    text = "\n".join(lines)  # ~10 MB, no final newline: KL505 on the very last line
    assert len(text) > 10_000_000
    started = time.perf_counter()
    big = editor.open(tmp_path / ".env", text, "dotenv")
    small = editor.open(tmp_path / ".env.small", "A=1", "dotenv")

    # The small file does not wait for the big one.
    assert "KL505" in codes(await editor.published(small, 1, timeout=60))
    final = by_code(await editor.published(big, 1, timeout=120), "KL505")
    assert final.range.start.line == len(lines) - 1
    print(f"10 MB .env: diagnostics after {time.perf_counter() - started:.1f} s")
    await _still_serving(editor, tmp_path)


async def test_document_with_nul_bytes(editor: Editor, tmp_path: Path):
    text = "A=1\x00\x00\nB=\x00two\n\x00\x00\x00\x01\x02binary\xff\nC=3"
    uri = editor.open(tmp_path / ".env", text, "dotenv")

    assert "KL505" in codes(await editor.published(uri, 1))
    version = editor.type_text(uri, 1, 2, "\x00")
    await editor.published(uri, version)
    await _still_serving(editor, tmp_path)


async def test_exceptions_in_requests_are_error_responses(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1 \n", "dotenv")
    blank = by_code(await editor.published(uri, 1), "KL101")
    garbage = types.Diagnostic(
        range=blank.range, message="x", code="KL101", source="keylint", data={"fix": [1, 2]}
    )

    with contextlib.suppress(JsonRpcException):  # an error response is fine, a dead server not
        await editor.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=blank.range,
                context=types.CodeActionContext(diagnostics=[garbage]),
            )
        )
    await _still_serving(editor, tmp_path)
