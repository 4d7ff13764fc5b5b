"""`corpusval explain RULE`: one rule's documentation, from its rule file and its kind's docstring.

What it catches, why it matters, an example (the rule's own `examples:` when it has
them), how to fix it, and how to suppress what the project accepts.
"""

from __future__ import annotations

import difflib
import inspect
import json
import re
from collections.abc import Sequence
from typing import Any

from corpusval.finding import READ_ERROR
from corpusval.inert import inert_lines
from corpusval.rules import Example, Rule

_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
_INDENT = "    "


class UnknownRule(LookupError):
    """No rule has the id asked for; the message lists the ids and the closest one."""


def explain(rule_id: str, rules: Sequence[Rule]) -> str:
    """The documentation of rule `rule_id` among `rules`, as text for a terminal."""
    if rule_id == READ_ERROR:
        return _read_error()
    rule = next((rule for rule in rules if rule.id == rule_id), None)
    if rule is None:
        raise UnknownRule(unknown_rule_message(rule_id, [rule.id for rule in rules]))
    summary, sections = kind_sections(type(rule.check))
    if rule.examples:
        sections["Example"] = _examples(rule.examples)
    parts = [
        f"{rule.id} ({rule.severity}, kind {rule.kind}, defined at {rule.source})",
        _indent(rule.description),
        "Configured as:\n" + _indent(_configuration(rule)),
        f"The {rule.kind} kind: {summary}" if summary else "",
        *(f"{heading}\n{_indent(text)}" for heading, text in sections.items()),
        "Suppress\n" + _indent(_suppression(rule.id)),
    ]
    return inert_lines("\n\n".join(part for part in parts if part)) + "\n"


def unknown_rule_message(rule_id: str, rule_ids: Sequence[str]) -> str:
    """No rule `rule_id`: the valid ids, and the closest one when there is a close one."""
    ids = sorted({*rule_ids, READ_ERROR})
    close = difflib.get_close_matches(rule_id, ids, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no rule '{rule_id}' in the rules in force{hint}; rule ids: {', '.join(ids)}"


def kind_sections(kind: type[Any]) -> tuple[str, dict[str, str]]:
    """A kind's docstring as its summary and its `## Heading` sections, in order."""
    doc = inspect.getdoc(kind) or ""
    pieces = _HEADING.split(doc)
    summary = pieces[0].strip()
    return summary, {heading: text.strip() for heading, text in zip(pieces[1::2], pieces[2::2], strict=True)}


def _configuration(rule: Rule) -> str:
    options = [f"{name}: {_yaml_value(value)}" for name, value in sorted(rule.check.settings.items())]
    files = f"documents matching {', '.join(rule.files)}" if rule.files else "every document"
    return "\n".join([*options, f"applies to {files}"]) if options else f"no options; applies to {files}"


def _yaml_value(value: Any) -> str:
    """A value as a rule file would write it: strings single-quoted (no escapes), the rest as JSON flow."""
    return "'" + value.replace("'", "''") + "'" if isinstance(value, str) else json.dumps(value, default=str)


def _examples(examples: Sequence[Example]) -> str:
    shown = [
        next((example for example in examples if example.must_fail), None),
        next((example for example in examples if not example.must_fail), None),
    ]
    return "\n\n".join(_example(example) for example in shown if example is not None)


def _example(example: Example) -> str:
    if example.must_fail:
        said = f", saying '{example.message}'" if example.message else ""
        head = f"Reported at line {example.line}{said} ({example.source}):"
    else:
        head = f"Not reported ({example.source}):"
    if example.content is not None:
        body = f"{example.file}:\n{_indent(example.content.rstrip())}"
    else:
        fields = [f"{name}: {value}" for name, value in example.fields.items()]
        body = "\n".join([*fields, "text:", _indent((example.text or "").rstrip())])
    return f"{head}\n{_indent(body)}"


def _suppression(rule_id: str) -> str:
    return (
        "To accept findings in some documents, add to a rule file (paths are globs inside the checked folder):\n\n"
        "suppressions:\n"
        f"  - rule: {rule_id}\n"
        '    paths: ["archive/*"]\n'
        "    reason: Why these findings are accepted.\n\n"
        f"or, for pytest runs only, a line '{rule_id} archive/* reason...' to corpus_suppressions in the pytest"
        " configuration."
    )


def _read_error() -> str:
    return (
        f"{READ_ERROR} (error, built in)\n\n"
        + _indent(
            "Files and records that cannot be read: malformed JSON lines, JSONL records that are not objects,"
            " unreadable or unclosed front matter. Such a document is checked by no other rule, so it is always"
            " an error. Fix the file, or remove it from the corpus."
        )
        + "\n\nSuppress\n"
        + _indent(_suppression(READ_ERROR))
        + "\n"
    )


def _indent(text: str) -> str:
    return "\n".join(_INDENT + line if line else line for line in text.splitlines())
