"""corpusval in CI on a data repository: init, baseline, a new defect in a commit, SARIF, suppressions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from corpusval.cli import main
from tests.conftest import REPO, inside, run_cli, write_files

pytest_plugins = ["pytester"]

CLEAN = "---\ntitle: Harbour reopens\npublished: 2022-01-10\n---\nThe harbour reopened to small boats on Monday.\n"


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data repository set up with `corpusval init`, holding old defects, committed."""
    with inside(tmp_path):
        assert main(["init"]) == 0
    capsys.readouterr()
    for name in ("scraped", "wire"):
        shutil.copytree(REPO / "sample_corpus" / name, tmp_path / "corpus" / name)
    write_files(tmp_path / "corpus", {"clean.md": CLEAN})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "corpus")
    return tmp_path


def test_a_new_defect_alone_fails_the_pull_request(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(repository, capsys, "baseline", "corpus")
    assert status == 0 and "to the baseline corpusval-baseline.json" in out
    old_status, old, _ = run_cli(repository, capsys, "check", "corpus")
    assert old_status == 1 and "error" in old  # the old defects are there

    git(repository, "checkout", "-q", "-b", "pull-request")
    write_files(repository / "corpus", {"new.md": "---\npublished: 2022-01-11\n---\nNo title on this one.\n"})
    status, out, _ = run_cli(
        repository, capsys, "check", "corpus", "--baseline", "corpusval-baseline.json", "--changed-since", "main"
    )
    assert status == 1
    findings = [line for line in out.splitlines() if line.startswith("corpus/")]
    assert findings == ["corpus/new.md:1:1: required-title field 'title' is missing"]
    assert "in 1 document in 1 file" in out

    status, out, _ = run_cli(repository, capsys, "check", "corpus", "--baseline", "corpusval-baseline.json")
    assert status == 1
    assert [line for line in out.splitlines() if line.startswith("corpus/")] == findings


def test_fixed_baseline_findings_are_counted(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(repository, capsys, "baseline", "corpus", "--output", "base.json")
    broken = repository / "corpus" / "wire" / "wire-2023-10.jsonl"
    broken.write_text("\n".join(broken.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    status, out, _ = run_cli(repository, capsys, "check", "corpus", "--baseline", "base.json")
    assert status == 0
    assert "1 fixed" in out


def test_a_bad_baseline_or_revision_is_a_usage_error(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(repository, capsys, "check", "corpus", "--baseline", "missing.json")
    assert status == 2 and "missing.json" in err and "corpusval baseline" in err
    status, _, err = run_cli(repository, capsys, "check", "corpus", "--changed-since", "no-such-branch")
    assert status == 2 and "no-such-branch" in err and "fetch-depth" in err


def test_sarif_to_a_file_with_the_summary_on_the_terminal(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(repository, capsys, "check", "corpus", "--format", "sarif", "--output", "report.sarif")
    assert status == 1
    assert out.startswith("Found ") and out.count("\n") == 1
    sarif = json.loads((repository / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_suppressions_with_reasons(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "rules" / "accepted.yaml").write_text(
        "suppressions:\n"
        "  - rule: read-error\n    paths: ['wire/*.jsonl']\n    reason: the feed is cut upstream; ticket 42\n"
        "  - rule: required-title\n    paths: ['nowhere/*']\n    reason: stale\n",
        encoding="utf-8",
    )
    status, out, _ = run_cli(repository, capsys, "check", "corpus", "--show-suppressed")
    assert status == 1  # the other defects remain
    assert "read-error" not in out.split("Suppressed")[0]
    assert "suppressed by rules/accepted.yaml:2:5: the feed is cut upstream; ticket 42" in out
    assert "rules/accepted.yaml:5:5: unused-suppression (warning)" in out


def test_the_plugin_reports_only_changed_documents(repository: Path, pytester: pytest.Pytester) -> None:
    git(repository, "checkout", "-q", "-b", "pull-request")
    write_files(repository / "corpus", {"new.md": "---\npublished: 2022-01-11\n---\nNo title on this one.\n"})
    with inside(repository):
        result = pytester.runpytest_inprocess("--corpus-changed-since", "main", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, passed=7)
    result.stdout.fnmatch_lines(["corpus/new.md:1:1: required-title field 'title' is missing"])


def test_rule_examples_run_as_tests(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(repository, capsys, "test-rules")
    assert status == 0
    assert " passed" in out and "failed" not in out


def test_explain_a_rule(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(repository, capsys, "explain", "name-spelling")
    assert status == 0 and "name-consistency" in out and "suppress" in out.lower()
    status, _, err = run_cli(repository, capsys, "explain", "name-speling")
    assert status == 2 and "name-spelling" in err


def test_the_plugin_fails_only_on_findings_not_in_the_baseline(
    repository: Path, pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(repository, capsys, "baseline", "corpus")
    write_files(repository / "corpus", {"new.md": "---\npublished: 2022-01-11\n---\nNo title on this one.\n"})
    with inside(repository):
        result = pytester.runpytest_inprocess("--corpus-baseline=corpusval-baseline.json", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(
        [
            "corpus/new.md:1:1: required-title field 'title' is missing",
            "corpusval baseline: * known, not failing; 0 fixed",
        ]
    )
    with inside(repository):
        missing = pytester.runpytest_inprocess("--corpus-baseline=nope.json", "-p", "no:cacheprovider")
    assert missing.ret == pytest.ExitCode.USAGE_ERROR


def test_changed_since_from_a_subfolder(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repository, "checkout", "-q", "-b", "pull-request")
    write_files(repository / "corpus", {"new.md": "---\npublished: 2022-01-11\n---\nNo title on this one.\n"})
    (repository / "sub").mkdir()
    status, out, _ = run_cli(repository / "sub", capsys, "check", "../corpus", "--changed-since", "main")
    assert status == 1
    assert [line for line in out.splitlines() if line.startswith("../corpus/")] == [
        "../corpus/new.md:1:1: required-title field 'title' is missing"
    ]


def test_the_plugin_says_which_suppressions_matched_nothing(repository: Path, pytester: pytest.Pytester) -> None:
    with (repository / "pytest.ini").open("a", encoding="utf-8") as ini:
        ini.write("corpus_suppressions =\n    encoding nothing/*.md legacy files, ticket 7\n")
    with inside(repository):
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["corpusval: pytest.ini:1:1: suppression of 'encoding' for nothing/*.md matched*"])


def test_files_named_one_by_one_do_not_call_a_suppression_unused(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a pre-commit hook passes them: the suppressed file may simply not be among them."""
    (repository / "rules" / "accepted.yaml").write_text(
        "suppressions:\n  - rule: read-error\n    paths: ['wire/*.jsonl']\n    reason: cut upstream\n",
        encoding="utf-8",
    )
    _, out, _ = run_cli(repository, capsys, "check", "corpus/clean.md")
    assert "unused-suppression" not in out
    _, out, _ = run_cli(repository, capsys, "check", "corpus/scraped")
    assert "unused-suppression" in out


def test_test_rules_on_a_bad_rule_file_is_a_usage_error(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "rules" / "broken.yaml").write_text(
        "rules:\n  - id: short\n    kind: word-count\n    description: d\n", encoding="utf-8"
    )
    status, out, err = run_cli(repository, capsys, "test-rules")
    assert status == 2
    assert "unknown kind 'word-count'" in out + err


def test_a_baseline_matches_checks_run_from_another_folder(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(repository, capsys, "baseline", "corpus")
    status, out, _ = run_cli(repository / "corpus", capsys, "check", ".", "--baseline", "../corpusval-baseline.json")
    assert status == 0
    assert "All checks passed" in out and "0 fixed" in out
