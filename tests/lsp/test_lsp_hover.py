"""Hover on keys and base URLs: what goes where, and never the full key."""

from __future__ import annotations

from pathlib import Path

from lsp_client import Editor
from lsprotocol import types

from keylint.core.credentials import redact
from keys import fake_key


async def _hover(editor: Editor, uri: str, position: types.Position) -> str | None:
    result = await editor.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    if result is None:
        return None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


async def test_hover_on_a_key_shows_it_redacted_and_where_it_goes(editor: Editor, tmp_path: Path):
    key = fake_key("openai", "project")
    text = f"OPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n"
    uri = editor.open(tmp_path / ".env", text, "dotenv")

    on_name = await _hover(editor, uri, types.Position(0, 3))
    on_value = await _hover(editor, uri, editor.find(uri, key[40:50]).start)

    for shown in (on_name, on_value):
        assert shown is not None
        assert key not in shown
        assert key[8:40] not in shown  # not even a long piece of it
        assert redact(key) in shown
        assert "OpenAI" in shown
        assert "openai-python" in shown  # who reads OPENAI_API_KEY
        assert "https://api.hiapi.ai/v1" in shown and "OPENAI_BASE_URL on line 2" in shown


async def test_hover_on_a_key_without_base_url_names_the_default(editor: Editor, tmp_path: Path):
    key = fake_key("anthropic", "api")
    uri = editor.open(tmp_path / ".zshrc", f'export ANTHROPIC_API_KEY="{key}"\n', "zsh")

    shown = await _hover(editor, uri, editor.find(uri, "ANTHROPIC_API_KEY").start)

    assert shown is not None and key not in shown
    assert redact(key) in shown
    assert "https://api.anthropic.com" in shown and "default" in shown


async def test_hover_on_a_base_url_lists_the_keys_sent_there(editor: Editor, tmp_path: Path):
    key = fake_key("openai", "project")
    text = f"OPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.openai.com/v1\n"
    uri = editor.open(tmp_path / ".env", text, "dotenv")

    shown = await _hover(editor, uri, editor.find(uri, "api.openai.com").start)

    assert shown is not None and key not in shown
    assert "OpenAI" in shown and "`OPENAI_API_KEY`" in shown


async def test_no_hover_elsewhere(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "# a comment\nDEBUG=true\n", "dotenv")

    assert await _hover(editor, uri, types.Position(0, 3)) is None
    assert await _hover(editor, uri, types.Position(1, 2)) is None
    assert await _hover(editor, uri, types.Position(99, 99)) is None
