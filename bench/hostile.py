"""Hostile inputs: a 1 GB JSONL dump, a 1 GB text file, a 200 MB JSONL line, a 10M-character line, 200k tiny files.

Each case is checked at a small and a large size with
`corpusval check PATH --no-cache -q --format json --output FILE`: wall time and peak
memory of the process tree (bench/run.py's `measure`), how time grows against size,
and whether the report says what it should. Inputs are made in a temporary folder
(their making is not timed) and deleted after the case. Exits 1 when an outcome is
wrong or a run's peak memory passes 1 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from generate import generate
from run import RESULTS, corpusval_command, machine, measure

from corpusval.options import MAX_DOCUMENT_BYTES

MEMORY_LIMIT_MB = 1024
LINEAR_SLACK = 1.5  # time may grow up to 1.5x the size ratio before it is called more than linear
LIMIT_MESSAGE = "the size limit of one document"


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """A word list written as one string, as word lists read best (as in generate.py)."""
    return text.split()


_GIVEN = _words("Sergei Natalia Magnus Ingrid Carlos Lucia Marco Giulia Armen Leyla Kwame Ngozi Pavel Karin")
_SURNAMES = _words("Ryabkov Lindqvist Moreira Castellini Petrosyan Adeyemi Kowalczyk Haugland Ferreira Demirci")
_MONTHS = _words("January February March April May June July August September October November December")
_FILLER = (
    "officials said the talks would resume after a pause of several weeks",
    "the ministry declined to comment on the figures published in the annual report",
    "analysts warned that the timetable was ambitious and the budget tight",
    "residents of the district heard little about the project until this week",
    "the company said the first phase would be completed before the end of the year",
)


def _sentences(rng: random.Random, published: date) -> Iterator[str]:
    """Endless news-like sentences naming people and dates, all before `published` (plausible dates)."""
    while True:
        given, surname = rng.choice(_GIVEN), rng.choice(_SURNAMES)
        day = published - timedelta(days=rng.randint(1, 300))
        yield (
            f"{given} {surname} said on {_MONTHS[day.month - 1]} {day.day}, {day.year} that "
            f"{rng.choice(_FILLER)}, and {surname} added that {rng.choice(_FILLER)}."
        )


def _text_of(characters: int, seed: int, published: date) -> str:
    """Words (names and dates among them) on one line, exactly `characters` long."""
    parts: list[str] = []
    length = 0
    for sentence in _sentences(random.Random(seed), published):
        parts.append(sentence)
        length += len(sentence) + 1
        if length >= characters:
            break
    return " ".join(parts)[:characters].rstrip() + "."


def _news_records(folder: Path) -> list[str]:
    """2,000 JSONL records from bench/generate.py (3-5 KB news stories), without their id field."""
    source = folder / "generated"
    generate(source, 2000, seed=7, formats=("jsonl",), manifest_path=folder / "generated.manifest.json")
    lines = [line for path in sorted(source.rglob("*.jsonl")) for line in path.read_text().splitlines()]
    shutil.rmtree(source)
    (folder / "generated.manifest.json").unlink()
    prefix = '{"id": "wire-'
    assert all(line.startswith(prefix) for line in lines), "generate.py writes the id first"
    return [line[line.index('"', len(prefix)) + 1 :] for line in lines]  # from the comma after the id


def make_jsonl_dump(folder: Path, size: int) -> dict[str, Any]:
    """One .jsonl file of about `size` bytes: the generated records over and over, each with its own id."""
    bodies = _news_records(folder)
    path = folder / "dump.jsonl"
    written = records = 0
    with path.open("w", buffering=1 << 20) as out:
        while written < size:
            line = f'{{"id": "dump-{records:09d}"{bodies[records % len(bodies)]}\n'
            out.write(line)
            written += len(line.encode())
            records += 1
    return {"path": path, "bytes": path.stat().st_size, "records": records}


def make_big_text(folder: Path, size: int) -> dict[str, Any]:
    """One .txt file of `size` bytes: a headline, then paragraphs of prose."""
    path = folder / "big.txt"
    paragraph = (_text_of(4000, 1, date(2023, 5, 1)) + "\n\n").encode()
    with path.open("wb") as out:
        out.write(b"Grain corridor talks resume\n\n")
        block = paragraph * (8 * 2**20 // len(paragraph))
        while (left := size - out.tell()) > 0:
            out.write(block[:left])
    return {"path": path, "bytes": path.stat().st_size, "records": 1}


def make_long_record(folder: Path, line_bytes: int, around: int = 50) -> dict[str, Any]:
    """A .jsonl file: `around` news records, one record whose line is `line_bytes` long, `around` more."""
    bodies = _news_records(folder)[: 2 * around]
    path = folder / "long-record.jsonl"
    head = '{"id": "huge", "title": "A record glued from a whole feed", "published": "2023-05-01", "text": "'
    chunk = _text_of(1 << 20, 2, date(2023, 5, 1))  # plain ASCII words: no escaping, one byte a character
    with path.open("w") as out:
        for number in range(around):
            out.write(f'{{"id": "before-{number}"{bodies[number]}\n')
        out.write(head)
        left = line_bytes - len(head) - len('"}')
        while left > 0:
            out.write(chunk[:left])
            left -= min(left, len(chunk))
        out.write('"}\n')
        for number in range(around):
            out.write(f'{{"id": "after-{number}"{bodies[around + number]}\n')
    return {"path": path, "bytes": path.stat().st_size, "records": 2 * around + 1, "long_line": around + 1}


def make_long_line(folder: Path, characters: int) -> dict[str, Any]:
    """One .md document: front matter (title, publish date), then a body of one line of `characters` characters."""
    path = folder / "one-line.md"
    published = date(2023, 5, 1)
    head = f'---\ntitle: "Minutes of a very long meeting"\npublished: {published.isoformat()}\n---\n\n'
    half = _text_of((characters - len(PLANTED)) // 2, 3, published)
    rest = _text_of(characters - len(PLANTED) - len(half) - 2, 5, published)
    path.write_text(f"{head}{half} {PLANTED} {rest}\n")
    return {
        "path": path,
        "bytes": path.stat().st_size,
        "records": 1,
        "characters": characters,
        "planted": len(half) + 2,
    }


PLANTED = (
    "The final agreement was signed on October 27, 2025, officials said."
    " Sergei Rybkov did not say when the next round would take place."
)
"""In the middle of the long line: a past event dated after publication, a misspelled Ryabkov."""


def make_tiny_files(folder: Path, count: int) -> dict[str, Any]:
    """`count` .txt files of a few lines each, 1,000 to a folder."""
    root = folder / "tiny"
    rng = random.Random(4)
    total = 0
    for number in range(count):
        sub = root / f"{number // 1000:04d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True)
        given, surname = rng.choice(_GIVEN), rng.choice(_SURNAMES)
        data = (
            f"Brief number {number}\n\n{given} {surname} said {rng.choice(_FILLER)}.\n"
            f"{surname} added that {rng.choice(_FILLER)}.\n"
        ).encode()
        (sub / f"brief-{number:06d}.txt").write_bytes(data)
        total += len(data)
    return {"path": root, "bytes": total, "records": count, "files": count}


# ---------------------------------------------------------------------------------------------
# What each report should say
# ---------------------------------------------------------------------------------------------


def _read_errors(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["rule"] == "read-error"]


def _internal_errors(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if "internal error" in finding["message"]]


def expect_all_checked(report: dict[str, Any], made: dict[str, Any]) -> list[str]:
    """Every record (or file) is a checked document; nothing unreadable, no kind failing."""
    problems = []
    if report["summary"]["documents"] != made["records"]:
        problems.append(f"{report['summary']['documents']} documents checked, {made['records']} written")
    if errors := _read_errors(report):
        problems.append(f"{len(errors)} read errors, first: {errors[0]['message']}")
    if errors := _internal_errors(report):
        problems.append(f"{len(errors)} internal errors, first: {errors[0]['message']}")
    if "files" in made and report["summary"]["files"] != made["files"]:
        problems.append(f"{report['summary']['files']} files counted, {made['files']} written")
    return problems


def expect_refused_file(report: dict[str, Any], made: dict[str, Any]) -> list[str]:
    """One read error, "file is larger than 16 MiB, the size limit of one document", and nothing else."""
    findings = report["findings"]
    if len(findings) != 1 or findings[0]["rule"] != "read-error":
        return [f"expected one read-error finding, found {Counter(f['rule'] for f in findings)}"]
    message = findings[0]["message"]
    if "larger than" not in message or LIMIT_MESSAGE not in message:
        return [f"unexpected message: {message}"]
    return [] if report["summary"]["documents"] == 0 else [f"{report['summary']['documents']} documents checked"]


def expect_refused_record(report: dict[str, Any], made: dict[str, Any]) -> list[str]:
    """A read error at the long line; every record around it checked."""
    problems = []
    errors = _read_errors(report)
    if len(errors) != 1:
        problems.append(f"expected one read error, found {len(errors)}")
    elif errors[0]["line"] != made["long_line"] or LIMIT_MESSAGE not in errors[0]["message"]:
        problems.append(f"read error at line {errors[0]['line']}: {errors[0]['message']}")
    if report["summary"]["documents"] != made["records"] - 1:
        problems.append(f"{report['summary']['documents']} documents checked, {made['records'] - 1} around the line")
    if errors := _internal_errors(report):
        problems.append(f"{len(errors)} internal errors, first: {errors[0]['message']}")
    return problems


def expect_long_line(report: dict[str, Any], made: dict[str, Any]) -> list[str]:
    """The document is checked (it is under the limit): its long line and the defects in its middle reported."""
    problems = expect_all_checked(report, made)
    found = Counter(finding["rule"] for finding in report["findings"])
    for rule in ("long-line", "publish-date", "name-spelling"):
        if not found[rule]:
            problems.append(f"no {rule} finding")
    middle = [f for f in report["findings"] if f["rule"] in ("publish-date", "name-spelling")]
    if any(not made["planted"] <= f["column"] <= made["planted"] + len(PLANTED) for f in middle):
        problems.append(f"planted defects reported at columns {[f['column'] for f in middle]}, not {made['planted']}")
    return problems


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    what: str
    unit: str  # what the sizes count
    sizes: tuple[int, int]
    make: Callable[[Path, int], dict[str, Any]]
    expect: Callable[[dict[str, Any], dict[str, Any]], list[str]]
    note: str = ""
    runs: list[dict[str, Any]] = field(default_factory=list)


def cases(quick: bool) -> list[Case]:
    mb = 10**6
    return [
        Case(
            "jsonl-dump",
            "one JSONL file of ~3-5 KB news records, streamed a record at a time",
            "bytes",
            (10 * mb, 100 * mb) if quick else (100 * mb, 1000 * mb),
            make_jsonl_dump,
            expect_all_checked,
            "one file is one shard: one worker checks it (twice read: per-document rules, then the name rule)",
        ),
        Case(
            "big-text",
            "one .txt file, over the 16 MiB default limit",
            "bytes",
            (20 * mb, 200 * mb) if quick else (100 * mb, 1000 * mb),
            make_big_text,
            expect_refused_file,
            "refused after reading 16 MiB + 1 bytes: time should not grow with size",
        ),
        Case(
            "long-jsonl-line",
            "a JSONL file whose middle line is one huge record, 50 news records before and after",
            "line bytes",
            (20 * mb, 200 * mb),
            make_long_record,
            expect_refused_record,
            "the line is skipped in 16 MiB pieces, in both phases",
        ),
        Case(
            "one-line-document",
            "an .md document whose body is one line of words, names and dates",
            "characters",
            (100_000, 1_000_000) if quick else (1_000_000, 10_000_000),
            make_long_line,
            expect_long_line,
            "under the 16 MiB limit: checked by every rule",
        ),
        Case(
            "tiny-files",
            "folders of 1,000 .txt files of 3 lines each",
            "files",
            (2_000, 20_000) if quick else (20_000, 200_000),
            make_tiny_files,
            expect_all_checked,
            "making the files is not timed",
        ),
    ]


def run_case(case: Case, home: Path, cli: list[str]) -> list[str]:
    """Both sizes of a case; the problems found (wrong outcome, too much memory)."""
    problems: list[str] = []
    for size in case.sizes:
        folder = home / f"{case.name}-{size}"
        folder.mkdir()
        started = time.perf_counter()
        made = case.make(folder, size)
        making = time.perf_counter() - started
        target, output = made.pop("path"), folder / "report.json"
        command = [*cli, "check", target.name, "--no-cache", "-q", "--format", "json", "--output", str(output)]
        try:
            run = measure(command, folder, folder / "stdout.txt")
            entry: dict[str, Any] = {
                "size": size,
                "bytes": made["bytes"],
                "make_seconds": round(making, 1),
                "seconds": round(run.seconds, 2),
                "peak_rss_mb": round(run.peak_rss_mb),
                "returncode": run.returncode,
            }
            wrong: list[str] = []
            if run.failed():
                wrong.append(f"corpusval failed: {run.problem()}")
            elif not output.exists():
                wrong.append("no report written")
            else:
                report = json.loads(output.read_text())
                entry["documents"] = report["summary"]["documents"]
                entry["docs_per_s"] = round(entry["documents"] / run.seconds)
                entry["findings"] = dict(Counter(finding["rule"] for finding in report["findings"]))
                entry["report_bytes"] = output.stat().st_size
                wrong = case.expect(report, made)
            if run.peak_rss_mb > MEMORY_LIMIT_MB:
                wrong.append(f"peak memory {run.peak_rss_mb:.0f} MB > {MEMORY_LIMIT_MB} MB")
            entry["outcome"] = "ok" if not wrong else "; ".join(wrong)
            problems += [f"{case.name} at {size:,} {case.unit}: {problem}" for problem in wrong]
            case.runs.append(entry)
            shown = ", ".join(f"{rule} {count}" for rule, count in sorted(entry.get("findings", {}).items()))
            print(
                f"  {case.name:<18} {size:>13,} {case.unit:<10} {run.seconds:8.2f} s {run.peak_rss_mb:7.0f} MB"
                f"  docs {entry.get('documents', '-')!s:>7}  {entry['outcome']}  [{shown}]",
                flush=True,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return problems


def growth(case: Case) -> dict[str, Any]:
    """How time and memory grow from the small size to the large one, against the size."""
    small, large = case.runs
    size_ratio = case.sizes[1] / case.sizes[0]
    time_ratio = large["seconds"] / small["seconds"]
    memory_ratio = large["peak_rss_mb"] / max(small["peak_rss_mb"], 1)
    marginal = (large["seconds"] - small["seconds"]) / (large["bytes"] - small["bytes"]) * 1e6
    return {
        "size_ratio": round(size_ratio, 2),
        "time_ratio": round(time_ratio, 2),
        "memory_ratio": round(memory_ratio, 2),
        "peak_mb_added": large["peak_rss_mb"] - small["peak_rss_mb"],
        "marginal_seconds_per_mb": round(marginal, 4),
        "linear": time_ratio <= LINEAR_SLACK * size_ratio,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a tenth of the sizes (the long line as it is): a 30-second smoke run"
    )
    parser.add_argument("--only", help="comma-separated cases: jsonl-dump,big-text,long-jsonl-line,...")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = machine()
    cli = corpusval_command()
    chosen = [case for case in cases(args.quick) if not args.only or case.name in args.only.split(",")]
    problems: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="corpusval-hostile-"))
    print(f"inputs in {home} (deleted after each size); limit of one document: 16 MiB (the default)", flush=True)
    try:
        for case in chosen:
            print(f"{case.name}: {case.what} ({case.note})", flush=True)
            problems += run_case(case, home, cli)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(
        f"\n{'case':<18} {'sizes':>24} {'seconds':>17} {'peak MB':>13} {'size x':>7} {'time x':>7} {'mem x':>6}"
        f"  {'s/MB added':>10}"
    )
    results: dict[str, Any] = {}
    for case in chosen:
        entry: dict[str, Any] = {"what": case.what, "note": case.note, "unit": case.unit, "runs": case.runs}
        if len(case.runs) == 2:
            entry["growth"] = grown = growth(case)
            small, large = case.runs
            flag = "" if grown["linear"] else "  MORE THAN LINEAR"
            print(
                f"{case.name:<18} {_short(case.sizes[0]):>10} / {_short(case.sizes[1]):<11}"
                f" {small['seconds']:7.2f} / {large['seconds']:<7.2f}"
                f" {small['peak_rss_mb']:5} / {large['peak_rss_mb']:<5}"
                f" {grown['size_ratio']:6}x {grown['time_ratio']:6}x {grown['memory_ratio']:5}x"
                f"  {grown['marginal_seconds_per_mb']:10.4f}{flag}"
            )
        results[case.name] = entry
    took = round(time.perf_counter() - started)
    print(f"\n{'all outcomes as expected' if not problems else 'PROBLEMS:'}; took {took} s")
    for problem in problems:
        print(f"  {problem}")
    RESULTS.mkdir(exist_ok=True)
    data = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "bench/hostile.py", *sys.argv[1:]]),
        "machine": info,
        "memory_limit_mb": MEMORY_LIMIT_MB,
        "document_limit_bytes": MAX_DOCUMENT_BYTES,
        "cases": results,
        "problems": problems,
        "bench_seconds": took,
    }
    (RESULTS / "hostile.json").write_text(json.dumps(data, indent=1) + "\n")
    print(f"results: {RESULTS / 'hostile.json'}")
    return 1 if problems else 0


def _short(size: int) -> str:
    for unit, scale in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if size >= scale:
            return f"{size / scale:g}{unit}"
    return str(size)


if __name__ == "__main__":
    sys.exit(main())
