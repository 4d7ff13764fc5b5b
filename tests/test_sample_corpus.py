"""The sample corpus, checked with the default rules, gives exactly the planted findings."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from corpusval.cli import main
from tests.conftest import REPO, inside, load_bench_script

PLANTED = YAML(typ="safe", pure=True).load((REPO / "tests/data/sample_corpus_planted.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def findings() -> list[dict[str, object]]:
    output = StringIO()
    with inside(REPO), redirect_stdout(output):
        status = main(["check", "sample_corpus", "--format", "json", "--rules", "rules"])
    assert status == 1
    found: list[dict[str, object]] = json.loads(output.getvalue())["findings"]
    return found


def test_exactly_the_planted_defects_are_found(findings: list[dict[str, object]]) -> None:
    found = sorted((f["path"], f["line"], f["rule"]) for f in findings)
    planted = sorted((p["path"], p["line"], p["rule"]) for p in PLANTED["planted"])
    assert found == planted


def test_traps_raise_nothing(findings: list[dict[str, object]]) -> None:
    planted_paths = {p["path"] for p in PLANTED["planted"]}
    clean = {trap["path"] for trap in PLANTED["traps"]} - planted_paths
    assert clean, "the sample corpus needs clean trap documents"
    assert [f for f in findings if f["path"] in clean] == []


def test_every_format_of_document_is_in_the_sample() -> None:
    suffixes = {path.suffix for path in Path(REPO, "sample_corpus").rglob("*") if path.is_file()}
    assert {".md", ".txt", ".jsonl"} <= suffixes
    assert 20 <= sum(1 for path in Path(REPO, "sample_corpus").rglob("*") if path.is_file()) <= 30


@pytest.mark.parametrize("items", ["rule", "document"])
def test_the_pytest_path_reports_what_check_reports(
    pytester: pytest.Pytester, findings: list[dict[str, object]], items: str
) -> None:
    """Each finding once, where `corpusval check` puts it: the failures' lines and the warnings of a pytest run."""
    shutil.copytree(REPO / "sample_corpus", pytester.path / "sample_corpus")
    result = pytester.runpytest("--corpus", "sample_corpus", "-o", f"corpus_items={items}", "-p", "no:cacheprovider")
    reported = load_bench_script("run")._pytest_findings(result.stdout.str())
    assert reported == Counter((f["path"], f["line"], f["column"], f["rule"]) for f in findings)
