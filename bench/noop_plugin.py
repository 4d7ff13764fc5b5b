"""A pytest plugin that collects what corpusval's plugin collects and checks nothing: pytest's own cost per item.

One File per corpus file, one Collector per JSONL record, and one item per (document, rule)
or, with `--noop-items=document`, one per document (a JSONL record's item sits in its file, as
corpusval's does); `runtest` does nothing. Run it with
`PYTHONPATH=bench pytest -p noop_plugin --noop-corpus=CORPUS --noop-rules=RULES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpusval import load_rules
from corpusval.document import Document
from corpusval.readers import DOCUMENT_SUFFIXES, Source, read

_STATE = pytest.StashKey["_Noop"]()


class _Noop:
    def __init__(self, root: Path, rule_ids: list[str], per_document: bool) -> None:
        self.root = root.absolute()
        self.rule_ids = rule_ids
        self.per_document = per_document


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--noop-corpus", help="corpus folder to collect")
    parser.addoption("--noop-rules", help="rule file whose rule ids name the items")
    parser.addoption("--noop-items", choices=("rule", "document"), default="rule")


def pytest_configure(config: pytest.Config) -> None:
    corpus = config.getoption("--noop-corpus")
    if corpus:
        rules = load_rules([Path(config.getoption("--noop-rules"))])
        per_document = config.getoption("--noop-items") == "document"
        config.stash[_STATE] = _Noop(Path(corpus), [rule.id for rule in rules], per_document)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> NoopFile | None:
    state = parent.config.stash.get(_STATE, None)
    inside = state is not None and state.root in file_path.absolute().parents
    return NoopFile.from_parent(parent, path=file_path) if inside and file_path.suffix in DOCUMENT_SUFFIXES else None


class NoopFile(pytest.File):
    """A corpus file read as corpusval reads it; its documents' items, JSONL records grouped as corpusval does."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        per_document = self.config.stash[_STATE].per_document
        for member in read(Source(str(self.path), self.path.name)):
            if not isinstance(member, Document) or member.record is None:
                yield from _items(self, member)
            elif per_document:  # corpusval makes a one-document record a single item of the file
                yield NoopItem.from_parent(self, name=member.record)
            else:
                yield NoopRecord.from_parent(self, name=member.record, member=member)


class NoopRecord(pytest.Collector):
    def __init__(self, *, member: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member = member

    def collect(self) -> Iterator[pytest.Item]:
        yield from _items(self, self.member)


def _items(parent: pytest.Collector, member: Any) -> Iterator[pytest.Item]:
    state = parent.config.stash[_STATE]
    if not isinstance(member, Document):
        yield NoopItem.from_parent(parent, name="read-error")
    elif state.per_document:
        yield NoopItem.from_parent(parent, name="document")
    else:
        for rule_id in state.rule_ids:
            yield NoopItem.from_parent(parent, name=rule_id)


class NoopItem(pytest.Item):
    def runtest(self) -> None:
        """Nothing: the item exists so that pytest's own cost per item can be measured."""

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.nodeid
