"""The canary: `keylint probe` as a user runs it, over every scenario and refusal, in both
formats, and the key must appear in nothing it prints.

Each run is a real subprocess (`python -m keylint probe ...`) against a fake provider on
127.0.0.1, so stdout, stderr, tracebacks and logging are all covered, not just the objects
the core returns. Besides the full key, no 16-character piece of it may appear either (the
redacted form shows 5 + 4 characters; a scrubbed echo none).
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_providers import FakeProvider, Reply
from probe_scenarios import ANTHROPIC_KEY, ANTHROPIC_MODELS, OPENROUTER_KEY, SCENARIOS

PIECE = 16


@dataclass(frozen=True)
class Run:
    name: str
    key: str
    args: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    exit: int = 1


def _runs(tmp: Path, servers: dict[str, FakeProvider]) -> list[Run]:
    runs = []
    for scenario in SCENARIOS:
        server = servers[scenario.name]
        path = tmp / scenario.name / ".env"
        path.parent.mkdir()
        path.write_text(scenario.env_text(server.url), encoding="utf-8")
        runs.append(Run(scenario.name, scenario.key,
                        (str(path), "--var", scenario.variable, *scenario.cli_args(server.url)),
                        exit=0 if scenario.outcome == "valid" else 1))
    refusals = {
        "foreign-host": f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\nANTHROPIC_BASE_URL="
                        f"{servers['anthropic-valid'].url}\n",
        "insecure": f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\n"
                    "ANTHROPIC_BASE_URL=http://api.example.invalid\n",
        "wrong-provider-host": f"OPENAI_API_KEY={OPENROUTER_KEY}\n",
        "unsendable": f'ANTHROPIC_API_KEY="{ANTHROPIC_KEY}\\n"\n',
    }
    for name, text in refusals.items():
        path = tmp / name / ".env"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        key = OPENROUTER_KEY if "OPENROUTER" in name or name == "wrong-provider-host" else \
            ANTHROPIC_KEY
        runs.append(Run(name, key, (str(path),)))
    runs.append(Run("ambiguous", ANTHROPIC_KEY, (str(tmp / "ambiguous"),), exit=2))
    (tmp / "ambiguous").write_text(f"A_API_KEY={ANTHROPIC_KEY}\nB_API_KEY={ANTHROPIC_KEY}\n")
    runs.append(Run("env-newline", ANTHROPIC_KEY, ("--env", "ANTHROPIC_API_KEY"),
                    (("ANTHROPIC_API_KEY", ANTHROPIC_KEY + "\n"),)))
    runs.append(Run("env-valid", ANTHROPIC_KEY, ("--env", "ANTHROPIC_API_KEY", "--allow-host",
                                                 "127.0.0.1"),
                    (("ANTHROPIC_API_KEY", ANTHROPIC_KEY),
                     ("ANTHROPIC_BASE_URL", servers["anthropic-valid"].url)), exit=0))
    return runs


def _execute(run: Run, fmt: str, cwd: Path) -> tuple[Run, str, subprocess.CompletedProcess[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env.update(dict(run.env))
    done = subprocess.run([sys.executable, "-m", "keylint", "probe", *run.args, "--format", fmt],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=60,
                          stdin=subprocess.DEVNULL)
    return run, fmt, done


def _pieces(key: str) -> set[str]:
    return {key[i : i + PIECE] for i in range(len(key) - PIECE + 1)}


def test_the_key_appears_in_nothing_the_cli_emits(tmp_path: Path) -> None:
    servers = {s.name: FakeProvider(s.routes) for s in SCENARIOS}
    servers["anthropic-valid"].routes["/v1/models"] = Reply(200, ANTHROPIC_MODELS)
    try:
        runs = _runs(tmp_path, servers)
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda job: _execute(*job, tmp_path),
                                    [(r, f) for r in runs for f in ("text", "json")]))
    finally:
        for server in servers.values():
            server.close()
    failures = []
    for run, fmt, done in results:
        emitted = done.stdout + done.stderr
        leaked = run.key in emitted or any(p in emitted for p in _pieces(run.key))
        if leaked:
            failures.append(f"{run.name} ({fmt}): the key leaked")
        if "Traceback" in done.stderr:
            failures.append(f"{run.name} ({fmt}): crashed")
        if done.returncode != run.exit:
            failures.append(f"{run.name} ({fmt}): exit {done.returncode}, expected {run.exit}")
        if not emitted.strip():
            failures.append(f"{run.name} ({fmt}): printed nothing")
    assert not failures, "\n".join(failures)
    assert len(results) == 2 * len(runs)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_canary_would_catch_a_leak(fmt: str, tmp_path: Path) -> None:
    """The check above is only worth something if a printed key fails it."""
    emitted = f"oops {ANTHROPIC_KEY[20:40]}"
    assert any(p in emitted for p in _pieces(ANTHROPIC_KEY))
