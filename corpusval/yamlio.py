"""YAML in corpusval: round-trip loading for positions, and conversion to plain, tag-free data.

Both front matter (written by anyone who can add a document) and rule files go
through here, so every failure becomes a `YamlProblem` with a position, never an
exception from deep inside the parser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import YAMLError

MAX_VALUES = 100_000
"""Most values a YAML document may expand to once aliases are followed (an alias bomb expands to billions)."""

_STR_TAG = "tag:yaml.org,2002:str"
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class YamlProblem(ValueError):
    """YAML that cannot be used, at a 1-based line and column of the YAML source."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def load(source: str) -> Any:
    """Parse YAML keeping node positions (`.lc`).

    The round-trip loader builds no Python objects from tags: an unknown or
    `!!python/...` tag arrives as a tagged node that `to_plain` refuses.
    """
    try:
        return YAML(typ="rt", pure=True).load(source)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise YamlProblem(f"invalid YAML: {problem}", *_one_based(mark)) from None
    except RecursionError:
        raise YamlProblem("invalid YAML: nested too deeply") from None
    except (ValueError, KeyError, TypeError, OverflowError) as error:  # values such as 2022-02-30 or !!int abc
        raise YamlProblem(f"invalid YAML value: {error}") from None


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
    """How many values `value` stands for with every alias copied out; shared nodes are counted once per use."""
    if not isinstance(value, CommentedMap | CommentedSeq):
        return 1
    if id(value) not in sizes:
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
        if isinstance(node, CommentedMap) and step in node:
            line, column = node.lc.value(step) if node[step] is not None else node.lc.key(step)
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step)
        else:
            break
        node = node[step]
    if key is not None and isinstance(node, CommentedMap) and key in node:
        line, column = node.lc.key(key)
    return line + 1, column + 1
