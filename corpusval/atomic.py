"""Writing a file all or nothing: reports, baselines and cache entries never exist half written."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, durable: bool = True, mode: int = 0o666) -> None:
    """Write `data` to `path` through a temporary file beside it, renamed over it when complete.

    An interrupted run (Ctrl-C, SIGTERM, a full disk) leaves the previous file as it was
    and no temporary file behind. The temporary file is created exclusively (never
    written through a file or link already there) with `mode` (less the umask), `open()`'s by default.
    `durable` syncs it to disk first, for files people keep; a cache entry can skip it.
    Raises OSError when the file cannot be written.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with open(descriptor, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
