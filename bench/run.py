"""The benchmark in one command: generate (or reuse) a corpus, time corpusval against baselines, save the results."""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generate import VERSION as GENERATOR_VERSION
from generate import generate
from score import score

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPORA = BENCH / ".corpora"
RESULTS = BENCH / "results"
RULES = BENCH / "rules"
DEFAULT_RULES = REPO / "rules" / "news.yaml"
TARGET_DOCUMENTS = 10**8
ESTIMATE_WORKERS = (2, 16, 64, 256)

try:
    import psutil
except ImportError:  # peak memory then comes from wait4: the largest single process, not the tree
    psutil = None


# ---------------------------------------------------------------------------------------------
# Measuring one command
# ---------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    """One command, timed in a fresh process: wall time, peak memory, and where its output went."""

    seconds: float
    peak_rss_mb: float  # the whole process tree, sampled (psutil), else the largest process (wait4)
    returncode: int
    stdout: Path
    stderr: str

    def failed(self, ok: Sequence[int] = (0, 1)) -> bool:
        """corpusval exits 1 for findings, which a benchmark corpus has; other tools pass `ok=(0,)`."""
        return self.returncode not in ok

    def problem(self) -> str:
        lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
        return lines[-1][:300] if lines else f"exit status {self.returncode}"


def measure(command: Sequence[str], cwd: Path, stdout: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run `command` once, sampling its process tree's memory every 50 ms."""
    samples: list[int] = []
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(process.pid, done, samples.append))
        if psutil is not None:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if psutil is not None:
            sampler.join()
        peak = max(samples, default=0) or usage.ru_maxrss * 1024  # ru_maxrss is in kilobytes on Linux
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return Measurement(seconds, peak / 2**20, process.returncode, stdout, stderr[-4000:])


@dataclass(frozen=True)
class Command:
    """A command to time: its arguments, where it runs, where its output goes, and what it adds to the environment."""

    argv: Sequence[str]
    cwd: Path
    stdout: Path
    env: dict[str, str] | None = None


def measure_best(
    repeat: int, command: Sequence[str], cwd: Path, stdout: Path, env: dict[str, str] | None = None
) -> Measurement:
    """The fastest of `repeat` runs (other work on a shared machine only ever slows a run down)."""
    return _fastest(measure_in_turn(repeat, [Command(command, cwd, stdout, env)])[0])


def measure_in_turn(repeat: int, commands: Sequence[Command]) -> list[list[Measurement]]:
    """`repeat` runs of each command, the commands run in turn (a, b, a, b...), by command: this VM's speed
    drifts by a third over minutes, and a ratio of two commands is only as good as the drift they share.
    """
    runs: list[list[Measurement]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, its_runs in zip(commands, runs, strict=True):
            its_runs.append(measure(command.argv, command.cwd, command.stdout, command.env))
    return runs


def paired_ratio(runs: Sequence[Measurement], against: Sequence[Measurement]) -> float | None:
    """The median of the ratios of runs made side by side (see `measure_in_turn`), of the pairs that both
    ran to the end (None: no such pair): a run's speed is the machine's at that minute, which its neighbour
    shares; the fastest of each, taken apart, may not.
    """
    pairs = [(run, other) for run, other in zip(runs, against, strict=True) if not (run.failed() or other.failed())]
    return statistics.median(run.seconds / other.seconds for run, other in pairs) if pairs else None


def _fastest(runs: Sequence[Measurement]) -> Measurement:
    best = min(runs, key=lambda run: (run.failed(), run.seconds))
    best.peak_rss_mb = max(run.peak_rss_mb for run in runs)
    return best


def _sample(pid: int, done: threading.Event, report: Callable[[int], None]) -> None:
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not done.is_set():
        total = 0
        try:
            for process in [root, *root.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
        except psutil.Error:
            return
        report(total)
        done.wait(0.05)


# ---------------------------------------------------------------------------------------------
# Corpora, commands and what the CLI supports
# ---------------------------------------------------------------------------------------------


def corpus_dir(documents: int, seed: int) -> Path:
    """The cached corpus of `documents` (generated on first use): bench/.corpora/<seed>-<n>/corpus."""
    home = CORPORA / f"{seed}-{documents}"
    corpus = home / "corpus"
    manifest = home / "manifest.json"  # written last: without it the corpus is incomplete
    if not manifest.exists() or json.loads(manifest.read_text())["generator"].get("version") != GENERATOR_VERSION:
        shutil.rmtree(home, ignore_errors=True)
        print(f"  generating {documents} documents (seed {seed}) into {home} ...", flush=True)
        generate(corpus, documents, seed, manifest_path=home / "manifest.json")
    return corpus


def corpusval_command() -> list[str]:
    script = Path(sys.executable).parent / "corpusval"
    if script.exists():
        return [str(script)]
    if importlib.util.find_spec("corpusval.__main__") is not None:
        return [sys.executable, "-m", "corpusval"]
    raise SystemExit("corpusval is not installed in this Python: pip install -e . (or '.[bench]')")


def supported_options() -> set[str]:
    """The `corpusval check` options that exist now; the others' sections are skipped."""
    shown = subprocess.run([*corpusval_command(), "check", "--help"], capture_output=True, text=True).stdout
    return set(re.findall(r"--[a-z][a-z-]*", shown))


def pytest_help_mentions(name: str) -> bool:
    """Whether pytest's help (options and ini keys, corpusval's plugin included) names `name`."""
    shown = subprocess.run([sys.executable, "-m", "pytest", "--help"], capture_output=True, text=True, cwd=BENCH)
    return name in shown.stdout


def findings_of(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text())["findings"]
    return data


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = models[0] if models else cpu
    memory = (
        psutil.virtual_memory().total
        if psutil is not None
        else os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    dirty = subprocess.run(["git", "status", "--porcelain", "corpusval"], capture_output=True, text=True, cwd=REPO)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "corpusval_commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
    }


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------


class Bench:
    """Runs the sections in order; each records its numbers, or why it was skipped."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.documents: int = args.documents
        self.seed: int = args.seed
        self.corpus = corpus_dir(self.documents, self.seed)
        self.home = self.corpus.parent
        self.manifest = json.loads((self.home / "manifest.json").read_text())
        self.cli = corpusval_command()
        self.options = supported_options()
        # the plugin's cache would let a run reuse the previous one's work: every run starts cold
        self.pytest_no_cache = ["--corpus-no-cache"] if pytest_help_mentions("--corpus-no-cache") else []
        self.machine = machine()  # before the run: the working tree may change while it goes on
        self.results: dict[str, Any] = {}
        self.rows: list[tuple[str, str, str]] = []

    # -- helpers ----------------------------------------------------------------------------

    def row(self, what: str, value: str, target: str = "") -> None:
        self.rows.append((what, value, target))
        print(f"  {what:<52} {value:<44} {target}", flush=True)

    def skip(self, section: str, reason: str) -> None:
        self.results[section] = {"skipped": reason}
        self.row(section, f"skipped: {reason}")

    def check(self, corpus: Path, name: str, *extra: str, jobs: int | None = None, cache: bool = False) -> Measurement:
        """`corpusval check` with the options that exist; output kept beside the corpus.

        With the cache on, each run changes what the next one finds: it runs once, whatever `--repeat` says.
        """
        command = [*self.cli, "check", corpus.name, "--format", "json"]
        if "--quiet" in self.options:
            command.append("--quiet")
        if not cache and "--no-cache" in self.options:
            command.append("--no-cache")
        if jobs is not None and "--jobs" in self.options:
            command += ["--jobs", str(jobs)]
        repeat = 1 if cache else self.args.repeat
        return measure_best(repeat, [*command, *extra], corpus.parent, corpus.parent / f"findings-{name}.json")

    def rates(self, label: str, run: Measurement, documents: int, size: int) -> dict[str, Any]:
        numbers = {
            "seconds": round(run.seconds, 3),
            "docs_per_s": round(documents / run.seconds),
            "mb_per_s": round(size / 1e6 / run.seconds, 1),
            "peak_rss_mb": round(run.peak_rss_mb),
        }
        self.row(
            label,
            f"{run.seconds:8.2f} s {numbers['docs_per_s']:>8} docs/s {numbers['mb_per_s']:>6} MB/s",
            f"peak {numbers['peak_rss_mb']} MB",
        )
        return numbers

    # -- a. baseline ------------------------------------------------------------------------

    def baseline(self) -> None:
        print("a. read-and-decode baseline (one process, warm cache)", flush=True)
        command = [sys.executable, str(BENCH / "baseline.py"), str(self.corpus)]
        timed = []
        for _ in range(self.args.repeat):  # the fastest, as of every command the benchmark times
            measure(command, self.home, self.home / "baseline.json")
            timed.append(json.loads((self.home / "baseline.json").read_text()))
        # the warm-up read is part of the process: time the second read only
        inner = min(timed, key=lambda numbers: numbers["seconds"])
        seconds = inner["seconds"]
        self.results["baseline"] = {
            "seconds": round(seconds, 3),
            "documents": inner["documents"],
            "bytes": inner["bytes"],
            "docs_per_s": round(inner["documents"] / seconds),
            "mb_per_s": round(inner["bytes"] / 1e6 / seconds, 1),
        }
        self.row(
            "read + decode",
            f"{seconds:8.2f} s {round(inner['documents'] / seconds):>8} docs/s"
            f" {inner['bytes'] / 1e6 / seconds:>6.1f} MB/s",
        )

    # -- b. corpusval check -----------------------------------------------------------------

    def cli_check(self) -> None:
        print("b. corpusval check (default rules, no cache)", flush=True)
        base = self.results["baseline"]["seconds"]
        section: dict[str, Any] = {"options_available": sorted(self.options)}
        runs = (1, 2) if "--jobs" in self.options else (None,)
        if runs == (None,):
            section["note"] = "no --jobs option yet: one run with corpusval's default"
        for jobs in runs:
            label = f"jobs {jobs}" if jobs else "default"
            run = self.check(self.corpus, label.replace(" ", ""), jobs=jobs)
            if run.failed():
                section[label] = {"failed": run.problem()}
                self.row(f"corpusval check --{label}", f"failed: {run.problem()}")
                continue
            numbers = self.rates(f"corpusval check ({label})", run, self.manifest["documents"], self.manifest["bytes"])
            numbers["ratio_to_baseline"] = round(run.seconds / base, 2)
            self.row(
                f"  ratio to read + decode ({label})", f"{numbers['ratio_to_baseline']}x", "target <= 3.5x (2 cores)"
            )
            section[label] = numbers
            section["findings"] = run.stdout.name
        section["targets"] = {"docs_per_s_2_cores": 10_000, "ratio_to_baseline": 3.5, "peak_rss_mb_100k": 1024}
        if "jobs 1" in section and "jobs 2" in section and "failed" not in section["jobs 1"]:
            same = findings_of(self.home / "findings-jobs1.json") == findings_of(self.home / "findings-jobs2.json")
            section["jobs_1_and_2_identical"] = same
            self.row("  --jobs 1 and --jobs 2 findings identical", str(same))
        self.results["check"] = section

    def quality(self) -> None:
        """Precision and recall on the planted defects, from the run the check section saved."""
        name = self.results.get("check", {}).get("findings")
        if name is None:
            self.skip("quality", "no successful corpusval check run")
            return
        print("   precision / recall on the planted defects", flush=True)
        scored = score(self.manifest, findings_of(self.home / name), self.corpus.name)
        self.results["quality"] = scored
        for defect, entry in scored["recall"].items():
            self.row(f"  recall {defect} ({entry['rule']})", f"{entry['found']}/{entry['planted']} = {entry['recall']}")
        for rule, entry in scored["precision"].items():
            self.row(f"  precision {rule}", f"{entry['true']}/{entry['flagged']} = {entry['precision']}")
        self.row("  clean documents flagged", f"{scored['clean_documents_flagged']}/{scored['clean_documents']}")

    # -- c. datatrove -----------------------------------------------------------------------

    def datatrove(self) -> None:
        print("c. datatrove vs corpusval on the comparable checks (title present, repeated lines)", flush=True)
        if importlib.util.find_spec("datatrove") is None:
            self.skip("datatrove", "datatrove not installed (pip install datatrove)")
            return
        copy = self.jsonl_copy()
        logs = Path(tempfile.mkdtemp(prefix="datatrove-", dir=self.home))
        try:
            run = measure(
                [sys.executable, str(BENCH / "datatrove_check.py"), str(copy), str(logs), "--workers", "2"],
                self.home,
                self.home / "datatrove.json",
            )
        finally:
            shutil.rmtree(logs, ignore_errors=True)
        if run.failed(ok=(0,)):
            self.skip("datatrove", f"datatrove run failed: {run.problem()}")
            return
        ours = self.check(copy, "comparable", "--rules", str(RULES / "comparable.yaml"))
        section: dict[str, Any] = {"input": "JSONL copy of the corpus (conversion not timed)"}
        section["datatrove"] = self.rates(
            "datatrove, 2 workers", run, self.manifest["documents"], self.manifest["bytes"]
        )
        section["datatrove"]["counts"] = json.loads(run.stdout.read_text())
        if ours.failed():
            section["corpusval"] = {"failed": ours.problem()}
            self.row("corpusval check --rules comparable.yaml", f"failed: {ours.problem()}")
        else:
            section["corpusval"] = self.rates(
                "corpusval, comparable rules", ours, self.manifest["documents"], self.manifest["bytes"]
            )
            section["corpusval"]["counts"] = dict(Counter(f["rule"] for f in findings_of(ours.stdout)))
            section["ratio_corpusval_to_datatrove"] = round(ours.seconds / run.seconds, 2)
            self.row("  corpusval / datatrove", f"{section['ratio_corpusval_to_datatrove']}x")
        self.results["datatrove"] = section

    def jsonl_copy(self) -> Path:
        """The corpus as JSONL files (id, title, text) for datatrove, made once with corpusval's own reader."""
        copy = self.home / "jsonl"
        if (copy / ".done").exists():
            return copy
        from corpusval.document import Document
        from corpusval.readers import discover, read

        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir()
        files = 64
        outs = [(copy / f"part-{number:03d}.jsonl").open("w") for number in range(files)]
        number = 0
        for source in discover([self.corpus]):
            for item in read(source):
                if isinstance(item, Document):
                    record = {
                        "id": f"{item.path}::{item.record or ''}",
                        "title": item.get("title") or "",
                        "text": item.text,
                    }
                    outs[number % files].write(json.dumps(record, ensure_ascii=False) + "\n")
                    number += 1
        for out in outs:
            out.close()
        (copy / ".done").touch()
        return copy

    # -- d. pytest --------------------------------------------------------------------------

    def pytest(self) -> None:
        size = min(self.documents, self.args.pytest_documents)
        print(f"d. pytest: corpusval plugin vs a no-op plugin with the same items ({size} documents)", flush=True)
        corpus = corpus_dir(size, self.seed)
        (corpus.parent / "pytest.ini").write_text("[pytest]\ntestpaths = corpus\n")
        section: dict[str, Any] = {"documents": size}
        if size < self.documents:
            section["note"] = f"a {size}-document corpus: pytest at {self.documents} documents takes too long"
        item_modes = ["rule"]
        if pytest_help_mentions("corpus_items"):
            item_modes.append("document")
        else:
            section["document"] = {"skipped": "no corpus_items ini option yet"}
            self.row("pytest, corpus_items = document", "skipped: no corpus_items ini option yet")
        for mode in item_modes:
            ours, noop, ratio = self.pytest_pair(
                corpus, (f"corpusval-{mode}", DEFAULT_RULES, mode, False), (f"noop-{mode}", DEFAULT_RULES, mode, True)
            )
            entry = {"corpusval": ours, "noop": noop}
            if ratio is not None:
                entry["ratio"] = round(ratio, 2)
                entry["same_item_count"] = ours["items"] == noop["items"]
                self.row(
                    f"  ratio corpusval / no-op ({mode} items)",
                    f"{entry['ratio']}x" + ("" if entry["same_item_count"] else " (item counts differ!)"),
                    "target <= 1.25x",
                )
            section[mode] = entry
        self.same_as_check(corpus, item_modes, section)
        section["failing"] = self.failing_linearity(size)
        self.results["pytest"] = section

    def same_as_check(self, corpus: Path, item_modes: Sequence[str], section: dict[str, Any]) -> None:
        """Whether the pytest runs above reported the very findings `corpusval check` reports on their corpus."""
        reference = self.check(corpus, "pytest-corpus")
        if reference.failed():
            self.row("  findings identical to corpusval check", f"skipped: {reference.problem()}")
            return
        expected = Counter((f["path"], f["line"], f["column"], f["rule"]) for f in findings_of(reference.stdout))
        for mode in item_modes:
            output = corpus.parent / f"pytest-corpusval-{mode}.txt"
            if "seconds" not in section[mode]["corpusval"]:  # the run failed
                continue
            same = _pytest_findings(output.read_text(errors="replace")) == expected
            section[mode]["identical_to_check"] = same
            self.row(f"  findings identical to corpusval check ({mode} items)", str(same))

    def pytest_pair(
        self, corpus: Path, *pair: tuple[str, Path, str, bool]
    ) -> tuple[dict[str, Any], dict[str, Any], float | None]:
        """pytest over `corpus` twice, each (name, rules, item mode, no-op plugin?): the outcome of each (its
        fastest run) and the ratio of the first to the second, of runs made side by side (`paired_ratio`)."""
        first, second = measure_in_turn(self.args.repeat, [self.pytest_command(corpus, *run) for run in pair])
        outcomes = [
            self.pytest_outcome(_fastest(runs), rules, mode, noop)
            for runs, (_, rules, mode, noop) in zip((first, second), pair, strict=True)
        ]
        timed = all("seconds" in outcome for outcome in outcomes)  # each ran and showed its items
        return outcomes[0], outcomes[1], paired_ratio(first, second) if timed else None

    def pytest_command(self, corpus: Path, name: str, rules: Path, mode: str, noop: bool) -> Command:
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
        env = {}
        if noop:
            command += [
                "-p",
                "noop_plugin",
                f"--noop-corpus={corpus.name}",
                f"--noop-rules={rules}",
                f"--noop-items={mode}",
            ]
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")]))
        else:
            command += [f"--corpus={corpus.name}", f"--corpus-rules={rules}", *self.pytest_no_cache]
            if mode == "document":
                command += ["-o", "corpus_items=document"]
        return Command(command, corpus.parent, corpus.parent / f"pytest-{name}.txt", env)

    def pytest_outcome(self, run: Measurement, rules: Path, mode: str, noop: bool) -> dict[str, Any]:
        counts = _pytest_counts(run.stdout.read_text(errors="replace"))
        items = sum(counts.get(key, 0) for key in ("passed", "failed", "error", "errors", "skipped"))
        label = f"pytest {'no-op' if noop else 'corpusval'} ({mode} items, {rules.stem})"
        if run.returncode not in (0, 1) or not items:
            problem = run.problem()
            self.row(label, f"failed: {problem}")
            return {"failed": problem}
        self.row(
            label,
            f"{run.seconds:8.2f} s {items:>8} items {1e6 * run.seconds / items:>7.0f} us/item",
            f"{counts.get('failed', 0)} failed",
        )
        return {
            "seconds": round(run.seconds, 3),
            "items": items,
            "failed": counts.get("failed", 0),
            "us_per_item": round(1e6 * run.seconds / items, 1),
            "peak_rss_mb": round(run.peak_rss_mb),
        }

    def failing_linearity(self, size: int) -> dict[str, Any]:
        """Time per item with a fifth of the items failing vs none, at two corpus sizes."""
        result: dict[str, Any] = {}
        for documents in (max(size // 4, 100), size):
            corpus = corpus_dir(documents, self.seed)
            (corpus.parent / "pytest.ini").write_text("[pytest]\ntestpaths = corpus\n")
            failing, passing, ratio = self.pytest_pair(  # the same items, a fifth of them failing or none
                corpus,
                ("failing", RULES / "failing.yaml", "rule", False),
                ("passing", RULES / "passing.yaml", "rule", False),
            )
            entry: dict[str, Any] = {"failing": failing, "passing": passing}
            if ratio is not None:
                entry["cost_ratio"] = round(ratio, 2)
                self.row(f"  per-item cost, 20% failing / none ({documents} docs)", f"{entry['cost_ratio']}x")
            result[str(documents)] = entry
        entries = [entry for entry in result.values() if "cost_ratio" in entry]
        if len(entries) == 2:
            result["growth"] = round(entries[1]["cost_ratio"] / entries[0]["cost_ratio"], 2)
            self.row("  growth of that ratio, 4x the documents", f"{result['growth']}x", "linear: ~1.0x")
            for kind in ("failing", "passing"):  # the cost of the items added, without start-up and collection
                small, large = entries[0][kind], entries[1][kind]
                marginal = 1e6 * (large["seconds"] - small["seconds"]) / (large["items"] - small["items"])
                result[f"marginal_us_per_item_{kind}"] = round(marginal, 1)
                self.row(f"  marginal cost per item, {kind}", f"{marginal:.0f} us")
        return result

    # -- e. incremental ---------------------------------------------------------------------

    def incremental(self) -> None:
        print("e. incremental: a second run with the cache on", flush=True)
        if "--cache-dir" not in self.options:
            self.skip("incremental", "no --cache-dir option yet")
            return
        firsts: list[Measurement] = []
        seconds: list[Measurement] = []
        same = True
        for _ in range(self.args.repeat):  # each pair from an empty cache; the fastest of each, as elsewhere
            cache = Path(tempfile.mkdtemp(prefix="cache-", dir=self.home))
            try:
                first = self.check(self.corpus, "cache-first", "--cache-dir", str(cache), cache=True)
                second = self.check(self.corpus, "cache-second", "--cache-dir", str(cache), cache=True)
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            if first.failed() or second.failed():
                self.skip("incremental", f"run failed: {(first if first.failed() else second).problem()}")
                return
            same = same and findings_of(first.stdout) == findings_of(second.stdout)
            firsts.append(first)
            seconds.append(second)
        first, second = _fastest(firsts), _fastest(seconds)
        ratio = second.seconds / first.seconds
        self.results["incremental"] = {
            "first_seconds": round(first.seconds, 3),
            "second_seconds": round(second.seconds, 3),
            "ratio": round(ratio, 3),
            "identical": same,
        }
        self.row("first run (cold cache)", f"{first.seconds:8.2f} s")
        self.row(
            "second run (warm cache)", f"{second.seconds:8.2f} s = {100 * ratio:.1f}% of the first", "target <= 10%"
        )
        self.row("  findings identical", str(same))

    # -- f. names ---------------------------------------------------------------------------

    def names(self) -> None:
        small_size = max(self.documents // 10, 100)
        print(f"f. name clustering: name rule alone at {small_size} and {self.documents} documents", flush=True)
        rules = RULES / "names.yaml"
        section: dict[str, Any] = {}
        timings = {}
        for documents in (small_size, self.documents):
            corpus = corpus_dir(documents, self.seed)
            run = self.check(corpus, "names", "--rules", str(rules))
            if run.failed():
                self.skip("names", f"run failed: {run.problem()}")
                return
            timings[documents] = run.seconds
            manifest = json.loads((corpus.parent / "manifest.json").read_text())
            section[str(documents)] = {
                "seconds": round(run.seconds, 3),
                "distinct_people": manifest["distinct_people"],
                "distinct_surname_spellings": manifest["distinct_surname_spellings"],
                "peak_rss_mb": round(run.peak_rss_mb),
            }
            self.row(f"name rule, {documents} docs", f"{run.seconds:8.2f} s", f"{manifest['distinct_people']} people")
        section["ratio"] = round(timings[self.documents] / timings[small_size], 2)
        self.row("  ratio for 10x the documents", f"{section['ratio']}x", "target <= 12x")
        for documents in (small_size, self.documents):
            corpus = corpus_dir(documents, self.seed)
            run = measure(
                [sys.executable, str(BENCH / "names_phases.py"), str(corpus), str(rules)],
                corpus.parent,
                corpus.parent / "names-phases.json",
            )
            if run.failed(ok=(0,)):
                section[f"phases_{documents}"] = {"failed": run.problem()}
                self.row(f"  name phases, {documents} docs", f"failed: {run.problem()}")
                continue
            phases = json.loads(run.stdout.read_text())
            section[f"phases_{documents}"] = phases
            self.row(
                f"  name phases, {documents} docs",
                f"tally {phases['tally_seconds']:.2f} s, merge {phases['merge_seconds']:.3f} s,"
                f" clustering {phases['finish_seconds']:.2f} s",
                f"{phases['distinct_surnames']} spellings",
            )
            recall = phases["recall"]
            shown = (
                recall
                if isinstance(recall, str)
                else (f"{recall['pairs_with_blocking']}/{recall['pairs_all']} = {recall['recall']:.3f}")
            )
            self.row(f"  blocking recall vs all pairs, {documents} docs", f"recall: {shown}")
        self.results["names"] = section

    # -- g. dask ----------------------------------------------------------------------------

    def dask(self) -> None:
        print("g. Dask engine (LocalCluster, 2 workers)", flush=True)
        if "--engine" not in self.options:
            self.skip("dask", "no --engine option yet")
            return
        run = self.check(self.corpus, "dask", "--engine", "dask")
        if run.failed():
            self.skip("dask", f"corpusval --engine dask failed: {run.problem()}")
            return
        section = self.rates("corpusval check --engine dask", run, self.manifest["documents"], self.manifest["bytes"])
        reference = self.home / "findings-jobs2.json"
        if not reference.exists():
            reference = self.home / "findings-default.json"
        if reference.exists():
            section["identical_to_local"] = findings_of(run.stdout) == findings_of(reference)
            self.row("  findings identical to the local engine", str(section["identical_to_local"]))
        self.results["dask"] = section

    # -- the 10^8 estimate ------------------------------------------------------------------

    def estimate(self) -> None:
        """10^8 documents on W workers: per-document cost / W, plus merging W name tallies and clustering once."""
        check = self.results.get("check", {})
        single = check.get("jobs 1") or check.get("default")
        names = self.results.get("names", {})
        phases = names.get(f"phases_{self.documents}")
        small = names.get(f"phases_{max(self.documents // 10, 100)}")
        if not single or "seconds" not in single or not isinstance(phases, dict) or not isinstance(small, dict):
            self.skip("estimate", "needs the check and names sections")
            return
        print(f"   estimate for {TARGET_DOCUMENTS:.0e} documents", flush=True)
        per_document = single["seconds"] / self.documents
        scale = TARGET_DOCUMENTS / self.documents
        spellings = phases["distinct_surnames"] * scale**0.7  # the generator's people grow as N^0.7
        grow = phases["finish_seconds"] / max(small["finish_seconds"], 1e-6)
        exponent = math.log(max(grow, 1.0)) / math.log(
            max(phases["distinct_surnames"] / small["distinct_surnames"], 1.0001)
        )
        clustering = phases["finish_seconds"] * (spellings / phases["distinct_surnames"]) ** exponent
        merge_per_spelling = phases["merge_seconds"] / max(phases["distinct_surnames"], 1)
        estimates = {}
        for workers in ESTIMATE_WORKERS:
            reduce = workers * spellings * merge_per_spelling
            total = TARGET_DOCUMENTS * per_document / workers + reduce + clustering
            estimates[str(workers)] = {
                "hours": round(total / 3600, 2),
                "reduce_s": round(reduce),
                "clustering_s": round(clustering),
            }
            self.row(
                f"  1e8 docs on {workers} workers",
                f"{total / 3600:8.1f} h",
                f"reduce {reduce:.0f} s, clustering {clustering:.0f} s",
            )
        self.results["estimate"] = {
            "model": f"seconds per document ({'check --jobs 1' if 'jobs 1' in check else 'check with default options'})"
            " x 1e8 / workers + workers x tally merge + one clustering",
            "seconds_per_document": per_document,
            "spellings_at_1e8": round(spellings),
            "clustering_exponent": round(exponent, 2),
            "by_workers": estimates,
        }

    # -- all --------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        print(
            f"corpus: {self.corpus} ({self.manifest['documents']} documents, {self.manifest['files']} files,"
            f" {self.manifest['bytes'] / 1e6:.1f} MB)",
            flush=True,
        )
        sections = {
            "baseline": self.baseline,
            "check": self.cli_check,
            "quality": self.quality,
            "datatrove": self.datatrove,
            "pytest": self.pytest,
            "incremental": self.incremental,
            "names": self.names,
            "dask": self.dask,
            "estimate": self.estimate,
        }
        chosen = self.args.only.split(",") if self.args.only else list(sections)
        for name in chosen:
            if name == "check" and "baseline" not in self.results:
                self.baseline()
            sections[name]()
        return {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join(["python", "bench/run.py", *sys.argv[1:]]),
            "machine": self.machine,
            "corpus": {
                key: self.manifest[key]
                for key in (
                    "documents",
                    "files",
                    "bytes",
                    "people_pool",
                    "distinct_people",
                    "distinct_surname_spellings",
                    "defect_counts",
                )
            }
            | {"seed": self.seed},
            "sections": self.results,
            "table": self.rows,
        }


_PYTEST_FAILURE = re.compile(r"^(\S.*?):(\d+):(\d+): ([\w.-]+) ", re.MULTILINE)
_PYTEST_WARNING = re.compile(r"^  (.+?):0: CorpusWarning: ([\w.-]+) \(line (\d+), column (\d+)\)")
_PYTEST_WARNINGS_OF_FILE = re.compile(r"^\S.*: (\d+) warnings?$")


def _pytest_findings(output: str) -> Counter[tuple[str, int, int, str]]:
    """The findings in a corpusval pytest run's output, as (path, line, column, rule): one line each in the
    plugin's section of failures ('path:line:column: rule message'; excerpts under it are indented), and the
    warnings of rules of severity warning.

    pytest shows alike warnings once, under the items that raised them (or "file: N warnings" past nine):
    a record whose text holds "Next Post" twice raises two warnings at its line.
    """
    head, section, failures = output.rpartition("= corpusval: ")
    if not section:  # no failures
        head, failures = output, ""
    found = Counter(
        (path, int(line), int(column), rule) for path, line, column, rule in _PYTEST_FAILURE.findall(failures)
    )
    raised = 0  # by the items listed above the next warning
    for line in head.partition("= warnings summary =")[2].splitlines()[1:]:  # after the heading's own line
        if warning := _PYTEST_WARNING.match(line):
            path, rule, at, column = warning.groups()
            found[path, int(at), int(column), rule] += raised
            raised = 0
        elif line and not line[0].isspace():
            of_file = _PYTEST_WARNINGS_OF_FILE.match(line)
            raised += int(of_file.group(1)) if of_file else 1
    return found


def _pytest_counts(output: str) -> dict[str, int]:
    """The counts of pytest's closing line: '8 passed, 2 failed, 3 warnings in 1.2s'."""
    lines = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    if not lines:
        return {}
    return {word: int(number) for number, word in re.findall(r"(\d+) ([a-z]+)", lines[-1])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5,000 documents, pytest on 2,000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pytest-documents", type=int, default=10_000, help="corpus size for the pytest runs")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each timed command N times (the two of a ratio in turn), keep the fastest",
    )
    parser.add_argument(
        "--only",
        help="comma-separated sections: baseline,check,quality,datatrove,pytest,incremental,names,dask,estimate",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.documents, args.pytest_documents = 5_000, 2_000
    started = time.perf_counter()
    results = Bench(args).run()
    results["bench_seconds"] = round(time.perf_counter() - started)
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(results, indent=1) + "\n"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / "latest.json").write_text(text)
    (RESULTS / f"{stamp}-{args.documents}.json").write_text(text)
    print(f"results: {RESULTS / 'latest.json'} (and {stamp}-{args.documents}.json); took {results['bench_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
