"""Report formats: text for people (like a linter), JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Callable

from corpusval.engine import Report
from corpusval.finding import Severity, plural

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def summary(report: Report) -> str:
    """One line: how many errors and warnings in how many documents."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    documents = f"{plural(report.documents, 'document')} in {plural(report.files, 'file')}"
    if not report.findings:
        return f"All checks passed: {documents}."
    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} in {documents}."


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
    """An object with a `findings` array and the counts."""
    data = {
        "findings": [finding.to_dict() for finding in report.findings],
        "summary": {
            "documents": report.documents,
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Report, bool], str]] = {"text": render_text, "json": render_json}
