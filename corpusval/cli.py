"""The `corpusval` command: check a corpus, list the rules in force.

Exit status: 0 when no error finding, 1 when there are error findings, 2 for a
usage or configuration problem (a missing path, a bad rule file).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from corpusval import __version__
from corpusval.engine import check_paths
from corpusval.finding import READ_ERROR, plural
from corpusval.options import CORPUS, RULES, rule_paths
from corpusval.output import FORMATS
from corpusval.readers import PathError
from corpusval.rules import Rule, RuleFileError, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpusval", description="Validate text corpora with declarative YAML rules.")
    parser.add_argument("--version", action="version", version=f"corpusval {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check documents against the rules", description="Check documents against the rules."
    )
    check.add_argument(
        CORPUS.cli, nargs="*", type=Path, default=[Path(".")], metavar="PATH", help=CORPUS.help + " (default: .)"
    )
    check.add_argument(RULES.cli, type=Path, action="append", metavar="PATH", help=RULES.help)
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default: text)")

    rules = commands.add_parser("rules", help="list the rules in force", description="List the rules in force.")
    rules.add_argument(RULES.cli, type=Path, action="append", metavar="PATH", help=RULES.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rules = load_rules(rule_paths(args.rules or [], Path.cwd()))
        if args.command == "rules":
            print(_list_rules(rules), end="")
            return EXIT_OK
        report = check_paths(args.paths, rules)
    except RuleFileError as error:
        count = len(error.errors)
        print(
            f"{error}\ncorpusval: {plural(count, 'problem')} in rule files; fix them and run again.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except PathError as error:
        print(f"corpusval: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(FORMATS[args.format](report, _wants_color()), end="")
    return EXIT_FINDINGS if report.failed else EXIT_OK


def _list_rules(rules: Sequence[Rule]) -> str:
    width = max([len(READ_ERROR), *(len(rule.id) for rule in rules)])
    lines = [f"{rule.id:<{width}}  {rule.severity:<7}  {rule.kind:<18}  {rule.description}" for rule in rules]
    lines.append(f"{READ_ERROR:<{width}}  {'error':<7}  {'(built in)':<18}  Files and records that cannot be read.")
    return "\n".join(lines) + "\n"


def _wants_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


if __name__ == "__main__":
    sys.exit(main())
