"""Baselines: known findings stay known across edits, new ones stand out, and the file is never half written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import corpusval.atomic
from corpusval import __version__
from corpusval.baseline import FORMAT_VERSION, Baseline, BaselineError, load_baseline, write_baseline
from corpusval.engine import Report
from corpusval.fingerprint import fingerprints
from tests.conftest import check_corpus

RULES: list[dict[str, Any]] = [
    {"id": "required-title", "kind": "required-field", "description": "A title.", "field": "title"},
    {"id": "stray-link", "kind": "pattern", "description": "No See also.", "pattern": "^See also.*"},
]
TWINS = "Title\nSee also x\nText.\nSee also x\n"


def check(tmp_path: Path, name: str, files: dict[str, str | bytes]) -> Report:
    (tmp_path / name).mkdir()
    return check_corpus(tmp_path / name, files, *RULES)


def round_trip(tmp_path: Path, report: Report) -> Baseline:
    path = tmp_path / "baseline.json"
    write_baseline(report.findings, path)
    return load_baseline(path)


def test_a_baseline_knows_the_findings_it_was_written_from(tmp_path: Path) -> None:
    report = check(tmp_path, "c", {"a.txt": TWINS, "feed.jsonl": '{"id": "r1", "text": "x"}\n{bad\n'})
    assert len(report.findings) == 4
    assert round_trip(tmp_path, report).split(report.findings) == ([], report.findings, 0)


def test_the_file_lists_each_finding_for_review(tmp_path: Path) -> None:
    report = check(tmp_path, "c", {"a.txt": TWINS, "feed.jsonl": '{"id": "r1", "text": "x"}\n'})
    round_trip(tmp_path, report)
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert (data["version"], data["tool_version"]) == (FORMAT_VERSION, __version__)
    assert data["created"].endswith("+00:00")
    assert data["findings"] == [
        {
            "fingerprint": print_,
            "rule": finding.rule,
            "path": finding.path,
            "record": finding.record,
            "line": finding.line,
            "message": finding.message,
        }
        for finding, print_ in zip(report.findings, fingerprints(report.findings, tmp_path), strict=True)
    ]


def test_new_findings_are_new_and_moved_ones_known(tmp_path: Path) -> None:
    known = round_trip(tmp_path, check(tmp_path, "before", {"a.txt": "Title\nText.\nSee also x\n"}))
    later = check(tmp_path, "after", {"a.txt": "Title\nSee also y\nMore text.\nText.\nSee also x\n"})
    new, old, fixed = known.split(later.findings)
    assert [(finding.line, finding.excerpt) for finding in new] == [(2, "See also y")]
    assert [(finding.line, finding.excerpt) for finding in old] == [(5, "See also x")]
    assert fixed == 0


def test_two_identical_defects_are_two_entries_and_fixing_one_leaves_one(tmp_path: Path) -> None:
    before = check(tmp_path, "before", {"a.txt": TWINS})
    known = round_trip(tmp_path, before)
    assert len(known.fingerprints) == 2
    after = check(tmp_path, "after", {"a.txt": "Title\nText.\nSee also x\n"})
    new, old, fixed = known.split(after.findings)
    assert (new, len(old), fixed) == ([], 1, 1)


def test_a_fixed_file_counts_every_finding_it_had_as_fixed(tmp_path: Path) -> None:
    known = round_trip(tmp_path, check(tmp_path, "before", {"a.txt": TWINS, "b.txt": "\n"}))
    after = check(tmp_path, "after", {"a.txt": "Title\n", "b.txt": "\n"})
    assert known.split(after.findings) == ([], after.findings, 2)


def test_an_interrupted_write_leaves_the_old_baseline_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([], path)
    before = path.read_bytes()

    def interrupted(descriptor: int) -> None:  # the new baseline is written, not yet in place: Ctrl-C
        raise KeyboardInterrupt

    report = check(tmp_path, "c", {"a.txt": TWINS})
    monkeypatch.setattr(corpusval.atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_baseline(report.findings, path)
    assert path.read_bytes() == before
    assert sorted(item.name for item in tmp_path.iterdir()) == ["baseline.json", "c"]


def test_a_write_that_cannot_happen_says_so(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"^cannot write baseline .*nowhere/baseline\.json: No such file"):
        write_baseline([], tmp_path / "nowhere" / "baseline.json")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, r"does not exist: write a new one with `corpusval baseline`, or run without a baseline\.$"),
        ("{not json", r"is not valid JSON \(.*line 1 column 2.*\): it may be damaged; write a new one with"),
        (b"\xff\xfe{}", r"is not valid JSON \(.*\): it may be damaged"),
        ("[]", r"is not a corpusval baseline \(at the top level: expected object\): write a new one"),
        ('{"version": 1}', r"is not a corpusval baseline \(at the top level: 'findings' is a required property\)"),
        ('{"version": 1, "findings": [{"fingerprint": 7}]}', r"\(at findings/0/fingerprint: expected string\)"),
        ('{"version": 99, "findings": []}', r"has format version 99, but this corpusval \(.*\) reads version 1: write"),
    ],
    ids=["missing", "not-json", "not-utf8", "not-an-object", "no-findings", "bad-entry", "newer-version"],
)
def test_an_unusable_baseline_names_the_file_and_what_to_do(
    tmp_path: Path, content: str | bytes | None, problem: str
) -> None:
    path = tmp_path / "baseline.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(BaselineError, match=problem) as raised:
        load_baseline(path)
    message = str(raised.value)
    assert message.startswith(f"baseline {path} ") and "\n" not in message


def test_a_file_name_that_is_not_utf8_survives_the_round_trip(tmp_path: Path) -> None:
    report = check(tmp_path, "c", {"caf\udce9.txt": TWINS})
    known = round_trip(tmp_path, report)
    (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert known.split(report.findings) == ([], report.findings, 0)
