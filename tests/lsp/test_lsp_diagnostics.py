"""Diagnostics as an editor sees them: on open, on each change, on save, cleared on close."""

from __future__ import annotations

from pathlib import Path

from lsp_client import Editor, by_code, codes
from lsprotocol import types

from keys import fake_key

CRLF_ENV = "DEBUG=true\r\nOPENAI_API_KEY={key}  \r\nA=1\r\nA=2"


async def test_broken_env_gets_diagnostics_for_its_version(editor: Editor, tmp_path: Path):
    text = CRLF_ENV.format(key=fake_key("openai", "project"))
    uri = editor.open(tmp_path / ".env", text, "dotenv")

    diagnostics = await editor.published(uri, 1)

    assert {"KL101", "KL102", "KL402", "KL505"} <= codes(diagnostics)
    crlf = by_code(diagnostics, "KL102")
    assert crlf.source == "keylint"
    assert crlf.severity == types.DiagnosticSeverity.Warning
    assert crlf.code_description is not None
    assert crlf.code_description.href.endswith("#kl102-crlf")
    assert crlf.range.start.line == 0
    assert crlf.range.start.character == len("DEBUG=true")
    final = by_code(diagnostics, "KL505")
    assert final.range.start == types.Position(3, 3)
    assert final.severity == types.DiagnosticSeverity.Information


async def test_related_information_points_at_the_first_definition(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1\nB=2\nA=3\n", "dotenv")

    duplicate = by_code(await editor.published(uri, 1), "KL402")

    assert duplicate.range.start.line == 2
    assert duplicate.related_information
    related = duplicate.related_information[0]
    assert related.location.uri == uri
    assert related.location.range.start == types.Position(0, 0)
    assert "defined here" in related.message


async def test_zshrc_gets_diagnostics_whatever_the_language_id(editor: Editor, tmp_path: Path):
    key = fake_key("anthropic", "api")
    text = f'export ANTHROPIC_API_KEY="{key} "\nexport PATH="$HOME/bin:$PATH"'
    uri = editor.open(tmp_path / ".zshrc", text, "zsh")

    diagnostics = await editor.published(uri, 1)

    assert {"KL101", "KL505"} <= codes(diagnostics)
    assert by_code(diagnostics, "KL101").range.start.line == 0


async def test_files_are_chosen_by_name_not_language_id(editor: Editor, tmp_path: Path):
    env_as_plaintext = editor.open(tmp_path / ".env.local", "A=1", "plaintext")
    script = editor.open(tmp_path / "deploy", "#!/bin/bash\nexport A=1", "shellscript")
    notes = editor.open(tmp_path / "notes.txt", "A=1", "dotenv")

    assert "KL505" in codes(await editor.published(env_as_plaintext, 1))
    assert "KL505" in codes(await editor.published(script, 1))
    await editor.roundtrip()
    assert editor.mark(notes) == 0  # keylint does not read notes.txt: nothing published


async def test_a_change_updates_the_diagnostics(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1\r\nB=2", "dotenv")
    assert {"KL102", "KL505"} <= codes(await editor.published(uri, 1))

    version = editor.type_text(uri, 1, 3, "\r\n")  # the final newline
    after = await editor.published(uri, version)
    assert "KL505" not in codes(after)
    assert "KL102" in codes(after)

    crlf = editor.find(uri, "\r\n")  # replace the first CRLF: one CR left, on line 1
    version = editor.edit(uri, [types.TextEdit(crlf, "\n")])
    assert by_code(await editor.published(uri, version), "KL102").range.start.line == 1


async def test_a_burst_of_changes_ends_with_the_latest_version(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1\n", "dotenv")
    await editor.published(uri, 1)
    start = editor.mark(uri)

    for index in range(40):  # no waiting in between: keystrokes faster than analyses
        editor.type_text(uri, 0, 3 + index, "x")
    last = editor.type_text(uri, 0, 43, " ")  # a trailing blank: KL101 at the very end

    diagnostics = await editor.published(uri, last, after=start)
    assert by_code(diagnostics, "KL101").range.start.character == 43
    versions = [p.version for p in editor.history[uri][start:]]
    assert versions == sorted(versions), "diagnostics of an older version came after newer ones"


async def test_save_relints(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1", "dotenv")
    await editor.published(uri, 1)
    start = editor.mark(uri)

    editor.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    assert "KL505" in codes(await editor.published(uri, 1, after=start))


async def test_close_clears_the_diagnostics(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", "A=1", "dotenv")
    assert await editor.published(uri, 1)
    start = editor.mark(uri)

    editor.close(uri)

    await editor.cleared(uri, after=start)


async def test_removing_the_shebang_clears_a_script(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / "setup", "#!/bin/sh\nexport A=1", "plaintext")
    assert await editor.published(uri, 1)
    start = editor.mark(uri)

    editor.edit(uri, [types.TextEdit(editor.find(uri, "#!/bin/sh\n"), "")])

    await editor.cleared(uri, after=start)
    await editor.roundtrip()
    assert editor.mark(uri) == start + 1  # published empty once, then nothing


async def test_typing_gives_what_opening_the_typed_text_gives(editor: Editor, tmp_path: Path):
    """The server re-checks only what each keystroke touched; the diagnostics after typing a
    line (and a line break, which moves everything below) equal a fresh open of that text."""
    key = fake_key("openai", "project")
    lines = [f"OPENAI_API_KEY={key}", "A=1", "B=2", "A=3", "PORT = 80"]
    uri = editor.open(tmp_path / "typed.env", "\n".join(lines) + "\n", "dotenv")
    await editor.published(uri, 1)

    typed = 'ANTHROPIC_BASE_URL="https://api.openai.com/v1 "\n'  # a quote open for a while
    version = 1
    for column, char in enumerate(typed):
        version = editor.type_text(uri, 2, column, char)
    after_typing = await editor.published(uri, version)

    fresh = editor.open(tmp_path / "fresh.env", editor.texts[uri], "dotenv")
    expected = await editor.published(fresh, 1)
    assert [(d.code, d.range, d.message) for d in after_typing] == [
        (d.code, d.range, d.message) for d in expected
    ]
    assert {"KL101", "KL402", "KL503"} <= codes(after_typing)
