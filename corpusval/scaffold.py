"""`corpusval init`: a starter rule file and pytest configuration for a data repository.

It never overwrites a file, and never edits an existing pytest configuration: when
pytest is configured already it says what to add, and writes nothing.
"""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path

from corpusval.options import CORPUS, RULES
from corpusval.rules import default_rules_path

RULE_FILE = Path("rules", "corpus.yaml")
PYTEST_INI = Path("pytest.ini")

_HEADER = """\
# corpusval rules for this corpus, started from corpusval's defaults by `corpusval init`.
#
# Edit freely: change a severity, add `files:` globs to narrow a rule, tune a kind's
# options, add rules. `corpusval rules` lists the rules in force, `corpusval explain ID`
# shows what a rule catches and how to fix or suppress it, and `corpusval test-rules`
# runs each rule's `examples:`.
#
# Findings you accept go in `suppressions:`, each with the paths (inside the checked
# folder) and the reason, for instance:
#
# suppressions:
#   - rule: stray-link
#     paths: ["archive/2019/*"]
#     reason: Archived as scraped; kept unchanged on purpose.
"""

# The files pytest reads its configuration from, in its order of precedence.
_PYTEST_CONFIGS = ("pytest.ini", ".pytest.ini", "pytest.toml", ".pytest.toml", "pyproject.toml", "tox.ini", "setup.cfg")


class ScaffoldError(Exception):
    """`init` would overwrite a file or a pytest configuration; nothing was written."""


def init(directory: Path, corpus: str = "corpus") -> list[Path]:
    """Write `rules/corpus.yaml` and `pytest.ini` under `directory`; return the files written.

    Refuses, writing nothing, when either file exists or pytest is configured already
    (the message then says what to add to that configuration).
    """
    rule_file, ini = directory / RULE_FILE, directory / PYTEST_INI
    if rule_file.exists():
        raise ScaffoldError(
            f"{rule_file} exists already, and corpusval init does not overwrite files; move it aside, or edit it"
            " instead of starting over."
        )
    configured = _pytest_configuration(directory)
    if configured:
        raise ScaffoldError(
            f"pytest is configured in {configured} already, and corpusval init does not edit it; add"
            f" {_settings(configured, corpus)}. Nothing was written."
        )
    rule_file.parent.mkdir(parents=True, exist_ok=True)
    rule_file.write_text(starter_rules(), encoding="utf-8")
    ini.write_text(f"[pytest]\n{CORPUS.ini} = {corpus}\n{RULES.ini} = rules\n", encoding="utf-8")
    return [rule_file, ini]


def starter_rules() -> str:
    """The bundled default rules with a header on how to adapt them."""
    text = (default_rules_path() / "news.yaml").read_text(encoding="utf-8")
    body = text[text.index("rules:") :]  # the defaults' own header speaks of copying them: done
    return f"{_HEADER}\n{body}"


def _pytest_configuration(directory: Path) -> Path | None:
    """The file that configures pytest in `directory`, if any, in pytest's own order of precedence."""
    for name in _PYTEST_CONFIGS:
        path = directory / name
        if path.is_file() and _configures_pytest(path):
            return path
    return None


def _configures_pytest(path: Path) -> bool:
    if path.name in {"pytest.ini", ".pytest.ini", "pytest.toml", ".pytest.toml"}:
        return True  # pytest takes these even when empty
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".toml":
        try:
            return "ini_options" in tomllib.loads(text).get("tool", {}).get("pytest", {})
        except tomllib.TOMLDecodeError:
            return "[tool.pytest" in text
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return "[pytest]" in text or "[tool:pytest]" in text
    return parser.has_section("tool:pytest" if path.name == "setup.cfg" else "pytest")


def _settings(path: Path, corpus: str) -> str:
    """The two settings as they are written in `path`, and where."""
    if path.suffix == ".toml":
        table = "[tool.pytest.ini_options]" if path.name == "pyproject.toml" else "[pytest]"
        return f'{CORPUS.ini} = ["{corpus}"] and {RULES.ini} = ["rules"] to its {table} table'
    section = "[tool:pytest]" if path.name == "setup.cfg" else "[pytest]"
    return f"{CORPUS.ini} = {corpus} and {RULES.ini} = rules to its {section} section"
