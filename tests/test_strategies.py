"""Properties of corpusval's kinds over drawn documents: planted defects found where planted, clean ones pass."""

from __future__ import annotations

import importlib
import sys

import pytest
from hypothesis import given

from corpusval.engine import Engine
from corpusval.finding import Finding
from corpusval.strategies import (
    NewsDocument,
    documents,
    with_duplicated_block,
    with_misspelled_name,
    with_shifted_date,
)
from tests.conftest import DEFAULT_RULES

ENGINE = Engine(DEFAULT_RULES)


def findings(drawn: NewsDocument, rule: str | None = None) -> list[Finding]:
    """The default rules' findings on one drawn document (a corpus of one), or those of `rule`."""
    document = drawn.document()
    found = ENGINE.judge(document, ENGINE.gather([document]))
    return [finding for finding in found if rule in (None, finding.rule)]


@given(documents())
def test_clean_documents_draw_no_finding(drawn: NewsDocument) -> None:
    assert findings(drawn) == []


@given(with_duplicated_block())
def test_a_duplicated_block_is_found_at_its_copy(drawn: NewsDocument) -> None:
    assert [(f.rule, f.line) for f in findings(drawn)] == [("duplicated-footer", drawn.defect_line)]


@given(with_misspelled_name())
def test_a_misspelled_name_is_found_at_its_line(drawn: NewsDocument) -> None:
    [finding] = findings(drawn)
    assert (finding.rule, finding.line) == ("name-spelling", drawn.defect_line)
    assert drawn.defect in finding.message


@given(with_shifted_date())
def test_a_shifted_date_is_found_at_its_line(drawn: NewsDocument) -> None:
    [finding] = findings(drawn)
    assert (finding.rule, finding.line) == ("publish-date", drawn.defect_line)


def test_without_hypothesis_the_import_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "corpusval.strategies")
    with pytest.raises(ImportError, match=r"pip install 'corpusval\[test\]'"):
        importlib.import_module("corpusval.strategies")
