"""Language knowledge as data: the CSV files in ``lexicons/`` and their checks.

- ``cues.csv``, ``hedges.csv``: ``cue,kind,category,note,source``, one word or phrase a row;
- ``outlets.csv``: ``outlet,kind,name,note,source``, the wires and outlets articles credit;
- ``words.csv``: ``list,word,value,note,source``, the small word lists the rules consult
  (pronouns, nouns for bodies that speak, rubrics, verb classes), each row in a named list;
- ``categories.csv``: what each cue and hedge category means, its colour in figures, whether
  it is loaded, speech, kept by the rules, and a label in plain words for students.

Every file is checked when read: an unknown kind, category or list is an error naming the
file and the line, so a typo never sends a word down another path. A user's own file with the
same columns can replace a bundled one.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.files import atomic_path

COLUMNS = ("cue", "kind", "category", "note", "source")
OUTLET_COLUMNS = ("outlet", "kind", "name", "note", "source")
WORD_COLUMNS = ("list", "word", "value", "note", "source")
CATEGORY_COLUMNS = ("category", "lexicon", "colour", "loaded", "speech", "trusted", "nested",
                    "label", "note")
# the category of a verb in no list that the cue model takes for a cue ("filed a lawsuit")
UNLISTED = "unlisted"
# the hedge category that presents a claim as certain ("clearly"): the opposite of a hedge
BOOSTER = "booster"
# the colour of a category that categories.csv does not list (yet)
UNKNOWN_COLOUR = "#BBBBBB"
KINDS = {
    "cues": frozenset({"verb", "noun", "phrase", "adjective"}),
    "hedges": frozenset({"modal", "verb", "adverb", "adjective", "noun", "phrase"}),
    "outlets": frozenset({"wire", "outlet"}),
}
# the lists words.csv may hold, and whether their rows map a word to a value
WORD_LISTS = {
    "gendered_pronouns": True, "group_pronouns": False, "personal_pronouns": False,
    "title_genders": True, "organisation_nouns": False, "speaker_suffixes": False,
    "reporting_nouns": False, "evidence_nouns": False, "non_speakers": False,
    "aspectual_verbs": False, "clause_only_verbs": False, "lemma_slips": True,
    "irregular_verbs": True, "naming_verbs": False,
    "poll_nouns": False, "rubrics": False, "noun_prepositions": True,
    "interpretation_verbs": False, "causal_verbs": False, "undergoing_verbs": False,
    "volition_words": False, "narrative_words": False, "habitual_words": False,
    "extremes": False, "proposal_nouns": False, "telling_verbs": False, "askers": False,
    "cue_prepositions": True, "attitude_object_verbs": False,
    "act_adjectives": False, "holder_verbs": False,
    "connective_adverbs": False, "person_objects": False,
    "topic_prepositions": False,
    "person_nouns": False, "document_nouns": True, "gendered_nouns": True, "role_words": True,
    "pronoun_genders": True, "outcome_verbs": False,
}


class LexiconError(ValueError):
    """A lexicon file that cannot be used, with the file and line at fault."""

    def __init__(self, source: Path | str, line: int | None, reason: str):
        where = f"{source}:{line}" if line else str(source)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Entry:
    cue: str
    kind: str
    category: str
    note: str = ""
    source: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.cue.split())


@dataclass(frozen=True)
class Outlet:
    outlet: str
    kind: str
    name: str  # how tables write it ("The Associated Press" -> "AP")
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Category:
    category: str
    lexicon: str
    colour: str
    loaded: bool  # a judgement on the source (not "said", "according to")
    speech: bool  # reports words spoken or written, not a belief or a stance
    trusted: bool  # the rules keep the last word on it, not the cue model
    nested: bool  # a belief, plan or evidence: inside another cue's content it is that content
    label: str
    note: str


def bundled(filename: str) -> Path:
    """A file in the package's ``lexicons/`` folder."""
    return Path(str(resources.files("analysis") / "lexicons" / filename))


def read_rows(source: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every row that is neither blank nor commented out with ``#``."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise LexiconError(source, 1, f"the header must be {','.join(columns)}")
        rows = []
        for row in reader:
            first = (row.get(columns[0]) or "").strip()
            if first and not first.startswith("#"):
                rows.append((reader.line_num, {k: (row.get(k) or "").strip() for k in columns}))
        return rows


@lru_cache(maxsize=8)
def categories(path: str | None = None) -> dict[str, Category]:
    """The categories table (``categories.csv``), by category name."""
    source = Path(path) if path else bundled("categories.csv")
    table = {}
    for line, row in read_rows(source, CATEGORY_COLUMNS):
        flags = {}
        for flag in ("loaded", "speech", "trusted", "nested"):
            if row[flag] not in ("yes", "no"):
                raise LexiconError(source, line, f"{flag} must be yes or no, not {row[flag]!r}")
            flags[flag] = row[flag] == "yes"
        if row["lexicon"] not in KINDS:
            raise LexiconError(source, line, f"unknown lexicon {row['lexicon']!r}")
        table[row["category"]] = Category(
            row["category"], row["lexicon"], row["colour"], label=row["label"], note=row["note"],
            **flags)
    return table


def categories_of(lexicon: str) -> dict[str, Category]:
    return {name: c for name, c in categories().items() if c.lexicon == lexicon}


def categories_with(flag: str, lexicon: str = "cues") -> frozenset[str]:
    """The categories of a lexicon whose ``flag`` (loaded, speech, trusted, nested) is yes."""
    return frozenset(name for name, c in categories_of(lexicon).items() if getattr(c, flag))


def category_colour(name: str) -> str:
    """A category's colour in figures and pages; one categories.csv does not list is grey."""
    category = categories().get(name)
    return category.colour if category else UNKNOWN_COLOUR


def is_loaded(name: str) -> bool:
    """Whether a cue category judges the source ('claimed', 'admitted'), unlike 'said'; a
    category categories.csv does not list judges nothing anyone wrote down."""
    category = categories().get(name)
    return category is not None and category.loaded


def category_label(name: str) -> str:
    """What a category means, in plain words for students (categories.csv's label); one the
    file does not list is its name with spaces."""
    category = categories().get(name)
    return category.label if category else name.replace("_", " ")


@lru_cache(maxsize=8)
def load_lexicon(name: str, path: str | None = None) -> tuple[Entry, ...]:
    """The rows of ``lexicons/<name>.csv`` (or of ``path``), each checked: its kind must be
    one the lexicon knows and its category one of ``categories.csv``."""
    source = Path(path) if path else bundled(f"{name}.csv")
    known = categories_of(name)
    entries = []
    for line, row in read_rows(source, COLUMNS):
        if row["kind"] not in KINDS[name]:
            raise LexiconError(source, line, f"unknown kind {row['kind']!r} (one of "
                                             f"{', '.join(sorted(KINDS[name]))})")
        if row["category"] not in known:
            raise LexiconError(source, line, f"unknown category {row['category']!r} (one of "
                                             f"{', '.join(known)})")
        entries.append(Entry(**row))
    return tuple(entries)


@lru_cache(maxsize=4)
def load_outlets(path: str | None = None) -> dict[str, Outlet]:
    """The outlets an article may credit, by their lowercase name."""
    source = Path(path) if path else bundled("outlets.csv")
    outlets: dict[str, Outlet] = {}
    for line, row in read_rows(source, OUTLET_COLUMNS):
        if row["kind"] not in KINDS["outlets"]:
            raise LexiconError(source, line, f"unknown kind {row['kind']!r}")
        outlets.setdefault(row["outlet"].lower(), Outlet(**row))
    return outlets


@lru_cache(maxsize=4)
def _word_lists(path: str | None = None) -> dict[str, dict[str, str]]:
    source = Path(path) if path else bundled("words.csv")
    lists: dict[str, dict[str, str]] = {name: {} for name in WORD_LISTS}
    for line, row in read_rows(source, WORD_COLUMNS):
        if row["list"] not in WORD_LISTS:
            raise LexiconError(source, line, f"unknown list {row['list']!r}")
        if WORD_LISTS[row["list"]] and not row["value"]:
            raise LexiconError(source, line, f"a row of {row['list']} needs a value")
        lists[row["list"]][row["word"]] = row["value"]
    return lists


def word_list(name: str) -> frozenset[str]:
    """The words of one list of ``words.csv``."""
    return frozenset(_word_lists()[name])


def word_map(name: str) -> dict[str, str]:
    """The word -> value rows of one list of ``words.csv``."""
    return dict(_word_lists()[name])


def by_cue(entries: Iterable[Entry], kinds: tuple[str, ...] | None = None) -> dict[str, Entry]:
    """Index single- and multi-word cues by their lowercase text (first row wins)."""
    index: dict[str, Entry] = {}
    for entry in entries:
        if kinds is None or entry.kind in kinds:
            index.setdefault(entry.cue.lower(), entry)
    return index


def fingerprint(entries: Iterable[Entry]) -> str:
    """A hash of what a model learns from a lexicon: its words, kinds and categories."""
    lines = sorted(f"{e.cue}\t{e.kind}\t{e.category}" for e in entries)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def write_rows(target: Path, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Write a lexicon file (used when a pipeline is saved with its lexicons)."""
    with atomic_path(target) as temporary, temporary.open("w", encoding="utf-8",
                                                          newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
