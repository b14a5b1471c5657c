"""The provider registry: key shapes, variable names, hosts, auth and probes of LLM APIs.

One place holds these facts as plain frozen data, and the lint rules (truncated key, wrong
variable name, key sent to another provider's host), the editor hover and the live probe all
read it, so they can never disagree. Every fact carries the confidence of the research notes
it comes from (`../shared/reference/providers.md`):

* `src`: read in source code (SDKs, gitleaks, trufflehog, litellm...), named in `sources`;
* `doc`: official documentation; `obs`: seen in real configs, issues and error bodies;
* `unconfirmed`: a best guess; `config`: declared by the user in `[tool.keylint]`.

Conservative by construction: a bare `sk-` key is never pinned on one provider; a shape whose
length is unconfirmed gets a lenient range and its verdicts are not `definite`, so no rule may
call a key truncated on a guess; passthrough gateways and self-hosted proxies never "reject" a
key; an unknown key format is an empty `shapes` tuple, not an invented one.

Probe paths. `Probe.path` is either an absolute `https://` URL on one of the provider's own
hosts (used as is), or a path relative to a base URL of the probe's `style`, spelt exactly as
the matching base-URL variable holds it: for "openai" the base includes the version segment
(`https://api.openai.com/v1`, `https://api.hiapi.ai/v1`, `https://openrouter.ai/api/v1`, a
LiteLLM proxy's `http://127.0.0.1:4000`); for "anthropic" and "native" it is the root the SDK
appends versioned paths to (`https://api.anthropic.com`, `https://api.groq.com`). So a user's
OPENAI_BASE_URL or ANTHROPIC_BASE_URL goes into `Probe.url()` verbatim, and a passthrough
gateway's base (Cloudflare's `.../openai`) works with the upstream provider's probe.

Import stays cheap: the data is built on first use and regexes compile on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from keylint.core.config import ConfigError

Confidence = Literal["src", "doc", "obs", "unconfirmed", "config"]
ProviderKind = Literal["provider", "gateway", "service"]
GatewayMode = Literal["own-keys", "passthrough"]
WireStyle = Literal["openai", "anthropic", "native"]
VersionRule = Literal["include", "omit", "optional"]
EnvRole = Literal["key", "base_url", "org", "project", "api_version", "account", "headers"]
AuthStyle = Literal[
    "bearer", "x-api-key", "x-goog-api-key", "api-key", "token",
    "x-portkey-api-key", "x-portkey-virtual-key", "helicone-auth", "cf-aig-authorization",
]
Outcome = Literal[
    "valid", "invalid", "no_credits", "permission_denied", "rate_limited",
    "wrong_endpoint", "server_error", "network", "unknown",
]

# Endpoint paths a base URL must never end with: every SDK appends them itself.
ENDPOINT_PATHS = (
    "/chat/completions", "/completions", "/v1/messages", "/messages",
    "/responses", "/embeddings", "/models",
)
# What a version segment at the end of a base URL looks like (/v1, /v1beta, /v2).
VERSION_SEGMENT = r"/v\d+(?:alpha|beta)?\d*"


@dataclass(frozen=True)
class Auth:
    """How a key travels: header templates where `{key}` stands for the key.

    Kept as templates (not built requests) so that no object holding a key ever exists
    outside the probe's own call, where a repr could leak it.
    """

    style: AuthStyle
    headers: tuple[tuple[str, str], ...]
    query_param: str = ""  # an accepted alternative: the key as `?<param>=` (Gemini `key`)
    confidence: Confidence = "src"
    sources: str = ""
    note: str = ""

    @property
    def header(self) -> str:
        """The header that carries the key (for messages such as "sent as x-api-key")."""
        return next((name for name, value in self.headers if "{key}" in value), "")

    def render(self, key: str) -> dict[str, str]:
        """The headers to send for `key` (the probe calls this; nothing stores the result)."""
        return {name: value.replace("{key}", key) for name, value in self.headers}


@dataclass(frozen=True)
class KeyShape:
    """One key format a provider issues. Lengths count the whole value, prefix included.

    `min_length..max_length` is a range around the documented length, never one exact
    number: exact-length patterns go stale the day a provider adds a character. Structure
    that does not drift (a marker in the middle, a fixed suffix) is checked exactly instead.
    `confidence` is about the prefix (is a key with it this provider's?), `length_confidence`
    about the range, charset, marker and suffix (may a rule call a key truncated?).
    """

    kind: str  # "project", "api", "admin", "legacy", "oauth-access", "org-token"...
    prefix: str  # "" for keys without one (they are never attributed by shape alone)
    charset: str  # regex character class every character after the prefix belongs to
    min_length: int
    max_length: int
    typical_length: int  # the documented length (tests build keys of it; docs show it)
    marker: str = ""  # must occur after the prefix (OpenAI's base64 "OpenAI")
    marker_centered: bool = False  # as many characters after the marker as before it
    suffix: str = ""  # the key ends with it (Anthropic's "AA")
    ambiguous: bool = False  # the shape alone cannot tell which service issued the key
    auth: Auth | None = None  # how this kind is sent, when it differs from the provider's
    confidence: Confidence = "src"
    length_confidence: Confidence = "src"
    sources: str = ""
    note: str = ""


@dataclass(frozen=True)
class BaseUrl:
    """How a reader (SDK or tool) treats the base URL it takes from one variable.

    `version` says whether the value must end with the API version segment: "include"
    (OpenAI-style readers append `/chat/completions` directly, so the base carries the
    server's version path; for a known host that is the path of `Provider.endpoint(style)`),
    "omit" (the reader appends `/v1/...` itself, so a version at the end doubles it) or
    "optional". `version_path` is the regex of that segment, matched at the end of the path.
    """

    style: WireStyle
    version: VersionRule
    default: str = ""  # the base the reader uses when the variable is unset
    appends: str = ""  # what the reader puts after the base, for messages
    version_path: str = VERSION_SEGMENT
    confidence: Confidence = "src"
    sources: str = ""

    def version_at_end(self, url: str) -> bool:
        """True when the URL's path ends with this reader's version segment."""
        path = _url_path(url).rstrip("/")
        return _compiled(rf"(?:{self.version_path})\Z").search(path) is not None


@dataclass(frozen=True)
class EnvVar:
    """One environment variable a tool reads for a provider.

    A name can be current for some tools and legacy for others: OPENAI_API_BASE is what
    litellm and aider read today, and what openai-python stopped reading at 1.0 in favour of
    OPENAI_BASE_URL. `legacy_in` names those tools and `replacement` the name they read.
    `key_kinds` lists which of the provider's own key shapes belong in a key variable
    (an OAuth token in ANTHROPIC_API_KEY is sent as x-api-key and fails).
    """

    name: str
    role: EnvRole
    tools: tuple[str, ...] = ()  # () = a naming convention only your own code reads
    auth: Auth | None = None  # key role: how the value is sent, if not the provider's way
    base_url: BaseUrl | None = None  # base_url role: the reader's path convention
    key_kinds: tuple[str, ...] = ()  # key role: () = any of the provider's kinds
    legacy_in: tuple[str, ...] = ()
    replacement: str = ""
    confidence: Confidence = "src"
    sources: str = ""
    note: str = ""


@dataclass(frozen=True)
class Competition:
    """Variables that compete when several are set: the silent cause of "wrong key used".

    "first-wins": `names[0]` beats the others in `tools` (GOOGLE_API_KEY over GEMINI_API_KEY);
    "both-sent": every set variable goes out in its own header.
    """

    names: tuple[str, ...]
    tools: tuple[str, ...]
    effect: Literal["first-wins", "both-sent"]
    confidence: Confidence = "src"
    sources: str = ""
    note: str = ""


@dataclass(frozen=True)
class Endpoint:
    """A base URL the provider serves, for one wire style; `{placeholders}` when per-user."""

    style: WireStyle
    base: str
    confidence: Confidence = "src"
    sources: str = ""
    note: str = ""

    @property
    def templated(self) -> bool:
        """True when the base needs user values (Azure resource, Cloudflare account, proxy)."""
        return "{" in self.base


@dataclass(frozen=True)
class OutcomeRule:
    """What a probe response means: the first rule that matches decides.

    `status` None matches any status. `body_field` is a dotted path into the JSON body
    ("error.code"; lists on the way are searched element by element); `value_pattern` a
    case-insensitive regex searched in the field's value (JSON true/false/null spelt so), or
    in the raw body when `body_field` is "". Both empty: the status alone decides.
    """

    status: int | None
    body_field: str
    value_pattern: str
    outcome: Outcome
    note: str = ""

    def matches(self, status: int, body: str, data: Any) -> bool:
        """True when this rule applies to the response (`data`: the parsed body or None)."""
        if self.status is not None and self.status != status:
            return False
        if self.body_field:
            values = _field_values(data, self.body_field)
            if not values:
                return False
            if not self.value_pattern:
                return True
            pattern = _compiled(self.value_pattern, re.IGNORECASE)
            return any(pattern.search(value) for value in values)
        if not self.value_pattern:
            return True
        return _compiled(self.value_pattern, re.IGNORECASE).search(body) is not None


@dataclass(frozen=True)
class Probe:
    """A cheap request that tells a live key from a dead one (see the module doc for paths)."""

    method: str
    path: str
    style: WireStyle = "openai"
    key_kinds: tuple[str, ...] = ()  # the key kinds this probe is for; () = any
    auth: Auth | None = None  # None: the key shape's auth, else the provider's
    body: str = ""  # JSON request body; "" = none
    billable: bool = False
    rules: tuple[OutcomeRule, ...] = ()  # checked before GENERIC_RULES
    confidence: Confidence = "src"
    sources: str = ""
    note: str = ""

    @property
    def absolute(self) -> bool:
        """True when `path` is a full URL that ignores any configured base."""
        return "://" in self.path

    def url(self, base: str) -> str:
        """The URL to request: `base` + `path` by plain concatenation (never urljoin, which
        would drop the `/v1` of `https://api.openai.com/v1`), or the absolute path itself."""
        if self.absolute:
            return self.path
        return base.rstrip("/") + self.path


@dataclass(frozen=True)
class Provider:
    """Everything keylint knows about one LLM provider, gateway or key-issuing service.

    `kind` "service" marks a service whose keys look like LLM keys but are not (Langfuse),
    so attribution can say so instead of guessing. Gateways take their own keys ("own-keys")
    or forward the upstream provider's key ("passthrough"); `self_hosted` gateways are set
    up by their operator, so which keys they accept cannot be known from here.
    `all_keys_prefixed` states that every key the provider issues carries one of its
    shapes' prefixes, so a value without one is certainly not its key.
    """

    id: str
    name: str
    kind: ProviderKind
    gateway_mode: GatewayMode | None = None
    self_hosted: bool = False
    all_keys_prefixed: bool = False
    shapes: tuple[KeyShape, ...] = ()  # () = key format unknown
    env: tuple[EnvVar, ...] = ()  # key variables canonical first, then aliases
    competitions: tuple[Competition, ...] = ()
    hosts: tuple[str, ...] = ()  # canonical first; "*.example.com" patterns allowed
    hosts_sources: str = ""
    endpoints: tuple[Endpoint, ...] = ()
    auth: Auth | None = None  # how its own keys are sent; None = not known
    auth_alternatives: tuple[Auth, ...] = ()
    probes: tuple[Probe, ...] = ()  # the first one that fits is preferred
    docs: tuple[tuple[str, str], ...] = ()  # (label, url): where to get and manage keys
    note: str = ""

    def shape(self, kind: str) -> KeyShape | None:
        """The first shape of that kind."""
        return next((s for s in self.shapes if s.kind == kind), None)

    def endpoint(self, style: WireStyle) -> Endpoint | None:
        """The base URL this provider serves for a wire style, if any."""
        return next((e for e in self.endpoints if e.style == style), None)

    def env_for(self, role: EnvRole) -> tuple[EnvVar, ...]:
        """The variables of one role, canonical first."""
        return tuple(v for v in self.env if v.role == role)

    def auth_for(self, shape: KeyShape | None) -> Auth | None:
        """How a key of this shape is sent (an OAuth token differs from an API key)."""
        if shape is not None and shape.auth is not None:
            return shape.auth
        return self.auth

    def probe_for(self, kind: str | None = None, style: WireStyle | None = None) -> Probe | None:
        """The probe for a key kind through a base URL of `style` (None: any style).

        A probe made for that kind beats a general one; a probe of another style is no
        use through the user's base URL unless its path is absolute; free beats billable.
        None when no probe fits: then the key cannot be probed that way.
        """
        fitting = [p for p in self.probes if kind is not None and kind in p.key_kinds]
        fitting = fitting or [p for p in self.probes if not p.key_kinds]
        if style is not None:
            fitting = [p for p in fitting if p.style == style or p.absolute]
        fitting.sort(key=lambda p: p.billable)
        return fitting[0] if fitting else None


@dataclass(frozen=True)
class KeyMatch:
    """Which provider and shape a key value has. It never holds the value itself.

    `certain`: the value alone proves the owner (a specific prefix or marker). For an
    ambiguous value (a bare `sk-...`) `provider` is None and `candidates` lists every
    provider in the registry known to issue such keys (unlisted relays issue them too).
    """

    provider: str | None
    shape: KeyShape
    certain: bool
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class ShapeVerdict:
    """How a value departs from its shape. Positions are 0-based code points in the value.

    `definite` is False when the shape's length is unconfirmed: then no problem here is
    proof, and rules report at most a hint.
    """

    shape: KeyShape
    length: int
    too_short: bool = False
    too_long: bool = False
    missing_marker: bool = False
    marker_misplaced: bool = False  # a different number of characters before and after it
    structure_length: int | None = None  # the length the marker's position implies
    missing_suffix: bool = False
    bad_chars: tuple[tuple[int, str], ...] = ()  # (position, character), the first 32
    bad_char_count: int = 0
    masked: bool = False  # "*", "•" or "…" in it: copied from a dashboard that hides keys

    @property
    def expected(self) -> tuple[int, int]:
        """The length range the shape allows."""
        return (self.shape.min_length, self.shape.max_length)

    @property
    def definite(self) -> bool:
        return self.shape.length_confidence != "unconfirmed"

    @property
    def truncated(self) -> bool:
        """Characters are missing: too short, no suffix, or a short half after the marker."""
        short_half = (
            self.marker_misplaced
            and self.structure_length is not None
            and self.length < self.structure_length
        )
        return self.too_short or self.missing_suffix or short_half

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> tuple[str, ...]:
        """One plain sentence per problem; none quotes the key."""
        shape = self.shape
        low, high = self.expected
        found: list[str] = []
        if self.masked:
            found.append("looks masked (it contains *, • or …): copy the full key, not the one "
                         "a dashboard shows")
        if self.too_short:
            found.append(f"too short: {self.length} characters, expected {low}–{high}")
        if self.too_long:
            found.append(f"too long: {self.length} characters, expected {low}–{high}")
        if self.missing_marker:
            found.append(f"the marker {shape.marker!r} every such key carries is missing")
        if self.marker_misplaced and self.structure_length is not None:
            found.append(f"{self.structure_length} characters expected from the position of "
                         f"{shape.marker!r} (as many after it as before), found {self.length}")
        if self.missing_suffix:
            found.append(f"does not end with {shape.suffix!r} as such keys do")
        if self.bad_chars:
            shown = ", ".join(f"{_describe_char(c)} at {i}" for i, c in self.bad_chars[:5])
            more = self.bad_char_count - min(5, len(self.bad_chars))
            found.append(f"characters outside {shape.charset}: {shown}"
                         + (f" and {more} more" if more > 0 else ""))
        return tuple(found)


@dataclass(frozen=True)
class EnvVarInfo:
    """A variable name resolved: its provider, its declaration and what it competes with."""

    provider: Provider
    var: EnvVar
    competitions: tuple[Competition, ...] = ()

    @property
    def role(self) -> EnvRole:
        return self.var.role

    @property
    def tools(self) -> tuple[str, ...]:
        return self.var.tools

    @property
    def legacy(self) -> bool:
        return bool(self.var.legacy_in)

    @property
    def replacement(self) -> str:
        return self.var.replacement

    @property
    def base_url(self) -> BaseUrl | None:
        return self.var.base_url

    @property
    def auth(self) -> Auth | None:
        """How a key variable's value is sent (None for other roles)."""
        if self.var.role != "key":
            return None
        return self.var.auth or self.provider.auth


# --- Shared building blocks ---------------------------------------------------------------

ALNUM = "[A-Za-z0-9]"
URLSAFE = "[A-Za-z0-9_-]"
HEX = "[0-9a-f]"
_PRINTABLE = "[!-~]"  # user-declared shapes: any printable ASCII but space

BEARER = Auth("bearer", (("Authorization", "Bearer {key}"),), sources="doc/src (every SDK)")
ANTHROPIC_KEY = Auth(
    "x-api-key", (("x-api-key", "{key}"), ("anthropic-version", "2023-06-01")),
    sources="src anthropic-sdk-python _client.py",
)
ANTHROPIC_BEARER = Auth(
    "bearer", (("Authorization", "Bearer {key}"), ("anthropic-version", "2023-06-01")),
    sources="src anthropic-sdk-python _client.py (ANTHROPIC_AUTH_TOKEN)",
)
ANTHROPIC_OAUTH = Auth(
    "bearer",
    (("Authorization", "Bearer {key}"), ("anthropic-version", "2023-06-01"),
     ("anthropic-beta", "oauth-2025-04-20")),
    confidence="obs",
    sources="obs; src litellm anthropic/common_utils.py switches on the sk-ant-oat prefix",
    note="without the beta header the API answers 401 \"OAuth authentication is currently "
    "not supported\"",
)
GOOGLE_KEY = Auth(
    "x-goog-api-key", (("x-goog-api-key", "{key}"),), query_param="key",
    sources="src python-genai _api_client.py",
)
AZURE_KEY = Auth("api-key", (("api-key", "{key}"),), sources="src openai-python lib/azure.py")

# Generic meanings, checked after a probe's own rules. Status >= 500 and HTML bodies are
# decided before any rule (see classify).
GENERIC_RULES = (
    OutcomeRule(301, "", "", "wrong_endpoint", "a redirect: the base URL moved or lacks https"),
    OutcomeRule(302, "", "", "wrong_endpoint"),
    OutcomeRule(307, "", "", "wrong_endpoint"),
    OutcomeRule(308, "", "", "wrong_endpoint"),
    OutcomeRule(401, "", "", "invalid"),
    OutcomeRule(402, "", "", "no_credits"),
    OutcomeRule(403, "", "", "permission_denied"),
    OutcomeRule(404, "", "", "wrong_endpoint"),
    OutcomeRule(405, "", "", "wrong_endpoint"),
    OutcomeRule(429, "", "", "rate_limited"),
)
_HTML = re.compile(r"\A\s*<(?:!doctype\s+html|html|head|body)", re.IGNORECASE)


def _key(name: str, tools: tuple[str, ...], **more: Any) -> EnvVar:
    return EnvVar(name, "key", tools, **more)


def _base(name: str, tools: tuple[str, ...], base_url: BaseUrl, **more: Any) -> EnvVar:
    return EnvVar(name, "base_url", tools, base_url=base_url, **more)


# --- The built-in providers ---------------------------------------------------------------


def _openai() -> Provider:
    marker = "T3BlbkFJ"  # base64 of "OpenAI"
    new = "src gitleaks openai-api-key; trufflehog openai.go (74 or 58 chars either side)"
    base = BaseUrl("openai", "include", "https://api.openai.com/v1",
                   "/chat/completions, /responses, /models", sources="src openai-python _client.py")
    return Provider(
        "openai", "OpenAI", "provider", all_keys_prefixed=True,
        shapes=(
            KeyShape("project", "sk-proj-", URLSAFE, 100, 220, 164, marker, True, sources=new,
                     note="164 characters (older project keys 132)"),
            KeyShape("service-account", "sk-svcacct-", URLSAFE, 100, 220, 167, marker, True,
                     sources=new, note="167 characters (older ones 135)"),
            KeyShape("service-account", "sk-service-", URLSAFE, 100, 220, 167, marker, True,
                     sources="src trufflehog openai.go", note="older service-account prefix"),
            KeyShape("admin", "sk-admin-", URLSAFE, 100, 220, 133, marker, True,
                     sources="src gitleaks openai-api-key; trufflehog openaiadmin.go"),
            KeyShape("legacy", "sk-", ALNUM, 45, 60, 51, marker, True,
                     sources="src gitleaks openai-api-key (20 chars either side)",
                     note="user keys from before project keys; only the marker tells them "
                     "from the many other sk- keys"),
        ),
        env=(
            _key("OPENAI_API_KEY", ("openai-python", "litellm", "aider"),
                 key_kinds=("project", "service-account", "legacy"),
                 sources="src openai-python _client.py; doc aider"),
            _key("OPENAI_ADMIN_KEY", ("openai-python",), key_kinds=("admin",),
                 sources="src openai-python _client.py"),
            _base("OPENAI_BASE_URL", ("openai-python>=1.0", "codex", "litellm"), base,
                  sources="src openai-python _client.py; codex model_provider_info.rs"),
            _base("OPENAI_API_BASE", ("litellm", "aider"), replace(base, sources="src litellm"),
                  legacy_in=("openai-python",), replacement="OPENAI_BASE_URL",
                  sources="src litellm main.py; aider sample.aider.conf.yml",
                  note="openai-python read it before 1.0 and ignores it since"),
            _base("AIDER_OPENAI_API_BASE", ("aider",), replace(base, sources="doc aider"),
                  confidence="doc", sources="doc aider.chat dotenv"),
            EnvVar("OPENAI_ORG_ID", "org", ("openai-python",),
                   sources="src openai-python _client.py", note="header OpenAI-Organization"),
            EnvVar("OPENAI_ORGANIZATION", "org", ("codex",),
                   sources="src codex model_provider_info.rs",
                   note="Codex's name; openai-python reads OPENAI_ORG_ID"),
            EnvVar("OPENAI_PROJECT_ID", "project", ("openai-python",),
                   sources="src openai-python _client.py", note="header OpenAI-Project"),
            EnvVar("OPENAI_PROJECT", "project", ("codex",),
                   sources="src codex model_provider_info.rs",
                   note="Codex's name; openai-python reads OPENAI_PROJECT_ID"),
            EnvVar("OPENAI_CUSTOM_HEADERS", "headers", ("openai-python",),
                   sources="src openai-python _client.py"),
        ),
        competitions=(
            Competition(("OPENAI_BASE_URL", "OPENAI_API_BASE"), ("litellm",), "first-wins",
                        sources="src litellm main.py (generic OpenAI path)"),
        ),
        hosts=("api.openai.com",), hosts_sources="src openai-python _client.py",
        endpoints=(Endpoint("openai", "https://api.openai.com/v1",
                            sources="src openai-python _client.py"),),
        auth=BEARER,
        probes=(
            Probe("GET", "/models", rules=(
                OutcomeRule(429, "error.code", r"^(insufficient_quota|credit_balance_exhausted)$",
                            "no_credits", "OpenAI reports no credit as 429, not 402"),
                OutcomeRule(429, "error.type", r"^insufficient_quota$", "no_credits"),
                OutcomeRule(401, "error.message",
                            r"member of an organization|IP not authorized", "permission_denied"),
                OutcomeRule(403, "error.message", r"country, region, or territory",
                            "permission_denied"),
                OutcomeRule(401, "error.code", r"^invalid_api_key$", "invalid",
                            "the message echoes a masked copy of the key that arrived"),
            ), sources="doc developers.openai.com error codes; obs bodies",
                note="listing models costs nothing but does not prove credit; credit problems "
                "show on generation"),
            Probe("GET", "/organization/admin_api_keys", key_kinds=("admin",),
                  sources="src trufflehog openaiadmin.go"),
        ),
        docs=(("API keys", "https://platform.openai.com/account/api-keys"),
              ("Error codes", "https://developers.openai.com/docs/guides/error-codes")),
    )


def _anthropic() -> Provider:
    oauth = "obs (Claude Code credentials); src litellm detects the prefix"
    return Provider(
        "anthropic", "Anthropic", "provider", all_keys_prefixed=True,
        shapes=(
            KeyShape("api", "sk-ant-api03-", URLSAFE, 100, 120, 108, suffix="AA",
                     sources="src gitleaks anthropic-api-key; trufflehog anthropic.go "
                     "(93 chars + AA)"),
            KeyShape("admin", "sk-ant-admin01-", URLSAFE, 102, 122, 110, suffix="AA",
                     sources="src gitleaks anthropic-admin-api-key"),
            KeyShape("oauth-access", "sk-ant-oat01-", URLSAFE, 40, 300, 108,
                     auth=ANTHROPIC_OAUTH, confidence="obs", length_confidence="unconfirmed",
                     sources=oauth, note="Claude Pro/Max subscription token (claude "
                     "setup-token, CLAUDE_CODE_OAUTH_TOKEN): Bearer plus anthropic-beta"),
            KeyShape("oauth-refresh", "sk-ant-ort01-", URLSAFE, 40, 300, 108,
                     confidence="obs", length_confidence="unconfirmed", sources=oauth,
                     note="refreshes an OAuth access token; the API never accepts it"),
            KeyShape("other", "sk-ant-", URLSAFE, 40, 300, 108, length_confidence="unconfirmed",
                     sources="every Anthropic format in gitleaks/trufflehog starts with sk-ant-",
                     note="a newer sk-ant- format this registry does not know yet"),
        ),
        env=(
            _key("ANTHROPIC_API_KEY", ("anthropic-sdk", "claude-code", "litellm", "aider"),
                 auth=ANTHROPIC_KEY, key_kinds=("api", "other"),
                 sources="src anthropic-sdk-python _client.py; doc code.claude.com env-vars",
                 note="Claude Code uses it instead of the subscription, even when logged in"),
            _key("ANTHROPIC_AUTH_TOKEN", ("anthropic-sdk", "claude-code"), auth=ANTHROPIC_BEARER,
                 sources="src anthropic-sdk-python _client.py; doc code.claude.com env-vars",
                 note="the variable for gateway keys (LiteLLM, OpenRouter)"),
            _key("CLAUDE_CODE_OAUTH_TOKEN", ("claude-code",), auth=ANTHROPIC_OAUTH,
                 key_kinds=("oauth-access",), confidence="obs", sources="obs",
                 note="a subscription token for headless Claude Code"),
            _base("ANTHROPIC_BASE_URL", ("anthropic-sdk", "claude-code"),
                  BaseUrl("anthropic", "omit", "https://api.anthropic.com", "/v1/messages",
                          sources="src anthropic-sdk-python _client.py; doc llm-gateway"),
                  sources="src anthropic-sdk-python _client.py; doc code.claude.com env-vars"),
            _base("ANTHROPIC_API_BASE", ("litellm",),
                  BaseUrl("anthropic", "optional", "https://api.anthropic.com",
                          confidence="unconfirmed", sources="UNCONFIRMED how litellm joins it"),
                  sources="src litellm"),
            EnvVar("ANTHROPIC_CUSTOM_HEADERS", "headers", ("anthropic-sdk", "claude-code"),
                   sources="src anthropic-sdk-python; doc code.claude.com env-vars"),
        ),
        competitions=(
            Competition(("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"),
                        ("anthropic-sdk", "claude-code"), "both-sent",
                        sources="src anthropic-sdk-python _client.py; obs Claude Code",
                        note="x-api-key and Authorization both go out and gateways may read "
                        "x-api-key first: set ANTHROPIC_API_KEY=\"\" when using a gateway token"),
        ),
        hosts=("api.anthropic.com",), hosts_sources="src anthropic-sdk-python _client.py",
        endpoints=(Endpoint("anthropic", "https://api.anthropic.com",
                            sources="src anthropic-sdk-python _client.py",
                            note="no /v1: the SDK and Claude Code append /v1/messages"),),
        auth=ANTHROPIC_KEY, auth_alternatives=(ANTHROPIC_BEARER, ANTHROPIC_OAUTH),
        probes=(
            Probe("GET", "/v1/models", "anthropic", rules=(
                OutcomeRule(402, "error.type", r"^billing_error$", "no_credits"),
                OutcomeRule(400, "error.message", r"credit balance is too low", "no_credits",
                            "the older answer to an empty balance, still seen"),
                OutcomeRule(400, "error.message", r"only authorized for use with Claude Code",
                            "permission_denied", "a subscription token used outside Claude Code"),
                OutcomeRule(404, "", "", "invalid",
                            "trufflehog: a disabled or unknown key gets 404; a base URL ending "
                            "in /v1 does too (/v1/v1/models), so check the base first"),
            ), sources="src trufflehog anthropic.go; doc platform.claude.com api/errors; obs"),
            Probe("GET", "/v1/organizations/api_keys", "anthropic", key_kinds=("admin",),
                  sources="src trufflehog anthropic.go"),
        ),
        docs=(("API keys", "https://console.anthropic.com/settings/keys"),
              ("Errors", "https://platform.claude.com/docs/en/api/errors"),
              ("LLM gateways", "https://code.claude.com/docs/en/llm-gateway")),
    )


_SK = "a bare sk- key: OpenAI legacy, HiAPI, DeepSeek, LiteLLM and many relays look alike"


def _hiapi() -> Provider:
    return Provider(
        "hiapi", "HiAPI", "gateway", "own-keys",
        shapes=(KeyShape("api", "sk-", URLSAFE, 20, 200, 51, ambiguous=True, confidence="doc",
                         length_confidence="unconfirmed",
                         sources="doc docs.hiapi.ai (examples sk-your-api-key); length "
                         "UNCONFIRMED", note=_SK),),
        env=(_key("HIAPI_API_KEY", (), confidence="doc", sources="doc docs.hiapi.ai",
                  note="the name HiAPI's docs recommend; pass it to the OpenAI SDK as api_key "
                  "with base_url https://api.hiapi.ai/v1"),),
        hosts=("api.hiapi.ai",), hosts_sources="doc docs.hiapi.ai",
        endpoints=(Endpoint("openai", "https://api.hiapi.ai/v1", "doc", "doc docs.hiapi.ai"),),
        auth=replace(BEARER, confidence="doc", sources="doc docs.hiapi.ai/authentication"),
        probes=(Probe("GET", "/models", rules=(
            OutcomeRule(None, "error.code", r"^permission_denied$", "permission_denied",
                        "the key is valid but may not use this model"),
        ), confidence="unconfirmed",
            sources="UNCONFIRMED that /v1/models exists; error body obs hiapi.ai blog",
            note="documented routes are /v1/images/generations, /v1/chat/completions, "
            "/v1/tasks"),),
        docs=(("Authentication", "https://docs.hiapi.ai/authentication"),),
        note="mostly image and video generation behind an OpenAI-style API",
    )


def _unbound() -> Provider:
    script = "src websentry-ai/setup claude-code/gateway/setup_with_api_key.py"
    return Provider(
        "unbound", "Unbound", "gateway", "own-keys",
        env=(
            _key("UNBOUND_API_KEY", ("unbound-setup", "unbound-claude-code"), sources=script,
                 note="Unbound's script exports it and an apiKeyHelper echoes it to Claude Code"),
            _key("UNBOUND_CLAUDE_API_KEY", ("unbound-mdm",), confidence="obs",
                 sources="obs websentry-ai README (MDM variant)"),
            _key("UNBOUND_COPILOT_API_KEY", ("unbound-copilot-hook",), confidence="obs",
                 sources="obs"),
            _base("UNBOUND_GATEWAY_URL", (),
                  BaseUrl("anthropic", "optional", "https://api.getunbound.ai",
                          confidence="unconfirmed", sources="obs third-party tooling"),
                  confidence="obs", sources="obs third-party tooling"),
        ),
        hosts=("api.getunbound.ai",), hosts_sources=script,
        endpoints=(
            Endpoint("openai", "https://api.getunbound.ai/v1",
                     sources="src Roo-Code src/api/providers/unbound.ts"),
            Endpoint("anthropic", "https://api.getunbound.ai", sources=script,
                     note="for Claude Code: ANTHROPIC_BASE_URL without /v1"),
        ),
        auth=BEARER,
        probes=(
            Probe("GET", "/models", rules=(
                OutcomeRule(402, "", "", "no_credits", "UNCONFIRMED status"),
            ), sources=script + " (GET /v1/models with Bearer)",
                note="that a bad key gets 401 is implied by the script, UNCONFIRMED"),
            Probe("GET", "/v1/models", "anthropic", sources=script),
        ),
        docs=(("Get a key (Settings → API Keys)", "https://gateway.getunbound.ai"),),
        note="key format UNCONFIRMED; error body shape UNCONFIRMED",
    )


def _openrouter() -> Provider:
    return Provider(
        "openrouter", "OpenRouter", "gateway", "own-keys", all_keys_prefixed=True,
        shapes=(KeyShape("api", "sk-or-v1-", HEX, 69, 90, 73,
                         sources="src trufflehog openrouter.go (64 hex)"),),
        env=(
            _key("OPENROUTER_API_KEY", ("litellm", "aider"), sources="src litellm; doc aider"),
            _key("OR_API_KEY", ("litellm",), sources="src litellm"),
            _base("OPENROUTER_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://openrouter.ai/api/v1",
                          "/chat/completions", sources="src litellm"),
                  sources="src litellm"),
            EnvVar("OR_SITE_URL", "headers", ("litellm",), sources="src litellm",
                   note="header HTTP-Referer"),
            EnvVar("OR_APP_NAME", "headers", ("litellm",), sources="src litellm",
                   note="header X-Title"),
        ),
        hosts=("openrouter.ai",), hosts_sources="src litellm; doc openrouter.ai",
        endpoints=(
            Endpoint("openai", "https://openrouter.ai/api/v1", sources="src litellm"),
            Endpoint("anthropic", "https://openrouter.ai/api", "obs",
                     "obs OpenRouter cookbook for Claude Code",
                     note="https://openrouter.ai/anthropic answers HTML; /api/v1 doubles /v1"),
        ),
        auth=BEARER,
        probes=(
            Probe("GET", "/key", rules=(
                OutcomeRule(200, "data.limit_remaining", r"^(-.*|0(\.0+)?)$", "no_credits",
                            "the key's credit limit is used up"),
            ), sources="src trufflehog openrouter.go (GET /api/v1/key)",
                note="not /models: that list is public and answers 200 to any key"),
            Probe("GET", "/v1/key", "anthropic", sources="src trufflehog openrouter.go"),
        ),
        docs=(("API keys", "https://openrouter.ai/settings/keys"),
              ("Errors", "https://openrouter.ai/docs/errors")),
    )


def _groq() -> Provider:
    return Provider(
        "groq", "Groq", "provider", all_keys_prefixed=True,
        shapes=(KeyShape("api", "gsk_", ALNUM, 50, 70, 56,
                         sources="src trufflehog groq.go (52 chars)",
                         note="not xAI's Grok: swapped gsk_/xai- keys are a classic"),),
        env=(
            _key("GROQ_API_KEY", ("groq-python", "litellm"), sources="src groq-python _client.py"),
            _base("GROQ_BASE_URL", ("groq-python",),
                  BaseUrl("native", "omit", "https://api.groq.com", "/openai/v1/...",
                          sources="src groq-python _client.py"),
                  sources="src groq-python _client.py"),
            _base("GROQ_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://api.groq.com/openai/v1",
                          "/chat/completions", confidence="unconfirmed",
                          sources="UNCONFIRMED how litellm joins it"),
                  sources="src litellm"),
        ),
        hosts=("api.groq.com",), hosts_sources="src groq-python",
        endpoints=(
            Endpoint("native", "https://api.groq.com", sources="src groq-python _client.py",
                     note="the Groq SDK appends /openai/v1/..."),
            Endpoint("openai", "https://api.groq.com/openai/v1", sources="src trufflehog groq.go"),
        ),
        auth=BEARER,
        probes=(
            Probe("GET", "/openai/v1/models", "native", sources="src trufflehog groq.go"),
            Probe("GET", "/models", sources="src trufflehog groq.go"),
        ),
        docs=(("API keys", "https://console.groq.com/keys"),),
    )


def _mistral(codestral: bool) -> Provider:
    host = "codestral.mistral.ai" if codestral else "api.mistral.ai"
    shape = KeyShape("api", "", ALNUM, 28, 40, 32, ambiguous=True, confidence="unconfirmed",
                     length_confidence="unconfirmed", sources="UNCONFIRMED (32 alphanumerics)")
    probe = Probe("GET", "/models", confidence="unconfirmed" if codestral else "src",
                  sources="src litellm mistral" + (" (UNCONFIRMED for Codestral)" if codestral
                                                   else ""),
                  note="401 bodies seen: {\"detail\":\"Unauthorized\"}, "
                  "{\"message\":\"Unauthorized\"}")
    if codestral:
        return Provider(
            "codestral", "Mistral Codestral", "provider", shapes=(shape,),
            env=(
                _key("CODESTRAL_API_KEY", ("litellm",), sources="src litellm"),
                _base("CODESTRAL_API_BASE", ("litellm",),
                      BaseUrl("openai", "optional", "https://codestral.mistral.ai/v1",
                              confidence="unconfirmed", sources="UNCONFIRMED how litellm joins it"),
                      sources="src litellm"),
            ),
            hosts=(host,), hosts_sources="src litellm get_llm_provider_logic.py",
            endpoints=(Endpoint("openai", f"https://{host}/v1", sources="src litellm"),),
            auth=BEARER, probes=(probe,),
            docs=(("Codestral key", "https://console.mistral.ai/codestral"),),
            note="a separate endpoint with a separate key: a Codestral key gets 401 at "
            "api.mistral.ai and the other way round (obs)",
        )
    return Provider(
        "mistral", "Mistral", "provider", shapes=(shape,),
        env=(
            _key("MISTRAL_API_KEY", ("litellm",), sources="src litellm"),
            _key("MISTRAL_AZURE_API_KEY", ("litellm",), sources="src litellm",
                 note="Mistral models hosted on Azure"),
            _base("MISTRAL_AZURE_API_BASE", ("litellm",),
                  BaseUrl("openai", "optional", confidence="unconfirmed",
                          sources="UNCONFIRMED how litellm joins it"),
                  sources="src litellm"),
        ),
        hosts=(host,), hosts_sources="src litellm mistral/chat/transformation.py",
        endpoints=(Endpoint("openai", f"https://{host}/v1", sources="src litellm",
                            note="litellm adds /v1 when it is missing"),),
        auth=BEARER, probes=(probe,),
        docs=(("API keys", "https://console.mistral.ai/api-keys"),),
        note="new keys can take a few minutes to work (obs); 402 behaviour UNCONFIRMED",
    )


def _gemini() -> Provider:
    genai = "src python-genai _api_client.py"
    return Provider(
        "gemini", "Google Gemini (AI Studio)", "provider", all_keys_prefixed=True,
        shapes=(KeyShape("api", "AIza", URLSAFE, 37, 45, 39,
                         sources="src gitleaks gcp-api-key; trufflehog googlegemini.go",
                         note="the generic Google Cloud API key format (Maps, Firebase...): "
                         "a valid key may have no Gemini access"),),
        env=(
            _key("GOOGLE_API_KEY", ("google-genai", "litellm"), sources=genai,
                 note="wins over GEMINI_API_KEY when both are set"),
            _key("GEMINI_API_KEY", ("google-genai", "litellm", "gemini-cli", "aider"),
                 sources=genai + "; obs gemini-cli"),
            _base("GOOGLE_GEMINI_BASE_URL", ("google-genai", "gemini-cli"),
                  BaseUrl("native", "omit", "https://generativelanguage.googleapis.com/",
                          "/v1beta/models/...", r"/v1(?:alpha|beta)?",
                          sources="src python-genai _base_url.py"),
                  sources="src python-genai _base_url.py",
                  note="Gemini CLI honoured it only in some auth modes before a 2026 fix (obs)"),
            _base("GEMINI_API_BASE", ("litellm",),
                  BaseUrl("native", "optional", confidence="unconfirmed",
                          sources="UNCONFIRMED how litellm joins it"),
                  sources="src litellm"),
        ),
        competitions=(
            Competition(("GOOGLE_API_KEY", "GEMINI_API_KEY"), ("google-genai", "litellm"),
                        "first-wins", sources=genai + "; litellm",
                        note="google-genai warns \"Both GOOGLE_API_KEY and GEMINI_API_KEY are "
                        "set. Using GOOGLE_API_KEY.\""),
        ),
        hosts=("generativelanguage.googleapis.com",), hosts_sources=genai,
        endpoints=(
            Endpoint("native", "https://generativelanguage.googleapis.com",
                     sources=genai, note="the SDK adds the version (v1beta)"),
            Endpoint("openai", "https://generativelanguage.googleapis.com/v1beta/openai",
                     "obs", "obs", note="takes the key as Authorization: Bearer"),
        ),
        auth=GOOGLE_KEY, auth_alternatives=(replace(BEARER, note="OpenAI-compatible endpoint"),),
        probes=(Probe("GET", "/v1beta/models", "native", rules=(
            OutcomeRule(400, "error.details.reason", r"^API_KEY_INVALID$", "invalid"),
            OutcomeRule(400, "error.message", r"API key not valid|API Key not found", "invalid"),
            OutcomeRule(403, "", "", "permission_denied",
                        "a valid Google key without Gemini (Generative Language API) access"),
        ), sources="src trufflehog googlegemini.go (200 valid, 403 no Gemini, 400 invalid); "
            "obs bodies"),),
        docs=(("API keys", "https://aistudio.google.com/app/apikey"),),
        note="gitleaks' and trufflehog's `gemini` detectors are for the Gemini crypto "
        "exchange, not Google",
    )


def _xai() -> Provider:
    credits = r"used all available credits|spending limit"
    return Provider(
        "xai", "xAI", "provider", all_keys_prefixed=True,
        shapes=(KeyShape("api", "xai-", "[A-Za-z0-9_]", 76, 100, 84,
                         sources="src trufflehog xai.go (80 chars)"),),
        env=(
            _key("XAI_API_KEY", ("litellm",), sources="src litellm"),
            _base("XAI_API_BASE", ("litellm",),
                  BaseUrl("openai", "optional", "https://api.x.ai", confidence="unconfirmed",
                          sources="src litellm default; UNCONFIRMED whether /v1 doubles"),
                  sources="src litellm"),
        ),
        hosts=("api.x.ai",), hosts_sources="src trufflehog xai.go; litellm",
        endpoints=(
            Endpoint("native", "https://api.x.ai", sources="src litellm (appends /v1/...)"),
            Endpoint("openai", "https://api.x.ai/v1", sources="src litellm"),
        ),
        auth=BEARER,
        probes=(Probe("GET", "/v1/api-key", "native", rules=(
            OutcomeRule(400, "error", r"incorrect api key", "invalid",
                        "xAI answers a wrong key with 400 and echoes its first and last 2 chars"),
            OutcomeRule(400, "", "", "invalid", "trufflehog treats 400 as invalid"),
            OutcomeRule(403, "error", credits, "no_credits"),
            OutcomeRule(429, "error", credits, "no_credits"),
        ), sources="src trufflehog xai.go; obs bodies"),),
        docs=(("Console", "https://console.x.ai"),),
    )


def _deepseek() -> Provider:
    return Provider(
        "deepseek", "DeepSeek", "provider",
        shapes=(KeyShape("api", "sk-", "[a-z0-9]", 32, 48, 35, ambiguous=True,
                         sources="src trufflehog deepseek.go (sk- + 32, only near the word "
                         "deepseek)", note=_SK),),
        env=(
            _key("DEEPSEEK_API_KEY", ("litellm", "aider"), sources="src litellm; doc aider"),
            _base("DEEPSEEK_API_BASE", ("litellm",),
                  BaseUrl("openai", "optional", "https://api.deepseek.com/beta",
                          sources="src litellm"),
                  sources="src litellm"),
        ),
        hosts=("api.deepseek.com",), hosts_sources="src trufflehog deepseek.go",
        endpoints=(
            Endpoint("openai", "https://api.deepseek.com", sources="src litellm",
                     note="/v1 is optional"),
            Endpoint("anthropic", "https://api.deepseek.com/anthropic", "unconfirmed",
                     "UNCONFIRMED"),
        ),
        auth=BEARER,
        probes=(Probe("GET", "https://api.deepseek.com/user/balance", rules=(
            OutcomeRule(200, "is_available", r"^false$", "no_credits"),
        ), sources="src trufflehog deepseek.go; doc api-docs.deepseek.com error codes",
            note="tells a zero balance without spending anything"),),
        docs=(("API keys", "https://platform.deepseek.com/api_keys"),
              ("Error codes", "https://api-docs.deepseek.com/quick_start/error_codes")),
    )


def _together() -> Provider:
    return Provider(
        "together", "Together AI", "provider",
        shapes=(
            KeyShape("api", "tgp_v1_", URLSAFE, 44, 80, 50, confidence="obs",
                     length_confidence="obs", sources="obs public examples (43 chars after "
                     "the prefix)"),
            KeyShape("legacy", "", HEX, 60, 70, 64, ambiguous=True, confidence="unconfirmed",
                     length_confidence="unconfirmed", sources="UNCONFIRMED (64 hex)"),
        ),
        env=(
            _key("TOGETHER_API_KEY", ("together-python", "litellm"),
                 sources="src together-python client.py"),
            _key("TOGETHER_AI_API_KEY", ("litellm",), sources="src litellm"),
            _key("TOGETHERAI_API_KEY", ("litellm",), sources="src litellm"),
            _key("TOGETHER_AI_TOKEN", ("litellm",), sources="src litellm"),
            _base("TOGETHER_BASE_URL", ("together-python",),
                  BaseUrl("openai", "include", "https://api.together.xyz/v1",
                          "/chat/completions", sources="src together-python constants.py"),
                  sources="src together-python client.py"),
            _base("TOGETHER_AI_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://api.together.xyz/v1",
                          confidence="unconfirmed", sources="UNCONFIRMED how litellm joins it"),
                  sources="src litellm"),
        ),
        hosts=("api.together.xyz", "api.together.ai"), hosts_sources="src together-python",
        endpoints=(Endpoint("openai", "https://api.together.xyz/v1",
                            sources="src together-python constants.py"),),
        auth=BEARER,
        probes=(Probe("GET", "/models", confidence="doc", sources="doc",
                      note="401 body UNCONFIRMED"),),
        docs=(("API keys", "https://api.together.ai/settings/api-keys"),),
    )


def _fireworks() -> Provider:
    return Provider(
        "fireworks", "Fireworks AI", "provider",
        shapes=(KeyShape("api", "fw_", URLSAFE, 20, 80, 36, confidence="obs",
                         length_confidence="unconfirmed",
                         sources="obs public examples (about 33 chars after the prefix)"),),
        env=(
            _key("FIREWORKS_API_KEY", ("litellm",), sources="src litellm"),
            _key("FIREWORKS_AI_API_KEY", ("litellm",), sources="src litellm"),
            _key("FIREWORKSAI_API_KEY", ("litellm",), sources="src litellm"),
            _key("FIREWORKS_AI_TOKEN", ("litellm",), sources="src litellm"),
            _base("FIREWORKS_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://api.fireworks.ai/inference/v1",
                          "/chat/completions", sources="src litellm"),
                  sources="src litellm"),
            EnvVar("FIREWORKS_ACCOUNT_ID", "account", ("litellm",), sources="src litellm"),
        ),
        hosts=("api.fireworks.ai",), hosts_sources="src litellm",
        endpoints=(Endpoint("openai", "https://api.fireworks.ai/inference/v1",
                            sources="src litellm fireworks_ai/chat/transformation.py"),),
        auth=BEARER,
        probes=(Probe("GET", "/models", confidence="unconfirmed",
                      sources="UNCONFIRMED (litellm lists /v1/accounts/{id}/models)"),),
        docs=(("API keys", "https://fireworks.ai/account/api-keys"),),
    )


def _perplexity() -> Provider:
    return Provider(
        "perplexity", "Perplexity", "provider", all_keys_prefixed=True,
        shapes=(KeyShape("api", "pplx-", ALNUM, 50, 64, 53,
                         sources="src gitleaks perplexity-api-key (48 chars)"),),
        env=(
            _key("PERPLEXITY_API_KEY", ("litellm",), sources="src litellm"),
            _key("PERPLEXITYAI_API_KEY", ("litellm",), sources="src litellm",
                 note="litellm checks it before PERPLEXITY_API_KEY"),
            _base("PERPLEXITY_API_BASE", ("litellm",),
                  BaseUrl("openai", "omit", "https://api.perplexity.ai", "/chat/completions",
                          confidence="unconfirmed",
                          sources="src litellm default (no /v1); UNCONFIRMED that /v1 breaks"),
                  sources="src litellm"),
        ),
        competitions=(
            Competition(("PERPLEXITYAI_API_KEY", "PERPLEXITY_API_KEY"), ("litellm",),
                        "first-wins", sources="src litellm"),
        ),
        hosts=("api.perplexity.ai",), hosts_sources="src litellm",
        endpoints=(Endpoint("openai", "https://api.perplexity.ai", sources="src litellm",
                            note="no /v1"),),
        auth=BEARER,
        probes=(Probe("GET", "/router/v1/models", rules=(
            OutcomeRule(200, "", "", "unknown", "UNCONFIRMED that this list checks the key"),
        ), confidence="unconfirmed",
            sources="doc docs.perplexity.ai gateway-models-get; auth behaviour UNCONFIRMED",
            note="no classic /models list; a 1-token chat completion is the billable fallback"),),
        docs=(("API keys", "https://www.perplexity.ai/settings/api"),),
    )


def _cohere() -> Provider:
    sdk = "src cohere-python client.py, base_client.py"
    return Provider(
        "cohere", "Cohere", "provider",
        shapes=(KeyShape("api", "", ALNUM, 38, 44, 40, ambiguous=True,
                         sources="src gitleaks cohere-api-token (40 chars, only near cohere or "
                         "CO_API_KEY)"),),
        env=(
            _key("CO_API_KEY", ("cohere-python",), sources=sdk),
            _key("COHERE_API_KEY", ("cohere-python", "litellm"), sources=sdk,
                 note="the SDK's fallback when CO_API_KEY is unset"),
            _base("CO_API_URL", ("cohere-python",),
                  BaseUrl("native", "omit", "https://api.cohere.com", "/v1/..., /v2/...",
                          sources="src cohere-python environment.py"),
                  sources="src cohere-python environment.py"),
        ),
        competitions=(
            Competition(("CO_API_KEY", "COHERE_API_KEY"), ("cohere-python",), "first-wins",
                        sources=sdk),
        ),
        hosts=("api.cohere.com", "api.cohere.ai"), hosts_sources="src cohere-python",
        endpoints=(Endpoint("native", "https://api.cohere.com",
                            sources="src cohere-python environment.py",
                            note="older base https://api.cohere.ai"),),
        auth=BEARER,
        probes=(Probe("POST", "/v1/check-api-key", "native", rules=(
            OutcomeRule(200, "valid", r"^false$", "invalid"),
        ), sources="src cohere-python raw_base_client.py (returns {\"valid\": bool})"),),
        docs=(("API keys", "https://dashboard.cohere.com/api-keys"),),
    )


def _azure() -> Provider:
    sdk = "src openai-python lib/azure.py"
    return Provider(
        "azure-openai", "Azure OpenAI", "provider",
        shapes=(
            KeyShape("api", "", "[0-9a-fA-F]", 32, 32, 32, ambiguous=True,
                     sources="src trufflehog azure_openai.go (needs *.openai.azure.com nearby)",
                     note="128 bits in hex: the length is exact by construction"),
            KeyShape("api-cask", "", URLSAFE, 80, 90, 84, marker="JQQJ99", ambiguous=True,
                     confidence="unconfirmed", length_confidence="unconfirmed",
                     sources="UNCONFIRMED for Azure OpenAI (microsoft/security-utilities "
                     "SEC101/200 annotated key)"),
        ),
        env=(
            _key("AZURE_OPENAI_API_KEY", ("openai-python", "codex", "aider"), sources=sdk),
            _key("AZURE_OPENAI_AD_TOKEN", ("openai-python",), auth=BEARER, sources=sdk,
                 note="a Microsoft Entra token, not an API key"),
            _key("AZURE_API_KEY", ("litellm", "aider"), confidence="doc",
                 sources="doc aider.chat llms/azure", note="litellm's name for the same key"),
            _base("AZURE_OPENAI_ENDPOINT", ("openai-python",),
                  BaseUrl("native", "omit", "https://{resource}.openai.azure.com",
                          "/openai/deployments/{deployment}/...", r"/openai(?:/.*)?",
                          sources=sdk),
                  sources=sdk),
            _base("AZURE_API_BASE", ("litellm", "aider"),
                  BaseUrl("native", "optional", "https://{resource}.openai.azure.com",
                          confidence="unconfirmed", sources="UNCONFIRMED how litellm joins it"),
                  confidence="doc", sources="doc aider.chat llms/azure"),
            EnvVar("OPENAI_API_VERSION", "api_version", ("openai-python",), sources=sdk,
                   note="required by AzureOpenAI"),
            EnvVar("AZURE_API_VERSION", "api_version", ("litellm", "aider"), confidence="doc",
                   sources="doc aider.chat llms/azure"),
        ),
        hosts=("*.openai.azure.com",), hosts_sources="src trufflehog azure_openai.go",
        endpoints=(Endpoint("native", "https://{resource}.openai.azure.com", sources=sdk,
                            note="the SDK appends /openai; every request needs ?api-version="),),
        auth=AZURE_KEY, auth_alternatives=(replace(BEARER, note="Microsoft Entra token"),),
        probes=(Probe("GET", "/openai/deployments?api-version=2023-03-15-preview", "native",
                      sources="src trufflehog azure_openai.go",
                      note="an old preview api-version; a newer read-only call is "
                      "UNCONFIRMED. A resource that does not exist fails DNS"),),
        docs=(("Keys and Endpoint (Azure portal)", "https://portal.azure.com"),),
        note="litellm and aider read AZURE_API_*, the SDK and Codex AZURE_OPENAI_*",
    )


def _huggingface() -> Provider:
    hub = "src huggingface_hub constants.py"
    return Provider(
        "huggingface", "Hugging Face", "provider", all_keys_prefixed=True,
        shapes=(
            KeyShape("api", "hf_", ALNUM, 34, 48, 37,
                     sources="src gitleaks (34 letters); trufflehog huggingface.go (digits too)"),
            KeyShape("org-token", "api_org_", ALNUM, 20, 60, 42,
                     length_confidence="unconfirmed", sources="src gitleaks (prefix)"),
        ),
        env=(
            _key("HF_TOKEN", ("huggingface_hub",), confidence="obs", sources="obs, widely used"),
            _key("HUGGING_FACE_HUB_TOKEN", ("huggingface_hub",), legacy_in=("huggingface_hub",),
                 replacement="HF_TOKEN", confidence="obs", sources="obs",
                 note="the old spelling; HF_TOKEN is the one to set"),
            _key("HUGGINGFACE_API_KEY", ("litellm",), confidence="unconfirmed",
                 sources="UNCONFIRMED"),
            _base("HF_ENDPOINT", ("huggingface_hub",),
                  BaseUrl("native", "omit", "https://huggingface.co", "/api/...", sources=hub),
                  sources=hub),
            _base("HF_INFERENCE_ENDPOINT", ("huggingface_hub",),
                  BaseUrl("native", "omit", "https://api-inference.huggingface.co", sources=hub),
                  legacy_in=("huggingface_hub",), sources=hub,
                  note="the serverless Inference API gave way to router.huggingface.co"),
        ),
        hosts=("huggingface.co", "router.huggingface.co", "api-inference.huggingface.co"),
        hosts_sources=hub,
        endpoints=(
            Endpoint("native", "https://huggingface.co", sources=hub),
            Endpoint("openai", "https://router.huggingface.co/v1", "unconfirmed", "UNCONFIRMED",
                     note="Inference Providers; per provider https://router.huggingface.co/"
                     "{provider}"),
        ),
        auth=BEARER,
        probes=(Probe("GET", "https://huggingface.co/api/whoami-v2",
                      sources="src trufflehog huggingface.go",
                      note="200 tells the token's role (read, write, fineGrained); a token "
                      "without the Inference permission gets 403 on inference (obs)"),),
        docs=(("Access tokens", "https://huggingface.co/settings/tokens"),),
    )


def _replicate() -> Provider:
    sdk = "src replicate-python client.py"
    return Provider(
        "replicate", "Replicate", "provider",
        shapes=(KeyShape("api", "r8_", URLSAFE, 38, 50, 40,
                         sources="src trufflehog replicate.go (37 chars)"),),
        env=(
            _key("REPLICATE_API_TOKEN", ("replicate-python",), sources=sdk),
            _key("REPLICATE_API_KEY", ("litellm",), confidence="obs", sources="obs"),
            _base("REPLICATE_BASE_URL", ("replicate-python",),
                  BaseUrl("native", "omit", "https://api.replicate.com", "/v1/...", sources=sdk),
                  sources=sdk),
        ),
        hosts=("api.replicate.com",), hosts_sources=sdk,
        endpoints=(Endpoint("native", "https://api.replicate.com", sources=sdk),),
        auth=BEARER,
        auth_alternatives=(Auth("token", (("Authorization", "Token {key}"),),
                                sources="src trufflehog replicate.go", note="legacy, accepted"),),
        probes=(Probe("GET", "/v1/account", "native", sources="src replicate-python account.py",
                      note="402 on exhausted credit is UNCONFIRMED"),),
        docs=(("API tokens", "https://replicate.com/account/api-tokens"),),
    )


def _nvidia() -> Provider:
    return Provider(
        "nvidia", "NVIDIA NIM", "provider",
        shapes=(KeyShape("api", "nvapi-", URLSAFE, 66, 84, 70,
                         sources="src trufflehog nvapi.go (64 chars)"),),
        env=(
            _key("NVIDIA_NIM_API_KEY", ("litellm",), sources="src litellm"),
            _base("NVIDIA_NIM_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://integrate.api.nvidia.com/v1",
                          "/chat/completions", sources="src litellm"),
                  sources="src litellm"),
        ),
        hosts=("integrate.api.nvidia.com", "api.ngc.nvidia.com"),
        hosts_sources="src litellm; trufflehog nvapi.go",
        endpoints=(Endpoint("openai", "https://integrate.api.nvidia.com/v1",
                            sources="src litellm"),),
        auth=BEARER,
        probes=(Probe("POST", "https://api.ngc.nvidia.com/v3/keys/get-caller-info",
                      confidence="unconfirmed",
                      sources="src trufflehog nvapi.go (URL); headers and body UNCONFIRMED"),),
        docs=(("API keys", "https://build.nvidia.com"),),
    )


def _cerebras() -> Provider:
    return Provider(
        "cerebras", "Cerebras", "provider",
        env=(
            _key("CEREBRAS_API_KEY", ("litellm",), sources="src litellm"),
            _base("CEREBRAS_API_BASE", ("litellm",),
                  BaseUrl("openai", "include", "https://api.cerebras.ai/v1",
                          "/chat/completions", sources="src litellm get_llm_provider_logic.py"),
                  sources="src litellm"),
        ),
        hosts=("api.cerebras.ai",), hosts_sources="src litellm get_llm_provider_logic.py",
        endpoints=(Endpoint("openai", "https://api.cerebras.ai/v1", sources="src litellm"),),
        auth=BEARER,
        probes=(Probe("GET", "/models", confidence="unconfirmed",
                      sources="UNCONFIRMED that it checks the key"),),
        docs=(("Cloud console", "https://cloud.cerebras.ai"),),
        note="key format UNCONFIRMED",
    )


def _aihubmix() -> Provider:
    return Provider(
        "aihubmix", "AIHubMix", "gateway", "own-keys",
        shapes=(KeyShape("api", "sk-", URLSAFE, 20, 200, 51, ambiguous=True,
                         confidence="unconfirmed", length_confidence="unconfirmed",
                         sources="UNCONFIRMED (relays mostly issue sk- keys)", note=_SK),),
        env=(_key("AIHUBMIX_API_KEY", ("litellm",),
                  sources="src litellm llms/openai_like/providers.json"),),
        hosts=("aihubmix.com",), hosts_sources="src litellm providers.json",
        endpoints=(
            Endpoint("openai", "https://aihubmix.com/v1", sources="src litellm providers.json"),
            Endpoint("anthropic", "https://aihubmix.com", "obs", "obs Claude Code guides",
                     note="reads x-api-key before Authorization when both are sent"),
        ),
        auth=BEARER,
        probes=(Probe("GET", "/models", confidence="unconfirmed", sources="UNCONFIRMED"),),
        docs=(("Site", "https://aihubmix.com"),),
    )


def _litellm() -> Provider:
    return Provider(
        "litellm", "LiteLLM proxy", "gateway", "own-keys", self_hosted=True,
        shapes=(KeyShape("virtual", "sk-", URLSAFE, 4, 256, 25, ambiguous=True,
                         confidence="doc", length_confidence="unconfirmed",
                         sources="doc docs.litellm.ai (sk-1234, sk-litellm-...)",
                         note="virtual and master keys are sk-... by convention; a master key "
                         "can be any string"),),
        env=(
            _key("LITELLM_PROXY_API_KEY", ("litellm",), sources="src litellm"),
            _base("LITELLM_PROXY_API_BASE", ("litellm",),
                  BaseUrl("openai", "optional", appends="/chat/completions", confidence="doc",
                          sources="doc: the proxy serves /v1/... and /... alike"),
                  sources="src litellm"),
        ),
        endpoints=(
            Endpoint("openai", "{proxy}", "doc", "doc", note="e.g. http://localhost:4000"),
            Endpoint("anthropic", "{proxy}", "doc", "doc docs.litellm.ai Claude Code",
                     note="or {proxy}/anthropic; with ANTHROPIC_AUTH_TOKEN=<virtual key>"),
        ),
        auth=BEARER,
        probes=(
            Probe("GET", "/models", confidence="doc", sources="doc"),
            Probe("GET", "/v1/models", "anthropic", confidence="doc", sources="doc"),
        ),
        docs=(("Virtual keys", "https://docs.litellm.ai/docs/proxy/virtual_keys"),),
        note="self-hosted: its operator decides which keys it takes (virtual keys, a master "
        "key, or the client's own provider key)",
    )


def _portkey() -> Provider:
    return Provider(
        "portkey", "Portkey", "gateway", "passthrough",
        env=(
            _key("PORTKEY_API_KEY", ("librechat",), confidence="doc",
                 sources="doc LibreChat; Portkey-AI/docs api-reference/headers.md"),
            _key("PORTKEY_VIRTUAL_KEY", ("librechat",),
                 auth=Auth("x-portkey-virtual-key", (("x-portkey-virtual-key", "{key}"),),
                           confidence="doc", sources="doc Portkey headers"),
                 confidence="doc", sources="doc LibreChat"),
            _base("PORTKEY_GATEWAY_URL", ("librechat",),
                  BaseUrl("openai", "include", "https://api.portkey.ai/v1", "/chat/completions",
                          confidence="doc", sources="doc"),
                  confidence="doc", sources="doc LibreChat"),
        ),
        hosts=("api.portkey.ai",), hosts_sources="doc Portkey",
        endpoints=(Endpoint("openai", "https://api.portkey.ai/v1", "doc", "doc"),),
        auth=Auth("x-portkey-api-key", (("x-portkey-api-key", "{key}"),), confidence="doc",
                  sources="doc Portkey-AI/docs api-reference/headers.md",
                  note="plus the provider's own auth header, x-portkey-virtual-key or "
                  "x-portkey-config"),
        docs=(("Headers", "https://portkey.ai/docs/api-reference/inference-api/headers"),),
        note="hosted Portkey takes its own key plus the provider's key; the self-hosted "
        "gateway carries the provider's key in x-portkey-api-key. Key format UNCONFIRMED",
    )


def _helicone(proxy: bool) -> Provider:
    if proxy:
        return Provider(
            "helicone-proxy", "Helicone proxy (legacy)", "gateway", "passthrough",
            hosts=("oai.helicone.ai",), hosts_sources="UNCONFIRMED",
            endpoints=(Endpoint("openai", "https://oai.helicone.ai/v1", "unconfirmed",
                                "UNCONFIRMED"),),
            auth=Auth("helicone-auth", (("Helicone-Auth", "Bearer {key}"),),
                      confidence="unconfirmed", sources="UNCONFIRMED",
                      note="the Helicone key, next to the provider's own key"),
            docs=(("Docs", "https://docs.helicone.ai"),),
            note="forwards the provider's key; the Helicone key rides in Helicone-Auth",
        )
    return Provider(
        "helicone", "Helicone AI Gateway", "gateway", "own-keys",
        shapes=(KeyShape("api", "sk-helicone-", URLSAFE, 16, 200, 60, confidence="doc",
                         length_confidence="unconfirmed", sources="doc example"),),
        env=(_key("HELICONE_API_KEY", ("llama-index", "litellm"),
                  sources="src llama-index; doc litellm providers.json"),),
        hosts=("ai-gateway.helicone.ai",), hosts_sources="doc",
        endpoints=(Endpoint("openai", "https://ai-gateway.helicone.ai/v1", "doc", "doc"),),
        auth=replace(BEARER, confidence="doc", sources="doc"),
        docs=(("Docs", "https://docs.helicone.ai"),),
        note="the account needs credits for gateway use (doc)",
    )


def _cloudflare() -> Provider:
    gateway = "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}"
    return Provider(
        "cloudflare-ai-gateway", "Cloudflare AI Gateway", "gateway", "passthrough",
        shapes=(KeyShape("api-token", "", URLSAFE, 38, 48, 40, ambiguous=True,
                         sources="src gitleaks cloudflare-api-key (40 chars near the word "
                         "cloudflare)"),),
        env=(
            _key("CLOUDFLARE_AI_GATEWAY_API_KEY", ("openclaw",), key_kinds=("api-token",),
                 confidence="doc", sources="doc OpenClaw",
                 note="the gateway's own token, sent as cf-aig-authorization"),
            EnvVar("CLOUDFLARE_ACCOUNT_ID", "account", ("promptfoo",), confidence="doc",
                   sources="doc promptfoo"),
            EnvVar("CLOUDFLARE_GATEWAY_ID", "account", ("promptfoo",), confidence="doc",
                   sources="doc promptfoo"),
        ),
        hosts=("gateway.ai.cloudflare.com", "api.cloudflare.com"),
        hosts_sources="doc developers.cloudflare.com ai-gateway; src trufflehog",
        endpoints=(
            Endpoint("openai", gateway + "/openai", "doc", "doc"),
            Endpoint("anthropic", gateway + "/anthropic", "doc", "doc"),
            Endpoint("native", gateway + "/google-ai-studio", "doc", "doc",
                     note="Google AI Studio needs /v1beta appended"),
        ),
        auth=Auth("cf-aig-authorization", (("cf-aig-authorization", "Bearer {key}"),),
                  confidence="doc", sources="doc",
                  note="only authenticated gateways need it; the provider's key goes in the "
                  "provider's usual header"),
        probes=(Probe("GET", "https://api.cloudflare.com/client/v4/user/tokens/verify",
                      key_kinds=("api-token",), auth=BEARER,
                      sources="src trufflehog cloudflareapitoken",
                      note="checks the Cloudflare token only; an upstream key is probed with "
                      "its own provider's probe through the gateway base"),),
        docs=(("AI Gateway", "https://developers.cloudflare.com/ai-gateway/"),),
    )


def _vercel() -> Provider:
    return Provider(
        "vercel-ai-gateway", "Vercel AI Gateway", "gateway", "own-keys",
        env=(
            _key("AI_GATEWAY_API_KEY", ("ai-sdk",), confidence="doc", sources="doc Vercel"),
            _key("VERCEL_AI_GATEWAY_API_KEY", ("litellm",), confidence="doc",
                 sources="doc litellm"),
            _key("VERCEL_OIDC_TOKEN", ("ai-sdk",), confidence="doc", sources="doc Vercel",
                 note="an OIDC token instead of an API key"),
        ),
        hosts=("ai-gateway.vercel.sh",), hosts_sources="doc litellm",
        endpoints=(Endpoint("openai", "https://ai-gateway.vercel.sh/v1", "doc", "doc litellm"),),
        auth=replace(BEARER, confidence="doc", sources="doc"),
        probes=(Probe("GET", "/models", rules=(
            OutcomeRule(200, "", "", "unknown", "UNCONFIRMED that the list checks the key"),
        ), confidence="unconfirmed", sources="doc (/models exists); auth UNCONFIRMED"),),
        docs=(("AI Gateway", "https://vercel.com/docs/ai-gateway"),),
        note="key format UNCONFIRMED",
    )


def _langfuse() -> Provider:
    shape = KeyShape("secret", "sk-lf-", "[0-9a-f-]", 40, 50, 42,
                     sources="src trufflehog langfuse (a UUID after the prefix)")
    unlisted = "UNCONFIRMED (not in the research notes; Langfuse SDK convention)"
    return Provider(
        "langfuse", "Langfuse", "service", all_keys_prefixed=True,
        shapes=(shape, replace(shape, kind="public", prefix="pk-lf-")),
        env=(
            _key("LANGFUSE_SECRET_KEY", ("langfuse",), key_kinds=("secret",),
                 confidence="unconfirmed", sources=unlisted),
            _key("LANGFUSE_PUBLIC_KEY", ("langfuse",), key_kinds=("public",),
                 confidence="unconfirmed", sources=unlisted),
        ),
        docs=(("Docs", "https://langfuse.com/docs"),),
        note="LLM observability, not an LLM API: its sk-lf- keys open no model",
    )


@functools.cache
def _builtin_providers() -> tuple[Provider, ...]:
    """Every built-in provider in docs order, built on first use (import stays cheap)."""
    return (
        _openai(), _anthropic(), _hiapi(), _unbound(), _openrouter(), _groq(),
        _mistral(codestral=False), _mistral(codestral=True), _gemini(), _xai(), _deepseek(),
        _together(), _fireworks(), _perplexity(), _cohere(), _azure(), _huggingface(),
        _replicate(), _nvidia(), _cerebras(), _aihubmix(), _litellm(), _portkey(),
        _helicone(proxy=False), _helicone(proxy=True), _cloudflare(), _vercel(), _langfuse(),
    )


# --- Lookups ------------------------------------------------------------------------------


class Registry:
    """Providers with the indexes every lookup needs, built once per set of providers.

    Lookups are dictionary hits: attribution tries one slice per distinct prefix length,
    host lookup one hit per label.
    """

    __slots__ = ("_ambiguous", "_any_prefix", "_by_id", "_env", "_env_names", "_hosts",
                 "_known_hosts", "_patterns", "_prefix_lengths", "_prefixes", "_providers")

    def __init__(self, providers: Iterable[Provider]) -> None:
        self._providers = tuple(providers)
        self._by_id: dict[str, Provider] = {}
        self._prefixes: dict[str, list[tuple[Provider, KeyShape]]] = {}
        self._env: dict[str, EnvVarInfo] = {}
        self._hosts: dict[str, Provider] = {}
        self._patterns: dict[str, Provider] = {}
        for provider in self._providers:
            _claim(self._by_id, provider.id, provider, "provider id")
            for shape in provider.shapes:
                if shape.prefix:
                    self._prefixes.setdefault(shape.prefix, []).append((provider, shape))
            for var in provider.env:
                competing = tuple(c for c in provider.competitions if var.name in c.names)
                _claim(self._env, var.name, EnvVarInfo(provider, var, competing), "variable")
            for host in provider.hosts:
                if host.startswith("*."):
                    _claim(self._patterns, host[2:], provider, "host")
                else:
                    _claim(self._hosts, host, provider, "host")
        self._prefix_lengths = tuple(sorted({len(p) for p in self._prefixes}, reverse=True))
        self._any_prefix = re.compile("|".join(re.escape(p) for p in sorted(self._prefixes)))
        self._ambiguous = {
            prefix: KeyShape("api", prefix, URLSAFE, len(prefix) + 1, 512, 51, ambiguous=True,
                             confidence="unconfirmed", length_confidence="unconfirmed",
                             note="shared by several services")
            for prefix in self._prefixes
        }
        self._env_names = frozenset(self._env)
        self._known_hosts = sorted([*self._hosts, *(f"*.{p}" for p in self._patterns)])

    def providers(self) -> tuple[Provider, ...]:
        return self._providers

    def mentions_key_prefix(self, text: str) -> bool:
        """Whether a known key prefix occurs anywhere in `text` (a cheap over-approximation
        of "may hold a key", however it is quoted, escaped or prefixed)."""
        return self._any_prefix.search(text) is not None

    def get(self, provider_id: str) -> Provider | None:
        return self._by_id.get(provider_id)

    def attribute_key(self, value: str) -> KeyMatch | None:
        """Which provider a key value belongs to, by its most specific prefix.

        The longest matching prefix decides (sk-ant-oat01- before sk-ant-; sk-or-v1-,
        sk-proj-, sk-lf-, sk-helicone- before a bare sk-). When several providers share that
        prefix, a shape whose marker occurs in the value wins (T3BlbkFJ makes a bare sk- key
        OpenAI's); otherwise the match is ambiguous: no provider, every sharer a candidate.
        A prefix claimed by one provider alone attributes even without its marker, so that
        check_shape can report the marker missing (a corrupted sk-proj- key). The value is
        taken as given: whitespace or quotes around it show up as check_shape bad characters.
        None when no known prefix starts the value, or nothing follows the prefix.
        """
        for length in self._prefix_lengths:
            if len(value) <= length:
                continue
            entries = self._prefixes.get(value[:length])
            if entries:
                return self._resolve(value, value[:length], entries)
        return None

    def _resolve(
        self, value: str, prefix: str, entries: list[tuple[Provider, KeyShape]]
    ) -> KeyMatch:
        body = value[len(prefix):]
        owners = tuple(dict.fromkeys(provider.id for provider, _ in entries))
        for provider, shape in entries:
            if shape.marker and shape.marker in body:
                return KeyMatch(provider.id, shape, True, (provider.id,))
        specific = [(p, s) for p, s in entries if not s.ambiguous]
        if len(owners) == 1 and specific:
            provider, shape = specific[0]
            return KeyMatch(provider.id, shape, True, owners)
        return KeyMatch(None, self._ambiguous[prefix], False, owners)

    def match_for_provider(self, provider_id: str, value: str) -> KeyMatch | None:
        """The shape `value` should have if it is `provider_id`'s key (known from context,
        such as the variable COHERE_API_KEY), for check_shape on keys without a prefix.

        Prefixed shapes are tried first (longest prefix, marker present), then prefixless
        ones, preferring the one whose length range holds the value. None when the provider
        has no shapes, or only prefixed ones and the value starts with none of them: then
        it is not shaped like this provider's key at all (attribute_key may know whose it is).
        """
        provider = self._by_id.get(provider_id)
        if provider is None or not provider.shapes:
            return None
        prefixed = sorted(
            (s for s in provider.shapes if s.prefix and value.startswith(s.prefix)),
            key=lambda s: (-len(s.prefix), not (s.marker and s.marker in value)),
        )
        if prefixed:
            shape = prefixed[0]
            owners = tuple(dict.fromkeys(p.id for p, _ in self._prefixes.get(shape.prefix, ())))
            certain = not shape.ambiguous and owners == (provider.id,)
            return KeyMatch(provider.id, shape, certain, owners or (provider.id,))
        bare = [s for s in provider.shapes if not s.prefix]
        if not bare:
            return None
        shape = next((s for s in bare if s.min_length <= len(value) <= s.max_length), bare[0])
        return KeyMatch(provider.id, shape, False, (provider.id,))

    def provider_for_env(self, name: str) -> EnvVarInfo | None:
        """The provider and declaration of an environment variable (exact, case-sensitive
        like the environment itself). None for names no tool in the registry reads."""
        return self._env.get(name)

    def provider_for_host(self, host: str) -> Provider | None:
        """The provider serving a host: exact name first, then `*.` patterns (the most
        specific suffix wins; a pattern needs at least one label in front of it).

        Case-insensitive; a port, brackets, user info, a trailing dot or a whole URL are
        tolerated, so `MyRes.openai.azure.com:443` and `https://api.groq.com/openai/v1`
        both resolve.
        """
        name = _hostname(host)
        if not name:
            return None
        exact = self._hosts.get(name)
        if exact is not None:
            return exact
        labels = name.split(".")
        for start in range(1, len(labels)):
            found = self._patterns.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def known_hosts(self) -> list[str]:
        """Every host name the registry knows, sorted; patterns keep their `*.` (for typos)."""
        return list(self._known_hosts)

    def accepts_key(self, provider: Provider, key_match: KeyMatch | None) -> bool | None:
        """Whether `provider` takes this key: the check behind "key sent to the wrong host".

        True: the key is certainly the provider's own. False: the provider certainly
        rejects it (an OpenAI project key at api.hiapi.ai, an Anthropic key at Unbound, a
        bare sk- key at api.anthropic.com, whose keys all start with sk-ant-). None: cannot
        tell: no match, a passthrough gateway forwarding upstream keys, a self-hosted proxy,
        or an ambiguous key the provider may have issued. A False for an ambiguous key rests
        on attribution having found no longer prefix, so pass attribute_key's match.
        """
        if key_match is None or provider.gateway_mode == "passthrough" or provider.self_hosted:
            return None
        if key_match.certain and key_match.provider is not None:
            return key_match.provider == provider.id
        if provider.id in key_match.candidates or not key_match.shape.prefix:
            return None  # a prefixless match says nothing about which prefix the value has
        return False if provider.all_keys_prefixed else None

    def canonical_env_names(self) -> frozenset[str]:
        """Every variable name some SDK or tool in the registry reads (for "did you mean")."""
        return self._env_names

    @staticmethod
    def check_shape(value: str, match: KeyMatch) -> ShapeVerdict:
        """See the module-level check_shape: a verdict needs no registry state."""
        return check_shape(value, match)


def _claim(index: dict[str, Any], key: str, value: Any, what: str) -> None:
    """Index `value` under `key`; a second claim is a data error, not a silent override."""
    if key in index:
        raise ValueError(f"{what} {key!r} is declared twice")
    index[key] = value


def check_shape(value: str, match: KeyMatch) -> ShapeVerdict:
    """How `value` departs from `match.shape`: length outside the range (expected
    `min..max` vs actual), missing marker or suffix, a marker off-centre (characters lost
    at one end though the length is still in range), characters outside the charset (with
    their positions), or signs of a masked copy. See `ShapeVerdict.definite` before calling
    any of it proof."""
    shape = match.shape
    length = len(value)
    start = len(shape.prefix) if value.startswith(shape.prefix) else 0
    body = value[start:]
    found: dict[str, Any] = {}
    if shape.marker:
        at = body.find(shape.marker)
        if at < 0:
            found["missing_marker"] = True
        elif shape.marker_centered:
            after = len(body) - at - len(shape.marker)
            found["structure_length"] = start + 2 * at + len(shape.marker)
            found["marker_misplaced"] = after != at
    bad = [(start + m.start(), m.group()) for m in _outside(shape.charset).finditer(body)]
    return ShapeVerdict(
        shape=shape,
        length=length,
        too_short=length < shape.min_length,
        too_long=length > shape.max_length,
        missing_suffix=bool(shape.suffix) and not value.endswith(shape.suffix),
        bad_chars=tuple(bad[:32]),
        bad_char_count=len(bad),
        masked=any(c in value for c in "*•●…") or "..." in value,
        **found,
    )


def classify(probe: Probe, status: int, body: str) -> Outcome:
    """What a probe's HTTP response means (never "network": that is the caller's, when no
    response came). A 5xx is the server's problem whatever it says; an HTML page means the
    base URL points at a website, not an API; then the probe's rules, then GENERIC_RULES;
    any other 2xx is valid, anything else unknown."""
    if status >= 500:
        return "server_error"
    if _HTML.match(body):
        return "wrong_endpoint"
    import json

    try:
        data = json.loads(body) if body.strip()[:1] in ("{", "[") else None
    except ValueError:
        data = None
    for rule in (*probe.rules, *GENERIC_RULES):
        if rule.matches(status, body, data):
            return rule.outcome
    return "valid" if 200 <= status < 300 else "unknown"


def misplaced_endpoint(url: str) -> str | None:
    """The endpoint path a base URL wrongly ends with (`/chat/completions` pasted into
    OPENAI_BASE_URL), or None. Every SDK appends these paths itself."""
    path = _url_path(url).rstrip("/")
    return next((p for p in ENDPOINT_PATHS if path.endswith(p)), None)


# --- User providers from [tool.keylint] ---------------------------------------------------

_PROVIDER_KEYS = ("name", "hosts", "key-prefixes", "env", "base-url-env", "passthrough")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(rf"^(?:\*\.)?{_LABEL}(?:\.{_LABEL})*$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def from_config(extra: Mapping[str, Any], *, source: str = "") -> tuple[Provider, ...]:
    """The providers `[tool.keylint]` adds or changes (`Config.extra`).

    `[tool.keylint.providers.<id>]` declares a provider: `name`, `hosts = [...]` (`*.`
    patterns allowed), `key-prefixes = [...]`, `env = [...]` (key variables),
    `base-url-env = [...]`, `passthrough = true` for a gateway that forwards upstream keys.
    `[tool.keylint] hosts = {"llm.corp.example" = "openai"}` trusts extra hosts for an
    existing provider, returned as a copy of it with the hosts added. Bad input raises
    ConfigError naming the table and key: a typo here would otherwise hide the very
    mistakes keylint exists to catch.
    """
    where = f"{source}: " if source else ""
    builtin = _builtin()
    taken_hosts = {h: p.id for p in builtin.providers() for h in p.hosts}
    taken_env = {v.name: p.id for p in builtin.providers() for v in p.env}
    tables = extra.get("providers", {})
    if not isinstance(tables, Mapping):
        raise ConfigError(f"{where}[tool.keylint.providers] must be a table of "
                          "[tool.keylint.providers.<id>] tables")
    added: dict[str, Provider] = {}
    for pid, table in tables.items():
        added[pid] = _user_provider(str(pid), table, where, taken_hosts, taken_env)
    mapping = extra.get("hosts", {})
    if not isinstance(mapping, Mapping):
        raise ConfigError(f"{where}[tool.keylint] hosts must be a table such as "
                          "{\"llm.corp.example\" = \"openai\"}")
    changed: dict[str, Provider] = {}
    for raw_host, pid in mapping.items():
        host = _config_host(raw_host, f"{where}[tool.keylint] hosts")
        known = None
        if isinstance(pid, str):
            known = added.get(pid) or changed.get(pid) or builtin.get(pid)
        if known is None:
            from difflib import get_close_matches  # error path only: keep import cheap

            ids = [p.id for p in builtin.providers()] + list(added)
            close = get_close_matches(str(pid), ids, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{where}[tool.keylint] hosts.{raw_host!r}: unknown provider "
                              f"{pid!r}{hint}")
        if host in taken_hosts and taken_hosts[host] != pid:
            raise ConfigError(f"{where}[tool.keylint] hosts.{raw_host!r}: {host!r} already "
                              f"belongs to provider {taken_hosts[host]!r}")
        if host in known.hosts:
            continue
        taken_hosts[host] = pid
        updated = replace(known, hosts=(*known.hosts, host))
        (added if pid in added else changed)[pid] = updated
    return (*added.values(), *changed.values())


def _user_provider(
    pid: str, table: Any, where: str, taken_hosts: dict[str, str], taken_env: dict[str, str]
) -> Provider:
    at = f"{where}[tool.keylint.providers.{pid}]"
    if not _ID.match(pid):
        raise ConfigError(f"{at}: the id must be letters, digits, '-' or '_'")
    if _builtin().get(pid) is not None:
        raise ConfigError(f"{at}: {pid!r} is a built-in provider; choose another id, or trust "
                          f"more hosts for it with [tool.keylint] hosts = {{\"host\" = \"{pid}\"}}")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{at} must be a table (name, hosts, key-prefixes, env...)")
    unknown = sorted(set(table) - set(_PROVIDER_KEYS))
    if unknown:
        raise ConfigError(f"{at}: unknown key {unknown[0]!r} (known: {', '.join(_PROVIDER_KEYS)})")
    name = table.get("name", pid)
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{at} name: expected a non-empty string")
    passthrough = table.get("passthrough", False)
    if not isinstance(passthrough, bool):
        raise ConfigError(f"{at} passthrough: expected true or false")
    hosts = tuple(_config_host(h, f"{at} hosts") for h in _strings(table, "hosts", at))
    for host in hosts:
        if host in taken_hosts:
            raise ConfigError(f"{at} hosts: {host!r} already belongs to provider "
                              f"{taken_hosts[host]!r}")
        taken_hosts[host] = pid
    prefixes = _strings(table, "key-prefixes", at)
    for prefix in prefixes:
        if len(prefix) < 2 or any(c.isspace() for c in prefix):
            raise ConfigError(f"{at} key-prefixes: {prefix!r} is not a key prefix such as "
                              "\"corp-\" (2 or more characters, no spaces)")
    env: list[EnvVar] = []
    for key, role in (("env", "key"), ("base-url-env", "base_url")):
        for var in _strings(table, key, at):
            if not _ENV_NAME.match(var):
                raise ConfigError(f"{at} {key}: {var!r} is not an environment variable name")
            if var in taken_env:
                raise ConfigError(f"{at} {key}: {var} already belongs to provider "
                                  f"{taken_env[var]!r}")
            taken_env[var] = pid
            base = BaseUrl("openai", "optional", confidence="config", sources="config")
            env.append(EnvVar(var, role, base_url=base if role == "base_url" else None,
                              confidence="config", sources="config"))
    return Provider(
        pid, name, "gateway" if passthrough else "provider",
        "passthrough" if passthrough else None,
        all_keys_prefixed=bool(prefixes),
        shapes=tuple(
            KeyShape("api", p, _PRINTABLE, len(p) + 1, 1024, len(p) + 40, confidence="config",
                     length_confidence="unconfirmed", sources="config")
            for p in prefixes
        ),
        env=tuple(env), hosts=hosts, hosts_sources="config", auth=BEARER,
    )


def _strings(table: Mapping[str, Any], key: str, at: str) -> list[str]:
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{at} {key}: expected a list of strings")
    return list(dict.fromkeys(values))  # a repeated entry is harmless, not a collision


def _config_host(value: Any, at: str) -> str:
    host = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
    if not _HOST.match(host):
        raise ConfigError(f"{at}: {value!r} is not a host name (write it without scheme, port "
                          "or path, e.g. \"llm.corp.example\" or \"*.corp.example\")")
    return host


# --- Module-level API: the built-in registry ----------------------------------------------


@functools.cache
def _builtin() -> Registry:
    return Registry(_builtin_providers())


def registry(config_extra: Mapping[str, Any] | None = None, *, source: str = "") -> Registry:
    """The built-in providers overlaid with the user's (`Config.extra`), by id.

    Built once per distinct configuration: the language server asks on every keystroke.
    """
    ours = {k: config_extra[k] for k in ("providers", "hosts") if k in (config_extra or {})}
    if not ours:
        return _builtin()
    import json  # json is imported only where it is used: most runs never need it

    return _configured(json.dumps(ours, sort_keys=True, default=str), source)


@functools.lru_cache(maxsize=8)
def _configured(key: str, source: str) -> Registry:
    import json

    overlay = {p.id: p for p in from_config(json.loads(key), source=source)}
    merged = [overlay.pop(p.id, p) for p in _builtin_providers()]
    return Registry([*merged, *overlay.values()])


def providers() -> tuple[Provider, ...]:
    """Every built-in provider, in docs order."""
    return _builtin().providers()


def get(provider_id: str) -> Provider | None:
    """A built-in provider by id ("openai", "azure-openai"...)."""
    return _builtin().get(provider_id)


def attribute_key(value: str) -> KeyMatch | None:
    """See Registry.attribute_key (built-in providers)."""
    return _builtin().attribute_key(value)


def match_for_provider(provider_id: str, value: str) -> KeyMatch | None:
    """See Registry.match_for_provider (built-in providers)."""
    return _builtin().match_for_provider(provider_id, value)


def provider_for_env(name: str) -> EnvVarInfo | None:
    """See Registry.provider_for_env (built-in providers)."""
    return _builtin().provider_for_env(name)


def provider_for_host(host: str) -> Provider | None:
    """See Registry.provider_for_host (built-in providers)."""
    return _builtin().provider_for_host(host)


def known_hosts() -> list[str]:
    """See Registry.known_hosts (built-in providers)."""
    return _builtin().known_hosts()


def accepts_key(provider: Provider, key_match: KeyMatch | None) -> bool | None:
    """See Registry.accepts_key."""
    return _builtin().accepts_key(provider, key_match)


def canonical_env_names() -> frozenset[str]:
    """See Registry.canonical_env_names (built-in providers)."""
    return _builtin().canonical_env_names()


# --- Small helpers ------------------------------------------------------------------------


@functools.cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@functools.cache
def _outside(charset: str) -> re.Pattern[str]:
    """A regex finding characters outside a `[...]` class (one C-speed pass over the value)."""
    return re.compile("[^" + charset[1:])


def _url_path(url: str) -> str:
    try:
        return urlsplit(url.strip()).path
    except ValueError:
        return ""


def _hostname(host: str) -> str:
    text = host.strip()
    try:
        name = urlsplit(text if "://" in text else "//" + text).hostname
    except ValueError:
        return ""
    return (name or "").rstrip(".")


def _field_values(data: Any, path: str) -> list[str]:
    """The values at a dotted path, descending into every element of lists on the way."""
    nodes = [data]
    for part in path.split("."):
        nodes = [
            item[part]
            for node in nodes
            for item in (node if isinstance(node, list) else [node])
            if isinstance(item, dict) and part in item
        ]
    values = [v for node in nodes for v in (node if isinstance(node, list) else [node])]
    import json

    return [json.dumps(v) if not isinstance(v, str) else v for v in values]


def _describe_char(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return repr(char)
    return f"U+{ord(char):04X}"
