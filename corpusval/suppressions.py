"""Suppressions: known findings a project accepts, each for a rule, a set of paths, and a stated reason.

They come from a rule file's `suppressions:` list or from the ini key
`corpus_suppressions` ("RULE-ID GLOB reason..." per line). Globs match the path
inside the checked folder, as a rule's `files` globs do. A suppression that
matched nothing is reported as a warning at the place it is written, so stale
ones get removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import NamedTuple

from corpusval.finding import UNUSED_SUPPRESSION, Finding, Severity
from corpusval.options import SUPPRESSIONS

INI_KEY = SUPPRESSIONS.ini
UNUSED = UNUSED_SUPPRESSION


@dataclass(frozen=True, slots=True)
class Suppression:
    """Findings of `rule` in documents whose path inside the checked folder matches one of `paths`, accepted."""

    rule: str
    paths: tuple[str, ...]
    reason: str
    path: str = ""
    line: int = 1
    column: int = 1

    @property
    def source(self) -> str:
        """Where the suppression is written, as `file:line:column`."""
        return f"{self.path}:{self.line}:{self.column}"

    def matches(self, finding: Finding, inside: str) -> bool:
        """Whether it accepts `finding`, whose document is at `inside` in the checked folder."""
        return finding.rule == self.rule and any(fnmatchcase(inside, glob) for glob in self.paths)


class SuppressionError(ValueError):
    """Suppressions that cannot be used: every problem, one paragraph each."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def parse_ini(lines: Sequence[str], source: str) -> list[Suppression]:
    """Suppressions from the ini key's lines, "RULE-ID GLOB reason..."; `source` names the ini file."""
    suppressions: list[Suppression] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        if len(parts) < 3:
            missing = "a glob and a reason" if len(parts) == 1 else "a reason"
            problems.append(
                f"{source}: {INI_KEY} line {number} ({line.strip()!r}): {missing} missing; write"
                " 'RULE-ID GLOB reason why these findings are accepted'"
            )
            continue
        rule, glob, reason = parts
        suppressions.append(Suppression(rule, (glob,), reason, source))  # ini values carry no line of their own
    if problems:
        raise SuppressionError(problems)
    return suppressions


def unknown_rule(suppression: Suppression, rule_ids: Collection[str]) -> str | None:
    """Why `suppression` names no known rule (with the closest id, if any), or None when its rule exists."""
    if suppression.rule in rule_ids:
        return None
    close = difflib.get_close_matches(suppression.rule, list(rule_ids), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"suppression of unknown rule '{suppression.rule}'; {hint}rule ids: {', '.join(sorted(rule_ids))}"


class Applied(NamedTuple):
    """What `apply` did: the findings left, those suppressed (with what suppressed them), and the unused."""

    kept: list[Finding]
    suppressed: list[tuple[Finding, Suppression]]
    unused: list[Suppression]


def apply(
    findings: Iterable[Finding], suppressions: Sequence[Suppression], inside: Mapping[str, str] | None = None
) -> Applied:
    """Set aside the findings a suppression accepts.

    `inside` maps a finding's `path` to its document's path inside the checked folder
    (`Document.corpus_path`), which globs match; a path missing from it is matched as is.
    """
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, Suppression]] = []
    used: set[int] = set()
    for finding in findings:
        where = (inside or {}).get(finding.path, finding.path)
        index = next((i for i, item in enumerate(suppressions) if item.matches(finding, where)), None)
        if index is None:
            kept.append(finding)
        else:
            used.add(index)
            suppressed.append((finding, suppressions[index]))
    return Applied(kept, suppressed, [item for i, item in enumerate(suppressions) if i not in used])


def unused_findings(unused: Iterable[Suppression]) -> list[Finding]:
    """A warning at each suppression that matched nothing: the defect was fixed, or the glob is wrong.

    Only meaningful after a run of every rule over the whole corpus: with a selection
    (`pytest -k`, some paths only) a suppression may be unused for lack of a chance.
    """
    return [
        Finding(
            item.path,
            item.line,
            item.column,
            UNUSED,
            Severity.WARNING,
            f"suppression of '{item.rule}' for {', '.join(item.paths)} matched no finding; remove it",
        )
        for item in unused
    ]
