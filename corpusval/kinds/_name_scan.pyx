# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""`_names.extract_by_patterns` compiled: the same name evidence, read character by character in C.

`extract_by_patterns` reads a text with regular expressions and a Python step for every
capitalized word, about 0.25 ms for a news story: most of what checking a corpus cost.
This module reads the same text in one pass of C, asks Python only how a capitalized
sequence reads (`_names._reading`, once per distinct sequence, kept here after), and
counts what a document brings to the corpus tally without making a tuple per mention.

`extract_by_patterns` stays the reference, and what runs where this module is not built:
each piece below names the pattern of `_names` it stands for, and tests/test_name_scan.py
compares the two on generated and real texts.
"""

cimport cython
from libc.stdlib cimport calloc, free, malloc, qsort
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memchr
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_READ,
)

cdef Py_ssize_t _BEFORE_REACH = 24  # `_Reader._before` reads back this far
cdef Py_ssize_t _MOST_SPACES = 12  # and a word after more spaces than this is no longer beside the name
cdef unsigned long long _FNV_OFFSET = 14695981039346656037ULL
cdef unsigned long long _FNV_PRIME = 1099511628211ULL
cdef Py_ssize_t _MOST_STEPS = 1 << 16  # distinct sequences kept read, as `_names._reading` keeps them


# Character classes as `re` has them. Latin-1 is answered from a table: a look-up in Python's
# Unicode tables, or a chain of comparisons, for every character of a text was most of the scan.
cdef enum:
    _LETTER = 1  # `_names._LETTER`, `[^\W\d_]`
    _UPPER = 2  # `_names._UPPER`
    _WORD = 4  # `\w`
    _STARTS = 8  # where a sequence may start: a capital, or an article's first letter


cdef unsigned char _LATIN1[256]
for _code in range(256):
    _char = chr(_code)
    _LATIN1[_code] = (
        (_LETTER if _char.isalnum() and not _char.isdecimal() else 0)
        | (_UPPER | _STARTS if _char.isupper() else 0)
        | (_WORD if _char.isalnum() or _char == "_" else 0)
        | (_STARTS if _char in "aeu" else 0)
    )


cdef inline bint _upper(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _UPPER
    return c < 0x10000 and Py_UNICODE_ISUPPER(c)


cdef inline bint _word(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _WORD
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _letter(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _LETTER
    return Py_UNICODE_ISALNUM(c) and not Py_UNICODE_ISDECIMAL(c)


cdef inline bint _starts(Py_UCS4 c) noexcept:
    if c < 256:
        return _LATIN1[c] & _STARTS
    return c < 0x10000 and Py_UNICODE_ISUPPER(c)


cdef inline bint _joiner(Py_UCS4 c) noexcept:
    """What may join two parts of a name: `['\\u2019-]`."""
    return c == u"'" or c == u'\u2019' or c == u'-'


cdef inline bint _blank(Py_UCS4 c) noexcept:
    """`[ \\t\\u00a0]`: the spaces of `_names._SPACE`."""
    return c == u' ' or c == u'\t' or c == u'\u00a0'


cdef inline bint _gap_start(Py_UCS4 c) noexcept:
    """What `_names._GAP` starts with: a space or a line break."""
    return _blank(c) or c == u'\r' or c == u'\n'


cdef inline unsigned long long _hash_step(unsigned long long hash, Py_UCS4 c) noexcept:
    """FNV-1a over code points: the words of a text and the words asked about hash alike."""
    return (hash ^ <unsigned long long> c) * _FNV_PRIME


ctypedef fused _Char:  # a text's storage: one, two or four bytes a character (`PyUnicode_KIND`)
    uint8_t
    uint16_t
    uint32_t


cdef Py_ssize_t _name_tail(const _Char* chars, Py_ssize_t length, Py_ssize_t end) noexcept:
    """`_names._NAME_TAIL` from `end`: letters, and more after an apostrophe or hyphen."""
    while end < length and _letter(chars[end]):
        end += 1
    while end + 1 < length and _joiner(chars[end]) and _letter(chars[end + 1]):
        end += 2
        while end < length and _letter(chars[end]):
            end += 1
    return end


cdef unsigned long long _span_hash(const _Char* chars, Py_ssize_t start, Py_ssize_t end) noexcept:
    cdef unsigned long long hash = _FNV_OFFSET
    while start < end:
        hash = _hash_step(hash, chars[start])
        start += 1
    return hash or 1  # 0 marks an empty slot


cdef Py_ssize_t _line_break(const _Char* chars, Py_ssize_t start, Py_ssize_t end) noexcept:
    """chars.find("\n", start, end)."""
    if _Char is uint8_t:
        found = <const uint8_t*> memchr(chars + start, 10, end - start) if end > start else NULL
        return found - chars if found != NULL else -1
    else:
        while start < end:
            if chars[start] == 10:
                return start
            start += 1
        return -1


cdef Py_ssize_t _line_start(const _Char* chars, Py_ssize_t offset) noexcept:
    """chars.rfind("\n", 0, offset) + 1."""
    while offset > 0 and chars[offset - 1] != 10:
        offset -= 1
    return offset


cdef inline Py_ssize_t _slot(unsigned long long hash, Py_ssize_t mask) noexcept:
    """Where a hash goes in a table of `mask + 1` slots: FNV's low bits alone cluster (a probe took 150 ns)."""
    return (hash ^ (hash >> 32)) & mask


cdef unsigned long long _text_hash(str text, Py_ssize_t start, Py_ssize_t end) noexcept:
    """The `_span_hash` of text[start:end]."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _span_hash(<const uint8_t*> PyUnicode_DATA(text), start, end)
    if kind == PyUnicode_2BYTE_KIND:
        return _span_hash(<const uint16_t*> PyUnicode_DATA(text), start, end)
    return _span_hash(<const uint32_t*> PyUnicode_DATA(text), start, end)


@cython.final
cdef class _SpanTable:
    """Strings looked up by a span of a text without making the span a string (most spans are no key).

    Open addressing over `_span_hash`es; a hit is confirmed character by character. With
    `fold`, keys are lower-case ASCII and a span matches in any case, as `span.lower() in keys`
    does for an ASCII span; for any other span `find` answers `_ASK` and the caller asks Python.
    """

    cdef list keys
    cdef list values
    cdef unsigned long long* hashes  # by slot: the key's hash, 0 for an empty slot
    cdef Py_ssize_t* entries  # by slot: the key's index in `keys`
    cdef Py_ssize_t mask
    cdef bint fold

    def __cinit__(self, bint fold):
        self.fold = fold
        self.keys, self.values = [], []
        self._allocate(64)

    def __dealloc__(self):
        free(self.hashes)
        free(self.entries)

    cdef int _allocate(self, Py_ssize_t size) except -1:
        free(self.hashes)
        free(self.entries)
        self.hashes = <unsigned long long*> calloc(size, sizeof(unsigned long long))
        self.entries = <Py_ssize_t*> calloc(size, sizeof(Py_ssize_t))
        if self.hashes == NULL or self.entries == NULL:
            raise MemoryError()
        self.mask = size - 1
        return 0

    cdef int clear(self) except -1:
        self.keys, self.values = [], []
        return self._allocate(64)

    cdef int add(self, str key, object value) except -1:
        """Add `key` (not yet in the table)."""
        cdef Py_ssize_t index
        self.keys.append(key)
        self.values.append(value)
        if 2 * len(self.keys) > self.mask:
            self._allocate(2 * (self.mask + 1))
            for index in range(len(self.keys)):
                self._place(index)
        else:
            self._place(len(self.keys) - 1)
        return 0

    cdef void _place(self, Py_ssize_t index) noexcept:
        cdef str key = self.keys[index]
        cdef unsigned long long hash = _text_hash(key, 0, len(key))
        cdef Py_ssize_t slot = _slot(hash, self.mask)
        while self.hashes[slot] != 0:
            slot = (slot + 1) & self.mask
        self.hashes[slot] = hash
        self.entries[slot] = index

    cdef Py_ssize_t find(self, _Read read, Py_ssize_t start, Py_ssize_t end) noexcept:
        """The index of the key text[start:end] is (`_ABSENT` if none; `_ASK` as said above)."""
        cdef unsigned long long hash = _FNV_OFFSET
        cdef Py_ssize_t index, slot
        cdef Py_UCS4 c
        cdef str key
        for index in range(start, end):
            c = read.at(index)
            if self.fold:
                if c >= 128:
                    return _ASK
                if u'A' <= c <= u'Z':
                    c = <Py_UCS4> (<unsigned int> c + 32)
            hash = _hash_step(hash, c)
        hash = hash or 1
        slot = _slot(hash, self.mask)
        while self.hashes[slot] != 0:
            if self.hashes[slot] == hash:
                key = self.keys[self.entries[slot]]
                if len(key) == end - start and self._same(key, read, start):
                    return self.entries[slot]
            slot = (slot + 1) & self.mask
        return _ABSENT

    cdef bint _same(self, str key, _Read read, Py_ssize_t start) noexcept:
        cdef Py_ssize_t index
        cdef Py_UCS4 c
        for index in range(len(key)):
            c = read.at(start + index)
            if self.fold and u'A' <= c <= u'Z':
                c = <Py_UCS4> (<unsigned int> c + 32)
            if c != key[index]:
                return False
        return True


cdef Py_ssize_t _ABSENT = -1
cdef Py_ssize_t _ASK = -2


@cython.final
cdef class _WordTable:
    """Lower-case words that spans of a text are looked up in: `text[start:end].lower() in words`."""

    cdef frozenset words
    cdef _SpanTable table

    def __init__(self, words):
        self.words = frozenset(words)
        self.table = _SpanTable(True)
        for word in sorted(self.words):
            if word.isascii() and word.islower():
                self.table.add(word, None)
            else:  # the span table would miss it
                raise ValueError(f"{word!r} is not a lower-case ASCII word")

    cdef bint holds(self, _Read read, Py_ssize_t start, Py_ssize_t end) except -1:
        cdef Py_ssize_t found = self.table.find(read, start, end)
        if found == _ASK:
            return read.text[start:end].lower() in self.words
        return found != _ABSENT


cdef enum What:
    ALONE
    PART
    SURNAME
    PERSON


@cython.final
cdef class _Step:
    """One step of `_names._reading`, with what the scan asks of it worked out once."""

    cdef What what
    cdef str word  # the surname, the word alone, or the word leading a name
    cdef str key  # its case-folded form, the tally's key
    cdef Py_ssize_t offset  # from the start of the sequence
    cdef Py_ssize_t length
    cdef bint possessive
    cdef bint given  # alone: a given name (`_Class.given`)
    cdef bint leads  # alone: may lead a name (`_Class.leads`)
    cdef bint leading  # alone: a function word stands before it in its run ("But Rybkov")
    cdef bint leading_place  # and that word is a place preposition ("In Geneva")
    cdef str lowered  # alone: the word in lower case, and its `_text_hash`
    cdef unsigned long long lowered_hash
    cdef str given_word  # person: the given name
    cdef Py_ssize_t given_offset


@cython.final
cdef class Scanner:
    """Reads texts as `_names.extract` does; one serves every text, keeping each sequence's reading."""

    cdef object _reading
    cdef _SpanTable _steps  # each distinct sequence read so far, and its compiled steps
    cdef frozenset _abbreviations
    cdef frozenset _particles
    cdef tuple _articles
    cdef _WordTable _places
    cdef _WordTable _reporting

    def __init__(self, reading, abbreviations, particles, articles, places, reporting):
        """`reading` is `_names._reading`; the word tables are `_names`' own (abbreviations capitalized)."""
        self._reading = reading
        self._steps = _SpanTable(False)
        self._abbreviations = frozenset(abbreviations)
        self._particles = frozenset(particles)
        self._articles = tuple(sorted(articles))
        self._places = _WordTable(places)
        self._reporting = _WordTable(reporting)

    def extract(self, str text, Py_ssize_t min_length):
        """What `_names.extract` finds, as plain tuples: (mentions, given names, name parts)."""
        cdef _Read read = _Read(self, text, min_length, False)
        read.scan()
        read.answer_lower_case()
        return read.mentions, read.given_names, read.name_parts

    def count(self, str text, Py_ssize_t min_length):
        """A document's name counts without a tuple per mention: (counts, forms, given names).

        `counts` maps each spelling's key to its `Usage` fields as a list, name parts
        included, and `forms` each mentioned key to its least written form, as
        `NameConsistency._tally` sums `extract`'s mentions; the given names are
        (spelling, surname, partner) tuples.
        """
        cdef _Read read = _Read(self, text, min_length, True)
        read.scan()
        read.answer_lower_case()
        read.count_parts()
        return read.counts, read.forms, read.given_names

    cdef tuple steps_of(self, _Read read, Py_ssize_t start, Py_ssize_t end):
        """How text[start:end] reads: `_names._reading`, compiled, asked once per distinct sequence."""
        cdef Py_ssize_t found = self._steps.find(read, start, end)
        cdef str sequence
        cdef tuple steps
        if found != _ABSENT:
            return self._steps.values[found]
        sequence = read.text[start:end]
        steps = self._compile(self._reading(sequence))
        if len(self._steps.keys) >= _MOST_STEPS:
            self._steps.clear()
        self._steps.add(sequence, steps)
        return steps

    cdef tuple _compile(self, tuple steps):
        cdef list compiled = []
        cdef _Step step
        for what, token, other, kind in steps:
            step = _Step()
            step.what = {"alone": ALONE, "part": PART, "surname": SURNAME, "person": PERSON}[what]
            step.word = token.word
            step.key = token.word.casefold()
            step.offset = token.offset
            step.length = len(token.word)
            step.possessive = token.possessive
            if what == "alone":
                step.given = kind.given
                step.leads = kind.leads
                step.leading = other is not None
                step.leading_place = other is not None and other.word.lower() in self._places.words
                step.lowered = token.word.lower()
                step.lowered_hash = _text_hash(step.lowered, 0, len(step.lowered))
            elif what == "person":
                step.given_word = other.word
                step.given_offset = other.offset
            compiled.append(step)
        return tuple(compiled)


cdef struct _Left:
    unsigned long long hash  # of what is left of a word after deleting letters
    Py_ssize_t word


cdef int _by_hash(const void* first, const void* second) noexcept nogil:
    cdef const _Left* a = <const _Left*> first
    cdef const _Left* b = <const _Left*> second
    if a.hash != b.hash:
        return -1 if a.hash < b.hash else 1
    return -1 if a.word < b.word else (1 if a.word > b.word else 0)


cdef unsigned long long _hash_without(
    unsigned int kind, const void* data, Py_ssize_t length, Py_ssize_t first, Py_ssize_t second
) noexcept:
    """The `_span_hash` of a word without its letters at `first` and `second` (-1: none)."""
    cdef unsigned long long hash = _FNV_OFFSET
    cdef Py_ssize_t index
    for index in range(length):
        if index != first and index != second:
            hash = _hash_step(hash, PyUnicode_READ(kind, data, index))
    return hash or 1


def deletion_buckets(list words, Py_ssize_t long_word):
    """`_names._deletion_buckets`: the indices of the words that share a string left after deleting
    letters (up to one, two from words of `long_word` letters on), a tuple a string two or more share.

    Each word's deletion neighbourhood is hashed, never built; a bucket is the words whose
    neighbourhoods share a hash, so a collision can only add a pair, which the caller measures.
    """
    cdef Py_ssize_t count = 0, word, length, first, second, filled = 0, start, end, index
    cdef unsigned int kind
    cdef const void* data
    cdef _Left* left
    cdef str text
    cdef list buckets = [], bucket
    for text in words:
        length = len(text)
        count += 1 + length + (length * (length - 1) // 2 if length >= long_word else 0)
    left = <_Left*> malloc(max(count, 1) * sizeof(_Left))
    if left == NULL:
        raise MemoryError()
    try:
        for word in range(len(words)):
            text = words[word]
            length, kind, data = len(text), PyUnicode_KIND(text), PyUnicode_DATA(text)
            left[filled] = _Left(_hash_without(kind, data, length, -1, -1), word)
            filled += 1
            for first in range(length):
                left[filled] = _Left(_hash_without(kind, data, length, first, -1), word)
                filled += 1
                if length >= long_word:
                    for second in range(first + 1, length):
                        left[filled] = _Left(_hash_without(kind, data, length, first, second), word)
                        filled += 1
        qsort(left, filled, sizeof(_Left), _by_hash)
        start = 0
        while start < filled:
            end = start + 1
            while end < filled and left[end].hash == left[start].hash:
                end += 1
            if left[end - 1].word != left[start].word:  # sorted: two or more words share this hash
                bucket = [left[start].word]
                for index in range(start + 1, end):
                    if left[index].word != left[index - 1].word:
                        bucket.append(left[index].word)
                buckets.append(tuple(bucket))
            start = end
    finally:
        free(left)
    return buckets


def add_counts(dict into, dict counts):
    """`_names.add_counts`: each row of `counts` added to its key's row in `into`, in place."""
    cdef list mine
    cdef Py_ssize_t index
    for key, row in counts.items():
        mine = into.get(key)
        if mine is None:
            into[key] = list(row)  # a row of its own: `into` grows in place, `counts` may be read again
        else:
            for index in range(len(mine)):
                mine[index] += row[index]


def least_forms(dict into, dict forms):
    """`_names.least_forms`: the least written form of each key, kept in `into`."""
    cdef object mine
    for key, form in forms.items():
        mine = into.get(key)
        if mine is None or form < mine:
            into[key] = form


@cython.final
cdef class _Read:
    """One text being read: `_names._Reader` and `_names._HeadlineLines` in one."""

    cdef Scanner scanner
    cdef str text
    cdef unsigned int kind
    cdef void* data
    cdef Py_ssize_t length
    cdef Py_ssize_t min_length
    cdef bint counting
    cdef list mentions
    cdef list given_names
    cdef list name_parts
    cdef dict counts
    cdef dict forms
    # the line `headline_at` judged last
    cdef Py_ssize_t line_start
    cdef Py_ssize_t line_end
    cdef bint headline
    cdef Py_ssize_t first_line
    # the lone given name read last, for "Wendy and Brad Sherman"
    cdef str lone_word
    cdef Py_ssize_t lone_offset
    cdef Py_ssize_t lone_end
    # the hashes of the text's words that a name in lower case may be, taken as the scan passes them
    cdef unsigned long long* word_hashes
    cdef Py_ssize_t word_mask
    cdef Py_ssize_t word_count
    cdef dict lower_case  # words found in the table: whether they are really in the text
    cdef list alone_steps  # the words read alone, in order, to ask `written_in_lower_case` about
    cdef list alone_mentions  # and where each one's mention is in `mentions`

    def __cinit__(self, Scanner scanner, str text, Py_ssize_t min_length, bint counting):
        self.scanner = scanner
        self.text = text
        self.kind = PyUnicode_KIND(text)
        self.data = PyUnicode_DATA(text)
        self.length = len(text)
        self.min_length = min_length
        self.counting = counting
        self.mentions = []
        self.given_names = []
        self.name_parts = []
        self.counts = {}
        self.forms = {}
        self.line_start = 0
        self.line_end = -1
        self.first_line = -1
        self.lower_case = {}
        self.alone_steps = []
        self.alone_mentions = []

    def __dealloc__(self):
        free(self.word_hashes)

    cdef inline Py_UCS4 at(self, Py_ssize_t index) noexcept:
        return PyUnicode_READ(self.kind, self.data, index)

    # -- finding capitalized sequences: `_names._sequences` -------------------------------------

    cdef int scan(self) except -1:
        """`extract`'s loop over the sequences `_SEQUENCES.finditer` finds, and the text's words hashed.

        One pass over the text, word by word: a word starts no sequence but at its first
        letter (a token never follows a letter, an apostrophe or a hyphen), so the rest of
        it is skipped, hashed when a name in lower case may be that word.
        """
        cdef Py_ssize_t start = 0, end
        cdef Py_UCS4 c
        while start < self.length:
            c = self.at(start)
            if _starts(c):
                end = self.sequence(start)
                if end >= 0:
                    self.read_sequence(start, end)
                    while start < end:  # the words inside it, whole: a token ends where its word does
                        start = self.take_word(start) if _letter(self.at(start)) else start + 1
                    continue
            start = self.take_word(start) if _letter(c) else start + 1
        return 0

    cdef Py_ssize_t sequence(self, Py_ssize_t start) except -2:
        """The end of the sequence of name tokens at `start`, or -1: tokens, gaps and particles."""
        cdef Py_ssize_t end = self.token(start), gap, after
        if end < 0:
            return -1
        while True:
            gap = self.gap(end)
            if gap < 0:
                return end
            while True:  # particles, each followed by a gap ("Ursula von der Leyen")
                after = self.particle(gap)
                if after < 0:
                    break
                gap = self.gap(after)
            after = self.token(gap)
            if after < 0:  # no token after fewer particles either: a token never starts with one
                return end
            end = after

    cdef Py_ssize_t token(self, Py_ssize_t start) except -2:
        """The end of the name token at `start`, or -1; its forms are tried in `_sequences`' order."""
        cdef Py_ssize_t end, letters
        cdef Py_UCS4 c
        if start >= self.length:
            return -1
        c = self.at(start)
        if start > 0 and (_word(self.at(start - 1)) or _joiner(self.at(start - 1))):
            return -1  # not at a word's start
        if not _upper(c):
            return self.article(start) if c == u'a' or c == u'e' or c == u'u' else -1
        end = start + 1
        letters = 0
        while end + letters < self.length and letters < 4 and u'a' <= self.at(end + letters) <= u'z':
            letters += 1
        if 1 <= letters <= 3 and end + letters < self.length and self.at(end + letters) == u'.':
            if self.text[start : end + letters] in self.scanner._abbreviations:  # "Sen."
                return end + letters + 1
        if end < self.length and self.at(end) == u'.':  # initials: "J.", "U.S."
            end += 1
            while end + 1 < self.length and _upper(self.at(end)) and self.at(end + 1) == u'.':
                end += 2
            return end
        return self.name_tail(end)

    cdef Py_ssize_t article(self, Py_ssize_t start) except -2:
        """An Arabic name with its article (al-Assad), at `start`; -1 when there is none."""
        cdef str article
        cdef Py_ssize_t size, index, capital
        if start + 3 >= self.length or not (self.at(start + 2) == u'-' or self.at(start + 3) == u'-'):
            return -1  # every article has two or three letters
        for article in self.scanner._articles:
            size = len(article)
            capital = start + size + 1
            if capital >= self.length or self.at(start + size) != u'-' or not _upper(self.at(capital)):
                continue
            for index in range(size):
                if self.at(start + index) != article[index]:
                    break
            else:
                return self.name_tail(capital + 1)
        return -1

    cdef Py_ssize_t name_tail(self, Py_ssize_t end) noexcept:
        if self.kind == PyUnicode_1BYTE_KIND:
            return _name_tail(<const uint8_t*> self.data, self.length, end)
        if self.kind == PyUnicode_2BYTE_KIND:
            return _name_tail(<const uint16_t*> self.data, self.length, end)
        return _name_tail(<const uint32_t*> self.data, self.length, end)


    cdef Py_ssize_t space(self, Py_ssize_t start, Py_ssize_t stop) noexcept:
        """`_names._SPACE` from `start`, in text that ends at `stop`: spaces, and at most one line break."""
        cdef Py_ssize_t after
        while start < stop and _blank(self.at(start)):
            start += 1
        after = start
        if after < stop and self.at(after) == u'\r':
            after += 1
        if after < stop and self.at(after) == u'\n':
            start = after + 1
            while start < stop and _blank(self.at(start)):
                start += 1
        return start

    cdef Py_ssize_t gap(self, Py_ssize_t end) noexcept:
        """`_names._GAP`: a `space` that starts with a space or line break; -1 when none does."""
        if end >= self.length or not _gap_start(self.at(end)):
            return -1
        return self.space(end, self.length)

    cdef Py_ssize_t particle(self, Py_ssize_t start) except -2:
        """The end of a name particle at `start` ("von", "bin") when a gap follows it, else -1."""
        cdef Py_ssize_t end = start
        while end < self.length and u'a' <= self.at(end) <= u'z':
            end += 1
        if end == start or end >= self.length or not _gap_start(self.at(end)):
            return -1
        return end if self.text[start:end] in self.scanner._particles else -1

    # -- reading a sequence: `_names.extract` and `_names._Reader` ------------------------------

    cdef int read_sequence(self, Py_ssize_t start, Py_ssize_t end) except -1:
        cdef tuple steps = self.scanner.steps_of(self, start, end)
        cdef Py_ssize_t wrapped
        if not steps:  # most often a function word: "The", "In", "But"
            return 0
        if self.headline_at(start):  # only what wraps onto the next line is read
            wrapped = self.find_line_break(start, end)
            if wrapped < 0:
                return 0
            start = wrapped + 1
            steps = self.scanner.steps_of(self, start, end)
        return self.record(steps, start)

    cdef int record(self, tuple steps, Py_ssize_t start) except -1:
        """`_Reader.record`."""
        cdef _Step step
        for step in steps:
            if step.what == ALONE:
                self.alone(step, start + step.offset)
            elif step.what == PART:
                if step.length >= self.min_length:
                    self.name_parts.append(step.word)
            elif step.length < self.min_length:
                continue
            elif step.what == SURNAME:
                self.mention(step.word, step.key, start + step.offset, True, False, False, False)
            else:
                self.person(step, start)
        return 0

    cdef int person(self, _Step step, Py_ssize_t start) except -1:
        """`_Reader._person`."""
        cdef Py_ssize_t offset = start + step.given_offset
        self.mention(step.word, step.key, start + step.offset, True, False, False, False)
        self.given_name(step.given_word, offset, step.word, None)
        if self.lone_word is not None and self.couple_gap(self.lone_end, offset):
            self.given_name(self.lone_word, self.lone_offset, step.word, step.given_word)
        return 0

    cdef int alone(self, _Step step, Py_ssize_t offset) except -1:
        """`_Reader._alone`: a capitalized word on its own, and what stands around it."""
        cdef Py_ssize_t end = offset + step.length + (2 if step.possessive else 0)
        cdef bint after_place, mid_sentence, speaking = False
        if step.given:
            self.lone_word, self.lone_offset, self.lone_end = step.word, offset, end
        if step.length < self.min_length or step.leads:
            return 0
        if step.leading:
            after_place, mid_sentence = step.leading_place, True
        else:
            after_place, mid_sentence = self.before(offset)
        if not step.possessive:
            speaking = self.speaking_after(end)
        self.alone_steps.append(step)  # whether it is also written in lower case: after the scan
        self.alone_mentions.append(len(self.mentions))
        return self.mention(step.word, step.key, offset, False, mid_sentence, speaking, after_place and not step.possessive)

    cdef tuple before(self, Py_ssize_t offset):
        """`_Reader._before`: whether a place preposition, and whether a word or comma, stands before `offset`.

        `_BEFORE_REVERSED` read from `offset` backwards: spaces with at most one line
        break, then a word (or one word character or comma), within `_BEFORE_REACH`.
        """
        cdef Py_ssize_t low = offset - _BEFORE_REACH if offset > _BEFORE_REACH else 0
        cdef Py_ssize_t index = offset - 1, spaces, word_end
        while index >= low and _blank(self.at(index)):
            index -= 1
        if index >= low and self.at(index) == u'\n':
            index -= 1
            if index >= low and self.at(index) == u'\r':
                index -= 1
            while index >= low and _blank(self.at(index)):
                index -= 1
        spaces = offset - 1 - index
        if index < low:
            return False, False
        if _letter(self.at(index)):
            word_end = index + 1
            while index >= low and _letter(self.at(index)):
                index -= 1
            return self.scanner._places.holds(self, index + 1, word_end), spaces < _MOST_SPACES
        if _word(self.at(index)) or self.at(index) == u',':
            return False, spaces < _MOST_SPACES
        return False, False

    cdef bint speaking_after(self, Py_ssize_t end) except -1:
        """Whether a reporting verb is one of the next two words: `_names._NEXT_TWO_WORDS`."""
        cdef Py_ssize_t start = self.space(end, self.length), word_end
        if start < self.length and self.at(start) == u',':
            start = self.space(start + 1, self.length)
        word_end = start
        while word_end < self.length and _letter(self.at(word_end)):
            word_end += 1
        if word_end == start:
            return False
        if self.scanner._reporting.holds(self, start, word_end):
            return True
        start = self.gap(word_end)
        if start < 0:
            return False
        word_end = start
        while word_end < self.length and _letter(self.at(word_end)):
            word_end += 1
        return word_end > start and self.scanner._reporting.holds(self, start, word_end)

    cdef bint couple_gap(self, Py_ssize_t start, Py_ssize_t end) except -1:
        """Whether text[start:end] is all `_names._COUPLE_GAP`: " and " or " & " between two given names."""
        if start >= end or not _gap_start(self.at(start)):
            return False
        start = self.space(start, end)
        if start + 3 <= end and self.text[start : start + 3] == u"and":
            start += 3
        elif start < end and self.at(start) == u'&':
            start += 1
        else:
            return False
        return start < end and _gap_start(self.at(start)) and self.space(start, end) == end

    cdef Py_ssize_t take_word(self, Py_ssize_t start) except -1:
        """The end of the word (`NAME_WORD`) at `start`; it is hashed if a lower-cased name may be it.

        A name is at least `min_length` letters, and lower-casing leaves no ASCII capital.
        """
        cdef Py_ssize_t end = self.name_tail(start)
        cdef Py_UCS4 first = self.at(start)
        if end - start >= self.min_length and not (u'A' <= first <= u'Z'):
            self.add_word_hash(_text_hash(self.text, start, end))
        return end

    cdef int answer_lower_case(self) except -1:
        """Whether each name read alone is also written in lower case: known once every word is hashed."""
        cdef Py_ssize_t index, at
        cdef _Step step
        cdef bint common
        cdef list row
        for index in range(len(self.alone_steps)):
            step = self.alone_steps[index]
            common = self.written_in_lower_case(step)
            if self.counting:
                row = self.counts[step.key]
                row[6] |= common
            else:
                at = self.alone_mentions[index]
                self.mentions[at] = (*self.mentions[at], common)
        return 0

    cdef bint written_in_lower_case(self, _Step step) except -1:
        """`_Reader._written_in_lower_case`: the text also has the word in lower case, as a word of its own.

        A word of its own is one `NAME_WORD.findall` finds: most answers are one look-up among
        their hashes, and a word found there is searched for as `_names` searches.
        """
        cdef Py_ssize_t slot
        cdef object known
        if self.word_hashes == NULL:
            return False
        slot = _slot(step.lowered_hash, self.word_mask)
        while self.word_hashes[slot] != step.lowered_hash:
            if self.word_hashes[slot] == 0:
                return False
            slot = (slot + 1) & self.word_mask
        known = self.lower_case.get(step.lowered)
        if known is None:
            known = self.lower_case[step.lowered] = self.search(step.lowered)
        return known

    cdef int add_word_hash(self, unsigned long long hash) except -1:
        cdef Py_ssize_t slot, size = 256
        if self.word_hashes == NULL:  # about one word in twenty characters is long enough to be a name
            while size < self.length // 8:
                size <<= 1
            self.grow_word_hashes(size)
        slot = _slot(hash, self.word_mask)
        while self.word_hashes[slot] != 0:
            if self.word_hashes[slot] == hash:
                return 0
            slot = (slot + 1) & self.word_mask
        self.word_hashes[slot] = hash
        self.word_count += 1
        if 2 * self.word_count > self.word_mask:
            self.grow_word_hashes(2 * (self.word_mask + 1))
        return 0

    cdef int grow_word_hashes(self, Py_ssize_t size) except -1:
        cdef unsigned long long* old = self.word_hashes
        cdef Py_ssize_t old_size = self.word_mask + 1 if old != NULL else 0, slot
        self.word_hashes = <unsigned long long*> calloc(size, sizeof(unsigned long long))
        if self.word_hashes == NULL:
            self.word_hashes = old
            raise MemoryError()
        self.word_mask = size - 1
        self.word_count = 0
        for slot in range(old_size):
            if old[slot] != 0:
                self.add_word_hash(old[slot])
        free(old)
        return 0

    cdef bint search(self, str lowered) except -1:
        """Whether `lowered` stands in the text as a whole word: the search `_names` makes."""
        cdef Py_ssize_t at = self.text.find(lowered)
        while at >= 0:
            if self.word_starts(at) and self.name_word_end(at) == at + len(lowered):
                return True
            at = self.text.find(lowered, at + 1)
        return False

    cdef bint word_starts(self, Py_ssize_t at) noexcept:
        """`_names._WORD_START`: not inside a word, nor after a letter and an apostrophe or hyphen."""
        if at >= 1 and _letter(self.at(at - 1)):
            return False
        return not (at >= 2 and _joiner(self.at(at - 1)) and _letter(self.at(at - 2)))

    cdef Py_ssize_t name_word_end(self, Py_ssize_t start) noexcept:
        """Where `_names.NAME_WORD` matched at `start` ends; -1 when it does not match there."""
        if start >= self.length or not _letter(self.at(start)):
            return -1
        return self.name_tail(start)

    # -- headlines: `_names._HeadlineLines` -----------------------------------------------------

    cdef bint headline_at(self, Py_ssize_t offset) except -1:
        """Whether the line holding `offset` is a title-case headline standing alone."""
        cdef Py_ssize_t start, end
        if not self.line_start <= offset <= self.line_end:
            start = self.find_line_start(offset)
            end = self.find_line_break(offset, self.length)
            if end < 0:
                end = self.length
            self.line_start, self.line_end = start, end
            self.headline = (
                self.looks_like_headline(start, end)
                and self.blank_line_before(start)
                and (self.blank_line_after(end) or start == self.text_start_line())
            )
        return self.headline

    cdef Py_ssize_t find_line_start(self, Py_ssize_t offset) noexcept:
        if self.kind == PyUnicode_1BYTE_KIND:
            return _line_start(<const uint8_t*> self.data, offset)
        if self.kind == PyUnicode_2BYTE_KIND:
            return _line_start(<const uint16_t*> self.data, offset)
        return _line_start(<const uint32_t*> self.data, offset)

    cdef Py_ssize_t find_line_break(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        if self.kind == PyUnicode_1BYTE_KIND:
            return _line_break(<const uint8_t*> self.data, start, end)
        if self.kind == PyUnicode_2BYTE_KIND:
            return _line_break(<const uint16_t*> self.data, start, end)
        return _line_break(<const uint32_t*> self.data, start, end)

    cdef Py_ssize_t text_start_line(self) noexcept:
        """Where the line of the text's first visible character starts (`_HeadlineLines._first_line`)."""
        cdef Py_ssize_t first = 0
        if self.first_line < 0:
            while first < self.length and Py_UNICODE_ISSPACE(self.at(first)):
                first += 1
            self.first_line = self.find_line_start(first)
        return self.first_line

    cdef bint looks_like_headline(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        """`_HeadlineLines._looks_like_headline` of text[start:end].rstrip()."""
        cdef Py_ssize_t index, after, capitalized = 0, lower_case = 0
        cdef Py_UCS4 c, previous
        while end > start and Py_UNICODE_ISSPACE(self.at(end - 1)):
            end -= 1
        if end == start:
            return False
        c = self.at(end - 1)
        if c in u'.!?:;"\u201d\u2019)':  # `_names._SENTENCE_ENDS`
            return False
        for index in range(start, end - 1):  # `_names._SENTENCE_BREAK`
            c = self.at(index + 1)
            if Py_UNICODE_ISALNUM(self.at(index)) and (c == u'.' or c == u'!' or c == u'?'):
                after = index + 2
                while after < end and self.at(after) in u'"\u201d\u2019)':
                    after += 1
                if after < end and (self.at(after) == u' ' or self.at(after) == u'\t'):
                    while after < end and (self.at(after) == u' ' or self.at(after) == u'\t'):
                        after += 1
                    if after < end and not Py_UNICODE_ISSPACE(self.at(after)):
                        return False
        previous = 0
        for index in range(start, end):  # `_CAPITALIZED_WORD` and `_LOWERCASE_WORD`
            c = self.at(index)
            if index > start:
                previous = self.at(index - 1)
            if _upper(c):
                if index == start or not _word(previous):
                    capitalized += 1
            elif _letter(c) and (index == start or not (_word(previous) or _joiner(previous))):
                lower_case += 1
        return capitalized >= 3 and 2 * lower_case < capitalized

    cdef bint blank_line_before(self, Py_ssize_t start) noexcept:
        cdef Py_ssize_t index
        if start == 0:
            return True
        for index in range(self.find_line_start(start - 1), start - 1):
            if not Py_UNICODE_ISSPACE(self.at(index)):
                return False
        return True

    cdef bint blank_line_after(self, Py_ssize_t end) noexcept:
        cdef Py_ssize_t index = end + 1
        if end >= self.length:
            return True
        while index < self.length and self.at(index) != u'\n':
            if not Py_UNICODE_ISSPACE(self.at(index)):
                return False
            index += 1
        return True

    # -- what is found ----------------------------------------------------------------------

    cdef int mention(
        self,
        str spelling,
        str key,
        Py_ssize_t offset,
        bint attested,
        bint mid_sentence,
        bint speaking,
        bint place_like,
    ) except -1:
        """A `Mention` (an alone one gets its last field, `common_word`, after the scan), or (counting)
        its sum into its key's row, as `NameConsistency._tally` sums them.
        """
        cdef list row
        if not self.counting:
            if attested:
                self.mentions.append((spelling, offset, True, False, False, False, False))
            else:
                self.mentions.append((spelling, offset, False, mid_sentence, speaking, place_like))
            return 0
        row = self.counts.get(key)
        if row is None:
            self.counts[key] = [1, 1, int(attested), int(mid_sentence), int(speaking), int(place_like), 0]
            self.forms[key] = spelling
            return 0
        row[1] += 1
        row[2] += attested
        row[3] += mid_sentence
        row[4] += speaking
        row[5] += place_like
        if spelling < self.forms[key]:
            self.forms[key] = spelling
        return 0

    cdef int given_name(self, str spelling, Py_ssize_t offset, str surname, str partner) except -1:
        if self.counting:
            self.given_names.append((spelling, surname, partner))
        else:
            self.given_names.append((spelling, offset, surname, partner))
        return 0

    cdef int count_parts(self) except -1:
        """Name parts count as place-like uses, after every mention (as `_tally` counts them)."""
        cdef str part
        cdef list row
        for part in self.name_parts:
            key = part.casefold()
            row = self.counts.get(key)
            if row is None:
                row = self.counts[key] = [0, 0, 0, 0, 0, 0, 0]
            row[5] += 1
        return 0
