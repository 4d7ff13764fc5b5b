"""Report formats over real reports of a hostile corpus: each parses, validates, and keeps every finding intact."""

from __future__ import annotations

import inspect
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator

from corpusval.engine import Report
from corpusval.finding import READ_ERROR, Finding, Severity
from corpusval.fingerprint import fingerprints
from corpusval.junit import render_junit
from corpusval.output import FORMATS, render_github, summary
from corpusval.sarif import FINGERPRINT_KEY, render_sarif
from tests.conftest import check_corpus

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FORGED = 'stray :: 100% "{match}" <&> \x1b[2K,x:y\n::error file=forged.md::forged\r%0A'
"""A rule message that tries every trick: quotes, markup, a terminal escape, a second workflow command."""

HOSTILE_RULES: list[dict[str, Any]] = [
    {"id": "required-title", "kind": "required-field", "description": "Every document has a title.", "field": "title"},
    {
        "id": "stray-link",
        "kind": "pattern",
        "description": 'No "See also" <line> & co.',
        "severity": "warning",
        "pattern": "^See also.*",
        "message": FORGED,
    },
    {"id": "no-bell", "kind": "pattern", "description": "No bell.", "pattern": "ring.*", "message": "bell: {match}"},
]
HOSTILE_FILES: dict[str, str | bytes] = {
    'quo"te <&> a,b:c %41.md': '---\ntitle: "T"\n---\nSee also <b>&amp; "x" ::error:: %0A\nring \x07\x1b[31m\n',
    "new\nline.txt": "Title\nSee also here\nSee also here\n",
    "esc\x1bname.txt": "Title\nring ring \u2028 \ufffe\n",
    "caf\udce9.txt": "Title\nSee also the cafe\n",  # a file name that is not UTF-8
    "feed.jsonl": '{"id": "r\\n::error file=x::injected,%", "text": "See also\\u0007 it"}\n{broken\n',
    "binary.txt": b"Title\x00\x01",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Report:
    report = check_corpus(tmp_path, HOSTILE_FILES, *HOSTILE_RULES)
    assert {finding.rule for finding in report.findings} == {"required-title", "stray-link", "no-bell", READ_ERROR}
    return report


@pytest.fixture
def clean(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return check_corpus(tmp_path_factory.mktemp("clean"), {"a.txt": "Title\nBody.\n"}, *HOSTILE_RULES)


def test_formats_table() -> None:
    assert set(FORMATS) == {"text", "json", "sarif", "github", "junit", "html"}
    assert FORMATS["sarif"] is render_sarif and FORMATS["junit"] is render_junit and FORMATS["github"] is render_github


@pytest.mark.parametrize("name", ["sarif", "github", "junit"])
def test_machine_formats_write_as_utf8_and_ignore_color(name: str, hostile: Report) -> None:
    plain = FORMATS[name](hostile, False)
    plain.encode("utf-8")  # no lone surrogate from the file name that is not UTF-8
    assert FORMATS[name](hostile, True) == plain


# SARIF


def sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_sarif(report))
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert not errors, errors[0]
    return log


def test_sarif_validates_against_the_official_schema(hostile: Report, clean: Report) -> None:
    assert len(sarif(hostile)["runs"][0]["results"]) == len(hostile.findings)
    assert sarif(clean)["runs"][0]["results"] == []


def test_sarif_rules_describe_each_rule_with_its_kind_doc(hostile: Report) -> None:
    driver = sarif(hostile)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "corpusval"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert list(rules) == [rule.id for rule in hostile.rules] + [READ_ERROR]
    for rule in hostile.rules:
        doc = inspect.getdoc(type(rule.check))
        assert doc is not None and "## What it does" in doc
        described = rules[rule.id]
        assert described["shortDescription"]["text"] == rule.description
        assert described["help"]["markdown"] == doc
        assert doc.startswith(described["fullDescription"]["text"])
        assert described["defaultConfiguration"]["level"] == str(rule.severity)
    assert rules[READ_ERROR]["defaultConfiguration"]["level"] == "error"
    assert "## What it does" in rules[READ_ERROR]["help"]["markdown"]


def test_sarif_results_keep_every_finding(hostile: Report) -> None:
    run = sarif(hostile)["runs"][0]
    for finding, print_, result in zip(hostile.findings, fingerprints(hostile.findings), run["results"], strict=True):
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == str(finding.severity)
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert unquote(location["artifactLocation"]["uri"], errors="surrogateescape") == finding.path
        assert location["region"]["startLine"] == finding.line
        assert location["region"]["startColumn"] == finding.column
        assert location["region"].get("snippet", {"text": ""})["text"] == finding.excerpt
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: print_}
        assert result.get("properties", {}).get("record") == finding.record
    messages = [result["message"]["text"] for result in run["results"]]
    assert any("\\x1b[2K,x:y\\x0a::error" in message for message in messages)  # shown as escapes, not obeyed
    assert not any(re.search("[\x00-\x1f\x7f-\x9f]", message) for message in messages)


def test_sarif_describes_rules_a_report_does_not_carry() -> None:
    stray = Finding("/abs/a b.md", 3, 2, "from-elsewhere", Severity.WARNING, "m")
    run = sarif(Report([stray], 1, 1))["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "from-elsewhere"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/a%20b.md"}


# GitHub workflow commands


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a line as GitHub's runner does: `::NAME PROPS::DATA`, the first `::` after the name ending PROPS."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    name, listed, data = match.groups()
    properties = dict(item.split("=", 1) for item in listed.split(","))
    unescape = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}

    def decode(text: str) -> str:
        return re.sub("%(0D|0A|3A|2C|25)", lambda found: unescape[found.group()], text)

    return name, {key: decode(value) for key, value in properties.items()}, decode(data)


def shown(text: str) -> str:
    return re.sub(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", "?", text)


def test_github_one_command_per_finding_that_no_text_can_split_or_forge(hostile: Report) -> None:
    lines = render_github(hostile).splitlines()  # splitlines breaks at every line separator Unicode knows
    assert len(lines) == len(hostile.findings) + 1
    assert lines[-1] == summary(hostile)
    for finding, line in zip(hostile.findings, lines, strict=False):
        name, properties, message = parse_workflow_command(line)
        assert name == str(finding.severity)
        assert properties == {
            "file": shown(finding.path),
            "line": str(finding.line),
            "col": str(finding.column),
            "title": finding.rule,
        }
        record = "" if finding.record is None else f" (record {shown(finding.record)})"
        assert message == shown(finding.message) + record
    assert "\x1b" not in "".join(lines)
    assert sum(line.startswith("::") for line in lines) == len(hostile.findings)


def test_github_clean_report_is_the_summary(clean: Report) -> None:
    assert render_github(clean) == "All checks passed: 1 document in 1 file.\n"


# JUnit


def junit(report: Report) -> ET.Element:
    text = render_junit(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def xml_text(text: str) -> str:
    return re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text)


def test_junit_one_case_per_file_or_record_and_rule(hostile: Report) -> None:
    suite = junit(hostile).find("testsuite")
    assert suite is not None and suite.get("name") == "corpusval"
    pairs: dict[tuple[str, str | None, str], list[Finding]] = {}
    for finding in hostile.findings:
        pairs.setdefault((finding.path, finding.record, finding.rule), []).append(finding)
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) == str(len(pairs))
    failing = [case for case in cases if case.find("failure") is not None]
    assert suite.get("failures") == str(len(failing))
    for case, ((path, record, rule), findings) in zip(cases, pairs.items(), strict=True):
        assert case.get("classname") == xml_text(path)
        assert case.get("name") == xml_text(rule if record is None else f"{record}::{rule}")
        failure, output = case.find("failure"), case.find("system-out")
        if any(finding.severity is Severity.ERROR for finding in findings):
            assert failure is not None and output is None
            assert failure.get("type") == rule
            assert (failure.get("message") or "").startswith(xml_text(findings[0].message))
            body = failure.text or ""
        else:
            assert output is not None and failure is None
            body = output.text or ""
        for finding in findings:  # XML parsers read a carriage return in text as a line feed
            assert xml_text(f"{finding.location()}: {finding.severity}: {finding.message}").replace("\r", "\n") in body
    properties = {item.get("name"): item.get("value") for item in suite.iter("property")}
    assert properties == {"documents": str(hostile.documents), "files": str(hostile.files)}


def test_junit_holds_any_character() -> None:
    forbidden = "nul\x00 esc\x1b ff\x0c surrogate\ud800 noncharacter\ufffe"
    finding = Finding(f"a{forbidden}.md", 1, 1, "r", Severity.ERROR, f'<&"{forbidden}\n]]>', f"]]>{forbidden}")
    case = junit(Report([finding], 1, 1)).find("testsuite/testcase")
    shown = "nul\\x00 esc\\x1b ff\\x0c surrogate\\ud800 noncharacter"  # controls escaped by Finding, U+FFFE dropped
    assert case is not None and case.get("classname") == f"a{shown}.md"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == f'<&"{shown}\\x0a]]>'


def test_junit_clean_report_has_no_cases(clean: Report) -> None:
    suite = junit(clean).find("testsuite")
    assert suite is not None and suite.get("tests") == "0" and suite.findall("testcase") == []
