"""The runner: shards on worker processes, content-defined shard cuts, and the incremental cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from array import array
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import corpusval.cache
import corpusval.engine
import corpusval.runner
import corpusval.shards
from corpusval.cache import Cache, rules_digest
from corpusval.document import Document
from corpusval.readers import display_path
from corpusval.rules import Rule, default_rules_path, load_rules
from corpusval.runner import Run, run
from corpusval.shards import Entry, FileRef, Gathered, split
from tests.conftest import inside, load_bench_script, write_files

PARAGRAPH = (
    "Deputy foreign minister Sergei Ryabkov said on Monday that talks would resume in Geneva."
    " Ryabkov told reporters the delegations had agreed on an agenda.\n\n"
)


def _article(title: str, body: str, repeats: int) -> str:
    return f"---\ntitle: {title}\npublished: 2022-01-10\n---\n" + body * repeats


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of a few hundred bytes: a small corpus makes several, so a pool of workers is used."""
    monkeypatch.setattr(corpusval.shards, "SHARD_BYTES", 300)


def big_corpus(root: Path) -> None:
    """Documents in several shards, with defects of every default rule, one across documents."""
    repeats = 3
    write_files(
        root,
        {
            "a.md": _article("Talks", PARAGRAPH, repeats),
            "b.md": _article("More talks", PARAGRAPH.replace("Ryabkov told", "Rybkov told"), repeats),
            "c.md": _article("Footer", PARAGRAPH + "You May Like\n", repeats),
            "small/d.md": "---\nauthor: desk\n---\nNo title here. See also: http://example.com\n",
            "small/e.jsonl": '{"id": "1", "title": "T", "text": "Fine."}\n{broken\n',
        },
    )


def default_rules() -> list[Rule]:
    return load_rules([default_rules_path()])


def check(root: Path, **options: object) -> Run:
    with inside(root):
        return run([Path(".")], default_rules(), **options)  # type: ignore[arg-type]


def test_workers_find_what_one_process_finds(tmp_path: Path) -> None:
    big_corpus(tmp_path)
    alone, pooled = check(tmp_path, jobs=1), check(tmp_path, jobs=2)
    assert pooled.shards > 1
    assert pooled.report.findings == alone.report.findings
    assert pooled.entries == alone.entries
    rules = {finding.rule for finding in alone.report.findings}
    assert {"name-spelling", "required-title", "read-error", "duplicated-footer"} <= rules


@given(st.lists(st.none() | st.lists(st.integers(0, 2**32 - 1)), max_size=6))
def test_a_shards_result_comes_back_from_a_pickle_as_it_went(marks: list[list[int] | None]) -> None:
    entries = [
        Entry(f"d{index}.jsonl", str(index), index + 1, f"d{index}.jsonl::{index}", ("r",))
        for index in range(len(marks))
    ]
    sent = Gathered([], {}, entries, len(marks), {}, True, marks=[None if m is None else array("I", m) for m in marks])
    received = pickle.loads(pickle.dumps(sent))  # as a worker sends it, and the cache keeps it
    assert received == sent and received.marks == sent.marks
    assert all(type(entry) is Entry for entry in received.entries)


@given(st.text(max_size=20), st.lists(st.text(st.characters(exclude_categories=()), max_size=30), max_size=8))
@example("name-spelling", ["ryabkov", "sergei ryabkov", "caf\udce9", "\ud800x"])
def test_documents_are_marked_with_their_keys_as_the_reference_hashes_them(rule_id: str, keys: list[str]) -> None:
    from corpusval import _marks

    assert _marks is not None, "corpusval._marks is not built: install with a C compiler (pip install -e .)"
    marks = array("I", [7])
    corpusval.engine._mark(marks, rule_id, keys)  # lone surrogates included: a JSON "\ud800" can be a name
    assert marks.tolist() == [7, *corpusval.engine._hashed(rule_id, keys)]


def test_a_second_run_comes_from_the_cache(tmp_path: Path) -> None:
    big_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    first = check(tmp_path / "corpus", jobs=2, cache_dir=cache)
    second = check(tmp_path / "corpus", jobs=2, cache_dir=cache)
    assert first.cached_shards == 0
    assert second.cached_shards == second.shards
    assert second.report.findings == first.report.findings
    assert second.entries == first.entries


def test_a_changed_file_is_checked_again_and_the_rest_is_not(tmp_path: Path) -> None:
    big_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    check(tmp_path / "corpus", cache_dir=cache)
    target = tmp_path / "corpus" / "small" / "d.md"
    target.write_text("---\ntitle: Now titled\n---\nFine.\n", encoding="utf-8")
    os.utime(target, ns=(0, 0))  # an old mtime, as a checkout gives: only the content tells it changed
    again = check(tmp_path / "corpus", cache_dir=cache)
    assert again.cached_shards == again.shards - 1
    assert not [f for f in again.report.findings if f.path.endswith("d.md") and f.rule == "required-title"]
    assert again.report.findings == check(tmp_path / "corpus").report.findings


def cache_reads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What this process reads from the cache from now on."""
    read: list[object] = []
    real_get = corpusval.cache.Cache.get
    monkeypatch.setattr(corpusval.cache.Cache, "get", lambda cache, key: read.append(real_get(cache, key)) or read[-1])
    return read


def test_an_unchanged_corpus_is_told_from_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big_corpus(tmp_path / "corpus")
    monkeypatch.setattr(corpusval.cache, "_RACY_SECONDS", -1.0)  # files written just now are trusted unchanged
    first = check(tmp_path / "corpus", jobs=2, cache_dir=tmp_path / "cache")
    read = cache_reads(monkeypatch)
    again = check(tmp_path / "corpus", jobs=2, cache_dir=tmp_path / "cache")
    assert [type(entry) for entry in read] == [corpusval.runner._Whole]  # not even the stat index
    assert again.cached_shards == again.shards > 1
    assert again.report.findings == first.report.findings and again.report.documents == first.report.documents
    assert again.entries == first.entries


def test_files_changed_just_now_are_not_told_from_the_whole_runs_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change within the clock's last tick may leave a file's status as it was: such a run is not kept whole."""
    big_corpus(tmp_path / "corpus")
    # "just now" spans the whole test: a loaded machine may take longer than the real window to check the corpus
    monkeypatch.setattr(corpusval.cache, "_RACY_SECONDS", 3600.0)
    first = check(tmp_path / "corpus", jobs=1, cache_dir=tmp_path / "cache")
    read = cache_reads(monkeypatch)
    again = check(tmp_path / "corpus", jobs=1, cache_dir=tmp_path / "cache")
    kinds = {type(entry) for entry in read}
    assert Gathered in kinds and corpusval.runner._Whole not in kinds  # each shard's entry, by its files' bytes
    assert again.report.findings == first.report.findings and again.cached_shards == again.shards


def test_a_changed_file_is_not_told_from_the_whole_runs_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big_corpus(tmp_path / "corpus")
    monkeypatch.setattr(corpusval.cache, "_RACY_SECONDS", -1.0)
    check(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    check(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    (tmp_path / "corpus" / "b.md").write_text(_article("More talks", PARAGRAPH, 3), encoding="utf-8")  # Rybkov gone
    again = check(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    assert again.cached_shards == again.shards - 1
    assert again.report.findings == check(tmp_path / "corpus").report.findings
    assert "name-spelling" not in {finding.rule for finding in again.report.findings}


def test_changed_rules_do_not_reuse_entries(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\nauthor: x\n---\nText.\n"})
    rules_file = tmp_path / "rules.yaml"
    rule = "rules:\n  - id: title\n    kind: required-field\n    description: d\n    field: {}\n"
    outcomes = []
    for field in ("title", "author", "title"):
        rules_file.write_text(rule.format(field), encoding="utf-8")
        with inside(tmp_path / "corpus"):
            outcomes.append(run([Path(".")], load_rules([rules_file]), cache_dir=tmp_path / "cache"))
    assert [len(outcome.report.findings) for outcome in outcomes] == [1, 0, 1]
    assert [outcome.cached_shards for outcome in outcomes] == [0, 0, 1]


def test_entries_not_signed_by_this_user_are_ignored(tmp_path: Path) -> None:
    big_corpus(tmp_path / "corpus")
    cache_dir = tmp_path / "cache"
    first = check(tmp_path / "corpus", cache_dir=cache_dir)
    entries = [path for path in (cache_dir / "v1" / "objects").rglob("*") if path.is_file()]
    for path in entries:  # what a hostile repository could ship: entries signed with another key
        path.write_bytes(bytes(32) + path.read_bytes()[32:])
    again = check(tmp_path / "corpus", cache_dir=cache_dir)
    assert again.cached_shards == 0
    assert again.report.findings == first.report.findings


def test_the_cache_folder_marks_itself_and_may_be_deleted(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: T\n---\nText.\n"})
    cache_dir = tmp_path / "cache"
    check(tmp_path / "corpus", cache_dir=cache_dir)
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache_dir / ".gitignore").read_text().splitlines()[-1] == "*"
    assert Cache.open(cache_dir) is not None
    for path in sorted(cache_dir.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    assert check(tmp_path / "corpus", cache_dir=cache_dir).report.documents == 1


def test_concurrent_runs_share_a_cache_safely(tmp_path: Path) -> None:
    big_corpus(tmp_path / "corpus")
    script = (
        "from pathlib import Path; from corpusval.rules import load_rules, default_rules_path;"
        "from corpusval.runner import run; from corpusval.output import render_json;"
        "outcome = run([Path('corpus')], load_rules([default_rules_path()]), jobs=1, cache_dir=Path('cache'));"
        "print(outcome.cached_shards, outcome.shards, render_json(outcome.report))"
    )

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE, text=True)

    runs = [start() for _ in range(3)]
    outputs = [process.communicate()[0] for process in runs]
    assert [process.returncode for process in runs] == [0, 0, 0]
    reports = {output.split(" ", 2)[2] for output in outputs}
    assert len(reports) == 1
    cached, shards, report = start().communicate()[0].split(" ", 2)
    assert cached == shards
    assert {report} == reports
    assert not list((tmp_path / "cache").rglob(".tmp-*"))


sizes = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=60)


def _refs(sizes: list[int]) -> list[FileRef]:
    return [FileRef(f"f{index:03}", f"f{index:03}", f"f{index:03}", size) for index, size in enumerate(sizes)]


@given(sizes, st.integers(min_value=0, max_value=1000), st.data())
def test_adding_a_file_changes_only_the_shard_it_joins(sizes: list[int], size: int, data: st.DataObject) -> None:
    files = _refs(sizes)
    position = data.draw(st.integers(min_value=0, max_value=len(files)))
    added = FileRef(f"f{position:03}+", f"f{position:03}+", "new", size)
    before = split(files)
    after = split([*files[:position], added, *files[position:]])
    changed_before = [shard for shard in before if shard not in after]
    changed_after = [shard for shard in after if shard not in before]
    assert len(changed_before) <= 1
    assert len(changed_after) <= 2  # the shard it joins, split in two when the new file ends a shard
    assert [ref for shard in changed_after for ref in shard if ref is not added] == [
        ref for shard in changed_before for ref in shard
    ]


@given(sizes)
def test_shards_keep_every_file_once_in_order(sizes: list[int]) -> None:
    files = _refs(sizes)
    assert [ref for shard in split(files) for ref in shard] == files


def test_paths_are_shown_as_given(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\nauthor: x\n---\nText.\n"})
    with inside(tmp_path):
        outcome = run([Path("corpus")], default_rules())
    assert {finding.path for finding in outcome.report.findings} == {display_path(Path("corpus/a.md"))}


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: Ttl\n---\nText.\n"})
    target = tmp_path / "corpus" / "a.md"
    os.utime(target, ns=(0, 0))
    cache = tmp_path / "cache"
    assert check(tmp_path / "corpus", cache_dir=cache).report.findings == []
    target.write_text("---\nnope: Ttl\n---\nText.\n", encoding="utf-8")  # same size
    os.utime(target, ns=(0, 0))  # same mtime, as `touch -r` or `cp -p` leave it; only the ctime moved
    assert [f.rule for f in check(tmp_path / "corpus", cache_dir=cache).report.findings] == ["required-title"]


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    """A repository may ship `.corpusval_cache` as a link to anywhere: nothing is read or written through it."""
    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: T\n---\nText.\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "cache").symlink_to(elsewhere)
    assert check(tmp_path / "corpus", cache_dir=tmp_path / "cache").report.documents == 1
    assert list(elsewhere.iterdir()) == []


def test_links_inside_the_cache_folder_lead_nowhere(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: T\n---\nText.\n"})
    cache, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (cache / "v1").mkdir(parents=True)
    (cache / "v1" / "objects").symlink_to(elsewhere)
    first = check(tmp_path / "corpus", cache_dir=cache)
    second = check(tmp_path / "corpus", cache_dir=cache)
    assert list(elsewhere.iterdir()) == []
    assert second.cached_shards == 0 and second.report.findings == first.report.findings


def test_devices_and_pipes_are_read_errors_not_hangs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_files(corpus, {"fine.md": "---\ntitle: T\n---\nText.\n"})
    (corpus / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(corpus / "pipe.txt")
    findings = {f.path: f.message for f in check(corpus).report.findings}
    assert findings.keys() == {"pipe.txt", "zero.md"}
    assert "not a regular file" in findings["pipe.txt"] and "outside the checked folders" in findings["zero.md"]
    followed = check(corpus, follow_links=True).report.findings
    assert {(f.path, f.rule) for f in followed} == {("pipe.txt", "read-error"), ("zero.md", "read-error")}
    assert all("not a regular file" in f.message for f in followed)


def test_a_cached_verdict_that_depends_on_the_date_is_not_reused_the_next_day(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: T\npublished: 2030-01-02\n---\nText.\n"})
    rule = "rules:\n  - id: date\n    kind: date-plausibility\n    description: d\n{}"
    outcomes = []
    for today in ("    today: 2030-01-01\n", "    today: 2030-01-03\n"):
        (tmp_path / "rules.yaml").write_text(rule.format(today), encoding="utf-8")
        rules = load_rules([tmp_path / "rules.yaml"])
        with inside(tmp_path / "corpus"):
            outcomes.append(run([Path(".")], rules, cache_dir=tmp_path / "cache"))
    assert [len(outcome.report.findings) for outcome in outcomes] == [1, 0]
    assert [outcome.cached_shards for outcome in outcomes] == [0, 0]
    (tmp_path / "rules.yaml").write_text(rule.format(""), encoding="utf-8")  # no `today`: the run's date
    undated = load_rules([tmp_path / "rules.yaml"])
    before = rules_digest(undated)
    undated[0].check.today = date(2000, 1, 1)  # type: ignore[attr-defined]  # as if run on another day
    assert rules_digest(undated) != before


def test_a_rebuilt_compiled_module_invalidates_the_cache() -> None:
    """The compiled name scanner is code the findings depend on, as the Python modules are."""
    import corpusval.kinds._name_scan as compiled

    module = Path(compiled.__file__)
    before, status = rules_digest(default_rules()), module.stat()
    try:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
        assert rules_digest(default_rules()) != before
    finally:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_names_that_look_alike_once_escaped_stay_two_files(tmp_path: Path) -> None:
    write_files(tmp_path / "corpus", {"x\\x1b.txt": "Title\nText.\n", "x\x1b.txt": "\n\nno title\n"})
    checked = check(tmp_path / "corpus")
    assert sorted(checked.paths) == ["x\\x1b.txt", "x\\x1b.txt~2"]
    assert len(set(checked.paths.values())) == 2 and checked.report.files == 2


def test_phase_two_reads_again_only_the_documents_the_corpus_reports_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big_corpus(tmp_path / "corpus")
    write_files(tmp_path / "corpus", {"more/f.jsonl": '{"id": "9", "title": "T", "text": "Rybkov said no."}\n' * 2})
    judged: list[str] = []
    judge = corpusval.engine.Engine.judge

    def counting(self: corpusval.engine.Engine, document: Document, corpus: dict, rules: object = None) -> list:
        if rules is not None and rules == self.corpus_wide:
            judged.append(document.key)
        return judge(self, document, corpus, rules)  # type: ignore[arg-type]

    monkeypatch.setattr(corpusval.engine.Engine, "judge", counting)
    selected = check(tmp_path / "corpus", jobs=1)
    assert sorted(judged) == ["b.md", "more/f.jsonl::9", "more/f.jsonl::line-2"]  # where "Rybkov" is written
    judged.clear()
    monkeypatch.setattr(corpusval.engine.Engine, "reported", lambda self, corpus: None)
    everything = check(tmp_path / "corpus", jobs=1)
    assert len(judged) == everything.report.documents
    assert selected.report.findings == everything.report.findings


def test_a_document_whose_summary_failed_is_judged_and_its_error_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpusval.kinds.name_consistency import NameConsistency

    big_corpus(tmp_path / "corpus")
    gather = NameConsistency.gather

    def failing(self: NameConsistency, document: Document) -> object:
        if document.path.endswith("c.md"):
            raise ValueError("no tally")
        return gather(self, document)

    monkeypatch.setattr(NameConsistency, "gather", failing)
    monkeypatch.setattr(NameConsistency, "check", lambda self, document, corpus: failing(self, document) and iter([]))
    findings = check(tmp_path / "corpus", jobs=1).report.findings
    assert [finding.path for finding in findings if "internal error" in finding.message] == ["c.md"]


def test_judging_the_chosen_documents_finds_what_judging_all_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On generated news with every planted defect, name variants included."""
    load_bench_script("generate").generate(tmp_path / "news", 300, seed=3, rates={"name-variant": 0.2})
    chosen = check(tmp_path / "news", jobs=1).report.findings
    monkeypatch.setattr(corpusval.engine.Engine, "reported", lambda self, corpus: None)
    assert chosen == check(tmp_path / "news", jobs=1).report.findings
    assert sum(finding.rule == "name-spelling" for finding in chosen) > 20


@given(st.integers(0, 400), st.integers(1, 8))
def test_shards_go_out_in_runs_that_grow_then_shrink_towards_the_end(count: int, workers: int) -> None:
    from corpusval.runner import _chunks

    chunks = _chunks(list(range(count)), workers)
    assert [item for chunk in chunks for item in chunk] == list(range(count))
    sizes = [len(chunk) for chunk in chunks]
    peak = sizes.index(max(sizes)) if sizes else 0
    assert sizes[:peak] == sorted(sizes[:peak]) and sizes[peak:] == sorted(sizes[peak:], reverse=True)
    assert sizes[:1] in ([], [1]) and all(1 <= size <= 16 for size in sizes)  # the first result comes soon
    assert len(chunks) >= min(count, 4 * workers)  # enough calls to keep every worker busy


@pytest.mark.parametrize("given", [".", "corpus", "corpus/", "./corpus/deep", "ABSOLUTE", "../outside"])
def test_files_are_shown_as_display_path_shows_them_in_their_order(tmp_path: Path, given: str) -> None:
    names = ["a.md", "deep/b\x1bc.md", "deep/x/::y.txt", "z-a.md", "z/a.md", "z.md"]
    write_files(tmp_path / "here" / "corpus", {name: "---\ntitle: T\n---\nText.\n" for name in names})
    write_files(tmp_path / "outside", {"o.md": "Text.\n"})
    root = str(tmp_path / "here" / "corpus") if given == "ABSOLUTE" else given
    with inside(tmp_path / "here"):
        files, _ = corpusval.runner._file_refs([Path(root)], None, False)
        expected = sorted((display_path(path), os.path.abspath(path)) for path in _walked(Path(root)))
    assert [(ref.shown, ref.path) for ref in files] == expected


def _walked(root: Path) -> list[Path]:
    return [Path(folder, name) for folder, _, names in os.walk(root) for name in names]  # normalized, as found


def test_consecutive_shards_merge_their_summaries_where_they_are_gathered(tmp_path: Path) -> None:
    from corpusval.engine import Engine
    from corpusval.shards import gather_shard, gather_shards

    big_corpus(tmp_path / "corpus")
    with inside(tmp_path / "corpus"):
        files, _ = corpusval.runner._file_refs([Path(".")], None, False)
    shards = split(files)
    engine = Engine(default_rules())
    alone = [gather_shard(engine, shard, "context", None) for shard in shards]
    together = gather_shards(engine, shards, "context", None)
    assert len(shards) > 2 and [result.summaries for result in together[1:]] == [{}] * (len(shards) - 1)
    assert engine.finish(together[0].summaries) == engine.finish(engine.merge(result.summaries for result in alone))
    assert [result.entries for result in together] == [result.entries for result in alone]


def test_a_run_without_a_cache_takes_no_digest_of_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big_corpus(tmp_path / "corpus")
    cached = check(tmp_path / "corpus", jobs=1, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(corpusval.shards, "content_digest", lambda data: pytest.fail("a digest of a file's bytes"))
    uncached = check(tmp_path / "corpus", jobs=1)
    assert uncached.report.findings == cached.report.findings and uncached.entries == cached.entries


def test_workers_start_while_the_files_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus that shows itself large has its workers started early, and the run uses those."""
    from corpusval.engine import Engine
    from corpusval.runner import InProcess, LocalPool, LocalPools

    big_corpus(tmp_path / "corpus")
    started: list[LocalPool] = []
    start = LocalPool.start
    monkeypatch.setattr(LocalPool, "start", lambda self: started.append(self) or start(self))
    monkeypatch.setattr(corpusval.runner, "_MANY_FILES", 2)
    early = check(tmp_path / "corpus", jobs=2)
    assert len(started) == 1
    monkeypatch.setattr(corpusval.runner, "_MANY_FILES", 10**9)
    assert check(tmp_path / "corpus", jobs=2).report.findings == early.report.findings and len(started) == 1

    pools, engine = LocalPools(2), Engine(default_rules())
    pools.start(engine)
    with pools(engine, 1) as alone:  # one shard after all: no workers; those started stop
        assert isinstance(alone, InProcess)
    pools.close()
    with pytest.raises(RuntimeError, match="shutdown"):
        list(started[-1].map(len, [("x",)]))  # its workers are gone


def _collector_settings(engine: corpusval.engine.Engine) -> tuple[int, bool]:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count() > 0


def test_workers_collect_garbage_less_often_and_leave_what_they_hold_alone() -> None:
    engine = corpusval.engine.Engine(load_rules([default_rules_path()]))
    with corpusval.runner.LocalPool(engine, 2) as pool:
        settings = [result for _, result in pool.map(_collector_settings, [(), ()])]
    assert settings == [(corpusval.runner._YOUNG_OBJECTS, True)] * 2


def test_the_cli_called_with_arguments_leaves_the_callers_collector_alone(tmp_path: Path) -> None:
    import gc

    from corpusval.cli import main

    write_files(tmp_path / "corpus", {"a.md": "---\ntitle: T\n---\nText.\n"})
    before = gc.get_threshold(), gc.get_freeze_count()
    with inside(tmp_path):
        main(["check", "corpus", "-q", "--no-cache"])
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_workers_start_early_only_for_files_the_cache_does_not_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "corpus", {f"{index:04}.txt": f"Title {index}\n\nText.\n" for index in range(600)})
    monkeypatch.setattr(corpusval.cache, "_RACY_SECONDS", -1.0)  # files written just now are trusted unchanged
    started: list[int] = []
    real_start = corpusval.runner.LocalPools.start
    monkeypatch.setattr(corpusval.runner.LocalPools, "start", lambda pools, engine: started.append(1))
    first = check(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    again = check(tmp_path / "corpus", cache_dir=tmp_path / "cache")
    monkeypatch.setattr(corpusval.runner.LocalPools, "start", real_start)
    assert again.cached_shards == again.shards and again.report.findings == first.report.findings
    assert started == [1]  # for the first run, which read all 600 files; not for the second
