"""Third-party rule kinds: the `corpusval.kinds` entry-point group, read once, each kind imported on first use.

The entry point's name is the kind's name (what rule files write in `kind:`); the
class it loads must say the same in its `name`. Names are read from package metadata
alone, so a broken or slow plugin costs nothing until a rule uses its kind.
"""

from __future__ import annotations

import inspect
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from corpusval.kinds._base import Kind

GROUP = "corpusval.kinds"


class KindPluginError(Exception):
    """A third-party kind that cannot be used; the message names the entry point, its distribution and the fix."""


def distribution(entry: EntryPoint) -> str:
    """The distribution that declares `entry`, as `name version`."""
    dist = entry.dist
    return f"{dist.name} {dist.version}" if dist is not None else "an unknown distribution"


def _name_of_distribution(entry: EntryPoint) -> str:
    return entry.dist.name if entry.dist is not None else "that distribution"


def _declared(entry: EntryPoint) -> str:
    return f"entry point '{entry.name} = {entry.value}' of {distribution(entry)} (group {GROUP})"


@cache
def plugin_entry_points() -> dict[str, tuple[EntryPoint, ...]]:
    """The group's entry points by kind name, from metadata only: nothing is imported."""
    found: dict[str, list[EntryPoint]] = {}
    for entry in entry_points(group=GROUP):
        found.setdefault(entry.name, []).append(entry)
    return {name: tuple(entries) for name, entries in sorted(found.items())}


def shadowing_error(entry: EntryPoint) -> KindPluginError:
    """A plugin kind named like a built-in one: refused rather than guessed at."""
    return KindPluginError(
        f"the rule kind '{entry.name}' is built into corpusval, and the {_declared(entry)} declares a kind of"
        f" the same name; corpusval refuses to guess which one a rule means. Uninstall {_name_of_distribution(entry)},"
        " or ask its maintainers to give their kind another name."
    )


@cache
def load_plugin(name: str) -> type[Kind] | KindPluginError:
    """Import the kind `name` once; what goes wrong is returned (and so cached too), not raised."""
    entries = plugin_entry_points()[name]
    if len(entries) > 1:
        declared = " and the ".join(_declared(entry) for entry in entries)
        return KindPluginError(f"the rule kind '{name}' is declared twice, by the {declared}; uninstall one of them.")
    [entry] = entries
    fix = (
        f"Reinstall or upgrade {_name_of_distribution(entry)}, or uninstall it;"
        " its maintainers should check that the entry point names a subclass of corpusval.kinds.Kind."
    )
    try:
        loaded = entry.load()
    except Exception as error:  # any failure inside a third party's import is its problem, told in one paragraph
        return KindPluginError(
            f"the rule kind '{name}' cannot be loaded: the {_declared(entry)} raised"
            f" {type(error).__name__}: {error}. {fix}"
        )
    if not (inspect.isclass(loaded) and issubclass(loaded, Kind)):
        return KindPluginError(
            f"the rule kind '{name}' cannot be used: the {_declared(entry)} loads {loaded!r}, which is not a"
            f" subclass of corpusval.kinds.Kind. {fix}"
        )
    if inspect.isabstract(loaded):
        return KindPluginError(
            f"the rule kind '{name}' cannot be used: {loaded.__name__}, loaded by the {_declared(entry)}, does"
            f" not implement check(). {fix}"
        )
    if getattr(loaded, "name", None) != name:
        return KindPluginError(
            f"the rule kind '{name}' cannot be used: {loaded.__name__}, loaded by the {_declared(entry)}, sets"
            f" name = {getattr(loaded, 'name', None)!r}; the class's `name` and the entry point's name must be"
            f" the same, since rule files write it in `kind:`. {fix}"
        )
    return loaded


def reset() -> None:
    """Forget what was read and loaded: for tests that change `sys.path`."""
    plugin_entry_points.cache_clear()
    load_plugin.cache_clear()
