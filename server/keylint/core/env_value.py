"""The value checks, run on a value from the process environment instead of a file.

`keylint probe --env NAME` probes what the process actually sees, and an exported value has
the same hygiene problems as a file's (a trailing newline from `$(cat key.txt)`, a pasted
zero-width space, a CR from a Windows file) but no file to point at. So the value is written
into a one-line `.env` document, quoted and escaped so that python-dotenv loads exactly that
value back, and the ordinary rules run on it: one definition of every check, nothing copied.
"""

from __future__ import annotations

from keylint.core.analyze import analyze, parse
from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.model import FileKind, Finding

# python-dotenv decodes these escapes inside double quotes (\\ \' \" \a \b \f \n \r \t \v).
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x0b": "\\v",
            "\x0c": "\\f", "\x07": "\\a", "\x08": "\\b"}


def env_document(name: str, value: str) -> Document:
    """`NAME="<escaped value>"` as a `.env` document that loads back as `value`."""
    escaped = "".join(_ESCAPES.get(char, char) for char in value)
    return Document(path=f"<environment {name}>", text=f'{name}="{escaped}"\n',
                    kind=FileKind.DOTENV)


def check_env_value(name: str, value: str, config: Config | None = None) -> list[Finding]:
    """The findings the value rules report for `value` exported as `name`. Empty when the
    synthetic document would not load back exactly (a value dotenv cannot express), rather
    than findings about a value the environment does not hold."""
    doc = env_document(name, value)
    assignments = parse(doc).assignments
    if len(assignments) != 1 or assignments[0].value != value:
        return []
    return analyze(doc, config)
