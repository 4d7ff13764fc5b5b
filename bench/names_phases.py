"""The name rule's phases timed in one process (tallies, merge, clustering), and its blocking recall."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from corpusval.document import Document
from corpusval.engine import Engine
from corpusval.kinds.name_consistency import blocking_recall
from corpusval.readers import discover, read
from corpusval.rules import load_rules


def phases(corpus: Path, rules_file: Path) -> dict[str, Any]:
    rules = load_rules([rules_file])
    engine = Engine(rules)
    rule = rules[0]
    start = time.perf_counter()
    documents = [item for source in discover([corpus]) for item in read(source) if isinstance(item, Document)]
    result: dict[str, Any] = {"documents": len(documents), "read_seconds": time.perf_counter() - start}
    start = time.perf_counter()
    tally = rule.check.combine([rule.check.gather(document) for document in documents])
    result["tally_seconds"] = time.perf_counter() - start
    result["distinct_surnames"] = len(getattr(tally, "surnames", {}))
    start = time.perf_counter()
    rule.check.combine([rule.check.combine([tally]), rule.check.combine([tally])])  # one merge of two shards
    result["merge_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    rule.check.finish(tally)
    result["finish_seconds"] = time.perf_counter() - start
    result["recall"] = _blocking_recall(engine, documents, rule.id)
    return result


def _blocking_recall(engine: Engine, documents: list[Document], rule_id: str) -> dict[str, Any]:
    """Pairs found with blocking vs all pairs (`blocking_recall`), on the corpus's unfinished tally."""
    tally = engine.summarize(documents)[0][rule_id]
    start = time.perf_counter()
    blocked, all_pairs = blocking_recall(tally)
    return {
        "pairs_with_blocking": blocked,
        "pairs_all": all_pairs,
        "recall": blocked / all_pairs if all_pairs else 1.0,
        "seconds": time.perf_counter() - start,
    }


def main() -> int:
    print(json.dumps(phases(Path(sys.argv[1]), Path(sys.argv[2]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
