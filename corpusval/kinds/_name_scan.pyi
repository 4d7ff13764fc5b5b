"""Types of the compiled name scanner (`_name_scan.pyx`)."""

from collections.abc import Callable, Iterable

class Scanner:
    def __init__(
        self,
        reading: Callable[[str], tuple[object, ...]],
        abbreviations: Iterable[str],
        particles: Iterable[str],
        articles: Iterable[str],
        places: Iterable[str],
        reporting: Iterable[str],
    ) -> None: ...
    def extract(
        self, text: str, min_length: int
    ) -> tuple[
        list[tuple[str, int, bool, bool, bool, bool, bool]], list[tuple[str, int, str, str | None]], list[str]
    ]: ...
    def count(
        self, text: str, min_length: int
    ) -> tuple[dict[str, list[int]], dict[str, str], list[tuple[str, str, str | None]]]: ...

def add_counts(into: dict[str, list[int]], counts: dict[str, list[int]]) -> None: ...
def least_forms(into: dict[str, str], forms: dict[str, str]) -> None: ...
def deletion_buckets(words: list[str], long_word: int) -> list[tuple[int, ...]]: ...
