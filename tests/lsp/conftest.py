"""The `editor` fixture: keylint started as `python -m keylint serve` over stdio, driven by
an editor-like client, once with VS Code's capabilities and once with Neovim's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsp_client import Editor, make_editor
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

# The live-probe tests reuse the fake providers of tests/probe (real HTTP servers).
sys.path.insert(0, str(Path(__file__).parent.parent / "probe"))

SERVER = [sys.executable, "-m", "keylint", "serve"]
CONFIG = ClientServerConfig(server_command=SERVER, client_factory=make_editor)
DEBUG_CONFIG = ClientServerConfig(
    server_command=[*SERVER, "--log-level", "DEBUG"], client_factory=make_editor
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "init_options(value): initializationOptions the editor fixture sends"
    )
    config.addinivalue_line(
        "markers", "settings(value): the client's `keylint` section before the session starts"
    )


async def _start(request: pytest.FixtureRequest, tmp_path: Path, client: Editor, profile: str):
    marker = request.node.get_closest_marker("init_options")
    options: Any = marker.args[0] if marker else None
    settings = request.node.get_closest_marker("settings")
    if settings:
        client.set_configuration(settings.args[0], section="keylint")
    root = tmp_path.as_uri()
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(profile),
            root_uri=root,
            workspace_folders=[types.WorkspaceFolder(uri=root, name="work")],
            initialization_options=options,
        )
    )
    client.encoding = str(result.capabilities.position_encoding or "utf-16")
    return result


@pytest_lsp.fixture(config=CONFIG, params=["visual-studio-code", "neovim"])
async def editor(request: pytest.FixtureRequest, tmp_path: Path, lsp_client: Editor):
    """A session with each client profile; the workspace is the test's tmp_path."""
    await _start(request, tmp_path, lsp_client, request.param)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG, params=["neovim@v0.7.0"])
async def old_neovim(request: pytest.FixtureRequest, tmp_path: Path, lsp_client: Editor):
    """Neovim 0.7: no workspace/configuration, settings arrive in didChangeConfiguration."""
    await _start(request, tmp_path, lsp_client, request.param)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=DEBUG_CONFIG, params=["visual-studio-code"])
async def debug_editor(request: pytest.FixtureRequest, tmp_path: Path, lsp_client: Editor):
    """A session with the server logging everything (pygls included) to stderr."""
    await _start(request, tmp_path, lsp_client, request.param)
    yield
    await lsp_client.shutdown_session()
