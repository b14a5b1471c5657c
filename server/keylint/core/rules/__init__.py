"""The rule registry: every module in this package named `klNNN_*.py` defines one `RULE`.

Discovery is by module name so that adding a rule is adding one file.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from keylint.core.rules.base import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by code."""
    rules = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("kl") and module.name[2:5].isdigit():
            rules.append(importlib.import_module(f"{__name__}.{module.name}").RULE)
    rules.sort(key=lambda rule: rule.code)
    codes = [rule.code for rule in rules]
    if len(codes) != len(set(codes)):
        raise RuntimeError(f"duplicate rule codes in registry: {codes}")
    return tuple(rules)


@cache
def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in all_rules()}


def get(code_or_name: str) -> Rule | None:
    """A rule by code (`KL101`) or name (`value-whitespace`)."""
    wanted = code_or_name.strip()
    rule = by_code().get(wanted.upper())
    if rule:
        return rule
    return next((r for r in all_rules() if r.name == wanted.lower()), None)
