"""Inert text: what corpusval shows of a corpus can neither steer a terminal or a CI log, nor flood it.

Anyone who can add a document chooses its text, its file name and its JSONL ids, and
findings quote all three. Every finding passes through `inert`, so each output format
(a terminal, a CI log, JSON, SARIF, JUnit, HTML) starts from text that holds no
control character, no terminal escape sequence, no line break, no bidirectional
override and no lone surrogate, and is bounded in length.
"""

from __future__ import annotations

import re

QUOTE_LIMIT = 160
"""Most characters of document text a finding quotes (an excerpt, a name, a matched pattern)."""

MESSAGE_LIMIT = 500
"""Most characters of a finding's message, and of a path or record name."""

# C0 and C1 controls (ESC, CSI and OSC start terminal sequences; CR and LF start a new log line, where a
# `::command::` would be obeyed), DEL, Unicode line and paragraph separators, the bidirectional controls
# that make text read differently from what it is ("Trojan Source"), and lone surrogates (bytes of a file
# name that are not UTF-8, or a JSON "\ud800"), which no UTF-8 output can hold.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_SHORTENED = "…"
_LEGACY_COMMAND = "##["


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it: shown as the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` with every unsafe character written as an escape (ESC as `\\x1b`), cut to about `limit` characters.

    `##[` is written `##\\x5b` too: GitHub's runner still obeys its older `##[command]` syntax anywhere in a line.
    """
    if len(text) > limit:
        text = text[: limit - 1] + _SHORTENED
    if not (text.isascii() and text.isprintable()) and _UNSAFE.search(text):  # printable ASCII: nothing to escape
        text = _UNSAFE.sub(_escape, text)
    return text.replace(_LEGACY_COMMAND, "##\\x5b") if _LEGACY_COMMAND in text else text


def inert_lines(text: str) -> str:
    """Text of several lines (an error message, a rule's example) made inert line by line, none cut."""
    return "\n".join(inert(line, limit=max(len(line), 1)) for line in text.split("\n"))


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Document text as a finding quotes it: on one line (whitespace runs as one space), inert, bounded."""
    return inert(_SPACES.sub(" ", text[: limit * 4]).strip(), limit)


def inert_path(path: str) -> str:
    """A path as findings show it: inert, and never read as a CI log command (`::error::x.txt` shows as `./::…`)."""
    shown = inert(path, limit=len(path))  # a path is never cut: it must still name the file
    return "./" + shown if shown.lstrip().startswith("::") else shown
