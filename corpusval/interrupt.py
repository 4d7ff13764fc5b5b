"""Stopping a run on Ctrl-C or SIGTERM: the signal becomes an exception, so every `finally` cleans up on the way out."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_STOPPING = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """A signal stopped the run; a KeyboardInterrupt, so what cleans up after Ctrl-C cleans up after SIGTERM too."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum

    @classmethod
    def of(cls, error: KeyboardInterrupt) -> Interrupted:
        """`error` as an Interrupted: a plain KeyboardInterrupt is Ctrl-C's."""
        return error if isinstance(error, Interrupted) else cls(signal.SIGINT)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def status(self) -> int:
        """The exit status shells give a process the signal ended: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted; the previous handlers are back after it.

    Only the first signal raises: a second one (Ctrl-C pressed twice, a supervisor
    that repeats SIGTERM) must not break off the cleanup the first one started.
    Signal handlers belong to the main thread; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if not raised:
            raised = True
            raise Interrupted(signum)

    previous = {signum: signal.signal(signum, stop) for signum in _STOPPING}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)  # None: not set from Python
