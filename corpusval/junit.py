"""JUnit XML output: CI servers that read test reports (Jenkins, GitLab, Azure) show findings as failed tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from corpusval.engine import Report
from corpusval.finding import Finding, Severity

# Characters XML 1.0 forbids anywhere, escaped or not: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(report: Report, color: bool = False) -> str:
    """One `<testsuite name="corpusval">` with a `<testcase>` per (file or JSONL record, rule) that has findings.

    Passing pairs are not listed: a report holds findings, not the pairs that were
    checked clean, so `tests` counts the cases shown. A case with an error finding
    is a `<failure>` whose type is the rule id and whose text lists all the case's
    findings; a case with warnings only passes, its findings in `<system-out>`.
    Test names follow the pytest plugin's ids: `classname` is the path, `name` is
    `RECORD::RULE` for a JSONL record and `RULE` otherwise. `color` is ignored.
    """
    cases: dict[tuple[str, str | None, str], list[Finding]] = {}
    for finding in report.findings:
        cases.setdefault((finding.path, finding.record, finding.rule), []).append(finding)
    failures = sum(1 for findings in cases.values() if _errors(findings))
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites, "testsuite", name="corpusval", tests=str(len(cases)), failures=str(failures), errors="0", skipped="0"
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (("documents", report.documents), ("files", report.files)):
        ET.SubElement(properties, "property", name=name, value=str(value))
    for (path, record, rule), findings in cases.items():
        name = rule if record is None else f"{record}::{rule}"
        case = ET.SubElement(suite, "testcase", classname=_xml(path), name=_xml(name))
        text = _xml("\n".join(map(_describe, findings)))
        errors = _errors(findings)
        if errors:
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            ET.SubElement(case, "failure", message=_xml(errors[0].message + more), type=_xml(rule)).text = text
        else:
            ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]


def _describe(finding: Finding) -> str:
    """`path:line:col: severity: message`, then `    | excerpt`, as a person reads it in the CI page.

    The bar keeps a quoted line from starting a line of a CI log, where `::command::` would be obeyed.
    """
    head = f"{finding.location()}: {finding.severity}: {finding.message}"
    return f"{head}\n    | {finding.excerpt}" if finding.excerpt else head


def _xml(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (ElementTree would write them, and parsers reject them)."""
    return _NOT_XML.sub("", text)
