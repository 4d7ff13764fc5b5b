"""Unit tests and properties of the name-consistency kind: the variant predicate, extraction, the corpus phases."""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corpusval.document import Document
from corpusval.kinds import _names
from corpusval.kinds._base import OptionError
from corpusval.kinds._names import (
    all_close_pairs,
    are_variants,
    close_pairs,
    extract,
    genders_clash,
    is_given_name,
    is_word_form,
    same_given_name,
)
from corpusval.kinds.name_consistency import (
    MAX_NAMES_PER_DOCUMENT,
    NameConsistency,
    NameTally,
    Usage,
    blocking_recall,
)


def run(files: Mapping[str, str], options: Mapping[str, Any] | None = None) -> list[tuple[str, int, int, str]]:
    """Both phases over `files`, as the engine runs a corpus-wide kind: (path, line, column, message)."""
    kind = NameConsistency(options or {})
    documents = [Document(path=path, text=text) for path, text in files.items()]
    state = kind.finish(kind.combine(kind.gather(document) for document in documents))
    return sorted(
        (document.path, violation.line, violation.column, violation.message)
        for document in documents
        for violation in kind.check(document, state)
    )


# ------------------------------------------------------------------ the predicate


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ryabkov", "Rybkov"),
        ("Ryabkov", "Ryapkov"),
        ("Zelensky", "Zelenskyy"),
        ("Zelensky", "Zelenskiy"),
        ("Zelenskyy", "Zelenskiy"),
        ("Sherman", "Shermann"),  # a doubled last letter is a typo, not a form
        ("Blinken", "Blinke"),  # "n" makes a demonym only after "a"
        ("Baerbock", "Bearbock"),  # two edits are allowed in long words
        ("Mbappé", "Mbappe"),
        ("Fernandes", "Fernández"),  # the spellings are close; given names tell the people apart
        ("Tchaikovsky", "Chaikovsky"),  # a letter added in front of a long word: a transliteration
        ("Yevtushenko", "Evtushenko"),
    ],
)
def test_variants(first: str, second: str) -> None:
    assert are_variants(first, second, 5)
    assert are_variants(second, first, 5)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Russia", "Russian"),
        ("Ukraine", "Ukrainian"),
        ("Europe", "European"),
        ("Israel", "Israeli"),
        ("Germany", "German"),
        ("Italy", "Italian"),
        ("Japan", "Japanese"),
        ("Sherman", "Shermans"),
        ("Ryabkov", "Ryabkova"),
        ("Zelensky", "Zelenska"),
        ("Zelenskiy", "Zelenska"),
        ("Navalny", "Navalnaya"),
        ("RYABKOV", "Ryabkov"),
        ("DeSantis", "Desantis"),
        ("Wang", "Wong"),
        ("Kane", "Kanté"),
        ("Ryabkov", "Rybakov"),  # two edits in a short word
        ("Ryabkov", "Dyabkov"),  # the first letter differs
        ("Hernandez", "Fernandez"),  # even in a long word: another name
        ("Anderson", "Henderson"),
        ("Ivanov", "Yivanov"),  # a letter in front of a short word
    ],
)
def test_not_variants(first: str, second: str) -> None:
    assert not are_variants(first, second, 5)
    assert not are_variants(second, first, 5)


def test_min_length_is_an_option() -> None:
    assert not are_variants("Kuleba", "Kulebo", 7)
    assert are_variants("Kuleba", "Kulebo", 6)


def test_word_forms_take_folded_words() -> None:
    assert is_word_form("russia", "russian")
    assert is_word_form("democrat", "democratic")
    assert is_word_form("williams", "williamson")
    assert not is_word_form("russia", "russie")


@pytest.mark.parametrize(("first", "second"), [("Mark", "Mary"), ("Paul", "Paula"), ("Daniel", "Daniela")])
def test_given_names_of_different_genders_clash(first: str, second: str) -> None:
    assert genders_clash(first, second)
    assert not same_given_name(first, second)


def test_given_names_of_one_person() -> None:
    assert same_given_name("Sergei", "Sergey")
    assert same_given_name("Antony", "Anthony")
    assert not same_given_name("Boris", "Ian")


def test_gazetteer_leaves_out_words_that_lead_other_names() -> None:
    assert is_given_name("Sergei")
    assert not any(is_given_name(word) for word in ("Said", "Will", "March", "General", "San", "Israel"))


# ------------------------------------------------------------------ blocking

# few letters, so that random words are often within two edits; "é" folds onto "e"
vocabularies = st.lists(st.text("abeé", min_size=3, max_size=11), max_size=40, unique=True)


@settings(max_examples=200, deadline=None)
@given(vocabularies, st.data())
def test_blocking_finds_every_close_pair(words: list[str], data: st.DataObject) -> None:
    attested = set(data.draw(st.lists(st.sampled_from(words), unique=True)) if words else [])
    min_length = data.draw(st.integers(3, 6))
    blocked = list(close_pairs(attested, words, min_length))
    assert len(blocked) == len(set(map(frozenset, blocked))), "each pair once"
    assert set(map(frozenset, blocked)) == set(map(frozenset, all_close_pairs(attested, words, min_length)))
    assert all(first in attested for first, _ in blocked)


def test_blocking_finds_a_different_first_letter() -> None:
    assert list(close_pairs({"tchaikovsky"}, ["chaikovsky", "chekhov"], 5)) == [("tchaikovsky", "chaikovsky")]


def tally_of(words: list[str], attested: set[str]) -> NameTally:
    """A tally where each word is a surname used alone mid-sentence, or after a title when `attested`."""
    usage = {word: Usage(1, 1, attested=int(word in attested), mid_sentence=1) for word in words}
    return NameTally(surnames=usage, forms={word: word.capitalize() for word in words})


@settings(max_examples=100, deadline=None)
@given(vocabularies, st.data())
def test_blocking_recall_is_complete(words: list[str], data: st.DataObject) -> None:
    attested = set(data.draw(st.lists(st.sampled_from(words), unique=True)) if words else [])
    blocked, exhaustive = blocking_recall(tally_of(words, attested), {"min_length": 3})
    assert blocked == exhaustive


def test_blocking_recall_counts_pairs_of_one_name() -> None:
    words = ["ryabkov", "rybkov", "ryapkov", "tchaikovsky", "chaikovsky", "russia", "russian", "peskov"]
    assert blocking_recall(tally_of(words, {"ryabkov", "tchaikovsky", "russia"})) == (3, 3)


# ------------------------------------------------------------------ extraction


def people(text: str) -> list[tuple[str, str]]:
    return [(name.spelling, name.surname) for name in extract(text, 5).given_names]


def surnames(text: str) -> list[tuple[str, bool]]:
    return [(mention.spelling, mention.attested) for mention in extract(text, 5).mentions]


def test_speech_verb_glued_to_a_name_is_dropped() -> None:
    assert people('"We have no such plans", Said Sergei Ryapkov.') == [("Sergei", "Ryapkov")]


def test_titles_lead_names() -> None:
    assert people("Russian Deputy Foreign Minister Sergei Ryabkov spoke.") == [("Sergei", "Ryabkov")]
    assert people("US Secretary of State Antony Blinken spoke.") == [("Antony", "Blinken")]
    assert surnames("Later, Mr. Ryabkov spoke.") == [("Ryabkov", True)]
    assert surnames("Later, Deputy Foreign Minister Ryabkov spoke.") == [("Ryabkov", True)]


def test_a_lone_title_is_no_name() -> None:
    assert surnames("Deputy ministers met. The President spoke.") == []


def test_possessives_are_one_spelling() -> None:
    assert surnames("Erling Haaland scored. Haaland's goal and Haaland\u2019s header.") == [
        ("Haaland", True),
        ("Haaland", False),
        ("Haaland", False),
    ]
    assert people("Russia's Sergei Ryabkov spoke.") == [("Sergei", "Ryabkov")]


def test_capitals_and_months_are_not_names() -> None:
    assert surnames("RYABKOV SAYS TALKS WERE HARD. NATO and the OSCE met.") == []
    assert surnames("In March the board met, and on Monday it voted.") == []


def test_no_person_inside_other_names() -> None:
    found = extract("The “Open Door Policy” stays, the Boston Globe wrote.", 5)
    assert found.given_names == []
    assert found.name_parts == ["Boston"]


def test_couples_name_two_people() -> None:
    found = extract("Wendy and Brad Sherman attended the dinner.", 5)
    assert [(name.spelling, name.partner) for name in found.given_names] == [("Brad", None), ("Wendy", "Brad")]


def test_particles_initials_and_wrapped_lines() -> None:
    assert people("Ursula von der Leyen spoke.") == [("Ursula", "Leyen")]
    assert people("John F. Kennedy spoke.") == [("John", "Kennedy")]
    assert people("the minister, Sergei\nLavrov, said") == [("Sergei", "Lavrov")]


def test_bylines_abbreviated_titles_and_articles() -> None:
    assert people("(Reporting by Pavel Polityuk; Writing by Olzhas Auyezov)") == [
        ("Pavel", "Polityuk"),
        ("Olzhas", "Auyezov"),
    ]
    assert people("Sen. Rick Scott (R-Fla.) objected.") == [("Rick", "Scott")]
    assert people("Bashar al-Assad spoke.") == [("Bashar", "al-Assad")]


def test_words_that_are_given_names_only_in_the_table() -> None:
    assert extract("One Democrat crossed over. The Red Cross helped.", 5).given_names == []
    assert surnames("King Charles and Pope Francis met. Prime Minister Shmyhal left.") == [("Shmyhal", True)]


def test_how_a_lone_word_stands() -> None:
    (said,) = extract("Rybkov said the talks were hard.", 5).mentions
    assert said.speaking and not said.mid_sentence
    (place,) = extract("The talks in Geneva ended.", 5).mentions
    assert place.place_like and place.mid_sentence
    (common,) = extract("Forced to retreat, the unit was forced back.", 5).mentions
    assert common.common_word


def test_title_case_headlines_are_skipped() -> None:
    text = "Blinken Meets Lavrov As Geneva Talks Stall\n\nSergei Lavrov spoke.\n\nNext Post\n\nQuick Links\n"
    assert surnames(text) == [("Lavrov", True)]
    assert surnames("Lavrov Warns West\nRyabkov said it.") == [("Ryabkov", False)]


def test_a_sequence_read_before_is_judged_where_it_stands() -> None:
    """How a sequence reads is kept per sequence text; offsets and the text around it are each use's own."""
    text = "The talks in Geneva ended. Geneva said no. Sergei Ryabkov left; Sergei Ryabkov spoke."
    place, said, *attested = extract(text, 5).mentions
    assert (place.offset, place.place_like, place.speaking) == (text.index("Geneva"), True, False)
    assert (said.offset, said.place_like, said.speaking, said.mid_sentence) == (
        text.index("Geneva said"),
        False,
        True,
        False,
    )
    ryabkov = text.index("Ryabkov"), text.rindex("Ryabkov")
    assert [(mention.offset, mention.attested) for mention in attested] == [(ryabkov[0], True), (ryabkov[1], True)]
    assert [name.offset for name in extract(text, 5).given_names] == [text.index("Sergei"), text.rindex("Sergei")]
    assert surnames("Ryabkov said it.") == [("Ryabkov", False)]
    assert extract("Ryabkov said it.", 8).mentions == []  # the word's length is judged per call


def test_an_article_elsewhere_reads_the_rest_alike() -> None:
    """A text with an Arabic article before a capital is scanned by another pattern; other names read the same."""
    plain = "Sergei Ryabkov spoke. Later Rybkov said the talks in Geneva were hard."
    with_article = plain + " Bashar al-Assad left."
    assert extract(with_article, 5).mentions[: len(extract(plain, 5).mentions)] == extract(plain, 5).mentions
    assert people(with_article)[-1] == ("Bashar", "al-Assad")


def test_each_line_is_judged_on_its_own() -> None:
    """Lines are judged once each, in text order: a headline between paragraphs hides only its own words."""
    text = "Ryabkov said it.\n\nLavrov Meets Blinken In Geneva\n\nLater Blinken said it.\nKuleba said it too.\n"
    assert surnames(text) == [("Ryabkov", False), ("Blinken", False), ("Kuleba", False)]


# ------------------------------------------------------------------ the kind


def test_corpus_phases_combine_in_any_grouping() -> None:
    kind = NameConsistency({})
    texts = [
        "Sergei Ryabkov spoke. Ryabkov said so.",
        "Wendy and Brad Sherman came. Rybkov said no.",
        "Antony Blinken and Anthony Blinken. Talks in Geneva.",
    ]
    a, b, c = (kind.gather(Document(path=f"{index}.txt", text=text)) for index, text in enumerate(texts))
    gathered = pickle.dumps((a, b, c))
    flat = kind.combine([a, b, c])
    assert kind.combine([kind.combine([a, b]), c]) == flat == kind.combine([a, kind.combine([b, c])])
    assert kind.combine([]) == kind.combine([kind.combine([])])
    assert pickle.loads(gathered) == (a, b, c), "combine must not change what gather returned"
    assert pickle.loads(pickle.dumps(flat)) == flat
    assert pickle.loads(pickle.dumps(kind.finish(flat))) == kind.finish(flat)


def test_options_schema_is_valid() -> None:
    schema = {"type": "object", "properties": dict(NameConsistency.options), "required": list(NameConsistency.required)}
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate({"names": [{"canonical": "Volodymyr Zelensky", "allow": ["Zelenskyy"]}]}, schema)


@pytest.mark.parametrize("canonical", ["!!!", "Kim"])
def test_unusable_canonical_names(canonical: str) -> None:
    with pytest.raises(OptionError) as raised:
        NameConsistency({"names": [{"canonical": canonical}]})
    assert raised.value.option == "names"


def test_docs_have_the_ruff_headings() -> None:
    doc = NameConsistency.__doc__ or ""
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "`min_length`",
        "`names`",
    ):
        assert heading in doc


def test_message_counts_this_document_apart() -> None:
    files = {
        "a.txt": "President Volodymyr Zelensky spoke. Zelensky left.",
        "b.txt": "President Volodymyr Zelensky arrived. Later, Zelenskiy said the talks went well.",
    }
    assert run(files) == [
        (
            "b.txt",
            1,
            46,
            "'Zelenskiy' looks like a variant of 'Zelensky'"
            " (used 1 time in this document and 2 times in 1 other document)",
        )
    ]


def test_a_document_with_no_reported_word_is_not_read_again() -> None:
    kind = NameConsistency({})
    documents = [
        Document(path="a.txt", text="Sergei Ryabkov spoke. Ryabkov said so."),
        Document(path="b.txt", text="Sergei Rybkov spoke."),
    ]
    state = kind.finish(kind.combine(kind.gather(document) for document in documents))
    assert state.words == {"rybkov"}
    assert list(kind.check(Document(path="c.txt", text="Nothing of him here."), state)) == []


# ------------------------------------------------------------------ properties

# (given name, surname, title); no two surnames are variants, except forms the predicate
# leaves alone (Ryabkov/Ryabkova, Zelensky/Zelenska)
PEOPLE = [
    ("Sergei", "Ryabkov", "Deputy Foreign Minister"),
    ("Maria", "Ryabkova", "spokeswoman"),
    ("Wendy", "Sherman", "Deputy Secretary of State"),
    ("Antony", "Blinken", "Secretary of State"),
    ("Jens", "Stoltenberg", "NATO Secretary General"),
    ("Volodymyr", "Zelensky", "President"),
    ("Olena", "Zelenska", "First Lady"),
    ("Annalena", "Baerbock", "Foreign Minister"),
    ("Denys", "Shmyhal", "Prime Minister"),
    ("Erling", "Haaland", "striker"),
    ("Emmanuel", "Macron", "President"),
    ("Olaf", "Scholz", "Chancellor"),
    ("Dmytro", "Kuleba", "Foreign Minister"),
]
# people with look-alike surnames, always written in full so their given names tell them apart
FULL_NAMES = ["Bruno Fernandes", "Enzo Fernández", "Boris Johnson", "Ian Johnston", "Wendy and Brad Sherman"]

FULL_TEMPLATES = [
    "{title} {given} {surname} said the talks had been difficult.",
    "{given} {surname} arrived in Geneva on Monday.",
    "Officials close to {given} {surname} declined to comment.",
]
BARE_TEMPLATES = [
    "{surname} told reporters that no deal was near.",
    "According to {surname}, the sides would meet again.",
    "{surname}'s office released a statement on Tuesday.",
    "The remarks by {surname} drew criticism in Moscow.",
]
FILLER = [
    "Russia said Russian troops would stay, and Ukraine said Ukrainian forces were ready.",
    "European leaders met in Brussels, where Europe's defence was discussed.",
    "NATO and the OSCE will meet in Vienna on Thursday.",
    "In March the talks resumed, and on Monday the delegations met again.",
    "Israel and the Israeli government stayed out, while Germany and the German chancellor urged calm.",
    "Comparisons with the Cold War were everywhere in the United States.",
    "{full} attended the reception.",
]
FURNITURE = ["RUSSIA WARNS NATO OVER EXPANSION", "Next Post", "Quick Links", "You May Like", "Leave a Reply"]


def person_sentence(person: tuple[str, str, str], full: bool, template: int) -> str:
    given_name, surname, title = person
    templates = FULL_TEMPLATES if full else BARE_TEMPLATES
    return templates[template % len(templates)].format(given=given_name, surname=surname, title=title)


sentences = st.one_of(
    st.builds(person_sentence, st.sampled_from(PEOPLE), st.booleans(), st.integers(0, 11)),
    st.builds(lambda filler, full: filler.format(full=full), st.sampled_from(FILLER), st.sampled_from(FULL_NAMES)),
)
paragraphs = st.one_of(
    st.lists(sentences, min_size=1, max_size=5).map(" ".join),
    st.sampled_from(FURNITURE),
)
documents = st.lists(paragraphs, min_size=1, max_size=6).map("\n\n".join)
corpora = st.lists(documents, min_size=1, max_size=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora)
def test_a_consistently_spelled_corpus_has_no_finding(texts: list[str]) -> None:
    assert run({f"doc{index}.txt": text for index, text in enumerate(texts)}) == []


@st.composite
def typos(draw: st.DrawFn) -> tuple[tuple[str, str, str], str]:
    """A person whose surname has 6+ letters, and that surname with one edit inside it."""
    person = draw(st.sampled_from([person for person in PEOPLE if len(person[1]) >= 6]))
    surname = person[1]
    position = draw(st.integers(1, len(surname) - 2))
    letter = draw(st.sampled_from("abcdefghijklmnoprstuvyz"))
    edit = draw(st.sampled_from(["substitute", "insert", "delete"]))
    if edit == "substitute":
        typo = surname[:position] + letter + surname[position + 1 :]
    elif edit == "insert":
        typo = surname[:position] + letter + surname[position:]
    else:
        typo = surname[:position] + surname[position + 1 :]
    known = {word.casefold() for person in PEOPLE for word in person[:2]}
    assume(typo.casefold() not in known and not is_given_name(typo))
    return person, typo


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora, typos(), st.booleans())
def test_a_one_edit_typo_of_an_attested_surname_is_found(
    texts: list[str], person_and_typo: tuple[tuple[str, str, str], str], with_given_name: bool
) -> None:
    (given_name, surname, title), typo = person_and_typo
    files = {f"doc{index}.txt": text for index, text in enumerate(texts)}
    files["attested.txt"] = f"{title} {given_name} {surname} said the talks were hard. {surname} left early."
    typo_sentence = f"{given_name} {typo} arrived late." if with_given_name else f"Later, {typo} said nothing."
    files["typo.txt"] = f"The meeting ended after lunch. {typo_sentence}"
    assert any(path == "typo.txt" and message.startswith(f"'{typo}'") for path, _, _, message in run(files))


def test_many_names_are_looked_up_in_the_words_of_the_text_with_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Forced out, Mr Forced said. Brown-Forced met O'neil and o'neil; forcedly Rock left. Rock's rock-solid. "
    searched = _names.extract_by_patterns(text * 3, 4)
    monkeypatch.setattr(_names, "_SEARCHES", 0)  # the words of the text from the first name on
    assert _names.extract_by_patterns(text * 3, 4) == searched
    common = {mention.spelling for mention in searched.mentions if mention.common_word}
    assert "O'neil" in common and "Forced" not in common  # "o'neil" is a word of the text; "forcedly" is not "forced"


def test_a_document_brings_at_most_its_most_used_names_to_the_tally() -> None:
    names = [f"Zq{chr(97 + a)}{chr(97 + b)}{chr(97 + c)}ov" for a in range(15) for b in range(15) for c in range(12)]
    text = "Talks. " + " ".join(f"Then {name} spoke." for name in names) + " Then Zqaaaov spoke."
    tally = NameConsistency({}).gather(Document("a.txt", text))
    assert len(tally.surnames) == MAX_NAMES_PER_DOCUMENT and "zqaaaov" in tally.surnames


@given(
    st.lists(st.sampled_from(["Ryabkov", "Sergei", "ryabkov", "Ryabkovs", " ", "  ", "\n", "-", "'", "x", "5", "é"])),
    st.sampled_from([("Ryabkov",), ("Sergei", "Ryabkov")]),
)
def test_the_first_use_of_a_name_is_where_the_pattern_finds_it(pieces: list[str], words: tuple[str, ...]) -> None:
    """`_first_use` searches for the words as this pattern would find them, without making it."""
    import re

    from corpusval.kinds.name_consistency import _first_use

    text = "".join(pieces)
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(rf"(?<![\w'\u2019-]){pattern}(?![^\W\d_])", text)
    for found_at in (0, len(text) // 2, len(text) + 1):
        expected = match.start() if match and match.start() < found_at else found_at
        assert _first_use(text, found_at, *words) == expected


def test_the_given_name_table_is_parsed_once_for_all_runs_of_a_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed: list[str] = []
    parse = _names.Detector._parse
    monkeypatch.setattr(_names.Detector, "_parse", lambda table, name: parsed.append(name) or parse(table, name))
    tables = []
    for _ in range(2):  # two runs: the first parses the list, the second reads the signed copy
        _names._gender_table.cache_clear()
        tables.append(_names._gender_table())
    _names._gender_table.cache_clear()
    assert len(parsed) == 1 and tables[1] is not tables[0]
    assert tables[1].names == tables[0].names and tables[1].get_gender("Paula") == "female"
    assert list((tmp_path / "corpusval" / "tables").rglob("*"))  # beside the signing key, not in a project
