"""The analysis as spaCy pipeline components, added after the parser.

``attribution_cues`` writes ``doc.spans["cues"]``, ``quotes`` writes ``doc.spans["quotes"]``
(direct, partial and indirect attributions with their speakers) and ``hedges`` writes
``doc.spans["hedges"]`` (hedges and boosters, each in the reporter's or a quoted voice).
Attributes live in Span extensions holding plain values (strings, ints), so docs survive
``nlp.pipe(..., n_process=2)``, keyed by span label so a cue and a hedge on the same words
keep their own attributes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .articles import Article

COMPONENTS = ("attribution_cues", "quotes", "hedges")

SPAN_ATTRIBUTES = {
    "kind": "",  # quotes: direct | partial | indirect; cues: verb | phrase | noun; hedges: kind
    "content_start": None,  # quotes: the quoted or reported content, without its marks
    "content_end": None,
    "speaker": "",
    "speaker_mention": "",
    "speaker_start": None,
    "speaker_end": None,
    "speaker_kind": "",
    "role_start": None,
    "role_end": None,
    "cue": "",
    "cue_start": None,
    "cue_end": None,
    "via": "",
    "agentless": False,
    "closed": True,
    "attribution": 0,  # quotes: rows of one attribution (a split quote's halves) share it
    "lemma": "",
    "category": "",
    "voice": "",
}


def _stored(name: str, default):
    """A getter/setter pair keyed by (name, label, offsets): spaCy keys plain span extensions
    by offsets only, so the cue "believe" and the hedge "believe" would share their values."""

    def key(span: Span) -> tuple:
        return ("analysis", name, span.label_, span.start_char, span.end_char)

    def getter(span: Span):
        return span.doc.user_data.get(key(span), default)

    def setter(span: Span, value) -> None:
        span.doc.user_data[key(span)] = value

    return getter, setter


def register_extensions() -> None:
    """Register the Span extensions once (spaCy keeps them process-wide)."""
    for name, default in SPAN_ATTRIBUTES.items():
        if not Span.has_extension(name):
            getter, setter = _stored(name, default)
            Span.set_extension(name, getter=getter, setter=setter)


register_extensions()


def lexicon_span(doc: Doc, start: int, end: int, entry, label: str) -> Span:
    """A span for a lexicon match (a cue or a hedge), carrying its row's lemma, category and
    kind."""
    span = Span(doc, start, end, label=label)
    span._.lemma = entry.cue
    span._.category = entry.category
    span._.kind = entry.kind
    return span


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so a headline or a paragraph that ends
    without punctuation never runs into the next one."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


@Language.factory("attribution_cues",
                  default_config={"lexicon_path": None, "model_path": None, "use_model": True})
def make_attribution_cues(nlp: Language, name: str, lexicon_path: str | None,
                          model_path: str | None, use_model: bool):
    """``use_model=False`` keeps the hand-written rules' verdict on every candidate cue."""
    from .cues import CueFinder

    return CueFinder(nlp, lexicon_path, model_path, use_model)


@Language.factory("quotes", default_config={"outlets_path": None})
def make_quotes(nlp: Language, name: str, outlets_path: str | None):
    from .quotes import QuoteFinder

    return QuoteFinder(nlp, outlets_path)


@Language.factory("hedges", default_config={"lexicon_path": None})
def make_hedges(nlp: Language, name: str, lexicon_path: str | None):
    from .hedges import HedgeFinder

    return HedgeFinder(nlp, lexicon_path)


def analyse(article: Article, nlp: Language | None = None) -> Doc:
    """Run the pipeline over an article's analysis text (same length as the file's text)."""
    from .model import load_nlp

    nlp = nlp or load_nlp()
    doc = nlp(article.analysis_text)
    doc.user_data["article"] = article.id
    return doc


def analyse_many(articles: Iterable[Article], nlp: Language | None = None, n_process: int = 1,
                 batch_size: int = 32) -> Iterator[tuple[Article, Doc]]:
    """Stream (article, doc) pairs through ``nlp.pipe``; ``n_process`` > 1 uses more cores."""
    from .model import load_nlp

    nlp = nlp or load_nlp()
    pairs = ((a.analysis_text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process,
                                 batch_size=batch_size):
        doc.user_data["article"] = article.id
        yield article, doc
