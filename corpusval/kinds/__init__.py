"""Rule kinds: one module each, all listed in one table."""

from corpusval.kinds._base import Kind, OptionError, Violation, clip
from corpusval.kinds.date_plausibility import DatePlausibility
from corpusval.kinds.duplicated_block import DuplicatedBlock
from corpusval.kinds.encoding import Encoding
from corpusval.kinds.length import Length
from corpusval.kinds.name_consistency import NameConsistency
from corpusval.kinds.pattern import Pattern
from corpusval.kinds.required_field import RequiredField

KINDS: dict[str, type[Kind]] = {
    "date-plausibility": DatePlausibility,
    "duplicated-block": DuplicatedBlock,
    "encoding": Encoding,
    "length": Length,
    "name-consistency": NameConsistency,
    "pattern": Pattern,
    "required-field": RequiredField,
}

__all__ = ["KINDS", "Kind", "OptionError", "Violation", "clip"]
