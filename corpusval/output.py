"""Report formats: text and an HTML page for people, JSON, SARIF and JUnit for machines, GitHub annotations.

Every format is a function `(report, color) -> str`, registered in `FORMATS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from corpusval.engine import Report
from corpusval.finding import Finding, Severity, plural
from corpusval.html_report import render_html
from corpusval.inert import inert
from corpusval.junit import render_junit
from corpusval.sarif import render_sarif

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"
# What GitHub's runner decodes in a workflow command: data escapes %, CR and LF; properties also ':' and ','.
_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}
# Shown as "?": controls would reach the log as they are (ESC sequences rewrite it, other line breaks, NUL), and
# a lone surrogate (a file name that is not UTF-8) cannot be written as UTF-8 at all.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def summary(report: Report) -> str:
    """One line: how many errors and warnings in how many documents."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    documents = f"{plural(report.documents, 'document')} in {plural(report.files, 'file')}"
    baseline = ""
    if report.known or report.fixed:
        baseline = f" Baseline: {report.known} known, not shown; {report.fixed} fixed."
    if not report.findings:
        return f"All checks passed: {documents}.{baseline}"
    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} in {documents}.{baseline}"


def render_suppressed(report: Report) -> str:
    """The findings suppressions set aside, each with the reason and where the suppression is written."""
    lines = [f"Suppressed ({len(report.suppressed)}):"] if report.suppressed else ["Suppressed: none."]
    for finding, suppression in report.suppressed:
        lines.append(f"{finding.location()}: {finding.rule} {finding.message}")
        lines.append(f"    suppressed by {suppression.source}: {inert(suppression.reason)}")
    return "\n".join(lines) + "\n"


def render_text(report: Report, color: bool = False) -> str:
    """`path:line:col: rule-id message`, one finding per line, then the summary."""
    lines = []
    for finding in report.findings:
        rule = f"{_COLORS[finding.severity]}{finding.rule}{_RESET}" if color else finding.rule
        where = f"{_BOLD}{finding.location()}{_RESET}" if color else finding.location()
        tag = "" if finding.severity is Severity.ERROR else " (warning)"
        lines.append(f"{where}: {rule}{tag} {finding.message}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_json(report: Report, color: bool = False) -> str:
    """An object with a `findings` array, one finding a line, and the counts.

    Each line is written by json's C encoder; an `indent` makes json write everything with
    its Python encoder, which took longer than checking a large corpus with many findings.
    """
    findings = ",\n".join(f"    {_json(finding.to_dict())}" for finding in report.findings)
    counts = {
        "documents": report.documents,
        "files": report.files,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
    }
    listed = f"[\n{findings}\n  ]" if findings else "[]"
    return f'{{\n  "findings": {listed},\n  "summary": {_json(counts)}\n}}\n'


_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode  # `json.dumps` would make one a call


def render_github(report: Report, color: bool = False) -> str:
    """A GitHub Actions workflow command per finding, so each shows as an annotation on its file; then the summary.

    `::error file=PATH,line=L,col=C,title=RULE::MESSAGE`, escaped so that no path or
    message can end the command early or start another. `color` is ignored.
    """
    lines = [_workflow_command(finding) for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _workflow_command(finding: Finding) -> str:
    message = finding.message if finding.record is None else f"{finding.message} (record {finding.record})"
    properties = {"file": finding.path, "line": finding.line, "col": finding.column, "title": finding.rule}
    listed = ",".join(f"{key}={_escape(str(value), _PROPERTY_ESCAPES)}" for key, value in properties.items())
    return f"::{finding.severity} {listed}::{_escape(message, _DATA_ESCAPES)}"


def _escape(text: str, escapes: dict[str, str]) -> str:
    escaped = "".join(escapes.get(character, character) for character in text)
    return _UNSHOWABLE.sub("?", escaped)


FORMATS: dict[str, Callable[[Report, bool], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
    "html": render_html,
}
