"""The PolNeAR scorer: reader, matching, each metric on tiny hand-made cases, the command line.

Fixtures under tests/fixtures/brat are hand-written in PolNeAR's brat layout; tests on the
real corpus (outside the repository) skip when it is absent.
"""
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.evaluate import attributions
from analysis.evaluate.attributions import (
    PRF,
    Attribution,
    GoldQuote,
    chars,
    cues_of_quotes,
    gold_quotes,
    gold_system,
    jaccard,
    load_split,
    match,
    name_words,
    parse_ann,
    quoted_passages,
    score,
    score_attributions,
    score_cues,
    score_direct,
    score_doc,
    speaker_correct,
    trim,
)

# Hand-written articles in PolNeAR's brat layout; the annotation files are kept as *.brat and
# copied to *.ann for the reader.
REAL = attributions.default_data_dir()
needs_real = pytest.mark.skipif(not (REAL / "dev").is_dir(), reason="PolNeAR data not present")


@pytest.fixture(scope="module")
def docs(fixtures):
    return {doc.id: doc for doc in load_split("dev", fixtures)}


def text_of(doc, span):
    return doc.text[span[0]:span[1]]


# Reader ---------------------------------------------------------------------------------------

def test_reader_keeps_annotated_articles_in_order(docs):
    assert list(docs) == ["alpha", "beta"]  # gamma.txt has no .ann file


def test_reader_uses_first_annotator_in_sorted_order(docs):
    assert docs["alpha"].annotator == "a1"
    assert len(docs["alpha"].attributions) == 3  # a1 has 2 events + 1 event-less Content


def test_reader_keeps_discontinuous_content_pieces(docs):
    quote = docs["alpha"].attributions[1]
    assert quote.content == [(80, 134), (155, 182)]
    assert text_of(docs["alpha"], quote.source[0]) == "Roe"
    assert [text_of(docs["alpha"], p) for p in quote.content] == [
        "“We have done everything we could for these families,”", "“Nobody can say otherwise.”"]


def test_reader_merges_numbered_content_roles(docs):
    assert docs["beta"].attributions[0].content == [(0, 41), (66, 97)]


def test_reader_turns_eventless_content_into_a_sourceless_attribution(docs):
    orphan = docs["alpha"].attributions[2]
    assert orphan == Attribution(source=[], cue=[], content=[(202, 220)])
    assert text_of(docs["alpha"], orphan.content[0]) == "the budget\nis safe"


def test_reader_keeps_attributions_without_source_and_drops_empty_events(docs):
    attributions = docs["beta"].attributions
    assert len(attributions) == 2
    assert attributions[1].source == []
    assert text_of(docs["beta"], attributions[1].cue[0]) == "It was reported"


def test_reader_rejects_offsets_that_do_not_slice_the_text():
    with pytest.raises(ValueError, match="T1 offsets"):
        parse_ann("T1\tSource 0 3\tabc\n", "xyz")


def test_reader_names_a_missing_split(tmp_path):
    with pytest.raises(FileNotFoundError, match="--data"):
        load_split("dev", tmp_path)


def test_default_data_dir_is_beside_the_repository():
    repository = Path(attributions.__file__).resolve().parent.parent.parent
    assert attributions.default_data_dir() == repository.parent / "shared" / "eval" / "polnear"


# Quotation marks, trimming, matching ---------------------------------------------------------

def spans_text(text):
    return [text[s:e] for s, e in quoted_passages(text)]


def test_quoted_passages_pair_straight_and_curly_marks():
    assert spans_text('He said "one two" and “three four”.') == ["one two", "three four"]


def test_quoted_passages_read_double_apostrophes_and_backticks():
    assert spans_text("''a b,'' he said. ``c d''") == ["a b,", "c d"]


def test_quoted_passages_run_an_unclosed_quote_to_its_paragraph_end():
    text = "“It goes on\ninto the wrap.\n\n“And ends here.”"
    assert spans_text(text) == ["It goes on\ninto the wrap.", "And ends here."]


def test_trim_strips_marks_punctuation_and_space():
    text = "  “Yes, sir.”  "
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "Yes, sir"
    assert trim("“”", 0, 2) == (2, 2)


def test_jaccard_on_character_sets():
    assert jaccard(chars([(0, 4)]), chars([(2, 6)])) == pytest.approx(1 / 3)
    assert jaccard(chars([(0, 2), (4, 6)]), chars([(0, 6)])) == pytest.approx(4 / 6)
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_match_is_one_to_one_best_first():
    gold = [chars([(0, 10)]), chars([(20, 30)])]
    system = [chars([(0, 5)]), chars([(0, 9)]), chars([(22, 30)])]
    assert sorted(match(gold, system)) == [(0, 1), (1, 2)]  # (0, 5) loses to the better (0, 9)


def test_match_needs_the_threshold_or_any_overlap():
    gold, system = [chars([(0, 10)])], [chars([(6, 12)])]
    assert match(gold, system) == []  # Jaccard 4/12
    assert match(gold, system, min_jaccard=0.0) == [(0, 0)]
    assert match(gold, [chars([(10, 12)])], min_jaccard=0.0) == []


# Metrics on hand-made rows --------------------------------------------------------------------

def test_gold_quotes_are_long_quoted_passages_inside_contents(docs):
    alpha = docs["alpha"]
    assert [(text_of(alpha, q.span), text_of(alpha, q.source[0])) for q in gold_quotes(alpha)] == [
        ("will not survive the winter session", "Senator Jane Roe"),
        ("We have done everything we could for these families", "Roe"),
        ("Nobody can say otherwise", "Roe"),
    ]
    assert [text_of(docs["beta"], q.span) for q in gold_quotes(docs["beta"])] == [
        "This is a very long quotation indeed", "It will never happen again"]


def test_gold_quotes_skip_short_and_unattributed_passages():
    doc = attributions.PolnearDoc("d", '"Too short here" and "four words not attributed".', [
        Attribution([], [], [(0, 16)])])
    assert gold_quotes(doc) == []


def test_gold_quotes_tolerate_whitespace_between_content_pieces():
    text = '"One two three. Four five six."'
    doc = attributions.PolnearDoc("d", text, [Attribution([], [], [(0, 15), (16, 31)])])
    assert gold_quotes(doc) == [GoldQuote((1, 29), ())]


def direct(start, end, **fields):
    return {"kind": "direct", "start": start, "end": end, **fields}


def test_direct_quotes_and_speakers(docs):
    rows = [
        direct(31, 68, speaker="Jane Roe", speaker_start=0, speaker_end=16),  # with its marks
        direct(81, 113, speaker="Jane Roe"),  # 32 of 51 characters, matched by name
        direct(156, 180, speaker="The Senator"),  # neither a name word nor the mention
        direct(22, 30),  # "the plan": no gold quote
        {"kind": "partial", "start": 156, "end": 180},  # not a direct row
    ]
    prf, speaker = score_direct(docs["alpha"], rows)
    assert (prf.tp, prf.gold, prf.system) == (3, 3, 4)
    assert (prf.precision, prf.recall) == (0.75, 1.0)
    assert prf.f1 == pytest.approx(6 / 7)
    assert (speaker.correct, speaker.total) == (2, 3)


def test_speaker_correct_by_mention_or_name_word():
    text = "Flynn, a top Trump surrogate, said it."
    source = [(0, 29)]
    assert speaker_correct(text, source, {"speaker": "", "speaker_start": 13, "speaker_end": 18})
    assert speaker_correct(text, source, {"speaker": "Michael Flynn"})
    assert not speaker_correct(text, source, {"speaker": "The President"})
    assert not speaker_correct(text, source, {"speaker": None, "speaker_start": 30,
                                              "speaker_end": 34})


def test_name_words_leave_out_stopwords_and_titles():
    assert name_words("The Senator Jane Roe of the committee") == {"Jane", "Roe"}


def test_all_attributions(docs):
    rows = [
        direct(31, 68),  # 37 of the 46 characters of the first Content
        {"kind": "indirect", "start": 80, "end": 182},  # spans the gap: Jaccard 81/102
        {"kind": "indirect", "start": 202, "end": 210},  # 8 of 18 characters: too little
        {"kind": "indirect", "start": 0, "end": 16},  # the source, not a content
    ]
    prf = score_attributions(docs["alpha"], rows)
    assert (prf.tp, prf.gold, prf.system) == (2, 3, 4)
    assert prf.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_cues_match_on_overlap_one_to_one(docs):
    rows = [{"start": 17, "end": 21, "lemma": "say"}, {"start": 19, "end": 25},
            {"start": 139, "end": 141}]
    prf = score_cues(docs["alpha"], rows)
    assert (prf.tp, prf.gold, prf.system) == (2, 2, 3)


def test_cues_are_read_off_quote_rows_when_no_cue_list_is_given(docs):
    rows = [direct(31, 68, cue_start=17, cue_end=21), direct(81, 132, cue_start=17, cue_end=21),
            direct(156, 180, cue_start=None, cue_end=None)]
    assert cues_of_quotes(rows) == [{"start": 17, "end": 21}]
    cues = score_doc(docs["alpha"], rows).cues
    assert (cues.tp, cues.gold, cues.system) == (1, 2, 1)


def test_prf_without_rows_is_zero():
    assert (PRF(0, 3, 0).precision, PRF(0, 3, 0).recall, PRF(0, 3, 0).f1) == (0.0, 0.0, 0.0)


def test_articles_missing_from_the_rows_count_as_empty(docs):
    scores = score(list(docs.values()), {})
    assert (scores.direct.gold, scores.direct.system, scores.attributions.gold) == (5, 0, 5)
    assert scores.cues.gold == 4


def test_gold_as_system_scores_one_where_it_can(docs):
    output = gold_system(list(docs.values()))
    scores = score(list(docs.values()), output.quotes, output.cues)
    assert (scores.direct.tp, scores.direct.gold, scores.direct.system) == (5, 5, 5)
    assert (scores.speaker.correct, scores.speaker.total) == (5, 5)
    assert (scores.cues.tp, scores.cues.gold, scores.cues.system) == (4, 4, 4)
    # two quotes share a Content with another quote: their extra rows cost precision only
    assert (scores.attributions.tp, scores.attributions.gold,
            scores.attributions.system) == (5, 5, 7)


# Systems and the command line -----------------------------------------------------------------

def test_textacy_triples_become_direct_rows():
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")('"We will win this race," Senator Roe said.')
    triple = SimpleNamespace(speaker=[doc[8], doc[9]], cue=[doc[10]], content=doc[0:8])
    assert attributions._textacy_row(triple) == {
        "kind": "direct", "start": 0, "end": 24, "speaker": "Senator Roe",
        "speaker_start": 25, "speaker_end": 36, "cue_start": 37, "cue_end": 41,
        "source_span_start": 25, "source_span_end": 36, "content_span_start": 0,
        "content_span_end": 24, "cue_span_start": 37, "cue_span_end": 41}


def test_timed_pipeline_runs_every_component_and_splits_the_time():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    timed = attributions.TimedPipeline(nlp, {"sentencizer"})
    doc = timed("One sentence. Another one.")
    assert len(list(doc.sents)) == 2
    assert set(timed.timings) == {"parse", "extract"}
    assert timed.pipe_names == ["sentencizer"]


def test_main_prints_a_table_and_writes_json(monkeypatch, tmp_path, capsys, fixtures):
    monkeypatch.setitem(attributions.SYSTEMS, "project", gold_system)
    out = tmp_path / "scores.json"
    arguments = ["--data", str(fixtures), "--baseline", "empty", "--json", str(out)]
    assert attributions.main(arguments) == 0
    printed = capsys.readouterr().out
    assert "PolNeAR dev: 2 articles" in printed
    assert printed.splitlines()[3].startswith("project    1.000 1.000 1.000  1.000     5")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["systems"]["project"]["direct"]["f1"] == 1.0
    assert report["systems"]["empty"]["attributions"]["recall"] == 0.0


def test_main_limits_articles_and_skips_a_missing_textacy(monkeypatch, capsys, fixtures):
    monkeypatch.setitem(attributions.SYSTEMS, "project", gold_system)
    monkeypatch.setattr(attributions, "_importable", lambda module: False)
    arguments = ["--data", str(fixtures), "--limit", "1", "--baseline", "textacy"]
    assert attributions.main(arguments) == 0
    captured = capsys.readouterr()
    assert "PolNeAR dev: 1 articles" in captured.out
    assert "textacy" not in captured.out
    assert "baseline skipped" in captured.err


def test_main_reports_missing_data(tmp_path, capsys):
    assert attributions.main(["--data", str(tmp_path)]) == 2
    assert "no PolNeAR split 'dev'" in capsys.readouterr().err


# The real corpus ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dev():
    return load_split("dev")


@needs_real
def test_real_dev_reads_every_article_once(dev):
    assert len(dev) == 84
    annotators = {d.id: d.annotator for d in dev}
    assert annotators["politico_2016-09-08_flynn-says-trump-absolutely-righ"] == "4b22"


@needs_real
def test_real_dev_gold_as_system_is_perfect(dev):
    output = gold_system(dev)
    scores = score(dev, output.quotes, output.cues)
    assert scores.direct.f1 == 1.0 and scores.direct.gold > 600
    assert scores.speaker.value == 1.0
    assert scores.cues.f1 == 1.0
    assert scores.attributions.recall > 0.99


@needs_real
def test_real_dev_empty_system_recalls_nothing(dev):
    scores = score(dev, {d.id: [] for d in dev}, {d.id: [] for d in dev})
    assert scores.direct.recall == scores.attributions.recall == scores.cues.recall == 0.0
    assert scores.direct.gold > 0 and scores.attributions.gold > 0 and scores.cues.gold > 0


# What the project misses (polnear-misses), on hand-built parses -------------------------------

def hand_parsed(words, spaces, pos, lemmas, heads, deps):
    """A Doc with a hand-written parse, so the counts below do not depend on a model."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, pos=pos, lemmas=lemmas,
               heads=heads, deps=deps)


# "He has said that taxes rise. A report shows crime fell."
#  0-2 He, 3-6 has, 7-11 said, 12-16 that, 17-22 taxes, 23-27 rise, 27 ".", 29 A,
#  31-37 report, 38-43 shows, 44-49 crime, 50-54 fell, 54 "."
TWO_CLAIMS = dict(
    words=["He", "has", "said", "that", "taxes", "rise", ".", "A", "report", "shows", "crime",
           "fell", "."],
    spaces=[True] * 5 + [False, True] + [True] * 4 + [False, False],
    pos=["PRON", "AUX", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT", "DET", "NOUN", "VERB", "NOUN",
         "VERB", "PUNCT"],
    lemmas=["he", "have", "say", "that", "tax", "rise", ".", "a", "report", "show", "crime",
            "fall", "."],
    heads=[2, 2, 2, 5, 5, 2, 2, 8, 9, 9, 11, 9, 9],
    deps=["nsubj", "aux", "ROOT", "mark", "nsubj", "ccomp", "punct", "det", "nsubj", "ROOT",
          "nsubj", "ccomp", "punct"],
)


def test_misses_by_kind_source_and_lemma_and_span_differences():
    from analysis.evaluate.misses import count_misses

    parsed = hand_parsed(**TWO_CLAIMS)
    doc = attributions.PolnearDoc("claims", parsed.text, [
        Attribution([(0, 2)], [(3, 11)], [(12, 27)]),
        Attribution([(29, 37)], [(38, 43)], [(44, 54)]),
    ])
    # one row: "He" "said" "taxes rise." (Jaccard 10/16 with the first Content: found), its
    # spans in the literature's fields, which the differences are counted on
    rows = [{"start": 17, "end": 28, "source_span_start": 0, "source_span_end": 2,
             "cue_span_start": 7, "cue_span_end": 11, "content_span_start": 17,
             "content_span_end": 28}]
    misses = count_misses(doc, parsed, rows)
    assert misses.kinds == {"verb of speech or other verb": 2}
    assert misses.missed_kinds == {"verb of speech or other verb": 1}
    assert misses.missed_sources == {"document or record": 1}
    assert misses.missed_lemmas == {"show (VERB)": 1}
    assert misses.content == {"complementizer 'that' (gold keeps it)": 1,
                              "no overlapping system span": 1}
    assert misses.cue == {"auxiliary (gold longer)": 1, "no overlapping system span": 1}


def test_cue_kinds_and_the_classes_of_cue_words():
    from analysis.evaluate.misses import cue_kind, word_class

    parsed = hand_parsed(
        words=["Aides", "reportedly", "did", "not", "point", "out", "accusations", ",",
               "according", "to", "critics", "who", "believe", "it", "—"],
        spaces=[True] * 6 + [False] + [True] * 6 + [True, False],
        pos=["NOUN", "ADV", "AUX", "PART", "VERB", "ADP", "NOUN", "PUNCT", "VERB", "ADP", "NOUN",
             "PRON", "VERB", "PRON", "PUNCT"],
        lemmas=["aide", "reportedly", "do", "not", "point", "out", "accusation", ",", "accord",
                "to", "critic", "who", "believe", "it", "—"],
        heads=[4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 9, 12, 10, 12, 4],
        deps=["nsubj", "advmod", "aux", "neg", "ROOT", "prt", "dobj", "punct", "prep", "prep",
              "pobj", "nsubj", "relcl", "dobj", "punct"],
    )
    assert [cue_kind(parsed[i]) for i in (1, 4, 6, 8, 12, 14)] == [
        "adverbial cue", "verb of speech or other verb", "nominal cue", "according to",
        "attitude verb", "punctuation (dash, colon)"]
    assert cue_kind(None) == "no cue"
    assert [word_class(parsed[i]) for i in (2, 3, 5, 9, 7)] == [
        "auxiliary", "negation", "particle", "preposition or complementizer", "punctuation"]


def test_content_differences_at_the_ends():
    from analysis.evaluate.misses import content_difference

    text = 'He said that "taxes rise."'
    assert content_difference(text, (13, 26), (14, 24)) == (
        "quotation marks or punctuation at the ends")
    assert content_difference(text, (8, 26), (14, 24)) == "complementizer 'that' (gold keeps it)"
    assert content_difference(text, (14, 24), (3, 24)) == "other words: system longer"
    assert content_difference(text, (3, 19), (14, 24)) == "other words: ends cross"


def test_misses_command_counts_every_gold_attribution(fixtures, capsys):
    from analysis.evaluate import misses

    assert misses.main(["--split", "dev", "--data", str(fixtures)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "PolNeAR dev: 2 articles"
    table = lines[2:lines.index("")]
    assert sum(int(line.split()[-2]) for line in table) == 5  # alpha 3 + beta 2
    assert any(line.startswith("gold content spans not matched exactly") for line in lines)


def test_misses_command_reports_missing_data(tmp_path, capsys):
    from analysis.evaluate import misses

    assert misses.main(["--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("polnear-misses: no PolNeAR split 'train'")


def test_cue_differences_are_summed_by_word_class():
    from collections import Counter

    from analysis.evaluate.misses import Misses, format_misses

    misses = Misses(cue=Counter({"auxiliary + negation (gold longer)": 2,
                                 "other words (gold longer)": 1,
                                 "no overlapping system span": 4}))
    lines = [" ".join(line.split()) for line in format_misses(misses).splitlines()]
    assert "gold cue spans not matched exactly: 7; with an overlapping system span: 3" in lines
    assert "has auxiliary (gold longer) 2 66.7%" in lines
    assert "has negation (gold longer) 2 66.7%" in lines
    assert "only auxiliaries, negation or particles differ 2 66.7%" in lines
    assert "has other words (gold longer) 1 33.3%" in lines


def test_predicates_and_light_verbs_are_kinds_of_their_own():
    from analysis.evaluate.misses import cue_kind

    # "They are focused on jobs and he made the case for them"
    parsed = hand_parsed(
        words=["They", "are", "focused", "on", "jobs", "and", "he", "made", "the", "case"],
        spaces=[True] * 9 + [False],
        pos=["PRON", "AUX", "ADJ", "ADP", "NOUN", "CCONJ", "PRON", "VERB", "DET", "NOUN"],
        lemmas=["they", "be", "focused", "on", "job", "and", "he", "make", "the", "case"],
        heads=[1, 1, 1, 2, 3, 1, 7, 1, 9, 7],
        deps=["nsubj", "ROOT", "acomp", "prep", "pobj", "cc", "nsubj", "conj", "det", "dobj"],
    )
    assert cue_kind(parsed[1]) == "'be' and a predicate (is clear, are focused on)"
    assert cue_kind(parsed[7], parsed[7:10]) == (
        "light verb and noun (made the case, took a shot at)")
    assert cue_kind(parsed[7]) == "verb of speech or other verb"
