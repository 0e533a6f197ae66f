"""Quotations and attributions with their speakers.

Method (rule-based, over spaCy's dependency parse):

1. *Quotation passages* are found at character level with a small state machine over the
   quotation marks of each paragraph (straight, curly, ``\u0060\u0060 ''`` and top-level
   single curly quotes), so mixed styles, quotes running over several paragraphs (an opening
   mark on each, a closing one only at the end) and unclosed marks (closed at the end of
   their paragraph) are all handled without losing the rest of the article.
2. A passage is *direct* when it stands where a sentence starts (or after a colon, or after
   a comma when it starts with a capital); otherwise it is *partial*, and it counts as speech
   only when an attribution cue or a reporting noun governs it (scare quotes are dropped);
   a cue whose subject cannot speak ("a piece that noted") passes it on to a cue above it.
3. The *attribution cue* of a direct quote is sought right after it in the same sentence,
   then before it; the *speaker* is the cue's subject, the agent of a passive cue, the object
   of "according to", or the subject of a second cue in the same clause ("said X, ..., told
   Reuters"). A tag after a quote may be longer than a few words when all of it is the
   speaker's noun phrase ("Miller, a retired worker ..., said"). When the parse gives the cue
   no subject, an inverted subject after it (never a plain object: "recalled the freeze") or
   the noun phrase just before it ("X, a top adviser, said") is taken; a message's sender
   speaks for it ("she released a statement saying"). A quote with no cue at all takes the
   subject of a short tag verb the lexicon lacks ('"...?" Hannity pressed'); a quoted
   transcript line names its speaker in capitals ('"WALLACE: ...'). A date after the verb
   ("said Monday") is never an inverted subject.
   Appositions give a name and a role ("A Hamas spokesman, Sami Abu Zuhri").
4. *Indirect speech* comes from every remaining cue with a reported content (its clausal
   complement, its object, "of ..." for accusations, or the clause "according to" modifies).
   Passives without an agent ("has been accused of") are kept with no speaker, flagged
   ``agentless``.
5. Speakers are then *resolved* in reading order: pronouns to the most recent compatible
   speaker, a paragraph that is only a quotation to the previous paragraph's speaker, a part
   of a split quotation to the speaker of the part before it, and every person mention to
   the fullest name the article gives that person ("Katz" -> "Israel Katz").
6. Wires and outlets the article credits ("Reuters reported", "told Reuters", "according to
   AP") go to ``via``, not to the speaker.
"""
from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .articles import paragraph_spans
from .cues import UNLISTED
from .lexicon import by_cue, load_lexicon

QUOTE_LABEL = "QUOTE"
OPENING = {"“": "“", "«": "«", "„": "„", "‘": "‘"}
DOUBLE_MARKS = re.compile(r"``|''|[\"“”«»„]")
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[^\s]|$)")
PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"they", "them", "it"}
TITLE_GENDERS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f"}
SPEAKER_DEPS = ("nsubj", "nsubjpass", "csubj")
# a noun that is the object of a verb before a colon is what the subject did, no label
OBJECT_DEPS = ("dobj", "pobj", "dative", "attr", "oprd")
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.' -]*[A-Z]):\s")
TAG_TOKENS = 6  # '" Mr. Thurber said' is a tag; a longer run is the reporter's own sentence
NOUN_MODIFIERS = ("det", "amod", "compound", "nummod", "poss", "case", "quantmod", "nmod")
ORGANISATION_NOUNS = frozenset(
    "group government ministry party company campaign committee agency police army military "
    "administration office department council court union organisation organization movement "
    "network newspaper paper authority authorities commission board firm bank team club "
    "institute university school hospital association coalition alliance faction regime "
    "embassy parliament congress senate house white".split()
)
REPORTING_NOUNS = frozenset(
    "message statement video letter tweet post speech interview remarks comments report "
    "announcement release memo email note testimony".split()
)


@dataclass
class Passage:
    """Text between quotation marks: content offsets and whether its marks were closed."""

    open_at: int
    content_start: int
    content_end: int
    close_end: int
    closed: bool  # False when the article never closes the mark
    paragraph: int
    chain: int  # passages of one quotation running over several paragraphs share it
    ends_with_mark: bool = True  # False for a piece that goes on in the next paragraph


@dataclass
class Attribution:
    kind: str
    content_start: int
    content_end: int
    paragraph: int
    cue: Span | None = None
    speaker_head: Token | None = None
    passage: Passage | None = None
    speaker_mention: Span | None = None
    speaker: str = ""
    speaker_kind: str = "unknown"
    role: Span | None = None
    via: str = ""
    agentless: bool = False
    transcript: bool = False  # a quoted transcript line opening with its speaker's label
    continues: Attribution | None = None  # the attribution this one goes on from

    def root(self) -> Attribution:
        """The attribution this one belongs to: a split quote's second half, a continuation
        paragraph or a partial quote inside reported speech all belong to another."""
        return self.continues.root() if self.continues is not None else self


# ---------------------------------------------------------------------------- passages

def mark_role(text: str, i: int, mark: str, start: int, end: int) -> str:
    """'open', 'close' or 'either' for a double quotation mark, from its neighbours.

    Straight marks and doubled apostrophes (the New York Times opens and closes with '')
    are read from their spacing; so are curly marks typed the wrong way round."""
    before = text[i - 1] if i > start else " "
    after = text[i + len(mark)] if i + len(mark) < end else " "
    if mark in ("“", "«", "„", "``"):
        return "open"
    if mark in ("”", "»"):
        return "open" if before.isspace() and after.isalpha() and mark == "”" else "close"
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else "either"
    if after.isspace() or after in ".,;:!?)]}—–-*":
        return "close"
    return "either"


def find_passages(text: str) -> list[Passage]:
    """All quotation passages, one per paragraph (see module docstring). A quotation that
    runs over several paragraphs gives one passage per paragraph, sharing a ``chain``."""
    paragraphs = paragraph_spans(text)
    passages: list[Passage] = []
    open_at: int | None = None  # an opening mark still waiting for its close
    chain = 0
    for number, (start, end) in enumerate(paragraphs):
        marks = [(m.start(), m.group()) for m in DOUBLE_MARKS.finditer(text, start, end)]
        if open_at is not None:
            previous_end = paragraphs[number - 1][1]
            first = marks[0] if marks else None
            reopens = first and not text[start:first[0]].strip(" *_") and \
                mark_role(text, first[0], first[1], start, end) != "close"
            # Left open on purpose when the next paragraph reopens with a mark.
            passages.append(_passage(text, open_at, previous_end, None, number - 1, chain,
                                     closed=bool(reopens)))
            open_at = None
            if reopens:
                open_at, marks = first[0], marks[1:]
        for i, mark in marks:
            role = mark_role(text, i, mark, start, end)
            if open_at is None and role in ("open", "either"):
                open_at, chain = i, chain + 1
            elif open_at is not None and role in ("close", "either"):
                passages.append(_passage(text, open_at, i, i + len(mark), number, chain))
                open_at = None
            elif open_at is not None and role == "open":
                # A second opening mark: the first one was never closed.
                passages.append(_passage(text, open_at, i, None, number, chain, closed=False))
                open_at, chain = i, chain + 1
    if open_at is not None:
        passages.append(_passage(text, open_at, paragraphs[-1][1], None, len(paragraphs) - 1,
                                 chain, closed=False))
    passages += single_quoted(text, paragraphs, passages, chain)
    return sorted((p for p in passages if p.content_end > p.content_start),
                  key=lambda p: p.open_at)


def passages_of(doc: Doc) -> list[Passage]:
    """The doc's quotation passages, found once and kept in ``doc.user_data`` as plain
    tuples (so they survive multiprocessing) for every component that needs them."""
    stored = doc.user_data.get("quote_passages")
    if stored is None:
        stored = [astuple(p) for p in find_passages(doc.text)]
        doc.user_data["quote_passages"] = stored
    return [Passage(*fields) for fields in stored]


def _passage(text: str, open_at: int, close_at: int, close_end: int | None, paragraph: int,
             chain: int, closed: bool = True) -> Passage:
    mark_len = 2 if text.startswith(("``", "''"), open_at) else 1
    start = open_at + mark_len
    while start < close_at and text[start] in " \t\n*_\xa0":
        start += 1
    end = close_at
    while end > start and text[end - 1] in " \t\n*_,\xa0":
        end -= 1
    return Passage(open_at, start, end, close_end or close_at, closed, paragraph, chain,
                   ends_with_mark=close_end is not None)


SINGLE_OPEN = re.compile(r"(?<![\w’'])[‘'](?=[^\W\d_])")
SINGLE_CLOSE = re.compile(r"’(?![^\W\d_])|(?<=[,.!?])'(?![^\W\d_])|'(?=[,.!?;:]?(?:\s|$))")


def single_quoted(text: str, paragraphs: list[tuple[int, int]], doubles: list[Passage],
                  chain: int):
    """Single-quoted passages outside double quotes (headlines and British style use them).

    An apostrophe is never an opening mark (it follows a letter) and a closing mark must not
    run into a letter, so "Hamas' leaders" and "don't" are left alone."""
    inside = [(p.open_at, p.close_end) for p in doubles]
    found = []
    for number, (start, end) in enumerate(paragraphs):
        position = start
        while m := SINGLE_OPEN.search(text, position, end):
            i = m.start()
            position = i + 1
            if any(a <= i < b for a, b in inside):
                continue
            close = SINGLE_CLOSE.search(text, i + 2, end)
            if close and (text[i] == "‘" or text[close.start() - 1] in ",.!?"
                          or close.start() == end - 1):
                chain += 1
                found.append(_passage(text, i, close.start(), close.end(), number, chain))
                position = close.end()
    return found


def share_within_chains(quoted: list[Attribution]) -> None:
    """Pieces of one quotation running over several paragraphs have one speaker: the one its
    cue gives (usually on the first or the last piece). In a quoted transcript each speaker's
    label starts a new speech."""
    chains: dict[tuple[int, int], list[Attribution]] = {}
    labels: dict[int, int] = {}
    for a in quoted:
        chain = a.passage.chain
        labels[chain] = labels.get(chain, 0) + a.transcript
        chains.setdefault((chain, labels[chain]), []).append(a)
    for pieces in chains.values():
        source = next((a for a in pieces if (a.cue is not None or a.transcript) and a.speaker),
                      None)
        if len(pieces) < 2 or source is None:
            continue
        for a in pieces:
            if a.cue is None and not a.transcript:
                a.speaker, a.speaker_kind, a.role = source.speaker, source.speaker_kind, source.role
                a.speaker_mention, a.via = source.speaker_mention, source.via
                a.continues = source


# ---------------------------------------------------------------------------- speakers

def is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ == "PERSON"


SPEAKER_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ent", "ant", "ee",
                    "s")  # "officials", "critics": plural mentions are groups of people


def can_speak(head: Token) -> bool:
    """Whether a speaker mention can be a person or a body: a name, a personal pronoun, an
    organisation, or a noun shaped like one for people ("spokesman", "adviser", "resident");
    not "a piece that noted", "the notion", "the bill"."""
    if head.tag_ in ("WDT", "WP") and head.head.dep_ == "relcl":
        head = head.head.head
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_:
        return True
    if head.pos_ != "NOUN":
        return False
    lemma = head.lemma_.lower()
    return lemma in ORGANISATION_NOUNS or lemma.endswith(SPEAKER_SUFFIXES)


def ends_as_tag(cue: Span) -> bool:
    """'"We lost." Smith said (on Tuesday).' ends soon after its verb, and '"Why?" Sanders
    asked rhetorically, shaking his head.' reports nothing after it; 'Environmentalists
    welcomed the plan, saying ...' is the reporter's next sentence, not a tag."""
    rest = [t for t in cue.doc[cue.end: cue.sent.end] if not (t.is_punct or t.is_space)]
    return len(rest) <= 3 or reports_nothing_after(cue)


def reports_nothing_after(cue: Span) -> bool:
    """A verb cue with no content of its own after it (no clause, object or listener): what
    it reports is the quotation before it."""
    return cue._.kind == "verb" and not any(
        child.i >= cue.end and (child.dep_ in ("ccomp", "dobj", "parataxis", "dative")
                                or child.dep_ == "xcomp" and child.tag_ != "VBG")
        for child in cue.root.children)


def noun_phrase_head(token: Token) -> Token:
    """The head noun of the phrase a token belongs to ("Daron" -> "Shaw")."""
    while token.dep_ in ("compound", "flat", "amod") and token.head.i > token.i \
            and token.head.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def noun_phrase(head: Token) -> Span:
    """The head with its left modifiers and right compound parts ("Israel Katz")."""
    doc = head.doc
    start = head.left_edge.i
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


def subject_of(verb: Token, allowed=lambda token: True) -> Token | None:
    """The verb's subject (the first ``allowed`` one: a parse of '"The fact ...," X said'
    may give "said" two), through relative pronouns and shared subjects."""
    for child in verb.children:
        if child.dep_ in SPEAKER_DEPS:
            if allowed(child):
                return child
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and allowed(verb.head):
        return message_sender(verb.head) or verb.head  # "a voice over saying: ..."
    shown = shown_speaker(verb)
    if shown is not None and allowed(shown):
        return shown
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head  # "upon saying"
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX") \
            and head != verb:
        return subject_of(head, allowed)
    return None


def shown_speaker(verb: Token) -> Token | None:
    """'The ad uses footage of Hillary Clinton asking, ...', 'recalled Mr. Obama saying':
    a gerund after its head verb's object is what that object (or the person the object
    shows) says."""
    if verb.dep_ != "xcomp" or verb.tag_ != "VBG":
        return None
    shown = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if shown is None or shown.right_edge.i != verb.i - 1:
        return None
    if not can_speak(shown):
        shown = next((g for p in shown.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj"), shown)
    return shown


def message_sender(noun: Token) -> Token | None:
    """'she released a statement saying' and 'his campaign sent a text message to supporters
    saying': who sent the message that says it (the message, or its addressees, is no
    speaker). None when the message has no sender in the sentence ('a headline that said')."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        noun = noun.head.head  # "a message to supporters saying": the message
    if noun.lemma_.lower() not in REPORTING_NOUNS:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ == "dobj":
        owner = next((c for c in noun.head.children if c.dep_ in ("nsubj",)), None)
    return owner


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def subordinate(cue: Span, after: int) -> bool:
    """'"...," when Clinton blasted him': a cue whose clause opens with a subordinator after
    the quotation is no tag of it."""
    return any((child.dep_ == "mark" or child.tag_ == "WRB") and after <= child.idx
               and child.i < cue.root.i for child in cue.root.children)


def is_label_cue(cue: Span) -> bool:
    """The colon after a speaker label ('Sanders: ...', '"WALLACE: ...')."""
    return cue.text == ":" and cue.start > 0


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


class QuoteFinder:
    """Pipeline component writing ``doc.spans["quotes"]`` (needs ``doc.spans["cues"]``)."""

    def __init__(self, nlp: Language, outlets_path: str | None = None):
        self.outlets = by_cue(load_lexicon("outlets", outlets_path))

    def __call__(self, doc: Doc) -> Doc:
        finder = _DocQuotes(doc, self.outlets)
        found = finder.attributions()
        number = {id(a): n for n, a in enumerate(found, start=1)}
        doc.spans["quotes"] = [to_span(doc, a, number[id(a.root())]) for a in found]
        return doc


def to_span(doc: Doc, a: Attribution, attribution: int) -> Span:
    span = doc.char_span(a.content_start, a.content_end, label=QUOTE_LABEL,
                         alignment_mode="expand")
    span._.kind = a.kind
    span._.attribution = attribution
    span._.content_start, span._.content_end = a.content_start, a.content_end
    span._.speaker = a.speaker
    span._.speaker_kind = a.speaker_kind
    if a.role is not None:
        span._.role_start, span._.role_end = a.role.start_char, a.role.end_char
    span._.via = a.via
    span._.agentless = a.agentless
    span._.closed = a.passage.closed if a.passage else True
    if a.speaker_mention is not None:
        span._.speaker_mention = a.speaker_mention.text
        span._.speaker_start = a.speaker_mention.start_char
        span._.speaker_end = a.speaker_mention.end_char
    if a.cue is not None:
        span._.cue = a.cue.text
        span._.lemma = a.cue._.lemma
        span._.category = a.cue._.category
        span._.cue_start, span._.cue_end = a.cue.start_char, a.cue.end_char
    return span


class _DocQuotes:
    """The quote analysis of one doc; a class only to share its lookups between steps."""

    def __init__(self, doc: Doc, outlets: dict):
        self.doc = doc
        self.text = doc.text
        self.outlets = outlets
        self.all_cues = list(doc.spans["cues"]) if "cues" in doc.spans else []
        # a verb outside the lexicon ("filed a lawsuit", "cast doubt") attributes a position
        # but reports no words: it never introduces a quotation (see also ``attributions``)
        self.cues = [c for c in self.all_cues if c._.category != UNLISTED]
        self.cue_by_token = {t.i: c for c in self.cues for t in c}
        self.paragraphs = paragraph_spans(self.text)
        self.used_cues: set[int] = set()
        self.via_tokens: set[int] = set()

    # -- lookups
    def token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def first_token_after(self, offset: int, limit: int) -> Token | None:
        """The token where the text after ``offset`` resumes, looking no further than limit."""
        gap = self.text[offset:limit]
        return self.token_at(offset + len(gap) - len(gap.lstrip()))

    @cached_property
    def person_names(self) -> list[Span]:
        return [e for e in self.doc.ents if e.label_ == "PERSON"]

    def is_outlet(self, token: Token) -> bool:
        phrase = noun_phrase(token).text.lower()
        return phrase in self.outlets or phrase.removeprefix("the ") in self.outlets

    # -- main
    @cached_property
    def passages(self) -> list[Passage]:
        return passages_of(self.doc)

    def attributions(self) -> list[Attribution]:
        passages = self.passages
        quoted = [self.attribute_passage(p) for p in passages]
        indirect = self.indirect_attributions(passages)
        found = sorted([a for a in quoted if a] + indirect, key=lambda a: a.content_start)
        self.resolve(found)
        # An unlisted verb's attribution is no speech to list, but its subject was the last to
        # act for a pronoun after it: 'McCaskill scolded him: "..." she said'.
        dropped = {id(a) for a in indirect if a.cue._.category == UNLISTED}
        found = [a for a in found if id(a) not in dropped]
        indirect = [a for a in indirect if id(a) not in dropped]
        for a in found:
            if id(a.continues) in dropped:
                a.continues = None  # the quotation keeps its speaker, and starts its own row
        share_within_chains([a for a in quoted if a])
        by_cue = {a.cue.start: a for a in indirect}
        for a in quoted:
            if a and a.kind == "partial" and a.cue is not None and a.cue.start in by_cue:
                a.continues = by_cue[a.cue.start]  # "said the group had received "ideas""
        return found

    def attribute_passage(self, p: Passage) -> Attribution | None:
        kind = "direct" if self.stands_alone(p) else "partial"
        a = Attribution(kind, p.content_start, p.content_end, p.paragraph, passage=p)
        label = self.transcript_label(p) if kind == "direct" else None
        if label is not None:
            a.speaker_head, a.transcript = label, True
            a.cue = self.cue_by_token.get(label.i + 1)  # its colon, when a cue
            if a.cue is not None:
                self.used_cues.add(a.cue.start)
            return a
        if kind == "direct":
            a.cue = self.cue_right_before(p) or self.cue_after(p, tag_only=True)
            if a.cue is None and not self.continues_tagged_quote(p):
                a.cue = self.cue_after(p) or self.cue_before(p) or self.cue_introducing(p)
        elif re.search(r"so[- ]called\W*$", self.text[max(0, p.open_at - 12):p.open_at], re.I):
            return None  # the so-called "deal": a scare quote by definition
        else:
            a.cue = self.governing_cue(p)
        if a.cue is not None:
            if kind == "direct":  # a partial quote's cue still reports its whole clause
                self.used_cues.add(a.cue.start)
            a.speaker_head, a.agentless = self.speaker_of(a.cue)
            a.via = self.credited_outlet(a.cue, a.speaker_head)
        if kind == "direct" and a.speaker_head is None and not a.agentless:
            # no cue, or one whose speaker the parse lost ('Clinton: "..."')
            a.speaker_head = self.labelled_speaker(p) or self.tag_verb_subject(p)
        if kind == "partial" and a.speaker_head is None:
            # Without a speaking cue, only a reporting noun's sender makes it speech
            # ('a video message addressed to the "tyrants of Hamas"'); else a scare quote.
            a.cue, a.agentless, a.via = None, False, ""
            a.speaker_head = self.reporting_noun_owner(p)
            if a.speaker_head is None:
                return None
        return a

    def stands_alone(self, p: Passage) -> bool:
        para_start = self.paragraphs[p.paragraph][0]
        before = self.text[para_start:p.open_at]
        ends = list(SENTENCE_END.finditer(before))
        prefix = before[ends[-1].end():] if ends else before
        prefix = prefix.strip(" \t\n*_")
        content = self.text[p.content_start:p.content_end]
        if not prefix or prefix.endswith(":"):
            return True
        if prefix.endswith(",") and content[:1].isupper():
            return True
        return bool(re.search(r"[.!?][\"”’')]?\s+[A-Z]", content)) and prefix.endswith(",")

    # -- cues
    def cue_after(self, p: Passage, tag_only: bool = False) -> Span | None:
        """The first cue after the closing mark, before the sentence (or another quote) ends;
        with ``tag_only``, only a short tag right after the mark ('," he said')."""
        if not p.ends_with_mark:
            return None
        end = self.sentence_end_after(p.close_end)
        finished = self.finished(p)
        # a label credits only what follows it; a subordinate clause tags no quotation
        cues = [c for c in self.cues if p.close_end <= c.start_char < end
                and not is_label_cue(c) and not subordinate(c, p.close_end)]
        if tag_only or finished:
            # A finished sentence: only a short tag right after it ('"Why?" he asked.',
            # '"We lost." Smith said.') attributes it, not the reporter's next sentence.
            # The tag may run longer when all of it is the speaker's own noun phrase
            # ('"...?" Miller, a retired worker from a nuclear plant, said'), unless a full
            # stop ends the quote and the reporter's next sentence may begin.
            first = self.first_token_after(p.close_end, end)
            if first is not None:
                tags = [c for c in cues if not finished or ends_as_tag(c)
                        or c.start == first.i and c[0].is_lower]  # '?" asked X, ...'
                return self.first_with_speaker(
                    [c for c in tags if c.start - first.i <= TAG_TOKENS
                     or not self.finished(p, ".") and self.speaker_opens_tag(c, first)
                     and reports_nothing_after(c)])
        return self.first_with_speaker(cues)

    def finished(self, p: Passage, stops: str = ".!?") -> bool:
        """Whether the quotation ends its sentence: '"A.C.A.,"' goes on into a tag."""
        return self.text[p.content_end - 1] in stops and \
            "," not in self.text[p.content_end:p.close_end]

    def speaker_opens_tag(self, cue: Span, first: Token) -> bool:
        """Whether the cue's speaker phrase starts the tag and runs up to the cue."""
        head, _ = self.speaker_of(cue)
        return head is not None and head.left_edge.i <= first.i <= head.i < cue.start

    def continues_tagged_quote(self, p: Passage) -> bool:
        """'"...," the moderator said. "As you know, ..."': the second half of a quotation
        split by its tag goes on with the same speaker."""
        earlier = [q for q in self.passages
                   if q.paragraph == p.paragraph and q.close_end <= p.open_at]
        if not earlier:
            return False
        gap = self.text[earlier[-1].close_end:p.open_at]
        return len(gap.split()) <= TAG_TOKENS and gap.rstrip().endswith((".", ","))

    def cue_before(self, p: Passage) -> Span | None:
        para_start = self.paragraphs[p.paragraph][0]
        before = self.text[para_start:p.open_at]
        ends = list(SENTENCE_END.finditer(before))
        start = para_start + (ends[-1].end() if ends else 0)
        if before.rstrip().endswith(":") and ends:
            start = para_start + (ends[-2].end() if len(ends) > 1 else 0)
        cues = [c for c in self.cues if start <= c.start_char and c.end_char <= p.open_at
                and self.reaches(c, p.open_at)]
        return self.first_with_speaker(list(reversed(cues)))

    def labelled_speaker(self, p: Passage) -> Token | None:
        """A speaker named without a verb: 'Republican pollster Daron Shaw: "..."' or
        '"..." ― Esther Tapia' (interviews, transcripts, vox pops)."""
        para_start, para_end = self.paragraphs[p.paragraph]
        if p.ends_with_mark:
            after = re.match(r"[\s\xa0]*[―—–-][\s\xa0]*(?=\w)", self.text[p.close_end:para_end])
            if after:
                token = self.token_at(p.close_end + after.end())
                if token is not None and is_name(token):
                    return noun_phrase_head(token)
        before = self.text[para_start:p.open_at].rstrip(" \t\xa0")
        if before.endswith(":"):
            token = self.token_at(para_start + len(before) - 2)
            if token is None or token.is_punct:
                return None
            if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in OBJECT_DEPS:
                return self.outside_quotes(noun_phrase_head(token))  # "Daron Shaw:"
            # "Trump leaned in and boomed:", "The mayor cast her vote:" - the subject of the
            # clause before the colon
            return subject_of(token.sent.root, self.outside_quotes)
        return None

    def transcript_label(self, p: Passage) -> Token | None:
        """'"WALLACE: Let's start with ...': a transcript quoted line by line names its
        speaker in capitals before a colon, inside the quotation."""
        label = TRANSCRIPT_LABEL.match(self.text, p.content_start, p.content_end)
        if label is None:
            return None
        token = self.token_at(label.end(1) - 1)
        return token if token is not None and token.pos_ == "PROPN" else None

    def tag_verb_subject(self, p: Passage) -> Token | None:
        """'"...," Hannity pressed.' and '"...?" reacted Trump.': a short tag right after the
        closing mark whose verb the cue lexicon lacks still names the speaker, when the verb
        has a subject in the tag and no object (a speaking verb's object is the quotation)."""
        if not p.ends_with_mark or self.finished(p, "."):
            return None  # after a full stop the reporter's next sentence may begin
        first = self.first_token_after(p.close_end, p.close_end + 10)
        while first is not None and first.i + 1 < len(self.doc) and (
                first.is_punct or first.is_space) and first.idx < p.close_end + 3:
            first = self.doc[first.i + 1]
        if first is None:
            return None
        limit = min(self.sentence_end_after(p.close_end), first.sent.end_char)
        window = [t for t in self.doc[first.i:first.i + TAG_TOKENS] if t.idx < limit]
        for token in window:
            if token.pos_ != "VERB":
                continue
            if any(c.dep_ in ("dobj", "attr", "acomp", "xcomp", "mark") for c in token.children):
                return None
            subject = next((c for c in token.children if c.dep_ == "nsubj"
                            and c.pos_ in ("PROPN", "NOUN", "PRON") and c.i >= first.i
                            and c.tag_ not in ("WDT", "WP")), None)  # not '"...," which ...'
            if subject is None and token.i == first.i:
                subject = self.inverted_subject(token)
            return self.outside_quotes(subject)
        return None

    def cue_right_before(self, p: Passage) -> Span | None:
        """'He added, "..."' and 'Adelson said: "..."': a cue just before the opening mark,
        with only a comma or colon between, introduces the quotation whatever follows it."""
        for cue in self.cues:
            gap = self.text[cue.end_char:p.open_at]
            if cue.end_char <= p.open_at and re.fullmatch(r"[\s\xa0]*[,:][\s\xa0]*", gap):
                head, _ = self.speaker_of(cue)
                return cue if head is not None else None
        return None

    def cue_introducing(self, p: Passage) -> Span | None:
        """'Cruz continued:' ending the paragraph before a quotation that opens its own."""
        start, _ = self.paragraphs[p.paragraph]
        if p.paragraph == 0 or self.text[start:p.open_at].strip():
            return None
        before_start, before_end = self.paragraphs[p.paragraph - 1]
        if not self.text[before_start:before_end].rstrip().endswith(":"):
            return None
        last_sentence = self.token_at(before_end - 1).sent
        cues = [c for c in self.cues if last_sentence.start <= c.start < last_sentence.end
                and self.reaches(c, p.open_at)]
        return self.first_with_speaker(list(reversed(cues)))

    def reaches(self, cue: Span, offset: int) -> bool:
        """Whether a cue before ``offset`` may attribute what starts there: a speaker label
        credits only what follows it directly ('Clinton: "..." Bush: "..."')."""
        return not is_label_cue(cue) or not self.text[cue.end_char:offset].strip()

    def first_with_speaker(self, cues: list[Span]) -> Span | None:
        """The first cue whose speaker can speak and is no outlet, else the first with any
        speaker, else the first."""
        heads = [self.speaker_of(cue)[0] for cue in cues]
        usable = [(cue, head) for cue, head in zip(cues, heads, strict=True)
                  if head is not None and not self.is_outlet(head)]
        best = next((cue for cue, head in usable if can_speak(head)), None)
        return best or (usable[0][0] if usable else cues[0] if cues else None)

    def sentence_end_after(self, offset: int) -> int:
        """Where the sentence that goes on after a closing mark ends, or the next quote opens.
        The parser's sentence is used, so "Mr. Hutto said." is not cut at "Mr."."""
        para_end = next((e for s, e in self.paragraphs if s <= offset <= e), len(self.text))
        next_mark = re.compile(r"[“\"]|``|''").search(self.text, offset, para_end)
        limit = next_mark.start() if next_mark else para_end
        following = self.text[offset:limit]
        # A stray mark ("'What did he mean?''' Mr. Biden said") may end the parser's sentence.
        token = self.token_at(offset + len(following) - len(following.lstrip(" \t\n\xa0'’")))
        if token is None:
            return limit
        return min(token.sent.end_char, limit)

    def governing_cue(self, p: Passage) -> Span | None:
        """The nearest cue above the quotation in the parse whose speaker can speak: "a piece
        that noted ..." and "the bill, intended to highlight ..." pass it on to the cue above
        them, when there is one."""
        token = self.token_at(p.content_start)
        first = checked = None
        while token is not None:
            cue = self.cue_by_token.get(token.i)
            if cue is not None and cue is not checked:
                checked, first = cue, first or cue
                head, _ = self.speaker_of(cue)
                if head is None or can_speak(head):
                    return cue
            if token.head == token:
                break
            token = token.head
        return first

    def reporting_noun_owner(self, p: Passage) -> Token | None:
        """'a video message ... addressed to the "tyrants of Hamas"': the message's sender."""
        token = self.token_at(p.content_start)
        while token is not None and token.head != token:
            token = token.head
            if token.lemma_.lower() in REPORTING_NOUNS:
                owner = next((c for c in token.children if c.dep_ == "poss"), None)
                if owner is None and token.dep_ in ("dobj", "nsubjpass"):
                    owner = subject_of(token.head) if token.dep_ == "dobj" else agent_of(token.head)
                return owner
        return None

    def speaker_of(self, cue: Span) -> tuple[Token | None, bool]:
        """The speaker's head token for a cue, and whether the cue is an agentless passive."""
        root = cue.root
        if is_label_cue(cue):
            return noun_phrase_head(self.doc[cue.start - 1]), False
        if cue._.kind == "phrase":
            last = cue[-1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            return pobj, False
        if cue._.kind == "noun":
            owner = next((c for c in root.children if c.dep_ == "poss"), None)
            return owner or (subject_of(root.head) if root.dep_ == "dobj" else None), False
        if is_passive(root):
            agent = agent_of(root)
            if agent is None and root.dep_ == "relcl":
                return None, True
            return agent, agent is None
        subject = subject_of(root, self.outside_quotes)
        if subject is None:
            for child in root.children:  # "said Haim Tomer, ..., told Reuters"
                if child.i in self.cue_by_token and child.dep_ in ("ccomp", "conj", "parataxis"):
                    subject = subject_of(child, self.outside_quotes) or subject
                    break
        if subject is None:
            subject = self.inverted_subject(root)
            if subject is not None and self.is_outlet(subject):
                # '"...," Ramos, 58, told AFP': the outlet is the listener, not the speaker
                subject = self.preceding_subject(root) or subject
        if subject is None:
            subject = self.preceding_subject(root)
        return subject, False

    def outside_quotes(self, token: Token | None) -> Token | None:
        """A speaker is never a word inside a quotation (the parser sometimes thinks so), nor
        a dateline ("PHILADELPHIA (AP) - The committee released ...")."""
        if token is None or any(p.content_start <= token.idx < p.content_end
                                for p in self.passages):
            return None
        if token.is_upper and len(token) > 2 and token.ent_type_ in ("GPE", "LOC"):
            return None
        return token

    def inverted_subject(self, verb: Token) -> Token | None:
        """'..., said Rep. Jim Clyburn (D-S.C.), a member of ...': the first noun phrase
        after the verb, however the parser attached it."""
        for token in verb.doc[verb.i + 1: verb.sent.end]:
            if token.is_punct or token.is_space or token.dep_ in NOUN_MODIFIERS \
                    or token.ent_type_ in ("DATE", "TIME"):
                continue  # "said Thursday morning on Fox News" names no speaker
            if token.dep_ == "dobj" and not is_name(token) and not self.after_quote(verb) \
                    and not self.holds_quote(token):
                return None  # "recalled the three-year freeze": an object, not a speaker
            if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in ("poss",):
                return self.outside_quotes(noun_phrase_head(token))
            return None
        return None

    def preceding_subject(self, verb: Token) -> Token | None:
        """'..., Gene Sperling, a top outside Clinton adviser, said': the parser often hangs a
        name with an apposition on the quotation or a date before it instead of making it the
        subject. The noun phrase ending right before the verb is taken, climbing out of its
        apposition and prepositions to the name it describes."""
        doc = verb.doc
        i = verb.i - 1
        while i >= verb.sent.start and (doc[i].is_punct or doc[i].is_space):
            i -= 1
        if i < verb.sent.start or doc[i].pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        token = noun_phrase_head(doc[i])
        chain = [token]
        while token.dep_ in ("appos", "pobj", "prep") and token.head.i < token.i:
            token = token.head
            chain.append(token)
        nouns = [t for t in chain if t.pos_ in ("PROPN", "NOUN", "PRON")]
        person = [t for t in nouns if t.ent_type_ == "PERSON"]
        found = person[-1] if person else nouns[0] if nouns else None
        return self.outside_quotes(found)

    def holds_quote(self, token: Token) -> bool:
        """Whether a quotation lies inside the token's phrase."""
        start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        return any(start <= p.open_at < end for p in self.passages)

    def after_quote(self, verb: Token) -> bool:
        """Whether the verb comes right after a closing mark ('"...," tweeted a user'), where
        the parser often takes an inverted subject for an object."""
        before = self.text[:verb.idx].rstrip(" \t\n\xa0,")
        return before.endswith(("\"", "”", "''", "’"))

    def credited_outlet(self, cue: Span, speaker: Token | None) -> str:
        """A wire or outlet credited in the cue's sentence, other than the speaker."""
        sentence_cues = [c for c in self.cues if c.sent == cue.sent] or [cue]
        for other in sentence_cues:
            candidates = []
            root = other.root
            if other._.kind == "phrase":
                candidates = [c for c in other[-1].children if c.dep_ == "pobj"]
            elif root.lemma_ in ("report", "tell", "say", "speak"):
                candidates = [c for c in root.children if c.dep_ in ("nsubj", "dobj", "dative")]
                candidates += [g for c in root.children if c.dep_ in ("prep", "dative")
                               for g in c.children if c.dep_ == "pobj"]
            for token in candidates:
                if token != speaker and self.is_outlet(token):
                    if other != cue:
                        self.used_cues.add(other.start)
                    self.via_tokens.add(token.i)
                    return self.outlet_name(token)
        return ""

    def outlet_name(self, token: Token) -> str:
        phrase = noun_phrase(token).text
        entry = self.outlets.get(phrase.lower()) or self.outlets.get(
            phrase.lower().removeprefix("the "))
        return entry.category if entry and entry.category else phrase

    # -- indirect speech
    def indirect_attributions(self, passages: list[Passage]) -> list[Attribution]:
        direct_chars = [(p.content_start, p.content_end) for p in passages]
        found = []
        for cue in self.all_cues:
            if cue.start in self.used_cues:
                continue
            content = self.content_of(cue)
            if content is None:
                continue
            covered = sum(
                max(0, min(b, content.end_char) - max(a, content.start_char))
                for a, b in direct_chars
            )
            if covered > 0.5 * len(content.text):
                continue
            head, agentless = self.speaker_of(cue)
            if head is not None and self.is_outlet(head) and cue.root.lemma_ == "report":
                pass  # "Reuters reported that ...": the outlet is the source here
            paragraph = next((n for n, (s, e) in enumerate(self.paragraphs)
                              if s <= cue.start_char < e), 0)
            found.append(Attribution("indirect", content.start_char, content.end_char,
                                     paragraph, cue=cue, speaker_head=head,
                                     agentless=agentless))
        return found

    def content_of(self, cue: Span) -> Span | None:
        root = cue.root
        if is_label_cue(cue):  # 'Sanders: Brexit's message could draw Trump support'
            end = next((t.i for t in self.doc[cue.end:] if "\n" in t.text), len(self.doc))
            words = [t for t in self.doc[cue.end:end] if not t.is_punct and not t.is_space]
            return self.doc[words[0].i:words[-1].i + 1] if len(words) >= 2 else None
        if cue._.kind == "phrase":
            head = root.head if root.head != root else root
            clause = clause_tokens(head)
            rest = [t for t in clause if t.i not in {x.i for x in root.subtree}
                    and not t.is_punct and not t.is_space]
            return self.doc[rest[0].i: rest[-1].i + 1] if len(rest) >= 2 else None
        if cue._.kind == "noun":
            clause = next((c for c in root.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
            return clause_tokens(clause) if clause is not None else None
        if root.dep_ == "relcl" and is_passive(root):
            return clause_tokens(root.head)  # "a charge that has been long denied by ..."
        # "accused the union of moving the goalposts": the object is the target, "of" the claim
        for deps in (("ccomp",), ("xcomp",), ("prep",), ("dobj",)):
            for child in root.children:
                if child.dep_ not in deps:
                    continue
                if child.dep_ == "prep" and child.lower_ not in ("of", "that", "about"):
                    continue
                span = clause_tokens(child)
                if len(span) >= 2 and not all(t.is_punct for t in span):
                    return span
        return None

    # -- resolution
    def resolve(self, found: list[Attribution]) -> None:
        """Speakers in reading order: pronouns, continuation paragraphs, names."""
        history: list[Attribution] = []  # attributions with a speaker, in reading order
        for a in found:
            previous = history[-1] if history else None
            if a.speaker_head is not None:
                self.describe_speaker(a, history)
            elif a.kind == "direct" and previous is not None and not a.agentless and (
                    previous.paragraph == a.paragraph
                    or previous.paragraph >= a.paragraph - 2 and self.only_quote(a)):
                a.speaker, a.speaker_kind, a.role = (
                    previous.speaker, previous.speaker_kind, previous.role)
                a.speaker_mention, a.continues = previous.speaker_mention, previous
                if previous.paragraph == a.paragraph and not a.via:
                    a.via = previous.via
            if a.speaker:
                history.append(a)

    def only_quote(self, a: Attribution) -> bool:
        start, end = self.paragraphs[a.paragraph]
        outside = self.text[start:a.passage.open_at] + self.text[a.passage.close_end:end] \
            if a.passage else "x"
        return not outside.strip(" \t\n*_.,\"”“")

    def describe_speaker(self, a: Attribution, history: list[Attribution]) -> None:
        head = a.speaker_head
        a.speaker_mention = noun_phrase(head)
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            head = head.head.head  # "the minister, who said": the mention is "who"
        lower = head.lower_
        if head.pos_ == "PRON" and (lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS):
            antecedent = self.antecedent(head, history)
            if antecedent:
                a.speaker, a.speaker_kind, a.role = antecedent
            else:
                a.speaker, a.speaker_kind = head.text, "unknown"
            return
        name_head = head
        appos = next((c for c in head.children if c.dep_ == "appos"), None)
        if appos is not None and is_name(appos) and not is_name(head):
            a.role = noun_phrase(head)
            name_head = appos
        elif appos is not None and is_name(head):
            a.role = clause_tokens(appos)
        phrase = noun_phrase(name_head)
        person = next((e for e in self.person_names
                       if e.start >= phrase.start and e.end <= phrase.end), None)
        if person is not None:
            if person.start > phrase.start and a.role is None:
                a.role = self.doc[phrase.start:person.start]
            a.speaker = self.fullest_name(person)
            a.speaker_kind = "person"
            return
        surname = [e for e in self.person_names if e[-1].lower_ == name_head.lower_]
        if name_head.pos_ == "PROPN" and surname:
            a.speaker, a.speaker_kind = self.fullest_name(surname[0]), "person"
            return
        a.speaker = phrase.text
        a.speaker_kind = self.kind_of(name_head)

    def kind_of(self, head: Token) -> str:
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or head.lemma_.lower() in \
                ORGANISATION_NOUNS:
            return "organisation" if head.tag_ != "NNS" or head.ent_type_ else "group"
        if head.pos_ == "PROPN":
            return "person"
        if head.tag_ in ("NNS", "NNPS"):
            return "group"
        if head.pos_ == "NOUN":
            return "anonymous"
        return "unknown"

    def fullest_name(self, person: Span) -> str:
        """The longest PERSON name in the article sharing this mention's last word."""
        last = person[-1].lower_  # a transcript's "WALLACE" is the article's Chris Wallace
        names = [e.text for e in self.person_names if e[-1].lower_ == last]
        return max(names, key=len) if names else person.text

    @cached_property
    def genders(self) -> dict[str, str]:
        """'m' or 'f' for the people the article titles (Mr., Mrs., Ms.); pronouns resolved
        to them later add to it."""
        known = {}
        for e in self.person_names:
            title = self.doc[e.start - 1].lower_.rstrip(".") if e.start else ""
            if title in TITLE_GENDERS:
                known[self.fullest_name(e)] = TITLE_GENDERS[title]
        return known

    def antecedent(self, pronoun: Token, history: list[Attribution]):
        """(speaker, kind, role) for a pronoun: the most recent speaker of the right sort
        (a person of a compatible gender for he/she, a group for they/it), else the last
        person named before it."""
        if pronoun.lower_ in GROUP_PRONOUNS:
            candidates = [a for a in history[-3:] if a.speaker_kind in ("group", "organisation")]
            last = candidates[-1] if candidates else None
            return (last.speaker, last.speaker_kind, last.role) if last else None
        gender = PERSON_PRONOUNS[pronoun.lower_]
        for a in reversed(history[-6:]):
            if a.speaker_kind in ("person", "anonymous") and \
                    self.genders.get(a.speaker, gender) == gender:
                self.genders[a.speaker] = gender
                return a.speaker, a.speaker_kind, a.role
        for e in reversed([e for e in self.person_names if e.end <= pronoun.i]):
            name = self.fullest_name(e)
            if self.genders.get(name, gender) == gender:
                self.genders[name] = gender
                return name, "person", None
        return None
