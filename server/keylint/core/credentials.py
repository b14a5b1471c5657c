"""Which variables hold credentials or base URLs, and how to show a secret safely.

This is the one place that decides it; the provider registry (keylint.core.providers)
adds exact key shapes and variable names behind the same functions.
"""

from __future__ import annotations

import fnmatch
import functools
import re

from keylint.core.config import Config

CREDENTIAL_SUFFIXES = ("_API_KEY", "_APIKEY", "_KEY", "_TOKEN", "_SECRET", "_SECRET_KEY")
CREDENTIAL_NAMES = frozenset({"API_KEY", "APIKEY", "TOKEN", "SECRET", "AUTH_TOKEN", "ACCESS_TOKEN"})
URL_SUFFIXES = ("_BASE_URL", "_API_BASE", "_ENDPOINT", "_URL", "_API_URL", "_HOST", "_BASE")
URL_NAMES = frozenset({"BASE_URL", "API_BASE", "ENDPOINT", "API_URL"})
# Names that end like a credential but hold something else.
NOT_CREDENTIAL = re.compile(
    r"(?:^|_)(?:MAX|NUM|MIN|COUNT|LIMIT|SIZE|TTL|EXPIRY|EXPIRES|LENGTH)_TOKENS?$"
    r"|_(?:KEY|TOKEN)_(?:FILE|PATH|ID|NAME|HELPER|CMD|COMMAND)$"
    r"|^(?:SORT|PRIMARY|FOREIGN|PARTITION|CACHE|LOOKUP|HOT|SHORTCUT|KEYBOARD|GPG|PGP|SSH)_KEY$"
)

# Prefixes of known API-key shapes: enough to call a value a credential whatever its name.
KEY_PREFIXES = (
    "sk-", "sk_live_", "gsk_", "xai-", "AIza", "pplx-", "hf_", "api_org_", "r8_", "nvapi-",
    "tgp_v1_", "fw_", "lsv2_pt_", "lsv2_sk_", "ghp_", "github_pat_", "ABSK",
)
_KEY_SHAPE = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in KEY_PREFIXES) + r")[A-Za-z0-9_\-]{8,}"
)


def is_credential_name(name: str, config: Config | None = None) -> bool:
    if config and any(fnmatch.fnmatchcase(name, pattern) for pattern in config.credential_names):
        return True
    return _credential_by_name(name)


@functools.lru_cache(maxsize=1 << 16)
def _credential_by_name(name: str) -> bool:
    """The built-in naming rules (cached: every rule asks about the same few names)."""
    upper = name.upper()
    if NOT_CREDENTIAL.search(upper):
        return False
    return upper in CREDENTIAL_NAMES or upper.endswith(CREDENTIAL_SUFFIXES)


def is_url_name(name: str) -> bool:
    upper = name.upper()
    return upper in URL_NAMES or upper.endswith(URL_SUFFIXES)


def looks_like_key(value: str) -> bool:
    """True when the value has the shape of a known provider's API key."""
    return bool(_KEY_SHAPE.match(value.strip()))


def is_sensitive(name: str, value: str, config: Config | None = None) -> bool:
    """Credential or base URL by name, or a key by shape: the values rules look closely at."""
    return is_credential_name(name, config) or is_url_name(name) or looks_like_key(value)


def redact(secret: str) -> str:
    """`sk-pr…9xQf (164 chars)`: enough to recognise a key, never enough to use it."""
    length = len(secret)
    if length == 0:
        return "(empty)"
    if length < 12:
        shown = secret[:2] if length >= 8 else ""
        return f"{shown}…({length} chars)" if shown else f"…({length} chars)"
    head = min(5, length // 4)
    return f"{secret[:head]}…{secret[-4:]} ({length} chars)"


def shown_value(name: str, value: str, config: Config | None = None) -> str:
    """How a message may quote a value: URLs in full (minus credentials), secrets redacted."""
    if is_url_name(name) and not looks_like_key(value):
        return re.sub(r"//[^/@\s]*@", "//…@", value)
    return redact(value)


_ASSIGNED_VALUE = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<sep>[\"']?\s*[=:]\s*[\"']?)(?P<value>[^\s\"'#,;]+)"
)
_BEARER_VALUE = re.compile(r"(?i)(?:bearer|token|basic|x-api-key:|api-key:)\s+(?P<value>[^\s\"']+)")
_LONG_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")


def mask_secrets(line: str, config: Config | None = None) -> str:
    """The line with every secret-looking value masked, length kept so carets still align.

    Used for source excerpts: a finding may point into a key, but the excerpt must never
    reproduce it. Keeps the first 5 and last 4 characters, like `redact`.
    """
    spans: list[tuple[int, int]] = []
    for match in _ASSIGNED_VALUE.finditer(line):
        if is_credential_name(match.group("name"), config):
            spans.append(match.span("value"))
    spans.extend(m.span("value") for m in _BEARER_VALUE.finditer(line))
    for match in _LONG_TOKEN.finditer(line):
        token = match.group(0)
        if looks_like_key(token) or (
            any(c.isdigit() for c in token) and any(c.isupper() for c in token)
            and any(c.islower() for c in token)
        ):
            spans.append(match.span())
    for match in re.finditer(r"[^\s=\"'`()\[\]{},;:]+", line):
        if looks_like_key(match.group(0)):
            spans.append(match.span())
    if not spans:
        return line
    chars = list(line)
    for start, end in spans:
        if end - start < 8:
            for index in range(start, end):
                chars[index] = "•"
            continue
        for index in range(start + 5, end - 4):
            chars[index] = "•"
    return "".join(chars)


_KEY_IN_TEXT = re.compile(
    r"(?:" + "|".join(re.escape(p) for p in KEY_PREFIXES) + r")[A-Za-z0-9_\-]{16,}"
)


def scrub(text: str, secrets: frozenset[str] = frozenset()) -> str:
    """`text` with every known secret and every key-shaped token replaced by its redaction.

    The last line of defence for messages: a key pasted into a variable *name* (a lost line
    break before `echo NAME=… >> .env`) would otherwise be printed by any rule that names
    the variable.
    """
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, redact(secret))
    if any(prefix in text for prefix in KEY_PREFIXES):
        text = _KEY_IN_TEXT.sub(lambda m: redact(m.group(0)), text)
    return text
