"""`python -m keylint ...` is the same as the `keylint` command."""

from keylint.cli import main

raise SystemExit(main())
