"""Properties of duplicated-block: what is pasted twice is found; distinct lines never are."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from corpusval.document import Document, iter_lines
from corpusval.kinds.duplicated_block import (
    _ASCII_SPACES,
    _WIDE_SPACE,
    DuplicatedBlock,
    _may_repeat,
    _squeezed_lines_repeat,
)
from tests.conftest import generated_news, project_texts

KIND = DuplicatedBlock({})
word = st.text(st.characters(categories=["Lu", "Ll", "Nd"]), min_size=2, max_size=10)
line = st.lists(word, min_size=1, max_size=8).map(" ".join)
any_line = st.text(st.characters(blacklist_characters="\n\r", blacklist_categories=["Cs"]), max_size=60)
block = st.lists(line, min_size=1, max_size=4).filter(
    lambda lines: sum(len(text) for text in lines) >= 30 and sum(len(text.split()) for text in lines) >= 3
)


def findings(lines: list[str]) -> list[int]:
    document = Document(path="doc.txt", text="\n".join(lines) + "\n")
    return [violation.line for violation in KIND.check(document, None)]


@settings(max_examples=300, deadline=None)
@given(document=st.lists(any_line, max_size=30), pasted=block, data=st.data())
def test_a_block_inserted_twice_is_found(document: list[str], pasted: list[str], data: st.DataObject) -> None:
    first = data.draw(st.integers(0, len(document)), label="first")
    second = data.draw(st.integers(first, len(document)), label="second")
    lines = document[:first] + pasted + document[first:second] + pasted + document[second:]
    second_start = second + len(pasted) + 1  # 1-based line of the second copy
    found = findings(lines)
    assert any(first + 1 < number <= second_start + len(pasted) - 1 for number in found), found


@settings(max_examples=200, deadline=None)
@given(st.lists(line, unique_by=lambda text: " ".join(text.split()).casefold(), max_size=40))
def test_distinct_lines_are_never_findings(lines: list[str]) -> None:
    assert findings(lines) == []


def test_thousands_of_identical_lines_are_reported_as_a_few_growing_blocks() -> None:
    """Each repeat covers as much as it can, so 20,000 copies give about log2(20,000) findings, not 20,000."""
    found = findings(["Share this story with a friend today"] * 20_000)
    assert 1 <= len(found) <= 20


def test_the_quick_test_drops_every_space_str_split_does() -> None:
    """A whitespace character the quick test kept would hide a repeat that differs only in it."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = {character for character in everything if character.isspace()} - {"\n"}
    assert {chr(byte) for byte in _ASCII_SPACES} | set(_WIDE_SPACE.findall(everything)) == spaces


def _casefolded_quick_test(text: str) -> bool:
    """The quick test as the whole text case folded gives it (ASCII text is now folded in the squeezing pass)."""
    folded = text.casefold()
    if not folded.isascii():
        folded = _WIDE_SPACE.sub("", folded)
    lines = folded.encode("utf-8", "surrogatepass").translate(None, _ASCII_SPACES).split(b"\n")
    distinct = set(lines)
    distinct.discard(b"")
    return len(distinct) < len(lines) - lines.count(b"")


spaced_text = st.lists(
    st.sampled_from(
        [
            *["Ab", "ab", "AB", " ", "  ", "\t", "\r", "\n", "\n\n", "\x0b", "\x1f", "\u00a0", "\u2003", "\x85"],
            *["é", "É", "ß", "SS", "ẞ", "K", "\u212a", "k", ".", "1", "-", "\ud800"],
        ]
    ),
    max_size=40,
).map("".join)


def _respaced(line: str, case: int, spaces: int) -> str:
    """`line` in another case, or with its words spaced otherwise: a repeat of it."""
    line = [line, line.upper(), line.lower(), line.swapcase()][case]
    return ["\t", "  ", " \u00a0"][spaces].join(line.split()) if spaces < 3 else f"  {line} \r"


@settings(max_examples=1000)
@given(
    text=spaced_text,
    repeat=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(0, 3), st.integers(0, 3))),
)
def test_the_quick_test_answers_as_for_the_casefolded_text(text: str, repeat: tuple[int, int, int] | None) -> None:
    if repeat is not None:  # a line of the text again, in another case or spacing
        lines = text.split("\n")
        text = "\n".join([*lines, _respaced(lines[repeat[0] % len(lines)], repeat[1], repeat[2])])
    assert _may_repeat(text) == _casefolded_quick_test(text)


@settings(max_examples=1000)
@given(spaced_text)
def test_lines_spaced_as_prose_are_their_own_keys(text: str) -> None:
    """Each content line has its words case folded, one space apart, as key; its place and text unstripped."""
    expected = [
        (offset + len(line) - len(line.lstrip()), number, " ".join(line.split()).casefold(), line.strip())
        for number, (offset, line) in enumerate(iter_lines(text), start=1)
        if re.search(r"[^\W_]", line)
    ]
    assert [tuple(line) for line in KIND._content_lines(text)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["", "Share this story now", "share  this STORY now", " Share this story now\r"]) | spaced_text,
        max_size=12,
    )
)
def test_findings_are_those_of_comparing_every_key(lines: list[str]) -> None:
    """Neither the quick test nor the plain keys change a finding: they only skip work."""
    document = Document(path="doc.txt", text="\n".join(lines))
    found = list(KIND.check(document, None))
    with (
        mock.patch("corpusval.kinds.duplicated_block._may_repeat", return_value=True),
        mock.patch("corpusval.kinds.duplicated_block._spaced_plainly", return_value=False),
    ):
        assert list(KIND.check(document, None)) == found


ascii_lines = st.lists(
    st.sampled_from(
        ["Ab", "ab", "AB", "zZ", " ", "  ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x00", "~", "1", "\n"]
    )
    | st.text(st.characters(max_codepoint=127), max_size=4),
    max_size=40,
).map("".join)


@settings(max_examples=2000)
@given(
    text=ascii_lines, repeat=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(0, 3), st.integers(0, 3)))
)
def test_the_compiled_quick_test_answers_as_squeezing_the_text(text: str, repeat: tuple[int, int, int] | None) -> None:
    from corpusval.kinds import _line_scan

    assert _line_scan is not None, (
        "corpusval.kinds._line_scan is not built: install with a C compiler (pip install -e .)"
    )
    if repeat is not None:
        lines = text.split("\n")
        text = "\n".join([*lines, _respaced(lines[repeat[0] % len(lines)], repeat[1], repeat[2])])
    if text.isascii():  # `_respaced` may add a no-break space
        repeats = _squeezed_lines_repeat(text)
        assert _line_scan.may_repeat_ascii(text) >= repeats  # never misses a repeat
        if all(len(line) < 32 for line in text.split("\n")):  # every line read whole: the same answer
            assert _line_scan.may_repeat_ascii(text) == repeats


def test_the_compiled_quick_test_rarely_sends_a_document_on_for_nothing(tmp_path: Path) -> None:
    """Reading only the ends of long lines, it may answer yes for lines that differ in their middles: rarely."""
    from corpusval.kinds import _line_scan

    assert _line_scan is not None
    texts = [text for text in [*project_texts(), *generated_news(tmp_path, 3000, seed=5)] if text.isascii()]
    answers = [(_line_scan.may_repeat_ascii(text), _squeezed_lines_repeat(text)) for text in texts]
    assert not [text for text, (quick, full) in zip(texts, answers, strict=True) if full and not quick]
    assert sum(quick and not full for quick, full in answers) <= len(texts) // 100
    assert sum(full for _, full in answers) >= 50  # the generated corpus plants repeated footers
