"""Attribution cues: the verbs and phrases that attribute content to a source.

Cues are found by lemma *and* syntax, not by string, and only in the article's own voice
(a "said" inside a quotation belongs to the person quoted): a reporting verb counts when it heads
an attribution (it has a speaker or a reported content), not when it is an adjective
("the alleged fraud") or part of "so-called"; phrasal cues ("according to") are matched
on lowercase token sequences; nominal cues need a content ("the claim that ...") or a verb that
makes them public ("issued a statement").

Those rules give each candidate a first verdict; a logistic model over the parse
(``cue_model.py``, trained on PolNeAR train) makes the final call, except where the rules are
kept on purpose (see ``AttributionCues.keeps``). Every other verb outside quotations is a candidate
too, which only the model can accept: news attributes positions with verbs no list of
reporting verbs holds ("filed a lawsuit", "cast doubt on", "pushed Democrats to reject").
Those cues have the category ``unlisted``, since no one has said what they imply about a
source, and they never introduce a quotation.
"""
from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy
from spacy.attrs import DEP, IS_ALPHA, LENGTH, LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ADJ, AUX, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from ..core import files
from ..parse.extensions import lexicon_span, lexicon_values
from ..parse.syntax import (
    LowercaseColumn,
    Sentences,
    adjective_complement,
    is_spaced_dash,
    longest_matches,
)
from ..text.lexicon import (
    COLUMNS,
    UNLISTED,
    Entry,
    by_cue,
    categories_with,
    fingerprint,
    load_lexicon,
    word_list,
    word_map,
    write_rows,
)
from ..text.passages import QUOTE_TOKENS, passages_of
from .cue_model import MODEL_FILE, CueModel, cue_features, load_cue_model

CUE_LABEL = "CUE"
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "parataxis", "advcl"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
ASPECTUAL = word_list("aspectual_verbs")
LEMMA_SLIPS = word_map("lemma_slips")
IRREGULAR = word_map("irregular_verbs")
NOT_CUE_DEPS = {"amod", "compound", "acomp", "npadvmod"}
# the verbs an adjective cue follows ("is confident", "remained skeptical")
LINKING_VERBS = frozenset({"be", "remain"})
EVIDENCE_NOUNS = word_list("evidence_nouns")
CLAUSE_ONLY = word_list("clause_only_verbs")
NAMING_VERBS = word_list("naming_verbs")
SPEECH_CATEGORIES = categories_with("speech")
TRUSTED_CATEGORIES = categories_with("trusted")
NESTED_CATEGORIES = categories_with("nested")


class Candidate(NamedTuple):
    span: Span
    rule: bool  # whether the hand-written rules take it for a cue
    features: list[str]
    headline: bool = False  # a headline's verb the tagger took for a name


class TokenColumns(NamedTuple):
    """A doc's part of speech, dependency, lemma and lowercase form of every token, one array
    each, read once per doc: a test on them makes no Token object, so the passes over every
    token make Token objects only for the few that can be cues."""

    pos: numpy.ndarray
    dep: numpy.ndarray
    lemmas: LowercaseColumn
    lower: numpy.ndarray

    @classmethod
    def of(cls, doc: Doc) -> TokenColumns:
        pos, dep, lower = doc.to_array([POS, DEP, LOWER]).T
        return cls(pos, dep, LowercaseColumn.lemmas_of(doc), lower)


class StaleCueModelWarning(UserWarning):
    """The cue model was fitted on another cue lexicon than the one in use."""


class AttributionCues:
    """Pipeline component writing ``doc.spans["cues"]``. Its lexicon and model weights are
    saved with the pipeline (``to_disk``) and read back from it (``from_disk``)."""

    def __init__(self, nlp: Language, lexicon_path: str | None = None,
                 model_path: str | None = None, use_model: bool = True,
                 threshold: float | None = None, name: str = "attribution_cues",
                 spans_key: str = "cues"):
        self.nlp, self.name, self.spans_key = nlp, name, spans_key
        self.use_model, self.threshold = use_model, threshold
        self.set_lexicon(load_lexicon("cues", lexicon_path))
        self.set_model(load_cue_model(model_path) if use_model else None)

    def set_lexicon(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self.verbs = by_cue(entries, ("verb",))
        self.longer_verbs: dict[str, list[Entry]] = {}
        for entry in sorted(self.verbs.values(), key=lambda e: -len(e.words)):
            if len(entry.words) > 1:
                self.longer_verbs.setdefault(entry.words[0], []).append(entry)
        self.nouns = by_cue(entries, ("noun",))
        self.adjectives = by_cue(entries, ("adjective",))
        self.phrases = by_cue(entries, ("phrase",))
        # two phrase rows are found by syntax, not by their words (see ``_label_cues``)
        self.label = self.phrases.pop(":", None)
        self.in_poll = self.phrases.pop("in", None)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for text in self.phrases:
            self.matcher.add(text, [self.nlp.make_doc(text)])

    def set_model(self, model: CueModel | None) -> None:
        """Use ``model`` (a copy, at the configured threshold); warn when it was fitted on
        another lexicon, since its features name the lexicon's words and categories."""
        if model is None:
            self.model = None
            return
        self.model = CueModel(model.weights, self.threshold or model.threshold, model.lexicon)
        if model.lexicon and model.lexicon != fingerprint(self.entries):
            warnings.warn("the cue model was fitted on another cue lexicon; refit it with "
                          "`python -m analysis.evaluate train-cues`", StaleCueModelWarning,
                          stacklevel=2)

    def __call__(self, doc: Doc) -> Doc:
        kept = [c.span for c in self.candidates(doc) if self.keeps(c)]
        doc.spans[self.spans_key] = join_parts(sorted(drop_nested(kept), key=lambda s: s.start))
        return doc

    def to_disk(self, path: str | Path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_rows(path / "cues.csv", COLUMNS,
                   ((e.cue, e.kind, e.category, e.note, e.source) for e in self.entries))
        if self.model is not None:
            files.write_text(path / MODEL_FILE, self.model.as_json())

    def from_disk(self, path: str | Path, exclude=()) -> AttributionCues:
        path = Path(path)
        self.set_lexicon(load_lexicon("cues", str(path / "cues.csv")))
        model_file = path / MODEL_FILE
        self.set_model(CueModel.read(model_file) if self.use_model and model_file.is_file()
                       else None)
        return self

    def keeps(self, candidate: Candidate) -> bool:
        """The model decides, except where the project reads a cue differently from the
        corpus it learned from: the verbs of denial, confession and doubt a reader looks for
        are kept as the rules find them, and so is "X said, according to Reuters" (X speaks,
        the outlet is only ``via``; PolNeAR often marks the outlet's cue alone). A headline's
        verb the tagger took for a name ("Trump Slams ...") is too rare in the training data
        for the model to judge."""
        span = candidate.span
        if self.model is None or candidate.headline or candidate.rule and (
                lexicon_values(span)[1] in TRUSTED_CATEGORIES or credits_outlet(span)):
            return candidate.rule
        return self.model.accepts(candidate.features)

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every lexicon word outside quotations that could attribute here, and every other
        verb, with the rules' verdict and the features the model weighs."""
        quoted = quoted_tokens(doc)
        sentences = Sentences.of_doc(doc)
        columns = TokenColumns.of(doc)
        headlines = list(self._headline_verbs(doc, quoted))
        found = [(span, True) for span in (*self._phrase_cues(doc, quoted),
                                           *self._label_cues(doc, quoted), *headlines)]
        accepted = {t.i for span, _ in found for t in span} | quoted  # what the rules accept
        for span, rule in self._adjective_cues(doc, accepted, columns):
            found.append((span, rule))
            if rule:
                accepted.update(range(span.start, span.end))
        taken = {t.i for span, _ in found for t in span} | quoted
        for i in self._word_candidates(doc, columns):
            if i in taken:
                continue
            token = doc[i]
            if token.pos_ in ("VERB", "AUX"):
                if not attributive_use(token):
                    continue
                verb = self.verb_entry(token)
                if verb is None:
                    if token.pos_ == "VERB" and not in_adverbial_clause(token):
                        # the model's alone to accept
                        entry = Entry(verb_lemma(token), "verb", UNLISTED)
                        found.append((cue_span(doc, token.i, token.i + 1, entry), False))
                    continue
                entry, end = verb
                # "wants to defend X": what is wanted, not a second attribution
                nested = token.dep_ == "xcomp" and token.head.i in accepted
                rule = not nested and is_verb_cue(token, entry, sentences)
                found.append((cue_span(doc, token.i, end, entry), rule))
                taken.update(range(token.i, end))
                if rule:
                    accepted.update(range(token.i, end))
                continue
            entry = self.nouns.get(token.lemma_.lower())
            if entry and token.pos_ == "NOUN":
                rule = is_noun_cue(token) and not part_of_verb_cue(token, accepted)
                found.append((cue_span(doc, token.i, token.i + 1, entry), rule))
            elif self.in_poll and is_in_poll(token) and token.head.i not in accepted:
                found.append((cue_span(doc, token.i, token.i + 1, self.in_poll), True))
                taken.add(token.i)
        roots = [span.root for span, _ in found]  # a longer span's root is looked for
        categories = {}  # the listed cues' categories by root, for a cue inside one's clause
        for (span, _), root in zip(found, roots, strict=True):
            category = lexicon_values(span)[1]
            if category != UNLISTED:
                categories[root.i] = category
        in_headline = {span.start for span in headlines}
        ordered = sorted(zip(found, roots, strict=True), key=lambda pair: pair[0][0].start)
        return [Candidate(span, rule, cue_features(span, rule, categories.get(root.head.i, "")
                                                   if root.head.i != root.i else "",
                                                   sentences),
                          span.start in in_headline)
                for (span, rule), root in ordered]

    def _word_candidates(self, doc: Doc, columns: TokenColumns) -> list[int]:
        """The tokens ``candidates`` looks at one by one: verbs, nouns of the lexicon and
        "in" (of "in a new poll"), found on the doc's arrays so that Token objects are made
        only for these."""
        pos = columns.pos
        listed_noun = (pos == NOUN) & columns.lemmas.among(self.nouns)
        mask = (pos == VERB) | (pos == AUX) | listed_noun | \
            (columns.lower == doc.vocab.strings["in"])
        return numpy.flatnonzero(mask).tolist()

    def verb_entry(self, token: Token) -> tuple[Entry, int] | None:
        """The lexicon entry of a verb, longer verbs first ("make it clear", "point out",
        "call for"), their words following the verb in its own phrase."""
        lemma = verb_lemma(token)
        doc = token.doc
        for entry in self.longer_verbs.get(lemma, ()):
            end = token.i + len(entry.words)
            following = doc[token.i + 1:end]
            if end <= len(doc) and tuple(t.lower_ for t in following) == entry.words[1:] and \
                    all(token in (t.head, t.head.head) for t in following):
                return entry, end
        entry = self.verbs.get(lemma)
        return (entry, token.i + 1) if entry else None

    def _adjective_cues(self, doc: Doc, taken: set[int], columns: TokenColumns):
        """(span, the rules' verdict) of each listed adjective after 'be' or 'remain': the
        cue runs from the verb to the adjective ("is confident", "have been critical"), and
        the verb is no cue of its own. Only the listed adjectives complementing a verb
        ("acomp", read off the doc's arrays) become Token objects."""
        listed = (columns.pos == ADJ) & (columns.dep == doc.vocab.strings["acomp"]) & \
            columns.lemmas.among(self.adjectives)
        for i in numpy.flatnonzero(listed).tolist():
            token = doc[i]
            entry = self.adjectives[token.lemma_.lower()]
            if token.head.i > token.i or \
                    token.head.lemma_ not in LINKING_VERBS or \
                    not taken.isdisjoint(range(token.head.i, token.i + 1)):
                continue
            yield cue_span(doc, token.head.i, token.i + 1, entry), is_adjective_cue(token)

    def _headline_verbs(self, doc: Doc, quoted: set[int]):
        """'Trump Slams Clinton Over Emails': in a headline in title case the small tagger takes
        the verb for a name ('Slams' PROPN, even inside a PERSON). A capitalised -s or -ed
        form of a listed verb is that verb when it stands between a name (or a comma or colon)
        and another word: not in a place or organisation ('United States', 'Court of
        Appeals'), nor after a number, an article or a possessive ('2 States', "Clinton's
        Attacks"), nor before 'to' ('Battleground States To Avoid'), nor in a rubric in
        capitals ('SHORT READS')."""
        for sentence in title_case_sentences(doc):
            for token in sentence[1:-1]:
                if token.i in quoted or token.is_upper or not token.text[:1].isupper() or \
                        token.pos_ not in ("PROPN", "NOUN") or \
                        token.ent_type_ not in ("", "PERSON"):
                    continue
                before, after = token.nbor(-1), token.nbor(1)
                if before.pos_ not in ("PROPN", "NOUN", "PRON", "ADV") and \
                        before.text not in (",", ":"):
                    continue
                if not after.is_alpha or after.lower_ == "to":
                    continue
                entry = next((self.verbs[stem] for stem in stems(token.lower_)
                              if stem in self.verbs), None)
                if entry is not None:
                    yield cue_span(doc, token.i, token.i + 1, entry)

    def _label_cues(self, doc: Doc, quoted: set[int]):
        """'Ryan: ...', 'Q: ...': a name (or Q/A) opening a line, then a colon, credits the rest
        of the line to that name, as headlines and transcripts do, also inside a quotation
        that opens with the label ('"WALLACE: Let's start ...')."""
        if self.label is None:
            return
        lines = [(label, colon) for label, colon in label_lines(doc)
                 if colon.i not in quoted or label[0].i > 0 and doc[label[0].i - 1].is_quote]
        # a transcript names each speaker again and again ("TAPPER:", "FALLIN:", "TAPPER:")
        openings = Counter(label[-1].lower_ for label, _ in lines)
        for label, colon in lines:
            recurring = openings[label[-1].lower_] > 1
            if not is_label(label, recurring):
                continue
            if len(line_words(doc, colon.i + 1)) < (2 if recurring else 6):
                continue  # "Clinton: 547", "Breitbart News Daily: A World at War"
            yield cue_span(doc, colon.i, colon.i + 1, self.label)

    def _phrase_cues(self, doc: Doc, quoted: set[int]):
        for phrase, start, end in longest_matches(self.matcher, doc, quoted):
            yield cue_span(doc, start, end, self.phrases[phrase])


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quotation marks: a cue there is the quoted speaker's, not the article's
    ("I think", "as I said"), so it attributes nothing in the article's own voice."""
    inside = set()
    for p in passages_of(doc)[1]:
        span = doc.char_span(p.content_start, p.content_end, alignment_mode="contract")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def verb_lemma(token: Token) -> str:
    return LEMMA_SLIPS.get(token.lower_, token.lemma_.lower())


def stems(word: str) -> list[str]:
    """The dictionary forms a verb's -s or -ed form may have: 'slams' slam, 'praises' praise,
    'denies' deny, 'slammed' slam, 'urged' urge, 'said' say."""
    if word in IRREGULAR:
        return [IRREGULAR[word]]
    if word.endswith(("ies", "ied")):
        return [word[:-3] + "y"]
    if word.endswith("es"):
        return [word[:-1], word[:-2]]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    if word.endswith("ed"):
        return [word[:-1], word[:-2], word[:-3]]
    return []


def title_case_sentences(doc: Doc):
    """The sentences capitalised as headlines are: at most 30 tokens, most of their longer
    words starting with a capital. The words are counted on the doc's arrays (each distinct
    word's capital looked up once), so no Token object is made for the words of a sentence
    in plain case."""
    strings = doc.vocab.strings
    orth, alpha, length = doc.to_array([ORTH, IS_ALPHA, LENGTH]).T
    words = (alpha == 1) & (length > 3)
    capitals = [h for h in set(orth[words].tolist()) if strings[h][0].isupper()]
    capitalised = words & numpy.isin(orth, capitals)
    words_before = numpy.concatenate(([0], numpy.cumsum(words))).tolist()
    capitalised_before = numpy.concatenate(([0], numpy.cumsum(capitalised))).tolist()
    for sentence in doc.sents:
        start, end = sentence.start, sentence.end
        count = words_before[end] - words_before[start]
        if count >= 2 and end - start <= 30 and \
                capitalised_before[end] - capitalised_before[start] >= 0.8 * count:
            yield sentence


def cue_span(doc: Doc, start: int, end: int, entry: Entry) -> Span:
    return lexicon_span(doc, start, end, entry, CUE_LABEL)


def is_verb_cue(token: Token, entry: Entry, sentences: Sentences) -> bool:
    """A reporting verb that attributes. Speech verbs need a speaker or a content; verbs of
    belief and evidence need a clause ("think that ...", "found Trump to be ..."), verbs of
    stance an object or a clause ("support the bill"); "continue" and "go on" report speech
    only when they introduce it, not before an infinitive ("continues to be")."""
    deps = {child.dep_ for child in token.children}
    if token.dep_ == "ROOT" and token.tag_ == "VB" and not deps & SUBJECT_DEPS:
        return False  # an imperative: "Read the rest of the story here."
    if entry.cue in CLAUSE_ONLY:
        return "ccomp" in deps or "parataxis" in deps
    if entry.category == "stance" and token.tag_ == "VB" and (
            not deps & SUBJECT_DEPS or any(c.lower_ == "to" for c in token.children)):
        # "to support", "support the troops!": an intention or an appeal, not a position held
        return False
    if entry.category in ("cognition", "evidential"):
        if deps & CLAUSE_DEPS or "oprd" in deps or predicative_as(token):
            return True
        if entry.category == "evidential":
            return evidence_subject(token)
        return False
    if entry.category not in SPEECH_CATEGORIES:
        if "oprd" in deps and deps & (SUBJECT_DEPS | {"dobj"}):
            return True  # "Graham called Trump 'crazy'"
        return bool(deps & CONTENT_DEPS) or token.dep_ in ("relcl", "parataxis") and \
            bool(deps & SUBJECT_DEPS)
    if entry.cue in ASPECTUAL:
        return "xcomp" not in deps and ("ccomp" in deps or next_to_quotation(token, entry))
    if deps & SUBJECT_DEPS or deps & CONTENT_DEPS or "agent" in deps or len(entry.words) > 1:
        # "talking about immigration": a two-word cue carries its own content
        return True
    # "..., said a spokesman" and "..., he said" are parsed in many ways; a quotation
    # mark in the sentence is evidence enough for a reporting verb.
    return sentences.has_quote(token)


def next_to_quotation(verb: Token, entry: Entry, window: int = 3) -> bool:
    """'"...," he continued', 'went on: "..."': a quotation mark just before the verb (past
    its subject) or right after its words and a comma or colon; a quotation further along the
    sentence belongs to another verb ('once the Senate goes on recess, "I intend ..."')."""
    doc = verb.doc
    before = doc[max(0, verb.i - window):verb.i]
    end = verb.i + len(entry.words)
    after = doc[end:end + 2]
    return any(t.text in QUOTE_TOKENS for t in before) or any(
        t.text in QUOTE_TOKENS for t in after if all(
            u.text in (",", ":") or u.text in QUOTE_TOKENS for u in doc[end:t.i]))


def is_adjective_cue(adjective: Token) -> bool:
    """'She is confident that ...', 'Republicans have been critical of the deal', 'He was
    eager to run': an adjective of belief, feeling or stance after 'be' attributes when it
    says what it is about and has a subject to hold it (not "it is unclear whether")."""
    subject = next((c for c in adjective.head.children if c.dep_ in ("nsubj", "nsubjpass")),
                   None)
    return subject is not None and subject.lower_ != "it" and \
        adjective_complement(adjective) is not None


def credits_outlet(span: Span) -> bool:
    """A speech verb whose words another source passes on: 'X said, according to Reuters',
    '"...," said a masked member, Reuters reported'."""
    verb = span.root
    if lexicon_values(span)[1] not in SPEECH_CATEGORIES:
        return False
    linked = [c for c in verb.children if c.dep_ == "parataxis"]
    if verb.dep_ in ("parataxis", "ccomp"):
        linked.append(verb.head)
    return any(t.lemma_ == "report" for t in linked) or any(
        child.dep_ == "prep" and child.lower_ == "according" for child in verb.children)


def attributive_use(token: Token) -> bool:
    """Not an adjective ("the alleged fraud"), part of "so-called", a name given ("the
    group, formerly known as ISIS"), nor what an object is for ("using an acronym to refer
    to ISIS": the infinitive says what the acronym does, nobody attributes anything)."""
    if token.dep_ in NOT_CUE_DEPS:
        return False
    if purpose_of_object(token):
        return False
    if token.lemma_ == "know" and token.tag_ == "VBN" and any(
            child.dep_ == "prep" and child.lower_ == "as" for child in token.children):
        return False
    return not (token.i > 0 and token.nbor(-1).lower_ in ("so", "-") and token.lower_ == "called")


def in_adverbial_clause(verb: Token) -> bool:
    """'as they look to try a fight', 'because they want': a clause of time, reason or
    manner around a verb in no list tells the reporter's story, not anyone's position."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children)


def purpose_of_object(verb: Token) -> bool:
    """'used the word to describe', 'an acronym to refer to': an infinitive without a subject
    of its own, after the object of a verb of using words, says what the words are for."""
    return verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl") and \
        verb.head.lemma_.lower() in NAMING_VERBS and shows_object(verb) and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and \
        not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def drop_nested(spans: list[Span]) -> list[Span]:
    """"He said he believes ...", "officials said she plans to ...", "thinks he wants ...": a
    belief, plan or wish reported inside another cue's content is part of that content, not a
    second attribution."""
    heads = {span.root.i: span for span in spans if lexicon_values(span)[2] == "verb"}

    def nested(span: Span) -> bool:
        token = span.root
        if lexicon_values(span)[1] not in NESTED_CATEGORIES:
            return False
        return token.dep_ in ("ccomp", "xcomp") and token.head.i in heads

    return [span for span in spans if not nested(span)]


def join_parts(spans: list[Span]) -> list[Span]:
    """One cue in several words is one cue: "said in a statement", "issued a statement
    saying", "went on to say", "continued to insist". The joined span keeps the lexicon row
    of the word that reports (the speech verb, not "statement", "go on" or "continue").
    Where the words appeared, ahead of the verb and its speaker ("In a statement released on
    Thursday, a spokesman said"), is no part of the cue and no cue of its own; a clause with
    a subject of its own after a noun is what the noun says ("rejected claims that aides
    warned him"), not more of its words."""
    by_root = {span.root.i: span for span in spans}
    parent: dict[int, int] = {}  # a part's root -> the root of the cue it belongs to
    ahead: set[int] = set()  # the roots of the media named ahead of their verb
    for span in spans:
        token, kind = span.root, lexicon_values(span)[2]
        if kind == "noun" and token.dep_ == "pobj" and token.head.dep_ == "prep":
            head = token.head.head  # "said in a statement"
            if head.i > token.i and head.i in by_root:
                ahead.add(token.i)
                continue
        elif (kind == "noun" and token.dep_ == "dobj") or token.dep_ == "acl" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children) or \
                token.dep_ == "xcomp" and not shows_object(token):
            head = token.head  # "issued a statement", "a statement saying", "went on to say"
        else:
            continue
        if head.i in by_root and by_root[head.i] is not span:
            parent[token.i] = head.i

    def top(i: int) -> int:
        while i in parent:
            i = parent[i]
        return i

    groups: dict[int, list[Span]] = {}
    for span in spans:
        if span.root.i not in ahead:
            groups.setdefault(top(span.root.i), []).append(span)
    joined = []
    for parts in groups.values():
        if len(parts) == 1:
            joined.append(parts[0])
            continue
        reporting = [p for p in parts if p._.kind == "verb" and p._.lemma not in ASPECTUAL]
        row = (reporting[-1] if reporting else parts[0])._
        entry = Entry(row.lemma, row.kind, row.category)
        doc = parts[0].doc
        joined.append(cue_span(doc, min(p.start for p in parts), max(p.end for p in parts),
                               entry))
    return sorted(joined, key=lambda span: span.start)


def shows_object(verb: Token) -> bool:
    """'uses footage of Clinton asking', 'urged Congress to act': the verb is what the
    object before it does, not a second word of its head's cue."""
    return any(c.dep_ == "dobj" and c.i < verb.i for c in verb.head.children)


def predicative_as(token: Token) -> bool:
    """'sees Christie as a moderate', 'views Trump as dangerous': an object and an 'as' phrase."""
    deps = {child.dep_ for child in token.children}
    return bool(deps & {"dobj", "nsubjpass"}) and any(
        child.dep_ == "prep" and child.lower_ == "as" for child in token.children)


def evidence_subject(token: Token) -> bool:
    """'the poll shows Clinton ahead', 'polls showing her behind', '..., records show.': a
    document is the source."""
    if token.dep_ == "acl":
        return token.head.lemma_.lower() in EVIDENCE_NOUNS
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "a batch of emails showed", "results of exit polls show"
    subjects += [g for c in subjects for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]
    return any(c.lemma_.lower() in EVIDENCE_NOUNS for c in subjects)


POLL_NOUNS = word_list("poll_nouns")
RUBRICS = word_list("rubrics")


def is_in_poll(token: Token) -> bool:
    """'In a new CBS News poll, ...', 'leads in the latest survey': one poll is the source."""
    return token.lower_ == "in" and any(
        child.dep_ == "pobj" and child.lemma_.lower() in POLL_NOUNS and child.tag_ in ("NN", "NNP")
        for child in token.children)  # "in a poll"; "in the polls" is the race, not a source


def line_words(doc: Doc, start: int) -> list[Token]:
    """The words from ``start`` to the end of its line."""
    words = []
    for token in doc[start:]:
        if "\n" in token.text:
            break
        if not token.is_punct and not token.is_space:
            words.append(token)
    return words


def label_lines(doc: Doc):
    """(label tokens, colon) for every line, or quotation at a line's start, whose first one to
    six tokens end in a colon."""
    colon = doc.vocab.strings[":"]
    for i in (doc.to_array(ORTH) == colon).nonzero()[0].tolist():  # no Token made per word
        token = doc[i]
        if token.i + 1 >= len(doc):
            continue
        start = token.i
        while start > 0 and not line_opens(doc, start) and token.i - start < 6:
            start -= 1
        label = [t for t in doc[start:token.i] if not t.is_space]
        if label and line_opens(doc, start):
            yield label, token


def line_opens(doc: Doc, i: int) -> bool:
    """Whether token ``i`` starts a line, or a quotation that starts one, or follows a dash
    set apart by spaces, as a roundup's items do ('Iowa poll overhype - HuffPollster: "...')."""
    if i > 0 and doc[i - 1].is_quote:
        i -= 1
    return i == 0 or "\n" in doc[i - 1].text or is_spaced_dash(doc[i - 1])


def is_label(tokens: list[Token], recurring: bool = False) -> bool:
    """A speaker label: one to five capitalised names ('Carly Fiorina', 'Newport and Harter',
    'Insiders'; the tagger often takes a headline's name for a common noun), Q / A, a poll
    ('Poll: Trump ties Clinton'), or a transcript's name in capitals when it is a person's or
    opens other lines too ('TAPPER', 'KATE BOULDUAN'; not 'UPDATE')."""
    if len(tokens) == 1 and (tokens[0].text in ("Q", "A") or tokens[0].lower_ in POLL_NOUNS):
        return True
    names = [t for t in tokens if t.pos_ != "CCONJ" and t.text not in (".", "'s", "’s", "-")]
    if not names or len(names) > 5 or tokens[-1].lower_ in RUBRICS or any(
            t.ent_type_ in ("GPE", "LOC", "DATE") or not t.text[:1].isupper() for t in names):
        return False
    if all(t.is_upper for t in names):
        return recurring or any(t.ent_type_ == "PERSON" for t in names)
    return all(t.pos_ in ("PROPN", "NOUN") for t in names) and tokens[-1].pos_ in ("PROPN", "NOUN")


def part_of_verb_cue(noun: Token, verb_cues: set[int]) -> bool:
    """'said in a statement': the noun only says where the verb cue's words appeared."""
    head = noun.head
    return noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in verb_cues


NOUN_PREPOSITIONS = word_map("noun_prepositions")


def is_noun_cue(token: Token) -> bool:
    """A reporting noun with a content ("the claim that ...") or made public ("issued a
    statement")."""
    if token.pos_ != "NOUN":
        return False
    deps = {child.dep_ for child in token.children}
    preposition = NOUN_PREPOSITIONS.get(token.lemma_.lower())
    if preposition:
        return any(c.dep_ == "prep" and c.lower_ == preposition for c in token.children)
    if deps & {"acl", "ccomp", "relcl"} and any(
        child.lower_ == "that" for child in token.subtree if child.i > token.i
    ):
        return True
    # "issued a statement", "made the claim"; an owner alone ("his views", "her statement") or
    # "in a statement" (the place of a verb cue's words) attributes nothing more on PolNeAR train
    return token.dep_ == "dobj" and token.head.lemma_ in ("issue", "release", "make")


@Language.factory(
    "attribution_cues",
    default_config={"lexicon_path": None, "model_path": None, "use_model": True,
                    "threshold": None, "spans_key": "cues"},
    requires=["token.dep", "token.tag", "token.lemma"],
    assigns=["doc.spans", "span._.lemma", "span._.category", "span._.kind"])
def make_attribution_cues(nlp: Language, name: str, lexicon_path: str | None,
                          model_path: str | None, use_model: bool, threshold: float | None,
                          spans_key: str):
    """``use_model=False`` keeps the hand-written rules' verdict on every candidate cue;
    ``threshold`` overrides the model's own."""
    return AttributionCues(nlp, lexicon_path, model_path, use_model, threshold, name, spans_key)
