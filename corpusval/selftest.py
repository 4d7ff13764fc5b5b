"""Rules that test themselves: each rule's `examples:` run through the engine, each with a verdict that explains.

Nothing is written to disk: a `text` example becomes a `Document` directly, and a
file's raw `content` goes through the readers as if it had been read from a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from corpusval.document import Document
from corpusval.engine import Engine, applies
from corpusval.finding import Finding
from corpusval.readers import ReadError, read_data
from corpusval.rules import Example, Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """The verdict on one example: did the rule do what the example expects, and if not, what it did."""

    rule: str
    example: str
    passed: bool
    explanation: str
    source: str = ""


def make_document(text: str, fields: Mapping[str, Any], path: str = "example.md") -> Document:
    """A document from its body and fields, lines counted from the body's first line, as a reader would give it."""
    return Document(path, text, dict(fields), corpus_path=path)


def read_content(file: str, content: str) -> list[Document | ReadError]:
    """What the readers make of a file `file` holding `content`, without writing it anywhere."""
    return list(read_data(content.encode("utf-8"), file, file, PurePosixPath(file).suffix))


def example_items(example: Example) -> list[Document | ReadError]:
    """The documents of one example (several for a JSONL file), and what could not be read."""
    if example.content is not None:
        return read_content(example.file, example.content)
    return [make_document(example.text or "", example.fields, example.file)]


def run_examples(rule: Rule) -> list[ExampleResult]:
    """Run every example of `rule`; a corpus-wide rule gathers over all of its examples together."""
    items = {example.name: example_items(example) for example in rule.examples}
    documents = [item for found in items.values() for item in found if isinstance(item, Document)]
    engine = Engine([rule])
    corpus = engine.gather(documents)
    return [_verdict(rule, example, items[example.name], engine, corpus) for example in rule.examples]


def run_all(rules: Iterable[Rule]) -> Iterator[ExampleResult]:
    """The verdicts on the examples of all `rules`, rule by rule."""
    for rule in rules:
        yield from run_examples(rule)


def _verdict(
    rule: Rule, example: Example, items: Sequence[Document | ReadError], engine: Engine, corpus: dict[str, Any]
) -> ExampleResult:
    def result(passed: bool, explanation: str) -> ExampleResult:
        return ExampleResult(rule.id, example.name, passed, explanation, example.source)

    unread = [item for item in items if isinstance(item, ReadError)]
    if unread:
        return result(False, f"the example cannot be read: {unread[0].problem.message}")
    documents = [item for item in items if isinstance(item, Document)]
    if not any(applies(rule, document) for document in documents):
        globs = f" (its files: {', '.join(rule.files)})" if rule.files else ""
        return result(
            False, f"the rule does not apply to '{example.file}'{globs}; give the example a `file` it matches"
        )
    findings = [finding for document in documents for finding in engine.judge(document, corpus)]
    if not example.must_fail:
        if findings:
            return result(False, f"expected no finding, found {_listed(findings)}")
        return result(True, "no finding, as expected")
    expected = _expectation(example)
    hits = [finding for finding in findings if _matches(example, finding)]
    elsewhere = [finding for finding in findings if finding.line != example.line]
    if not hits:
        found = _listed(findings) if findings else "none"
        return result(False, f"expected {expected}, found {found}")
    if elsewhere:
        return result(False, f"found {expected}, but also {_listed(elsewhere)}")
    return result(True, f"found {expected}")


def _expectation(example: Example) -> str:
    where = f"line {example.line}" + (f", column {example.column}" if example.column else "")
    said = f" saying '{example.message}'" if example.message else ""
    return f"a finding at {where}{said}"


def _matches(example: Example, finding: Finding) -> bool:
    return (
        finding.line == example.line
        and example.column in (None, finding.column)
        and (example.message or "") in finding.message
    )


def _listed(findings: Sequence[Finding]) -> str:
    return "; ".join(f"{finding.line}:{finding.column} {finding.message}" for finding in findings)
