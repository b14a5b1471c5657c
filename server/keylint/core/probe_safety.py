"""The rules a probe URL must pass before a key goes anywhere.

Checked on the plan, before any socket opens: the scheme (HTTPS, or plain HTTP to loopback
only, where local gateways and tests live and nothing crosses a network), and the host
(one that belongs to the key's provider, or one the user trusts explicitly). Loopback is an
exception to the scheme rule only: a local process is still not the key's provider, so it
needs trust like any other host.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from keylint.core.probe_settings import normalize_host
from keylint.core.providers import KeyMatch, Provider, Registry
from keylint.core.routing import is_loopback


def url_host(url: str) -> str:
    """The host of a URL, normalised; "" when there is none or the URL does not parse."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return normalize_host(host)


def scheme_problem(url: str) -> str | None:
    """Why the URL's scheme (or shape) may not carry a key, or None when it may."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return "it is not a valid URL"
    host = url_host(url)
    if parts.scheme not in ("https", "http") or not host:
        return "it is not an http(s) URL with a host"
    if parts.scheme == "http" and not is_loopback(host):
        return ("it is plain http to a host that is not this machine: the key would cross "
                "the network unencrypted (keylint sends keys over https only, loopback "
                "excepted)")
    return None


def host_matches(host: str, patterns: Iterable[str]) -> bool:
    """True when `host` is one of `patterns` (exact, or `*.suffix` with a label before it)."""
    host = normalize_host(host)
    for pattern in patterns:
        pattern = normalize_host(pattern)
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def accepts(known: Registry, provider: Provider, match: KeyMatch | None, value: str) -> bool:
    """The provider may have issued this key (the registry cannot rule it out)."""
    verdict = known.accepts_key(provider, match)
    if verdict is None and match is None and provider.all_keys_prefixed:
        prefixes = [s.prefix for s in provider.shapes if s.prefix]
        return any(value.startswith(p) for p in prefixes)
    return verdict is not False


def belongs(known: Registry, host: str, owner: Provider | None, match: KeyMatch | None,
             value: str) -> bool:
    """The host is the key's provider's own (registry or `[tool.keylint] hosts`), or a
    passthrough gateway that forwards keys like it to their provider."""
    if owner is None:
        return False
    receiver = known.provider_for_host(host)
    if receiver is None:
        return False
    if receiver.id == owner.id:
        return True
    return receiver.gateway_mode == "passthrough" and accepts(known, receiver, match, value)
