"""The source audit: one row per source an article gives a voice to, as newsrooms count them by
hand, and corpus shares with honest intervals.

A source is every person, unnamed person, group, organisation or document the article quotes or
reports as saying something, merged over all its mentions (see ``source_rows``).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy
from spacy.attrs import ENT_TYPE, LOWER, POS, TAG
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from ..parse.extensions import values_of
from ..parse.syntax import LowercaseColumn, Sentences, noun_phrase
from ..text.articles import Article
from ..text.lexicon import load_outlets, word_list, word_map
from ..text.passages import passages_of
from .identities import TITLES

PERSON_NOUNS = word_list("person_nouns")
ORGANISATION_NOUNS = word_list("organisation_nouns")
DOCUMENT_NOUNS = word_map("document_nouns")  # noun -> family (recording, text, data)
GENDERED_NOUNS = word_map("gendered_nouns")  # noun -> m | f
PRONOUN_GENDERS = word_map("pronoun_genders")  # he, his, herself... -> m | f
TITLE_GENDERS = word_map("title_genders")  # mr, mrs, ms... -> m | f
ROLE_WORDS = word_map("role_words")  # word or phrase -> politics, government, expert...
GENDERS = {"m": "male", "f": "female"}
SPEAKING_ENTITIES = ("PERSON", "ORG", "NORP", "GPE", "FAC")
DEFINITE = ("the", "this", "that", "these", "those")
PERSON_KINDS = ("person", "anonymous")
# The share of the pronouns referring to a person that must agree for them to tell a gender.
AGREEMENT = 0.75

# Resamples of the articles behind a share's interval, and the generator's fixed seed (the
# same table gives the same interval).
RESAMPLES = 2000
SEED = 20161108


@dataclass(frozen=True)
class Share:
    """A share (women among named persons, say) with its 95% interval."""

    share: float
    low: float
    high: float
    count: int
    total: int


def share_interval(counts: list[tuple[int, int]], level: float = 0.95) -> Share:
    """The share ``sum(k) / sum(n)`` of per-article counts ``(k, n)``, with a percentile
    bootstrap interval over articles: sources of one article are not independent draws (one
    article quoting five men is one editorial choice), so articles, not sources, are
    resampled."""
    pairs = numpy.array([c for c in counts if c[1]], dtype=float).reshape(-1, 2)
    count, total = int(pairs[:, 0].sum()), int(pairs[:, 1].sum())
    if not total:
        return Share(float("nan"), float("nan"), float("nan"), 0, 0)
    rng = numpy.random.default_rng(SEED)
    picks = rng.integers(0, len(pairs), size=(RESAMPLES, len(pairs)))
    shares = pairs[picks, 0].sum(axis=1) / pairs[picks, 1].sum(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = numpy.percentile(shares, [tail, 100 - tail])
    return Share(count / total, float(low), float(high), count, total)


@dataclass
class Voice:
    """One quote row of a source, with the spans of the doc it points at."""

    row: dict
    at: int  # where the attribution begins: its mention, cue or content, whichever is first
    mention: Span | None
    role: Span | None
    category: str  # of its cue


@dataclass
class Source:
    """A source being built: its voices, and what the article says of it."""

    name: str
    kind: str
    voices: list[Voice] = field(default_factory=list)
    speakers: set[str] = field(default_factory=set)  # the quote table's names for it
    descriptions: list[Span] = field(default_factory=list)  # roles, titles, appositions
    credited: int = 0  # times credited by the article (an outlet, an interviewer)
    first_at: int = 0
    media: bool = False  # credited as an outlet or an interviewer

    @property
    def head(self) -> Token | None:
        mention = next((v.mention for v in self.voices if v.mention is not None), None)
        return mention.root if mention is not None else None


@dataclass
class Referent:
    """A person or body the article names outside quotations: its fullest name, where it
    is first named, and what the article calls it (titles, modifiers, appositions)."""

    name: str
    kind: str  # person | organisation
    first_at: int
    descriptions: list[Span] = field(default_factory=list)

    @cached_property
    def described(self) -> set[str]:
        """The words the article describes it with, titles spelt out ("Sen." as "senator");
        a body's own name words too ("the fund" of the International Monetary Fund). Read
        once, when every description is in."""
        words = {t.lemma_.lower() for d in self.descriptions for t in d if t.is_alpha}
        words |= {TITLE_WORDS[t.lower_.rstrip(".")] for d in self.descriptions for t in d
                  if t.lower_.rstrip(".") in TITLE_WORDS}
        if self.kind == "organisation":
            words |= {w.lower() for w in re.findall(r"[\w-]+", self.name)}
        return words


class Referents:
    """The persons and bodies an article names outside quotations, found by name, surname,
    initials or description. Two persons sharing a surname (Ted and Rafael Cruz) stay two;
    a surname alone is the only full name ending with it, when there is one."""

    def __init__(self, doc: Doc, outside_quotations: list[Span]):
        self.persons: dict[tuple[str, str], Referent] = {}  # by (first name, surname)
        self.bodies: dict[str, Referent] = {}  # by lowercase name
        for entity in outside_quotations:
            titles, name = split_titles(entity)
            name = bare(name)
            if not name.strip(" .'’"):
                continue
            if entity.label_ == "PERSON":
                table, key, kind = self.persons, person_key(name), "person"
            else:
                table, key, kind = self.bodies, name.lower(), "organisation"
            referent = table.get(key)
            if referent is None:
                referent = table[key] = Referent(name, kind, entity.start_char)
            elif len(name) > len(referent.name):
                referent.name = name
            referent.descriptions += [*titles, *entity_descriptions(entity)]
        self.surnames: dict[str, list[Referent]] = {}
        for (first, last), referent in self.persons.items():
            if first:
                self.surnames.setdefault(last, []).append(referent)
        for (first, last), referent in list(self.persons.items()):
            fuller = self.surnames.get(last, [])
            if not first and len(fuller) == 1:  # "Trump" is Donald Trump
                fuller[0].descriptions += referent.descriptions
                fuller[0].first_at = min(fuller[0].first_at, referent.first_at)
                self.persons[(first, last)] = fuller[0]
        self.initials: dict[str, list[Referent]] = {}
        for body in self.bodies.values():
            self.initials.setdefault(initials(body.name), []).append(body)
        for key, body in list(self.bodies.items()):
            # "IMF" is the International Monetary Fund; an ORG that is a person's surname
            # ("Trump" tagged as a body) is that person
            same = [r for r in self.initials.get(body.name, []) if r is not body] \
                if len(body.name) > 1 else []
            person = self.persons.get(("", key))
            if len(same) == 1:
                same[0].descriptions += body.descriptions
                self.bodies[key] = same[0]
            elif person is not None:
                self.bodies[key] = person

    def person(self, name: str) -> Referent | None:
        return self.persons.get(person_key(split_titles_text(name)))

    def add_person(self, name: str, mention: Span) -> None:
        """A person the speaker resolution named where the entity tagger saw no name
        ("Mayor Ines Caldera said"), described by the words of the mention before the
        name."""
        name = split_titles_text(name)
        words = name.split()
        start = next((t.i for t in mention if t.text == words[0]), mention.start)
        key = person_key(name)
        referent = self.persons.setdefault(key, Referent(name, "person", mention.start_char))
        if start > mention.start:
            referent.descriptions.append(mention.doc[mention.start:start])
        if key[0] and referent not in self.surnames.setdefault(key[1], []):
            self.surnames[key[1]].append(referent)

    def surname_words(self) -> set[str]:
        return {last for _, last in self.persons}

    def by_surname(self, word: str) -> Referent | None:
        """The only person of the article with this surname, if there is one."""
        fuller = self.surnames.get(word, [])
        return fuller[0] if len(fuller) == 1 else self.persons.get(("", word))

    def organisation(self, name: str) -> Referent | None:
        """A body by its name, its initials ("IMF", "the IMF"), or a person taken for a
        body."""
        key = bare(name).lower()
        if key in self.bodies:
            return self.bodies[key]
        short = bare(name)
        if len(short) > 1 and short.isupper():
            found = {id(r): r for r in self.initials.get(short, [])}
            if len(found) == 1:
                return next(iter(found.values()))
        return self.persons.get(("", key))

    def described(self, head: str, words: set[str], at: int) -> Referent | None:
        """The named referent a description is ("the GOP nominee", "the senator"): one the
        article describes with the description's head word, sharing the most of its
        words, then the nearest before it (or the first after it)."""
        scored = []
        for referent in self.by_description.get(head, ()):
            before = referent.first_at <= at
            scored.append((len(words & referent.described), before,
                           referent.first_at if before else -referent.first_at, referent))
        return max(scored, key=lambda t: t[:3])[3] if scored else None

    @cached_property
    def by_description(self) -> dict[str, list[Referent]]:
        """The referents by each word that describes them (made once, on the first
        description looked up, after every name is in)."""
        index: dict[str, list[Referent]] = {}
        unique = {id(r): r for r in (*self.persons.values(), *self.bodies.values())}
        for referent in unique.values():
            for word in referent.described:
                index.setdefault(word, []).append(referent)
        return index


class Audit:
    """One article's sources, from its analysed doc and quote rows (``source_rows``)."""

    def __init__(self, doc: Doc, article: Article, quotes: list[dict]):
        self.doc, self.article = doc, article
        quoted = sorted((p.content_start, p.content_end) for p in passages_of(doc)[1])
        self.quoted_starts = [start for start, _ in quoted]
        self.quoted_ends = [end for _, end in quoted]
        named = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")
                 and not self.in_quotation(e.start_char)]
        self.persons = [e for e in named if e.label_ == "PERSON"]
        self.person_at = {i: e for e in self.persons for i in range(e.start, e.end)}
        self.sentences = Sentences.of_doc(doc)
        # the gendered titles before each surname ("Mrs. Clinton"), read once
        self.titles: dict[str, list[tuple[str, Token]]] = {}
        for entity in self.persons:
            before = doc[entity.start - 1] if entity.start else None
            title = before.lower_.rstrip(".") if before is not None else ""
            if title in TITLE_GENDERS:
                self.titles.setdefault(person_key(split_titles(entity)[1])[1], []).append(
                    (TITLE_GENDERS[title], before))
        self.referents = Referents(doc, named)
        spans = doc.spans.get("quotes", [])
        self.voices = [self.voice(row, span) for row, span in zip(quotes, spans, strict=True)
                       if row["speaker"]]
        for voice in self.voices:
            name, mention = voice.row["speaker"], voice.mention
            if voice.row["speaker_kind"] == "person" and mention is not None and \
                    mention.root.pos_ == "PROPN" and not is_title(name) and \
                    self.referents.person(name) is None:
                self.referents.add_person(name, mention)

    def in_quotation(self, offset: int) -> bool:
        i = bisect_right(self.quoted_starts, offset) - 1
        return i >= 0 and offset < self.quoted_ends[i]

    def span(self, start: int | None, end: int | None) -> Span | None:
        if start is None or end is None:
            return None
        return self.doc.char_span(start, end, alignment_mode="expand")

    def voice(self, row: dict, span: Span) -> Voice:
        x = values_of(span, ("role_start", "role_end", "category"))
        starts = [s for s in (row["start"], row["speaker_start"], row["cue_start"])
                  if s is not None]
        return Voice(row, min(starts), self.span(row["speaker_start"], row["speaker_end"]),
                     self.span(x["role_start"], x["role_end"]), x["category"] or "")

    # ------------------------------------------------------------------ who the sources are

    def sources(self) -> list[Source]:
        """The article's sources in the order they are first given a voice: the quote rows'
        speakers that can speak, each resolved to the person or body the article names
        (descriptions and short forms included), then the outlets and interviewers the
        article credits."""
        found: dict[tuple[str, str], Source] = {}
        for voice in sorted(self.voices, key=lambda v: v.at):
            kind = self.kind_of(voice)
            if kind is None:
                continue
            referent = self.referent_of(voice, kind)
            if referent is not None:
                name, kind = referent.name, referent.kind
            elif kind == "document" and voice.mention is not None:
                name = voice.mention.text  # "Ivana Trump's brief", not its owner
            else:
                name = voice.row["speaker"]
            source = found.get((name, kind))
            if source is None:
                source = found[(name, kind)] = Source(name, kind, first_at=voice.at)
                if referent is not None:
                    source.descriptions += referent.descriptions
            source.voices.append(voice)
            source.speakers.add(voice.row["speaker"])
            if voice.role is not None:
                source.descriptions.append(voice.role)
            if referent is not None and voice.mention is not None and \
                    voice.mention.root.pos_ != "PRON":
                source.descriptions.append(voice.mention)
        sources = self.merge_groups(list(found.values()))
        sources = self.merge_documents(sources)
        sources += self.credited(sources)
        return sorted(sources, key=lambda s: s.first_at)

    def kind_of(self, voice: Voice) -> str | None:
        """The source's kind, None for no source: an unresolved pronoun, or a head word that
        names nothing that can speak ("the many reasons", "a new conversation", "twelve
        percent"). A voice with no mention of its own (a quotation going on) keeps its
        speaker's kind."""
        kind = voice.row["speaker_kind"]
        head = voice.mention.root if voice.mention is not None else None
        if head is None or head.pos_ == "PRON":
            return kind if kind in ("person", "anonymous", "group", "organisation") else None
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_NOUNS and not head.ent_type_:
            return "document"  # "Ivana Trump's brief": the brief speaks, not its owner
        if kind == "person":  # a name, or a description the speaker resolution named
            return "anonymous" if is_title(voice.row["speaker"]) else kind
        if head.ent_type_ in SPEAKING_ENTITIES or lemma in ORGANISATION_NOUNS:
            return kind if kind in ("organisation", "group") else "organisation"
        if lemma in PERSON_NOUNS or head.lower_ in PERSON_NOUNS or is_title(head.lower_):
            return "group" if head.tag_ in ("NNS", "NNPS") else "anonymous"
        return None

    def referent_of(self, voice: Voice, kind: str) -> Referent | None:
        """The person or body the article names that a voice's speaker is: a person by their
        surname, a body by its name or initials ("the IMF"), a description ("the
        Republican nominee", "the senator", "the fund") by what the article calls them,
        the best match and then the nearest before it."""
        mention = voice.mention
        name = voice.row["speaker"]
        if kind == "person" and not is_title(name):
            return self.referents.person(name)
        if mention is None or mention.root.pos_ == "PRON":
            return self.referents.organisation(name) if kind == "organisation" else None
        head = mention.root
        if kind == "organisation" and (head.ent_type_ in SPEAKING_ENTITIES or
                                       head.pos_ == "PROPN"):
            return self.referents.organisation(name)
        if kind not in ("anonymous", "organisation", "person") or head.tag_ in ("NNS", "NNPS"):
            return None
        words = {t.lemma_.lower() for t in head.subtree if t.is_alpha} - set(DEFINITE)
        return self.referents.described(head.lemma_.lower(), words, voice.at)

    def merge_groups(self, sources: list[Source]) -> list[Source]:
        """"Many experts" and "experts": groups of one head word are one group."""
        first: dict[str, Source] = {}
        for source in sources:
            if source.kind == "group" and source.head is not None:
                key = source.head.lemma_.lower()
                if key in first:
                    absorb(first[key], source)
                else:
                    first[key] = source
        return [s for s in sources if s.voices or s.credited]

    def merge_documents(self, sources: list[Source]) -> list[Source]:
        """"A web video" ... "The ad" ... "the spot": a definite document of the same family
        as the last document before it is that document."""
        last: dict[str, Source] = {}
        for source in sources:
            if source.kind != "document" or source.head is None:
                continue
            family = DOCUMENT_NOUNS.get(source.head.lemma_.lower(), "")
            determiner = source.name.split()[0].lower()
            if determiner in DEFINITE and family in last:
                absorb(last[family], source)
            else:
                last[family] = source
        return [s for s in sources if s.voices or s.credited]

    def credited(self, sources: list[Source]) -> list[Source]:
        """The outlets an attribution credits ("according to Reuters", ``via``) and the
        interviewers a speaker talked to ("told CNN's Jake Tapper"): sources too, in the
        media."""
        known = {s.name.lower(): s for s in sources}
        added: list[Source] = []
        for voice in self.voices:
            names = []
            if voice.row["via"]:
                names.append((voice.row["via"], "organisation", None))
            names += self.interviewers(voice)
            for name, kind, span in names:
                source = known.get(name.lower())
                if source is None:
                    source = known[name.lower()] = Source(name, kind, first_at=voice.at,
                                                          media=True)
                    if span is not None:
                        source.descriptions.append(span)
                    added.append(source)
                if source.media:  # credited, not a speaker of its own
                    source.credited += 1
        return added

    def interviewers(self, voice: Voice) -> list[tuple[str, str, Span | None]]:
        """Who a speaker "told" when the article names them with their outlet ("told
        Breitbart's Alex Marlow", "told CNN")."""
        cue = self.span(voice.row["cue_start"], voice.row["cue_end"])
        if cue is None or cue.root.lemma_ != "tell":
            return []
        found = []
        for child in cue.root.children:
            if child.dep_ not in ("dative", "dobj") or child.pos_ != "PROPN":
                continue
            owner = next((c for c in child.children if c.dep_ == "poss"), None)
            if child.ent_type_ == "PERSON" and owner is not None:
                person = self.person_at.get(child.i)
                if person is not None:
                    found.append((person.text, "person", noun_phrase(owner)))
            elif child.ent_type_ == "ORG" and is_outlet(noun_phrase(child).text):
                found.append((bare(noun_phrase(child).text), "organisation", None))
        return found

    # ------------------------------------------------------------------ what the article says

    def gender(self, source: Source, pronouns: list[Token]) -> tuple[str, Span | None]:
        """female | male | unknown, and the words that show it: a gendered title or noun
        said of the source ("Mrs.", "spokeswoman", "his wife"), else the pronouns that
        refer to it (``pronouns``), when at least three in four agree; never a first name.
        Titles and nouns that disagree leave it unknown."""
        if source.kind not in PERSON_KINDS:
            return "", None
        said = [(gendered(t), t) for d in source.descriptions for t in d if gendered(t)]
        if not is_named(source):  # "a spokeswoman for the agency": the words up to its head
            said += [(gendered(t), t) for v in source.voices if v.mention is not None
                     for t in v.mention.doc[v.mention.start:v.mention.root.i + 1]
                     if gendered(t)]
        if source.kind == "person":
            said += self.titles.get(person_key(source.name)[1], [])
        if said:
            if len({gender for gender, _ in said}) > 1:
                return "unknown", None
            gender, token = min(said, key=lambda pair: pair[1].i)
            return GENDERS[gender], t_span(token)
        votes = Counter(PRONOUN_GENDERS[t.lower_] for t in pronouns)
        if not votes:
            return "unknown", None
        gender, count = votes.most_common(1)[0]
        if count < AGREEMENT * sum(votes.values()):
            return "unknown", None
        return GENDERS[gender], t_span(next(t for t in pronouns
                                            if PRONOUN_GENDERS[t.lower_] == gender))

    def pronouns_of(self, sources: list[Source]) -> dict[int, list[Token]]:
        """The gendered pronouns outside quotations that refer to each person source (by
        ``id``), read as a careful reader would without world knowledge: "he" or "she" as
        a subject refers to the last person who was a subject, in its paragraph or the one
        before ("Caddell told ... He added"); "his" or "her" to the last person named in
        its own sentence, else to that subject. Object pronouns, which often refer
        elsewhere, are not read. A name of someone who is no source, or a person described
        ("the nominee"), still takes the pronouns after it."""
        owners = {person_key(s.name): s for s in sources if s.kind == "person"}
        marks: dict[int, tuple[Token, Source | None]] = {}  # last token -> (head, source)
        doc = self.doc
        # only the tokens that can be a person or a pronoun become Token objects
        pos, tag, ent = (doc.to_array(a) for a in (POS, TAG, ENT_TYPE))
        lower = LowercaseColumn(doc, doc.to_array(LOWER))
        described = (pos == NOUN) & (tag == doc.vocab.strings["NN"]) & \
            LowercaseColumn.lemmas_of(doc).among(PERSON_NOUNS)  # someone described
        untagged = (pos == PROPN) & (ent != doc.vocab.strings["PERSON"]) & \
            lower.among(self.referents.surname_words())  # "Trump" with no entity
        for i in numpy.flatnonzero(described | untagged).tolist():
            token = doc[i]
            if self.in_quotation(token.idx):
                continue
            if described[i]:
                marks[i] = (token, None)
            else:
                referent = self.referents.by_surname(token.lower_)
                if referent is not None:
                    marks[i] = (token, owners.get(person_key(referent.name)))
        for entity in self.persons:
            referent = self.referents.person(split_titles(entity)[1])
            marks[entity.end - 1] = (entity.root, owners.get(person_key(referent.name))
                                     if referent else None)
        for source in sources:
            for voice in source.voices:
                mention = voice.mention
                if mention is not None and mention.root.pos_ != "PRON" and \
                        source.kind in PERSON_KINDS:
                    marks[mention.root.i] = (mention.root, source)
        order = sorted(marks)
        found: dict[int, list[Token]] = {}
        current = 0
        subject = named = None  # the last person who was a subject, the last one at all
        pronouns = (pos == PRON) & lower.among(PRONOUN_GENDERS)
        for token in (doc[i] for i in numpy.flatnonzero(pronouns).tolist()):
            while current < len(order) and order[current] < token.i:
                named = marks[order[current]]
                if is_subject(named[0]):
                    subject = named
                current += 1
            if self.in_quotation(token.idx):
                continue
            if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
                last = subject
                near = last is not None and self.article.paragraph_of(token.idx) - \
                    self.article.paragraph_of(last[0].idx) <= 1
            elif token.dep_ == "poss" or token.lower_.endswith("self"):
                last = named if named is not None and \
                    self.sentences.of(named[0]).start == self.sentences.of(token).start \
                    else subject
                near = last is not None and self.article.paragraph_of(token.idx) - \
                    self.article.paragraph_of(last[0].idx) <= 1
            else:
                continue
            if near and last[1] is not None:
                found.setdefault(id(last[1]), []).append(token)
        return found

    def role(self, source: Source) -> tuple[str, Span | None]:
        """The part of society the source speaks for, and the words that show it: the
        descriptions the article gives it (its title, apposition, role), then its own name
        for an organisation, a group or an unnamed source; an outlet is the media."""
        if source.media or is_outlet(source.name):
            return "media", None
        if source.kind == "document":
            return "document", None
        spans = sorted(source.descriptions, key=lambda s: s.start)
        if source.kind != "person":
            spans += [v.mention for v in source.voices if v.mention is not None
                      and v.mention.root.pos_ != "PRON"]
        for span in spans:
            found = role_in(span)
            if found is not None:
                return found
        return "unknown", None

    # ------------------------------------------------------------------ the table

    def rows(self, hedges: list[dict]) -> list[dict]:
        sources = self.sources()
        pronouns = self.pronouns_of(sources)
        quoted_hedges = Counter(h["speaker"] for h in hedges if h["voice"] == "quoted")
        quoted_words = sum(quoted_words_of(v.row) for v in self.voices)
        rows = []
        for rank, source in enumerate(sources, start=1):
            gender, gender_span = self.gender(source, pronouns.get(id(source), []))
            role, role_span = self.role(source)
            words = sum(quoted_words_of(v.row) for v in source.voices)
            paragraphs = [v.row["paragraph"] for v in source.voices] or [
                self.article.paragraph_of(source.first_at)]
            rows.append({
                "article": self.article.id, "source_id": None, "name": source.name,
                "kind": source.kind, "gender": gender,
                **evidence_fields(self.article, "gender", gender_span),
                "role": role, **evidence_fields(self.article, "role", role_span),
                "first_rank": rank, "first_paragraph": min(paragraphs),
                "in_headline": bool(self.article.title) and min(paragraphs) == 0,
                "direct": any(v.row["kind"] == "direct" for v in source.voices),
                "attributions": len({v.row["attribution"] for v in source.voices})
                + source.credited,
                "words_quoted": words,
                "share_of_voice": round(words / quoted_words, 3) if quoted_words else 0.0,
                "categories": "; ".join(sorted({v.category for v in source.voices
                                                if v.category})),
                "hedges": sum(quoted_hedges[name] for name in source.speakers),
            })
        return rows


def source_rows(doc: Doc, article: Article, quotes: list[dict],
                hedges: list[dict]) -> list[dict]:
    """The ``sources`` table's rows of one analysed article (``source_id`` is the run's to
    give, as ``speaker_id``)."""
    return Audit(doc, article, quotes).rows(hedges)


# ---------------------------------------------------------------------- small readings

# Abbreviated titles and the word a description uses for them ("Sen. Cruz" is "the senator").
TITLE_WORDS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
               "sec": "secretary", "lt": "lieutenant", "col": "colonel", "capt": "captain",
               "sgt": "sergeant", "adm": "admiral", "dr": "doctor", "prof": "professor"}
OUTLETS = load_outlets()


def bare(name: str) -> str:
    """A name without a leading article or a possessive ending."""
    words = name.split()
    if words and words[0].lower() in DEFINITE:
        words = words[1:]
    return re.sub(r"['’]s$", "", " ".join(words))


def is_title(name: str) -> bool:
    """Whether a name is only titles ("Judge", "Sen.", "Senator"): a description."""
    words = name.lower().replace(".", "").split()
    return bool(words) and all(w in TITLES or w in TITLE_WORDS for w in words)


def split_titles(entity: Span) -> tuple[list[Span], str]:
    """A name's leading titles ("Judge" of "Judge Frank Nervo") and the name without them."""
    i = entity.start
    while i < entity.end - 1 and entity.doc[i].lower_.rstrip(".") in TITLES:
        i += 1
    doc = entity.doc
    return ([doc[entity.start:i]] if i > entity.start else []), doc[i:entity.end].text


def person_key(name: str) -> tuple[str, str]:
    """(first name, surname) of a person's name, lower case; "" for a first name when the
    name is one word."""
    words = [w for w in re.findall(r"[\w’'.-]+", name) if w.lower().rstrip(".") not in
             ("jr", "sr", "ii", "iii")]
    words = [re.sub(r"['’]s?$", "", w).lower() for w in words]
    words = [w for w in words if w]
    if not words:
        return "", ""
    return (words[0] if len(words) > 1 else ""), words[-1]


def split_titles_text(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words.pop(0)
    return " ".join(words)


def entity_descriptions(entity: Span) -> list[Span]:
    """What the article puts beside a name: the words before it ("Republican nominee Donald
    Trump") and appositions ("Donald Trump, the Republican nominee"; "the Republican
    nominee, Donald Trump")."""
    doc, root = entity.doc, entity.root
    found = []
    start = entity.start
    while start > 0 and doc[start - 1].head.i in range(entity.start, entity.end) and \
            doc[start - 1].dep_ in ("compound", "amod", "nmod", "npadvmod") and \
            not doc[start - 1].is_punct:
        start -= 1
    if start < entity.start:
        found.append(doc[start:entity.start])
    found += [noun_phrase(c) for c in root.children if c.dep_ == "appos" and c.i >= entity.end]
    if root.dep_ == "appos" and root.head.i < entity.start:
        found.append(doc[root.head.left_edge.i:root.head.i + 1])
    return found


def initials(name: str) -> str:
    return "".join(w[0] for w in bare(name).split() if w[:1].isupper())


def is_named(source: Source) -> bool:
    """Whether the source has a name of its own (a person, a named body), not a
    description ("a senior official", "the agency")."""
    if source.kind == "person":
        return True
    head = source.head
    return source.kind == "organisation" and (
        head is None or head.ent_type_ in SPEAKING_ENTITIES or head.pos_ == "PROPN")


def is_outlet(name: str) -> bool:
    return bare(name).lower() in OUTLETS or name.lower() in OUTLETS


def absorb(into: Source, other: Source) -> None:
    """Merge ``other``'s voices and descriptions into ``into``, which keeps its name."""
    into.voices += other.voices
    into.speakers |= other.speakers
    into.descriptions += other.descriptions + [v.mention for v in other.voices
                                               if v.mention is not None
                                               and v.mention.root.pos_ != "PRON"]
    into.credited += other.credited
    into.first_at = min(into.first_at, other.first_at)
    other.voices, other.credited = [], 0


def role_in(span: Span) -> tuple[str, Span] | None:
    """The role a description's words name, its head word first ("longtime Democratic
    pollster" is an expert), then two-word phrases ("White House"), then its other words."""
    tokens = [span.root, *(t for t in span if t != span.root)]
    doc = span.doc
    for first, second in zip(span, span[1:], strict=False):
        phrase = f"{first.lower_} {second.lower_}"
        if phrase in ROLE_WORDS:
            return ROLE_WORDS[phrase], doc[first.i:second.i + 1]
    for token in tokens:
        for word in (token.lower_, token.lemma_.lower()):
            if word in ROLE_WORDS:
                return ROLE_WORDS[word], t_span(token)
    return None


def is_subject(head: Token) -> bool:
    """Whether a mention is a clause's subject, or in apposition with one."""
    return head.dep_ in ("nsubj", "nsubjpass") or (
        head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass"))


def gendered(token: Token) -> str:
    """m | f for a gendered noun ("spokeswoman", "ex-wife"), else ""."""
    word = token.lower_
    return GENDERED_NOUNS.get(word) or GENDERED_NOUNS.get(word.rsplit("-", 1)[-1], "")


def t_span(token: Token) -> Span:
    return token.doc[token.i:token.i + 1]


def quoted_words_of(row: dict) -> int:
    return len(row["content"].split()) if row["kind"] != "indirect" else 0


def evidence_fields(article: Article, name: str, span: Span | None) -> dict:
    if span is None:
        return {f"{name}_evidence": "", f"{name}_start": None, f"{name}_end": None}
    return {f"{name}_evidence": article.readable(span.start_char, span.end_char),
            f"{name}_start": span.start_char, f"{name}_end": span.end_char}
