"""Which file is which kind, and which files are templates, by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from keylint.core.files import is_template, kind_of, walk
from keylint.core.model import FileKind
from lint import doc


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (".env", FileKind.DOTENV),
        (".env.local", FileKind.DOTENV),
        (".env.example", FileKind.DOTENV),
        ("env.example", FileKind.DOTENV),
        ("env.redacted", FileKind.DOTENV),  # a dotenv template without the leading dot
        ("prod.env", FileKind.DOTENV),
        (".zshrc", FileKind.SHELL),
        ("/home/ana/.bashrc", FileKind.SHELL),
        ("setup.sh", FileKind.SHELL),
        ("env.sh.example", FileKind.SHELL),
        ("private_env.desensitized.zsh", FileKind.SHELL),
        ("README.md", None),
        ("env", FileKind.DOTENV),
        ("environment.py", None),
    ],
)
def test_kind_of(path: str, kind: FileKind | None) -> None:
    assert kind_of(path) is kind


def test_a_shebang_makes_an_unnamed_file_a_shell_script() -> None:
    assert kind_of("bootstrap", b"#!/usr/bin/env bash\n") is FileKind.SHELL
    assert kind_of("bootstrap", b"#!/usr/bin/env python3\n") is None


@pytest.mark.parametrize(
    "path",
    [
        ".env.example", ".env.sample", ".env.template", "env.tpl", ".env.dist", ".env.default",
        "env_template.sh", "example.env", ".env.copy", "config/.env.sample",
        # deliberately redacted copies of a private file: masks and placeholders by design
        "private_env.desensitized.zsh", ".env.desensitised", ".env.redacted",
        "redacted-env.sh", "env.sanitized", "secrets_sanitised.env", ".env.anonymized",
        "anonymised.zshrc.sh", "zshrc.scrubbed.zsh", ".ENV.REDACTED",
    ],
)
def test_templates(path: str) -> None:
    assert is_template(path)
    assert doc("OPENAI_API_KEY=x\n", path, FileKind.DOTENV).template


@pytest.mark.parametrize(
    "path",
    [
        ".env", ".env.local", ".env.production", ".zshrc", "setup.sh",
        # a template word only counts as a whole part of the name
        ".env.examples2", "sanitizer.sh", "redaction.env", "scrubber.zsh", "desensitize.sh",
        "my.exampleenv",
    ],
)
def test_not_templates(path: str) -> None:
    assert not is_template(path)


def test_walk_skips_dependency_directories_and_keeps_ignored_env_files(tmp_path: Path) -> None:
    for name in (".env", ".env.redacted", "app/.zshrc", "node_modules/x/.env", "notes.txt",
                 ".git/config", "bin/tool"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("#!/bin/sh\n" if name == "bin/tool" else "A=1\n")
    found = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert found == [".env", ".env.redacted", "app/.zshrc", "bin/tool"]
