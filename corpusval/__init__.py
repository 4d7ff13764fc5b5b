"""corpusval: validate text corpora the way pytest validates code."""

from importlib.metadata import PackageNotFoundError, version

from corpusval.document import Document
from corpusval.engine import Engine, Report, check_paths
from corpusval.finding import Finding, Severity
from corpusval.rules import Rule, RuleFileError, load_rules

try:
    __version__ = version("corpusval")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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
