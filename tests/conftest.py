"""Shared test set-up: `tests/` on sys.path, for the helpers `keys`, `lint` and `corpus`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
