"""Readers: one per file kind, each turning a Document into a ParsedFile with exact spans.

`read` picks the reader by kind; given the reading of an earlier version of the same file,
the reader re-reads only around the edit (`reuse.Reread` says which lines).
"""

from __future__ import annotations

from typing import Protocol

from keylint.core.document import Document
from keylint.core.model import FileKind, ParsedFile
from keylint.core.parse.reuse import Reread


class Read(Protocol):
    """A reader's result for one version, which the next version's reading may build on."""

    @property
    def parsed(self) -> ParsedFile: ...

    @property
    def reread(self) -> Reread | None: ...


def read(doc: Document, previous: Read | None = None) -> Read:
    """Read `doc`, reusing `previous` (a reading of an earlier version of the same file)."""
    if doc.kind is FileKind.DOTENV:
        from keylint.core.parse.dotenv import DotenvRead, read_dotenv

        return read_dotenv(doc, previous if isinstance(previous, DotenvRead) else None)
    from keylint.core.parse.shell import ShellRead, read_shell

    return read_shell(doc, previous if isinstance(previous, ShellRead) else None)
