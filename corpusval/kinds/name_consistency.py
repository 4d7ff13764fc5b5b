"""The name-consistency kind: one person's name spelled in variants within a document or a corpus."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from corpusval.document import Document, line_span
from corpusval.finding import plural
from corpusval.kinds._base import Kind, OptionError, Violation
from corpusval.kinds._names import (
    NAME_WORD,
    Counts,
    add_counts,
    all_close_pairs,
    are_variants,
    close_pairs,
    count,
    extract,
    first_word,
    genders_clash,
    is_given_name,
    least_forms,
    may_mention,
    same_given_name,
)

_CONTEXT = 60
MAX_NAMES_PER_DOCUMENT = 2_000
"""The most distinct names one document brings to the corpus tally: its most used (a novel has hundreds)."""
_Key = TypeVar("_Key", bound=Hashable)


class Usage(NamedTuple):
    """How a spelling is used across the documents gathered so far."""

    documents: int = 0
    mentions: int = 0
    attested: int = 0  # after a given name or title: certainly a surname
    mid_sentence: int = 0
    speaking: int = 0
    place_like: int = 0  # after "in"/"near", or leading a longer name ("Boston Globe")
    common_word: int = 0  # documents that also write it in lower case

    def rank(self) -> tuple[int, int]:
        """The majority order: documents first, then mentions."""
        return self.documents, self.mentions


@dataclass
class NameTally:
    """What a set of documents says about name spellings: counts per spelling, never the text.

    Keys are case-folded spellings; `forms` keeps one written form per key, the least in
    sort order, so that merging in any grouping gives the same result.
    """

    # spelling key -> its `Usage` fields, in a list that merging adds to in place
    surnames: dict[str, list[int]] = field(default_factory=dict)
    # surname key -> given-name key -> (documents, mentions)
    given: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    # (surname, given, given): two people named together, "Wendy and Brad Sherman"
    couples: set[tuple[str, str, str]] = field(default_factory=set)
    # made by `combine`, so a later `combine` may grow it in place instead of copying it
    merged: bool = field(default=False, compare=False)
    # one document's tally, cut to its most used names (see `MAX_NAMES_PER_DOCUMENT`)
    cut: bool = field(default=False, compare=False)

    def merge(self, other: NameTally) -> None:
        add_counts(self.surnames, other.surnames)
        for surname, names in other.given.items():
            table = self.given.setdefault(surname, {})
            for key, (documents, mentions) in names.items():
                had_documents, had_mentions = table.get(key, (0, 0))
                table[key] = (had_documents + documents, had_mentions + mentions)
        least_forms(self.forms, other.forms)
        self.couples |= other.couples


def _variant(written: Mapping[str, tuple[str, int, int]], key: str) -> dict[str, Any]:
    spelling, documents, mentions = written.get(key, (key, 0, 0))
    return {"spelling": spelling, "documents": documents, "mentions": mentions}


class Verdict(NamedTuple):
    """Why a spelling is reported: the spelling to use, or the rivals when none has a majority."""

    suggestion: str | None  # key of the spelling to use
    shown: str  # how to write it, or the rival spellings when there is no majority
    documents: int
    mentions: int
    named_by_rule: bool = False


@dataclass(frozen=True)
class Verdicts:
    """What `check` judges documents against: only the spellings to report."""

    surnames: Mapping[str, Verdict]
    given: Mapping[tuple[str, str], Verdict]  # (surname key, given key)
    # the first letters-only part of each reported spelling: a document without any of them
    # has nothing to report, and is not read again
    words: frozenset[str] = frozenset()
    # each reported spelling as written, with its own documents and mentions: for reports
    written: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Canonical:
    surname: str
    given: str | None


@dataclass(frozen=True)
class _Spellings:
    """The surname spellings `finish` judges: how each is used, written and ranked, its given
    names, and which are surnames for certain (attested) or only read like one (alone).
    """

    usage: Mapping[str, Usage]
    forms: Mapping[str, str]
    given: Mapping[str, set[str]]
    attested: set[str]
    alone: set[str]
    ranks: Mapping[str, tuple[int, ...]]

    def rank(self, key: str) -> tuple[int, ...]:
        """The rule's canonical spellings first, then the majority order."""
        return self.ranks[key]


def _evidence(verdict: Verdict, used_here: int) -> str:
    """Where the suggested spelling is used, counting this document apart."""
    if verdict.named_by_rule:
        return "the spelling this rule names"
    parts = []
    if used_here:
        parts.append(f"{plural(used_here, 'time')} in this document")
    others = verdict.documents - (1 if used_here else 0)
    if others:
        parts.append(f"{plural(verdict.mentions - used_here, 'time')} in {plural(others, 'other document')}")
    return "used " + " and ".join(parts)


def _message(written: str, verdict: Verdict, used_here: int) -> str:
    if verdict.suggestion is None:
        return (
            f"'{written}' and {verdict.shown} look like one name spelled differently, with no"
            f" majority (each in {plural(verdict.documents, 'document')},"
            f" {plural(verdict.mentions, 'time')}); name the canonical spelling in the rule's"
            " 'names' option"
        )
    return f"'{written}' looks like a variant of '{verdict.shown}' ({_evidence(verdict, used_here)})"


def _first_use(text: str, found_at: int, *words: str) -> int:
    """Where the words first stand in the text, headlines included (extraction skips those), if before
    `found_at`: each word whole, spaces between them.

    A search, not a pattern: a reported spelling is mostly written in one or two documents, so a
    compiled pattern would serve once (compiling it cost more than judging the document).
    """
    at = text.find(words[0])
    while 0 <= at < found_at:
        if (at == 0 or not _joins_word(text[at - 1])) and _words_at(text, at, words):
            return at
        at = text.find(words[0], at + 1)
    return found_at


def _joins_word(character: str) -> bool:
    """What a word does not start after: a word character, an apostrophe or a hyphen (`[\\w'\u2019-]`)."""
    return character.isalnum() or character in "_'\u2019-"


def _words_at(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Whether `words` stand at `at`, spaces between them, the last not going on with a letter."""
    for index, word in enumerate(words):
        if not text.startswith(word, at):
            return False
        at += len(word)
        if index < len(words) - 1:
            spaces = at
            while at < len(text) and text[at].isspace():
                at += 1
            if at == spaces:
                return False
    return at == len(text) or not (text[at].isalnum() and not text[at].isdecimal())


def _excerpt(text: str, offset: int, length: int) -> str:
    """The spelling with some of its line around it."""
    line_start, line_end = line_span(text, offset)
    start = max(line_start, offset - _CONTEXT)
    end = min(line_end, offset + length + _CONTEXT)
    return ("…" if start > line_start else "") + text[start:end] + ("…" if end < line_end else "")


def _explains(usual: set[str], variant: set[str]) -> bool:
    """Whether everyone written with the variant surname may be someone written with the usual one.

    Given names tell people apart: "Ian Johnston" is nobody the corpus calls Johnson,
    however many Johnsons it has, while "Sergei Rybkov" may well be Sergei Ryabkov.
    """
    if not usual:
        return True
    return all(name in usual or any(same_given_name(name, other) for other in usual) for name in variant)


def _judge(
    neighbours: Mapping[str, set[str]],
    rank: Callable[[str], tuple[int, ...]],
    can_suggest: Callable[[str], bool],
) -> dict[str, tuple[str | None, list[str]]]:
    """For each spelling with variants: the spelling to use instead, or its rivals in a tie.

    A spelling is reported when a variant that may be suggested outranks it, or when variants
    rank equal to it (no majority). The best-ranked spelling of a group is never reported.
    """
    judged: dict[str, tuple[str | None, list[str]]] = {}
    for key, others in neighbours.items():
        own = rank(key)
        better = [other for other in others if rank(other) > own and can_suggest(other)]
        if better:
            judged[key] = (max(better, key=lambda other: (rank(other), other)), [])
            continue
        rivals = sorted(other for other in others if rank(other) == own)
        if rivals and not any(rank(other) > own for other in others):
            judged[key] = (None, rivals)
    return judged


def blocking_recall(tally: NameTally, options: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """How many variant pairs `finish` finds in `tally`, and how many comparing all pairs finds.

    `finish` only measures spellings that share a string left by deleting letters (see
    `close_pairs`); the second count compares every attested spelling with every candidate
    spelling (rapidfuzz), under the same test of one name. The blocking is exact, so
    the two agree; the benchmark reports their ratio as the blocking's recall.
    """
    kind = NameConsistency(options or {})
    spellings = kind._spellings(tally)
    found = [
        kind._variant_pairs(spellings, pairs(spellings.attested, spellings.alone, kind.min_length))
        for pairs in (close_pairs, all_close_pairs)
    ]
    blocked, exhaustive = (sum(map(len, neighbours.values())) // 2 for neighbours in found)
    return blocked, exhaustive


class NameConsistency(Kind):
    """Checks that each person's name is spelled one way, within a document and across the corpus.

    ## What it does
    Finds words used as a person's surname (after a given name or a title such as "Minister",
    or alone where a surname would stand) and reports spellings that differ by one or two
    letters from a more used spelling of the same name: "Rybkov" and "Ryapkov" where the
    corpus mostly writes "Ryabkov". Given names are compared among people of one surname
    ("Anthony Blinken" where the corpus writes "Antony Blinken"). The majority spelling is the
    one used in the most documents, then the most times. Each finding is at the first use of
    the spelling in the document.

    It leaves alone other forms of a word (Russia/Russian, the Shermans, Haaland's), feminine
    surnames (Ryabkova, Zelenska), people with different given names (Boris Johnson and Ian
    Johnston, Bruno Fernandes and Enzo Fernández, "Wendy and Brad Sherman"), words in capitals
    (NATO, "RYABKOV SAYS"), title-case headlines, differences of case, months and weekdays,
    and short words (Wang/Wong).

    ## Why is this bad?
    A misspelled name makes a search, an index or an entity linker see two people, and it
    is the kind of defect a scraper or a hasty translation brings in.

    ## Example
    ```text
    a.txt: Deputy Foreign Minister Sergei Ryabkov said ... Ryabkov added ...
    b.txt: ... with Sergei Rybkov. Ryapkov said ...
    ```

    ## Use instead
    ```text
    b.txt: ... with Sergei Ryabkov. Ryabkov said ...
    ```

    ## Options
    - `names`: list of `{canonical: "Volodymyr Zelensky", allow: ["Zelenskyy"]}`. A canonical
      spelling wins over the majority, and a near variant of it is reported even if nothing
      else in the corpus uses it; spellings in `allow` are never reported.
    - `min_length` (default 5): shorter spellings are never compared; short names differ by
      one letter too often (Kim/Kin).
    - `ignore`: words never treated as names, neither reported nor suggested.
    """

    name = "name-consistency"
    corpus_wide = True
    options: ClassVar[Mapping[str, Any]] = {
        "names": {
            "type": "array",
            "description": "People whose spelling the rule fixes, with accepted variants.",
            "items": {
                "type": "object",
                "properties": {
                    "canonical": {"type": "string", "minLength": 1},
                    "allow": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["canonical"],
                "additionalProperties": False,
            },
        },
        "min_length": {
            "type": "integer",
            "minimum": 3,
            "default": 5,
            "description": "Spellings shorter than this are never compared.",
        },
        "ignore": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Words never treated as names.",
        },
    }

    def __init__(self, options: Mapping[str, Any]) -> None:
        super().__init__(options)
        self.min_length: int = self.settings.get("min_length", 5)
        self._ignored = {word.casefold() for word in self.settings.get("ignore", [])}
        self._allowed: set[str] = set()
        self._canonical: dict[str, _Canonical] = {}
        for entry in self.settings.get("names", []):
            words = NAME_WORD.findall(entry["canonical"])
            if not words:
                raise OptionError("names", f"canonical name {entry['canonical']!r} has no word in it")
            surname = words[-1]
            if len(surname) < self.min_length:
                raise OptionError(
                    "names",
                    f"canonical surname {surname!r} is shorter than min_length"
                    f" ({self.min_length}), so no variant of it would be found",
                )
            given = words[0] if len(words) > 1 else None
            self._canonical[surname.casefold()] = _Canonical(surname, given)
            for allowed in entry.get("allow", []):
                self._allowed.update(word.casefold() for word in NAME_WORD.findall(allowed))

    def prepare(self) -> None:
        """The given-name table: a tenth of a second to load, asked about from the first document on."""
        is_given_name("")

    def gather(self, document: Document) -> NameTally:
        return self._tally(*count(document.text, self.min_length))

    @staticmethod
    def _tally(counts: Counts, forms: dict[str, str], given_names: list[tuple[str, str, str | None]]) -> NameTally:
        """One document's tally from its `count`: each spelling counts one document however often it is used."""
        tally = NameTally(forms=forms)
        if len(counts) > MAX_NAMES_PER_DOCUMENT:  # a list of random capitalized words, not prose about people
            kept = sorted(counts, key=lambda key: (-counts[key][1], key))[:MAX_NAMES_PER_DOCUMENT]
            counts = {key: counts[key] for key in kept}
            tally.forms = forms = {key: forms[key] for key in kept if key in forms}
            tally.cut = True
        tally.surnames = counts
        given_uses: dict[tuple[str, str], int] = defaultdict(int)
        for spelling, surname, partner in given_names:
            surname, key = surname.casefold(), spelling.casefold()
            given_uses[surname, key] += 1
            forms[key] = min(forms.get(key, spelling), spelling)
            if partner is not None:
                first, second = sorted((key, partner.casefold()))
                tally.couples.add((surname, first, second))
        for (surname, key), mentions in given_uses.items():
            tally.given.setdefault(surname, {})[key] = (1, mentions)
        return tally

    def combine(self, parts: Iterable[NameTally]) -> NameTally:
        """Sum the parts. A first part that an earlier `combine` made is grown in place, so the
        engine's running total (`combine([total, *batch])`) costs the batch, not the total:
        pass each combined summary on once, as a reduction does.
        """
        total: NameTally | None = None
        for part in parts:
            if total is None and part.merged:
                total = part
                continue
            if total is None:
                total = NameTally(merged=True)
            total.merge(part)
        return total if total is not None else NameTally(merged=True)

    def finish(self, gathered: NameTally) -> Verdicts:
        spellings = self._spellings(gathered)
        surnames, given = self._judge_surnames(spellings), self._judge_given_names(gathered)
        reported = [*surnames, *(key for _, key in given)]
        written = {key: (gathered.forms.get(key, key), *spellings.usage[key].rank()) for key in surnames}
        for surname, key in given:
            documents, mentions = gathered.given.get(surname, {}).get(key, (0, 0))
            written[f"{key} {surname}"] = (
                f"{gathered.forms.get(key, key)} {gathered.forms.get(surname, surname)}",
                documents,
                mentions,
            )
        return Verdicts(surnames, given, frozenset(first_word(key) for key in reported), written)

    def overview(self, corpus: Verdicts) -> list[dict[str, Any]]:
        """The spelling clusters the corpus has, for reports: each majority spelling and its variants.

        Ties have no majority spelling to gather around; their findings name the rivals.
        """
        clusters: dict[tuple[str, ...], tuple[Verdict, list[str]]] = {}
        for key, verdict in corpus.surnames.items():
            if verdict.suggestion is not None:
                clusters.setdefault((verdict.suggestion,), (verdict, []))[1].append(key)
        for (surname, given), verdict in corpus.given.items():
            if verdict.suggestion is not None:
                clusters.setdefault((surname, verdict.suggestion), (verdict, []))[1].append(f"{given} {surname}")
        listed = [
            {
                "spelling": verdict.shown,
                "documents": verdict.documents,
                "mentions": verdict.mentions,
                "named_by_rule": verdict.named_by_rule,
                "variants": [_variant(corpus.written, variant) for variant in sorted(variants)],
            }
            for verdict, variants in clusters.values()
        ]
        return sorted(listed, key=lambda cluster: (-cluster["documents"], -cluster["mentions"], cluster["spelling"]))

    def _judge_surnames(self, spellings: _Spellings) -> dict[str, Verdict]:
        neighbours = self._variant_pairs(spellings, close_pairs(spellings.attested, spellings.alone, self.min_length))
        usage, forms = spellings.usage, spellings.forms
        verdicts = {}
        for key, (suggestion, rivals) in _judge(neighbours, spellings.rank, spellings.attested.__contains__).items():
            if key in self._allowed or key in self._canonical:
                continue
            if suggestion is None:
                shown = ", ".join(f"'{forms[rival]}'" for rival in rivals)
                verdicts[key] = Verdict(None, shown, *usage[key].rank())
            else:
                verdicts[key] = Verdict(
                    suggestion, forms[suggestion], *usage[suggestion].rank(), suggestion in self._canonical
                )
        return verdicts

    def _spellings(self, tally: NameTally) -> _Spellings:
        """The corpus's surname spellings with the rule's canonical names added."""
        usage = {key: Usage._make(row) for key, row in tally.surnames.items() if key not in self._ignored}
        forms = dict(tally.forms)
        given = {surname: set(names) for surname, names in tally.given.items()}
        for key, canonical in self._canonical.items():
            usage.setdefault(key, Usage())
            forms[key] = canonical.surname
            if canonical.given is not None:
                given.setdefault(key, set()).add(canonical.given.casefold())
        attested = {key for key, value in usage.items() if value.attested or key in self._canonical}
        alone = {key for key, value in usage.items() if key not in attested and self._name_like(key, value)}
        ranks = {key: (key in self._canonical, *value.rank()) for key, value in usage.items()}
        return _Spellings(usage, forms, given, attested, alone, ranks)

    @staticmethod
    def _name_like(key: str, usage: Usage) -> bool:
        """Whether a word never attested as a surname still reads as one where it stands alone.

        It must stand where a common word would not (mid-sentence, or before "said"), never
        as a place or the start of a longer name, never in lower case, and not be a given name.
        """
        return (
            (usage.mid_sentence > 0 or usage.speaking > 0)
            and usage.place_like == 0
            and usage.common_word == 0
            and not is_given_name(key)
        )

    def _variant_pairs(self, spellings: _Spellings, candidates: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
        """Which candidate pairs (close spellings, the first attested) are spellings of one name."""
        neighbours: dict[str, set[str]] = defaultdict(set)
        for key, other in candidates:
            if self._one_name(spellings, key, other):
                neighbours[key].add(other)
                neighbours[other].add(key)
        return neighbours

    def _one_name(self, spellings: _Spellings, key: str, other: str) -> bool:
        """Whether two close spellings are one name: variants of one word, and the given names
        written with the less used one may all be people written with the more used one.
        """
        if not are_variants(spellings.forms[key], spellings.forms[other], self.min_length):
            return False
        ours, theirs = spellings.given.get(key, set()), spellings.given.get(other, set())
        rank = spellings.rank
        return (rank(key) >= rank(other) and _explains(ours, theirs)) or (
            rank(other) >= rank(key) and _explains(theirs, ours)
        )

    def _judge_given_names(self, tally: NameTally) -> dict[tuple[str, str], Verdict]:
        """Given-name variants among people of one surname: Antony and Anthony Blinken."""
        forms = dict(tally.forms)
        tables = {surname: dict(names) for surname, names in tally.given.items()}
        for surname, canonical in self._canonical.items():
            if canonical.given is not None:
                tables.setdefault(surname, {}).setdefault(canonical.given.casefold(), (0, 0))
                forms[canonical.given.casefold()] = canonical.given
        verdicts: dict[tuple[str, str], Verdict] = {}
        for surname, names in tables.items():
            if len(names) > 1 and surname not in self._ignored:
                for key, verdict in self._judge_given_names_of(surname, names, forms, tally.couples).items():
                    verdicts[surname, key] = verdict
        return verdicts

    def _judge_given_names_of(
        self,
        surname: str,
        names: Mapping[str, tuple[int, int]],
        forms: Mapping[str, str],
        couples: set[tuple[str, str, str]],
    ) -> dict[str, Verdict]:
        """Given names of one surname, each compared with the surname's leading given names.

        A common surname has many people; only a given name that accounts for at least half
        of the surname's (document, given name) sightings, or that the rule names, is one
        person whom the others may misspell: not Stephen and Stephan Smith.
        """
        canonical = self._canonical.get(surname)
        canonical_given = canonical.given.casefold() if canonical and canonical.given else None
        documents = sum(used_in for used_in, _ in names.values())
        leading = [key for key, (used_in, _) in names.items() if 2 * used_in >= documents or key == canonical_given]
        neighbours: dict[str, set[str]] = defaultdict(set)
        for lead in leading:
            for other in names:
                first, second = sorted((lead, other))
                if (
                    other != lead
                    and (surname, first, second) not in couples
                    and are_variants(forms[lead], forms[other], self.min_length)
                    and not genders_clash(forms[lead], forms[other])
                ):
                    neighbours[lead].add(other)
                    neighbours[other].add(lead)

        def rank(key: str) -> tuple[int, ...]:
            return (key == canonical_given, *names[key])

        surname_form = forms.get(surname, surname)
        verdicts = {}
        for key, (suggestion, rivals) in _judge(neighbours, rank, lambda key: True).items():
            if key in self._allowed or key in self._ignored or key == canonical_given:
                continue
            if suggestion is None:
                shown = ", ".join(f"'{forms[rival]} {surname_form}'" for rival in rivals)
                verdicts[key] = Verdict(None, shown, *names[key])
            else:
                verdicts[key] = Verdict(
                    suggestion, f"{forms[suggestion]} {surname_form}", *names[suggestion], suggestion == canonical_given
                )
        return verdicts

    def keys(self, summary: NameTally) -> Iterable[str] | None:
        """The document's surnames and (surname, given name) pairs: what a verdict can be about.

        A tally cut to its most used names (`MAX_NAMES_PER_DOCUMENT`) does not hold them all.
        """
        if summary.cut:
            return None
        return [*summary.surnames, *(_pair(surname, key) for surname, names in summary.given.items() for key in names)]

    def reported(self, corpus: Verdicts) -> Iterable[str]:
        return [*corpus.surnames, *(_pair(surname, key) for surname, key in corpus.given)]

    def check(self, document: Document, corpus: Verdicts) -> Iterator[Violation]:
        if not may_mention(document.text, corpus.words):
            return
        found = extract(document.text, self.min_length)
        surnames = [
            _Use(mention.spelling.casefold(), mention.spelling, mention.offset, (mention.spelling,))
            for mention in found.mentions
        ]
        yield from _report(document, surnames, corpus.surnames, lambda key, suggestion: suggestion)
        given_names = [
            _Use(
                (given.surname.casefold(), given.spelling.casefold()),
                f"{given.spelling} {given.surname}",
                given.offset,
                (given.spelling, given.surname),
            )
            for given in found.given_names
        ]
        yield from _report(document, given_names, corpus.given, lambda key, suggestion: (key[0], suggestion))


def _pair(surname: str, given: str) -> str:
    """A key for a given name of a surname's, for `keys` and `reported`."""
    return f"{surname}\0{given}"


class _Use(NamedTuple, Generic[_Key]):
    """One use of a spelling in a document: its verdict key, how it reads, where, and its words."""

    key: _Key
    written: str
    offset: int
    words: tuple[str, ...]


def _report(
    document: Document,
    uses: list[_Use[_Key]],
    verdicts: Mapping[_Key, Verdict],
    key_of: Callable[[_Key, str], _Key],
) -> Iterator[Violation]:
    """A violation at the first use of each spelling with a verdict; `key_of` keys the suggestion."""
    counts = Counter(use.key for use in uses)
    reported: set[_Key] = set()
    for use in uses:
        verdict = verdicts.get(use.key)
        if verdict is None or use.key in reported:
            continue
        reported.add(use.key)
        used_here = counts[key_of(use.key, verdict.suggestion)] if verdict.suggestion else 0
        offset = _first_use(document.text, use.offset, *use.words)
        message = _message(use.written, verdict, used_here)
        yield Violation.at(document, offset, message, _excerpt(document.text, offset, len(use.words[0])))
