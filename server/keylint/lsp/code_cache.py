"""A disk cache for the methods attrs compiles while lsprotocol loads.

lsprotocol defines some 570 attrs classes. attrs writes each one's `__init__`, `__eq__`,
`__repr__`... as Python source and compiles it, at every start: about 150 ms of a 400 ms
start, all before the server can answer `initialize`. Python's bytecode cache does not cover
code made at run time, so this module keeps the compiled code objects itself, in the user's
cache folder, keyed by each method's source and file name (and the file by the Python
version, since `marshal` is version-specific): a later start only unmarshals them.

It only ever hands attrs the code that compiling the same source gives, and any problem
with the file (missing, unreadable, corrupt, not writable) just means compiling as usual.
The file lives beside the user's other caches and is trusted like their `__pycache__`.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

_Key = tuple[str, str, str]  # (source, file name, mode)


def cache_file() -> Path | None:
    """Where the cache lives: `$KEYLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/keylint`, else
    `~/.cache/keylint` (None when no home folder is known)."""
    folder = os.environ.get("KEYLINT_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME")
        if not base:
            try:
                base = str(Path.home() / ".cache")
            except RuntimeError:  # no home folder known
                return None
        folder = os.path.join(base, "keylint")
    return Path(folder) / f"lsprotocol-{sys.implementation.cache_tag}.marshal"


def import_lsprotocol() -> None:
    """Import `lsprotocol.types` with attrs' compiled methods taken from the cache (and the
    cache brought up to date when it missed any)."""
    if "lsprotocol.types" in sys.modules:
        return
    path = cache_file()
    cached = _load(path) if path is not None else {}
    used: dict[_Key, CodeType] = {}

    def compile_(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(source, str) or not isinstance(filename, str):
            return builtins.compile(source, filename, mode, *args, **kwargs)
        key = (source, filename, mode)
        code = cached.get(key)
        if code is None:
            code = builtins.compile(source, filename, mode)
        used[key] = code
        return code

    import attr._make

    # attrs looks `compile` up in its own module before the builtins: shadow it there only.
    attr._make.compile = compile_  # type: ignore[attr-defined]
    try:
        import lsprotocol.types  # noqa: F401
    finally:
        del attr._make.compile  # type: ignore[attr-defined]
    if path is not None and used.keys() != cached.keys():
        _save(path, used)


def _load(path: Path) -> dict[_Key, CodeType]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(path: Path, codes: dict[_Key, CodeType]) -> None:
    """Write atomically: a server starting meanwhile reads the old file or the new one."""
    import tempfile  # here: most starts read the cache and never write it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps(codes))
        os.replace(temporary, path)
    except (OSError, ValueError):
        Path(temporary).unlink(missing_ok=True)
