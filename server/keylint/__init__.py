"""keylint: catches API-key configuration mistakes while people type."""

__version__ = "0.1.0"
