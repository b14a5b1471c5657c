"""Keystroke-to-diagnostics latency of the language server, measured like an editor sees it.

A minimal LSP client over stdio opens a file, then types single characters; after each
change it waits for *that version's* publishDiagnostics. It reports initialize time,
first-diagnostics time, p50/p99 keystroke latency and the server's peak RSS (VmHWM of the
whole process tree). bash-language-server (npm, with Debian's shellcheck) runs the same
session on the same .bashrc; it does not echo versions, so for it we wait for the next
publish after each change.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Queue

from peers import npm_tool

KEYSTROKES = 200
SESSIONS = 3  # per file: this machine's speed drifts from minute to minute
PEER_KEYSTROKES = 30  # bash-language-server debounces 500 ms per change: fewer, same measure
TIMEOUT = 30.0


class Client:
    """Just enough JSON-RPC over stdio: requests, notifications, and an inbox of messages."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        # Bytecode caching on, as on a user's machine (some sandboxes switch it off, which
        # would bill every start with recompiling the whole package).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.process = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env,
        )
        self.inbox: Queue[dict] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        wanted = self.next_id
        self.send({"jsonrpc": "2.0", "id": wanted, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == wanted and "method" not in m)

    def wait(self, predicate, timeout: float = TIMEOUT) -> dict:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                message = self.inbox.get(timeout=max(0.0, deadline - time.perf_counter()))
            except Empty:
                raise TimeoutError("no matching message from the server") from None
            if "id" in message and "method" in message:  # a server request: answer it
                result = [{}] * len(message["params"].get("items", [])) or None
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                continue
            if predicate(message):
                return message

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server and its children (shellcheck, node workers)."""
        total = 0
        for pid in _tree(self.process.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        pids.extend(_tree(int(child)))
    return pids


@dataclass
class Result:
    server: str
    file: str
    initialize_ms: float
    first_ms: float
    latencies_ms: list[float]
    rss_mb: float

    def row(self) -> str:
        lat = sorted(self.latencies_ms)
        p50 = statistics.median(lat)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        return (
            f"{self.server:<22} {self.file:<24} {self.initialize_ms:>8.0f}"
            f" {self.first_ms:>8.0f} {p50:>8.1f} {p99:>8.1f} {self.rss_mb:>8.0f}"
        )


def measure(
    server: str, command: list[str], path: Path, line: int, *, versioned: bool, keystrokes: int
) -> Result:
    """Open `path`, then type `keystrokes` characters at the end of `line`."""
    uri = path.as_uri()
    text = path.read_text()
    client = Client(command, path.parent)
    try:
        start = time.perf_counter()
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": path.parent.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}},
                             "workspace": {"configuration": True}},
            "workspaceFolders": [{"uri": path.parent.as_uri(), "name": "bench"}],
        })
        initialize_ms = (time.perf_counter() - start) * 1000
        client.notify("initialized", {})

        def published(version: int):
            def match(m: dict) -> bool:
                if m.get("method") != "textDocument/publishDiagnostics":
                    return False
                params = m["params"]
                return params["uri"] == uri and (not versioned or params.get("version") == version)
            return match

        start = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "shellscript", "version": 1, "text": text}})
        client.wait(published(1))
        first_ms = (time.perf_counter() - start) * 1000

        column = len(text.splitlines()[line])
        latencies = []
        for index in range(keystrokes):
            version = index + 2
            position = {"line": line, "character": column + index}
            start = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": "x"}],
            })
            client.wait(published(version))
            latencies.append((time.perf_counter() - start) * 1000)
        return Result(server, path.name, initialize_ms, first_ms, latencies, client.peak_rss_mb())
    finally:
        client.close()


def sessions(
    server: str, command: list[str], path: Path, line: int, count: int
) -> Result:
    """`count` sessions on the same file, one after the other: initialize and first
    diagnostics are their medians, the keystrokes are pooled, the peak RSS is the highest."""
    runs = [measure(server, command, path, line, versioned=True, keystrokes=KEYSTROKES)
            for _ in range(count)]
    return Result(
        server,
        path.name,
        statistics.median(r.initialize_ms for r in runs),
        statistics.median(r.first_ms for r in runs),
        [ms for r in runs for ms in r.latencies_ms],
        max(r.rss_mb for r in runs),
    )


def write_files(folder: Path) -> dict[str, tuple[Path, int]]:
    """The three benchmark files (built here: no key-shaped literal is committed)."""
    def fake(prefix: str, n: int) -> str:
        return prefix + "".join("aB3xY9kQ"[(i * 7) % 8] for i in range(n))

    bashrc = [
        "# ~/.bashrc: a long, realistic one",
        "[ -z \"$PS1\" ] && return",
        "HISTCONTROL=ignoreboth",
        "shopt -s histappend checkwinsize",
        "export EDITOR=nvim",
        "export PATH=\"$HOME/.local/bin:$PATH\"",
        f"export OPENAI_API_KEY=\"{fake('sk-proj-', 40)} \"",
        f"ANTHROPIC_API_KEY={fake('sk-ant-api03-', 30)}",
        "export ANTHROPIC_BASE_URL=https://api.anthropic.com/v1",
    ]
    i = 0
    while len(bashrc) + 8 <= 550:  # whole blocks: the file is valid shell, as a real one is
        i += 1
        bashrc += [
            f"alias g{i}='git status --short'",
            f"function work{i}() {{",
            f"  local dir=\"$HOME/src/project{i}\"",
            "  if [ -d \"$dir\" ]; then cd \"$dir\" || return; fi",
            f"  echo \"entering project {i}\"",
            "}",
            f"export PROJECT{i}_HOME=\"$HOME/src/project{i}\"  # project {i}",
            f"[ -f ~/.config/p{i}.sh ] && source ~/.config/p{i}.sh",
        ]
    bashrc += [f"alias l{n}='ls -l'" for n in range(550 - len(bashrc))]
    env_lines = ["# generated", f"OPENAI_API_KEY={fake('sk-proj-', 40)}"]
    env_lines += [f"SETTING_{n}=value-{n}" for n in range(10_000 - len(env_lines))]
    small = [
        "# app settings",
        f"OPENAI_API_KEY=\"{fake('sk-proj-', 40)} \"",
        "OPENAI_BASE_URL=https://api.openai.com/v1",
        f"ANTHROPIC_API_KEY={fake('sk-ant-api03-', 30)}",
        "DATABASE_URL=postgres://localhost/app",
    ] + [f"FEATURE_{n}=on" for n in range(25)]
    files = {".bashrc": bashrc, "big.env": env_lines, "app.env": small}
    out = {}
    for name, lines in files.items():
        path = folder / name
        path.write_text("\n".join(lines) + "\n")
        out[name] = (path, len(lines) // 2)
    return out


def main() -> None:
    keylint = [sys.executable, "-m", "keylint", "serve"]
    print(f"## Language server latency (keylint: {SESSIONS} sessions of {KEYSTROKES} keystrokes"
          f" per file, medians; bash-language-server: one session of {PEER_KEYSTROKES})\n")
    header = (f"{'server':<22} {'file':<24} {'init ms':>8} {'first ms':>8} {'p50 ms':>8}"
              f" {'p99 ms':>8} {'RSS MB':>8}")
    print(header)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp))
        for path, line in files.values():
            result = sessions("keylint", keylint, path, line, SESSIONS)
            results.append(result)
            print(result.row(), flush=True)
        bls = npm_tool("bash-language-server", "bash-language-server")
        if bls is None:
            print("bash-language-server: not available, no comparison")
        elif shutil.which("shellcheck") is None:
            print("bash-language-server: shellcheck missing (apt-get install shellcheck)")
        else:
            path, line = files[".bashrc"]
            theirs = measure("bash-language-server", [str(bls), "start"], path, line,
                             versioned=False, keystrokes=PEER_KEYSTROKES)
            print(theirs.row())
            ours = results[0]
            ratio = statistics.median(theirs.latencies_ms) / statistics.median(ours.latencies_ms)
            print(
                f"\nbash-language-server / keylint, p50 keystroke latency on .bashrc: "
                f"{ratio:.0f}x; peak RSS {theirs.rss_mb:.0f} MB vs {ours.rss_mb:.0f} MB"
            )


if __name__ == "__main__":
    main()
