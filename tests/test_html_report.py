"""The HTML report: its structure (parsed), what Chromium shows of it, and the tallies and overviews it charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from corpusval.cli import main
from corpusval.document import Document
from corpusval.engine import Report, check_paths
from corpusval.finding import Finding, Severity
from corpusval.html_report import _href, render_html
from corpusval.kinds._dates import find_mentions
from corpusval.kinds.date_plausibility import GAP_BUCKETS, DatePlausibility, gap_bucket
from corpusval.kinds.name_consistency import NameConsistency
from corpusval.output import FORMATS
from corpusval.suppressions import Suppression
from tests.conftest import inside, rules_from, write_files

CHROMIUM = "/usr/bin/chromium"
PUBLISHED = date(2022, 3, 10)

RULES: list[dict[str, Any]] = [
    {"id": "required-title", "kind": "required-field", "description": "Every document has a title.", "field": "title"},
    {
        "id": "stray-link",
        "kind": "pattern",
        "description": 'No "See also" lines.',
        "severity": "warning",
        "pattern": "^See also.*",
    },
    {"id": "publish-date", "kind": "date-plausibility", "description": "Dates agree.", "today": "2026-11-25"},
    {"id": "name-spelling", "kind": "name-consistency", "description": "One spelling per name."},
]


def dated(days: int) -> str:
    day = PUBLISHED + timedelta(days=days)
    return f"{day:%B} {day.day}, {day.year}"


# Dates at known distances from the publish date, told in the present tense, so none is reported:
# 2 more than a year before, 1 at 8-30 days before, 3 on the day, 1 at 31-365 days after.
DATED_TEXT = " ".join(
    f"The index stands at {days} points as of {dated(days)}." for days in (-400, -366, -8, 0, 0, 0, 365)
)
CORPUS: dict[str, str | bytes] = {
    "a.md": (
        f"---\ntitle: Talks resume\npublished: {PUBLISHED}\n---\n{DATED_TEXT}\n"
        "Deputy Foreign Minister Sergei Ryabkov spoke first. Ryabkov said the talks went well.\n"
        "See also: the archive\n"
    ),
    "b.md": "---\npublished: 2022-03-11\n---\nSergei Ryabkov met the envoy. Ryabkov said nothing more.\n",
    "c.md": "---\ntitle: Envoys meet\n---\nMinister Sergei Ryabkov arrived. Ryabkov spoke briefly.\n",
    "d.md": "---\ntitle: Rybkov speaks\n---\nThe talks with Sergei Rybkov went on. Rybkov said nothing.\n",
    "e.md": "---\ntitle: Ryapkov speaks\n---\nLater Sergei Ryapkov told reporters.\nSee also: nothing\n",
}

HOSTILE_SCRIPT = "<script>document.title='pwned'</script>"
HOSTILE_IMAGE = "<img src=x onerror=\"document.title='pwned'\">"
HOSTILE_RULES: list[dict[str, Any]] = [
    {
        "id": "hostile",
        "kind": "pattern",
        "description": f"No {HOSTILE_SCRIPT} or {HOSTILE_IMAGE}.",
        "pattern": ".*(?:script|onerror|javascript).*",
        "message": "found {match}",
    },
    {"id": "required-title", "kind": "required-field", "description": "A title.", "field": "title"},
]
HOSTILE_FILES: dict[str, str | bytes] = {
    f"{HOSTILE_IMAGE}.md": f"---\ntitle: {HOSTILE_SCRIPT}\n---\n{HOSTILE_SCRIPT}\nSee javascript:alert(1) now\n",
    "javascript:alert(1).txt": f"Title {HOSTILE_IMAGE}\n\nclick javascript:alert(1)\n",
}


class _TreeBuilder(HTMLParser):
    """HTML to an ElementTree, enough to use ElementTree's path queries on the page (tags and attributes lower case)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ET.SubElement(self.stack[-1], tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag in (element.tag for element in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(page: str) -> ET.Element:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


def text(element: ET.Element | None) -> str:
    """The element's text as shown, one space between the texts of its elements."""
    assert element is not None, "no such element"
    return " ".join(" ".join(element.itertext()).split())


def rows(page: ET.Element, table: str) -> list[list[str]]:
    return [[text(cell) for cell in row] for row in page.iterfind(f".//table[@class='{table}']/tbody/tr")]


def report_of(tmp_path: Path, files: Mapping[str, str | bytes], rules: list[dict[str, Any]], *, above: bool) -> Report:
    """Check `files` as `corpus/...` from the folder above the corpus, or from inside it (bare names)."""
    write_files(tmp_path / "corpus", files)
    loaded = rules_from(tmp_path, *rules)
    with inside(tmp_path if above else tmp_path / "corpus"):
        return check_paths([Path("corpus" if above else ".")], loaded, jobs=1, tallies=True)


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return report_of(tmp_path, CORPUS, RULES, above=True)


@pytest.fixture
def hostile(tmp_path: Path) -> Report:
    return report_of(tmp_path, HOSTILE_FILES, HOSTILE_RULES, above=False)


def rendered(page: str, folder: Path) -> ET.Element:
    """The DOM Chromium builds from `page` once it has loaded it (and run any script it would run)."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(
            "Chromium is needed to test the HTML report as a browser shows it: apt-get install -y chromium"
            " (.ci/run installs it)",
            pytrace=False,
        )
    path = folder / "report.html"
    path.write_text(page, encoding="utf-8")
    command = [
        shutil.which("chromium") or CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={folder / 'chromium-profile'}",  # parallel tests must not share a profile
        "--dump-dom",
        path.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "<body" in done.stdout, done.stderr[-2000:]
    return parse(done.stdout)


# The page's structure


def test_html_is_a_format() -> None:
    assert FORMATS["html"] is render_html


def test_summary_counts(report: Report) -> None:
    page = parse(render_html(report))
    stats = {
        card.get("data-stat"): text(card.find("span[@class='number']")) for card in page.iterfind(".//div[@data-stat]")
    }
    assert stats == {"documents": "5", "files": "5", "errors": "3", "warnings": "2"}
    assert text(page.find(".//p[@class='verdict failed']")) == (
        "Found 3 errors and 2 warnings in 5 documents in 5 files."
    )
    policy = page.find(".//meta[@http-equiv='Content-Security-Policy']")
    assert policy is not None and policy.get("content", "").startswith("default-src 'none'")


def test_baseline_and_suppressed_counts_when_present() -> None:
    finding = Finding("corpus/a.md", 3, 1, "stray-link", Severity.WARNING, "stray link", "See also")
    accepted = Suppression("stray-link", ("corpus/*",), "legacy pages", "rules.yaml", 4, 3)
    report = Report([], 2, 2, known=3, fixed=1, suppressed=[(finding, accepted)])
    page = parse(render_html(report))
    stats = {
        card.get("data-stat"): text(card.find("span[@class='number']")) for card in page.iterfind(".//div[@data-stat]")
    }
    assert stats == {
        "documents": "2",
        "files": "2",
        "errors": "0",
        "warnings": "0",
        "known (baseline)": "3",
        "fixed (baseline)": "1",
        "suppressed": "1",
    }
    assert rows(page, "findings") == [
        ["corpus/a.md:3:1", "stray-link", "stray link See also", "legacy pages (rules.yaml:4:3)"]
    ]
    assert "known" not in render_html(Report([], 2, 2))


def test_table_per_rule_with_severity_description_and_count(report: Report) -> None:
    page = parse(render_html(report))
    assert rows(page, "rules") == [
        ["required-title", "error", "Every document has a title.", "1"],
        ["stray-link", "warning", 'No "See also" lines.', "2"],
        ["publish-date", "error", "Dates agree.", "0"],
        ["name-spelling", "error", "One spelling per name.", "2"],
    ]
    sections = {text(section.find("h3")): section for section in page.iterfind(".//section[@class='rule']")}
    assert list(sections) == [
        "required-title error 1 finding",
        "stray-link warning 2 findings",
        "name-spelling error 2 findings",
    ]
    stray = sections["stray-link warning 2 findings"]
    assert [row[0] for row in rows(stray, "findings")] == ["corpus/a.md:7:1", "corpus/e.md:5:1"]


def test_table_per_file_with_counts(report: Report) -> None:
    page = parse(render_html(report))
    assert rows(page, "files") == [
        ["corpus/a.md", "0", "1"],
        ["corpus/b.md", "1", "0"],
        ["corpus/d.md", "1", "0"],
        ["corpus/e.md", "1", "1"],
    ]
    files = {text(section.find("h3")): section for section in page.iterfind(".//section[@class='file']")}
    assert rows(files["corpus/e.md 2 findings"], "findings") == [
        [
            "4:14",
            "name-spelling",
            "'Ryapkov' looks like a variant of 'Ryabkov' (used 6 times in 3 other documents)"
            " Later Sergei Ryapkov told reporters.",
        ],
        ["5:1", "stray-link", 'forbidden pattern /^See also.*/ matches "See also: nothing" See also: nothing'],
    ]


def test_each_finding_links_to_its_line_and_between_the_views(report: Report) -> None:
    page = parse(render_html(report))
    hrefs = [link.get("href", "") for link in page.iterfind(".//a")]
    assert "corpus/a.md#L7" in hrefs and "corpus/b.md#L1" in hrefs
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    internal = [href[1:] for href in hrefs if href.startswith("#")]
    assert internal and set(internal) <= ids  # every in-page link lands somewhere
    for number in range(len(report.findings)):
        by_rule, by_file = page.find(f".//tr[@id='r{number}']"), page.find(f".//tr[@id='p{number}']")
        assert by_rule is not None and by_file is not None
        assert f"#p{number}" in [link.get("href") for link in by_rule.iter("a")]
        assert f"#r{number}" in [link.get("href") for link in by_file.iter("a")]


def test_chart_has_a_bar_per_non_empty_gap_bucket(report: Report) -> None:
    page = parse(render_html(report))
    chart = page.find(".//figure[@data-rule='publish-date']/svg")
    assert chart is not None
    bars = {bar.get("data-label"): int(bar.get("data-count", "")) for bar in chart.iter("rect")}
    # a.md's seven dates; b.md has none
    assert bars == {"more than a year before": 2, "8-30 days before": 1, "same day": 3, "31-365 days after": 1}
    labels = [text(label) for label in chart.iterfind("text[@class='label']")]
    assert labels == list(GAP_BUCKETS)  # every bucket keeps its row, in time order
    widths = {bar.get("data-label"): float(bar.get("width", "")) for bar in chart.iter("rect")}
    assert widths["same day"] > widths["more than a year before"] > widths["8-30 days before"]


def test_name_clusters_are_listed(report: Report) -> None:
    page = parse(render_html(report))
    assert rows(page, "clusters") == [
        ["Ryabkov", "3", "6", "Ryapkov (1 document, 1 time) Rybkov (1 document, 2 times)"]
    ]


def test_corpus_text_is_escaped_and_links_are_relative(hostile: Report) -> None:
    page = parse(render_html(hostile))
    assert not list(page.iter("script")) and not list(page.iter("img"))
    assert not [element for element in page.iter() if any(name.startswith("on") for name in element.attrib)]
    hrefs = [link.get("href", "") for link in page.iter("a")]
    assert not [
        href for href in hrefs if re.match(r"\s*[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("//")
    ]
    assert "javascript%3Aalert%281%29.txt#L3" in hrefs
    shown = text(page)
    assert HOSTILE_SCRIPT in shown and HOSTILE_IMAGE in shown  # shown as text, not dropped


@pytest.mark.parametrize(
    ("path", "href"),
    [
        ("corpus/a b.md", "corpus/a%20b.md#L5"),
        ("javascript:alert(1)", "javascript%3Aalert%281%29#L5"),
        ("//evil.example.com/x.md", "/evil.example.com/x.md#L5"),
        ('a"><b>.md', "a%22%3E%3Cb%3E.md#L5"),
        ("caf\udce9.txt", "caf%E9.txt#L5"),
    ],
)
def test_href(path: str, href: str) -> None:
    assert _href(path, 5) == href


def test_cli_writes_the_page_with_the_charts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(tmp_path / "corpus", CORPUS)
    (tmp_path / "rules.yaml").write_text(ruleset_text(tmp_path), encoding="utf-8")
    with inside(tmp_path):
        status = main(
            ["check", "corpus", "--rules", "rules.yaml", "--format", "html", "--output", "out.html", "-q", "--no-cache"]
        )
    assert status == 1
    assert capsys.readouterr().out == "Found 3 errors and 2 warnings in 5 documents in 5 files.\n"
    page = parse((tmp_path / "out.html").read_text(encoding="utf-8"))
    assert page.find(".//figure[@data-rule='publish-date']") is not None and rows(page, "clusters")


def ruleset_text(tmp_path: Path) -> str:
    rules_from(tmp_path, *RULES)
    return (tmp_path / "under-test.yaml").read_text(encoding="utf-8")


# As Chromium shows it


def test_chromium_shows_the_summary_rules_and_chart(report: Report, tmp_path: Path) -> None:
    page = rendered(render_html(report), tmp_path)
    stats = {card.get("data-stat"): text(card) for card in page.iterfind(".//div[@data-stat]")}
    assert stats == {"documents": "5 documents", "files": "5 files", "errors": "3 errors", "warnings": "2 warnings"}
    assert [row[0] for row in rows(page, "rules")] == ["required-title", "stray-link", "publish-date", "name-spelling"]
    bars = {bar.get("data-label"): bar.get("data-count") for bar in page.iterfind(".//figure/svg/rect")}
    assert bars == {"more than a year before": "2", "8-30 days before": "1", "same day": "3", "31-365 days after": "1"}
    assert text(page.find(".//title")).startswith("corpusval report")


def test_chromium_runs_nothing_from_a_hostile_corpus(hostile: Report, tmp_path: Path) -> None:
    # Without the Content-Security-Policy, so that escaping alone is tested.
    page_text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", render_html(hostile))
    assert "Content-Security-Policy" not in page_text
    page = rendered(page_text, tmp_path)
    assert not list(page.iter("script"))
    assert not [element for element in page.iter() if "onerror" in element.attrib]
    assert "pwned" not in text(page.find(".//head/title"))
    assert not [link for link in page.iter("a") if link.get("href", "").strip().lower().startswith("javascript:")]
    assert HOSTILE_SCRIPT in text(page.find(".//body"))


# The date-plausibility tally


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (0, "same day"),
        (1, "1-7 days after"),
        (7, "1-7 days after"),
        (8, "8-30 days after"),
        (30, "8-30 days after"),
        (31, "31-365 days after"),
        (365, "31-365 days after"),
        (366, "more than a year after"),
        (-1, "1-7 days before"),
        (-7, "1-7 days before"),
        (-8, "8-30 days before"),
        (-30, "8-30 days before"),
        (-31, "31-365 days before"),
        (-365, "31-365 days before"),
        (-366, "more than a year before"),
    ],
)
def test_gap_buckets(days: int, label: str) -> None:
    assert gap_bucket(days) == label
    assert label in GAP_BUCKETS


def tally(text: str, published: object = PUBLISHED) -> dict[str, int]:
    fields = {} if published is None else {"published": published}
    return dict(DatePlausibility({}).tally(Document("a.md", text, fields)))


def test_tally_counts_each_date_by_its_distance_from_the_publish_date() -> None:
    text = " ".join(f"It rests at {days} as of {dated(days)}." for days in (0, 7, 8, 30, 31, 365, 366, -366))
    assert tally(text) == {
        "same day": 1,
        "1-7 days after": 1,
        "8-30 days after": 2,
        "31-365 days after": 2,
        "more than a year after": 1,
        "more than a year before": 1,
    }


def test_tally_pins_dates_as_check_does() -> None:
    # March 10, 2022 is a Thursday: "on Monday" told in the past is March 7; a month counts from its nearest day.
    text = "They met on Monday. Prices rose in March 2022 and in January 2022. The talks of March 12 ended."
    assert tally(text) == {"1-7 days before": 1, "same day": 1, "31-365 days before": 1, "1-7 days after": 1}
    assert sum(tally(DATED_TEXT).values()) == len(find_mentions(DATED_TEXT))


@pytest.mark.parametrize("published", [None, "", "sometime in 2022", 2022])
def test_tally_is_empty_without_a_publish_date(published: object) -> None:
    assert tally(DATED_TEXT, published) == {}


# The name-consistency overview


def overview(texts: list[str], **options: Any) -> list[dict[str, Any]]:
    kind = NameConsistency(options)
    gathered = kind.combine([kind.gather(Document(f"{n}.txt", body, {})) for n, body in enumerate(texts)])
    return kind.overview(kind.finish(gathered))


def test_overview_lists_each_majority_spelling_with_its_variants() -> None:
    texts = [
        "Deputy Foreign Minister Sergei Ryabkov said the talks went well. Ryabkov added more.",
        "Sergei Ryabkov met Antony Blinken on Monday. Ryabkov said so.",
        "Minister Sergei Ryabkov spoke. Antony Blinken replied.",
        "The talks with Sergei Rybkov went on. Rybkov said nothing. Antony Blinken agreed.",
        "Later Sergei Ryapkov told reporters. Anthony Blinken listened.",
    ]
    assert overview(texts) == [
        {
            "spelling": "Ryabkov",
            "documents": 3,
            "mentions": 5,
            "named_by_rule": False,
            "variants": [
                {"spelling": "Ryapkov", "documents": 1, "mentions": 1},
                {"spelling": "Rybkov", "documents": 1, "mentions": 2},
            ],
        },
        {
            "spelling": "Antony Blinken",
            "documents": 3,
            "mentions": 3,
            "named_by_rule": False,
            "variants": [{"spelling": "Anthony Blinken", "documents": 1, "mentions": 1}],
        },
    ]


def test_overview_of_a_canonical_spelling_and_of_a_tie() -> None:
    named = overview(["Minister Sergei Ryabkov spoke."], names=[{"canonical": "Sergei Rjabkov"}])
    assert named == [
        {
            "spelling": "Rjabkov",
            "documents": 0,
            "mentions": 0,
            "named_by_rule": True,
            "variants": [{"spelling": "Ryabkov", "documents": 1, "mentions": 1}],
        }
    ]
    assert overview(["Minister Sergei Ryabkov spoke.", "Minister Sergei Rybkov spoke."]) == []  # no majority
    assert overview([]) == []
