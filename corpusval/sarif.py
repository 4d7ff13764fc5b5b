"""SARIF 2.1.0 output: findings as code-scanning alerts (GitHub, GitLab, IDE viewers).

One run of one tool. Each rule in force is described once in `tool.driver.rules`,
with its kind's documentation as help; each finding is a result pointing at that
rule by index, located by a path relative to `%SRCROOT%` (the folder corpusval ran
in), and carrying a fingerprint so alerts are matched across runs whatever lines
are added above them.
"""

from __future__ import annotations

import inspect
import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from corpusval import __version__
from corpusval.engine import Report
from corpusval.finding import READ_ERROR, Finding, Severity
from corpusval.fingerprint import fingerprints

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "corpusval/v1"
"""The `partialFingerprints` key: versioned, so a change of recipe is a new key, not a silent mismatch."""

READ_ERROR_DESCRIPTION = "Files and records that cannot be read."
READ_ERROR_DOC = f"""{READ_ERROR_DESCRIPTION}

## What it does
Reports a file that is no text document (UTF-16, binary, unreadable), front matter that is
unclosed or not YAML, and a JSONL record that is not a JSON object with a string text.

## Why is this bad?
No other rule can check what cannot be read, so its defects go unseen.

## Use instead
Fix the file or record as the message says, or move what is not a document out of the corpus.
"""


def render_sarif(report: Report, color: bool = False) -> str:
    """The report as a SARIF 2.1.0 log (`color` is ignored: SARIF is for machines)."""
    rules = _descriptors(report)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = [
        _result(finding, index[finding.rule], print_)
        for finding, print_ in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "corpusval", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",  # columns count characters, not UTF-16 units
                "results": results,
            }
        ],
    }
    # A lone surrogate (a file name that is not UTF-8) becomes "\udcff": in a JSON string, the same character.
    return json.dumps(log, indent=2, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8") + "\n"


def _descriptors(report: Report) -> list[dict[str, Any]]:
    """A reportingDescriptor per rule in force, the built-in read-error, and any other rule a finding names."""
    descriptors = [
        _descriptor(rule.id, rule.description, rule.severity, inspect.getdoc(type(rule.check)) or rule.description)
        for rule in report.rules
    ]
    descriptors.append(_descriptor(READ_ERROR, READ_ERROR_DESCRIPTION, Severity.ERROR, READ_ERROR_DOC))
    known = {descriptor["id"] for descriptor in descriptors}
    for finding in report.findings:  # a report assembled without its rules (a distributed run) still validates
        if finding.rule not in known:
            known.add(finding.rule)
            descriptors.append(_descriptor(finding.rule, finding.rule, finding.severity, finding.rule))
    return descriptors


def _descriptor(rule_id: str, description: str, severity: Severity, doc: str) -> dict[str, Any]:
    """The rule's own description, its kind's summary (the doc's first paragraph), and the whole doc as help."""
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": description},
        "fullDescription": {"text": doc.split("\n\n", 1)[0]},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _level(severity)},
    }


def _result(finding: Finding, rule_index: int, print_: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.excerpt:
        region["snippet"] = {"text": finding.excerpt}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _level(finding.severity),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: print_},
    }
    if finding.record is not None:
        result["properties"] = {"record": finding.record}
    return result


def _artifact(path: str) -> dict[str, str]:
    """A relative path as a URI reference under %SRCROOT%; an absolute one as a file: URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    # surrogateescape: a file name that is not UTF-8 keeps its bytes, percent-encoded
    return {"uri": quote(pure.as_posix(), errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"
