"""The engine: rules run over documents in two phases, whoever drives it (CLI, pytest, a cluster).

Phase one, `gather`, summarizes the whole corpus for each corpus-wide rule; its
per-document summaries combine associatively, so shards can be gathered apart and
merged. Phase two, `judge`, checks one document against every rule (or one rule)
with that summary. Nothing here knows about pytest or the terminal.
"""

from __future__ import annotations

import traceback
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

from corpusval.document import Document
from corpusval.finding import READ_ERROR, Finding, Severity
from corpusval.options import MAX_DOCUMENT_BYTES
from corpusval.readers import ReadError
from corpusval.rules import Rule
from corpusval.suppressions import Suppression

_GATHER_BATCH = 512
_FAILED = object()  # what `_gather_one` returns for a document its kind could not summarize
MAX_FINDINGS_PER_RULE = 100
"""The most findings one rule lists for one document; the rest are counted in one more finding."""

Marks: TypeAlias = "array[int]"
"""A document's keys (see `Kind.keys`) as 32-bit hashes: compact enough to keep one per document."""


def applies(rule: Rule, document: Document) -> bool:
    """Whether `rule` checks `document`: its globs match, and binary files only for kinds that read them."""
    where = document.corpus_path or document.path
    return rule.applies_to(where) and (not document.binary or rule.check.reads_binary)


class Plan(NamedTuple):
    """The rules that check one document: per-document ones, corpus-wide ones, and all their ids."""

    per_document: tuple[Rule, ...]
    corpus_wide: tuple[Rule, ...]
    ids: tuple[str, ...]


def read_error_finding(error: ReadError) -> Finding:
    """A finding for what a reader could not read."""
    problem = error.problem
    return Finding(
        error.path, problem.line, problem.column, READ_ERROR, Severity.ERROR, problem.message, "", error.record
    )


class Engine:
    """Runs a fixed set of rules; holds no document, so one engine serves any corpus or shard."""

    def __init__(
        self, rules: Sequence[Rule], tallies: bool = False, max_document_bytes: int = MAX_DOCUMENT_BYTES
    ) -> None:
        self.rules = list(rules)
        self.tallies = tallies  # whether to count each kind's tally (for reports that chart them)
        self.max_document_bytes = max_document_bytes  # larger documents are reported, not read
        self.corpus_wide = [rule for rule in self.rules if rule.check.corpus_wide]
        """The rules that judge each document against the whole corpus."""
        self.per_document = [rule for rule in self.rules if not rule.check.corpus_wide]
        """The rules that judge each document alone."""
        # Without `files` globs which rules check a document depends only on whether it is binary.
        self._plans: dict[bool, Plan] | None = None if any(rule.files for rule in self.rules) else {}

    def prepare(self) -> None:
        """Let every rule's kind load what it needs (see `Kind.prepare`)."""
        for rule in self.rules:
            rule.check.prepare()

    def plan(self, document: Document) -> Plan:
        """The rules that check `document` (see `applies`)."""
        if self._plans is not None and (known := self._plans.get(document.binary)) is not None:
            return known
        rules = [rule for rule in self.rules if applies(rule, document)]
        plan = Plan(
            tuple(rule for rule in rules if not rule.check.corpus_wide),
            tuple(rule for rule in rules if rule.check.corpus_wide),
            tuple(rule.id for rule in rules),
        )
        if self._plans is not None:
            self._plans[document.binary] = plan
        return plan

    def gather(self, documents: Iterable[Document]) -> dict[str, Any]:
        """Phase one: the finished corpus summary of every corpus-wide rule, by rule id."""
        return self.finish(self.summarize(documents)[0])

    def summarize(self, documents: Iterable[Document]) -> tuple[dict[str, Any], list[Marks | None]]:
        """The combined, unfinished summaries of `documents` for each corpus-wide rule (one shard's
        share), and each document's marks: the keys its summaries hold, or None when it is to be
        judged whatever the corpus reports (see `to_judge`).

        Documents are streamed once whatever the number of rules; summaries are
        combined batch by batch so memory follows the summaries, not the corpus.
        """
        merged = {rule.id: rule.check.combine([]) for rule in self.corpus_wide}
        marks: list[Marks | None] = []
        for batch in _batches(documents, _GATHER_BATCH):
            batch_marks: list[Marks | None] = [array("I") for _ in batch]
            plans = [self.plan(document).corpus_wide for document in batch]
            for rule in self.corpus_wide:
                parts = []
                for index, document in enumerate(batch):
                    if rule not in plans[index]:
                        continue
                    part = _gather_one(rule, document)
                    keys = None if part is _FAILED else rule.check.keys(part)  # a failure is reported by `judge`
                    document_marks = batch_marks[index]
                    if keys is None:
                        batch_marks[index] = None
                    elif document_marks is not None:
                        _mark(document_marks, rule.id, keys)
                    if part is not _FAILED:
                        parts.append(part)
                if parts:
                    merged[rule.id] = rule.check.combine([merged[rule.id], *parts])
            marks.extend(batch_marks)
        return merged, marks

    def reported(self, corpus: dict[str, Any]) -> Set[int] | None:
        """The hashed keys the corpus-wide rules can report on (see `Kind.reported`); None: any document's."""
        hashes: set[int] = set()
        for rule in self.corpus_wide:
            if rule.id in corpus:
                keys = rule.check.reported(corpus[rule.id])
                if keys is None:
                    return None
                hashes.update(_hashed(rule.id, keys))
        return hashes

    @staticmethod
    def to_judge(marks: Marks | None, reported: Set[int] | None) -> bool:
        """Whether phase two must judge a document with `marks`: it may hold what `reported` names.

        Hashes that collide only make a document judged for nothing.
        """
        return marks is None or reported is None or not reported.isdisjoint(marks)

    def merge(self, summaries: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Combine shards' summaries, rule by rule; shards may be merged in any grouping."""
        merged: dict[str, Any] = {}
        for summary in summaries:
            for rule in self.corpus_wide:
                if rule.id in summary:
                    had = merged.get(rule.id)
                    merged[rule.id] = summary[rule.id] if had is None else rule.check.combine([had, summary[rule.id]])
        return merged

    def finish(self, summaries: dict[str, Any]) -> dict[str, Any]:
        """What each corpus-wide rule judges documents against, from the corpus's summaries."""
        return {rule.id: rule.check.finish(summaries[rule.id]) for rule in self.corpus_wide if rule.id in summaries}

    def judge(self, document: Document, corpus: dict[str, Any], rules: Sequence[Rule] | None = None) -> list[Finding]:
        """Phase two: the findings of every rule (or of `rules`) on one document, sorted."""
        chosen = self.rules if rules is None else rules
        return self.judge_planned(document, corpus, [rule for rule in chosen if applies(rule, document)])

    def judge_planned(self, document: Document, corpus: dict[str, Any], rules: Sequence[Rule]) -> list[Finding]:
        """`judge` with `rules` known to check `document` (see `plan`)."""
        findings: list[Finding] = []
        for rule in rules:
            findings.extend(self._judge_rule(rule, document, corpus.get(rule.id)))
        return sorted(findings) if len(findings) > 1 else findings

    def _judge_rule(self, rule: Rule, document: Document, state: Any) -> list[Finding]:
        try:
            found = iter(rule.check.check(document, state))
            violations = list(islice(found, MAX_FINDINGS_PER_RULE + 1))
            # counted, not kept: a hostile document can hold millions (fewer, and the iterator is spent)
            unlisted = sum(1 for _ in found) if len(violations) > MAX_FINDINGS_PER_RULE else 0
        except Exception as error:  # a kind's bug must not end the run: report it where it struck
            where = traceback.extract_tb(error.__traceback__)[-1]
            message = (
                f"internal error in kind '{rule.kind}' ({type(error).__name__}: {error} at"
                f" {Path(where.filename).name}:{where.lineno}); please report this document"
            )
            position = document.position_of("title")
            return [Finding(document.path, *position, rule.id, Severity.ERROR, message, "", document.record)]
        if not violations:
            return []
        findings = [
            Finding(
                document.path,
                violation.line,
                violation.column,
                rule.id,
                rule.severity,
                violation.message,
                violation.excerpt,
                document.record,
            )
            for violation in violations[:MAX_FINDINGS_PER_RULE]
        ]
        if len(violations) > MAX_FINDINGS_PER_RULE:
            first = violations[MAX_FINDINGS_PER_RULE]
            more = f"{unlisted + 1:,} more findings of this rule in this document from here on, not listed"
            message = f"{more} (at most {MAX_FINDINGS_PER_RULE} a document are)"
            findings.append(
                Finding(document.path, first.line, first.column, rule.id, rule.severity, message, "", document.record)
            )
        return findings


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _gather_one(rule: Rule, document: Document) -> Any:
    try:
        return rule.check.gather(document)
    except Exception:  # reported by `judge`, which meets the same document
        return _FAILED


def _hashed(rule_id: str, keys: Iterable[str]) -> Iterator[int]:
    """Each of a rule's keys as a 32-bit hash, the same in every process (Python's `hash` is not).

    Mapped in C, without a Python step per key: a document has a score of names. The reference
    the compiled `_marks` is tested against.
    """
    encoded = map(str.encode, keys, repeat("utf-8"), repeat("surrogatepass"))
    return map(zlib.crc32, encoded, repeat(zlib.crc32(rule_id.encode())))


def _mark(marks: Marks, rule_id: str, keys: Iterable[str]) -> None:
    """Add a rule's keys, hashed as `_hashed` does, to a document's marks: in one step where `_marks` is built."""
    if _marks is None:
        marks.extend(_hashed(rule_id, keys))
    else:
        _marks.extend_hashed(marks, keys if isinstance(keys, list) else list(keys), zlib.crc32(rule_id.encode()))


try:
    from corpusval import _marks
except ImportError:  # not compiled (installed without a C compiler): `map` and `zlib.crc32` mark the same, slower
    _marks = None  # type: ignore[assignment]


@dataclass
class Report:
    """The outcome of checking a corpus: sorted findings and what was looked at."""

    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    rules: list[Rule] = field(default_factory=list)  # the rules in force, for formats that describe them
    tallies: dict[str, dict[str, int]] = field(default_factory=dict)  # by rule id, when asked for
    overviews: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # of corpus-wide rules, by rule id
    known: int = 0  # findings left out because the baseline has them
    fixed: int = 0  # baseline findings no longer found
    suppressed: list[tuple[Finding, Suppression]] = field(default_factory=list)  # and what accepted each

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def failed(self) -> bool:
        return self.count(Severity.ERROR) > 0


def check_paths(paths: Sequence[Path], rules: Sequence[Rule], **options: Any) -> Report:
    """Check the corpus under `paths` with `rules`; `options` as for `corpusval.runner.run`."""
    from corpusval.runner import run  # the runner builds on this module

    return run(paths, rules, **options).report
