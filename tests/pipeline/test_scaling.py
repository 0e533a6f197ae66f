"""Crafted inputs of about 1 MB through the quote search, speaker resolution and hedges:
every lookup is by position, so these finish in seconds (a scan of every cue or quotation per
quotation took minutes). Only a tokenizer and a sentencizer run, so the test measures the
components, not spaCy's parser."""
import time

import spacy
from spacy.tokens import Doc

from analysis.components.hedges import Hedges
from analysis.components.quotes import Quotes
from analysis.components.speakers import Speakers
from analysis.pipeline.model import COMPONENTS, load_nlp
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


def news_with_quotations(paragraphs: int) -> str:
    """A transcript-like article: every paragraph a quotation with its speaker and cue, and a
    reported statement, as a long interview or hearing has hundreds of."""
    speakers = ("Mayor Ann Smith", "Councillor Raj Patel", "Police Chief Maria Lopez",
                "Senator John Reed", "the union's spokesman")
    lines = [f'"We will not give up on item {n}, whatever it costs," {speakers[n % 5]} said. '
             f"{'She' if n % 2 else 'He'} added that the vote on item {n} could come soon."
             for n in range(paragraphs)]
    return "Council hears the budget\n\n" + "\n\n".join(lines) + "\n"


def components_seconds(nlp, text: str) -> float:
    """The project's components' time over one parsed text (best of three), without the parse."""
    parsed = nlp(text, disable=list(COMPONENTS))
    best = float("inf")
    for _ in range(3):
        doc = Doc.from_docs([parsed])  # a fresh copy: the components write span groups
        began = time.perf_counter()
        for name in COMPONENTS:
            doc = nlp.get_pipe(name)(doc)
        best = min(best, time.perf_counter() - began)
    assert len(doc.spans["quotes"]) >= text.count('"') // 2
    return best


def test_the_components_grow_linearly_with_an_article_of_many_quotations():
    """Ten times the quotations cost about ten times the time; a pass that rereads the whole
    text for every quotation would cost about a hundred times (a bound of 30 leaves room for
    a busy machine, not for a quadratic)."""
    nlp = load_nlp()
    small = components_seconds(nlp, news_with_quotations(60))
    large = components_seconds(nlp, news_with_quotations(600))
    assert large / small < 30, f"{large:.2f} s for 600 quotations, {small:.3f} s for 60"
