"""Small readings of spaCy's parse shared by the components: subjects, agents, noun phrases,
clauses, passives, longest phrase matches, and per-sentence facts computed once per doc.

Nothing here knows about quotes, cues or hedges; the components build on it.
"""
from __future__ import annotations

from collections.abc import Container, Iterable
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import IS_QUOTE, LEMMA, ORTH, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..text.lexicon import word_list
from ..text.passages import QUOTE_TOKENS

PERSONAL_PRONOUNS = word_list("personal_pronouns")
DASHES = ("-", "–", "—", "--")
# Each doc's sentence index and lowercase lemmas, for as long as the doc lives.
_SENTENCES: WeakKeyDictionary = WeakKeyDictionary()
_LEMMAS: WeakKeyDictionary = WeakKeyDictionary()


class LowercaseColumn:
    """One of a doc's string arrays (``LEMMA``, say) with the lowercase form of each distinct
    string looked up once, so that word lists are tested on the doc with no Token object made
    (a pass over the tokens makes one for every word) and no string decoded twice."""

    def __init__(self, doc: Doc, column: numpy.ndarray):
        strings = doc.vocab.strings
        self.column = column
        self.lowercase = {h: strings[h].lower() for h in set(column.tolist())}

    @classmethod
    def lemmas_of(cls, doc: Doc) -> LowercaseColumn:
        """The doc's ``LEMMA`` column, made on the first call and kept while the doc lives:
        the cue finder and the hedge finder both test lemmas against their lexicons."""
        lemmas = _LEMMAS.get(doc)
        if lemmas is None:
            lemmas = _LEMMAS[doc] = cls(doc, doc.to_array(LEMMA))
        return lemmas

    def among(self, words: Container[str]) -> numpy.ndarray:
        """Which tokens' lowercase string is one of ``words``, as a boolean array."""
        return numpy.isin(self.column, [h for h, text in self.lowercase.items() if text in words])


def is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ == "PERSON"


def subject_of(verb: Token, deps: Iterable[str] = ("nsubj", "nsubjpass")) -> Token | None:
    """The verb's first child in one of the subject relations ``deps``."""
    return next((c for c in verb.children if c.dep_ in deps), None)


def agent_of(verb: Token) -> Token | None:
    """The noun of a passive's "by" phrase ("was denied by the ministry")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def is_spaced_dash(token: Token) -> bool:
    """A dash with a space on either side, which sets phrases apart, unlike the hyphen of a
    word the tokenizer split ("Seitz-Wald")."""
    return token.text in DASHES and bool(token.whitespace_) and token.i > 0 and \
        bool(token.doc[token.i - 1].whitespace_)


def word_start(doc: Doc, start: int) -> int:
    """Where the word at token ``start`` begins: the tokenizer splits a word at its hyphens
    ("counter-accused", "evidence-free"), which, unlike a spaced dash, have no space around."""
    while start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and \
            not doc[start - 2].whitespace_:
        start -= 2
    return start


def noun_phrase_head(token: Token) -> Token:
    """The head noun of the phrase a token belongs to ("Daron" -> "Shaw")."""
    while token.dep_ in ("compound", "flat", "amod") and token.head.i > token.i \
            and token.head.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def noun_phrase(head: Token) -> Span:
    """The head with its left modifiers and right compound parts ("Israel Katz"), from after
    a dash set apart by spaces ("just early - Mark Blumenthal")."""
    doc = head.doc
    start = head.left_edge.i
    for token in doc[start + 1:head.i]:
        if is_spaced_dash(token):
            start = token.i + 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = head.i + 1
    while end < len(doc) and doc[end].dep_ in ("compound", "flat") and doc[end].head == head:
        end += 1
    return doc[start:end]


def clause_tokens(token: Token) -> Span:
    """The contiguous span of a token's subtree without edge punctuation or spaces."""
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i + 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) \
            and doc[end - 1].text not in (".", "?", "!"):
        end -= 1
    return doc[start:end]


# the prepositions that open what an adjective of belief, feeling or stance is about
ADJECTIVE_PREPOSITIONS = frozenset("of about with on to at over in for".split())


def adjective_complement(adjective: Token) -> Token | None:
    """What an adjective after 'be' is about: a clause ("confident *that he will win*"), an
    infinitive ("eager *to run*") or a preposition's object ("critical *of the plan*")."""
    for child in adjective.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return child
        if child.dep_ == "prep" and child.lower_ in ADJECTIVE_PREPOSITIONS:
            target = prepositional_object(child)
            if target is not child:
                return target
    return None


def prepositional_object(token: Token) -> Token:
    """What a preposition introduces ("accused him of *lying*", "asked about *the emails*");
    the preposition itself when it introduces nothing, and any other token as it is."""
    if token.dep_ != "prep":
        return token
    return next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), token)


def set_in_clause(verb: Token) -> bool:
    """'Many of the closures, he said, have involved ...', 'As Marcus puts it, Obama is ...':
    a verb set inside the clause it is about, as a parataxis with a subject of its own or as
    an "as" clause."""
    if verb.dep_ == "parataxis":
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as"
                                        for c in verb.children)


def with_auxiliaries(span: Span) -> Span:
    """The span widened to its head's auxiliaries and negation before it and its particles
    after it ("has not denied", "pointed out"), as attribution corpora mark a cue."""
    root = span.root
    start, end = span.start, span.end
    for child in root.children:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i < start:
            start = child.i
        elif child.dep_ == "prt" and child.i >= end:
            end = child.i + 1
    return span.doc[start:end]


def longest_matches(matcher: PhraseMatcher, doc: Doc,
                    taken: Iterable[int] = ()) -> list[tuple[str, int, int]]:
    """(phrase, start, end) of the phrase matches, longest first where they overlap, none over
    a token in ``taken``; in reading order."""
    blocked = set(taken)
    found = []
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if blocked.isdisjoint(range(start, end)):
            blocked.update(range(start, end))
            found.append((doc.vocab.strings[match_id], start, end))
    return found


class Sentences:
    """Each token's sentence start and end, whether that sentence holds a quotation mark and
    which tokens are quotation marks (``QUOTE_TOKENS``, looked up by index), read off the
    doc's arrays in one pass and kept per doc (``of_doc``): ``token.sent`` walks the sentence
    on every call, which on a long sentence makes a loop over its tokens quadratic, and
    ``doc.sents`` makes a Token object of every word."""

    def __init__(self, doc: Doc):
        # No reference to the doc itself: kept per doc in a WeakKeyDictionary, the index would
        # keep its doc alive for ever.
        self.starts: list[int] = [0] * len(doc)
        self.ends: list[int] = [0] * len(doc)
        self.quoted: dict[int, bool] = {}
        self.marks: set[int] = set()
        if not len(doc):
            return
        flags = doc.to_array([SENT_START, IS_QUOTE, ORTH])
        marks = [doc.vocab.strings[mark] for mark in QUOTE_TOKENS]
        self.marks = set(numpy.flatnonzero(numpy.isin(flags[:, 2], marks)).tolist())
        opens = flags[:, 0] == 1
        opens[0] = True
        bounds = numpy.append(numpy.flatnonzero(opens), len(doc))
        lengths = numpy.diff(bounds)
        quotes = numpy.add.reduceat(flags[:, 1], bounds[:-1])
        self.starts = numpy.repeat(bounds[:-1], lengths).tolist()
        self.ends = numpy.repeat(bounds[1:], lengths).tolist()
        self.quoted = dict(zip(bounds[:-1].tolist(), (quotes > 0).tolist(), strict=True))

    @classmethod
    def of_doc(cls, doc: Doc) -> Sentences:
        """The doc's index, made on the first call."""
        index = _SENTENCES.get(doc)
        if index is None:
            index = _SENTENCES[doc] = cls(doc)
        return index

    def of(self, token: Token) -> Span:
        return token.doc[self.starts[token.i]:self.ends[token.i]]

    def has_quote(self, token: Token) -> bool:
        return self.quoted[self.starts[token.i]]
