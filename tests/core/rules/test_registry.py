"""The rule registry lists every rule module, and only those."""

from __future__ import annotations

from pathlib import Path

import keylint.core.rules as rules_package
from keylint.core.model import FileKind
from keylint.core.rules import RULE_MODULES, SHELL_ONLY, all_rules, rules_for


def test_rule_modules_list_every_rule_file() -> None:
    folder = Path(rules_package.__file__).parent
    files = sorted(
        path.stem for path in folder.glob("kl*.py") if path.stem[2:5].isdigit()
    )
    assert list(RULE_MODULES) == files, "add the rule's module to RULE_MODULES (sorted)"


def test_every_rule_module_defines_one_rule_named_after_its_file() -> None:
    codes = [rule.code for rule in all_rules()]
    assert codes == sorted(codes)
    assert [f"KL{name[2:5]}" for name in RULE_MODULES] == codes


def test_shell_only_names_the_rules_that_read_shell_files_only() -> None:
    for name, rule in zip(RULE_MODULES, all_rules(), strict=True):
        assert (name in SHELL_ONLY) == (rule.kinds == frozenset({FileKind.SHELL})), name


def test_rules_for_a_kind_are_the_rules_that_read_it() -> None:
    for kind in FileKind:
        assert rules_for(kind) == tuple(r for r in all_rules() if kind in r.kinds)
