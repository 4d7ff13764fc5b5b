"""pytest items for rule-file examples: one test per example, with ids `rules/news.yaml::RULE::EXAMPLE`.

The corpusval plugin hands rule files to `collect_rule_file` when examples are
asked for (`corpusval test-rules`), and imports this module only then: it loads
the rules and the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from corpusval.readers import display_path
from corpusval.rules import RULE_FILE_SUFFIXES, Example, Rule, RuleFileError, load_rules
from corpusval.selftest import ExampleResult, run_examples

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr


def collect_rule_file(file_path: Path, parent: pytest.Collector, roots: Sequence[Path]) -> RuleFile | None:
    """A rule file under one of `roots` (files or folders) as a collector of its examples; None for other files."""
    if file_path.suffix not in RULE_FILE_SUFFIXES:
        return None
    path = file_path.absolute()
    if not any(path == root or root in path.parents for root in (root.absolute() for root in roots)):
        return None
    return RuleFile.from_parent(parent, path=file_path)


class ExampleFailed(Exception):
    """Raised by an example the rule does not treat as the example expects."""

    def __init__(self, result: ExampleResult) -> None:
        super().__init__(result.explanation)
        self.result = result


class RuleFile(pytest.File):
    """A rule file: a collector per rule with examples."""

    def collect(self) -> Iterator[RuleExamples]:
        for rule in load_rules([Path(display_path(self.path))]):  # rule-file errors name it as the user does
            if rule.examples:
                yield RuleExamples.from_parent(self, name=rule.id, rule=rule)

    def repr_failure(  # type: ignore[override]  # pytest.Collector narrows it the same way
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, RuleFileError):  # a bad rule file: its problems, not a traceback
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class RuleExamples(pytest.Collector):
    """One rule's examples, run together once (a corpus-wide rule gathers over all of them)."""

    def __init__(self, *, rule: Rule, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule = rule

    @cached_property
    def results(self) -> dict[str, ExampleResult]:
        return {result.example: result for result in run_examples(self.rule)}

    def collect(self) -> Iterator[ExampleItem]:
        for example in self.rule.examples:
            yield ExampleItem.from_parent(self, name=example.name, example=example)


class ExampleItem(pytest.Item):
    """One example of one rule: passes when the rule treats it as the example says."""

    def __init__(self, *, example: Example, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.example = example

    def runtest(self) -> None:
        assert isinstance(self.parent, RuleExamples)
        result = self.parent.results[self.name]
        if not result.passed:
            raise ExampleFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, ExampleFailed):
            result = excinfo.value.result
            return f"{result.source}: rule '{result.rule}', example '{result.example}': {result.explanation}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        assert isinstance(self.parent, RuleExamples)
        return self.path, self.example.position[0] - 1, f"{self.parent.rule.id}::{self.name}"
