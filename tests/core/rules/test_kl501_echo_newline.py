"""KL501 echo-newline: `echo` writing a key to a pipe sink or a file, or a NAME=value line."""

from __future__ import annotations

import pytest

from keylint.core.model import Severity
from keys import fake_key
from lint import codes, fixed, lint

CODE = "KL501"
KEY = fake_key("openai", "project")


@pytest.mark.parametrize(
    ("text", "path", "expected", "mentions"),
    [
        # a key piped into a clipboard or an encoder: the newline joins the key
        ("echo $OPENAI_API_KEY | pbcopy\n", "a.sh", "printf '%s' $OPENAI_API_KEY | pbcopy\n",
         "OPENAI_API_KEY"),
        ('echo "$OPENAI_API_KEY" | xclip -selection clipboard\n', ".bashrc",
         "printf '%s' \"$OPENAI_API_KEY\" | xclip -selection clipboard\n", "`xclip`"),
        ('echo "${ANTHROPIC_API_KEY}" | wl-copy\n', ".zshrc",
         "printf '%s' \"${ANTHROPIC_API_KEY}\" | wl-copy\n", "ANTHROPIC_API_KEY"),
        ("echo $GROQ_API_KEY | clip.exe\n", "a.sh", "printf '%s' $GROQ_API_KEY | clip.exe\n",
         "GROQ_API_KEY"),
        ('echo "$USER:$API_TOKEN" | base64\n', "a.sh",
         "printf '%s' \"$USER:$API_TOKEN\" | base64\n", "decoded key ends in"),
        (f"echo {KEY} | openssl base64\n", "a.sh", f"printf '%s' {KEY} | openssl base64\n",
         "sk-pr…"),
        ('AUTH=$(echo "$U:$API_TOKEN" | base64)\n', "a.sh",
         "AUTH=$(printf '%s' \"$U:$API_TOKEN\" | base64)\n", "API_TOKEN"),
        ("builtin echo $OPENAI_API_KEY | pbcopy\n", "a.sh",
         "printf '%s' $OPENAI_API_KEY | pbcopy\n", "OPENAI_API_KEY"),
        # only a key written over a file: readers that take the file as is get `key\n`
        ("echo $OPENAI_API_KEY > ~/.openai_key\n", "a.sh",
         "printf '%s' $OPENAI_API_KEY > ~/.openai_key\n", "`~/.openai_key`"),
        ('echo "$HF_TOKEN" >| token.txt\n', "a.sh", "printf '%s' \"$HF_TOKEN\" >| token.txt\n",
         "HF_TOKEN"),
        ('echo "$OPENAI_API_KEY" | tee ~/.config/key >/dev/null\n', "a.sh",
         "printf '%s' \"$OPENAI_API_KEY\" | tee ~/.config/key >/dev/null\n", "through tee"),
    ],
)
def test_key_gets_printf_without_newline(
    text: str, path: str, expected: str, mentions: str
) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.severity is Severity.WARNING
    command = "builtin" if text.startswith("builtin") else "echo"
    start = text.index(command)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        0, start, start + len(command)
    )
    assert mentions in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe
    assert fixed(text, path, select=CODE) == expected
    assert codes(expected, path, select=CODE) == []


@pytest.mark.parametrize(
    ("text", "path", "severity", "mentions", "expected", "safe"),
    [
        ('echo "OPENAI_API_KEY=$KEY" >> .env\n', "a.sh", Severity.INFO, "`>>` still glues",
         "printf '%s\\n' \"OPENAI_API_KEY=$KEY\" >> .env\n", True),
        (f"echo 'OPENAI_API_KEY={KEY}' > .env\n", "a.sh", Severity.INFO, "OPENAI_API_KEY=…",
         f"printf '%s\\n' 'OPENAI_API_KEY={KEY}' > .env\n", True),
        ('echo "export OPENAI_API_KEY=$K" | tee -a ~/.zshrc\n', "a.sh", Severity.INFO,
         "`~/.zshrc` (through tee)",
         "printf '%s\\n' \"export OPENAI_API_KEY=$K\" | tee -a ~/.zshrc\n", True),
        # unquoted words: `printf '%s %s\n'` keeps echo's blank, but `$K` may split: unsafe
        ("echo export OPENAI_BASE_URL=$U >> ~/.bashrc\n", "a.sh", Severity.INFO, "OPENAI_BASE_URL",
         "printf '%s %s\\n' export OPENAI_BASE_URL=$U >> ~/.bashrc\n", False),
        ('echo -n "OPENAI_API_KEY=$K" >> .env\n', "a.sh", Severity.WARNING, "`-n` leaves the file",
         "printf '%s\\n' \"OPENAI_API_KEY=$K\" >> .env\n", True),
        ('echo -e "OPENAI_API_KEY=$K" >> .env\n', "a.sh", Severity.WARNING, "`echo -e`",
         "printf '%s\\n' \"OPENAI_API_KEY=$K\" >> .env\n", True),
        # zsh's and sh's echo rewrite backslashes by default
        ("echo 'export OPENAI_API_KEY=a\\nb' >> ~/.zshrc\n", ".zshrc", Severity.WARNING,
         "this shell's `echo`", "printf '%s\\n' 'export OPENAI_API_KEY=a\\nb' >> ~/.zshrc\n",
         False),
        ("#!/bin/sh\necho 'OPENAI_API_KEY=a\\tb' >> .env\n", "setup", Severity.WARNING,
         "this shell's `echo`", "#!/bin/sh\nprintf '%s\\n' 'OPENAI_API_KEY=a\\tb' >> .env\n",
         False),
    ],
)
def test_name_value_line_gets_printf_with_newline(
    text: str, path: str, severity: Severity, mentions: str, expected: str, safe: bool
) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.severity is severity
    assert mentions in finding.message
    assert KEY not in finding.message
    assert finding.fix is not None and finding.fix.safe is safe
    assert fixed(text, path, select=CODE, unsafe=True) == expected
    assert codes(expected, path, select=CODE) == []


def test_zsh_rc_without_backslash_is_a_hint() -> None:
    text = 'echo "export OPENAI_API_KEY=$K" >> ~/.zshrc\nprint -P "%F{red}ok"\n'
    (finding,) = lint(text, ".zshrc", select=CODE)
    assert finding.severity is Severity.INFO


def test_span_is_the_echo_word() -> None:
    (finding,) = lint("x=1; echo $OPENAI_API_KEY | pbcopy\n", "a.sh", select=CODE)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (0, 5, 9)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("echo -n $OPENAI_API_KEY | pbcopy\n", "a.sh"),  # no newline
        ('echo -ne "$OPENAI_API_KEY" | base64\n', "a.sh"),
        ("printf '%s' $OPENAI_API_KEY | pbcopy\n", "a.sh"),
        ("echo $OPENAI_API_KEY\n", "a.sh"),  # to the terminal
        ("echo $OPENAI_API_KEY | grep sk-\n", "a.sh"),  # not a clipboard or encoder
        ("echo $MODEL | pbcopy\n", "a.sh"),  # not a credential
        ("echo $OPENAI_API_KEY >> keys.txt\n", "a.sh"),  # appending to a list: newline wanted
        ('echo "$OPENAI_API_KEY" | tee -a keys.txt\n', "a.sh"),
        ("echo $OPENAI_API_KEY > /dev/stderr\n", "a.sh"),
        ('echo "key: $OPENAI_API_KEY" > log.txt\n', "a.sh"),  # a message, not only the key
        ('echo "DEBUG=1" >> .env\n', "a.sh"),  # not a credential or URL line
        ('echo "Set OPENAI_API_KEY=… in .env" >> README\n', "a.sh"),
        ("echo 'OPENAI_API_KEY=x' 2> err.log\n", "a.sh"),  # stderr redirected, stdout not
        # corpus (CassioML/langchain-flare-pdf-qa-demo): `-e` used on purpose to start with
        # blank lines, so an append cannot glue: left alone
        ('echo -e "\\n\\nOPENAI_API_KEY=\\"${OPENAI_KEY}\\"" >> "$DOTENV"\n', "a.sh"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_no_fix_when_a_redirect_sits_among_the_arguments() -> None:
    (finding,) = lint('echo >> .env "OPENAI_API_KEY=$K"\n', "a.sh", select=CODE)
    assert finding.fix is None


def test_zshrc_with_zsh_syntax() -> None:
    text = (
        "autoload -Uz compinit && compinit\n"
        "for f (~/.zsh/*.zsh(.N)) source $f\n"
        "typeset -A keys=(openai 1)\n"
        "alias -g C='| pbcopy'\n"
        "copykey() { echo $OPENAI_API_KEY | pbcopy }\n"
        'echo "export ANTHROPIC_API_KEY=$1" >> ~/.zshrc\n'
        "print -P '%F{green}ready%f'\n"
    )
    findings = lint(text, ".zshrc", select=CODE)
    assert [(f.span.line, f.severity) for f in findings] == [
        (4, Severity.WARNING),
        (5, Severity.INFO),
    ]
    assert fixed(text, ".zshrc", select=CODE).splitlines()[4:6] == [
        "copykey() { printf '%s' $OPENAI_API_KEY | pbcopy }",
        "printf '%s\\n' \"export ANTHROPIC_API_KEY=$1\" >> ~/.zshrc",
    ]
