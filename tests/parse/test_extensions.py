"""Span values set and read under one key per span are the ``span._`` values."""
import pytest
import spacy
from spacy.tokens import Doc, Span

from analysis.parse.extensions import lexicon_values, set_values, values_of

VOCAB = spacy.blank("en").vocab


def test_values_set_at_once_read_as_extensions_and_by_name():
    doc = Doc(VOCAB, words=["Officials", "said", "so", "."])
    cue = Span(doc, 1, 2, label="CUE")
    set_values(cue, {"lemma": "say", "category": "neutral", "kind": "verb"})
    assert (cue._.lemma, cue._.category, cue._.kind) == ("say", "neutral", "verb")
    assert lexicon_values(cue) == ("say", "neutral", "verb")
    assert values_of(cue, ("kind", "speaker")) == {"kind": "verb", "speaker": ""}
    # the same words under another label keep their own values
    assert values_of(Span(doc, 1, 2, label="HEDGE"), ("lemma",)) == {"lemma": ""}


def test_an_unknown_value_name_is_an_error():
    doc = Doc(VOCAB, words=["Officials", "said", "so", "."])
    with pytest.raises(AttributeError, match="speeker"):
        set_values(Span(doc, 1, 2, label="CUE"), {"speeker": "Officials"})
