"""Shared helpers: write a corpus to a temporary folder and check it with given rules."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings
from ruamel.yaml import YAML

# Imported before pytester's in-process runs snapshot sys.modules: a process pool whose
# module an inline run imported (and pytester then dropped) cannot start its workers.
import corpusval.runner  # noqa: F401
from corpusval.cli import main
from corpusval.document import Document
from corpusval.engine import Report, check_paths
from corpusval.readers import discover, read
from corpusval.rules import Rule, default_rules_path, load_rules

DEFAULT_RULES = load_rules([default_rules_path()])
"""The bundled rules, loaded once for the tests that use them as they come."""

REPO = Path(__file__).resolve().parent.parent

# Rules the CLI and plugin tests share, as rule-file text (a `rules:` list item each).
TITLE_RULE = """\
  - id: required-title
    kind: required-field
    description: Every document has a title.
    field: title
"""
LINK_RULE = """\
  - id: stray-link
    kind: pattern
    description: No See also lines.
    severity: warning
    pattern: '^See also.*'
"""

# Properties assert behaviour, not speed: shared CI machines are too noisy for deadlines.
settings.register_profile("corpusval", deadline=None)
settings.load_profile("corpusval")


BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench_script(name: str) -> ModuleType:
    """bench/ is a folder of scripts, not a package: load one of them as a module (its own imports of the
    others as the scripts do them, from beside it)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def texts_under(*folders: Path) -> list[str]:
    """The text of every document under `folders`, as corpusval reads it."""
    return [item.text for source in discover(list(folders)) for item in read(source) if isinstance(item, Document)]


def project_texts() -> list[str]:
    """What a compiled scanner is compared with its reference on: the sample corpus, and every kind's test
    cases as documents and as rule files."""
    cases = REPO / "tests" / "cases"
    return texts_under(REPO / "sample_corpus", cases) + [
        path.read_text(encoding="utf-8") for path in cases.glob("*.yml")
    ]


def generated_news(folder: Path, documents: int, seed: int) -> list[str]:
    """The texts of a corpus the benchmark's generator writes into `folder`."""
    load_bench_script("generate").generate(folder, documents, seed=seed)
    return texts_under(folder)


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Create each file under `root`; text is written as UTF-8 exactly as given."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def rules_from(tmp_path: Path, *specs: Mapping[str, Any]) -> list[Rule]:
    """Load rules through the real rule-file loader (schema checks included)."""
    path = tmp_path / "under-test.yaml"
    with path.open("w", encoding="utf-8") as stream:
        YAML().dump({"rules": [dict(spec) for spec in specs]}, stream)
    return load_rules([path])


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def check_corpus(tmp_path: Path, files: Mapping[str, str | bytes], *specs: Mapping[str, Any]) -> Report:
    """Write `files` to a corpus folder and check it with rules built from `specs`."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_files(corpus, files)
    rules = rules_from(tmp_path, *specs)
    with inside(corpus):
        return check_paths([Path(".")], rules)


def run_cli(folder: Path, capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    """Run `corpusval ARGUMENTS` in `folder`: exit status, standard output, standard error."""
    with inside(folder):
        status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def check(tmp_path: Path) -> Any:
    """`check(files, *rule_specs) -> Report` over a fresh temporary corpus."""

    def run(files: Mapping[str, str | bytes], *specs: Mapping[str, Any]) -> Report:
        return check_corpus(tmp_path, files, *specs)

    return run
