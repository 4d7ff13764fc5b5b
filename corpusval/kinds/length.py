"""The `length` kind: bounds on line length and document size."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from corpusval.document import Document, iter_lines
from corpusval.kinds._base import Kind, OptionError, Violation


class Length(Kind):
    """Lines and documents within size bounds.

    ## What it does
    Reports each line longer than `max_line_length` characters, a text longer than
    `max_length` characters, and a text with fewer than `min_words` words.

    ## Why is this bad?
    A multi-megabyte single line is usually a minified page, a base64 blob or a
    whole feed glued together; a near-empty text is a failed extraction.

    ## Example
    ```yaml
    - id: long-line
      kind: length
      description: No line is longer than 20,000 characters.
      severity: warning
      max_line_length: 20000
    ```

    ## Use instead
    Split glued documents, drop blobs, re-scrape empty pages.

    Options: `max_line_length`, `max_length`, `min_words` (at least one).
    """

    name = "length"
    options: ClassVar[Mapping[str, Any]] = {
        "max_line_length": {"description": "Most characters in one line.", "type": "integer", "minimum": 1},
        "max_length": {"description": "Most characters in the text.", "type": "integer", "minimum": 1},
        "min_words": {"description": "Fewest words in the text.", "type": "integer", "minimum": 1},
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.max_line_length: int | None = options.get("max_line_length")
        self.max_length: int | None = options.get("max_length")
        self.min_words: int | None = options.get("min_words")
        if not options:
            raise OptionError(None, "a length rule needs at least one of max_line_length, max_length, min_words")

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        text = document.text
        if self.max_line_length is not None and len(text) > self.max_line_length:
            for offset, line in iter_lines(text):
                if len(line) > self.max_line_length:
                    message = f"line has {len(line):,} characters; at most {self.max_line_length:,} allowed"
                    yield Violation.at(document, offset, message, line)
        if self.max_length is not None and len(text) > self.max_length:
            message = f"text has {len(text):,} characters; at most {self.max_length:,} allowed"
            yield Violation.at(document, 0, message)
        if self.min_words is not None:
            words = len(text.split())
            if words < self.min_words:
                yield Violation.at(document, 0, f"text has {words} words; at least {self.min_words} expected")
