"""Which configuration applies to a document: file settings overridden by editor settings.

Three layers, later ones win key by key: the nearest `.keylint.toml` / `[tool.keylint]`
(discovered from the document's folder, as the CLI does), `initializationOptions` (how
Neovim, Helix and eglot pass settings) and `workspace/configuration` section "keylint"
(how VS Code does). Editor settings use the same keys as `[tool.keylint]`.

A bad editor setting is reported by name and only that setting falls back to the default:
one typo must not silently switch off the rest of the user's choices.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from keylint.core import config as core_config
from keylint.core.config import Config, ConfigError

INIT_OPTIONS = "initializationOptions"
WORKSPACE = "workspace/configuration"
LAYERS = (INIT_OPTIONS, WORKSPACE)  # in increasing priority

KNOWN_KEYS = core_config.KNOWN_KEYS | core_config.PASSTHROUGH_KEYS
# Options a client keeps for itself in the same section (VS Code sends the whole section).
CLIENT_KEYS = frozenset({"trace", "enable", "path", "interpreter", "args", "serverPath"})
# VS Code settings are conventionally camelCase.
ALIASES = {"credentialNames": "credential-names", "perFileIgnores": "per-file-ignores"}
PROBE_ALIASES = {"trustedHosts": "trusted-hosts"}
_FIELDS = {
    "select": "select",
    "ignore": "ignore",
    "per-file-ignores": "per_file_ignores",
    "credential-names": "credential_names",
}


def validate(raw: Any, source: str) -> tuple[dict[str, Any], list[str]]:
    """The usable settings in `raw` and one message per unusable one.

    Accepts the settings object itself or one wrapped as `{"keylint": {...}}`; `null`
    values mean "not set" (VS Code sends every declared setting, set or not).
    """
    if raw is None:
        return {}, []
    if isinstance(raw, dict) and isinstance(raw.get("keylint"), dict):
        raw = raw["keylint"]
    if not isinstance(raw, dict):
        return {}, [f"keylint settings ({source}) must be an object, not {type(raw).__name__}"]
    good: dict[str, Any] = {}
    errors: list[str] = []
    for key, value in raw.items():
        key = ALIASES.get(key, key)
        if key == "probe":
            value = _probe_table(value)
        if value is None or key in CLIENT_KEYS:
            continue
        if key not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            errors.append(f'keylint setting "{key}" ({source}) is unknown (known: {known})')
            continue
        try:
            core_config.from_mapping({key: value}, f'keylint setting "{key}" ({source})')
        except ConfigError as error:
            errors.append(f"{error}; using the default for it")
            continue
        good[key] = value
    return good, errors


def _probe_table(value: Any) -> Any:
    """`probe` as VS Code sends it: camelCase keys, and null for every setting not set."""
    if not isinstance(value, dict):
        return value
    table = {PROBE_ALIASES.get(k, k): v for k, v in value.items() if v is not None}
    return table or None


def merge_probe(base: Any, editor: Any) -> Any:
    """The `probe` table with editor settings over the file's, key by key; trusted hosts
    add up (trust is granted by whichever layer names a host, each layer validated)."""
    if not isinstance(base, dict) or not isinstance(editor, dict):
        return editor
    merged = {**base, **editor}
    if "trusted-hosts" in base and "trusted-hosts" in editor:
        hosts: dict[str, list[Any]] = {}
        for table in (base["trusted-hosts"], editor["trusted-hosts"]):
            pairs = table.items() if isinstance(table, dict) else [("*", table)]
            for provider, names in pairs:
                hosts.setdefault(str(provider), []).extend(names)
        merged["trusted-hosts"] = hosts
    return merged


def pushed(raw: Any) -> Any:
    """Our part of settings a client pushed in didChangeConfiguration (Neovim's `settings`
    holds every server's section; a client may also push ours unwrapped)."""
    if isinstance(raw, dict):
        if "keylint" in raw:
            return raw["keylint"]
        if any(ALIASES.get(key, key) in KNOWN_KEYS for key in raw):
            return raw
    return None


def overridden(base: Config, overrides: dict[str, Any], root: str = "") -> Config:
    """`base` with every key present in `overrides` replaced (validated settings only)."""
    if not overrides:
        return base
    editor = core_config.from_mapping(overrides, "editor settings", root=root)
    changes = {_FIELDS[key]: getattr(editor, _FIELDS[key]) for key in overrides if key in _FIELDS}
    extra = {**base.extra, **editor.extra}
    if "probe" in editor.extra and "probe" in base.extra:
        extra["probe"] = merge_probe(base.extra["probe"], editor.extra["probe"])
    if "per-file-ignores" in overrides:  # editor globs are relative to the workspace
        changes["root"] = root or base.root
    return replace(base, **changes, extra=extra)


class Settings:
    """Editor settings layers plus a per-folder cache of discovered configuration files."""

    def __init__(self) -> None:
        self.root = ""  # the workspace folder editor-level per-file-ignores are relative to
        self._layers: dict[str, dict[str, Any]] = {}
        self._files: dict[str, tuple[Config, str | None]] = {}
        self._configs: dict[str, tuple[Config, str | None]] = {}

    def set_layer(self, layer: str, raw: Any) -> list[str]:
        """Replace one layer; returns the messages for the settings that were refused."""
        good, errors = validate(raw, layer)
        self._layers[layer] = good
        self._configs.clear()
        return errors

    def forget_files(self) -> None:
        """A configuration file may have changed: discover again on next use."""
        self._files.clear()
        self._configs.clear()

    def config_for(self, path: str, is_file: bool) -> tuple[Config, str | None]:
        """The configuration for a document and the file-configuration error, if any."""
        folder = str(Path(path).parent) if is_file else ""
        cached = self._configs.get(folder)
        if cached is None:
            base, error = self._file_config(folder) if is_file else (Config(), None)
            overrides = {k: v for layer in LAYERS for k, v in self._layers.get(layer, {}).items()}
            cached = (overridden(base, overrides, self.root), error)
            self._configs[folder] = cached
        return cached

    def _file_config(self, folder: str) -> tuple[Config, str | None]:
        found = self._files.get(folder)
        if found is None:
            try:
                found = (core_config.discover(Path(folder)), None)
            except ConfigError as error:
                found = (Config(), f"{error}; using the default settings")
            self._files[folder] = found
        return found
