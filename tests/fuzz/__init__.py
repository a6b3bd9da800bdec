"""Fuzzing the importers: seeds from real-format exports, ways to mangle them, a named corpus of
mangled files, and the checks every input must pass (see `session.FuzzSession`)."""
