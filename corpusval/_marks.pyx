# cython: language_level=3, boundscheck=False, wraparound=False
"""`engine._hashed` compiled: a document's keys marked by their CRC-32, without a Python step per key.

Phase one marks each document with the keys its summaries hold, a score of names a document:
through `map`, `str.encode` and `zlib.crc32`, 3 % of a worker's time went on it. The checksum
is zlib's (CRC-32, reflected, polynomial 0xEDB88320), taken over the key's UTF-8 bytes (lone
surrogates as "surrogatepass" writes them), so both ways mark alike.
"""

from cpython.array cimport array, resize_smart

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object, Py_ssize_t*) except NULL

cdef unsigned int _TABLE[256]
for _byte in range(256):
    _crc = _byte
    for _ in range(8):
        _crc = (_crc >> 1) ^ (0xEDB88320 if _crc & 1 else 0)
    _TABLE[_byte] = _crc


cdef inline unsigned int _crc32(const unsigned char* data, Py_ssize_t size, unsigned int crc) noexcept:
    cdef Py_ssize_t index
    crc = ~crc
    for index in range(size):
        crc = _TABLE[(crc ^ data[index]) & 0xFF] ^ (crc >> 8)
    return ~crc


def extend_hashed(array marks, list keys, unsigned int seed):
    """Append to `marks` (an array of "I") each key's `zlib.crc32(key.encode("utf-8", "surrogatepass"), seed)`."""
    if marks.ob_descr.typecode != b"I":
        raise TypeError(f"marks are an array of 'I', not of {marks.typecode!r}")
    cdef Py_ssize_t start = len(marks), index, size
    cdef const char* data
    resize_smart(marks, start + len(keys))
    for index in range(len(keys)):
        key = keys[index]
        try:
            data = PyUnicode_AsUTF8AndSize(key, &size)
        except UnicodeEncodeError:  # a lone surrogate (a JSON "\ud800"): its bytes as surrogatepass writes them
            encoded = (<str> key).encode("utf-8", "surrogatepass")
            data = encoded
            size = len(encoded)
        marks.data.as_uints[start + index] = _crc32(<const unsigned char*> data, size, seed)
