"""Speaker finding: the head word of whoever speaks through a cue, or through a quotation that
has no cue (a label, a transcript line, a short tag verb the lexicon lacks).

The speaker is the cue's subject, the agent of a passive cue, the object of "according to", or
the subject of a second cue in the same clause ("said X, ..., told Reuters"). When the parse
gives the cue no subject, an inverted subject after it (never a plain object: "recalled the
freeze") or the noun phrase just before it ("X, a top adviser, said") is taken; a message's
sender speaks for it ("she released a statement saying"). A speaker is never a word inside a
quotation, nor a dateline. ``speaker_of`` is memoized per cue in the doc's context.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..parse.syntax import agent_of, is_name, is_passive, noun_phrase_head
from ..text.lexicon import word_list
from ..text.passages import CLOSING_TEXT
from .attribution import DocContext
from .outlets import is_outlet

ORGANISATION_NOUNS = word_list("organisation_nouns")
REPORTING_NOUNS = word_list("reporting_nouns")
NON_SPEAKERS = word_list("non_speakers")
SPEAKER_SUFFIXES = tuple(sorted(word_list("speaker_suffixes")))
SPEAKER_DEPS = ("nsubj", "nsubjpass", "csubj")
# a noun that is the object of a verb before a colon is what the subject did, no label
OBJECT_DEPS = ("dobj", "pobj", "dative", "attr", "oprd")
NOUN_MODIFIERS = ("det", "amod", "compound", "nummod", "poss", "case", "quantmod", "nmod")
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.' -]*[A-Z]):\s")


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


def can_be_source(head: Token) -> bool:
    """Whether a speaker mention can be the source of an attribution: not a thing that
    cannot speak ("a box labeled ...", "early results suggest"), unless it names someone."""
    return head.pos_ != "NOUN" or head.ent_type_ != "" or \
        head.lemma_.lower() not in NON_SPEAKERS


def is_label_cue(cue: Span) -> bool:
    """The colon after a speaker label ('Sanders: ...', '"WALLACE: ...')."""
    return cue.text == ":" and cue.start > 0


def next_act(verb: Token) -> bool:
    """'said the party was not in a crisis, and urged ...', 'argued that ..., saying ...': a
    verb coordinated right after its conjunction, or a participle right after a comma (with
    no words of its own before it), is the speaker's next act, which the parser often hangs
    on the clause reported."""
    doc, start = verb.doc, verb.left_edge.i
    if verb.dep_ == "conj":
        return start >= 1 and doc[start - 1].dep_ == "cc"
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and start == verb.i > 0 and \
        doc[verb.i - 1].text == ","


def is_headline_verb(cue: Span) -> bool:
    """'Jeb Bush Praises Rubio Donor's Campaign': a verb of a headline in title case, which the
    tagger took for a name, so the parse says nothing of its subject or object."""
    return cue._.kind == "verb" and cue.root.pos_ in ("PROPN", "NOUN")


def speaking_subject(verb: Token, allowed=lambda token: True) -> Token | None:
    """Who does the speaking of a verb: its subject (the first ``allowed`` one: a parse of
    '"The fact ...," X said' may give "said" two), through relative pronouns, shared subjects,
    the noun a participle describes and the sender of a message."""
    for child in verb.children:
        if child.dep_ in SPEAKER_DEPS:
            if allowed(child):
                # "released a video message that was addressed to ...": the message's sender
                relative = child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl"
                return (message_sender(verb.head) if relative else None) or child
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and allowed(verb.head):
        return message_sender(verb.head) or verb.head  # "a voice over saying: ..."
    shown = shown_speaker(verb)
    if shown is not None and allowed(shown):
        return shown
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head  # "upon saying"
    if next_act(verb) and head.dep_ == "ccomp" and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "X said the party was not in a crisis, and urged ...": X urged
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX") \
            and head != verb:
        return speaking_subject(head, allowed)
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


def speaker_of(ctx: DocContext, cue: Span) -> tuple[Token | None, bool]:
    """The speaker's head token for a cue, and whether the cue is an agentless passive."""
    key = (cue.start, cue.end)
    if key not in ctx.speakers:
        ctx.speakers[key] = _speaker_of(ctx, cue)
    return ctx.speakers[key]


def _speaker_of(ctx: DocContext, cue: Span) -> tuple[Token | None, bool]:
    root = cue.root
    if is_label_cue(cue):
        return noun_phrase_head(ctx.doc[cue.start - 1]), False
    if cue._.kind == "phrase":
        last = cue[-1]
        pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
        return pobj, False
    if is_headline_verb(cue):  # the last word of the name right before it is its head
        before = ctx.doc[cue.start - 1] if cue.start > 0 else None
        return (before if before is not None and before.pos_ in ("PROPN", "NOUN", "PRON")
                else None), False
    if cue._.kind == "noun":
        owner = next((c for c in root.children if c.dep_ == "poss"), None)
        return owner or (speaking_subject(root.head) if root.dep_ == "dobj" else None), False
    if is_passive(root) or root.tag_ == "VBN" and agent_of(root) is not None:
        # "was denied by the ministry"; "as reported by the Journal"
        agent = agent_of(root)
        if agent is None and root.dep_ == "relcl":
            return None, True
        return agent, agent is None

    def outside(token: Token | None) -> Token | None:
        if token is not None and behind_colon(token, root):
            return None  # 'The Latest: Trump urges ...': a rubric or label, not the subject
        return outside_quotes(ctx, token)

    subject = speaking_subject(root, outside)
    if subject is None:
        for child in root.children:  # "said Haim Tomer, ..., told Reuters"
            if child.i in ctx.cue_by_token and child.dep_ in ("ccomp", "conj", "parataxis"):
                subject = speaking_subject(child, outside) or subject
                break
    if subject is None:
        subject = inverted_subject(ctx, root)
        if subject is not None and is_outlet(ctx, subject):
            # '"...," Ramos, 58, told AFP': the outlet is the listener, not the speaker
            subject = preceding_subject(ctx, root) or subject
    if subject is None:
        subject = preceding_subject(ctx, root)
    return subject, False


def behind_colon(token: Token, verb: Token) -> bool:
    """Whether a colon stands between a word and the verb after it: what comes before a
    colon labels the line, it is not the verb's subject."""
    doc = token.doc
    return token.i < verb.i and any(t.text == ":" for t in doc[token.right_edge.i + 1:verb.i])


def outside_quotes(ctx: DocContext, token: Token | None) -> Token | None:
    """A speaker is never a word inside a quotation (the parser sometimes thinks so), nor
    a dateline ("PHILADELPHIA (AP) - The committee released ...")."""
    if token is None or ctx.in_quotation(token.idx):
        return None
    if token.is_upper and len(token) > 2 and token.ent_type_ in ("GPE", "LOC"):
        return None
    return token


def inverted_subject(ctx: DocContext, verb: Token) -> Token | None:
    """'..., said Rep. Jim Clyburn (D-S.C.), a member of ...': the first noun phrase
    after the verb, however the parser attached it."""
    for token in verb.doc[verb.i + 1: ctx.sentences.ends[verb.i]]:
        if token.is_punct or token.is_space or token.dep_ in NOUN_MODIFIERS \
                or token.ent_type_ in ("DATE", "TIME"):
            continue  # "said Thursday morning on Fox News" names no speaker
        if token.dep_ == "dobj" and not is_name(token) and not after_quote(ctx, verb) \
                and not holds_quote(ctx, token):
            return None  # "recalled the three-year freeze": an object, not a speaker
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in ("poss",):
            return outside_quotes(ctx, noun_phrase_head(token))
        return None
    return None


def preceding_subject(ctx: DocContext, verb: Token) -> Token | None:
    """'..., Gene Sperling, a top outside Clinton adviser, said': the parser often hangs a
    name with an apposition on the quotation or a date before it instead of making it the
    subject. The noun phrase ending right before the verb is taken, climbing out of its
    apposition and prepositions to the name it describes."""
    doc = verb.doc
    sentence_start = ctx.sentences.starts[verb.i]
    i = verb.i - 1
    while i >= sentence_start and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    if i < sentence_start or doc[i].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    token = noun_phrase_head(doc[i])
    chain = [token]
    while token.dep_ in ("appos", "pobj", "prep") and token.head.i < token.i:
        token = token.head
        chain.append(token)
    nouns = [t for t in chain if t.pos_ in ("PROPN", "NOUN", "PRON")]
    person = [t for t in nouns if t.ent_type_ == "PERSON"]
    found = person[-1] if person else nouns[0] if nouns else None
    return outside_quotes(ctx, found)


def holds_quote(ctx: DocContext, token: Token) -> bool:
    """Whether a quotation opens inside the token's phrase."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return bool(ctx.passages_between(start, end))


def after_quote(ctx: DocContext, verb: Token) -> bool:
    """Whether the verb comes right after a closing mark ('"...," tweeted a user'), where
    the parser often takes an inverted subject for an object."""
    end = verb.idx
    while end > 0 and ctx.text[end - 1] in " \t\n\xa0,":
        end -= 1
    return ctx.text[max(0, end - 2):end].endswith(CLOSING_TEXT)
