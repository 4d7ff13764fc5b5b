"""Inert text: what findings quote of a document can steer no terminal or CI log, and is bounded."""

from __future__ import annotations

import pickle
import re

from hypothesis import given
from hypothesis import strategies as st

from corpusval.finding import _FIELDS, Finding, Severity
from corpusval.inert import MESSAGE_LIMIT, QUOTE_LIMIT, inert, inert_path, quote

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def test_terminal_sequences_are_shown_not_obeyed() -> None:
    assert inert("red \x1b[31m bell \x07 csi \x9b2J osc \x1b]0;title\x07") == (
        "red \\x1b[31m bell \\x07 csi \\x9b2J osc \\x1b]0;title\\x07"
    )


def test_line_breaks_cannot_start_a_log_line() -> None:
    assert inert("ok\n::error file=x::forged\r\u2028x") == "ok\\x0a::error file=x::forged\\x0d\\u2028x"


def test_bidirectional_overrides_cannot_reorder_text() -> None:
    assert inert("admin\u202egnp.exe\u2066") == "admin\\u202egnp.exe\\u2066"


def test_bytes_that_are_not_utf8_show_as_the_byte() -> None:
    assert inert("caf\udce9.txt") == "caf\\xe9.txt"
    assert inert("\ud800") == "\\ud800"  # a lone surrogate from JSON


def test_readable_text_is_left_as_it_is() -> None:
    assert inert("Рябков met O'Neil — «quotes» 🙂") == "Рябков met O'Neil — «quotes» 🙂"


def test_long_text_is_cut_with_an_ellipsis() -> None:
    assert inert("x" * 10_000) == "x" * (MESSAGE_LIMIT - 1) + "…"
    assert len(quote("word " * 10_000)) == QUOTE_LIMIT


def test_a_quote_is_one_line_with_single_spaces() -> None:
    assert quote("  Next Post\n\n\tYou  May Like \r\n") == "Next Post You May Like"


def test_a_path_never_starts_a_workflow_command() -> None:
    assert inert_path("::error::x.txt") == "./::error::x.txt"
    assert inert_path(" ::warning::x.txt") == "./ ::warning::x.txt"
    assert inert_path("corpus/::error::x.txt") == "corpus/::error::x.txt"
    assert inert_path("a\nb.txt") == "a\\x0ab.txt"
    assert inert_path("d/" + "x" * 1000 + ".txt") == "d/" + "x" * 1000 + ".txt"  # never cut: it names a file


def test_every_ascii_control_is_escaped_and_nothing_else() -> None:
    escaped = [code for code in range(128) if inert(f"a{chr(code)}b") != f"a{chr(code)}b"]
    assert escaped == [*range(32), 127]
    assert inert("a\x7fb") == "a\\x7fb"


def test_findings_are_inert_whoever_makes_them() -> None:
    finding = Finding("::e\x1b.md", 1, 1, "r", Severity.ERROR, "m\x1b[2J" + "y" * 1000, "ex\ncerpt\x07", "id\r")
    assert finding.path == "./::e\\x1b.md"
    assert finding.message.startswith("m\\x1b[2J") and len(finding.message) <= MESSAGE_LIMIT + 3
    assert finding.excerpt == "ex cerpt\\x07"
    assert finding.record == "id\\x0d"


@given(st.text(), st.text(), st.text(), st.none() | st.text())
def test_a_finding_comes_back_from_a_pickle_as_it_went(path: str, text: str, excerpt: str, record: str | None) -> None:
    finding = Finding(path, 3, 7, "rule", Severity.WARNING, text, excerpt, record)
    again = pickle.loads(pickle.dumps(finding))  # as workers send findings, and the cache keeps them
    assert [getattr(again, name) for name in _FIELDS] == [getattr(finding, name) for name in _FIELDS]


@given(st.text())
def test_inert_text_holds_nothing_unsafe_and_is_stable(text: str) -> None:
    shown = inert(text)
    assert not UNSAFE.search(shown)
    assert inert(shown) == shown
    assert len(shown) <= 6 * MESSAGE_LIMIT
    shown.encode("utf-8")  # any output can hold it


@given(st.text())
def test_quotes_are_one_bounded_line(text: str) -> None:
    quoted = quote(text)
    assert "\n" not in quoted and not UNSAFE.search(quoted)
    assert len(quoted) <= 6 * QUOTE_LIMIT
