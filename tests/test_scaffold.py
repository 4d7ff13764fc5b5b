"""Adoption: `corpusval init` writes a working setup and never overwrites; the pre-commit hook takes every document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from corpusval.readers import DOCUMENT_SUFFIXES
from corpusval.rules import default_rules_path, load_rules
from corpusval.scaffold import ScaffoldError, init
from tests.conftest import REPO, write_files


def test_init_writes_rules_and_pytest_ini_that_work(tmp_path: Path, pytester: pytest.Pytester) -> None:
    written = init(pytester.path)
    assert written == [pytester.path / "rules" / "corpus.yaml", pytester.path / "pytest.ini"]
    assert [rule.id for rule in load_rules([written[0]])] == [rule.id for rule in load_rules([default_rules_path()])]
    assert (pytester.path / "pytest.ini").read_text() == "[pytest]\ncorpus_paths = corpus\ncorpus_rules = rules\n"
    write_files(pytester.path, {"corpus/a.md": "---\ntitle: Fine\n---\nA short and clean text.\n"})
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(
        passed=8
    )  # the eight default rules on one document


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("pytest.ini", "", "add corpus_paths = corpus and corpus_rules = rules to its [pytest] section"),
        (
            "pyproject.toml",
            "[tool.pytest.ini_options]\naddopts = '-q'\n",
            'add corpus_paths = ["corpus"] and corpus_rules = ["rules"] to its [tool.pytest.ini_options] table',
        ),
        ("tox.ini", "[tox]\n[pytest]\naddopts = -q\n", "to its [pytest] section"),
        ("setup.cfg", "[metadata]\nname = x\n[tool:pytest]\naddopts = -q\n", "to its [tool:pytest] section"),
    ],
)
def test_an_existing_pytest_configuration_is_left_alone(tmp_path: Path, name: str, content: str, expected: str) -> None:
    write_files(tmp_path, {name: content})
    with pytest.raises(ScaffoldError) as caught:
        init(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"pytest is configured in {tmp_path / name} already") and expected in message
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("name", "content"),
    [("pyproject.toml", "[project]\nname = 'x'\n"), ("tox.ini", "[tox]\n"), ("setup.cfg", "[metadata]\nname = x\n")],
)
def test_files_that_do_not_configure_pytest_do_not_stop_init(tmp_path: Path, name: str, content: str) -> None:
    write_files(tmp_path, {name: content})
    assert len(init(tmp_path)) == 2
    assert (tmp_path / name).read_text() == content


def test_an_existing_rule_file_is_never_overwritten(tmp_path: Path) -> None:
    write_files(tmp_path, {"rules/corpus.yaml": "mine\n"})
    with pytest.raises(ScaffoldError, match=r"rules/corpus.yaml exists already, and corpusval init does not overwrite"):
        init(tmp_path)
    assert (tmp_path / "rules" / "corpus.yaml").read_text() == "mine\n"
    assert not (tmp_path / "pytest.ini").exists()


def test_the_pre_commit_hook_takes_exactly_the_document_files() -> None:
    [hook] = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "corpusval",
        "corpusval check",
        "python",
        True,
    )
    files = re.compile(hook["files"])
    assert all(files.search(f"news/a{suffix}") for suffix in DOCUMENT_SUFFIXES)
    assert all(files.search(f"a{suffix.upper()}") for suffix in DOCUMENT_SUFFIXES)
    assert not any(files.search(name) for name in ("rules/news.yaml", "a.json", "a.py", "a.md.orig"))


def test_the_documented_workflow_uploads_the_sarif_it_writes() -> None:
    text = (REPO / "docs" / "github-actions.md").read_text(encoding="utf-8")
    workflow = YAML(typ="safe", pure=True).load(text.split("```yaml\n", 1)[1].split("```", 1)[0])
    job = workflow["jobs"]["check"]
    check, upload = job["steps"][-2:]
    assert check["run"] == "corpusval check corpus --format sarif --output corpusval.sarif"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "corpusval.sarif" and "corpusval.sarif" in upload["if"]
    assert job["permissions"]["security-events"] == "write"
