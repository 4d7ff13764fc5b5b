"""Running the engine over a corpus: shards on a pool of processes, through the cache.

The CLI and the pytest plugin both call `run`. Phase one gathers every shard (in
worker processes, here for a small corpus or `jobs=1`, or on a Dask cluster); the
pool merges the summaries in shard order, so the corpus state is the same however
the work was spread, and finishes them; phase two judges the shards that hold
documents of corpus-wide rules. A shard whose result the cache holds is not sent
to a worker at all; a corpus the cache holds whole is told from one entry.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Protocol, TypeVar

from corpusval.cache import Cache, StatIndex, digest, identity, rules_digest, settled, state_digest
from corpusval.engine import Engine, Report
from corpusval.finding import Finding
from corpusval.inert import inert_path
from corpusval.options import MAX_DOCUMENT_BYTES
from corpusval.readers import Identity, Source, discover, relative_path
from corpusval.rules import Rule
from corpusval.shards import Chosen, Entry, FileRef, Gathered, gather_shards, judge_shards, shard_key, split
from corpusval.suppressions import Suppression, apply, unused_findings
from corpusval.urls import discover_urls, is_url


class Progress(Protocol):
    """Told how a run advances: each phase's number of files, then files and documents as shards finish."""

    def start(self, phase: str, files: int) -> None: ...

    def advance(self, files: int, documents: int) -> None: ...


class Pool(Protocol):
    """Where shards are checked: this process, a process pool, or a cluster.

    `shares_cache`: whether its workers are this user's processes on this machine, who
    may read and sign cache entries; a cluster's are not, and never see the cache.
    """

    shares_cache: bool
    workers: int  # how many calls it runs at once

    def map(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[int, Any]]:
        """Run `function(engine, *call)` for each call; yield (index of the call, result) as each completes."""
        ...

    def reduce(self, gathered: Sequence[Gathered]) -> dict[str, Any]:
        """The finished corpus state from the shards' summaries, merged in the order given."""
        ...


class Observer(Protocol):
    """Told what a run finds as it goes, before it ends: for a caller that can use it early (the pytest plugin)."""

    def files(self, files: Sequence[FileRef]) -> None:
        """Every file of the corpus, once found, before any is read."""
        ...

    def gathered(self, shard: Sequence[FileRef], result: Gathered) -> None:
        """A shard's phase one: its documents (`Gathered.entries`) are known."""
        ...


PoolFactory = Callable[[Engine, int], AbstractContextManager[Pool]]
"""Makes the pool a run uses, from the engine and the number of shards."""
_Item = TypeVar("_Item")
_MOST_SHARDS_A_CALL = 16
_JUDGE_CALLS_A_WORKER = 2
_JUDGED_FILE_BYTES = 150_000  # judging a file's documents costs about as much as reading this many bytes
_YOUNG_OBJECTS = 50_000  # allocations between a worker's garbage collections
_MANY_FILES = 512  # found so far: the corpus will be more than one shard, most likely


@dataclass
class Run:
    """A finished run: the report, and every document and unreadable file for the pytest plugin."""

    report: Report
    _entries: list[Entry] | bytes = field(default_factory=list, repr=False)
    cached_shards: int = 0
    shards: int = 0
    paths: dict[str, str] = field(default_factory=dict)  # each file's shown path -> its path as found (or URL)

    @property
    def entries(self) -> list[Entry]:
        """Every document and unreadable file or record, in shard order.

        A run the cache held whole keeps them pickled until asked for: the CLI rarely asks.
        """
        entries = self._entries
        if isinstance(entries, bytes):
            entries = self._entries = [Entry._make(fields) for fields in pickle.loads(entries)]
        return entries


@dataclass
class _Whole:
    """What a run found, as the cache keeps it for a corpus that comes back unchanged (see `_keep`)."""

    findings: list[Finding]
    documents: int
    shards: int
    tallies: dict[str, dict[str, int]]
    overviews: dict[str, list[dict[str, Any]]]
    entries: bytes  # pickled apart, as plain tuples (a named tuple pickles through Python): read when asked for


def default_jobs() -> int:
    """Both cores of a laptop or CI runner, or as many as this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    paths: Sequence[Path | str],
    rules: Sequence[Rule],
    *,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    suppressions: Sequence[Suppression] = (),
    pool: PoolFactory | None = None,
    tallies: bool = False,
    follow_links: bool = False,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    observer: Observer | None = None,
    stop: threading.Event | None = None,
) -> Run:
    """Check the corpus under `paths` (folders, files or URLs) with `rules`.

    Shards go to `pool` (by default `jobs` local processes, one per core), through
    the cache at `cache_dir`. Findings that `suppressions` accept are set aside in
    `Report.suppressed`; a suppression that accepts nothing becomes a warning.
    With `tallies`, the report also carries each kind's corpus tally and overview.
    Links out of the checked folders are reported, not read, unless `follow_links`;
    documents larger than `max_document_bytes` are reported, not read.
    `observer` hears of the files and of each shard's documents as they are known; setting
    `stop` ends a run of local processes within a fifth of a second, raising `Stopped`.
    """
    cache = Cache.open(cache_dir) if cache_dir is not None else None
    engine = Engine(rules, tallies, max_document_bytes)
    context = _context(engine)
    factory = pool or local_pool(jobs, stop)
    early = factory if isinstance(factory, LocalPools) else None
    index = None
    try:
        start = None if early is None else partial(early.start, engine)
        # with a cache, workers are started once it is known how many files it does not know
        files, identities = _file_refs(paths, follow_links, many=start if cache is None else None)
        # an observer hears of each shard: its run is never told whole, nor kept so
        whole_key = _whole_key(context, files, identities) if cache is not None and observer is None else None
        outcome = None
        if cache is not None and whole_key is not None:
            outcome = _told(cache, whole_key, engine, len(files), progress)
        if outcome is None:
            if cache is not None:
                index = StatIndex(cache)
                files = _known(files, identities, index, many=start)
            if observer is not None:
                observer.files(files)
            shards = split(files)
            with factory(engine, len(shards)) as chosen:
                outcome = check_shards(chosen, engine, context, shards, cache, progress, observer)
            if cache is not None and whole_key is not None:
                _keep(cache, whole_key, identities, outcome)
    finally:
        if early is not None:
            early.close()
    if index is not None:
        _remember(index, files, identities, outcome.contents)
    outcome.run.paths = {ref.shown: ref.path for ref in files}
    if suppressions:
        # with files named one by one (a pre-commit hook), a suppression may match nothing for lack of a chance
        whole = all(is_url(path) or Path(path).is_dir() for path in paths)
        _suppress(outcome.run.report, suppressions, {ref.shown: ref.inside for ref in files}, report_unused=whole)
    return outcome.run


def local_pool(jobs: int | None, stop: threading.Event | None = None) -> LocalPools:
    """Processes on this machine, `jobs` of them (default: one per core); none for one shard or `jobs=1`.

    Setting `stop` makes the pool's `map` raise `Stopped` (see `run`).
    """
    return LocalPools(default_jobs() if jobs is None else jobs, stop)


class Stopped(Exception):
    """A run ended by setting its `stop` event."""


def _check_stop(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise Stopped("the run was stopped")


class LocalPools:
    """The pool factory of a run on this machine, which may start its workers before it is asked for them.

    A worker takes half a second to start and be prepared (imports, the engine, the rules'
    tables: see `Engine.prepare`); started as soon as the corpus shows itself large, workers
    are ready once its files are found and cut into shards.
    """

    def __init__(self, jobs: int, stop: threading.Event | None = None) -> None:
        self.jobs = jobs
        self.stop = stop
        self._started: LocalPool | None = None

    def start(self, engine: Engine) -> None:
        """Start the workers now, for a run of `engine` that will have more than one shard."""
        if self.jobs > 1 and self._started is None:
            self._started = LocalPool(engine, self.jobs, self.stop)
            self._started.start()

    def __call__(self, engine: Engine, shards: int) -> AbstractContextManager[Pool]:
        if self.jobs > 1 and shards > 1:
            started, self._started = self._started, None
            if started is not None and started.engine is engine:
                return started
            return LocalPool(engine, self.jobs, self.stop)
        return nullcontext(InProcess(engine, self.stop))

    def close(self) -> None:
        """Stop workers started for nothing: the run failed, or it had one shard after all."""
        if self._started is not None:
            self._started.__exit__(None)
            self._started = None


def _suppress(
    report: Report, suppressions: Sequence[Suppression], inside: dict[str, str], *, report_unused: bool
) -> None:
    applied = apply(report.findings, suppressions, inside)
    unused = unused_findings(applied.unused) if report_unused else []
    report.findings = sorted([*applied.kept, *unused])
    report.suppressed = applied.suppressed


@dataclass
class _Outcome:
    run: Run
    contents: dict[str, str]


def _context(engine: Engine) -> str:
    """What every cache key of a run holds: the rules and corpusval's code, and the engine's settings."""
    return f"{rules_digest(engine.rules)}+{engine.max_document_bytes}" + ("+tallies" if engine.tallies else "")


def _told(cache: Cache, key: str, engine: Engine, files: int, progress: Progress | None) -> _Outcome | None:
    """The outcome of a run over these very files, unchanged since, when the cache keeps it under `key`
    (see `_keep`)."""
    told = cache.get(key)
    if told is None:
        return None
    if progress is not None:
        progress.start("checking", files)
        progress.advance(files, told.documents)
    report = Report(told.findings, told.documents, files, list(engine.rules), told.tallies, told.overviews)
    return _Outcome(Run(report, told.entries, told.shards, told.shards), {})


def _keep(cache: Cache, key: str, identities: dict[str, Identity], outcome: _Outcome) -> None:
    """Keep a run's whole outcome under `key`, its files' paths and statuses as the stat index knows files
    (see `_whole_key`): an unchanged corpus is then told from one entry, without the stat index, nor its
    shards' summaries, documents and marks (40 MB for 100k documents). Only for files all settled (see
    `cache.settled`).
    """
    if all(settled(seen_as) for seen_as in identities.values()):
        run, report = outcome.run, outcome.run.report
        entries = pickle.dumps([tuple(entry) for entry in run.entries], protocol=pickle.HIGHEST_PROTOCOL)
        cache.put(key, _Whole(report.findings, report.documents, run.shards, report.tallies, report.overviews, entries))


def _whole_key(context: str, files: Sequence[FileRef], identities: dict[str, Identity]) -> str | None:
    """The cache key of a run's outcome: the rules and code, and each file's path and status, when all have one."""
    if len(identities) != len(files):  # a file not read (a link out), not found, or a URL
        return None
    # no path holds a NUL (a shown one is inert): the joined list reads back one way only
    listed = "\0".join(f"{ref.shown}\0{ref.inside}" for ref in files)
    return digest("run", context, listed, repr([identities[ref.path] for ref in files]))


def check_shards(
    pool: Pool,
    engine: Engine,
    context: str,
    shards: Sequence[Sequence[FileRef]],
    cache: Cache | None,
    progress: Progress | None,
    observer: Observer | None = None,
) -> _Outcome:
    """Both phases over `shards`, on `pool`; the cache is consulted here first and filled by the workers."""
    files = sum(len(shard) for shard in shards)
    if progress is not None:
        progress.start("checking", files)
    gathered: list[Gathered | None] = [None] * len(shards)
    pending: list[tuple[Any, ...]] = []
    for number, shard in enumerate(shards):
        known = _known_key(shard, context)
        hit = cache.get(known) if cache is not None and known is not None else None
        if hit is not None:
            hit.cached = True
            gathered[number] = hit
            if progress is not None:
                progress.advance(len(shard), hit.documents)
            if observer is not None:
                observer.gathered(shard, hit)
        else:
            pending.append((number, shard))
    workers_cache = cache if pool.shares_cache else None
    chunks = _chunks(pending, pool.workers)
    calls = [([shard for _, shard in chunk], context, workers_cache, cache is not None) for chunk in chunks]
    for index, results in pool.map(gather_shards, calls):
        for (number, shard), result in zip(chunks[index], results, strict=True):
            gathered[number] = result
            if progress is not None:
                progress.advance(len(shard), result.documents)
            if observer is not None:
                observer.gathered(shard, result)
    done = [result for result in gathered if result is not None]
    corpus = _corpus_state(pool, done, context, cache)
    findings = [finding for result in done for finding in result.findings]
    if engine.corpus_wide:
        findings.extend(_judge(pool, engine, shards, done, corpus, cache, progress))
    report = Report(sorted(findings), sum(result.documents for result in done), files, list(engine.rules))
    if engine.tallies:
        report.tallies = _sum_tallies(engine, done)
        report.overviews = {rule.id: rule.check.overview(corpus[rule.id]) for rule in engine.corpus_wide}
    contents = {path: content for result in done for path, content in result.contents.items()}
    entries = [entry for result in done for entry in result.entries]
    cached = sum(1 for result in done if result.cached)
    return _Outcome(Run(report, entries, cached, len(shards)), contents)


def _chunks(items: Sequence[_Item], workers: int) -> list[list[_Item]]:
    """`items` in runs of consecutive ones for one call each: as few calls as keeps `workers` busy.

    Each call's results come back to this process (a shard's summary alone is half a megabyte
    of pickled names). The first runs are short, so that results come soon (the pytest plugin
    collects a shard's items as soon as it is gathered); runs then double, up to
    `_MOST_SHARDS_A_CALL`, and shrink towards the end so that no worker is left alone with a long one.
    """
    chunks: list[list[_Item]] = []
    start, size = 0, 1
    while start < len(items):
        size = min(size, _MOST_SHARDS_A_CALL, max(1, -(-(len(items) - start) // (4 * workers))))
        chunks.append(list(items[start : start + size]))
        start += size
        size *= 2
    return chunks


def _in_parts(items: Sequence[_Item], weights: Sequence[int], parts: int) -> list[list[_Item]]:
    """`items` in at most `parts` runs of consecutive ones, of about equal total weight."""
    total, weight = sum(weights), 0
    chunks: list[list[_Item]] = []
    current: list[_Item] = []
    for item, item_weight in zip(items, weights, strict=True):
        current.append(item)
        weight += item_weight
        if weight * parts >= total * (len(chunks) + 1):
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _corpus_state(pool: Pool, gathered: Sequence[Gathered], context: str, cache: Cache | None) -> dict[str, Any]:
    """The finished corpus state, from the cache when no shard changed: merging and clustering are skipped."""
    key = digest("corpus", context, *(result.key for result in gathered))
    state = cache.get(key) if cache is not None else None
    if state is None:
        state = pool.reduce(gathered)
        if cache is not None:
            cache.put(key, state)
    return state


def _sum_tallies(engine: Engine, gathered: Sequence[Gathered]) -> dict[str, dict[str, int]]:
    totals: dict[str, Counter[str]] = {}
    for result in gathered:
        for rule_id, counts in result.tallies.items():
            totals.setdefault(rule_id, Counter()).update(counts)
    return {rule.id: dict(totals[rule.id]) for rule in engine.rules if totals.get(rule.id)}


def _known_key(shard: Sequence[FileRef], context: str) -> str | None:
    """The shard's cache key when the stat index knows every file in it (the key `gather_shard` computes)."""
    contents = {ref.path: ref.content for ref in shard if ref.content is not None}
    return shard_key(context, shard, contents) if len(contents) == len(shard) else None


def _judge(
    pool: Pool,
    engine: Engine,
    shards: Sequence[Sequence[FileRef]],
    gathered: Sequence[Gathered],
    corpus: dict[str, Any],
    cache: Cache | None,
    progress: Progress | None,
) -> Iterator[Finding]:
    state = state_digest(corpus)
    reported = engine.reported(corpus)
    calls: list[tuple[Sequence[FileRef], str, Chosen | None]] = []
    for shard, result in zip(shards, gathered, strict=True):
        if not result.wide:
            continue
        key = digest("judge", result.key, state)
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            yield from hit
            continue
        documents = result.to_judge(engine, reported)
        if documents is None:
            calls.append((shard, key, documents))
        elif documents:  # only the files to judge are sent; a shard with none is not read again
            calls.append((tuple(ref for ref in shard if ref.shown in documents), key, documents))
    if progress is not None:
        progress.start("cross-checking", sum(len(call[0]) for call in calls))
    # few calls, each sent the corpus state: phase two reads a few documents of most shards. Each file
    # weighs what judging its documents costs, and its bytes: a record chosen in a JSONL file is found
    # by reading the lines before it.
    weights = [sum(_JUDGED_FILE_BYTES + ref.size for ref in call[0]) for call in calls]
    chunks = _in_parts(calls, weights, _JUDGE_CALLS_A_WORKER * pool.workers)
    workers_cache = cache if pool.shares_cache else None
    for index, findings in pool.map(judge_shards, [(chunk, corpus, workers_cache) for chunk in chunks]):
        if progress is not None:
            progress.advance(sum(len(shard) for shard, _, _ in chunks[index]), 0)
        yield from findings


def _file_refs(
    paths: Sequence[Path | str], follow_links: bool, many: Callable[[], None] | None = None
) -> tuple[list[FileRef], dict[str, Identity]]:
    """The corpus files in a stable order, and the status of each (by its path) as seen before anything is read.

    `many` is called once, as soon as the files found are too many to be one shard's (see `LocalPools`).
    """
    local = [Path(path) for path in paths if not is_url(path)]
    found: list[tuple[str, str, Source]] = []  # (shown, absolute path, source): sorted by the first two
    folders: dict[str, tuple[str, str]] = {}  # each folder's absolute path and shown path, worked out once
    for source in discover(local, follow_links) if local else ():
        name = source.path.rpartition(os.sep)[2]
        folder = source.path[: len(source.path) - len(name)]  # with its separator: "/" stays "/", "" is "."
        paths_in = folders.get(folder)
        if paths_in is None:
            absolute = os.path.join(os.path.abspath(folder or os.curdir), "")
            paths_in = folders[folder] = (absolute, relative_path(folder))
        found.append((inert_path(paths_in[1] + name), paths_in[0] + name, source))  # as `display_path` shows it
        if len(found) == _MANY_FILES and many is not None:
            many()
    found.sort()  # no two files have the same path
    files: list[FileRef] = []
    identities: dict[str, Identity] = {}
    taken: set[str] = set()
    for shown, path, source in found:
        shown = _unique(shown, taken)
        if source.refusal is not None:  # not even its status: a link out of the corpus is never followed
            files.append(FileRef(path, shown, source.inside, 0, refusal=source.refusal))
            continue
        seen_as = source.identity
        if seen_as is None:  # not given by the listing: a link, or a file named by itself
            try:
                seen_as = identity(os.stat(path))
            except OSError:  # the reader reports it
                files.append(FileRef(path, shown, source.inside, 0))
                continue
        identities[path] = seen_as
        files.append(FileRef(path, shown, source.inside, seen_as[0]))
    for url in (str(path) for path in paths if is_url(path)):
        files.extend(
            FileRef(remote.url, inert_path(remote.url), remote.inside, remote.size) for remote in discover_urls(url)
        )
    return files, identities


def _known(
    files: list[FileRef], identities: dict[str, Identity], index: StatIndex, many: Callable[[], None] | None = None
) -> list[FileRef]:
    """`files`, each with its content digest where the stat `index` knows it unchanged.

    `many` is called once, when those it does not know are too many to be one shard's (workers started
    for a corpus the cache holds whole would only take a core from this process).
    """
    known: list[FileRef] = []
    unknown = 0
    for ref in files:
        seen_as = identities.get(ref.path)
        content = None if seen_as is None else index.lookup(ref.path, seen_as)
        if content is None:
            unknown += 1
            if unknown == _MANY_FILES and many is not None:
                many()
            known.append(ref)
        else:
            known.append(ref._replace(content=content))
    return known


def _unique(shown: str, taken: set[str]) -> str:
    """`shown`, or `shown~2`, `shown~3`...: two names can look alike once made inert (`a\\x1b` and `a<ESC>`)."""
    unique, count = shown, 1
    while unique in taken:
        count += 1
        unique = f"{shown}~{count}"
    taken.add(unique)
    return unique


def _remember(
    index: StatIndex, files: Iterable[FileRef], identities: dict[str, Identity], contents: dict[str, str]
) -> None:
    """Record each file's digest against its status before it was read: a later change shows in the status."""
    for ref in files:
        if ref.content is not None:  # the index knew it unchanged
            continue
        content, seen_as = contents.get(ref.path), identities.get(ref.path)
        if content is not None and seen_as is not None and not content.startswith("unreadable:"):
            index.record(ref.path, seen_as, content)
    index.save()


class _ReducesHere:
    """Pools of this machine, whose shards' summaries come back to this process, to be merged and finished here."""

    shares_cache = True

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def reduce(self, gathered: Sequence[Gathered]) -> dict[str, Any]:
        return self.engine.finish(self.engine.merge(item.summaries for item in gathered))


class InProcess(_ReducesHere):
    """Shards checked one after another in this process: small corpora, `--jobs 1`."""

    workers = 1

    def __init__(self, engine: Engine, stop: threading.Event | None = None) -> None:
        super().__init__(engine)
        self._stop = stop

    def map(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[int, Any]]:
        for index, call in enumerate(calls):
            _check_stop(self._stop)
            yield index, function(self.engine, *call)


_WORKER_ENGINE: Engine | None = None


def _start_worker(engine: Engine) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine
    # Ctrl-C signals the whole process group: the parent stops the workers, which would only print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine.prepare()
    collect_less()


def collect_less() -> None:
    """Tune the garbage collector of a process that corpusval owns (a worker, the CLI's) for a run.

    What the process holds from now on (modules, tables, the engine) is never garbage: it is left out
    of the collector's scans, which would walk it ever more often (and, in a worker, copy the pages
    the forkserver shares). A document makes thousands of short-lived objects, and few cycles: collecting
    every 700 allocations took a fifth of a worker's time, every 10,000 still 2 %.
    """
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


def _ready(engine: Engine) -> None:
    """A call that only makes a worker start (see `LocalPool.start`)."""


def _in_worker(function: Callable[..., Any], call: tuple[Any, ...]) -> Any:
    assert _WORKER_ENGINE is not None, "the pool's initializer sets the engine"
    return function(_WORKER_ENGINE, *call)


class LocalPool(_ReducesHere):
    """Shards checked on a pool of processes, each with a copy of the engine, sent once."""

    def __init__(self, engine: Engine, jobs: int, stop: threading.Event | None = None) -> None:
        super().__init__(engine)
        self.workers = jobs
        self._stop = stop
        # not "fork": forking a process that runs threads (pytest-xdist's, a progress bar's) can deadlock
        context: BaseContext = multiprocessing.get_context("spawn")
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["__main__", "corpusval.preload"])  # unless a forkserver runs already
        self._executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(engine,))

    def start(self) -> None:
        """Start every worker now rather than on the first shards: each gets ready while the caller goes on.

        From a thread: starting a worker waits until the forkserver has loaded what workers need.
        """
        threading.Thread(target=self._start_workers, name="corpusval-start-workers", daemon=True).start()

    def _start_workers(self) -> None:
        for _ in range(self.workers):
            try:
                self._executor.submit(_in_worker, _ready, ())
            except RuntimeError:  # shut down meanwhile: the run had one shard after all, or failed
                return

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *rest: object) -> None:
        if error_type is not None:  # interrupted, or failed: the shards still running are not wanted
            self._stop_workers()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _stop_workers(self) -> None:
        """Kill the workers and wait until they are gone; shutting down would wait for their shards to finish.

        Python 3.14's `kill_workers()`, through the private map of workers 3.11 has. A
        kill, not a SIGTERM a kind might trap: nothing may keep an interrupted run waiting.
        Waiting on their sentinels, without reading them, leaves the pool's own thread to
        find them dead, and it then sends them nothing more.
        """
        workers = list(self._executor._processes.values())
        for worker in workers:
            worker.kill()
        alive = [worker.sentinel for worker in workers]
        while alive:  # `wait` returns when any is ready
            ready = multiprocessing.connection.wait(alive)
            alive = [sentinel for sentinel in alive if sentinel not in ready]

    def map(self, function: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[tuple[int, Any]]:
        futures: dict[Future[Any], int] = {
            self._executor.submit(_in_worker, function, call): index for index, call in enumerate(calls)
        }
        if calls:  # this process finishes what the workers gather: it gets ready while they work
            self.engine.prepare()
        pending = set(futures)
        while pending:  # with a stop event, woken now and then to look at it
            done, pending = wait(pending, None if self._stop is None else 0.2, FIRST_COMPLETED)
            _check_stop(self._stop)
            for future in done:
                yield futures[future], future.result()
