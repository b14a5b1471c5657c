"""No finding text ever carries a full key, whatever rule produced it (see credentials.scrub)."""

from __future__ import annotations

import pytest

from keylint.core.credentials import redact, scrub
from keys import fake_key
from lint import lint

KEY = fake_key("openai")
ANTHROPIC = fake_key("anthropic")

CASES = [
    (f"{KEY}DEBUG=x\nOPENAI_API_KEY={KEY} \n", ".env"),
    (f"OPENAI_API_KEY={KEY}\nOPENAI_BASE_URL=https://api.hiapi.ai/v1\n", ".env"),
    (f'OPENAI_APIKEY="{KEY}\\n"\nOPENAI_API_KEY={KEY}\n', ".env"),
    (f"ANTHROPIC_API_KEY=Bearer {ANTHROPIC}\nANTHROPIC_AUTH_TOKEN={KEY}\n", ".env"),
    (f"DEBUG=true{ANTHROPIC}ANTHROPIC_API_KEY={ANTHROPIC}\n", ".env"),
    (f"export OPENAI_API_KEY = {KEY}\necho {KEY} | pbcopy\n", ".zshrc"),
    (f'curl https://api.anthropic.com/v1/models -H "Authorization: Bearer {ANTHROPIC}"\n', "t.sh"),
    (f"{KEY}export OPENAI_API_KEY={KEY[:40]}\n", ".bashrc"),
]


@pytest.mark.parametrize(("text", "path"), CASES)
def test_no_finding_text_contains_a_key(text: str, path: str) -> None:
    findings = lint(text, path)
    assert findings, "each case is broken on purpose"
    for finding in findings:
        texts = [finding.message, *(r.message for r in finding.related)]
        if finding.fix:
            texts.append(finding.fix.title)
        for piece in texts:
            assert KEY not in piece and ANTHROPIC not in piece, (finding.code, piece)
            assert KEY[:40] not in piece, (finding.code, piece)


def test_scrub_replaces_known_secrets_and_key_shapes() -> None:
    assert scrub(f"value {KEY} here") == f"value {redact(KEY)} here"
    assert scrub("a secret-value-123 b", frozenset({"secret-value-123"})) == (
        f"a {redact('secret-value-123')} b"
    )
    assert scrub("nothing to hide") == "nothing to hide"
