"""Findings: what a rule reports about a document, with a stable position."""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from corpusval.inert import inert, inert_path, quote

READ_ERROR = "read-error"
"""Built-in rule id for files and records that cannot be read; always on, always an error."""

UNUSED_SUPPRESSION = "unused-suppression"
"""Built-in rule id of the warning about a suppression that matched no finding."""


class Severity(StrEnum):
    """How much a finding matters: errors fail a run, warnings are shown."""

    ERROR = "error"
    WARNING = "warning"


def plural(count: int, noun: str) -> str:
    """`1 error`, `2 errors`: counts in messages and summaries."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One defect at one place: sorts by position, serializes to JSON.

    `line` and `column` are 1-based and count lines split on "\\n" and columns in
    characters, as editors and `grep -n` do. For a JSONL record they point at the
    record's line; `record` then names the record. Its text is made inert when it is
    made (see `corpusval.inert`), whoever made it: every output format can trust it.
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    excerpt: str = ""
    record: str | None = None

    def __post_init__(self) -> None:
        made_inert = {
            "path": inert_path(self.path),
            "message": inert(self.message),
            "excerpt": quote(self.excerpt),
            "record": None if self.record is None else inert(self.record),
        }
        for name, value in made_inert.items():
            if value != getattr(self, name):
                object.__setattr__(self, name, value)  # frozen: set once, here, as the constructor would

    def __getstate__(self) -> tuple[Any, ...]:
        """The fields' values: what the dataclass pickles too, without looking up its fields for each finding
        (a worker sends thousands; the cache keeps them), three times faster.
        """
        return _values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_FIELDS, state, strict=True):
            object.__setattr__(self, name, value)  # as made: not made inert again

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS} | {"severity": str(self.severity)}

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


_FIELDS = tuple(field.name for field in fields(Finding))
_values = operator.attrgetter(*_FIELDS)
