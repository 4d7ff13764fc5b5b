"""The `corpusval` command: check a corpus, record a baseline, list, explain and test the rules, start a project.

Exit status: 0 when no error finding, 1 when there are error findings, 2 for a
usage or configuration problem (a missing path, a bad rule file, a bad baseline);
130 or 143 when Ctrl-C or SIGTERM stopped the run, which then writes no report or baseline.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from corpusval import __version__
from corpusval.atomic import write_atomically
from corpusval.baseline import BaselineError, load_baseline, write_baseline
from corpusval.changes import Changes, ChangesError, changed_since
from corpusval.dask_engine import DaskUnavailable, dask_pool
from corpusval.engine import Report
from corpusval.explain import UnknownRule, explain
from corpusval.finding import READ_ERROR, plural
from corpusval.inert import inert, inert_lines
from corpusval.interrupt import Interrupted, stopped_by_signals
from corpusval.kinds import list_kinds
from corpusval.options import (
    BASELINE,
    CACHE_DIR,
    CACHE_DIR_NAME,
    CHANGED_SINCE,
    CORPUS,
    FOLLOW_SYMLINKS,
    JOBS,
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENT_SIZE,
    NO_CACHE,
    RULES,
    parse_size,
    rule_paths,
)
from corpusval.output import FORMATS, render_suppressed, summary
from corpusval.progress import ProgressBar
from corpusval.readers import PathError, display_path
from corpusval.rules import Rule, RuleFileError, RuleSet, load_rule_set
from corpusval.runner import Run, collect_less, run
from corpusval.scaffold import ScaffoldError, init
from corpusval.urls import is_url

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_NOT_WRITTEN = {"check": "; no report written", "baseline": "; no baseline written"}  # said when interrupted
DEFAULT_BASELINE = Path("corpusval-baseline.json")


class UsageProblem(Exception):
    """A problem with what the user asked for, said in one paragraph; exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpusval", description="Validate text corpora with declarative YAML rules.")
    parser.add_argument("--version", action="version", version=f"corpusval {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check documents against the rules", description="Check documents against the rules."
    )
    _add_run_options(check)
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format (default: text)")
    check.add_argument(
        "--output", type=Path, metavar="FILE", help="write the report to FILE; the summary still goes to the terminal"
    )
    check.add_argument(BASELINE.cli, type=Path, metavar="FILE", help=BASELINE.help)
    check.add_argument(CHANGED_SINCE.cli, metavar="REF", help=CHANGED_SINCE.help)
    check.add_argument("--show-suppressed", action="store_true", help="also list the findings suppressions accept")

    baseline = commands.add_parser(
        "baseline",
        help="record the current findings, so later checks fail on new ones only",
        description="Record the current findings in a baseline file, so `check --baseline` fails on new ones only.",
    )
    _add_run_options(baseline)
    baseline.add_argument(
        "--output", type=Path, default=DEFAULT_BASELINE, metavar="FILE", help=f"(default: {DEFAULT_BASELINE})"
    )

    rules = commands.add_parser(
        "rules", help="list the rules in force and the kinds", description="List the rules in force and the kinds."
    )
    rules.add_argument(RULES.cli, type=Path, action="append", metavar="PATH", help=RULES.help)

    explained = commands.add_parser(
        "explain",
        help="show what a rule catches and how to fix or suppress it",
        description="Show a rule's documentation: what it catches, why, an example, how to fix or suppress it.",
    )
    explained.add_argument("rule_id", metavar="RULE", help="a rule id, as `corpusval rules` lists them")
    explained.add_argument(RULES.cli, type=Path, action="append", metavar="PATH", help=RULES.help)

    tested = commands.add_parser(
        "test-rules",
        help="run the examples in rule files as tests",
        description="Run each rule's examples (documents it must pass or fail) as pytest tests.",
    )
    tested.add_argument(
        "rule_paths", nargs="*", type=Path, metavar="PATH", help="rule files or folders (default: as for --rules)"
    )

    started = commands.add_parser(
        "init",
        help="start rules and pytest configuration in a data repository",
        description="Write rules/corpus.yaml (the default rules, to adapt) and pytest.ini; never overwrites a file.",
    )
    started.add_argument("directory", nargs="?", type=Path, default=Path("."), help="the data repository (default: .)")
    started.add_argument(
        "--corpus", default="corpus", metavar="PATH", help="the corpus folder pytest.ini names (default: corpus)"
    )
    return parser


def _add_run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        CORPUS.cli,
        nargs="*",
        type=_corpus_path,
        default=[Path(".")],
        metavar="PATH",
        help=CORPUS.help + "; a URL (s3://bucket/corpus) is read through fsspec (default: .)",
    )
    command.add_argument(RULES.cli, type=Path, action="append", metavar="PATH", help=RULES.help)
    command.add_argument(JOBS.cli, type=_positive, metavar="N", help=JOBS.help)
    command.add_argument(CACHE_DIR.cli, type=Path, default=Path(CACHE_DIR_NAME), metavar="PATH", help=CACHE_DIR.help)
    command.add_argument(NO_CACHE.cli, action="store_true", help=NO_CACHE.help)
    command.add_argument(FOLLOW_SYMLINKS.cli, action="store_true", help=FOLLOW_SYMLINKS.help)
    command.add_argument(
        MAX_DOCUMENT_SIZE.cli, type=_size, default=MAX_DOCUMENT_BYTES, metavar="SIZE", help=MAX_DOCUMENT_SIZE.help
    )
    command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    command.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where shards are checked: local processes (default) or a Dask cluster (pip install 'corpusval[dask]')",
    )
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler to use (tcp://host:8786); default: a local cluster of --jobs workers",
    )


def _corpus_path(text: str) -> Path | str:
    return text if is_url(text) else Path(text)


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more, not {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "init":
        return _init(args.directory, args.corpus)
    if args.command == "test-rules":
        return _test_rules(args.rule_paths)
    if argv is None:  # run as the program, this process is ours: it keeps what a run finds to the end
        collect_less()
    with stopped_by_signals():
        try:
            return _run(args)
        except KeyboardInterrupt as error:
            stop = Interrupted.of(error)
            print(f"corpusval: interrupted ({stop.name}){_NOT_WRITTEN.get(args.command, '')}", file=sys.stderr)
            return stop.status


def _run(args: argparse.Namespace) -> int:
    try:
        rule_set = load_rule_set(rule_paths(args.rules or [], Path.cwd()))
        if args.command == "rules":
            print(_list_rules(rule_set.rules) + _list_kinds(), end="")
            return EXIT_OK
        if args.command == "explain":
            print(explain(args.rule_id, rule_set.rules), end="")
            return EXIT_OK
        wanted = args.command == "check" and args.changed_since is not None
        changed = changed_since(args.changed_since, Path.cwd()) if wanted else None  # said before a long run
        outcome = _check(args, rule_set)
        report = outcome.report
        if args.command == "baseline":
            write_baseline(report.findings, args.output)
            print(f"Wrote {plural(len(report.findings), 'finding')} to the baseline {args.output}.")
            return EXIT_OK
        if args.baseline is not None:
            report = _against_baseline(report, args.baseline)
        if changed is not None:
            report = _only_changed(outcome, report, changed)
        _write_report(report, args.format, args.output)
        if args.show_suppressed:
            print(render_suppressed(report), end="")
    except RuleFileError as error:
        count = len(error.errors)
        print(
            f"{inert_lines(str(error))}\ncorpusval: {plural(count, 'problem')} in rule files; fix them and run again.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except (PathError, BaselineError, ChangesError, DaskUnavailable, UnknownRule, UsageProblem) as error:
        print(f"corpusval: {inert_lines(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_FINDINGS if report.failed else EXIT_OK


def _check(args: argparse.Namespace, rule_set: RuleSet) -> Run:
    if args.scheduler and args.engine != "dask":
        raise UsageProblem("--scheduler names a Dask scheduler: use it with --engine dask")
    pool = dask_pool(args.scheduler, args.jobs) if args.engine == "dask" else None
    progress = ProgressBar(enabled=not args.quiet)
    try:
        return run(
            args.paths,
            rule_set.rules,
            jobs=args.jobs,
            cache_dir=None if args.no_cache else args.cache_dir,
            progress=progress,
            suppressions=rule_set.suppressions,
            pool=pool,
            tallies=args.command == "check" and args.format == "html",  # `baseline` has no --format
            follow_links=args.follow_symlinks,
            max_document_bytes=args.max_document_size,
        )
    finally:
        progress.close()


def _only_changed(outcome: Run, report: Report, changed: Changes) -> Report:
    """The findings in changed documents, which corpus-wide rules judged against the whole corpus."""
    shown = {shown for shown, path in outcome.paths.items() if path in changed}
    entries = [entry for entry in outcome.entries if entry.path in shown]
    return replace(
        report,
        findings=[finding for finding in report.findings if finding.path in shown],
        documents=sum(1 for entry in entries if not entry.unreadable),
        files=len({entry.path for entry in entries}),
    )


def _against_baseline(report: Report, path: Path) -> Report:
    new, known, fixed = load_baseline(path).split(report.findings)
    return replace(report, findings=new, known=len(known), fixed=fixed)


def _write_report(report: Report, format_name: str, output: Path | None) -> None:
    text = FORMATS[format_name](report, output is None and _wants_color())
    if output is None:
        print(text, end="")
        return
    try:
        write_atomically(output, text.encode("utf-8", "replace"))  # never half a report after Ctrl-C
    except OSError as error:
        raise UsageProblem(f"cannot write the report to {output}: {error.strerror or error}") from None
    print(summary(report))


def _init(directory: Path, corpus: str) -> int:
    try:
        written = init(directory, corpus)
    except (ScaffoldError, OSError) as error:
        print(f"corpusval: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(f"wrote {display_path(path)}")
    print(f"Put the documents in {corpus}/, then run pytest or corpusval check {corpus}.")
    return EXIT_OK


def _test_rules(given: list[Path]) -> int:
    """0 when all examples pass, 1 when some fail, 2 for a bad rule file, 5 when there are no examples (pytest's)."""
    import pytest

    roots = rule_paths(given, Path.cwd())
    missing = [str(root) for root in roots if not root.exists()]
    if missing:
        print(f"corpusval: no such rule file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    arguments = ["--corpus-rule-examples", "--assert=plain", "-p", "no:cacheprovider"]
    status = int(pytest.main([*arguments, *(f"{RULES.pytest}={root}" for root in roots), *map(str, roots)]))
    return EXIT_USAGE if status == pytest.ExitCode.USAGE_ERROR else status  # a bad rule file, as `check` says it


def _list_kinds() -> str:
    infos = list_kinds()
    width = max(len(info.name) for info in infos)
    lines = ["", "Kinds:"]
    for info in infos:
        lines.append(f"{info.name:<{width}}  {info.origin}")
        if info.problem:
            lines.append(f"{'':<{width}}  cannot be used: {info.problem}")
    return "\n".join(lines) + "\n"


def _list_rules(rules: Sequence[Rule]) -> str:
    width = max([len(READ_ERROR), *(len(rule.id) for rule in rules)])
    lines = [f"{rule.id:<{width}}  {rule.severity:<7}  {rule.kind:<18}  {inert(rule.description)}" for rule in rules]
    lines.append(f"{READ_ERROR:<{width}}  {'error':<7}  {'(built in)':<18}  Files and records that cannot be read.")
    return "\n".join(lines) + "\n"


def _wants_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


if __name__ == "__main__":
    sys.exit(main())
