"""User configuration: `[tool.keylint]` in pyproject.toml, or `.keylint.toml`.

Bad configuration is an error that names the file and the key: a linter that silently
ignores a typo in its own settings hides the very class of mistake it exists to catch.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

CONFIG_FILES = (".keylint.toml", "pyproject.toml")
_CODE_PREFIX = re.compile(r"^KL\d{0,3}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ConfigError(Exception):
    """A configuration value keylint cannot use; the message names where it came from."""


@dataclass(frozen=True)
class Config:
    """The settings of one check: which rules run where, and what else holds secrets."""

    select: tuple[str, ...] = ("KL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    credential_names: tuple[str, ...] = ()  # extra variable names that hold credentials
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # sections later issues read
    source: str = ""  # the file this came from, for messages
    root: str = ""  # the folder per-file-ignores patterns are relative to

    def enabled(self, code: str, path: str = "") -> bool:
        """ruff-style selection: the longest matching prefix wins between select and ignore."""
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        ignores = list(self.ignore)
        if path and self.per_file_ignores:
            rel = _relative(path, self.root)
            for pattern, codes in self.per_file_ignores:
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern):
                    ignores.extend(codes)
        best_ignore = max((len(p) for p in ignores if code.startswith(p)), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def with_overrides(
        self, select: list[str] | None = None, ignore: list[str] | None = None
    ) -> Config:
        """Command-line `--select`/`--ignore` replace/extend the file's choices."""
        new = self
        if select:
            new = replace(new, select=tuple(_codes(select, "--select")))
        if ignore:
            new = replace(new, ignore=new.ignore + tuple(_codes(ignore, "--ignore")))
        return new


def _relative(path: str, root: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return Path(path).as_posix()


def _codes(values: Any, where: str) -> list[str]:
    if isinstance(values, str):
        values = [v.strip() for v in values.split(",") if v.strip()]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: expected a list of rule codes such as [\"KL101\", \"KL5\"]")
    codes = []
    for value in values:
        code = value.strip().upper()
        if code != "ALL" and not _CODE_PREFIX.match(code):
            raise ConfigError(f"{where}: {value!r} is not a rule code or prefix (KL101, KL1, KL)")
        codes.append("KL" if code == "ALL" else code)
    return codes


KNOWN_KEYS = {"select", "ignore", "per-file-ignores", "credential-names"}
# Sections later issues define; accepted here so that one file serves every version.
PASSTHROUGH_KEYS = {"providers", "probe", "hosts"}


def from_mapping(data: Any, source: str, root: str = "") -> Config:
    """Validate a `[tool.keylint]` table (or LSP settings of the same shape)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: [tool.keylint] must be a table")
    unknown = sorted(set(data) - KNOWN_KEYS - PASSTHROUGH_KEYS)
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS | PASSTHROUGH_KEYS))
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r} in [tool.keylint] (known: {known})"
        )
    config = Config(source=source, root=root)
    if "select" in data:
        config = replace(config, select=tuple(_codes(data["select"], f"{source}: select")))
    if "ignore" in data:
        config = replace(config, ignore=tuple(_codes(data["ignore"], f"{source}: ignore")))
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: per-file-ignores must be a table of glob = [codes]")
        pairs = tuple(
            (str(glob), tuple(_codes(codes, f"{source}: per-file-ignores.{glob!r}")))
            for glob, codes in table.items()
        )
        config = replace(config, per_file_ignores=pairs)
    if "credential-names" in data:
        names = data["credential-names"]
        if not isinstance(names, list) or not all(
            isinstance(n, str) and _NAME.match(n.replace("*", "A")) for n in names
        ):
            raise ConfigError(
                f"{source}: credential-names must be a list of variable names or globs "
                "such as [\"MY_SERVICE_TOKEN\", \"ACME_*\"]"
            )
        config = replace(config, credential_names=tuple(names))
    extra = {key: data[key] for key in PASSTHROUGH_KEYS if key in data}
    if "providers" in extra or "hosts" in extra:
        from keylint.core.providers import from_config

        from_config(extra, source=source)  # validate now: a typo must fail at load, not later
    if "probe" in extra:
        from keylint.core.probe_settings import validate_probe_settings

        validate_probe_settings(extra, source)
    return replace(config, extra=extra)


def find_config_file(start: Path) -> Path | None:
    """The nearest `.keylint.toml`, or `pyproject.toml` with a [tool.keylint] table, upward."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        dot = directory / ".keylint.toml"
        if dot.is_file():
            return dot
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "[tool.keylint" in _read(pyproject):
            return pyproject
    return None


def load(path: Path) -> Config:
    """Read and validate one configuration file."""
    import tomllib  # here: most checks have no configuration file to read

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("keylint", {})
    return from_mapping(data, str(path), root=str(path.parent))


def discover(start: Path) -> Config:
    """The configuration that applies to `start` (defaults when there is none)."""
    found = find_config_file(start)
    return load(found) if found else Config()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
