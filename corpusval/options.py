"""Options shared by the CLI and the pytest plugin: one table, two front ends."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR_NAME = ".corpusval_cache"

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The default size limit of one document (a file, or a JSONL record): larger ones are reported, not read."""


@dataclass(frozen=True, slots=True)
class Option:
    """One setting, named for each front end: CLI flag, pytest flag, ini key."""

    cli: str
    pytest: str
    ini: str
    help: str


CORPUS = Option(
    cli="paths",
    pytest="--corpus",
    ini="corpus_paths",
    help="corpus folder or document file to check (repeatable); .txt, .md and .jsonl files are read",
)
RULES = Option(
    cli="--rules",
    pytest="--corpus-rules",
    ini="corpus_rules",
    help="rule file or folder of rule files (repeatable); default: rules/ if present, else corpusval's bundled rules",
)
JOBS = Option(
    cli="--jobs",
    pytest="--corpus-jobs",
    ini="corpus_jobs",
    help="processes to check with (default: one per core; 1 checks in the calling process)",
)
CACHE_DIR = Option(
    cli="--cache-dir",
    pytest="--corpus-cache-dir",
    ini="corpus_cache_dir",
    help=f"folder of the incremental cache (default: {CACHE_DIR_NAME} in the working directory; safe to delete)",
)
NO_CACHE = Option(
    cli="--no-cache",
    pytest="--corpus-no-cache",
    ini="corpus_no_cache",
    help="neither read nor write the incremental cache",
)
CHANGED_SINCE = Option(
    cli="--changed-since",
    pytest="--corpus-changed-since",
    ini="",
    help="report only on documents added or changed since this git revision (corpus-wide rules still see all)",
)
BASELINE = Option(
    cli="--baseline",
    pytest="--corpus-baseline",
    ini="corpus_baseline",
    help="fail only on findings not in this baseline file (see `corpusval baseline`)",
)
SUPPRESSIONS = Option(
    cli="",
    pytest="",
    ini="corpus_suppressions",
    help="accepted findings, one per line: RULE-ID GLOB reason (GLOB on the path inside the corpus folder)",
)
ITEMS = Option(
    cli="",
    pytest="--corpus-items",
    ini="corpus_items",
    help="pytest items: 'rule' for one per (document, rule), the default, or 'document' for one per document",
)
ITEM_MODES = ("rule", "document")
FOLLOW_SYMLINKS = Option(
    cli="--follow-symlinks",
    pytest="--corpus-follow-symlinks",
    ini="corpus_follow_symlinks",
    help="read through symbolic links that lead out of the checked folders (by default they are reported, not read)",
)
MAX_DOCUMENT_SIZE = Option(
    cli="--max-document-size",
    pytest="--corpus-max-document-size",
    ini="corpus_max_document_size",
    help="size limit of one document, a file or a JSONL record (such as 500KiB, 64MB); larger ones are reported,"
    " not read (default: 16MiB)",
)
_SIZE = re.compile(r"\s*(\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def parse_size(text: str) -> int:
    """A size in bytes from how people write it: 1000, 500KiB, 64MB, 2G (K, M, G alone are binary)."""
    match = _SIZE.fullmatch(text)
    if match is None or int(match[1]) < 1:
        raise ValueError(f"expected a size such as 16MiB, 500KB or 1000000 (bytes), not {text!r}")
    unit = (match[2] or "").lower().replace("ib", "")
    return int(match[1]) * _UNITS[unit]


def rule_paths(given: Sequence[Path], root: Path) -> list[Path]:
    """The rule paths in force: those given, else `rules/` under `root`, else the bundled defaults."""
    from corpusval.rules import default_rules_path  # not at import: the plugin loads this module in every pytest run

    if given:
        return list(given)
    local = root / "rules"
    return [local] if local.is_dir() else [default_rules_path()]
