"""The open documents, kept as keylint sees them.

pygls's own TextDocument splits lines with `str.splitlines`, which also breaks at form
feeds, U+0085 and U+2028: an incremental edit to a pasted file containing one lands on the
wrong line and silently corrupts the server's copy. keylint applies edits against its core
line index instead (`\\r\\n`, `\\r`, `\\n` only, as the LSP defines lines), so the text the
rules see is byte for byte what the editor shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.uris import to_fs_path

from keylint.core.analyze import document_for, parse
from keylint.core.document import Document
from keylint.core.incremental import DocumentAnalysis
from keylint.core.model import FileKind, ParsedFile
from keylint.lsp.convert import Columns


@dataclass(frozen=True)
class Snapshot:
    """One version of a document that keylint reads: what an analysis or a request works
    on, so that it stays consistent even when it runs off the event loop while the user
    keeps typing."""

    uri: str
    version: int | None
    document: Document
    buffer: Buffer = field(repr=False, compare=False)

    def parsed(self) -> ParsedFile:
        return self.buffer.parse(self.document)


@dataclass
class Buffer:
    """One open document. `generation` moves on every edit and every settings change, so an
    analysis can tell whether its result is still the newest one before publishing it."""

    uri: str
    path: str
    text: str
    version: int | None
    language_id: str = ""
    is_file: bool = True  # a file: URI, so configuration files can be discovered near it
    generation: int = 0
    published: bool = False  # the client may hold diagnostics of ours for this uri
    # Builds each version's analysis on the previous one (one lint task per buffer at a time)
    analysis: DocumentAnalysis = field(default_factory=DocumentAnalysis, repr=False)
    _document: Document | None = field(default=None, repr=False)
    _index: Document | None = field(default=None, repr=False)
    # (document, its parse): one attribute, so a worker thread's write is atomic
    _parsed: tuple[Document, ParsedFile] | None = field(default=None, repr=False)

    @property
    def document(self) -> Document | None:
        """The core document, or None when keylint does not read a file of this name.

        Decided by name and shebang like the CLI, never by the editor's language id (they
        disagree: `sh`, `bash`, `zsh`, `dotenv`, `properties`, `plaintext`...).
        """
        if self._document is None:
            self._document = document_for(self.path, self.text)
        return self._document

    @property
    def index(self) -> Document:
        """The line index for position conversion, also for files keylint does not read."""
        if self._index is None:
            document = self.document
            # The kind is irrelevant for line arithmetic; only analysis looks at it.
            self._index = document or Document(self.path, self.text, FileKind.DOTENV)
        return self._index

    def snapshot(self) -> Snapshot | None:
        """The current version, or None when keylint does not read this file."""
        document = self.document
        return Snapshot(self.uri, self.version, document, self) if document else None

    def parse(self, document: Document) -> ParsedFile:
        """The parse of `document` (a version of this buffer), cached for the latest one:
        hover and code actions ask repeatedly between two keystrokes."""
        cached = self._parsed
        if cached is not None and cached[0] is document:
            return cached[1]
        parsed = self.analysis.parsed(document) or parse(document)
        self._parsed = (document, parsed)
        return parsed

    def replace_text(self, text: str, version: int | None) -> None:
        self.text = text
        self.version = version
        self.generation += 1
        self._document = self._index = None
        self._parsed = None


class DocumentStore:
    """Open buffers by URI."""

    def __init__(self) -> None:
        self._buffers: dict[str, Buffer] = {}

    def __iter__(self) -> Iterator[Buffer]:
        """A copy: handlers may open or close documents while a caller iterates."""
        return iter(list(self._buffers.values()))

    def get(self, uri: str) -> Buffer | None:
        return self._buffers.get(uri)

    def open(self, item: types.TextDocumentItem) -> Buffer:
        path, is_file = path_of(item.uri)
        buffer = Buffer(
            uri=item.uri,
            path=path,
            text=item.text,
            version=item.version,
            language_id=item.language_id,
            is_file=is_file,
        )
        self._buffers[item.uri] = buffer
        return buffer

    def close(self, uri: str) -> Buffer | None:
        return self._buffers.pop(uri, None)

    def change(
        self,
        uri: str,
        version: int | None,
        changes: list[types.TextDocumentContentChangeEvent],
        columns: Columns,
    ) -> Buffer | None:
        """Apply the changes in order (each one's positions refer to the text left by the
        previous one, as the LSP specifies)."""
        buffer = self._buffers.get(uri)
        if buffer is None:
            return None
        text = buffer.text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                # The buffer's own line index serves the first change (the analysis of the
                # current version has built it already); later ones need the edited text's.
                index = buffer.index if text is buffer.text else Document(
                    buffer.path, text, FileKind.DOTENV
                )
                span = columns.span(index, change.range)
                start = index.offset(span.line, span.column)
                end = index.offset(span.end_line, span.end_column)
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        buffer.replace_text(text, version)
        return buffer


def path_of(uri: str) -> tuple[str, bool]:
    """The filesystem path of a URI, and whether it is a real file.

    Non-file URIs (`untitled:Untitled-1`, remote schemes) keep their path part so that the
    file name can still decide what keylint reads.
    """
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        path = to_fs_path(uri)
        if path:
            return path, True
    return unquote(parsed.path or parsed.netloc or uri).rstrip(os.sep) or uri, False
