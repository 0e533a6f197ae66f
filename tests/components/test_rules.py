"""Rule units on hand-built parses, as spaCy's own tests build them: each rule is checked on
the parse it is written for, so a model upgrade that parses differently cannot hide a rule
bug (the example-sentence tests elsewhere check the rules with the real parser)."""
import pytest
import spacy
from spacy.tokens import Doc

from analysis.components import hedges
from analysis.components.attribution_cues import is_verb_cue, title_case_sentences
from analysis.components.mentions import can_speak, speaking_subject
from analysis.components.speakers import People, kind_of
from analysis.parse.syntax import Sentences, agent_of, is_passive, noun_phrase, subject_of
from analysis.text.lexicon import Entry

VOCAB = spacy.blank("en").vocab


def parse(words, heads, deps, pos, tags=None, lemmas=None, ents=None) -> Doc:
    """A doc with the given parse (heads as absolute indices)."""
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos,
               tags=tags or ["XX"] * len(words), lemmas=lemmas or [w.lower() for w in words],
               ents=ents)


def test_passive_agent_and_subject():
    doc = parse("The claim was denied by the ministry .".split(),
                [1, 3, 3, 3, 3, 6, 4, 3],
                ["det", "nsubjpass", "auxpass", "ROOT", "agent", "det", "pobj", "punct"],
                ["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "PUNCT"])
    denied = doc[3]
    assert is_passive(denied)
    assert agent_of(denied) == doc[6]
    assert subject_of(denied) == doc[1]
    assert noun_phrase(doc[6]).text == "the ministry"


def test_speaking_subject_is_shared_by_a_conjoined_verb():
    doc = parse("Katz smiled and said it .".split(), [1, 1, 1, 1, 3, 1],
                ["nsubj", "ROOT", "cc", "conj", "dobj", "punct"],
                ["PROPN", "VERB", "CCONJ", "VERB", "PRON", "PUNCT"])
    assert speaking_subject(doc[3]) == doc[0]


@pytest.mark.parametrize("word, pos, tag, speaks", [
    ("spokesman", "NOUN", "NN", True),  # a noun shaped for people
    ("ministry", "NOUN", "NN", True),  # a body that speaks as one
    ("residents", "NOUN", "NNS", True),
    ("Katz", "PROPN", "NNP", True),
    ("bill", "NOUN", "NN", False),
    ("notion", "NOUN", "NN", False),
])
def test_who_can_speak(word, pos, tag, speaks):
    doc = parse(["the", word, "said"], [1, 2, 2], ["det", "nsubj", "ROOT"],
                ["DET", pos, "VERB"], tags=["DT", tag, "VBD"],
                lemmas=["the", word.lower().rstrip("s") if tag == "NNS" else word.lower(),
                        "say"])
    assert can_speak(doc[1]) is speaks


def test_belief_needs_a_clause_to_attribute():
    believe = Entry("believe", "verb", "cognition")
    with_clause = parse("Officials believe that it works .".split(), [1, 1, 4, 4, 1, 1],
                        ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
                        ["NOUN", "VERB", "SCONJ", "PRON", "VERB", "PUNCT"],
                        tags=["NNS", "VBP", "IN", "PRP", "VBZ", "."])
    without = parse("Officials believe him .".split(), [1, 1, 1, 1],
                    ["nsubj", "ROOT", "dobj", "punct"], ["NOUN", "VERB", "PRON", "PUNCT"],
                    tags=["NNS", "VBP", "PRP", "."])
    assert is_verb_cue(with_clause[1], believe, Sentences(with_clause))
    assert not is_verb_cue(without[1], believe, Sentences(without))


def test_an_imperative_is_no_stance():
    support = Entry("support", "verb", "stance")
    held = parse("They support the troops .".split(), [1, 1, 3, 1, 1],
                 ["nsubj", "ROOT", "det", "dobj", "punct"],
                 ["PRON", "VERB", "DET", "NOUN", "PUNCT"], tags=["PRP", "VBP", "DT", "NNS", "."])
    appeal = parse("Support the troops !".split(), [0, 2, 0, 0],
                   ["ROOT", "det", "dobj", "punct"], ["VERB", "DET", "NOUN", "PUNCT"],
                   tags=["VB", "DT", "NNS", "."])
    assert is_verb_cue(held[1], support, Sentences(held))
    assert not is_verb_cue(appeal[0], support, Sentences(appeal))


def test_modal_rules():
    denied = parse("It could not rain .".split(), [3, 3, 3, 3, 3],
                   ["nsubj", "aux", "neg", "ROOT", "punct"],
                   ["PRON", "AUX", "PART", "VERB", "PUNCT"], tags=["PRP", "MD", "RB", "VB", "."])
    ability = parse("She could play the piano .".split(), [2, 2, 2, 4, 2, 2],
                    ["nsubj", "aux", "ROOT", "det", "dobj", "punct"],
                    ["PRON", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
                    tags=["PRP", "MD", "VB", "DT", "NN", "."])
    reported = parse("He said he would go .".split(), [1, 1, 4, 4, 1, 1],
                     ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
                     ["PRON", "VERB", "PRON", "AUX", "VERB", "PUNCT"],
                     tags=["PRP", "VBD", "PRP", "MD", "VB", "."])
    hypothesis = parse("A deal would help .".split(), [1, 3, 3, 3, 3],
                       ["det", "nsubj", "aux", "ROOT", "punct"],
                       ["DET", "NOUN", "AUX", "VERB", "PUNCT"], tags=["DT", "NN", "MD", "VB", "."])
    assert hedges.negated(denied[1])
    assert hedges.past_ability(ability[1])
    assert not hedges.would_hedges(reported[3])
    assert hedges.would_hedges(hypothesis[2])


def test_a_surname_resolves_to_the_fullest_name():
    doc = parse("Israel Katz spoke . Katz said it .".split(), [1, 2, 2, 2, 5, 5, 5, 5],
                ["compound", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "dobj", "punct"],
                ["PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PRON", "PUNCT"],
                ents=["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O", "O"])
    people = People([e for e in doc.ents if e.label_ == "PERSON"])
    assert people.fullest_name(doc.ents[1]) == "Israel Katz"


@pytest.mark.parametrize("word, pos, tag, ent, kind", [
    ("ministry", "NOUN", "NN", "", "organisation"),
    ("Hamas", "PROPN", "NNP", "ORG", "organisation"),
    ("officials", "NOUN", "NNS", "", "group"),
    ("spokesman", "NOUN", "NN", "", "anonymous"),
    ("Katz", "PROPN", "NNP", "", "person"),
])
def test_kind_of_speaker(word, pos, tag, ent, kind):
    doc = parse([word, "said"], [1, 1], ["nsubj", "ROOT"], [pos, "VERB"], tags=[tag, "VBD"],
                lemmas=[word.lower(), "say"], ents=[f"B-{ent}" if ent else "O", "O"])
    assert kind_of(doc[0]) == kind


def test_title_case_sentences_are_the_headlines():
    words = "Trump Slams Clinton Over Emails . The senator said nothing about Clinton 's emails ."
    doc = Doc(VOCAB, words=words.split(), sent_starts=[i in (0, 6) for i in range(15)])
    assert [s.text for s in title_case_sentences(doc)] == ["Trump Slams Clinton Over Emails ."]


def test_a_proposal_states_its_terms_but_guesses_at_its_effects():
    terms = parse("The deal would allow inspections .".split(), [1, 3, 3, 3, 4, 3],
                  ["det", "nsubj", "aux", "ROOT", "dobj", "punct"],
                  ["DET", "NOUN", "AUX", "VERB", "NOUN", "PUNCT"],
                  tags=["DT", "NN", "MD", "VB", "NNS", "."])
    assert not hedges.would_hedges(terms[2])
