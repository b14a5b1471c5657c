"""Columns in the negotiated position encoding: VS Code counts UTF-16 units, Neovim offers
UTF-8 first. Expected columns are written out by hand, not computed by shared code."""

from __future__ import annotations

from pathlib import Path

from lsp_client import Editor, codes
from lsprotocol import types

from lint import lint

EMOJI = "\U0001f600"  # 😀: one code point, two UTF-16 units, four UTF-8 bytes
NBSP = "\u00a0"  # two UTF-8 bytes
ZWSP = "\u200b"  # three UTF-8 bytes
TEXT = f"A={EMOJI}{NBSP}x\nB=é{EMOJI}{ZWSP}z\nC={EMOJI}{EMOJI}"

# (line, start, end) of KL103 on the NBSP, KL103 on the ZWSP and KL505 at the end.
EXPECTED = {
    "utf-16": [(0, 4, 5), (1, 5, 6), (2, 6, 6)],
    "utf-8": [(0, 6, 8), (1, 8, 11), (2, 10, 10)],
}
NEGOTIATED = {"visual-studio-code": "utf-16", "neovim": "utf-8"}


def _spans(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int, int]]:
    return sorted(
        (d.range.start.line, d.range.start.character, d.range.end.character)
        for d in diagnostics
        if d.code in ("KL103", "KL505")
    )


async def test_each_profile_gets_its_encoding(editor: Editor, request):
    profile = request.node.callspec.params["editor"]
    assert editor.encoding == NEGOTIATED[profile]


async def test_columns_after_emoji_nbsp_and_zero_width(editor: Editor, tmp_path: Path):
    uri = editor.open(tmp_path / ".env", TEXT, "dotenv")

    diagnostics = await editor.published(uri, 1)

    assert _spans(diagnostics) == EXPECTED[editor.encoding]


async def test_incoming_positions_are_decoded_in_the_same_encoding(
    editor: Editor, tmp_path: Path
):
    uri = editor.open(tmp_path / ".env", TEXT, "dotenv")
    await editor.published(uri, 1)
    line, start, end = EXPECTED[editor.encoding][0]

    # Delete the NBSP, addressed by hand-written client columns after the emoji.
    nbsp = types.Range(types.Position(line, start), types.Position(line, end))
    version = editor.edit(uri, [types.TextEdit(nbsp, "")])

    assert editor.texts[uri].startswith(f"A={EMOJI}x\n")
    assert _spans(await editor.published(uri, version)) == EXPECTED[editor.encoding][1:]


async def test_line_breaks_are_only_the_lsp_ones(editor: Editor, tmp_path: Path):
    # Form feed, U+2028 and NEL are line breaks to str.splitlines, not to the LSP: an edit
    # on line 1 must land on `A=1 `, not inside the comment.
    text = "# page\x0cbreak\u2028 end\x85\nA=1 \nB=2\n"
    uri = editor.open(tmp_path / ".env", text, "dotenv")
    before = await editor.published(uri, 1)
    assert [d.range.start.line for d in before if d.code == "KL101"] == [1]

    blank = editor.find(uri, "A=1 ")
    start = types.Position(blank.start.line, 3)
    version = editor.edit(uri, [types.TextEdit(types.Range(start, blank.end), "")])

    after = await editor.published(uri, version)
    assert editor.texts[uri] == "# page\x0cbreak\u2028 end\x85\nA=1\nB=2\n"
    assert codes(after) == {f.code for f in lint(editor.texts[uri])}
    assert "KL101" not in codes(after)
