"""keylint's language server: pygls glue that converts between keylint.core and the LSP.

Nothing here decides what is wrong with a file; every judgement comes from the core.
`keylint serve` calls `keylint.lsp.server.run`.
"""
