"""Interrupted runs: Ctrl-C or SIGTERM mid-run ends with 130/143, one line, no partial file, no stray process.

The runs are real `corpusval` processes. A test-only kind, installed as a distribution
stub on their PYTHONPATH, drops a marker file when it starts on a document that says
"block" and then sleeps: once the markers are there, the run is surely under way,
with every worker busy, and the test signals it. Ctrl-C is sent as a terminal sends
it, to the whole process group; SIGTERM to the main process alone, as a supervisor
does.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from corpusval.cache import Cache
from corpusval.cli import main
from corpusval.interrupt import Interrupted, stopped_by_signals
from corpusval.shards import SHARD_BYTES
from tests.conftest import LINK_RULE, inside, write_files

BLOCKING_KIND = '''\
"""Reports every document; on one that says "block", drops a marker and sleeps, when the test asks for it."""

import os
import time
from pathlib import Path

from corpusval.kinds import Kind, Violation


class Blocking(Kind):
    """Blocks while the test signals the run."""

    name = "blocking"

    def check(self, document, corpus):
        markers = os.environ.get("CORPUSVAL_TEST_MARKERS")
        if markers and "block" in document.text:
            Path(markers, f"{os.getpid()}-{Path(document.path).name}").touch()
            time.sleep(600)
        yield Violation.at(document, 0, "seen")
'''
SITE = {
    "site/corpusval_blocking-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: corpusval-blocking\nVersion: 1.0\n",
    "site/corpusval_blocking-1.0.dist-info/entry_points.txt": "[corpusval.kinds]\nblocking = blocking_kind:Blocking\n",
    "site/blocking_kind.py": BLOCKING_KIND,
    "rules/r.yaml": "rules:\n  - id: seen\n    kind: blocking\n    description: Every document.\n" + LINK_RULE,
}
OLD = b"the previous file, kept whole\n"
WAIT = 60.0  # seconds: only how long a broken run may take to fail, never what a passing one is expected to take

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the runs' processes in /proc")


def document(text: str) -> str:
    """A document as large as a shard, so each file is a shard of its own: every worker gets one."""
    line = "Words and more words.\n"
    return f"Title\n{text}\n" + line * (SHARD_BYTES // len(line) + 1)


@dataclass
class Project:
    root: Path
    markers: Path
    started: list[subprocess.Popen[str]] = field(default_factory=list)

    def start(
        self, *arguments: str, block: bool = True, stderr: int = subprocess.PIPE, pytest: bool = False
    ) -> subprocess.Popen[str]:
        """`corpusval ARGUMENTS` (or, with `pytest`, `pytest ARGUMENTS`) in its own process group, as a shell starts
        a job."""
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(self.root / "site"), os.environ.get("PYTHONPATH")])),
            "XDG_CACHE_HOME": str(self.root / "user-cache"),
        }
        if block:
            environment["CORPUSVAL_TEST_MARKERS"] = str(self.markers)
        if pytest:
            command = ["pytest", "-p", "no:cacheprovider", "--corpus-rules", "rules", *arguments]
        else:
            command = ["corpusval.cli", *arguments, "--rules", "rules"]
        process = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=self.root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """A run to its end, with nothing blocking."""
        process = self.start(*arguments, block=False)
        out, err = process.communicate(timeout=WAIT)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def wait_for_markers(self, count: int, process: subprocess.Popen[str]) -> None:
        """Until `count` documents are being checked, each in its own process."""
        deadline = time.monotonic() + WAIT
        while len(list(self.markers.iterdir())) < count:
            if process.poll() is not None:
                pytest.fail(f"the run ended before it blocked: {process.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail("the run never blocked")
            time.sleep(0.02)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    write_files(
        tmp_path,
        {
            **SITE,
            "corpus/a.txt": document("See also a"),
            "corpus/b.txt": document("Nothing"),
            "corpus/c.txt": document("block"),
            "corpus/d.txt": document("block"),
            "corpus/e.txt": document("See also e"),
        },
    )
    (tmp_path / "markers").mkdir()
    made = Project(tmp_path, tmp_path / "markers")
    yield made
    for process in made.started:  # a failed test leaves no run (nor worker) sleeping behind it
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def descendants(pid: int) -> set[int]:
    """The processes started under `pid`, from /proc."""
    children: dict[int, set[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (parent := _parent(int(entry.name))) is not None:
            children.setdefault(parent, set()).add(int(entry.name))
    found, queue = set(), [pid]
    while queue:
        for child in children.get(queue.pop(), ()):
            found.add(child)
            queue.append(child)
    return found


def _status(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None when the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def _parent(pid: int) -> int | None:
    fields = _status(pid)
    return int(fields[1]) if fields else None


def running(pids: set[int]) -> set[int]:
    """Those of `pids` still running (an exited process its new parent has not reaped yet is not)."""
    return {pid for pid in pids if (fields := _status(pid)) is not None and fields[0] != "Z"}


def interrupt(process: subprocess.Popen[str], signum: signal.Signals) -> tuple[str, str]:
    """Send `signum` as Ctrl-C (to the group) or a supervisor (SIGTERM, to the main process) would; out and err."""
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    return process.communicate(timeout=WAIT)


def assert_nothing_left_running(pids: set[int]) -> None:
    deadline = time.monotonic() + WAIT  # the forkserver leaves when it sees its parent gone
    while running(pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(pids)


CASES = [  # every pair of (command, jobs, signal) values is covered
    ("check", 1, signal.SIGINT),
    ("check", 2, signal.SIGTERM),
    ("baseline", 2, signal.SIGINT),
    ("baseline", 1, signal.SIGTERM),
]


@pytest.mark.parametrize(("command", "jobs", "signum"), CASES, ids=lambda value: str(getattr(value, "name", value)))
def test_an_interrupted_run_exits_with_the_signals_status_and_writes_nothing(
    project: Project, command: str, jobs: int, signum: signal.Signals
) -> None:
    output = project.root / "out" / "kept.json"
    write_files(output.parent, {output.name: OLD.decode()})
    process = project.start(command, "corpus", "--jobs", str(jobs), "--output", str(output), *_format(command))
    project.wait_for_markers(jobs, process)
    started = descendants(process.pid)
    if jobs > 1:
        assert len(started) > jobs  # the workers, and the forkserver that started them

    out, err = interrupt(process, signum)

    assert process.returncode == 128 + signum
    kept = "baseline" if command == "baseline" else "report"
    assert err == f"corpusval: interrupted ({signum.name}); no {kept} written\n"
    assert out == ""
    assert output.read_bytes() == OLD
    assert [path.name for path in output.parent.iterdir()] == [output.name]
    assert_nothing_left_running(started)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_pytest_session_ends_its_check_at_once(project: Project, jobs: int) -> None:
    """pytest checks the corpus in the background while it collects: Ctrl-C ends the check, its workers too."""
    process = project.start("--corpus", "corpus", "--corpus-jobs", str(jobs), "--corpus-no-cache", "-q", pytest=True)
    project.wait_for_markers(jobs, process)
    started = descendants(process.pid)

    interrupt(process, signal.SIGINT)

    assert process.returncode == pytest.ExitCode.INTERRUPTED
    assert_nothing_left_running(started)


def _format(command: str) -> tuple[str, ...]:
    return ("--format", "json") if command == "check" else ()


@pytest.mark.parametrize("jobs", [1, 2])
def test_after_an_interrupted_run_the_cache_gives_the_findings_of_an_uncached_run(project: Project, jobs: int) -> None:
    process = project.start("check", "corpus", "--jobs", str(jobs))
    project.wait_for_markers(jobs, process)
    interrupt(process, signal.SIGINT)
    assert process.returncode == 130
    cache = project.root / ".corpusval_cache"
    files = [path for path in cache.rglob("*") if path.is_file() and path.parent.parent.name == "objects"]
    assert files, "the shards checked before the interrupt are cached"
    assert not [path for path in files if path.name.startswith(".")], "no temporary file is left"
    for path in files:  # as a worker killed while writing an entry would leave, beside it
        path.with_name(f".{path.name}.0badc0de.tmp").write_bytes(path.read_bytes()[:-1])

    cached, uncached = (
        project.run("check", "corpus", "--format", "json", "--jobs", "1"),
        project.run("check", "corpus", "--format", "json", "--no-cache", "--jobs", "1"),
    )

    assert (cached.returncode, cached.stderr) == (uncached.returncode, uncached.stderr) == (1, "")
    assert cached.stdout == uncached.stdout
    assert len(json.loads(cached.stdout)["findings"]) == 7  # one per document, and two stray links


def test_the_progress_bar_is_cleared_before_the_message(project: Project) -> None:
    terminal, stderr = pty.openpty()  # the bar is drawn on a terminal only, as wide as it is
    fcntl.ioctl(stderr, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = project.start("check", "corpus", "--jobs", "1", stderr=stderr)
    os.close(stderr)
    project.wait_for_markers(1, process)
    interrupt(process, signal.SIGINT)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: every writer is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)

    assert process.returncode == 130
    *drawn, cleared, message, end = shown.decode().split("\r")  # the terminal sends \r\n for \n
    assert drawn[-1].startswith("checking:")
    assert cleared == " " * len(cleared) and len(cleared) >= len(drawn[-1])  # the bar is wiped out
    assert (message, end) == ("corpusval: interrupted (SIGINT); no report written", "\n")


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals reach the main thread")
def test_only_the_first_signal_raises_and_the_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as caught, stopped_by_signals():
        try:
            signal.raise_signal(signal.SIGTERM)
        finally:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C during the cleanup does not break it off
    assert (caught.value.name, caught.value.status) == ("SIGTERM", 143)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_an_interrupt_while_the_report_is_written_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path, {"rules.yaml": "rules:\n" + LINK_RULE, "corpus/a.txt": "Title\nSee also\n", "kept": "old"})

    def terminated(descriptor: int) -> None:  # the new report is written, not yet in place
        raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    with inside(tmp_path):
        status = main(["check", "corpus", "--rules", "rules.yaml", "--no-cache", "--output", "kept"])
    assert status == 143
    assert capsys.readouterr().err == "corpusval: interrupted (SIGTERM); no report written\n"
    assert (tmp_path / "kept").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus", "kept", "rules.yaml"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cache:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    opened = Cache.open(tmp_path / "cache")
    assert opened is not None
    return opened


def test_an_interrupted_cache_write_leaves_neither_entry_nor_temporary_file(
    cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(source: str, destination: str) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            cache.put("ab" * 16, ["findings"])
    assert cache.get("ab" * 16) is None
    assert [path for path in cache.root.rglob("*") if path.name.endswith(".tmp")] == []


def test_a_temporary_file_is_never_read_as_an_entry(cache: Cache) -> None:
    key = "cd" * 16
    cache.put(key, ["findings"])
    [entry] = [path for path in cache.root.rglob(key[2:])]
    entry.rename(entry.with_name(f".{entry.name}.0badc0de.tmp"))  # whole and signed, as a killed writer may leave it
    assert cache.get(key) is None
    cache.put(key, ["findings"])
    assert cache.get(key) == ["findings"]


def test_a_run_killed_while_making_the_signing_key_leaves_the_cache_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = tmp_path / "corpusval" / "cache-signing-key"

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            Cache.open(tmp_path / "cache")
    assert list(key.parent.iterdir()) == []
    key.write_bytes(b"")  # what an older corpusval, killed at that moment, left
    assert Cache.open(tmp_path / "cache") is not None
    assert len(key.read_bytes()) == 32 and key.stat().st_mode & 0o077 == 0
