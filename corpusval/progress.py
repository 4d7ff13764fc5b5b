"""A progress bar for long runs: on a terminal only, with documents per second."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


class ProgressBar:
    """Shows each phase of a run as a bar of files, with documents per second; silent off a terminal."""

    def __init__(self, stream: TextIO = sys.stderr, enabled: bool = True) -> None:
        self._stream = stream
        self._enabled = enabled and stream.isatty()
        self._bar: tqdm[None] | None = None
        self._documents = 0

    def start(self, phase: str, files: int) -> None:
        """Begin a phase over `files` files (ending the previous one)."""
        self.close()
        self._documents = 0
        self._bar = tqdm(
            total=files, desc=phase, unit=" files", file=self._stream, disable=not self._enabled, leave=False
        )

    def advance(self, files: int, documents: int) -> None:
        if self._bar is None:
            return
        self._documents += documents
        if self._documents:
            elapsed = max(self._bar.format_dict["elapsed"], 1e-3)
            self._bar.set_postfix_str(f"{self._documents / elapsed:,.0f} docs/s", refresh=False)
        self._bar.update(files)  # draws the bar, postfix included, at most ten times a second
        if self._bar.n >= (self._bar.total or 0):
            self._bar.refresh()  # and always the phase's end

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
