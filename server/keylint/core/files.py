"""Which file is which kind: decided by name (and a shebang), never by editor language id."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from keylint.core.model import FileKind

SHELL_RC_NAMES = frozenset(
    {
        ".bashrc", ".bash_profile", ".bash_login", ".bash_aliases", ".bash_logout", ".profile",
        ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".kshrc", ".envrc",
        "bashrc", "zshrc", "zshenv", "zprofile", "profile",
    }
)
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh")
TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".tpl", ".dist", ".default")
# Words that make a file name a template, as one part of the name between `.`, `_` and `-`.
# Copies of a private file with their secrets masked on purpose (`private_env.desensitized.zsh`,
# `.env.redacted`) hold placeholders and masked keys by design, like templates.
TEMPLATE_WORDS = frozenset({
    "example", "sample", "template", "dist", "tpl", "default", "copy",
    "desensitized", "desensitised", "redacted", "sanitized", "sanitised", "anonymized",
    "anonymised", "scrubbed",
})
SKIPPED_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", "dist", "build"})

_SHEBANG = re.compile(rb"^#![^\n]*\b(?:ba|z|k|da)?sh\b")


def kind_of(path: str | os.PathLike[str], head: bytes | None = None) -> FileKind | None:
    """The kind of `path`, or None when keylint has nothing to say about such a file.

    `head` (the first bytes of the file) lets a shebang decide for unnamed scripts.
    """
    name = Path(path).name
    lower = name.lower()
    if lower == ".envrc" or lower in SHELL_RC_NAMES:
        return FileKind.SHELL
    if lower.endswith(SHELL_SUFFIXES) or _strip_template(lower).endswith(SHELL_SUFFIXES):
        return FileKind.SHELL
    if _is_dotenv_name(lower):
        return FileKind.DOTENV
    if head is not None and _SHEBANG.match(head):
        return FileKind.SHELL
    return None


def is_template(path: str | os.PathLike[str]) -> bool:
    """Templates (.env.example, env.sample, *.tpl.zsh...) and deliberately redacted copies
    (*.desensitized.zsh, .env.redacted...) are where placeholders and masked keys belong."""
    lower = Path(path).name.lower()
    if lower.endswith(TEMPLATE_SUFFIXES):
        return True
    parts = re.split(r"[._-]", lower)
    return any(part in TEMPLATE_WORDS for part in parts)


def _strip_template(lower: str) -> str:
    for suffix in TEMPLATE_SUFFIXES:
        if lower.endswith(suffix):
            return lower[: -len(suffix)]
    return lower


def _is_dotenv_name(lower: str) -> bool:
    if lower in (".env", "env") or lower.startswith(".env.") or lower.startswith(".env_"):
        return True
    if lower.startswith(".env-") or lower.endswith(".env"):
        return True
    # env.example, env.sample: a dotenv template without the leading dot
    return lower.startswith("env.") and is_template(lower)


def walk(root: Path) -> Iterator[Path]:
    """Every file below `root` that keylint reads, in a stable order.

    Git-ignored files are *not* skipped: an ignored `.env` is exactly where keys live.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        for filename in sorted(filenames):
            path = Path(dirpath, filename)
            if kind_of(path) is not None or _has_shell_shebang(path):
                yield path


def _has_shell_shebang(path: Path) -> bool:
    if path.suffix not in ("",) or path.is_symlink():
        return False
    try:
        with path.open("rb") as handle:
            return bool(_SHEBANG.match(handle.read(64)))
    except OSError:
        return False
