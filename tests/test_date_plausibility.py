"""Unit tests of date-plausibility: mention extraction, tense, resolution, and properties of the kind."""

from __future__ import annotations

import contextlib
import itertools
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from corpusval.document import Document
from corpusval.kinds._base import OptionError
from corpusval.kinds._dates import (
    _MENTION,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DateMention,
    Precision,
    Tense,
    _is_boundary,
    _last_clause_end,
    _marks,
    _occurrences,
    _starts,
    _tense_in_clause,
    _tense_nearby,
    find_mentions,
    parse_publish_date,
    resolve,
    tense_at,
)
from corpusval.kinds.date_plausibility import DatePlausibility

TODAY = date(2026, 11, 25)
PUBLISHED = date(2022, 1, 10)  # a Monday


def findings(text: str, published: Any = PUBLISHED, **options: Any) -> list[str]:
    kind = DatePlausibility({"today": TODAY.isoformat(), **options})
    fields = {} if published is None else {"published": published}
    return [violation.message for violation in kind.check(Document("a.md", text, fields), None)]


def mention_in(text: str) -> DateMention:
    (mention,) = find_mentions(text)
    return mention


# ---- extraction --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "precision", "year", "month", "day", "weekday"),
    [
        ("on Wednesday, March 14, 2023.", "Wednesday, March 14, 2023", Precision.DAY, 2023, 3, 14, 2),
        ("Tue Jan 11 , 2022\n", "Tue Jan 11 , 2022", Precision.DAY, 2022, 1, 11, 1),
        ("late on Monday (January 10) by", "Monday (January 10)", Precision.DAY, None, 1, 10, 0),
        ("on Monday, Jan. 10, before", "Monday, Jan. 10", Precision.DAY, None, 1, 10, 0),
        ("Thurs., Sept. 11, 2001", "Thurs., Sept. 11, 2001", Precision.DAY, 2001, 9, 11, 3),
        ("on 10 Jan 2022.", "10 Jan 2022", Precision.DAY, 2022, 1, 10, None),
        ("the 10th of January 2022", "10th of January 2022", Precision.DAY, 2022, 1, 10, None),
        ("by 5 May the", "5 May", Precision.DAY, None, 5, 5, None),
        ("February 29 fell", "February 29", Precision.DAY, None, 2, 29, None),
        ("in March 2022 the", "March 2022", Precision.MONTH, 2022, 3, None, None),
        ("Updated 2024-06-24T08:00Z", "2024-06-24", Precision.DAY, 2024, 6, 24, None),
        ("held on February 3,\n2022 in Vienna", "February 3,\n2022", Precision.DAY, 2022, 2, 3, None),
        ("Quick LinksJune 24, 2024", "June 24, 2024", Precision.DAY, 2024, 6, 24, None),
        ("On March 3, 1500 protesters marched", "March 3", Precision.DAY, None, 3, 3, None),
        ("The Sun, Jan. 10, 2022", "Jan. 10, 2022", Precision.DAY, 2022, 1, 10, None),
        ("on Sunday evening", "Sunday", Precision.WEEKDAY, None, None, None, 6),
        ("Wed., Jan. 12, 2022", "Wed., Jan. 12, 2022", Precision.DAY, 2022, 1, 12, 2),
    ],
)
def test_finds_one_mention(
    text: str,
    written: str,
    precision: Precision,
    year: int | None,
    month: int | None,
    day: int | None,
    weekday: int | None,
) -> None:
    mention = mention_in(text)
    assert (mention.text, mention.precision) == (written, precision)
    assert (mention.year, mention.month, mention.day, mention.weekday) == (year, month, day, weekday)
    assert text[mention.start : mention.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "Talks may 5 times have failed.",  # the verb, not the month
        "It will expand in 2024 and has grown since 2014.",  # bare years
        "He works Mondays and Fridays.",
        "Officials may march on the capital.",
        "A record March 3,500 troops crossed.",
        "Read https://example.org/archive/2024-06-24/story and www.example.org/2019-03-03.",
        "It rose by 5\nMarch was calm.",  # a number ending a line is no day
        "The deal was signed on February 30, 2022.",  # no such day
        "Mar-a-Lago and the Mayor of Dec",
        "December was cold in Marseille, Santiago and Sunderland.",  # months and lookalikes without a day
        "build 2022-01-10-rc1",
    ],
)
def test_ignores_what_is_no_date(text: str) -> None:
    assert find_mentions(text) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("https://example.org/Monday/2024-06-24 then 2024-06-25", ["2024-06-25"]),
        ("www.example.org/x(2024-06-24) and https://example.org/2019-03-03", ["2024-06-24"]),
        ("2024-06-24 at https://example.org/Sunday", ["2024-06-24"]),
    ],
)
def test_dates_in_urls_are_skipped_and_those_beside_them_found(text: str, written: list[str]) -> None:
    assert [mention.text for mention in find_mentions(text)] == written


@pytest.mark.parametrize(
    "text", ["Saturday and Sunday, Jan. 15-16", "Mon-Fri, Jan. 10-14", "Monday to Friday (January 10)"]
)
def test_a_weekday_ending_a_range_names_no_single_day(text: str) -> None:
    *_, mention = find_mentions(text)
    assert (mention.month, mention.weekday) == (1, None)


def test_a_weekday_ending_a_sentence_is_not_the_next_dates() -> None:
    text = "They met on Monday. January 12 was set aside for talks."
    assert [(mention.text, mention.weekday) for mention in find_mentions(text)] == [("Monday", 0), ("January 12", None)]


_GAPS = st.sampled_from([" ", " ", "  ", "", "\t", "\xa0", "\u2009", "\u3000", "\x85", "\n"])
_DATE_LIKE = st.tuples(
    st.sampled_from(["", "Monday", "Tue.", "Thurs", "Sun", "The Sun", "Monaco", "Sunday and"]),
    _GAPS,
    st.sampled_from(["", ",", "(", "-"]),
    _GAPS,
    st.sampled_from(["March", "Sept.", "Jan", "May", "Mayor", "Dan", "", "10", "3rd", "31st of", "0", "7,"]),
    _GAPS,
    st.sampled_from(["10", "5", "2022", "1500", "3,500", "05", "June", "Dec.", "1990-05-05", "12024-06-24", "x"]),
    st.sampled_from(["", ")", ".", ",", "5", "\n2022", ", 2022", ":30"]),
).map("".join)


@given(st.lists(_DATE_LIKE | st.text(max_size=4)).map("".join))
def test_mentions_are_looked_for_wherever_one_may_start(text: str) -> None:
    for bare_weekdays in (True, False):
        starts = _starts(text, bare_weekdays=bare_weekdays)
        assert starts == sorted(starts)
        for position in range(len(text)):
            match = _MENTION.match(text, position)
            if match is not None and (bare_weekdays or not match["lone_weekday"]):
                assert position in starts


def test_finds_mentions_in_order() -> None:
    text = "Talks began on Monday, January 10, and end on Friday. The accord of 5 May 1990 holds."
    assert [mention.text for mention in find_mentions(text)] == ["Monday, January 10", "Friday", "5 May 1990"]


@given(
    st.lists(
        st.sampled_from(["Monday", "Tue.", "Sun", " ", ",", "(", "\n", "January 10", "Jan", "10", "2022", "1990-05-05"])
        | st.text(max_size=5)
    ).map("".join)
)
def test_leaving_out_bare_weekdays_changes_no_other_mention(text: str) -> None:
    dated = [mention for mention in find_mentions(text) if mention.precision is not Precision.WEEKDAY]
    assert find_mentions(text, bare_weekdays=False) == dated


# ---- tense ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("The talks ended on [January 12, 2022] without a deal.", Tense.PAST),
        ("On [January 13, 2022], the delegations signed a statement.", Tense.PAST),
        ("The meeting was held on [January 12].", Tense.PAST),
        ("The border has been closed since [January 14].", Tense.PAST),
        ("The ministry said on [Tuesday] that talks would go on.", Tense.PAST),
        ("The ceasefire agreed last [Tuesday] held.", Tense.PAST),
        ("Talks will begin on [Monday] in Geneva.", Tense.FUTURE),
        ("A second round is scheduled for [January 12].", Tense.FUTURE),
        ("The vote, due on [March 3], could slip.", Tense.FUTURE),
        ("By [January 1, 2030] emissions must fall.", Tense.FUTURE),
        ("The council meets next [Tuesday].", Tense.FUTURE),
        ("The meeting will be held on [Wednesday, January 12].", Tense.FUTURE),
        ("The summit, to be held on [February 3], was announced.", Tense.FUTURE),
        ("Both sides agreed to meet again on [January 14].", Tense.FUTURE),
        ("The strike vote was postponed to [March 3].", Tense.FUTURE),
        ("They'll sign it on [Friday].", Tense.FUTURE),
        ("The statement came ahead of the [January 12] talks.", Tense.FUTURE),
        ("The treaty expires on [February 5, 2026].", Tense.PRESENT),
        ("Union officials said talks resume on [January 12].", Tense.PRESENT),
        ("The [March 2022] contract rose 2%.", Tense.UNKNOWN),
        ("This page was updated on [January 11, 2022].", Tense.UNKNOWN),
        ("The opposition called for protests on [January 15].", Tense.UNKNOWN),
        ("Next Post\nRail fares to rise\n[Tue Jan 11 , 2022]\nCommuters face higher fares.", Tense.UNKNOWN),
        ("Courier | [2024-06-24] | All rights reserved", Tense.UNKNOWN),
    ],
)
def test_tense_of_the_clause(sentence: str, tense: Tense) -> None:
    start = sentence.index("[")
    text = sentence.replace("[", "").replace("]", "")
    end = sentence.index("]") - 1
    assert tense_at(text, start, end) is tense


@given(
    st.lists(
        st.sampled_from([" ", "word ", "Mr", ". ", "; ", " | ", "\n", "\n\n", ".\n", "A", "x" * 30, '"', "\u201d "])
    ).map("".join),
    st.data(),
)
def test_the_clause_start_searched_near_the_date_is_the_one_searched_from_afar(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    low = data.draw(st.integers(0, start))
    marks = reversed(list(_marks(text, low, min(len(text), start + 1))))
    assert _last_clause_end(text, low, start) == next(
        (match.end() for _, match in marks if _is_boundary(text, match)), low
    )


# What may stand between two words: a space, or something that may, or may not, end the clause.
_CUT_TEXTS = [" ", ", ", " . ", ". ", ".\n", " Mr. ", "; ", " | ", "\n", "\n\n", " " + "z" * 45 + " "]
_TENSE_WORDS = ["will", "ended", "to", "meet", "was", "held", "said", "on", "ahead", "of", "the", "set", "for", "x"]


def _check_the_nearby_tense(before: list[str], cut_before: str, after: list[str], cut_after: str) -> None:
    """Wherever a cut stands among the words on either side, `_tense_nearby` tells what the whole clause does."""
    for split_before in range(len(before) + 1):
        for split_after in range(len(after) + 1):
            head = " ".join(before[:split_before]) + cut_before + " ".join(before[split_before:])
            tail = " ".join(after[:split_after]) + cut_after + " ".join(after[split_after:])
            text = f"{head} January 12 {tail} x"
            start, end = len(head) + 1, len(head) + 1 + len("January 12")
            nearby = _tense_nearby(text, start, end)
            assert nearby is None or nearby is _tense_in_clause(text, start, end), text


def test_the_words_read_before_the_date_are_the_clause_s() -> None:
    # Some words, a marker with what `_marker` reads next to it, then words that mark nothing.
    for lead, marker, rest, cut in itertools.product(
        ["", "x x", "will", "was"],
        ["will", "ended", "to meet", "was held", "said on", "meet on", "set to", "ahead of the", "of the"],
        [[], ["x"], ["x", "x", "x"], [",", "x"], ["the"]],
        _CUT_TEXTS,
    ):
        _check_the_nearby_tense([lead, marker, *rest], cut, ["x"], " ")


def test_the_words_read_after_the_date_are_the_clause_s() -> None:
    # Before the date, a marker far enough for a word after it to be nearer, some in the date's own segment.
    for before in ("x x ended x x x", "x x will x x , x on", "x x said x x , x x", "x x was x x x"):
        for count in range(3):
            for after in itertools.product(["set", "to", "for", "was", "asked", "x x"], repeat=count):
                for cut in _CUT_TEXTS:
                    _check_the_nearby_tense([before], " ", list(after), cut)


@given(
    st.lists(st.sampled_from(_TENSE_WORDS), max_size=12),
    st.sampled_from(_CUT_TEXTS),
    st.lists(st.sampled_from(_TENSE_WORDS), max_size=8),
    st.sampled_from(_CUT_TEXTS),
)
def test_the_tense_read_near_the_date_is_the_one_read_in_the_whole_clause(
    before: list[str], cut_before: str, after: list[str], cut_after: str
) -> None:
    _check_the_nearby_tense(before, cut_before, after, cut_after)


def test_a_wrapped_line_does_not_end_the_clause() -> None:
    text = "The delegations of both countries, after a long night of talks, signed\nthe accord on January 12, 2022."
    mention = mention_in(text)
    assert tense_at(text, mention.start, mention.end) is Tense.PAST


# ---- resolution ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        ("January 10", date(2022, 1, 12), Tense.UNKNOWN, date(2022, 1, 10)),
        ("December 28", date(2022, 1, 5), Tense.UNKNOWN, date(2021, 12, 28)),
        ("December 28", date(2022, 1, 5), Tense.FUTURE, date(2021, 12, 28)),  # the nearer one, whatever the tense
        ("January 12", date(2022, 1, 10), Tense.PAST, date(2022, 1, 12)),  # so a past event after publication shows
        ("January 12", date(2022, 1, 10), Tense.FUTURE, date(2022, 1, 12)),
        ("Wednesday, January 12", date(2022, 1, 10), Tense.PAST, date(2022, 1, 12)),  # the weekday picks the year
        ("Tuesday, January 10", date(2022, 1, 11), Tense.PAST, date(2022, 1, 10)),  # 2023's is too far to pick
        ("February 29", date(2022, 3, 1), Tense.PAST, date(2020, 2, 29)),
        ("February 29", date(2022, 3, 1), Tense.FUTURE, date(2024, 2, 29)),
        ("Monday", date(2022, 1, 10), Tense.PAST, date(2022, 1, 10)),
        ("Monday", date(2022, 1, 10), Tense.FUTURE, date(2022, 1, 17)),
        ("Sunday", date(2022, 1, 10), Tense.UNKNOWN, date(2022, 1, 9)),
        ("Friday", date(2022, 1, 10), Tense.UNKNOWN, date(2022, 1, 7)),
        ("Thursday", date(2022, 1, 10), Tense.UNKNOWN, date(2022, 1, 13)),
        ("Tuesday", date(2022, 1, 10), Tense.PAST, date(2022, 1, 4)),
    ],
)
def test_resolves_against_the_publish_date(text: str, published: date, tense: Tense, expected: date) -> None:
    resolved = resolve(mention_in(text), published, tense)
    assert resolved.first == resolved.last == expected


@settings(max_examples=1000)
@given(
    st.sampled_from([(2, 29), (2, 28), (1, 1), (12, 31)]) | st.tuples(st.integers(1, 12), st.integers(1, 31)),
    st.dates(date(1895, 1, 1), date(1905, 12, 31)) | st.dates(date(2095, 1, 1), date(2105, 12, 31)) | st.dates(),
)
def test_the_occurrences_of_a_day_are_the_nearest_on_either_side_of_the_publish_date(
    month_day: tuple[int, int], published: date
) -> None:
    days = []
    for year in range(published.year - 8, published.year + 9):  # February 29 comes back within 8 years
        with contextlib.suppress(ValueError):  # no such day that year
            days.append(date(year, *month_day))
    earlier, later = _occurrences(*month_day, published)
    assert earlier == max((day for day in days if day <= published), default=None)
    assert later == min((day for day in days if day > published), default=None)


def test_a_month_spans_its_days() -> None:
    resolved = resolve(mention_in("in February 2024"), PUBLISHED, Tense.PAST)
    assert (resolved.first, resolved.last) == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2022, 1, 10), date(2022, 1, 10)),
        (datetime(2022, 1, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5))), date(2022, 1, 10)),
        ("2022-01-10", date(2022, 1, 10)),
        ("2022-01-10T08:00:00Z", date(2022, 1, 10)),
        ("January 10, 2022", date(2022, 1, 10)),
        ("10 Jan 2022", date(2022, 1, 10)),
        ("Mon, 10 Jan 2022 08:00:00 GMT", date(2022, 1, 10)),
        ("January 2022", None),  # no day
        ("Monday", None),
        ("last Tuesday", None),
        (20220110, None),
    ],
)
def test_parses_publish_dates(value: object, expected: date | None) -> None:
    assert parse_publish_date(value) == expected


# ---- the kind ---------------------------------------------------------------------


def test_messages_say_what_is_wrong_with_numbers() -> None:
    assert findings("Talks on Wednesday, March 14, 2023.", date(2023, 3, 15)) == [
        "'Wednesday, March 14, 2023': March 14, 2023 was a Tuesday"
    ]
    assert findings("The talks ended on January 12, 2022.") == [
        "'January 12, 2022' is told in the past tense but is 2 days after the publish date 2022-01-10"
    ]
    assert findings("Quick Links\nJune 24, 2024", max_days_after=365) == [
        "'June 24, 2024' is 896 days after the publish date 2022-01-10 (the rule allows 365)"
    ]
    assert findings("The treaty of May 1990 holds.", max_days_before=3650) == [
        "'May 1990' ends 11547 days before the publish date 2022-01-10 (the rule allows 3650)"
    ]
    assert findings("Text.", date(2027, 3, 1)) == ["publish date 2027-03-01 is in the future (today is 2026-11-25)"]
    assert findings("Text.", "soon") == ["publish date 'soon' is not a calendar date"]


def test_one_finding_per_mention() -> None:
    assert findings("The talks ended on Tuesday, June 24, 2024.", max_days_after=365) == [
        "'Tuesday, June 24, 2024': June 24, 2024 was a Monday"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "By January 1, 2030 emissions must fall by half.",
        "The loan matures on March 1, 2030.",
        "The new rules go into effect on January 1, 2025.",
        "Officials said the bridge would not reopen before\nJanuary 1, 2030, at the earliest.",
    ],
)
def test_the_window_does_not_hold_the_story_s_own_dates(sentence: str) -> None:
    assert findings(sentence, max_days_after=365) == []


@pytest.mark.parametrize(
    "furniture", ["Shown: January 1, 2030", "June 24, 2024", "Last updated: Sunday, March 2, 2025"]
)
def test_the_window_holds_dates_that_stand_apart(furniture: str) -> None:
    assert findings(f"The story.\n{furniture}\nMore of the story.", max_days_after=365) != []


def test_today_defaults_to_the_current_date() -> None:
    assert DatePlausibility({}).today == date.today()


def test_today_must_be_an_iso_date() -> None:
    with pytest.raises(OptionError) as raised:
        DatePlausibility({"today": "tomorrow"})
    assert raised.value.option == "today"


# ---- properties ---------------------------------------------------------------------

_dates = st.dates(min_value=date(1700, 1, 1), max_value=date(2199, 12, 31))
_published = st.dates(min_value=date(1700, 1, 1), max_value=TODAY)


def _written(day: date, style: int) -> str:
    month = MONTH_NAMES[day.month - 1]
    return [f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}", f"{month[:3]}. {day.day}, {day.year}"][
        style
    ]


@given(_dates, _published, st.integers(0, 6), st.booleans(), st.integers(0, 2))
def test_a_weekday_is_flagged_iff_it_is_wrong(
    day: date, published: date, weekday: int, short: bool, style: int
) -> None:
    name = WEEKDAY_NAMES[weekday][:3] if short else WEEKDAY_NAMES[weekday]
    found = findings(f"Note: {name}, {_written(day, style)}.", published)
    assert bool(found) == (weekday != day.weekday())


_FUTURE_TEMPLATES = (
    "Talks will resume on {}.",
    "The vote is scheduled for {}.",
    "The vote, due on {}, could still slip.",
    "By {} emissions must fall.",
    "Leaders are expected to meet again on {} in Vienna.",
    "The summit will be held on {}.",
    "Officials said the talks would continue until {}.",
)


@given(_published, st.integers(1, 100_000), st.sampled_from(_FUTURE_TEMPLATES), st.integers(0, 2), st.booleans())
def test_a_future_tense_date_is_never_a_past_event(
    published: date, days_after: int, template: str, style: int, with_weekday: bool
) -> None:
    day = published + timedelta(days=days_after)
    assume(day.year < 2200)  # later years are not read as years
    written = _written(day, style)
    if with_weekday:
        written = f"{WEEKDAY_NAMES[day.weekday()]}, {written}"
    assert findings(template.format(written), published) == []


_fragments = st.sampled_from(
    [
        "Wednesday, March 14, 2023",
        "Tue Jan 11 , 2022",
        "The talks ended on January 12, 2030.",
        "June 24, 2199",
        "on Monday",
        "Sunday evening",
        "2024-06-24",
        "March 2022",
        "10 Jan",
        "February 29",
        " ",
        "\n",
        ".",
    ]
)
_texts = st.lists(st.one_of(_fragments, st.text(max_size=20)), max_size=12).map("".join)


@given(_texts)
def test_no_publish_date_no_findings(text: str) -> None:
    assert findings(text, None, max_days_after=0, max_days_before=0) == []


@given(_texts, st.one_of(st.dates(), st.datetimes(), st.text(max_size=30), st.integers()))
def test_never_fails_on_any_text_or_publish_value(text: str, published: object) -> None:
    findings(text, published, max_days_after=0, max_days_before=0)


_relative = st.sampled_from(
    ["on {}", "{} evening", "last {}", "next {}", "will meet on {}", "met on {}", "since {}", "by {}"]
)


@given(_published, st.lists(st.tuples(_relative, st.integers(0, 6)), min_size=1, max_size=5))
def test_relative_weekdays_never_produce_findings(published: date, phrases: list[tuple[str, int]]) -> None:
    text = " ".join(phrase.format(WEEKDAY_NAMES[weekday]) + "." for phrase, weekday in phrases)
    assert findings(text, published, max_days_after=0, max_days_before=0) == []


_far_from_the_ends = st.dates(min_value=date.min + timedelta(days=7), max_value=date.max - timedelta(days=7))


@given(_far_from_the_ends, st.integers(0, 6), st.sampled_from(list(Tense)))
def test_a_relative_weekday_resolves_within_a_week(published: date, weekday: int, tense: Tense) -> None:
    mention = DateMention(0, 6, WEEKDAY_NAMES[weekday], Precision.WEEKDAY, weekday=weekday)
    resolved = resolve(mention, published, tense).first
    assert resolved.weekday() == weekday
    days_after = (resolved - published).days
    allowed = {Tense.PAST: range(-6, 1), Tense.FUTURE: range(1, 8)}.get(tense, range(-3, 4))
    assert days_after in allowed


@pytest.mark.parametrize("tense", list(Tense))
@pytest.mark.parametrize("published", [date.min, date.max])
@pytest.mark.parametrize("text", ["on Monday", "next Sunday", "January 1", "December 31", "February 29"])
def test_resolution_at_the_ends_of_the_calendar(published: date, text: str, tense: Tense) -> None:
    mention = mention_in(text)
    resolved = resolve(mention, published, tense).first
    if mention.precision is Precision.DAY:
        assert (resolved.month, resolved.day) == (mention.month, mention.day)


@pytest.mark.parametrize(
    ("sentence", "published"),
    [
        ("The bond, maturing on March 1, 2030, was priced at par.", date(2022, 1, 10)),
        ("The film, which opens in theaters on Friday, February 4, was shot in 2020.", date(2022, 2, 1)),
    ],
)
def test_a_past_verb_after_the_aside_is_not_the_date_s(sentence: str, published: date) -> None:
    assert findings(sentence, published, max_days_after=365) == []


def test_a_past_verb_after_a_bare_opening_date_is_its_own() -> None:
    assert findings("On January 12, 2022, the talks ended.") != []
