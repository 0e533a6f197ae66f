"""Hedges (and boosters): how surely each claim is put, and in whose voice.

Words come from ``lexicons/hedges.csv``; the parse decides whether each occurrence hedges:

- modals count only as modals (tag MD), so "May" the month never does; ``would`` is not a
  hedge in "would like/love/prefer/rather" (volition) nor as the future of reported speech
  ("he said he would go"); ``can``/``could`` under negation stay hedges (they still mark
  possibility), but ``cannot`` of a first-person refusal does not;
- approximators ("about", "around", "some", "nearly", ...) count only before a number;
- epistemic verbs ("believe", "think") with a *named* subject are the reporting cue of that
  source, not the reporter's hedge; with an unnamed, plural or first-person subject they hedge;
- every hedge inside a quotation is in the ``quoted`` voice, with that quote's speaker;
  everything else is the ``reporter``'s own.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .lexicon import Entry, by_cue, load_lexicon

HEDGE_LABEL = "HEDGE"
VOLITION = frozenset({"like", "love", "prefer", "rather", "want", "hate"})
NUMBER_WINDOW = 3


class HedgeFinder:
    """Pipeline component writing ``doc.spans["hedges"]`` (reads ``doc.spans["quotes"]``)."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None):
        entries = load_lexicon("hedges", lexicon_path)
        self.words = by_cue([e for e in entries if " " not in e.cue])
        self.phrases = by_cue([e for e in entries if " " in e.cue])
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for text in self.phrases:
            self.matcher.add(text, [nlp.make_doc(text)])

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        taken: set[int] = set()
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                spans.append(hedge_span(doc, start, end, self.phrases[doc.vocab.strings[match_id]]))
        for token in doc:
            if token.i in taken:
                continue
            entry = self.words.get(token.lower_) or self.words.get(token.lemma_.lower())
            if entry and is_hedge(token, entry):
                spans.append(hedge_span(doc, token.i, token.i + 1, entry))
        quotes = [q for q in doc.spans.get("quotes", []) if q._.kind in ("direct", "partial")]
        for span in spans:
            set_voice(span, quotes)
        doc.spans["hedges"] = sorted(spans, key=lambda s: s.start)
        return doc


def hedge_span(doc: Doc, start: int, end: int, entry: Entry) -> Span:
    span = Span(doc, start, end, label=HEDGE_LABEL)
    span._.lemma = entry.cue
    span._.category = entry.category
    span._.kind = entry.kind
    return span


def set_voice(span: Span, quotes: list[Span]) -> None:
    quote = next((q for q in quotes
                  if q._.content_start <= span.start_char < q._.content_end), None)
    span._.voice = "quoted" if quote is not None else "reporter"
    span._.speaker = quote._.speaker if quote is not None else ""


def is_hedge(token: Token, entry: Entry) -> bool:
    """Whether this occurrence of a lexicon word hedges (see the module docstring)."""
    if entry.kind == "modal":
        return token.tag_ == "MD" and modal_hedges(token)
    if entry.category == "approximator":
        return before_number(token)
    if entry.kind == "verb":  # not "regarding the ceasefire" (a preposition)
        return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("prep", "amod") \
            and not named_source(token)
    if entry.kind == "adjective":
        return token.pos_ == "ADJ"
    if entry.kind == "adverb":
        return token.pos_ in ("ADV", "ADJ")
    if entry.kind == "noun":
        return token.pos_ == "NOUN"
    return True


def modal_hedges(modal: Token) -> bool:
    verb = modal.head
    if modal.lower_ in ("would", "'d"):
        following = modal.doc[modal.i + 1: modal.i + 3]
        if verb.lemma_ in VOLITION or any(t.lower_ in VOLITION for t in following):
            return False
        if verb.dep_ == "ccomp" and verb.head.lemma_ in ("say", "tell", "promise", "vow",
                                                         "announce", "insist", "pledge"):
            return False  # the future of reported speech
    return True


def before_number(token: Token) -> bool:
    following = token.doc[token.i + 1: token.i + 1 + NUMBER_WINDOW]
    return any(t.like_num or t.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
               for t in following)


def named_source(verb: Token) -> bool:
    """'Katz believes ...' reports a named source's view: a cue, not the reporter's hedge."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.ent_type_ in ("PERSON", "ORG") \
        and subject.lower_ not in ("i", "we")
