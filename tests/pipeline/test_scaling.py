"""Crafted inputs of about 1 MB through the quote search, speaker resolution and hedges:
every lookup is by position, so these finish in seconds (a scan of every cue or quotation per
quotation took minutes). Only a tokenizer and a sentencizer run, so the test measures the
components, not spaCy's parser."""
import spacy

from analysis.components.hedges import Hedges
from analysis.components.quotes import Quotes
from analysis.components.speakers import Speakers
from analysis.text.passages import passages_of


def components_over(text: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    doc.spans["cues"] = []
    for component in (Quotes(nlp), Speakers(nlp), Hedges(nlp)):
        doc = component(doc)
    return doc


def test_a_megabyte_of_short_quoted_paragraphs():
    paragraph = '"We will not give up on this, of course," the mayor said.\n\n'
    doc = components_over(paragraph * (1_000_000 // len(paragraph)))
    assert len(doc.text) > 990_000
    assert len(doc.spans["quotes"]) == 1_000_000 // len(paragraph)
    assert len(doc.spans["hedges"]) == len(doc.spans["quotes"])  # one "of course" in each
    assert {h._.voice for h in doc.spans["hedges"]} == {"quoted"}


def test_a_megabyte_of_one_paragraph_with_unclosed_marks():
    doc = components_over('He said "we will win and ' * 40_000)
    assert len(doc.text) > 990_000
    _, passages = passages_of(doc)
    assert len(passages) == 40_000 and not any(p.closed for p in passages)
    assert len(doc.spans["quotes"]) == 0  # no cue governs them: scare quotes
