"""The pytest plugin: one test item per (document, rule), active only when a corpus is configured.

With no `--corpus` and no `corpus_paths` ini key it collects nothing and changes
nothing, so it is safe to install beside any project's tests. The engine is
imported only when a corpus is configured.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from corpusval.finding import READ_ERROR
from corpusval.options import CORPUS, RULES

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from corpusval.document import Document
    from corpusval.finding import Finding
    from corpusval.readers import ReadError
    from corpusval.rules import Rule

MARKER = "corpus"
_SESSION = pytest.StashKey["CorpusSession"]()
_UNSAFE_NAME = re.compile(r"[^\w.@+=-]+")


class CorpusWarning(UserWarning):
    """A finding of a rule whose severity is `warning`: shown, but the test passes."""

    def __init__(self, message: str, finding: Finding | None = None) -> None:
        super().__init__(message)  # pytest-xdist rebuilds warnings from their message alone
        self.finding = finding


class CorpusFindings(Exception):
    """Raised by an item whose rule found errors in its document."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} finding(s)")
        self.findings = findings


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("corpusval", "corpus validation with corpusval")
    group.addoption(CORPUS.pytest, action="append", default=[], metavar="PATH", help=CORPUS.help)
    group.addoption(RULES.pytest, action="append", default=[], metavar="PATH", help=RULES.help)
    parser.addini(CORPUS.ini, type="paths", default=[], help=CORPUS.help + " (relative to the ini file)")
    parser.addini(RULES.ini, type="paths", default=[], help=RULES.help + " (relative to the ini file)")


def pytest_configure(config: pytest.Config) -> None:
    from_command_line = [Path(path) for path in config.getoption(CORPUS.pytest)]
    paths = from_command_line or list(config.getini(CORPUS.ini))
    if not paths:
        return
    from corpusval.options import rule_paths
    from corpusval.rules import RuleFileError, load_rules

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise pytest.UsageError(f"corpusval: corpus path not found: {', '.join(missing)}")
    given = [Path(path) for path in config.getoption(RULES.pytest)] or list(config.getini(RULES.ini))
    try:
        rules = load_rules(rule_paths(given, config.rootpath))
    except RuleFileError as error:
        raise pytest.UsageError(f"corpusval: problems in rule files:\n{error}") from None
    config.stash[_SESSION] = CorpusSession(paths, rules, named_on_command_line=bool(from_command_line))
    config.addinivalue_line("markers", f"{MARKER}: a corpusval check of one document")
    config.addinivalue_line("markers", "corpus_error: a corpusval rule of severity error")
    config.addinivalue_line("markers", "corpus_warning: a corpusval rule of severity warning")
    config.addinivalue_line("markers", f"{READ_ERROR}: corpusval: a file or record that cannot be read")
    for rule in rules:
        config.addinivalue_line("markers", f"{rule.id}: corpusval rule: {rule.description}")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CorpusFile | None:
    """Collect corpus documents that pytest meets itself: named on the command line or walked into.

    This is what lets a node id from a failure (`corpus/a.md::name-spelling`) be run again.
    """
    corpus = parent.config.stash.get(_SESSION, None)
    if corpus is None or not corpus.holds(file_path):
        return None
    return CorpusFile.from_parent(parent, path=file_path)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the corpus files pytest did not walk into, before -k, -m and --deselect filter the list.

    A corpus from the ini file is part of the suite like `testpaths`: when the command
    line names what to run (`pytest tests/test_x.py`), only that runs. A corpus given
    with --corpus is checked too, unless the command line names documents of it.
    """
    corpus = config.stash.get(_SESSION, None)
    if corpus is None:
        return
    collected = {item.path for item in items if isinstance(item, _CorpusItem)}
    if config.args_source is pytest.Config.ArgsSource.ARGS and (collected or not corpus.named_on_command_line):
        return
    for path in corpus.files():
        if path.absolute() in collected:
            continue
        # pytest's own id for a file outside the rootdir would be "rootdir/../x"; say "../x".
        nodeid = Path(os.path.relpath(path.absolute(), config.rootpath)).as_posix()
        node = CorpusFile.from_parent(session, path=path.absolute(), nodeid=nodeid)
        items.extend(item for item in session.genitems(node) if isinstance(item, pytest.Item))


class CorpusSession:
    """The corpus of one pytest session (one per xdist worker): read once, gathered once per rule."""

    def __init__(self, paths: list[Path], rules: list[Rule], *, named_on_command_line: bool) -> None:
        from corpusval.engine import Engine

        self.paths = paths
        self.roots = [path.absolute() for path in paths]
        self.named_on_command_line = named_on_command_line
        self.rules = rules
        self.engine = Engine(rules)
        self._documents: list[Document] | None = None
        self._by_file: dict[str, list[Document | ReadError]] = {}
        self._corpus: dict[str, Any] = {}

    def _load(self) -> None:
        if self._documents is not None:
            return
        from corpusval.engine import load_corpus

        self._documents, errors, _ = load_corpus(self.paths)
        members: list[Document | ReadError] = [*self._documents, *errors]
        for item in members:
            self._by_file.setdefault(item.path, []).append(item)

    def holds(self, path: Path) -> bool:
        """Whether `path` is a document of this corpus (without reading anything)."""
        from corpusval.readers import DOCUMENT_SUFFIXES

        path = path.absolute()
        inside = any(path == root or root in path.parents for root in self.roots)
        return inside and path.suffix.lower() in DOCUMENT_SUFFIXES

    def files(self) -> Iterator[Path]:
        """Every corpus file with something to check, in a stable order (xdist needs it)."""
        self._load()
        for shown in sorted(self._by_file):
            yield Path(shown)

    def items_of(self, path: Path) -> list[Document | ReadError]:
        """The documents and read errors of one file, in file order."""
        from corpusval.readers import display_path

        self._load()
        return sorted(self._by_file.get(display_path(path), []), key=_file_order)

    def findings(self, document: Document, rule: Rule) -> list[Finding]:
        """Judge one document by one rule; the rule's corpus summary is gathered on first use."""
        self._load()
        if rule.check.corpus_wide and rule.id not in self._corpus:
            self._corpus.update(self.engine.gather(self._documents or [], [rule]))
        return self.engine.judge(document, self._corpus, [rule])


def _file_order(item: Document | ReadError) -> int:
    from corpusval.document import Document

    if isinstance(item, Document):
        return item.record_line or 0
    return item.problem.line


class CorpusFile(pytest.File):
    """A corpus file: its rules' items, or one collector per JSONL record."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        corpus = self.config.stash[_SESSION]
        records: dict[str, list[Document | ReadError]] = {}
        for item in corpus.items_of(self.path):
            if item.record is None:
                yield from _items_for(self, item)
            else:
                records.setdefault(item.record, []).append(item)
        names: set[str] = set()
        for record, members in records.items():
            name = _UNSAFE_NAME.sub("_", record)
            if name in names:  # "a b" and "a/b" both read "a_b": the line tells them apart
                name = f"{name}@line-{_file_order(members[0])}"
            names.add(name)
            yield CorpusRecord.from_parent(self, name=name, members=members)


class CorpusRecord(pytest.Collector):
    """One JSONL record: its rules' items."""

    def __init__(self, *, members: list[Document | ReadError], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members = members

    def collect(self) -> Iterator[pytest.Item]:
        for member in self.members:
            yield from _items_for(self, member)


def _items_for(parent: pytest.Collector, member: Document | ReadError) -> Iterator[pytest.Item]:
    from corpusval.engine import applies
    from corpusval.readers import ReadError

    corpus = parent.config.stash[_SESSION]
    if isinstance(member, ReadError):
        yield ReadErrorItem.from_parent(parent, name=READ_ERROR, error=member)
        return
    for rule in corpus.rules:
        if applies(rule, member):
            yield RuleItem.from_parent(parent, name=rule.id, document=member, rule=rule)


class _CorpusItem(pytest.Item):
    """What both item types share: markers, a clean failure report."""

    def _mark(self, rule_id: str, severity: str) -> None:
        for marker in (MARKER, rule_id, f"corpus_{severity}"):
            self.add_marker(marker)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, CorpusFindings):
            return "\n".join(_describe(finding) for finding in excinfo.value.findings)
        if isinstance(excinfo.value, CorpusWarning) and excinfo.value.finding:  # under `filterwarnings = error`
            return _describe(excinfo.value.finding)
        return super().repr_failure(excinfo, style)


class RuleItem(_CorpusItem):
    """One rule on one document: fails on error findings, warns on warning findings."""

    def __init__(self, *, document: Document, rule: Rule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.document = document
        self.rule = rule
        self._mark(rule.id, rule.severity)

    def runtest(self) -> None:
        from corpusval.finding import Severity

        findings = self.config.stash[_SESSION].findings(self.document, self.rule)
        for finding in findings:
            if finding.severity is Severity.WARNING:
                warning = CorpusWarning(f"{finding.rule} (column {finding.column}): {finding.message}", finding)
                warnings.warn_explicit(warning, CorpusWarning, finding.path, finding.line)
        errors = [finding for finding in findings if finding.severity is Severity.ERROR]
        if errors:
            raise CorpusFindings(errors)

    def reportinfo(self) -> tuple[Path, int, str]:
        line = self.document.record_line or 1
        return self.path, line - 1, f"{self.document.key}::{self.rule.id}"


class ReadErrorItem(_CorpusItem):
    """A file or record that could not be read: always fails."""

    def __init__(self, *, error: ReadError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error
        self._mark(READ_ERROR, "error")

    def runtest(self) -> None:
        from corpusval.engine import read_error_finding

        raise CorpusFindings([read_error_finding(self.error)])

    def reportinfo(self) -> tuple[Path, int, str]:
        record = f"::{self.error.record}" if self.error.record else ""
        return self.path, self.error.problem.line - 1, f"{self.error.path}{record}::read-error"


def _describe(finding: Finding) -> str:
    text = f"{finding.location()}: {finding.rule} {finding.message}"
    return f"{text}\n    | {finding.excerpt}" if finding.excerpt else text
