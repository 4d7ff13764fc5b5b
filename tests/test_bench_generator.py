"""The benchmark's corpus generator: deterministic, honest about what it planted, realistic in its names."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pytest

from tests.conftest import load_bench_script

generate = load_bench_script("generate")


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("bench") / "corpus"
    result = generate.generate(out, 400, seed=7, rates={kind: 0.1 for kind in generate.DEFECTS})
    return out, result.manifest


def test_same_seed_same_bytes(tmp_path: Path, corpus: tuple[Path, dict]) -> None:
    out, manifest = corpus
    again = generate.generate(tmp_path / "corpus", 400, seed=7, rates={kind: 0.1 for kind in generate.DEFECTS})
    assert _digest(tmp_path / "corpus") == _digest(out)
    assert again.manifest == manifest


def test_other_seed_other_corpus(tmp_path: Path, corpus: tuple[Path, dict]) -> None:
    generate.generate(tmp_path / "corpus", 400, seed=8, rates={kind: 0.1 for kind in generate.DEFECTS})
    assert _digest(tmp_path / "corpus") != _digest(corpus[0])


def test_manifest_is_beside_the_corpus_not_inside(corpus: tuple[Path, dict]) -> None:
    out, _ = corpus
    assert (out.parent / "corpus.manifest.json").exists()
    assert not list(out.rglob("*.json"))


def _documents(out: Path) -> dict[tuple[str, str | None], dict[str, str]]:
    """Every document by (path, record): its title (None when missing), publish date and text."""
    documents = {}
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.suffix == ".jsonl":
            for line in path.read_text().splitlines():
                record = json.loads(line)
                documents[relative, record["id"]] = record
        elif path.suffix == ".md":
            front, text = path.read_text().removeprefix("---\n").split("\n---\n", 1)
            fields = dict(line.split(": ", 1) for line in front.splitlines())
            documents[relative, None] = {"title": fields.get("title"), "published": fields["published"], "text": text}
        elif path.suffix == ".txt":
            first, _, rest = path.read_text().partition("\n\n")
            documents[relative, None] = {"title": first, "text": rest}
    return documents


def test_documents_are_news_sized_in_every_format(corpus: tuple[Path, dict]) -> None:
    out, manifest = corpus
    documents = _documents(out)
    assert len(documents) == manifest["documents"] == 400
    assert {path.rsplit(".", 1)[1] for path, _ in documents} == {"txt", "md", "jsonl"}
    sizes = sorted(len(document["text"].encode()) for document in documents.values())
    assert 2500 <= sizes[len(sizes) // 2] <= 5500
    assert max(len(records) for records in _by_file(documents).values()) == generate.RECORDS_PER_FILE


def _by_file(documents: dict[tuple[str, str | None], dict[str, str]]) -> dict[str, list[str | None]]:
    files: dict[str, list[str | None]] = {}
    for path, record in documents:
        files.setdefault(path, []).append(record)
    return files


def test_only_the_chosen_formats(tmp_path: Path) -> None:
    generate.generate(tmp_path / "corpus", 60, seed=1, formats=["md"])
    assert {path.suffix for path in (tmp_path / "corpus").rglob("*") if path.is_file()} == {".md"}


def test_manifest_matches_what_was_planted(corpus: tuple[Path, dict]) -> None:
    out, manifest = corpus
    documents = _documents(out)
    planted = manifest["defects"]
    assert {entry["defect"] for entry in planted} == set(generate.DEFECTS)
    assert manifest["defect_counts"] == {kind: sum(e["defect"] == kind for e in planted) for kind in generate.DEFECTS}
    for entry in planted:
        document = documents[entry["path"], entry["record"]]
        text = document["text"]
        if entry["defect"] == "missing-title":
            title = document.get("title")
            assert not title or len(title.split()) > 25  # a .txt file then starts with its first paragraph
        elif entry["defect"] == "duplicated-footer":  # the text ends with the block twice, nothing planted in it
            size = {"you-may-like": 3, "next-post": 2, "footer": 1}[entry["style"]]
            lines = [line for line in text.splitlines() if line.strip()]
            assert lines[-size:] == lines[-2 * size : -size]
        elif entry["defect"] == "late-date":
            assert "published" in document  # only formats with a publish date get one
            assert "was signed on" in text
        elif entry["defect"] == "stray-link":
            assert re.search(r"^(See also|Read more|Related): ", text, re.MULTILINE)
        elif entry["defect"] == "name-variant":
            assert re.search(rf"\b{entry['variant']}\b", text)
            assert generate.Levenshtein.distance(entry["variant"], entry["canonical"]) == entry["distance"]
    defective = {(entry["path"], entry["record"]) for entry in planted}
    for key, document in documents.items():
        if key not in defective:
            assert document.get("title"), key
            assert "was signed on" not in document["text"]
            assert not re.search(r"^(See also|Read more|Related|You May Like|Next Post)", document["text"], re.M)


def test_clean_documents_call_people_by_surname_after_full_name(corpus: tuple[Path, dict]) -> None:
    out, _ = corpus
    text = next(iter(_documents(out).values()))["text"]
    full = re.search(r"(?:said on \w+|^\w+ [\w ]+?) ([A-Z][a-z]+) ([A-Z][a-z]{5,})", text)
    assert full is not None
    assert text.count(full.group(2)) > text.count(f"{full.group(1)} {full.group(2)}")


def test_misspellings_are_small_edits_that_keep_the_ends() -> None:
    rng = random.Random(3)
    edits = set()
    for _ in range(300):
        variant, edit = generate.misspell("Ryabkov", rng)
        edits.add(edit)
        assert variant != "Ryabkov"
        assert variant[0] == "R" and variant[-1] == "v"
        assert 1 <= generate.Levenshtein.distance(variant, "Ryabkov") <= 2
    assert edits == {"substitution", "dropped letter", "doubled letter", "transposition"}


def test_people_pool_grows_sublinearly_and_has_a_long_tail() -> None:
    small, large = generate.pool_size(1_000), generate.pool_size(100_000)
    assert 1 < large / small < 100
    people = generate.make_people(small, seed=1)
    assert len({person.surname for person in people}) == len(people) == small
    assert generate.make_people(50, seed=1) == people[:50]  # a larger corpus adds people, keeps the others


def test_distinct_people_named_grow_sublinearly(tmp_path: Path) -> None:
    sizes = (200, 2000)
    named = []
    for size in sizes:
        result = generate.generate(tmp_path / str(size), size, seed=1, formats=["jsonl"])
        named.append(result.manifest["distinct_people"])
    assert named[0] < named[1] < named[0] * sizes[1] / sizes[0]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "old.txt").write_text("x")
    with pytest.raises(FileExistsError):
        generate.generate(tmp_path / "corpus", 10, seed=1)
