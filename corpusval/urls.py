"""Corpora at URLs (s3://, gs://, az://, memory://, ...): found and read through fsspec.

fsspec is an optional dependency (the `dask` extra brings it): only a path with a
scheme needs it, and such a path is shown in findings as the URL it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from corpusval.readers import DOCUMENT_SUFFIXES, PathError


class RemoteFile(NamedTuple):
    """A document file at a URL, its path inside the folder given, and its size."""

    url: str
    inside: str
    size: int


def is_url(path: object) -> bool:
    """Whether a corpus path names a location fsspec reaches (`s3://bucket/corpus`), not a local path."""
    return "://" in str(path)


def discover_urls(url: str) -> Iterator[RemoteFile]:
    """The document files under `url` (or the file it names), in sorted order, hidden ones skipped."""
    filesystem, root = _filesystem(url)
    try:
        if filesystem.isfile(root):
            yield RemoteFile(
                filesystem.unstrip_protocol(root), PurePosixPath(root).name, int(filesystem.size(root) or 0)
            )
            return
        found: dict[str, Any] = filesystem.find(root, detail=True)
    except OSError as error:
        raise PathError(f"{url}: cannot list it ({error}); check the URL and the credentials") from None
    if not found:
        raise PathError(f"{url}: no such folder or file, or nothing in it; pass a corpus folder or document URL")
    for name in sorted(found):
        inside = PurePosixPath(name).relative_to(PurePosixPath(root)).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(inside).parts):
            continue
        if PurePosixPath(name).suffix.lower() in DOCUMENT_SUFFIXES:
            yield RemoteFile(filesystem.unstrip_protocol(name), inside, int(found[name].get("size") or 0))


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise PathError(f"{url}: reading corpora at URLs needs fsspec: pip install 'corpusval[dask]'") from None
    try:
        filesystem, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:  # a protocol whose package is missing (s3fs, gcsfs), or unknown
        raise PathError(f"{url}: {error}") from None
    return filesystem, str(root)
