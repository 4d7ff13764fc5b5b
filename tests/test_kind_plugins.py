"""Third-party kinds: docs/plugins.md's example plugin, installed as a distribution stub on sys.path.

A `*.dist-info` folder with `METADATA` and `entry_points.txt` beside the module is
all `importlib.metadata` needs to find an entry point, so no pip install is needed.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from corpusval.cli import main
from corpusval.engine import check_paths
from corpusval.kinds import BUILT_IN, KINDS, find_kind, kind_names, list_kinds, reset_plugins
from corpusval.rules import RuleFileError, load_rules
from tests.conftest import REPO, inside, write_files

DOCS = REPO / "docs" / "plugins.md"
_BLOCK = re.compile(r"^(?P<fence>`{3,})\w+\n# (?P<name>\S+)\n(?P<body>.*?)^(?P=fence)$", re.MULTILINE | re.DOTALL)
WORD_RULE = "rules:\n  - id: short\n    kind: word-count\n    description: At most three words.\n    max_words: 3\n"


def documented_files() -> dict[str, str]:
    """The files of docs/plugins.md, each a fenced block whose first line is `# <file name>`."""
    return {match["name"]: match["body"] for match in _BLOCK.finditer(DOCS.read_text(encoding="utf-8"))}


class Site:
    """A folder on sys.path where tests install distribution stubs."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.modules: list[str] = []
        monkeypatch.syspath_prepend(str(root))

    def install(self, name: str, entry_points: Mapping[str, str], modules: Mapping[str, str] = {}) -> None:
        """A distribution `name` 1.0 declaring `entry_points` in corpusval.kinds, with `modules` beside it."""
        info = self.root / f"{name.replace('-', '_')}-1.0.dist-info"
        lines = "".join(f"{kind} = {target}\n" for kind, target in entry_points.items())
        write_files(
            self.root,
            {
                f"{info.name}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n",
                f"{info.name}/entry_points.txt": f"[corpusval.kinds]\n{lines}",
                **{f"{module}.py": source for module, source in modules.items()},
            },
        )
        self.modules.extend(modules)
        reset_plugins()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    stub = Site(tmp_path / "site", monkeypatch)
    yield stub
    for module in stub.modules:
        sys.modules.pop(module, None)
    monkeypatch.undo()
    reset_plugins()


@pytest.fixture
def wordcount(site: Site) -> Site:
    """docs/plugins.md's plugin, its entry point read from the documented pyproject.toml."""
    files = documented_files()
    project = tomllib.loads(files["pyproject.toml"])["project"]
    site.install(
        project["name"],
        project["entry-points"]["corpusval.kinds"],
        {"corpusval_wordcount": files["corpusval_wordcount.py"]},
    )
    return site


def test_the_documented_kind_is_found_with_its_origin(wordcount: Site) -> None:
    kind = find_kind("word-count")
    assert kind is not None and kind.__name__ == "WordCount"
    origins = {info.name: info.origin for info in list_kinds()}
    assert origins["word-count"] == "corpusval-wordcount 1.0"
    assert all(origins[name] == BUILT_IN for name in KINDS)


def test_rules_of_the_plugin_kind_check_a_corpus(wordcount: Site, tmp_path: Path) -> None:
    write_files(tmp_path, {"rules.yaml": WORD_RULE, "corpus/a.md": "---\ntitle: T\n---\none two\nthree four\n"})
    report = check_paths([tmp_path / "corpus"], load_rules([tmp_path / "rules.yaml"]))
    assert [(f.rule, f.line, f.column, f.message) for f in report.findings] == [("short", 5, 7, "more than 3 words")]


def test_the_plugin_kind_options_are_checked(wordcount: Site, tmp_path: Path) -> None:
    write_files(tmp_path, {"rules.yaml": WORD_RULE.replace("max_words: 3", "max_word: 3")})
    with pytest.raises(RuleFileError) as caught:
        load_rules([tmp_path / "rules.yaml"])
    valid = "description, examples, files, id, kind, max_words, severity"
    messages = [str(error).split(": ", 1)[1] for error in caught.value.errors]
    assert f"rule 'short': unknown key 'max_word'; valid keys: {valid}" in messages


def test_the_cli_lists_and_checks_with_the_plugin_kind(
    wordcount: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(tmp_path, {"rules/r.yaml": WORD_RULE, "corpus/a.txt": "Title\none two three four\n"})
    with inside(tmp_path):
        assert main(["rules"]) == 0
        listed = capsys.readouterr().out
        assert main(["check", "corpus"]) == 1
        checked = capsys.readouterr().out
    assert "word-count" in listed
    assert "corpus/a.txt:2:9: short more than 3 words" in checked


def test_the_documented_plugin_tests_pass(wordcount: Site, pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_word_count=documented_files()["tests/test_word_count.py"])
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("entry_point", "module", "expected"),
    [
        (
            "missing_module:Kind",
            None,
            "the rule kind 'broken' cannot be loaded: the entry point 'broken = missing_module:Kind' of"
            " corpusval-broken 1.0 (group corpusval.kinds) raised ModuleNotFoundError: No module named"
            " 'missing_module'. Reinstall or upgrade corpusval-broken, or uninstall it;",
        ),
        (
            "broken_plugin:WordCount",
            "import nowhere_to_be_found\n",
            "raised ModuleNotFoundError: No module named 'nowhere_to_be_found'.",
        ),
        (
            "broken_plugin:check",
            "def check(document, corpus):\n    return []\n",
            "the entry point 'broken = broken_plugin:check' of corpusval-broken 1.0 (group corpusval.kinds) loads"
            " <function check at",
        ),
        (
            "broken_plugin:Broken",
            "from corpusval.kinds import Kind\n\nclass Broken(Kind):\n    name = 'broken'\n",
            "Broken, loaded by the entry point 'broken = broken_plugin:Broken' of corpusval-broken 1.0 (group"
            " corpusval.kinds), does not implement check().",
        ),
        (
            "broken_plugin:Broken",
            "from corpusval.kinds import Kind\n\nclass Broken(Kind):\n    name = 'brokn'\n"
            "    def check(self, document, corpus):\n        return iter(())\n",
            "sets name = 'brokn'; the class's `name` and the entry point's name must be the same",
        ),
    ],
    ids=["no-module", "import-error", "not-a-kind", "abstract", "name-mismatch"],
)
def test_a_broken_plugin_is_one_positioned_paragraph(
    site: Site, tmp_path: Path, entry_point: str, module: str | None, expected: str
) -> None:
    site.install("corpusval-broken", {"broken": entry_point}, {"broken_plugin": module} if module else {})
    write_files(tmp_path, {"rules.yaml": "rules:\n  - id: b\n    kind: broken\n    description: d\n"})
    with pytest.raises(RuleFileError) as caught:
        load_rules([tmp_path / "rules.yaml"])
    [error] = caught.value.errors
    assert (error.line, error.column) == (3, 11)
    assert expected in error.message and "\n" not in error.message and "Traceback" not in error.message
    [info] = [info for info in list_kinds() if info.name == "broken"]
    assert info.kind is None and expected in info.problem


def test_a_plugin_may_not_shadow_a_built_in_kind(site: Site, tmp_path: Path) -> None:
    site.install("corpusval-evil", {"pattern": "corpusval.kinds.pattern:Pattern"})
    write_files(tmp_path, {"rules.yaml": "rules:\n  - id: p\n    kind: pattern\n    description: d\n    pattern: x\n"})
    with pytest.raises(RuleFileError, match=r"rules.yaml:3:11: rule 'p': the rule kind 'pattern' is built into"):
        load_rules([tmp_path / "rules.yaml"])
    [info] = [info for info in list_kinds() if info.name == "pattern"]
    assert info.origin == "built in, corpusval-evil 1.0" and "Uninstall corpusval-evil" in info.problem


def test_two_distributions_may_not_declare_one_kind(site: Site) -> None:
    site.install("corpusval-one", {"twice": "one:Kind"})
    site.install("corpusval-two", {"twice": "two:Kind"})
    [info] = [info for info in list_kinds() if info.name == "twice"]
    assert info.origin == "corpusval-one 1.0, corpusval-two 1.0"
    assert "declared twice" in info.problem and "corpusval-one" in info.problem and "corpusval-two" in info.problem


def test_unknown_kinds_list_plugin_kinds_without_importing_them(site: Site, tmp_path: Path) -> None:
    site.install("corpusval-lazy", {"lazy-kind": "not_importable_at_all:Kind"})
    assert "lazy-kind" in kind_names()
    write_files(tmp_path, {"rules.yaml": "rules:\n  - id: x\n    kind: lazy\n    description: d\n"})
    with pytest.raises(RuleFileError, match=r"unknown kind 'lazy'; valid kinds: .*lazy-kind"):
        load_rules([tmp_path / "rules.yaml"])
    assert "not_importable_at_all" not in sys.modules
