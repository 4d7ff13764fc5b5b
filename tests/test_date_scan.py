"""The compiled date scanner reads every text as the patterns and word lists of `_dates` do.

`_dates.find_mentions_by_patterns` and `_dates._tense_nearby_by_patterns` are the reference;
`_date_scan.Scanner` must find the same mentions (bare weekdays or not) and read the same tense
next to a date, on any text: generated from date-like pieces, arbitrary Unicode, and the
documents this project ships.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpusval.kinds import _dates
from tests.conftest import generated_news, project_texts

MONTHS = ["January", "Jan", "Jan.", "February", "Feb.", "March", "Mar", "Mar.", "April", "May", "June", "Jun"]
MONTHS += ["July", "Jul.", "August", "Aug", "September", "Sept.", "Sept", "Sep", "Sep.", "October", "Oct"]
MONTHS += ["Nov.", "Dec"]
WEEKDAYS = ["Monday", "Mon", "Mon.", "Tuesday", "Tues.", "Tue", "Wednesday", "Wed", "Thursday", "Thurs.", "Thur"]
WEEKDAYS += ["Thu", "Thu.", "Friday", "Fri", "Saturday", "Sat.", "Sunday", "Sun", "The Sun", "The Mon."]
LOOKALIKES = ["Janu", "JAN", "Mayor", "Marseille", "Dan", "Monaco", "Sunni", "Mondays", "Sundayx", "Wed_", "May\u00e9"]
NUMBERS = ["1", "5", "05", "10", "29", "30", "31", "32", "0", "00", "123", "1st", "2nd", "3rd", "4th", "21st", "5th"]
NUMBERS += ["1stx", "2022", "1999", "1600", "1599", "2199", "2200", "20222", "3,500", "3.5", "10:30", "5,", "5."]
ISO_DATES = ["2024-06-24", "1990-05-05", "2021-02-29", "2024-13-01", "2024-06-32", "12024-06-24", "2024-06-2"]
ISO_DATES += ["2024-06-24-rc1", "2024-06-24-", "2024-06-24_", "2024-06-24T08:00Z", "x2024-06-24", "/2024-06-24"]
URLS = ["https://example.org/", "http://x.io/2024-06-24", "https://", "www.", "www.example.com/Monday-January-10"]
URLS += ["http://a.b/(", "http:/", "https:", "ww.x"]
JOINERS = [",", ".", "(", ")", ":", "-", "\u2013", "\u2014", "/", "&", " and ", " to ", " through ", " thru ", " or "]
JOINERS += [" of ", "of", "'", '"', "<", "[", "]"]
GAPS = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\u00a0", "\u2009", "\u3000", "\x0b", "\x0c", "\x1c", "\x85"]
ODD = ["\u0665", "\u0967", "\U0001d7d8", "\u00b2", "_", "\ud800", "\U0001d400", "\u00e9", "\u20ac", "x", "5"]
PHRASES = ["Saturday and Sunday, Jan. 15-16", "The Sun, Jan. 10", "March 3,500 troops", "it may rain", "May 5 10:30"]
PHRASES += ["Monday (January 10)", "Mon-Fri, Jan. 10-14", "on Monday. January 12", "the 10th of January 2022"]
PHRASES += ["Tue Jan 11 , 2022", "February 3,\n2022", "Thurs., Sept. 11, 2001", "Monday to Friday (January 10)"]
DATE_PIECES = MONTHS + WEEKDAYS + LOOKALIKES + NUMBERS + ISO_DATES + URLS + JOINERS + GAPS + ODD + PHRASES

# The words the tense is read from, and what stands between them.
TENSE_WORDS = sorted(
    _dates._MARKER_WORDS
    | _dates._FUNCTION_WORDS
    | _dates._TARGET_WORDS
    | _dates._NOT_PAST_ED
    | _dates._REPORTING_VERBS
    | _dates._UNSETTLING_VERBS
    | _dates._ASKING_FOR
    | _dates._ADVERBS
    | _dates._NOT_INFINITIVE
)
TENSE_WORDS += ["May", "WILL", "Will", "they'll", "THEY'LL", "we\u2019ll", "x-ed", "re-elected", "quickly", "ahead"]
TENSE_WORDS += ["next", "Next", "last", "since", "coming", "runs", "class", "going", "talks", "Ended", "ENDED", "x"]
TENSE_WORDS += ["\u00e9t\u00e9", "don\u2019t", "won't", "x" * 30]
BETWEEN_WORDS = [" ", " ", " ", ", ", ". ", "; ", " | ", "\n", "\n\n", ".\n", " \u2022 ", "\u00b7", "!", "?", "-"]
BETWEEN_WORDS += ["'", "\u2019", "  ", "\t", " (", ") ", '"', "\u201d ", "5", "\u2009"]
DATES = ["January 12", "Monday", "2024-06-24", "March 3, 2022", "Tue Jan 11 , 2022"]

# Dates built part by part, each part from a few spellings that are right and a few that are nearly right.
_GAP = st.sampled_from(["", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\x85"])
_COMMA = st.sampled_from(["", ","])
_NUMBER_END = st.sampled_from(["", "", "", ":30", ".5", ",5", "\u0665", "x", "_", "5", "-", "-x"])
_DAYS = ["1", "5", "05", "10", "29", "31", "32", "0", "00", "123", "3rd", "21st", "1stx"]
_DAY = st.tuples(st.sampled_from(_DAYS), _NUMBER_END).map("".join)
_MONTH = st.sampled_from(["January", "Jan.", "Sept", "May", "Mayor", "Dec", "JAN", "Jan\u0101", "Wednesday"])
_YEAR = st.tuples(st.sampled_from(["2022", "1600", "1599", "2199", "2200", "20222"]), _NUMBER_END).map("".join)
_ISO = ["2024-06-24", "2200-01-01", "1599-12-31", "1600-01-01", "2199-12-31", "2021-02-29", "2024-13-01"]
_DATE = st.one_of(
    st.tuples(_MONTH, _GAP, _DAY, _COMMA, _GAP, _YEAR),
    st.tuples(_MONTH, _GAP, _YEAR),
    st.tuples(_DAY, st.sampled_from(["", " of"]), _GAP, _MONTH, _COMMA, _GAP, _YEAR),
    st.tuples(st.sampled_from(_ISO), _NUMBER_END),
).map("".join)
_WEEKDAY = st.sampled_from(["", "", "Monday", "Tue.", "Thurs", "Sun", "Monday.", "Sunday and", "Sat. -", "The Wed"])
dates = st.tuples(
    st.sampled_from(["", " ", ".", ",", "5", "x", "/", "-", "_", "(", "https://x.org/", "www.", "\u00e9"]),
    _WEEKDAY,
    _GAP,
    st.sampled_from(["", ",", "(", ", ("]),
    _GAP,
    _DATE,
    st.sampled_from(["", ")", ".", ","]),
).map("".join)
"""A date, maybe after a weekday, with what may stand around it."""

texts = st.one_of(
    st.lists(dates, min_size=1, max_size=4).map(" ".join),
    st.lists(st.sampled_from(DATE_PIECES), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(DATE_PIECES), st.text(max_size=4)), max_size=30).map("".join),
    st.text(max_size=200),
)


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, int, int]:
    """Tense words around a date, and where the date is."""
    sides = []
    for _ in range(2):
        words = draw(st.lists(st.sampled_from(TENSE_WORDS), max_size=20))
        gaps = draw(st.lists(st.sampled_from(BETWEEN_WORDS), min_size=len(words), max_size=len(words)))
        sides.append("".join(word + gap for word, gap in zip(words, gaps, strict=True)))
    date = draw(st.sampled_from(DATES))
    return sides[0] + date + sides[1], len(sides[0]), len(sides[0]) + len(date)


def both_find(text: str) -> None:
    for bare_weekdays in (True, False):
        assert _dates.find_mentions(text, bare_weekdays=bare_weekdays) == _dates.find_mentions_by_patterns(
            text, bare_weekdays=bare_weekdays
        )


def both_read_tense(text: str, start: int, end: int) -> None:
    assert _dates._tense_nearby(text, start, end) is _dates._tense_nearby_by_patterns(text, start, end)


def both_read(text: str) -> None:
    """The same mentions, and the same tense at each of them and at every word's start."""
    both_find(text)
    for mention in _dates.find_mentions_by_patterns(text):
        both_read_tense(text, mention.start, mention.end)
    for start in range(len(text) + 1):
        if start == 0 or (text[start - 1] == " " and start < len(text)):
            both_read_tense(text, start, min(len(text), start + 10))


def test_the_compiled_scanner_is_built() -> None:
    """Without it dates are read several times slower; `pip install -e .` builds it (it needs a C compiler)."""
    assert _dates.COMPILED, "corpusval.kinds._date_scan is not built: install with a C compiler (pip install -e .)"


@settings(max_examples=1000, derandomize=True)
@given(texts)
@example("Saturday and Sunday, Jan. 15-16")
@example("The Sun, Jan. 10 and Mon. (5 May) https://x.org/5-May www.a.org/x/2024-06-24 2024-06-24")
@example("March 3,500 troops; it May 5th\u2009of\u2009January\u3000, 2022\u0665")
def test_the_scanner_finds_what_the_patterns_find(text: str) -> None:
    both_find(text)
    for start in range(len(text) + 1):
        both_read_tense(text, start, min(len(text), start + 10))


@settings(max_examples=1000, derandomize=True)
@given(sentences())
@example(("The summit, to be held on February 3, was announced.", 26, 36))
def test_the_scanner_reads_the_tense_the_words_tell(sentence: tuple[str, int, int]) -> None:
    text, start, end = sentence
    both_read_tense(text, start, end)
    both_read_tense(text + "\U0001d400", start, end)  # four bytes a character


@pytest.mark.parametrize("marker", ["will", "ended", "was held", "said on", "to meet", "set to", "last", "ahead of"])
def test_a_marker_at_every_distance(marker: str) -> None:
    """Words are read within a reach of words and of characters, on both sides: the marker moves across both."""
    for lead in ("", "x " * 20, "x, ", "x. "):
        for between in range(18):
            for after in range(20):
                for following in ("", "was ", "will ", "set to ", "for "):
                    text = f"{lead}{marker} {'x ' * between}January 12 {'x ' * after}{following}x."
                    start = text.index("January")
                    both_read_tense(text, start, start + len("January 12"))


@pytest.mark.parametrize(
    "mention",
    [
        "Wednesday, March 14, 2023",
        "Monday (January 10)",
        "Thurs., Sept. 11, 2001",
        "the 10th of January 2022",
        "Tue Jan 11 , 2022",
        "February 3,\n2022",
        "2024-06-24",
        "Monday, 5 May, 1990",
        "http://x.org/y",
    ],
)
def test_texts_that_end_or_start_inside_a_pattern(mention: str) -> None:
    for cut in range(len(mention) + 1):
        both_read(mention[:cut])
        both_read(mention[cut:])
        both_read(f"x {mention[:cut]}\u20ac")  # two bytes a character


@pytest.mark.parametrize("conjunction", ["-", "\u2013", "/", "&", " to ", " through ", " thru ", " and ", " or "])
def test_a_weekday_range_at_every_distance(conjunction: str) -> None:
    """The words before a weekday are read back only so far (`_WEEKDAY_RANGE_BEFORE` searches 20 characters)."""
    for before in ("Saturday", "Sat.", "today", "Thurs", "Tues", "Mon", "Sunday \t"):
        for spaces in range(20):
            for line_break in ("", "\n", "\n\n"):
                both_read(f"{' ' * spaces}{before}{conjunction}{line_break}Sunday, Jan. 15-16")
                both_read(f"xx {before}{' ' * spaces}{conjunction}{line_break}Sunday, Jan. 15-16")


@pytest.mark.parametrize("tail", [" May 2022", "-5 May", "_", "5", "\u0665"])
def test_iso_dates_at_the_edges_of_the_pattern(tail: str) -> None:
    """A date the ISO pattern takes hides a day-first date in its last digits ("01 May"); one it leaves does not."""
    for year in (1599, 1600, 2199, 2200):
        for month in (0, 1, 12, 13):
            for day in (0, 1, 29, 31, 32):
                both_read(f"{year}-{month:02}-{day:02}{tail}")


@pytest.mark.parametrize("gap", [" ", "\u00a0", "\u2009", "\u3000", "\x0b", "\x1c", "\x85", "\t"])
def test_gaps_of_every_kind(gap: str) -> None:
    """`[^\\S\\n]` and `\\s` are Unicode classes, inside Latin-1 or beyond it."""
    both_read(f"Monday{gap},{gap}January{gap}10,{gap}\n{gap}2022 and 5{gap}of{gap}May{gap}1990{gap}(x)")
    both_read(f"Tue.{gap}({gap}Jan.{gap}11{gap}){gap}Sat{gap}5{gap}May,{gap}2022)")


def test_urls_around_mentions() -> None:
    """A mention in a URL is skipped, whichever URL of the text it is in, and one beside a URL is not."""
    for url in ("https://example.org/", "http://x.io/a", "www.example.com/"):
        for date in ("2024-06-24", "Monday-January-10", "(5 May 2022)", "5 May 2022"):
            text = f"{url}{date} {date} ({url}x){date} {url}{date},{date}"
            both_read(text * 3)
            both_read(text.replace(" ", "\u2009") * 3)


def test_the_documents_of_this_project() -> None:
    """The sample corpus, every kind's test cases and their rule files, read both ways."""
    texts = project_texts()
    assert len(texts) > 30
    for text in texts:
        both_read(text)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return generated_news(tmp_path_factory.mktemp("dates") / "corpus", 300, seed=7)


def test_generated_news(news: list[str]) -> None:
    """Every text three times: stored one, two and four bytes a character."""
    for text in news:
        for stored in (text, text + "\u20ac", text + "\U0001d400"):
            both_read(stored)


def test_one_scanner_serves_threads(news: list[str]) -> None:
    """The Dask engine runs shards in threads: a scanner keeps no state of one text while reading another."""
    from concurrent.futures import ThreadPoolExecutor

    expected = [_dates.find_mentions(text) for text in news]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(_dates.find_mentions, news * 3)) == expected * 3


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (4, 3), (0, 12), (11, 12)])
def test_a_date_outside_the_text_is_an_error(start: int, end: int) -> None:
    """The compiled reading checks its bounds, where the reference would slice as Python slices."""
    assert _dates._SCANNER is not None
    with pytest.raises(IndexError):
        _dates._SCANNER.tense_nearby("ten letters", start, end)
