"""Fingerprints name what a finding is about, not where it is: they survive lines moving above it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from corpusval.engine import Report
from corpusval.finding import Finding, Severity
from corpusval.fingerprint import fingerprint, fingerprints
from tests.conftest import check_corpus

RULES: list[dict[str, Any]] = [
    {"id": "required-title", "kind": "required-field", "description": "A title.", "field": "title"},
    {"id": "stray-link", "kind": "pattern", "description": "No See also.", "pattern": "^See also.*"},
    {"id": "encoding", "kind": "encoding", "description": "UTF-8."},
]
BODY = b"See also the harbour\nText.\nBroken \xfc byte\n"


def check(tmp_path: Path, name: str, files: dict[str, str | bytes]) -> Report:
    (tmp_path / name).mkdir()
    return check_corpus(tmp_path / name, files, *RULES)


def by_rule(report: Report) -> dict[str, list[str]]:
    """Each rule's fingerprints, in order of position."""
    found: dict[str, list[str]] = {}
    for finding, print_ in zip(report.findings, fingerprints(report.findings), strict=True):
        found.setdefault(finding.rule, []).append(print_)
    return found


def test_moving_lines_above_keeps_every_fingerprint(tmp_path: Path) -> None:
    before = check(tmp_path, "before", {"a.md": b"---\nauthor: x\n---\n" + BODY})
    after = check(tmp_path, "after", {"a.md": b"---\nauthor: x\n---\nA new lead.\n\nAnother.\n" + BODY})
    assert [finding.line for finding in after.findings if finding.rule != "required-title"] == [
        finding.line + 3 for finding in before.findings if finding.rule != "required-title"
    ]
    # the encoding finding has no excerpt and names its line: the message stands in, numbers masked
    assert set(by_rule(before)) == {"required-title", "stray-link", "encoding"}
    assert by_rule(after) == by_rule(before)


def test_records_added_above_keep_fingerprints_of_records_named_by_line(tmp_path: Path) -> None:
    feed = '{"id": "r1", "text": "See also x"}\n{"text": "no id"}\n{broken\n'
    before = check(tmp_path, "before", {"feed.jsonl": feed})
    after = check(tmp_path, "after", {"feed.jsonl": '{"id": "r0", "title": "T", "text": "fine"}\n' + feed})
    assert {finding.record for finding in before.findings} == {"r1", "line-2", "line-3"}
    assert {finding.record for finding in after.findings} == {"r1", "line-3", "line-4"}
    assert by_rule(after) == by_rule(before)


def test_editing_the_offending_text_changes_the_fingerprint(tmp_path: Path) -> None:
    before = check(tmp_path, "before", {"a.txt": "Title\nSee also the harbour\n"})
    after = check(tmp_path, "after", {"a.txt": "Title\nSee also the port\n"})
    assert by_rule(after)["stray-link"] != by_rule(before)["stray-link"]


def test_same_text_under_another_rule_path_or_record_is_another_fingerprint() -> None:
    base = Finding("a.md", 1, 1, "r", Severity.ERROR, "m", "text", None)
    others = [
        Finding("b.md", 1, 1, "r", Severity.ERROR, "m", "text", None),
        Finding("a.md", 1, 1, "s", Severity.ERROR, "m", "text", None),
        Finding("a.md", 1, 1, "r", Severity.ERROR, "m", "text", "rec"),
        Finding("a.md", 1, 1, "r", Severity.ERROR, "m", "other text", None),
    ]
    assert len({fingerprint(finding) for finding in [base, *others]}) == 5


def test_position_message_and_spacing_do_not_count_when_there_is_an_excerpt() -> None:
    one = Finding("a.md", 1, 1, "r", Severity.ERROR, "seen 3 times", "the  harbour\tagain ")
    two = Finding("./a.md", 9, 4, "r", Severity.WARNING, "seen 4 times", " the harbour again")
    assert fingerprint(one) == fingerprint(two)


def test_identical_defects_in_one_file_are_numbered_in_order_of_position(tmp_path: Path) -> None:
    report = check(tmp_path, "twins", {"a.txt": "Title\nSee also x\nText.\nSee also x\n"})
    twins = [finding for finding in report.findings if finding.rule == "stray-link"]
    assert fingerprint(twins[0]) == fingerprint(twins[1])
    assert fingerprints(twins) == [f"{fingerprint(twins[0])}:1", f"{fingerprint(twins[0])}:2"]
    assert fingerprints(twins[::-1]) == fingerprints(twins)[::-1]


@settings(max_examples=30)  # two engine runs per example
@given(above=st.lists(st.text(alphabet="abc .\n", max_size=30), max_size=5))
def test_any_text_added_above_keeps_fingerprints(tmp_path_factory: Any, above: list[str]) -> None:
    body = b"See also one\nSee also one\nSee also two\xfc\n"
    before = check(tmp_path_factory.mktemp("b"), "c", {"a.txt": b"Title\n" + body})
    lead = "".join(f"{line}\n" for line in above).encode()
    after = check(tmp_path_factory.mktemp("a"), "c", {"a.txt": b"Title\n" + lead + body})
    assert by_rule(after) == by_rule(before)
