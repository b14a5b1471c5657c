"""`keylint probe`: which key, the exit-status contract, both formats, --env and --billable."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from fake_providers import Reply
from probe_scenarios import ANTHROPIC_KEY, ANTHROPIC_MODELS, HIAPI_KEY, OPENAI_KEY, OPENAI_MODELS

from keylint import cli
from keylint.core import probe as probe_module
from keylint.core import providers
from keylint.core.providers import Probe, Registry

JSON_KEYS = ["outcome", "provider", "variable", "key", "endpoint", "http_status", "error",
             "request_id", "latency_ms", "hint", "curl"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["probe", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def two_keys(serve, envfile) -> tuple[Path, str]:
    server = serve({"/v1/models": Reply(200, OPENAI_MODELS)})
    path = envfile(f"# keys\nOPENAI_API_KEY={OPENAI_KEY}\nOPENAI_BASE_URL={server.url}/v1\n"
                   f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\n")
    return path, server.url


def test_the_key_on_a_line(two_keys, capsys) -> None:
    path, _ = two_keys
    status, out, _ = run(capsys, f"{path}:2", "--allow-host", "127.0.0.1")
    assert status == 0
    assert out.startswith("valid (KL901): the key works\n")
    assert f"variable:   OPENAI_API_KEY, in {path} on line 2" in out


def test_the_key_by_name(two_keys, capsys) -> None:
    path, _ = two_keys
    status, out, _ = run(capsys, str(path), "--var", "OPENAI_API_KEY", "--allow-host",
                         "127.0.0.1")
    assert status == 0 and "OPENAI_API_KEY" in out


def test_several_keys_without_a_choice_is_a_usage_error_listing_names(two_keys, capsys) -> None:
    path, _ = two_keys
    status, out, err = run(capsys, str(path))
    assert status == 2 and out == ""
    assert "several credentials: OPENAI_API_KEY, ANTHROPIC_API_KEY" in err
    assert OPENAI_KEY[:12] not in err and ANTHROPIC_KEY[:14] not in err


def test_a_line_without_a_credential_is_a_usage_error(two_keys, capsys) -> None:
    path, _ = two_keys
    status, _, err = run(capsys, f"{path}:3")
    assert status == 2
    assert "OPENAI_BASE_URL on line 3 does not hold a credential" in err
    status, _, err = run(capsys, f"{path}:1")
    assert status == 2 and "no assignment on line 1" in err


def test_the_only_key_of_a_file_needs_no_choice(serve, envfile, capsys) -> None:
    server = serve({"/v1/models": Reply(200, ANTHROPIC_MODELS)})
    path = envfile(f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\nANTHROPIC_BASE_URL={server.url}\n")
    status, out, _ = run(capsys, str(path), "--allow-host", "127.0.0.1", "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert list(report) == JSON_KEYS
    assert report["outcome"] == "valid" and report["provider"] == "anthropic"
    assert report["key"] == "sk-an…" + ANTHROPIC_KEY[-4:] + " (108 chars)"
    assert report["endpoint"] == f"GET {server.url}/v1/models"
    assert report["error"] == {"code": None, "type": None, "message": None}


def test_a_refusal_exits_1_with_the_same_json_keys(serve, envfile, capsys) -> None:
    server = serve({"/v1/models": Reply(200, ANTHROPIC_MODELS)})
    path = envfile(f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\nANTHROPIC_BASE_URL={server.url}\n")
    status, out, _ = run(capsys, str(path), "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert list(report) == JSON_KEYS
    assert report["outcome"] == "refused"
    assert report["error"]["code"] == "foreign_host"
    assert "--allow-host 127.0.0.1" in report["hint"]
    assert server.seen == []


def test_env_reports_value_findings_with_the_probe(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC_KEY + "\n")
    status, out, _ = run(capsys, "--env", "ANTHROPIC_API_KEY")
    assert status == 1
    assert out.startswith("ANTHROPIC_API_KEY as exported in this environment:\n  KL105 ")
    assert "refused (unsendable): no request was sent" in out
    assert "U+000A LINE FEED at the end" in out
    assert ANTHROPIC_KEY not in out


def test_env_findings_go_to_stderr_with_json(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", " " + ANTHROPIC_KEY)
    status, out, err = run(capsys, "--env", "ANTHROPIC_API_KEY", "--format", "json")
    assert status == 1
    assert json.loads(out)["error"]["code"] == "unsendable"
    assert "KL101" in err


def test_env_probes_what_the_process_sees(serve, monkeypatch, capsys) -> None:
    server = serve({"/v1/models": Reply(200, ANTHROPIC_MODELS)})
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    status, out, _ = run(capsys, "--env", "ANTHROPIC_API_KEY", "--allow-host", "127.0.0.1")
    assert status == 0
    assert "variable:   ANTHROPIC_API_KEY, in the environment" in out
    assert "(base URL from ANTHROPIC_BASE_URL in the environment)" in out
    assert server.seen[0].headers["x-api-key"] == ANTHROPIC_KEY


def test_env_variable_not_set(monkeypatch, capsys) -> None:
    monkeypatch.delenv("KEYLINT_TEST_UNSET_KEY", raising=False)
    status, _, err = run(capsys, "--env", "KEYLINT_TEST_UNSET_KEY")
    assert status == 2 and "not set in this environment" in err


@pytest.mark.parametrize("args", [
    [], ["x.env", "--env", "A"], ["--env", "A", "--var", "B"], ["x.env", "--timeout", "0"],
    ["x.env", "--allow-host", "https://127.0.0.1:8080"],
])
def test_usage_errors_exit_2(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["probe", *args])
    assert raised.value.code == 2


def test_a_missing_file_exits_2(tmp_path, capsys) -> None:
    status, _, err = run(capsys, str(tmp_path / "nope.env"))
    assert status == 2 and "nope.env" in err


def test_configuration_switches_the_probe_off(envfile, tmp_path, capsys) -> None:
    (tmp_path / ".keylint.toml").write_text("[probe]\nenabled = false\n")
    path = envfile(f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\n")
    status, out, _ = run(capsys, str(path))
    assert status == 1
    assert "refused (disabled)" in out and "enabled = false" in out


def test_bad_configuration_exits_2(envfile, tmp_path, capsys) -> None:
    (tmp_path / ".keylint.toml").write_text("[probe]\ntimeout = -1\n")
    path = envfile(f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\n")
    status, _, err = run(capsys, str(path))
    assert status == 2 and "timeout: expected a number of seconds" in err


def test_configuration_trusts_a_host(serve, envfile, tmp_path, capsys) -> None:
    server = serve({"/v1/models": Reply(200, ANTHROPIC_MODELS)})
    (tmp_path / ".keylint.toml").write_text(
        '[probe]\ntrusted-hosts = { anthropic = ["127.0.0.1"] }\n')
    path = envfile(f"ANTHROPIC_API_KEY={ANTHROPIC_KEY}\nANTHROPIC_BASE_URL={server.url}\n")
    status, _, _ = run(capsys, str(path))
    assert status == 0 and len(server.seen) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def billable(serve, envfile, monkeypatch) -> tuple[list[str], object]:
    """HiAPI with a paid probe only (the seed's POST /v1/tasks), and a server for it."""
    tasks = Probe("POST", "/tasks", body='{"model": "nano-banana", "prompt": "ping"}',
                  billable=True)
    known = Registry([replace(p, probes=(tasks,)) if p.id == "hiapi" else p
                      for p in providers.providers()])
    monkeypatch.setattr(probe_module, "registry", lambda *a, **k: known)
    server = serve({"/v1/tasks": Reply(200, '{"id": "task_1"}')})
    path = envfile(f"HIAPI_API_KEY={HIAPI_KEY}\n")
    return [str(path), "--base-url", f"{server.url}/v1", "--allow-host", "127.0.0.1"], server


def test_billable_probe_refused_without_billable(billable, capsys) -> None:
    args, server = billable
    status, out, _ = run(capsys, *args)
    assert status == 1 and "refused (billable)" in out
    assert server.seen == []


def test_billable_probe_refused_without_a_terminal_or_yes(billable, monkeypatch, capsys) -> None:
    args, server = billable
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    status, out, _ = run(capsys, *args, "--billable")
    assert status == 1 and "the billable probe was not confirmed" in out
    assert server.seen == []


@pytest.mark.parametrize(("answer", "status", "requests"), [("y\n", 0, 1), ("n\n", 1, 0),
                                                             ("", 1, 0)])
def test_billable_probe_asks_on_a_terminal(billable, monkeypatch, capsys, answer, status,
                                           requests) -> None:
    args, server = billable
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    code, _, err = run(capsys, *args, "--billable")
    assert "This probe costs money: POST" in err
    assert code == status and len(server.seen) == requests


def test_billable_probe_with_yes(billable, monkeypatch, capsys) -> None:
    args, server = billable
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status, out, _ = run(capsys, *args, "--billable", "--yes")
    assert status == 0 and [s.method for s in server.seen] == ["POST"]
    assert "curl -sS -X POST" in out
