"""Logs go to stderr (stdout is the protocol) and never hold a key, even at DEBUG level,
where pygls logs every message the server sends."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import pytest
from lsp_client import Editor, by_code
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from keylint.lsp.server import RedactingFilter
from keys import fake_key


async def test_debug_log_never_holds_a_key(
    debug_editor: Editor, tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    key = fake_key("openai", "project")
    # CRLF around the key: the CRLF fix and fix-all touch the key's line.
    uri = debug_editor.open(tmp_path / ".env", f"A=1\r\nOPENAI_API_KEY={key}\r\nB=2", "dotenv")
    crlf = by_code(await debug_editor.published(uri, 1), "KL102")
    await debug_editor.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(1, 20))
    )
    await debug_editor.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), crlf.range, types.CodeActionContext([crlf])
        )
    )
    await debug_editor.workspace_execute_command_async(
        types.ExecuteCommandParams(command="keylint.fixAll", arguments=[uri])
    )
    await debug_editor.published(uri, 2)
    with pytest.raises(JsonRpcException) as refused:  # a client passing garbage: a key
        await debug_editor.workspace_execute_command_async(
            types.ExecuteCommandParams(command="keylint.showRule", arguments=[key])
        )
    assert key not in str(refused.value)
    await asyncio.sleep(0.5)  # pytest-lsp forwards the server's stderr asynchronously

    logged = capfd.readouterr().err
    assert "findings in" in logged  # the debug log is really on
    assert "Sending data" in logged  # pygls's message log too
    assert key not in logged
    assert key[10:40] not in logged


def test_the_filter_masks_keys_in_arguments_and_tracebacks():
    key = fake_key("anthropic", "api")
    try:
        raise ValueError(f"bad value {key}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "got %s", (key,), None)
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert key not in record.getMessage()
    assert record.exc_text and key not in record.exc_text
