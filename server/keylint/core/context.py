"""What a rule sees while checking one file."""

from __future__ import annotations

from dataclasses import dataclass

from keylint.core.config import Config
from keylint.core.document import Document
from keylint.core.model import ParsedFile


@dataclass(frozen=True)
class FileContext:
    doc: Document
    parsed: ParsedFile
    config: Config
