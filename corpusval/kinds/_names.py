"""Person-name mentions in news prose, and when two spellings are one name spelled two ways."""

from __future__ import annotations

import functools
import inspect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Set
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from gender_guesser.detector import Detector
from nameparser.config import CONSTANTS
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from corpusval.document import line_span
from corpusval.kinds._base import word_set

# Words the name tables know but that lead, follow or glue onto names in running text:
# function words, speech verbs, months and weekdays ("Said Sergei Ryapkov", "In June Ryabkov"),
# byline words ("Reporting by Pavel Polityuk Writing by ...").
_STOPWORDS = word_set(
    """
    a about according across added adds after against all also although amid among an and
    another any are as asked at be because been before being besides between both but by can
    click could dear despite did do does during each either even every few follow for from
    had has have he hello her here hi his how however i if in indeed inside instead into is
    it its just later let like listen many may maybe meanwhile might more most much must my
    near neither never next no nor not now of oh on once only onto or our outside over per
    perhaps photo please published read said say says see share she should since so some
    source still subscribe such than thanks that the their then there these they this those
    though through throughout thus to today told tomorrow under unlike until updated upon
    via was watch we were what whatever when where whereas whether which while who whom
    whose why will with within without would yes yesterday yet you your
    reporting writing editing additional jr sr
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    """
)

# nameparser's titles include words that mostly start names of things, not people
# ("Premier League", "General Motors", "United States", "Supreme Court"): they are no
# evidence that the next word is a surname.
_NOT_TITLES = word_set(
    """
    academic advertising air analytics appellate army award-winning ballet banner baseball
    bearer behavioral bench biblical blessed blues british business canon chair chairs civil
    classical comic computer corporate count credit criminal customs designated discovery
    district division docket english excellent executive family federal field film financial
    first flag flying foreign general grand group her hereditary high his information
    intelligence judicial kingdom knowledge law legal literary marketing master mathematics
    me met military model most municipal mystery national navy opera operating personality
    petty police political premier presiding prime private pro radio rear resident revenue
    right risk rock royal security senior social software special staff state states
    strategy superior supreme tax technical television theater theatre travel uk united us
    voice warrant wing
    """
)
# Abbreviated titles, written with a full stop: "Sen. Rick Scott", "Sens. Mike Lee and ...".
_ABBREVIATIONS = word_set("mr mrs ms mx dr prof sen sens rep reps gov gen lt col capt sgt rev hon pres adm maj cllr")
_TITLES = (frozenset(title for title in CONSTANTS.titles if title.isalpha()) | _ABBREVIATIONS) - _NOT_TITLES


# Titles used with a given name alone: "King Charles", "Pope Francis", "Sir Keir".
_TITLES_BEFORE_GIVEN_NAMES = word_set(
    "king queen prince princess pope emperor empress sultan sheikh saint sir dame tsar"
)


def _is_title(word: str) -> bool:
    """A title, which makes the word after it a surname: "Minister", "Ministers", "Mr"."""
    lowered = word.lower()
    return lowered in _TITLES or lowered.removesuffix("s") in _TITLES


def _may_lead_a_name(word: str) -> bool:
    """A title, or a word that qualifies one ("Foreign" Minister, Secretary of "State"), before a full name."""
    return _is_title(word) or word.lower() in _NOT_TITLES


# Words the gender table lists as given names that, capitalized in news, are mostly
# something else: titles, places that lead longer names ("San Francisco", "Israel Defense
# Forces", "New York Times") and common words.
_NOT_GIVEN = (
    _STOPWORDS
    | frozenset(CONSTANTS.titles)
    | _TITLES
    | word_set(
        """
        america autumn bay chance christian coral crystal dallas denver destiny door easter
        even faith forest france general harmony herald honor hope houston india islam israel
        ivy justice liberty lincoln line london long madison major moon one paris pearl
        phoenix rain red river royal san santa sao silver sky so spring sterling stone storm
        summer sun sydney trinity unity vienna york young
        """
    )
)

# A word after these is a place, not a person: "talks in Geneva".
_PLACE_PREPOSITIONS = word_set("in near across outside inside throughout into")
# What `_Reader._before` finds after one space, from the character before the space alone: a
# comma, digit or a letter no place preposition ends with (mid-sentence, no preposition), or
# other punctuation (neither). Other characters need the word or more spaces read.
_AFTER_ONE_SPACE = {
    **dict.fromkeys("!\"#$%&'()*+-./:;<=>?@[\\]^`{|}~", (False, False)),
    **dict.fromkeys(",0123456789_", (False, True)),
    **{
        letter: (False, True)
        for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if not any(preposition.endswith(letter.lower()) for preposition in _PLACE_PREPOSITIONS)
    },
}

# A bare capitalized word followed by these, at once or after one word, is someone speaking:
# "Rybkov said", "Dumitrescou also said".
_REPORTING_VERBS = word_set(
    """
    said says told tells added adds asked acknowledged admitted announced argued believes
    claimed confirmed denied explained insisted insists noted replied stated stressed urged
    warned warns wrote writes who
    """
)


# Python's re has no \p{Lu}: every upper-case letter of the BMP, listed once at import (3 ms).
_UPPER = "".join(re.escape(chr(code)) for code in range(0x10000) if chr(code).isupper())
_LETTER = r"[^\W\d_]"
# Letters, with an apostrophe or hyphen only before a letter. Possessive: nothing after a token
# fits a shorter one, so re keeps no places to go back to.
_NAME_TAIL = rf"{_LETTER}*+(?:['\u2019-]{_LETTER}++)*+"
# Arabic names keep their article in lower case: al-Assad, el-Sisi.
_ARTICLES = word_set("al el ad an ar as ash at az ud ul")
# spaces with at most one line break: a name may wrap, a paragraph break ends it
_SPACE = r"[ \t\u00a0]*(?:\r?\n[ \t\u00a0]*)?"
_GAP = rf"(?=[ \t\u00a0\r\n]){_SPACE}"
_PARTICLES = word_set("van von de der den del della di da du dos das la le bin bint ibn al el ter ten zu")
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"


def _sequences(articles: bool) -> re.Pattern[str]:
    """Capitalized words in a row, a line break at most between, and name particles ("Ursula von der Leyen").

    A name token, at a word's start, is an abbreviated title ("Sen."), initials ("J. F."), a
    capitalized word or, when `articles`, an Arabic name with its article, tried in that order.
    The pattern consumes the token's first character before testing anything, and each form then
    checks by look-behind how it began: a pattern that starts with a character set lets re skip in
    C to the next possible start (no look-behind at every character), and a form that goes on with
    a letter is skipped by re at the first mismatch; the abbreviations, all a few letters and a
    full stop, are skipped together.
    """
    first = "[" + _UPPER + ("".join(sorted({article[0] for article in _ARTICLES})) if articles else "") + "]"
    abbreviations = "|".join(rf"{re.escape(word[1:])}(?<={word.capitalize()})\." for word in sorted(_ABBREVIATIONS))
    forms = (
        rf"(?=[a-z]{{1,3}}\.)(?:{abbreviations})",
        rf"\.(?<=[{_UPPER}]\.)(?:[{_UPPER}]\.)*",
        rf"(?<=[{_UPPER}]){_NAME_TAIL}",
        *(rf"{a[1:]}-(?<={a}-)[{_UPPER}]{_NAME_TAIL}" for a in sorted(_ARTICLES) if articles),
    )
    token = rf"{first}(?<![\w'\u2019-](?s:.))(?:{'|'.join(forms)})"
    return re.compile(rf"{token}(?:{_GAP}(?:{_PARTICLE}{_GAP})*{token})*+")


@functools.cache
def _sequences_in(text_has_articles: bool) -> re.Pattern[str]:
    """`_sequences`, compiled on first use (40 ms: only texts read without the compiled scanner need it).

    Most texts have no article before a capital: their sequences all start with a capital, and
    re then tries no start at each "a", "e" and "u".
    """
    return _sequences(articles=text_has_articles)


_ARTICLE_BEFORE_CAPITAL = re.compile("-(?:" + "|".join(f"(?<={a}-)" for a in sorted(_ARTICLES)) + f")[{_UPPER}]")
_LETTERS = re.compile(rf"{_LETTER}+")
_CAPITALIZED_RUN = re.compile(rf"[{_UPPER}]{_LETTER}*")
_SEARCHES = 64
NAME_WORD = re.compile(rf"{_LETTER}+(?:['\u2019-]{_LETTER}+)*")
# where a NAME_WORD search may start a word: not inside one, nor after a letter and an apostrophe or hyphen
_WORD_START = re.compile(rf"(?<!{_LETTER})(?<!{_LETTER}['\u2019-])")
_CAPITALIZED_WORD = re.compile(rf"(?<!\w)[{_UPPER}]")
_LOWERCASE_WORD = re.compile(rf"(?<![\w'\u2019-])(?![{_UPPER}]){_LETTER}")
# What stands before a word, read backwards from it over the reversed text: one match at one place,
# where a search for a pattern ending at the word would try every place before it.
_BEFORE_REVERSED = re.compile(rf"([ \t\u00a0]*(?:\n\r?[ \t\u00a0]*)?)(?:({_LETTER}+)|[\w,])?")
# each space run has one way to match, so a page of padding costs linear time
_NEXT_TWO_WORDS = re.compile(rf"{_SPACE}(?:,{_SPACE})?({_LETTER}+)(?:{_GAP}({_LETTER}+))?")
_SENTENCE_BREAK = re.compile(r"[^\W_][.!?][\"”\u2019)]*[ \t]+\S")
_COUPLE_GAP = re.compile(rf"{_GAP}(?:and|&){_GAP}")
_POSSESSIVE = ("'s", "\u2019s")
_SENTENCE_ENDS = tuple('.!?:;"”\u2019)')

_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "\u0131": "i", "\u2019": "'"})

# Word endings that make another word of the same stem, not another spelling of it:
# plurals and families ("the Shermans"), demonyms and adjectives ("Russia"/"Russian",
# "Israel"/"Israeli", "Germany"/"German", "Italy"/"Italian", "Democrat"/"Democratic").
# Pairs of what is left of two words after their common prefix, shorter first.
_INFLECTIONS = frozenset(
    [("", ending) for ending in ("s", "es", "n", "an", "ian", "ean", "ese", "ish", "i", "y", "ic")]
    + [("e", "ian"), ("y", "ian"), ("y", "an"), ("a", "ese"), ("a", "ian"), ("o", "an"), ("en", "ish")]
    + [("", "on")]  # another family name, not a misspelling: Williams/Williamson
)
# Slavic and Baltic family names take a feminine ending: Ryabkov/Ryabkova, Zelensky/Zelenska,
# Navalny/Navalnaya. They name a different person (Olena Zelenska is his wife).
_FEMININE_ENDINGS = ("aya", "aja", "a")
_MASCULINE_ENDINGS = ("", "y", "iy", "yy", "i", "ij", "ii")


@functools.cache
def _gender_table() -> Detector:
    """The given-name table, loaded once. Parsing gender-guesser's list takes a fifth of a second, and each
    run and each worker needs it before its first document: a signed copy is kept in the user's cache
    folder, and loads in a fifth of that.
    """
    from corpusval.cache import digest, user_cache  # here: the cache module imports the kinds

    source = Path(inspect.getfile(Detector))  # its list lies beside it: an edited install makes another key
    status = source.stat()
    key = digest(
        "given-name table", version("gender-guesser"), str(source), str(status.st_size), str(status.st_mtime_ns)
    )
    cache = user_cache()
    table = cache.get(key) if cache is not None else None
    if not isinstance(table, Detector):
        table = Detector(case_sensitive=False)
        if cache is not None:
            cache.put(key, table)
    return table


def is_given_name(word: str) -> bool:
    """Whether `word` is a known given name and not a word that only looks like one here."""
    lowered = word.lower()
    return lowered not in _NOT_GIVEN and lowered in _gender_table().names


@functools.lru_cache(maxsize=65536)
def gender(word: str) -> str:
    """'male' or 'female' when the table is sure enough, else 'unknown'."""
    guess = _gender_table().get_gender(word)
    return guess.removeprefix("mostly_") if guess != "andy" else "unknown"


def genders_clash(first: str, second: str) -> bool:
    """Whether two given names are known to belong to people of different genders (Paul/Paula)."""
    genders = {gender(first), gender(second)}
    return genders == {"male", "female"}


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Compare form of a spelling: case and diacritics dropped, so Fernández meets Fernandez."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _tails(first: str, second: str) -> tuple[str, str, str]:
    """The common prefix of two words and what is left of each, shorter tail first."""
    size = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        size += 1
    shorter, longer = sorted((first[size:], second[size:]), key=lambda tail: (len(tail), tail))
    return first[:size], shorter, longer


def is_word_form(first: str, second: str) -> bool:
    """Whether two folded words are forms of one stem (inflection, demonym, feminine surname).

    A tail that only doubles the last letter ("Zelenskyy", "Shermann") is a misspelling,
    not a form; "n" makes a demonym only after "a" ("Russian"), so "Blinke" stays a typo.
    """
    prefix, shorter, longer = _tails(first, second)
    if shorter == "" and prefix and longer == prefix[-1]:
        return False
    if (shorter, longer) in _INFLECTIONS and (longer != "n" or prefix.endswith("a")):
        return True
    for feminine in _FEMININE_ENDINGS:
        for word, other in ((first, second), (second, first)):
            if word.endswith(feminine):
                stem = word[: -len(feminine)]
                if any(other == stem + masculine for masculine in _MASCULINE_ENDINGS):
                    return True
    return False


MOST_EDITS = 2
LONGEST_NAME = 40
"""Most letters of a spelling that is compared (Wolfeschlegelsteinhausenbergerdorff has 35).

A longer capitalized word is glued text (a URL slug, a run of letters), not a name; its deletion
neighbourhood (see `_deletions`) would take memory cubic in its length: 18,000 letters, all of it.
"""


_LONG_WORD = 8


def max_edits(first_length: int, second_length: int) -> int:
    """How many edits still make one spelling: one, or two when both are long (8+ letters)."""
    return MOST_EDITS if min(first_length, second_length) >= _LONG_WORD else 1


def are_variants(first: str, second: str, min_length: int) -> bool:
    """Whether two spellings look like one word spelled two ways (Ryabkov/Rybkov, Mbappé/Mbappe).

    Not when they differ only in case, either is shorter than `min_length` (Wang/Wong), or
    they are forms of one stem (Russia/Russian, Ryabkov/Ryabkova). A different first letter
    makes another name (Mason/Jason, Hernandez/Fernandez), except where a transliteration
    adds one in front of a long word (Tchaikovsky/Chaikovsky, Yevtushenko/Evtushenko). This is
    about spellings only: whether two people are one is decided by their given names, and
    months never reach here (March/Marsh).
    """
    if first.casefold() == second.casefold():
        return False
    a, b = fold(first), fold(second)
    if len(a) < min_length or len(b) < min_length or is_word_form(a, b):
        return False
    limit = max_edits(len(a), len(b))
    if a[0] != b[0]:
        return limit > 1 and (a[1:] == b or b[1:] == a)
    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


def _deletions(word: str, edits: int) -> set[str]:
    """What is left of `word` after deleting up to `edits` of its letters, the word included.

    Two words within k edits share such a string: a substitution is a deletion from both,
    an insertion a deletion from the other.
    """
    found = {word}
    # each set of places once: the next deletion is at or after the last one, in the shorter word
    frontier = [(word, 0)]
    for _ in range(edits):
        frontier = [
            (shorter[:at] + shorter[at + 1 :], at) for shorter, start in frontier for at in range(start, len(shorter))
        ]
        found.update(shorter for shorter, _ in frontier)
    return found


def _comparable(keys: Iterable[str], min_length: int) -> dict[str, str]:
    """The folded form of each key long enough to compare, and short enough to be a name."""
    folded = {key: fold(key) for key in keys}
    return {key: word for key, word in folded.items() if min_length <= len(word) <= LONGEST_NAME}


def _within_limit(first: str, second: str, distance: int) -> bool:
    return distance <= max_edits(len(first), len(second))


def _deletion_buckets(words: list[str], long_word: int) -> list[tuple[int, ...]]:
    """The indices of the words that share a string left after deleting letters (see `_deletions`:
    up to one, two from words of `long_word` letters on), in ascending order, a tuple for each
    string two or more share.

    Most strings belong to one word, whose index is stored as it is: a list for each of millions
    of strings would double the memory, and the garbage collector's walks over them the time.
    """
    sharing: dict[str, int | list[int]] = {}
    for index, word in enumerate(words):
        for left in _deletions(word, MOST_EDITS if len(word) >= long_word else 1):
            found = sharing.setdefault(left, index)
            if isinstance(found, list):
                found.append(index)
            elif found != index:
                sharing[left] = [found, index]
    return [tuple(indices) for indices in sharing.values() if isinstance(indices, list)]


def close_pairs(attested: Set[str], others: Iterable[str], min_length: int) -> Iterator[tuple[str, str]]:
    """Pairs of keys whose folded spellings are within `max_edits`, the first attested, each pair once.

    No pair of distant words is compared, and none within the limit is missed: each spelling
    is indexed under its deletion neighbourhood (to the most edits its length allows), and
    only spellings that share a string there are measured. Time and memory follow the number
    of spellings: a few dozen short strings each.
    """
    folded = _comparable([*attested, *others], min_length)
    keys = sorted(folded, key=lambda key: (key not in attested, key))  # a pair's first is attested if either is
    words = [folded[key] for key in keys]
    measured: set[tuple[int, int]] = set()
    for bucket in deletion_buckets(words, _LONG_WORD):  # word indices in ascending order
        for first, second in itertools.combinations(bucket, 2):
            if keys[first] not in attested or (first, second) in measured:
                continue
            measured.add((first, second))
            distance = Levenshtein.distance(words[first], words[second], score_cutoff=MOST_EDITS)
            if _within_limit(words[first], words[second], distance):
                yield keys[first], keys[second]


def all_close_pairs(attested: Set[str], others: Iterable[str], min_length: int) -> Iterator[tuple[str, str]]:
    """What `close_pairs` finds, found by comparing every attested spelling with every spelling.

    The reference the blocking is measured against: each attested spelling against all of
    them, in rapidfuzz's C loop (cdist would need numpy, which corpusval does not require).
    """
    folded = _comparable([*attested, *others], min_length)
    columns = list(folded)
    column_words = [folded[key] for key in columns]
    for key in (key for key in attested if key in folded):
        for _, distance, column in process.extract(
            folded[key], column_words, scorer=Levenshtein.distance, score_cutoff=MOST_EDITS, limit=None
        ):
            other = columns[column]
            if other == key or (other in attested and other < key):
                continue
            if _within_limit(folded[key], folded[other], int(distance)):
                yield key, other


def same_given_name(first: str, second: str) -> bool:
    """Whether two given names may be one person's: equal, or one edit apart with no gender clash."""
    a, b = fold(first), fold(second)
    if a == b:
        return True
    return a[:1] == b[:1] and Levenshtein.distance(a, b, score_cutoff=1) <= 1 and not genders_clash(first, second)


class Mention(NamedTuple):
    """One place where a word is used as a surname, or alone where a surname could stand."""

    spelling: str
    offset: int
    attested: bool = False  # after a given name or a title: "Sergei Ryabkov", "Mr. Ryabkov"
    mid_sentence: bool = False  # alone and capitalized where a common word would not be
    speaking: bool = False  # alone and followed by a reporting verb: "Rybkov said", "Rybkov also said"
    place_like: bool = False  # alone after "in", "near"...: "talks in Geneva"
    common_word: bool = False  # the document also uses it in lower case


class GivenName(NamedTuple):
    """A given name written with a surname; `partner` is the other given name in "Wendy and Brad Sherman"."""

    spelling: str
    offset: int
    surname: str
    partner: str | None = None


class Extraction(NamedTuple):
    """The name evidence of one text."""

    mentions: list[Mention]
    given_names: list[GivenName]
    name_parts: list[str]  # words that lead a longer name of a thing: "Boston" in "Boston Globe"


class _Token(NamedTuple):
    word: str
    offset: int
    possessive: bool


def _runs(text: str, start: int, end: int) -> list[list[_Token]]:
    """Split one capitalized sequence into runs that can each hold one name.

    Acronyms (NATO, U.S., RYABKOV) and possessives ("Russia's Sergei Ryabkov") end a run;
    single initials ("John F. Kennedy") are skipped inside it.
    """
    runs: list[list[_Token]] = [[]]
    offset = start
    # a sequence is tokens and particles between spaces, and neither holds a space
    for word in text[start:end].split():
        offset = text.find(word, offset)
        at, offset = offset, offset + len(word)
        if word in _PARTICLES:
            continue
        if word.endswith("."):
            if len(word) > 2 and word[-3] == ".":  # U.S., U.K.
                runs.append([])
            elif len(word) > 2:  # Mr., Dr.
                runs[-1].append(_Token(word[:-1], at, False))
            continue
        if len(word) > 1 and word.isupper():
            runs.append([])
            continue
        possessive = word.endswith(_POSSESSIVE)
        runs[-1].append(_Token(word[:-2] if possessive else word, at, possessive))
        if possessive:
            runs.append([])
    return [run for run in runs if run]


class _HeadlineLines:
    """Whether a line is a headline or menu in title case, where capitals say nothing of names.

    Such a line has more capitalized than lower-case words, twice over, no sentence in it,
    and stands alone: a paragraph of its own, or the first line of the text. Words are asked
    about in text order, so each line is found and judged once.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._first_line = text.rfind("\n", 0, len(text) - len(text.lstrip())) + 1
        self._start, self._end, self._headline = 0, -1, False

    def at(self, offset: int) -> bool:
        """Whether the line holding `offset` is a headline."""
        if not self._start <= offset <= self._end:
            text = self._text
            start, end = line_span(text, offset)
            self._start, self._end = start, end
            self._headline = self._looks_like_headline(text[start:end].rstrip()) and (
                self._blank_line_before(start) and (self._blank_line_after(end) or start == self._first_line)
            )
        return self._headline

    @staticmethod
    def _looks_like_headline(line: str) -> bool:
        """The cheap tests first: a paragraph of prose ends like a sentence, and is not counted."""
        if line.endswith(_SENTENCE_ENDS) or _SENTENCE_BREAK.search(line) is not None:
            return False
        capitalized = len(_CAPITALIZED_WORD.findall(line))
        return capitalized >= 3 and 2 * len(_LOWERCASE_WORD.findall(line)) < capitalized

    def _blank_line_before(self, start: int) -> bool:
        previous = self._text.rfind("\n", 0, max(0, start - 1)) + 1
        return start == 0 or not self._text[previous : start - 1].strip()

    def _blank_line_after(self, end: int) -> bool:
        following = self._text.find("\n", end + 1)
        return end >= len(self._text) or not self._text[end + 1 : following if following >= 0 else None].strip()


class _Class(NamedTuple):
    """What the word tables say of a word as written."""

    stopword: bool
    given: bool  # see `is_given_name`
    title: bool  # see `_is_title`
    leads: bool  # see `_may_lead_a_name`
    before_given: bool  # a title used with a given name alone: "King Charles"


@functools.lru_cache(maxsize=1 << 16)
def _class_of(word: str) -> _Class:
    """The tables' word classes, looked up once per word: a few capitalized words make most of a corpus."""
    lowered = word.lower()
    return _Class(
        lowered in _STOPWORDS,
        is_given_name(word),
        _is_title(word),
        _may_lead_a_name(word),
        lowered in _TITLES_BEFORE_GIVEN_NAMES,
    )


class _Step(NamedTuple):
    """What one run of a capitalized sequence says, at offsets from the sequence's start."""

    what: str  # "person", "surname", "alone" or "part" (a word leading the name of a thing)
    token: _Token  # the surname, the word alone, or the word leading a name
    other: _Token | None = None  # the given name of a person, or the function word before a word alone
    kind: _Class | None = None  # the class of a word alone


@functools.lru_cache(maxsize=1 << 16)
def _reading(sequence: str) -> tuple[_Step, ...]:
    """How a capitalized sequence reads, run by run; `_Reader.record` adds what depends on the text around it.

    Cached: a corpus uses the same names and function words ("The", "In", "But") over and over.
    """
    if sequence.lower() in _STOPWORDS:
        return ()
    steps = (_read(run) for run in _runs(sequence, 0, len(sequence)))
    return tuple(step for step in steps if step is not None)


def _read(run: list[_Token]) -> _Step | None:
    """Read one run: a person, a title and a surname, a word alone, or the name of a thing.

    A person is the last two or three words, led by a given name, with nothing but a
    title before them ("Russian Deputy Foreign Minister Sergei Ryabkov", "Said Sergei
    Ryapkov" once "Said" is dropped); "Open Door Policy" is no person named Door.
    """
    leading: _Token | None = None
    while run and _class_of(run[0].word).stopword:
        leading = run.pop(0)
    while run and _class_of(run[-1].word).stopword:
        run.pop()
    if not run:
        return None
    for size in (2, 3):
        if len(run) < size:
            break
        given, surname = run[-size], run[-1]
        before = _class_of(run[-size - 1].word) if len(run) > size else None
        if (_class_of(given.word).given and (before is None or before.leads)) or (
            size == 2 and before is not None and before.title  # "President Moxie Marlinspike": the title says it
        ):
            return _Step("person", surname, given)
    if len(run) >= 2:
        title = _class_of(run[-2].word)
        if title.title and not title.before_given and not _class_of(run[-1].word).leads:
            return _Step("surname", run[-1])
    if len(run) == 1:
        return _Step("alone", run[0], leading, _class_of(run[0].word))
    return _Step("part", run[0])


class _Reader:
    """Turns capitalized sequences of one text into mentions, given names and name parts."""

    def __init__(self, text: str, min_length: int) -> None:
        self.text = text
        self.min_length = min_length
        self.mentions: list[Mention] = []
        self.given_names: list[GivenName] = []
        self.name_parts: list[str] = []
        # the lone given name just read, for "Wendy and Brad Sherman"
        self._lone_given: _Token | None = None
        self._lone_given_end = -1
        self._reversed: str | None = None  # the text backwards, for `_before`
        self._lower_case: dict[str, bool] = {}  # `_written_in_lower_case` of each word asked about
        self._words: frozenset[str] | None = None  # every word of the text, once there are many to ask about

    def record(self, steps: tuple[_Step, ...], start: int) -> None:
        """Record the `_reading` of a sequence that starts at `start`."""
        min_length = self.min_length
        for what, token, other, kind in steps:
            if what == "alone":
                assert kind is not None
                self._alone(token, start + token.offset, kind, other)
            elif what == "part":
                if len(token.word) >= min_length:
                    self.name_parts.append(token.word)
            elif len(token.word) < min_length:
                continue
            elif what == "surname":
                self.mentions.append(Mention(token.word, start + token.offset, attested=True))
            else:
                assert other is not None
                self._person(other, token, start)

    def _person(self, given: _Token, surname: _Token, start: int) -> None:
        self.mentions.append(Mention(surname.word, start + surname.offset, attested=True))
        offset = start + given.offset
        self.given_names.append(GivenName(given.word, offset, surname.word))
        lone = self._lone_given
        if lone is not None and _COUPLE_GAP.fullmatch(self.text, self._lone_given_end, offset):
            self.given_names.append(GivenName(lone.word, lone.offset, surname.word, given.word))

    def _alone(self, token: _Token, offset: int, kind: _Class, leading: _Token | None) -> None:
        """A capitalized word on its own at `offset`: a surname used alone, a place, or a common word.

        `leading` is the function word before it in its run ("But Rybkov").
        """
        word, possessive = token.word, token.possessive
        end = offset + len(word) + (2 if possessive else 0)
        if kind.given:
            self._lone_given, self._lone_given_end = token._replace(offset=offset), end
        if len(word) < self.min_length or kind.leads:
            return
        after_place, mid_sentence = (
            (leading.word.lower() in _PLACE_PREPOSITIONS, True) if leading is not None else self._before(offset)
        )
        speaking = False
        after = _NEXT_TWO_WORDS.match(self.text, end) if not possessive else None
        if after is not None:
            next_word, then = after.groups()
            speaking = next_word.lower() in _REPORTING_VERBS or (then is not None and then.lower() in _REPORTING_VERBS)
        self.mentions.append(
            Mention(
                word,
                offset,
                False,
                mid_sentence,
                speaking,
                after_place and not possessive,
                self._written_in_lower_case(word),
            )
        )

    def _before(self, offset: int) -> tuple[bool, bool]:
        """Whether the word that ends within 24 characters before `offset` across spaces (at most one
        line break) is a place preposition, and whether a word or a comma ends within 12: then a
        capital at `offset` is mid-sentence.

        Read backwards over the reversed text: one match at one place, where a search for a
        pattern ending at `offset` would try every place before it. Most words follow one space
        and a character that says it all (see `_AFTER_ONE_SPACE`).
        """
        if offset >= 2 and self.text[offset - 1] == " ":
            known = _AFTER_ONE_SPACE.get(self.text[offset - 2])
            if known is not None:
                return known
        if self._reversed is None:
            self._reversed = self.text[::-1]
        at = len(self.text) - offset
        match = _BEFORE_REVERSED.match(self._reversed, at, at + 24)
        assert match is not None  # all of the pattern is optional
        spaces, word = match.group(1, 2)
        after_place = word is not None and word[::-1].lower() in _PLACE_PREPOSITIONS
        return after_place, match.end() - at > len(spaces) and len(spaces) < 12

    def _written_in_lower_case(self, word: str) -> bool:
        """Whether the text also has `word` in lower case as a word of its own ("forced" beside "Forced").

        A word of its own is what `NAME_WORD` finds: the text is searched for the word and each
        place tested, since splitting a whole text into words costs more than the few searches a
        news story asks for. Past `_SEARCHES` distinct words the text is split once after all: a
        search per word would make a long text of many names (a list, or a hostile file) quadratic.
        """
        lowered, text = word.lower(), self.text
        known = self._lower_case.get(lowered)
        if known is not None:
            return known
        if len(self._lower_case) >= _SEARCHES:
            if self._words is None:
                self._words = frozenset(NAME_WORD.findall(text))  # the words at word starts, as the search tests
            self._lower_case[lowered] = lowered in self._words
            return self._lower_case[lowered]
        at = text.find(lowered)
        while at >= 0:
            found = NAME_WORD.match(text, at) if _WORD_START.match(text, at) else None
            if found is not None and found.end() == at + len(lowered):
                break
            at = text.find(lowered, at + 1)
        self._lower_case[lowered] = at >= 0
        return at >= 0


def first_word(key: str) -> str:
    """The letters a case-folded spelling starts with (o'brien: o), which `may_mention` looks for."""
    match = _LETTERS.match(key)
    return match.group() if match else key


def may_mention(text: str, words: frozenset[str]) -> bool:
    """Whether `text` may hold a name whose `first_word` is one of `words`; if not, `extract` finds none.

    A name starts with a capital, so only the words that do are looked at, unless one of
    `words` is an Arabic article (al-Assad), with which a name may start in lower case.
    """
    runs = (_CAPITALIZED_RUN if words.isdisjoint(_ARTICLES) else _LETTERS).findall(text)
    return not words.isdisjoint(_first_words(runs))


def _first_words(runs: list[str]) -> Iterator[str]:
    for run in runs:
        folded = run.casefold()
        yield folded if folded.isalpha() else first_word(folded)  # case-folding may add a non-letter: İ


def extract_by_patterns(text: str, min_length: int) -> Extraction:
    """Read the name evidence of `text`: surnames (attested or alone) and their given names.

    Lines in title case (headlines, menus) are skipped: capitals there say nothing. This is
    the reference `_name_scan` is compiled from and tested against; `extract` uses that when built.
    """
    reader = _Reader(text, min_length)
    headlines = _HeadlineLines(text)
    for sequence in _sequences_in(bool(_ARTICLE_BEFORE_CAPITAL.search(text))).finditer(text):
        steps = _reading(sequence.group())
        if not steps:  # most often a function word: "The", "In", "But"
            continue
        start, end = sequence.span()
        if headlines.at(start):  # only what wraps onto the next line is read
            start = text.find("\n", start, end) + 1
            if not start:
                continue
            steps = _reading(text[start:end])
        reader.record(steps, start)
    return Extraction(reader.mentions, reader.given_names, reader.name_parts)


Counts = dict[str, list[int]]
"""A text's names: each spelling's key (case-folded) with its `Usage` fields in a list, as `count` sums them."""


def _count(found: Extraction) -> tuple[Counts, dict[str, str], list[tuple[str, str, str | None]]]:
    """What `count` returns, summed from `found`: the reference of `Scanner.count`."""
    counts: Counts = {}
    forms: dict[str, str] = {}
    for spelling, _, attested, mid_sentence, speaking, place_like, common in found.mentions:
        key = spelling.casefold()
        row = counts.get(key)
        if row is None:
            counts[key] = [1, 1, int(attested), int(mid_sentence), int(speaking), int(place_like), int(common)]
            forms[key] = spelling
            continue
        row[1] += 1
        row[2] += attested
        row[3] += mid_sentence
        row[4] += speaking
        row[5] += place_like
        row[6] |= common
        if spelling < forms[key]:
            forms[key] = spelling
    for part in found.name_parts:  # a word leading the name of a thing counts as a place-like use
        counts.setdefault(part.casefold(), [0, 0, 0, 0, 0, 0, 0])[5] += 1
    return counts, forms, [(given.spelling, given.surname, given.partner) for given in found.given_names]


def _add_counts(into: Counts, counts: Counts) -> None:
    for key, row in counts.items():
        mine = into.get(key)
        if mine is None:
            into[key] = list(row)
        else:
            for index, value in enumerate(row):
                mine[index] += value


def _least_forms(into: dict[str, str], forms: dict[str, str]) -> None:
    for key, form in forms.items():
        mine = into.get(key)
        if mine is None or form < mine:
            into[key] = form


try:
    from corpusval.kinds import _name_scan
except ImportError:  # not compiled (installed without a C compiler): the patterns above read the same, slower
    _name_scan = None  # type: ignore[assignment]

_SCANNER = (
    None
    if _name_scan is None
    else _name_scan.Scanner(
        _reading,
        [word.capitalize() for word in _ABBREVIATIONS],
        _PARTICLES,
        _ARTICLES,
        _PLACE_PREPOSITIONS,
        _REPORTING_VERBS,
    )
)
add_counts: Callable[[Counts, Counts], None] = _add_counts if _name_scan is None else _name_scan.add_counts
"""Add each row of `counts` to its key's row in `into`, in place (a new key gets a copy of its row)."""
least_forms: Callable[[dict[str, str], dict[str, str]], None] = (
    _least_forms if _name_scan is None else _name_scan.least_forms
)
"""Keep in `into` the least written form of each key of `forms`."""
deletion_buckets: Callable[[list[str], int], list[tuple[int, ...]]] = (
    _deletion_buckets if _name_scan is None else _name_scan.deletion_buckets
)
"""The words that may be within `max_edits` of each other, in buckets (see `_deletion_buckets`)."""

COMPILED = _SCANNER is not None
"""Whether names are read by the compiled `_name_scan` (several times faster) or by `extract_by_patterns`."""


def extract(text: str, min_length: int) -> Extraction:
    """Read the name evidence of `text`: surnames (attested or alone) and their given names.

    Lines in title case (headlines, menus) are skipped: capitals there say nothing.
    """
    if _SCANNER is None:
        return extract_by_patterns(text, min_length)
    mentions, given_names, name_parts = _SCANNER.extract(text, min_length)
    return Extraction(list(map(Mention._make, mentions)), list(map(GivenName._make, given_names)), name_parts)


def count(text: str, min_length: int) -> tuple[Counts, dict[str, str], list[tuple[str, str, str | None]]]:
    """A text's names summed without a tuple per mention: counts, the least written form of each
    mentioned key, and the given names as (spelling, surname, partner).
    """
    if _SCANNER is None:
        return _count(extract_by_patterns(text, min_length))
    return _SCANNER.count(text, min_length)
