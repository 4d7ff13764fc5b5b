"""YAML in corpusval: round-trip loading for positions, and conversion to plain, tag-free data.

Both front matter (written by anyone who can add a document) and rule files go
through here, so every failure becomes a `YamlProblem` with a position, never an
exception from deep inside the parser. Flat front matter has a fast path (`load_flat`)
that gives what the round trip would.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver

MAX_VALUES = 100_000
"""Most values a YAML document may expand to once aliases are followed (an alias bomb expands to billions)."""

MAX_CHARS = 256 * 1024
"""Most characters of YAML parsed by default: ruamel's pure-Python parser reads about 30 KB a second."""

MAX_DEPTH = 64
"""Deepest nesting parsed: ruamel's time grows faster than the square of the depth of `[[[[...`."""

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class YamlProblem(ValueError):
    """YAML that cannot be used, at a 1-based line and column of the YAML source."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def load(source: str, max_chars: int = MAX_CHARS) -> Any:
    """Parse YAML keeping node positions (`.lc`).

    The round-trip loader builds no Python objects from tags: an unknown or
    `!!python/...` tag arrives as a tagged node that `to_plain` refuses. Sources
    longer than `max_chars` or nested deeper than `MAX_DEPTH` are refused before
    parsing, so no input can keep the parser busy for long.
    """
    if len(source) > max_chars:
        raise YamlProblem(f"YAML of {len(source):,} characters is refused: at most {max_chars:,} are read")
    _refuse_deep(source)
    try:
        with warnings.catch_warnings():  # ruamel warns of a reused anchor quoting the YAML: never to stderr
            warnings.simplefilter("ignore")
            return YAML(typ="rt", pure=True).load(source)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise YamlProblem(f"invalid YAML: {problem}", *_one_based(mark)) from None
    except RecursionError:
        raise YamlProblem("invalid YAML: nested too deeply") from None
    except Exception as error:  # any failure on input anyone writes is the input's: 2022-02-30, !!int abc, !!omap x
        raise YamlProblem(f"invalid YAML value: {error or type(error).__name__}") from None


def _refuse_deep(source: str) -> None:
    """Refuse nesting deeper than `MAX_DEPTH`, from the text alone: brackets for flow style, indents for block style.

    A lexical bound that ignores quoting: it can only overstate the depth, which real
    front matter and rule files (a handful of levels) never come near.
    """
    depth = deepest = 0
    indents: list[int] = []
    for number, line in enumerate(source.split("\n"), start=1):
        content = line.lstrip(" ")
        if content and not content.startswith("#"):
            indent = len(line) - len(content)
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
        for character in line:
            if character in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif character in "]}" and depth:
                depth -= 1
        if deepest + len(indents) > MAX_DEPTH:
            raise YamlProblem(f"YAML nested more than {MAX_DEPTH} levels deep is refused", number)


def _one_based(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def to_plain(root: Any, *, dates_as_text: bool = False) -> Any:
    """Plain dicts, lists and scalars from round-trip nodes.

    Refuses any tag but `!!str` and documents that expand to more than `MAX_VALUES`
    values, each with the position of the offending node.
    """
    if _expanded_size(root, {}) > MAX_VALUES:
        raise YamlProblem(f"YAML expands to more than {MAX_VALUES:,} values through its aliases (an alias bomb?)")
    return _convert(root, root, [], dates_as_text)


def _expanded_size(value: Any, sizes: dict[int, int]) -> int:
    """How many values `value` stands for with every alias copied out; shared nodes are counted once per use.

    A node that holds an alias of itself (`&a [*a]`) stands for endless values.
    """
    if not isinstance(value, CommentedMap | CommentedSeq):
        return 1
    if id(value) not in sizes:
        sizes[id(value)] = MAX_VALUES + 1  # while it is being counted: met again inside itself, it is endless
        children = value.values() if isinstance(value, CommentedMap) else value
        sizes[id(value)] = 1 + sum(_expanded_size(child, sizes) for child in children)
    return sizes[id(value)]


def _convert(root: Any, value: Any, path: list[Any], dates_as_text: bool) -> Any:
    tag = getattr(getattr(value, "tag", None), "value", None)
    if isinstance(value, TaggedScalar):
        if tag != _STR_TAG:
            raise YamlProblem(f"the YAML tag {tag} is not allowed", *position(root, path))
        return str(value.value)
    if tag and tag not in _CORE_TAGS:
        raise YamlProblem(f"the YAML tag {tag} is not allowed", *position(root, path))
    if isinstance(value, CommentedMap):
        return {str(key): _convert(root, item, [*path, key], dates_as_text) for key, item in value.items()}
    if isinstance(value, CommentedSeq):
        return [_convert(root, item, [*path, index], dates_as_text) for index, item in enumerate(value)]
    if isinstance(value, dt.date):
        return value.isoformat() if dates_as_text else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, bytes):
        raise YamlProblem("binary values are not allowed", *position(root, path))
    return str(value)


def position(root: Any, path: list[Any], key: Any = None) -> tuple[int, int]:
    """1-based (line, column) of the node at `path` under `root`, or of `key` inside it.

    An empty value has no position of its own in ruamel; its key stands for it.
    """
    node, (line, column) = root, (0, 0)
    for step in path:
        if isinstance(node, CommentedMap) and step in node.lc.data:  # not a key merged in with `<<`
            line, column = node.lc.value(step) if node[step] is not None else node.lc.key(step)
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step)
        else:
            break
        node = node[step]
    if key is not None and isinstance(node, CommentedMap) and key in node.lc.data:
        line, column = node.lc.key(key)
    return line + 1, column + 1


# What `load_flat` reads: one `key: scalar` per line, blank lines and whole-line comments between.
# A plain scalar may not start with a YAML indicator nor hold ": " (a nested mapping) or " #" (a comment);
# quoted ones hold no escapes. Anything else (flow collections, anchors, tags, block scalars, indented
# or continued lines) is left to the parser.
_FLAT_ENTRY = re.compile(
    r"""(?P<key>[A-Za-z_][A-Za-z0-9_-]{0,127}):
    (?:\ +(?:
        "(?P<double>[^"\\]*)"
        | '(?P<single>(?:[^']++|'')*+)'
        | (?P<plain>[^-?:,\[\]{}\#&*!|>'"%@`\ ](?:[^:\#]++|:(?=[^\ ])|(?<!\ )\#)*+)
    ))?\ *""",
    re.VERBOSE,
)
# Characters the YAML reader takes as printable and not as line breaks (so columns are plain offsets);
# tabs and lone carriage returns are left to the parser too.
_FLAT_TEXT = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
_DECIMAL = re.compile("0|[1-9][0-9]*")
_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ruamel's implicit resolvers (first character -> [(tag, pattern)]) for YAML 1.2, the version the round-trip
# loader reads a document without a %YAML directive in. Taken once, as `resolve` looks the version up per call,
# and with its lazily compiled patterns compiled, as each use of one goes through a Python-level proxy.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, re.compile(pattern.pattern, pattern.flags)) for tag, pattern in resolvers]
    for first, resolvers in VersionedResolver().versioned_resolver.items()
}


# Plain scalars that resolve to other types (dates, numbers, booleans) and the keys that might (`true`, `null`),
# with their tags and values as `_scalar` found them: a corpus repeats them (`title:`, publish dates,
# `draft: false`), and resolving one costs several regular expressions. A pure function of the text, with
# immutable values (None, bool, int, date, str); the table is bounded.
_SCALARS: dict[str, tuple[str, Any]] = {}
_SCALARS_SIZE = 4096
_SCALAR_CHARS = 64


_BY_PARSER = object()
"""The value of a scalar that only the parser builds (a date that does not exist, a hexadecimal int, a float)."""


def load_flat(source: str) -> tuple[dict[str, Any], dict[str, tuple[int, int]]] | None:
    """A flat mapping read without the parser: what `to_plain(load(source))` and `position` give, or None.

    ruamel's pure-Python parser costs ~0.5 ms per front matter, nearly all of which is a few
    `key: scalar` lines; None means `source` is anything else, and the caller takes the exact path.
    Values are resolved by ruamel's own resolver and built here only for the types whose building is
    trivial (str, null, bool, decimal int, YYYY-MM-DD date). An empty mapping stands for an empty document.
    """
    if "\r" in source:
        source = source.replace("\r\n", "\n")
    if not _FLAT_TEXT.fullmatch(source):
        return None
    fields: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(source.split("\n"), start=1):
        entry = _FLAT_ENTRY.fullmatch(line)
        if entry is None:  # no entry starts with a space or "#": the blank lines and comments are the rest
            if line.strip(" ") and not line.startswith("#"):
                return None
            continue
        key, double, single, plain = entry.groups()
        if key in fields or _scalar(key)[0] != _STR_TAG:
            return None
        if double is not None:
            value = double
        elif single is not None:
            value = single.replace("''", "'")
        else:
            value = _scalar((plain or "").rstrip(" "))[1]
            if value is _BY_PARSER:
                return None
        fields[key] = value
        positions[key] = (number, 1)
    return fields, positions


def _resolve(plain: str) -> str:
    """The tag ruamel's resolver gives the plain scalar `plain`."""
    for tag, pattern in _IMPLICIT.get(plain[:1], ()):
        if pattern.match(plain):
            return tag
    return _STR_TAG


def _scalar(text: str) -> tuple[str, Any]:
    """The tag and value of the plain scalar `text`, as ruamel gives them (the value may be `_BY_PARSER`)."""
    if text[:1] not in _IMPLICIT:  # most text: no resolver pattern starts with its first character
        return _STR_TAG, text
    known = _SCALARS.get(text)
    if known is None:
        tag = _resolve(text)
        known = tag, _built(tag, text)
        if len(text) <= _SCALAR_CHARS:
            if len(_SCALARS) >= _SCALARS_SIZE:
                _SCALARS.clear()
            _SCALARS[text] = known
    return known


def _built(tag: str, text: str) -> Any:
    """The value of the plain scalar `text` resolved to `tag`, or `_BY_PARSER`."""
    if tag == _STR_TAG:
        return text
    if tag == _NULL_TAG:
        return None
    if tag == _BOOL_TAG and text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text[0] in "tT"
    try:
        if tag == _INT_TAG and _DECIMAL.fullmatch(text):
            return int(text)
        if tag == _TIMESTAMP_TAG and _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)  # YYYY-MM-DD in ASCII digits: date(year, month, day)
    except ValueError:  # 2022-02-30, or an int past Python's 4,300 digits: the parser words the error
        pass
    return _BY_PARSER
