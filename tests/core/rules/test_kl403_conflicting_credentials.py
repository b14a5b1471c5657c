"""KL403 conflicting-credentials: two competing key variables set in one file."""

from __future__ import annotations

import pytest

from keylint.core.model import Severity
from keys import fake_key
from lint import codes, lint

CODE = "KL403"
ANT = fake_key("anthropic", "api")
OR = fake_key("openrouter")
G1 = fake_key("gemini")
G2 = fake_key("gemini", seed=1)
CO1 = fake_key("cohere")
CO2 = fake_key("cohere", seed=1)
PPLX1 = fake_key("perplexity")
PPLX2 = fake_key("perplexity", seed=1)


@pytest.mark.parametrize(
    ("text", "path", "line", "name", "winner", "says"),
    [
        (f"ANTHROPIC_API_KEY={ANT}\nANTHROPIC_AUTH_TOKEN={OR}\n", ".env", 0, "ANTHROPIC_API_KEY",
         "ANTHROPIC_AUTH_TOKEN", "send both (x-api-key and Authorization)"),
        (f"export ANTHROPIC_AUTH_TOKEN={OR}\nexport ANTHROPIC_API_KEY={ANT}\n", ".zshrc", 1,
         "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", 'set ANTHROPIC_API_KEY=""'),
        (f"GOOGLE_API_KEY={G1}\nGEMINI_API_KEY={G2}\n", ".env", 1, "GEMINI_API_KEY",
         "GOOGLE_API_KEY", "ignored by google-genai and litellm: they read GOOGLE_API_KEY first"),
        (f"GEMINI_API_KEY={G2}\nGOOGLE_API_KEY={G1}\n", ".env", 0, "GEMINI_API_KEY",
         "GOOGLE_API_KEY", "Both GOOGLE_API_KEY and GEMINI_API_KEY are set"),
        (f"CO_API_KEY={CO1}\nCOHERE_API_KEY={CO2}\n", ".env", 1, "COHERE_API_KEY", "CO_API_KEY",
         "ignored by cohere-python: it reads CO_API_KEY first"),
        (f"PERPLEXITY_API_KEY={PPLX1}\nPERPLEXITYAI_API_KEY={PPLX2}\n", ".env", 0,
         "PERPLEXITY_API_KEY", "PERPLEXITYAI_API_KEY", "litellm"),
        # computed values that differ
        ('export GOOGLE_API_KEY="$(pass g)"\nexport GEMINI_API_KEY="$(pass m)"\n', ".zshrc", 1,
         "GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_API_KEY first"),
    ],
)
def test_fires(text: str, path: str, line: int, name: str, winner: str, says: str) -> None:
    (finding,) = lint(text, path, select=CODE)
    assert finding.code == CODE
    assert finding.severity is Severity.WARNING
    column = text.splitlines()[line].index(name)
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (
        line, column, column + len(name)
    )
    assert finding.message.startswith(name)
    assert says in finding.message
    (related,) = finding.related
    other = 1 - line
    assert (related.span.line, related.span.column) == (
        other, text.splitlines()[other].index(winner)
    )
    for key in (ANT, OR, G1, G2, CO1, CO2):
        assert key not in finding.message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        # the documented gateway setup: the key variable emptied
        (f'ANTHROPIC_API_KEY=""\nANTHROPIC_AUTH_TOKEN={OR}\n', ".env"),
        (f"ANTHROPIC_API_KEY=\nANTHROPIC_AUTH_TOKEN={OR}\n", ".env"),
        (f"export ANTHROPIC_API_KEY=''\nexport ANTHROPIC_AUTH_TOKEN={OR}\n", ".zshrc"),
        # only one of them
        (f"ANTHROPIC_API_KEY={ANT}\n", ".env"),
        (f"GEMINI_API_KEY={G1}\n", ".env"),
        # the same key twice, or one set from the other
        (f"GOOGLE_API_KEY={G1}\nGEMINI_API_KEY={G1}\n", ".env"),
        (f"export GOOGLE_API_KEY={G1}\nexport GEMINI_API_KEY=$GOOGLE_API_KEY\n", ".zshrc"),
        (f"GEMINI_API_KEY={G1}\nGOOGLE_API_KEY=${{GEMINI_API_KEY}}\n", ".env"),
        # an empty later assignment unsets it
        (f"GOOGLE_API_KEY={G1}\nGEMINI_API_KEY={G2}\nGOOGLE_API_KEY=\n", ".env"),
        # conditional or one-command assignments may not be in effect
        (f"export GEMINI_API_KEY={G2}\nif [ -n \"$WORK\" ]; then export GOOGLE_API_KEY={G1}; fi\n",
         ".zshrc"),
        (f"export GEMINI_API_KEY={G2}\nGOOGLE_API_KEY={G1} python maps.py\n", ".zshrc"),
        # base-URL competitions are KL404's (legacy names), not credentials
        ("OPENAI_BASE_URL=https://a.example/v1\nOPENAI_API_BASE=https://b.example/v1\n", ".env"),
        # commented out
        (f"# GOOGLE_API_KEY={G1}\nGEMINI_API_KEY={G2}\n", ".env"),
    ],
)
def test_silent(text: str, path: str) -> None:
    assert codes(text, path, select=CODE) == []


def test_templates_get_an_info() -> None:
    text = "GOOGLE_API_KEY=your-google-key\nGEMINI_API_KEY=your-gemini-key\n"
    (finding,) = lint(text, ".env.example", select=CODE)
    assert finding.severity is Severity.INFO
    assert finding.span.line == 1
    same = "GOOGLE_API_KEY=your-key\nGEMINI_API_KEY=your-key\n"
    assert codes(same, ".env.example", select=CODE) == []


def test_last_assignment_counts() -> None:
    text = f"GEMINI_API_KEY={G2}\nGOOGLE_API_KEY={G1}\nGEMINI_API_KEY={G1}\n"
    assert codes(text, select=CODE) == []
