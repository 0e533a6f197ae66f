"""Attribution cues: the verbs and phrases that attribute content to a source.

Cues are found by lemma *and* syntax, not by string, and only in the article's own voice
(a "said" inside a quotation belongs to the person quoted): a reporting verb counts when it heads
an attribution (it has a speaker or a reported content), not when it is an adjective
("the alleged fraud") or part of "so-called"; phrasal cues ("according to") are matched
on lowercase token sequences; nominal cues ("his claim that ...") need a content or an owner.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .lexicon import Entry, by_cue, load_lexicon

CUE_LABEL = "CUE"
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "parataxis", "advcl"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
ASPECTUAL = {"continue", "go on"}
LEMMA_SLIPS = {"hoped": "hope", "hoping": "hope"}  # the small model lemmatises these to "hop"
NOT_CUE_DEPS = {"amod", "compound", "acomp", "npadvmod"}


class CueFinder:
    """Pipeline component writing ``doc.spans["cues"]``."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None):
        entries = load_lexicon("cues", lexicon_path)
        self.verbs = by_cue(entries, ("verb",))
        self.nouns = by_cue(entries, ("noun",))
        self.phrases = by_cue(entries, ("phrase",))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for text in self.phrases:
            self.matcher.add(text, [nlp.make_doc(text)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [*self._phrase_cues(doc)]
        taken = {t.i for span in spans for t in span} | quoted_tokens(doc)
        for token in doc:
            if token.i in taken:
                continue
            if token.pos_ in ("VERB", "AUX"):
                found = self.verb_entry(token)
                # "wants to defend X": what is wanted, not a second attribution
                nested = token.dep_ == "xcomp" and token.head.i in taken
                if found and not nested and is_verb_cue(token, found[0]):
                    entry, end = found
                    spans.append(cue_span(doc, token.i, end, entry))
                    taken.update(range(token.i, end))
                continue
            entry = self.nouns.get(token.lemma_.lower())
            if entry and is_noun_cue(token) and not part_of_verb_cue(token, taken):
                spans.append(cue_span(doc, token.i, token.i + 1, entry))
        doc.spans["cues"] = sorted(spans, key=lambda s: s.start)
        return doc

    def verb_entry(self, token: Token) -> tuple[Entry, int] | None:
        """The lexicon entry of a verb, two-word verbs first ("point out", "call for")."""
        lemma = LEMMA_SLIPS.get(token.lower_, token.lemma_.lower())
        if token.i + 1 < len(token.doc):
            following = token.nbor(1)
            entry = self.verbs.get(f"{lemma} {following.lower_}")
            if entry and following.head == token:
                return entry, token.i + 2
        entry = self.verbs.get(lemma)
        return (entry, token.i + 1) if entry else None

    def _phrase_cues(self, doc: Doc):
        taken: set[int] = quoted_tokens(doc)
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            entry = self.phrases[doc.vocab.strings[match_id]]
            yield cue_span(doc, start, end, entry)


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quotation marks: a cue there is the quoted speaker's, not the article's
    ("I think", "as I said"), so it attributes nothing in the article's own voice."""
    from .quotes import passages_of

    inside = set()
    for p in passages_of(doc):
        span = doc.char_span(p.content_start, p.content_end, alignment_mode="contract")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def cue_span(doc: Doc, start: int, end: int, entry: Entry) -> Span:
    span = Span(doc, start, end, label=CUE_LABEL)
    span._.lemma = entry.cue
    span._.category = entry.category
    span._.kind = entry.kind
    return span


SPEECH_CATEGORIES = frozenset(
    "neutral assertive doubt confession manner denial accusation question".split())


def is_verb_cue(token: Token, entry: Entry) -> bool:
    """A reporting verb that attributes. Speech verbs need a speaker or a content; verbs of
    belief and evidence need a clause ("think that ...", "found Trump to be ..."), verbs of
    stance an object or a clause ("support the bill"); "continue" and "go on" report speech
    only when they introduce it, not before an infinitive ("continues to be")."""
    if token.dep_ in NOT_CUE_DEPS:
        return False
    if token.i > 0 and token.nbor(-1).lower_ in ("so", "-") and token.lower_ == "called":
        return False
    deps = {child.dep_ for child in token.children}
    if entry.category in ("cognition", "evidential"):
        return bool(deps & CLAUSE_DEPS) or "oprd" in deps
    if entry.category not in SPEECH_CATEGORIES:
        return bool(deps & CONTENT_DEPS) or token.dep_ in ("relcl", "parataxis") and \
            bool(deps & SUBJECT_DEPS)
    if entry.cue in ASPECTUAL:
        return "xcomp" not in deps and ("ccomp" in deps or any(t.is_quote for t in token.sent))
    if deps & SUBJECT_DEPS or deps & CONTENT_DEPS or "agent" in deps:
        return True
    # "..., said a spokesman" and "..., he said" are parsed in many ways; a quotation
    # mark in the sentence is evidence enough for a reporting verb.
    return any(t.is_quote for t in token.sent)


def part_of_verb_cue(noun: Token, verb_cues: set[int]) -> bool:
    """'said in a statement': the noun only says where the verb cue's words appeared."""
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in verb_cues


def is_noun_cue(token: Token) -> bool:
    """A reporting noun with a content ("the claim that ...") or an owner ("his denial")."""
    if token.pos_ != "NOUN":
        return False
    deps = {child.dep_ for child in token.children}
    if deps & {"acl", "ccomp", "relcl"} and any(
        child.lower_ == "that" for child in token.subtree if child.i > token.i
    ):
        return True
    return "poss" in deps or token.dep_ in ("dobj", "pobj") and token.head.lemma_ in (
        "issue", "release", "make", "in"
    )
