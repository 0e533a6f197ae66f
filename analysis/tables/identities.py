"""One identity per speaker across a corpus: the ``speaker_id`` of every quote row.

Each article resolves its own speakers to the fullest name it offers ("Donald J. Trump" in one
article, "Mr. Trump" in another, "Trump" in a third). A corpus table needs one name per person,
so ``speaker_ids`` reads the whole quote table and gives each row a canonical, title-free name:

- a person's name loses its titles ("Mr.", "Sen.", "President"), its possessive and its middle
  initials: "Mr. Donald J. Trump's" -> "Donald Trump"; full names sharing a first and a last
  word ("Hillary Rodham Clinton", "Hillary Clinton") are one person, named by their most
  frequent form;
- a surname alone ("Trump", "Mr. Trump") joins the only full name of its article that ends
  with it, or, when its article has none, the only such full name in the corpus; when there
  are two (Bill and Hillary Clinton in one article, two Smiths in the corpus) it stays the
  surname alone, since guessing would merge two people;
- any other speaker (an organisation, "a senior official") keeps its text, matched across
  articles without regard to case or spacing and written in its most frequent form.

No name is special-cased: the rules read only the table.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd

from .schema import SPEAKER_KEY

# Words before a name that say what a person is, not who: dropped from the identity.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sen", "senator", "rep",
    "representative", "congressman", "congresswoman", "gov", "governor", "president", "vice",
    "vp", "secretary", "gen", "general", "lt", "col", "capt", "sgt", "adm", "judge", "justice",
    "rev", "father", "sir", "dame", "lord", "lady", "mayor", "chairman", "chairwoman",
    "speaker", "ambassador", "former", "first", "the", "candidate", "nominee",
})
# Lowercase words that belong inside names ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = frozenset({"de", "van", "von", "bin", "al", "la", "le", "du", "da", "der",
                            "den", "del", "di", "st"})
POSSESSIVE = re.compile(r"['’]s?$")
INITIAL = re.compile(r"^[A-Za-z]\.?$")


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(str(text).split())


def name_words(speaker: str) -> list[str] | None:
    """A person's name as words without titles, possessive or middle initials; None when the
    text is not a name (a lowercase word that is no particle: "a senior official")."""
    words = normalise(speaker).split()
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1])
    while words and words[0].rstrip(".").casefold() in TITLES:
        words.pop(0)
    if not words or any(not w[0].isupper() and w.casefold() not in NAME_PARTICLES
                        for w in words):
        return None
    middle = [w for w in words[1:-1] if not INITIAL.match(w)]
    return [words[0], *middle, words[-1]] if len(words) > 1 else words


def display(words: Iterable[str]) -> str:
    """Words as a name; a name written in capitals (a transcript label) in title case."""
    text = " ".join(words)
    return text.title() if text.isupper() else text


def speaker_ids(quotes: pd.DataFrame, weights: str | None = None) -> pd.Series:
    """The ``speaker_id`` of every row of a quote table (columns ``article``, ``speaker``,
    ``speaker_kind``), computed over all its articles; aligned with its index.

    ``weights`` names a column counting the quotes each row stands for, so a table of
    distinct speakers per article (the extracted ``speakers`` table) gives the ids its quotes
    would."""
    rows = list(zip(quotes.index, quotes["article"], quotes["speaker"].fillna(""),
                    quotes["speaker_kind"].fillna(""), strict=True))
    weight = dict(zip(quotes.index, quotes[weights], strict=True)) if weights else {}
    names = {index: name_words(speaker) if kind == "person" else None
             for index, _, speaker, kind in rows}

    # Full names: one person per first and last word, named by the most frequent form.
    forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for index, words in names.items():
        if words and len(words) > 1:
            forms[_person_key(words)][display(words)] += weight.get(index, 1)
    full_name = {key: min(counter, key=lambda form: (-counter[form], len(form), form))
                 for key, counter in forms.items()}
    by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key in full_name:
        by_surname[key[1]].add(key)
    in_article: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for index, article, _, _ in rows:
        words = names[index]
        if words and len(words) > 1:
            in_article[article].add(_person_key(words))

    # Everything else: one identity per text, whatever its case and spacing.
    texts: dict[str, Counter] = defaultdict(Counter)
    for index, _, speaker, _ in rows:
        if names[index] is None and normalise(speaker):
            texts[normalise(speaker).casefold()][normalise(speaker)] += weight.get(index, 1)
    text_form = {key: counter.most_common(1)[0][0] for key, counter in texts.items()}

    ids = {}
    for index, article, speaker, _ in rows:
        words = names[index]
        if words is None:
            ids[index] = text_form.get(normalise(speaker).casefold(), "")
        elif len(words) > 1:
            ids[index] = full_name[_person_key(words)]
        else:
            surname = words[0].casefold()
            local = {k for k in in_article[article] if k[1] == surname}
            candidates = local or by_surname.get(surname, set())
            ids[index] = (full_name[next(iter(candidates))] if len(candidates) == 1
                          else display(words))
    return pd.Series([ids[index] for index, *_ in rows], index=quotes.index, name="speaker_id",
                     dtype=object)


SpeakerKey = tuple[str, str, str]


def speaker_keys(table: pd.DataFrame, columns: list[str] = SPEAKER_KEY) -> list[SpeakerKey]:
    """(article, speaker, speaker_kind) of every row of a quote or speakers table (or the
    ``columns`` that stand for them: a source's ``name`` and ``kind``), a missing speaker or
    kind as ""."""
    article, speaker, kind = columns
    return list(zip(table[article], table[speaker].fillna(""), table[kind].fillna(""),
                    strict=True))


def ids_of(table: pd.DataFrame, ids: dict[SpeakerKey, str],
           columns: list[str] = SPEAKER_KEY) -> list[str]:
    """The identity of every row of a quote, speakers or sources table, from a run's ids (""
    for a speaker they do not name)."""
    return [ids.get(key, "") for key in speaker_keys(table, columns)]


def with_sources(speakers: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The speakers table (article, speaker, speaker_kind, quotes) and a row for each source it
    does not list (a source named from its description, an interviewer), so that one run of
    ``run_speaker_ids`` names speakers and sources alike: "Frank Nervo" the speaker and the
    source are one identity."""
    columns = [*SPEAKER_KEY, "quotes"]
    extra = sources.rename(columns={"name": "speaker", "kind": "speaker_kind",
                                    "attributions": "quotes"})[columns]
    known = set(speaker_keys(speakers))
    extra = extra[[key not in known for key in speaker_keys(extra)]]
    return pd.concat([speakers[columns], extra], ignore_index=True) if len(extra) else \
        speakers[columns]


def run_speaker_ids(speakers: pd.DataFrame) -> dict[SpeakerKey, str]:
    """The ``speaker_id`` of every speaker of a run, by (article, speaker, speaker_kind),
    computed over the run's speakers table (one row per speaker of an article, ``quotes``
    counting their quotations). Every entry point names speakers through this one function,
    so the same articles give the same ids from the command line, a notebook or ``extract``."""
    if speakers.empty:
        return {}
    return dict(zip(speaker_keys(speakers), speaker_ids(speakers, weights="quotes"),
                    strict=True))


def _person_key(words: list[str]) -> tuple[str, str]:
    return words[0].casefold(), words[-1].casefold()
