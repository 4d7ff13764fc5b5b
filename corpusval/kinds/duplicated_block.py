"""The `duplicated-block` kind: a line or block of lines that occurs twice in one document."""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, NamedTuple

from corpusval.document import Document, iter_lines
from corpusval.kinds._base import Kind, Violation
from corpusval.kinds.pattern import compile_pattern

_WORD = re.compile(r"[^\W_]+")
_CONTENT = re.compile(r"[^\W_]")
# A line repeated thousands of times is compared with its first occurrence and
# its most recent ones only, so the check stays near-linear.
_RECENT = 31
# What str.split() splits on besides "\n" (which ends a line), ASCII and wider; a test checks the list is complete.
_ASCII_SPACES = b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f"
_CONTROL_SPACES = tuple(chr(byte) for byte in _ASCII_SPACES if byte != ord(" "))
_WIDE_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# str.casefold of ASCII text, as a byte table: A-Z to a-z.
_ASCII_FOLD = bytes.maketrans(string.ascii_uppercase.encode(), string.ascii_lowercase.encode())


class _Line(NamedTuple):  # a tuple: a document that repeats a line makes one for each of its lines
    offset: int
    number: int
    key: str
    text: str


class DuplicatedBlock(Kind):
    """A line, or a block of consecutive lines, must not occur twice in one document.

    ## What it does
    Compares the lines of each document, with whitespace collapsed and case folded,
    and reports every block that repeats an earlier block: a footer, a "You May
    Like" box or a headline pasted twice. Blank lines and lines without letters or
    digits (`* * *`, `---`) are skipped; a repeat counts only when it has at least
    `min_chars` characters and `min_words` words, so "Share" or "Advertisement"
    lines are left alone.

    ## Why is this bad?
    Duplicated boilerplate inflates a corpus, biases models towards it and shows
    that the page furniture was not stripped.

    ## Example
    A "Next Post" box whose headline appears twice:
    ```text
    Next Post
    Founder Will Temporarily Lead Messaging App
    ...
    Founder Will Temporarily Lead Messaging App
    ```

    ## Use instead
    Strip the repeated block (and, usually, the page furniture around it).

    Options: `min_chars` (default 30), `min_words` (default 3), `ignore` (RE2
    patterns of lines never to compare, e.g. photo credits).
    """

    name = "duplicated-block"
    options: ClassVar[Mapping[str, Any]] = {
        "min_chars": {"description": "Fewest characters in a repeat worth reporting.", "type": "integer", "minimum": 1},
        "min_words": {"description": "Fewest words in a repeat worth reporting.", "type": "integer", "minimum": 1},
        "ignore": {
            "description": "RE2 patterns of lines to skip.",
            "type": "array",
            "items": {"type": "string", "minLength": 1},
        },
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.min_chars: int = options.get("min_chars", 30)
        self.min_words: int = options.get("min_words", 3)
        self.ignore = [compile_pattern("ignore", source) for source in options.get("ignore", ())]

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        if not _may_repeat(document.text):
            return
        lines = self._content_lines(document.text)
        seen: dict[str, list[int]] = defaultdict(list)
        covered_until = 0
        for index, line in enumerate(lines):
            earlier = seen[line.key]
            if index >= covered_until and earlier:
                candidates = [earlier[0], *earlier[-_RECENT:]]
                start, length = max(((i, _run(lines, i, index)) for i in candidates), key=lambda c: c[1])
                block = lines[index : index + length]
                if self._worth_reporting(block):
                    covered_until = index + length
                    yield self._violation(document, lines[start : start + length], block)
            earlier.append(index)

    def _content_lines(self, text: str) -> list[_Line]:
        lines = []
        ignore = self.ignore
        plain = _spaced_plainly(text)
        for number, (offset, line) in enumerate(iter_lines(text), start=1):
            if not _CONTENT.search(line) or (ignore and any(pattern.search(line) for pattern in ignore)):
                continue
            if plain and "  " not in line and line[:1] != " " and line[-1:] != " ":
                # Spaced as prose, in a text with no other whitespace: the line is its own key once case folded
                # (str.casefold of ASCII is str.lower), and has nothing to strip. Rebuilding the key word by
                # word costs four times as much.
                lines.append(_Line(offset, number, line.lower(), line))
            else:
                indent = len(line) - len(line.lstrip())
                lines.append(_Line(offset + indent, number, " ".join(line.split()).casefold(), line.strip()))
        return lines

    def _worth_reporting(self, block: list[_Line]) -> bool:
        chars = sum(len(line.key) for line in block)
        words = sum(len(_WORD.findall(line.key)) for line in block)
        return chars >= self.min_chars and words >= self.min_words

    @staticmethod
    def _violation(document: Document, original: list[_Line], repeat: list[_Line]) -> Violation:
        if document.record_line is None:  # name file lines, not lines of the body
            unit, first, last = "line", document.locate(original[0].offset)[0], document.locate(original[-1].offset)[0]
        else:  # inside a JSONL record only lines of its text make sense
            unit, first, last = "text line", original[0].number, original[-1].number
        if len(repeat) == 1:
            what, earlier = "line repeats", f"{unit} {first}"
        else:
            what, earlier = f"block of {len(repeat)} lines repeats", f"{unit}s {first}-{last}"
        return Violation.at(document, repeat[0].offset, f"{what} {earlier} (pasted twice?)", repeat[0].text)


def _may_repeat(text: str) -> bool:
    """Whether two lines might share a key: they do only if, case folded and without whitespace, they are equal.

    Most documents repeat no line; telling so in a few passes over the whole text in C
    costs a tenth of building every line's key. ASCII text, the usual, is read by the
    compiled `_line_scan` when it is built, in one pass.
    """
    if _line_scan is not None and text.isascii():
        return _line_scan.may_repeat_ascii(text)
    return _squeezed_lines_repeat(text)


def _squeezed_lines_repeat(text: str) -> bool:
    """`_may_repeat` by squeezing the text: the reference `_line_scan` is compiled from and tested against.

    ASCII text takes one pass fewer: its case is folded in the pass that drops its whitespace.
    """
    if text.isascii():
        squeezed = text.encode("ascii").translate(_ASCII_FOLD, _ASCII_SPACES)
    else:
        folded = text.casefold()
        if not folded.isascii():
            folded = _WIDE_SPACE.sub("", folded)
        squeezed = folded.encode("utf-8", "surrogatepass").translate(None, _ASCII_SPACES)
    lines = squeezed.split(b"\n")
    distinct = set(lines)
    distinct.discard(b"")
    return len(distinct) < len(lines) - lines.count(b"")


def _spaced_plainly(text: str) -> bool:
    """Whether `text` is ASCII with no whitespace but spaces and line breaks (no tab, no carriage return)."""
    return text.isascii() and not any(space in text for space in _CONTROL_SPACES)


def _run(lines: list[_Line], earlier: int, later: int) -> int:
    """How many lines from `later` on repeat the lines from `earlier` on, without overlapping them."""
    length = 0
    while (
        later + length < len(lines)
        and earlier + length < later
        and lines[earlier + length].key == lines[later + length].key
    ):
        length += 1
    return length


try:
    from corpusval.kinds import _line_scan
except ImportError:  # not compiled (installed without a C compiler): the text is squeezed in Python
    _line_scan = None  # type: ignore[assignment]
