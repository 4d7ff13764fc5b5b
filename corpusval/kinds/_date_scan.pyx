# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""`_dates.find_mentions_by_patterns` and `_tense_nearby_by_patterns` compiled: the same date mentions and
tenses, read character by character in C.

`find_mentions_by_patterns` marks a copy of the text to find where a mention may start, matches
`_MENTION` there and reads the match's groups in Python; `_tense_nearby_by_patterns` splits the words
next to a date into a list and looks each up in Python sets. The two were three quarters of what the
`date-plausibility` kind cost. This module walks the text once, matches `_MENTION` at each digit or
name capital in C, and asks Python only to parse the date it found (`_dates._parse_span`, cached
there) and to make its `DateMention`; it reads the words next to a date in place, looking them up in
a table made from `_dates`' own word sets.

The Python code stays the reference, and what runs where this module is not built: each piece below
names the pattern or function of `_dates` it stands for, taking the first way of matching `re` would
take (the one the groups report), and tests/test_date_scan.py compares the two on generated and real texts.
"""

cimport cython
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memmove, strlen
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISSPACE,
    PyUnicode_DATA,
    PyUnicode_KIND,
)


# Character classes as `re` has them (`\w`: alphanumeric or "_"; `\s`: `str.isspace`). Latin-1 is
# answered from a table, the rest by the macros `re` itself uses.
cdef enum:
    _WORD = 1  # `\w`
    _SPACE = 2  # `\s`
    _START = 4  # what a mention starts with: a digit, or the capital of a month's or weekday's name
    _URL_BREAK = 8  # `_dates._URL_BREAK`


cdef unsigned char _LATIN1[256]
for _code in range(256):
    _char = chr(_code)
    _LATIN1[_code] = (
        (_WORD if _char.isalnum() or _char == "_" else 0)
        | (_SPACE if _char.isspace() else 0)
        | (_START if _char in "0123456789ADFJMNOSTW" else 0)
        | (_URL_BREAK if _char.isspace() or _char in "<>()[]\"'" else 0)
    )


cdef inline bint _is(Py_UCS4 c, unsigned char what) noexcept:
    return c < 256 and _LATIN1[c] & what


cdef inline bint _word(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _WORD
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _space(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _SPACE
    return Py_UNICODE_ISSPACE(c)


cdef inline bint _gap(Py_UCS4 c) noexcept:
    """`_dates._GAP`, `[^\\S\\n]`: a space that breaks no line."""
    return c != u'\n' and _space(c)


cdef inline bint _url_break(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _URL_BREAK
    return Py_UNICODE_ISSPACE(c)


cdef inline bint _digit(Py_UCS4 c) noexcept:
    """`[0-9]`: ASCII digits only, as the patterns write them."""
    return u'0' <= c <= u'9'


cdef inline unsigned int _value(Py_UCS4 c) noexcept:
    return <unsigned int> c - 48


# The names of months and weekdays, each a word's letters packed 7 bits apiece (nine letters at most),
# in one small hash table: a capitalized word of the text is told from all of them by a look-up or two.
cdef enum:
    _LONGEST_NAME = 9
    _NAME_SLOTS = 128


cdef struct _Name:
    unsigned long long code  # 0: an empty slot
    bint month  # a name of `_dates._MONTH`
    int weekday  # 0 is Monday, as `_dates._WEEKDAY_INDEX` has it; -1: no weekday's name
    bint full  # a name of `_dates._FULL_WEEKDAY` ("Monday"), not one of the abbreviations of `_WEEKDAY` ("Mon")


cdef _Name _NAMES[_NAME_SLOTS]


cdef inline Py_ssize_t _slot(unsigned long long code) noexcept:
    return (code * 0x9E3779B97F4A7C15ULL) >> 57  # the top 7 bits of a Fibonacci hash


cdef const _Name* _name(unsigned long long code) noexcept:
    """The month's or weekday's name with this code, or NULL."""
    cdef Py_ssize_t slot = _slot(code)
    while _NAMES[slot].code != 0:
        if _NAMES[slot].code == code:
            return &_NAMES[slot]
        slot = (slot + 1) & (_NAME_SLOTS - 1)
    return NULL


cdef void _add_name(str name, bint month, int weekday, bint full):
    cdef unsigned long long code = 0
    for letter in name:
        code = code * 128 + ord(letter)
    slot = _slot(code)
    while _NAMES[slot].code != 0:
        slot = (slot + 1) & (_NAME_SLOTS - 1)
    _NAMES[slot] = _Name(code, month, weekday, full)


_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
for _month_name in (  # `_dates._MONTH`
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec"
).split():
    _add_name(_month_name, True, -1, False)
for _weekday_name in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split():  # `_dates._FULL_WEEKDAY`
    _add_name(_weekday_name, False, _WEEKDAYS.index(_weekday_name[:3]), True)
for _weekday_name in "Mon Tues Tue Wed Thurs Thur Thu Fri Sat Sun".split():  # and the rest of `_dates._WEEKDAY`
    _add_name(_weekday_name, False, _WEEKDAYS.index(_weekday_name[:3]), False)


ctypedef fused _Char:  # a text's storage: one, two or four bytes a character (`PyUnicode_KIND`)
    uint8_t
    uint16_t
    uint32_t


cdef struct _Found:
    Py_ssize_t end  # of the whole match
    Py_ssize_t date_start  # the date `_parse_span` reads: the month_first, day_first or iso group
    Py_ssize_t date_end
    int weekday  # the written weekday (0 is Monday; -1: none), or the lone weekday
    int what  # _LONE, _MONTH_ONLY or _DAY
    bint year  # a year is written: the month_first_year, day_first_year or iso group


cdef enum:
    _LONE  # lone_weekday
    _MONTH_ONLY  # month_only
    _DAY


cdef Py_ssize_t _skip_gaps(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """`_GAP*` from `at`."""
    while at < n and _gap(s[at]):
        at += 1
    return at


cdef Py_ssize_t _skip_spaces(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """`\\s*` from `at`."""
    while at < n and _space(s[at]):
        at += 1
    return at


cdef const _Name* _name_at(const _Char* s, Py_ssize_t n, Py_ssize_t at, Py_ssize_t* end) noexcept:
    """The month's or weekday's name that is the word at `at` (NULL if none), and in `end` where its
    lower-case ASCII letters end. A name is followed by `\\b` and holds no other letters, so it can only
    be this whole word.
    """
    cdef Py_ssize_t index = at + 1
    cdef unsigned long long code = <unsigned int> s[at]
    while index < n and index - at < _LONGEST_NAME and u'a' <= <Py_UCS4> s[index] <= u'z':
        code = code * 128 + <unsigned int> s[index]
        index += 1
    end[0] = index
    if index < n and _word(s[index]):
        return NULL
    return _name(code)


cdef Py_ssize_t _month(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """`_dates._MONTH` at `at`: a month's name or abbreviation, and its period if it has one; -1 if none."""
    cdef Py_ssize_t end
    cdef const _Name* name
    if at >= n or not u'A' <= <Py_UCS4> s[at] <= u'Z':
        return -1
    name = _name_at(s, n, at, &end)
    if name == NULL or not name.month:
        return -1
    return end + 1 if end < n and s[end] == 46 else end  # "."


cdef bint _number_ends(const _Char* s, Py_ssize_t n, Py_ssize_t at, bint clock) noexcept:
    """`(?![\\w:]|[.,][0-9])` (`_DAY`'s; `_YEAR`'s without the colon, `clock`) at `at`."""
    cdef Py_UCS4 c
    if at >= n:
        return True
    c = s[at]
    if _word(c) or (clock and c == u':'):
        return False
    return not ((c == u'.' or c == u',') and at + 1 < n and _digit(s[at + 1]))


cdef Py_ssize_t _day(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """`_dates._DAY` at `at`: 1 to 31 (one leading zero allowed), maybe "st", "nd", "rd" or "th"; -1 if none.

    Of the ways `re` tries to read the digits only the longest may end the number: the shorter leave a digit.
    """
    cdef unsigned int first, second
    cdef Py_ssize_t end = at + 1
    cdef Py_UCS4 c, d
    if at >= n or not _digit(s[at]):
        return -1
    first = _value(s[at])
    if end < n and _digit(s[end]):
        second = _value(s[end])
        if not (first == 1 or first == 2 or (first == 3 and second <= 1) or (first == 0 and second > 0)):
            return -1
        end += 1
    elif first == 0:
        return -1
    if end + 1 < n:
        c, d = s[end], s[end + 1]
        if (c == u's' and d == u't') or (c == u'n' and d == u'd') or (c == u'r' and d == u'd') or (c == u't' and d == u'h'):
            return end + 2 if _number_ends(s, n, end + 2, True) else -1  # without it a letter would follow
    return end if _number_ends(s, n, end, True) else -1


cdef Py_ssize_t _year(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """`_dates._YEAR` at `at`: 1600 to 2199, no number going on; -1 if none."""
    cdef Py_ssize_t index
    if at + 4 > n:
        return -1
    for index in range(at, at + 4):
        if not _digit(s[index]):
            return -1
    if not ((s[at] == 49 and s[at + 1] >= 54) or (s[at] == 50 and s[at + 1] <= 49)):  # "1[6-9]", "2[01]"
        return -1
    return at + 4 if _number_ends(s, n, at + 4, False) else -1


cdef bint _two_digits(const _Char* s, Py_ssize_t at, unsigned int low, unsigned int high) noexcept:
    """Whether s[at:at + 2] are two ASCII digits from `low` to `high`."""
    cdef unsigned int value
    if not (_digit(s[at]) and _digit(s[at + 1])):
        return False
    value = _value(s[at]) * 10 + _value(s[at + 1])
    return low <= value <= high


cdef Py_ssize_t _iso(const _Char* s, Py_ssize_t n, Py_ssize_t at) noexcept:
    """The iso alternative of `_dates._MENTION` at `at`, with its lookbehind and lookahead; -1 if none."""
    cdef Py_ssize_t end = at + 10
    cdef Py_UCS4 c
    if end > n:
        return -1
    if at > 0:
        c = s[at - 1]
        if _word(c) or c == u'/' or c == u'.' or c == u'-':
            return -1
    if not (_two_digits(s, at, 16, 21) and _two_digits(s, at + 2, 0, 99) and s[at + 4] == 45 and s[at + 7] == 45):
        return -1
    if not (_two_digits(s, at + 5, 1, 12) and _two_digits(s, at + 8, 1, 31)):
        return -1
    if end < n:
        c = s[end]
        if _digit(c) or c == u'_' or (c == u'-' and end + 1 < n and _word(s[end + 1])):
            return -1
    return end


cdef bint _closed(const _Char* s, Py_ssize_t n, Py_ssize_t end, bint paren, int what, bint year, _Found* found) noexcept:
    """Take the date ending at `end` (none if -1) as `(?(paren)\\))` allows: after "(" only before ")"."""
    if end < 0:
        return False
    if paren:
        if end >= n or s[end] != 41:  # ")"
            return False
        found.end = end + 1
    else:
        found.end = end
    found.date_end, found.what, found.year = end, what, year
    return True


cdef bint _date(const _Char* s, Py_ssize_t n, Py_ssize_t at, bint paren, _Found* found) noexcept:
    """The month_first, day_first or iso alternative of `_dates._MENTION` at `at`, with `(?(paren)\\))`.

    Each alternative can end in few places (with a year, without, a month's year); they are tried in
    the order `re` backtracks through them.
    """
    cdef Py_ssize_t month = _month(s, n, at), gap, day, after, year = -1
    cdef Py_UCS4 c
    found.date_start = at
    if month >= 0:  # month_first: "March 3, 2022", "March 3", "March 2022"
        gap = _skip_gaps(s, n, month)
        if gap == month:
            return False
        day = _day(s, n, gap)
        if day >= 0:
            after = _skip_gaps(s, n, day)
            if after < n and s[after] == 44:  # `_GAP*,\s*`
                year = _year(s, n, _skip_spaces(s, n, after + 1))
            elif after > day:  # `_GAP+`
                year = _year(s, n, after)
            if _closed(s, n, year, paren, _DAY, True, found) or _closed(s, n, day, paren, _DAY, False, found):
                return True
        return _closed(s, n, _year(s, n, gap), paren, _MONTH_ONLY, True, found)
    if at > 0:  # day_first's lookbehind, `(?<![0-9,.])`: if it fails, only an ISO date may start here
        c = s[at - 1]
        if _digit(c) or c == u',' or c == u'.':
            return _closed(s, n, _iso(s, n, at), paren, _DAY, True, found)
    day = _day(s, n, at)
    if day >= 0:  # day_first: "3 March 2022", "3rd of March", "3 March"
        gap = _skip_gaps(s, n, day)
        if gap > day:
            if gap + 1 < n and s[gap] == 111 and s[gap + 1] == 102:  # "of"
                after = _skip_gaps(s, n, gap + 2)
                if after > gap + 2:
                    gap = after
            month = _month(s, n, gap)
            if month >= 0:
                after = month + 1 if month < n and s[month] == 44 else month  # ",?"
                gap = _skip_gaps(s, n, after)
                if gap > after:
                    year = _year(s, n, gap)
                if _closed(s, n, year, paren, _DAY, True, found) or _closed(s, n, month, paren, _DAY, False, found):
                    return True
    return _closed(s, n, _iso(s, n, at), paren, _DAY, True, found)


cdef bint _match(const _Char* s, Py_ssize_t n, Py_ssize_t at, const _Name* name, Py_ssize_t word_end, _Found* found) noexcept:
    """`_dates._MENTION.match` at `at`: a date after a weekday ("Monday, January 10"), a date, or a lone weekday.

    `name` is the month's or weekday's name at `at` (NULL if none), its letters ending at `word_end`.
    """
    cdef Py_ssize_t after = word_end
    cdef bint paren = False
    if name != NULL and name.weekday >= 0 and (name.full or not _ends_with(s, 0, at, b"The ")):  # `_WEEKDAY`
        if not name.full and after < n and s[after] == 46:  # "."
            after += 1
        after = _skip_gaps(s, n, after)  # `{_GAP}*(?:,|(?P<paren>\()|){_GAP}*`
        if after < n and s[after] == 44:  # ","
            after += 1
        elif after < n and s[after] == 40:  # "("
            after += 1
            paren = True
        if _date(s, n, _skip_gaps(s, n, after), paren, found):
            found.weekday = name.weekday
            return True
    found.weekday = -1
    if _date(s, n, at, False, found):
        return True
    if name != NULL and name.full:  # lone_weekday
        found.end, found.weekday, found.what = word_end, name.weekday, _LONE
        return True
    return False


cdef bint _spelled(const _Char* s, Py_ssize_t at, const char* word, Py_ssize_t size) noexcept:
    """Whether s[at:at + size] is the ASCII `word`."""
    cdef Py_ssize_t index
    for index in range(size):
        if s[at + index] != <unsigned char> word[index]:
            return False
    return True


cdef bint _ends_with(const _Char* s, Py_ssize_t low, Py_ssize_t end, const char* word) noexcept:
    """Whether s[low:end] ends with the ASCII `word` (`low` is at least 0)."""
    cdef Py_ssize_t size = strlen(word)
    return end - size >= low and _spelled(s, end - size, word, size)


cdef bint _starts_with(const _Char* s, Py_ssize_t n, Py_ssize_t at, const char* word) noexcept:
    """Whether s[at:n] starts with the ASCII `word`."""
    cdef Py_ssize_t size = strlen(word)
    return at + size <= n and _spelled(s, at, word, size)


cdef bint _ends_range(const _Char* s, Py_ssize_t low, Py_ssize_t end) noexcept:
    """`_dates._WEEKDAY_RANGE_BEFORE.search(text, low, end)`, read back from `end`.

    Read backwards, each piece can start in one place only: no word or name ends in a space or a period,
    so each run of spaces, and the period, is taken whole.
    """
    cdef Py_UCS4 c
    if end > low and s[end - 1] == 10:  # `$` also matches before a final line break
        end -= 1
    while end > low and (s[end - 1] == 32 or s[end - 1] == 9):
        end -= 1
    if end <= low:
        return False
    c = s[end - 1]
    if c == u'-' or c == u'\u2013' or c == u'\u2014' or c == u'/' or c == u'&':
        end -= 1
    elif _ends_with(s, low, end, b"to") or _ends_with(s, low, end, b"or"):
        end -= 2
    elif _ends_with(s, low, end, b"and"):
        end -= 3
    elif _ends_with(s, low, end, b"thru"):
        end -= 4
    elif _ends_with(s, low, end, b"through"):
        end -= 7
    else:
        return False
    while end > low and (s[end - 1] == 32 or s[end - 1] == 9):
        end -= 1
    if end > low and s[end - 1] == 46:  # "."
        end -= 1
    return (
        _ends_with(s, low, end, b"day")
        or _ends_with(s, low, end, b"Mon")
        or _ends_with(s, low, end, b"Tue")
        or _ends_with(s, low, end, b"Tues")
        or _ends_with(s, low, end, b"Wed")
        or _ends_with(s, low, end, b"Thu")
        or _ends_with(s, low, end, b"Thur")
        or _ends_with(s, low, end, b"Thurs")
        or _ends_with(s, low, end, b"Fri")
        or _ends_with(s, low, end, b"Sat")
        or _ends_with(s, low, end, b"Sun")
    )


cdef enum:
    _RANGE_REACH = 20  # how far back `_dates._mention` looks for a range a weekday ends


cdef struct _Urls:  # the URL `_dates._URL.finditer` found last, as far as the mentions so far needed to look
    Py_ssize_t start
    Py_ssize_t end


cdef bint _url_at(const _Char* s, Py_ssize_t n, Py_ssize_t at, Py_ssize_t* end) noexcept:
    """`_dates._URL.match` at `at`: "http://", "https://" or "www.", then what breaks no URL."""
    cdef Py_ssize_t after
    if _starts_with(s, n, at, b"http://"):
        after = at + 7
    elif _starts_with(s, n, at, b"https://"):
        after = at + 8
    elif _starts_with(s, n, at, b"www."):
        after = at + 4
    else:
        return False
    if after >= n or _url_break(s[after]):
        return False
    while after < n and not _url_break(s[after]):
        after += 1
    end[0] = after
    return True


cdef bint _in_url(const _Char* s, Py_ssize_t n, Py_ssize_t at, _Urls* urls) noexcept:
    """Whether `at` lies in a URL: `finditer`'s URLs are found in order, each only once."""
    cdef Py_ssize_t start
    while urls.end <= at:
        start = urls.end
        while start < n and not _url_at(s, n, start, &urls.end):
            start += 1
        urls.start = start
        if start >= n:
            urls.start = urls.end = n + 1
    return urls.start <= at < urls.end


# -- the tense next to a date: `_dates._tense_nearby_by_patterns` ---------------------------------------------

cdef enum:
    _NEAR_WORDS_CHARS = 48  # `_dates._NEAR_WORDS_CHARS`
    _REACH = 15  # `_dates._REACH`
    _RIGHT_PENALTY = 2  # `_dates._RIGHT_PENALTY`
    _MOST_WORDS = 32  # more than `_NEAR_WORDS_CHARS` characters hold: a word and a character between two
    _WORD_SLOTS = 1024  # more than twice the words of all `WORD_SETS`


WORD_SETS = (
    "DETERMINERS",
    "TARGET_WORDS",
    "FUTURE_WORDS",
    "PRESENT_WORDS",
    "PLURAL_PRESENT_WORDS",
    "MODALS",
    "IRREGULAR_PAST",
    "NOT_PAST_ED",
    "UNSETTLING_VERBS",
    "ASKING_FOR",
    "REPORTING_VERBS",
    "ATTACHING_WORDS",
    "FUNCTION_WORDS",
    "MARKER_WORDS",
    "AUXILIARIES",
    "ADVERBS",
    "NOT_INFINITIVE",
)
"""The word sets of `_dates` the tense is read with (there each is `_` and its name), in the order of their bits."""

cdef enum:  # a word's sets, as bits in that order
    _DETERMINER = 1 << 0
    _TARGET = 1 << 1
    _FUTURE = 1 << 2
    _PRESENT = 1 << 3
    _PLURAL_PRESENT = 1 << 4
    _MODAL = 1 << 5
    _IRREGULAR_PAST = 1 << 6
    _NOT_PAST_ED = 1 << 7
    _UNSETTLING = 1 << 8
    _ASKING_FOR = 1 << 9
    _REPORTING = 1 << 10
    _ATTACHING = 1 << 11
    _FUNCTION = 1 << 12
    _MARKER = 1 << 13
    _AUXILIARY = 1 << 14
    _ADVERB = 1 << 15
    _NOT_INFINITIVE = 1 << 16


cdef enum:  # what `_tense_nearby` returns: a `Tense` by its index in `Scanner._tenses`, or none
    _PAST
    _PRESENT_TENSE
    _FUTURE_TENSE
    _UNKNOWN
    _NONE


cdef struct _Span:  # a word of the text: `_dates._WORD`
    Py_ssize_t start
    Py_ssize_t end


cdef inline unsigned long long _fnv_step(unsigned long long hash, Py_UCS4 c) noexcept:
    return (hash ^ <unsigned long long> c) * 1099511628211ULL


cdef inline Py_UCS4 _lower(Py_UCS4 c) noexcept:
    """`str.lower` of a character of a word: the letters of `_dates._WORD` are ASCII."""
    return <Py_UCS4> (<unsigned int> c + 32) if u'A' <= c <= u'Z' else c


@cython.final
cdef class _WordSets:
    """The words of `WORD_SETS`, each with the sets it is in, looked up by a word of a text in lower case.

    Open addressing over FNV-1a hashes of the lower-cased characters; a hit is confirmed character by character.
    """

    cdef unsigned long long hashes[_WORD_SLOTS]  # 0: an empty slot
    cdef unsigned int sets[_WORD_SLOTS]
    cdef list words  # by slot

    def __init__(self, words):
        cdef unsigned int bit
        cdef dict sets = {}
        self.words = [None] * _WORD_SLOTS
        for bit, name in enumerate(WORD_SETS):
            for word in words[name]:
                sets[word] = sets.get(word, 0) | (1 << bit)
        if 2 * len(sets) > _WORD_SLOTS:
            raise ValueError(f"{len(sets)} words are too many for {_WORD_SLOTS} slots")
        for word, bits in sets.items():
            if word != word.lower():
                raise ValueError(f"{word!r} is not in lower case")  # text is looked up lower-cased
            self._add(word, bits)

    cdef void _add(self, str word, unsigned int bits):
        cdef unsigned long long hash = 14695981039346656037ULL
        cdef Py_ssize_t slot
        cdef Py_UCS4 c
        for c in word:
            hash = _fnv_step(hash, c)
        hash = hash or 1
        slot = (hash ^ (hash >> 32)) & (_WORD_SLOTS - 1)
        while self.hashes[slot] != 0:
            slot = (slot + 1) & (_WORD_SLOTS - 1)
        self.hashes[slot], self.sets[slot], self.words[slot] = hash, bits, word


cdef unsigned int _sets(_WordSets table, const _Char* s, _Span word) noexcept:
    """The sets `word` lowered is in (0: none)."""
    cdef unsigned long long hash = 14695981039346656037ULL
    cdef Py_ssize_t index, slot
    cdef str key
    for index in range(word.start, word.end):
        hash = _fnv_step(hash, _lower(s[index]))
    hash = hash or 1
    slot = (hash ^ (hash >> 32)) & (_WORD_SLOTS - 1)
    while table.hashes[slot] != 0:
        if table.hashes[slot] == hash:
            key = table.words[slot]
            if len(key) == word.end - word.start:
                for index in range(len(key)):
                    if key[index] != _lower(s[word.start + index]):
                        break
                else:
                    return table.sets[slot]
        slot = (slot + 1) & (_WORD_SLOTS - 1)
    return 0


cdef bint _is_word(const _Char* s, _Span word, const char* spelling, bint fold) noexcept:
    """Whether `word` (lowered, if `fold`) is the ASCII `spelling`."""
    cdef Py_ssize_t size = strlen(spelling), index
    if word.end - word.start != size:
        return False
    for index in range(size):
        if (_lower(s[word.start + index]) if fold else <Py_UCS4> s[word.start + index]) != <unsigned char> spelling[index]:
            return False
    return True


cdef bint _ends_lowered(const _Char* s, _Span word, const char* ending) noexcept:
    """`word.lower().endswith(ending)`, for an ASCII `ending`."""
    cdef Py_ssize_t size = strlen(ending), index
    if word.end - word.start < size:
        return False
    for index in range(size):
        if _lower(s[word.end - size + index]) != <unsigned char> ending[index]:
            return False
    return True


cdef bint _ends_will(const _Char* s, _Span word) noexcept:
    """`lower.endswith(_dates._WILL_CONTRACTED)`: "'ll" or "\u2019ll"."""
    cdef Py_UCS4 c
    if word.end - word.start < 3 or not _ends_lowered(s, word, b"ll"):
        return False
    c = s[word.end - 3]
    return c == u"'" or c == u'\u2019'


cdef bint _lower_case(const _Char* s, _Span word) noexcept:
    """`word.islower()`: a word of `_dates._WORD` has letters, all ASCII."""
    cdef Py_ssize_t index
    for index in range(word.start, word.end):
        if u'A' <= <Py_UCS4> s[index] <= u'Z':
            return False
    return True


cdef inline bint _letter(Py_UCS4 c) noexcept:
    return u'a' <= c <= u'z' or u'A' <= c <= u'Z'


cdef Py_ssize_t _word_end(const _Char* s, Py_ssize_t at, Py_ssize_t high) noexcept:
    """Where `_dates._WORD` matched at a letter at `at` ends, in text that ends at `high`: `[A-Za-z]+(?:[-'\u2019][A-Za-z]+)*`."""
    cdef Py_UCS4 c
    while at < high and _letter(s[at]):
        at += 1
    while at + 1 < high and _letter(s[at + 1]):
        c = s[at]
        if not (c == u'-' or c == u"'" or c == u'\u2019'):
            break
        at += 2
        while at < high and _letter(s[at]):
            at += 1
    return at


cdef int _words(const _Char* s, Py_ssize_t low, Py_ssize_t high, _Span* words, int most) noexcept:
    """`_dates._WORD.findall(text, low, high)[-most:]`, into `words`; how many."""
    cdef int count = 0
    while low < high:
        if not _letter(s[low]):
            low += 1
            continue
        if count == most:
            memmove(words, words + 1, (most - 1) * sizeof(_Span))
            count -= 1
        words[count].start = low
        low = words[count].end = _word_end(s, low, high)
        count += 1
    return count


cdef inline bint _mark(Py_UCS4 c) noexcept:
    """`_dates._MARK_CHARS`."""
    return c == u'.' or c == u'!' or c == u'?' or c == u';' or c == u'|' or c == u'\u2022' or c == u'\u00b7' or c == u'\n'


cdef Py_ssize_t _find_char(const _Char* s, Py_ssize_t low, Py_ssize_t high, Py_UCS4 c, bint last) noexcept:
    """`text.find(c, low, high)`, or with `last` `text.rfind`; -1 when it is not there."""
    cdef Py_ssize_t index
    if last:
        for index in range(high - 1, low - 1, -1):
            if s[index] == c:
                return index
    else:
        for index in range(low, high):
            if s[index] == c:
                return index
    return -1


cdef int _settled_by_preceding_word(_WordSets table, const _Char* s, const _Span* before, int count) noexcept:
    """`_dates._settled_by_preceding_word`."""
    cdef int last = count - 1
    cdef bint attributive = last >= 0 and _sets(table, s, before[last]) & _DETERMINER
    cdef unsigned int sets
    cdef _Span word
    while last >= 0 and _sets(table, s, before[last]) & _DETERMINER:
        last -= 1
    if last >= 0:
        word = before[last]
        sets = _sets(table, s, word)
        if sets & _TARGET or _is_word(s, word, b"next", True) or _is_word(s, word, b"upcoming", True) or _is_word(
            s, word, b"coming", True
        ):
            return _FUTURE_TENSE
        if _is_word(s, word, b"of", True) and last >= 1 and _is_word(s, before[last - 1], b"ahead", True):
            return _FUTURE_TENSE
        if _is_word(s, word, b"last", True) or _is_word(s, word, b"previous", True) or _is_word(s, word, b"since", True):
            return _PAST
    return _UNKNOWN if attributive else _NONE


cdef bint _after(_WordSets table, const _Char* s, const _Span* words, int index, unsigned int helpers) noexcept:
    """`_dates._after`: whether word `index` follows one of `helpers`, maybe across an adverb."""
    cdef int previous = index - 1
    if previous >= 0 and (_sets(table, s, words[previous]) & _ADVERB or _ends_lowered(s, words[previous], b"ly")):
        previous -= 1  # the words looked at are the two before `index`
    if previous < 0:
        return False
    return _sets(table, s, words[previous]) & helpers or _ends_will(s, words[previous])


cdef bint _starts_infinitive(_WordSets table, const _Char* s, const _Span* words, int count, int index) noexcept:
    """`_dates._starts_infinitive`."""
    cdef _Span verb
    if index + 1 >= count:
        return False
    verb = words[index + 1]
    return (
        _lower_case(s, verb)
        and not _sets(table, s, verb) & _NOT_INFINITIVE
        and not (_ends_lowered(s, verb, b"s") and not _ends_lowered(s, verb, b"ss"))
        and not _ends_lowered(s, verb, b"ing")
    )


cdef bint _is_past_form(const _Char* s, _Span word, unsigned int sets) noexcept:
    """`_dates._is_past_form` of `word` lowered, which is in `sets`."""
    if sets & _IRREGULAR_PAST:
        return True
    return (
        _ends_lowered(s, word, b"ed")
        and word.end - word.start > 3
        and _find_char(s, word.start, word.end, <Py_UCS4> u'-', False) < 0
        and not sets & _NOT_PAST_ED
    )


cdef int _marker(_WordSets table, const _Char* s, const _Span* words, int count, int index, bint date_follows) noexcept:
    """`_dates._marker`: the tense word `index` marks (`_NONE`: none)."""
    cdef _Span word = words[index]
    cdef unsigned int sets = _sets(table, s, word)
    cdef _Span following
    cdef bint followed = index + 1 < count
    if followed:
        following = words[index + 1]
    if _is_word(s, word, b"May", False):
        return _NONE  # the month, not the modal
    if sets & _FUTURE or _ends_will(s, word):
        return _FUTURE_TENSE
    if _is_word(s, word, b"to", True):
        return _FUTURE_TENSE if date_follows and _starts_infinitive(table, s, words, count, index) else _NONE
    if _is_word(s, word, b"set", True):
        if followed and (_is_word(s, following, b"to", True) or _is_word(s, following, b"for", True)):
            return _FUTURE_TENSE
        return _NONE
    if sets & _PRESENT:
        return _PRESENT_TENSE
    if sets & _PLURAL_PRESENT:
        return _NONE if _after(table, s, words, index, _MODAL) else _PRESENT_TENSE
    if not _lower_case(s, word) or not _is_past_form(s, word, sets):
        return _NONE
    if sets & _UNSETTLING or (sets & _ASKING_FOR and followed and _is_word(s, following, b"for", True)):
        return _UNKNOWN
    if _after(table, s, words, index, _AUXILIARY):
        return _NONE  # "will be held", "was held": the auxiliary carries the tense
    if date_follows and sets & _REPORTING and followed and not _sets(table, s, following) & _ATTACHING:
        return _NONE  # "said talks resume on Monday": the date belongs to the reported clause
    return _PAST


cdef int _nearest_marker(
    _WordSets table, const _Char* s, const _Span* words, int count, int first, int stop, int step, bint date_follows, int* found
) noexcept:
    """`_dates._nearest_marker` over the indexes `range(first, stop, step)` (`first` may be `stop`, none then):
    the tense, and its word's index in `found`.
    """
    cdef int index = first, tense
    while index != stop:
        if _sets(table, s, words[index]) & _MARKER or _ends_lowered(s, words[index], b"ed") or _ends_will(s, words[index]):
            tense = _marker(table, s, words, count, index, date_follows)
            if tense != _NONE:
                found[0] = index
                return tense
        index += step
    return _NONE


cdef int _own_segment(_WordSets table, const _Char* s, Py_ssize_t low, Py_ssize_t start) noexcept:
    """How many words `_dates._words_of_own_segment` finds, -1 for None: the words after the last comma, if
    some of them are content words.
    """
    cdef Py_ssize_t comma = _find_char(s, low, start, <Py_UCS4> u',', True), at
    cdef int count = 0
    cdef bint content = False
    cdef _Span word
    if comma < 0:
        return -1
    at = comma + 1
    while at < start:
        if not _letter(s[at]):
            at += 1
            continue
        word.start = at
        at = word.end = _word_end(s, at, start)
        count += 1
        content = content or (_lower_case(s, word) and not _sets(table, s, word) & _FUNCTION)
    return count if content else -1


cdef int _tense_nearby(_WordSets table, const _Char* s, Py_ssize_t n, Py_ssize_t start, Py_ssize_t end) noexcept:
    """`_dates._tense_nearby_by_patterns`: the tense read from the few words next to the date, or `_NONE`."""
    cdef Py_ssize_t window = start - _NEAR_WORDS_CHARS if start > _NEAR_WORDS_CHARS else 0, low = -1, high, index
    cdef _Span before[_REACH]
    cdef _Span after[_MOST_WORDS]
    cdef int count, following, nearest, tense, distance, own, following_index
    for index in range(min(start + 1, n) - 1, window - 1, -1):  # `_LAST_MARK_CHAR`, the date's first character too
        if _mark(s[index]):
            low = index + 1
            break
    if low < 0:
        if window:
            low = _find_char(s, window, start, <Py_UCS4> u' ', False) + 1  # where a word begins
            if not low:
                return _NONE
        else:
            low = 0
    count = _words(s, low, start, before, _REACH)
    if count < 2 or _sets(table, s, before[count - 1]) & _DETERMINER:
        return _NONE
    tense = _settled_by_preceding_word(table, s, before, count)
    if tense != _NONE:
        return tense
    tense = _nearest_marker(table, s, before, count, count - 1, 1, -1, True, &nearest)
    if tense == _NONE:
        return _NONE
    distance = count - nearest
    if distance > _RIGHT_PENALTY + 1:  # a word after the date may be nearer
        high = min(end + _NEAR_WORDS_CHARS, n)
        for index in range(end, high):  # `_MARK_CHAR.search`
            if _mark(s[index]):
                high = index
                break
        else:
            high = _find_char(s, end, high, <Py_UCS4> u' ', True)  # a word's end
        count = _words(s, end, high, after, _MOST_WORDS) if high >= 0 else 0
        if count <= distance - _RIGHT_PENALTY - 1:
            return _NONE
        following = _nearest_marker(table, s, after, count, 0, distance - _RIGHT_PENALTY - 1, 1, False, &following_index)
        if following != _NONE:
            return following if following != _PAST else _NONE  # its aside may reach further
    if tense == _PAST:
        # A comma before the stretch would put the marker in the date's own segment: no comma in it, no aside.
        own = _own_segment(table, s, low, start)
        if own >= 0 and distance > own:
            return _UNKNOWN
    return tense


@cython.final
cdef class Scanner:
    """Finds date mentions and reads the tense next to one as `_dates` does; it keeps nothing of one text for the next."""

    cdef object _mention
    cdef object _new
    cdef object _day
    cdef object _month
    cdef object _weekday
    cdef object _parse
    cdef tuple _tenses
    cdef _WordSets _words

    def __init__(self, mention, precisions, parse, tenses, words):
        """`mention` is `_dates.DateMention`, `precisions` its DAY, MONTH and WEEKDAY, `parse` `_dates._parse_span`,
        `tenses` `Tense.PAST`, `PRESENT`, `FUTURE` and `UNKNOWN`, `words` the sets `WORD_SETS` names.
        """
        self._mention = mention
        self._new = tuple.__new__  # what a named tuple's own `__new__` calls, without its Python frame
        self._day, self._month, self._weekday = precisions
        self._parse = parse
        self._tenses = tuple(tenses) + (None,)  # by `_PAST` ... `_NONE`
        self._words = _WordSets(words)

    def tense_nearby(self, str text, Py_ssize_t start, Py_ssize_t end):
        """What `_dates._tense_nearby_by_patterns` reads for the date at text[start:end]: a `Tense`, or None."""
        cdef unsigned int kind = PyUnicode_KIND(text)
        cdef Py_ssize_t n = len(text)
        cdef int tense
        if not 0 <= start <= end <= n:
            raise IndexError(f"no date at {start}:{end} in a text of {n} characters")
        if kind == PyUnicode_1BYTE_KIND:
            tense = _tense_nearby(self._words, <const uint8_t*> PyUnicode_DATA(text), n, start, end)
        elif kind == PyUnicode_2BYTE_KIND:
            tense = _tense_nearby(self._words, <const uint16_t*> PyUnicode_DATA(text), n, start, end)
        else:
            tense = _tense_nearby(self._words, <const uint32_t*> PyUnicode_DATA(text), n, start, end)
        return self._tenses[tense]

    def find_mentions(self, str text, bint bare_weekdays):
        """What `_dates.find_mentions_by_patterns` finds: the `DateMention`s of `text`, in order."""
        cdef unsigned int kind = PyUnicode_KIND(text)
        if kind == PyUnicode_1BYTE_KIND:
            return self._find(<const uint8_t*> PyUnicode_DATA(text), text, bare_weekdays)
        if kind == PyUnicode_2BYTE_KIND:
            return self._find(<const uint16_t*> PyUnicode_DATA(text), text, bare_weekdays)
        return self._find(<const uint32_t*> PyUnicode_DATA(text), text, bare_weekdays)

    cdef list _find(self, const _Char* s, str text, bint bare_weekdays):
        """`find_mentions_by_patterns`'s loop: `_MENTION` tried where a mention may start, after the last one."""
        cdef Py_ssize_t n = len(text), at = 0, start, word_end
        cdef Py_UCS4 c
        cdef const _Name* name
        cdef _Found found
        cdef _Urls urls
        cdef list mentions = []
        urls.start = urls.end = 0  # none looked for yet
        while True:
            while at < n and not _is(s[at], _START):
                at += 1
            if at == n:
                break
            c = s[at]
            name, word_end = NULL, at + 1
            if u'A' <= c <= u'Z':
                name = _name_at(s, n, at, &word_end)
                if name == NULL:  # nor does a mention start in its lower-case letters
                    at = word_end
                    continue
            if not _match(s, n, at, name, word_end, &found):
                at = word_end
                while at < n and _digit(s[at]):  # no mention starts right after a digit
                    at += 1
                continue
            start, at = at, found.end
            if start and not _url_break(s[start - 1]) and _in_url(s, n, start, &urls):
                continue
            if found.what == _LONE:
                if bare_weekdays:
                    mentions.append(
                        self._new(self._mention, (start, at, text[start:at], self._weekday, None, None, None, found.weekday))
                    )
                continue
            if found.weekday >= 0 and _ends_range(s, start - _RANGE_REACH if start > _RANGE_REACH else 0, start):
                found.weekday = -1
            mention = self._dated(text, start, &found)
            if mention is not None:
                mentions.append(mention)
        return mentions

    cdef object _dated(self, str text, Py_ssize_t start, _Found* found):
        """`_dates._mention` of a date: the `DateMention`, or None for a day the calendar has not."""
        try:
            parsed = self._parse(text[found.date_start : found.date_end])
        except (ValueError, OverflowError):
            return None
        written = text[start : found.end]
        if found.what == _MONTH_ONLY:
            return self._new(self._mention, (start, found.end, written, self._month, parsed.year, parsed.month, None, None))
        return self._new(
            self._mention,
            (
                start,
                found.end,
                written,
                self._day,
                parsed.year if found.year else None,
                parsed.month,
                parsed.day,
                found.weekday if found.weekday >= 0 else None,
            ),
        )
