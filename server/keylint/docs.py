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


def rules_table(link_prefix: str = "") -> str:
    """The one-line-per-rule table shared by docs/rules.md and README.md."""
    out = ["| Code | Name | Severity | Fix | Summary |", "| --- | --- | --- | --- | --- |"]
    for rule in all_rules():
        anchor = f"{link_prefix}#{rule.code.lower()}-{rule.name}"
        fix = "yes" if rule.fix else ""
        out.append(
            f"| [{rule.code}]({anchor}) | {rule.name} | {rule.severity.value} | {fix} "
            f"| {rule.summary} |"
        )
    return "\n".join(out) + "\n"


def rules_markdown() -> str:
    out = [
        "# keylint rules",
        "",
        "Generated from the rule registry by `python -m keylint.docs > docs/rules.md`; "
        "do not edit by hand.",
        "",
        rules_table(),
    ]
    out.extend(rule_markdown(rule, level=2) for rule in all_rules())
    return "\n".join(out)


README_START, README_END = "<!-- rules-table-start -->\n", "<!-- rules-table-end -->"


def readme_with_table(readme: str) -> str:
    """README.md with its rules table (between the markers) regenerated."""
    head, _, rest = readme.partition(README_START)
    _, _, tail = rest.partition(README_END)
    return head + README_START + rules_table("docs/rules.md") + README_END + tail


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--readme"]:
        from pathlib import Path

        readme = Path("README.md")
        readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(rules_markdown(), end="")
