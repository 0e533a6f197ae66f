"""The cue model: training, reading and writing weights, and how the cue finder uses it."""
import json
import math

import pytest

from analysis.components.cue_model import CueModel, load_cue_model, train


def test_training_separates_what_the_features_separate():
    examples = [(["bias", "lemma=say", "child=ccomp"], True)] * 20 + \
               [(["bias", "lemma=want", "infinitive"], False)] * 20 + \
               [(["bias", "lemma=want", "child=dobj"], True)] * 10
    model = CueModel(train(examples, l2=1.0))  # a light penalty for fifty examples
    assert model.probability(["bias", "lemma=say", "child=ccomp"]) > 0.9
    assert model.probability(["bias", "lemma=want", "infinitive"]) < 0.2
    assert model.probability(["bias", "lemma=want", "child=dobj"]) > 0.5


def test_training_finds_the_maximum_likelihood_weights():
    """Without a penalty, one feature on 30 positives and 10 negatives gets the log odds 3:1,
    whatever the order of the examples."""
    examples = [(["bias"], True)] * 30 + [(["bias"], False)] * 10
    assert train(examples, l2=0.0)["bias"] == pytest.approx(math.log(3), abs=1e-4)
    assert train(examples[::-1], l2=0.0)["bias"] == pytest.approx(math.log(3), abs=1e-4)


def test_the_penalty_shrinks_weights_but_not_the_bias():
    examples = [(["bias", "rare"], True)] * 4 + [(["bias"], False)] * 40
    free, penalised = train(examples, l2=0.0), train(examples, l2=5.0)
    assert 0 < penalised["rare"] < free["rare"]


def test_rare_features_get_no_weight():
    examples = [(["bias", "common"], True)] * 5 + [(["bias", "once"], False)]
    assert "once" not in train(examples, min_count=3)


def test_weights_survive_a_round_trip(tmp_path):
    path = tmp_path / "model.json"
    CueModel({"bias": -0.5, "lemma=say": 2.0, "tiny": 0.0001}, threshold=0.4).save(
        path, {"data": "hand-made"})
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["about"] == {"data": "hand-made"} and "tiny" not in saved["weights"]
    model = CueModel.read(path)
    assert model.threshold == 0.4
    assert model.accepts(["bias", "lemma=say"]) and not model.accepts(["bias"])


def test_the_bundled_model_says_what_it_was_trained_on():
    model = load_cue_model()
    assert model is not None and 0 < model.threshold < 1
    assert model.weights["lemma=say"] > 0


def cues_of(nlp, text, **options):
    from analysis.components.attribution_cues import AttributionCues

    doc = nlp(text)
    return [span.text for span in AttributionCues(nlp, **options)(doc).spans["cues"]]


@pytest.mark.parametrize("text, cue", [
    ('"We will win," the senator said, according to Reuters.', "said"),
    ("The company has denied the report.", "denied"),
    ("Officials said the bridge will close on Monday.", "said"),
])
def test_the_finder_keeps_plain_attributions(nlp, text, cue):
    assert cue in cues_of(nlp, text)


def test_without_the_model_the_rules_decide(nlp):
    from analysis.components.attribution_cues import AttributionCues, drop_nested, join_parts

    doc = nlp("Voters want lower taxes, and the mayor said she would cut them.")
    finder = AttributionCues(nlp, use_model=False)
    expected = join_parts(drop_nested([c.span for c in finder.candidates(doc) if c.rule]))
    assert [s.text for s in finder(doc).spans["cues"]] == [s.text for s in expected]


def test_the_model_decides_except_where_the_rules_are_trusted(nlp):
    """A model that rejects everything still leaves denials and speech an outlet passes on
    (the phrase "according to" itself is the model's to judge)."""
    from analysis.components.attribution_cues import AttributionCues

    finder = AttributionCues(nlp)
    finder.model = CueModel({"bias": -10.0})
    doc = nlp("Hamas denied the report. The mayor said she would cut taxes. "
              '"We will win," the senator said, according to Reuters.')
    cues = list(finder(doc).spans["cues"])
    assert [s.text for s in cues] == ["denied", "said"]
    assert cues[1].start_char > doc.text.index("senator")


@pytest.mark.parametrize("text, cue, lemma", [
    ("The campaign issued a statement saying the rally was postponed.",
     "issued a statement saying", "say"),
    ("Prager goes on to say that a victory for Trump would be better.", "goes on to say", "say"),
    ("She continued to insist that the emails were never classified.",
     "continued to insist", "insist"),
])
def test_a_cue_in_several_words_is_one_cue(nlp, text, cue, lemma):
    from analysis.components.attribution_cues import AttributionCues

    doc = AttributionCues(nlp)(nlp(text))
    assert [(s.text, s._.lemma) for s in doc.spans["cues"]] == [(cue, lemma)]


def test_a_verb_outside_the_lexicon_is_the_models_to_accept(nlp):
    """'filed a lawsuit' states a position no list of reporting verbs holds; a storm pushing a
    boat states none. Without the model such verbs are never cues."""
    from analysis.components.attribution_cues import UNLISTED, AttributionCues

    doc = AttributionCues(nlp)(nlp("The senator filed a lawsuit against the company on Monday."))
    assert [(s.text, s._.lemma, s._.category) for s in doc.spans["cues"]] == [
        ("filed", "file", UNLISTED)]
    assert cues_of(nlp, "The storm pushed the boat onto the rocks.") == []
    assert cues_of(nlp, "The senator filed a lawsuit against the company.", use_model=False) == []


@pytest.mark.parametrize("text, cues", [
    ("Trump Slams Clinton Over Emails.\n\nThe senator spoke in Ohio.", ["Slams"]),
    ("Donald Trump Praises Breitbart's Political Editor.\n\nHe spoke on Monday.", ["Praises"]),
    ("Party Boosts Spending In Battleground States To Avoid Mistakes.\n\nThe money is new.", []),
    ("The Entire Race Is Hinging On These 2 States.\n\nHere is why.", []),
])
def test_a_headline_verb_the_tagger_took_for_a_name(nlp, text, cues):
    assert [c for c in cues_of(nlp, text) if c[0].isupper()] == cues


def test_a_name_given_is_no_cue(nlp):
    assert "known" not in cues_of(nlp, "The jihadist group, formerly known as ISIS/ISIL, "
                                       "released a video message on Tuesday.")


@pytest.mark.parametrize("text, word", [
    ("The group used a derogatory acronym to refer to its rivals.", "refer"),
    ("The rebels regrouped as they look to try a new offensive.", "look"),
])
def test_a_purpose_or_a_story_clause_is_no_cue(nlp, text, word):
    assert not any(word in cue for cue in cues_of(nlp, text))


def test_the_sample_article_has_neither_false_cue(sample):
    _, doc = sample
    assert {c._.lemma for c in doc.spans["cues"]}.isdisjoint({"refer to", "look"})


@pytest.mark.parametrize("text, cue", [
    ("Labor leaders remain confident that they can keep their members.", "remain confident"),
    ("Republicans have been critical of the new budget.", "been critical"),
    ("The governor was eager to end the strike.", "was eager"),
    # nothing said of what it is about, nobody to hold it, or no adjective of attitude
    ("The senator was confident.", None),
    ("It is unclear whether the bill will pass.", None),
    ("The mayor was late for the meeting.", None),
])
def test_an_adjective_of_attitude_after_be_is_a_cue_when_it_says_what_about(nlp, text, cue):
    from analysis.components.attribution_cues import AttributionCues

    doc = AttributionCues(nlp, use_model=False)(nlp(text))
    found = [(s.text, s._.kind) for s in doc.spans["cues"] if s._.kind == "adjective"]
    assert found == ([(cue, "adjective")] if cue else [])


def test_train_cues_refits_the_model_without_warning_that_the_old_one_is_stale(
        fixtures, tmp_path, monkeypatch, capsys):
    """The command is the cure for a stale model, so it does not warn of one while it loads
    the pipeline; it fits on train, reports the held-out fifth and writes the weights."""
    import shutil
    import warnings

    from analysis.components import attribution_cues as cues
    from analysis.evaluate import train_cues
    from analysis.pipeline.model import load_nlp

    shutil.copytree(fixtures / "dev", tmp_path / "train")
    monkeypatch.setattr(cues, "fingerprint", lambda entries: "another lexicon")
    load_nlp.cache_clear()  # the pipeline is built, and its model checked, anew
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", cues.StaleCueModelWarning)
            status = train_cues.main(["--data", str(tmp_path),
                                      "--output", str(tmp_path / "model.json")])
    finally:
        load_nlp.cache_clear()
    out = capsys.readouterr().out
    assert status == 0 and "held out for the threshold: 1" in out and "model at 0.35" in out
    model = CueModel.read(tmp_path / "model.json")
    assert model.threshold == 0.35 and "bias" in model.weights
