"""The pytest plugin, driven through pytester as a user's project would drive it."""

from __future__ import annotations

import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LINK_RULE, TITLE_RULE, inside, write_files

WAIT = 60.0  # seconds: only how long a broken run may take to fail

pytest_plugins = ["pytester"]

FOOTER_RULE = "  - id: duplicated-footer\n    kind: duplicated-block\n    description: No block twice.\n"
RULES = "rules:\n" + TITLE_RULE + FOOTER_RULE + LINK_RULE

HARBOUR = "The harbour reopened to small boats this morning.\n"
CORPUS = {
    "rules/news.yaml": RULES,
    "corpus/a.md": "---\ntitle: Fine\n---\n" + HARBOUR + "See also elsewhere\n",
    "corpus/b.md": "---\nauthor: Desk\n---\n" + HARBOUR + HARBOUR,
    "corpus/feed.jsonl": '{"id": "r1", "title": "T", "text": "x"}\n{"id": "r/2", "text": "y"}\n{broken\n',
}


@pytest.fixture
def corpus(pytester: pytest.Pytester) -> pytest.Pytester:
    write_files(pytester.path, CORPUS)
    return pytester


def test_without_a_corpus_nothing_changes(pytester: pytest.Pytester) -> None:
    write_files(pytester.path, {"rules/news.yaml": RULES, "corpus/b.md": "no title\n"})
    pytester.makepyfile(test_ordinary="def test_ok():\n    assert True\n")
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1)


def test_items_per_document_and_rule(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "corpus", "--collect-only", "-q")
    assert result.outlines[:10] == [
        "corpus/a.md::required-title",
        "corpus/a.md::duplicated-footer",
        "corpus/a.md::stray-link",
        "corpus/b.md::required-title",
        "corpus/b.md::duplicated-footer",
        "corpus/b.md::stray-link",
        "corpus/feed.jsonl::r1::required-title",
        "corpus/feed.jsonl::r1::duplicated-footer",
        "corpus/feed.jsonl::r1::stray-link",
        "corpus/feed.jsonl::r_2::required-title",
    ]
    assert "corpus/feed.jsonl::line-3::read-error" in result.outlines


def test_failures_show_position_and_text_not_a_traceback(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "corpus")
    result.assert_outcomes(passed=9, failed=4, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "*CorpusWarning: stray-link (line *, column 1): forbidden pattern*",
            "*= corpusval: 4 failed =*",
            "corpus/b.md:1:1: required-title field 'title' is missing",
            "corpus/b.md:5:1: duplicated-footer line repeats line 4 (pasted twice?)",
            "    | The harbour reopened to small boats this morning.",
            "corpus/feed.jsonl:3:2: read-error malformed JSON record*",
            "*= 4 failed, 9 passed, 1 warning in *",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "def runtest" not in result.stdout.str()


def test_corpus_failures_leave_pytests_sections_to_other_tests(corpus: pytest.Pytester) -> None:
    """pytest's failure sections rescan every report per failure: corpus items get a linear section of their own."""
    corpus.makepyfile(test_code="def test_code():\n    assert 1 + 1 == 3\n")
    result = corpus.runpytest("--corpus", "corpus", "test_code.py", "-rf")
    result.assert_outcomes(passed=9, failed=5, warnings=1)
    out = result.stdout.str()
    failures = out[out.index("= FAILURES =") : out.index("warnings summary")]
    assert "test_code" in failures and "corpus/" not in failures
    short = out[out.index("short test summary info") : out.index("corpusval: 4 failed")]
    assert "FAILED test_code.py::test_code" in short and "corpus/" not in short
    quiet = corpus.runpytest("--corpus", "corpus", "--tb=no")
    quiet.assert_outcomes(passed=9, failed=5, warnings=1)
    assert "corpusval: 4 failed" not in quiet.stdout.str()


def test_one_item_per_document(corpus: pytest.Pytester) -> None:
    corpus.makeini("[pytest]\ncorpus_items = document\n")
    result = corpus.runpytest("--corpus", "corpus", "-v")
    # a.md, b.md, and the JSONL records r1, r/2 and the unreadable line 3
    result.assert_outcomes(passed=2, failed=3, warnings=1)
    result.stdout.fnmatch_lines_random(
        [
            "corpus/a.md::document PASSED*",
            "corpus/b.md::document FAILED*",
            "corpus/feed.jsonl::r1 PASSED*",
            "corpus/feed.jsonl::r_2 FAILED*",
            "corpus/feed.jsonl::line-3 FAILED*",
            "corpus/b.md:1:1: required-title field 'title' is missing",
            "corpus/b.md:5:1: duplicated-footer line repeats line 4 (pasted twice?)",
        ]
    )
    rerun = corpus.runpytest("corpus/b.md::document", "--corpus", "corpus")
    rerun.assert_outcomes(failed=1)
    wrong = corpus.runpytest("--corpus", "corpus", "--corpus-items", "page")
    assert wrong.ret == pytest.ExitCode.USAGE_ERROR


def test_select_with_k_and_m(corpus: pytest.Pytester) -> None:
    by_keyword = corpus.runpytest("--corpus", "corpus", "-k", "duplicated-footer")
    by_keyword.assert_outcomes(passed=3, failed=1)
    by_marker = corpus.runpytest("--corpus", "corpus", "-m", "corpus_warning")
    by_marker.assert_outcomes(passed=4, warnings=1)
    by_rule_marker = corpus.runpytest("--corpus", "corpus", "-m", "required-title and not corpus_warning")
    by_rule_marker.assert_outcomes(passed=2, failed=2)


def test_exit_first(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "corpus", "-x")
    result.assert_outcomes(passed=3, failed=1)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pytest.ini", "[pytest]\ncorpus_paths = corpus\n"),
        ("tox.ini", "[pytest]\ncorpus_paths = corpus\n"),
        ("pyproject.toml", "[tool.pytest.ini_options]\ncorpus_paths = ['corpus']\n"),
    ],
)
def test_corpus_from_ini_files(corpus: pytest.Pytester, name: str, content: str) -> None:
    (corpus.path / name).write_text(content, encoding="utf-8")
    result = corpus.runpytest()
    result.assert_outcomes(passed=9, failed=4, warnings=1)


def test_rules_option_and_ini(corpus: pytest.Pytester) -> None:
    write_files(corpus.path, {"other/only.yaml": "rules:\n  - id: enc\n    kind: encoding\n    description: UTF-8.\n"})
    result = corpus.runpytest("--corpus", "corpus", "--corpus-rules", "other/only.yaml")
    result.assert_outcomes(passed=4, failed=1)
    (corpus.path / "pytest.ini").write_text("[pytest]\ncorpus_paths = corpus\ncorpus_rules = other\n", encoding="utf-8")
    corpus.runpytest().assert_outcomes(passed=4, failed=1)


def test_bad_rule_file_is_a_usage_error(corpus: pytest.Pytester) -> None:
    write_files(corpus.path, {"rules/news.yaml": "rules:\n  - id: x\n    kind: nope\n    description: d\n"})
    result = corpus.runpytest("--corpus", "corpus")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*rules/news.yaml:3:11: rule 'x': unknown kind 'nope'; valid kinds:*"])


def test_missing_corpus_is_a_usage_error(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*corpus path not found: nowhere*"])


def test_junitxml(corpus: pytest.Pytester) -> None:
    corpus.runpytest("--corpus", "corpus", "--junitxml", "report.xml")
    suite = ET.parse(corpus.path / "report.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "13" and suite.get("failures") == "4"
    failure = next(
        case
        for case in suite.iter("testcase")
        if case.get("name") == "required-title" and case.find("failure") is not None
    )
    message = failure.find("failure")
    assert message is not None and "field 'title' is missing" in (message.text or "")


def test_xdist_gives_the_same_outcomes(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest_subprocess("--corpus", "corpus", "-n", "2", "-p", "xdist")
    result.assert_outcomes(passed=9, failed=4, warnings=1)


NAMES_RULES = """\
rules:
  - id: name-spelling
    kind: name-consistency
    description: One spelling per person.
"""


def _story(name: str, index: int) -> str:
    return (
        f"---\ntitle: Talks day {index}\n---\n"
        f"Deputy minister Sergei {name} met the delegation on day {index}.\n"
        f"Afterwards {name} said the talks were difficult.\n"
    )


def test_corpus_wide_rule_sees_the_whole_corpus_under_xdist(pytester: pytest.Pytester) -> None:
    files = {f"corpus/{index:02d}.md": _story("Ryabkov", index) for index in range(8)}
    files["corpus/09.md"] = _story("Rybkov", 9)
    write_files(pytester.path, {"rules/names.yaml": NAMES_RULES, **files})
    for extra in ([], ["-n", "2", "-p", "xdist"]):
        result = pytester.runpytest_subprocess("--corpus", "corpus", "-rf", *extra)
        result.assert_outcomes(passed=8, failed=1)
        result.stdout.fnmatch_lines(["*corpus/09.md:4:24: name-spelling 'Rybkov' looks like a variant of 'Ryabkov'*"])


def test_corpus_outside_the_rootdir(pytester: pytest.Pytester) -> None:
    write_files(pytester.path, {"data/a.md": "# Title\nText.\n", "repo/pytest.ini": "[pytest]\n"})
    result = pytester.runpytest("--rootdir", "repo", "-c", "repo/pytest.ini", "--corpus", "data", "repo", "--co", "-q")
    assert "../data/a.md::required-title" in result.outlines


def test_what_pytest_walks_into_is_corpus_only_inside_a_corpus_path(corpus: pytest.Pytester) -> None:
    # a sibling folder whose name starts with the corpus's is not in the corpus
    write_files(corpus.path, {"corpus2/x.md": "---\ntitle: Other\n---\nText.\n"})
    sibling = corpus.runpytest("--corpus", "corpus", "corpus2", "--co", "-q").outlines
    assert "corpus/a.md::required-title" in sibling
    assert not [line for line in sibling if line.startswith("corpus2")]
    # a corpus of one file: the other files of its folder are not
    one_file = corpus.runpytest("--corpus", "corpus/a.md", "corpus", "--co", "-q").outlines
    assert [line for line in one_file if "::" in line] == [
        "corpus/a.md::required-title",
        "corpus/a.md::duplicated-footer",
        "corpus/a.md::stray-link",
    ]


def test_a_failing_node_id_can_be_run_again(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "corpus", "corpus/b.md::duplicated-footer", "corpus/feed.jsonl::r1")
    result.assert_outcomes(passed=3, failed=1)


def test_ini_corpus_follows_the_command_line_selection(corpus: pytest.Pytester) -> None:
    (corpus.path / "pytest.ini").write_text("[pytest]\ncorpus_paths = corpus\n", encoding="utf-8")
    corpus.makepyfile(test_ordinary="def test_ok():\n    assert True\n")
    corpus.runpytest("test_ordinary.py").assert_outcomes(passed=1)
    corpus.runpytest("corpus/a.md").assert_outcomes(passed=3, warnings=1)
    corpus.runpytest().assert_outcomes(passed=10, failed=4, warnings=1)


def test_warnings_as_errors_fail_cleanly(corpus: pytest.Pytester) -> None:
    result = corpus.runpytest("--corpus", "corpus", "-W", "error::corpusval.plugin.CorpusWarning", "-k", "stray")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["corpus/a.md:5:1: stray-link forbidden pattern*", "    | See also elsewhere"])
    assert "Traceback" not in result.stdout.str()


def test_record_ids_that_read_alike_stay_apart(pytester: pytest.Pytester) -> None:
    records = (
        '{"id": "a b", "title": "T"}\n{"id": "a/b", "title": "T"}\n{"id": "line-4", "title": "T"}\n{"title": "T"}\n'
    )
    write_files(pytester.path, {"rules/r.yaml": RULES, "corpus/feed.jsonl": records})
    ids = pytester.runpytest("--corpus", "corpus", "--co", "-q", "-k", "required").outlines[:4]
    assert ids == [
        "corpus/feed.jsonl::a_b::required-title",
        "corpus/feed.jsonl::a_b@line-2::required-title",
        "corpus/feed.jsonl::line-4::required-title",
        "corpus/feed.jsonl::line-4-2::required-title",
    ]


def test_the_plugin_alone_imports_no_engine() -> None:
    """pytest loads the plugin in every run of every project that has corpusval installed."""
    code = "import sys, corpusval.plugin; print(sorted(m for m in sys.modules if m.startswith('corpusval')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert (
        loaded.strip()
        == "['corpusval', 'corpusval.finding', 'corpusval.inert', 'corpusval.options', 'corpusval.plugin']"
    )


def test_a_files_items_are_collected_once_its_shard_is_read_before_the_check_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collecting and checking overlap: entries come shard by shard; findings once the whole check has ended."""
    import corpusval.runner
    import corpusval.shards
    from corpusval.plugin import CorpusSession, _Settings
    from corpusval.rules import load_rules

    monkeypatch.setattr(corpusval.shards, "SHARD_BYTES", 200)  # a shard a file or two: several shards
    write_files(
        tmp_path, {**CORPUS, **{f"corpus/more/{index}.txt": f"Title {index}\n{HARBOUR * 3}" for index in range(8)}}
    )
    judging = threading.Event()
    state = corpusval.runner._corpus_state

    def held(*arguments: Any) -> Any:  # every shard is read; the corpus is not judged until the test says so
        judging.wait(WAIT)
        return state(*arguments)

    monkeypatch.setattr(corpusval.runner, "_corpus_state", held)
    settings = _Settings("document", 2, None, None, None, False, 1 << 24)
    session = CorpusSession(
        [tmp_path / "corpus"], load_rules([tmp_path / "rules"]), settings, [], named_on_command_line=True
    )
    with inside(tmp_path):
        session.start()
        [entry] = session.entries_of(Path("corpus/b.md"))  # while the check has not ended
        assert not session._ended and entry.path == "corpus/b.md"
        assert len(list(session.corpus_files())) == 11
        judging.set()
        found = session.findings(entry, entry.rules)
        assert [finding.rule for finding in found] == ["required-title", "duplicated-footer"]
        assert session.checked()
