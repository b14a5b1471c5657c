"""Emacs 28 + eglot (batch mode) with the docs/editors.md snippet: flymake shows keylint."""

from __future__ import annotations

import subprocess
from pathlib import Path

from snippets import KEYLINT, editor_or_skip, snippet

# Debian's elpa-eglot lives in site-lisp/elpa, which -Q skips: initialise packages from there.
# eglot-ensure connects from post-command-hook, which batch mode never runs: run it by hand,
# then poll flymake until keylint's diagnostics arrive.
SESSION = r"""
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(defvar keylint-command "%(keylint)s")
(load (expand-file-name "keylint.el"))
(dolist (name '(".env" ".zshrc"))
  (find-file name)
  (run-hooks 'post-command-hook)
  (let ((deadline (+ (float-time) 30)))
    (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; a buffer opened after the server connected: nudge flymake to ask eglot again
      (when (and (bound-and-true-p flymake-mode) (null (flymake-diagnostics)))
        (flymake-start))))
  (dolist (d (flymake-diagnostics))
    (princ (format "RESULT %%s %%d %%s\n" name (line-number-at-pos (flymake-diagnostic-beg d))
                   (flymake-diagnostic-text d)))))
(kill-emacs 0)
"""


def test_emacs_eglot_shows_keylint_diagnostics(tmp_path: Path) -> None:
    emacs = editor_or_skip("emacs")
    (tmp_path / "keylint.el").write_text(snippet("emacs-eglot"), encoding="utf-8")
    (tmp_path / "session.el").write_text(SESSION % {"keylint": KEYLINT}, encoding="utf-8")
    (tmp_path / ".env").write_text('DEBUG=true\nOPENAI_API_KEY="sk-example-abc "\n')
    (tmp_path / ".zshrc").write_text("export OPENAI_API_KEY = sk-example-abc\n")
    done = subprocess.run(
        [emacs, "--batch", "-Q", "-l", "session.el"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    results = [line.split(" ", 3)[1:] for line in done.stdout.splitlines()
               if line.startswith("RESULT ")]
    assert results, done.stderr[-3000:]
    found = {(name, int(line), text.split("]")[0].split("[")[-1]) for name, line, text in results}
    assert (".env", 2, "KL101") in found, found
    assert (".zshrc", 1, "KL503") in found, found
