"""`corpusval explain`: a rule's documentation from its rule file and its kind; unknown ids get a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusval.explain import UnknownRule, explain, kind_sections
from corpusval.kinds import KINDS
from corpusval.rules import Rule, default_rules_path, load_rules

RULES = load_rules([default_rules_path()])


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_default_rule_is_explained(rule: Rule) -> None:
    text = explain(rule.id, RULES)
    for heading in ("What it does", "Why is this bad?", "Example", "Use instead", "Suppress"):
        assert f"\n\n{heading}\n" in text
    assert f"  - rule: {rule.id}\n" in text


def test_the_explanation_shows_the_rule_as_configured_and_its_examples() -> None:
    text = explain("required-title", RULES)
    assert text.startswith("required-title (error, kind required-field, defined at ")
    assert (
        "Configured as:\n    field: 'title'\n    max_length: 200\n    max_words: 25\n    applies to every document"
        in (text)
    )
    assert "    Reported at line 1, saying 'missing' (" in text
    assert "        no-title.md:\n            ---\n            author: Jane Doe\n" in text
    assert "    Not reported (" in text


def test_without_examples_the_kinds_own_example_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - id: links\n    kind: pattern\n    description: d\n    pattern: x\n", encoding="utf-8")
    _, sections = kind_sections(KINDS["pattern"])
    assert f"\n\nExample\n    {sections['Example'].splitlines()[0]}\n" in explain("links", load_rules([path]))


def test_read_error_is_explained_too() -> None:
    assert explain("read-error", RULES).startswith("read-error (error, built in)\n\n    Files and records")


def test_an_unknown_id_lists_the_ids_and_suggests_the_closest() -> None:
    with pytest.raises(UnknownRule) as caught:
        explain("name-speling", RULES)
    assert str(caught.value) == (
        "no rule 'name-speling' in the rules in force (did you mean 'name-spelling'?); rule ids: duplicated-footer,"
        " encoding, long-line, name-spelling, page-furniture, publish-date, read-error, required-title, stray-link"
    )
    with pytest.raises(UnknownRule, match=r"^no rule 'zzz' in the rules in force; rule ids: "):
        explain("zzz", RULES)


def test_control_characters_in_examples_are_shown_as_escapes() -> None:
    encoding = next(rule for rule in load_rules([default_rules_path()]) if rule.id == "encoding")
    shown = explain("encoding", [encoding])
    assert "\\x00" in shown
    assert not any(character in shown for character in "\x00\x1b\x7f")
