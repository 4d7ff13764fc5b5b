"""Bad corpus input is reported as findings naming the file, and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusval.cli import main
from corpusval.document import Document
from corpusval.engine import Engine
from tests.conftest import DEFAULT_RULES, inside, write_files


def test_broken_files_are_findings_and_the_run_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(
        tmp_path,
        {
            "corpus/latin1.txt": "Title\nCaf\xe9 au lait\n".encode("latin-1"),
            "corpus/image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "corpus/feed.jsonl": '{"id": "ok", "title": "Fine", "text": "Fine text."}\n{"id": "cut", "title": "Cut',
            "corpus/huge.txt": "Huge Line\n" + "word " * 1_000_000 + "\n",
            "corpus/fine.md": "---\ntitle: Fine\npublished: 2022-01-10\n---\nNothing wrong here.\n",
        },
    )
    with inside(tmp_path):
        status = main(["check", "corpus", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert status == 1
    got = {(f["path"], f["rule"]) for f in findings}
    assert got == {
        ("corpus/latin1.txt", "encoding"),
        ("corpus/image.txt", "encoding"),
        ("corpus/feed.jsonl", "read-error"),
        ("corpus/huge.txt", "long-line"),
    }
    [cut] = [f for f in findings if f["rule"] == "read-error"]
    assert (cut["line"], cut["record"]) == (2, "line-2")


def test_front_matter_the_fast_path_leaves_to_the_parser_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fronts = {
        "twice": "title: One\ntitle: Two",
        "tagged": "title: !!python/name:os.system",
        "no-such-day": "title: T\npublished: 2022-02-30",
        "huge-number": "title: T\nwords: " + "9" * 5000,
        "nested": "title: T\nbad: key: value",
        "tab": "title: T\n\tauthor: Desk",
    }
    write_files(tmp_path, {f"corpus/{name}.md": f"---\n{front}\n---\nBody.\n" for name, front in fronts.items()})
    with inside(tmp_path):
        main(["check", "corpus", "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert sorted((f["path"], f["rule"]) for f in findings) == [
        (f"corpus/{name}.md", "read-error") for name in sorted(fronts)
    ]
    assert all(f["message"].startswith("front matter: ") for f in findings)


def test_an_empty_corpus_folder_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "corpus").mkdir()
    with inside(tmp_path):
        assert main(["check", "corpus"]) == 0
    assert capsys.readouterr().out == "All checks passed: 0 documents in 0 files.\n"


pieces = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=8),
    st.sampled_from(["Monday", "March 14, 2023", " Sergei ", "Ryabkov", "Mr.", " said", "\n", ", ", "2024"]),
)
prose = st.lists(pieces, max_size=40).map("".join)


@settings(max_examples=150)
@given(text=prose, published=st.one_of(st.none(), st.dates(), st.text(max_size=12)))
def test_no_document_makes_a_default_rule_fail_internally(text: str, published: object) -> None:
    document = Document("doc.md", text, {"title": "T", "published": published})
    engine = Engine(DEFAULT_RULES)
    findings = engine.judge(document, engine.gather([document]))
    assert not [finding for finding in findings if "internal error" in finding.message]
