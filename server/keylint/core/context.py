"""What a rule sees while checking one file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from keylint.core.config import Config
from keylint.core.credentials import is_credential_name
from keylint.core.document import Document
from keylint.core.model import ParsedFile
from keylint.core.providers import Registry, registry


@dataclass(frozen=True)
class FileContext:
    doc: Document
    parsed: ParsedFile
    config: Config

    @cached_property
    def registry(self) -> Registry:
        """Built-in providers plus the user's ([tool.keylint.providers], hosts)."""
        return registry(self.config.extra, source=self.config.source)

    @cached_property
    def secrets(self) -> frozenset[str]:
        """Values of credential variables (8+ characters): never to appear in a message."""
        return frozenset(
            a.value
            for a in self.parsed.assignments
            if len(a.value) >= 8 and is_credential_name(a.name, self.config)
        )
