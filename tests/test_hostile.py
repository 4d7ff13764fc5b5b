"""A hostile pull request checked in every output format: no secret out, no escape or command through, only findings.

The pull request adds a link to a private key outside the repository and a link to the
folder holding it, documents full of terminal escape sequences and GitHub workflow
commands (in their text, their titles, their JSONL ids and their file names), an
alias bomb in front matter, a `<script>` document, a document over the size limit, a
JSONL record of 3 MB on one line, and a pipe. corpusval runs as a CI job would, in a
subprocess: each format is checked for what must not get out.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import write_files

SECRET = "SECRET-7f3a9c"
FORMATS = ["text", "json", "sarif", "github", "junit", "html"]
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
COMMAND = "::error file=forged.md,line=1::forged"
FOOTER = "You May Like: more stories from our desk\n"
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 9)}]\n" for level in range(8)
)
PULL_REQUEST: dict[str, str | bytes] = {
    "escapes.md": f"---\ntitle: Talks {ESCAPES}\n---\nText.\n",  # YAML refuses the control characters
    "escapes.txt": f"Talks {ESCAPES}\nNext Post {ESCAPES} You May Like\nNext Post {ESCAPES} You May Like\n",
    "commands.txt": f"{COMMAND}\n{COMMAND}\n::add-mask::x\n::stop-commands::token\n{COMMAND}\n",
    f"{COMMAND}.txt": f"A title\n{FOOTER}{FOOTER}",  # a file name that is a workflow command
    "name\x1b[31m\nnewline.txt": f"A title\n{FOOTER}{FOOTER}",
    "bomb.md": f"---\ntitle: Bomb\n{BOMB}---\nText.\n",
    "merge.md": "---\ntitle: Merged\n<<: {published: 2020-01-01}\n---\nText.\n",  # a YAML merge key
    "anchors.md": '---\ntitle: T\n::warning::forged: &x one\nb: &x "##[error]x"\n---\nText.\n',  # anchor reused
    "legacy.txt": f"Legacy\n##[add-mask]Found it {FOOTER}##[add-mask]Found it {FOOTER}",  # the older command syntax
    "xss.md": (
        '---\ntitle: "<script>alert(1)</script>"\n---\n'
        "<img src=x onerror=alert(1)> [x](javascript:alert(1))\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n"
    ),
    "huge.txt": "Huge\n" + "word " * 400_000,  # 2 MB: over the 1 MiB limit this run sets
    "feed.jsonl": "\n".join(
        [
            json.dumps({"id": f"id{ESCAPES}", "title": f"T {ESCAPES}", "text": f"{COMMAND}\n{COMMAND}"}),
            json.dumps({"id": "long", "title": "T", "text": "x" * 3_000_000}),  # one 3 MB line
            json.dumps({"id": "fine", "title": "Fine", "text": "Fine."}),
        ]
    ),
}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "private"
    write_files(secret, {"id_rsa.txt": f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n", "notes.md": SECRET})
    repository = root / "repository"
    write_files(repository / "corpus", {"good.md": "---\ntitle: Good\n---\nText.\n", **PULL_REQUEST})
    (repository / "corpus/key.txt").symlink_to(secret / "id_rsa.txt")
    (repository / "corpus/private").symlink_to(secret)
    os.mkfifo(repository / "corpus/pipe.txt")
    return repository


def corpusval(repository: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corpusval.cli", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",  # so that the test sees any byte that is not UTF-8
        timeout=300,  # a hang fails the test instead of the CI job
        check=False,
    )


@pytest.fixture(scope="module")
def reports(repository: Path) -> dict[str, tuple[str, str]]:
    """Each format's report and the terminal's output of its run."""
    done = {}
    for name in FORMATS:
        output = repository.parent / f"report.{name}"
        ran = corpusval(
            repository, "check", "corpus", "--format", name, "--output", str(output), "--max-document-size", "1MiB"
        )
        assert ran.returncode == 1, ran.stderr
        assert ran.stderr == ""  # no traceback, no warning: findings only
        done[name] = (output.read_text(encoding="utf-8"), ran.stdout)
    return done


@pytest.mark.parametrize("name", FORMATS)
def test_no_secret_no_escape_and_no_stray_character_gets_out(name: str, reports: dict[str, tuple[str, str]]) -> None:
    for text in reports[name]:
        assert SECRET not in text
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text)
        assert "##[" not in text


@pytest.mark.parametrize("name", ["text", "github"])
def test_no_line_is_a_workflow_command_but_corpusvals_own(name: str, reports: dict[str, tuple[str, str]]) -> None:
    report, _ = reports[name]
    commands = [line for line in report.splitlines() if line.lstrip().startswith("::")]
    if name == "text":
        assert commands == []
        return
    assert len(commands) == len(report.splitlines()) - 1  # all but the summary
    own = re.compile(r"::(error|warning) file=[^,:]*,line=\d+,col=\d+,title=[a-z0-9-]+::[^\n]*")
    assert all(own.fullmatch(line) for line in commands)
    assert not any("::add-mask::" in line or "::stop-commands::" in line for line in commands)


def test_a_file_named_as_a_command_at_the_top_of_the_checked_folder_starts_no_line(repository: Path) -> None:
    ran = corpusval(repository / "corpus", "check", ".", "--max-document-size", "1MiB")
    assert ran.returncode == 1 and ran.stderr == ""
    assert not [line for line in ran.stdout.splitlines() if line.lstrip().startswith("::")]
    assert f"./{COMMAND}.txt:3:1: duplicated-footer" in ran.stdout


def test_machine_formats_stay_valid(reports: dict[str, tuple[str, str]]) -> None:
    json.loads(reports["json"][0])
    json.loads(reports["sarif"][0])
    ET.fromstring(reports["junit"][0])


class Markup(HTMLParser):
    """The tags and attributes of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def test_the_html_report_holds_no_markup_from_documents(reports: dict[str, tuple[str, str]]) -> None:
    page = Markup()
    page.feed(reports["html"][0])
    assert "script" not in page.tags and "img" not in page.tags
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert not [value for name, value in page.attributes if name == "href" and ":" in value.split("/")[0]]
    assert "&lt;img src=x onerror=alert(1)&gt;" in reports["html"][0]  # the pasted line is shown, as text


def test_every_hostile_file_is_a_finding(reports: dict[str, tuple[str, str]]) -> None:
    findings = json.loads(reports["json"][0])["findings"]
    by_path: dict[str, set[str]] = {}
    for finding in findings:
        by_path.setdefault(finding["path"], set()).add(finding["message"])
    said = {path: " | ".join(sorted(messages)) for path, messages in by_path.items()}
    assert "outside the checked folders: not read" in said["corpus/key.txt"]
    assert "outside the checked folders: not entered" in said["corpus/private"]
    assert "not a regular file" in said["corpus/pipe.txt"]
    assert "alias bomb" in said["corpus/bomb.md"]
    assert "larger than 1 MiB" in said["corpus/huge.txt"]
    assert "record is larger than 1 MiB" in said["corpus/feed.jsonl"]
    assert "corpus/name\\x1b[31m\\x0anewline.txt" in said  # the file is named, its escapes shown
    assert "./::error file=forged.md,line=1::forged.txt" not in said  # a path in a folder cannot start a line
    assert "corpus/::error file=forged.md,line=1::forged.txt" in said
    assert "corpus/good.md" not in said


def test_memory_stays_bounded(reports: dict[str, tuple[str, str]]) -> None:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
    assert peak < 400 * 1024 * 1024  # a 3 MB record, a 2 MB document, an alias bomb of billions


def test_the_pytest_plugin_meets_the_same_pull_request(repository: Path) -> None:
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--corpus=corpus",
            "--corpus-max-document-size=1MiB",
        ],
        cwd=repository,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=300,
        check=False,
    )
    assert ran.returncode == 1, ran.stdout[-2000:]
    assert "Traceback" not in ran.stdout + ran.stderr and "INTERNALERROR" not in ran.stdout
    assert SECRET not in ran.stdout + ran.stderr
    assert "\x1b" not in ran.stdout and "##[" not in ran.stdout
    assert not [line for line in ran.stdout.splitlines() if line.lstrip().startswith("::")]
    assert "corpus/key.txt" in ran.stdout
