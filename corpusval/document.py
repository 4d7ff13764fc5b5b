"""Documents: the text of a corpus item, its metadata, and how to map offsets to file positions."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for each line of `text`, split on "\\n" only.

    Lines keep no line break; a trailing "\\r" (CRLF files) is dropped. Every
    kind splits lines this way so that its line numbers agree with `Document.locate`.
    """
    start = 0
    while (end := text.find("\n", start)) >= 0:
        line = text[start:end]
        yield start, line[:-1] if line.endswith("\r") else line
        start = end + 1
    if start < len(text):
        line = text[start:]
        yield start, line[:-1] if line.endswith("\r") else line


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts (lines split on "\\n"), for bisecting."""
    starts = [0]
    end = text.find("\n")
    while end >= 0:
        starts.append(end + 1)
        end = text.find("\n", end + 1)
    return starts


def line_span(text: str, offset: int) -> tuple[int, int]:
    """Where the line holding `offset` starts and ends (the end is its "\\n", or the end of `text`)."""
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Why a file or record could not be read as it should; positions are 1-based."""

    message: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Document:
    """One document of a corpus: a text file, or one record of a JSONL file.

    `text` is the body that rules read. `text_line`/`text_column` give the file
    position of `text[0]` (a Markdown body starts after its front matter). For a
    JSONL record every position is the record's line (`record_line`), since the
    text sits JSON-escaped inside it. `decode_error` says where the bytes stopped
    being UTF-8 (the text then holds U+FFFD there); a `binary` document has no text
    and only kinds that read binary files look at it. `corpus_path` is the path inside
    the folder that was checked, which rules' `files` globs match whatever the working
    directory (`path` itself is relative to the working directory).
    """

    path: str
    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    field_positions: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    text_line: int = 1
    text_column: int = 1
    record: str | None = None
    record_line: int | None = None
    decode_error: ReadProblem | None = None
    binary: bool = False
    corpus_path: str | None = None

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.text)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the line index: documents cross between processes, and it is rebuilt when asked for."""
        return {name: value for name, value in self.__dict__.items() if name != "_line_starts"}

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of character `offset` of `text`."""
        if self.record_line is not None:
            return self.record_line, 1
        index = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[index] + 1
        if index == 0:
            column += self.text_column - 1
        return self.text_line + index, column

    def position_of(self, name: str) -> tuple[int, int]:
        """Where field `name` is declared (`text`: where the body starts), else where the file starts."""
        if self.record_line is not None:
            return self.record_line, 1
        if name == "text":
            return self.text_line, self.text_column
        return self.field_positions.get(name, (1, 1))

    def get(self, name: str) -> Any:
        """A metadata field, or `text` for "text"; None when absent."""
        if name == "text":
            return self.text
        return self.fields.get(name)

    @property
    def key(self) -> str:
        """Identifies the document within a run: its path, plus the record for JSONL."""
        return self.path if self.record is None else f"{self.path}::{self.record}"
