"""One error type for bad input, so every message names where the problem is."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: names the file, the row and/or the field, and the problem.

    The message reads ``<file>: row <n>: field '<field>': <problem>`` with the parts
    that are known, so a user can go straight to the place to fix.
    """

    def __init__(self, problem: str, *, file: str | None = None, row: int | None = None,
                 field: str | None = None):
        self.problem = problem
        self.file = file
        self.row = row
        self.field = field
        parts = []
        if file is not None:
            parts.append(str(file))
        if row is not None:
            parts.append(f"row {row}")
        if field is not None:
            parts.append(f"field '{field}'")
        parts.append(problem)
        super().__init__(": ".join(parts))
