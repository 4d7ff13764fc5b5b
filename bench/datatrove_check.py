"""datatrove's side of the benchmark: title present and repeated lines, over a JSONL corpus, on N workers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.readers import JsonlReader

# corpusval's duplicated-block defaults: a repeat counts from 30 characters and 3 words
MIN_CHARS, MIN_WORDS = 30, 3


class ComparableChecks(BaseFilter):  # type: ignore[misc]  # datatrove ships no type hints
    """Counts documents without a title and with a repeated line; keeps every document, as a checker does."""

    name = "comparable checks"

    def filter(self, doc: Document) -> bool:
        if not str(doc.metadata.get("title") or "").strip():
            self.stat_update("no_title")
        seen: set[str] = set()
        for line in doc.text.split("\n"):
            key = " ".join(line.split()).casefold()
            if len(key) < MIN_CHARS or len(key.split()) < MIN_WORDS:
                continue
            if key in seen:
                self.stat_update("repeated_line")
                break
            seen.add(key)
        return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", help="folder of JSONL files (id, title, text)")
    parser.add_argument("logs", help="datatrove's logging folder")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    executor = LocalPipelineExecutor(
        [JsonlReader(args.data, id_key="id", text_key="text"), ComparableChecks()],
        tasks=args.workers,
        workers=args.workers,
        logging_dir=args.logs,
        skip_completed=False,
    )
    stats = executor.run()
    counts: dict[str, int] = {}
    for step in json.loads(stats.to_json()):
        if step["name"].endswith(ComparableChecks.name):
            counts = {key: value if isinstance(value, int) else value["total"] for key, value in step["stats"].items()}
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
