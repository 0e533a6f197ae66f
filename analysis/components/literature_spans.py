"""The attribution literature's spans (PolNeAR's convention) for a resolved attribution: the
source, cue and content as its annotators mark them, beside the spans the tables show. The
scorer reads these (``source_span_*``, ``cue_span_*``, ``content_span_*``); nothing else does.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..parse.syntax import with_auxiliaries, word_start
from ..text.lexicon import word_list, word_map
from .attribution import Attribution

CUE_PREPOSITIONS = word_map("cue_prepositions")
ASPECTUAL = word_list("aspectual_verbs")
ATTITUDE_OBJECT_VERBS = word_list("attitude_object_verbs")
ACT_ADJECTIVES = word_list("act_adjectives")
HOLDER_VERBS = word_list("holder_verbs")
CONNECTIVES = word_list("connective_adverbs")
# what stands before a reporting noun in its phrase: "the", "new", "firmly held", "'s"
NOUN_PREMODIFIERS = frozenset("det amod compound nummod case advmod npadvmod".split())


def outside_cue(text: str, start: int, end: int, cue: Span) -> tuple[int, int]:
    """A content's or a source's offsets without the cue's words at either end ("continued
    to push *for a new stadium*", "*That*'s according to early results", "*The senator*
    counter-accused")."""
    if cue.start_char <= start < cue.end_char < end:
        start = cue.end_char
        while start < end and text[start].isspace():
            start += 1
    elif start < cue.start_char < end <= cue.end_char:
        end = cue.start_char
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def literature_cue(cue: Span, content_start: int) -> Span:
    """The cue as PolNeAR marks one: with its auxiliaries (not one a question puts before
    the subject: "Did the inquiry *find*"), negation and particles, the verb it is the
    infinitive of ("tried to show", "needs to persuade"), an adverb on either side ("also
    alleges", "repeatedly invoked", "asked again"; not "when said" nor "instead said"), what
    a verb carries on into (``carried_on``), the date or manner right after it
    (``with_when_or_how``), a preposition right after it that introduces what it is about:
    the content's own ("responded to a request") or one ``cue_prepositions`` lists ("asked
    about", "boasted of"), with the categories it stays out of ("said of"), and the colon
    that opens the content ("wrote:"; PolNeAR marks it nineteen times in twenty on train)."""
    category = cue._.category
    widened = with_auxiliaries(cue)
    root, doc = cue.root, cue.doc
    start, end = governing_verb(widened).start, widened.end
    subject = next((t for t in doc[start:root.i] if t.head == root and t.dep_ in (
        "nsubj", "nsubjpass")), None)
    if subject is not None:  # PolNeAR train: 20 more exact cues
        start = subject.right_edge.i + 1
    start = word_start(doc, start)
    for child in root.children:
        if child.dep_ == "advmod" and child.pos_ == "ADV" and child.tag_ != "WRB":
            if child.i == start - 1 and child.lower_ not in CONNECTIVES:
                start = child.i
            elif child.i == end and child.idx != content_start:  # not "says so"
                end = child.i + 1
    if cue._.kind == "noun":
        start = with_holder_verb(root, with_premodifiers(root, start))
    elif cue._.kind == "phrase" and start > 0 and root.head.i == start - 1 and \
            root.head.lower_ in ("is", "was", "'s", "’s"):
        start -= 1  # "That's according to a new poll" (PolNeAR train: 4 of 5)
    # "critical of", "raised questions about"
    owner = cue[-1] if cue._.kind == "adjective" or cue[-1].pos_ == "NOUN" else root
    owner, end = carried_on(cue, owner, end)
    end = with_when_or_how(root, end)
    # not the "as" of a description ("described him as"; PolNeAR train leaves it out 10 to 6)
    if end < len(doc) and doc[end].head == owner and doc[end].dep_ == "prep" and \
            doc[end].lower_ != "as" and (
            CUE_PREPOSITIONS.get(doc[end].lower_, category) != category or
            end + 1 < len(doc) and doc[end + 1].idx == content_start):
        end += 1
    if end < len(doc) and doc[end].text == ":":
        end += 1
    return doc[start:end]


def carried_on(cue: Span, owner: Token, end: int) -> tuple[Token, int]:
    """The word a cue's span goes on to, and the span's new end: the verb an aspectual cue
    goes on with ("has continued to push for": PolNeAR train, 11 of 11), the act an adjective
    of ``act_adjectives`` describes ("were quick to condemn": 11 of 11), and the attitude a
    verb of ``attitude_object_verbs`` names, with the preposition saying what of ("expressed
    concern", "voiced displeasure with": 31 of 37)."""
    doc = cue.doc
    if cue._.lemma in ASPECTUAL or cue._.lemma in ACT_ADJECTIVES and cue._.kind == "adjective":
        for child in owner.children:
            if child.dep_ == "xcomp" and child.pos_ == "VERB" and child.i >= end and all(
                    t.dep_ in ("aux", "advmod", "neg") for t in doc[end:child.i]):
                return child, with_auxiliaries(doc[child.i:child.i + 1]).end
    if cue._.lemma in ATTITUDE_OBJECT_VERBS and end < len(doc):
        word = doc[end]
        if word.head == owner and word.dep_ == "dobj" and word.pos_ == "NOUN":
            end += 1  # with what the attitude is about ("voiced displeasure with")
            if end < len(doc) and doc[end].head == word and doc[end].dep_ == "prep":
                end += 1
            return word, end
    return owner, end


def with_when_or_how(verb: Token, end: int) -> int:
    """The span's end past a date right after the cue ("reported Saturday", "announced last
    month": PolNeAR train, with it 65 times to 43) or a short "with" phrase of manner ("said
    with a laugh", 14 to 6)."""
    doc = verb.doc
    if end >= len(doc) or doc[end].head != verb:
        return end
    word = doc[end]
    if word.dep_ in ("npadvmod", "compound", "advmod") and word.ent_type_ in ("DATE", "TIME"):
        end += 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    elif verb.pos_ == "VERB" and word.lower_ == "with" and word.dep_ == "prep" and \
            word.right_edge.i - word.i <= 3:
        end = word.right_edge.i + 1
    return end


def with_premodifiers(noun: Token, start: int) -> int:
    """Where a reporting noun's phrase starts before ``start``: with its determiner and the
    words that describe it ("the firmly held belief", "new questions about", "'s assertion"),
    not its owner (on PolNeAR train the gold takes them 30 times to 12 where spans differ),
    each word whole ("fire-breathing vows")."""
    doc = noun.doc
    start = word_start(doc, start)
    while start > 0:
        word = doc[start - 1]
        if word.dep_ not in NOUN_PREMODIFIERS or not (
                word.head == noun or start <= word.head.i < noun.i and
                word.head.dep_ in NOUN_PREMODIFIERS):
            break
        start = word_start(doc, start - 1)
    return start


def with_holder_verb(noun: Token, start: int) -> int:
    """Where a reporting noun's cue starts when the verb right before its phrase says its
    subject holds it or puts it forward (``holder_verbs``: "had an unfavorable opinion of",
    "made these same allegations against"; not "faced criticism"): at that verb, with its
    auxiliaries (PolNeAR train: 9 more exact cues)."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.i != start - 1 or verb.lemma_ not in HOLDER_VERBS:
        return start
    return with_auxiliaries(noun.doc[verb.i:verb.i + 1]).start


def governing_verb(cue: Span) -> Span:
    """'tried to show', 'continue to warn', 'has been able to convince': a cue that is the
    infinitive of the verb right before it is marked with that verb and its auxiliaries (on
    PolNeAR train, six times in seven where the two spans differ in the gold); so is the
    infinitive of an adjective with its verb ('are slightly more likely to say', 22 to 7),
    and one the parser takes for a purpose ('went on to criticize', 'met to discuss'; 15
    more exact cues on train)."""
    head, doc = cue.root.head, cue.doc
    if head.i >= cue.start or not (cue.root.dep_ == "xcomp" or cue.root.dep_ == "advcl"
                                   and doc[cue.start].lower_ == "to"):
        return cue
    if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i < head.i:
        verb, between = head.head, ("aux", "neg", "advmod", "acomp")
    elif head.pos_ == "VERB":
        verb, between = head, ("aux", "auxpass", "neg", "advmod", "prt")
    else:
        return cue
    if any(t.dep_ not in between for t in doc[verb.i + 1:cue.start]):
        return cue
    return doc[with_auxiliaries(doc[verb.i:verb.i + 1]).start:cue.end]


def literature_source(a: Attribution) -> Span:
    """The speaker as PolNeAR marks a source: the mention's whole phrase, with what follows
    its head ("Joel Pollak of Breitbart California", "Parker Eaton, a nominal Republican
    who ...", "he and Brafman"), but never a dateline before it nor the content itself."""
    mention = a.speaker_mention
    head = mention.root  # a continuation's mention is its source's
    doc = head.doc
    whole = phrase_tokens(head)
    start = whole.start
    for token in doc[whole.start:head.i]:
        if token.text in ("—", "–", "--", ")", ":"):
            start = token.i + 1  # "MACAU (Reuters) – Top Republican Party donor ..."
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = max(whole.end, head.i + 1)
    for child in head.children:  # "the official, speaking on condition of anonymity, ..."
        if child.i > head.i and child.dep_ == "acl" and child.tag_ == "VBG" and \
                doc[child.left_edge.i - 1].text == ",":
            end = min(end, child.left_edge.i - 1)
    span = with_closing_comma(doc[start:end])
    if "\n" in span.text or span.start_char < a.content_end and a.content_start < span.end_char:
        return mention
    return span


def with_closing_comma(span: Span) -> Span:
    """A source whose apposition or relative clause opens with a comma keeps the comma that
    closes it ("Steve Huhn, a former HP vice president," said): PolNeAR marks the phrase
    that way nine times in ten; a plain name before a comma ("Clinton, who") stays bare."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text == "," and any(t.text == "," for t in span):
        return doc[span.start:span.end + 1]
    return span


def phrase_tokens(head: Token) -> Span:
    """A word's subtree without the punctuation at its edges, but keeping a closing bracket
    whose opening one it holds ("Kristen Gillibrand (D-NY)") and an abbreviation's stop."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        last = doc[end - 1]
        if last.text == ")" and any(t.text == "(" for t in doc[start:end - 1]):
            break
        end -= 1
    return doc[start:end]


def literature_content(a: Attribution) -> tuple[int, int]:
    """The content's offsets as PolNeAR marks it: a quotation with its marks (and the comma
    inside them), reported speech as it stands, and a partial quotation inside reported
    speech as that speech ('said the group had received "ideas"': all of it; 'accused him
    of engaging in a "freak out"': what the cue reports)."""
    p = a.passage
    root = a.root()
    if a.kind == "partial" and root.kind == "indirect":
        return literature_content(root)
    if a.reported is not None:
        return a.reported
    if p is None:
        return a.content_start, a.content_end
    return p.open_at, p.close_end if p.ends_with_mark else a.content_end
