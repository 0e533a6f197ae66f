"""Cue search: which cue attributes a quotation, tried as ordered, named strategies.

A passage is *direct* when it stands where a sentence starts (or after a colon, or after a
comma when it starts with a capital); otherwise it is *partial*. For a direct quote the
strategies are, in order: the cue right before the mark ('He added, "..."'), a short tag right
after it ('," he said'), then (unless it goes on from a quotation split by its tag) the first
cue after it in its sentence, the cue before it in its sentence, and a cue ending the paragraph
before it with a colon ('Cruz continued:'). A partial quote takes the nearest cue above it in
the parse whose speaker can speak. Quotations with no cue may still name their speaker: a
label ('Daron Shaw: "..."'), a transcript line ('"WALLACE: ...'), or a short tag verb the
lexicon lacks ('"...?" Hannity pressed').

Every lookup is bounded by the passage's own paragraph or sentence, and cues and passages
are found by position (bisect), so the search is linear in the article's length.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..parse.syntax import agent_of, is_name, noun_phrase_head, set_in_clause
from ..text.passages import NEXT_OPENING, Passage
from .attribution import DocContext
from .mentions import (
    OBJECT_DEPS,
    REPORTING_NOUNS,
    TRANSCRIPT_LABEL,
    can_speak,
    inverted_subject,
    is_label_cue,
    outside_quotes,
    speaker_of,
    speaking_subject,
)
from .outlets import is_outlet

STRIPPED = " \t\n*_"
CONTENT_SENTENCE = re.compile(r"[.!?][\"”’')]?\s+[A-Z]")
SO_CALLED = re.compile(r"so[- ]called\W*$", re.I)
TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# the short words a title leaves in lower case ("Inside the World of ESPN")
TITLE_SMALL_WORDS = frozenset(
    "a an the of and or nor but in on at to for by with from as into is".split())


# ---------------------------------------------------------------------------- placement

def stands_alone(ctx: DocContext, p: Passage) -> bool:
    """Whether the passage stands where a sentence starts: a direct quotation."""
    start = ctx.sentence_start_before(p.paragraph, p.open_at)
    end = p.open_at
    while end > start and ctx.text[end - 1] in STRIPPED:
        end -= 1
    content = ctx.text[p.content_start:p.content_end]
    if end == start or ctx.text[end - 1] == ":":
        return True
    if ctx.text[end - 1] == "," and content[:1].isupper():
        return True
    return bool(CONTENT_SENTENCE.search(content)) and ctx.text[end - 1] == ","


def is_scare_quote(ctx: DocContext, p: Passage) -> bool:
    """The so-called "deal": a scare quote by definition."""
    return bool(SO_CALLED.search(ctx.text[max(0, p.open_at - 12):p.open_at]))


def is_title(ctx: DocContext, p: Passage) -> bool:
    """'told "Morning Joe"', 'on ABC's "This Week"', 'the book "Those Guys Have All the
    Fun"': a quotation inside a sentence in title case, two to eight words and no question or
    exclamation, names a show, a book or a film; nobody is quoted (on PolNeAR train, 153 such
    partial quotations were no attribution, 22 were)."""
    content = ctx.text[p.content_start:p.content_end].rstrip()
    words = TITLE_WORD.findall(content)
    capitals = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return 2 <= len(words) <= 8 and len(capitals) >= 2 and content[-1:] not in "?!" and \
        all(w[0].isupper() for w in capitals)


def finished(ctx: DocContext, p: Passage, stops: str = ".!?") -> bool:
    """Whether the quotation ends its sentence: '"A.C.A.,"' goes on into a tag."""
    return ctx.text[p.content_end - 1] in stops and \
        "," not in ctx.text[p.content_end:p.close_end]


def sentence_end_after(ctx: DocContext, offset: int) -> int:
    """Where the sentence that goes on after a closing mark ends, or the next quote opens.
    The parser's sentence is used, so "Mr. Hutto said." is not cut at "Mr."."""
    paragraph = ctx.paragraph_around(offset)
    para_end = paragraph[1] if paragraph else len(ctx.text)
    next_mark = NEXT_OPENING.search(ctx.text, offset, para_end)
    limit = next_mark.start() if next_mark else para_end
    following = ctx.text[offset:limit]
    # A stray mark ("'What did he mean?''' Mr. Biden said") may end the parser's sentence.
    token = ctx.token_at(offset + len(following) - len(following.lstrip(" \t\n\xa0'’")))
    if token is None:
        return limit
    return min(ctx.doc[ctx.sentences.ends[token.i] - 1].idx
               + len(ctx.doc[ctx.sentences.ends[token.i] - 1]), limit)


# ---------------------------------------------------------------------------- strategies

def cue_right_before(ctx: DocContext, p: Passage) -> Span | None:
    """'He added, "..."' and 'Adelson said: "..."': a cue just before the opening mark,
    with only a comma or colon between, introduces the quotation whatever follows it."""
    i = p.open_at
    while i > 0 and ctx.text[i - 1].isspace():
        i -= 1
    if i == 0 or ctx.text[i - 1] not in ",:":
        return None
    i -= 1
    while i > 0 and ctx.text[i - 1].isspace():
        i -= 1
    cue = ctx.cue_ending_at.get(i)
    if cue is None:
        return None
    head, _ = speaker_of(ctx, cue)
    return cue if head is not None else None


def cue_after(ctx: DocContext, p: Passage, tag_only: bool = False) -> Span | None:
    """The first cue after the closing mark, before the sentence (or another quote) ends;
    with ``tag_only``, only a short tag right after the mark ('," he said')."""
    if not p.ends_with_mark:
        return None
    end = sentence_end_after(ctx, p.close_end)
    done = finished(ctx, p)
    # a label credits only what follows it; a subordinate clause tags no quotation
    cues = [c for c in ctx.cues_between(p.close_end, end)
            if not is_label_cue(c) and not subordinate(c, p.close_end)]
    if tag_only or done:
        # A finished sentence: only a short tag right after it ('"Why?" he asked.',
        # '"We lost." Smith said.') attributes it, not the reporter's next sentence.
        # The tag may run longer when all of it is the speaker's own noun phrase
        # ('"...?" Miller, a retired worker from a nuclear plant, said'), unless a full
        # stop ends the quote and the reporter's next sentence may begin.
        first = ctx.first_token_after(p.close_end, end)
        if first is not None:
            tags = [c for c in cues if not done or ends_as_tag(ctx, c)
                    or c.start == first.i and c[0].is_lower]  # '?" asked X, ...'
            return first_with_speaker(
                ctx, [c for c in tags if c.start - first.i <= ctx.settings.tag_tokens
                      or not finished(ctx, p, ".") and speaker_opens_tag(ctx, c, first)
                      and reports_nothing_after(c)])
    return first_with_speaker(ctx, cues)


def continues_tagged_quote(ctx: DocContext, p: Passage) -> bool:
    """'"...," the moderator said. "As you know, ..."': the second half of a quotation
    split by its tag goes on with the same speaker."""
    earlier = ctx.earlier_passage_in_paragraph(p)
    if earlier is None:
        return False
    gap = ctx.text[earlier.close_end:p.open_at]
    return len(gap.split()) <= ctx.settings.tag_tokens and gap.rstrip().endswith((".", ","))


def resumes_after_tag(ctx: DocContext, p: Passage) -> bool:
    """'"The risk," said Leamer, "is that ..."': the second half of a quotation split by a tag
    within one sentence, after a comma, is the same direct quotation, whatever its first
    letter (not a list of quoted words: '"reckless," "dangerous" and "unfair"')."""
    earlier = ctx.earlier_passage_in_paragraph(p)
    return earlier is not None and continues_tagged_quote(ctx, p) and \
        ctx.text[earlier.close_end:p.open_at].rstrip().endswith(",") and \
        bool(ctx.cues_between(earlier.close_end, p.open_at))


def cue_before(ctx: DocContext, p: Passage) -> Span | None:
    """The nearest cue before the quotation in its sentence (or, after a colon, in the
    sentence before) whose speaker can speak."""
    start = ctx.sentence_start_before(p.paragraph, p.open_at,
                                      back=2 if ends_with_colon(ctx, p) else 1)
    cues = [c for c in ctx.cues_between(start, p.open_at)
            if c.end_char <= p.open_at and reaches(ctx, c, p.open_at)]
    return first_with_speaker(ctx, list(reversed(cues)))


def cue_introducing(ctx: DocContext, p: Passage) -> Span | None:
    """'Cruz continued:' ending the paragraph before a quotation that opens its own."""
    start, _ = ctx.paragraphs[p.paragraph]
    if p.paragraph == 0 or ctx.text[start:p.open_at].strip():
        return None
    before_start, before_end = ctx.paragraphs[p.paragraph - 1]
    if not ctx.text[before_start:before_end].rstrip().endswith(":"):
        return None
    last = ctx.token_at(before_end - 1)
    first_token, end_token = ctx.sentences.starts[last.i], ctx.sentences.ends[last.i]
    cues = [c for c in ctx.cues_between(ctx.doc[first_token].idx, ctx.doc[end_token - 1].idx + 1)
            if first_token <= c.start < end_token and reaches(ctx, c, p.open_at)]
    return first_with_speaker(ctx, list(reversed(cues)))


def governing_cue(ctx: DocContext, p: Passage) -> Span | None:
    """The nearest cue above the quotation in the parse whose speaker can speak: "a piece
    that noted ..." and "the bill, intended to highlight ..." pass it on to the cue above
    them, when there is one; else the nearest cue above it."""
    token = ctx.token_at(p.content_start)
    if token is None:
        return None
    found, first = cues_above(ctx, token)
    return found or first or parenthetical_cue(ctx, token)


def parenthetical_cue(ctx: DocContext, token: Token) -> Span | None:
    """'The nominee, he said, watched the Olympics to see "how high ..."', 'As Marcus puts
    it, Obama is trying to make Republicans "an offer ..."', 'according to the budget office,
    the rise "is mainly attributable to ..."': a cue set in the clause around the quotation,
    beside the verbs above it rather than above them."""
    while True:
        for child in token.children:
            cue = ctx.cue_by_token.get(child.i)
            if cue is None or cue.root != child:
                continue
            if set_in_clause(child) or cue._.kind == "phrase":
                head, _ = speaker_of(ctx, cue)
                if head is not None and can_speak(head):
                    return cue
        if token.head == token:
            return None
        token = token.head


def cues_above(ctx: DocContext, token: Token) -> tuple[Span | None, Span | None]:
    """(the nearest cue at or above ``token`` whose speaker can speak, the nearest cue at or
    above it), memoized per token: a chain of heads can be as long as the doc."""
    path = []
    while token.i not in ctx.cues_above:
        path.append(token)
        if token.head == token:
            break
        token = token.head
    above = ctx.cues_above.get(token.i, (None, None)) if path[-1:] != [token] else (None, None)
    for token in reversed(path):
        cue = ctx.cue_by_token.get(token.i)
        if cue is not None:
            head, _ = speaker_of(ctx, cue)
            above = (cue if head is None or can_speak(head) else above[0], cue)
        ctx.cues_above[token.i] = above
    return above


# ---------------------------------------------------------------------------- tests of cues

def ends_as_tag(ctx: DocContext, cue: Span) -> bool:
    """'"We lost." Smith said (on Tuesday).' ends soon after its verb, and '"Why?" Sanders
    asked rhetorically, shaking his head.' reports nothing after it; 'Environmentalists
    welcomed the plan, saying ...' is the reporter's next sentence, not a tag."""
    end = ctx.sentences.ends[cue.start]
    rest = 0
    for token in cue.doc[cue.end:end]:
        if not (token.is_punct or token.is_space):
            rest += 1
            if rest > ctx.settings.tag_tail:
                return reports_nothing_after(cue)
    return True


def reports_nothing_after(cue: Span) -> bool:
    """A verb cue with no content of its own after it (no clause, object or listener): what
    it reports is the quotation before it."""
    return cue._.kind == "verb" and not any(
        child.i >= cue.end and (child.dep_ in ("ccomp", "dobj", "parataxis", "dative")
                                or child.dep_ == "xcomp" and child.tag_ != "VBG")
        for child in cue.root.children)


def subordinate(cue: Span, after: int) -> bool:
    """'"...," when Clinton blasted him': a cue whose clause opens with a subordinator after
    the quotation is no tag of it."""
    return any((child.dep_ == "mark" or child.tag_ == "WRB") and after <= child.idx
               and child.i < cue.root.i for child in cue.root.children)


def speaker_opens_tag(ctx: DocContext, cue: Span, first: Token) -> bool:
    """Whether the cue's speaker phrase starts the tag and runs up to the cue."""
    head, _ = speaker_of(ctx, cue)
    return head is not None and head.left_edge.i <= first.i <= head.i < cue.start


def ends_with_colon(ctx: DocContext, p: Passage) -> bool:
    """Whether the text before the opening mark ends with a colon ('He said:')."""
    i = p.open_at
    while i > 0 and ctx.text[i - 1].isspace():
        i -= 1
    return i > ctx.paragraphs[p.paragraph][0] and ctx.text[i - 1] == ":"


def reaches(ctx: DocContext, cue: Span, offset: int) -> bool:
    """Whether a cue before ``offset`` may attribute what starts there: a speaker label
    credits only what follows it directly ('Clinton: "..." Bush: "..."')."""
    return not is_label_cue(cue) or not ctx.text[cue.end_char:offset].strip()


def first_with_speaker(ctx: DocContext, cues: list[Span]) -> Span | None:
    """The first cue whose speaker can speak and is no outlet, else the first with any
    speaker, else the first."""
    heads = [speaker_of(ctx, cue)[0] for cue in cues]
    usable = [(cue, head) for cue, head in zip(cues, heads, strict=True)
              if head is not None and not is_outlet(ctx, head)]
    best = next((cue for cue, head in usable if can_speak(head)), None)
    return best or (usable[0][0] if usable else cues[0] if cues else None)


# ---------------------------------------------------------------------------- no cue

def labelled_speaker(ctx: DocContext, p: Passage) -> Token | None:
    """A speaker named without a verb: 'Republican pollster Daron Shaw: "..."' or
    '"..." ― Esther Tapia' (interviews, transcripts, vox pops)."""
    para_start, para_end = ctx.paragraphs[p.paragraph]
    if p.ends_with_mark:
        after = re.match(r"[\s\xa0]*[―—–-][\s\xa0]*(?=\w)", ctx.text[p.close_end:para_end])
        if after:
            token = ctx.token_at(p.close_end + after.end())
            if token is not None and is_name(token):
                return noun_phrase_head(token)
    end = p.open_at
    while end > para_start and ctx.text[end - 1] in " \t\xa0":
        end -= 1
    if end > para_start and ctx.text[end - 1] == ":":
        token = ctx.token_at(end - 2)
        if token is None or token.is_punct:
            return None
        if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in OBJECT_DEPS:
            return outside_quotes(ctx, noun_phrase_head(token))  # "Daron Shaw:"
        # "Trump leaned in and boomed:", "The mayor cast her vote:" - the subject of the
        # clause before the colon
        root = ctx.sentences.of(token).root
        return speaking_subject(root, lambda t: outside_quotes(ctx, t))
    return None


def transcript_label(ctx: DocContext, p: Passage) -> Token | None:
    """'"WALLACE: Let's start with ...': a transcript quoted line by line names its
    speaker in capitals before a colon, inside the quotation."""
    label = TRANSCRIPT_LABEL.match(ctx.text, p.content_start, p.content_end)
    if label is None:
        return None
    token = ctx.token_at(label.end(1) - 1)
    return token if token is not None and token.pos_ == "PROPN" else None


def tag_verb_subject(ctx: DocContext, p: Passage) -> Token | None:
    """'"...," Hannity pressed.' and '"...?" reacted Trump.': a short tag right after the
    closing mark whose verb the cue lexicon lacks still names the speaker, when the verb
    has a subject in the tag and no object (a speaking verb's object is the quotation)."""
    if not p.ends_with_mark or finished(ctx, p, "."):
        return None  # after a full stop the reporter's next sentence may begin
    doc = ctx.doc
    first = ctx.first_token_after(p.close_end, p.close_end + 10)
    while first is not None and first.i + 1 < len(doc) and (
            first.is_punct or first.is_space) and first.idx < p.close_end + 3:
        first = doc[first.i + 1]
    if first is None:
        return None
    sentence_end = doc[ctx.sentences.ends[first.i] - 1]
    limit = min(sentence_end_after(ctx, p.close_end), sentence_end.idx + len(sentence_end))
    window = [t for t in doc[first.i:first.i + ctx.settings.tag_tokens] if t.idx < limit]
    for token in window:
        if token.pos_ != "VERB":
            continue
        if any(c.dep_ in ("dobj", "attr", "acomp", "xcomp", "mark") for c in token.children):
            return None
        subject = next((c for c in token.children if c.dep_ == "nsubj"
                        and c.pos_ in ("PROPN", "NOUN", "PRON") and c.i >= first.i
                        and c.tag_ not in ("WDT", "WP")), None)  # not '"...," which ...'
        if subject is None and token.i == first.i:
            subject = inverted_subject(ctx, token)
        return outside_quotes(ctx, subject)
    return None


def reporting_noun_owner(ctx: DocContext, p: Passage) -> Token | None:
    """'a video message ... addressed to the "tyrants of Hamas"': the message's sender."""
    token = ctx.token_at(p.content_start)
    while token is not None and token.head != token:
        token = token.head
        if token.lemma_.lower() in REPORTING_NOUNS:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None and token.dep_ in ("dobj", "nsubjpass"):
                owner = speaking_subject(token.head) if token.dep_ == "dobj" \
                    else agent_of(token.head)
            return owner
    return None
