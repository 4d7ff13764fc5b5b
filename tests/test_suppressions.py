"""Suppressions: from rule files and the ini, validated with positions, applied to findings by corpus path."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusval.document import Document
from corpusval.engine import check_paths
from corpusval.finding import Finding, Severity
from corpusval.readers import discover, read
from corpusval.rules import RuleFileError, load_rule_set
from corpusval.suppressions import UNUSED, Suppression, SuppressionError, apply, parse_ini, unused_findings
from tests.conftest import LINK_RULE, TITLE_RULE, inside, write_files

RULES = "rules:\n" + TITLE_RULE + LINK_RULE


def finding(path: str, rule: str = "stray-link", line: int = 1) -> Finding:
    return Finding(path, line, 1, rule, Severity.WARNING, "m")


def problems(tmp_path: Path, source: str) -> list[str]:
    (tmp_path / "rules.yaml").write_text(source, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_set([tmp_path / "rules.yaml"])
    return [str(error).replace(str(tmp_path / "rules.yaml"), "rules.yaml") for error in caught.value.errors]


def test_rule_files_carry_suppressions_with_their_place(tmp_path: Path) -> None:
    source = (
        RULES + "suppressions:\n  - rule: stray-link\n    paths: ['legacy/*', '*.txt']\n    reason: ' old scrape '\n"
    )
    (tmp_path / "rules.yaml").write_text(source, encoding="utf-8")
    rule_set = load_rule_set([tmp_path / "rules.yaml"])
    assert [rule.id for rule in rule_set.rules] == ["required-title", "stray-link"]
    assert rule_set.suppressions == [
        Suppression("stray-link", ("legacy/*", "*.txt"), "old scrape", str(tmp_path / "rules.yaml"), 12, 5)
    ]


@pytest.mark.parametrize(
    ("suppression", "expected"),
    [
        (
            "  - rule: stray-links\n    paths: ['a/*']\n    reason: r\n",
            "rules.yaml:12:5: suppression of unknown rule 'stray-links'; did you mean 'stray-link'? rule ids:"
            " read-error, required-title, stray-link",
        ),
        ("  - rule: stray-link\n    paths: ['a/*']\n", "rules.yaml:12:5: 'reason' is a required property"),
        (
            "  - rule: stray-link\n    paths: ['a/*']\n    reason: '  '\n",
            "rules.yaml:14:13: a suppression needs a reason: say why these findings are accepted",
        ),
        (
            "  - rule: stray-link\n    paths: []\n    reason: r\n",
            "rules.yaml:13:12: suppressions.0.paths: [] should be non-empty",
        ),
        (
            "  - rule: stray-link\n    path: ['a/*']\n    reason: r\n",
            "rules.yaml:13:5: unknown key 'path'; valid keys: paths, reason, rule",
        ),
    ],
    ids=["unknown-rule", "no-reason", "blank-reason", "no-paths", "unknown-key"],
)
def test_bad_suppressions_are_positioned(tmp_path: Path, suppression: str, expected: str) -> None:
    assert expected in problems(tmp_path, RULES + "suppressions:\n" + suppression)


def test_read_errors_may_be_suppressed(tmp_path: Path) -> None:
    source = RULES + "suppressions:\n  - {rule: read-error, paths: ['broken/*'], reason: upstream feed}\n"
    (tmp_path / "rules.yaml").write_text(source, encoding="utf-8")
    assert [item.rule for item in load_rule_set([tmp_path / "rules.yaml"]).suppressions] == ["read-error"]


def test_apply_matches_the_path_inside_the_checked_folder() -> None:
    legacy = Suppression("stray-link", ("legacy/*",), "old scrape", "rules.yaml", 3, 5)
    unused = Suppression("required-title", ("drafts/*",), "drafts", "rules.yaml", 7, 5)
    findings = [
        finding("corpus/legacy/2019/a.md"),  # '*' crosses folders, as in a rule's `files`
        finding("corpus/legacy/b.md", rule="required-title"),  # another rule
        finding("corpus/news/c.md"),
        finding("legacy/d.md"),  # not in `inside`: matched as shown
    ]
    inside_paths = {
        "corpus/legacy/2019/a.md": "legacy/2019/a.md",
        "corpus/legacy/b.md": "legacy/b.md",
        "corpus/news/c.md": "news/c.md",
    }
    kept, suppressed, left = apply(findings, [legacy, unused], inside_paths)
    assert kept == [findings[1], findings[2]]
    assert suppressed == [(findings[0], legacy), (findings[3], legacy)]
    assert left == [unused]


def test_unused_suppressions_are_warnings_where_they_are_written() -> None:
    unused = Suppression("required-title", ("drafts/*", "old/*"), "drafts", "rules/corpus.yaml", 7, 5)
    [warning] = unused_findings([unused])
    assert (warning.location(), warning.rule, warning.severity) == ("rules/corpus.yaml:7:5", UNUSED, "warning")
    assert warning.message == "suppression of 'required-title' for drafts/*, old/* matched no finding; remove it"


def test_ini_lines_parse_and_bad_ones_are_all_reported() -> None:
    assert parse_ini(["", "stray-link legacy/* scraped in 2019, kept as is"], "pytest.ini") == [
        Suppression("stray-link", ("legacy/*",), "scraped in 2019, kept as is", "pytest.ini")
    ]
    with pytest.raises(SuppressionError) as caught:
        parse_ini(["stray-link legacy/*", "stray-link", "name-spelling * ok"], "tox.ini")
    assert caught.value.problems == [
        "tox.ini: corpus_suppressions line 1 ('stray-link legacy/*'): a reason missing; write 'RULE-ID GLOB reason"
        " why these findings are accepted'",
        "tox.ini: corpus_suppressions line 2 ('stray-link'): a glob and a reason missing; write 'RULE-ID GLOB"
        " reason why these findings are accepted'",
    ]


def test_a_checked_corpus_with_suppressions(tmp_path: Path) -> None:
    """What the engine does with them: map each document's shown path to its corpus path, then apply."""
    source = RULES + "suppressions:\n  - {rule: stray-link, paths: ['legacy/*'], reason: old scrape}\n"
    write_files(
        tmp_path,
        {
            "rules.yaml": source,
            "corpus/legacy/a.md": "# A\nSee also x\n",
            "corpus/news/b.md": "# B\nSee also y\n",
        },
    )
    rule_set = load_rule_set([tmp_path / "rules.yaml"])
    with inside(tmp_path):
        report = check_paths([Path("corpus")], rule_set.rules)
        documents = [item for source in discover([Path("corpus")]) for item in read(source)]
    paths = {item.path: item.corpus_path or item.path for item in documents if isinstance(item, Document)}
    kept, suppressed, unused = apply(report.findings, rule_set.suppressions, paths)
    assert [f.path for f in kept] == ["corpus/news/b.md"]
    assert [f.path for f, _ in suppressed] == ["corpus/legacy/a.md"]
    assert unused == []
