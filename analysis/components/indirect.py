"""Indirect speech: every cue not already used by a quotation, with a reported content (its
clausal complement, its object, "of ..." for accusations, the clause "according to"
modifies, or the rest of a speaker label's line). Passives without an agent ("has been
accused of") are kept with no speaker, flagged ``agentless``.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection

from spacy.tokens import Span, Token

from ..parse.syntax import (
    adjective_complement,
    agent_of,
    clause_tokens,
    is_passive,
    prepositional_object,
    set_in_clause,
)
from ..text.lexicon import word_list
from ..text.passages import Passage
from .attribution import Attribution, DocContext
from .mentions import is_headline_verb, is_label_cue, next_act, speaker_of

PERSON_OBJECTS = word_list("person_objects")
TOPIC_PREPOSITIONS = word_list("topic_prepositions")
# what may follow a verb's object and still say what the verb says of it ("compared X to Y",
# "charged X with Y", "blamed X for Y"); on PolNeAR train, "during", "before", "after",
# "from", "despite" and "until" phrases are left out of the content more often than not
OBJECT_PREPOSITIONS = frozenset("to with by in on at over against as for into".split())
# what a reporting noun is about: "criticism of", "attacks on", "questions about", "support for"
NOUN_TOPIC_PREPOSITIONS = frozenset("of on about for against over".split())
STOPS = " .,;:!?"  # what a parse may leave out of a clause ending with a quotation
# where or when words appeared: "in a statement", "during a news conference", "on Twitter"
MEDIUM_PREPOSITIONS = frozenset({"in", "during", "at", "on", "after", "before", "from"})


def indirect_attributions(ctx: DocContext, used: set[int]) -> list[Attribution]:
    """One attribution per cue (unlisted verbs included) that no quotation took (``used``
    holds their first tokens) and whose content is not mostly quoted already."""
    found = []
    for cue in ctx.all_cues:
        if cue.start in used:
            continue
        content = content_of(ctx, cue)
        if content is not None and cue._.kind == "verb" and \
                content.start < cue.end < content.end:
            rest = after_cue(content, cue)
            content = content if rest is None else rest
        pieces = around_phrase(content, cue) if content is not None else \
            around_parenthetical(cue)
        for piece in map(trimmed, map(without_closing_relative, pieces)):
            piece = without_coordinated_cue(piece, ctx.cue_by_token)
            if not len(piece) or cue.start <= piece.start and piece.end <= cue.end:
                continue  # nothing but the cue's own words ("voted for", "issued a statement")
            covered = ctx.quoted_chars(piece.start_char, piece.end_char)
            if covered > ctx.settings.direct_overlap * (piece.end_char - piece.start_char):
                continue
            head, agentless = speaker_of(ctx, cue)
            end = closing_mark_end(ctx, piece.end_char) or piece.end_char
            found.append(Attribution("indirect", piece.start_char, end,
                                     ctx.paragraph_of(cue.start_char), cue=cue,
                                     speaker_head=head, agentless=agentless))
    return found


def closing_mark_end(ctx: DocContext, end: int) -> int | None:
    """'said Trump is "unelectable now."': reported speech that ends inside a quotation runs
    to its closing mark, with the stop inside it (the parse leaves both out), so its marks
    are balanced and it is marked as the literature marks it; None when it ends elsewhere."""
    n = bisect_left(ctx.passage_opens, end) - 1  # the last quotation opened before the end
    if n < 0:
        return None
    p = ctx.passages[n]
    return p.close_end if p.content_start < end <= p.content_end and \
        ends_quotation(ctx, p, end) else None


def ends_quotation(ctx: DocContext, p: Passage, end: int) -> bool:
    """Whether words ending at ``end`` end with quotation ``p``: nothing but stops left
    before its closing mark."""
    return p.ends_with_mark and not ctx.text[end:p.content_end].strip(STOPS)


def after_cue(content: Span, cue: Span) -> Span | None:
    """'issued a statement on the subject', 'raised new questions about the deal', 'made the
    case that ...': a cue that takes in its verb's object reports what follows it, without a
    preposition that hangs on its words (the cue's, in the literature's convention); None when
    what follows only describes its noun ('released the allegations, which he denies'), and
    nothing when it only says when ('released a statement late on Friday')."""
    doc, start = cue.doc, cue.end
    if doc[start].dep_ == "prep" and cue.start <= doc[start].head.i < cue.end:
        start += 1
    words = [t for t in doc[start:content.end] if not t.is_punct]
    if not words or any(t.dep_ == "relcl" and cue.start <= t.head.i < cue.end
                        for t in words):
        return None
    if all(t.pos_ in ("ADV", "ADP", "DET") or t.ent_type_ in ("DATE", "TIME") for t in words):
        return doc[start:start]  # 'released a statement late on Friday': when, not what
    return doc[start:content.end]


def around_parenthetical(cue: Span) -> list[Span]:
    """'Many of the closures, he said, have involved public courses', 'As reported by the
    Journal, there are 150 delegates at stake': a verb set in the clause it reports (a
    parataxis with a subject, or an "as" clause) and with no complement of its own reports
    that clause, in the pieces around it, as attribution corpora mark it; also when the
    parser hangs it on a noun it took for the clause's head ('The hashtag, Mr. Abboud said,
    accompanied ...')."""
    root = cue.root
    if cue._.kind != "verb" or root.head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN") or \
            any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in root.children):
        return []
    doc, clause = cue.doc, clause_tokens(root.head)
    if not set_in_clause(root) or \
            not clause.start <= root.left_edge.i <= root.right_edge.i < clause.end:
        return []
    pieces = [doc[clause.start:root.left_edge.i], doc[root.right_edge.i + 1:clause.end]]
    return [piece for piece in pieces if any(not t.is_punct for t in piece)]


def around_phrase(content: Span, cue: Span) -> list[Span]:
    """'Only one person was killed, according to the police, and ...': a phrase cue inside
    the clause it modifies leaves that clause in two pieces."""
    if cue._.kind != "phrase":
        return [content]
    start, end = cue.root.left_edge.i, cue.root.right_edge.i + 1
    doc = content.doc
    return [doc[content.start:max(content.start, min(start, content.end))],
            doc[min(content.end, max(end, content.start)):content.end]]


def without_coordinated_cue(span: Span, cue_tokens: Collection[int]) -> Span:
    """'said the party was not in a crisis, and urged that everyone relax', 'argued that ...,
    saying ...': a cue coordinated or set off by a comma at the end of what another cue
    reports, with no subject of its own, is the same speaker's next act (it has its own row),
    which the parser hangs inside the first content."""
    doc = span.doc
    for token in span:
        start = token.left_edge.i
        if token.pos_ == "VERB" and token.i in cue_tokens and \
                token.head == span.root and token.head.dep_ == "ccomp" and \
                token.right_edge.i + 2 >= span.end \
                and start > span.start + 1 and next_act(token) and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            end = start
            while end > span.start and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct
                                        and not doc[end - 1].is_quote):
                end -= 1  # ", and"
            return trimmed(doc[span.start:end])
    return span


def without_closing_relative(span: Span) -> Span:
    """'Patrick predicted a Cruz win in Texas, which votes on March 1': a relative clause set
    off by a comma at the end of what a cue reports is the reporter's aside; attribution
    corpora leave it out three times in five on PolNeAR train."""
    doc = span.doc
    for token in span:
        start = token.left_edge.i
        if token.dep_ == "relcl" and start > span.start + 1 and doc[start - 1].text == "," \
                and span.start <= token.head.i < start and token.right_edge.i + 3 >= span.end:
            return doc[span.start:start - 1]
    return span


def trimmed(span: Span) -> Span:
    """The span without the punctuation and spaces at its edges, its quotation marks kept:
    reported speech is marked without the stop of the sentence it ends."""
    start, end = span.start, span.end
    doc = span.doc

    def loose(token: Token) -> bool:
        return token.is_space or token.is_punct and not token.is_quote

    while start < end and loose(doc[start]):
        start += 1
    while end > start and loose(doc[end - 1]):
        end -= 1
    return doc[start:end]


def words_of(tokens) -> Span | None:
    """The span from the first to the last word among ``tokens`` (punctuation and spaces
    aside), None when there are fewer than two words."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    return words[0].doc[words[0].i:words[-1].i + 1] if len(words) >= 2 else None


def content_of(ctx: DocContext, cue: Span) -> Span | None:
    """What a cue reports: see the module docstring."""
    doc = ctx.doc
    root = cue.root
    if is_label_cue(cue):  # 'Sanders: Brexit's message could draw Trump support'
        end = next((t.i for t in doc[cue.end:] if "\n" in t.text), len(doc))
        return words_of(doc[cue.end:end])
    if cue._.kind == "phrase":
        head = root.head if root.head != root else root
        clause = clause_tokens(head)
        # the phrase's own words, and a clause of someone else's ("according to early results,
        # ..., though researchers cautioned that ...")
        left_out = {x.i for x in root.subtree}
        for child in head.children:
            if child.dep_ == "advcl" and child.i > root.i and any(
                    c.dep_ == "mark" for c in child.children) and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                left_out.update(x.i for x in child.subtree)
        return words_of(t for t in clause if t.i not in left_out)
    if cue._.kind == "adjective":  # "is confident that ...", "critical of the plan"
        complement = adjective_complement(cue[-1])
        return clause_tokens(complement) if complement is not None else None
    if cue._.kind == "noun":
        clause = next((c for c in root.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
        if clause is not None:
            return clause_tokens(clause)
        # "his attacks on Curiel", "her criticism of the deal", "questions about the emails"
        topic = next((c for c in root.children if c.dep_ == "prep" and c.i == cue.end
                      and c.lower_ in NOUN_TOPIC_PREPOSITIONS), None)
        target = prepositional_object(topic) if topic is not None else None
        return clause_tokens(target) if target is not None and target is not topic else None
    if is_headline_verb(cue):  # the rest of the headline
        return words_of(doc[cue.end:root.sent.end])
    question = asked_clause(root)
    if question is not None:
        return clause_tokens(question)  # "asked Sanders if he would endorse her"
    if root.dep_ == "relcl" and is_passive(root):
        return clause_tokens(root.head)  # "a charge that has been long denied by ..."
    if root.dep_ == "acl" and root.tag_ == "VBN" and agent_of(root) is not None and \
            root.head.left_edge.i < root.left_edge.i:
        return doc[root.head.left_edge.i:root.left_edge.i]  # "the law, opposed by Democrats"
    if cue[-1].dep_ == "prep" and cue[-1].head == root:
        # "called for the overthrow of Assad", "voted for Ben Carson"
        target = prepositional_object(cue[-1])
        if target is not cue[-1]:
            return with_complements(root, with_predicate(root, clause_tokens(target)))
    if cue[-1].dep_ == "mark" and cue[-1].head.head == root:
        # "called for the president to resign": "for" opens the clause asked for
        clause = clause_tokens(cue[-1].head)
        return doc[cue.end:clause.end] if clause.end > cue.end + 1 else None
    # a clause after the verb before one ahead of it: the parser also hangs on the verb what
    # leads up to a colon ("... fighting terrorism: 47% say the United States should ...")
    following_first = sorted(root.children, key=lambda c: c.i < root.i)
    for deps in (("ccomp",), ("xcomp",), ("prep",), ("dobj",)):
        for child in following_first:
            if child.dep_ not in deps:
                continue
            if child.dep_ == "prep" and child.lower_ not in ("of", "that", "about"):
                continue
            span = clause_tokens(child)
            if len(span) >= 2 and not all(t.is_punct for t in span) or names_someone(child) \
                    or predicate_of(root, child) is not None or reason_after(root, child):
                content = clause_tokens(prepositional_object(child))
                return with_complements(root, with_predicate(root, with_object(root, content)))
    return clause_after_medium(root) or topic_of(root) or passive_subject(root) or \
        answer_of(root) or antecedent_object(root)


def asked_clause(verb: Token) -> Token | None:
    """'asked Sanders if he would endorse her', 'wondered whether ...': the parser often takes
    the question for a condition; with no clause of its own, a verb reports it."""
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None  # 'said that, if elected, he would ...'
    return next((c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and any(
        m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)), None)


def antecedent_object(verb: Token) -> Span | None:
    """'the campaign Clinton envisioned', 'the allegations, which Mr. Ailes denies',
    'everything he said': a cue in a relative clause whose object is the clause's gap reports
    the noun phrase the clause hangs from."""
    if verb.dep_ != "relcl":
        return None
    for child in verb.children:
        relative = child.tag_ in ("WDT", "WP")
        if child.dep_ in ("ccomp", "xcomp", "nsubjpass") or child.dep_ == "nsubj" and relative \
                or child.dep_ == "dobj" and not relative:
            return None  # a content of its own, or the noun is the one who speaks
    noun = verb.head
    doc = verb.doc
    end = verb.left_edge.i
    while end > noun.left_edge.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[noun.left_edge.i:end] if end > noun.i else None


def clause_after_medium(verb: Token) -> Span | None:
    """'said in a statement that the race is over': the parser often hangs the "that" clause
    on the noun of where the words appeared, as if it were a relative clause; a clause with
    its own subject and the conjunction "that" is what the verb reports."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in MEDIUM_PREPOSITIONS:
            continue
        for noun in prep.children:
            for clause in noun.children:
                if clause.dep_ in ("relcl", "acl") and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) and \
                        any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
                    return clause_tokens(clause)
    return None


def answer_of(verb: Token) -> Span | None:
    """'the candidate said no', 'a novel says so', 'did not say when': a one-word answer
    right after the verb is what it reports."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    word = doc[verb.i + 1]
    if word.head != verb or not (word.dep_ == "intj" or word.dep_ == "advmod" and (
            word.lower_ == "so" or word.tag_ == "WRB")):
        return None
    return doc[word.i:word.i + 1]


def passive_subject(verb: Token) -> Span | None:
    """'Her death was confirmed by the Eagle Forum', 'The rollout was widely criticized': a
    passive cue with nothing else to report reports its subject, with a source or without
    one (an agentless row: PolNeAR train marks about half of them as attributions)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.tag_ in ("WDT", "WP") or subject.lower_ in ("it", "that"):
        return None
    return clause_tokens(subject)


def topic_of(verb: Token) -> Span | None:
    """'did not respond to a request for comment', 'vouched for his record', 'commented on
    his future': with no clause or object, what a preposition right after the verb names
    (not a time or a place: "spoke on Tuesday")."""
    if verb.i + 1 >= len(verb.doc):
        return None
    prep = verb.doc[verb.i + 1]
    if prep.dep_ != "prep" or prep.head != verb or prep.lower_ not in TOPIC_PREPOSITIONS:
        return None
    target = prepositional_object(prep)
    if target is prep or target.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC"):
        return None
    return clause_tokens(target)


def with_predicate(verb: Token, content: Span) -> Span:
    """'sees *him as a real threat*', 'calling *it a "paperwork error"*', 'refers to *the
    governor as Chris*': what the object is said to be belongs to the content with it."""
    if content.root.dep_ not in ("dobj", "pobj"):
        return content
    predicate = predicate_of(verb, content.root)
    if predicate is None:
        return content
    return content.doc[content.start:clause_tokens(predicate).end]


def predicate_of(verb: Token, target: Token) -> Token | None:
    """What the verb says its object is: 'called *it* the nerd prom', 'sees *him* as a
    threat'; a one-word object ("it", "himself") is a content with it."""
    return next((c for c in verb.children if c.i > target.i and (
        c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as")), None)


def with_complements(verb: Token, content: Span) -> Span:
    """'called on *the party to act*', 'compared *the scenes to the violence at rallies*',
    'charged *the swimmer with filing a false report*', 'blamed *the debt for keeping rates
    low*': what the verb says of its object, in the words right after it, belongs to the
    content, as attribution corpora mark it; a comma, a time ("for a week") or another kind of
    phrase ("during the debate", "before the vote") ends it."""
    target = content.root
    if not (target.dep_ == "dobj" and target.head == verb or target.dep_ in ("pobj", "pcomp")
            and target.head.dep_ == "prep" and target.head.head == verb):
        return content
    doc = content.doc
    end = content.end
    for child in verb.children:
        if child.i < end:
            continue
        if any(t.is_punct for t in doc[end:child.left_edge.i]) or not completes_object(child):
            break
        end = clause_tokens(child).end
    return doc[content.start:end]


def completes_object(child: Token) -> bool:
    """Whether a verb's phrase after its object goes on saying what the verb says of it: an
    infinitive ("to act"), a second object, a predicate, a particle, a manner adverb, or a
    phrase of ``OBJECT_PREPOSITIONS`` that names no time."""
    if child.dep_ in ("xcomp", "dobj", "oprd", "prt", "advmod"):
        return True
    if child.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    if child.dep_ != "prep" or child.lower_ not in OBJECT_PREPOSITIONS:
        return False
    target = prepositional_object(child)
    return target is not child and target.ent_type_ not in ("DATE", "TIME")


def reason_after(verb: Token, target: Token) -> Token | None:
    """The "for" phrase of the verb right after its object, when it gives a reason."""
    doc = target.doc
    end = target.right_edge.i + 1
    reason = doc[end] if end < len(doc) else None
    if reason is None or reason.lower_ != "for" or reason.head != verb or \
            reason.dep_ != "prep" or not completes_object(reason):
        return None
    return reason


def names_someone(child: Token) -> bool:
    """'supported Sanders', 'oppose him': an object of one word is a content when it names a
    person or a body (a name or a pronoun for people), not when it is "it" or "that"."""
    return child.dep_ == "dobj" and (child.pos_ == "PROPN" or child.lower_ in PERSON_OBJECTS)


def with_object(verb: Token, content: Span) -> Span:
    """'accused *the union of moving the goalposts*', 'urged *the party to drop the rule*':
    the object before an infinitive or an "of" phrase is whom the claim or the demand is
    about, and attribution corpora mark it as part of the content."""
    head = content.root.head
    if content.root.dep_ != "xcomp" and not (head.dep_ == "prep" and head.head == verb):
        return content
    target = next((c for c in verb.children if c.dep_ == "dobj" and c.i < content.start), None)
    if target is None:
        return content
    return content.doc[clause_tokens(target).start:content.end]
