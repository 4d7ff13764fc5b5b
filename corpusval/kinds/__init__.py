"""Rule kinds: one module each, the built-in ones listed in one table, third-party ones through an entry point."""

from __future__ import annotations

from dataclasses import dataclass

from corpusval.kinds._base import Kind, OptionError, Violation, clip
from corpusval.kinds._plugins import (
    GROUP,
    KindPluginError,
    distribution,
    load_plugin,
    plugin_entry_points,
    shadowing_error,
)
from corpusval.kinds._plugins import reset as reset_plugins
from corpusval.kinds.date_plausibility import DatePlausibility
from corpusval.kinds.duplicated_block import DuplicatedBlock
from corpusval.kinds.encoding import Encoding
from corpusval.kinds.length import Length
from corpusval.kinds.name_consistency import NameConsistency
from corpusval.kinds.pattern import Pattern
from corpusval.kinds.required_field import RequiredField

KINDS: dict[str, type[Kind]] = {
    "date-plausibility": DatePlausibility,
    "duplicated-block": DuplicatedBlock,
    "encoding": Encoding,
    "length": Length,
    "name-consistency": NameConsistency,
    "pattern": Pattern,
    "required-field": RequiredField,
}
"""The built-in kinds; third-party kinds come from the `corpusval.kinds` entry-point group."""

BUILT_IN = "built in"


def find_kind(name: str) -> type[Kind] | None:
    """The kind rule files call `name`, None when there is none; `KindPluginError` when it cannot be used."""
    entries = plugin_entry_points().get(name, ())
    if name in KINDS:
        if entries:
            raise shadowing_error(entries[0])
        return KINDS[name]
    if not entries:
        return None
    loaded = load_plugin(name)
    if isinstance(loaded, KindPluginError):
        raise loaded
    return loaded


def kind_names() -> list[str]:
    """Every kind name a rule may use, built in or installed, without importing any plugin."""
    return sorted({*KINDS, *plugin_entry_points()})


@dataclass(frozen=True, slots=True)
class KindInfo:
    """A kind as `corpusval rules` lists it: where it comes from, and why it cannot be used if it cannot."""

    name: str
    origin: str
    kind: type[Kind] | None
    problem: str = ""


def list_kinds() -> list[KindInfo]:
    """Every kind, sorted by name, with its origin (`built in`, or `distribution version`); never raises."""
    infos: list[KindInfo] = []
    for name in kind_names():
        entries = plugin_entry_points().get(name, ())
        origin = ", ".join([*([BUILT_IN] if name in KINDS else []), *map(distribution, entries)])
        try:
            kind = find_kind(name)
        except KindPluginError as error:
            infos.append(KindInfo(name, origin, None, str(error)))
        else:
            infos.append(KindInfo(name, origin, kind))
    return infos


__all__ = [
    "BUILT_IN",
    "GROUP",
    "KINDS",
    "Kind",
    "KindInfo",
    "KindPluginError",
    "OptionError",
    "Violation",
    "clip",
    "find_kind",
    "kind_names",
    "list_kinds",
    "reset_plugins",
]
