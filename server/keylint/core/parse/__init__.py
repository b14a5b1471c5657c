"""Readers: one per file kind, each turning a Document into a ParsedFile with exact spans."""
