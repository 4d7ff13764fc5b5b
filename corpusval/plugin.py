"""The pytest plugin: one test item per (document, rule), active only when a corpus is configured.

With no `--corpus` and no `corpus_paths` ini key it collects nothing and changes
nothing, so it is safe to install beside any project's tests. The engine is
imported only when a corpus is configured.
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from corpusval.finding import READ_ERROR, UNUSED_SUPPRESSION
from corpusval.inert import inert  # loaded with corpusval.finding anyway
from corpusval.options import (
    BASELINE,
    CACHE_DIR,
    CACHE_DIR_NAME,
    CHANGED_SINCE,
    CORPUS,
    FOLLOW_SYMLINKS,
    ITEM_MODES,
    ITEMS,
    JOBS,
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_SIZE,
    NO_CACHE,
    RULES,
    SUPPRESSIONS,
    parse_size,
)

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

    from corpusval.baseline import Baseline
    from corpusval.changes import Changes
    from corpusval.finding import Finding
    from corpusval.rules import Rule
    from corpusval.shards import Entry, FileRef, Gathered
    from corpusval.suppressions import Suppression

MARKER = "corpus"
_SESSION = pytest.StashKey["CorpusSession"]()
_STOP_WAIT = 5.0  # seconds pytest waits, at its end, for a check it stops (a shard still in this process)
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
    group.addoption(ITEMS.pytest, choices=ITEM_MODES, metavar="MODE", help=ITEMS.help)
    group.addoption(JOBS.pytest, type=int, metavar="N", help=JOBS.help)
    group.addoption(CACHE_DIR.pytest, metavar="PATH", help=CACHE_DIR.help)
    group.addoption(NO_CACHE.pytest, action="store_true", default=None, help=NO_CACHE.help)
    group.addoption(CHANGED_SINCE.pytest, metavar="REF", help=CHANGED_SINCE.help)
    group.addoption(BASELINE.pytest, metavar="FILE", help=BASELINE.help)
    group.addoption(FOLLOW_SYMLINKS.pytest, action="store_true", default=None, help=FOLLOW_SYMLINKS.help)
    group.addoption(MAX_DOCUMENT_SIZE.pytest, metavar="SIZE", help=MAX_DOCUMENT_SIZE.help)
    group.addoption(
        "--corpus-rule-examples",
        action="store_true",
        default=False,
        help="collect the examples: of rule files (--corpus-rules / corpus_rules, else rules/ or the bundled rules)",
    )
    parser.addini(CORPUS.ini, type="paths", default=[], help=CORPUS.help + " (relative to the ini file)")
    parser.addini(RULES.ini, type="paths", default=[], help=RULES.help + " (relative to the ini file)")
    parser.addini(ITEMS.ini, default="rule", help=ITEMS.help)
    parser.addini(JOBS.ini, default="", help=JOBS.help)
    parser.addini(CACHE_DIR.ini, type="paths", default=[], help=CACHE_DIR.help + " (relative to the ini file)")
    parser.addini(NO_CACHE.ini, type="bool", default=False, help=NO_CACHE.help)
    parser.addini(SUPPRESSIONS.ini, type="linelist", default=[], help=SUPPRESSIONS.help)
    parser.addini(BASELINE.ini, type="paths", default=[], help=BASELINE.help + " (relative to the ini file)")
    parser.addini(FOLLOW_SYMLINKS.ini, type="bool", default=False, help=FOLLOW_SYMLINKS.help)
    parser.addini(MAX_DOCUMENT_SIZE.ini, default="", help=MAX_DOCUMENT_SIZE.help)


def pytest_configure(config: pytest.Config) -> None:
    from_command_line = [Path(path) for path in config.getoption(CORPUS.pytest)]
    paths = from_command_line or list(config.getini(CORPUS.ini))
    if not paths:
        return
    from corpusval.options import rule_paths
    from corpusval.readers import display_path
    from corpusval.rules import RuleFileError, load_rule_set
    from corpusval.suppressions import SuppressionError, parse_ini, unknown_rule

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise pytest.UsageError(f"corpusval: corpus path not found: {', '.join(missing)}")
    given = [Path(path) for path in config.getoption(RULES.pytest)] or list(config.getini(RULES.ini))
    try:
        rule_set = load_rule_set(rule_paths(given, config.rootpath))
        ini = display_path(config.inipath) if config.inipath else "the ini file"
        suppressions = parse_ini(config.getini(SUPPRESSIONS.ini), ini)
    except RuleFileError as error:
        raise pytest.UsageError(f"corpusval: problems in rule files:\n{error}") from None
    except SuppressionError as error:
        raise pytest.UsageError(f"corpusval: {error}") from None
    rules = rule_set.rules
    known = [rule.id for rule in rules] + [READ_ERROR]
    unknown = [problem for item in suppressions if (problem := unknown_rule(item, known))]
    if unknown:
        raise pytest.UsageError(f"corpusval: {config.inipath}: {SUPPRESSIONS.ini}: " + "; ".join(unknown))
    config.addinivalue_line("markers", f"{MARKER}: a corpusval check of one document")
    config.addinivalue_line("markers", "corpus_error: a corpusval rule of severity error")
    config.addinivalue_line("markers", "corpus_warning: a corpusval rule of severity warning")
    config.addinivalue_line("markers", f"{READ_ERROR}: corpusval: a file or record that cannot be read")
    for rule in rules:
        config.addinivalue_line("markers", f"{rule.id}: corpusval rule: {rule.description}")
    config.stash[_SESSION] = CorpusSession(
        paths,
        rules,
        _settings(config),
        [*rule_set.suppressions, *suppressions],
        named_on_command_line=bool(from_command_line),
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> Generator[None]:
    """Corpus failures in one compact section, in time linear in their number.

    pytest's own failure sections rescan every report for each failure, which takes
    hours once thousands of documents fail; so corpus items leave pytest's sections
    and are listed here, one line per finding.
    """
    stats = terminalreporter.stats
    if _SESSION not in config.stash:
        return (yield)
    failed = stats.get("failed", [])
    ours = [report for report in failed if MARKER in report.keywords]
    if ours:
        stats["failed"] = [report for report in failed if MARKER not in report.keywords]
    try:
        result = yield
    finally:
        if ours:
            stats["failed"] = failed
    if ours and config.option.tbstyle != "no" and not terminalreporter.no_summary:
        terminalreporter.write_sep("=", f"corpusval: {len(ours)} failed", red=True)
        for report in ours:
            terminalreporter.write_line(str(report.longrepr))
    corpus = config.stash[_SESSION]
    # not on an xdist controller, whose workers did the checking; nor after Ctrl-C: the check is not awaited
    if exitstatus != pytest.ExitCode.INTERRUPTED and corpus.checked():
        if corpus.settings.baseline is not None:
            terminalreporter.write_line(f"corpusval baseline: {corpus.known} known, not failing; {corpus.fixed} fixed")
        for finding in corpus.unused:
            terminalreporter.write_line(f"corpusval: {finding.location()}: {finding.message}", yellow=True)
    return result


def _needs_escapes(path: Path) -> bool:
    text = os.fspath(path)
    return inert(text, limit=len(text)) != text


class _Settings(NamedTuple):
    items: str
    jobs: int | None
    cache_dir: Path | None
    changed: Changes | None  # the documents to make items of (--corpus-changed-since), or all
    baseline: Baseline | None
    follow_links: bool
    max_document_bytes: int


def _settings(config: pytest.Config) -> _Settings:
    """The run's settings: the command line over the ini file over the defaults."""
    items = config.getoption(ITEMS.pytest) or str(config.getini(ITEMS.ini)).strip()
    if items not in ITEM_MODES:
        raise pytest.UsageError(f"corpusval: {ITEMS.ini} = {items!r}; use one of: {', '.join(ITEM_MODES)}")
    jobs = config.getoption(JOBS.pytest)
    if jobs is None and str(config.getini(JOBS.ini)).strip():
        text = str(config.getini(JOBS.ini)).strip()
        if not text.isdigit() or int(text) < 1:
            raise pytest.UsageError(f"corpusval: {JOBS.ini} = {text!r}; use a number of processes, 1 or more")
        jobs = int(text)
    if jobs is None and os.environ.get("PYTEST_XDIST_WORKER"):
        jobs = 1  # xdist already has a process per core
    no_cache = config.getoption(NO_CACHE.pytest) or config.getini(NO_CACHE.ini)
    given_dir = config.getoption(CACHE_DIR.pytest)
    ini_dir = config.getini(CACHE_DIR.ini)
    cache_dir = Path(given_dir) if given_dir else ini_dir[0] if ini_dir else config.rootpath / CACHE_DIR_NAME
    follow_links = bool(config.getoption(FOLLOW_SYMLINKS.pytest) or config.getini(FOLLOW_SYMLINKS.ini))
    return _Settings(
        items,
        jobs,
        None if no_cache else cache_dir,
        _changed(config),
        _baseline(config),
        follow_links,
        _max_document_bytes(config),
    )


def _max_document_bytes(config: pytest.Config) -> int:
    given = config.getoption(MAX_DOCUMENT_SIZE.pytest)
    text = given if given is not None else str(config.getini(MAX_DOCUMENT_SIZE.ini)).strip()
    if not text:
        return MAX_DOCUMENT_BYTES
    try:
        return parse_size(text)
    except ValueError as error:
        where = MAX_DOCUMENT_SIZE.pytest if given is not None else MAX_DOCUMENT_SIZE.ini
        raise pytest.UsageError(f"corpusval: {where}: {error}") from None


def _baseline(config: pytest.Config) -> Baseline | None:
    given = config.getoption(BASELINE.pytest)
    from_ini = config.getini(BASELINE.ini)
    path = Path(given) if given else from_ini[0] if from_ini else None
    if path is None:
        return None
    from corpusval.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as error:
        raise pytest.UsageError(f"corpusval: {error}") from None


def _changed(config: pytest.Config) -> Changes | None:
    revision = config.getoption(CHANGED_SINCE.pytest)
    if revision is None:
        return None
    from corpusval.changes import ChangesError, changed_since

    try:
        return changed_since(revision, Path.cwd())
    except ChangesError as error:
        raise pytest.UsageError(f"corpusval: {error}") from None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    """Collect corpus documents that pytest meets itself (named on the command line or walked into),
    and rule files' examples when asked to.

    This is what lets a node id from a failure (`corpus/a.md::name-spelling`) be run again.
    """
    config = parent.config
    if config.getoption("corpus_rule_examples"):
        from corpusval.options import rule_paths
        from corpusval.selftest_plugin import collect_rule_file

        given = [Path(path) for path in config.getoption(RULES.pytest)] or list(config.getini(RULES.ini))
        rule_file = collect_rule_file(file_path, parent, rule_paths(given, config.rootpath))
        if rule_file is not None:
            return rule_file
    corpus = config.stash.get(_SESSION, None)
    if corpus is None or not corpus.holds(file_path):
        return None
    return CorpusFile.from_parent(parent, path=file_path)


def pytest_unconfigure(config: pytest.Config) -> None:
    corpus = config.stash.get(_SESSION, None)
    if corpus is not None:
        corpus.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    """Start checking the corpus as collection starts, so that the two overlap (not on an xdist controller,
    which collects nothing: its workers check)."""
    corpus = session.config.stash.get(_SESSION, None)
    if corpus is not None and not session.config.pluginmanager.has_plugin("dsession"):
        corpus.start()


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
    # Strings, not Paths: making thousands of Paths absolute and hashing them showed in the bench.
    collected = {os.fspath(item.path) for item in items if isinstance(item, CorpusItem)}
    if config.args_source is pytest.Config.ArgsSource.ARGS and (collected or not corpus.named_on_command_line):
        return
    for path in corpus.corpus_files():
        if os.path.abspath(path) in collected:
            continue
        # pytest's own id for a file outside the rootdir would be "rootdir/../x"; say "../x".
        nodeid = Path(os.path.relpath(path.absolute(), config.rootpath)).as_posix()
        node = CorpusFile.from_parent(session, path=path.absolute(), nodeid=nodeid)
        items.extend(item for item in session.genitems(node) if isinstance(item, pytest.Item))


class CorpusSession:
    """The corpus of one pytest session (one per xdist worker), checked once, in the background.

    The check starts with collection, in a thread that waits on worker processes, and
    pytest collects a file's items as soon as the shard holding it has been read (see
    `runner.Observer`): collecting and checking overlap. An item only looks its findings
    up, once the whole check has ended: the per-item cost stays pytest's own.
    """

    def __init__(
        self,
        paths: list[Path],
        rules: list[Rule],
        settings: _Settings,
        suppressions: list[Suppression],
        *,
        named_on_command_line: bool,
    ) -> None:
        self.paths = paths
        self.suppressions = suppressions
        # each root as a prefix of the absolute paths inside it: a string test, made for every file pytest meets
        self._roots = [(root, root if root.endswith(os.sep) else root + os.sep) for root in map(_absolute, paths)]
        self.named_on_command_line = named_on_command_line
        self.rules = {rule.id: rule for rule in rules}
        self.settings = settings
        self._by_file: dict[str, list[Entry]] = {}
        self._findings: dict[tuple[str, str | None], list[Finding]] = {}
        self.known = self.fixed = 0  # baseline findings left out, and baseline findings gone
        self.unused: list[Finding] = []  # suppressions that matched nothing: no item shows them
        self._markers: dict[str, pytest.MarkDecorator] = {}
        # what the check has found so far, told by the thread that runs it (see `_check`)
        self._news = threading.Condition()
        self._thread: threading.Thread | None = None
        self._found: dict[str, str] | None = None  # every file's shown path -> its path as found
        self._read: set[str] = set()  # the files whose entries are all in `_by_file`
        self._ended = False
        self._failure: BaseException | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        """Start checking the corpus, unless it has started: in the background when worker processes check it.

        Checked in this process (`--corpus-jobs 1`, an xdist worker) the corpus is checked where pytest
        first waits for it, as before: a thread would only share this process's core with pytest, and a
        Ctrl-C could not stop a rule in the middle of a document.
        """
        from corpusval.runner import default_jobs

        if self._thread is None and not self._ended and (self.settings.jobs or default_jobs()) > 1:
            self._thread = threading.Thread(target=self._check, name="corpusval", daemon=True)
            self._thread.start()

    def _check(self) -> None:
        from corpusval.runner import run

        try:
            checked = run(
                self.paths,
                list(self.rules.values()),
                jobs=self.settings.jobs,
                cache_dir=self.settings.cache_dir,
                suppressions=self.suppressions,
                follow_links=self.settings.follow_links,
                max_document_bytes=self.settings.max_document_bytes,
                observer=self,
                stop=self._stop,
            )
            findings = checked.report.findings
            unused = [finding for finding in findings if finding.rule == UNUSED_SUPPRESSION]
            known: list[Finding] = []
            fixed = 0
            if self.settings.baseline is not None:
                findings, known, fixed = self.settings.baseline.split(findings)
            by_document: dict[tuple[str, str | None], list[Finding]] = {}
            for finding in findings:
                by_document.setdefault((finding.path, finding.record), []).append(finding)
            with self._news:
                self.unused, self.known, self.fixed, self._findings = unused, len(known), fixed, by_document
        except BaseException as failure:  # told to the main thread, which raises it where it waits
            self._failure = failure
        finally:
            with self._news:
                self._ended = True
                self._news.notify_all()

    def files(self, files: Sequence[FileRef]) -> None:  # Observer
        with self._news:
            self._found = {ref.shown: ref.path for ref in files}
            self._news.notify_all()

    def gathered(self, shard: Sequence[FileRef], result: Gathered) -> None:  # Observer
        changed = self.settings.changed
        with self._news:
            assert self._found is not None  # told before any shard
            for entry in result.entries:
                if changed is None or self._found.get(entry.path, entry.path) in changed:
                    self._by_file.setdefault(entry.path, []).append(entry)
            self._read.update(ref.shown for ref in shard)
            self._news.notify_all()

    def stop(self) -> None:
        """End a check still running (pytest was interrupted, or ends without the items): its workers stop now.

        A rule checking a document in this process (a corpus of one shard) cannot be stopped: pytest does
        not wait for it long, and its thread ends with the process.
        """
        if self._thread is not None and not self._ended:
            self._stop.set()
            self._thread.join(timeout=_STOP_WAIT)

    def _wait(self, ready: Callable[[], bool]) -> None:
        """Wait until `ready()` or the check has ended (starting it if need be); raise what it raised."""
        self.start()
        if self._thread is None and not self._ended:
            self._check()
        with self._news:
            self._news.wait_for(lambda: ready() or self._ended)
        if self._failure is not None:
            raise self._failure

    def _all_read(self) -> bool:
        return self._found is not None and len(self._read) == len(self._found)

    def checked(self) -> bool:
        """Whether this process checked the corpus (an xdist controller leaves that to its workers),
        waiting for the check to end.
        """
        if self._thread is None and not self._ended:
            return False
        self._wait(lambda: False)
        return True

    def holds(self, path: Path) -> bool:
        """Whether `path` is a document of this corpus (without reading anything)."""
        from corpusval.readers import DOCUMENT_SUFFIXES

        if path.suffix.lower() not in DOCUMENT_SUFFIXES or _needs_escapes(path):
            return False  # a name with an escape sequence or a line break is collected by its inert name, in `files`
        text = _absolute(path)
        return any(text == root or text.startswith(prefix) for root, prefix in self._roots)

    def corpus_files(self) -> Iterator[Path]:
        """Every corpus file with something to check, in a stable order (xdist needs it)."""
        self._wait(self._all_read)
        for shown in sorted(self._by_file):
            yield Path(shown)

    def entries_of(self, path: Path) -> list[Entry]:
        """The documents and unreadable records of one file, in file order: as soon as its shard is read."""
        from corpusval.readers import display_path

        shown = display_path(path)
        self._wait(lambda: self._found is not None and (shown in self._read or shown not in self._found))
        with self._news:
            return sorted(self._by_file.get(shown, []), key=lambda entry: entry.line)

    def findings(self, entry: Entry, rule_ids: tuple[str, ...]) -> list[Finding]:
        """The findings of some rules on one document (or its read error), once the check has ended."""
        if not self._ended:
            self._wait(lambda: False)
        return [finding for finding in self._findings.get((entry.path, entry.record), []) if finding.rule in rule_ids]

    def mark(self, item: pytest.Item, *names: str) -> None:
        """Add markers made once per name: looking a marker up by name for every item is slow."""
        for name in names:
            marker = self._markers.get(name)
            if marker is None:
                marker = self._markers[name] = getattr(pytest.mark, name)
            item.add_marker(marker)


def _absolute(path: Path) -> str:
    """`path.absolute()` as a string (made lexically, as pathlib makes it: `..` stays)."""
    return os.fspath(path.absolute())


class CorpusFile(pytest.File):
    """A corpus file: its items, or one collector per JSONL record."""

    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        corpus = self.config.stash[_SESSION]
        by_document = corpus.settings.items == "document"
        records: dict[str, list[Entry]] = {}
        for entry in corpus.entries_of(self.path):
            if entry.record is None:
                yield from _items_for(self, entry, by_document)
            else:
                records.setdefault(entry.record, []).append(entry)
        names: set[str] = set()
        for record, members in records.items():
            name = _UNSAFE_NAME.sub("_", record)
            if name in names:  # "a b" and "a/b" both read "a_b": the line tells them apart
                name = f"{name}@line-{members[0].line}"
            names.add(name)
            if by_document and len(members) == 1:
                yield _document_item(self, members[0], name)
            else:
                yield CorpusRecord.from_parent(self, name=name, members=members)


class CorpusRecord(pytest.Collector):
    """One JSONL record: its rules' items."""

    def __init__(self, *, members: list[Entry], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members = members

    def collect(self) -> Iterator[pytest.Item]:
        by_document = self.config.stash[_SESSION].settings.items == "document"
        for member in self.members:
            yield from _items_for(self, member, by_document)


def _items_for(parent: pytest.Collector, entry: Entry, by_document: bool) -> Iterator[pytest.Item]:
    if entry.unreadable:
        yield CorpusItem.from_parent(parent, name=READ_ERROR, entry=entry, rule_ids=(READ_ERROR,))
    elif by_document:
        yield _document_item(parent, entry, "document")
    else:
        for rule_id in entry.rules:
            yield CorpusItem.from_parent(parent, name=rule_id, entry=entry, rule_ids=(rule_id,))


def _document_item(parent: pytest.Collector, entry: Entry, name: str) -> CorpusItem:
    rule_ids = (READ_ERROR,) if entry.unreadable else entry.rules
    return CorpusItem.from_parent(parent, name=name, entry=entry, rule_ids=rule_ids)


class CorpusItem(pytest.Item):
    """Some rules (one, or all of a document's) on one document: fails on errors, warns on warnings."""

    def __init__(self, *, entry: Entry, rule_ids: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entry = entry
        self.rule_ids = rule_ids
        corpus = self.config.stash[_SESSION]
        if len(rule_ids) == 1:
            rule = corpus.rules.get(rule_ids[0])
            corpus.mark(self, MARKER, rule_ids[0], f"corpus_{rule.severity if rule else 'error'}")
        else:
            corpus.mark(self, MARKER)

    def runtest(self) -> None:
        from corpusval.finding import Severity

        findings = self.config.stash[_SESSION].findings(self.entry, self.rule_ids)
        for finding in findings:
            if finding.severity is Severity.WARNING:
                where = f"line {finding.line}, column {finding.column}"
                warning = CorpusWarning(f"{finding.rule} ({where}): {finding.message}", finding)
                # line 0: with the document's line, pytest's summary would print that line as it is
                warnings.warn_explicit(warning, CorpusWarning, finding.path, 0)
        errors = [finding for finding in findings if finding.severity is Severity.ERROR]
        if errors:
            raise CorpusFindings(errors)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, CorpusFindings):
            return "\n".join(_describe(finding) for finding in excinfo.value.findings)
        if isinstance(excinfo.value, CorpusWarning) and excinfo.value.finding:  # under `filterwarnings = error`
            return _describe(excinfo.value.finding)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        # Not a suffix of the node id: pytest would show its dots as "::" (corpus/a::md).
        return self.path, self.entry.line - 1, f"{self.name} of {self.entry.key}"


def _describe(finding: Finding) -> str:
    text = f"{finding.location()}: {finding.rule} {finding.message}"
    return f"{text}\n    | {finding.excerpt}" if finding.excerpt else text
