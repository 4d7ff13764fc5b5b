"""The `required-field` kind: a metadata field (or the text) is present and well-formed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from corpusval.document import Document
from corpusval.kinds._base import Kind, Violation
from corpusval.kinds.pattern import compile_pattern


class RequiredField(Kind):
    """A field must be present and non-empty, and may have to match a pattern and length bounds.

    ## What it does
    Checks one field of every document: `title`, `published`, `author`, `url`, `id`,
    any front-matter or JSONL key, or `text` for the body. Missing, empty or
    whitespace-only is a finding; so is a value outside `min_length`/`max_length`
    (characters) or longer than `max_words`, or one that `pattern` (RE2 syntax) does
    not match. Length bounds on a title catch a .txt file whose headline was lost:
    its first line, taken as the title, is then the lead paragraph.

    ## Why is this bad?
    A document without a title or URL cannot be cited, deduplicated or shown; an
    empty body is a failed scrape that would pollute a training set.

    ## Example
    ```yaml
    - id: required-title
      kind: required-field
      description: Every document has a title.
      field: title
      min_length: 5
    ```

    ## Use instead
    Give the document the field (front matter `title:`, a `# ` heading, a first line
    for .txt, a `"title"` key for JSONL), or drop documents that have none.

    Options: `field` (required), `pattern`, `min_length`, `max_length`, `max_words`.
    """

    name = "required-field"
    options: ClassVar[Mapping[str, Any]] = {
        "field": {"description": "The field to check; `text` is the body.", "type": "string", "minLength": 1},
        "pattern": {"description": "RE2 pattern the value must match somewhere.", "type": "string"},
        "min_length": {"description": "Fewest characters allowed.", "type": "integer", "minimum": 1},
        "max_length": {"description": "Most characters allowed.", "type": "integer", "minimum": 1},
        "max_words": {
            "description": "Most words allowed (a title longer is a paragraph).",
            "type": "integer",
            "minimum": 1,
        },
    }
    required = ("field",)

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.field: str = options["field"]
        self.source: str | None = options.get("pattern")
        self.pattern = compile_pattern("pattern", self.source) if self.source is not None else None
        self.min_length: int | None = options.get("min_length")
        self.max_length: int | None = options.get("max_length")
        self.max_words: int | None = options.get("max_words")

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        value = document.get(self.field)
        text = "" if value is None else str(value).strip()
        if not text:
            state = "missing" if value is None else "empty"
            yield Violation.at_field(document, self.field, f"field '{self.field}' is {state}")
            return
        problem = self._size_problem(text)
        if problem is not None:
            yield Violation.at_field(document, self.field, f"field '{self.field}' {problem}", text)
        if self.pattern is not None and not self.pattern.search(text):
            message = f"field '{self.field}' does not match /{self.source}/"
            yield Violation.at_field(document, self.field, message, text)

    def _size_problem(self, text: str) -> str | None:
        """The first size bound `text` breaks: one finding per field, however many bounds it breaks."""
        words = len(text.split())
        if self.min_length is not None and len(text) < self.min_length:
            return f"has {len(text)} characters; at least {self.min_length} required"
        if self.max_length is not None and len(text) > self.max_length:
            return f"has {len(text)} characters; at most {self.max_length} allowed"
        if self.max_words is not None and words > self.max_words:
            return f"has {words} words; at most {self.max_words} allowed"
        return None
