"""Readers: metadata, positions, and what they do with files they cannot read."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import pickle
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusval import readers, yamlio
from corpusval.cache import identity
from corpusval.document import Document, iter_lines, line_starts
from corpusval.readers import (
    PathError,
    ReadError,
    Source,
    discover,
    display_path,
    read,
    read_data,
    read_regular,
    read_stream,
)
from tests.conftest import REPO, inside


def read_all(path: Path) -> list[Document | ReadError]:
    return list(read(Source(str(path), path.name), path.name))


def test_markdown_front_matter_fields_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nauthor: Desk\ntitle: Talks Resume\ndate: 2022-01-10\n---\nBody line.\n", encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.fields == {"author": "Desk", "title": "Talks Resume", "published": dt.date(2022, 1, 10)}
    assert document.position_of("title") == (3, 1)
    assert document.position_of("published") == (4, 1)
    assert document.text == "Body line.\n"
    assert document.locate(0) == (6, 1)


def test_markdown_heading_is_the_title_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Intro\n\n#   Budget Talks  \nBody\n", encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.get("title") == "Budget Talks"
    assert document.position_of("title") == (3, 5)


def test_front_matter_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: !!python/object/apply:os.system [echo hi]\n---\nBody\n", encoding="utf-8")
    [error] = read_all(path)  # no document: without its metadata it would draw false findings
    assert isinstance(error, ReadError)
    assert (
        error.problem.message
        == "front matter: the YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"
    )
    assert (error.problem.line, error.problem.column) == (2, 8)


def test_front_matter_yaml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: ok\nbad: [unclosed\n---\nBody\n", encoding="utf-8")
    [error] = read_all(path)
    assert isinstance(error, ReadError) and error.problem.message.startswith("front matter: invalid YAML")
    assert error.problem.line >= 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-02-30", "front matter: invalid YAML value: day is out of range for month"),
        ("!!int abc", "front matter: invalid YAML value"),
        ("!!binary Zm9v", "front matter: binary values are not allowed"),
    ],
)
def test_front_matter_values_that_cannot_be_built(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\npublished: {value}\n---\nBody\n", encoding="utf-8")
    [error] = read_all(path)
    assert isinstance(error, ReadError) and error.problem.message.startswith(message)


def test_front_matter_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(levels) + "\n---\nBody\n", encoding="utf-8")
    [error] = read_all(path)
    assert isinstance(error, ReadError) and "alias bomb" in error.problem.message


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: x\nBody\n", encoding="utf-8")
    [error] = read_all(path)
    assert isinstance(error, ReadError) and "never closed" in error.problem.message


def test_jsonl_records_aliases_and_names(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a", "title": "One", "body": "B", "date": "2022-01-10"},
        {"title": "No id", "text": "T"},
        {"id": "a", "title": "Duplicate id", "text": "T"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n{oops\n[1]\n", encoding="utf-8")
    items = read_all(path)
    first, second, third, broken, wrong = items
    assert isinstance(first, Document) and first.text == "B" and first.get("published") == "2022-01-10"
    assert (first.record, second.record, third.record) == ("a", "line-2", "line-3")
    assert first.locate(0) == (1, 1) and third.position_of("title") == (3, 1)
    assert isinstance(broken, ReadError) and broken.problem.line == 5 and broken.record == "line-5"
    assert isinstance(wrong, ReadError) and wrong.problem.message == "JSON record must be an object, found an array"


def test_jsonl_text_must_be_a_string(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": null}\n{"id": "b", "text": {"p": 1}}\n', encoding="utf-8")
    empty, wrong = read_all(path)
    assert isinstance(empty, Document) and empty.text == ""
    assert isinstance(wrong, ReadError) and wrong.record == "b"
    assert wrong.problem.message == "record's text must be a string, found an object"


def test_a_document_pickles_without_its_line_index() -> None:
    document = Document("a.md", "one\ntwo\n", {"title": "T"}, {"title": (2, 1)}, text_line=4, corpus_path="a.md")
    before = pickle.dumps(document)
    assert document.locate(4) == (5, 1)
    assert pickle.dumps(document) == before
    copy = pickle.loads(before)
    assert copy == document and copy.locate(4) == (5, 1) and copy.position_of("title") == (2, 1)


def test_five_megabyte_single_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * 1_000_000 + "\n", encoding="utf-8")
    [document] = read_all(path)
    assert isinstance(document, Document)
    assert document.locate(len(document.text) - 2) == (2, 5_000_000)


def test_discover_sorts_skips_hidden_tools_and_unknown_suffixes(tmp_path: Path) -> None:
    names = ["b.md", "a.txt", "sub/c.jsonl", ".hidden/d.md", "image.png", ".e.md", "node_modules/f.md", "venv/g.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "b.md")
    found = [source.inside for source in discover([tmp_path, tmp_path / "a.txt"])]
    assert found == ["a.txt", "b.md", "sub/c.jsonl"]  # the link and the repeated a.txt are the same documents


def test_discover_takes_suffixes_in_any_case_and_only_known_ones(tmp_path: Path) -> None:
    names = ["a.TXT", "b.Md", "c.tar.jsonl", "d.", "txt", "e.txt.bak", "f.ndjson", "g.markdown", "h.text"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [source.inside for source in discover([tmp_path])]
    assert found == ["a.TXT", "b.Md", "c.tar.jsonl", "f.ndjson", "g.markdown", "h.text"]


@pytest.mark.parametrize(
    ("folder", "root"),
    [("", "corpus"), ("", "./corpus/"), ("", "corpus//"), ("", "./sub/../corpus"), ("corpus", "."), ("corpus", "./")],
)
def test_paths_found_show_as_the_path_of_each_file_does(tmp_path: Path, folder: str, root: str) -> None:
    """Found under a root written any way, a file shows as `Path` writes it: no "./", no doubled "/"."""
    (tmp_path / "corpus/deep").mkdir(parents=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / "corpus/deep/a.md").write_text("x", encoding="utf-8")
    with inside(tmp_path / folder):
        [source] = discover([Path(root)])
        assert display_path(source.path) == display_path(Path(source.path)) == Path(root, "deep/a.md").as_posix()
        assert display_path(os.path.abspath(source.path)) == os.path.normpath(Path(root, "deep/a.md"))


def test_discover_nested_folders_linked_roots_and_overlaps(tmp_path: Path) -> None:
    for name in ["corpus/a/b/deep.md", "corpus/top.txt", "other/o.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "corpus/linked").symlink_to(tmp_path / "other")  # a linked folder is not entered
    (tmp_path / "via").symlink_to(tmp_path / "corpus")
    found = [(source.path, source.inside) for source in discover([tmp_path / "via", tmp_path / "corpus/a"])]
    assert found == [
        (str(tmp_path / "via/linked"), "linked"),  # reported: it leads out of the checked folders
        (str(tmp_path / "via/top.txt"), "top.txt"),
        (str(tmp_path / "via/a/b/deep.md"), "a/b/deep.md"),
    ]


def _folder_of_every_kind(folder: Path) -> Path:
    """A file, an empty one, a folder, links to each and a broken one, a hidden file, a pipe, a name not in UTF-8."""
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text("text", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".hidden.md").write_text("x", encoding="utf-8")
    (folder / "to-file.md").symlink_to(folder / "a.md")
    (folder / "to-folder").symlink_to(folder / "sub")
    (folder / "broken.md").symlink_to(folder / "missing")
    os.mkfifo(folder / "pipe.md")
    (folder / os.fsdecode(b"caf\xe9.md")).write_bytes(b"x")
    return folder


def test_the_compiled_listing_tells_what_scandir_and_lstat_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert readers._listing is not None, "corpusval._listing is not built: install with a C compiler (pip install -e .)"
    folder = _folder_of_every_kind(tmp_path / "folder")
    compiled = sorted(readers.list_folder(str(folder)))
    assert readers.list_folder(str(tmp_path / "missing")) == []
    monkeypatch.setattr(readers, "_listing", None)
    plain = sorted(readers.list_folder(str(folder)))
    assert [entry[:2] for entry in compiled] == [entry[:2] for entry in plain] and len(plain) == 9
    for name, _, seen_as in compiled:  # what the stat index compares, of regular files only
        status = os.lstat(folder / name)
        assert seen_as == (identity(status) if stat.S_ISREG(status.st_mode) else None)
    assert readers.list_folder(str(tmp_path / "missing")) == []


def test_the_walk_finds_the_same_with_the_listing_compiled_or_not(
    linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder_of_every_kind(linked / "kinds")
    compiled = list(discover([linked]))
    monkeypatch.setattr(readers, "_listing", None)
    plain = list(discover([linked]))
    assert [source._replace(identity=None) for source in compiled] == plain
    regular = {source.path for source in plain if not os.path.islink(source.path) and os.path.isfile(source.path)}
    assert len(regular) == 5 and {source.path for source in compiled if source.identity is not None} == regular


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A corpus with links out of it (to a secret, to a folder), inside it, and a folder link loop."""
    for name in ["corpus/a.md", "corpus/sub/b.txt", "outside/secret.txt", "outside/docs/c.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "corpus/key.txt").symlink_to(tmp_path / "outside/secret.txt")
    (tmp_path / "corpus/relative.md").symlink_to("../outside/docs/c.md")
    (tmp_path / "corpus/docs").symlink_to(tmp_path / "outside/docs")
    (tmp_path / "corpus/alias.md").symlink_to(tmp_path / "corpus/a.md")  # inside: the same document
    (tmp_path / "corpus/sub/loop").symlink_to(tmp_path / "corpus")
    (tmp_path / "corpus/gone.txt").symlink_to(tmp_path / "outside/missing.txt")
    return tmp_path / "corpus"


def test_links_out_of_the_checked_folders_are_refused_not_followed(linked: Path) -> None:
    found = {source.inside: source.refusal for source in discover([linked])}
    assert found == {
        "a.md": None,
        "docs": "symbolic link to a folder outside the checked folders: not entered (--follow-symlinks allows it)",
        "gone.txt": "symbolic link to a file outside the checked folders: not read (--follow-symlinks allows it)",
        "key.txt": "symbolic link to a file outside the checked folders: not read (--follow-symlinks allows it)",
        "relative.md": "symbolic link to a file outside the checked folders: not read (--follow-symlinks allows it)",
        "sub/b.txt": None,
    }  # alias.md is a.md again; sub/loop leads inside and is not entered


def test_following_links_reads_through_them_once_and_ends_loops(linked: Path) -> None:
    found = [(source.inside, source.refusal) for source in discover([linked], follow_links=True)]
    # relative.md and docs/c.md are one document; sub/loop leads back to the corpus, already walked
    assert found == [("a.md", None), ("gone.txt", None), ("key.txt", None), ("relative.md", None), ("sub/b.txt", None)]


def test_a_link_named_explicitly_is_read_only_when_it_leads_inside_the_working_folder(linked: Path) -> None:
    with inside(linked):
        [key] = discover([Path("key.txt")])
        [alias] = discover([Path("alias.md")])
    assert key.refusal is not None and "outside the checked folders" in key.refusal
    assert alias.refusal is None and alias.path == "alias.md"


def test_a_link_into_another_checked_folder_is_followed(linked: Path) -> None:
    found = {source.inside: source.refusal for source in discover([linked, linked.parent / "outside"])}
    assert found["key.txt"] is None and found["relative.md"] is None  # secret.txt and c.md are checked anyway


def test_a_very_deep_folder_tree_is_walked(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(1100):  # deeper than Python's recursion limit
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.txt").write_text("x", encoding="utf-8")
    try:
        [source] = discover([tmp_path])
        assert source.inside == "d/" * 1100 + "deep.txt"
    finally:  # shutil.rmtree, which cleans tmp_path, recurses as deep as the tree
        (folder / "deep.txt").unlink()
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent


def test_a_symlink_loop_is_a_read_error(tmp_path: Path) -> None:
    (tmp_path / "one.md").symlink_to(tmp_path / "two.md")
    (tmp_path / "two.md").symlink_to(tmp_path / "one.md")
    items = [item for source in discover([tmp_path]) for item in read(source, source.inside)]
    assert [(item.path, type(item)) for item in items] == [("one.md", ReadError), ("two.md", ReadError)]


def test_display_path_is_relative_to_the_working_directory(tmp_path: Path) -> None:
    with inside(tmp_path):
        assert display_path(Path("./corpus//a.md")) == "corpus/a.md"
        assert display_path(Path("../elsewhere/a.md")) == "../elsewhere/a.md"
        assert display_path(tmp_path / "corpus/a.md") == "corpus/a.md"
        assert display_path(tmp_path.parent / "a.md") == (tmp_path.parent / "a.md").as_posix()


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(PathError, match="no such file"):
        list(discover([tmp_path / "nope"]))


# NUL bytes make a file binary, so they are not text lines.
line_text = st.text(st.characters(blacklist_characters="\n\x00", blacklist_categories=["Cs"]), max_size=20)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(line_text, min_size=1, max_size=12), crlf=st.booleans(), front_matter=st.booleans())
def test_positions_match_file_lines_for_any_input(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], crlf: bool, front_matter: bool
) -> None:
    """Every character of the body maps to the file line and column it was written at."""
    newline = "\r\n" if crlf else "\n"
    header = ["---", "title: T", "---"] if front_matter else []
    body_lines = [line.rstrip("\r") for line in lines]
    content = newline.join([*header, *body_lines]) + newline
    path = tmp_path_factory.mktemp("doc") / "doc.md"
    path.write_bytes(content.encode("utf-8"))
    [document] = [item for item in read_all(path) if isinstance(item, Document)]
    for index, (offset, line) in enumerate(iter_lines(document.text)):
        assert line == body_lines[index]
        for column in range(len(line)):
            assert document.locate(offset + column) == (len(header) + index + 1, column + 1)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(line_text, min_size=1, max_size=12), crlf=st.booleans())
def test_text_file_title_and_positions_for_any_input(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], crlf: bool
) -> None:
    """A .txt title is the first non-blank line, found where it was written."""
    body_lines = [line.rstrip("\r") for line in lines]
    path = tmp_path_factory.mktemp("doc") / "doc.txt"
    path.write_bytes(("\r\n" if crlf else "\n").join(body_lines).encode("utf-8"))
    [document] = read_all(path)
    assert isinstance(document, Document)
    titled = [(number, line) for number, line in enumerate(body_lines, start=1) if line.strip()]
    if titled:
        number, line = titled[0]
        assert document.get("title") == line.strip()
        assert document.position_of("title") == (number, len(line) - len(line.lstrip()) + 1)
    else:
        assert document.get("title") is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.dictionaries(st.sampled_from(["id", "title", "text"]), line_text)), max_size=10)
)
def test_jsonl_records_keep_their_file_lines(
    tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, str] | None]
) -> None:
    """Each record (a None here is a blank line) is found on the line it was written on."""
    path = tmp_path_factory.mktemp("doc") / "feed.jsonl"
    path.write_text("\n".join("" if record is None else json.dumps(record) for record in records), encoding="utf-8")
    documents = [item for item in read_all(path) if isinstance(item, Document)]
    expected = [number for number, record in enumerate(records, start=1) if record is not None]
    assert [document.record_line for document in documents] == expected
    assert len({document.record for document in documents}) == len(documents)


yaml_like = st.sampled_from(
    ["---\n", "title: ", "&a [x]", "*a", "!!python/name:os.system", "\x00", "\xff", "{", "\n", "é"]
)


@settings(max_examples=300)
@given(
    suffix=st.sampled_from([".md", ".txt", ".jsonl"]),
    chunks=st.lists(
        st.one_of(st.binary(max_size=40), yaml_like.map(lambda text: text.encode("utf-8", "surrogatepass"))),
        max_size=12,
    ),
)
def test_any_bytes_give_documents_or_read_errors(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, chunks: list[bytes]
) -> None:
    """No file content makes a reader raise: the run goes on with findings."""
    path = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    path.write_bytes(b"".join(chunks))
    for item in read_all(path):
        assert isinstance(item, Document | ReadError)
        if isinstance(item, Document):
            for offset in range(0, len(item.text), 7):
                line, column = item.locate(offset)
                assert line >= 1 and column >= 1


# Front matter: a few `key: value` lines, values a parser could take several ways, and at most one odd line.
yaml_entries = st.lists(
    st.tuples(
        st.sampled_from(["title", "date", "published", "author", "Title", "_x", "a-b"]),
        st.one_of(
            st.sampled_from(["2022-01-10", "2022-02-30", "12", "012", "1.5", "true", "False", "yes", "~", "null", ""]),
            st.sampled_from(['"q: x"', "'it''s'", '""', "''"]),
            st.text(st.sampled_from([*"aaaaZZ11    ", *":#'\"-&*!,[{|>.~é"]), max_size=10),
        ),
    ),
    unique_by=lambda entry: entry[0],
    max_size=5,
)
odd_values = (
    "2022-01-10T10:00:00Z|0x1F|é \u2028 x|\x85|\ufeff|a\rb|a\tb|{a: 1}|*x|!!str x|> x|?x|%x|`x|'a'b'|x #c|x:|- x"
)
odd_yaml_lines = st.sampled_from(
    ["", "   ", "# note", " # note", "  indented", "- item", "\t", "%YAML 1.2", "key", "title: again", "true: x"]
    + ["1: x", "og:t: x", "a :x", "a:\tx", "a:x", 'a: "a\\"b"', "a: &a x", "a: [a]", "a: | x", "a: x # c", "a: x#c"]
    + [f"a: {value}" for value in [*odd_values.split("|"), "9" * 5000]]
)


@settings(max_examples=500)
@given(
    entries=yaml_entries,
    odd=st.one_of(st.none(), st.tuples(odd_yaml_lines, st.integers(0, 5))),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_flat_front_matter_reads_as_the_parser_does(
    entries: list[tuple[str, str]], odd: tuple[str, int] | None, newline: str
) -> None:
    """The fast path gives the parser's fields (values and types) and key positions, or stands aside."""
    lines = [f"{key}: {value}" for key, value in entries]
    if odd is not None:
        lines.insert(odd[1], odd[0])
    source = newline.join([*lines, ""])
    flat = yamlio.load_flat(source)
    if flat is None:
        return
    loaded = yamlio.load(source)  # never raises where the fast path read the source
    if loaded is None:
        assert flat == ({}, {})
        return
    fields, positions = flat
    plain = yamlio.to_plain(loaded)
    assert [(key, type(value), value) for key, value in fields.items()] == [
        (key, type(value), value) for key, value in plain.items()
    ]
    assert positions == {str(key): yamlio.position(loaded, [], key) for key in loaded}


@pytest.mark.parametrize(
    "source",
    [
        "title: Talks Resume\npublished: 2022-01-10\nauthor: Desk\nurl: https://example.org/a#b\n",
        "title: \"Profile: Ingrid Solberg\"\r\n# a comment\r\n\r\nsubtitle: 'It''s on'\r\nwords: 120\ndraft: false\n",
    ],
)
def test_common_front_matter_takes_the_fast_path(source: str) -> None:
    assert yamlio.load_flat(source) is not None


def test_sample_documents_read_the_same_through_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((REPO / "sample_corpus").rglob("*.md"))
    fast = [read_all(path) for path in paths]
    monkeypatch.setattr(yamlio, "load_flat", lambda source: None)
    assert [read_all(path) for path in paths] == fast


def test_a_file_named_through_a_linked_folder_out_of_the_corpus_is_refused(linked: Path) -> None:
    with inside(linked):
        [through] = discover([Path("docs/c.md")])  # docs is a link to a folder out of the corpus
        [plain] = discover([Path("sub/b.txt")])
    assert through.refusal is not None and "outside the checked folders" in through.refusal
    assert plain.refusal is None


def test_a_file_named_outside_the_working_folder_without_links_is_read(linked: Path, tmp_path: Path) -> None:
    with inside(linked / "sub"):
        [source] = discover([tmp_path / "outside" / "secret.txt"])  # named by its own path: the user's choice
    assert source.refusal is None


def test_chosen_records_are_read_alone_and_named_as_reading_them_all_names_them() -> None:
    """Phase two reads only the records it judges; a record's name depends on the ids before it."""
    data = b'{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n{broken\n\n{"id": "b", "text": "four"}\n'
    everything = [item for item in read_data(data, "f.jsonl", "f.jsonl", ".jsonl") if isinstance(item, Document)]
    assert [document.record for document in everything] == ["a", "line-2", "b"]
    chosen = {document.record_line: document.record for document in everything[1:]}
    assert list(read_data(data, "f.jsonl", "f.jsonl", ".jsonl", records=chosen)) == everything[1:]
    assert list(read_data(data, "f.jsonl", "f.jsonl", ".jsonl", records={3: "line-3"})) == []  # not a record now


# The fast paths of reading: each gives what the simple way it stands for gives.

tricky_values = st.sampled_from(
    [
        *["2022-01-10", "2022-02-30", "0000-01-01", "2022-1-5", "2022-01-10 10:00:00", "2022-01-10T10:00:00Z"],
        *["2024-02-29", "2023-02-29", "1999-12-31", "9999-12-31", "2022-13-01", "2022-00-10", "२०२२-01-10"],
        *["12", "012", "0o17", "0x1F", "0b101", "1_000", "+12", "-0", "1e3", "1.5", ".5", ".inf", ".NaN", "12:30:00"],
        *["true", "True", "TRUE", "tRue", "false", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "NULL"],
        *['"q: x"', '"a # b"', "'it''s'", "'a: b'", '""', "''", "a: b", "a:b", "x:", "a #b", "a#b", "http://x.org/a#b"],
        *["", "Staff Reporter", "é", "9" * 70],
    ]
)


@settings(max_examples=500)
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["title", "date", "published", "author", "true", "null", "on", "1"]), tricky_values),
        unique_by=lambda entry: entry[0],
        max_size=5,
    ),
    comment=st.one_of(st.none(), st.tuples(st.sampled_from(["# a note", "", "   ", "#"]), st.integers(0, 5))),
)
def test_flat_front_matter_reads_tricky_scalars_as_the_parser_does(
    entries: list[tuple[str, str]], comment: tuple[str, int] | None
) -> None:
    """Dates, numbers, booleans and nulls the way YAML 1.2 (not 1.1) reads them; each source twice, the
    second time from the table of scalars the first reading filled."""
    lines = [f"{key}: {value}" for key, value in entries]
    if comment is not None:
        lines.insert(comment[1], comment[0])
    source = "\n".join([*lines, ""])
    first, again = yamlio.load_flat(source), yamlio.load_flat(source)
    assert repr(first) == repr(again)
    if first is None:
        return
    loaded = yamlio.load(source)
    plain = {} if loaded is None else yamlio.to_plain(loaded)
    assert [(key, type(value), value) for key, value in first[0].items()] == [
        (key, type(value), value) for key, value in plain.items()
    ]
    assert first[1] == ({} if loaded is None else {str(key): yamlio.position(loaded, [], key) for key in loaded})


def test_the_table_of_scalars_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_SCALARS", {})
    for number in range(2 * yamlio._SCALARS_SIZE + 10):
        assert yamlio.load_flat(f"words: {number}\n") == ({"words": number}, {"words": (1, 1)})
        assert len(yamlio._SCALARS) <= yamlio._SCALARS_SIZE
    long_number = "9" * (yamlio._SCALAR_CHARS + 1)
    assert yamlio.load_flat(f"words: {long_number}\n") == ({"words": int(long_number)}, {"words": (1, 1)})
    assert long_number not in yamlio._SCALARS


_OLD_HEADING = re.compile(r"^#[ \t]+(.*?)[ \t#]*\r?$", re.MULTILINE)  # how the heading was searched for
markdownish = st.lists(
    st.sampled_from(["#", "# ", "##", " ", "\t", "\n", "\r", "a", "b#", "---", "...", "-", "."]), max_size=20
).map("".join)


@settings(max_examples=500)
@given(markdownish)
def test_the_heading_is_the_one_a_search_of_every_line_finds(body: str) -> None:
    old = _OLD_HEADING.search(body)
    new = readers._HEADING.match(body) or readers._NEXT_HEADING.search(body)
    assert (None if old is None else (old.start(), old.start(1), old.group(1))) == (
        None if new is None else (new.start(1), new.start(2), new.group(2))
    )


@settings(max_examples=500)
@given(markdownish)
def test_the_closing_fence_is_the_one_a_search_from_line_two_finds(text: str) -> None:
    if "\n" in text:
        old = readers._FENCE.search(text, text.index("\n") + 1)
        new = readers._NEXT_FENCE.search(text, text.index("\n"))
        assert (None if old is None else old.span()) == (None if new is None else (new.start(1), new.end()))


json_like = st.one_of(
    st.builds(
        lambda record, tail: json.dumps(record) + tail,
        st.dictionaries(st.sampled_from(["id", "text", "title"]), st.one_of(st.text(max_size=5), st.integers())),
        st.sampled_from(["", "\n", "\r\n", " \t\n", "x", "}", " {}", "\u00a0", "\x0c"]),
    ),
    st.lists(st.sampled_from([*'{}[]",:0123456789.eE+- \t\n\r\\/uabnfltrs', "\ud800", "é", "NaN"]), max_size=30).map(
        "".join
    ),
    st.sampled_from(["{" + "[" * 100_000 + "]" * 100_000 + "}", '{"n": ' + "9" * 5000 + "}", '{"a": 1}{"b": 2}']),
)


def _outcome(load: Callable[[str], Any], line: str) -> tuple[Any, ...]:
    try:
        return ("value", repr(load(line)))
    except Exception as error:  # the reader turns each failure into a read error worded by the exception
        return ("error", type(error), str(error), getattr(error, "colno", None))


@settings(max_examples=500)
@given(json_like)
def test_a_record_parses_as_json_loads_parses_it(line: str) -> None:
    assert _outcome(readers._json_loads, line) == _outcome(json.loads, line)


jsonl_piece = st.sampled_from(
    [b"\n", b"\r", b"\r\n", b" ", b"{", b"}", b'{"id": "a", "text": "x"}', b'{"title": "T"}', b"x" * 7, b"\r" * 3]
)


@settings(max_examples=300, deadline=None)
@given(
    suffix=st.sampled_from([".jsonl", ".txt", ".md"]),
    pieces=st.lists(st.one_of(jsonl_piece, st.binary(max_size=6)), max_size=25),
    limit=st.integers(1, 40),
    chosen=st.sets(st.integers(1, 12), max_size=4),
)
def test_bytes_in_memory_read_as_the_stream_of_them_reads(
    suffix: str, pieces: list[bytes], limit: int, chosen: set[int]
) -> None:
    """read_data cuts a JSONL file where read_stream's bounded readline cuts it, long records and all."""
    data = b"".join(pieces)
    streamed = list(read_stream(io.BytesIO(data), "f", "f", suffix, limit))
    in_memory = list(read_data(data, "f", "f", suffix, limit))
    assert in_memory == streamed and repr(in_memory) == repr(streamed)
    records = {line: f"r{line}" for line in chosen}
    assert list(read_data(data, "f", "f", suffix, limit, records)) == list(
        read_stream(io.BytesIO(data), "f", "f", suffix, limit, records)
    )


def _old_iter_lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in re.finditer("\n", text):
        line = text[start : match.start()]
        yield start, line[:-1] if line.endswith("\r") else line
        start = match.end()
    if start < len(text):
        line = text[start:]
        yield start, line[:-1] if line.endswith("\r") else line


@given(st.text(st.sampled_from(["\n", "\r", "a", " ", "\u2028", "\x85"])))
def test_lines_split_as_the_regular_expression_split_them(text: str) -> None:
    assert list(iter_lines(text)) == list(_old_iter_lines(text))
    assert line_starts(text) == [0, *(match.end() for match in re.finditer("\n", text))]


def test_documents_made_with_defaults_hold_their_own_dicts() -> None:
    first, second = Document("a.txt", "x"), Document("a.txt", "x")
    assert first == second and first.fields == {} and first.field_positions == {}
    assert first.fields is not second.fields and first.field_positions is not second.field_positions
    made = Document("a.md", "one\ntwo", {"title": "T"}, {"title": (2, 1)}, 4, 2, None, None, None, False, "a.md")
    assert made == dataclasses.replace(made) == pickle.loads(pickle.dumps(made))
    assert made == Document(
        path="a.md",
        text="one\ntwo",
        fields={"title": "T"},
        field_positions={"title": (2, 1)},
        text_line=4,
        text_column=2,
        corpus_path="a.md",
    )
    assert [field.name for field in dataclasses.fields(Document)] == list(made.__dict__)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8])
def test_long_records_are_cut_where_the_stream_cuts_them(limit: int) -> None:
    """Records of every length around the limit, carriage returns where a cut falls, and no line break at the end."""
    for length in range(3 * limit + 8):
        for returns in range(6):
            for end in (b"\n", b"", b"\r\n"):
                data = b"x" * length + b"\r" * returns + end + b'{"id": "next"}\n' + b"y" * length
                streamed = list(read_stream(io.BytesIO(data), "f", "f", ".jsonl", limit))
                assert list(read_data(data, "f", "f", ".jsonl", limit)) == streamed, (length, returns, end)


@pytest.mark.parametrize("size", [0, 1, 9, 10, 11, 100])
def test_a_regular_file_is_read_whole_up_to_one_byte_past_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(size)))
    assert read_regular(str(path), 10) == path.read_bytes()[:11]


def test_a_file_that_grew_since_its_status_is_read_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 50)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda descriptor: os.stat_result((*real_fstat(descriptor)[:6], 3, 0, 0, 0)))
    assert read_regular(str(path), 100) == b"x" * 50  # told 3 bytes, it reads all 50
    assert read_regular(str(path), 20) == b"x" * 21


def test_pipes_are_read_errors_when_read_alone(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    [item] = read(Source(str(tmp_path / "pipe.md"), "pipe.md"), "pipe.md")
    assert isinstance(item, ReadError) and "not a regular file" in item.problem.message
