"""The HTML report: its structure (parsed), what Chromium shows of it, and the tallies and overviews it charts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from corpusval.document import Document
from corpusval.kinds._dates import find_mentions
from corpusval.kinds.date_plausibility import GAP_BUCKETS, DatePlausibility, gap_bucket
from corpusval.kinds.name_consistency import NameConsistency

PUBLISHED = date(2022, 3, 10)


def dated(days: int) -> str:
    day = PUBLISHED + timedelta(days=days)
    return f"{day:%B} {day.day}, {day.year}"


# Dates at known distances from the publish date, told in the present tense, so none is reported:
# 2 more than a year before, 1 at 8-30 days before, 3 on the day, 1 at 31-365 days after.
DATED_TEXT = " ".join(
    f"The index stands at {days} points as of {dated(days)}." for days in (-400, -366, -8, 0, 0, 0, 365)
)


# The date-plausibility tally


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (0, "same day"),
        (1, "1-7 days after"),
        (7, "1-7 days after"),
        (8, "8-30 days after"),
        (30, "8-30 days after"),
        (31, "31-365 days after"),
        (365, "31-365 days after"),
        (366, "more than a year after"),
        (-1, "1-7 days before"),
        (-7, "1-7 days before"),
        (-8, "8-30 days before"),
        (-30, "8-30 days before"),
        (-31, "31-365 days before"),
        (-365, "31-365 days before"),
        (-366, "more than a year before"),
    ],
)
def test_gap_buckets(days: int, label: str) -> None:
    assert gap_bucket(days) == label
    assert label in GAP_BUCKETS


def tally(text: str, published: object = PUBLISHED) -> dict[str, int]:
    fields = {} if published is None else {"published": published}
    return dict(DatePlausibility({}).tally(Document("a.md", text, fields)))


def test_tally_counts_each_date_by_its_distance_from_the_publish_date() -> None:
    text = " ".join(f"It rests at {days} as of {dated(days)}." for days in (0, 7, 8, 30, 31, 365, 366, -366))
    assert tally(text) == {
        "same day": 1,
        "1-7 days after": 1,
        "8-30 days after": 2,
        "31-365 days after": 2,
        "more than a year after": 1,
        "more than a year before": 1,
    }


def test_tally_pins_dates_as_check_does() -> None:
    # March 10, 2022 is a Thursday: "on Monday" told in the past is March 7; a month counts from its nearest day.
    text = "They met on Monday. Prices rose in March 2022 and in January 2022. The talks of March 12 ended."
    assert tally(text) == {"1-7 days before": 1, "same day": 1, "31-365 days before": 1, "1-7 days after": 1}
    assert sum(tally(DATED_TEXT).values()) == len(find_mentions(DATED_TEXT))


@pytest.mark.parametrize("published", [None, "", "sometime in 2022", 2022])
def test_tally_is_empty_without_a_publish_date(published: object) -> None:
    assert tally(DATED_TEXT, published) == {}


# The name-consistency overview


def overview(texts: list[str], **options: Any) -> list[dict[str, Any]]:
    kind = NameConsistency(options)
    gathered = kind.combine([kind.gather(Document(f"{n}.txt", body, {})) for n, body in enumerate(texts)])
    return kind.overview(kind.finish(gathered))


def test_overview_lists_each_majority_spelling_with_its_variants() -> None:
    texts = [
        "Deputy Foreign Minister Sergei Ryabkov said the talks went well. Ryabkov added more.",
        "Sergei Ryabkov met Antony Blinken on Monday. Ryabkov said so.",
        "Minister Sergei Ryabkov spoke. Antony Blinken replied.",
        "The talks with Sergei Rybkov went on. Rybkov said nothing. Antony Blinken agreed.",
        "Later Sergei Ryapkov told reporters. Anthony Blinken listened.",
    ]
    assert overview(texts) == [
        {
            "spelling": "Ryabkov",
            "documents": 3,
            "mentions": 5,
            "named_by_rule": False,
            "variants": [{"spelling": "ryapkov"}, {"spelling": "rybkov"}],
        },
        {
            "spelling": "Antony Blinken",
            "documents": 3,
            "mentions": 3,
            "named_by_rule": False,
            "variants": [{"spelling": "anthony blinken"}],
        },
    ]


def test_overview_of_a_canonical_spelling_and_of_a_tie() -> None:
    named = overview(["Minister Sergei Ryabkov spoke."], names=[{"canonical": "Sergei Rjabkov"}])
    assert named == [
        {
            "spelling": "Rjabkov",
            "documents": 0,
            "mentions": 0,
            "named_by_rule": True,
            "variants": [{"spelling": "ryabkov"}],
        }
    ]
    assert overview(["Minister Sergei Ryabkov spoke.", "Minister Sergei Rybkov spoke."]) == []  # no majority
    assert overview([]) == []
