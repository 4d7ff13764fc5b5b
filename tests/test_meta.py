"""Every rule kind is documented and has data cases of what it catches and what it leaves alone."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from corpusval.kinds import KINDS, Kind

HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_is_documented(name: str) -> None:
    kind: type[Kind] = KINDS[name]
    assert kind.name == name
    doc = inspect.getdoc(kind) or ""
    assert all(heading in doc for heading in HEADINGS), f"{name} docs need the headings {HEADINGS}"
    for option, schema in kind.options.items():
        assert schema.get("description"), f"{name}: option {option} has no description"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_has_catch_and_leave_alone_cases(name: str) -> None:
    path = Path(__file__).parent / "cases" / f"{name}.yml"
    assert path.exists(), f"add {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
    cases = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))["cases"]
    assert any(case.get("findings") for case in cases), f"{name}: no case of what it must catch"
    assert any(not case.get("findings") for case in cases), f"{name}: no case of what it must leave alone"
