"""Properties of duplicated-block: what is pasted twice is found; distinct lines never are."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from corpusval.document import Document
from corpusval.kinds.duplicated_block import _ASCII_SPACES, _WIDE_SPACE, DuplicatedBlock

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
