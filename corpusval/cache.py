"""The incremental cache: what checking a shard of the corpus found, addressed by content.

An entry's key digests the shard's file bytes as read, the rule definitions, what
else the kinds depend on (the current date, for one) and corpusval's own code, so
a stale entry is not found, only left unused: the folder is safe to delete at any
time. Each entry is written to a temporary file and renamed into
place, so concurrent runs at worst write the same entry twice. Entries are pickles
signed with a key kept outside the cache folder (in the user's cache directory):
an entry that arrives with a repository is ignored, never unpickled, and no link
it plants leads a read or a write out of the folder.

A stat index (size, mtime, ctime, inode -> content digest), like git's, spares a re-run
from reading unchanged files; a file changed within the last seconds is not
trusted to it, since its mtime may not move on the next change. A run's whole outcome
is kept too, under its files' paths and statuses as the index knows them (see
`runner._keep`): a corpus that comes back unchanged is told from that one entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import inspect
import json
import os
import pickle
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import corpusval
from corpusval.atomic import write_atomically
from corpusval.readers import Identity
from corpusval.rules import Rule

_FORMAT = "v1"
_SIGNATURE = hashlib.sha256().digest_size
_RACY_SECONDS = 2.0
_MAX_ENTRY = 1 << 30
_KEY_SIZE = 32
_README = "Cache of corpusval (https://pypi.org/project/corpusval/): safe to delete.\n"


def content_digest(data: bytes) -> str:
    """The digest of a file's bytes, by which the cache knows it."""
    hasher = content_hasher()
    hasher.update(data)
    return hasher.hexdigest()


def content_hasher() -> hashlib.blake2b:
    """A hasher whose digest of bytes fed piece by piece is `content_digest` of them all (for streamed files)."""
    return hashlib.blake2b(digest_size=16)


def digest(*parts: str) -> str:
    """One key from several: each part is length-prefixed, so no two lists collide."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        encoded = part.encode("utf-8", "surrogatepass")
        hasher.update(len(encoded).to_bytes(8, "little"))
        hasher.update(encoded)
    return hasher.hexdigest()


def rules_digest(rules: Iterable[Rule]) -> str:
    """What the rules' results depend on: their definitions, the code of their kinds, and their kinds' tokens."""
    described = [
        json.dumps(
            [
                rule.id,
                rule.kind,
                str(rule.severity),
                list(rule.files),
                _kind_code(type(rule.check)),
                rule.check.settings,
                rule.check.cache_token(),
            ],
            sort_keys=True,
            default=str,
        )
        for rule in rules
    ]
    return digest(_corpusval_code(), *described)


def state_digest(state: Any) -> str:
    """A digest of a corpus summary that is the same in every process (sets hash in random order)."""
    return hashlib.blake2b(repr(_canonical(state)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, str | int | float | bool | bytes) or value is None:
        return value
    if isinstance(value, Mapping):
        return ("map", sorted((repr(_canonical(k)), _canonical(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return ("set", sorted(repr(_canonical(item)) for item in value))
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_canonical(item) for item in value])
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, [_canonical(getattr(value, f.name)) for f in fields(value)])
    return repr(value)


def _corpusval_code() -> str:
    """corpusval's version and the size and time of its modules, compiled ones included: an edited
    (or rebuilt) checkout invalidates entries.
    """
    package = Path(corpusval.__file__).parent
    modules = [path for path in package.rglob("*") if path.name.endswith((".py", *EXTENSION_SUFFIXES))]
    stats = [f"{path.relative_to(package)}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in sorted(modules)]
    return digest(corpusval.__version__, *stats)


def _kind_code(kind: type) -> str:
    module = kind.__module__
    if module.startswith("corpusval."):
        return f"{module}.{kind.__qualname__}"
    try:
        return f"{module}.{kind.__qualname__}=={version(module.partition('.')[0])}"
    except PackageNotFoundError:  # not an installed distribution: its file's time stands for a version
        source = inspect.getsourcefile(kind)
        stamp = os.stat(source).st_mtime_ns if source else 0
        return f"{module}.{kind.__qualname__}@{stamp}"


class Cache:
    """Signed, content-addressed entries under one folder (`.corpusval_cache/` by default)."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self._key = key
        self._objects = root / _FORMAT / "objects"
        self._real_objects = os.path.join(os.path.realpath(root), _FORMAT, "objects")

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The cache at `root`, or None when it cannot be used safely (the run goes on uncached).

        A link in place of the folder (a repository can ship one) is refused: the
        cache never writes where the folder's own path does not lead.
        """
        key = _signing_key()
        if key is None or root.is_symlink():
            return None
        try:
            root.mkdir(parents=True, exist_ok=True)
            _mark_cache_dir(root)
        except OSError:
            return None
        return cls(root, key)

    def get(self, key: str) -> Any | None:
        """The entry stored under `key`, or None when absent, unsigned, or unreadable."""
        path = self._entry(key)
        if path is None:
            return None
        try:  # never through a link, never a device or a pipe, never without bound
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as stream:
                status = os.fstat(stream.fileno())
                if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_ENTRY:
                    return None
                blob = stream.read()
        except OSError:
            return None
        signature, payload = blob[:_SIGNATURE], blob[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # signed by us, yet unreadable (another Python, a renamed class): recompute
            return None

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key`; a failure to write costs only a future recomputation."""
        path = self._entry(key)  # before making its folder: `mkdir -p` would follow a planted link
        if path is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        if self._entry(key) is not None:
            _write_entry(path, self._sign(payload) + payload)

    def _entry(self, key: str) -> Path | None:
        """Where the entry `key` lives, if its folder is (or would be) really inside the cache: no folder is a link."""
        folder = self._objects / key[:2]
        if os.path.realpath(folder) != os.path.join(self._real_objects, key[:2]):
            return None
        return folder / key[2:]

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()


def identity(status: os.stat_result) -> Identity:
    """What the stat index compares of a file's status (the compiled folder listing reads the same)."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def settled(seen_as: Identity) -> bool:
    """Whether a file seen so can be known by its status: changed long enough ago that a change now would
    move its ctime (one within the clock's last tick might not)."""
    return time.time_ns() - seen_as[2] > _RACY_SECONDS * 1e9


class StatIndex:
    """Content digests of files as last seen, trusted while size, mtime, ctime and inode are unchanged.

    The ctime catches what keeps size and mtime (`touch -r`, `cp -p`, `rsync -t`): only
    the kernel sets it, on every change.
    """

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        self._key = digest("stat-index", str(cache.root.absolute()))
        self._entries: dict[str, tuple[Identity, str]] = cache.get(self._key) or {}
        self._seen: dict[str, tuple[Identity, str]] = {}

    def lookup(self, path: str, seen_as: Identity) -> str | None:
        """The content digest of the file at absolute `path` if it is unchanged since it was last recorded."""
        entry = self._entries.get(path)
        if entry is not None and entry[0] == seen_as:
            return entry[1]
        return None

    def record(self, path: str, seen_as: Identity, content: str) -> None:
        """Remember `content` for the file as it was `seen_as` (before it was read)."""
        entry = (seen_as, content)
        if self._entries.get(path) != entry and settled(seen_as):
            self._seen[path] = entry

    def save(self) -> None:
        """Keep what this run saw that is new (and the rest of the old index: other corpora share the cache)."""
        if self._seen:
            self._cache.put(self._key, {**self._entries, **self._seen})


def user_cache() -> Cache | None:
    """The cache in the user's cache folder, beside the signing key: for what depends on no corpus and no
    rule (the tables kinds load), shared by every run of this user. None when it cannot be used.
    """
    return Cache.open(_user_folder() / "tables")


def _user_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corpusval"


def _signing_key() -> bytes | None:
    """The per-user secret entries are signed with, made on first use.

    It is written all or nothing, so a run killed while making it cannot leave a
    short key that turns the cache off for good; a short one (an older version's)
    is replaced. Two first runs at once may each write one: the entries signed with
    the key that lost are ignored, never trusted.
    """
    path = _user_folder() / "cache-signing-key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    except OSError:
        return None
    if len(key) == _KEY_SIZE:
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, os.urandom(_KEY_SIZE), mode=0o600)
        key = path.read_bytes()  # the key on disk, should another run's have landed after this one
    except OSError:
        return None
    return key if len(key) == _KEY_SIZE else None


def _mark_cache_dir(root: Path) -> None:
    """Tell git and backup tools to leave the folder alone, as pytest's and ruff's caches do."""
    for name, text in (
        (".gitignore", "# Created by corpusval automatically.\n*\n"),
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of corpusval.\n"),
        ("README.md", _README),
    ):
        if not (root / name).exists():
            _write_entry(root / name, text.encode())


def _write_entry(path: Path, data: bytes) -> None:
    """Write a cache file; failing to (a full disk, a read-only folder) costs only a recomputation."""
    with contextlib.suppress(OSError):
        write_atomically(path, data, durable=False)
