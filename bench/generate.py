"""Seeded generator of synthetic news corpora with planted defects and a ground-truth manifest."""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Each defect kind: its default rate (share of documents) and the default rule meant to catch it.
DEFECTS: dict[str, tuple[float, str]] = {
    "missing-title": (0.01, "required-title"),
    "duplicated-footer": (0.02, "duplicated-footer"),
    "name-variant": (0.03, "name-spelling"),
    "late-date": (0.01, "publish-date"),
    "stray-link": (0.02, "stray-link"),
}
FORMATS = ("txt", "md", "jsonl")
_FORMAT_WEIGHTS = {"txt": 0.2, "md": 0.3, "jsonl": 0.5}
RECORDS_PER_FILE = 100
# Bumped whenever the same seed would give other bytes: cached corpora of another version are made anew.
VERSION = 2
# Distinct people grow like N^0.7: a news archive ten times larger names five times as many people.
PEOPLE_SCALE, PEOPLE_EXPONENT = 2.5, 0.7
_ZIPF_S, _ZIPF_Q = 1.0, 2.7  # Zipf-Mandelbrot: a few people in many stories, a long tail in one or two
_FIRST_DAY, _DAYS = date(2016, 1, 1), 9 * 365
_MIN_APPEARANCES = 3  # a person misspelled must appear in this many documents, so the right spelling wins
# Pool surnames are this many edits apart from those with the same first letter and from every
# capitalized word of the templates, so that only planted variants look like variants to a rule that
# compares spellings of one first letter; across first letters they may be close (Hansen/Jansen).
_MIN_DISTANCE = 3

# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------


def _words(text: str, separator: str | None = None) -> list[str]:
    """A word list written as one string, as word lists read best."""
    return [word.strip() for word in text.split(separator)]


# origin -> (given names, surname endings, feminine form of an ending or None, share of the pool)
_ORIGINS: dict[str, tuple[str, str, dict[str, str], float]] = {
    "slavic": (
        "Sergei Andrei Dmitri Pavel Oleg Ivan Igor Yuri Alexei Bogdan Taras | "
        "Natalia Olga Irina Tatiana Svetlana Marina Oksana Natalya",
        "ov ev in enko sky chuk ets",
        {"ov": "ova", "ev": "eva", "in": "ina", "sky": "skaya"},
        0.24,
    ),
    "romanian": ("Mihai Radu Andrei Ion | Ioana Andreea Elena", "escu eanu aru", {}, 0.08),
    "caucasus": ("Armen Aram Tigran Farid Rashad Vusal | Anahit Lilit Leyla Aysel", "yan ian li zade", {}, 0.08),
    "nordic": (
        "Magnus Lars Erik Henrik Kristian Nils | Ingrid Astrid Sigrid Karin",
        "sen stad berg lund dahl vik",
        {},
        0.1,
    ),
    "iberian": (
        "Carlos Javier Miguel Luis Pablo Pedro Hugo | Carmen Lucia Isabel Ines Beatriz Mariana",
        "ez ero ado ino eira",
        {},
        0.1,
    ),
    "italian": (
        "Marco Luca Paolo Giorgio Matteo Antonio | Giulia Francesca Chiara",
        "ini etti elli ucci one",
        {},
        0.08,
    ),
    "greek": ("Nikos Yannis Dimitris Kostas | Eleni Maria", "idis opoulos akis", {}, 0.06),
    "turkish": ("Mehmet Ahmet Emre Murat | Elif", "oglu soy", {}, 0.05),
    "german": (
        "Stefan Klaus Jurgen Wolfgang Peter Martin | Sabine Monika Katrin Petra Eva",
        "mann hardt berger ler",
        {},
        0.08,
    ),
    "english": (
        "James John David Michael Thomas Daniel | Sarah Emma Laura Rachel Grace",
        "ton ley ford well worth",
        {},
        0.08,
    ),
    # Given names that no given-name table is sure to know: their people are attested by titles only.
    "west-african": ("Kwame Chidi Yaw | Ngozi Akosua Amina", "ah oye ola ike", {}, 0.05),
}
_ONSETS = _words("B Br D Dr G Gr K Kr M N P Pr R S St Sh T Tr V Z Zh L H F Ch Kh Y Ab Al Ar Ov Iv El Os Ur Ag Ok Is Ul")
_VOWELS = _words("a a e i o u ya io ai")
_MIDDLES = _words("b d k l m n r s t v sh ch z g p sk st nd rk lt rn")

_CITIES = _words(
    "Vienna Geneva Brussels Bucharest Chisinau Warsaw Prague Budapest Oslo Helsinki Tallinn Riga Vilnius Kyiv "
    "Tbilisi Yerevan Baku Ankara Athens Belgrade Zagreb Ljubljana Lisbon Madrid Rome Milan Berlin Hamburg Munich "
    "Lyon Marseille Amsterdam Rotterdam Copenhagen Stockholm Dublin Edinburgh Manchester Toronto Montreal Chicago "
    "Boston Seattle Nairobi Lagos Accra Cairo Tunis Doha Dubai Mumbai Jakarta Manila Seoul Tokyo Osaka Melbourne "
    "Auckland Santiago Lima Bogota"
)
_COUNTRIES = _words(
    "Romania:Romanian Moldova:Moldovan Armenia:Armenian Azerbaijan:Azerbaijani Norway:Norwegian Finland:Finnish "
    "Estonia:Estonian Poland:Polish Hungary:Hungarian Austria:Austrian Portugal:Portuguese Spain:Spanish "
    "Italy:Italian Germany:German Greece:Greek Turkey:Turkish Kenya:Kenyan Nigeria:Nigerian Ghana:Ghanaian "
    "Egypt:Egyptian Japan:Japanese Chile:Chilean Peru:Peruvian Colombia:Colombian Canada:Canadian Sweden:Swedish "
    "Denmark:Danish Ireland:Irish Croatia:Croatian Serbia:Serbian Slovenia:Slovenian Latvia:Latvian"
)
_ORG_NAMES = _words(
    "Northwind Harbor Bluestone Kestrel Meridian Summit Falcon Granite Silverline Cobalt Polaris Atlas Evergreen "
    "Redwood Ironbridge Lakeside Orion Vantage Keystone Horizon Sterling Westport Highland Crescent"
)
_ORG_KINDS = _words("Energy Capital Logistics Telecom Pharma Motors Airlines Bank Foods Mining Shipping Software")
_INSTITUTIONS = _words(
    "the European Commission|the central bank|the finance ministry|the OSCE|the IMF|the World Bank|"
    "the national grid operator|the competition authority|the UN refugee agency|the statistics office",
    "|",
)
_MONTHS = _words("January February March April May June July August September October November December")
_WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")


@dataclass(frozen=True)
class _Topic:
    roles: tuple[str, ...]
    issues: tuple[str, ...]
    events: tuple[str, ...]  # past-tense verb phrases: "signed a deal to ..."
    plans: tuple[str, ...]  # bare verb phrases for the future: "present the plan to parliament"
    headlines: tuple[str, ...]  # with {S} (surname), {C} (country), {O} (organization), {I} (issue, title case)


def _topic(roles: str, issues: str, events: str, plans: str, headlines: str) -> _Topic:
    return _Topic(
        *(tuple(part.strip() for part in text.split("|")) for text in (roles, issues, events, plans, headlines))
    )


_TOPICS: dict[str, _Topic] = {
    "energy": _topic(
        "energy minister|grid operator chief|utility chief executive|energy analyst|deputy prime minister",
        "the power interconnector|winter gas stocks|the new storage site|electricity prices|the offshore wind tender|"
        "the pipeline extension",
        "signed an agreement to double the capacity of the power interconnector|announced plans for a new gas "
        "storage site|approved a subsidy scheme for rooftop solar panels|cut the regulated price of household gas|"
        "awarded the first licences for offshore wind farms",
        "present the final design to parliament|open the tender for the second line|publish the winter supply "
        "plan|review the price cap",
        "{S} Says {C} Will Double Interconnector Capacity|{O} Wins Offshore Wind Licence in {C}|{C} Gas Stocks "
        "Reach Record Ahead of Winter|{S} Defends {I} Plan as Costs Rise|{C} Cuts Household Gas Price Again",
    ),
    "diplomacy": _topic(
        "foreign minister|deputy foreign minister|ambassador|mediator|presidential envoy",
        "the border talks|the peace treaty|the prisoner exchange|the visa agreement|the demarcation commission|"
        "the trade protocol",
        "wrapped up two days of border talks|agreed to send experts back to the negotiating table|signed a visa "
        "agreement after months of talks|exchanged the first lists of prisoners|set up a joint working group of "
        "cartographers",
        "resume the talks|sign the protocol|hand over the first maps|meet the mediator again",
        "{S} Says Talks With {C} Were Serious and Detailed|{C} and Neighbours Agree to Resume {I}|Envoy {S} "
        "Returns to {C} for New Round of Talks|{C} Signs Visa Deal After Long Talks",
    ),
    "economy": _topic(
        "finance minister|central bank governor|chief economist|union leader|trade minister",
        "the budget deficit|inflation|the minimum wage|the new tax on banks|public sector pay|the bond issue",
        "raised interest rates by a quarter of a point|published a draft budget for next year|agreed a rise in "
        "the minimum wage|sold its first green bond|reported faster growth than expected",
        "publish the revised forecast|present the budget to parliament|meet the unions again|review the rate",
        "{C} Raises Rates as Inflation Stays High|{S} Promises Lower Deficit in Draft Budget|{O} Sells Record "
        "Bond in {C}|Unions in {C} Win Higher Minimum Wage|{S} Warns on {I}",
    ),
    "sport": _topic(
        "coach|striker|club president|team captain|federation chief",
        "the title race|the new contract|the transfer window|the championship final|the stadium project",
        "scored twice in the second half|signed a new three-year contract|won the national championship|took the "
        "final despite an ankle injury|finished eight points clear of the field",
        "start the league season at home|travel to the final|name the squad for the qualifiers|open the new stadium",
        "{S} Scores Twice as {C} Side Keeps Title Hopes Alive|{S} Signs New Contract|{O} Sponsors {C} Cup "
        "Final|{S} Takes Title Despite Injury|{C} Names Squad for Qualifiers",
    ),
    "tech": _topic(
        "chief executive|security researcher|data protection commissioner|chief technology officer|founder",
        "the data breach|the new privacy rules|the chip plant|the cloud contract|the payment platform outage",
        "disclosed that attackers had copied customer data|opened a new research centre|won a large cloud "
        "contract|fined the company for weak access controls|launched a new payment platform",
        "publish the findings of the audit|open the chip plant|move support staff onto the new platform|respond "
        "to the regulator",
        "{O} Discloses Data Breach Affecting Millions|{S} Says {O} Will Review Every Contractor Account|{C} "
        "Regulator Fines {O}|{O} Opens Chip Plant in {C}|{S} Warns on {I}",
    ),
    "floods": _topic(
        "mayor|regional governor|civil protection chief|hydrologist|relief coordinator",
        "the reconstruction fund|the flood defences|the evacuation plan|the relief effort|the river barriers",
        "evacuated thousands of residents from low-lying districts|opened a reconstruction fund for damaged homes|"
        "reinforced the river barriers overnight|declared a state of emergency in three provinces",
        "pay the first compensation claims|inspect the damaged bridges|present the reconstruction plan|reopen "
        "the schools",
        "Floods Force Thousands From Homes in {C}|{S} Promises Quick Aid for Flood Victims|{C} Opens Fund to "
        "Rebuild After Floods|{O} Pledges Support for {C} Flood Relief",
    ),
}

_QUOTES = (
    "Nobody should expect {issue} to be settled in a single meeting",
    "We have done our part, and now we expect the same from our partners",
    "This is not the end of the discussion, it is the beginning of the real work",
    "People want to see results, not more promises",
    "We will not be rushed into a decision that we would regret in a year",
    "The numbers speak for themselves, and they are better than anyone expected",
    "It was difficult, but it was not empty",
    "Every household should feel the difference by the end of next year",
    "We are ready to talk about {issue} if it comes with a fixed timetable",
    "I have never seen a team so determined to finish the job",
    "There is still a lot of work to do before anyone can celebrate",
    "Our first responsibility is to the people who trusted us",
)
_REASONS = (
    "a step officials say will end years of delays",
    "a move that critics say comes too late",
    "after months of pressure from business groups",
    "despite warnings that the timetable is ambitious",
    "a decision welcomed by opposition parties",
    "in a bid to calm growing public anger",
)
_ASSESSMENTS = (
    "was realistic but would need more money",
    "left too many questions unanswered",
    "was the most important decision in a decade",
    "could work if both sides kept their promises",
    "was a good start but far from enough",
)
_BACKGROUND = (
    "The issue has divided the governing coalition since {year}, and opinion polls suggest voters remain split.",
    "Similar plans were announced in {year} but stalled after a change of government and a dispute over costs.",
    "The region has seen repeated disputes over the same question, and earlier agreements were never fully "
    "carried out.",
    "Officials have not said how the plan would be financed beyond the first year, a point auditors raised in {year}.",
    "Independent experts have long argued that the country needs a plan measured in years, not months.",
)
_FOOTERS = (
    "© {year} {org} News. All rights reserved. This material may not be published, broadcast, rewritten or "
    "redistributed.",
    "Sign up for the {org} News morning briefing to get the top stories of the day in your inbox.",
)


@dataclass(frozen=True)
class Person:
    """One person of the corpus: how they are introduced and what they do."""

    given: str
    surname: str
    origin: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"


@dataclass
class _Plan:
    """What one document will hold, decided before any text is written."""

    index: int
    fmt: str
    topic: str
    published: date
    people: list[int]
    paragraphs: list[int]  # indexes into _PARAGRAPHS, after the lead
    defects: list[str] = field(default_factory=list)
    variant: tuple[int, str, str, bool] | None = None  # person, variant spelling, edit, every mention?


@dataclass
class Corpus:
    """What `generate` wrote: the manifest it saved, and the path of that manifest."""

    manifest: dict[str, Any]
    manifest_path: Path


def pool_size(documents: int) -> int:
    """How many distinct people a corpus of `documents` names (the pool the Zipf draw samples)."""
    size: float = PEOPLE_SCALE * documents**PEOPLE_EXPONENT
    return max(40, round(size))


def make_people(count: int, seed: int) -> list[Person]:
    """The people pool, most frequent first; a smaller pool of the same seed is a prefix of a larger one."""
    rng = random.Random(f"people-{seed}")
    origins = list(_ORIGINS)
    weights = list(itertools.accumulate(_ORIGINS[origin][3] for origin in origins))
    reserved = _reserved_words()
    by_letter: dict[str, list[str]] = {}
    for word in reserved:
        by_letter.setdefault(word[0], []).append(word)
    taken = set(reserved)
    people: list[Person] = []
    while len(people) < count:
        origin = rng.choices(origins, cum_weights=weights)[0]
        given_names, endings, feminine, _ = _ORIGINS[origin]
        male, female = (part.split() for part in given_names.split("|"))
        is_female = rng.random() < 0.4
        given = rng.choice(female if is_female else male)
        ending = rng.choice(endings.split())
        if is_female:
            ending = feminine.get(ending, ending)
        stem = rng.choice(_ONSETS) + rng.choice(_VOWELS)
        if rng.random() < 0.6:
            stem += rng.choice(_MIDDLES) + rng.choice(_VOWELS)
        surname = (stem + rng.choice(_MIDDLES) + ending if ending[0] in "aeiouy" else stem + ending).capitalize()
        key = surname.lower()
        if not 6 <= len(key) <= 13 or key in taken or not _far_from(key, by_letter.get(key[0], [])):
            continue
        taken.add(key)
        by_letter.setdefault(key[0], []).append(key)
        people.append(Person(given, surname, origin))
    return people


def _far_from(word: str, others: list[str]) -> bool:
    return process.extractOne(word, others, scorer=Levenshtein.distance, score_cutoff=_MIN_DISTANCE - 1) is None


def _reserved_words() -> list[str]:
    """Every capitalized word the templates can write, lower-cased: no surname may look like one."""
    texts: list[str] = [
        *_CITIES,
        *_ORG_NAMES,
        *_ORG_KINDS,
        *_MONTHS,
        *_WEEKDAYS,
        *_INSTITUTIONS,
        *_QUOTES,
        *_BACKGROUND,
        *_FOOTERS,
        *_PARAGRAPHS_TEXT,
    ]
    texts += [part for pair in _COUNTRIES for part in pair.split(":")]
    texts += [" ".join(origin[0].split("|")) for origin in _ORIGINS.values()]
    for topic in _TOPICS.values():
        texts += [*topic.roles, *topic.issues, *topic.events, *topic.plans, *topic.headlines]
    words = {word.lower() for text in texts for word in text.replace("{", " ").replace("}", " ").split()}
    return sorted(word.strip(".,:;\"'©") for word in words if len(word.strip(".,:;\"'©")) >= 4)


# ---------------------------------------------------------------------------------------------
# Planting misspellings
# ---------------------------------------------------------------------------------------------

_SIMILAR = {
    "a": "oe",
    "e": "ai",
    "i": "ey",
    "o": "au",
    "u": "o",
    "y": "i",
    "k": "c",
    "c": "k",
    "v": "w",
    "w": "v",
    "s": "z",
    "z": "s",
    "b": "p",
    "p": "b",
    "d": "t",
    "t": "d",
    "g": "k",
    "l": "r",
    "r": "l",
    "n": "m",
    "m": "n",
}
# A realistic mix: substitutions and dropped letters are the most common scraping and transliteration slips.
_EDITS = ("substitution", "dropped letter", "doubled letter", "transposition")
_EDIT_WEIGHTS = (0.35, 0.3, 0.15, 0.2)


def misspell(surname: str, rng: random.Random) -> tuple[str, str]:
    """A variant spelling of `surname` and the edit that made it (Ryabkov: Rybkov, Ryapkov, Ryabkvo).

    Edits keep the first and last letter: a different initial is rare in real variants, and an
    edit at the end would often make another word form (Ryabkova is someone else).
    """
    while True:
        edit = rng.choices(_EDITS, _EDIT_WEIGHTS)[0]
        at = rng.randrange(1, len(surname) - 1)
        letter = surname[at]
        if edit == "substitution":
            replaced = rng.choice(_SIMILAR.get(letter, "aeiou"))
            variant = surname[:at] + replaced + surname[at + 1 :]
        elif edit == "dropped letter":
            variant = surname[:at] + surname[at + 1 :]
        elif edit == "doubled letter":
            variant = surname[:at] + letter + surname[at:]
        else:
            if at + 1 >= len(surname) - 1:
                continue
            variant = surname[:at] + surname[at + 1] + letter + surname[at + 2 :]
        if variant != surname:
            return variant, edit


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Writes one document's text from its plan: paragraphs, then the planted defects."""

    def __init__(self, plan: _Plan, people: Sequence[Person], rng: random.Random, seed_titles: Sequence[str]):
        self.plan, self.rng = plan, rng
        self.topic = _TOPICS[plan.topic]
        self.people = [people[index] for index in plan.people]
        self.seen: set[int] = set()
        self.other_titles = seed_titles
        country, self.adjective = rng.choice(_COUNTRIES).split(":")
        self.country = country
        second, _ = rng.choice(_COUNTRIES).split(":")
        self.second_country = second if second != country else "its neighbours"
        self.city, self.second_city = rng.sample(_CITIES, 2)
        self.org = f"{rng.choice(_ORG_NAMES)} {rng.choice(_ORG_KINDS)}"
        self.institution = rng.choice(_INSTITUTIONS)
        self.slipped = False

    def surname(self, slot: int) -> str:
        """How a person is written here: the full name first, the surname after, maybe misspelled."""
        person = self.people[slot]
        variant = self.plan.variant
        spelling = person.surname
        # one slip (the first mention after the full name), or a spelling kept throughout
        if variant is not None and variant[0] == slot and (variant[3] or (slot in self.seen and not self.slipped)):
            spelling = variant[1]
            self.slipped = True
        if slot in self.seen:
            return spelling
        self.seen.add(slot)
        return f"{person.given} {spelling}"

    def title(self) -> str:
        template = self.rng.choice(self.topic.headlines)
        issue = self.rng.choice(self.topic.issues).removeprefix("the ").title()
        return template.format(S=self.people[0].surname, C=self.country, O=self.org, I=issue)

    def paragraphs(self) -> list[str]:
        return [_lead(self), *(_PARAGRAPHS[index][0](self) for index in self.plan.paragraphs)]

    def day(self, offset: int) -> str:
        """A date near the publish date, written without a year as news does ("March 14")."""
        day = self.plan.published + timedelta(days=offset)
        return f"{_MONTHS[day.month - 1]} {day.day}"

    def weekday_date(self, offset: int) -> str:
        day = self.plan.published + timedelta(days=offset)
        return f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1]} {day.day}"

    def fill(self, text: str) -> str:
        return text.format(
            issue=self.rng.choice(self.topic.issues),
            year=self.plan.published.year - self.rng.randint(2, 9),
            org=self.org,
        )


def _lead(w: _Writer) -> str:
    rng = w.rng
    role = rng.choice(w.topic.roles)
    weekday = rng.choice(_WEEKDAYS)
    return (
        f"{w.adjective} {role} {w.surname(0)} said on {weekday} that {w.country} had"
        f" {rng.choice(w.topic.events)}, {rng.choice(_REASONS)}. The announcement came after talks in {w.city}"
        f" with officials from {w.second_country} and representatives of {w.institution}."
    )


def _quote(w: _Writer) -> str:
    rng = w.rng
    first, second = rng.sample(_QUOTES, 2)
    return f'"{w.fill(first)}," {w.surname(0)} told reporters in {w.city}. "{w.fill(second)}."'


def _second_person(w: _Writer) -> str:
    rng = w.rng
    name = w.surname(1)
    return (
        f"{name}, {rng.choice(w.topic.roles)} at {w.org}, said the plan {rng.choice(_ASSESSMENTS)}."
        f" {w.surname(1)} added that {rng.choice(w.topic.issues)} would remain the main test for the government."
    )


def _said_quote(w: _Writer) -> str:
    rng = w.rng
    return (
        f'"{w.fill(rng.choice(_QUOTES))}," said {w.surname(1)}, who {rng.choice(w.topic.events)} in'
        f" {w.plan.published.year - rng.randint(1, 6)}."
    )


def _third_person(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Not everyone was convinced. {w.surname(2)}, a {rng.choice(w.topic.roles)} based in {w.second_city},"
        f' said {rng.choice(w.topic.issues)} {rng.choice(_ASSESSMENTS)}. "{w.fill(rng.choice(_QUOTES))},"'
        f" {w.surname(2)} said."
    )


def _past_date(w: _Writer) -> str:
    rng = w.rng
    return (
        f"{w.surname(0)} first raised {rng.choice(w.topic.issues)} on {w.day(-rng.randint(3, 40))} during a visit"
        f" to {w.second_city}, according to officials who attended the meeting. At the time, {w.institution}"
        " said it would study the proposal before taking a position."
    )


def _preview(w: _Writer) -> str:
    rng = w.rng
    return (
        f"The two sides are due to meet again in {w.city} on {w.weekday_date(rng.randint(3, 45))} to"
        f" {rng.choice(w.topic.plans)}. {w.surname(0)} is expected to {rng.choice(w.topic.plans)} before the"
        " end of the year."
    )


def _background(w: _Writer) -> str:
    first, second = w.rng.sample(_BACKGROUND, 2)
    return f"{w.fill(first)} {w.fill(second)}"


def _numbers(w: _Writer) -> str:
    rng = w.rng
    return (
        f"The project is expected to cost about {rng.randint(40, 900)} million euros, of which {w.institution}"
        f" would cover roughly {rng.choice(['a third', 'half', 'a quarter', 'two thirds'])}. {w.org} said on"
        f" {rng.choice(_WEEKDAYS)} that it was ready to take part if the terms were clear."
    )


def _institution(w: _Writer) -> str:
    rng = w.rng
    return (
        f"A spokeswoman for {w.institution} said on {rng.choice(_WEEKDAYS)} that the organisation had received the"
        f" request and would reply within weeks. She declined to comment on {rng.choice(w.topic.issues)} or on"
        f" reports that {w.surname(1)} had asked for an urgent meeting."
    )


def _analysts(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Analysts in {w.city} noted that earlier plans took more than a decade to complete and warned that"
        f" the new timetable was ambitious. Some said {rng.choice(w.topic.issues)} could still be delayed by"
        f" {w.plan.published.year + rng.randint(1, 4)}."
    )


def _reaction(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Opposition parties in {w.country} said the government had moved too slowly, while business groups"
        f" welcomed the decision. In {w.second_city}, local officials said they had not been consulted and"
        f" asked {w.surname(0)} to explain {rng.choice(w.topic.issues)} in person."
    )


def _history(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Since {w.plan.published.year - rng.randint(3, 12)}, {w.country} has tried several times to settle"
        f" {rng.choice(w.topic.issues)}, most recently last {_MONTHS[rng.randrange(12)]}, when talks broke down"
        " over financing and the role of outside experts."
    )


def _quote_late(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Asked on {rng.choice(_WEEKDAYS)} whether the plan would survive a change of government, {w.surname(0)}"
        f' said only that "the format is useful". {w.surname(2)} did not reply to a request for comment.'
    )


def _statement(w: _Writer) -> str:
    rng = w.rng
    first, second = rng.sample(_QUOTES, 2)
    return f'"{w.fill(first)}," {w.surname(1)} said in a statement on {rng.choice(_WEEKDAYS)}. "{w.fill(second)}."'


def _costs(w: _Writer) -> str:
    rng = w.rng
    return (
        f"According to {w.institution}, {rng.choice(w.topic.issues)} has cost the country about"
        f" {rng.randint(20, 400)} million euros since {w.plan.published.year - rng.randint(2, 8)}, and the figure"
        " is expected to rise. Officials said a detailed breakdown would be published with the next annual report."
    )


def _schedule(w: _Writer) -> str:
    return (
        f"Parliament is expected to debate the plan on {w.weekday_date(w.rng.randint(5, 60))}, and a final vote"
        " could follow within weeks. Several members of the governing coalition have said they will ask for"
        " changes before they support it."
    )


def _critics(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Critics say {w.surname(0)}'s approach suits neither side's domestic politics, and that"
        f" {rng.choice(w.topic.issues)} cannot survive another crisis. {w.surname(0)} does not dispute the risk,"
        " but says there is no better option on the table."
    )


def _profile(w: _Writer) -> str:
    rng = w.rng
    return (
        f"{w.surname(0)}, {rng.randint(38, 67)}, spent two decades in {w.adjective} public service, with postings"
        f" in {w.city} and {w.second_city}, before taking up the current post. Colleagues describe the"
        f" {rng.choice(w.topic.roles)} as a careful negotiator who rarely raises their voice and never leaves a"
        " meeting first."
    )


def _residents(w: _Writer) -> str:
    rng = w.rng
    return (
        f"In {w.second_city}, residents said they had heard little about {rng.choice(w.topic.issues)} until this"
        f' week. "{w.fill(rng.choice(_QUOTES))}," said one shop owner, who asked not to be named because of the'
        " sensitivity of the subject."
    )


def _informed(w: _Writer) -> str:
    rng = w.rng
    return (
        f"Officials at {w.org} said work could begin next year once {rng.choice(w.topic.issues)} was settled,"
        f" adding that {w.surname(1)} had been kept informed throughout. The company employs about"
        f" {rng.randint(2, 40) * 100} people in {w.country}."
    )


def _deadline(w: _Writer) -> str:
    rng = w.rng
    deadline = f"{_MONTHS[rng.randrange(12)]} {w.plan.published.year + rng.randint(1, 3)}"
    return (
        f"The first phase is due to be completed by {deadline}, a deadline that {w.surname(0)} described on"
        f" {rng.choice(_WEEKDAYS)} as tight but realistic. Auditors have warned that similar projects in the"
        " region ran over budget by a third on average."
    )


# Each paragraph template, and the people (slots of the plan) it names, in order: the lead names slot 0.
_PARAGRAPHS: tuple[tuple[Callable[[_Writer], str], tuple[int, ...]], ...] = (
    (_quote, (0,)),
    (_second_person, (1, 1)),
    (_said_quote, (1,)),
    (_third_person, (2, 2)),
    (_past_date, (0,)),
    (_preview, (0,)),
    (_background, ()),
    (_numbers, ()),
    (_institution, (1,)),
    (_analysts, ()),
    (_reaction, (0,)),
    (_history, ()),
    (_quote_late, (0, 2)),
    (_statement, (1,)),
    (_costs, ()),
    (_schedule, ()),
    (_critics, (0, 0)),
    (_profile, (0,)),
    (_residents, ()),
    (_informed, (1,)),
    (_deadline, (0,)),
)
# The literal text of the paragraph templates, for the words no surname may resemble.
_PARAGRAPHS_TEXT = (
    "Not everyone was convinced based first raised during visit according officials attended meeting At time "
    "The two sides are due to meet again expected before end year project cost million euros would cover "
    "spokeswoman organisation received request reply within weeks declined comment reports asked urgent "
    "Analysts noted earlier plans took more than decade complete warned timetable ambitious Some Opposition "
    "parties government moved slowly business groups welcomed decision local consulted explain person Since "
    "tried several times settle most recently talks broke down financing role outside experts Asked whether "
    "survive change format useful reply announcement came representatives told reporters added remain test "
    "According cost country since figure rise detailed breakdown published annual report Parliament debate final "
    "vote could follow Several members governing coalition changes support Critics approach suits neither side "
    "domestic politics cannot survive another crisis dispute risk better option table spent decades public "
    "service postings taking current post Colleagues describe careful negotiator rarely raises voice leaves "
    "residents heard little until week shop owner sensitivity subject Officials work begin once settled adding "
    "kept informed throughout company employs people phase completed deadline described tight realistic "
    "Auditors warned similar projects region budget third average statement "
    "You May Like Next Post See also Read more Related",
)


def _late_date_sentence(w: _Writer) -> tuple[str, str]:
    """A past event dated far after publication (a mangled year, a date from another story)."""
    day = w.plan.published + timedelta(days=w.rng.randint(400, 1500))
    written = f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"The final agreement was signed on {written}, officials said.", day.isoformat()


def _footer_block(w: _Writer) -> tuple[list[str], str]:
    """Page furniture a scraper kept: a "You May Like" box, a "Next Post" teaser or a copyright line."""
    rng = w.rng
    style = rng.choice(("you-may-like", "next-post", "footer"))
    teasers = [title for title in rng.sample(list(w.other_titles), 2)]
    if style == "you-may-like":
        return ["You May Like", *teasers], style
    if style == "next-post":
        return ["Next Post", teasers[0]], style
    return [w.fill(rng.choice(_FOOTERS))], style


# ---------------------------------------------------------------------------------------------
# Planning and writing
# ---------------------------------------------------------------------------------------------


def _plans(
    documents: int, seed: int, formats: Sequence[str], rates: dict[str, float], people: Sequence[Person]
) -> list[_Plan]:
    rng = random.Random(f"plan-{seed}-{documents}")
    cumulative = list(itertools.accumulate(1 / (rank + _ZIPF_Q) ** _ZIPF_S for rank in range(len(people))))
    format_weights = list(itertools.accumulate(_FORMAT_WEIGHTS[fmt] for fmt in formats))
    topics = list(_TOPICS)
    plans = []
    for index in range(documents):
        chosen: list[int] = []
        while len(chosen) < 3:
            person = bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
            if person not in chosen:
                chosen.append(person)
        plan = _Plan(
            index,
            rng.choices(formats, cum_weights=format_weights)[0],
            rng.choice(topics),
            _FIRST_DAY + timedelta(days=rng.randrange(_DAYS)),
            chosen,
            rng.sample(range(len(_PARAGRAPHS)), rng.randint(12, 16)),
        )
        plan.defects = [
            kind
            for kind in DEFECTS
            if kind != "name-variant"
            and rng.random() < rates[kind]
            and not (kind == "late-date" and plan.fmt == "txt")  # a .txt file has no publish date to contradict
        ]
        plans.append(plan)
    _plant_variants(plans, rng, rates["name-variant"], people)
    return plans


def _mentions(plan: _Plan) -> list[int]:
    """How many times the text will name each of the plan's people."""
    counts = [1, 0, 0]  # the lead names the first person
    for index in plan.paragraphs:
        for slot in _PARAGRAPHS[index][1]:
            counts[slot] += 1
    return counts


def _plant_variants(plans: list[_Plan], rng: random.Random, rate: float, people: Sequence[Person]) -> None:
    """Misspell one person in some documents; only people named in enough documents, so the right one wins.

    Each misspelled document gets its own variant, and at most one document in three of a
    person is misspelled: the correct spelling keeps the majority.
    """
    mentions = [_mentions(plan) for plan in plans]
    appearances = [0] * len(people)
    for plan, counts in zip(plans, mentions, strict=True):
        for person, count in zip(plan.people, counts, strict=True):
            appearances[person] += count > 0
    misspelled = [0] * len(people)
    for plan, counts in zip(plans, mentions, strict=True):
        if rng.random() >= rate:
            continue
        slots = [
            slot
            for slot, person in enumerate(plan.people)
            if counts[slot] >= 2
            and appearances[person] >= _MIN_APPEARANCES
            and 3 * (misspelled[person] + 1) <= appearances[person]
        ]
        if not slots:
            continue
        slot = rng.choice(slots)
        person = plan.people[slot]
        variant, edit = misspell(people[person].surname, rng)
        misspelled[person] += 1
        plan.variant = (slot, variant, edit, rng.random() < 0.5)
        plan.defects.append("name-variant")


def generate(
    out: Path,
    documents: int,
    seed: int,
    formats: Sequence[str] = FORMATS,
    rates: dict[str, float] | None = None,
    records_per_file: int = RECORDS_PER_FILE,
    manifest_path: Path | None = None,
) -> Corpus:
    """Write a corpus of `documents` news stories under `out` and its manifest beside it."""
    rates = {kind: rate for kind, (rate, _) in DEFECTS.items()} | (rates or {})
    people = make_people(pool_size(documents), seed)
    plans = _plans(documents, seed, formats, rates, people)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: generate into a new folder")
    defects: list[dict[str, Any]] = []
    spellings: set[str] = set()
    names: set[int] = set()
    total_bytes = files = 0
    teasers = [  # headlines of other stories, for "You May Like" boxes and stray links
        _Writer(plans[number % len(plans)], people, random.Random(f"teaser-{seed}-{number}"), ()).title()
        for number in range(200)
    ]
    jsonl: list[tuple[_Plan, dict[str, Any], list[dict[str, Any]]]] = []
    for plan in plans:
        rng = random.Random(f"doc-{seed}-{plan.index}")
        writer = _Writer(plan, people, rng, teasers)
        title = writer.title()
        body = writer.paragraphs()
        found = _plant(writer, body, plan)
        named = sorted(writer.seen)
        names.update(plan.people[slot] for slot in named)
        spellings.update(people[plan.people[slot]].surname for slot in named)
        if plan.variant is not None:
            spellings.add(plan.variant[1])
        text = "\n\n".join(body) + "\n"
        missing = "missing-title" in plan.defects
        if plan.fmt == "jsonl":
            record = {
                "id": f"wire-{plan.index:07d}",
                "title": title,
                "published": plan.published.isoformat(),
                "url": f"https://example-news.org/wire/{plan.index}",
                "text": text,
            }
            if missing:
                record.pop("title") if rng.random() < 0.5 else record.update(title="")
            jsonl.append((plan, record, found))
            continue
        path = _path(plan, title)
        content = _txt(title, text, missing) if plan.fmt == "txt" else _md(title, text, plan.published, missing)
        data = content.encode()
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total_bytes += len(data)
        files += 1
        defects += [{"path": path, "record": None, **entry} for entry in found]
    for number, chunk in enumerate(_chunks(jsonl, records_per_file)):
        first = chunk[0][0].published
        path = f"wire/{first.year}/feed-{number:05d}.jsonl"
        lines = [json.dumps(record, ensure_ascii=False) for _, record, _ in chunk]
        data = ("\n".join(lines) + "\n").encode()
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total_bytes += len(data)
        files += 1
        for _, record, found in chunk:
            defects += [{"path": path, "record": record["id"], **entry} for entry in found]
    manifest = {
        "generator": {
            "version": VERSION,
            "seed": seed,
            "documents": documents,
            "formats": list(formats),
            "rates": rates,
            "records_per_file": records_per_file,
        },
        "documents": documents,
        "files": files,
        "bytes": total_bytes,
        "people_pool": len(people),
        "distinct_people": len(names),
        "distinct_surname_spellings": len(spellings),
        "defective_documents": len({(entry["path"], entry["record"]) for entry in defects}),
        "defect_counts": {kind: sum(1 for entry in defects if entry["defect"] == kind) for kind in DEFECTS},
        "defects": defects,
    }
    manifest_path = manifest_path or out.parent / f"{out.name}.manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return Corpus(manifest, manifest_path)


def _plant(w: _Writer, body: list[str], plan: _Plan) -> list[dict[str, Any]]:
    """Put the planned defects into the text; what was planted, for the manifest."""
    found: list[dict[str, Any]] = []
    rng = w.rng
    for kind in sorted(plan.defects, key=lambda kind: kind == "duplicated-footer"):  # nothing lands in its copies
        rule = DEFECTS[kind][1]
        if kind == "missing-title":
            found.append({"defect": kind, "rule": rule})
        elif kind == "duplicated-footer":
            block, style = _footer_block(w)
            body += block + block
            also = ["page-furniture"] if style != "footer" else []
            found.append({"defect": kind, "rule": rule, "style": style, "also": also})
        elif kind == "late-date":
            sentence, day = _late_date_sentence(w)
            at = rng.randrange(1, len(body))
            body[at] = f"{body[at]} {sentence}"
            found.append({"defect": kind, "rule": rule, "date": day})
        elif kind == "stray-link":
            link = f"{rng.choice(('See also', 'Read more', 'Related'))}: {rng.choice(w.other_titles)}"
            body.insert(rng.randrange(2, len(body)), link)
            found.append({"defect": kind, "rule": rule})
        elif kind == "name-variant" and plan.variant is not None:
            slot, variant, edit, everywhere = plan.variant
            person = w.people[slot]
            found.append(
                {
                    "defect": kind,
                    "rule": rule,
                    "canonical": person.surname,
                    "variant": variant,
                    "given": person.given,
                    "edit": edit,
                    "every_mention": everywhere,
                    "distance": Levenshtein.distance(person.surname.lower(), variant.lower()),
                }
            )
    return found


def _path(plan: _Plan, title: str) -> str:
    slug = "-".join("".join(c for c in word.lower() if c.isalnum()) for word in title.split()[:6])
    month = f"{plan.published:%Y-%m}"
    folder = "scraped" if plan.fmt == "txt" else "articles"
    return f"{folder}/{plan.topic}/{month}/{slug}-{plan.index:07d}.{plan.fmt}"


def _txt(title: str, text: str, missing_title: bool) -> str:
    return text if missing_title else f"{title}\n\n{text}"


def _md(title: str, text: str, published: date, missing_title: bool) -> str:
    head = [] if missing_title else [f"title: {json.dumps(title)}"]
    head += [f"published: {published.isoformat()}", "author: Staff Reporter"]
    return "---\n" + "\n".join(head) + "\n---\n\n" + text


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _parse_rates(values: Sequence[str]) -> dict[str, float]:
    rates = {}
    for value in values:
        kind, _, rate = value.partition("=")
        if kind not in DEFECTS:
            raise argparse.ArgumentTypeError(f"unknown defect {kind!r}; choose from {', '.join(DEFECTS)}")
        rates[kind] = float(rate)
    return rates


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write the corpus into (must be new or empty)")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,md,jsonl")
    parser.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="DEFECT=RATE",
        help=f"share of documents with a defect, repeatable; defects: {', '.join(DEFECTS)}",
    )
    parser.add_argument("--records-per-file", type=int, default=RECORDS_PER_FILE)
    parser.add_argument("--manifest", type=Path, help="where to write the manifest (default: OUT.manifest.json)")
    args = parser.parse_args(argv)
    formats = [fmt for fmt in args.formats.split(",") if fmt]
    if not formats or set(formats) - set(FORMATS):
        parser.error(f"--formats takes a comma-separated subset of {','.join(FORMATS)}")
    try:
        rates = _parse_rates(args.rate)
    except (argparse.ArgumentTypeError, ValueError) as error:
        parser.error(str(error))
    corpus = generate(args.out, args.documents, args.seed, formats, rates, args.records_per_file, args.manifest)
    manifest = corpus.manifest
    print(
        f"{manifest['documents']} documents in {manifest['files']} files ({manifest['bytes'] / 1e6:.1f} MB),"
        f" {manifest['distinct_people']} people, {manifest['defective_documents']} with planted defects;"
        f" manifest: {corpus.manifest_path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
