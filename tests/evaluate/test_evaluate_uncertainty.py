"""The Szeged Uncertainty Corpus reader and scorer, and the lexicons as data."""
import csv
import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from analysis.evaluate import uncertainty as U
from analysis.evaluate.uncertainty import GoldCue, Sentence

FIXTURE = Path(__file__).parent.parent / "fixtures" / "uncertainty" / "sample.xml"
REAL = U.default_data_path()
NEWS = U.default_data_path("factbank")
needs_corpus = pytest.mark.skipif(not REAL.is_file(), reason="../shared/eval is not here")
needs_news = pytest.mark.skipif(not NEWS.is_file(), reason="../shared/eval is not here")

PROBABLE = "speculation_modal_probable_"
DOXASTIC = "speculation_hypo_doxastic _"
CONDITION = "speculation_hypo_condition _"


# Reading --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_sentences() -> list[Sentence]:
    return U.load_sentences(FIXTURE)


def cue_texts(sentence: Sentence) -> list[tuple[str, str]]:
    return [(sentence.text[c.start:c.end], U.category_of(c.type)) for c in sentence.cues]


def test_reader_strips_markup_and_offsets_slice_the_cues(fixture_sentences):
    assert [(s.doc_index, s.doc_id, s.id) for s in fixture_sentences] == [
        (0, "Alpha_1", "S1.1"), (0, "Alpha_1", "S1.2"), (0, "Alpha_1", "S1.3"),
        (1, "Beta_2", "S1.1"), (1, "Beta_2", "S1.2")]
    title, band, tour, song, asked = fixture_sentences
    assert title.text == "Alpha & Omega" and title.cues == ()
    assert band.text == "The band may have split in 1999, and is believed to have reformed."
    assert cue_texts(band) == [("may", "modal_probable"), ("is believed", "doxastic")]
    assert band.cues[0] == GoldCue(9, 12, PROBABLE)
    # "would " is marked with its space in the corpus; the cue is trimmed to the word
    assert tour.text == "It would sell out if it toured."
    assert cue_texts(tour) == [("would", "condition"), ("if", "condition")]
    assert cue_texts(asked) == [("whether", "investigation")]


def test_multiword_and_discontinuous_cues(fixture_sentences):
    """A multiword cue is one element; "either ... or" is two unlinked elements, two cues."""
    song = fixture_sentences[3]
    assert cue_texts(song) == [("may or may not", "modal_possible"), ("either", "modal_probable"),
                               ("or", "modal_probable")]


def test_parts_split_documents_by_parity(fixture_sentences):
    assert {s.doc_id for s in U.select_part(fixture_sentences, "tune")} == {"Alpha_1"}
    assert {s.doc_id for s in U.select_part(fixture_sentences, "test")} == {"Beta_2"}
    assert len(U.select_part(fixture_sentences, "all")) == 5
    assert len(U.first_documents(fixture_sentences, 1)) == 3
    with pytest.raises(ValueError):
        U.select_part(fixture_sentences, "dev")


def test_news_parts_split_the_news_file_by_parity(fixture_sentences):
    """The factbank parts read factbank-dev.xml and split it as the Wikipedia parts split
    wiki.xml."""
    assert {s.doc_id for s in U.select_part(fixture_sentences, "factbank-tune")} == {"Alpha_1"}
    assert {s.doc_id for s in U.select_part(fixture_sentences, "factbank-test")} == {"Beta_2"}
    assert len(U.select_part(fixture_sentences, "factbank")) == 5
    assert [U.corpus_of(p) for p in U.PARTS] == ["wiki"] * 3 + ["factbank"] * 3
    assert U.default_data_path("factbank").name == "factbank-dev.xml"
    assert U.default_data_path().name == "wiki.xml"
    assert U.describe(fixture_sentences, "factbank").startswith(
        "Szeged Uncertainty Corpus (news, FactBank dev), part factbank: 2 documents")


def test_category_names():
    assert U.category_of(DOXASTIC) == "doxastic"
    assert U.category_of("speculation_modal_possible_") == "modal_possible"
    assert U.category_of("speculation_hypo_investigation _") == "investigation"


@needs_corpus
def test_real_corpus_reads_whole():
    sentences = U.load_sentences()
    assert len(sentences) == 20748
    assert len({s.doc_index for s in sentences}) == 4530
    cues = [(s, c) for s in sentences for c in s.cues]
    assert len(cues) == 3265
    assert all(s.text[c.start:c.end].strip() == s.text[c.start:c.end] != "" for s, c in cues)


@needs_news
def test_news_file_reads_whole():
    sentences = U.load_sentences(NEWS)
    assert len({s.doc_index for s in sentences}) == 104
    cues = [(s, c) for s in sentences for c in s.cues]
    assert len(cues) == 382
    assert all(s.text[c.start:c.end].strip() == s.text[c.start:c.end] != "" for s, c in cues)
    for half in ("factbank-tune", "factbank-test"):
        assert len({s.doc_index for s in U.select_part(sentences, half)}) == 52


# Scoring --------------------------------------------------------------------------------------

TEXT = "It may rain if cold, he would probably go, as is believed, clearly."


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def row(word: str, category: str = "epistemic_modal", lemma: str = "") -> dict:
    start, end = span(word)
    return {"start": start, "end": end, "category": category, "lemma": lemma or word}


SENTENCE = Sentence(0, "d", "S1", TEXT, (
    GoldCue(*span("may"), PROBABLE), GoldCue(*span("if"), CONDITION),
    GoldCue(*span("probably"), PROBABLE), GoldCue(*span("believed"), DOXASTIC)))


def test_scores_with_out_of_scope_and_boosters():
    rows = [row("may"), row("if", "epistemic_verb"), row("would"),
            row("probably", "epistemic_adverb"), row("clearly", "booster")]
    scores = U.score([SENTENCE], [rows])
    o = scores.overall
    assert (o.tp, o.fp, o.fn, scores.dropped) == (2, 1, 1, 1)  # "if" dropped, "clearly" unseen
    assert o.precision == o.recall == o.f1 == pytest.approx(2 / 3)
    assert {k: (t.tp, t.fn) for k, t in scores.by_gold.items()} == {
        "modal_probable": (2, 0), "doxastic": (0, 1)}
    assert {k: (t.tp, t.fp) for k, t in scores.by_system.items()} == {
        "epistemic_modal": (1, 1), "epistemic_adverb": (1, 0)}
    assert scores.missed_words == Counter({"believed": 1})
    assert scores.dropped_lemmas == Counter({"if": 1})


def test_matching_is_one_to_one_on_overlap():
    # two rows on one gold cue: one right, one wrong
    twice = U.score([SENTENCE], [[row("may"), row("ma")]]).overall
    assert (twice.tp, twice.fp, twice.fn) == (1, 1, 2)
    # one row over two gold cues: one found, the other missed
    start, end = span("would probably go, as is believed")
    wide = {"start": start, "end": end, "category": "x", "lemma": "x"}
    once = U.score([SENTENCE], [[wide]]).overall
    assert (once.tp, once.fp, once.fn) == (1, 0, 2)


def test_a_row_on_an_in_scope_cue_counts_even_if_it_touches_a_condition():
    start, end = span("may rain if")
    scores = U.score([SENTENCE], [[{"start": start, "end": end, "category": "x", "lemma": "x"}]])
    assert (scores.overall.tp, scores.overall.fp, scores.dropped) == (1, 0, 0)


def test_match_prefers_the_largest_overlap():
    assert U.match([(0, 5), (6, 10)], [(4, 8)]) == [(1, 0)]
    assert U.match([(0, 3)], [(5, 9)]) == []


def test_empty_output_scores_zero_without_dividing_by_zero():
    o = U.score([SENTENCE], [[]]).overall
    assert (o.precision, o.recall, o.f1, o.fn) == (0.0, 0.0, 0.0, 3)
    with pytest.raises(ValueError):
        U.score([SENTENCE], [])


def test_extra_ignored_categories():
    scores = U.score([SENTENCE], [[row("would"), row("may")]], ignore=("booster", "x"))
    assert scores.overall.fp == 1
    rows = [row("would", "approximator"), row("may")]
    assert U.score([SENTENCE], [rows], ignore=("approximator",)).overall.fp == 0


# Systems and command line (these load the spaCy model) ----------------------------------------

def test_lexicon_baseline_marks_every_occurrence():
    text = "It is believed that May may bring some 20 storms, clearly."
    [rows] = U.lexicon_system([text])
    marked = [(text[r["start"]:r["end"]], r["category"]) for r in rows]
    assert ("it is believed", "attribution_hedge") in [(m.lower(), c) for m, c in marked]
    assert ("May", "epistemic_modal") in marked and ("may", "epistemic_modal") in marked
    assert ("some", "approximator") in marked
    assert all(c != "booster" for _, c in marked)
    assert "believed" not in [m for m, _ in marked]  # inside the phrase already taken


def test_main_prints_and_writes_scores(tmp_path, capsys):
    out = tmp_path / "scores.json"
    code = U.main(["--data", str(FIXTURE), "--baseline", "lexicon", "--lemmas", "3",
                   "--json", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "part all: 2 documents, 5 sentences, 5 gold cues in scope, 3 out of scope" in printed
    assert "project" in printed and "lexicon" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["systems"]) == {"project", "lexicon"}
    assert report["systems"]["lexicon"]["recall"] > 0


def test_main_reads_a_news_part_from_the_given_file(capsys):
    assert U.main(["--data", str(FIXTURE), "--part", "factbank-test"]) == 0
    assert "(news, FactBank dev), part factbank-test: 1 documents" in capsys.readouterr().out


def test_main_reports_a_missing_file(tmp_path, capsys):
    assert U.main(["--data", str(tmp_path / "none.xml")]) == 2
    assert "uncertainty:" in capsys.readouterr().err


# Lexicons -------------------------------------------------------------------------------------

HEADER = ["cue", "kind", "category", "note", "source"]
CUE_KINDS = {"verb", "phrase", "noun", "adjective"}
CUE_CATEGORIES = {"neutral", "assertive", "doubt", "confession", "manner", "denial",
                  "accusation", "cognition", "question", "evidential", "stance",
                  "prepositional", "nominal"}
HEDGE_KINDS = {"modal", "verb", "adverb", "adjective", "noun", "phrase"}
HEDGE_CATEGORIES = {"epistemic_modal", "epistemic_verb", "epistemic_adverb",
                    "epistemic_adjective", "epistemic_noun", "approximator",
                    "attribution_hedge", "booster"}


def read_lexicon(name: str) -> tuple[list[str], list[dict]]:
    source = resources.files("analysis") / "lexicons" / f"{name}.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize(("name", "kinds", "categories"), [
    ("cues", CUE_KINDS, CUE_CATEGORIES), ("hedges", HEDGE_KINDS, HEDGE_CATEGORIES)])
def test_lexicon_files_are_well_formed(name, kinds, categories):
    header, rows = read_lexicon(name)
    assert header == HEADER
    pairs = Counter((r["cue"], r["kind"]) for r in rows)
    assert [p for p, n in pairs.items() if n > 1] == []
    assert {r["kind"] for r in rows} <= kinds
    assert {r["category"] for r in rows} <= categories
    for r in rows:
        assert r["cue"] == r["cue"].strip().lower() != "", r
        assert r["note"].strip() and r["source"].strip(), r


def test_phrase_and_noun_cues_have_their_own_categories():
    _, rows = read_lexicon("cues")
    assert {r["category"] for r in rows if r["kind"] == "phrase"} == {"prepositional"}
    assert {r["category"] for r in rows if r["kind"] == "noun"} == {"nominal"}


def test_lexicons_cover_the_seed_article():
    """What a careful reader finds in the sample article (../shared/seed/*.gold.json)."""
    _, cues = read_lexicon("cues")
    _, hedges = read_lexicon("hedges")
    cue_words = {r["cue"] for r in cues}
    assert {"say", "tell", "report", "according to", "vow", "accuse", "deny",
            "believe"} <= cue_words
    hedge_words = {r["cue"]: r["category"] for r in hedges}
    for word in ("could", "believe", "would", "possible", "prospect", "can"):
        assert word in hedge_words and hedge_words[word] != "booster", word
