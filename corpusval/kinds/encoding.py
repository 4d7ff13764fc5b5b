"""The `encoding` kind: every document is valid UTF-8 text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from corpusval.document import Document
from corpusval.kinds._base import Kind, Violation


class Encoding(Kind):
    """Documents must be valid UTF-8 text.

    ## What it does
    Reports a file that is not valid UTF-8 (at its first bad byte), a UTF-16 file,
    and a binary file (one with NUL bytes). Other rules still check a document with
    a few bad bytes (they read them as U+FFFD); binary files are checked by this
    kind only.

    ## Why is this bad?
    Tokenizers, search indexes and training pipelines silently mangle or drop text
    they cannot decode; a stray Windows-1252 byte turns "café" into "caf�".

    ## Example
    A file saved as Latin-1 with "Zürich" in it.

    ## Use instead
    Re-encode the file as UTF-8 (`iconv -f latin1 -t utf-8`), or remove binary files
    from the corpus.

    This kind has no options.
    """

    name = "encoding"
    reads_binary: ClassVar[bool] = True

    def check(self, document: Document, corpus: Any) -> Iterator[Violation]:
        problem = document.decode_error
        if problem is not None:
            line, column = (document.record_line, 1) if document.record_line else (problem.line, problem.column)
            yield Violation(problem.message, line, column)
