"""Properties of pattern: the screen that rules documents out never hides a match, and changes no finding."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from corpusval.document import Document
from corpusval.kinds._base import OptionError
from corpusval.kinds.pattern import Pattern, _line_start_rest, _matchable, _Screen, compile_pattern


@pytest.mark.parametrize(
    ("source", "rest"),
    [
        (
            r"^[\t\p{Zs}]*(?:See also|Read more)\b[\t\p{Zs}:]+\S.*",
            r"[\t\p{Zs}]*(?:See also|Read more)\b[\t\p{Zs}:]+\S.*",
        ),
        (r"^(a|b)c", r"(a|b)c"),
        (r"^(?P<name>a|b)c$", r"(?P<name>a|b)c$"),
        (r"^[|(]x\|y\(", r"[|(]x\|y\("),
        (r"^[]|]x", r"[]|]x"),
        (r"^[^]|]x", r"[^]|]x"),
        (r"^a|b", None),  # the "^" anchors one side only
        (r"^(a)|b", None),
        (r"a^b", None),
        (r"^", None),
        (r"^*a", None),
        (r"^(?i)a", None),  # an inline flag
        (r"^(?-m:^a)", None),
        (r"^a\Ab", None),  # the start of the text
        (r"^\Q|\E", None),
        (r"^[[:alpha:]]|x", None),  # a bracket inside a class: not read
        (r"^(a", None),
        (r"^a)(b", None),
    ],
)
def test_the_rest_after_a_caret_is_read_conservatively(source: str, rest: str | None) -> None:
    assert _line_start_rest(source) == rest


pattern_piece = st.sampled_from(
    [
        *["a", "A", "b", "é", "\\b", "\\B", "\\s", "\\S", "[ \\t]*", "[\\t\\p{Zs}]+", "(?:a|B)", "(a|b)", "(?:|a)"],
        *["|", "$", "^", ".", ".*", "\\n", "[^a]", "x+", "x?", "\\A", "\\z", "(?i)", "(?-m:^)", "[]a]", "\\|", "\\."],
    ]
)
text_piece = st.sampled_from(["a", "A", "b", "B", "x", "é", "É", " ", "\t", "\n", "\r", "\u00a0", "\ud800", "."])


@settings(max_examples=1000)
@given(
    caret=st.booleans(),
    pieces=st.lists(pattern_piece, min_size=1, max_size=6),
    text=st.lists(text_piece, max_size=20).map("".join),
    ignore_case=st.booleans(),
)
def test_the_screen_rules_out_exactly_the_texts_without_a_match(
    caret: bool, pieces: list[str], text: str, ignore_case: bool
) -> None:
    source = ("^" if caret else "") + "".join(pieces)
    try:
        regex = compile_pattern("pattern", source, ignore_case=ignore_case)
    except OptionError:
        assume(False)
    assert _Screen(source, ignore_case).rules_out(text) == (regex.search(_matchable(text)) is None)


@settings(max_examples=500)
@given(
    caret=st.booleans(),
    pieces=st.lists(pattern_piece, min_size=1, max_size=5),
    text=st.lists(text_piece, max_size=30).map("".join),
    options=st.fixed_dictionaries(
        {},
        optional={
            "ignore_case": st.booleans(),
            "mode": st.sampled_from(["forbid", "require"]),
            "field": st.sampled_from(["text", "title"]),
            "message": st.just('found "{match}"'),
        },
    ),
)
def test_findings_are_those_of_searching_every_document(
    caret: bool, pieces: list[str], text: str, options: dict[str, object]
) -> None:
    source = ("^" if caret else "") + "".join(pieces)
    try:
        kind = Pattern({"pattern": source, **options})
    except OptionError:
        assume(False)
    unscreened = Pattern({"pattern": source, **options})
    unscreened._screen = None  # the check as it was before the screen: a search for matches in every document
    document = Document("a.md", text, {"title": text[::-1]}, {"title": (2, 1)}, text_line=4)
    assert list(kind.check(document, None)) == list(unscreened.check(document, None))


def test_without_re2s_compiled_core_every_document_is_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpusval.kinds import pattern

    document = Document("a.md", "Intro\n  See also: http://x.org\nEnd", {}, {})
    source = r"^[\t\p{Zs}]*See also\b.*"
    screened = list(Pattern({"pattern": source}).check(document, None))
    monkeypatch.setattr(pattern, "_re2", None)
    kind = Pattern({"pattern": source})
    assert kind._screen is None and list(kind.check(document, None)) == screened and len(screened) == 1
