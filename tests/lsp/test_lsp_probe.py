"""The live probe in the editor: `keylint.probeKey`, its code lens and code action, the
foreign-host question, progress, the result as a message, a diagnostic until the next edit
and a hover, the settings that switch it off, and the canary: the key appears in nothing the
server sends.

The provider is a real HTTP server on 127.0.0.1 (tests/probe/fake_providers.py); nothing is
mocked. Each test runs with VS Code's and Neovim's client capabilities.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_providers import FakeProvider, Reply
from lsp_client import Editor
from lsprotocol import types

from keylint.core.credentials import redact
from keys import fake_key

COMMAND = "keylint.probeKey"
KEY = fake_key("openai", "project", seed=11)
PIECE = 16  # no piece of the key this long may appear anywhere
TRUST = {"probe": {"trusted-hosts": {"openai": ["127.0.0.1"]}}}
MODELS = json.dumps({"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model"}]})
VALID = Reply(200, MODELS, (("content-type", "application/json"),
                            ("x-request-id", "req_valid_0a1b2c")))
INVALID = Reply(401, json.dumps({"error": {
    "message": f"Incorrect API key provided: {KEY[:6]}***{KEY[-4:]}.",
    "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}),
    (("content-type", "application/json"), ("x-request-id", "req_invalid_9f8e7d")))


def _echo(headers: Any) -> str:
    """A careless gateway that quotes back the whole credential it received."""
    sent = headers.get("authorization", "").removeprefix("Bearer ")
    return json.dumps({"error": {"message": f"Key {sent} is not allowed", "type": "auth",
                                 "code": "bad_key"}})


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    """A provider lookalike whose /v1/models says the key is valid (tests may re-route)."""
    with FakeProvider({"/v1/models": VALID}) as server:
        yield server


def _env(server: FakeProvider, key: str = KEY) -> str:
    return f"OPENAI_API_KEY={key}\nOPENAI_BASE_URL={server.url}/v1\nDEBUG=1\n"


async def _open(editor: Editor, tmp_path: Path, text: str) -> str:
    uri = editor.open(tmp_path / ".env", text, "dotenv")
    await editor.published(uri)
    return uri


async def _probe(editor: Editor, *arguments: Any) -> dict[str, Any]:
    result = await editor.workspace_execute_command_async(
        types.ExecuteCommandParams(command=COMMAND, arguments=list(arguments))
    )
    assert isinstance(result, dict)
    return result


def _probe_diagnostics(editor: Editor, uri: str) -> list[types.Diagnostic]:
    return [d for d in editor.diagnostics.get(uri, []) if str(d.code).startswith("KL9")]


async def _probe_published(editor: Editor, uri: str, code: str) -> types.Diagnostic:
    await editor.wait_until(
        lambda: any(d.code == code for d in _probe_diagnostics(editor, uri)), 15, code)
    found = _probe_diagnostics(editor, uri)
    assert len(found) == 1, found
    return found[0]


async def _hover(editor: Editor, uri: str, line: int, character: int) -> str:
    result = await editor.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line, character)))
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def _lenses(editor: Editor, uri: str) -> list[types.CodeLens]:
    return list(await editor.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))) or [])


async def _actions(editor: Editor, uri: str, line: int) -> list[dict[str, Any]]:
    """The probe's code actions on `line`, as raw JSON: lsprotocol reads any code action that
    has a `command` as a bare Command, losing its shape, so this asks without its types."""
    position = {"line": line, "character": 2}
    found = await editor.raw_request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": position, "end": position},
        "context": {"diagnostics": []}})
    return [a for a in found or [] if isinstance(a.get("command"), dict)
            and a["command"]["command"] == COMMAND]


def _messages(editor: Editor) -> list[types.ShowMessageParams]:
    return [m for m in editor.messages if "probe" in m.message.lower()
            or m.message.startswith("keylint: KL9")]


# -- the command ---------------------------------------------------------------------------


@pytest.mark.init_options(TRUST)
async def test_probe_by_position_valid(editor: Editor, tmp_path: Path, provider: FakeProvider):
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, {"line": 0, "character": 3})

    assert result["outcome"] == "valid" and result["http_status"] == 200
    assert result["key"] == redact(KEY) and result["request_id"] == "req_valid_0a1b2c"
    assert [s.path for s in provider.seen] == ["/v1/models"]
    assert provider.seen[0].headers["authorization"] == f"Bearer {KEY}"  # the key did go
    diagnostic = await _probe_published(editor, uri, "KL901")
    assert diagnostic.severity == types.DiagnosticSeverity.Information
    assert diagnostic.range.start.line == 0 and diagnostic.source == "keylint"
    assert "valid" in diagnostic.message and "HTTP 200" in diagnostic.message
    assert "req_valid_0a1b2c" in diagnostic.message
    await editor.wait_until(lambda: any("KL901" in m.message for m in editor.messages), 15,
                            "the showMessage")
    shown = next(m for m in editor.messages if "KL901" in m.message)
    assert shown.type == types.MessageType.Info and "OPENAI_API_KEY" in shown.message


@pytest.mark.init_options(TRUST)
async def test_probe_by_variable_invalid(editor: Editor, tmp_path: Path, provider: FakeProvider):
    provider.routes["/v1/models"] = INVALID
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, "OPENAI_API_KEY")

    assert result["outcome"] == "invalid" and result["http_status"] == 401
    diagnostic = await _probe_published(editor, uri, "KL902")
    assert "invalid" in diagnostic.message and "HTTP 401" in diagnostic.message
    assert "req_invalid_9f8e7d" in diagnostic.message and "quote it to support" in \
        diagnostic.message
    shown = next(m for m in editor.messages if "KL902" in m.message)
    assert shown.type == types.MessageType.Error
    assert "req_invalid_9f8e7d" in shown.message


@pytest.mark.init_options(TRUST)
async def test_single_object_arguments(editor: Editor, tmp_path: Path, provider: FakeProvider):
    uri = await _open(editor, tmp_path, _env(provider))

    by_position = await _probe(editor, {"uri": uri, "position": {"line": 0, "character": 0}})
    by_variable = await _probe(editor, {"uri": uri, "variable": "OPENAI_API_KEY"})

    assert by_position["outcome"] == by_variable["outcome"] == "valid"
    assert len(provider.seen) == 2


@pytest.mark.init_options(TRUST)
async def test_a_line_without_a_key_is_refused_with_a_message(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, {"line": 2, "character": 0})

    assert result["outcome"] == "refused"
    assert provider.seen == []
    await editor.wait_until(lambda: bool(_messages(editor)), 15, "the refusal")
    assert _messages(editor)[-1].type == types.MessageType.Warning


@pytest.mark.init_options(TRUST)
async def test_the_diagnostic_and_hover_last_until_the_next_edit(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    provider.routes["/v1/models"] = INVALID
    uri = await _open(editor, tmp_path, _env(provider))
    await _probe(editor, uri, "OPENAI_API_KEY")
    await _probe_published(editor, uri, "KL902")

    shown = await _hover(editor, uri, 0, 3)
    assert "Last probe" in shown and "KL902 invalid" in shown and "HTTP 401" in shown
    assert "req_invalid_9f8e7d" in shown

    after = editor.mark(uri)
    editor.type_text(uri, 2, 7, "0")  # DEBUG=10: an edit elsewhere in the file
    await editor.published(uri, after=after)

    assert _probe_diagnostics(editor, uri) == []
    assert "Last probe" not in await _hover(editor, uri, 0, 3)


# -- where it is offered -----------------------------------------------------------------------


@pytest.mark.init_options(TRUST)
async def test_code_lens_on_each_credential_line(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    uri = await _open(editor, tmp_path, _env(provider) + f"OPENAI_KEY_2={KEY[:-3]}abc\n")

    lenses = await _lenses(editor, uri)

    assert sorted(lens.range.start.line for lens in lenses) == [0, 3]
    for lens in lenses:
        assert lens.command is not None
        assert lens.command.title == "Probe key" and lens.command.command == COMMAND
    first = next(lens for lens in lenses if lens.range.start.line == 0)
    assert first.command is not None and first.command.arguments is not None
    result = await _probe(editor, *first.command.arguments)  # the lens's command runs as is
    assert result["outcome"] == "valid"


@pytest.mark.init_options(TRUST)
async def test_code_action_on_a_credential_line(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    uri = await _open(editor, tmp_path, _env(provider))

    on_key = await _actions(editor, uri, 0)
    on_url = await _actions(editor, uri, 1)

    assert [a["title"] for a in on_key] == ["Probe OPENAI_API_KEY (live check)"]
    assert "kind" not in on_key[0]  # see probing.code_actions
    assert on_url == []
    assert provider.seen == []  # offering it sent nothing
    result = await _probe(editor, *on_key[0]["command"]["arguments"])
    assert result["outcome"] == "valid" and len(provider.seen) == 1


@pytest.mark.init_options({"probe": {"enabled": False, "trusted-hosts": ["127.0.0.1"]}})
async def test_disabled_by_settings(editor: Editor, tmp_path: Path, provider: FakeProvider):
    uri = await _open(editor, tmp_path, _env(provider))

    assert await _lenses(editor, uri) == []
    assert await _actions(editor, uri, 0) == []
    result = await _probe(editor, uri, "OPENAI_API_KEY")

    assert result["outcome"] == "refused" and result["error"]["code"] == "disabled"
    assert provider.seen == []
    await editor.wait_until(lambda: bool(_messages(editor)), 15, "the refusal")
    assert "disabled by settings" in _messages(editor)[-1].message


@pytest.mark.settings({"probe": {"enabled": None, "timeout": 5, "trustedHosts": ["127.0.0.1"]}})
async def test_workspace_settings_in_vscode_shape(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    """VS Code sends camelCase keys and null for every setting the user did not set."""
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, "OPENAI_API_KEY")

    assert result["outcome"] == "valid"
    assert not [m for m in editor.messages if m.type == types.MessageType.Error]


@pytest.mark.init_options(TRUST)
async def test_never_runs_on_open_change_save_or_requests(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    uri = await _open(editor, tmp_path, _env(provider))
    after = editor.mark(uri)
    editor.type_text(uri, 2, 7, "0")
    await editor.published(uri, after=after)
    editor.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await _lenses(editor, uri)
    await _actions(editor, uri, 0)
    await _hover(editor, uri, 0, 3)
    await editor.roundtrip()

    assert provider.seen == []
    assert _probe_diagnostics(editor, uri) == []


# -- a host that is not the provider's ----------------------------------------------------------


async def test_foreign_host_send_once(editor: Editor, tmp_path: Path, provider: FakeProvider):
    editor.answer = "Send once"
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, "OPENAI_API_KEY")

    assert len(editor.questions) == 1
    question = editor.questions[0]
    assert question.message == "Send OPENAI_API_KEY to 127.0.0.1? It is not a host of OpenAI."
    assert [a.title for a in question.actions or []] == ["Send once", "Cancel"]
    assert result["outcome"] == "valid"
    assert len(provider.seen) == 1


async def test_foreign_host_cancel(editor: Editor, tmp_path: Path, provider: FakeProvider):
    editor.answer = "Cancel"
    uri = await _open(editor, tmp_path, _env(provider))

    result = await _probe(editor, uri, "OPENAI_API_KEY")

    assert len(editor.questions) == 1
    assert result["outcome"] == "refused" and result["error"]["code"] == "foreign_host"
    assert provider.seen == []
    await editor.wait_until(lambda: bool(_messages(editor)), 15, "the refusal")
    refusal = _messages(editor)[-1]
    assert refusal.type == types.MessageType.Warning and "127.0.0.1" in refusal.message
    assert _probe_diagnostics(editor, uri) == []


# -- progress ------------------------------------------------------------------------------------


@pytest.mark.init_options(TRUST)
async def test_progress_while_probing(editor: Editor, tmp_path: Path, provider: FakeProvider):
    uri = await _open(editor, tmp_path, _env(provider))

    await _probe(editor, uri, "OPENAI_API_KEY")
    await editor.roundtrip()

    reports = [r for rs in editor.progress_reports.values() for r in rs]
    if not editor.capabilities.window or not editor.capabilities.window.work_done_progress:
        assert reports == []
        return
    begins = [r for r in reports if isinstance(r, types.WorkDoneProgressBegin)]
    assert [b.title for b in begins] == ["Probing OPENAI_API_KEY at 127.0.0.1…"]
    assert any(isinstance(r, types.WorkDoneProgressEnd) for r in reports)


# -- the canary ----------------------------------------------------------------------------------


@pytest.mark.init_options(TRUST)
async def test_canary_the_key_appears_in_nothing_the_server_sends(
    editor: Editor, tmp_path: Path, provider: FakeProvider
):
    uri = await _open(editor, tmp_path, _env(provider))
    results = [await _probe(editor, uri, {"line": 0, "character": 0})]
    await _probe_published(editor, uri, "KL901")
    texts = [await _hover(editor, uri, 0, 3)]
    lenses = await _lenses(editor, uri)
    actions = await _actions(editor, uri, 0)
    for reply in (INVALID, Reply(401, _echo), Reply(500, _echo), Reply(200, "<html>" + KEY)):
        provider.routes["/v1/models"] = reply
        results.append(await _probe(editor, uri, "OPENAI_API_KEY"))
        texts.append(await _hover(editor, uri, 0, 3))
    with FakeProvider({"/v1/models": VALID}) as elsewhere:  # a refusal, then a question
        other = tmp_path / "other"
        other.mkdir()
        foreign = editor.open(other / ".env", _env(elsewhere).replace("127.0.0.1", "localhost"))
        await editor.published(foreign)
        editor.answer = "Send once"
        results.append(await _probe(editor, foreign, "OPENAI_API_KEY"))
        editor.answer = "Cancel"
        results.append(await _probe(editor, foreign, "OPENAI_API_KEY"))
    await editor.roundtrip()

    assert any(s.headers.get("authorization") == f"Bearer {KEY}" for s in provider.seen)
    assert {r["outcome"] for r in results} >= {"valid", "invalid", "server_error", "refused"}
    everything = [
        *editor.received,
        *(json.dumps(r) for r in results),
        *texts,
        *(repr(x) for x in lenses), json.dumps(actions),
        *(m.message for m in (*editor.messages, *editor.log_messages)),
        *(repr(d) for ds in editor.diagnostics.values() for d in ds),
        *(repr(r) for rs in editor.progress_reports.values() for r in rs),
        *(q.message for q in editor.questions),
    ]
    assert any("KL902" in m for m in editor.received), "the raw recording missed the probe"
    assert any("$/progress" in m for m in editor.received) or not editor.progress_reports
    pieces = {KEY[i:i + PIECE] for i in range(len(KEY) - PIECE + 1)}
    for text in everything:
        assert KEY not in text
        leaked = [p for p in pieces if p in text]
        assert not leaked, f"a {PIECE}-character piece of the key in: {text[:200]}"
