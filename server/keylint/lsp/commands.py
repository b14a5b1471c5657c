"""The names of the workspace commands the server offers (clients bind them to buttons)."""

FIX_ALL_COMMAND = "keylint.fixAll"
SHOW_RULE_COMMAND = "keylint.showRule"
PROBE_COMMAND = "keylint.probeKey"
