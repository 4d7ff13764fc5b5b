"""Hypothesis strategies for news-like documents, clean or with one planted defect at a known line.

For property tests of rule kinds: `documents()` draws clean documents (no default
rule reports anything on them), and each `with_...()` strategy draws a document
with one planted defect, the line it is on and what was planted, so a test can
assert that a kind finds exactly it. Needs hypothesis: `pip install 'corpusval[test]'`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError:  # an optional dependency: say which extra brings it
    raise ImportError(
        "corpusval.strategies needs hypothesis, an optional dependency of corpusval; install it with"
        " pip install 'corpusval[test]'"
    ) from None

from corpusval.document import Document
from corpusval.selftest import make_document

# Spellings chosen far apart (different first letters, or many edits), so that no two
# of them look like variants of one name to the name-consistency kind.
GIVEN_NAMES = ("Anna", "David", "Maria", "Peter", "Elena", "Thomas", "Laura", "Daniel", "Sofia", "Martin")
SURNAMES = ("Ryabkov", "Hovsepyan", "Dumitrescu", "Okonkwo", "Lindqvist", "Castellanos", "Takahashi", "Brennan")
PLACES = ("Geneva", "Istanbul", "Rotterdam", "Nairobi", "Vienna", "Lisbon")
BODIES = ("the European Commission", "the United Nations", "the World Bank", "the finance ministry")

# One paragraph each; `{name}` is a person (full name at the first mention, surname after).
_ABOUT_A_PERSON = (
    "{name} said the talks in {place} had made progress.",
    "{name} told reporters that more work was needed before {body} could agree.",
    "According to {name}, the proposal would be put to a vote.",
    "{name} declined to comment on the details of the plan.",
    "In a statement, {name} called the outcome a step forward.",
)
_ABOUT_THE_STORY = (
    "The meeting lasted more than {number} hours and ended without a joint statement.",
    "Officials from {body} are expected to publish a summary of the discussions.",
    "Trade between the two countries grew by {number} percent over the period.",
    "Analysts said the agreement could ease pressure on prices.",
    "Several delegations asked for more time to study the proposal.",
    "The talks in {place} were the first of their kind in years.",
)
_TITLES = ("{surname} urges progress at {place} talks", "Talks in {place} end without agreement")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


@dataclass(frozen=True, slots=True)
class NewsDocument:
    """A drawn document: its fields and body, and the planted defect's line of `text` (None when clean)."""

    title: str
    published: date
    text: str
    person: tuple[str, str]
    defect_line: int | None = None
    defect: str = ""

    @property
    def fields(self) -> dict[str, Any]:
        """The metadata, as the Markdown reader gives it (`published` as a date)."""
        return {"title": self.title, "published": self.published}

    def document(self, path: str = "doc.md") -> Document:
        """The document as corpusval sees it; finding lines are lines of `text`."""
        return make_document(self.text, self.fields, path)


def _paragraphs_to_text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _line_of(index: int) -> int:
    """The text line of paragraph `index` (paragraphs are separated by a blank line)."""
    return 2 * index + 1


@st.composite
def documents(draw: st.DrawFn) -> NewsDocument:
    """A clean news story: a title, a past publish date, and paragraphs that each occur once."""
    given, surname = draw(st.sampled_from(GIVEN_NAMES)), draw(st.sampled_from(SURNAMES))
    place, body = draw(st.sampled_from(PLACES)), draw(st.sampled_from(BODIES))
    about_person = draw(st.lists(st.sampled_from(_ABOUT_A_PERSON), min_size=2, max_size=4, unique=True))
    about_story = draw(st.lists(st.sampled_from(_ABOUT_THE_STORY), min_size=1, max_size=4, unique=True))
    templates = [about_person[0], *draw(st.permutations([*about_person[1:], *about_story]))]
    number = draw(st.integers(2, 90))
    paragraphs = [
        template.format(name=f"{given} {surname}" if index == 0 else surname, place=place, body=body, number=number)
        for index, template in enumerate(templates)
    ]
    title = draw(st.sampled_from(_TITLES)).format(surname=surname, place=place)
    published = draw(st.dates(date(2015, 1, 1), date(2023, 12, 31)))
    return NewsDocument(title, published, _paragraphs_to_text(paragraphs), (given, surname))


@st.composite
def with_duplicated_block(draw: st.DrawFn) -> NewsDocument:
    """A story with one or two consecutive paragraphs pasted again further down; the defect is the copy's line."""
    clean = draw(documents())
    paragraphs = clean.text.rstrip("\n").split("\n\n")
    length = draw(st.integers(1, min(2, len(paragraphs))))
    start = draw(st.integers(0, len(paragraphs) - length))
    at = draw(st.integers(start + length, len(paragraphs)))
    block = paragraphs[start : start + length]
    planted = [*paragraphs[:at], *block, *paragraphs[at:]]
    return replace(clean, text=_paragraphs_to_text(planted), defect_line=_line_of(at), defect=block[0])


@st.composite
def with_misspelled_name(draw: st.DrawFn) -> NewsDocument:
    """A story whose person is named once with one letter changed; the defect is that spelling's line."""
    clean = draw(documents())
    given, surname = clean.person
    position = draw(st.integers(1, len(surname) - 3))  # never the first letter, nor the ending (Ryabkova, Shermans)
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz").filter(lambda letter: letter != surname[position]))
    variant = surname[:position] + letter + surname[position + 1 :]
    paragraphs = clean.text.rstrip("\n").split("\n\n")
    at = draw(st.integers(1, len(paragraphs)))
    planted = [*paragraphs[:at], f"{given} {variant} added that the talks would continue.", *paragraphs[at:]]
    return replace(clean, text=_paragraphs_to_text(planted), defect_line=_line_of(at), defect=variant)


@st.composite
def with_shifted_date(draw: st.DrawFn) -> NewsDocument:
    """A story that reports, in the past tense, an event dated days after its publish date; the defect is its line."""
    clean = draw(documents())
    shifted = clean.published + timedelta(days=draw(st.integers(1, 60)))
    written = f"{_MONTHS[shifted.month - 1]} {shifted.day}, {shifted.year}"
    paragraphs = clean.text.rstrip("\n").split("\n\n")
    at = draw(st.integers(0, len(paragraphs)))
    planted = [*paragraphs[:at], f"The round of talks ended on {written} without an agreement.", *paragraphs[at:]]
    return replace(clean, text=_paragraphs_to_text(planted), defect_line=_line_of(at), defect=written)
