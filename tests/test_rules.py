"""Rule files: every problem found before anything runs, each at its file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusval.kinds import KINDS
from corpusval.rules import RuleFileError, default_rules_path, load_rules


def problems(tmp_path: Path, source: str) -> list[str]:
    path = tmp_path / "rules.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rules([path])
    return [str(error).replace(str(path), "rules.yaml") for error in caught.value.errors]


def test_default_rules_load_with_the_mission_ids() -> None:
    rules = load_rules([default_rules_path()])
    ids = {rule.id: rule.severity for rule in rules}
    for mission in ("required-title", "duplicated-footer", "name-spelling", "publish-date", "encoding"):
        assert ids[mission] == "error"
    assert all(
        severity == "warning"
        for rule_id, severity in ids.items()
        if rule_id not in {"required-title", "duplicated-footer", "name-spelling", "publish-date", "encoding"}
    )


def test_malformed_yaml_points_at_the_problem(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules:\n  - id: a\n    kind: [unclosed\n")
    assert message.startswith("rules.yaml:4:1: invalid YAML")


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "# nothing here\n") == [
        "rules.yaml:1:1: rule file is empty: it needs a 'rules:' list of rules"
    ]


def test_wrong_shape_lists_all_problems_at_once(tmp_path: Path) -> None:
    source = (
        "rules:\n"
        "  - id: one\n"
        "    kind: pattern\n"
        "    description: d\n"
        "    pattern: x\n"
        "    severity: fatal\n"
        "  - kind: pattern\n"
        "    description: no id\n"
        "    pattern: x\n"
        "extra: 1\n"
    )
    found = problems(tmp_path, source)
    assert "rules.yaml:10:1: unknown key 'extra'; valid keys: rules, suppressions" in found
    assert "rules.yaml:6:15: rules.0.severity: expected one of error, warning, found 'fatal'" in found
    assert any(m.startswith("rules.yaml:7:5: ") and "'id' is a required property" in m for m in found)
    assert len(found) == 3


def test_unknown_kind_lists_valid_kinds(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules:\n  - id: a\n    kind: spelling\n    description: d\n")
    assert message.startswith("rules.yaml:3:11: rule 'a': unknown kind 'spelling'; valid kinds: ")
    assert all(kind in message for kind in KINDS)


def test_unknown_option_names_the_key_and_the_valid_ones(tmp_path: Path) -> None:
    [message] = problems(
        tmp_path, "rules:\n  - id: a\n    kind: duplicated-block\n    description: d\n    min_char: 3\n"
    )
    assert message.startswith("rules.yaml:5:5: rule 'a': unknown key 'min_char'; valid keys: ")
    assert "min_chars" in message


def test_bad_regex_names_the_rule_and_the_option(tmp_path: Path) -> None:
    [message] = problems(
        tmp_path, "rules:\n  - id: links\n    kind: pattern\n    description: d\n    pattern: '(?<=x)y'\n"
    )
    assert message.startswith("rules.yaml:5:14: rule 'links': option 'pattern': RE2 cannot compile")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    rule = "rules:\n  - id: same\n    kind: encoding\n    description: d\n"
    (tmp_path / "a.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "b.yml").write_text(rule, encoding="utf-8")
    with pytest.raises(RuleFileError, match="rule id 'same' is already defined at"):
        load_rules([tmp_path])


def test_missing_rule_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no such rule file"):
        load_rules([tmp_path / "absent.yaml"])
    with pytest.raises(RuleFileError, match="holds no rule files"):
        load_rules([tmp_path])


def test_tags_are_refused(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules: !!python/object/apply:os.system [echo]\n")
    assert "tag" in message


def test_files_globs_select_documents(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "rules:\n  - id: a\n    kind: encoding\n    description: d\n    files: ['news/*.md']\n", encoding="utf-8"
    )
    [rule] = load_rules([path])
    assert rule.applies_to("news/2022/a.md") and not rule.applies_to("blog/a.md")


def test_wrong_types_are_named_not_dumped(tmp_path: Path) -> None:
    found = problems(tmp_path, "- id: a\n- id: b\n")
    assert found == ["rules.yaml:1:1: the file: expected a mapping, found a list"]
    [message] = problems(
        tmp_path, "rules:\n  - id: a\n    kind: duplicated-block\n    description: d\n    min_chars: many\n"
    )
    assert message == "rules.yaml:5:16: rule 'a': min_chars: expected an integer, found a string"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "rules:\n  - id: d\n    kind: date-plausibility\n    description: d\n    today: 2022-13-45\n",
            "rules.yaml:1:1: invalid YAML value: month must be in 1..12",
        ),
        (
            "rules:\n  - id: p\n    kind: pattern\n    description: d\n    pattern: !foo bar\n",
            "rules.yaml:5:14: the YAML tag !foo is not allowed",
        ),
        (
            "rules:\n  - id: p\n    kind:\n    description: d\n",
            "rules.yaml:3:5: rules.0.kind: expected a string, found nothing",
        ),
        (
            "rules:\n  - id: p\n    kind: encoding\n    description: d\n    severity:\n",
            "rules.yaml:5:5: rules.0.severity: expected one of error, warning, found nothing",
        ),
    ],
)
def test_values_tags_and_empty_keys_are_positioned(tmp_path: Path, source: str, expected: str) -> None:
    assert problems(tmp_path, source) == [expected]


def test_pattern_that_matches_empty_text_is_refused(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules:\n  - id: p\n    kind: pattern\n    description: d\n    pattern: 'x*'\n")
    assert message == (
        "rules.yaml:5:14: rule 'p': option 'pattern': /x*/ matches the empty text, so it would match everywhere"
    )


def test_reserved_ids_are_refused(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules:\n  - id: read-error\n    kind: encoding\n    description: d\n")
    assert message.startswith("rules.yaml:2:9: rule id 'read-error' is reserved by corpusval")


def test_options_wrong_as_a_whole_point_at_the_rule(tmp_path: Path) -> None:
    [message] = problems(tmp_path, "rules:\n  - id: l\n    kind: length\n    description: d\n")
    assert (
        message
        == "rules.yaml:2:5: rule 'l': a length rule needs at least one of max_line_length, max_length, min_words"
    )
