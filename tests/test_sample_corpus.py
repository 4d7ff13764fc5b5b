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


def _checked(where: Path, *arguments: str) -> tuple[int, list[dict[str, object]]]:
    """`corpusval check ARGUMENTS --format json` run in `where`: its exit status and its findings."""
    output = StringIO()
    with inside(where), redirect_stdout(output):
        status = main(["check", *arguments, "--format", "json"])
    found: list[dict[str, object]] = json.loads(output.getvalue())["findings"]
    return status, found


@pytest.fixture(scope="module")
def findings() -> list[dict[str, object]]:
    status, found = _checked(REPO, "sample_corpus", "--rules", "rules")
    assert status == 1
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


def _located(findings: list[dict[str, object]]) -> Counter[tuple[object, ...]]:
    return Counter((f["path"], f["line"], f["column"], f["rule"]) for f in findings)


def _reported_by_pytest(pytester: pytest.Pytester, corpus: str, items: str) -> Counter[tuple[str, int, int, str]]:
    """The findings a pytest run over `corpus` shows, read as the benchmark reads them."""
    result = pytester.runpytest("--corpus", corpus, "-o", f"corpus_items={items}", "-p", "no:cacheprovider")
    return load_bench_script("run")._pytest_findings(result.stdout.str())  # type: ignore[no-any-return]


@pytest.mark.parametrize("items", ["rule", "document"])
def test_the_pytest_path_reports_what_check_reports(
    pytester: pytest.Pytester, findings: list[dict[str, object]], items: str
) -> None:
    """Each finding once, where `corpusval check` puts it: the failures' lines and the warnings of a pytest run."""
    shutil.copytree(REPO / "sample_corpus", pytester.path / "sample_corpus")
    assert _reported_by_pytest(pytester, "sample_corpus", items) == _located(findings)


def test_warnings_alike_are_counted_as_pytest_groups_them(pytester: pytest.Pytester) -> None:
    """A JSONL record's findings all sit at its line: pytest shows alike warnings once, a dozen as a count."""
    texts = ["Talks went on.\n" + "Next Post\n" * 2, "Talks ended.\n" + "Next Post\n" * 12]
    records = [json.dumps({"id": f"r{number}", "title": "Talks", "text": text}) for number, text in enumerate(texts)]
    (pytester.path / "corpus").mkdir()
    (pytester.path / "corpus" / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    expected = _located(_checked(pytester.path, "corpus", "--no-cache")[1])
    furniture = {key[1]: count for key, count in expected.items() if key[3] == "page-furniture"}
    assert furniture == {1: 2, 2: 12}
    assert _reported_by_pytest(pytester, "corpus", "document") == expected
