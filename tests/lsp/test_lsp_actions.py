"""Code actions and commands, applied to the editor's text like a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_client import Editor, by_code, codes
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from keys import fake_key

FIX_ALL = "source.fixAll.keylint"


async def _actions(
    editor: Editor,
    uri: str,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None = None,
    range_: types.Range | None = None,
) -> list[types.CodeAction]:
    if range_ is None:
        range_ = diagnostics[0].range if diagnostics else types.Range(
            types.Position(0, 0), types.Position(0, 0)
        )
    result = await editor.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    # The live probe's action (test_lsp_probe.py) is a CodeAction holding a command, which
    # lsprotocol's client-side reader mistakes for a bare Command: leave it out here.
    result = [a for a in result or [] if not (
        isinstance(a, types.Command) and "keylint.probeKey" in a.command)]
    actions = [a for a in result if isinstance(a, types.CodeAction)]
    assert len(actions) == len(result)  # actions with edits, never bare commands
    return actions


def _titled(actions: list[types.CodeAction], start: str) -> types.CodeAction:
    found = [a for a in actions if a.title.startswith(start)]
    assert found, f"no action {start!r} among {[a.title for a in actions]}"
    return found[0]


def _versioned(editor: Editor, action: types.CodeAction, uri: str) -> None:
    """VS Code takes documentChanges (versioned); this Neovim profile does not."""
    assert action.edit is not None
    if editor.capabilities.workspace.workspace_edit.document_changes:
        change = action.edit.document_changes[0]
        assert change.text_document.uri == uri
        assert change.text_document.version == editor.versions[uri]
    else:
        assert uri in action.edit.changes


async def test_quick_fix_removes_its_diagnostic(editor: Editor, tmp_path: Path):
    key = fake_key("openai", "project")
    uri = editor.open(tmp_path / ".env", f"OPENAI_API_KEY={key}  \nDEBUG=1\n", "dotenv")
    blank = by_code(await editor.published(uri, 1), "KL101")

    actions = await _actions(editor, uri, [blank])
    fix = _titled(actions, "Remove the whitespace")

    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred
    assert list(fix.diagnostics or []) == [blank]
    _versioned(editor, fix, uri)
    assert editor.apply(fix.edit)
    assert editor.texts[uri] == f"OPENAI_API_KEY={key}\nDEBUG=1\n"
    assert "KL101" not in codes(await editor.published(uri))


async def test_unsafe_fix_is_offered_but_not_preferred(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1\nA=2\n", "dotenv")
    duplicate = by_code(await editor.published(uri, 1), "KL402")

    fix = _titled(await _actions(editor, uri, [duplicate]), "Remove the earlier definition")

    assert fix.title.endswith("(unsafe)")
    assert not fix.is_preferred
    assert editor.apply(fix.edit)
    assert editor.texts[uri] == "A=2\n"


async def test_diagnostic_from_an_older_version_gets_a_fresh_fix(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1 \n", "dotenv")
    stale = by_code(await editor.published(uri, 1), "KL101")
    editor.type_text(uri, 0, 0, "# top\n")  # the blank moves to line 1

    fix = _titled(
        await _actions(editor, uri, [stale], range_=editor.find(uri, "A=1 ")),
        "Remove the whitespace",
    )

    _versioned(editor, fix, uri)
    assert editor.apply(fix.edit)
    assert editor.texts[uri] == "# top\nA=1\n"


async def test_fix_all_action(editor: Editor, tmp_path: Path):
    key = fake_key("openai", "project")
    text = f"OPENAI_API_KEY={key} \r\nB=x\u00a0y\r\nA=1\r\nA=2"
    uri = editor.open(tmp_path / ".env", text, "dotenv")
    assert {"KL101", "KL102", "KL103", "KL402", "KL505"} <= codes(await editor.published(uri, 1))

    actions = await _actions(editor, uri, [], only=["source.fixAll"])

    assert [a.kind for a in actions] == [FIX_ALL]
    assert editor.apply(actions[0].edit)
    assert editor.texts[uri] == f"OPENAI_API_KEY={key}\nB=x y\nA=1\nA=2\n"
    remaining = codes(await editor.published(uri))
    assert not remaining & {"KL101", "KL102", "KL103", "KL505"}
    assert "KL402" in remaining  # its fix is unsafe: fix-all leaves it to the user


async def test_fix_all_command_applies_through_the_client(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".zshrc", 'export A="1 "\r\nexport B=2', "shellscript")
    await editor.published(uri, 1)

    result = await editor.workspace_execute_command_async(
        types.ExecuteCommandParams(command="keylint.fixAll", arguments=[uri])
    )

    assert result["applied"] is True
    assert editor.texts[uri] == 'export A="1 "\nexport B=2\n'
    assert not codes(await editor.published(uri, 2)) & {"KL102", "KL505"}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # .env: on its own line above, which every loader skips (Docker --env-file would keep
        # an inline comment as part of the value)
        (".env", "A=1\nB=2 \n", "A=1\n# keylint: ignore[KL101]\nB=2 \n"),
        # shell: appended after the last word
        (".zshrc", 'export MY_TOKEN="t1 "\n', 'export MY_TOKEN="t1 " # keylint: ignore[KL101]\n'),
        # an existing directive gets the code added to its list
        (".zshrc", 'export MY_TOKEN="t1 " # keylint: ignore[KL103]\n',
         'export MY_TOKEN="t1 " # keylint: ignore[KL103, KL101]\n'),
        # a backslash continuation: above, not after the backslash
        (".zshrc", 'export MY_TOKEN="t1 " \\\n  B=3\n',
         '# keylint: ignore[KL101]\nexport MY_TOKEN="t1 " \\\n  B=3\n'),
    ],
)
async def test_ignore_on_this_line(editor: Editor, tmp_path: Path, name, text, expected):
    uri = editor.open(tmp_path / name, text, "plaintext")
    blank = by_code(await editor.published(uri, 1), "KL101")

    ignore = _titled(await _actions(editor, uri, [blank]), "Ignore KL101 on this line")

    assert editor.apply(ignore.edit)
    assert editor.texts[uri] == expected
    assert "KL101" not in codes(await editor.published(uri))


async def test_ignore_after_the_closing_quote_of_a_multiline_value(
    editor: Editor, tmp_path: Path
):
    # The blank is on the last line of a value that starts a line earlier: the line above is
    # inside the value, so the directive goes after the closing quote.
    uri = editor.open(tmp_path / ".env", 'PEM_KEY="-----\nabc "\n', "dotenv")
    blank = by_code(await editor.published(uri, 1), "KL101")

    ignore = _titled(await _actions(editor, uri, [blank]), "Ignore KL101")

    assert editor.apply(ignore.edit)
    assert editor.texts[uri] == 'PEM_KEY="-----\nabc " # keylint: ignore[KL101]\n'


async def test_code_action_range_past_the_end(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1", "dotenv")
    diagnostic = by_code(await editor.published(uri, 1), "KL505")
    far = types.Range(types.Position(10_000, 5), types.Position(20_000, 999_999))

    actions = await _actions(editor, uri, [diagnostic], range_=far)

    assert _titled(actions, "Add a final newline")


async def test_show_rule_command(editor: Editor):
    result = await editor.workspace_execute_command_async(
        types.ExecuteCommandParams(command="keylint.showRule", arguments=["KL102"])
    )

    assert result.startswith("# KL102 crlf")
    await editor.wait_until(
        lambda: any(m.message.startswith("# KL102") for m in editor.messages), 5, "showMessage"
    )


async def test_bad_command_arguments_are_refused(editor: Editor):
    for command, arguments in [("keylint.showRule", ["KL999"]), ("keylint.fixAll", [42])]:
        with pytest.raises(JsonRpcException):
            await editor.workspace_execute_command_async(
                types.ExecuteCommandParams(command=command, arguments=arguments)
            )
    await editor.roundtrip()  # still serving


async def test_fix_too_large_for_data_is_recomputed(editor: Editor, tmp_path: Path):
    lines = 2500  # more line ends to fix than Diagnostic.data carries
    uri = editor.open(tmp_path / ".env", "".join(f"V{n}=1\r\n" for n in range(lines)), "dotenv")
    crlf = by_code(await editor.published(uri, 1), "KL102")
    assert crlf.data == {"version": 1, "recompute": True}

    fix = _titled(await _actions(editor, uri, [crlf]), "Convert line endings to LF")

    assert editor.apply(fix.edit)
    assert editor.texts[uri] == "".join(f"V{n}=1\n" for n in range(lines))
    assert "KL102" not in codes(await editor.published(uri))
