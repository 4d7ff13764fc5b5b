"""Dates in news prose: finding the mentions, telling their tense, pinning them to the calendar."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from dateutil import parser as dateutil_parser

from corpusval.document import line_span
from corpusval.kinds._base import word_set

MONTH_NAMES = tuple(names[-1] for names in dateutil_parser.parserinfo.MONTHS)
WEEKDAY_NAMES = tuple(names[-1] for names in dateutil_parser.parserinfo.WEEKDAYS)
_WEEKDAY_INDEX = {name[:3]: index for index, name in enumerate(WEEKDAY_NAMES)}

# Capitalized names only: "may" the verb and "march" the noun are not months.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_FULL_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
# "The Sun, Jan. 10" is a newspaper's byline, not a Sunday; "on Monday. January 12 was" is two sentences.
_WEEKDAY = rf"(?:{_FULL_WEEKDAY}|(?<!The[ ])(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?)"
# "Saturday and Sunday, Jan. 15-16": the weekday before the date ends a range and names no single day.
_WEEKDAY_RANGE_BEFORE = re.compile(
    r"(?:day|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?[ \t]*(?:-|\u2013|\u2014|/|&|to|through|thru|and|or)[ \t]*$"
)
# A day is not followed by more digits, a clock time or a thousands separator ("March 3,500 troops").
# (Here and in `_MENTION`, `(?:x|)` is `(?:x)?`: the same match, but `re` runs an alternation faster than a repeat.)
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th|)(?![\w:]|[.,][0-9])"
# Inside a date only a comma may precede a line break: "5" ending a line is no day of the next line's month.
_GAP = r"[^\S\n]"
# Four-digit years 1600-2199; anything else after "March 3," is a count, not a year.
_YEAR = r"(?:1[6-9][0-9][0-9]|2[01][0-9][0-9])(?![\w]|[.,][0-9])"

_MENTION = re.compile(
    rf"""
    (?:
        (?:(?P<weekday>{_WEEKDAY}){_GAP}*(?:,|(?P<paren>\()|){_GAP}*|)
        (?:
            (?P<month_first>{_MONTH}{_GAP}+
                (?:{_DAY}(?:{_GAP}*,\s*|{_GAP}+)(?P<month_first_year>{_YEAR})|{_DAY}|(?P<month_only>{_YEAR})))
          | (?<![0-9,.])(?P<day_first>{_DAY}(?:{_GAP}+of|){_GAP}+{_MONTH}(?:,?{_GAP}+(?P<day_first_year>{_YEAR})|))
          | (?<![\w/.-])(?P<iso>(?:1[6-9]|2[01])[0-9][0-9]-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))(?![0-9_]|-\w)
        )
        (?(paren)\))  # "Monday (January 10)" keeps its closing parenthesis
      | (?P<lone_weekday>{_FULL_WEEKDAY})
    )
    """,
    re.VERBOSE,
)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_URL_BREAKS = r"\s<>()\[\]\"'"
_URL = re.compile(rf"(?:https?://|www\.)[^{_URL_BREAKS}]+")
# A URL holds none of these and begins with no mention's first character ("h", "w"): a mention at the start of
# the text or right after one of these lies in no URL, and most do.
_URL_BREAK = re.compile(rf"[{_URL_BREAKS}]")
# Where a mention may start: a capital that begins a month's or weekday's name (every spelling of one begins
# with one of the names below), a day before a month's name, the year of an ISO date; `_MENTION` is tried only
# there. `re` skips through a text in C fast only to a pattern's first character, and only when that is one
# character, not one of a set. So `_starts` reads the text as Latin-1 bytes (one a character, so offsets carry
# over; "?" stands for a character Latin-1 lacks) in which every digit is "0" and every capital in
# `_MONTH_STARTS` or `_WEEKDAY_STARTS` is "\x01", and its patterns begin with one of these two bytes.
_MONTH_STARTS = word_set("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec")
_WEEKDAY_STARTS = word_set("Mon Tue Wed Thu Fri Sat Sun")
_NAME_CAPITALS = "".join(sorted({name[0] for name in _MONTH_STARTS | _WEEKDAY_STARTS}))
_MARKED = bytes.maketrans(b"0123456789" + _NAME_CAPITALS.encode(), b"0" * 10 + b"\x01" * len(_NAME_CAPITALS))
# What a gap reads as in them: its own byte, or the "?" of one Latin-1 lacks (a thin space, say).
_MARKED_GAP = "[?{}]".format("".join(f"\\x{code:02x}" for code in range(256) if re.fullmatch(_GAP, chr(code))))


def _after_capital(starts: frozenset[str]) -> str:
    """The two letters after the capital of `starts`, one alternative a second letter ("a[nry]|e[bcp]|...").

    `re` rules out a word quicker this way than with one alternative a name.
    """
    thirds: dict[str, str] = {}
    for start in sorted(starts, key=lambda start: start[1:]):
        thirds[start[1]] = thirds.get(start[1], "") + start[2]
    return "|".join(f"{second}[{third}]" for second, third in thirds.items())


_MONTH_AFTER_CAPITAL = _after_capital(_MONTH_STARTS)
_WEEKDAY_AFTER_CAPITAL = _after_capital(_WEEKDAY_STARTS)


def _name_starts(lone_weekday: str) -> re.Pattern[bytes]:
    """The capitals in marked bytes that may begin a mention; `lone_weekday`: what else may follow a weekday's.

    A month's name begins a mention only before a day or a year ("December" alone, "Marseille" or "Santiago"
    are not tried), a weekday's only before a date, or as `lone_weekday` allows. As "\x01" stands for any of
    the capitals, a few more places are tried ("Dan 5"), never fewer.
    """
    return re.compile(
        rf"""\x01(?=
            (?:{_MONTH_AFTER_CAPITAL})[a-z]*+\.?{_MARKED_GAP}++0
          | (?:{_WEEKDAY_AFTER_CAPITAL})[a-z]*+\.?{_MARKED_GAP}*+[,(]?{_MARKED_GAP}*+[0\x01]
          {lone_weekday}
        )""".encode("latin-1"),
        re.VERBOSE,
    )


_NAME_START = _name_starts("|" + "|".join(name[1:] for name in WEEKDAY_NAMES))
# A weekday opens a dated mention ("Monday, January 10", "Tue 11 Jan") only when a day or a month name
# follows it: the bare ones ("on Monday") are not even tried. Skipping one moves no other mention: past its
# capital a weekday is lowercase letters, where no mention starts.
_DATED_NAME_START = _name_starts("")
# The first digit of a number (a day or an ISO date begins with none other) before a month's name or a hyphen.
_NUMBER_START = re.compile(
    rf"0(?<!00)(?=0?+(?:st|nd|rd|th)?+{_MARKED_GAP}++(?:of{_MARKED_GAP}++)?+\x01(?:{_MONTH_AFTER_CAPITAL})|000-)".encode(
        "latin-1"
    )
)


def _starts(text: str, *, bare_weekdays: bool) -> list[int]:
    """Where a mention may start, in order: every place `_MENTION` matches at (bare weekdays only if asked)."""
    marked = text.encode("latin-1", "replace").translate(_MARKED)
    names = [match.start() for match in (_NAME_START if bare_weekdays else _DATED_NAME_START).finditer(marked)]
    numbers = [match.start() for match in _NUMBER_START.finditer(marked)]
    return sorted(names + numbers) if numbers else names


# Clause ends: sentence punctuation before a capital, a page-furniture separator
# ("Courier | 2024-06-24 | All rights reserved"), a blank line, or a line break
# (a line break that only wraps prose is told apart in `_is_boundary`). The pattern opens
# with a character class, so `re` skips plain text in C; for that a separator is matched
# from its bar on (spaces are everywhere) and `_marks` puts its leading space back.
_MARK_CHARS = ".!?;|•·\n"  # every clause end begins with one
_BOUNDARY = re.compile(
    rf"""[{_MARK_CHARS}](?:
        (?<=[.!?;])["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])
      | (?<=[ \t][|•·])[ \t]
      | (?<=\n)[ \t]*\n
      | (?<=\n)
    )""",
    re.VERBOSE,
)
_MARK_CHAR = re.compile(f"[{_MARK_CHARS}]")
_LAST_MARK_CHAR = re.compile(f"(?s:.*)[{_MARK_CHARS}]")
_SEPARATORS = "|•·"
_WORD_BEFORE_PERIOD = re.compile(r"(\w++)$")  # possessive: a word that stops short of the period is none
_WORD = re.compile(r"[A-Za-z]+(?:[-'\u2019][A-Za-z]+)*")  # "so-called", "won't", "they\u2019ll"
_CONTEXT_CHARS = 200  # a clause rarely reaches further; _REACH words fit well within it
_NEAR_CHARS = 64  # most clauses start this close to their dates
_NEAR_WORDS_CHARS = 48  # the words this close to a date most often tell its tense
_WORD_CHAR = re.compile(r"\w")
# Shorter lines that end without punctuation are headlines, menu items and teasers, not wrapped prose.
_SHORTEST_WRAPPED_LINE = 40
# A weekday written with a yearless date picks the year it matches only this close to the
# publish date: further away, a match is as likely a coincidence (one year in seven) as a fact.
_HALF_A_YEAR = timedelta(days=183)
_A_DAY = timedelta(days=1)
_LEAP_DAY_WAIT = 8  # the most years from one February 29 to the next (1896 to 1904)
_REACH = 15  # words looked at on each side of a date
_RIGHT_PENALTY = 2  # extra distance of a marker word after the date (see `tense_at`)


class Precision(enum.Enum):
    """How much of the calendar a mention pins down."""

    DAY = "day"
    MONTH = "month"
    WEEKDAY = "weekday"  # a bare weekday ("on Monday"), relative to the publish date


class Tense(enum.Enum):
    """The tense of the clause a date sits in, as far as a few marker words tell."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    UNKNOWN = "unknown"


class DateMention(NamedTuple):
    """A date written in the text: where it is and what it states (None: not stated).

    A named tuple, not a frozen dataclass: a text holds several, and one is built three times faster.
    """

    start: int
    end: int
    text: str
    precision: Precision
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 is Monday: the written weekday, or the bare weekday itself


class Resolved(NamedTuple):
    """The calendar days a mention names once pinned to a publish date."""

    first: date
    last: date


def find_mentions(text: str, *, bare_weekdays: bool = True) -> list[DateMention]:
    """Every date mention in `text` outside URLs, in order; impossible dates (February 30) are skipped.

    Without `bare_weekdays`, weekdays that name no date ("on Monday") are left out, and cost nothing to skip.
    """
    if _SCANNER is None:
        return find_mentions_by_patterns(text, bare_weekdays=bare_weekdays)
    return _SCANNER.find_mentions(text, bare_weekdays)


def find_mentions_by_patterns(text: str, *, bare_weekdays: bool = True) -> list[DateMention]:
    """`find_mentions` read with the patterns: the reference `_date_scan` is compiled from and tested against."""
    urls: list[tuple[int, int]] | None = None  # found only for a mention that may lie in one
    mentions = []
    end = 0  # as `finditer` would, look for the next mention after the end of the last one
    for start in _starts(text, bare_weekdays=bare_weekdays):
        match = _MENTION.match(text, start) if start >= end else None
        if match is None:
            continue
        end = match.end()
        if start and not _URL_BREAK.match(text, start - 1):
            if urls is None:
                urls = [url.span() for url in _URL.finditer(text)]
            inside = bisect.bisect_right(urls, start, key=lambda url: url[0]) - 1  # URLs come in order, never overlap
            if inside >= 0 and start < urls[inside][1]:
                continue
        mention = _mention(match) if bare_weekdays or not match["lone_weekday"] else None
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(match: re.Match[str]) -> DateMention | None:
    start, end, written = match.start(), match.end(), match.group()
    weekday_name, lone_weekday, month_first, month_only, day_first, iso, year_after_month, year_after_day = match.group(
        "weekday", "lone_weekday", "month_first", "month_only", "day_first", "iso", "month_first_year", "day_first_year"
    )
    if lone_weekday:
        return DateMention(start, end, written, Precision.WEEKDAY, weekday=_WEEKDAY_INDEX[written[:3]])
    weekday = _WEEKDAY_INDEX[weekday_name[:3]] if weekday_name else None
    if weekday is not None and _WEEKDAY_RANGE_BEFORE.search(match.string, max(0, start - 20), start):
        weekday = None
    try:
        parsed = _parse_span(month_first or day_first or iso)
    except (ValueError, OverflowError):
        return None
    if month_only:
        return DateMention(start, end, written, Precision.MONTH, parsed.year, parsed.month)
    year = parsed.year if year_after_month or year_after_day or iso else None
    return DateMention(start, end, written, Precision.DAY, year, parsed.month, parsed.day, weekday)


@lru_cache(maxsize=8192)
def _parse_span(span: str) -> datetime:
    """Let dateutil read the matched text; the default year is a leap year so "February 29" parses."""
    parsed: datetime = dateutil_parser.parse(span, default=datetime(2000, 1, 1), ignoretz=True)
    return parsed


def parse_publish_date(value: object) -> date | None:
    """The calendar day of a publish date field, or None when it is not a full date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DAY.fullmatch(text):  # the common form: dateutil reads it the same, a hundred times slower
            try:
                return date.fromisoformat(text)
            except ValueError:
                return None
        return _parse_publish_text(text)
    return None


@lru_cache(maxsize=4096)
def _parse_publish_text(value: str) -> date | None:
    """Parse with two different defaults: if they disagree, the text left a part of the date out.

    Time zones are ignored (only the day is kept): an unknown one ("10:00 ZZ") is a warning in
    dateutil, an error under `-W error`, and an exception in its future versions.
    """
    try:
        one = dateutil_parser.parse(value, default=datetime(2000, 1, 1), ignoretz=True)
        other = dateutil_parser.parse(value, default=datetime(2004, 2, 2), ignoretz=True)
    except (ValueError, OverflowError):
        return None
    return one.date() if one.date() == other.date() else None


def resolve(mention: DateMention, published: date, tense: Tense) -> Resolved:
    """Pin a mention to the calendar; what it leaves out comes from the publish date.

    A yearless date takes the publish date's year, or the adjacent year when that
    occurrence is nearer ("December 30" in a story of January 2); a written weekday
    picks the occurrence it matches, if that one lies within half a year. Tense does
    not move a yearless date (but for February 29, whose occurrences may all be years
    away): "crossed the coast on October 3" in a story of October 2
    is a past event after publication. A bare weekday is the latest such day on or
    before the publish date when told in the past tense, the first one after it in the
    future tense, and the nearer of the two otherwise.
    """
    if mention.precision is Precision.WEEKDAY:
        assert mention.weekday is not None
        back = (published.weekday() - mention.weekday) % 7
        ahead = (mention.weekday - published.weekday()) % 7 or 7
        day = _choose(_shifted(published, -back), _shifted(published, ahead), published, tense)
        return Resolved(day, day)
    resolved = resolve_without_tense(mention, published)
    if resolved is not None:
        return resolved
    assert mention.month is not None and mention.day is not None
    day = _choose(*_occurrences(mention.month, mention.day, published), published, tense)
    return Resolved(day, day)


def resolve_without_tense(mention: DateMention, published: date) -> Resolved | None:
    """What `resolve` gives whatever the tense, or None when the tense picks the day.

    Reading the tense costs a look at the clause, and most dates need none.
    """
    if mention.precision is Precision.MONTH:
        assert mention.year is not None and mention.month is not None
        first = date(mention.year, mention.month, 1)
        following = date(mention.year + 1, 1, 1) if mention.month == 12 else date(mention.year, mention.month + 1, 1)
        return Resolved(first, following - _A_DAY)
    if mention.precision is Precision.WEEKDAY:
        return None
    assert mention.month is not None and mention.day is not None
    if mention.year is not None:
        stated = date(mention.year, mention.month, mention.day)
        return Resolved(stated, stated)
    earlier, later = _occurrences(mention.month, mention.day, published)
    near = [day for day in (earlier, later) if day is not None and abs(day - published) <= _HALF_A_YEAR]
    for day in near:
        if day.weekday() == mention.weekday:
            return Resolved(day, day)
    if not near:
        return None  # both occurrences are far away, as February 29's can be: the tense decides
    day = _choose(earlier, later, published, Tense.UNKNOWN)
    return Resolved(day, day)


def _shifted(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _occurrences(month: int, day: int, published: date) -> tuple[date | None, date | None]:
    """The last `month`/`day` on or before `published` and the first after it (February 29 skips years)."""
    year = published.year
    this_year = _calendar_day(year, month, day)
    later_years = range(year + 1, year + _LEAP_DAY_WAIT + 1)
    if this_year is not None and this_year <= published:
        return this_year, _first_day(later_years, month, day)
    earlier_years = range(year - 1, year - _LEAP_DAY_WAIT - 1, -1)
    return _first_day(earlier_years, month, day), this_year or _first_day(later_years, month, day)


def _first_day(years: range, month: int, day: int) -> date | None:
    """The `month`/`day` of the first of `years` that has one."""
    for year in years:
        found = _calendar_day(year, month, day)
        if found is not None:
            return found
    return None


def _calendar_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _choose(earlier: date | None, later: date | None, published: date, tense: Tense) -> date:
    if earlier is None or (tense is Tense.FUTURE and later is not None):
        assert later is not None
        return later
    if later is None or tense is Tense.PAST:
        return earlier
    return earlier if published - earlier <= later - published else later


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause end before it to the first after it."""
    return _clause_start(text, start), _clause_end(text, end)


def _clause_start(text: str, start: int) -> int:
    low = max(0, start - _CONTEXT_CHARS)
    if low:
        low = text.find(" ", low, start) + 1 or low  # do not start inside a word
    return _last_clause_end(text, low, start)


def _clause_end(text: str, end: int) -> int:
    high = min(len(text), end + _CONTEXT_CHARS)
    return next((begin for begin, match in _marks(text, end, high) if _is_boundary(text, match)), high)


def _last_clause_end(text: str, low: int, start: int) -> int:
    """Where the last clause end between `low` and the date at `start` ends, or `low` when there is none.

    Most clauses are short, so the search starts near the date, at a letter or digit: no clause
    end holds one, so the ones found from there are exactly those found from `low`.
    """
    stop = min(len(text), start + 1)
    near = _WORD_CHAR.search(text, start - _NEAR_CHARS, start) if start - _NEAR_CHARS > low else None
    for scan_from in (low,) if near is None else (near.start(), low):
        for _, match in reversed(list(_marks(text, scan_from, stop))):
            if _is_boundary(text, match):
                return match.end()
    return low


def _marks(text: str, low: int, high: int) -> Iterator[tuple[int, re.Match[str]]]:
    """Where each possible clause end in text[low:high] begins, and its match.

    The same as scanning with a pattern that matches a separator from its leading
    space: a separator whose space lies before `low`, or inside the previous mark, is none.
    """
    taken = low
    for match in _BOUNDARY.finditer(text, low, high):
        begin = match.start()
        if text[begin] in _SEPARATORS:
            begin -= 1
            if begin < taken:
                continue
        taken = match.end()
        yield begin, match


_ABBREVIATIONS = word_set(
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun "
    "Mr Mrs Ms Dr Prof St Gen Gov Sen Rep Sgt Lt Col Capt Cmdr Adm Maj Rev Hon Jr Sr No vs Inc Co Corp Ltd Mt Ft"
)


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Skip periods of abbreviations ("Jan.", "Mr.", "U.S.") and line breaks that wrap a sentence."""
    mark = match.group()
    if mark[0] == ".":
        before = _WORD_BEFORE_PERIOD.search(text, max(0, match.start() - 12), match.start())
        word = before.group(1) if before else ""
        return word not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper())
    if mark != "\n":
        return True
    line = text[line_span(text, match.start())[0] : match.start()].rstrip()
    if len(line) < _SHORTEST_WRAPPED_LINE or not (line[-1].isalnum() or line[-1] == ","):
        return True
    words = line.split()
    return 3 * sum(word[0].isupper() for word in words) >= 2 * len(words)  # a headline or menu, not prose


_WILL_CONTRACTED = ("'ll", "\u2019ll")
# Words after "to" that show it is a preposition, not the mark of an infinitive.
_NOT_INFINITIVE = word_set(
    "a an the this that these those his her its their our my your some any all each every no more about around "
    "him them us me it date power office court prison war home"
)
# A date right after these is a target or a boundary, not the time of a finished event.
_TARGET_WORDS = word_set("by until till through thru from for before to starting beginning effective")
_DETERMINERS = word_set("the a an this that its their his her our")
_FUTURE_WORDS = word_set(
    "will would shall can could may might must should be won't wouldn't can't cannot "
    "scheduled slated planned plans plan planning expected expects expect expecting due upcoming next coming "
    "deadline proposed intends intend intended aims aim hopes hope going postponed delayed rescheduled deferred "
    "adjourned anticipated projected forecast tomorrow if unless whether preview"
)
# Present-tense schedules ("the treaty expires on", "measures take effect on", "the sides meet on").
_PRESENT_WORDS = word_set(
    "is are am has have remains begins starts ends expires opens closes lasts runs falls takes comes meets resumes "
    "holds"
)
# Plural present forms; after a modal or "to" they are the base form and the modal tells the tense.
_PLURAL_PRESENT_WORDS = word_set("remain begin start end expire open close last run fall take come meet resume hold")
_MODALS = word_set("to will would shall can could may might must should do does did")
_IRREGULAR_PAST = word_set(
    "was were had did said told met began went came took made held left fell rose won lost ran saw gave found "
    "became brought built bought caught chose drew drove fought flew got grew kept knew led meant paid rode sat "
    "sold sent shot spoke spent stood struck taught threw thought wore wrote broke fled sought hung felt heard "
    "stole swore woke withdrew overtook undertook upheld forgot forgave froze hid lay laid lit shook slept slid "
    "sank sang spun sprang stuck swept swam tore understood wept dealt dug fed bent blew bore drank ate knelt "
    "overcame oversaw rang strode swung arose awoke ago yesterday"
)
# Words in -ed that are no past tense: nouns, adjectives, and verbs whose stem ends in "ed".
_NOT_PAST_ED = word_set(
    "need needed indeed hundred speed proceed succeed exceed feed seed breed bleed greed weed deed heed reed shed "
    "bed red embed naked wicked sacred rugged ragged crooked beloved aged alleged armed united limited detailed "
    "advanced related based concerned interested involved supposed skilled experienced unprecedented unexpected "
    "unnamed unidentified undisclosed unspecified"
)
# Past verbs whose date belongs to what they ask for or to the page's own history ("updated on"),
# which may well come after the publish date: they leave the tense unknown.
_UNSETTLING_VERBS = word_set("urged demanded requested invited updated modified edited corrected")
_ASKING_FOR = word_set("called pushed pressed asked appealed")
_REPORTING_VERBS = word_set(
    "said told announced added stated noted warned reported confirmed claimed wrote tweeted explained insisted "
    "argued declared revealed suggested indicated acknowledged promised vowed pledged estimated believed thought "
    "feared signalled signaled"
)
# After a reporting verb these words attach the date to the act of saying ("said on Monday").
_ATTACHING_WORDS = word_set("on in at during late early earlier this last")
_FUNCTION_WORDS = word_set(
    "on in at of for to from by with during until before after since the a an and or but nor its their his her our "
    "this that these those early late again also then as about around all both each into over under between than"
)
# Every word `_marker` may read as a tense but those it tells by their endings: most words are none.
_MARKER_WORDS = _FUTURE_WORDS | _PRESENT_WORDS | _PLURAL_PRESENT_WORDS | _IRREGULAR_PAST | {"to", "set"}
_MARKER_ENDINGS = ("ed", *_WILL_CONTRACTED)
_AUXILIARIES = word_set("be been being is are am was were has have had")
_ADVERBS = word_set("also not never already still then later just once reportedly")


def tense_at(text: str, start: int, end: int) -> Tense:
    """The tense the clause gives the date at text[start:end]; UNKNOWN unless a marker says.

    The word right before the date can settle it ("until", "by", "next", "last", "since");
    otherwise the nearest marker word wins. Words to the right count as two words
    further away, because the verb a date phrase belongs to usually precedes it: in
    "The summit, to be held on May 3, was announced" the date is the summit's, not
    the announcement's.
    """
    tense = _tense_nearby(text, start, end)
    return tense if tense is not None else _tense_in_clause(text, start, end)


def _tense_in_clause(text: str, start: int, end: int) -> Tense:
    """`tense_at`, read from the words of the whole clause."""
    clause_start = _clause_start(text, start)
    before = _WORD.findall(text, clause_start, start)[-_REACH:]
    settled = _settled_by_preceding_word(before)
    if settled is not None:
        return settled  # the words after the date are not needed
    nearest = _nearest_marker(before, reversed(range(len(before))), date_follows=True)
    distance = len(before) - nearest[0] if nearest is not None else _REACH + _RIGHT_PENALTY + 1
    if distance > _RIGHT_PENALTY + 1:  # a word after the date may be nearer
        clause_end = _clause_end(text, end)
        after = _WORD.findall(text, end, clause_end)[:_REACH]
        following = _nearest_marker(after, range(min(len(after), distance - _RIGHT_PENALTY - 1)), date_follows=False)
        if following is not None:
            index, tense = following
            if (
                tense is Tense.PAST
                and _words_of_own_segment(text, clause_start, start) is not None
                and index >= _words_to_comma(text, end, clause_end)
            ):
                # "The bond, maturing on March 1, 2030, was priced at par": the aside holding
                # the date has a verb of its own, so the past tense after it is not the date's.
                return Tense.UNKNOWN
            return tense
    if nearest is None:
        return Tense.UNKNOWN
    index, tense = nearest
    if tense is Tense.PAST:
        own_segment = _words_of_own_segment(text, clause_start, start)
        if own_segment is not None and len(before) - index > len(own_segment):
            # "The festival, first held in 1995, returns on July 8": the date's own
            # segment has a verb we cannot read, so the past tense before it is not its.
            return Tense.UNKNOWN
    return tense


def _tense_nearby_by_patterns(text: str, start: int, end: int) -> Tense | None:
    """`tense_at` read from the few words next to the date, or None when they may not tell it.

    Finding the clause's ends costs more than reading its words, and the nearest words most often decide.
    The words in a stretch next to the date that holds none of `_MARK_CHARS` are the clause's nearest the date,
    so they tell what `_tense_in_clause` reads from them as long as it reads no word beyond them: not the word
    before the last before the date when that one is a determiner, nor the two before the deciding marker
    (`_after` reads them), nor, after the date, the one after it. This is the reference `_date_scan` is
    compiled from and tested against; `_tense_nearby` is that when built.
    """
    window = max(0, start - _NEAR_WORDS_CHARS)
    mark = _LAST_MARK_CHAR.match(text, window, start + 1)  # (`_clause_start` reads the date's first character too)
    if mark is not None:
        low = mark.end()
    elif window:
        low = text.find(" ", window, start) + 1  # where a word begins
        if not low:
            return None
    else:
        low = 0
    before = _WORD.findall(text, low, start)[-_REACH:]
    if len(before) < 2 or before[-1].lower() in _DETERMINERS:
        return None
    settled = _settled_by_preceding_word(before)  # reads the last word, and the one before when it is "of"
    if settled is not None:
        return settled
    nearest = _nearest_marker(before, reversed(range(2, len(before))), date_follows=True)
    if nearest is None:
        return None
    index, tense = nearest
    distance = len(before) - index
    if distance > _RIGHT_PENALTY + 1:  # a word after the date may be nearer
        mark = _MARK_CHAR.search(text, end, end + _NEAR_WORDS_CHARS)
        high = mark.start() if mark is not None else text.rfind(" ", end, end + _NEAR_WORDS_CHARS)  # a word's end
        after = _WORD.findall(text, end, high) if high >= 0 else []
        if len(after) <= distance - _RIGHT_PENALTY - 1:
            return None
        following = _nearest_marker(after, range(distance - _RIGHT_PENALTY - 1), date_follows=False)
        if following is not None:
            return following[1] if following[1] is not Tense.PAST else None  # its aside may reach further
    if tense is Tense.PAST:
        # A comma before the stretch would put the marker in the date's own segment: no comma in it, no aside.
        own_segment = _words_of_own_segment(text, low, start)
        if own_segment is not None and distance > len(own_segment):
            return Tense.UNKNOWN
    return tense


def _nearest_marker(words: list[str], order: Iterable[int], *, date_follows: bool) -> tuple[int, Tense] | None:
    """The first word in `order` that marks a tense, by its index, and the tense it marks."""
    for index in order:
        lower = words[index].lower()
        if lower in _MARKER_WORDS or lower.endswith(_MARKER_ENDINGS):  # most words are none
            tense = _marker(words, index, lower, date_follows=date_follows)
            if tense is not None:
                return index, tense
    return None


def _words_to_comma(text: str, end: int, clause_end: int) -> int:
    """How many words follow the date before the next comma of its clause (all, if none)."""
    comma = text.find(",", end, clause_end)
    return len(_WORD.findall(text, end, comma if comma >= 0 else clause_end))


def _words_of_own_segment(text: str, clause_start: int, start: int) -> list[str] | None:
    """The words between the last comma and the date, if some of them are content words."""
    comma = text.rfind(",", clause_start, start)
    if comma < 0:
        return None
    words = _WORD.findall(text, comma + 1, start)
    return words if any(word.islower() and word not in _FUNCTION_WORDS for word in words) else None


def _settled_by_preceding_word(before: list[str]) -> Tense | None:
    last = len(before) - 1  # only the words nearest the date matter: lowered one by one
    attributive = last >= 0 and before[last].lower() in _DETERMINERS
    while last >= 0 and before[last].lower() in _DETERMINERS:
        last -= 1
    word = before[last].lower() if last >= 0 else ""
    if word in _TARGET_WORDS or word in ("next", "upcoming", "coming"):
        return Tense.FUTURE
    if word == "of" and last >= 1 and before[last - 1].lower() == "ahead":
        return Tense.FUTURE
    if word in ("last", "previous", "since"):
        return Tense.PAST
    # "the March 2022 contract rose": the verb dates the contract's news, not the date.
    return Tense.UNKNOWN if attributive else None


def _marker(words: list[str], index: int, lower: str, *, date_follows: bool) -> Tense | None:
    """The tense word `index` marks, if any, for a date after (`date_follows`) or before it.

    The word, `lower` lowered, is one of `_MARKER_WORDS` or has one of `_MARKER_ENDINGS`.
    """
    word = words[index]
    if word == "May":
        return None  # the month, not the modal
    if lower in _FUTURE_WORDS or lower.endswith(_WILL_CONTRACTED):
        return Tense.FUTURE
    if lower == "to":
        return Tense.FUTURE if date_follows and _starts_infinitive(words, index) else None
    if lower == "set":
        following = words[index + 1].lower() if index + 1 < len(words) else ""
        return Tense.FUTURE if following in ("to", "for") else None
    if lower in _PRESENT_WORDS:
        return Tense.PRESENT
    if lower in _PLURAL_PRESENT_WORDS:
        return None if _after(words, index, _MODALS) else Tense.PRESENT
    if not word.islower() or not _is_past_form(lower):
        return None
    following = words[index + 1].lower() if index + 1 < len(words) else ""
    if lower in _UNSETTLING_VERBS or (lower in _ASKING_FOR and following == "for"):
        return Tense.UNKNOWN
    if _after(words, index, _AUXILIARIES):
        return None  # "will be held", "was held": the auxiliary carries the tense
    between = words[index + 1 :]
    if date_follows and lower in _REPORTING_VERBS and between and between[0].lower() not in _ATTACHING_WORDS:
        return None  # "said talks resume on Monday": the date belongs to the reported clause
    return Tense.PAST


def _is_past_form(lower: str) -> bool:
    if lower in _IRREGULAR_PAST:
        return True
    return lower.endswith("ed") and len(lower) > 3 and "-" not in lower and lower not in _NOT_PAST_ED


def _starts_infinitive(words: list[str], index: int) -> bool:
    """Whether "to" at `index` opens an infinitive ("agreed to meet on"), not a place ("went to Geneva")."""
    if index + 1 >= len(words):
        return False
    verb = words[index + 1]
    return (
        verb.islower()
        and verb not in _NOT_INFINITIVE
        and not (verb.endswith("s") and not verb.endswith("ss"))
        and not verb.endswith("ing")
    )


def _after(words: list[str], index: int, helpers: frozenset[str]) -> bool:
    """Whether word `index` follows one of `helpers`, maybe across an adverb ("will also meet")."""
    previous = [word.lower() for word in words[max(0, index - 2) : index]]
    if previous and (previous[-1] in _ADVERBS or previous[-1].endswith("ly")):
        previous.pop()
    return bool(previous) and (previous[-1] in helpers or previous[-1].endswith(_WILL_CONTRACTED))


try:
    from corpusval.kinds import _date_scan
except ImportError:  # not compiled (installed without a C compiler): the code above reads the same, slower
    _date_scan = None  # type: ignore[assignment]

_SCANNER = (
    None
    if _date_scan is None
    else _date_scan.Scanner(
        DateMention,
        (Precision.DAY, Precision.MONTH, Precision.WEEKDAY),
        _parse_span,
        (Tense.PAST, Tense.PRESENT, Tense.FUTURE, Tense.UNKNOWN),
        {
            "DETERMINERS": _DETERMINERS,
            "TARGET_WORDS": _TARGET_WORDS,
            "FUTURE_WORDS": _FUTURE_WORDS,
            "PRESENT_WORDS": _PRESENT_WORDS,
            "PLURAL_PRESENT_WORDS": _PLURAL_PRESENT_WORDS,
            "MODALS": _MODALS,
            "IRREGULAR_PAST": _IRREGULAR_PAST,
            "NOT_PAST_ED": _NOT_PAST_ED,
            "UNSETTLING_VERBS": _UNSETTLING_VERBS,
            "ASKING_FOR": _ASKING_FOR,
            "REPORTING_VERBS": _REPORTING_VERBS,
            "ATTACHING_WORDS": _ATTACHING_WORDS,
            "FUNCTION_WORDS": _FUNCTION_WORDS,
            "MARKER_WORDS": _MARKER_WORDS,
            "AUXILIARIES": _AUXILIARIES,
            "ADVERBS": _ADVERBS,
            "NOT_INFINITIVE": _NOT_INFINITIVE,
        },
    )
)
_tense_nearby: Callable[[str, int, int], Tense | None] = (
    _tense_nearby_by_patterns if _SCANNER is None else _SCANNER.tense_nearby
)
"""`tense_at` read from the few words next to the date, or None when they may not tell it."""

COMPILED = _SCANNER is not None
"""Whether mentions and tenses are read by the compiled `_date_scan` (several times faster) or by the code above."""
