"""`[tool.keylint.probe]`: defaults, and a clear ConfigError for every bad value at load time."""

from __future__ import annotations

import pytest

from keylint.core.config import ConfigError, from_mapping
from keylint.core.probe_settings import ProbeSettings, probe_settings


def test_defaults() -> None:
    settings = probe_settings(from_mapping({}, "test").extra)
    assert settings == ProbeSettings(enabled=True, timeout=10.0, trusted=())


def test_values_are_read() -> None:
    extra = from_mapping({"probe": {"enabled": False, "timeout": 3, "trusted-hosts": {
        "anthropic": ["GW.Corp.Example."], "*": ["127.0.0.1", "[::1]"]}}}, "test").extra
    settings = probe_settings(extra)
    assert (settings.enabled, settings.timeout) == (False, 3.0)
    assert settings.trusted_for("anthropic") == ("gw.corp.example", "127.0.0.1", "::1")
    assert settings.trusted_for("openai") == ("127.0.0.1", "::1")


def test_a_trusted_host_may_be_for_a_user_provider() -> None:
    extra = from_mapping({"providers": {"corp": {"hosts": ["llm.corp.example"]}},
                          "probe": {"trusted-hosts": {"corp": ["llm2.corp.example"]}}},
                         "test").extra
    assert probe_settings(extra).trusted_for("corp") == ("llm2.corp.example",)


@pytest.mark.parametrize(("table", "message"), [
    ("on", "[tool.keylint.probe] must be a table"),
    ({"enable": True}, "unknown key 'enable' (known: enabled, timeout, trusted-hosts)"),
    ({"enabled": "yes"}, "enabled: expected true or false"),
    ({"timeout": 0}, "timeout: expected a number of seconds above 0"),
    ({"timeout": 600}, "at most 120"),
    ({"timeout": True}, "timeout: expected a number"),
    ({"trusted-hosts": "127.0.0.1"}, "trusted-hosts: expected a list of hosts"),
    ({"trusted-hosts": ["https://llm.corp.example/v1"]}, "is not a host"),
    ({"trusted-hosts": ["llm.corp.example:8080"]}, "is not a host"),
    ({"trusted-hosts": {"antropic": ["x.example"]}},
     "unknown provider 'antropic' (did you mean 'anthropic'?)"),
    ({"trusted-hosts": {"anthropic": "x.example"}}, "trusted-hosts.anthropic: expected a list"),
])
def test_bad_values_fail_at_load_naming_the_key(table: object, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        from_mapping({"probe": table}, "pyproject.toml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("pyproject.toml: [tool.keylint.probe]")
