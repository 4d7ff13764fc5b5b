"""The compiled name scanner reads every text as the regular expressions of `_names` do.

`_names.extract_by_patterns` is the reference; `_name_scan.Scanner` must give the same
mentions, given names and name parts (and the same sums of them) on any text: generated
from name-like pieces, arbitrary Unicode, and the documents this project ships.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpusval.kinds import _names
from corpusval.kinds._base import word_set
from tests.conftest import generated_news, project_texts

NAMES = word_set(
    """
    Ryabkov Rybkov Sergei Wendy Brad Sherman Shermans Forced Geneva Dumitrescu Minister President Foreign King
    Charles Mr. Dr. Sens. Mrsx. J. U.S. U.S.-based NATO RYABKOV al-Assad Al-Assad el-Sisi ash-Shar von der Leyen
    bint della O'Neil Haaland's Zelensky\u2019s Brown-Forced Ørsted Łukasz Æsir Zqaaaov Ab
    """
)
AROUND = word_set("said says who added in near into throughout The But Also Then and & told forced ryabkov o'neil")
PIECES = [
    # names, given names, titles, particles, articles, possessives, initials, acronyms, and the words around them
    *sorted(NAMES | AROUND),
    "\u0130stanbul",  # lower-cases to two characters
    "\u2102",  # a capital whose lower case is itself
    "\U0001d400bc",  # a capital outside the BMP, which the patterns do not count as one
    "\u01c5emal",  # a title-case letter
    "\u24b6",  # upper case, not a letter
    "\u216b",  # a Roman numeral: upper case, numeric
    "A" + "b" * 42,  # longer than any name
    # what stands between words
    *[" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "\u00a0", " \n ", ", ", ". ", "! ", "? ", ": ", ";"],
    *["'", "\u2019", "-", '"', "\u201d", "(", ")", "5", "_", "\u00e9", "x", "https://example.com/Ryabkov-said"],
]
CAPITALIZED = ["Ryabkov", "Sergei", "Wendy", "Sherman", "Minister", "Foreign", "King", "The", "In", "Geneva", "Ørsted"]
LOWER = ["said", "who", "in", "near", "and", "the", "talks", "forced", "ryabkov", "geneva", "von", "de", "al"]
JOINED = ["Sens.", "Mr.", "Capt.", "Prof.", "J.", "U.S.", "al-Assad", "O'Neil", "Haaland's", "NATO", "&"]
BETWEEN = [" ", " ", " ", " ", ", ", ". ", "\n", "  ", "\r\n", "\u00a0", " \n "]


@st.composite
def news_like(draw: st.DrawFn) -> str:
    """Paragraphs of words that make names, titles and headlines, with the spaces and breaks between them."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(CAPITALIZED + LOWER + JOINED), min_size=1, max_size=14))
        gaps = draw(st.lists(st.sampled_from(BETWEEN), min_size=len(words), max_size=len(words)))
        paragraphs.append("".join(word + gap for word, gap in zip(words, gaps, strict=True)).rstrip(" "))
    return draw(st.sampled_from(["\n\n", "\n"])).join(paragraphs)


texts = st.one_of(
    news_like(),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join),
)


def both_read(text: str, min_length: int) -> None:
    reference = _names.extract_by_patterns(text, min_length)
    assert _names.extract(text, min_length) == reference
    assert _names.count(text, min_length) == _names._count(reference)


def test_the_compiled_scanner_is_built() -> None:
    """Without it names are read several times slower; `pip install -e .` builds it (it needs a C compiler)."""
    assert _names.COMPILED, "corpusval.kinds._name_scan is not built: install with a C compiler (pip install -e .)"


@settings(max_examples=1000, derandomize=True)
@given(texts, st.sampled_from([3, 4, 5]))
@example("Wendy and Brad Sherman met. Sherman said so.", 5)
@example("Bashar al-Assad and el-Sisi met in Geneva.\nAl-Assad said.", 3)
@example("Grain Corridor Talks Resume In Istanbul\n\nRyabkov said. Talks In Geneva\nRyabkov Rybkov", 5)
@example("Officials said. officials\r\nOfficials, who\u00a0said", 5)
@example("x" * 30 + "   " * 9 + " in    Geneva said", 3)  # a preposition read back at the edge of its reach
def test_the_scanner_reads_as_the_patterns_do(text: str, min_length: int) -> None:
    both_read(text, min_length)


@pytest.mark.parametrize("before", ["in", "word", ",", "5", ".", "\u00e9t\u00e9", "in\n", "in\r\n"])
def test_what_stands_before_a_name_at_every_distance(before: str) -> None:
    """A word before a name is read back over spaces (and one line break) within a fixed reach."""
    for spaces in range(30):
        both_read(f"{before}{' ' * spaces}Geneva talks", 3)
        both_read(f"xx {before}{' ' * spaces}Geneva talks", 3)


@pytest.mark.parametrize("title", ["Mr.", "Mrs.", "Sens.", "Capt.", "Cllr.", "Prof.", "Mrsx.", "Dr", "J.", "U.S."])
def test_abbreviated_titles_and_initials(title: str) -> None:
    both_read(f"Then {title} Ryabkov said. {title}Ryabkov and {title}\nSergei Ryabkov.", 5)


@pytest.mark.parametrize("words", range(2, 9))
def test_headlines_of_every_mix_of_capitalized_and_lower_case_words(words: int) -> None:
    for capitalized in range(words + 1):
        line = " ".join(["Ryabkov"] * capitalized + ["talks"] * (words - capitalized))
        both_read(f"{line}\n\nRyabkov said.\n\n{line}\nRyabkov Rybkov said.", 5)


def test_many_distinct_names_in_one_text() -> None:
    """Past `_names._SEARCHES` words the patterns split the text into words: the answers stay the same."""
    names = [f"Zq{chr(97 + a)}{chr(97 + b)}ov" for a in range(12) for b in range(12)]
    text = " ".join(f"Then {name} spoke; {name.lower()} was heard." for name in names[::2])
    both_read(text + " " + " ".join(f"Then {name} spoke." for name in names[1::2]), 5)


def test_the_documents_of_this_project() -> None:
    """The sample corpus, every kind's test cases and their rule files, read both ways."""
    texts = project_texts()
    assert len(texts) > 30
    for text in texts:
        both_read(text, 5)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return generated_news(tmp_path_factory.mktemp("names") / "corpus", 300, seed=5)


def test_generated_news(news: list[str]) -> None:
    for text in news:
        both_read(text, 5)
        both_read(text, 3)


def test_one_scanner_serves_threads(news: list[str]) -> None:
    """The Dask engine runs shards in threads: a scanner keeps no state of one text while reading another."""
    from concurrent.futures import ThreadPoolExecutor

    expected = [_names.count(text, 5) for text in news]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda text: _names.count(text, 5), news * 3)) == expected * 3


def test_a_long_text_grows_the_word_table() -> None:
    words = " ".join(f"w{index:06d}abc" for index in range(20_000))
    both_read(f"Officials said. {words} Wzzzzz000001abc said. w000001abc", 5)


def test_texts_that_end_inside_a_pattern() -> None:
    for text in ["Mr", "Mr.", "J", "U.S", "al-", "al-A", "Ryabkov ", "Ryabkov\r", "Ryabkov,", "A von", "A von ", "—"]:
        for min_length in (1, 3, 5):
            both_read(text, min_length)


KEYS = st.sampled_from(["ryabkov", "rybkov", "geneva"])
counts = st.dictionaries(KEYS, st.lists(st.integers(0, 9), min_size=7, max_size=7))
forms = st.dictionaries(KEYS, st.sampled_from(["Ryabkov", "RYABKOV", "ryabkov"]))


@given(st.lists(counts, max_size=4), st.lists(forms, max_size=4))
def test_tallies_sum_alike_compiled_or_not(parts: list[dict[str, list[int]]], written: list[dict[str, str]]) -> None:
    """Each part's rows are added to a total in place, and the least form of each key is kept, the parts untouched."""
    from corpusval.kinds import _name_scan

    expected = {key: [0] * 7 for part in parts for key in part}
    for part in parts:
        for key, row in part.items():
            expected[key] = [had + value for had, value in zip(expected[key], row, strict=True)]
    least_expected = {key: min(form[key] for form in written if key in form) for form in written for key in form}
    for add, least in ((_names._add_counts, _names._least_forms), (_name_scan.add_counts, _name_scan.least_forms)):
        total: dict[str, list[int]] = {}
        least_written: dict[str, str] = {}
        for part in parts:
            add(total, part)
        for form in written:
            least(least_written, form)
        assert total == expected and least_written == least_expected
        assert all(row is not part[key] for part in parts for key, row in total.items() if key in part)


@given(st.lists(st.text(alphabet="abcdeéłx", min_size=1, max_size=12), max_size=40), st.sampled_from([3, 8, 20]))
def test_deletion_buckets_alike_compiled_or_not(words: list[str], long_word: int) -> None:
    """Which words share a string left after deleting letters: by hashes in C, by the strings in Python."""
    from corpusval.kinds import _name_scan

    expected = {frozenset(bucket) for bucket in _names._deletion_buckets(words, long_word)}
    buckets = _name_scan.deletion_buckets(words, long_word)
    assert {frozenset(bucket) for bucket in buckets} == expected
    assert all(list(bucket) == sorted(set(bucket)) for bucket in buckets)  # ascending, each word once
