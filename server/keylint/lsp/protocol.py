"""pygls's LSP protocol with the two changes keylint needs.

1. Text synchronisation is keylint's own (keylint.lsp.documents explains why pygls's
   TextDocument is not used), so pygls's built-in open/change/close handlers are removed
   and the server's handlers receive those notifications directly.
2. A message whose parameters do not fit the protocol gets an error *response*. pygls logs
   such a message and drops it, which leaves the client waiting forever for an answer to
   its request.
"""

from __future__ import annotations

import logging
from typing import Any

import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("keylint.lsp")

OWN_SYNC = (
    types.TEXT_DOCUMENT_DID_OPEN,
    types.TEXT_DOCUMENT_DID_CHANGE,
    types.TEXT_DOCUMENT_DID_CLOSE,
)


class _Refused:
    """Stands in for a message that was answered with an error while being decoded."""


REFUSED = _Refused()


class KeylintProtocol(LanguageServerProtocol):
    def _register_builtin_features(self) -> None:
        super()._register_builtin_features()
        for method in OWN_SYNC:
            self.fm.builtin_features.pop(method, None)

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            method = data.get("method")
            detail = _detail(error)
            log.warning("refused a malformed %s message: %s", method or "response", detail)
            if "id" in data and method:
                message = f"invalid parameters for {method}: {detail}"
                refusal = JsonRpcInvalidParams(message).to_response_error()
                self._send_response(data["id"], None, refusal)
            return REFUSED

    def handle_message(self, message: Any) -> None:
        if message is REFUSED:
            return
        super().handle_message(message)


def _detail(error: JsonRpcException) -> str:
    """What was wrong, from cattrs's validation error when there is one."""
    cause = error.__cause__
    if isinstance(cause, cattrs.ClassValidationError):
        return "; ".join(cattrs.transform_error(cause)) or str(cause)
    return str(cause or error)
