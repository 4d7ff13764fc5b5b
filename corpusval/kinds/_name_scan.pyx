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
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memchr, memcmp
from cpython.object cimport PyObject
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
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


cdef inline Py_UCS4 _ascii_lower(Py_UCS4 c) noexcept:
    return <Py_UCS4> (<unsigned int> c + 32) if u'A' <= c <= u'Z' else c


cdef inline unsigned long long _hash_step(unsigned long long hash, Py_UCS4 c) noexcept:
    """FNV-1a over code points: a span of a text and a string hash alike, whatever their kinds."""
    return (hash ^ <unsigned long long> c) * _FNV_PRIME


ctypedef fused _Char:  # a text's storage: one, two or four bytes a character (`PyUnicode_KIND`)
    uint8_t
    uint16_t
    uint32_t


cdef inline Py_ssize_t _name_tail(const _Char* chars, Py_ssize_t length, Py_ssize_t end) noexcept:
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
    Most spans are turned away before they are hashed: longer than every key (lower-casing
    never shortens a string), or starting with an ASCII character no key starts with.
    """

    cdef list keys
    cdef list values
    cdef unsigned long long* hashes  # by slot: the key's hash, 0 for an empty slot
    cdef Py_ssize_t* entries  # by slot: the key's index in `keys`
    cdef Py_ssize_t mask
    cdef bint fold
    cdef Py_ssize_t longest
    cdef unsigned long long firsts[2]  # the ASCII characters keys start with, a bit each

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
        self.longest, self.firsts[0], self.firsts[1] = 0, 0, 0
        return self._allocate(64)

    cdef int add(self, str key, object value) except -1:
        """Add `key` (not yet in the table)."""
        cdef Py_ssize_t index
        cdef unsigned int first
        self.keys.append(key)
        self.values.append(value)
        self.longest = max(self.longest, len(key))
        first = <Py_UCS4> key[0] if key else 128
        if first < 128:  # `find` turns spans away by their ASCII first characters only
            self.firsts[first >> 6] |= 1ULL << (first & 63)
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

    cdef Py_ssize_t find(self, const _Char* span, Py_ssize_t length) noexcept:
        """The index of the key `span` is (`_ABSENT` if none; `_ASK` as said above)."""
        cdef unsigned long long hash = _FNV_OFFSET
        cdef Py_ssize_t index, slot
        cdef Py_UCS4 c
        cdef unsigned int first
        if length > self.longest:
            return _ABSENT
        if length > 0:
            first = _ascii_lower(span[0]) if self.fold else span[0]
            if first < 128 and not (self.firsts[first >> 6] >> (first & 63)) & 1:
                return _ABSENT
        for index in range(length):
            c = span[index]
            if self.fold:
                if c >= 128:
                    return _ASK
                c = _ascii_lower(c)
            hash = _hash_step(hash, c)
        hash = hash or 1
        slot = _slot(hash, self.mask)
        while self.hashes[slot] != 0:
            index = self.entries[slot]
            if self.hashes[slot] == hash and _same(<str> self.keys[index], span, length, self.fold):
                return index
            slot = (slot + 1) & self.mask
        return _ABSENT


cdef bint _same(str key, const _Char* span, Py_ssize_t length, bint fold) noexcept:
    """Whether `key` is the span (with `fold`, the span in any case: an ASCII span)."""
    cdef unsigned int kind = PyUnicode_KIND(key)
    cdef const void* data = PyUnicode_DATA(key)
    cdef Py_ssize_t index
    if PyUnicode_GET_LENGTH(key) != length:
        return False
    if not fold and kind == sizeof(_Char):  # a key stored as the text is
        return memcmp(data, span, length * sizeof(_Char)) == 0
    for index in range(length):
        if (_ascii_lower(span[index]) if fold else span[index]) != PyUnicode_READ(kind, data, index):
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

    cdef bint holds(self, str text, const _Char* chars, Py_ssize_t start, Py_ssize_t end) except -1:
        """Whether text[start:end] is one of the words (`chars` is the text as stored)."""
        cdef Py_ssize_t found = self.table.find(chars + start, end - start)
        if found == _ASK:
            return text[start:end].lower() in self.words
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
    cdef str key  # its case-folded form, the tally's key, and its `_text_hash`
    cdef unsigned long long key_hash
    cdef Py_ssize_t offset  # from the start of the sequence
    cdef Py_ssize_t length
    cdef bint possessive
    cdef bint given  # alone: a given name (`_Class.given`)
    cdef bint leads  # alone: may lead a name (`_Class.leads`)
    cdef bint leading  # alone: a function word stands before it in its run ("But Rybkov")
    cdef bint leading_place  # and that word is a place preposition ("In Geneva")
    cdef str lowered  # alone: the word in lower case
    cdef str given_word  # person: the given name
    cdef Py_ssize_t given_offset


@cython.final
cdef class Scanner:
    """Reads texts as `_names.extract` does; one serves every text, keeping each sequence's reading."""

    cdef object _reading
    cdef _SpanTable _steps  # each distinct sequence read so far, and its compiled steps
    cdef frozenset _abbreviations
    cdef _WordTable _particles
    cdef tuple _articles
    cdef _WordTable _places
    cdef _WordTable _reporting

    def __init__(self, reading, abbreviations, particles, articles, places, reporting):
        """`reading` is `_names._reading`; the word tables are `_names`' own (abbreviations capitalized)."""
        self._reading = reading
        self._steps = _SpanTable(False)
        self._abbreviations = frozenset(abbreviations)
        self._particles = _WordTable(particles)
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
        counts, forms = read.rows()
        return counts, forms, read.given_names

    cdef tuple steps_of(self, str text, const _Char* chars, Py_ssize_t start, Py_ssize_t end):
        """How text[start:end] reads: `_names._reading`, compiled, asked once per distinct sequence."""
        cdef Py_ssize_t found = self._steps.find(chars + start, end - start)
        cdef str sequence
        cdef tuple steps
        if found != _ABSENT:
            return self._steps.values[found]
        sequence = text[start:end]
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
            step.key_hash = _text_hash(step.key, 0, len(step.key))
            step.offset = token.offset
            step.length = len(token.word)
            step.possessive = token.possessive
            if what == "alone":
                step.given = kind.given
                step.leads = kind.leads
                step.leading = other is not None
                step.leading_place = other is not None and other.word.lower() in self._places.words
                step.lowered = token.word.lower()
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


cdef struct _Span:  # a word of the text
    Py_ssize_t start
    Py_ssize_t end


cdef struct _Name:  # a name read alone, in lower case, looked for among the text's words
    unsigned long long signature  # 0 for an empty slot
    Py_ssize_t step  # its first step in `_Read.alone_steps`
    bint written  # one of the words is the name


cdef inline unsigned long long _signature(Py_UCS4 first, Py_UCS4 last, Py_ssize_t length) noexcept:
    """What a word is looked up by among the names: its first and last characters and its length."""
    return _hash_step(_hash_step(_hash_step(_FNV_OFFSET, first), last), <unsigned long long> length) or 1


cdef struct _Tally:  # a key's `Usage` fields summed over a text, name parts among the place-like uses
    PyObject* key  # held by `_Read.tally_keys`
    unsigned long long hash
    Py_ssize_t mentions
    Py_ssize_t attested
    Py_ssize_t mid_sentence
    Py_ssize_t speaking
    Py_ssize_t place_like
    bint common


@cython.final
cdef class _Read:
    """One text being read: `_names._Reader` and `_names._HeadlineLines` in one.

    What reads the text takes it as stored, `chars` (a `_Char` array): a character is then one
    load, where `PyUnicode_READ` tells the text's kind apart at every character.
    """

    cdef Scanner scanner
    cdef str text
    cdef unsigned int kind
    cdef void* data
    cdef Py_ssize_t length
    cdef Py_ssize_t min_length
    cdef bint counting
    cdef list mentions
    cdef list given_names
    cdef list name_parts  # (counting: their steps)
    # counting: each key's sums, in the order `_names._count` makes its rows, found by the key's
    # hash in `tally_slots` (a dict look-up per mention cost more than the sums)
    cdef list tally_keys
    cdef list least_forms  # by tally: the least written form of its key
    cdef _Tally* tallies
    cdef Py_ssize_t* tally_slots  # by slot: 1 + the index of a tally, 0 for none
    cdef Py_ssize_t tally_mask
    # the line `headline_at` judged last
    cdef Py_ssize_t line_start
    cdef Py_ssize_t line_end
    cdef bint headline
    cdef Py_ssize_t first_line
    # the lone given name read last, for "Wendy and Brad Sherman"
    cdef str lone_word
    cdef Py_ssize_t lone_offset
    cdef Py_ssize_t lone_end
    # the text's words that a name in lower case may be, kept as the scan passes them
    cdef _Span* words
    cdef Py_ssize_t words_kept
    cdef Py_ssize_t words_size
    cdef list alone_steps  # the words read alone, in order, to ask `answer_lower_case` about
    cdef list alone_mentions  # and where each one's mention went: `mentions`, or (counting) `tallies`

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
        self.tally_keys = []
        self.least_forms = []
        self.line_start = 0
        self.line_end = -1
        self.first_line = -1
        self.alone_steps = []
        self.alone_mentions = []

    def __dealloc__(self):
        free(self.words)
        free(self.tallies)
        free(self.tally_slots)

    # -- finding capitalized sequences: `_names._sequences` -------------------------------------

    cdef int scan(self) except -1:
        """`extract_by_patterns`'s loop over the sequences its patterns find, and the text's words kept."""
        if self.kind == PyUnicode_1BYTE_KIND:
            return self.scan_text(<const uint8_t*> self.data)
        if self.kind == PyUnicode_2BYTE_KIND:
            return self.scan_text(<const uint16_t*> self.data)
        return self.scan_text(<const uint32_t*> self.data)

    cdef int scan_text(self, const _Char* chars) except -1:
        """One pass over the text, word by word: a word starts no sequence but at its first
        letter (a token never follows a letter, an apostrophe or a hyphen), so the rest of
        it is skipped, kept when a name in lower case may be that word.
        """
        cdef Py_ssize_t start = 0, end
        while start < self.length:
            if _starts(chars[start]):
                end = self.sequence(chars, start)
                if end >= 0:
                    self.read_sequence(chars, start, end)
                    while start < end:  # the words inside it, whole: a token ends where its word does
                        start = self.take_word(chars, start) if _letter(chars[start]) else start + 1
                    continue
            start = self.take_word(chars, start) if _letter(chars[start]) else start + 1
        return 0

    cdef inline Py_ssize_t take_word(self, const _Char* chars, Py_ssize_t start) except -1:
        """The end of the word (`NAME_WORD`) at `start`, kept if a name in lower case may be it.

        A name is at least `min_length` letters, and lower-casing leaves no ASCII capital.
        """
        cdef Py_ssize_t end = _name_tail(chars, self.length, start)
        cdef _Span* grown
        if end - start >= self.min_length and not (u'A' <= chars[start] <= u'Z'):
            if self.words_kept == self.words_size:
                grown = <_Span*> realloc(self.words, (2 * self.words_size + 64) * sizeof(_Span))
                if grown == NULL:
                    raise MemoryError()
                self.words, self.words_size = grown, 2 * self.words_size + 64
            self.words[self.words_kept] = _Span(start, end)
            self.words_kept += 1
        return end

    cdef inline Py_ssize_t sequence(self, const _Char* chars, Py_ssize_t start) except -2:
        """The end of the sequence of name tokens at `start`, or -1: tokens, gaps and particles."""
        cdef Py_ssize_t end = self.token(chars, start), gap, after
        if end < 0:
            return -1
        while True:
            gap = self.gap(chars, end)
            if gap < 0:
                return end
            while True:  # particles, each followed by a gap ("Ursula von der Leyen")
                after = self.particle(chars, gap)
                if after < 0:
                    break
                gap = self.gap(chars, after)
            after = self.token(chars, gap)
            if after < 0:  # no token after fewer particles either: a token never starts with one
                return end
            end = after

    cdef inline Py_ssize_t token(self, const _Char* chars, Py_ssize_t start) except -2:
        """The end of the name token at `start`, or -1; its forms are tried in `_sequences`' order."""
        cdef Py_ssize_t end, letters
        cdef Py_UCS4 c
        if start >= self.length:
            return -1
        c = chars[start]
        if start > 0 and (_word(chars[start - 1]) or _joiner(chars[start - 1])):
            return -1  # not at a word's start
        if not _upper(c):
            return self.article(chars, start) if c == u'a' or c == u'e' or c == u'u' else -1
        end = start + 1
        letters = 0
        while end + letters < self.length and letters < 4 and u'a' <= chars[end + letters] <= u'z':
            letters += 1
        if 1 <= letters <= 3 and end + letters < self.length and chars[end + letters] == u'.':
            if self.text[start : end + letters] in self.scanner._abbreviations:  # "Sen."
                return end + letters + 1
        if end < self.length and chars[end] == u'.':  # initials: "J.", "U.S."
            end += 1
            while end + 1 < self.length and _upper(chars[end]) and chars[end + 1] == u'.':
                end += 2
            return end
        return _name_tail(chars, self.length, end)

    cdef Py_ssize_t article(self, const _Char* chars, Py_ssize_t start) except -2:
        """An Arabic name with its article (al-Assad), at `start`; -1 when there is none."""
        cdef str article
        cdef Py_ssize_t size, index, capital
        if start + 3 >= self.length or not (chars[start + 2] == u'-' or chars[start + 3] == u'-'):
            return -1  # every article has two or three letters
        for article in self.scanner._articles:
            size = len(article)
            capital = start + size + 1
            if capital >= self.length or chars[start + size] != u'-' or not _upper(chars[capital]):
                continue
            for index in range(size):
                if chars[start + index] != article[index]:
                    break
            else:
                return _name_tail(chars, self.length, capital + 1)
        return -1

    cdef Py_ssize_t space(self, const _Char* chars, Py_ssize_t start, Py_ssize_t stop) noexcept:
        """`_names._SPACE` from `start`, in text that ends at `stop`: spaces, and at most one line break."""
        cdef Py_ssize_t after
        while start < stop and _blank(chars[start]):
            start += 1
        after = start
        if after < stop and chars[after] == u'\r':
            after += 1
        if after < stop and chars[after] == u'\n':
            start = after + 1
            while start < stop and _blank(chars[start]):
                start += 1
        return start

    cdef Py_ssize_t gap(self, const _Char* chars, Py_ssize_t end) noexcept:
        """`_names._GAP`: a `space` that starts with a space or line break; -1 when none does."""
        if end >= self.length or not _gap_start(chars[end]):
            return -1
        return self.space(chars, end, self.length)

    cdef Py_ssize_t particle(self, const _Char* chars, Py_ssize_t start) except -2:
        """The end of a name particle at `start` ("von", "bin") when a gap follows it, else -1."""
        cdef Py_ssize_t end = start
        while end < self.length and u'a' <= chars[end] <= u'z':
            end += 1
        if end == start or end >= self.length or not _gap_start(chars[end]):
            return -1
        return end if self.scanner._particles.holds(self.text, chars, start, end) else -1

    # -- reading a sequence: `_names.extract` and `_names._Reader` ------------------------------

    cdef int read_sequence(self, const _Char* chars, Py_ssize_t start, Py_ssize_t end) except -1:
        """`extract_by_patterns` on one sequence. A headline is told first: its words are seldom read
        anywhere else, and reading them (in Python) only to learn that none is read would be most of
        what a new document costs. The order changes nothing: when no word of a sequence reads as a
        name ("The", "In", "But"), none of what wraps onto the next line does either.
        """
        cdef tuple steps
        cdef Py_ssize_t wrapped
        if self.headline_at(chars, start):  # only what wraps onto the next line is read
            wrapped = _line_break(chars, start, end)
            if wrapped < 0:
                return 0
            start = wrapped + 1
        steps = self.scanner.steps_of(self.text, chars, start, end)
        if not steps:  # most often a function word: "The", "In", "But"
            return 0
        return self.record(chars, steps, start)

    cdef int record(self, const _Char* chars, tuple steps, Py_ssize_t start) except -1:
        """`_Reader.record`."""
        cdef _Step step
        for step in steps:
            if step.what == ALONE:
                self.alone(chars, step, start + step.offset)
            elif step.what == PART:
                if step.length >= self.min_length:
                    self.name_parts.append(step if self.counting else step.word)
            elif step.length < self.min_length:
                continue
            elif step.what == SURNAME:
                self.mention(step, start + step.offset, True, False, False, False)
            else:
                self.person(chars, step, start)
        return 0

    cdef int person(self, const _Char* chars, _Step step, Py_ssize_t start) except -1:
        """`_Reader._person`."""
        cdef Py_ssize_t offset = start + step.given_offset
        self.mention(step, start + step.offset, True, False, False, False)
        self.given_name(step.given_word, offset, step.word, None)
        if self.lone_word is not None and self.couple_gap(chars, self.lone_end, offset):
            self.given_name(self.lone_word, self.lone_offset, step.word, step.given_word)
        return 0

    cdef int alone(self, const _Char* chars, _Step step, Py_ssize_t offset) except -1:
        """`_Reader._alone`: a capitalized word on its own, and what stands around it."""
        cdef Py_ssize_t end = offset + step.length + (2 if step.possessive else 0), at
        cdef bint after_place, mid_sentence, speaking = False
        if step.given:
            self.lone_word, self.lone_offset, self.lone_end = step.word, offset, end
        if step.length < self.min_length or step.leads:
            return 0
        if step.leading:
            after_place, mid_sentence = step.leading_place, True
        else:
            after_place, mid_sentence = self.before(chars, offset)
        if not step.possessive:
            speaking = self.speaking_after(chars, end)
        at = self.mention(step, offset, False, mid_sentence, speaking, after_place and not step.possessive)
        self.alone_steps.append(step)  # whether it is also written in lower case: after the scan
        self.alone_mentions.append(at)
        return 0

    cdef (bint, bint) before(self, const _Char* chars, Py_ssize_t offset) except *:
        """`_Reader._before`: whether a place preposition, and whether a word or comma, stands before `offset`.

        `_BEFORE_REVERSED` read from `offset` backwards: spaces with at most one line
        break, then a word (or one word character or comma), within `_BEFORE_REACH`.
        """
        cdef Py_ssize_t low = offset - _BEFORE_REACH if offset > _BEFORE_REACH else 0
        cdef Py_ssize_t index = offset - 1, spaces, word_end
        while index >= low and _blank(chars[index]):
            index -= 1
        if index >= low and chars[index] == u'\n':
            index -= 1
            if index >= low and chars[index] == u'\r':
                index -= 1
            while index >= low and _blank(chars[index]):
                index -= 1
        spaces = offset - 1 - index
        if index < low:
            return False, False
        if _letter(chars[index]):
            word_end = index + 1
            while index >= low and _letter(chars[index]):
                index -= 1
            return self.scanner._places.holds(self.text, chars, index + 1, word_end), spaces < _MOST_SPACES
        if _word(chars[index]) or chars[index] == u',':
            return False, spaces < _MOST_SPACES
        return False, False

    cdef bint speaking_after(self, const _Char* chars, Py_ssize_t end) except -1:
        """Whether a reporting verb is one of the next two words: `_names._NEXT_TWO_WORDS`."""
        cdef Py_ssize_t start = self.space(chars, end, self.length), word_end
        if start < self.length and chars[start] == u',':
            start = self.space(chars, start + 1, self.length)
        word_end = start
        while word_end < self.length and _letter(chars[word_end]):
            word_end += 1
        if word_end == start:
            return False
        if self.scanner._reporting.holds(self.text, chars, start, word_end):
            return True
        start = self.gap(chars, word_end)
        if start < 0:
            return False
        word_end = start
        while word_end < self.length and _letter(chars[word_end]):
            word_end += 1
        return word_end > start and self.scanner._reporting.holds(self.text, chars, start, word_end)

    cdef bint couple_gap(self, const _Char* chars, Py_ssize_t start, Py_ssize_t end) noexcept:
        """Whether text[start:end] is all `_names._COUPLE_GAP`: " and " or " & " between two given names."""
        if start >= end or not _gap_start(chars[start]):
            return False
        start = self.space(chars, start, end)
        if start + 3 <= end and chars[start] == u'a' and chars[start + 1] == u'n' and chars[start + 2] == u'd':
            start += 3
        elif start < end and chars[start] == u'&':
            start += 1
        else:
            return False
        return start < end and _gap_start(chars[start]) and self.space(chars, start, end) == end

    cdef int answer_lower_case(self) except -1:
        """Whether each name read alone is also written in lower case, as a word of its own.

        `_Reader._written_in_lower_case`. A word of its own is one `NAME_WORD.findall` finds, and
        those a name in lower case may be are the words `take_word` kept: each is looked up among
        the names by its `_signature` and compared, character by character, with a name that has it.
        """
        cdef Py_ssize_t count = len(self.alone_steps), mask = 15, index, at
        cdef _Name* names
        cdef Py_ssize_t* slots
        cdef bint common
        if count == 0:
            return 0
        while mask < 2 * count:
            mask = 2 * mask + 1
        names = <_Name*> calloc(mask + 1, sizeof(_Name))
        slots = <Py_ssize_t*> malloc(count * sizeof(Py_ssize_t))
        try:
            if names == NULL or slots == NULL:
                raise MemoryError()
            for index in range(count):
                slots[index] = self.name_slot(names, mask, index)
            if self.kind == PyUnicode_1BYTE_KIND:
                self.find_names(<const uint8_t*> self.data, names, mask)
            elif self.kind == PyUnicode_2BYTE_KIND:
                self.find_names(<const uint16_t*> self.data, names, mask)
            else:
                self.find_names(<const uint32_t*> self.data, names, mask)
            for index in range(count):
                common = names[slots[index]].written
                if self.counting:
                    self.tallies[<Py_ssize_t> self.alone_mentions[index]].common |= common
                else:
                    at = self.alone_mentions[index]
                    self.mentions[at] = (*self.mentions[at], common)
        finally:
            free(names)
            free(slots)
        return 0

    cdef Py_ssize_t name_slot(self, _Name* names, Py_ssize_t mask, Py_ssize_t index) except -1:
        """The slot of the name `alone_steps[index]` reads in lower case, taken if no step before has the name."""
        cdef str lowered = (<_Step> self.alone_steps[index]).lowered
        cdef unsigned long long signature = _signature(lowered[0], lowered[len(lowered) - 1], len(lowered))
        cdef Py_ssize_t slot = _slot(signature, mask)
        while names[slot].signature != 0:
            if names[slot].signature == signature and (<_Step> self.alone_steps[names[slot].step]).lowered == lowered:
                return slot
            slot = (slot + 1) & mask
        names[slot] = _Name(signature, index, False)
        return slot

    cdef void find_names(self, const _Char* chars, _Name* names, Py_ssize_t mask) noexcept:
        """Mark the names (a table of `mask + 1` slots) that are among the kept words."""
        cdef Py_ssize_t index, slot, length
        cdef unsigned long long signature
        cdef _Span word
        for index in range(self.words_kept):
            word = self.words[index]
            length = word.end - word.start
            signature = _signature(chars[word.start], chars[word.end - 1], length)
            slot = _slot(signature, mask)
            while names[slot].signature != 0:
                if names[slot].signature == signature and _same(
                    (<_Step> self.alone_steps[names[slot].step]).lowered, chars + word.start, length, False
                ):
                    names[slot].written = True
                    break
                slot = (slot + 1) & mask

    # -- headlines: `_names._HeadlineLines` -----------------------------------------------------

    cdef bint headline_at(self, const _Char* chars, Py_ssize_t offset) noexcept:
        """Whether the line holding `offset` is a title-case headline standing alone."""
        cdef Py_ssize_t start, end
        if not self.line_start <= offset <= self.line_end:
            start = _line_start(chars, offset)
            end = _line_break(chars, offset, self.length)
            if end < 0:
                end = self.length
            self.line_start, self.line_end = start, end
            self.headline = (
                self.looks_like_headline(chars, start, end)
                and self.blank_line_before(chars, start)
                and (self.blank_line_after(chars, end) or start == self.text_start_line(chars))
            )
        return self.headline

    cdef Py_ssize_t text_start_line(self, const _Char* chars) noexcept:
        """Where the line of the text's first visible character starts (`_HeadlineLines._first_line`)."""
        cdef Py_ssize_t first = 0
        if self.first_line < 0:
            while first < self.length and Py_UNICODE_ISSPACE(chars[first]):
                first += 1
            self.first_line = _line_start(chars, first)
        return self.first_line

    cdef bint looks_like_headline(self, const _Char* chars, Py_ssize_t start, Py_ssize_t end) noexcept:
        """`_HeadlineLines._looks_like_headline` of text[start:end].rstrip()."""
        cdef Py_ssize_t index, after, capitalized = 0, lower_case = 0
        cdef Py_UCS4 c, previous
        while end > start and Py_UNICODE_ISSPACE(chars[end - 1]):
            end -= 1
        if end == start:
            return False
        c = chars[end - 1]
        if c in u'.!?:;"\u201d\u2019)':  # `_names._SENTENCE_ENDS`
            return False
        for index in range(start, end - 1):  # `_names._SENTENCE_BREAK`
            c = chars[index + 1]
            if Py_UNICODE_ISALNUM(chars[index]) and (c == u'.' or c == u'!' or c == u'?'):
                after = index + 2
                while after < end and <Py_UCS4> chars[after] in u'"\u201d\u2019)':
                    after += 1
                if after < end and (chars[after] == u' ' or chars[after] == u'\t'):
                    while after < end and (chars[after] == u' ' or chars[after] == u'\t'):
                        after += 1
                    if after < end and not Py_UNICODE_ISSPACE(chars[after]):
                        return False
        previous = 0
        for index in range(start, end):  # `_CAPITALIZED_WORD` and `_LOWERCASE_WORD`
            c = chars[index]
            if index > start:
                previous = chars[index - 1]
            if _upper(c):
                if index == start or not _word(previous):
                    capitalized += 1
            elif _letter(c) and (index == start or not (_word(previous) or _joiner(previous))):
                lower_case += 1
        return capitalized >= 3 and 2 * lower_case < capitalized

    cdef bint blank_line_before(self, const _Char* chars, Py_ssize_t start) noexcept:
        cdef Py_ssize_t index
        if start == 0:
            return True
        for index in range(_line_start(chars, start - 1), start - 1):
            if not Py_UNICODE_ISSPACE(chars[index]):
                return False
        return True

    cdef bint blank_line_after(self, const _Char* chars, Py_ssize_t end) noexcept:
        cdef Py_ssize_t index = end + 1
        if end >= self.length:
            return True
        while index < self.length and chars[index] != u'\n':
            if not Py_UNICODE_ISSPACE(chars[index]):
                return False
            index += 1
        return True

    # -- what is found ----------------------------------------------------------------------

    cdef Py_ssize_t mention(
        self, _Step step, Py_ssize_t offset, bint attested, bint mid_sentence, bint speaking, bint place_like
    ) except -1:
        """A `Mention` of `step.word` (an alone one gets its last field, `common_word`, after the scan), or
        (counting) its sum into its key's tally, as `_names._count` sums them; where it went.
        """
        cdef Py_ssize_t index
        cdef _Tally* tally
        if not self.counting:
            if attested:
                self.mentions.append((step.word, offset, True, False, False, False, False))
            else:
                self.mentions.append((step.word, offset, False, mid_sentence, speaking, place_like))
            return len(self.mentions) - 1
        index = self.tally(step)
        tally = &self.tallies[index]
        if tally.mentions == 0:
            self.least_forms[index] = step.word
        elif step.word is not self.least_forms[index] and step.word < self.least_forms[index]:
            self.least_forms[index] = step.word
        tally.mentions += 1
        tally.attested += attested
        tally.mid_sentence += mid_sentence
        tally.speaking += speaking
        tally.place_like += place_like
        return index

    cdef int given_name(self, str spelling, Py_ssize_t offset, str surname, str partner) except -1:
        if self.counting:
            self.given_names.append((spelling, surname, partner))
        else:
            self.given_names.append((spelling, offset, surname, partner))
        return 0

    cdef int count_parts(self) except -1:
        """Name parts count as place-like uses, after every mention (as `_count` counts them)."""
        cdef _Step step
        for step in self.name_parts:
            self.tallies[self.tally(step)].place_like += 1
        return 0

    cdef Py_ssize_t tally(self, _Step step) except -1:
        """Where the sums of `step.key` are in `tallies`, a new zero tally if it has none yet."""
        cdef Py_ssize_t slot, index
        if 2 * (len(self.tally_keys) + 1) > self.tally_mask:
            self.grow_tallies(2 * (self.tally_mask + 1) if self.tally_slots != NULL else 64)
        slot = _slot(step.key_hash, self.tally_mask)
        while self.tally_slots[slot] != 0:
            index = self.tally_slots[slot] - 1
            if self.tallies[index].hash == step.key_hash and (
                self.tallies[index].key == <PyObject*> step.key or <str> self.tallies[index].key == step.key
            ):
                return index
            slot = (slot + 1) & self.tally_mask
        index = len(self.tally_keys)
        self.tally_keys.append(step.key)
        self.least_forms.append(None)
        self.tallies[index] = _Tally(<PyObject*> step.key, step.key_hash, 0, 0, 0, 0, 0, False)
        self.tally_slots[slot] = index + 1
        return index

    cdef int grow_tallies(self, Py_ssize_t size) except -1:
        """Room for `size // 2` tallies, found in `size` slots."""
        cdef _Tally* tallies = <_Tally*> realloc(self.tallies, size // 2 * sizeof(_Tally))
        cdef Py_ssize_t* slots = <Py_ssize_t*> calloc(size, sizeof(Py_ssize_t))
        cdef Py_ssize_t index, slot
        if tallies != NULL:
            self.tallies = tallies
        if tallies == NULL or slots == NULL:
            free(slots)
            raise MemoryError()
        free(self.tally_slots)
        self.tally_slots, self.tally_mask = slots, size - 1
        for index in range(len(self.tally_keys)):
            slot = _slot(self.tallies[index].hash, self.tally_mask)
            while self.tally_slots[slot] != 0:
                slot = (slot + 1) & self.tally_mask
            self.tally_slots[slot] = index + 1
        return 0

    cdef tuple rows(self):
        """The tallies as `count` returns them: (counts, forms)."""
        cdef dict counts = {}, forms = {}
        cdef _Tally tally
        cdef str key
        cdef Py_ssize_t index
        for index in range(len(self.tally_keys)):
            tally, key = self.tallies[index], self.tally_keys[index]
            counts[key] = [
                1 if tally.mentions else 0,
                tally.mentions,
                tally.attested,
                tally.mid_sentence,
                tally.speaking,
                tally.place_like,
                <int> tally.common,
            ]
            if tally.mentions:
                forms[key] = self.least_forms[index]
        return counts, forms
