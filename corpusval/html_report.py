"""HTML output: one self-contained page (inline CSS and SVG, no script) to read a report in a browser.

Every text that comes from the corpus or the rules (paths, messages, excerpts, names) is
escaped, and a link built from a path is percent-encoded and relative (":" is encoded too,
so no path reads as a `javascript:` URL): a hostile document shows as text and runs nothing.
The page's Content-Security-Policy forbids scripts as well, should a bug ever let markup through.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from corpusval import __version__
from corpusval.engine import Report
from corpusval.finding import READ_ERROR, Finding, Severity, plural
from corpusval.kinds.date_plausibility import GAP_BUCKETS, DatePlausibility
from corpusval.kinds.name_consistency import NameConsistency
from corpusval.sarif import READ_ERROR_DESCRIPTION
from corpusval.suppressions import UNUSED

# Shown as U+FFFD: C0/C1 controls are not text, and a lone surrogate (a file name that is not UTF-8) cannot be UTF-8.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BAR_WIDTH = 420  # pixels of the longest bar in a chart
_ROW = 28  # pixels per bar, label included


def render_html(report: Report, color: bool = False) -> str:
    """The report as a page to open in a browser or attach to a CI run (`color` is ignored)."""
    rules = _rules(report)
    sections = [
        _summary(report),
        _by_rule(report, rules),
        _by_file(report, rules),
        *_charts(report),
        *_overviews(report),
        _suppressed(report),
    ]
    body = "\n".join(section for section in sections if section)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corpusval report: {_text(_headline(report))}</title>
<style>{_STYLE}</style>
</head>
<body>
<header><h1>corpusval report</h1>{_navigation(report)}</header>
<main>
{body}
</main>
<footer>corpusval {_text(__version__)}</footer>
</body>
</html>
"""


@dataclass(frozen=True)
class _Rule:
    """A rule as the page lists it, with the anchor of its section."""

    id: str
    severity: Severity
    description: str
    anchor: str


# Built-in rules: listed only when they found something.
_BUILT_IN = {READ_ERROR: READ_ERROR_DESCRIPTION, UNUSED: "Suppressions that accept no finding."}


def _rules(report: Report) -> dict[str, _Rule]:
    """The rules in force, then any other rule a finding names (the built-in ones), each with its anchor."""
    listed = [(rule.id, rule.severity, rule.description) for rule in report.rules]
    listed.extend((finding.rule, finding.severity, _BUILT_IN.get(finding.rule, "")) for finding in report.findings)
    rules: dict[str, _Rule] = {}
    for rule_id, severity, description in listed:
        if rule_id not in rules:
            rules[rule_id] = _Rule(rule_id, severity, description, f"rule-{len(rules) + 1}")
    return rules


def _headline(report: Report) -> str:
    if not report.findings:
        return "all checks passed"
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def _navigation(report: Report) -> str:
    links = [("summary", "Summary"), ("rules", "By rule"), ("files", "By file")]
    if report.tallies:
        links.append(("charts", "Charts"))
    if report.overviews:
        links.append(("overviews", "Corpus"))
    if report.suppressed:
        links.append(("suppressed", "Suppressed"))
    return "<nav>" + "".join(f'<a href="#{anchor}">{name}</a>' for anchor, name in links) + "</nav>"


def _summary(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    numbers = [
        ("documents", report.documents, ""),
        ("files", report.files, ""),
        ("errors", errors, "error" if errors else "ok"),
        ("warnings", warnings, "warning" if warnings else "ok"),
    ]
    if report.known or report.fixed:
        numbers += [("known (baseline)", report.known, ""), ("fixed (baseline)", report.fixed, "")]
    if report.suppressed:
        numbers.append(("suppressed", len(report.suppressed), ""))
    cards = "".join(
        f'<div class="card {tone}" data-stat="{_text(name)}"><span class="number">{value:,}</span>'
        f'<span class="label">{_text(name)}</span></div>'
        for name, value, tone in numbers
    )
    from corpusval.output import summary  # the module that registers this format

    verdict = "failed" if report.failed else "passed"
    return (
        f'<section id="summary"><p class="verdict {verdict}">{_text(summary(report))}</p>'
        f'<div class="cards">{cards}</div></section>'
    )


def _by_rule(report: Report, rules: Mapping[str, _Rule]) -> str:
    """A table of every rule with its counts, then a table of each rule's findings."""
    grouped: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for number, finding in enumerate(report.findings):
        grouped[finding.rule].append((number, finding))
    rows = []
    for rule in rules.values():
        found = grouped.get(rule.id, [])
        name = f'<a href="#{rule.anchor}">{_text(rule.id)}</a>' if found else _text(rule.id)
        rows.append(
            f'<tr data-rule="{_text(rule.id)}"><td class="rule">{name}</td><td>{_badge(rule.severity)}</td>'
            f'<td>{_text(rule.description)}</td><td class="count">{len(found):,}</td></tr>'
        )
    index = _table(("Rule", "Severity", "Description", "Findings"), rows, "rules")
    sections = []
    for rule in rules.values():
        found = grouped.get(rule.id, [])
        if not found:
            continue
        findings = [
            f'<tr id="r{number}" class="{finding.severity}"><td class="where">{_line_link(finding, full=True)}</td>'
            f"<td>{_message(finding)}</td>"
            f'<td class="jump"><a href="#p{number}" title="the same finding among its file\'s">in file</a></td></tr>'
            for number, finding in found
        ]
        sections.append(
            f'<section class="rule" id="{rule.anchor}"><h3>{_text(rule.id)} {_badge(rule.severity)}'
            f' <span class="muted">{plural(len(found), "finding")}</span></h3>'
            f'<p class="description">{_text(rule.description)}</p>'
            + _table(("Where", "Message", ""), findings, "findings")
            + "</section>"
        )
    return f'<section id="rules"><h2>Findings by rule</h2>{index}{"".join(sections)}</section>'


def _by_file(report: Report, rules: Mapping[str, _Rule]) -> str:
    """A table of the files with findings and their counts, then a table of each file's findings."""
    grouped: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for number, finding in enumerate(report.findings):
        grouped[finding.path].append((number, finding))
    if not grouped:
        return '<section id="files"><h2>Findings by file</h2><p class="muted">No file has a finding.</p></section>'
    anchors = {path: f"file-{position}" for position, path in enumerate(grouped, start=1)}
    rows = []
    for path, found in grouped.items():
        counts = Counter(finding.severity for _, finding in found)
        rows.append(
            f'<tr data-path="{_text(path)}"><td class="path"><a href="#{anchors[path]}">{_text(path)}</a></td>'
            f'<td class="count error-count">{counts[Severity.ERROR]:,}</td>'
            f'<td class="count warning-count">{counts[Severity.WARNING]:,}</td></tr>'
        )
    index = _table(("File", "Errors", "Warnings"), rows, "files")
    sections = []
    for path, found in grouped.items():
        findings = [
            f'<tr id="p{number}" class="{finding.severity}"><td class="line">{_line_link(finding, full=False)}</td>'
            f'<td class="rule"><a href="#r{number}" title="the same finding among its rule\'s">'
            f"{_text(finding.rule)}</a></td><td>{_message(finding)}</td></tr>"
            for number, finding in found
        ]
        sections.append(
            f'<section class="file" id="{anchors[path]}"><h3 class="path">{_text(path)}'
            f' <span class="muted">{plural(len(found), "finding")}</span></h3>'
            + _table(("Line", "Rule", "Message"), findings, "findings")
            + "</section>"
        )
    return f'<section id="files"><h2>Findings by file</h2>{index}{"".join(sections)}</section>'


@dataclass(frozen=True)
class _Chart:
    """How to chart a kind's tally: its labels in order (others follow by count), a caption, each bar's tone."""

    order: Sequence[str]
    caption: str
    tone: Callable[[str], str]


def _gap_tone(label: str) -> str:
    """Dates before the publish date in one colour, after it in another: the later ones are the suspect ones."""
    position, same_day = GAP_BUCKETS.index(label), GAP_BUCKETS.index("same day")
    return "before" if position < same_day else "after" if position > same_day else "same"


_CHARTS: dict[str, _Chart] = {
    DatePlausibility.name: _Chart(GAP_BUCKETS, "How far the dates in the text lie from the publish date", _gap_tone),
}


def _charts(report: Report) -> list[str]:
    """A bar chart of each rule's tally, in the order of the rules."""
    charts = []
    for rule in report.rules:
        counts = report.tallies.get(rule.id)
        if not counts:
            continue
        chart = _CHARTS.get(rule.kind, _Chart((), f"What {rule.id} counted", lambda label: "plain"))
        others = sorted((label for label in counts if label not in chart.order), key=lambda label: -counts[label])
        bars = [(label, counts.get(label, 0), chart.tone(label)) for label in [*chart.order, *others]]
        charts.append(
            f'<figure class="chart" data-rule="{_text(rule.id)}"><figcaption>{_text(chart.caption)}'
            f' <span class="muted">({_text(rule.id)}: {sum(counts.values()):,} counted)</span></figcaption>'
            f"{_bar_chart(bars)}</figure>"
        )
    return [f'<section id="charts"><h2>Charts</h2>{"".join(charts)}</section>'] if charts else []


def _bar_chart(bars: Sequence[tuple[str, int, str]]) -> str:
    """Horizontal bars, one row per label; an empty label keeps its row, but has no bar."""
    most = max((count for _, count, _ in bars), default=0) or 1
    label_width = 190
    rows = []
    for row, (label, count, tone) in enumerate(bars):
        y = row * _ROW
        middle = y + _ROW / 2
        rows.append(
            f'<text class="label" x="{label_width - 10}" y="{middle}" text-anchor="end"'
            f' dominant-baseline="central">{_text(label)}</text>'
        )
        width = 0.0
        if count:
            width = max(2.0, _BAR_WIDTH * count / most)
            rows.append(
                f'<rect class="bar {tone}" x="{label_width}" y="{y + 5}" width="{width:.1f}" height="{_ROW - 10}"'
                f' rx="3" data-label="{_text(label)}" data-count="{count}">'
                f"<title>{_text(label)}: {count:,}</title></rect>"
            )
        rows.append(
            f'<text class="value" x="{label_width + width + 8:.1f}" y="{middle}"'
            f' dominant-baseline="central">{count:,}</text>'
        )
    height = len(bars) * _ROW
    width = label_width + _BAR_WIDTH + 70
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-label="bar chart">{"".join(rows)}</svg>'
    )


def _name_clusters(rule_id: str, clusters: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for cluster in clusters:
        variants = "".join(
            f'<li class="variant">{_text(variant["spelling"])} <span class="muted">'
            f"({plural(variant['documents'], 'document')}, {plural(variant['mentions'], 'time')})</span></li>"
            for variant in cluster["variants"]
        )
        named = ' <span class="tag">named by the rule</span>' if cluster["named_by_rule"] else ""
        rows.append(
            f'<tr class="cluster"><td class="spelling">{_text(cluster["spelling"])}{named}</td>'
            f'<td class="count">{cluster["documents"]:,}</td><td class="count">{cluster["mentions"]:,}</td>'
            f'<td><ul class="variants">{variants}</ul></td></tr>'
        )
    table = _table(("Spelling", "Documents", "Mentions", "Variants reported"), rows, "clusters")
    return (
        f'<div class="overview" data-rule="{_text(rule_id)}"><h3>Name spellings <span class="muted">'
        f"({_text(rule_id)}: {plural(len(clusters), 'cluster')})</span></h3>{table}</div>"
    )


# How to show a corpus-wide kind's overview; kinds not listed here have none worth a table yet.
_OVERVIEWS: dict[str, Callable[[str, Sequence[Mapping[str, Any]]], str]] = {
    NameConsistency.name: _name_clusters,
}


def _overviews(report: Report) -> list[str]:
    shown = [
        _OVERVIEWS[rule.kind](rule.id, report.overviews[rule.id])
        for rule in report.rules
        if rule.kind in _OVERVIEWS and rule.id in report.overviews
    ]
    return [f'<section id="overviews"><h2>Across the corpus</h2>{"".join(shown)}</section>'] if shown else []


def _suppressed(report: Report) -> str:
    if not report.suppressed:
        return ""
    rows = [
        f'<tr><td class="where">{_line_link(finding, full=True)}</td><td>{_text(finding.rule)}</td>'
        f"<td>{_message(finding)}</td><td>{_text(suppression.reason)}"
        f' <span class="muted">({_text(suppression.source)})</span></td></tr>'
        for finding, suppression in report.suppressed
    ]
    return (
        f'<section id="suppressed"><details><summary>{plural(len(rows), "suppressed finding")}</summary>'
        + _table(("Where", "Rule", "Message", "Reason"), rows, "findings")
        + "</details></section>"
    )


def _table(headings: Iterable[str], rows: Sequence[str], kind: str) -> str:
    head = "".join(f"<th>{_text(heading)}</th>" for heading in headings)
    return f'<table class="{kind}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _line_link(finding: Finding, *, full: bool) -> str:
    """A link to the finding's line in its file (`path#L12`, as GitHub and GitLab show files)."""
    where = f"{finding.path}:{finding.line}:{finding.column}" if full else f"{finding.line}:{finding.column}"
    record = "" if finding.record is None else f'<span class="record">record {_text(finding.record)}</span>'
    return f'<a href="{_href(finding.path, finding.line)}">{_text(where)}</a>{record}'


def _href(path: str, line: int) -> str:
    """A relative (or rooted) link: every character but letters, digits, "/" and "_.-~" percent-encoded."""
    quoted = quote(path, errors="surrogateescape")
    if quoted.startswith("//"):  # a network-path reference would name another host
        quoted = "/" + quoted.lstrip("/")
    return _text(f"{quoted}#L{line}")


def _message(finding: Finding) -> str:
    excerpt = f'<div class="excerpt">{_text(finding.excerpt)}</div>' if finding.excerpt else ""
    return f'<div class="message">{_text(finding.message)}</div>{excerpt}'


def _badge(severity: Severity) -> str:
    return f'<span class="badge {severity}">{severity}</span>'


def _text(value: object) -> str:
    """Text for HTML content or a quoted attribute: markup escaped, unshowable characters replaced."""
    return html.escape(_UNSHOWABLE.sub("\ufffd", str(value)), quote=True)


_STYLE = """
:root { --ink: #1f2933; --muted: #667085; --line: #e4e7ec; --paper: #ffffff; --wash: #f8f9fb;
  --error: #b42318; --error-wash: #fef3f2; --warning: #b54708; --warning-wash: #fffaeb;
  --ok: #067647; --ok-wash: #ecfdf3; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--wash);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header { background: var(--ink); color: #fff; padding: 14px 32px; display: flex; align-items: baseline; gap: 32px;
  position: sticky; top: 0; z-index: 1; }
header h1 { margin: 0; font-size: 18px; font-weight: 600; }
nav a { color: #d0d5dd; margin-right: 18px; text-decoration: none; font-size: 14px; }
nav a:hover { color: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 48px; }
section { scroll-margin-top: 64px; }
h2 { font-size: 20px; margin: 36px 0 12px; }
h3 { font-size: 16px; margin: 28px 0 6px; }
a { color: var(--accent); }
.muted { color: var(--muted); font-weight: 400; font-size: 13px; }
.verdict { font-size: 17px; font-weight: 600; margin: 20px 0 12px; }
.verdict.failed { color: var(--error); } .verdict.passed { color: var(--ok); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px;
  min-width: 130px; display: flex; flex-direction: column; }
.card .number { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 13px; }
.card.error { border-color: #fda29b; background: var(--error-wash); } .card.error .number { color: var(--error); }
.card.warning { border-color: #fedf89; background: var(--warning-wash); }
.card.warning .number { color: var(--warning); }
.card.ok .number { color: var(--ok); }
table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line);
  border-radius: 8px; overflow: hidden; margin: 8px 0; font-size: 14px; }
th { text-align: left; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); background: var(--wash); }
th, td { padding: 7px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr:last-child td { border-bottom: 0; }
tr:target { background: #eff4ff; outline: 2px solid var(--accent); }
td.count { text-align: right; font-variant-numeric: tabular-nums; width: 6em; }
td.where, td.path, h3.path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 13px; overflow-wrap: anywhere; }
td.where { width: 30%; }
td.rule { white-space: nowrap; width: 12em; }
td.line { width: 8em; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
td.jump { white-space: nowrap; font-size: 13px; width: 5em; }
tr.error td:first-child { box-shadow: inset 3px 0 var(--error); }
tr.warning td:first-child { box-shadow: inset 3px 0 var(--warning); }
.record { display: block; color: var(--muted); }
.message { overflow-wrap: anywhere; }
.excerpt { margin-top: 4px; padding: 3px 8px; background: var(--wash); border-left: 2px solid var(--line);
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; color: #475467;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 600;
  vertical-align: 1px; }
.badge.error { color: var(--error); background: #fee4e2; }
.badge.warning { color: var(--warning); background: #fef0c7; }
.description { margin: 0 0 6px; color: #475467; }
figure.chart { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin: 8px 0;
  padding: 14px 18px; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--ink); }
svg text.value { fill: var(--muted); font-variant-numeric: tabular-nums; }
rect.before { fill: #53b1fd; } rect.same { fill: #32d583; } rect.after { fill: #f79009; } rect.plain { fill: #84adff; }
ul.variants { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 6px; }
li.variant { background: var(--warning-wash); border: 1px solid #fedf89; border-radius: 4px; padding: 0 6px;
  font-size: 13px; }
td.spelling { font-weight: 600; }
.tag { font-size: 12px; color: var(--muted); font-weight: 400; }
details summary { cursor: pointer; font-weight: 600; margin: 28px 0 8px; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 24px; }
"""
