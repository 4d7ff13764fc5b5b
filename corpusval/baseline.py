"""Baselines: the findings a corpus already had, so a run can fail on new ones only.

A baseline is a JSON file of fingerprints (see `corpusval.fingerprint`), with the
rule, path, line and message of each finding for the people who read it in review.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from corpusval import __version__
from corpusval.atomic import write_atomically
from corpusval.finding import Finding
from corpusval.fingerprint import fingerprints

FORMAT_VERSION = 1
_REMEDY = "write a new one with `corpusval baseline`, or run without a baseline"
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "findings"],
    "properties": {
        "version": {"type": "integer"},
        "findings": {
            "type": "array",
            "items": {"type": "object", "required": ["fingerprint"], "properties": {"fingerprint": {"type": "string"}}},
        },
    },
}


class BaselineError(Exception):
    """A baseline that cannot be read or written; the message names the file and what to do."""


@dataclass(frozen=True)
class Baseline:
    """The fingerprints of the findings a corpus had when its baseline was written.

    Paths in fingerprints are relative to `root`, the baseline file's folder, so a check
    run from any working folder matches it.
    """

    fingerprints: frozenset[str]
    root: Path | None = None

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding], int]:
        """`(new, known, fixed)`: findings not in the baseline, findings in it, and how many of it are gone."""
        new: list[Finding] = []
        known: list[Finding] = []
        current = fingerprints(findings, self.root)
        for finding, print_ in zip(findings, current, strict=True):
            (known if print_ in self.fingerprints else new).append(finding)
        return new, known, len(self.fingerprints - set(current))


def write_baseline(findings: Sequence[Finding], path: Path) -> None:
    """Write the baseline of `findings` to `path`, all or nothing.

    The file is written beside its destination and renamed over it, so an interrupted
    run (Ctrl-C, a full disk) leaves the previous baseline as it was, never half a file.
    """
    entries = [
        {
            "fingerprint": print_,
            "rule": finding.rule,
            "path": finding.path,
            "record": finding.record,
            "line": finding.line,
            "message": finding.message,
        }
        for finding, print_ in zip(findings, fingerprints(findings, path.absolute().parent), strict=True)
    ]
    data = {
        "version": FORMAT_VERSION,
        "tool_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "findings": entries,
    }
    # A lone surrogate (a file name that is not UTF-8) becomes "\udcff": in a JSON string, the same character.
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomically(path, text.encode("utf-8", "backslashreplace"))
    except OSError as error:
        raise BaselineError(f"cannot write baseline {path}: {error.strerror or error}.") from None


def load_baseline(path: Path) -> Baseline:
    """Read the baseline at `path`; raise `BaselineError` saying what is wrong and what to do."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"baseline {path} does not exist: {_REMEDY}.") from None
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"baseline {path} is not valid JSON ({error}): it may be damaged; {_REMEDY}.") from None
    problem = best_match(Draft202012Validator(_SCHEMA).iter_errors(data))
    if problem is not None:
        where = "/".join(map(str, problem.absolute_path)) or "the top level"
        # jsonschema's own message for a wrong type quotes the whole value, however large
        expected = problem.message if problem.validator == "required" else f"expected {problem.validator_value}"
        raise BaselineError(f"baseline {path} is not a corpusval baseline (at {where}: {expected}): {_REMEDY}.")
    if data["version"] != FORMAT_VERSION:
        raise BaselineError(
            f"baseline {path} has format version {data['version']}, but this corpusval ({__version__}) reads"
            f" version {FORMAT_VERSION}: {_REMEDY}."
        )
    return Baseline(frozenset(entry["fingerprint"] for entry in data["findings"]), path.absolute().parent)
