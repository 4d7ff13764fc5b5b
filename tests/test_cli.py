"""The corpusval command: output formats, exit statuses, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpusval.cli import main
from tests.conftest import LINK_RULE, TITLE_RULE, inside, run_cli, write_files

RULES = "rules:\n" + TITLE_RULE + LINK_RULE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_files(
        tmp_path,
        {
            "rules/news.yaml": RULES,
            "corpus/good.md": "---\ntitle: Fine\n---\nText.\n",
            "corpus/bad.md": "---\nauthor: x\n---\nText.\nSee also this\n",
            "corpus/feed.jsonl": '{"id": "r1", "title": "T", "text": "x"}\n{"id": "r2", "text": "x"}\n',
        },
    )
    return tmp_path


def test_text_output_like_a_linter(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(project, capsys, "check", "corpus")
    assert status == 1
    assert out.splitlines() == [
        "corpus/bad.md:1:1: required-title field 'title' is missing",
        'corpus/bad.md:5:1: stray-link (warning) forbidden pattern /^See also.*/ matches "See also this"',
        "corpus/feed.jsonl:2:1: required-title field 'title' is missing",
        "Found 2 errors and 1 warning in 4 documents in 3 files.",
    ]


def test_json_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(project, capsys, "check", "corpus", "--format", "json")
    data = json.loads(out)
    assert status == 1
    assert data["summary"] == {"documents": 4, "files": 3, "errors": 2, "warnings": 1}
    first = data["findings"][0]
    assert {key: first[key] for key in ("path", "line", "column", "rule", "severity", "message")} == {
        "path": "corpus/bad.md",
        "line": 1,
        "column": 1,
        "rule": "required-title",
        "severity": "error",
        "message": "field 'title' is missing",
    }
    assert data["findings"][2]["record"] == "r2"


def test_warnings_alone_exit_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(project, capsys, "check", "corpus/good.md", "corpus/bad.md", "--rules", "rules/news.yaml")
    assert status == 1
    status, out, _ = run_cli(project, capsys, "check", "corpus/good.md")
    assert (status, out) == (0, "All checks passed: 1 document in 1 file.\n")


def test_missing_path_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(project, capsys, "check", "nowhere")
    assert status == 2 and out == ""
    assert err == "corpusval: nowhere: no such file or directory; pass a corpus folder or document file\n"


def test_bad_rule_file_exits_2_naming_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.yaml").write_text(
        "rules:\n  - id: x\n    kind: pattern\n    description: d\n    pattern: '('\n", encoding="utf-8"
    )
    status, out, err = run_cli(project, capsys, "check", "corpus", "--rules", "broken.yaml")
    assert status == 2 and out == ""
    assert err.startswith("broken.yaml:5:14: rule 'x': option 'pattern': RE2 cannot compile /(/")
    assert "Traceback" not in err


def test_rules_lists_the_rules_in_force(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(project, capsys, "rules")
    assert status == 0
    rules, kinds = out.split("\n\nKinds:\n")
    assert [line.split()[0] for line in rules.splitlines()] == ["required-title", "stray-link", "read-error"]
    assert "Every document has a title." in rules
    assert ["name-consistency", "built", "in"] in [line.split() for line in kinds.splitlines()]


def test_bundled_rules_when_no_local_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(tmp_path, capsys, "rules")
    assert status == 0
    assert {"required-title", "duplicated-footer", "name-spelling", "publish-date", "encoding"} <= {
        line.split()[0] for line in out.split("\n\n")[0].splitlines()
    }


def _snapshot(folder: Path) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()}


def test_check_never_writes_to_the_corpus(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project / "corpus")
    run_cli(project, capsys, "check", "corpus")
    assert _snapshot(project / "corpus") == before
    assert (project / ".corpusval_cache" / "CACHEDIR.TAG").is_file()  # the cache is in the working directory


def test_no_cache_writes_nothing_at_all(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(project)
    run_cli(project, capsys, "check", "corpus", "--no-cache")
    assert _snapshot(project) == before


def test_console_script_runs(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "corpusval.cli", "check", "corpus", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert len(json.loads(result.stdout)["findings"]) == 3


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--format", "xml"])
    assert exited.value.code == 2


def test_files_globs_match_inside_the_checked_folder_wherever_it_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = "rules:\n  - id: short\n    kind: length\n    description: d\n    min_words: 100\n    files: ['sport/*']\n"
    write_files(tmp_path, {"rules.yaml": rule, "corpus/sport/a.txt": "Title\n", "corpus/news/b.txt": "Title\n"})
    outcomes = []
    for cwd, target in [(tmp_path, "corpus"), (tmp_path / "corpus", "."), (tmp_path / "corpus" / "news", "..")]:
        with inside(cwd):
            main(["check", target, "--rules", str(tmp_path / "rules.yaml"), "--format", "json"])
        outcomes.append([Path(f["path"]).name for f in json.loads(capsys.readouterr().out)["findings"]])
    assert outcomes == [["a.txt"]] * 3


def test_max_document_size_reports_larger_documents(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "corpus" / "long.txt").write_text("A title\n" + "word " * 400, encoding="utf-8")
    status, out, err = run_cli(project, capsys, "check", "corpus", "--max-document-size", "1KiB", "--no-cache")
    assert status == 1 and err == ""
    assert "corpus/long.txt:1:1: read-error file is larger than 1 KiB, the size limit of one document" in out


@pytest.mark.parametrize("size", ["0", "16TB", "lots"])
def test_a_bad_max_document_size_is_a_usage_error(size: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", ".", "--max-document-size", size])
    assert exited.value.code == 2
    assert "expected a size such as 16MiB, 500KB or 1000000 (bytes)" in capsys.readouterr().err


def test_follow_symlinks_reads_a_link_out_of_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path, {"corpus/a.txt": "A title\nText.\n", "shared/b.txt": "\nno title here\n\n"})
    (tmp_path / "corpus" / "b.txt").symlink_to(tmp_path / "shared" / "b.txt")
    refused = run_cli(tmp_path, capsys, "check", "corpus", "--no-cache")
    assert "corpus/b.txt:1:1: read-error symbolic link to a file outside the checked folders" in refused[1]
    followed = run_cli(tmp_path, capsys, "check", "corpus", "--no-cache", "--follow-symlinks")
    assert "read-error" not in followed[1] and followed[0] == 0


def test_rules_shows_a_hostile_description_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = 'rules:\n  - id: t\n    kind: required-field\n    field: title\n    description: "T \\e[2J\\x07"\n'
    write_files(tmp_path, {"rules/r.yaml": rule})
    status, out, _ = run_cli(tmp_path, capsys, "rules")
    assert status == 0 and "T \\x1b[2J\\x07" in out and "\x1b" not in out
