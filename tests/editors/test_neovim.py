"""Headless Neovim with the docs/editors.md snippet: diagnostics appear, a quick fix applies."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from snippets import KEYLINT, editor_or_skip, snippet

# Runs inside Neovim: open each file, wait for keylint's diagnostics, apply the KL101 quick
# fix through a real textDocument/codeAction request, and dump what the editor holds.
SESSION = r"""
local out = {}
local function session()
local function wait_for(buf)
  return vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
end
local function dump(buf)
  local items = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(items, { code = d.code, lnum = d.lnum, col = d.col, message = d.message })
  end
  return items
end
for _, name in ipairs({ ".zshrc", ".env" }) do
  vim.cmd("edit " .. name)
  local buf = vim.api.nvim_get_current_buf()
  out[name] = { ready = wait_for(buf), diagnostics = dump(buf) }
end
-- .env is current: ask for the code actions on the KL101 diagnostic and apply the fix.
local buf = vim.api.nvim_get_current_buf()
local target
for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == "KL101" then target = d end end
if target then
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = target.lnum, character = target.col },
              ["end"] = { line = target.end_lnum, character = target.end_col } },
    -- Rebuild the LSP diagnostic: Neovim 0.7 keeps only code and data in user_data.lsp.
    context = { diagnostics = { {
      range = { start = { line = target.lnum, character = target.col },
                ["end"] = { line = target.end_lnum, character = target.end_col } },
      message = target.message, code = target.code, source = target.source,
      data = target.user_data and target.user_data.lsp and target.user_data.lsp.data,
    } } },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  for _, reply in pairs(replies or {}) do
    for _, action in ipairs(reply.result or {}) do
      if action.edit and action.isPreferred then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        out.applied = action.title
        break
      end
    end
  end
  vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == "KL101" then return false end end
    return true
  end, 20)
  out.after = dump(buf)
end
out.text = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end
local ok, err = pcall(session)  -- an error must not leave Neovim waiting at a prompt
if not ok then out.error = tostring(err) end
local file = io.open(vim.g.keylint_result, "w")
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd("qa!")
"""


def test_neovim_shows_diagnostics_and_applies_a_fix(tmp_path: Path) -> None:
    nvim = editor_or_skip("nvim")
    (tmp_path / "init.lua").write_text(snippet("neovim-0.7"), encoding="utf-8")
    (tmp_path / "session.lua").write_text(SESSION, encoding="utf-8")
    (tmp_path / ".env").write_text('OPENAI_API_KEY="sk-example-abc "\nDEBUG=true\n')
    (tmp_path / ".zshrc").write_text("export OPENAI_API_KEY = sk-example-abc\n")
    result = tmp_path / "result.json"
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-u", "init.lua",
         "--cmd", f"let g:keylint_cmd = '{KEYLINT}'",
         "--cmd", f"let g:keylint_result = '{result}'",
         "-c", "luafile session.lua"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.exists(), done.stderr[-2000:]
    out = json.loads(result.read_text())
    assert "error" not in out, out["error"]
    env = {(d["code"], d["lnum"]) for d in out[".env"]["diagnostics"]}
    assert ("KL101", 0) in env
    zshrc = {(d["code"], d["lnum"]) for d in out[".zshrc"]["diagnostics"]}
    assert ("KL503", 0) in zshrc
    assert "applied" in out, out
    assert out["text"][0] == 'OPENAI_API_KEY="sk-example-abc"'
    assert "KL101" not in {d["code"] for d in out["after"]}
