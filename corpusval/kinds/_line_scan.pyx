# cython: language_level=3, boundscheck=False, wraparound=False
"""`duplicated_block._may_repeat` of ASCII text, compiled: a few passes over the text, no copy of it.

The reference squeezes the whole text (case folded, whitespace dropped) and compares its
lines as bytes: three copies of the text and a set, most of the time the kind takes. Here
each line is hashed by its first and last `_ENDS` characters as they would be squeezed:
lines that would be equal hash alike, and lines that hash alike by chance (or differ only
in their middles) only send the document on to the full comparison. A line of a news
story is a paragraph: most of it is not read.
"""

from libc.stdlib cimport free, malloc, qsort
from libc.string cimport memchr
from cpython.unicode cimport PyUnicode_DATA

cdef unsigned long long _FNV_OFFSET = 14695981039346656037ULL
cdef unsigned long long _FNV_PRIME = 1099511628211ULL
cdef Py_ssize_t _ENDS = 32  # characters squeezing keeps, read at each end of a line

# Of each ASCII character: whether it is kept (not what str.split() splits on, "\n" aside, which ends a
# line: `duplicated_block._ASCII_SPACES`), and its case folded (A-Z to a-z).
cdef unsigned long long _KEPT[128]
cdef unsigned char _FOLDED[128]
for _code in range(128):
    _KEPT[_code] = 0 if _code in b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f" else ~0ULL
    _FOLDED[_code] = ord(chr(_code).lower())


cdef inline unsigned long long _mixed(unsigned long long hash, unsigned char c) noexcept nogil:
    """`hash` with the character `c` mixed in, if squeezing keeps it: without a branch on whitespace,
    which falls where no processor can guess."""
    cdef unsigned long long kept = _KEPT[c]  # all ones, or none
    cdef unsigned long long mixed = ((hash << 7) | (hash >> 57)) ^ _FOLDED[c]  # a multiplication took longer
    return (mixed & kept) | (hash & ~kept)


cdef int _by_value(const void* first, const void* second) noexcept nogil:
    cdef unsigned long long a = (<const unsigned long long*> first)[0]
    cdef unsigned long long b = (<const unsigned long long*> second)[0]
    return (a > b) - (a < b)


def may_repeat_ascii(str text):
    """Whether two lines of ASCII `text` might be equal once squeezed (see `_may_repeat`)."""
    cdef const unsigned char* chars = <const unsigned char*> PyUnicode_DATA(text)
    cdef const unsigned char* end = chars + len(text)
    cdef const unsigned char* start = chars
    cdef const unsigned char* stop
    cdef const unsigned char* cursor
    cdef Py_ssize_t index, count = 0, lines = 1, kept_count
    cdef unsigned long long hash
    cdef unsigned long long* hashes
    stop = <const unsigned char*> memchr(start, 10, end - start)
    while stop != NULL:  # memchr finds line ends many bytes at a time
        lines += 1
        stop = <const unsigned char*> memchr(stop + 1, 10, end - stop - 1)
    hashes = <unsigned long long*> malloc(lines * sizeof(unsigned long long))
    if hashes == NULL:
        raise MemoryError()
    try:
        while True:
            stop = <const unsigned char*> memchr(start, 10, end - start)
            if stop == NULL:
                stop = end
            hash, kept_count, cursor = _FNV_OFFSET, 0, start
            while cursor < stop and kept_count < _ENDS:  # its first characters that squeezing keeps
                hash = _mixed(hash, cursor[0])
                kept_count += _KEPT[cursor[0]] & 1
                cursor += 1
            if kept_count == _ENDS:  # maybe more: its last ones too (all of it, twice, when it has just so many)
                kept_count, cursor = 0, stop
                while cursor > start and kept_count < _ENDS:
                    cursor -= 1
                    hash = _mixed(hash, cursor[0])
                    kept_count += _KEPT[cursor[0]] & 1
            if kept_count:  # an empty line is not compared
                hashes[count] = hash * _FNV_PRIME
                count += 1
            if stop == end:
                break
            start = stop + 1
        qsort(hashes, count, sizeof(unsigned long long), _by_value)
        for index in range(1, count):
            if hashes[index] == hashes[index - 1]:
                return True
        return False
    finally:
        free(hashes)
