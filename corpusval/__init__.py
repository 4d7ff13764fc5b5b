"""corpusval: validate text corpora the way pytest validates code.

The public names load on first use: pytest imports the plugin, and with it this
package, in every run of every project where corpusval is installed.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("corpusval")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_PUBLIC = {
    "Document": "corpusval.document",
    "Engine": "corpusval.engine",
    "Finding": "corpusval.finding",
    "Report": "corpusval.engine",
    "Rule": "corpusval.rules",
    "RuleFileError": "corpusval.rules",
    "Severity": "corpusval.finding",
    "check_paths": "corpusval.engine",
    "load_rules": "corpusval.rules",
}

if TYPE_CHECKING:
    from corpusval.document import Document
    from corpusval.engine import Engine, Report, check_paths
    from corpusval.finding import Finding, Severity
    from corpusval.rules import Rule, RuleFileError, load_rules


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'corpusval' has no attribute {name!r}")


__all__ = [
    "Document",
    "Engine",
    "Finding",
    "Report",
    "Rule",
    "RuleFileError",
    "Severity",
    "__version__",
    "check_paths",
    "load_rules",
]
