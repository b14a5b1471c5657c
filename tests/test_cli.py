"""The `keylint` command's contract: output formats, exit status, --fix/--diff, rule docs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from keylint.cli import main
from keylint.docs import readme_with_table, rules_markdown

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs" / "rules.md"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_clean_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".env").write_text("DEBUG=true\n")
    status, out, _ = run(capsys, "check", str(tmp_path))
    assert status == 0
    assert "All checks passed!" in out


def test_findings_exit_one_with_excerpt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".env").write_text("DEBUG=true")
    status, out, _ = run(capsys, "check", "--no-color", str(tmp_path))
    assert status == 1
    assert f"{tmp_path / '.env'}:1:11: KL505" in out
    assert "1 | DEBUG=true" in out
    assert "Found 1 problem (1 fixable with --fix)." in out


def test_json_items_have_exactly_the_contract_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_text("A=1\r\nB=2")
    status, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert status == 1
    items = json.loads(out)
    assert {item["code"] for item in items} >= {"KL102", "KL505"}
    for item in items:
        assert set(item) == {
            "path", "line", "column", "end_line", "end_column", "code", "name",
            "severity", "message", "fix",
        }
        assert item["severity"] in {"error", "warning", "info"}
        assert set(item["fix"]) == {"title", "safe", "edits"}
        for edit in item["fix"]["edits"]:
            assert set(edit) == {"line", "column", "end_line", "end_column", "new_text"}


def test_fix_keeps_everything_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / ".env"
    env.write_bytes("\ufeffNAME=é\nDEBUG=true".encode())
    status, _, _ = run(capsys, "check", "--fix", "--select", "KL505", str(env))
    assert status == 0
    assert env.read_bytes() == "\ufeffNAME=é\nDEBUG=true\n".encode()


def test_fix_converts_crlf_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = tmp_path / ".env"
    env.write_bytes(b"A=1\r\nB=2\r\n")
    run(capsys, "check", "--fix", "--select", "KL505", str(env))
    assert env.read_bytes() == b"A=1\r\nB=2\r\n"
    run(capsys, "check", "--fix", "--select", "KL102", str(env))
    assert env.read_bytes() == b"A=1\nB=2\n"


def test_diff_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / ".env"
    env.write_text("DEBUG=true")
    status, out, _ = run(capsys, "check", "--diff", str(env))
    assert status == 1
    assert "+DEBUG=true" in out and "-DEBUG=true" in out
    assert env.read_text() == "DEBUG=true"


def test_binary_and_missing_files_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = tmp_path / ".env"
    env.write_bytes(b"A=1\x00\x01\x02")
    status, _, err = run(capsys, "check", str(env))
    assert status == 2
    assert "binary file" in err and "Traceback" not in err
    status, _, err = run(capsys, "check", str(tmp_path / "nope"))
    assert status == 2
    assert "no such file" in err


def test_invalid_utf8_is_checked_but_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = tmp_path / ".env"
    env.write_bytes(b"NAME=\xff\nDEBUG=true")
    status, _, err = run(capsys, "check", "--fix", str(env))
    assert status == 2
    assert "not valid UTF-8" in err
    assert env.read_bytes() == b"NAME=\xff\nDEBUG=true"


def test_bad_configuration_names_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".keylint.toml").write_text('select = ["KL101", "oops"]\n')
    (tmp_path / ".env").write_text("A=1\n")
    status, _, err = run(capsys, "check", str(tmp_path))
    assert status == 2
    assert ".keylint.toml" in err and "select" in err and "oops" in err


def test_configuration_and_per_file_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.keylint]\nper-file-ignores = { "*.local" = ["KL505"] }\n'
    )
    (tmp_path / ".env.local").write_text("A=1")
    (tmp_path / ".env").write_text("A=1")
    status, out, _ = run(capsys, "check", "--no-color", str(tmp_path))
    assert status == 1
    assert ".env:1:4: KL505" in out and ".env.local" not in out


def test_select_and_ignore_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".env").write_text("A=1")
    assert run(capsys, "check", "--ignore", "KL505", str(tmp_path))[0] == 0
    assert run(capsys, "check", "--select", "KL5", str(tmp_path))[0] == 1
    assert run(capsys, "check", "--select", "KL9x", str(tmp_path))[0] == 2


def test_inline_suppression(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".env").write_text("A=1 # keylint: ignore[KL505]")
    assert run(capsys, "check", str(tmp_path))[0] == 0


def test_rule_docs(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rule", "KL102")
    assert status == 0
    assert out.startswith("# KL102 crlf") and "## Why" in out and "## Example" in out
    status, out, _ = run(capsys, "rule", "--all")
    assert status == 0 and "KL505" in out
    assert run(capsys, "rule", "KL999")[0] == 2


def test_rules_md_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `python -m keylint.docs > docs/rules.md`"
    )


def test_readme_rules_table_is_generated_from_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_table(readme), "README.md's rule table is stale: run `make docs`"


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("A=1\n")
    done = subprocess.run(
        [sys.executable, "-m", "keylint", "check", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr


# Modules `keylint check` must not import: the language server's and the probe's libraries,
# and the standard library's heavier modules that only a rare path needs (a configuration
# file, JSON output, --diff, a failing rule). Start-up time is most of a pre-commit run.
NOT_ON_THE_CHECK_PATH = (
    "pygls", "lsprotocol", "httpx", "tomllib", "json", "difflib", "logging",
    "importlib.resources", "pkgutil", "tempfile",
)


def test_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-x \n")
    (tmp_path / "run.sh").write_text('curl -H "Authorization: $OPENAI_API_KEY" x\n')
    script = (
        "import sys\nfrom keylint.cli import main\n"
        f"status = main(['check', {str(tmp_path)!r}])\n"
        f"print(sorted(m for m in {NOT_ON_THE_CHECK_PATH!r} if m in sys.modules))\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
