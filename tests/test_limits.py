"""Bounded resources: documents over the size limit, large files read as streams, YAML that would never end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from corpusval import shards, yamlio
from corpusval.cache import Cache
from corpusval.document import Document
from corpusval.engine import Engine
from corpusval.finding import READ_ERROR
from corpusval.readers import FRONT_MATTER_CHARS, ReadError, read_data, read_stream
from corpusval.rules import RuleFileError, load_rule_set
from corpusval.shards import FileRef, gather_shard, judge_shard
from tests.conftest import DEFAULT_RULES

LIMIT = 1000


class Watched(io.BytesIO):
    """A stream that remembers the most bytes one call returned and how many were read in all."""

    largest = 0
    total = 0

    def read(self, size: int | None = -1, /) -> bytes:
        return self._seen(super().read(size))

    def readline(self, size: int | None = -1, /) -> bytes:
        return self._seen(super().readline(size))

    def _seen(self, data: bytes) -> bytes:
        self.largest, self.total = max(self.largest, len(data)), self.total + len(data)
        return data


def read(data: bytes, suffix: str, limit: int = LIMIT) -> tuple[list[Document | ReadError], Watched]:
    stream = Watched(data)
    return list(read_stream(stream, f"f{suffix}", f"f{suffix}", suffix, limit)), stream


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_document_over_the_limit_is_reported_and_read_no_further(suffix: str) -> None:
    items, stream = read(b"Title\n" + b"x" * 10 * LIMIT, suffix)
    [error] = items
    assert isinstance(error, ReadError) and (error.problem.line, error.problem.column) == (1, 1)
    assert "larger than 1000 bytes, the size limit of one document" in error.problem.message
    assert "--max-document-size" in error.problem.message
    assert stream.total == LIMIT + 1


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_document_at_the_limit_is_read(suffix: str) -> None:
    [document], _ = read(b"# Title\n" + b"x" * (LIMIT - 8), suffix)
    assert isinstance(document, Document) and document.get("title") in ("Title", "# Title")


def test_a_jsonl_record_over_the_limit_is_skipped_in_bounded_pieces() -> None:
    small = json.dumps({"id": "a", "title": "T", "text": "ok"}).encode()
    huge = json.dumps({"id": "b", "title": "T", "text": "x" * 100 * LIMIT}).encode()
    exact = json.dumps({"id": "c", "text": "y" * (LIMIT - len('{"id": "c", "text": ""}'))}).encode()
    assert len(exact) == LIMIT
    items, stream = read(b"\n".join([small, huge, exact, small.replace(b'"a"', b'"d"')]) + b"\r\n", ".jsonl")
    assert [item.record for item in items] == ["a", "line-2", "c", "d"]
    error = items[1]
    assert isinstance(error, ReadError) and error.problem.line == 2
    assert "record is larger than 1000 bytes" in error.problem.message
    assert [item.record_line for item in items if isinstance(item, Document)] == [1, 3, 4]
    assert stream.largest <= 8192  # the binary sniff; a record is held whole only when within the limit


def test_a_jsonl_file_is_read_a_record_at_a_time() -> None:
    lines = [json.dumps({"id": str(number), "text": "word " * 100}) for number in range(2000)]
    items, stream = read("\n".join(lines).encode(), ".jsonl", limit=100_000)
    assert len(items) == 2000 and all(isinstance(item, Document) for item in items)
    assert stream.largest <= 8192


def test_record_ids_that_are_not_fit_to_show_are_replaced_by_the_line() -> None:
    records = [{"id": "ok-1"}, {"id": "esc\u001b[2J"}, {"id": "x" * 500}, {"id": "rtl\u202e"}, {"id": True}]
    data = "\n".join(json.dumps({**record, "text": "t"}) for record in records).encode()
    items, _ = read(data, ".jsonl")
    assert [item.record for item in items] == ["ok-1", "line-2", "line-3", "line-4", "line-5"]


def test_a_jsonl_file_with_nul_bytes_near_its_start_is_binary() -> None:
    [document], _ = read(b'{"text": "a\x00b"}\n' * 3, ".jsonl")
    assert isinstance(document, Document) and document.binary


def test_read_data_takes_the_limit_too() -> None:
    [error] = read_data(b"x" * 20, "a.txt", "a.txt", ".txt", max_bytes=10)
    assert isinstance(error, ReadError)


# YAML: front matter and rule files


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("a: " + "[" * 5000 + "]" * 5000, "nested more than 64 levels deep"),
        ("a: " + "{x: " * 100 + "1" + "}" * 100, "nested more than 64 levels deep"),
        ("".join(" " * level + "k:\n" for level in range(100)), "nested more than 64 levels deep"),
        ("k" * 100_000 + ": 1", f"more than the {FRONT_MATTER_CHARS:,} read"),
        ("k: " + "v" * 100_000, f"more than the {FRONT_MATTER_CHARS:,} read"),
    ],
    ids=["flow-brackets", "flow-braces", "block-indents", "huge-key", "huge-value"],
)
def test_front_matter_that_would_keep_the_parser_busy_is_refused(front: str, message: str) -> None:
    [error] = read_data(f"---\n{front}\n---\nBody\n".encode(), "a.md", "a.md", ".md")
    assert isinstance(error, ReadError) and message in error.problem.message


def test_the_refused_depth_is_located_on_its_line() -> None:
    front = "title: T\nnested:\n  a: " + "[" * 80 + "]" * 80
    [error] = read_data(f"---\n{front}\n---\n".encode(), "a.md", "a.md", ".md")
    assert isinstance(error, ReadError) and error.problem.line == 4  # the file line: front matter starts on 2


def test_ordinary_nesting_and_brackets_in_strings_are_read() -> None:
    front = 'title: "[[[ draft ]]]"\ntags: [a, [b, {c: d}]]\nauthor:\n  name: A\n  links:\n    - x\n'
    [document] = read_data(f"---\n{front}---\nBody\n".encode(), "a.md", "a.md", ".md")
    assert isinstance(document, Document) and document.get("tags") == ["a", ["b", {"c": "d"}]]


def test_a_rule_file_nested_too_deeply_or_too_large_is_a_positioned_error(tmp_path: Path) -> None:
    deep, large = tmp_path / "deep.yaml", tmp_path / "large.yaml"
    deep.write_text("rules:\n  - id: x\n    kind: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    large.write_text("rules: []\n# " + "x" * yamlio.MAX_CHARS + "\n", encoding="utf-8")
    for path, message, line in [(deep, "nested more than 64", 3), (large, "is refused: at most", 1)]:
        with pytest.raises(RuleFileError) as raised:
            load_rule_set([path])
        [error] = raised.value.errors
        assert message in str(error) and f"{path.name}:{line}:" in str(error)


# Large files: streamed by the shards, with the same findings and a digest for the cache


def corpus_file(tmp_path: Path, records: int) -> FileRef:
    lines = []
    for number in range(records):
        title = "" if number % 7 == 0 else f"Story {number}"
        text = "Officials met on Monday.\nNext Post\nNext Post\n" if number % 5 == 0 else "Officials met."
        lines.append(json.dumps({"id": f"r{number}", "title": title, "text": text, "published": "2022-01-10"}))
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return FileRef(str(path), "dump.jsonl", "dump.jsonl", path.stat().st_size)


def check(engine: Engine, ref: FileRef, cache: Cache | None = None) -> tuple[list[str], str, bool]:
    gathered = gather_shard(engine, [ref], "context", cache)
    corpus = engine.finish(engine.merge([gathered.summaries]))
    findings = gathered.findings + judge_shard(engine, [ref], corpus, "judge-" + gathered.key, cache)
    return sorted(f"{f.line}:{f.rule}:{f.message}" for f in findings), gathered.key, gathered.cached


def test_a_large_file_streams_to_the_findings_it_gives_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, ref = Engine(DEFAULT_RULES), corpus_file(tmp_path, 300)
    whole, whole_key, _ = check(engine, ref)
    monkeypatch.setattr(shards, "STREAM_BYTES", 4096)
    streamed, streamed_key, _ = check(engine, ref)
    assert streamed == whole and len(whole) > 50
    assert streamed_key == whole_key  # the digest taken while streaming is the digest of the whole file


def test_a_streamed_file_is_cached_by_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "STREAM_BYTES", 4096)
    engine, ref, cache = Engine(DEFAULT_RULES), corpus_file(tmp_path, 100), Cache.open(tmp_path / "cache")
    first = check(engine, ref, cache)
    again = check(engine, ref, cache)
    assert again[0] == first[0] and again[1] == first[1]
    Path(ref.path).write_text('{"id": "only", "text": "x"}\n', encoding="utf-8")
    changed = check(engine, ref, cache)
    assert changed[1] != first[1] and changed[0] == ["1:required-title:field 'title' is missing"]


def test_a_document_over_the_engines_limit_is_a_read_error_finding(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * 1000, encoding="utf-8")
    ref = FileRef(str(path), "big.txt", "big.txt", path.stat().st_size)
    [finding] = gather_shard(Engine(DEFAULT_RULES, max_document_bytes=1024), [ref], "c", None).findings
    assert finding.rule == READ_ERROR and "larger than 1 KiB" in finding.message


def test_a_rule_lists_at_most_a_hundred_findings_a_document_and_counts_the_rest() -> None:
    text = "Title\n" + "".join(f"You May Like: story number {number} of the week\n" * 2 for number in range(1000))
    [document] = read_data(text.encode(), "a.txt", "a.txt", ".txt")
    assert isinstance(document, Document)
    rules = [rule for rule in DEFAULT_RULES if rule.id == "duplicated-footer"]
    findings = Engine(rules).judge(document, {})
    assert len(findings) == 101
    assert findings[-1].line == 203 and findings[-1].message == (
        "900 more findings of this rule in this document from here on, not listed (at most 100 a document are)"
    )
    assert all("repeats" in finding.message for finding in findings[:100])
