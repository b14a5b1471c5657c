"""Which edits concern a file rule (`Rule.reads`), for incremental analysis.

An answer may be yes too often (the rule then merely runs again), never too rarely: a
statement it turns down must not be able to change the rule's findings, whatever the rest
of the file holds. So each statement is judged on its own, widely: any registry variable,
any credential- or URL-like name, any value with `://` or a known key prefix in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from keylint.core.context import FileContext
from keylint.core.credentials import is_credential_name, is_url_name
from keylint.core.model import Assignment, Statement
from keylint.core.routing import base_stem, key_stem


def registry_variables(ctx: FileContext, changed: Sequence[Statement]) -> bool:
    """Assignments of a variable the provider registry knows (keys, base URLs, legacy
    names, rivals): what KL403 and KL404 compare."""
    return any(isinstance(s, Assignment) and _known(ctx, s.name) for s in changed)


def keys_and_urls(ctx: FileContext, changed: Sequence[Statement]) -> bool:
    """Assignments that hold or name a key or a base URL: what the routing and key rules
    (KL203, KL204, KL301, KL302, KL303) pair up."""
    return any(holds_key_or_url(ctx, s) for s in changed)


def holds_key_or_url(ctx: FileContext, statement: Statement) -> bool:
    """Whether one statement assigns, or may assign, a key or a base URL."""
    if not isinstance(statement, Assignment):
        return False
    name = statement.name
    if _known(ctx, name) or is_credential_name(name, ctx.config) or is_url_name(name):
        return True
    if key_stem(name) is not None or base_stem(name) is not None:
        return True
    registry = ctx.registry
    return any(
        "://" in text or registry.mentions_key_prefix(text)
        for text in (statement.raw, statement.value)
    )


def _known(ctx: FileContext, name: str) -> bool:
    return ctx.registry.provider_for_env(name) is not None or (
        ctx.registry.provider_for_env(name.upper()) is not None
    )
