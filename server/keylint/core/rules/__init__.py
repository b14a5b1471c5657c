"""The rule registry: every module named in RULE_MODULES defines one `RULE`.

A rule is one file, `klNNN_name.py`, and one line in RULE_MODULES (and in SHELL_ONLY if it
reads shell files only); a test checks that the lists, the files and the rules agree. The
lists are written out rather than discovered by scanning the package, and a check imports
only the rules of the kinds of file it reads: start-up is most of a pre-commit run.
"""

from __future__ import annotations

import importlib
from functools import cache

from keylint.core.model import FileKind
from keylint.core.rules.base import Rule

RULE_MODULES = (
    "kl101_value_whitespace",
    "kl102_crlf",
    "kl103_invisible_char",
    "kl104_smart_quotes",
    "kl105_newline_in_value",
    "kl106_unterminated_quote",
    "kl107_placeholder",
    "kl201_truncated_key",
    "kl202_invalid_key_chars",
    "kl203_key_provider_mismatch",
    "kl204_scheme_in_value",
    "kl205_concatenated_keys",
    "kl301_base_url_provider_mismatch",
    "kl302_gateway_key_at_provider",
    "kl303_base_url_malformed",
    "kl304_host_typo",
    "kl401_unknown_var_name",
    "kl402_duplicate_definition",
    "kl403_conflicting_credentials",
    "kl404_legacy_var_name",
    "kl501_echo_newline",
    "kl502_missing_export",
    "kl503_spaces_around_equals",
    "kl504_glued_line",
    "kl505_no_final_newline",
    "kl601_missing_bearer",
    "kl602_malformed_auth_header",
    "kl603_wrong_auth_header",
    "kl604_key_to_foreign_host",
    "kl605_inline_key",
)
# The modules whose rule reads shell files only (`Rule.kinds`).
SHELL_ONLY = frozenset({
    "kl501_echo_newline",
    "kl502_missing_export",
    "kl601_missing_bearer",
    "kl602_malformed_auth_header",
    "kl603_wrong_auth_header",
    "kl604_key_to_foreign_host",
    "kl605_inline_key",
})


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by code."""
    return _load(RULE_MODULES)


@cache
def rules_for(kind: FileKind) -> tuple[Rule, ...]:
    """The rules that read files of `kind`, ordered by code; only their modules are imported
    (a `.env` never loads the shell-only rules and the HTTP-client reader they share)."""
    names = [n for n in RULE_MODULES if kind is FileKind.SHELL or n not in SHELL_ONLY]
    return tuple(rule for rule in _load(tuple(names)) if kind in rule.kinds)


def _load(names: tuple[str, ...]) -> tuple[Rule, ...]:
    rules = [importlib.import_module(f"{__name__}.{name}").RULE for name in names]
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
