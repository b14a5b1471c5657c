"""What a rule sees while checking one file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from keylint.core.config import Config
from keylint.core.credentials import is_credential_name
from keylint.core.document import Document
from keylint.core.model import ParsedFile
from keylint.core.providers import Registry, registry
from keylint.core.rules._placeholders import is_placeholder

if TYPE_CHECKING:
    from keylint.core.routing import Route


@dataclass(frozen=True)
class FileContext:
    """One parsed file and its settings; what several rules derive from them is kept here."""

    doc: Document
    parsed: ParsedFile
    config: Config
    known_secrets: frozenset[str] | None = None  # `secrets`, when already worked out
    # The lines a statement rule checks ([start, end)): after an edit, only those around it;
    # a rule that scans the text rather than the statements keeps to them. None: all lines.
    lines: tuple[int, int] | None = None

    @cached_property
    def registry(self) -> Registry:
        """Built-in providers plus the user's ([tool.keylint.providers], hosts)."""
        return registry(self.config.extra, source=self.config.source)

    @cached_property
    def routes(self) -> tuple[Route, ...]:
        """Each key in force and the base URL that carries it (`routing.routes`), worked
        out once for the rules that judge them."""
        from keylint.core.routing import routes

        return tuple(routes(self.parsed, self.registry, self.config))

    @cached_property
    def secrets(self) -> frozenset[str]:
        """Values of credential variables that may be real: never to appear in a message.

        Placeholders and digit-free words (`OPENAI_API_KEY=OPENAI_API_KEY`, `changeme-now`)
        are left out: scrubbing them would redact variable names from every message.
        """
        if self.known_secrets is not None:
            return self.known_secrets
        return frozenset(
            a.value
            for a in self.parsed.assignments
            if len(a.value) >= 8
            and is_credential_name(a.name, self.config)
            and not is_placeholder(a.value)
            and (any(c.isdigit() for c in a.value) or len(a.value) >= 24)
        )
