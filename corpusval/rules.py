"""Rules: YAML rule files, validated against the shipped JSON Schema and compiled into kinds.

Every problem in every rule file is collected before anything runs, each with the
file, line and column it comes from, and raised together as one `RuleFileError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from corpusval import yamlio
from corpusval.finding import READ_ERROR, Severity
from corpusval.kinds import Kind, KindPluginError, OptionError, find_kind, kind_names
from corpusval.readers import display_path
from corpusval.suppressions import UNUSED, Suppression, unknown_rule

RULE_FILE_SUFFIXES = (".yaml", ".yml")
RESERVED_IDS = frozenset({READ_ERROR, UNUSED, "corpus", "corpus_error", "corpus_warning"})
"""Names corpusval itself gives to findings and pytest markers."""


@cache
def rule_file_schema() -> dict[str, Any]:
    """The JSON Schema every rule file is validated against (shipped in the package)."""
    schema: dict[str, Any] = json.loads(files("corpusval").joinpath("schema/rule-file.schema.json").read_text())
    return schema


def default_rules_path() -> Path:
    """The bundled default rule set, a copy of the repository's `rules/` folder."""
    return Path(str(files("corpusval").joinpath("default_rules")))


@dataclass(frozen=True, slots=True)
class RuleError:
    """One problem in a rule file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RuleFileError(Exception):
    """Rule files that cannot be used: all their problems at once."""

    def __init__(self, errors: Sequence[RuleError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = list(errors)


@dataclass(frozen=True, slots=True)
class Example:
    """A document from a rule's `examples:`: one it must pass, or one it must fail at `line`.

    The document is `text` with `fields` beside it (lines count from the text's first
    line), or a `file`'s raw `content`, read as corpusval reads files (lines count in
    the file). `path` and `position` say where the example is written.
    """

    name: str
    file: str
    text: str | None = None
    content: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None
    message: str | None = None
    path: str = ""
    position: tuple[int, int] = (1, 1)

    @property
    def must_fail(self) -> bool:
        return self.line is not None

    @property
    def source(self) -> str:
        """Where the example is written, as `file:line:column`."""
        return f"{self.path}:{self.position[0]}:{self.position[1]}"


@dataclass(frozen=True)
class Rule:
    """A rule from a rule file: an id, a severity, where it applies, and the compiled kind."""

    id: str
    kind: str
    description: str
    severity: Severity
    check: Kind
    files: tuple[str, ...] = ()
    path: str = ""
    line: int = 1
    column: int = 1
    examples: tuple[Example, ...] = ()

    @property
    def source(self) -> str:
        """Where the rule is defined, as `file:line:column`."""
        return f"{self.path}:{self.line}:{self.column}"

    def applies_to(self, path: str) -> bool:
        """Whether the rule checks the document at `path` (its `files` globs, if any)."""
        return not self.files or any(fnmatchcase(path, pattern) for pattern in self.files)


def find_rule_files(paths: Sequence[Path]) -> list[Path]:
    """The rule files named by `paths`: files as given, folders searched for *.yaml/*.yml."""
    found: list[Path] = []
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise RuleFileError(
            [
                RuleError(str(path), 1, 1, "no such rule file or folder; pass --rules with an existing path")
                for path in missing
            ]
        )
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in RULE_FILE_SUFFIXES and p.is_file())
            if not inside:
                raise RuleFileError([RuleError(str(path), 1, 1, "folder holds no rule files (*.yaml, *.yml)")])
            found.extend(inside)
        else:
            found.append(path)
    return found


@dataclass(frozen=True)
class RuleSet:
    """What rule files hold: the rules, and the suppressions of findings the project accepts."""

    rules: list[Rule]
    suppressions: list[Suppression]


def load_rules(paths: Sequence[Path]) -> list[Rule]:
    """Load, validate and compile the rules in `paths`; raise `RuleFileError` listing every problem."""
    return load_rule_set(paths).rules


def load_rule_set(paths: Sequence[Path]) -> RuleSet:
    """The rules and suppressions in `paths`; raise `RuleFileError` listing every problem."""
    rules: list[Rule] = []
    suppressions: list[Suppression] = []
    errors: list[RuleError] = []
    first_seen: dict[str, Rule] = {}
    for path in find_rule_files(paths):
        for item in _load_file(path):
            if isinstance(item, RuleError):
                errors.append(item)
            elif isinstance(item, Suppression):
                suppressions.append(item)
            elif item.id in first_seen:
                message = (
                    f"rule id '{item.id}' is already defined at {first_seen[item.id].source}; rule ids must be unique"
                )
                errors.append(RuleError(item.path, item.line, item.column, message))
            else:
                first_seen[item.id] = item
                rules.append(item)
    known = [*first_seen, READ_ERROR]
    for suppression in suppressions:
        if problem := unknown_rule(suppression, known):
            errors.append(RuleError(suppression.path, suppression.line, suppression.column, problem))
    if errors:
        raise RuleFileError(errors)
    return RuleSet(rules, suppressions)


def _load_file(path: Path) -> Iterator[Rule | Suppression | RuleError]:
    shown = display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield RuleError(shown, 1, 1, f"cannot read rule file: {error}")
        return
    try:
        document = yamlio.load(source)
        plain = yamlio.to_plain(document, dates_as_text=True)
    except yamlio.YamlProblem as problem:
        yield RuleError(shown, problem.line, problem.column, problem.message)
        return
    if document is None:
        yield RuleError(shown, 1, 1, "rule file is empty: it needs a 'rules:' list of rules")
        return
    schema_errors = list(Draft202012Validator(rule_file_schema()).iter_errors(plain))
    yield from (_schema_error(shown, document, error) for error in schema_errors)
    if schema_errors and not isinstance(plain, dict):
        return
    broken = {tuple(error.absolute_path)[:2] for error in schema_errors}
    for index, spec in enumerate(_listed(plain, "rules")):
        if ("rules", index) not in broken and isinstance(spec, dict):
            yield from _compile(shown, document, index, spec)
    for index, spec in enumerate(_listed(plain, "suppressions")):
        if ("suppressions", index) not in broken:
            yield _suppression(shown, document, index, spec)


def _listed(plain: dict[str, Any], key: str) -> list[Any]:
    """The list under `key`; nothing when it is not a list (`rules: 1`), which the schema has reported."""
    value = plain.get(key)
    return value if isinstance(value, list) else []


def _suppression(shown: str, document: Any, index: int, spec: dict[str, Any]) -> Suppression | RuleError:
    line, column = yamlio.position(document, ["suppressions", index])
    if not spec["reason"].strip():
        line, column = yamlio.position(document, ["suppressions", index, "reason"])
        return RuleError(shown, line, column, "a suppression needs a reason: say why these findings are accepted")
    return Suppression(spec["rule"], tuple(spec["paths"]), spec["reason"].strip(), shown, line, column)


def _compile(shown: str, document: Any, index: int, spec: dict[str, Any]) -> Iterator[Rule | RuleError]:
    """Check a rule's keys against its kind's schema, then build the kind."""
    where = ["rules", index]
    if spec["id"] in RESERVED_IDS:
        line, column = yamlio.position(document, [*where, "id"])
        reserved = ", ".join(sorted(RESERVED_IDS))
        yield RuleError(shown, line, column, f"rule id '{spec['id']}' is reserved by corpusval ({reserved})")
        return
    try:
        kind_class = find_kind(spec["kind"])
    except KindPluginError as unusable:
        line, column = yamlio.position(document, [*where, "kind"])
        yield RuleError(shown, line, column, f"rule '{spec['id']}': {unusable}")
        return
    if kind_class is None:
        line, column = yamlio.position(document, [*where, "kind"])
        valid = ", ".join(kind_names())
        yield RuleError(
            shown, line, column, f"rule '{spec['id']}': unknown kind '{spec['kind']}'; valid kinds: {valid}"
        )
        return
    schema = kind_schema(kind_class)
    errors = list(Draft202012Validator(schema).iter_errors(spec))
    if errors:
        for error in errors:
            yield _schema_error(shown, document, error, prefix=where, rule_id=spec["id"])
        return
    options = {key: value for key, value in spec.items() if key not in _common_keys()}
    try:
        check = kind_class(options)
    except OptionError as error:
        line, column = yamlio.position(document, [*where, error.option] if error.option else where)
        option = f"option '{error.option}': " if error.option else ""
        yield RuleError(shown, line, column, f"rule '{spec['id']}': {option}{error}")
        return
    examples = list(_examples(shown, document, where, spec))
    problems = [item for item in examples if isinstance(item, RuleError)]
    if problems:
        yield from problems
        return
    line, column = yamlio.position(document, where)
    yield Rule(
        id=spec["id"],
        kind=spec["kind"],
        description=spec["description"],
        severity=Severity(spec.get("severity", "error")),
        check=check,
        files=tuple(spec.get("files", ())),
        path=shown,
        line=line,
        column=column,
        examples=tuple(item for item in examples if isinstance(item, Example)),
    )


_DOCUMENT_KEYS = ("name", "file", "content", "text")
_EXPECTATION_KEYS = ("line", "column", "message")


def _examples(shown: str, document: Any, where: list[Any], spec: dict[str, Any]) -> Iterator[Example | RuleError]:
    """The rule's examples, or what is wrong with them that the schema cannot say."""
    names: set[str] = set()
    for expect in ("pass", "fail"):
        for index, raw in enumerate(spec.get("examples", {}).get(expect, ()), start=1):
            at = [*where, "examples", expect, index - 1]
            name = raw.get("name", f"{expect}-{index}")
            fields = {key: value for key, value in raw.items() if key not in {*_DOCUMENT_KEYS, *_EXPECTATION_KEYS}}
            problem = _example_problem(raw, fields, expect, name in names)
            names.add(name)
            if problem:
                message, key = problem
                line, column = yamlio.position(document, at, key)
                yield RuleError(shown, line, column, f"rule '{spec['id']}': example {expect} {index}: {message}")
                continue
            yield Example(
                name=name,
                file=raw.get("file", f"{name}.md"),
                text=raw.get("text"),
                content=raw.get("content"),
                fields=fields,
                line=raw.get("line"),
                column=raw.get("column"),
                message=raw.get("message"),
                path=shown,
                position=yamlio.position(document, at),
            )


def _example_problem(
    raw: dict[str, Any], fields: dict[str, Any], expect: str, name_taken: bool
) -> tuple[str, str | None] | None:
    """What is wrong with one example, and the key to point at; None when nothing is."""
    if name_taken:
        return f"another example is named '{raw.get('name')}'; give each example its own name", "name"
    if "text" in raw and "content" in raw:
        return "give the document as `text` or as a file's raw `content`, not both", "content"
    if "text" not in raw and "content" not in raw:
        return (
            "give the document as `text` (with fields such as title beside it) or as a `file` name and its raw"
            " `content`",
            None,
        )
    if "content" in raw and "file" not in raw:
        return "`content` needs a `file` name: its suffix picks the reader (.txt, .md, .jsonl)", "content"
    if "content" in raw and fields:
        keys, first = ", ".join(map(repr, fields)), next(iter(fields))
        return f"with `content`, fields belong inside the file (front matter, JSON keys): move {keys} there", first
    expected = [key for key in _EXPECTATION_KEYS if key in raw]
    if expect == "pass" and expected:
        keys = ", ".join(map(repr, expected))
        return f"a pass example expects no finding: drop {keys}, or move the example under `fail:`", expected[0]
    return None


def _common_keys() -> Mapping[str, Any]:
    properties: Mapping[str, Any] = rule_file_schema()["$defs"]["rule"]["properties"]
    return properties


def kind_schema(kind: type[Kind]) -> dict[str, Any]:
    """The JSON Schema of one rule of `kind`: the common keys plus the kind's options, nothing else."""
    common = rule_file_schema()["$defs"]["rule"]
    return {
        "$defs": rule_file_schema()["$defs"],
        "type": "object",
        "required": [*common["required"], *kind.required],
        "properties": {**common["properties"], **kind.options},
        "additionalProperties": False,
    }


def _schema_error(
    shown: str, document: Any, error: ValidationError, prefix: Sequence[Any] = (), rule_id: str | None = None
) -> RuleError:
    """Rewrite a jsonschema error as a positioned, actionable message."""
    path = [*prefix, *error.absolute_path]
    label = f"rule '{rule_id}': " if rule_id else ""
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        line, column = yamlio.position(document, path, extra[0])
        keys = ", ".join(repr(key) for key in extra)
        return RuleError(shown, line, column, f"{label}unknown key {keys}; valid keys: {', '.join(allowed)}")
    if error.validator == "required":
        line, column = yamlio.position(document, path)
        return RuleError(shown, line, column, f"{label}{error.message}")
    if error.validator == "minProperties" and not path:
        return RuleError(shown, 1, 1, "a rule file holds a 'rules' list, a 'suppressions' list, or both")
    line, column = yamlio.position(document, path)
    where = ".".join(str(step) for step in error.absolute_path) or "the file"
    message = error.message
    if error.validator == "type":  # jsonschema would quote the whole value, however large
        expected = (
            error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        )
        message = f"expected {_JSON_TYPES.get(expected, expected)}, found {_yaml_type(error.instance)}"
    elif error.validator == "enum":
        found = repr(error.instance) if isinstance(error.instance, str | int) else _yaml_type(error.instance)
        message = f"expected one of {', '.join(map(str, error.validator_value))}, found {found}"
    return RuleError(shown, line, column, f"{label}{where}: {message}")


_JSON_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
}


def _yaml_type(value: Any) -> str:
    for kind, name in (
        (bool, "true or false"),
        (dict, "a mapping"),
        (list, "a list"),
        (str, "a string"),
        (int, "an integer"),
    ):
        if isinstance(value, kind):
            return name
    return "nothing" if value is None else f"a {type(value).__name__}"
