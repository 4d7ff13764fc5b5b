"""Fingerprints: a name for a finding that survives edits elsewhere in its document.

A baseline and a SARIF consumer (GitHub code scanning) match findings across runs
by fingerprint, so it must not change when lines are added above a finding: it
hashes what the finding is about (rule, file, record, offending text), never where
it is (line, column).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path, PurePath

from corpusval.finding import Finding

_DIGITS = re.compile(r"\d+")
_LINE_NAMED = re.compile(r"line-\d+")
"""How readers name a JSONL record that has no id of its own (or a taken one): by its line, a position."""


def _offending_text(finding: Finding) -> str:
    """The text a finding is about, whitespace-normalized.

    That is the excerpt; a finding without one falls back to its message with the
    numbers masked, since such messages quote positions ("byte 0xFC at line 3") and
    the clock ("today is 2026-11-25"), which change without the defect changing.
    """
    if finding.excerpt:
        return " ".join(finding.excerpt.split())
    return " ".join(_DIGITS.sub("#", finding.message).split())


def fingerprint(finding: Finding, root: Path | None = None) -> str:
    """A hex digest of the rule id, path, record id and offending text of `finding`.

    The path is taken relative to `root` when given (a baseline's folder), so runs from
    any working folder agree; else as the finding shows it. A record named after its
    line counts as no record: records added above it would rename it. Twins left alike
    are told apart by `fingerprints`.
    """
    record = None if finding.record is None or _LINE_NAMED.fullmatch(finding.record) else finding.record
    path = PurePath(os.path.relpath(os.path.abspath(finding.path), root) if root else finding.path).as_posix()
    key = [finding.rule, path, record, _offending_text(finding)]
    return hashlib.blake2b(json.dumps(key).encode(), digest_size=16).hexdigest()


def fingerprints(findings: Sequence[Finding], root: Path | None = None) -> list[str]:
    """The fingerprint of each finding, in the order given, made unique by an occurrence index.

    The same defect twice in one document (a footer pasted into two places) hashes
    alike; `:1`, `:2`... number such twins in order of position, so fixing one of
    two leaves one fingerprint known and the other gone.
    """
    digests = [fingerprint(finding, root) for finding in findings]
    seen: Counter[str] = Counter()
    numbered = [""] * len(findings)
    for index in sorted(range(len(findings)), key=lambda at: (findings[at].line, findings[at].column)):
        seen[digests[index]] += 1
        numbered[index] = f"{digests[index]}:{seen[digests[index]]}"
    return numbered
