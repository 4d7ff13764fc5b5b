"""Data-driven rule kind cases (sqlfluff style): tests/cases/<kind>.yml, one test per case.

Each case writes its files to a temporary corpus, reads them through the real
readers, runs one rule of the kind, and expects exactly the listed findings, each
written `path:line:col text-in-the-message`. Test ids are `<kind>_<case>`, so
`pytest -k duplicated-block` runs one kind's cases.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import check_corpus

CASES = Path(__file__).parent / "cases"
_EXPECTED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+)(?: (?P<text>.*))?$")


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yml")):
        suite = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            params.append(pytest.param(suite["kind"], case, id=f"{suite['kind']}_{case['id']}"))
    return params


@pytest.mark.parametrize(("kind", "case"), load_cases())
def test_case(tmp_path: Path, kind: str, case: dict[str, Any]) -> None:
    spec = {"id": "under-test", "kind": kind, "description": "rule under test", **(case.get("rule") or {})}
    report = check_corpus(tmp_path, case["files"], spec)
    found = [finding for finding in report.findings if finding.rule == "under-test"]
    shown = [f"{f.location()} {f.message}" for f in found]
    expected = case.get("findings") or []
    assert len(found) == len(expected), f"expected {len(expected)} findings, got:\n" + "\n".join(shown)
    for finding, want in zip(found, expected, strict=True):
        match = _EXPECTED.match(want)
        assert match, f"bad expectation {want!r}: write 'path:line:col text'"
        assert (finding.path, finding.line, finding.column) == (
            match["path"],
            int(match["line"]),
            int(match["column"]),
        ), "\n".join(shown)
        assert (match["text"] or "") in finding.message, "\n".join(shown)
