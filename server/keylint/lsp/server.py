"""The language server: `create_server()` builds it, `run()` serves it on stdio or TCP.

Handlers are thin: each one finds the open buffer, asks keylint.core, and converts the answer
(convert.py, actions.py, hover.py). Nothing runs at import time and there is no module-level
server, so tests and tools can build as many servers as they like.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import FeatureRequestError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from keylint import __version__
from keylint.core.config import CONFIG_FILES, Config
from keylint.core.credentials import mask_secrets
from keylint.lsp import actions, convert, settings
from keylint.lsp.commands import FIX_ALL_COMMAND, PROBE_COMMAND, SHOW_RULE_COMMAND
from keylint.lsp.documents import Buffer, DocumentStore, path_of
from keylint.lsp.hover import hover as hover_for
from keylint.lsp.linting import Linter
from keylint.lsp.protocol import KeylintProtocol

log = logging.getLogger("keylint.lsp")

if TYPE_CHECKING:
    from types import ModuleType

    from keylint.lsp.probing import Probes

SECTION = "keylint"
SETTINGS_TIMEOUT = 5.0  # seconds to wait for the client's workspace/configuration answer


class KeylintServer(LanguageServer):
    """pygls's server plus keylint's state: open buffers, settings and the linter."""

    def __init__(self) -> None:
        super().__init__(
            "keylint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=KeylintProtocol,
        )
        self.documents = DocumentStore()
        self.settings = settings.Settings()
        self.columns = convert.Columns()
        self._probes: Probes | None = None  # made by the first probe
        self.linter = Linter(
            self.documents,
            self.config_for,
            self.publish,
            lambda: self.columns,
            self.log_to_client,
        )
        self.ready = False  # `initialized` arrived: the client may be sent messages
        self._shown: set[str] = set()
        self._pending_errors: list[str] = []

    # -- client capabilities ------------------------------------------------------------

    def supports(self, field: str) -> bool:
        return bool(get_capability(self.client_capabilities, field, False))

    @property
    def document_changes(self) -> bool:
        return self.supports("workspace.workspace_edit.document_changes")

    @property
    def pulls_configuration(self) -> bool:
        return self.supports("workspace.configuration")

    @property
    def markdown_hover(self) -> bool:
        formats = get_capability(self.client_capabilities, "text_document.hover.content_format")
        return formats is None or types.MarkupKind.Markdown in formats

    # -- configuration ------------------------------------------------------------------

    @property
    def probes(self) -> Probes:
        """The last probe result of each document (the probe glue loads on first use)."""
        if self._probes is None:
            self._probes = _probing().Probes()
        return self._probes

    @property
    def probed(self) -> bool:
        """Whether a probe ran yet: until then there is no result to show or forget."""
        return self._probes is not None

    def config_for(self, buffer: Buffer) -> Config:
        config, error = self.settings.config_for(buffer.path, buffer.is_file)
        if error:
            self.show_error(error)
        return config

    def apply_settings(self, layer: str, raw: Any) -> None:
        for error in self.settings.set_layer(layer, raw):
            self.show_error(error)

    async def pull_settings(self) -> None:
        """Ask the client for section "keylint" (VS Code style); keep the old layer on failure."""
        request = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        try:
            result = await asyncio.wait_for(
                self.workspace_configuration_async(request), SETTINGS_TIMEOUT
            )
        except Exception as error:
            self.log_to_client(
                f"workspace/configuration failed: {error}", types.MessageType.Warning
            )
            return
        self.apply_settings(settings.WORKSPACE, result[0] if result else None)

    # -- messages -----------------------------------------------------------------------

    def publish(self, params: types.PublishDiagnosticsParams) -> None:
        """The linter's diagnostics plus the last probe result, until the next edit."""
        buffer = self.documents.get(params.uri)
        if buffer is not None and params.version == buffer.version:
            extra = self.probes.diagnostics(buffer, self.columns) if self.probed else []
            if extra:
                params = types.PublishDiagnosticsParams(
                    uri=params.uri, diagnostics=[*params.diagnostics, *extra],
                    version=params.version,
                )
        self.text_document_publish_diagnostics(params)

    def show_error(self, message: str) -> None:
        """A user-facing error, shown once per distinct message until settings change."""
        if message in self._shown:
            return
        self._shown.add(message)
        log.error("%s", message)
        if not self.ready:
            self._pending_errors.append(message)
            return
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=message)
        )

    def forget_shown(self) -> None:
        self._shown.clear()

    def flush_pending(self) -> None:
        pending, self._pending_errors = self._pending_errors, []
        for message in pending:
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    def log_to_client(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        log.log(_LEVELS.get(kind, logging.INFO), "%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Internal errors go to the client's log, not to a pop-up per keystroke. A failed
        request is not reported: its error response already tells the client."""
        if source is FeatureRequestError:
            return
        self.log_to_client(f"keylint internal error: {error}", types.MessageType.Error)


_LEVELS = {
    types.MessageType.Error: logging.ERROR,
    types.MessageType.Warning: logging.WARNING,
    types.MessageType.Info: logging.INFO,
    types.MessageType.Log: logging.DEBUG,
}


# -- lifecycle ---------------------------------------------------------------------------


def initialize(ls: KeylintServer, params: types.InitializeParams) -> None:
    ls.columns = convert.Columns(str(ls.workspace.position_encoding or convert.UTF16))
    root = ls.workspace.root_path
    if root is None and params.workspace_folders:
        root, _ = path_of(params.workspace_folders[0].uri)
    ls.settings.root = root or ""
    ls.apply_settings(settings.INIT_OPTIONS, params.initialization_options)
    if ls.pulls_configuration:
        ls.linter.hold()  # do not flash diagnostics the user's settings would hide


async def initialized(ls: KeylintServer, params: types.InitializedParams) -> None:
    ls.ready = True
    ls.flush_pending()
    if ls.pulls_configuration:
        await ls.pull_settings()
        ls.linter.release()
    if ls.supports("workspace.did_change_configuration.dynamic_registration"):
        # VS Code sends didChangeConfiguration only to servers that register for it.
        registration = types.Registration(
            id="keylint-configuration",
            method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
            register_options=types.DidChangeConfigurationRegistrationOptions(section=SECTION),
        )
        try:
            await asyncio.wait_for(
                ls.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration])
                ),
                SETTINGS_TIMEOUT,
            )
        except Exception as error:
            log.warning("client refused the configuration registration: %s", error)


async def did_change_configuration(
    ls: KeylintServer, params: types.DidChangeConfigurationParams
) -> None:
    ls.forget_shown()
    ls.settings.forget_files()
    if ls.pulls_configuration:
        await ls.pull_settings()
    else:
        ls.apply_settings(settings.WORKSPACE, settings.pushed(params.settings))
    ls.linter.request_all()


def shutdown(ls: KeylintServer, params: None) -> None:
    ls.linter.shutdown()


# -- text synchronisation -------------------------------------------------------------


def did_open(ls: KeylintServer, params: types.DidOpenTextDocumentParams) -> None:
    buffer = ls.documents.open(params.text_document)
    ls.linter.request(buffer.uri)


def did_change(ls: KeylintServer, params: types.DidChangeTextDocumentParams) -> None:
    document = params.text_document
    buffer = ls.documents.change(document.uri, document.version, params.content_changes, ls.columns)
    if buffer is None:
        log.warning("didChange for %s, which is not open", document.uri)
        return
    ls.linter.request(buffer.uri)


def did_save(ls: KeylintServer, params: types.DidSaveTextDocumentParams) -> None:
    path, _ = path_of(params.text_document.uri)
    if Path(path).name in CONFIG_FILES:  # a configuration file: every document may change
        ls.forget_shown()
        ls.settings.forget_files()
        ls.linter.request_all()
    elif ls.documents.get(params.text_document.uri) is not None:
        ls.linter.request(params.text_document.uri)


def did_close(ls: KeylintServer, params: types.DidCloseTextDocumentParams) -> None:
    buffer = ls.documents.close(params.text_document.uri)
    if ls.probed:
        ls.probes.forget(params.text_document.uri)
    if buffer is not None:
        ls.linter.closed(buffer)


# -- language features --------------------------------------------------------------------


async def code_action(
    ls: KeylintServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    buffer = ls.documents.get(params.text_document.uri)
    snapshot = buffer.snapshot() if buffer else None
    if buffer is None or snapshot is None:
        return []
    config = ls.config_for(buffer)
    found = await ls.linter.offload(
        len(buffer.text),
        functools.partial(
            actions.code_actions,
            snapshot,
            params,
            config,
            ls.columns,
            document_changes=ls.document_changes,
        ),
    )
    return [*found, *_probing().code_actions(snapshot, params, config)]


def code_lens(ls: KeylintServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    """"Probe key" above each credential a probe can target (planned, never sent)."""
    buffer = ls.documents.get(params.text_document.uri)
    snapshot = buffer.snapshot() if buffer else None
    if buffer is None or snapshot is None:
        return []
    return _probing().code_lenses(snapshot, ls.config_for(buffer), ls.columns)


async def hover(ls: KeylintServer, params: types.HoverParams) -> types.Hover | None:
    buffer = ls.documents.get(params.text_document.uri)
    snapshot = buffer.snapshot() if buffer else None
    if buffer is None or snapshot is None:
        return None
    found = await ls.linter.offload(
        len(buffer.text),
        hover_for,
        snapshot,
        params.position,
        ls.config_for(buffer),
        ls.columns,
        ls.markdown_hover,
    )
    last = None
    if ls.probed:
        last = ls.probes.hover_text(buffer, params.position.line, ls.markdown_hover)
    if last is None:
        return found
    if found is None:
        kind = types.MarkupKind.Markdown if ls.markdown_hover else types.MarkupKind.PlainText
        return types.Hover(contents=types.MarkupContent(kind=kind, value=last))
    assert isinstance(found.contents, types.MarkupContent)
    rule = "\n\n---\n\n" if ls.markdown_hover else "\n\n"
    contents = types.MarkupContent(kind=found.contents.kind,
                                   value=f"{found.contents.value}{rule}{last}")
    return types.Hover(contents=contents, range=found.range)


# -- commands -----------------------------------------------------------------------------


async def fix_all(ls: KeylintServer, *args: Any) -> types.ApplyWorkspaceEditResult | None:
    """`keylint.fixAll <uri>`: all safe fixes via workspace/applyEdit, for clients without
    fix-all on save. Returns the client's answer (None when there was nothing to fix)."""
    uri = _argument(args, "uri")
    buffer = ls.documents.get(uri)
    snapshot = buffer.snapshot() if buffer else None
    if buffer is None or snapshot is None:
        raise JsonRpcInvalidParams(f"{FIX_ALL_COMMAND}: {uri!r} is not an open keylint document")
    edits = await ls.linter.offload(
        len(buffer.text), actions.fix_all_edit, snapshot.document, ls.config_for(buffer), ls.columns
    )
    if not edits:
        return None
    edit = convert.workspace_edit(
        snapshot.uri, snapshot.version, edits, document_changes=ls.document_changes
    )
    return await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label="keylint: fix all")
    )


def show_rule(ls: KeylintServer, *args: Any) -> str:
    """`keylint.showRule <code>`: the rule's documentation, shown and returned as Markdown."""
    from keylint.core.rules import get
    from keylint.docs import rule_markdown

    code = _argument(args, "code")
    rule = get(code)
    if rule is None:  # the argument is echoed masked: a client may pass anything, even a key
        raise JsonRpcInvalidParams(f"{SHOW_RULE_COMMAND}: unknown rule {mask_secrets(code)!r}")
    text = rule_markdown(rule)
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text))
    return text


async def probe_key(ls: KeylintServer, *args: Any) -> dict[str, Any]:
    """`keylint.probeKey <uri> <position|variable>`: the live probe, only when asked."""
    return await _probing().probe_key(ls, args)


def _probing() -> ModuleType:
    """The live-probe glue, imported on first use: most sessions never probe, and loading it
    (the probe planner and its settings) would only delay the answer to `initialize`."""
    from keylint.lsp import probing

    return probing


def _argument(args: tuple[Any, ...], key: str) -> str:
    """The first argument, given either as a string or as `{key: string}`."""
    value = args[0] if args else None
    if isinstance(value, dict):
        value = value.get(key)
    if not isinstance(value, str) or not value:
        raise JsonRpcInvalidParams(f"expected a {key} as the first argument")
    return value


# -- assembly -----------------------------------------------------------------------------


def create_server() -> KeylintServer:
    """A fresh server with every feature registered; nothing is started."""
    server = KeylintServer()
    features: list[tuple[str, Any, Any]] = [
        (types.INITIALIZE, initialize, None),
        (types.INITIALIZED, initialized, None),
        (types.SHUTDOWN, shutdown, None),
        (types.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration, None),
        (types.TEXT_DOCUMENT_DID_OPEN, did_open, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, did_change, None),
        (types.TEXT_DOCUMENT_DID_SAVE, did_save, types.SaveOptions(include_text=False)),
        (types.TEXT_DOCUMENT_DID_CLOSE, did_close, None),
        (
            types.TEXT_DOCUMENT_CODE_ACTION,
            code_action,
            types.CodeActionOptions(
                code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]
            ),
        ),
        (types.TEXT_DOCUMENT_HOVER, hover, None),
        (types.TEXT_DOCUMENT_CODE_LENS, code_lens, types.CodeLensOptions(resolve_provider=False)),
    ]
    for method, handler, options in features:
        server.feature(method, options)(handler)
    server.command(FIX_ALL_COMMAND)(fix_all)
    server.command(SHOW_RULE_COMMAND)(show_rule)
    server.command(PROBE_COMMAND)(probe_key)
    return server


def run(tcp: str | None = None, log_level: str = "WARNING") -> int:
    """Serve until the client exits. Logs go to stderr: stdout carries the protocol only."""
    _configure_logging(log_level)
    server = create_server()
    if tcp:
        host, _, port = tcp.rpartition(":")
        if not port.isdigit():
            print(f"keylint: error: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
        return 0
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the protocol stream
    server.start_io(stdin, stdout)
    return 0


class RedactingFilter(logging.Filter):
    """Masks anything key-shaped in log records: pygls logs message bodies at INFO/DEBUG,
    and a document's text is full of keys."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad %-arguments: keep the template, drop the arguments
            message = str(record.msg)
        record.msg = mask_secrets(message)
        record.args = None
        if record.exc_info:
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def _configure_logging(level_name: str) -> None:
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # pygls logs every message it sends at INFO: only worth it when debugging.
    pygls_level = level if level <= logging.DEBUG else max(level, logging.WARNING)
    logging.getLogger("pygls").setLevel(pygls_level)
