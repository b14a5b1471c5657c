"""Settings from the editor (both styles) and from pyproject.toml, and bad settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsp_client import Editor, codes
from lsprotocol import types

CRLF_NO_FINAL_NEWLINE = "A=1\r\nB=2"  # KL102 and KL505


def _errors(editor: Editor) -> list[str]:
    return [m.message for m in editor.messages if m.type == types.MessageType.Error]


async def _error_naming(editor: Editor, *words: str) -> str:
    def found() -> str | None:
        return next((m for m in _errors(editor) if all(w in m for w in words)), None)

    await editor.wait_until(lambda: found() is not None, 5, f"an error naming {words}")
    message = found()
    assert message is not None
    return message


@pytest.mark.init_options({"ignore": ["KL505"]})
async def test_initialization_options(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")

    found = codes(await editor.published(uri, 1))

    assert "KL102" in found and "KL505" not in found


@pytest.mark.settings({"select": ["KL505"]})
async def test_workspace_configuration_is_pulled_at_start(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")

    assert codes(await editor.published(uri, 1)) == {"KL505"}


async def test_did_change_configuration_relints_open_documents(editor: Editor, tmp_path: Path):
    env = editor.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")
    rc = editor.open(tmp_path / ".bashrc", "export A=1", "sh")
    assert {"KL102", "KL505"} <= codes(await editor.published(env, 1))
    assert "KL505" in codes(await editor.published(rc, 1))
    marks = {env: editor.mark(env), rc: editor.mark(rc)}

    editor.set_configuration({"select": ["KL1"], "ignore": ["KL103"]}, section="keylint")
    editor.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))

    assert codes(await editor.published(env, 1, after=marks[env])) == {"KL102"}
    assert "KL505" not in codes(await editor.published(rc, 1, after=marks[rc]))


async def test_vscode_style_clients_are_asked_to_send_configuration_changes(
    editor: Editor, request
):
    if request.node.callspec.params["editor"] == "visual-studio-code":  # dynamic registration
        await editor.wait_until(lambda: bool(editor.registrations), 5, "a registration")
        methods = [r.method for r in editor.registrations]
        assert methods == [types.WORKSPACE_DID_CHANGE_CONFIGURATION]
    else:
        await editor.roundtrip()
        await asyncio.sleep(0.2)
        assert editor.registrations == []


async def test_pushed_settings_for_clients_without_configuration_requests(
    old_neovim: Editor, tmp_path: Path
):
    uri = old_neovim.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")
    await old_neovim.published(uri, 1)
    start = old_neovim.mark(uri)

    old_neovim.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"keylint": {"ignore": ["KL102"]}})
    )

    assert codes(await old_neovim.published(uri, 1, after=start)) == {"KL505"}


@pytest.mark.init_options({"select": ["KL9999"], "ignore": ["KL505"], "colour": "blue"})
async def test_bad_settings_are_named_and_fall_back_to_defaults(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")

    found = codes(await editor.published(uri, 1))

    assert "KL102" in found  # select fell back to its default: every rule
    assert "KL505" not in found  # the good setting still applies
    assert "KL9999" in await _error_naming(editor, '"select"', "initializationOptions")
    await _error_naming(editor, '"colour"', "unknown")


async def test_pyproject_settings_with_editor_overrides_key_by_key(editor: Editor, tmp_path: Path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.keylint]\nignore = ["KL505"]\n')
    (tmp_path / "app").mkdir()
    uri = editor.open(tmp_path / "app" / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")
    assert codes(await editor.published(uri, 1)) >= {"KL102"}
    assert "KL505" not in codes(await editor.published(uri, 1))

    # The editor sets `select` only: the file's `ignore` still applies.
    start = editor.mark(uri)
    editor.set_configuration({"select": ["KL5"]}, section="keylint")
    editor.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert codes(await editor.published(uri, 1, after=start)) == set()

    # The file changes on disk and is saved in the editor: read again.
    start = editor.mark(uri)
    pyproject.write_text('[tool.keylint]\nignore = ["KL102"]\n')
    editor.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=pyproject.as_uri())
        )
    )
    assert codes(await editor.published(uri, 1, after=start)) == {"KL505"}


async def test_broken_config_file_is_reported_then_defaults(editor: Editor, tmp_path: Path):
    (tmp_path / ".keylint.toml").write_text('select = "KL1O1"\n')

    uri = editor.open(tmp_path / ".env", CRLF_NO_FINAL_NEWLINE, "dotenv")

    assert {"KL102", "KL505"} <= codes(await editor.published(uri, 1))
    await _error_naming(editor, ".keylint.toml", "select")
