"""The floor for any checker: read every corpus file and decode it (JSONL records parsed), in one process."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

SUFFIXES = (".txt", ".md", ".jsonl")


def read_and_decode(root: Path) -> tuple[int, int]:
    """Documents and bytes under `root`: each file read and decoded as UTF-8, each JSONL line parsed."""
    documents = size = 0
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(SUFFIXES):
                continue
            data = Path(folder, name).read_bytes()
            size += len(data)
            text = data.decode("utf-8")
            if name.endswith(".jsonl"):
                documents += sum(1 for line in text.splitlines() if line.strip() and json.loads(line))
            else:
                documents += 1
    return documents, size


def main() -> int:
    root = Path(sys.argv[1])
    read_and_decode(root)  # warm the page cache: every contender reads a warm corpus
    start = time.perf_counter()
    documents, size = read_and_decode(root)
    print(json.dumps({"documents": documents, "bytes": size, "seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
