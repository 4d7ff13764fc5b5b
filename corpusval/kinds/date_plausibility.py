"""The `date-plausibility` kind: a publish date that the calendar or the text's own dates contradict."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from corpusval.document import Document, line_span
from corpusval.finding import plural
from corpusval.kinds._base import Kind, OptionError, Violation
from corpusval.kinds._dates import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    DateMention,
    Precision,
    Resolved,
    Tense,
    clause_bounds,
    find_mentions,
    parse_publish_date,
    resolve,
    resolve_without_tense,
    tense_at,
)

_EXCERPT_BEFORE = 60
_EXCERPT_AFTER = 80
_A_WEEK = timedelta(weeks=1)

GAP_BUCKETS = (
    "more than a year before",
    "31-365 days before",
    "8-30 days before",
    "1-7 days before",
    "same day",
    "1-7 days after",
    "8-30 days after",
    "31-365 days after",
    "more than a year after",
)
"""The labels `DatePlausibility.tally` counts dates under, earliest first: the order a report charts them in."""
_GAP_LIMITS = (7, 30, 365)  # the most days of each bucket on either side of "same day"


def gap_bucket(days: int) -> str:
    """The `GAP_BUCKETS` label of a date `days` after the publish date (before it when negative)."""
    same_day = GAP_BUCKETS.index("same day")
    if days == 0:
        return GAP_BUCKETS[same_day]
    further = bisect_left(_GAP_LIMITS, abs(days)) + 1
    return GAP_BUCKETS[same_day + further if days > 0 else same_day - further]


class DatePlausibility(Kind):
    """The publish date agrees with the calendar and with the dates the text reports.

    ## What it does
    Reads the publish date (`published`, or `date`) and reports:

    - a publish date that is not a date, or that is later than `today`;
    - a weekday that does not match its date ("Wednesday, March 14, 2023" was a Tuesday);
    - an event told in the past tense dated after the publish date ("the talks ended
      on January 12" in a story published January 10);
    - with `max_days_after`, a date later than the rule allows that stands apart on a
      short line of its own, as page furniture does ("June 24, 2024", "Last updated:
      March 2, 2025" on a 2022 story); a date inside a sentence is the story's own
      ("the loan matures on March 1, 2030.") and is judged by its tense only;
    - with `max_days_before`, any date earlier than the rule allows.

    A date without a year ("January 10", "on Monday, Jan. 10") takes the publish
    date's year, or the adjacent year when that is nearer ("December 30" in a story
    of January 2); a written weekday picks the occurrence it matches within half a
    year. A bare weekday ("on Monday", "last Tuesday") is the last such day on or
    before the publish date when told in the past tense, the next one after it in the
    future tense, else the nearer one. Neither is ever reported as too far away.
    Previews ("talks will begin on January 12", "due on March 3", "by January 1,
    2030") and present-tense schedules ("the treaty expires on February 5, 2026") are
    not past events. Bare years ("since 2014")
    and dates inside URLs are ignored. Documents without a publish date are not checked.

    ## Why is this bad?
    A wrong publish date puts a story in the wrong place on every timeline built from
    the corpus. Dates that contradict it show the date, the text, or both were
    scraped wrong: a story cannot report what happened after it was published, and a
    date years away is usually page furniture (a footer, a "Next Post" teaser).

    ## Example
    ```yaml
    - id: publish-date
      kind: date-plausibility
      description: The publish date agrees with the dates in the text.
      max_days_after: 365
    ```
    With a publish date of 2022-01-10, "The talks ended on Wednesday, January 12"
    and a footer "Quick Links June 24, 2024" are both reported.

    ## Use instead
    Fix the publish date, or strip the furniture the scraper left in the text.

    Options: `today` (an ISO date; default the current date), `max_days_after`,
    `max_days_before` (days; each optional, no limit when absent).
    """

    name = "date-plausibility"
    options: ClassVar[Mapping[str, Any]] = {
        "today": {
            "description": "The date publish dates may not be later than (ISO, e.g. 2026-11-25); default: today.",
            "type": "string",
            "format": "date",
        },
        "max_days_after": {
            "description": "Most days a date in the text may lie after the publish date.",
            "type": "integer",
            "minimum": 0,
        },
        "max_days_before": {
            "description": "Most days a date in the text may lie before the publish date.",
            "type": "integer",
            "minimum": 0,
        },
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.today = _today(options.get("today"))
        self.max_days_after: int | None = options.get("max_days_after")
        self.max_days_before: int | None = options.get("max_days_before")

    def cache_token(self) -> str:
        """Findings depend on the date of the run when the rule sets no `today`."""
        return self.today.isoformat()

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        value = document.get("published")
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        published = parse_publish_date(value)
        if published is None:
            yield Violation.at_field(document, "published", f"publish date {value!r} is not a calendar date")
            return
        if published > self.today:
            future = f"publish date {published.isoformat()} is in the future (today is {self.today.isoformat()})"
            yield Violation.at_field(document, "published", future)
        text = document.text
        # Told in the past tense, a bare weekday names a day on or before the publish date, so `_problem`
        # never reports one but where the calendar has no such day: in its first week.
        bare_weekdays = published - date.min < _A_WEEK
        for mention in find_mentions(text, bare_weekdays=bare_weekdays):
            message = self._problem(text, mention, published)
            if message is not None:
                yield Violation.at(document, mention.start, message, _excerpt(text, mention))

    def tally(self, document: Document) -> Counter[str]:
        """How far each date in the text lies from the publish date, by `GAP_BUCKETS` label.

        A date is pinned to the calendar as `check` pins it; a month counts from its
        nearest day, so a story of March 3 that mentions "March 2022" counts as the same day.
        """
        published = parse_publish_date(document.get("published"))
        if published is None:
            return Counter()
        text = document.text
        return Counter(gap_bucket(_gap(text, mention, published)) for mention in find_mentions(text))

    def _problem(self, text: str, mention: DateMention, published: date) -> str | None:
        """What is wrong with one mention, or None; one message per mention, the most specific first.

        The tense costs a look at the clause, so it is read only when it can change the answer.
        """
        tense: Tense | None = None
        resolved = resolve_without_tense(mention, published)
        if resolved is None:
            # A bare weekday can only be reported as a past event after publication,
            # and told in the past tense it names a day on or before the publish date.
            if mention.precision is Precision.WEEKDAY and resolve(mention, published, Tense.PAST).first <= published:
                return None
            tense = tense_at(text, mention.start, mention.end)
            resolved = resolve(mention, published, tense)
        if mention.precision is Precision.DAY and mention.weekday is not None:
            actual = resolved.first.weekday()
            if actual != mention.weekday:
                verb = "was" if resolved.first < self.today else "is"
                return f"'{_written(mention)}': {_long_date(resolved.first)} {verb} a {WEEKDAY_NAMES[actual]}"
        if resolved.first > published:
            if tense is None:
                tense = tense_at(text, mention.start, mention.end)
            if tense is Tense.PAST:
                return (
                    f"{_quoted(mention, resolved)} is told in the past tense but"
                    f" {_distance(mention, resolved, published)} after the publish date {published.isoformat()}"
                )
        if mention.year is None:
            return None  # its year was inferred from the publish date: never far from it
        if (
            self.max_days_after is not None
            and (resolved.first - published).days > self.max_days_after
            and _stands_apart(text, mention)
        ):
            return (
                f"{_quoted(mention, resolved)} {_distance(mention, resolved, published)} after the publish date"
                f" {published.isoformat()} (the rule allows {self.max_days_after})"
            )
        if self.max_days_before is not None and (published - resolved.last).days > self.max_days_before:
            days = plural((published - resolved.last).days, "day")
            verb = "ends" if mention.precision is Precision.MONTH else "is"
            return (
                f"{_quoted(mention, resolved)} {verb} {days} before the publish date {published.isoformat()}"
                f" (the rule allows {self.max_days_before})"
            )
        return None


def _gap(text: str, mention: DateMention, published: date) -> int:
    """Days from the publish date to the nearest day the mention names (negative: before it)."""
    resolved = resolve_without_tense(mention, published)
    if resolved is None:
        resolved = resolve(mention, published, tense_at(text, mention.start, mention.end))
    if resolved.first > published:
        return (resolved.first - published).days
    return min(0, (resolved.last - published).days)


def _written(mention: DateMention) -> str:
    return " ".join(mention.text.split())  # a date may wrap onto the next line


def _quoted(mention: DateMention, resolved: Resolved) -> str:
    """The date as written, with the day it was taken for when its year is not written."""
    return f"'{_written(mention)}'" + ("" if mention.year is not None else f" ({resolved.first.isoformat()})")


_FURNITURE_WORDS = 8
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")")


def _stands_apart(text: str, mention: DateMention) -> bool:
    """Whether the date stands on a short line of its own, not in a sentence: page furniture.

    "June 24, 2024" or "Last updated: Sunday, March 2, 2025" is a date of the page,
    not of the story; "The loan matures on March 1, 2030." is the story's own.
    """
    start, _ = line_span(text, mention.start)
    _, end = line_span(text, mention.end)  # a date may wrap onto the next line
    around = f"{text[start : mention.start]} {text[mention.end : end]}".strip()
    words = around.split(maxsplit=_FURNITURE_WORDS)  # one more than allowed is enough to tell
    return len(words) <= _FURNITURE_WORDS and not around.endswith(_SENTENCE_END)


def _today(value: Any) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OptionError("today", f"{value!r} is not an ISO date such as 2026-11-25") from None


def _distance(mention: DateMention, resolved: Resolved, published: date) -> str:
    verb = "begins" if mention.precision is Precision.MONTH else "is"
    return f"{verb} {plural((resolved.first - published).days, 'day')}"


def _long_date(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _excerpt(text: str, mention: DateMention) -> str:
    """The date in its sentence, trimmed around the date when the sentence is long."""
    clause_start, clause_end = clause_bounds(text, mention.start, mention.end)
    start = max(clause_start, mention.start - _EXCERPT_BEFORE)
    if start > clause_start:
        start = text.find(" ", start, mention.start) + 1 or start  # do not start inside a word
    end = min(clause_end, mention.end + _EXCERPT_AFTER)
    return ("…" if start > clause_start else "") + text[start:end].strip()
