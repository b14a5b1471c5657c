"""KL502 missing-export: credentials and base URLs set in shell files without `export`."""

from __future__ import annotations

import pytest

from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL502"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "path", "name", "line"),
    [
        (f"OPENAI_API_KEY={KEY}\n", ".zshrc", "OPENAI_API_KEY", 0),
        (f"OPENAI_API_KEY='{KEY}'\n", ".bashrc", "OPENAI_API_KEY", 0),
        ("ANTHROPIC_BASE_URL=https://gateway.example/v1\n", ".profile", "ANTHROPIC_BASE_URL", 0),
        ("# keys\nGROQ_API_KEY=$(security find-generic-password -w -s groq)\n", ".zshenv",
         "GROQ_API_KEY", 1),
        (f"OPENAI_API_KEY={KEY}\n", ".envrc", "OPENAI_API_KEY", 0),  # direnv needs export too
        (f"OPENAI_API_KEY={KEY}\n", "keys.zsh", "OPENAI_API_KEY", 0),  # a sourced fragment
        (f"#!/bin/bash\nOPENAI_API_KEY={KEY}\npython app.py\n", "run.sh", "OPENAI_API_KEY", 1),
        # rc file: used by a function here, but also meant for the programs started later
        ('OPENAI_API_KEY=x\nask() { curl -H "Authorization: Bearer $OPENAI_API_KEY" "$1"; }\n',
         ".zshrc", "OPENAI_API_KEY", 0),
        ("set -a\nA=1\nset +a\nHF_TOKEN=x\n", ".bashrc", "HF_TOKEN", 3),  # after `set +a`
        ("readonly OPENAI_API_KEY=x\n", ".bashrc", "OPENAI_API_KEY", 0),
        ("declare OPENAI_API_KEY=x\n", ".bashrc", "OPENAI_API_KEY", 0),
    ],
)
def test_fires(text: str, path: str, name: str, line: int) -> None:
    (finding,) = lint(text, path, select=CODE)
    column = text.splitlines()[line].index(name)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line, column, column + len(name)
    )
    assert finding.message.startswith(f"{name} is set but never exported")
    assert KEY not in finding.message


def test_envrc_message_speaks_of_direnv() -> None:
    (finding,) = lint("OPENAI_API_KEY=x\n", ".envrc", select=CODE)
    assert "direnv" in finding.message


def test_reported_once_per_variable() -> None:
    findings = lint("OPENAI_API_KEY=a\nOPENAI_API_KEY=b\n", ".zshrc", select=CODE)
    assert [f.span.line for f in findings] == [0]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("export OPENAI_API_KEY=x\n", ".zshrc"),
        ("OPENAI_API_KEY=x\nexport OPENAI_API_KEY\n", ".zshrc"),  # exported later
        ("export OPENAI_API_KEY\nOPENAI_API_KEY=x\n", ".zshrc"),  # exported earlier
        ("OPENAI_API_KEY=x; export OPENAI_API_KEY ANTHROPIC_API_KEY\n", ".bashrc"),
        ("export OPENAI_API_KEY=a\nOPENAI_API_KEY=b\n", ".zshrc"),  # keeps its export flag
        ("declare -x OPENAI_API_KEY=x\n", ".bashrc"),
        ("typeset -gx OPENAI_API_KEY=x\n", ".zshrc"),
        ("set -a\nOPENAI_API_KEY=x\nset +a\n", ".bashrc"),
        ("set -o allexport\nOPENAI_API_KEY=x\n", ".bashrc"),
        ("setopt allexport\nOPENAI_API_KEY=x\nunsetopt allexport\n", ".zshrc"),
        ("set -a; . ./.env; set +a\n", ".bashrc"),
        # not top level: left alone
        ("f() {\n  OPENAI_API_KEY=x\n  claude\n}\n", ".zshrc"),
        ("if [ -f ~/.k ]; then\n  OPENAI_API_KEY=$(cat ~/.k)\nfi\n", ".zshrc"),
        ("[ -f ~/.k ] && OPENAI_API_KEY=$(cat ~/.k)\n", ".zshrc"),
        ("f() {\n  local OPENAI_API_KEY=x\n}\n", ".bashrc"),
        ("OPENAI_API_KEY=x claude\n", ".zshrc"),  # environment of one command
        # not a credential or URL by name
        ("MODEL=gpt-4o\nHISTSIZE=1000\n", ".zshrc"),
        ("MY_VAR=sk-proj-abcdefghijkl12345\n", ".zshrc"),
        ("MAX_TOKENS=4096\nSSH_KEY_PATH=~/.ssh/id\n", ".zshrc"),
        # a helper feeding an exported variable
        ("OPENAI_KEY=x\nexport OPENAI_API_KEY=$OPENAI_KEY\n", ".zshrc"),
        ("K_TOKEN=x\nexport GH_TOKEN=\"${K_TOKEN}\"\n", ".bashrc"),
        # scripts: a variable the script expands itself is used locally
        ('#!/bin/bash\nOPENAI_API_KEY=x\ncurl -H "Authorization: Bearer $OPENAI_API_KEY" u\n',
         "call.sh"),
        ("#!/bin/sh\nKEY_TOKEN=x\necho ${KEY_TOKEN}\n", "script"),
        # corpus (jon-chun/demo-spec-kit): values set first, exported at the end
        ('ANTHROPIC_AUTH_TOKEN="cf1..."\nANTHROPIC_BASE_URL="https://api.z.ai/api/anthropic"\n'
         'export ANTHROPIC_AUTH_TOKEN="$ANTHROPIC_AUTH_TOKEN"\n'
         'export ANTHROPIC_BASE_URL="$ANTHROPIC_BASE_URL"\n', "env.sh"),
        # zsh syntax around it
        ("typeset -U path\npath=(~/bin $path)\nexport OPENAI_API_KEY=x\n"
         "[[ -o interactive ]] && print -P '%F{green}ok%f'\n", ".zshrc"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_silent_in_dotenv_files() -> None:
    assert codes("OPENAI_API_KEY=x\n", ".env", select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("OPENAI_API_KEY=x\n", ".zshrc", "export OPENAI_API_KEY=x\n"),
        ("  OPENAI_BASE_URL=https://a.example # gateway\n", ".bashrc",
         "  export OPENAI_BASE_URL=https://a.example # gateway\n"),
        ("alias ll='ls -l'\nOPENAI_API_KEY=a\nOPENAI_API_KEY=b\n", ".zshrc",
         "alias ll='ls -l'\nexport OPENAI_API_KEY=a\nOPENAI_API_KEY=b\n"),
        ("cd ~; HF_TOKEN=x\n", ".bashrc", "cd ~; export HF_TOKEN=x\n"),
    ],
)
def test_fix_adds_export(text: str, path: str, expected: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


@pytest.mark.parametrize(
    "text",
    [
        "readonly OPENAI_API_KEY=x\n",  # would need `declare -rx`
        "A=1 OPENAI_API_KEY=x\n",  # `A=1 export …` would make A=1 the environment of export
    ],
)
def test_no_fix_where_export_cannot_simply_go_first(text: str) -> None:
    (finding,) = lint(text, ".bashrc", select=CODE)
    assert finding.fix is None


def test_zshrc_with_zsh_syntax() -> None:
    text = (
        "autoload -Uz compinit && compinit\n"
        "zstyle ':completion:*' menu select\n"
        "for f (~/.zsh/*.zsh) source $f\n"
        "OPENAI_API_KEY=x\n"
        "alias -g G='| grep'\n"
    )
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert finding.span.line == 3
