"""YAML in corpusval: round-trip loading for positions, and conversion to plain, tag-free data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

_STR_TAG = "tag:yaml.org,2002:str"
_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def load(source: str) -> Any:
    """Parse YAML keeping node positions (`.lc`); raises ruamel's `YAMLError`.

    The round-trip loader builds no Python objects from tags: an unknown or
    `!!python/...` tag arrives as a tagged node that `to_plain` refuses.
    """
    return YAML(typ="rt", pure=True).load(source)


def to_plain(value: Any, *, dates_as_text: bool = False) -> Any:
    """Plain dicts, lists and scalars from round-trip nodes; any tag but `!!str` is refused."""
    tag = getattr(getattr(value, "tag", None), "value", None)
    if isinstance(value, TaggedScalar):
        if tag != _STR_TAG:
            raise ValueError(f"the YAML tag {tag} is not allowed")
        return str(value.value)
    if tag and tag not in _CORE_TAGS:
        raise ValueError(f"the YAML tag {tag} is not allowed")
    if isinstance(value, CommentedMap):
        return {str(key): to_plain(item, dates_as_text=dates_as_text) for key, item in value.items()}
    if isinstance(value, CommentedSeq):
        return [to_plain(item, dates_as_text=dates_as_text) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat() if dates_as_text else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    return str(value)


def position(root: Any, path: list[Any], key: Any = None) -> tuple[int, int]:
    """1-based (line, column) of the node at `path` under `root`, or of `key` inside it."""
    node, (line, column) = root, (0, 0)
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line, column = node.lc.value(step)
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step)
        else:
            break
        node = node[step]
    if key is not None and isinstance(node, CommentedMap) and key in node:
        line, column = node.lc.key(key)
    return line + 1, column + 1
