"""Types of the compiled date scanner (`_date_scan.pyx`)."""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from corpusval.kinds._dates import DateMention, Precision, Tense

WORD_SETS: tuple[str, ...]

class Scanner:
    def __init__(
        self,
        mention: type[DateMention],
        precisions: tuple[Precision, Precision, Precision],
        parse: Callable[[str], datetime],
        tenses: tuple[Tense, Tense, Tense, Tense],
        words: Mapping[str, Iterable[str]],
    ) -> None: ...
    def find_mentions(self, text: str, bare_weekdays: bool) -> list[DateMention]: ...
    def tense_nearby(self, text: str, start: int, end: int) -> Tense | None: ...
