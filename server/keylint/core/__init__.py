"""Pure analysis: no editor or protocol code lives here (no pygls import)."""
