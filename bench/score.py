"""Score corpusval's JSON findings against a generated corpus's manifest: recall per defect, precision per rule."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

Key = tuple[str, str | None]  # (path inside the corpus, JSONL record id)


def corpus_relative(path: str, corpus: str) -> str:
    """A finding's path as the manifest writes it: inside the corpus folder."""
    parts = PurePosixPath(path).parts
    name = PurePosixPath(corpus).name
    return str(PurePosixPath(*parts[parts.index(name) + 1 :])) if name in parts else path


def score(manifest: dict[str, Any], findings: list[dict[str, Any]], corpus: str) -> dict[str, Any]:
    """Recall of each planted defect kind (by the rule meant to catch it) and precision of each rule.

    A finding is a true positive when its document has a planted defect that the rule is meant to
    catch, or that the rule flags too ("You May Like" is page furniture as well as a repeated block).
    Findings are counted once per (document, rule); `corpus` is the corpus folder as the findings name it.
    """
    expected: dict[Key, set[str]] = defaultdict(set)
    for defect in manifest["defects"]:
        expected[defect["path"], defect["record"]].update([defect["rule"], *defect.get("also", [])])
    found: dict[Key, set[str]] = defaultdict(set)
    for finding in findings:
        found[corpus_relative(finding["path"], corpus), finding["record"]].add(finding["rule"])

    recall: dict[str, dict[str, Any]] = {}
    by_edit: dict[str, Counter[bool]] = defaultdict(Counter)
    for defect in manifest["defects"]:
        hit = defect["rule"] in found.get((defect["path"], defect["record"]), set())
        entry = recall.setdefault(defect["defect"], {"rule": defect["rule"], "planted": 0, "found": 0})
        entry["planted"] += 1
        entry["found"] += hit
        if defect["defect"] == "name-variant":
            length = "8+" if len(defect["canonical"]) >= 8 else "<8"
            mode = "every mention" if defect["every_mention"] else "one slip"
            by_edit[f"{defect['edit']}, {length} letters, {mode}"][hit] += 1
    for entry in recall.values():
        entry["recall"] = round(entry["found"] / entry["planted"], 3) if entry["planted"] else None

    precision: dict[str, dict[str, Any]] = {}
    false_positives: list[dict[str, Any]] = []
    for key, rules in sorted(found.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        for rule in sorted(rules):
            entry = precision.setdefault(rule, {"flagged": 0, "true": 0})
            entry["flagged"] += 1
            if rule in expected.get(key, set()):
                entry["true"] += 1
            else:
                false_positives.append({"path": key[0], "record": key[1], "rule": rule})
    for entry in precision.values():
        entry["precision"] = round(entry["true"] / entry["flagged"], 3)
    clean = manifest["documents"] - len(expected)
    clean_flagged = sum(1 for key in found if key not in expected)
    return {
        "recall": recall,
        "name_variant_recall_by_edit": {
            edit: {"planted": sum(hits.values()), "found": hits[True]} for edit, hits in sorted(by_edit.items())
        },
        "precision": precision,
        "clean_documents": clean,
        "clean_documents_flagged": clean_flagged,
        "false_positive_examples": false_positives[:20],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("findings", type=Path, help="output of `corpusval check CORPUS --format json`")
    parser.add_argument("corpus", type=Path, help="the corpus folder that was checked")
    args = parser.parse_args(argv)
    manifest = json.loads(args.manifest.read_text())
    findings = json.loads(args.findings.read_text())["findings"]
    print(json.dumps(score(manifest, findings, args.corpus.name), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
