"""The disk cache of attrs' compiled methods (keylint.lsp.code_cache), in fresh processes:
this one has lsprotocol loaded already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Prints how many of lsprotocol's methods were compiled rather than taken from the cache
# (attrs compiles a few for its own classes as it loads, before the cache is in place).
_PROBE = """
import builtins, sys
compiled = 0
real = builtins.compile
def counting(*args, **kwargs):
    global compiled
    name = args[1]
    if isinstance(name, str) and name.startswith("<attrs generated") and "lsprotocol" in name:
        compiled += 1
    return real(*args, **kwargs)
builtins.compile = counting
from keylint.lsp.code_cache import import_lsprotocol
import_lsprotocol()
from lsprotocol import types
assert types.Position(line=1, character=2) == types.Position(line=1, character=2)
print(compiled)
"""


def _start(cache: Path) -> int:
    env = {**os.environ, "KEYLINT_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def _cache_file(cache: Path) -> Path:
    (found,) = cache.glob("lsprotocol-*.marshal")
    return found


def test_a_second_start_compiles_nothing(tmp_path: Path) -> None:
    assert _start(tmp_path) > 100  # lsprotocol has hundreds of attrs classes
    written = _cache_file(tmp_path).read_bytes()
    assert _start(tmp_path) == 0
    assert _cache_file(tmp_path).read_bytes() == written  # nothing new: not rewritten


def test_a_corrupt_or_unwritable_cache_only_means_compiling(tmp_path: Path) -> None:
    _start(tmp_path)
    _cache_file(tmp_path).write_bytes(b"\x00not marshal data")
    assert _start(tmp_path) > 100
    assert _start(tmp_path) == 0  # the file was written afresh
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")
    assert _start(blocked / "cache") > 100
