"""Options shared by the CLI and the pytest plugin: one table, two front ends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


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
OPTIONS = (CORPUS, RULES)


def rule_paths(given: Sequence[Path], root: Path) -> list[Path]:
    """The rule paths in force: those given, else `rules/` under `root`, else the bundled defaults."""
    from corpusval.rules import default_rules_path  # not at import: the plugin loads this module in every pytest run

    if given:
        return list(given)
    local = root / "rules"
    return [local] if local.is_dir() else [default_rules_path()]
