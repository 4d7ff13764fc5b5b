"""The progress bar: drawn on a terminal with documents per second, silent otherwise."""

from __future__ import annotations

import io
from pathlib import Path

from corpusval.progress import ProgressBar
from corpusval.rules import default_rules_path, load_rules
from corpusval.runner import run
from tests.conftest import REPO


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_both_phases_with_documents_per_second() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal)
    run([REPO / "sample_corpus"], load_rules([default_rules_path()]), jobs=1, progress=bar)
    bar.close()
    shown = terminal.getvalue()
    assert "checking" in shown and "cross-checking" in shown
    assert "22/22" in shown  # every file of the sample corpus
    assert "docs/s" in shown


def test_silent_off_a_terminal_and_when_quiet(tmp_path: Path) -> None:
    piped, quiet = io.StringIO(), Terminal()
    for bar in (ProgressBar(piped), ProgressBar(quiet, enabled=False)):
        run([REPO / "sample_corpus"], load_rules([default_rules_path()]), jobs=1, progress=bar)
        bar.close()
    assert piped.getvalue() == "" and quiet.getvalue() == ""
