"""`keylint check` on the whole real corpus, against peer tools on the same files, same run.

Wall time of the whole process (start-up included: that is what a pre-commit hook pays),
median of N runs after one warm-up run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from keylint.core.files import kind_of, walk
from keylint.core.model import FileKind
from peers import cli_peers

RUNS = 15
# Bytecode caching on, as on a user's machine: some sandboxes switch it off, which would bill
# every Python tool's start with recompiling its whole package.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _median_seconds(command: list[str]) -> float:
    subprocess.run(command, capture_output=True, check=False, env=ENV)  # warm-up: cache, pyc
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _files(corpus: Path, which: str) -> list[str]:
    skip = ("README.md", "SOURCES.tsv")
    every = [p for p in corpus.rglob("*") if p.is_file() and p.name not in skip]
    if which == "all":
        return [str(p) for p in every]
    kinds = {"dotenv": FileKind.DOTENV, "shell": FileKind.SHELL}
    return [str(p) for p in walk(corpus) if kind_of(p) is kinds[which]]


def run(corpus: Path) -> list[tuple[str, int, float]]:
    """(tool, files given, median seconds) for keylint and each available peer."""
    keylint = [str(Path(sys.executable).parent / "keylint"), "check", str(corpus)]
    count = sum(1 for p in corpus.rglob("*") if p.is_file()) - 2
    rows = [("keylint check", count, _median_seconds(keylint))]
    for peer in cli_peers():
        files = _files(corpus, peer.files)
        rows.append((peer.name, len(files), _median_seconds(peer.command + files)))
    return rows


def report(rows: list[tuple[str, int, float]]) -> str:
    base = rows[0][2]
    lines = [f"{'tool':<28} {'files':>5} {'median':>9} {'vs keylint':>11}"]
    for name, count, seconds in rows:
        lines.append(f"{name:<28} {count:>5} {seconds * 1000:>7.0f}ms {seconds / base:>10.2f}x")
    return "\n".join(lines)

