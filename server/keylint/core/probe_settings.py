"""`[tool.keylint.probe]`: whether the live probe may run, its timeout, and trusted hosts.

Teams that forbid network calls from developer tools switch the probe off here; a gateway
or proxy of their own is trusted here, so that keylint will send a key to it without an
`--allow-host` on every run. Validation is strict, like the rest of the configuration: a
typo in a trust list must fail loudly, never widen or narrow the trust silently.

    [tool.keylint.probe]
    enabled = true
    timeout = 10
    trusted-hosts = ["llm.corp.example"]                 # for every provider's keys
    # or, per provider ("*" = every provider):
    # trusted-hosts = { anthropic = ["gw.corp.example"], "*" = ["127.0.0.1"] }
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from keylint.core.config import ConfigError

DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 120.0
ANY_PROVIDER = "*"
_KEYS = ("enabled", "timeout", "trusted-hosts")
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(rf"^(?:\*\.)?{_LABEL}(?:\.{_LABEL})*$")


@dataclass(frozen=True)
class ProbeSettings:
    """The validated `[tool.keylint.probe]` table (defaults when absent)."""

    enabled: bool = True
    timeout: float = DEFAULT_TIMEOUT
    trusted: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (provider id or "*", hosts)

    def trusted_for(self, provider_id: str | None) -> tuple[str, ...]:
        """Hosts trusted for this provider's keys, the global ones included."""
        return tuple(
            host for pid, hosts in self.trusted
            if pid == ANY_PROVIDER or (provider_id is not None and pid == provider_id)
            for host in hosts
        )


def probe_settings(extra: Mapping[str, Any] | None, source: str = "") -> ProbeSettings:
    """The probe settings of a `Config.extra`; raises ConfigError on bad input."""
    table = (extra or {}).get("probe")
    if table is None:
        return ProbeSettings()
    at = f"{source}: [tool.keylint.probe]" if source else "[tool.keylint.probe]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{at} must be a table (enabled, timeout, trusted-hosts)")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{at}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{at} enabled: expected true or false")
    timeout = table.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
        0 < timeout <= MAX_TIMEOUT
    ):
        raise ConfigError(f"{at} timeout: expected a number of seconds above 0 and at most "
                          f"{MAX_TIMEOUT:g}, such as 10")
    return ProbeSettings(enabled, float(timeout), _trusted(table.get("trusted-hosts", []),
                                                           extra or {}, at, source))


def validate_probe_settings(extra: Mapping[str, Any], source: str = "") -> None:
    """Raise ConfigError when `[tool.keylint.probe]` is unusable (config.from_mapping calls
    this at load time, so a typo fails before any probe runs)."""
    probe_settings(extra, source)


def normalize_host(value: str) -> str:
    """A host as the probe compares hosts: lower case, no trailing dot, IPv6 unbracketed."""
    host = value.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def valid_host(host: str) -> bool:
    """A host name, a `*.` pattern, or an IP address literal (no scheme, port or path)."""
    if _HOST.match(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _trusted(
    value: Any, extra: Mapping[str, Any], at: str, source: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    where = f"{at} trusted-hosts"
    if isinstance(value, list):
        return ((ANY_PROVIDER, _hosts(value, where)),) if value else ()
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a list of hosts, or a table of provider id = "
                          "[hosts] (\"*\" for every provider)")
    from keylint.core.providers import registry  # the registry imports config: stay lazy

    known = registry(extra, source=source)
    pairs = []
    for pid, hosts in value.items():
        if pid != ANY_PROVIDER and known.get(str(pid)) is None:
            from difflib import get_close_matches  # error path only

            close = get_close_matches(str(pid), [p.id for p in known.providers()], n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{where}: unknown provider {pid!r}{hint}")
        if not isinstance(hosts, list):
            raise ConfigError(f"{where}.{pid}: expected a list of hosts")
        pairs.append((str(pid), _hosts(hosts, f"{where}.{pid}")))
    return tuple(pairs)


def _hosts(values: list[Any], where: str) -> tuple[str, ...]:
    hosts = []
    for value in values:
        host = normalize_host(value) if isinstance(value, str) else ""
        if not valid_host(host):
            raise ConfigError(f"{where}: {value!r} is not a host (write it without scheme, "
                              "port or path, e.g. \"llm.corp.example\", \"*.corp.example\" "
                              "or \"127.0.0.1\")")
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))
