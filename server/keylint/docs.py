"""Rule documentation from the registry: `keylint rule`, docs/rules.md and LSP links.

docs/rules.md is generated from here (`python -m keylint.docs > docs/rules.md`) and a test
fails when the committed file is stale, so the docs can never drift from the code.
"""

from __future__ import annotations

from keylint.core.rules import all_rules
from keylint.core.rules.base import Rule

DOCS_URL = "https://github.com/keylint/keylint/blob/main/docs/rules.md"


def rule_url(rule: Rule) -> str:
    """Where an editor's code link points (the rule's section in docs/rules.md)."""
    return f"{DOCS_URL}#{rule.code.lower()}-{rule.name}"


def rule_markdown(rule: Rule, level: int = 1) -> str:
    heading = "#" * level
    kinds = ", ".join(sorted(kind.value for kind in rule.kinds))
    lines = [
        f"{heading} {rule.code} {rule.name}",
        "",
        f"*{rule.summary}* — default severity **{rule.severity.value}**; files: {kinds}; "
        f"fix: {rule.fix or 'none'}.",
        "",
        f"{heading}# What",
        "",
        rule.what.strip(),
        "",
        f"{heading}# Why",
        "",
        rule.why.strip(),
        "",
        f"{heading}# Example",
        "",
        rule.example.strip(),
    ]
    return "\n".join(lines) + "\n"


def rules_markdown() -> str:
    rules = all_rules()
    out = [
        "# keylint rules",
        "",
        "Generated from the rule registry by `python -m keylint.docs > docs/rules.md`; "
        "do not edit by hand.",
        "",
        "| Code | Name | Severity | Fix | Summary |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        fix = "yes" if rule.fix else ""
        out.append(
            f"| [{rule.code}](#{anchor}) | {rule.name} | {rule.severity.value} | {fix} | {rule.summary} |"
        )
    out.append("")
    for rule in rules:
        out.append(rule_markdown(rule, level=2))
    return "\n".join(out)


if __name__ == "__main__":
    print(rules_markdown(), end="")
