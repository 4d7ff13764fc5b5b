"""Readers: find the documents under the checked paths and turn files into `Document`s.

A reader never raises on corpus content: what it cannot read becomes a `ReadError`
(reported under the built-in rule `read-error`) or a `Document` that carries its
decoding problem (reported by the `encoding` kind), and the run goes on.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ruamel.yaml.comments import CommentedMap

from corpusval import yamlio
from corpusval.document import Document, ReadProblem, iter_lines
from corpusval.inert import inert, inert_path
from corpusval.options import MAX_DOCUMENT_BYTES

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSONL_SUFFIXES

_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_HEADING = re.compile(r"^(#[ \t]+(.*?)[ \t#]*)\r?$", re.MULTILINE)  # group 1 starts the line, 2 is the title
# The same after a line break, which `re` searches for in C; a search for "^" tries every offset.
_NEXT_FENCE = re.compile(r"\n((?:---|\.\.\.)[ \t]*\r?)$", re.MULTILINE)
_NEXT_HEADING = re.compile(r"\n(#[ \t]+(.*?)[ \t#]*)\r?$", re.MULTILINE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_JSON_AT = re.compile(r"(?: starting)? at$")  # json's "Unterminated string starting at": the finding says where
_ALIASES = {"body": "text", "date": "published"}
_RECORD_NAME_LIMIT = 120
_BINARY_SNIFF = 8192  # a JSONL file is read a line at a time: NUL bytes near its start make it binary, as git says

FRONT_MATTER_CHARS = 32 * 1024
"""The most front matter read (real front matter is a few hundred bytes; the YAML parser reads ~30 KB/s)."""


class ByteStream(Protocol):
    """What readers read from: an open binary file, a `BytesIO`, an fsspec file."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


class PathError(ValueError):
    """A path given to check does not exist: a usage error, not a finding."""


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file or record that could not be read; becomes a `read-error` finding."""

    path: str
    problem: ReadProblem
    record: str | None = None


Item = Document | ReadError


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as findings show it: relative to the working directory when inside it, and inert.

    `path` is normalized, as a `Path` or `discover` gives it. Inert (see `corpusval.inert`): a
    file name may hold an escape sequence or a line break, and it is shown in terminals and CI
    logs. Relative by a lexical test on strings, as `Path.relative_to` makes, without building
    paths: a large corpus given by its absolute path has tens of thousands of them.
    """
    relative = relative_path(os.fspath(path))
    return inert_path(relative) if relative else "."


def relative_path(text: str) -> str:
    """`text` relative to the working directory when inside it ("" for the directory itself), with "/"
    between its parts: `display_path` before it is made inert. For a folder ending with its separator,
    what its files' paths start with.
    """
    if not os.path.isabs(text):  # relative already: the common case needs no working directory
        return _posix(text)
    here = os.getcwd()
    if text == here:
        return ""
    inside = here if here.endswith(os.sep) else here + os.sep
    return _posix(text[len(inside) :] if text.startswith(inside) else text)


def _posix(path: str) -> str:
    return path if os.sep == "/" else path.replace(os.sep, "/")


Identity = tuple[int, int, int, int]
"""A file as the stat index knows it: size, mtime_ns, ctime_ns, inode (`cache.identity` of its status)."""


class Source(NamedTuple):
    """A document file, and its path inside the folder it was found in (what `files` globs match).

    `refusal` says why it is not read, when it is a link that leads out of the checked folders.
    """

    path: str  # normalized, as `Path` makes it
    inside: str
    refusal: str | None = None
    identity: Identity | None = None  # when the listing gave it


# Folders that hold tools, not documents (pytest's `norecursedirs` defaults, less the dotted ones).
_NOT_CORPUS = frozenset({"node_modules", "venv", "__pycache__", "site-packages", "_darcs", "CVS", "{arch}"})
_LINK_OUT = "symbolic link to {} outside the checked folders: not {} (--follow-symlinks allows it)"


def discover(paths: Iterable[Path], follow_links: bool = False) -> Iterator[Source]:
    """Yield the document files under `paths`, each once, directories walked in sorted order.

    Inside directories only known document suffixes are taken, and hidden entries
    (`.git`, `.venv`) and tool folders (`node_modules`, `venv`) are skipped; a file
    named explicitly is always taken. A symbolic link is followed only when it leads
    inside the checked folders (for a file named explicitly: or inside the working
    folder, the repository a pre-commit hook runs in), unless `follow_links`; one that
    leads out is yielded with its refusal, so that it is reported, never read: a pull
    request can add a link to a private key. Linked folders are entered only with
    `follow_links`, each once (a link loop ends there).
    """
    paths = list(paths)
    for root in paths:
        if not root.exists():
            raise PathError(
                f"{inert_path(str(root))}: no such file or directory; pass a corpus folder or document file"
            )
    folders = [os.path.realpath(root) for root in paths if root.is_dir()]
    walk = _Walk(folders, follow_links)
    named = _Boundary([*folders, os.path.realpath(os.curdir)], follow_links)
    seen: set[str] = set()
    for root in paths:
        found = walk.folder(root) if root.is_dir() else [named.source(os.fspath(root), root.name)]
        for source, real in found:
            if real not in seen:  # a document reached through a link is still one document
                seen.add(real)
                yield source


class _Boundary:
    """The folders a link may lead into and be followed."""

    def __init__(self, folders: Sequence[str], follow_links: bool) -> None:
        self._folders = [folder.rstrip(os.sep) + os.sep for folder in folders]
        self.follow_links = follow_links

    def allows(self, real: str) -> bool:
        return self.follow_links or any((real + os.sep).startswith(folder) for folder in self._folders)

    def source(self, path: str, inside: str) -> tuple[Source, str]:
        """A document file and its real path (the link's own path, for a link not followed).

        The real path is what is judged: a file named through a linked folder leads where the folder does.
        """
        real = os.path.realpath(path)
        if real == os.path.abspath(path) or self.allows(real):  # no link on the way, or one that stays inside
            return Source(path, inside), real
        return Source(path, inside, _LINK_OUT.format("a file", "read")), os.path.abspath(path)


class _Walk(_Boundary):
    """Walks checked folders: their documents, in sorted order, each with its real path.

    Only links are resolved: a folder reached without one is its parent's real path
    plus its name (resolving each path, or even each folder, costs more than reading
    the documents).
    """

    def __init__(self, folders: Sequence[str], follow_links: bool) -> None:
        super().__init__(folders, follow_links)
        self._entered: set[str] = set()

    def folder(self, root: Path) -> Iterator[tuple[Source, str]]:
        top = os.fspath(root)
        # (folder, how paths in it start, its path inside the root, its real path): a stack, as trees can be deep
        pending = [(top, "" if top == os.curdir else os.path.join(top, ""), "", os.path.realpath(root))]
        while pending:
            folder, start, inside, real = pending.pop()
            if real in self._entered:
                continue
            self._entered.add(real)
            subfolders: list[tuple[str, str, str, str]] = []
            real_inside = os.path.join(real, "")
            for name, kind, identity in sorted(list_folder(folder)):  # by name: no two are alike
                if name.startswith("."):
                    continue
                path = start + name  # not os.path.join, which keeps the "./" of the current folder, as `Path` does not
                if kind == _FOLDER or (kind == _LINK and os.path.isdir(path)):  # a link loop is neither
                    if name in _NOT_CORPUS:
                        continue
                    if kind == _FOLDER:
                        subfolders.append((path, path + os.sep, inside + name + "/", real_inside + name))
                    elif self.follow_links:
                        subfolders.append((path, path + os.sep, inside + name + "/", os.path.realpath(path)))
                    elif not self.allows(os.path.realpath(path)):
                        yield Source(path, inside + name, _LINK_OUT.format("a folder", "entered")), path
                elif name[name.rfind(".") :].lower() in DOCUMENT_SUFFIXES:  # its suffix: hidden names are gone
                    if kind == _LINK:
                        yield self.source(path, inside + name)
                    else:
                        yield Source(path, inside + name, identity=identity), real_inside + name
            pending.extend(reversed(subfolders))


_FOLDER, _FILE, _LINK = 1, 2, 3  # the kinds of a folder's entries, as `_listing` tells them apart


def list_folder(folder: str) -> list[tuple[str, int, Identity | None]]:
    """The entries of `folder` as (name, kind, identity), in no order: what the walk needs of them.

    `kind` tells a folder, a link and anything else (a file), without following links; the
    identity (size, mtime_ns, ctime_ns, inode: what the stat index compares) is given for regular
    files by the compiled `_listing`, which reads it with the listing, and is None otherwise. A
    folder that cannot be listed holds no document corpusval can read: it is empty.
    """
    if _listing is not None:
        return _listing.list_folder(os.fsencode(folder)) or []
    try:
        with os.scandir(folder) as entries:
            return [(entry.name, _kind(entry), None) for entry in entries]
    except OSError:
        return []


def _kind(entry: os.DirEntry[str]) -> int:
    try:
        return _LINK if entry.is_symlink() else _FOLDER if entry.is_dir(follow_symlinks=False) else _FILE
    except OSError:  # gone, or its type could not be read: the reader says what it is
        return _FILE


try:
    from corpusval import _listing
except ImportError:  # not compiled (no C compiler, or Windows): folders are listed by os.scandir, files stat-ed later
    _listing = None  # type: ignore[assignment]


def read(source: Source, shown_as: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Item]:
    """Read one file into documents (one per JSONL record) and read errors."""
    shown = shown_as or display_path(source.path)
    suffix = os.path.splitext(source.path)[1]
    try:
        if suffix.lower() not in JSONL_SUFFIXES:  # read whole, as a shard's files are
            yield from read_data(read_regular(source.path, max_bytes), shown, source.inside, suffix, max_bytes)
            return
        with open_regular(source.path) as stream:
            yield from read_stream(stream, shown, source.inside, suffix, max_bytes)
    except OSError as error:
        yield unreadable(shown, error)


def open_regular(path: str) -> io.BufferedReader:
    """The file open for reading, if it is a regular file: a device (a link to /dev/zero) or a pipe never ends."""
    return os.fdopen(_regular_descriptor(path)[0], "rb")


def read_regular(path: str, limit: int) -> bytes:
    """The first `limit + 1` bytes of a regular file (more than `limit`: it is too large to read whole).

    Read by `os.read`, sized by the file's status: a buffered `read(limit + 1)` allocates the
    whole limit for every file, which cost more than reading a news story.
    """
    descriptor, status = _regular_descriptor(path)
    try:
        left = limit + 1
        chunks = []
        size = min(status.st_size + 1, left)  # one byte more: a file that grew since is read on
        while left and (chunk := os.read(descriptor, size)):
            chunks.append(chunk)
            left -= len(chunk)
            size = left
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _regular_descriptor(path: str) -> tuple[int, os.stat_result]:
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe must not block the open
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "not a regular file (a device, a pipe or a socket)")
    return descriptor, status


def unreadable(shown: str, error: OSError) -> ReadError:
    """The read error of a file that cannot be opened or read."""
    return ReadError(shown, ReadProblem(f"cannot read file: {error.strerror or error}"))


def read_data(
    data: bytes,
    shown: str,
    inside: str,
    suffix: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    records: Mapping[int, str] | None = None,
) -> Iterator[Item]:
    """Documents from a file's bytes, for whoever fetched them: a local file, a URL on a cluster, a rule example.

    `suffix` (".md", ".jsonl", ...) picks the reader; `shown` is the path findings show;
    `records` as for `read_stream`, which gives the same items.
    """
    where = _Where(shown, inside)
    if suffix.lower() in JSONL_SUFFIXES:
        head = data[:_BINARY_SNIFF]
        return _read_jsonl_file(where, head, _records(io.BytesIO(data).readline, max_bytes), max_bytes, records)
    return iter((_read_whole(where, data[: max_bytes + 1], suffix, max_bytes),))  # what read_stream reads of it


def read_stream(
    stream: ByteStream,
    shown: str,
    inside: str,
    suffix: str,
    max_bytes: int,
    records: Mapping[int, str] | None = None,
) -> Iterator[Item]:
    """Documents from an open file, in memory bounded by `max_bytes`, the size limit of one document.

    A JSONL file is read a record at a time, so a file of any size can be checked; a
    document (a text file, a record) larger than the limit is a read error, and only
    its first `max_bytes` are ever held. With `records` (line -> record name, as a
    first reading named them), only those records of a JSONL file are read, and only
    those documents come; the other lines are not even parsed.
    """
    where = _Where(shown, inside)
    if suffix.lower() in JSONL_SUFFIXES:
        head = stream.read(_BINARY_SNIFF)
        lines = _records(_Joined(head, stream).readline, max_bytes)
        yield from _read_jsonl_file(where, head, lines, max_bytes, records)
        return
    yield _read_whole(where, stream.read(max_bytes + 1), suffix, max_bytes)


def _read_whole(where: _Where, data: bytes, suffix: str, max_bytes: int) -> Item:
    """A text or Markdown file from its first `max_bytes + 1` bytes."""
    if len(data) > max_bytes:
        return ReadError(where.shown, ReadProblem(f"file is larger than {_size(max_bytes)}, {_LIMIT_ADVICE}"))
    if _is_binary(data):
        return _binary_document(where, data)
    return _READERS.get(suffix.lower(), _read_text)(where, data)


def _read_jsonl_file(
    where: _Where,
    head: bytes,
    lines: Iterable[tuple[int, bytes | None]],
    max_bytes: int,
    records: Mapping[int, str] | None,
) -> Iterator[Item]:
    """A JSONL file from its first bytes (`head`, to tell a binary file) and its lines."""
    if _is_binary(head):
        yield _binary_document(where, head)
    elif records is not None:
        yield from _read_chosen(where, lines, max_bytes, records)
    else:
        yield from _read_jsonl(where, lines, max_bytes)


_LIMIT_ADVICE = "the size limit of one document: not checked (a larger limit: --max-document-size)"


def _size(count: int) -> str:
    """A byte count as people write it: 16 MiB, 512 KiB, 100 bytes."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.4g} {unit}"
    return f"{count} bytes"


def _records(readline: Callable[[int], bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a JSONL file, numbered from 1; None for a line longer than `max_bytes`, which is skipped unread."""
    number = 0
    while line := readline(max_bytes + 3):  # the record, "\r\n", and one byte too many
        number += 1
        if len(line) <= max_bytes or len(line.rstrip(b"\r\n")) <= max_bytes:  # the first test spares a copy
            yield number, line
            continue
        while not line.endswith(b"\n") and (line := readline(max_bytes + 3)):
            pass  # the rest of the long record, read in bounded pieces and dropped
        yield number, None


class _Joined:
    """A stream whose first bytes were already read: `head`, then the rest."""

    def __init__(self, head: bytes, rest: ByteStream) -> None:
        self._head, self._rest = io.BytesIO(head), rest

    def readline(self, size: int) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or len(line) == size:
            return line
        return line + self._rest.readline(size - len(line))


class _Where(NamedTuple):
    shown: str
    inside: str


def _binary_document(where: _Where, data: bytes) -> Document:
    return Document(where.shown, "", decode_error=_binary_problem(data), binary=True, corpus_path=where.inside)


def _is_binary(data: bytes) -> bool:
    return data.startswith(_UTF16_BOMS) or b"\x00" in data


def _binary_problem(data: bytes) -> ReadProblem:
    if data.startswith(_UTF16_BOMS):
        return ReadProblem("file is UTF-16 text; corpusval reads UTF-8: convert it (iconv -f UTF-16 -t UTF-8)")
    return ReadProblem("binary file (it contains NUL bytes): not a text document")


def _decode(data: bytes, first_line: int = 1) -> tuple[str, ReadProblem | None]:
    """Decode UTF-8 (a BOM is allowed); invalid bytes become U+FFFD and a problem at the first one.

    `first_line` is the file line `data` starts on (a JSONL record is decoded on its own).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + first_line
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        problem = ReadProblem(
            f"not valid UTF-8: byte 0x{byte:02X} at line {line}, column {column}"
            " (was it saved as Latin-1 or Windows-1252? re-encode it as UTF-8)",
            line,
            column,
        )
        return data.decode("utf-8", "replace"), problem


def _read_text(where: _Where, data: bytes) -> Item:
    text, problem = _decode(data)
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    for number, (_, line) in enumerate(iter_lines(text), start=1):
        if line.strip():
            fields["title"] = line.strip()
            positions["title"] = (number, len(line) - len(line.lstrip()) + 1)
            break
    return Document(where.shown, text, fields, positions, decode_error=problem, corpus_path=where.inside)


def _read_markdown(where: _Where, data: bytes) -> Item:
    text, problem = _decode(data)
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    body, body_line = text, 1
    if text.startswith("---") and _FENCE.match(text):
        # Without its metadata a document would draw false findings (a "missing" title),
        # so front matter that cannot be read makes the file a read error only.
        closing = _NEXT_FENCE.search(text, text.index("\n")) if "\n" in text else None  # from line 2 on
        if closing is None:
            return ReadError(where.shown, ReadProblem("front matter opened with '---' on line 1 is never closed"))
        front = text[text.index("\n") + 1 : closing.start(1)]
        body_line = text.count("\n", 0, closing.end()) + 2
        body = text[closing.end() + 1 :] if closing.end() < len(text) else ""
        try:
            fields, positions = _front_matter(front)
        except yamlio.YamlProblem as error:
            position = _in_file(error.line, error.column)
            return ReadError(where.shown, ReadProblem(f"front matter: {error.message}", *position))
    if "title" not in fields:
        heading = _HEADING.match(body) or _NEXT_HEADING.search(body)
        if heading:
            fields["title"] = heading.group(2).strip()
            line = body_line + body.count("\n", 0, heading.start(1))
            positions["title"] = (line, heading.start(2) - heading.start(1) + 1)
    return Document(
        where.shown, body, fields, positions, text_line=body_line, decode_error=problem, corpus_path=where.inside
    )


_FIRST_FRONT_MATTER_LINE = 2  # the line after the opening fence


def _front_matter(source: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Load YAML front matter safely (no tags, no alias bombs) with the file position of each key."""
    if len(source) > FRONT_MATTER_CHARS:
        raise yamlio.YamlProblem(f"{len(source):,} characters is more than the {FRONT_MATTER_CHARS:,} read")
    fields, keys = yamlio.load_flat(source) or _parsed_front_matter(source)
    positions = {key: _in_file(*position) for key, position in keys.items()}
    if "date" in positions and "published" not in positions:
        positions["published"] = positions["date"]
    return _canonical_names(fields), positions


def _parsed_front_matter(source: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Front matter through the full parser: the fields, and each key's position in `source`."""
    loaded = yamlio.load(source)
    if loaded is None:
        return {}, {}
    if not isinstance(loaded, CommentedMap):
        raise yamlio.YamlProblem("front matter must be a mapping of keys to values")
    return yamlio.to_plain(loaded), {str(key): yamlio.position(loaded, [], key) for key in loaded}


def _in_file(line: int, column: int) -> tuple[int, int]:
    """A front-matter position as a file position."""
    return _FIRST_FRONT_MATTER_LINE + line - 1, column


def _read_chosen(
    where: _Where, lines: Iterable[tuple[int, bytes | None]], max_bytes: int, records: Mapping[int, str]
) -> Iterator[Document]:
    """The documents of the chosen lines, named as given: a record's name depends on the ids before it."""
    chosen = ((number, raw) for number, raw in lines if number in records)
    for item in _read_jsonl(where, chosen, max_bytes, records.__getitem__):
        if isinstance(item, Document):
            yield item


def _read_jsonl(
    where: _Where,
    lines: Iterable[tuple[int, bytes | None]],
    max_bytes: int,
    named: Callable[[int], str] | None = None,
) -> Iterator[Item]:
    """The records of `lines`, each named by its id, or by `named` (line -> name) when given."""
    path = where.shown
    used: set[str] = set()
    for number, raw in lines:
        if raw is None:
            too_large = ReadProblem(f"record is larger than {_size(max_bytes)}, {_LIMIT_ADVICE}", number)
            yield ReadError(path, too_large, _record_name(None, number, used))
            continue
        if raw.isspace():  # as `not raw.strip()` (lines are never empty), without copying the record
            continue
        line, problem = _decode(raw, first_line=number)
        try:
            record = _json_loads(line)
        except json.JSONDecodeError as error:
            yield ReadError(
                path,
                ReadProblem(f"malformed JSON record: {_JSON_AT.sub('', error.msg)}", number, error.colno),
                _record_name(None, number, used),
            )
            continue
        except ValueError as error:  # an integer past Python's 4,300 digits
            yield ReadError(
                path, ReadProblem(f"malformed JSON record: {error}", number), _record_name(None, number, used)
            )
            continue
        except RecursionError:
            yield ReadError(
                path, ReadProblem("JSON record nested too deeply", number), _record_name(None, number, used)
            )
            continue
        if not isinstance(record, dict):
            not_object = ReadProblem(f"JSON record must be an object, found {_json_type(record)}", number)
            yield ReadError(path, not_object, _record_name(None, number, used))
            continue
        fields = _canonical_names(record)
        text = fields.pop("text", None)
        name = _record_name(fields.get("id"), number, used) if named is None else named(number)
        if text is not None and not isinstance(text, str):
            yield ReadError(
                path, ReadProblem(f"record's text must be a string, found {_json_type(text)}", number), name
            )
            continue
        yield Document(
            path, text or "", fields, record=name, record_line=number, decode_error=problem, corpus_path=where.inside
        )


# The scanner json.loads runs, configured as its default decoder is (typeshed leaves the attribute out).
_SCAN_JSON: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _json_loads(line: str) -> Any:
    """`json.loads(line)`, with less of its Python around the scanner for the usual line, one object.

    json.loads scans from the first non-whitespace character and takes the value when only JSON
    whitespace (" \\t\\n\\r") follows; anything else (a scan that fails, extra data) goes to
    json.loads itself, which raises what it always did.
    """
    if line[:1] == "{":
        try:
            value, end = _SCAN_JSON(line, 0)
        except Exception:  # StopIteration, JSONDecodeError, a too long int, RecursionError: json.loads words it
            pass
        else:
            if end == len(line) or not line[end:].strip(" \t\n\r"):
                return value
    return json.loads(line)


def _json_type(value: Any) -> str:
    """A JSON value's type as JSON names it."""
    names = (
        (bool, "true or false"),
        (dict, "an object"),
        (list, "an array"),
        (str, "a string"),
        (int | float, "a number"),
    )
    return next((name for kind, name in names if isinstance(value, kind)), "null")


def _canonical_names(fields: dict[str, Any]) -> dict[str, Any]:
    """Rename alias keys (`body`, `date`) unless the canonical key is present too, in place: callers own `fields`."""
    for alias, name in _ALIASES.items():
        if alias in fields and name not in fields:
            fields[name] = fields.pop(alias)
    return fields


def _record_name(record_id: Any, line: int, used: set[str]) -> str:
    """A record's name in findings and test ids: its `id`, or `line-N` when absent, taken, or not fit to show.

    An id is shown in terminals and CI logs, so one that holds control characters or
    is longer than a name needs to be is not used: the line number names the record.
    """
    name = str(record_id).strip() if isinstance(record_id, (str, int)) and not isinstance(record_id, bool) else ""
    if not name or name in used or len(name) > _RECORD_NAME_LIMIT or inert(name) != name:
        name = f"line-{line}"
    base, count = name, 1
    while name in used:  # a record's own id may already read "line-7"
        count += 1
        name = f"{base}-{count}"
    used.add(name)
    return name


_READERS: dict[str, Callable[[_Where, bytes], Item]] = {  # JSONL is read as a stream
    **dict.fromkeys(TEXT_SUFFIXES, _read_text),
    **dict.fromkeys(MARKDOWN_SUFFIXES, _read_markdown),
}
