"""Which of the registry's probes to send, and to which URL, through the user's base URL.

The registry spells probe paths relative to a base URL of one wire style (see the
providers module doc). A user's base URL has the style of the variable it came from, so
the probe is the provider's probe for that style, or one of another style when the
provider's own endpoints show how the two bases differ (xAI's `/v1` base and its native
`/v1/api-key`). Absolute probe URLs on the provider's API host follow an explicit base's
origin, so a mirror, a proxy or a local test server gets the probe too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from keylint.core.probe_safety import url_host
from keylint.core.probe_target import BaseChoice
from keylint.core.providers import VERSION_SEGMENT, KeyMatch, Probe, Provider, WireStyle

VERSION_AT_END = re.compile(rf"(?:{VERSION_SEGMENT})/?\Z")


def choose_probe(
    speaker: Provider, match: KeyMatch | None, base: BaseChoice, billable: bool
) -> tuple[Probe, str] | None:
    """The probe to send and its URL: one made for the key's kind beats a general one; one
    of the base URL's wire style is used as is, another is used when the provider's own
    endpoints show how to move between the styles (xAI's /v1 base, native /v1/api-key).
    With `billable` a billable probe is preferred (the user asked for the paid check)."""
    kind = match.shape.kind if match is not None and match.provider == speaker.id else None
    fitting = [p for p in speaker.probes if kind is not None and kind in p.key_kinds]
    fitting = fitting or [p for p in speaker.probes if not p.key_kinds]
    fitting.sort(key=lambda p: p.billable != billable)
    style = base.style or guess_style(speaker, base.url)
    for probe in fitting:
        if probe.absolute:
            return probe, reroot(speaker, probe, base)
        if probe.style == style:
            return probe, join_url(base.url, probe)
    for probe in fitting:
        moved = restyle(speaker, base.url, style, probe.style)
        if moved is not None:
            return probe, join_url(moved, probe)
    return None


def join_url(base: str, probe: Probe) -> str:
    """`Probe.url` with the base's query string (a gateway's `?api-version=`) kept after
    the path instead of swallowing it."""
    parts = urlsplit(base)
    path = urlsplit(probe.url(urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))))
    query = "&".join(q for q in (path.query, parts.query) if q)
    return urlunsplit((path.scheme, path.netloc, path.path, query, ""))


def guess_style(speaker: Provider, url: str) -> WireStyle | None:
    """A base URL with no variable to tell its style (--base-url for a key variable outside
    the registry): one ending in a version segment is OpenAI-style, else the provider's."""
    path = urlsplit(url).path.rstrip("/")
    if VERSION_AT_END.search(path) and speaker.endpoint("openai"):
        return "openai"
    return speaker.endpoints[0].style if speaker.endpoints else None


def reroot(speaker: Provider, probe: Probe, base: BaseChoice) -> str:
    """An absolute probe on the provider's API host follows an explicit base URL's origin
    (a mirror, a proxy, a local server): DeepSeek's /user/balance, Hugging Face's whoami.
    One on a separate service (NVIDIA's key service, Cloudflare's token check) does not."""
    if not base.explicit:
        return probe.path
    target = urlsplit(probe.path)
    api_hosts = {url_host(e.base) for e in speaker.endpoints if not e.templated}
    if url_host(probe.path) not in api_hosts or url_host(base.url) == url_host(probe.path):
        return probe.path
    origin = urlsplit(base.url)
    return urlunsplit((origin.scheme, origin.netloc, target.path, target.query, ""))


def restyle(speaker: Provider, url: str, have: WireStyle | None, want: WireStyle) -> str | None:
    """The base URL for style `want`, from a base of style `have`, using how the provider's
    own endpoints for both styles differ in path; None when that cannot be worked out."""
    query = urlsplit(url).query
    url = urlunsplit(urlsplit(url)._replace(query="", fragment=""))
    source = speaker.endpoint(have) if have else None
    target = speaker.endpoint(want)
    if source is None or target is None or source.templated or target.templated:
        return None
    have_path = urlsplit(source.base).path.rstrip("/")
    want_path = urlsplit(target.base).path.rstrip("/")
    if urlsplit(source.base).netloc != urlsplit(target.base).netloc:
        return None
    trimmed = url.rstrip("/")
    again = f"?{query}" if query else ""
    if have_path.startswith(want_path):
        extra = have_path[len(want_path):]
        kept = trimmed[: -len(extra)] if extra and trimmed.endswith(extra) else trimmed
        return kept + again
    if want_path.startswith(have_path):
        return trimmed + want_path[len(have_path):] + again
    return None
