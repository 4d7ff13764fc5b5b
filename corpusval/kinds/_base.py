"""The shape every rule kind shares: options schema, docs, and a check that yields violations."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from corpusval.document import Document
from corpusval.inert import quote

clip = quote
"""How a kind quotes document text in a violation: on one line, bounded, inert (exported for third-party kinds)."""


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list: how kinds write their word tables."""
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Violation:
    """What a kind reports; the engine adds the rule id, severity and path."""

    message: str
    line: int
    column: int
    excerpt: str = ""

    @classmethod
    def at(cls, document: Document, offset: int, message: str, excerpt: str = "") -> Violation:
        """A violation at character `offset` of the document's text."""
        line, column = document.locate(offset)
        return cls(message, line, column, clip(excerpt))

    @classmethod
    def at_field(cls, document: Document, name: str, message: str, excerpt: str = "") -> Violation:
        """A violation at the place a metadata field is (or would be) declared."""
        line, column = document.position_of(name)
        return cls(message, line, column, clip(excerpt))


class OptionError(ValueError):
    """A rule's options are well-formed but unusable (a regex RE2 rejects, say).

    `option` names the offending option, or is None when the options as a whole are wrong.
    """

    def __init__(self, option: str | None, message: str) -> None:
        super().__init__(message)
        self.option = option


class Kind(ABC):
    """Base of all rule kinds.

    A kind is code; a rule is a YAML mapping that names a kind and sets its options.
    `options` is the JSON Schema of the kind's own keys (the "properties" of the rule
    mapping besides id/kind/description/severity/files); `required` lists the
    mandatory ones. The class docstring is the kind's documentation.

    A per-document kind implements `check(document, corpus)` and ignores `corpus`.
    A corpus-wide kind sets `corpus_wide = True` and runs in two phases so it can be
    sharded: `gather` summarizes one document, `combine` merges summaries (it must be
    associative, so shards can be merged in any grouping), `finish` turns the merged
    summary into what `check` judges each document against. A corpus-wide kind that
    reports on few documents says which with `keys` and `reported`, and the engine
    then reads only those again.
    """

    name: ClassVar[str]
    options: ClassVar[Mapping[str, Any]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    corpus_wide: ClassVar[bool] = False
    reads_binary: ClassVar[bool] = False

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.settings = dict(options)

    def __reduce__(self) -> tuple[type[Kind], tuple[dict[str, Any]]]:
        """Rebuild from the options: how a rule crosses to a worker process (compiled patterns don't pickle)."""
        return type(self), (self.settings,)

    def prepare(self) -> None:  # noqa: B027 (optional: most kinds need nothing)
        """Load what checking documents needs (a table, a model) now, once per process: each worker
        process is prepared when it starts, while the corpus's files are still being found."""

    def gather(self, document: Document) -> Any:
        return None

    def combine(self, parts: Iterable[Any]) -> Any:
        return None

    def finish(self, gathered: Any) -> Any:
        return gathered

    def keys(self, summary: Any) -> Iterable[str] | None:
        """What `check` may report on in the document `summary` (from `gather`) is of; None: anything.

        With `reported`, the engine judges only the documents that share a key with the
        corpus's verdicts, and does not read the others again (a name rule reports on a
        story in thirty). Keys are compared only with `reported`'s, whatever they mean.
        """
        return None

    def reported(self, corpus: Any) -> Iterable[str] | None:
        """The keys `check` can report on, given what `finish` returned; None: any document's."""
        return None

    def cache_token(self) -> str:
        """What the kind's findings depend on besides its options and the document (the current date, say).

        Part of the cache key: a kind whose verdicts change with something else must say it here.
        """
        return ""

    def tally(self, document: Document) -> Mapping[str, int]:
        """Counts this document adds to the kind's corpus tally, which reports chart; asked for only by them."""
        return {}

    def overview(self, corpus: Any) -> list[dict[str, Any]]:
        """What a corpus-wide kind found across the corpus (from what `finish` returned), for reports."""
        return []

    @abstractmethod
    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        """Yield what is wrong with `document`; `corpus` is what `finish` returned."""
