"""Rules that test themselves: `examples:` in rule files, their loading, verdicts and pytest items."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusval.rules import Rule, RuleFileError, load_rules
from corpusval.selftest import ExampleResult, run_all, run_examples
from tests.conftest import DEFAULT_RULES

TITLE = "rules:\n  - id: title\n    kind: required-field\n    description: d\n    field: title\n    examples:\n"
LINK = "rules:\n  - id: link\n    kind: pattern\n    description: d\n    pattern: '^See also.*'\n    examples:\n"


def load(tmp_path: Path, source: str) -> list[Rule]:
    path = tmp_path / "rules.yaml"
    path.write_text(source, encoding="utf-8")
    return load_rules([path])


def problems(tmp_path: Path, source: str) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load(tmp_path, source)
    return [str(error).replace(str(tmp_path / "rules.yaml"), "rules.yaml") for error in caught.value.errors]


def verdicts(tmp_path: Path, source: str) -> list[tuple[str, bool, str]]:
    [rule] = load(tmp_path, source)
    return [(result.example, result.passed, result.explanation) for result in run_examples(rule)]


@pytest.mark.parametrize("result", list(run_all(DEFAULT_RULES)), ids=lambda result: f"{result.rule}::{result.example}")
def test_the_default_rules_examples_hold(result: ExampleResult) -> None:
    assert result.passed, f"{result.source}: {result.explanation}"


def test_every_default_rule_has_examples_of_both_sorts() -> None:
    for rule in DEFAULT_RULES:
        assert any(not example.must_fail for example in rule.examples), f"{rule.id}: no pass example"
        # A failing long-line example would need a line of 20,001 characters in the rule file.
        if rule.id != "long-line":
            assert any(example.must_fail for example in rule.examples), f"{rule.id}: no fail example"


def test_examples_load_with_names_files_and_fields(tmp_path: Path) -> None:
    [rule] = load(
        tmp_path,
        TITLE + "      pass:\n        - {title: T, published: 2022-01-10, text: body}\n"
        "      fail:\n        - name: raw\n          file: news/a.md\n          content: 'body'\n          line: 1\n",
    )
    passing, failing = rule.examples
    assert (passing.name, passing.file, passing.fields, passing.must_fail) == (
        "pass-1",
        "pass-1.md",
        {"title": "T", "published": "2022-01-10"},
        False,
    )
    assert (failing.name, failing.file, failing.content, failing.line, failing.must_fail) == (
        "raw",
        "news/a.md",
        "body",
        1,
        True,
    )
    assert failing.source.endswith("rules.yaml:10:11")


@pytest.mark.parametrize(
    ("examples", "expected"),
    [
        (
            "      pass:\n        - {text: a, content: b, file: a.md}\n",
            "rules.yaml:8:21: rule 'title': example pass 1: give the document as `text` or as a file's raw"
            " `content`, not both",
        ),
        (
            "      pass:\n        - {title: T}\n",
            "rules.yaml:8:11: rule 'title': example pass 1: give the document as `text` (with fields such as title"
            " beside it) or as a `file` name and its raw `content`",
        ),
        (
            "      pass:\n        - {content: b}\n",
            "rules.yaml:8:12: rule 'title': example pass 1: `content` needs a `file` name: its suffix picks the"
            " reader (.txt, .md, .jsonl)",
        ),
        (
            "      pass:\n        - {file: a.md, content: b, title: T}\n",
            "rules.yaml:8:36: rule 'title': example pass 1: with `content`, fields belong inside the file (front"
            " matter, JSON keys): move 'title' there",
        ),
        (
            "      pass:\n        - {text: b, line: 2}\n",
            "rules.yaml:8:21: rule 'title': example pass 1: a pass example expects no finding: drop 'line', or move"
            " the example under `fail:`",
        ),
        (
            "      pass:\n        - {name: same, text: a}\n      fail:\n        - {name: same, text: b, line: 1}\n",
            "rules.yaml:10:12: rule 'title': example fail 1: another example is named 'same'; give each example its"
            " own name",
        ),
        (
            "      fail:\n        - {text: b}\n",
            "rules.yaml:8:11: 'line' is a required property",
        ),
        (
            "      fail:\n        - {text: b, line: 1, file: a.pdf}\n",
            "rules.yaml:8:36: rules.0.examples.fail.0.file: 'a.pdf' does not match",
        ),
        ("      passes: []\n", "rules.yaml:7:7: unknown key 'passes'; valid keys: fail, pass"),
    ],
    ids=[
        "both",
        "neither",
        "content-without-file",
        "fields-beside-content",
        "pass-with-line",
        "same-name",
        "fail-without-line",
        "bad-suffix",
        "unknown-key",
    ],
)
def test_bad_examples_are_positioned(tmp_path: Path, examples: str, expected: str) -> None:
    [message] = problems(tmp_path, TITLE + examples)
    assert message.startswith(expected)


def test_verdicts_say_what_was_expected_and_what_was_found(tmp_path: Path) -> None:
    examples = (
        "      pass:\n"
        '        - {name: clean, text: "Title\\nbody"}\n'
        '        - {name: dirty, text: "Title\\nSee also: x"}\n'
        "      fail:\n"
        '        - {name: caught, text: "Title\\nSee also: x", line: 2, column: 1, message: See also}\n'
        '        - {name: missed, text: "Title\\nbody", line: 2}\n'
        '        - {name: elsewhere, text: "See also: y\\nSee also: x", line: 2}\n'
        '        - {name: wrong-text, text: "Title\\nSee also: x", line: 2, message: Read more}\n'
    )
    assert verdicts(tmp_path, LINK + examples) == [
        ("clean", True, "no finding, as expected"),
        ("dirty", False, 'expected no finding, found 2:1 forbidden pattern /^See also.*/ matches "See also: x"'),
        ("caught", True, "found a finding at line 2, column 1 saying 'See also'"),
        ("missed", False, "expected a finding at line 2, found none"),
        (
            "elsewhere",
            False,
            'found a finding at line 2, but also 1:1 forbidden pattern /^See also.*/ matches "See also: y"',
        ),
        (
            "wrong-text",
            False,
            "expected a finding at line 2 saying 'Read more', found 2:1 forbidden pattern /^See also.*/ matches"
            ' "See also: x"',
        ),
    ]


def test_raw_content_is_read_as_a_file_is(tmp_path: Path) -> None:
    examples = (
        "      pass:\n"
        '        - {file: a.md, content: "---\\ntitle: T\\n---\\nbody\\n"}\n'
        '        - {file: a.txt, content: "Headline\\nbody\\n"}\n'
        "      fail:\n"
        '        - {file: b.md, content: "---\\nauthor: A\\n---\\nbody\\n", line: 1}\n'
        '        - {file: f.jsonl, content: "{\\"title\\": \\"T\\"}\\n{\\"text\\": \\"x\\"}\\n", line: 2}\n'
        '        - {name: unreadable, file: c.md, content: "---\\ntitle: T\\n", line: 1}\n'
    )
    assert verdicts(tmp_path, TITLE + examples) == [
        ("pass-1", True, "no finding, as expected"),
        ("pass-2", True, "no finding, as expected"),
        ("fail-1", True, "found a finding at line 1"),
        ("fail-2", True, "found a finding at line 2"),
        ("unreadable", False, "the example cannot be read: front matter opened with '---' on line 1 is never closed"),
    ]


def test_an_example_outside_the_rules_files_is_explained(tmp_path: Path) -> None:
    source = LINK.replace("    examples:\n", "    files: ['news/*']\n    examples:\n")
    examples = (
        "      fail:\n        - {text: 'See also: x', line: 1}\n"
        "        - {file: news/a.md, text: 'See also: x', line: 1}\n"
    )
    assert verdicts(tmp_path, source + examples) == [
        (
            "fail-1",
            False,
            "the rule does not apply to 'fail-1.md' (its files: news/*); give the example a `file` it matches",
        ),
        ("fail-2", True, "found a finding at line 1"),
    ]


def test_a_corpus_wide_rule_gathers_over_all_its_examples(tmp_path: Path) -> None:
    source = (
        "rules:\n  - id: names\n    kind: name-consistency\n    description: d\n    examples:\n      pass:\n"
        "        - text: 'Minister Sergei Ryabkov spoke. Ryabkov said no. Sergei Ryabkov left.'\n"
        "      fail:\n"
        "        - text: 'Earlier, Sergei Rybkov met the envoy.'\n          line: 1\n          message: Ryabkov\n"
    )
    assert verdicts(tmp_path, source) == [
        ("pass-1", True, "no finding, as expected"),
        ("fail-1", True, "found a finding at line 1 saying 'Ryabkov'"),
    ]


CONFTEST = """
from corpusval.selftest_plugin import collect_rule_file

def pytest_collect_file(file_path, parent):
    return collect_rule_file(file_path, parent, [parent.config.rootpath / "rules"])
"""


def test_examples_are_pytest_items_with_clean_failures(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    examples = (
        '      pass:\n        - {name: clean, text: "Title\\nbody"}\n'
        '      fail:\n        - {name: missed, text: "Title\\nbody", line: 2}\n'
    )
    pytester.makefile(".yaml", **{"rules/links": LINK + examples, "elsewhere": LINK + examples})
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "rules/links.yaml::link::clean PASSED*",
            "rules/links.yaml::link::missed FAILED*",
            "rules/links.yaml:10:11: rule 'link', example 'missed': expected a finding at line 2, found none",
        ]
    )
    assert "Traceback" not in result.stdout.str() and "runtest" not in result.stdout.str()


def test_a_bad_rule_file_is_a_clean_collection_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makefile(".yaml", **{"rules/bad": "rules:\n  - id: x\n    kind: nope\n    description: d\n"})
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*rules/bad.yaml:3:11: rule 'x': unknown kind 'nope'; valid kinds: *"])
    assert "Traceback" not in result.stdout.str()
