"""Hedges (and boosters): how surely each claim is put, and in whose voice.

Words come from ``lexicons/hedges.csv``; the parse (tag, head, subject, dependency) decides
whether each occurrence hedges. Each rule is one small function below. The figures in
brackets were measured on the *tune* half of the Szeged Uncertainty Corpus (Wikipedia), as
false positives removed / gold cues lost; the test half is only for reporting. Figures marked
"news" were measured on the tune half of its news part (FactBank dev, the documents at even
positions); its test half (odd positions) is only for reporting.

- ``modal``: a modal counts only with the tag MD, so "May" the month never does.
- ``before_number``: approximators ("about", "some", "nearly") only before a number; "talked
  about it" is not a hedge.
- ``negated`` (can, could): "cannot", "could not" deny a possibility rather than hedge one
  [50/0].
- ``can_hedges``: "can" is mostly plain ability or permission; it hedges only before a verb
  of interpretation ("can be seen as", "can be read as"), a causal verb ("can cause", "can
  lead to") or a verb of undergoing ("you can suffer", "can fail", "can die"): in all three
  it says that an event *may happen* to or through the subject, not what someone is able
  to do ["can" went from 16 right of 318 to 12 of 53: 261 false removed, 4 gold lost].
- ``past_ability`` (could): "she could play the piano" with a person or personal pronoun as
  subject and a main verb other than be/have is past ability [5/1], not before a verb of
  undergoing or causing ("he could face a battle", "she could lose her seat");
  ``preposition_use``: a gerund with a clause after a preposition ("by believing that ...")
  is a verb [1 gold recovered, 0 FP; news: 2/0].
- ``should`` is left out of the lexicon (a commented row): in news it is almost always an
  obligation or advice ("Hamas should disarm") [70/1].
- ``would_hedges``: "would" is not a hedge in a wish ("would like/love") [3/0], in narrative
  future-in-past ("he would later become", "would never return") nor past habit ("would
  often play") [17/0, then 8 more with the adverb anywhere on the verb], nor anywhere
  inside a reported clause ("he said he would go") [38/0]; it stays in relative clauses
  ("a deal which would allow") and in conditions.
- ``refuses``, ``reporting_aside``, ``describes_proposal`` (would): "he would not comment"
  (before a verb of telling) is a refusal; a clause with "she said" set inside it is
  reported like one that follows "said"; "under the agreement, each side would withdraw"
  states what the agreement provides [1/0; news: 5/0]. ``asked`` (modals): in an indirect
  question ("whether the truce would hold", "asked if the talks could resume") the question
  leaves the matter open, not the modal [news: 1/0]. "Could" that a past verb reports
  ("officials said the treaty could collapse") stays a hedge: read as the past of "can" it
  lost more gold cues than false ones [news: 1 false removed, 1 gold lost].
- ``has_complement`` (appear): only with a to-clause, that-clause or adjective ("appears
  likely", "appears to be"), not "appeared in the film"; "seem" always has one, so it is
  left alone ["appear" went from 15 right of 99 to 12 of 32: 64/3].
- ``looks_like`` (look): only with a clause, "it looks as if / as though ..." ("looks
  like a star" is a likeness, "looked at" a look) [1 FP added; news: 2 gold recovered, 1 FP
  added].
- ``has_clause`` (think, feel, indicate): only with a clause ("think that ..."), not "feel
  pain" or "indicate the way".
- ``passive`` (think, feel, indicate): the passive "is thought (by some) to" also hedges,
  with nobody named [7 gold recovered].
- ``weighs`` (consider): "the Senate considered the bill", "is considering selling its
  stake", "now consider a triangle" weigh a course or look at something; "is considered the
  best", "consider him a friend", "Livingston, considered a formidable lobbyist" give an
  opinion. ``expects_something`` (expect): "worse than expected", "the sale had been
  expected" name an expectation that came true; "expects to report", "expects a loss"
  predict [14/4; news: 10/0].
- ``viewed_as`` (view): "what they view as", not "to view the stars"; ``has_clause``
  (question): "critics questioned whether", not "police questioned the suspect" (added
  from cues the corpus marks and the lexicon lacked: view 11, question(ed) 8 on tune).
- ``preposition_use`` (regard): "regarding the ceasefire" and "with regard to" are
  prepositions, not opinions [17/1].
- ``possible_hedges``: not "as soon as possible", "made it possible", "the best possible",
  "all possible means", "it is possible to do" nor "access is possible" (predicative
  without a that-clause: something can be done, not an uncertain fact) [60/2]; "the
  possible ceasefire" and "it is possible that" stay.
- ``noun_has_complement``: epistemic nouns hedge when they say what is uncertain ("the belief
  that", "possibility of", "prospects of a deal"), not as bare nouns ("a chance").
- whoever holds it: "Katz believes the truce will hold", "the company expects to report a
  loss", "Iraq alleged he was a spy", "Saddam appeared to accept" put the claim as a belief,
  an expectation or an allegation, not as a fact, whether the holder is named, a pronoun or
  nobody in particular; a named holder's belief is also that source's cue in the cue table.
  Both corpora mark them: the rule that left out verbs with a named subject is gone [15
  gold recovered, 13 FP added; news: 8 recovered, 1 FP added].
- ``adjective_form``: adjective rows also accept participles ("the alleged fraud", "a
  rumored deal"), and when the word form's row fails its part-of-speech check the lemma's row
  is tried ("suspected" as a verb falls back to "suspect") [23 recovered, 0 FP].
- every hedge inside a quotation is in the ``quoted`` voice, with that quote's speaker;
  everything else, reported speech included, is the ``reporter``'s own.
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..parse.extensions import lexicon_span, required_spans
from ..parse.syntax import PERSONAL_PRONOUNS, LowercaseColumn, longest_matches, subject_of
from ..text.lexicon import COLUMNS, Entry, by_cue, load_lexicon, word_list, write_rows

HEDGE_LABEL = "HEDGE"

# Main verbs after "can" that make it a possibility of an event, not an ability.
INTERPRETATION = word_list("interpretation_verbs")
CAUSAL = word_list("causal_verbs")
UNDERGOING = word_list("undergoing_verbs")
VOLITION = word_list("volition_words")
NARRATIVE = word_list("narrative_words")
HABITUAL = word_list("habitual_words")
EXTREMES = word_list("extremes")
PROPOSALS = word_list("proposal_nouns")
TELLING = word_list("telling_verbs")
OUTCOMES = word_list("outcome_verbs")


class Hedges:
    """Pipeline component writing ``doc.spans["hedges"]`` (reads ``doc.spans["quotes"]`` for
    the voice). Its lexicon is saved with the pipeline and read back from it."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None, name: str = "hedges",
                 quotes_key: str = "quotes", spans_key: str = "hedges",
                 number_window: int = 3):
        self.nlp, self.name = nlp, name
        self.quotes_key, self.spans_key = quotes_key, spans_key
        self.number_window = number_window
        self.set_lexicon(load_lexicon("hedges", lexicon_path))

    def set_lexicon(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.words = by_cue([e for e in entries if " " not in e.cue])
        self.phrases = by_cue([e for e in entries if " " in e.cue])
        # a token's LOWER is the hash of its lowercase form: a listed form is found by hash
        self.word_hashes = [self.nlp.vocab.strings[word] for word in self.words]
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for text in self.phrases:
            self.matcher.add(text, [self.nlp.make_doc(text)])

    def __call__(self, doc: Doc) -> Doc:
        quotes = required_spans(doc, self.quotes_key, self.name, "speakers")
        spans: list[Span] = []
        taken: set[int] = set()
        for phrase, start, end in longest_matches(self.matcher, doc):
            taken.update(range(start, end))
            spans.append(hedge_span(doc, start, end, self.phrases[phrase]))
        for i in self.listed_words(doc):
            if i in taken:
                continue
            token = doc[i]
            entry = self.entry_for(token)
            if entry is not None:
                spans.append(hedge_span(doc, token.i, token.i + 1, entry))
        voices = Voices(quotes)
        for span in spans:
            voices.set_voice(span)
        doc.spans[self.spans_key] = sorted(spans, key=lambda s: s.start)
        return doc

    def listed_words(self, doc: Doc) -> list[int]:
        """The tokens whose word form or lemma is a lexicon word, found on the doc's arrays
        so that Token objects are made only for these."""
        listed = numpy.isin(doc.to_array(LOWER), self.word_hashes) | \
            LowercaseColumn.lemmas_of(doc).among(self.words)
        return numpy.flatnonzero(listed).tolist()

    def entry_for(self, token: Token) -> Entry | None:
        """The row under which this token hedges: its word form's row, else its lemma's."""
        for key in dict.fromkeys((token.lower_, token.lemma_.lower())):
            entry = self.words.get(key)
            if entry is not None and is_hedge(token, entry, self.number_window):
                return entry
        return None

    def to_disk(self, path: str | Path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_rows(path / "hedges.csv", COLUMNS,
                   ((e.cue, e.kind, e.category, e.note, e.source) for e in self.entries))

    def from_disk(self, path: str | Path, exclude=()) -> Hedges:
        self.set_lexicon(load_lexicon("hedges", str(Path(path) / "hedges.csv")))
        return self


class Voices:
    """Which quotation, if any, holds a hedge: direct and partial quotations never overlap,
    so the one holding an offset is found by bisection. Reported speech stays in the
    reporter's voice: the words, and so the hedge, are the reporter's choice."""

    def __init__(self, quotes: list[Span]):
        self.quotes = sorted((q for q in quotes if q._.kind in ("direct", "partial")),
                             key=lambda q: q._.content_start)
        self.starts = [q._.content_start for q in self.quotes]

    def set_voice(self, span: Span) -> None:
        """Inside a quotation a hedge is the quoted speaker's; elsewhere the reporter's."""
        n = bisect_right(self.starts, span.start_char) - 1
        quote = self.quotes[n] if n >= 0 and span.start_char < self.quotes[n]._.content_end \
            else None
        span._.voice = "quoted" if quote is not None else "reporter"
        span._.speaker = quote._.speaker if quote is not None else ""


def hedge_span(doc: Doc, start: int, end: int, entry: Entry) -> Span:
    return lexicon_span(doc, start, end, entry, HEDGE_LABEL)


def is_hedge(token: Token, entry: Entry, number_window: int = 3) -> bool:
    """Whether this occurrence of a lexicon word hedges (see the module docstring)."""
    if entry.kind == "modal":
        return token.tag_ == "MD" and modal_hedges(token)
    if entry.category == "approximator":
        return before_number(token, number_window)
    if entry.kind == "verb":
        return verb_hedges(token)
    if entry.kind == "adjective":
        return adjective_form(token) and (token.lemma_.lower() != "possible"
                                          or possible_hedges(token))
    if entry.kind == "adverb":
        return token.pos_ in ("ADV", "ADJ")
    if entry.kind == "noun":
        return token.pos_ in ("NOUN", "PROPN") and noun_has_complement(token)
    return True


# Modals ---------------------------------------------------------------------------------------

def modal_hedges(modal: Token) -> bool:
    word = modal.lower_
    if word != "must" and asked(modal):
        return False
    if word in ("can", "ca"):
        return not negated(modal) and can_hedges(modal)
    if word == "could":
        return not negated(modal) and not past_ability(modal)
    if word in ("would", "'d"):
        return would_hedges(modal)
    if word == "must":
        return perfect(modal)
    return True


def asked(modal: Token) -> bool:
    """'Whether this would prove positive is yet to be seen', 'asked if the talks could
    resume': the question, not the modal, leaves the matter open (the corpus marks
    "whether" as a question of its own)."""
    verb = main_verb(modal)
    return verb.dep_ in ("ccomp", "csubj", "xcomp") and any(
        c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children)


def perfect(modal: Token) -> bool:
    """'he must have known' concludes (a booster); 'Hamas must disarm' and 'government must
    be limited' oblige, which says nothing about how sure a claim is."""
    verb = main_verb(modal)
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("have", "'ve")
                                      for c in verb.children)


def main_verb(modal: Token) -> Token:
    """The verb a modal belongs to (spaCy makes the modal its ``aux`` child)."""
    return modal.head if modal.dep_ == "aux" else modal


def negated(modal: Token) -> bool:
    """'cannot', 'could not', "can't": the possibility is denied, not hedged."""
    verb = main_verb(modal)
    following = modal.doc[modal.i + 1: modal.i + 2]
    return any(t.dep_ == "neg" for t in following) or \
        any(c.dep_ == "neg" and c.i > modal.i for c in verb.children)


def can_hedges(modal: Token) -> bool:
    """'can be seen as', 'can lead to', 'can suffer': a possible event, not an ability."""
    verb = main_verb(modal)
    return verb.lemma_.lower() in INTERPRETATION | CAUSAL | UNDERGOING


def past_ability(modal: Token) -> bool:
    """'She could play the piano': a person did something they were able to do."""
    verb = main_verb(modal)
    subject = subject_of(verb, ("nsubj",))
    if subject is None or verb.lemma_ in ("be", "have") or verb.lemma_ in UNDERGOING | CAUSAL:
        return False  # "he could face a battle", "she could lose": what may happen to them
    return subject.lower_ in PERSONAL_PRONOUNS or subject.ent_type_ == "PERSON"


def would_hedges(modal: Token) -> bool:
    verb = main_verb(modal)
    following = modal.doc[modal.i + 1: modal.i + 3]
    if verb.lemma_ in VOLITION or any(t.lower_ in VOLITION for t in following):
        return False  # a wish: "would like to discuss"
    if narrative(modal, verb):
        return False  # narrative future-in-past or past habit: "he would later become"
    if describes_proposal(verb):
        return False  # "the bill would prohibit": what a proposal says, not a guess
    if refuses(modal, verb):
        return False  # "he would not comment": a refusal, not a guess
    return not in_reported_clause(verb)


def refuses(modal: Token, verb: Token) -> bool:
    """'He would not comment', 'the airline wouldn't identify the buyer': "would not" before a
    verb of telling says what someone refused to do."""
    return negated(modal) and verb.lemma_.lower() in TELLING


def describes_proposal(verb: Token) -> bool:
    """'The chairman's bill would prohibit ...', 'another method would require ...', 'under
    the agreement, each side would withdraw ...': with a proposal as its subject or saying
    "under" it, "would" states what the proposal provides; but "a deal would help" guesses
    at what it would bring about, and hedges."""
    if verb.lemma_.lower() in OUTCOMES:
        return False
    subject = subject_of(verb, ("nsubj",))
    if subject is not None and subject.lemma_.lower() in PROPOSALS:
        return True
    # "under the plan, creditors would receive ...": what the plan provides for them
    return any(c.dep_ == "prep" and c.lower_ == "under"
               and any(o.dep_ == "pobj" and o.lemma_.lower() in PROPOSALS for o in c.children)
               for c in verb.children)


def narrative(modal: Token, verb: Token) -> bool:
    """'He would later become president', 'years later she would say', 'he would often
    play': a past told as a story (what did happen), not a hypothesis."""
    following = modal.doc[modal.i + 1: modal.i + 3]
    if any(t.lower_ in NARRATIVE or t.lemma_ in NARRATIVE for t in following):
        return True
    return any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in NARRATIVE | HABITUAL
               for c in verb.children)


def in_reported_clause(token: Token) -> bool:
    """Inside a clause that is the complement of a verb ('he said he would go'), or one a
    reporting aside stands in ('the summit, she said, would produce ...')."""
    return any(t.dep_ == "ccomp" or reporting_aside(t) for t in [token, *token.ancestors])


def reporting_aside(verb: Token) -> bool:
    """'she said' set inside the clause it reports: a verb with a subject and nothing else."""
    return any(c.dep_ == "parataxis" and c.pos_ == "VERB"
               and any(g.dep_ == "nsubj" for g in c.children)
               and not any(g.dep_ in ("dobj", "ccomp", "xcomp") for g in c.children)
               for c in verb.children)


def before_number(token: Token, window: int = 3) -> bool:
    following = token.doc[token.i + 1: token.i + 1 + window]
    return any(t.like_num or t.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
               for t in following)


# Verbs ----------------------------------------------------------------------------------------

def verb_hedges(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX") or preposition_use(verb):
        return False
    lemma = verb.lemma_.lower()
    if lemma == "appear":
        return has_complement(verb)
    if lemma == "look":
        return looks_like(verb)
    if lemma in ("think", "feel", "indicate"):
        return has_clause(verb) or passive(verb)
    if lemma == "view":
        return viewed_as(verb)
    if lemma == "question":
        return has_clause(verb)
    if lemma == "consider":
        return not weighs(verb)
    if lemma == "expect":
        return expects_something(verb)
    return True


def expects_something(verb: Token) -> bool:
    """'expects to report', 'expected the company to earn', 'expects a loss': a prediction;
    not 'worse than expected' nor 'the sale had been expected' (with nothing expected: what
    was expected, and happened)."""
    return opinion_complement(verb) or any(c.dep_ == "dobj" for c in verb.children)


def opinion_complement(verb: Token) -> bool:
    """A clause, a to-infinitive, a predicate or an 'as' phrase: what the opinion is."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "oprd") or (child.dep_ == "xcomp" and child.tag_ != "VBG"):
            return True
        if child.dep_ == "prep" and child.lower_ == "as":
            return True
    return False


def weighs(verb: Token) -> bool:
    """'The Senate considered the bill', 'is considering selling its stake', 'now consider a
    valuation': weighing a course or looking at something, not an opinion ('is considered
    the best', 'consider him a friend', 'Livingston, considered a formidable lobbyist')."""
    if verb.tag_ == "VBG" or any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in verb.children):
        return True
    if opinion_complement(verb) or passive(verb):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(c.dep_ == "appos" for c in objects[0].children):
        return False  # "considers his best work the role he played": two nouns, an opinion
    if verb.i > 0 and verb.doc[verb.i - 1].lower_ == ",":
        return False  # "Livingston, considered a formidable lobbyist": a participle
    subject = any(c.dep_ in ("nsubj", "expl") for c in verb.children)
    return subject or (verb.dep_ == "ROOT" and verb.tag_ == "VB")  # or an imperative
def preposition_use(verb: Token) -> bool:
    """'regarding the ceasefire', 'considering the cost': a preposition, not an opinion."""
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and has_clause(verb):
        return False  # "by believing that communism would fall": a verb after a preposition
    return verb.dep_ in ("prep", "amod") or (verb.tag_ == "VBG" and verb.dep_ in ("prep", "pcomp"))


def has_complement(verb: Token) -> bool:
    """'seems likely', 'appears to be', 'it appears that', 'seems like': how things look."""
    for child in verb.children:
        if child.dep_ == "acomp" or (child.dep_ == "oprd" and child.pos_ == "ADJ") \
                or (child.dep_ == "prep" and child.lower_ == "like"):
            return True
        if child.dep_ == "xcomp" and (child.pos_ == "ADJ"
                                      or any(c.tag_ == "TO" for c in child.children)):
            return True
        if child.dep_ == "ccomp" and (any(c.dep_ == "mark" for c in child.children)
                                      or child.i > verb.i and expletive_subject(verb)):
            return True
    return False


def looks_like(verb: Token) -> bool:
    """'It looks as though they panicked', 'it looks as if the talks will fail': how things
    look, a clause that may not be true; not 'look at the figures', 'looks good' nor 'looks
    like a star' (a likeness)."""
    for child in verb.children:
        if child.dep_ in ("advcl", "ccomp") and any(
                c.dep_ == "mark" and c.lower_ in ("though", "if", "like") for c in child.children):
            return True
    return False


def expletive_subject(verb: Token) -> bool:
    return any(c.dep_ in ("expl", "nsubj") and c.lower_ == "it" for c in verb.children)


def has_clause(verb: Token) -> bool:
    """'think (that) it will', 'feel that', 'questioned whether': about a proposition."""
    return any(c.dep_ == "ccomp" for c in verb.children)


def passive(verb: Token) -> bool:
    """'is thought (by some) to be', 'can be thought of as': an opinion nobody is named for."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def viewed_as(verb: Token) -> bool:
    """'what they view as', 'does not view X as a remedy': an opinion, not a look."""
    return any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


# Adjectives and nouns -------------------------------------------------------------------------

def adjective_form(token: Token) -> bool:
    """An adjective, or a participle used as one ('the alleged fraud', 'rumored to')."""
    return token.pos_ == "ADJ" or token.tag_ in ("VBN", "JJ")


def possible_hedges(token: Token) -> bool:
    """'the possible ceasefire' and 'it is possible that ...' hedge; 'as soon as possible',
    'the best possible', 'all possible means', 'made it possible', 'it is possible to do'
    and 'access is possible' (something can be done) do not."""
    doc = token.doc
    before = doc[max(0, token.i - 3): token.i]
    if token.i > 0 and doc[token.i - 1].lower_ == "as":
        return False
    if any(t.tag_ in ("JJS", "RBS") or t.lower_ in EXTREMES for t in before):
        return False
    if token.dep_ in ("amod", "conj", "appos", "ROOT") and token.head.pos_ != "AUX":
        return True
    if token.head.lemma_ == "make":
        return False  # "made it possible (to)": enabled, not uncertain
    # predicative: only a finite clause says what may be true
    return any(c.dep_ == "ccomp" and c != token
               for c in (*token.children, *token.head.children))


def noun_has_complement(noun: Token) -> bool:
    """'the belief that', 'possibility of', 'prospects for': the noun names what is
    uncertain."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
                c.dep_ == "mark" or c.tag_ == "TO" for c in child.children):
            return True
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "that", "about"):
            return True
    return False


@Language.factory(
    "hedges",
    default_config={"lexicon_path": None, "quotes_key": "quotes", "spans_key": "hedges",
                    "number_window": 3},
    requires=["doc.spans", "span._.speaker", "token.tag", "token.dep"],
    assigns=["doc.spans", "span._.voice", "span._.category"])
def make_hedges(nlp: Language, name: str, lexicon_path: str | None, quotes_key: str,
                spans_key: str, number_window: int):
    """``number_window``: how many words after an approximator ("about") a number may come."""
    return Hedges(nlp, lexicon_path, name, quotes_key, spans_key, number_window)
