"""Fuzzing: random and mutated bytes through every reader and the engine, random and mutated YAML through the loader.

    .venv/bin/python bench/fuzz.py                      # 2,000 inputs per target
    .venv/bin/python bench/fuzz.py --seconds 300        # about five minutes, shared among the targets
    .venv/bin/python bench/fuzz.py --atheris --seconds 300   # coverage-guided (pip install atheris)
    .venv/bin/python bench/fuzz.py --replay bench/results/fuzz-crashes/md-0123456789ab.md

A document target writes one file, checks it as the runner does (`gather_shard` with the
default rules, merged with a fixed companion shard, `judge_shard` on both, tallies and
overviews included) and renders the report in every format (JSON and SARIF must parse,
JUnit must parse as XML, every format must encode as UTF-8). The rule-file target loads one
YAML rule file; when it loads, its rules check a few seed documents the same way. The only
outcomes allowed are documents, read errors, findings, rule sets and rule-file errors: any
exception, or a finding that reports an "internal error in kind", is a crash. The table and
bench/results/fuzz.json give the inputs and outcomes per target; each crashing input is saved
under bench/results/fuzz-crashes/ with its traceback and the command that replays it.
tests/test_fuzz.py drives the same targets with hypothesis.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html.parser
import json
import os
import random
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ATHERIS_CHILD = "--atheris-child"


def _instrumented() -> AbstractContextManager[Any]:
    """In an atheris run, corpusval and its YAML parser are imported with coverage instrumentation.

    Only those: instrumenting every loaded module (`atheris.instrument_all`) takes a minute to start
    and runs ten times slower.
    """
    if ATHERIS_CHILD not in sys.argv:
        return nullcontext()
    import atheris  # optional: pip install atheris

    instrumented: AbstractContextManager[Any] = atheris.instrument_imports(
        include=["corpusval", "ruamel.yaml", "jsonschema", "dateutil"]
    )
    return instrumented


with _instrumented():
    from ruamel.yaml import YAML

    from corpusval.engine import Engine, Report
    from corpusval.finding import READ_ERROR, Finding
    from corpusval.output import FORMATS
    from corpusval.rules import Rule, RuleFileError, RuleSet, default_rules_path, load_rule_set
    from corpusval.shards import FileRef, Gathered, gather_shard, judge_shard

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
CRASHES = RESULTS / "fuzz-crashes"
INTERNAL_ERROR = "internal error in kind"

DOCUMENT_TARGETS = {"txt": (".txt", ".text"), "md": (".md", ".markdown"), "jsonl": (".jsonl", ".ndjson")}
TARGETS = (*DOCUMENT_TARGETS, "front-matter", "rules")
SUFFIX = {"txt": ".txt", "md": ".md", "jsonl": ".jsonl", "front-matter": ".md", "rules": ".yaml"}


class Crash(AssertionError):
    """corpusval failed on an input in a way no input may make it fail (an exception is a crash too)."""


# ---------------------------------------------------------------------------------------------------------------
# Outcomes


@dataclass
class Outcome:
    """What one input came to: the allowed outcomes, counted."""

    documents: int = 0
    read_errors: int = 0
    findings: int = 0
    rule_sets: int = 0
    rule_file_errors: int = 0

    def add(self, other: Outcome) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


def _workdir() -> Path:
    return Path(_make_workdir())


@cache
def _make_workdir() -> str:
    return tempfile.mkdtemp(prefix="corpusval-fuzz-")


@cache
def default_rules() -> tuple[Rule, ...]:
    return tuple(load_rule_set([default_rules_path()]).rules)


_ENGINES: dict[tuple[int, ...], tuple[Sequence[Rule], Engine]] = {}


def _engine(rules: Sequence[Rule]) -> Engine:
    """One engine per rule set, kept for the default rules and the last fuzzed rule file (rules are not hashable)."""
    key = tuple(map(id, rules))
    if key not in _ENGINES:
        defaults = tuple(map(id, default_rules()))
        for other in [known for known in _ENGINES if known != defaults]:
            del _ENGINES[other]
        _ENGINES[key] = (rules, Engine(rules, tallies=True))  # the rules kept alive: their ids stay theirs
    return _ENGINES[key][1]


def _write(name: str, data: bytes) -> FileRef:
    path = _workdir() / name
    path.write_bytes(data)
    return FileRef(str(path), f"corpus/{name}", name, len(data))


# A document beside the fuzzed one: corpus-wide rules then merge two shards, as a real run does, and the
# fuzzed document's summary reaches a judgement of a clean one (names and dates both ways).
COMPANION = b"""---
title: Border talks resume in Vienna
published: 2023-10-19
---
Deputy Foreign Minister Sergei Ryabkov said on Thursday, October 19, that the talks would go on.
Ryabkov added that Armen Hovsepyan would lead the second round. Hovsepyan declined to comment.
See also: Maize prices fall
"""


def check_document(data: bytes, suffix: str, rules: Sequence[Rule] | None = None) -> Outcome:
    """Check one file of `data` as the runner does, both phases, and render the report in every format.

    Returns the outcome; raises `Crash` (or the exception itself) when the input makes corpusval fail.
    """
    engine = _engine(default_rules() if rules is None else rules)
    fuzzed = [_write(f"fuzzed{suffix}", data)]
    companion = [_write("companion.md", COMPANION)]
    gathered = [gather_shard(engine, shard, "fuzz", None) for shard in (fuzzed, companion)]
    corpus = engine.finish(engine.merge(result.summaries for result in gathered))
    findings = [finding for result in gathered for finding in result.findings]
    if engine.corpus_wide:
        for shard, result in zip((fuzzed, companion), gathered, strict=True):
            if result.wide:
                findings.extend(judge_shard(engine, shard, corpus, "fuzz", None))
    report = Report(sorted(findings), sum(result.documents for result in gathered), 2, list(engine.rules))
    report.tallies = _tallies(gathered)
    report.overviews = {rule.id: rule.check.overview(corpus[rule.id]) for rule in engine.corpus_wide}
    _no_internal_errors(report.findings)
    render_everywhere(report)
    mine = [finding for finding in report.findings if finding.path == fuzzed[0].shown]
    read_errors = sum(1 for finding in mine if finding.rule == READ_ERROR)
    return Outcome(documents=gathered[0].documents, read_errors=read_errors, findings=len(mine) - read_errors)


def _tallies(gathered: Sequence[Gathered]) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}
    for result in gathered:
        for rule_id, counts in result.tallies.items():
            for key, count in counts.items():
                totals.setdefault(rule_id, {})[key] = totals.get(rule_id, {}).get(key, 0) + count
    return totals


def _no_internal_errors(findings: Sequence[Finding]) -> None:
    broken = [finding for finding in findings if INTERNAL_ERROR in finding.message]
    if broken:
        raise Crash(f"{len(broken)} internal error(s): " + "; ".join(f"{f.rule}: {f.message}" for f in broken))


def render_everywhere(report: Report) -> None:
    """Render `report` in every format; each must be text a terminal or file can take, and parse where it is data."""
    for name, render in FORMATS.items():
        for color in (False, True) if name == "text" else (False,):
            text = render(report, color)
            if not isinstance(text, str):
                raise Crash(f"format {name} returned {type(text).__name__}, not text")
            try:
                text.encode("utf-8")  # what the CLI prints: a lone surrogate would end it with UnicodeEncodeError
            except UnicodeEncodeError as error:
                raise Crash(f"format {name} cannot be written as UTF-8: {error}") from error
            if name in ("json", "sarif"):
                json.loads(text)
            elif name == "junit":
                ET.fromstring(text.encode("utf-8"))
            elif name == "html":
                parser = html.parser.HTMLParser()
                parser.feed(text)
                parser.close()


def check_front_matter(yaml_text: bytes) -> Outcome:
    """YAML as a Markdown document's front matter."""
    return check_document(b"---\n" + yaml_text + b"\n---\nThe talks ended on Wednesday, Ryabkov said.\n", ".md")


def check_rule_file(data: bytes) -> Outcome:
    """Load `data` as a rule file: a rule set or a clean `RuleFileError`; a rule set then checks the seed documents."""
    path = _workdir() / "rules.yaml"
    path.write_bytes(data)
    try:
        loaded: RuleSet = load_rule_set([path])
    except RuleFileError as error:
        if not error.errors:
            raise Crash("RuleFileError with no error in it") from error
        for problem in error.errors:
            if problem.line < 1 or problem.column < 1 or not problem.message:
                raise Crash(f"rule-file error without a position or a message: {problem!r}") from error
        str(error)
        return Outcome(rule_file_errors=1)
    outcome = Outcome(rule_sets=1)
    if loaded.rules:
        for suffix, document in rule_seed_documents():
            checked = check_document(document, suffix, loaded.rules)
            outcome.findings += checked.findings
    return outcome


# ---------------------------------------------------------------------------------------------------------------
# Seeds: the sample corpus, the documents of the kinds' test cases, the bundled and benchmark rule files, and a
# rule file made of each kind test case's rule.


def _case_files() -> list[dict[str, Any]]:
    yaml = YAML(typ="safe", pure=True)
    return [yaml.load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "tests" / "cases").glob("*.yml"))]


@cache
def document_seeds() -> dict[str, tuple[bytes, ...]]:
    """Seed documents by target, from the sample corpus and the kinds' test cases."""
    seeds: dict[str, list[bytes]] = {target: [] for target in DOCUMENT_TARGETS}
    by_suffix = {suffix: target for target, suffixes in DOCUMENT_TARGETS.items() for suffix in suffixes}
    found = [(path.suffix, path.read_bytes()) for path in sorted((REPO / "sample_corpus").rglob("*")) if path.is_file()]
    for case_file in _case_files():
        for case in case_file.get("cases", []):
            for name, content in (case.get("files") or {}).items():
                data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else bytes(content)
                found.append((os.path.splitext(name)[1], data))
    for suffix, data in found:
        if suffix in by_suffix:
            seeds[by_suffix[suffix]].append(data)
    return {target: tuple(dict.fromkeys(found)) for target, found in seeds.items()}


@cache
def front_matter_seeds() -> tuple[bytes, ...]:
    found = []
    for data in document_seeds()["md"]:
        if data.startswith(b"---\n") and (end := data.find(b"\n---", 4)) > 0:
            found.append(data[4:end])
    return tuple(dict.fromkeys(found))


@cache
def rule_seeds() -> tuple[bytes, ...]:
    """Rule files: the bundled ones, the benchmark's, and one per kind test case (its rule under an id)."""
    files = [default_rules_path() / "news.yaml", *sorted((REPO / "bench" / "rules").glob("*.yaml"))]
    seeds = [path.read_bytes() for path in files]
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    for case_file in _case_files():
        for case in case_file.get("cases", []):
            rule = {
                "id": "fuzzed",
                "kind": case_file["kind"],
                "description": "A test case's rule.",
                **(case.get("rule") or {}),
            }
            seeds.append(_dump(yaml, {"rules": [rule]}))
    return tuple(dict.fromkeys(seeds))


def _dump(yaml: YAML, data: Any) -> bytes:
    from io import StringIO

    stream = StringIO()
    yaml.dump(data, stream)
    return stream.getvalue().encode("utf-8", "surrogatepass")


@cache
def rule_seed_documents() -> tuple[tuple[str, bytes], ...]:
    """What a rule file that loads checks: a seed of each reader."""
    seeds = document_seeds()
    return (".md", seeds["md"][0]), (".txt", seeds["txt"][0]), (".jsonl", seeds["jsonl"][0])


# ---------------------------------------------------------------------------------------------------------------
# Mutations: one list of operations, drawn by hypothesis in the tests and by a seeded Random here.

HOSTILE: tuple[bytes, ...] = (
    b"---",
    b"\n---\n",
    b"...\n",
    b"&a ",
    b"*a",
    b"&a [*a, *a, *a, *a]",
    b"<<: *a\n",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary aGVsbG8=",
    b"!!int abc",
    b"!!int ",
    b"!!float ",
    b"!!set ",
    b"!!omap ",
    b"!!timestamp ",
    b"!!str ",
    b"!custom ",
    b"%YAML 1.1\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"\t",
    b"[" * 200,
    b"{" * 200,
    b'{"a":' * 100,
    b"- " * 100,
    b"\x00",
    b"\x1b[31m",
    b"\x1b]8;;http://x\x07",
    b"\r",
    b"\r\n",
    b"\xe2\x80\xa8",  # U+2028
    b"\xe2\x80\xae",  # right-to-left override
    b"\xef\xbb\xbf",  # BOM
    b"\xff\xfe",  # UTF-16 BOM
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate: invalid
    b"\\ud800",
    b'"\\ud800"',
    b'"\\udfff\\ud800"',
    b"9" * 5000,
    b"1e999",
    b"-1e999",
    b"NaN",
    b"Infinity",
    b".inf",
    b"0x1F",
    b"2022-02-30",
    b"0001-01-01",
    b"9999-12-31T23:59:59Z",
    b"Monday, February 30, 2023",
    b"Sergei Ryabkov",
    b"Rybkov",
    b"said Hovsepian",
    b"Mr. ",
    b"title: ",
    b"title: x\ntitle: y\n",
    b"published: ",
    b"text: ",
    b'"id": ',
    b'"text": ',
    b'"title": ',
    b'"published": ',
    b'{"id": 1, "id": 2, "text": "x"}\n',
    b'{"text": null}\n',
    b'{"text": ["a"]}\n',
    b'{"body": "b", "date": "2023-13-01"}\n',
    b"See also: x\n",
    b"Next Post\n",
    b"\n\n\n",
    b"x" * 25000,
    b"A" * 64 + b"\n" + b"A" * 64 + b"\n",
    b"(?P<",
    b"\\",
    b"{match}",
    b"{0}",
    b"%s",
)


@dataclass(frozen=True)
class Op:
    """One mutation: `kind` at a relative position `at` (0..1), with a length or a hostile token `arg`."""

    kind: str
    at: float
    arg: int


OP_KINDS = ("flip", "insert-byte", "insert-token", "delete", "duplicate", "truncate", "splice", "swap-lines")


def mutate(data: bytes, ops: Sequence[Op], others: Sequence[bytes] = ()) -> bytes:
    """Apply `ops` to `data` in order; `others` are seeds to splice from."""
    buffer = bytearray(data)
    for op in ops:
        where = min(int(op.at * (len(buffer) + 1)), len(buffer))
        if op.kind == "flip" and buffer:
            where = min(where, len(buffer) - 1)
            buffer[where] ^= 1 << (op.arg % 8)
        elif op.kind == "insert-byte":
            buffer[where:where] = bytes([op.arg % 256])
        elif op.kind == "insert-token":
            buffer[where:where] = HOSTILE[op.arg % len(HOSTILE)]
        elif op.kind == "delete":
            del buffer[where : where + 1 + op.arg % 64]
        elif op.kind == "duplicate":
            chunk = bytes(buffer[where : where + 1 + op.arg % 256])
            buffer[where:where] = chunk * (1 + op.arg % 3)
        elif op.kind == "truncate":
            del buffer[where:]
        elif op.kind == "splice" and others:
            other = others[op.arg % len(others)]
            start = int(op.at * len(other))
            buffer[where:] = other[start:]
        elif op.kind == "swap-lines":
            lines = bytes(buffer).split(b"\n")
            if len(lines) > 1:
                first, second = where % len(lines), op.arg % len(lines)
                lines[first], lines[second] = lines[second], lines[first]
                buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


def random_ops(rng: random.Random) -> list[Op]:
    count = rng.choice((1, 1, 2, 3, 5, 8, 16))
    return [Op(rng.choice(OP_KINDS), rng.random(), rng.randrange(1 << 16)) for _ in range(count)]


# Tree mutations of a rule file: values a YAML author could write where another was expected.
HOSTILE_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    10**400,
    -(10**30),
    0.5,
    -0.0,
    1e308,
    float("inf"),
    float("nan"),
    "",
    " ",
    "x" * 10000,
    "(",
    "[",
    "(?P<a>x)(?P=a)",
    "(?i)",
    "\\",
    "\\p{Zs}",
    "^$",
    "$",
    "(a*)*b",
    "{match}",
    "{match!r}",
    "{0}",
    "{",
    "}",
    "%s",
    "*",
    "**/*",
    "[!",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\ud800",
    "2022-02-30",
    "0001-01-01",
    "9999-12-31",
    "today",
    [],
    {},
    [None],
    [""],
    ["*"],
    [[[[[]]]]],
    {"": None},
)


@dataclass(frozen=True)
class TreeOp:
    """Replace (`replace`), drop (`delete`) or copy (`duplicate`) the `node`-th node; `value` picks the new value."""

    kind: str
    node: int
    value: int


TREE_OP_KINDS = ("replace", "replace", "replace-leaf", "delete", "duplicate", "rename")


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, (*path, index))


def mutate_tree(source: bytes, ops: Sequence[TreeOp], leaves: Sequence[Any] = ()) -> bytes:
    """Parse a seed rule file, apply `ops` to its tree, and write it back as YAML."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    data = yaml.load(source)
    pool = (*HOSTILE_VALUES, *leaves)
    for op in ops:
        nodes = [(path, value) for path, value in _nodes(data) if path]
        if not nodes:
            break
        path, value = nodes[op.node % len(nodes)]
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        if op.kind == "replace" or (op.kind == "replace-leaf" and not isinstance(value, dict | list)):
            parent[last] = copy.deepcopy(pool[op.value % len(pool)])  # a shared list would grow into a cycle
        elif op.kind == "delete":
            del parent[last]
        elif op.kind == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(value))
        elif op.kind == "rename" and isinstance(parent, dict):
            names = [key for key in _keys(data) if key not in parent]
            if names:
                parent[names[op.value % len(names)]] = parent.pop(last)
    return _dump(yaml, data)


def _keys(data: Any) -> list[str]:
    return sorted({path[-1] for path, _ in _nodes(data) if path and isinstance(path[-1], str)})


@cache
def rule_leaves() -> tuple[Any, ...]:
    """Every scalar of the seed rule files: a valid value of one option is a plausible wrong value of another."""
    yaml = YAML(typ="safe", pure=True)
    found: dict[str, Any] = {}
    for seed in rule_seeds():
        for _, value in _nodes(yaml.load(seed)):
            if not isinstance(value, dict | list):
                found.setdefault(repr(value), value)
    return tuple(found.values())


# ---------------------------------------------------------------------------------------------------------------
# The seeded fuzzer


def _random_text(rng: random.Random) -> bytes:
    """Bytes from a mix of hostile tokens, seed fragments and random bytes."""
    parts = []
    for _ in range(rng.randrange(1, 24)):
        pick = rng.random()
        if pick < 0.4:
            parts.append(rng.choice(HOSTILE))
        elif pick < 0.8:
            seed = rng.choice([*document_seeds()["md"], *rule_seeds()])
            start = rng.randrange(len(seed))
            parts.append(seed[start : start + rng.randrange(1, 120)])
        else:
            parts.append(rng.randbytes(rng.randrange(1, 16)))
    return b"".join(parts)


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.randrange(9 if depth < 4 else 5)
    if pick == 0:
        return rng.choice((None, True, False, 0, -1, 10**40, 1.5, 1e308))
    if pick in (1, 2):
        return rng.choice(HOSTILE).decode("utf-8", "surrogateescape")
    if pick in (3, 4):
        return "".join(chr(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x110000)))) for _ in range(8))
    if pick in (5, 6):
        return [_json_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ("id", "title", "text", "body", "published", "date", "url", "author", "")
    return {rng.choice(keys): _json_value(rng, depth + 1) for _ in range(rng.randrange(5))}


def _jsonl_records(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randrange(1, 6)):
        record = _json_value(rng, 1) if rng.random() < 0.2 else {}
        if isinstance(record, dict) and rng.random() < 0.8:
            record.setdefault("text", rng.choice(document_seeds()["txt"]).decode("utf-8", "replace"))
            record.setdefault("title", _json_value(rng, 3))
            record.setdefault("published", rng.choice(("2023-10-19", "2052-02-14", "", "2023-02-30", 5)))
        text = json.dumps(record, ensure_ascii=rng.random() < 0.5)
        lines.append(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: as raw (invalid) UTF-8 bytes
    return b"\n".join(lines) + rng.choice((b"", b"\n"))


def generate(target: str, rng: random.Random) -> bytes:
    """One input for `target`: random bytes, a seed mutated, a soup of hostile tokens, or a structured mutation."""
    if target == "rules":
        seeds: Sequence[bytes] = rule_seeds()
    elif target == "front-matter":
        seeds = front_matter_seeds()
    else:
        seeds = document_seeds()[target]
    pick = rng.random()
    if pick < 0.05:
        return rng.randbytes(rng.randrange(64))
    if pick < 0.15:
        return _random_text(rng)
    if target == "rules" and pick < 0.65:
        ops = [TreeOp(rng.choice(TREE_OP_KINDS), rng.randrange(1 << 16), rng.randrange(1 << 16)) for _ in range(3)]
        return mutate_tree(rng.choice(seeds), ops[: rng.randrange(1, 4)], rule_leaves())
    if target == "jsonl" and pick < 0.35:
        return _jsonl_records(rng)
    return mutate(rng.choice(seeds), random_ops(rng), seeds)


def run_target(target: str, data: bytes) -> Outcome:
    """One input through `target`."""
    if target == "rules":
        return check_rule_file(data)
    if target == "front-matter":
        return check_front_matter(data)
    return check_document(data, SUFFIX[target])


@dataclass
class TargetReport:
    target: str
    inputs: int = 0
    outcomes: Outcome = field(default_factory=Outcome)
    crashes: int = 0
    distinct_crashes: dict[str, str] = field(default_factory=dict)  # signature -> saved input
    seconds: float = 0.0
    slowest: float = 0.0


def signature(error: BaseException) -> str:
    """Where a crash comes from: its type and the innermost corpusval frame (one entry per bug, not per input)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "corpusval" in frame.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
    if isinstance(error, Crash):
        return f"Crash {str(error)[:80]}"
    return f"{type(error).__name__} at {where}"


def save_crash(target: str, data: bytes, error: BaseException) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    (CRASHES / ".gitignore").write_text("# crashing inputs stay on the machine that found them\n*\n")
    name = f"{target}-{hashlib.sha1(data).hexdigest()[:12]}{SUFFIX[target]}"
    path = CRASHES / name
    path.write_bytes(data)
    replay = f".venv/bin/python bench/fuzz.py --replay {path.relative_to(REPO)} --target {target}"
    trace = "".join(traceback.format_exception(error))
    path.with_name(name + ".traceback").write_text(f"replay: {replay}\n\n{trace}", encoding="utf-8")
    return path


def fuzz(target: str, rng: random.Random, inputs: int | None, seconds: float | None) -> TargetReport:
    report = TargetReport(target)
    started = time.monotonic()
    while (inputs is None or report.inputs < inputs) and (seconds is None or time.monotonic() - started < seconds):
        data = generate(target, rng)
        report.inputs += 1
        one = time.monotonic()
        try:
            report.outcomes.add(run_target(target, data))
        except Exception as error:  # every exception is what we are looking for
            report.crashes += 1
            key = signature(error)
            if key not in report.distinct_crashes:
                report.distinct_crashes[key] = str(save_crash(target, data, error).relative_to(REPO))
                print(f"  crash in {target}: {key}", file=sys.stderr)
        report.slowest = max(report.slowest, time.monotonic() - one)
    report.seconds = time.monotonic() - started
    return report


COLUMNS = ("inputs", "documents", "read errors", "findings", "rule sets", "rule-file errors", "crashes")


def table(reports: Sequence[TargetReport]) -> str:
    rows: list[tuple[str, ...]] = [("target", *COLUMNS)]
    for item in reports:
        o = item.outcomes
        values = (item.inputs, o.documents, o.read_errors, o.findings, o.rule_sets, o.rule_file_errors, item.crashes)
        rows.append((item.target, *(f"{value:,}" for value in values)))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def write_results(reports: Sequence[TargetReport], arguments: dict[str, Any], mode: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("fuzz-atheris.json" if mode == "atheris" else "fuzz.json")
    data = {
        "mode": mode,
        "arguments": arguments,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": sys.version.split()[0],
        "targets": [
            {
                "target": item.target,
                "inputs": item.inputs,
                **asdict(item.outcomes),
                "crashes": item.crashes,
                "distinct_crashes": item.distinct_crashes,
                "seconds": round(item.seconds, 1),
                "slowest_input_seconds": round(item.slowest, 2),
            }
            for item in reports
        ],
    }
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out


def replay(path: Path, target: str | None) -> int:
    target = target or path.name.rsplit("-", 1)[0]
    if target not in TARGETS:
        print(f"fuzz: name the target with --target ({', '.join(TARGETS)})", file=sys.stderr)
        return 2
    outcome = run_target(target, path.read_bytes())  # a crash raises, with its traceback
    print(f"{target}: no crash: {outcome}")
    return 0


# ---------------------------------------------------------------------------------------------------------------
# atheris: coverage-guided, one child process per target (libFuzzer runs once per process and never returns)


def atheris_child(target: str, seconds: float, seed: int, counts_path: Path) -> None:
    import atheris  # optional: pip install atheris

    report = TargetReport(target)
    last_flush = [time.monotonic()]

    def flush() -> None:
        counts_path.write_text(json.dumps({**asdict(report), "outcomes": asdict(report.outcomes)}), encoding="utf-8")

    def one_input(data: bytes) -> None:
        report.inputs += 1
        try:
            report.outcomes.add(run_target(target, data))
        except Exception as error:
            report.crashes += 1
            key = signature(error)
            if key not in report.distinct_crashes:
                report.distinct_crashes[key] = str(save_crash(target, data, error).relative_to(REPO))
        if time.monotonic() - last_flush[0] > 1:
            last_flush[0] = time.monotonic()
            flush()

    corpus = Path(_make_workdir()) / f"atheris-{target}"
    corpus.mkdir(exist_ok=True)
    seeds = rule_seeds() if target == "rules" else front_matter_seeds() if target == "front-matter" else None
    for number, data in enumerate(seeds or document_seeds()[target]):
        (corpus / f"seed-{number}").write_bytes(data)
    dictionary = corpus.parent / "hostile.dict"
    dictionary.write_text("".join(f'"{_dict_escape(token)}"\n' for token in HOSTILE if len(token) < 100))
    argv = [
        sys.argv[0],
        f"-max_total_time={int(seconds)}",
        f"-seed={seed}",
        f"-dict={dictionary}",
        "-max_len=16384",
        "-rss_limit_mb=4096",
        "-print_final_stats=0",
        str(corpus),
    ]
    import atexit

    atexit.register(flush)
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def _dict_escape(token: bytes) -> str:
    return "".join(chr(byte) if 0x20 <= byte < 0x7F and byte not in b'"\\' else f"\\x{byte:02X}" for byte in token)


def run_atheris(targets: Sequence[str], seconds: float, seed: int, memory_mb: int) -> list[TargetReport]:
    import subprocess

    reports = []
    for target in targets:
        counts = Path(_make_workdir()) / f"atheris-{target}.json"
        command = [
            sys.executable,
            __file__,
            ATHERIS_CHILD,
            target,
            "--seconds",
            str(seconds),
            "--seed",
            str(seed),
            "--counts",
            str(counts),
            "--memory-mb",
            str(memory_mb),
        ]
        print(f"atheris: {target} for {seconds:.0f} s", file=sys.stderr)
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not counts.exists():
            raise SystemExit(f"fuzz: the atheris run of {target} recorded nothing (is atheris installed?)")
        raw = json.loads(counts.read_text(encoding="utf-8"))
        report = TargetReport(
            target, raw["inputs"], Outcome(**raw["outcomes"]), raw["crashes"], raw["distinct_crashes"], seconds
        )
        reports.append(report)
    return reports


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: an input that makes corpusval take all memory is a crash, not an OOM kill."""
    import resource

    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--inputs", type=int, help="inputs per target (default 2,000)")
    budget.add_argument("--seconds", type=float, help="total time, shared equally among the targets")
    parser.add_argument("--seed", type=int, default=1, help="the random generator's seed (default 1)")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"a subset of {','.join(TARGETS)}")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided with atheris (needs --seconds)")
    parser.add_argument("--replay", type=Path, help="run one saved input and show its traceback")
    parser.add_argument("--target", help="the target of --replay (default: from the file name)")
    parser.add_argument(ATHERIS_CHILD, help=argparse.SUPPRESS)
    parser.add_argument("--counts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--memory-mb", type=int, default=4096, help="address-space limit: past it an input is a MemoryError crash"
    )
    args = parser.parse_args(argv)
    limit_memory(args.memory_mb)
    if args.replay:
        return replay(args.replay, args.target)
    if args.atheris_child:
        atheris_child(args.atheris_child, args.seconds, args.seed, args.counts)
        return 0
    targets = [name.strip() for name in args.targets.split(",") if name.strip()]
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    arguments = {"seed": args.seed, "targets": targets, "inputs": args.inputs, "seconds": args.seconds}
    if args.atheris:
        seconds = (args.seconds or 60 * len(targets)) / len(targets)
        reports = run_atheris(targets, seconds, args.seed, args.memory_mb)
        mode = "atheris"
    else:
        inputs = None if args.seconds else args.inputs or 2000
        seconds = args.seconds / len(targets) if args.seconds else None
        reports = []
        for target in targets:
            print(f"fuzzing {target} ...", file=sys.stderr)
            reports.append(fuzz(target, random.Random(f"{args.seed}-{target}"), inputs, seconds))
        mode = "random mutation"
    print(table(reports))
    written = write_results(reports, arguments, mode)
    crashes = sum(item.crashes for item in reports)
    print(f"wrote {written.relative_to(REPO)}", end="")
    if crashes:
        print(f"; {crashes} crashing input(s), each new kind saved under {CRASHES.relative_to(REPO)}/")
        for item in reports:
            for key, saved in item.distinct_crashes.items():
                print(f"  {item.target}: {key}\n    {saved}")
        return 1
    print("; no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
