"""Installing the peer tools the benchmarks compare against, outside the project's venv.

Peers come from the registries by package name into benchmarks/.peers/ (git-ignored), once;
a peer that cannot be installed is reported and left out of the comparison, never faked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PEERS_DIR = Path(__file__).parent / ".peers"


@dataclass(frozen=True)
class Peer:
    """A peer command; `files` says which corpus files it is given (it reads no folders)."""

    name: str
    command: list[str]  # run with the file paths appended
    files: str = "all"  # "all", "dotenv" or "shell"


def _pip_tool(package: str, executable: str) -> Path | None:
    venv = PEERS_DIR / f"venv-{package}"
    binary = venv / "bin" / executable
    if not binary.exists():
        print(f"  installing {package} into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", package],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            print(f"  {package}: install failed: {done.stderr.strip()[:200]}", file=sys.stderr)
            return None
    return binary


def npm_tool(package: str, executable: str) -> Path | None:
    """An npm package's executable under benchmarks/.peers/npm, installed on first use."""
    prefix = PEERS_DIR / "npm"
    binary = prefix / "node_modules" / ".bin" / executable
    if not binary.exists():
        if shutil.which("npm") is None:
            print(f"  {package}: npm is not installed", file=sys.stderr)
            return None
        print(f"  installing {package} with npm into {prefix} ...", file=sys.stderr)
        prefix.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
             package],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            print(f"  {package}: install failed: {done.stderr.strip()[:200]}", file=sys.stderr)
            return None
    return binary


def cli_peers() -> list[Peer]:
    """Peers that check a folder of config files from the command line."""
    peers: list[Peer] = []
    detect = _pip_tool("detect-secrets", "detect-secrets")
    if detect:
        peers.append(Peer("detect-secrets", [str(detect), "scan", "--all-files"]))
    wemake = _pip_tool("dotenv-linter", "dotenv-linter")
    if wemake:
        peers.append(Peer("dotenv-linter (wemake)", [str(wemake)], files="dotenv"))
    shellcheck = shutil.which("shellcheck")
    if shellcheck:
        peers.append(Peer("shellcheck", [shellcheck, "-s", "bash", "-f", "gcc"], files="shell"))
    secretlint = npm_tool("secretlint", "secretlint")
    if secretlint:
        npm_tool("@secretlint/secretlint-rule-preset-recommend", "secretlint")
        peers.append(Peer("secretlint", [str(secretlint), "--secretlintrc", str(_secretlintrc())]))
    return peers


def _secretlintrc() -> Path:
    path = PEERS_DIR / "secretlintrc.json"
    if not path.exists():
        PEERS_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text('{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}\n')
    return path
