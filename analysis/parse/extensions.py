"""The Span extensions the components write, registered once, process-wide.

Values are plain (strings, ints, tuples) and live in ``doc.user_data``, so docs survive
``nlp.pipe(..., n_process=2)`` and ``Doc.to_bytes``: one dict of values per span, keyed by
span label as well as offsets (and by span id, which rows on the same words carry): spaCy keys
plain span extensions by offsets only, so the cue "believe" and the hedge "believe" would
otherwise share their values. One entry per span, not per value: a row reads twenty values
of a span, each found with one look-up of the span's key. A name another library registered
first is an error, never a silent overwrite.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

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
    # quotes: the content and cue as the attribution literature marks them (PolNeAR): the
    # content with its quotation marks, the cue with its auxiliaries, negation and particles
    "source_span_start": None,  # the speaker's whole noun phrase ("Joel Pollak of Breitbart")
    "source_span_end": None,
    "content_span_start": None,
    "content_span_end": None,
    "cue_span_start": None,
    "cue_span_end": None,
    "lemma": "",
    "category": "",
    "voice": "",
    # what the quote search hands to speaker resolution (``doc.spans["attributions"]``)
    "speaker_head": None,  # token index of the speaker's head word, before resolution
    "passage": None,  # the quotation passage as a tuple (see passages.Passage)
    "transcript": False,  # a quoted transcript line opening with its speaker's label
    "paragraph": 0,
}
OWNER = "analysis"


class MissingSpans(KeyError):
    """A component ran before the one that writes the span group it reads."""

    def __init__(self, component: str, key: str, writer: str):
        super().__init__(f"the {component} component needs doc.spans[{key!r}], written by the "
                         f"{writer} component: add {writer!r} before it in the pipeline")


def required_spans(doc: Doc, key: str, component: str, writer: str) -> list[Span]:
    """The span group ``key``, or a clear error naming the component that writes it."""
    if key not in doc.spans:
        raise MissingSpans(component, key, writer)
    return list(doc.spans[key])


class ExtensionClash(RuntimeError):
    """Another library registered a Span extension of the same name."""


def _key(span: Span) -> tuple:
    """What keys a span's dict of values in ``doc.user_data``."""
    return (OWNER, span.label_, span.id, span.start_char, span.end_char)


def _stored(name: str, default):
    def getter(span: Span):
        return span.doc.user_data.get(_key(span), {}).get(name, default)

    def setter(span: Span, value) -> None:
        span.doc.user_data.setdefault(_key(span), {})[name] = value

    getter.owner = setter.owner = OWNER
    return getter, setter


def values_of(span: Span, names: Iterable[str] = SPAN_ATTRIBUTES) -> dict:
    """Every extension value of a span (or those ``names``), its key computed once: a table
    row reads many, and ``span._.name`` computes the span's label and offsets again for
    each."""
    stored = span.doc.user_data.get(_key(span), {})
    return {name: stored.get(name, SPAN_ATTRIBUTES[name]) for name in names}


def set_values(span: Span, values: dict) -> None:
    """Set several extension values of a span (names of ``SPAN_ATTRIBUTES``), in order, its
    key computed once: ``span._.name = value`` makes an accessor object and computes the
    span's label and offsets again for each name, and a row sets twenty."""
    stored = span.doc.user_data.setdefault(_key(span), {})
    for name, value in values.items():
        if name not in SPAN_ATTRIBUTES:
            raise AttributeError(f"no span extension {name!r}")
        stored[name] = value


def lexicon_values(span: Span) -> tuple[str, str, str]:
    """A lexicon span's lemma, category and kind (see ``lexicon_span``), its key computed
    once: the cue finder reads them for every candidate, and ``span._.name`` makes an
    accessor object and computes the span's key again for each name."""
    stored = span.doc.user_data.get(_key(span), {})  # "" is each one's default
    return (stored.get("lemma", ""), stored.get("category", ""), stored.get("kind", ""))


def register_extensions() -> None:
    """Register the Span extensions (idempotent); fail on a name another library holds."""
    for name, default in SPAN_ATTRIBUTES.items():
        if Span.has_extension(name):
            _, _, getter, _ = Span.get_extension(name)
            if getattr(getter, "owner", None) != OWNER:
                raise ExtensionClash(
                    f"Span._.{name} is already registered by another library; the analysis "
                    f"components need it (remove the other extension or load them apart)")
            continue
        getter, setter = _stored(name, default)
        Span.set_extension(name, getter=getter, setter=setter)


def lexicon_span(doc: Doc, start: int, end: int, entry, label: str) -> Span:
    """A span for a lexicon match (a cue or a hedge), carrying its row's lemma, category and
    kind."""
    span = Span(doc, start, end, label=label)
    set_values(span, {"lemma": entry.cue, "category": entry.category, "kind": entry.kind})
    return span


register_extensions()
