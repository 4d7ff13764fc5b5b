"""Shards: the unit of work a process or a cluster worker checks, and of what the cache keeps.

A corpus is cut into shards of about a megabyte each at places chosen by a hash of
each file's path, so adding or changing one file changes one shard and leaves the
others (and their cache entries) as they were. Checking a shard takes two calls:
`gather_shard` runs every per-document rule and summarizes the shard for the
corpus-wide rules; once all summaries are merged and finished, `judge_shard` runs
the corpus-wide rules. Both are plain functions of picklable arguments, so a
process pool or a Dask cluster can run them.

A file of up to `STREAM_BYTES` is read whole, once; a larger one (a JSONL dump of
gigabytes) is read as a stream, a record at a time, its digest taken as it is read,
so memory stays bounded by the size limit of one document.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from typing import IO, Any, NamedTuple

from corpusval.cache import Cache, content_digest, content_hasher, digest
from corpusval.document import Document, ReadProblem
from corpusval.engine import Engine, Marks, read_error_finding
from corpusval.finding import Finding
from corpusval.readers import ReadError, open_regular, read_data, read_regular, read_stream, unreadable

SHARD_BYTES = 1 << 20
STREAM_BYTES = 8 << 20
_MAX_SHARD_FILES = 4096
_HASH_SPACE = 1 << 64


class FileRef(NamedTuple):  # a tuple: a corpus has one per file, made, sent and compared by the ten thousand
    """A corpus file as the workers need it: where to read it, how to show it, what globs see."""

    path: str  # absolute, or a URL: workers may run in another folder, or on another machine
    shown: str
    inside: str
    size: int
    content: str | None = None  # its content digest, when the stat index knows it unchanged
    refusal: str | None = None  # why it is not read at all (a link out of the checked folders)


Chosen = dict[str, dict[int, str] | None]
"""Documents to judge, by file: the chosen records of a JSONL file (line -> name), None for a file that is one."""


class Entry(NamedTuple):
    """One document or unreadable file/record, as the pytest plugin makes items of it."""

    path: str
    record: str | None
    line: int
    key: str
    rules: tuple[str, ...]  # the ids of the rules that check it; empty for what could not be read
    unreadable: bool = False


@dataclass
class Gathered:
    """What phase one found in a shard."""

    findings: list[Finding]  # of per-document rules, and read errors
    summaries: dict[str, Any]  # corpus-wide rules' summaries, unfinished
    entries: list[Entry]
    documents: int
    contents: dict[str, str]  # each file's path -> its content digest, for the stat index
    wide: bool  # some document here is checked by a corpus-wide rule
    tallies: dict[str, Counter[str]] = field(default_factory=dict)  # by rule id, when the engine counts them
    key: str = ""
    cached: bool = field(default=False, compare=False)
    marks: list[Marks | None] = field(default_factory=list)  # each document's, in the order of `entries`

    def __getstate__(self) -> dict[str, Any]:
        """Its fields, the documents' entries and marks flattened: a worker sends 50,000 of each, and pickling a
        named tuple or an array calls Python for each (1.4 % of a worker's instructions went on it).
        """
        state = self.__dict__.copy()
        state["entries"] = [tuple(entry) for entry in self.entries]
        state["marks"] = _flat_marks(self.marks)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["entries"] = list(map(Entry._make, state["entries"]))
        state["marks"] = _marks_of(*state["marks"])
        self.__dict__.update(state)

    def to_judge(self, engine: Engine, reported: Set[int] | None) -> Chosen | None:
        """The documents phase two must judge (see `Engine.to_judge`); None: every document."""
        if reported is None:
            return None
        chosen: Chosen = {}
        documents = (entry for entry in self.entries if not entry.unreadable)
        for entry, marks in zip(documents, self.marks, strict=True):
            if engine.to_judge(marks, reported):
                if entry.record is None:
                    chosen[entry.path] = None
                else:
                    records = chosen.setdefault(entry.path, {})
                    assert records is not None  # a file is one document or records
                    records[entry.line] = entry.record
        return chosen


def _flat_marks(marks: Sequence[Marks | None]) -> tuple[Marks, array[int]]:
    """Every document's marks in one array, and where each ends (-1: None, a document judged whatever)."""
    flat: Marks = array("I")
    ends: array[int] = array("q")
    for document in marks:
        if document is None:
            ends.append(-1)
        else:
            flat.extend(document)
            ends.append(len(flat))
    return flat, ends


def _marks_of(flat: Marks, ends: array[int]) -> list[Marks | None]:
    marks: list[Marks | None] = []
    start = 0
    for end in ends:
        if end < 0:
            marks.append(None)
        else:
            marks.append(flat[start:end])
            start = end
    return marks


def split(files: Sequence[FileRef], target: int | None = None) -> list[tuple[FileRef, ...]]:
    """Cut `files` (in a stable order) into shards of about `target` bytes (default `SHARD_BYTES`).

    A shard ends after a file with probability size/target, decided by a hash of the
    file's path: the same file ends a shard in every run, whatever else was added.
    """
    target = target or SHARD_BYTES
    shards: list[tuple[FileRef, ...]] = []
    current: list[FileRef] = []
    for ref in files:
        current.append(ref)
        if _ends_shard(ref, target) or len(current) >= _MAX_SHARD_FILES:
            shards.append(tuple(current))
            current = []
    if current:
        shards.append(tuple(current))
    return shards


def _ends_shard(ref: FileRef, target: int) -> bool:
    position = int.from_bytes(hashlib.blake2b(ref.shown.encode("utf-8", "surrogatepass"), digest_size=8).digest())
    return position < _HASH_SPACE * ref.size / target


def gather_shard(
    engine: Engine, shard: Sequence[FileRef], context: str, cache: Cache | None, *, by_content: bool = True
) -> Gathered:
    """Phase one on a shard: per-document findings, corpus-wide summaries, and the items to show.

    The shard's key follows its files' bytes, for a cache here or in the process that merges the
    shards; `by_content=False`, for a run with no cache at all, names it by its files alone and
    spares a digest of every byte.
    """
    blobs = [_fetch(ref) for ref in shard]
    contents: dict[str, str] = {}
    if not by_content:
        key: str | None = digest("gather", context, *(ref.shown for ref in shard))
    else:
        # keyed by the bytes read, not by what the stat index said: the file may have changed since
        contents = {ref.path: _content(blob) for ref, blob in zip(shard, blobs, strict=True) if blob is not None}
        key = shard_key(context, shard, contents) if len(contents) == len(shard) else None  # a stream: once read
    if cache is not None and key is not None and (hit := cache.get(key)) is not None:
        hit.cached = True
        return hit  # type: ignore[no-any-return]
    findings: list[Finding] = []
    entries: list[Entry] = []
    names: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per set of rule ids, shared by entries
    documents = 0
    judged_widely = False
    tallies: dict[str, Counter[str]] = {}

    def read_documents() -> Iterator[Document]:
        nonlocal documents, judged_widely
        for item in _read_all(engine, shard, blobs, contents):
            if isinstance(item, ReadError):
                findings.append(read_error_finding(item))
                key = item.path if item.record is None else f"{item.path}::{item.record}"
                entries.append(Entry(item.path, item.record, item.problem.line, key, (), True))
                continue
            documents += 1
            plan = engine.plan(item)
            findings.extend(engine.judge_planned(item, {}, plan.per_document))
            ids = names.setdefault(plan.ids, plan.ids)
            entries.append(Entry(item.path, item.record, item.record_line or 1, item.key, ids))
            judged_widely = judged_widely or bool(plan.corpus_wide)
            if engine.tallies:
                for rule in (*plan.per_document, *plan.corpus_wide):
                    tallies.setdefault(rule.id, Counter()).update(rule.check.tally(item))
            yield item

    summaries, marks = engine.summarize(read_documents())
    key = key or shard_key(context, shard, contents)
    gathered = Gathered(findings, summaries, entries, documents, contents, judged_widely, tallies, key, marks=marks)
    if cache is not None:
        cache.put(key, gathered)
    return gathered


def gather_shards(
    engine: Engine, shards: Sequence[Sequence[FileRef]], context: str, cache: Cache | None, by_content: bool = True
) -> list[Gathered]:
    """Phase one on consecutive shards: each `gather_shard`, their summaries merged here, where they
    were made, and carried by the first (the others carry none), so that the process merging the
    corpus's receives and merges one summary for these shards.
    """
    results = [gather_shard(engine, shard, context, cache, by_content=by_content) for shard in shards]
    merged = engine.merge(result.summaries for result in results)
    return [replace(result, summaries=merged if index == 0 else {}) for index, result in enumerate(results)]


def judge_shards(
    engine: Engine,
    calls: Sequence[tuple[Sequence[FileRef], str, Chosen | None]],
    corpus: dict[str, Any],
    cache: Cache | None,
) -> list[Finding]:
    """Phase two on several shards: `judge_shard` of each (shard, key, documents), the corpus state sent once."""
    findings: list[Finding] = []
    for shard, key, documents in calls:
        findings.extend(judge_shard(engine, shard, corpus, key, cache, documents))
    return findings


def _content(blob: bytes | OSError | ReadProblem) -> str:
    if isinstance(blob, bytes):
        return content_digest(blob)
    return f"unreadable:{blob.errno}" if isinstance(blob, OSError) else f"refused:{blob.message}"


def shard_key(context: str, shard: Sequence[FileRef], contents: Mapping[str, str]) -> str:
    """The cache key of a shard's phase one: the rules and code (`context`), and each file's path and bytes.

    `contents` holds each file's content digest by its `path`: two shown paths may look alike once made inert.
    """
    return digest("gather", context, *(f"{ref.shown}\0{ref.inside}\0{contents[ref.path]}" for ref in shard))


def judge_shard(
    engine: Engine,
    shard: Sequence[FileRef],
    corpus: dict[str, Any],
    key: str,
    cache: Cache | None,
    documents: Chosen | None = None,
) -> list[Finding]:
    """Phase two on a shard: the corpus-wide rules' findings. `key` names the shard and the corpus state.

    Only `documents` are judged (see `Gathered.to_judge`), and only they are read; by default, all.
    """
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit  # type: ignore[no-any-return]
    wide = engine.corpus_wide
    findings: list[Finding] = []
    files = [ref for ref in shard if documents is None or ref.shown in documents]
    chosen = None if documents is None else [documents[ref.shown] for ref in files]
    for item in _read_all(engine, files, [_fetch(ref) for ref in files], {}, chosen):
        if isinstance(item, Document):
            findings.extend(engine.judge(item, corpus, wide))
    if cache is not None:
        cache.put(key, findings)
    return findings


def _read_all(
    engine: Engine,
    shard: Sequence[FileRef],
    blobs: Sequence[bytes | OSError | ReadProblem | None],
    contents: dict[str, str],
    chosen: Sequence[dict[int, str] | None] | None = None,
) -> Iterator[Document | ReadError]:
    """The documents of the shard's files (of each file, the `chosen` records when given: see `read_stream`);
    a large file's digest goes into `contents` once it is read.
    """
    limit = engine.max_document_bytes
    for index, (ref, blob) in enumerate(zip(shard, blobs, strict=True)):
        suffix = os.path.splitext(ref.path)[1]
        records = chosen[index] if chosen is not None else None
        if isinstance(blob, OSError):
            yield unreadable(ref.shown, blob)
        elif isinstance(blob, ReadProblem):
            yield ReadError(ref.shown, blob)
        elif isinstance(blob, bytes):
            yield from read_data(blob, ref.shown, ref.inside, suffix, limit, records)
        else:
            yield from _read_large(ref, suffix, limit, contents, records)


def _read_large(
    ref: FileRef, suffix: str, limit: int, contents: dict[str, str], records: dict[int, str] | None = None
) -> Iterator[Document | ReadError]:
    try:
        with _open(ref) as stream:
            hashing = _Hashing(stream)
            yield from read_stream(hashing, ref.shown, ref.inside, suffix, limit, records)
            contents[ref.path] = hashing.hexdigest()
    except OSError as error:
        contents[ref.path] = f"unreadable:{error.errno}"
        yield unreadable(ref.shown, error)


class _Hashing:
    """A stream that takes the `content_digest` of what is read through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream, self._hasher = stream, content_hasher()

    def read(self, size: int = -1, /) -> bytes:
        data = self._stream.read(size)
        self._hasher.update(data)
        return data

    def readline(self, size: int = -1, /) -> bytes:
        line = self._stream.readline(size)
        self._hasher.update(line)
        return line

    def hexdigest(self) -> str:
        return self._hasher.hexdigest()


def _fetch(ref: FileRef) -> bytes | OSError | ReadProblem | None:
    """A file's bytes, from this machine or, for a URL (s3://...), through fsspec; None for a file to stream.

    A file larger than `STREAM_BYTES`, by its size at discovery or by what is read now,
    is left to be read as a stream; a refused file is not opened at all.
    """
    if ref.refusal is not None:
        return ReadProblem(ref.refusal)
    if ref.size > STREAM_BYTES:
        return None
    try:
        if "://" in ref.path:
            with _open(ref) as stream:
                data = stream.read(STREAM_BYTES + 1)
        else:
            data = read_regular(ref.path, STREAM_BYTES)
    except OSError as error:
        return error
    return data if len(data) <= STREAM_BYTES else None


def _open(ref: FileRef) -> IO[bytes]:
    """The file open for reading: a local regular file (see `open_regular`), or a URL through fsspec."""
    if "://" in ref.path:
        import fsspec  # the Dask engine's dependency; a URL only reaches here through it

        return fsspec.open(ref.path, "rb").open()  # type: ignore[no-any-return]
    return open_regular(ref.path)
