"""The components' factories: how spaCy builds each one from its name and config.

Registered as ``spacy_factories`` entry points (``pyproject.toml``), so after ``pip install``
a saved pipeline loads with ``spacy.load(DIR)`` and ``nlp.add_pipe("quotes")`` works in any
pipeline, without importing this package first. Tuning values live in each factory's
``default_config``; span keys are configurable, and a component whose input key is missing
says which component to add.

Order after the parser: ``attribution_cues`` -> ``quotes`` (the quote search) ->
``speakers`` (speaker resolution) -> ``hedges``; ``paragraph_breaks`` goes before the parser.
"""
from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .cues import CueFinder
from .extensions import register_extensions
from .hedges import HedgeFinder
from .quotes import QuoteFinder, QuoteSettings, SpeakerResolver, SpeakerSettings

register_extensions()


def break_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so a headline or a paragraph that ends
    without punctuation never runs into the next one. The starts are written as one array:
    setting ``token.is_sent_start`` one token at a time checks the whole doc each time."""
    starts = doc.to_array([SENT_START])
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            starts[token.i] = 1
    doc.from_array([SENT_START], starts)
    return doc


@Language.factory("paragraph_breaks", assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str):
    return break_paragraphs


@Language.factory(
    "attribution_cues",
    default_config={"lexicon_path": None, "model_path": None, "use_model": True,
                    "threshold": None, "spans_key": "cues"},
    requires=["token.dep", "token.tag", "token.lemma"],
    assigns=["doc.spans", "span._.lemma", "span._.category", "span._.kind"])
def make_attribution_cues(nlp: Language, name: str, lexicon_path: str | None,
                          model_path: str | None, use_model: bool, threshold: float | None,
                          spans_key: str):
    """``use_model=False`` keeps the hand-written rules' verdict on every candidate cue;
    ``threshold`` overrides the model's own."""
    return CueFinder(nlp, lexicon_path, model_path, use_model, threshold, name, spans_key)


@Language.factory(
    "quotes",
    default_config={"outlets_path": None, "cues_key": "cues", "spans_key": "attributions",
                    "tag_tokens": 6, "tag_tail": 3, "direct_overlap": 0.8},
    requires=["doc.spans", "span._.category", "token.dep", "doc.ents"],
    assigns=["doc.spans", "span._.speaker_head", "span._.passage", "span._.via"])
def make_quotes(nlp: Language, name: str, outlets_path: str | None, cues_key: str,
                spans_key: str, tag_tokens: int, tag_tail: int, direct_overlap: float):
    """``tag_tokens``: how far after a closing mark a tag may start; ``tag_tail``: words a
    tag may run on after its verb; ``direct_overlap``: the share of a reported content that,
    once quoted, makes it that quotation rather than a second attribution."""
    settings = QuoteSettings(tag_tokens, tag_tail, direct_overlap)
    return QuoteFinder(nlp, name, cues_key, spans_key, outlets_path, settings)


@Language.factory(
    "speakers",
    default_config={"attributions_key": "attributions", "cues_key": "cues",
                    "spans_key": "quotes", "group_lookback": 3, "person_lookback": 6,
                    "continuation_paragraphs": 2},
    requires=["doc.spans", "span._.speaker_head", "doc.ents"],
    assigns=["doc.spans", "span._.speaker", "span._.speaker_kind", "span._.attribution"])
def make_speakers(nlp: Language, name: str, attributions_key: str, cues_key: str,
                  spans_key: str, group_lookback: int, person_lookback: int,
                  continuation_paragraphs: int):
    """The lookbacks bound how far back a pronoun's antecedent and a quotation-only
    paragraph's speaker are sought."""
    settings = SpeakerSettings(group_lookback, person_lookback, continuation_paragraphs)
    return SpeakerResolver(nlp, name, attributions_key, cues_key, spans_key, settings)


@Language.factory(
    "hedges",
    default_config={"lexicon_path": None, "quotes_key": "quotes", "spans_key": "hedges",
                    "number_window": 3},
    requires=["doc.spans", "span._.speaker", "token.tag", "token.dep"],
    assigns=["doc.spans", "span._.voice", "span._.category"])
def make_hedges(nlp: Language, name: str, lexicon_path: str | None, quotes_key: str,
                spans_key: str, number_window: int):
    """``number_window``: how many words after an approximator ("about") a number may come."""
    return HedgeFinder(nlp, lexicon_path, name, quotes_key, spans_key, number_window)
