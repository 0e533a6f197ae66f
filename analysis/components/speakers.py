"""Speaker resolution (the ``speakers`` component): from the mentions the quote search found to
the names tables show, written to ``doc.spans["quotes"]``.

Speakers are resolved in reading order: pronouns to the most recent compatible speaker, a
paragraph that is only a quotation to the previous paragraph's speaker, a part of a split
quotation to the speaker of the part before it, and every person mention to the fullest name
the article gives that person ("Katz" -> "Israel Katz"). Appositions give a name and a role
("A Hamas spokesman, Sami Abu Zuhri"). Pieces of one quotation running over several
paragraphs share the speaker its cue gives. A coreference model could replace this component:
it reads only ``doc.spans["attributions"]`` and the cues.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..parse.extensions import lexicon_values, required_spans, set_values, values_of
from ..parse.syntax import clause_tokens, is_name, noun_phrase
from ..text.lexicon import UNLISTED, word_list, word_map
from ..text.passages import Passage, doc_text, passages_of
from .attribution import Attribution, content_row, inside, union
from .literature_spans import literature_content, literature_cue, literature_source, outside_cue
from .mentions import ORGANISATION_NOUNS, can_be_source, next_act

QUOTE_LABEL = "QUOTE"
GENDERED_PRONOUNS = word_map("gendered_pronouns")
GROUP_PRONOUNS = word_list("group_pronouns")
TITLE_GENDERS = word_map("title_genders")
ASKERS = word_list("askers")
TITLE_DEPS = ("compound", "amod", "nmod", "det", "nummod", "prep", "pobj")  # "Secretary of State"
ONLY_QUOTE = re.compile(r"[ \t\n*_.,\"”“]*")


@dataclass(frozen=True)
class Settings:
    """The speaker resolution's tuning values (the ``speakers`` component's config)."""

    group_lookback: int = 3  # speakers back a "they" may refer to
    person_lookback: int = 6  # speakers back a "he" or "she" may refer to
    continuation_paragraphs: int = 2  # paragraphs back a quotation-only paragraph goes on from


@dataclass
class People:
    """The article's person names, indexed by last word, and the genders learned so far."""

    names: list[Span]
    quoted: list[Span] = field(default_factory=list)  # names inside quotations
    genders: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a name inside a quotation is the quoted speaker's wording ("Crooked Hillary
        # Clinton"), never the article's name for a person
        in_quotes = {(e.start, e.end) for e in self.quoted}
        self.fullest: dict[str, str] = {}
        self.full_names: dict[tuple[str, str], str] = {}  # by first and last word
        for e in self.names:
            if (e.start, e.end) in in_quotes:
                continue
            e = without_possessive(e)
            last = e[-1].lower_
            if len(e.text) > len(self.fullest.get(last, "")):
                self.fullest[last] = e.text
            if len(e) > 1 and len(e.text) > len(self.full_names.get((e[0].lower_, last), "")):
                self.full_names[(e[0].lower_, last)] = e.text
        self.first_with_last: dict[str, Span] = {}
        for e in self.names:
            self.first_with_last.setdefault(without_possessive(e)[-1].lower_, e)
        doc = self.names[0].doc if self.names else None
        for e in self.names:
            title = doc[e.start - 1].lower_.rstrip(".") if e.start else ""
            if title in TITLE_GENDERS:
                self.genders[self.fullest_name(e)] = TITLE_GENDERS[title]

    def fullest_name(self, person: Span) -> str:
        """The longest PERSON name outside quotations sharing this mention's first and last
        words ("Ivana Trump" stays Ivana beside Donald Trump), or for a surname alone its
        last word ("WALLACE" is Chris Wallace); never with a possessive ending."""
        person = without_possessive(person)
        last = person[-1].lower_
        if len(person) > 1 and (person[0].lower_, last) in self.full_names:
            return self.full_names[(person[0].lower_, last)]
        return self.fullest.get(last, person.text)


def without_possessive(name: Span) -> Span:
    """"Ivana Trump's" as "Ivana Trump": the tagger puts the possessive inside some names."""
    return name[:-1] if len(name) > 1 and name[-1].tag_ == "POS" else name


class Speakers:
    """Pipeline component: resolved speakers for the attributions, as quote spans."""

    def __init__(self, nlp: Language, name: str = "speakers",
                 attributions_key: str = "attributions", cues_key: str = "cues",
                 spans_key: str = "quotes", settings: Settings | None = None):
        self.name = name
        self.attributions_key, self.cues_key, self.spans_key = \
            attributions_key, cues_key, spans_key
        self.settings = settings or Settings()

    def __call__(self, doc: Doc) -> Doc:
        rows = required_spans(doc, self.attributions_key, self.name, "quotes")
        cues = {(c.start_char, c.end_char): c
                for c in required_spans(doc, self.cues_key, self.name, "attribution_cues")}
        found = [attribution_of(doc, span, cues) for span in rows]
        resolved = Resolution(doc, self.settings).run(found)
        number = {id(a): n for n, a in enumerate(resolved, start=1)}
        doc.spans[self.spans_key] = [quote_span(doc, a, number[id(a.root())], row)
                                     for row, a in enumerate(resolved)]
        return doc


def attribution_of(doc: Doc, span: Span, cues: dict[tuple[int, int], Span]) -> Attribution:
    """The attribution the quote search wrote as ``span``."""
    x = values_of(span)
    head = doc[x["speaker_head"]] if x["speaker_head"] is not None else None
    return Attribution(
        x["kind"], x["content_start"], x["content_end"], x["paragraph"],
        cue=cues.get((x["cue_start"], x["cue_end"])) if x["cue_start"] is not None else None,
        speaker_head=head, passage=Passage(*x["passage"]) if x["passage"] else None,
        via=x["via"], agentless=x["agentless"], transcript=x["transcript"],
        reported=(x["content_span_start"], x["content_span_end"])
        if x["content_span_start"] is not None else None)


class Resolution:
    """One doc's speaker resolution: each step reads and sets the attributions it is given."""

    def __init__(self, doc: Doc, settings: Settings):
        self.doc = doc
        self.text = doc_text(doc)
        self.settings = settings
        self.paragraphs, passages = passages_of(doc)
        quoted = union(sorted((p.content_start, p.content_end) for p in passages))
        self.people = People([e for e in doc.ents if e.label_ == "PERSON"],
                             quoted=[e for e in doc.ents if e.label_ == "PERSON"
                                     and inside(quoted, e.start_char)])
        self.person_starts = [e.start for e in self.people.names]
        self.person_ends = [e.end for e in self.people.names]

    def run(self, found: list[Attribution]) -> list[Attribution]:
        """Resolve the speakers, then drop what only served as context and link the rows of
        one attribution."""
        quoted = [a for a in found if a.kind != "indirect"]
        indirect = [a for a in found if a.kind == "indirect"]
        self.resolve(found)
        # An unlisted verb's attribution is no speech to list, but its subject was the last to
        # act for a pronoun after it: 'McCaskill scolded him: "..." she said'.
        dropped = {id(a) for a in indirect if a.cue._.category == UNLISTED}
        dropped |= nested_in_reported_speech([a for a in indirect if id(a) not in dropped])
        found = [a for a in found if id(a) not in dropped]
        indirect = [a for a in indirect if id(a) not in dropped]
        for a in found:
            if id(a.continues) in dropped:
                a.continues = None  # the quotation keeps its speaker, and starts its own row
        share_within_chains(quoted)
        by_cue: dict[int, Attribution] = {}
        for a in indirect:  # "Many of the closures, he said, have involved ...": one content
            if a.cue.start in by_cue:
                a.continues = by_cue[a.cue.start]
            else:
                by_cue[a.cue.start] = a
        for a in quoted:
            if a.kind == "partial" and a.cue is not None and a.cue.start in by_cue:
                a.continues = by_cue[a.cue.start]  # "said the group had received "ideas""
            elif a.kind == "direct" and a.cue is not None and a.continues is None:
                # '"The risk," Leamer said, "is that ...": one quotation around its tag
                if a.cue.start in by_cue:
                    a.continues = by_cue[a.cue.start]
                else:
                    by_cue[a.cue.start] = a
        return found

    def resolve(self, found: list[Attribution]) -> None:
        """Speakers in reading order: pronouns, continuation paragraphs, names."""
        history: list[Attribution] = []  # attributions with a speaker, in reading order
        gap = self.settings.continuation_paragraphs
        for a in found:
            previous = history[-1] if history else None
            if a.speaker_head is not None:
                self.describe_speaker(a, history)
            elif a.kind == "direct" and previous is not None and not a.agentless and (
                    previous.paragraph == a.paragraph
                    or previous.paragraph >= a.paragraph - gap and self.only_quote(a)):
                a.speaker, a.speaker_kind, a.role = (
                    previous.speaker, previous.speaker_kind, previous.role)
                a.speaker_mention, a.continues = previous.speaker_mention, previous
                if previous.paragraph == a.paragraph and not a.via:
                    a.via = previous.via
            if a.speaker:
                history.append(a)

    def only_quote(self, a: Attribution) -> bool:
        """Whether the quotation is all its paragraph holds."""
        if a.passage is None:
            return False
        start, end = self.paragraphs[a.paragraph]
        return self.only_marks(start, a.passage.open_at) and \
            self.only_marks(a.passage.close_end, end)

    def only_marks(self, start: int, end: int) -> bool:
        """Whether text[start:end] holds nothing but spaces, marks and punctuation."""
        return start >= end or ONLY_QUOTE.match(self.text, start, end).end() == end

    def describe_speaker(self, a: Attribution, history: list[Attribution]) -> None:
        """The name, kind and role of a speaker mention: a pronoun's antecedent, the fullest
        name of a person, a name in apposition with a role, or the noun phrase itself."""
        head = a.speaker_head
        a.speaker_mention = noun_phrase(head)
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            head = head.head.head  # "the minister, who said": the mention is "who"
        lower = head.lower_
        if head.pos_ == "PRON" and (lower in GENDERED_PRONOUNS or lower in GROUP_PRONOUNS):
            antecedent = self.antecedent(head, history)
            if antecedent:
                a.speaker, a.speaker_kind, a.role = antecedent
            else:
                a.speaker, a.speaker_kind = head.text, "unknown"
            return
        name_head = head
        appos = next((c for c in head.children if c.dep_ == "appos"), None)
        if appos is not None and is_name(appos) and not is_name(head):
            a.role = role_of(noun_phrase(head))
            name_head = appos
        elif appos is not None and is_name(head):
            a.role = role_of(clause_tokens(appos))
        phrase = noun_phrase(name_head)
        person = next((e for e in self.people_in(phrase.start, phrase.end)), None)
        if person is not None:
            if person.start > phrase.start and a.role is None:
                a.role = role_of(title_before(person, phrase.start))
            a.speaker = self.people.fullest_name(person)
            a.speaker_kind = "person"
            return
        surname = self.people.first_with_last.get(name_head.lower_)
        if name_head.pos_ == "PROPN" and surname is not None:
            a.speaker, a.speaker_kind = self.people.fullest_name(surname), "person"
            return
        if not can_be_source(name_head):
            return  # "a box", "the results": no speaker, rather than a wrong one
        a.speaker = phrase.text
        a.speaker_kind = kind_of(name_head)

    def people_in(self, start: int, end: int) -> list[Span]:
        """The person names lying within tokens [start, end), in order."""
        i = bisect_left(self.person_starts, start)
        found = []
        for e in self.people.names[i:]:
            if e.start >= end:
                break
            if e.start >= start and e.end <= end:
                found.append(e)
        return found

    def antecedent(self, pronoun: Token, history: list[Attribution]):
        """(speaker, kind, role) for a pronoun: the most recent speaker of the right sort
        (a person of a compatible gender for he/she, a group for they/it), else the last
        person named before it."""
        genders = self.people.genders
        if pronoun.lower_ in GROUP_PRONOUNS:
            candidates = [a for a in history[-self.settings.group_lookback:]
                          if a.speaker_kind in ("group", "organisation")]
            last = candidates[-1] if candidates else None
            return (last.speaker, last.speaker_kind, last.role) if last else None
        gender = GENDERED_PRONOUNS[pronoun.lower_]
        for a in reversed(history[-self.settings.person_lookback:]):
            if a.speaker_head is not None and a.speaker_head.lemma_.lower() in ASKERS:
                continue  # "one questioner claimed ... 'You're right,' he said": the answer
            if a.speaker_kind in ("person", "anonymous") and \
                    genders.get(a.speaker, gender) == gender:
                genders[a.speaker] = gender
                return a.speaker, a.speaker_kind, a.role
        for j in range(bisect_right(self.person_ends, pronoun.i) - 1, -1, -1):
            name = self.people.fullest_name(self.people.names[j])
            if genders.get(name, gender) == gender:
                genders[name] = gender
                return name, "person", None
        return None


def role_of(words: Span) -> Span | None:
    """A speaker's role as a whole phrase ("former head of overseas operations at Israel's
    Mossad", "Senator"), never a fragment: without its edge determiners and punctuation,
    a role holds a noun or a title and stays on one line."""
    start, end = words.start, words.end
    doc = words.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT", "SPACE") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].pos_ in ("PUNCT", "SPACE") or doc[end - 1].is_space):
        end -= 1
    role = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in role) or "\n" in role.text:
        return None
    return words if start == words.start and end == words.end else role


def title_before(person: Span, start: int) -> Span:
    """The words right before a name that qualify it ("Former President", "Sen."), back to
    ``start`` at most: modifiers of the name, never a clause or a quotation."""
    doc = person.doc
    i = person.start
    while i > start and doc[i - 1].dep_ in TITLE_DEPS and not doc[i - 1].is_punct \
            and person.start <= doc[i - 1].head.i + 8 and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
    return doc[i:person.start]


def kind_of(head: Token) -> str:
    """person | organisation | group | anonymous | unknown, from a speaker's head word."""
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


def nested_in_reported_speech(indirect: list[Attribution]) -> set[int]:
    """'He said the department has granted immunity to ...': a cue inside what another cue
    reports is part of that content, as a cue inside a quotation is the quoted speaker's; the
    article attributes it to the outer source only. (The ids of the nested attributions.)
    A verb coordinated inside the content stays, and so does the speaker's next act: the
    parser often hangs there a verb that goes with the outer cue ('said the results might not
    hold up, and admitted that ...', 'argued that ..., saying ...')."""
    starts = sorted(a.content_start for a in indirect)
    ends = sorted(a.content_end for a in indirect)
    own: dict[int, list[Attribution]] = {}  # the pieces of each cue's content
    for a in indirect:
        own.setdefault(a.cue.start, []).append(a)

    def covering(offset: int) -> int:  # contents [start, end) holding the offset
        return bisect_right(starts, offset) - bisect_right(ends, offset)

    return {id(a) for a in indirect
            if a.cue.root.dep_ != "conj" and not next_act(a.cue.root) and
            covering(a.cue.start_char) > sum(
                p.content_start <= a.cue.start_char < p.content_end for p in own[a.cue.start])}


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


def quote_span(doc: Doc, a: Attribution, attribution: int, row: int) -> Span:
    """A resolved attribution as a span of ``doc.spans["quotes"]``."""
    span = content_row(doc, a, QUOTE_LABEL, row)
    x = {"attribution": attribution, "speaker": a.speaker, "speaker_kind": a.speaker_kind}
    if a.role is not None:
        x["role_start"], x["role_end"] = a.role.start_char, a.role.end_char
    x["via"], x["agentless"] = a.via, a.agentless
    x["closed"] = a.passage.closed if a.passage else True
    x["content_span_start"], x["content_span_end"] = literature_content(a)
    if a.speaker_mention is not None:
        x["speaker_mention"] = a.speaker_mention.text
        x["speaker_start"] = a.speaker_mention.start_char
        x["speaker_end"] = a.speaker_mention.end_char
        source = literature_source(a)
        x["source_span_start"], x["source_span_end"] = source.start_char, source.end_char
    if a.cue is not None:
        x["cue"] = a.cue.text
        x["lemma"], x["category"], _ = lexicon_values(a.cue)
        x["cue_start"], x["cue_end"] = a.cue.start_char, a.cue.end_char
        cue = literature_cue(a.cue, a.content_start)
        x["cue_span_start"], x["cue_span_end"] = cue.start_char, cue.end_char
        text = doc_text(doc)
        x["content_span_start"], x["content_span_end"] = outside_cue(
            text, x["content_span_start"], x["content_span_end"], cue)
        if a.speaker_mention is not None:
            x["source_span_start"], x["source_span_end"] = outside_cue(
                text, x["source_span_start"], x["source_span_end"], cue)
    set_values(span, x)
    return span


@Language.factory(
    "speakers",
    default_config={"attributions_key": "attributions", "cues_key": "cues",
                    "spans_key": "quotes", "group_lookback": 3, "person_lookback": 6,
                    "continuation_paragraphs": 2},
    requires=["doc.spans", "span._.speaker_head", "doc.ents"],
    assigns=["doc.spans", "span._.speaker", "span._.speaker_kind", "span._.attribution"])
def make_speakers(nlp: Language, name: str, attributions_key: str, cues_key: str,
                  spans_key: str, group_lookback: int, person_lookback: int,
                  continuation_paragraphs: int):
    """The lookbacks bound how far back a pronoun's antecedent and a quotation-only
    paragraph's speaker are sought."""
    settings = Settings(group_lookback, person_lookback, continuation_paragraphs)
    return Speakers(nlp, name, attributions_key, cues_key, spans_key, settings)
