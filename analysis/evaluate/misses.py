"""``python -m analysis.evaluate polnear-misses [--split train]``: which annotated attributions
the project misses, and where its spans and PolNeAR's differ by convention, counted to choose
the next rules (train by default; dev stays for reporting).

- **Missed attributions**: an annotated attribution whose Content no reported attribution
  matches (the lenient "all attributions" match of ``attributions.py``: Jaccard >= 0.5). Each
  is counted by the kind of its cue, read off the parse of the cue's head word (a verb, a noun
  such as "criticism of", an adverb such as "reportedly", "according to", a verb of attitude
  such as "believe", a dash or colon, or no cue), by its cue lemma, and by its source (a
  person or body, a document or record such as "a report", or none).
- **Convention differences**: sentence by sentence (``spans.py``), in the spans the scorer
  reads (the literature convention's fields, ``LITERATURE_FIELDS``), a gold Content and the
  system's content that overlaps it most are compared at both ends: quotation marks or
  punctuation only, the complementizer "that", or other words; a gold Cue and the system cue
  overlapping it by the words one has and the other lacks: auxiliaries ("has said"), negation
  ("did not say"), particles ("pointed out"), prepositions or complementizers ("accused ...
  of"), other words.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from analysis.evaluate.attributions import (
    PolnearDoc,
    chars,
    load_split,
    match,
    system_attributions,
)
from analysis.evaluate.spans import (
    LITERATURE_FIELDS,
    SentenceIndex,
    Span,
    SpanFields,
    gold_spans,
    system_spans,
    trim,
)

# Verbs of belief, wish and feeling: PolNeAR annotates attitudes as attributions.
ATTITUDE_LEMMAS = frozenset({
    "believe", "think", "feel", "hope", "fear", "want", "wish", "expect", "worry", "know",
    "consider", "doubt", "suspect", "assume", "agree", "disagree", "prefer", "support",
    "oppose", "like", "love", "hate", "see", "view", "understand", "realize", "recognize",
    "trust", "favor", "imagine", "suppose", "guess", "bet", "reckon", "regard", "plan",
})
# Verbs whose object carries the meaning ("made the observation", "has no idea").
LIGHT_VERBS = frozenset({"make", "take", "have", "give", "pay", "offer", "raise", "cast",
                         "express", "voice", "issue", "draw", "lay", "put"})
# Nouns for documents and records that PolNeAR takes as sources ("a report that shows").
DOCUMENT_NOUNS = frozenset({
    "report", "memo", "document", "study", "poll", "survey", "data", "record", "email",
    "letter", "filing", "analysis", "article", "book", "transcript", "video", "footage", "ad",
    "advertisement", "audit", "review", "investigation", "figure", "number", "research",
    "paper", "complaint", "lawsuit", "indictment", "statement", "release", "tweet", "post",
    "website", "site", "story", "column", "editorial", "chart", "map", "list", "note",
    "message", "biography", "platform", "proposal", "bill", "law", "ruling", "estimate",
    "forecast", "model", "census", "result", "finding", "evidence", "photo", "image", "page",
    "documentary", "film", "broadcast",
})


NO_OVERLAP = "no overlapping system span"


# Reading a gold attribution off the parse --------------------------------------------------------

def head_of(doc: Doc, pieces: Sequence[Span]) -> Token | None:
    """The syntactic head of some character pieces: the first token whose head lies outside
    them (or that heads itself)."""
    tokens = [t for piece in pieces for t in _tokens(doc, piece)]
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


def _tokens(doc: Doc, span: Span):
    """The tokens a character span touches."""
    touched = doc.char_span(span[0], span[1], alignment_mode="expand")
    return list(touched) if touched is not None else []


def cue_kind(head: Token | None, words: Sequence[Token] = ()) -> str:
    """The kind of a cue from its head word (and, for a light verb, the cue's other
    ``words``)."""
    if head is None:
        return "no cue"
    lemma = head.lemma_.lower()
    if head.is_punct or not any(c.isalnum() for c in head.text):
        return "punctuation (dash, colon)"
    if lemma == "accord" or head.lower_ == "according":
        return "according to"
    if head.pos_ in ("NOUN", "PROPN"):
        return "nominal cue"
    if lemma == "be":
        return "'be' and a predicate (is clear, are focused on)"
    if lemma in LIGHT_VERBS and any(w.dep_ == "dobj" and w.pos_ == "NOUN" for w in words):
        return "light verb and noun (made the case, took a shot at)"
    if head.pos_ == "ADV":
        return "adverbial cue"
    if head.pos_ in ("VERB", "AUX") and lemma in ATTITUDE_LEMMAS:
        return "attitude verb"
    if head.pos_ in ("VERB", "AUX"):
        return "verb of speech or other verb"
    if head.pos_ == "ADJ":
        return "adjectival cue"
    return "other cue"


def source_kind(head: Token | None) -> str:
    if head is None:
        return "no source"
    if head.lemma_.lower() in DOCUMENT_NOUNS and head.pos_ == "NOUN":
        return "document or record"
    return "person, body or other"


def cue_lemma(head: Token | None) -> str:
    return "(no cue)" if head is None else f"{head.lemma_.lower()} ({head.pos_})"


# Convention differences --------------------------------------------------------------------------

def edge(text: str, a: int, b: int) -> str:
    """What lies between two span ends: nothing, marks or punctuation, 'that', other words."""
    start, end = min(a, b), max(a, b)
    if not text[start:end].strip():
        return "same"
    s, e = trim(text, start, end)
    if s == e:
        return "marks"
    if text[s:e].lower() == "that":
        return "that"
    return "words"


def content_difference(text: str, gold: Span, system: Span) -> str:
    """Why an overlapping system content is not the gold Content, judged at both ends."""
    left, right = edge(text, gold[0], system[0]), edge(text, gold[1], system[1])
    if {left, right} <= {"same", "marks"}:
        return "quotation marks or punctuation at the ends"
    if left == "that" and right in ("same", "marks"):
        side = "gold keeps" if gold[0] < system[0] else "system keeps"
        return f"complementizer 'that' ({side} it)"
    if gold[0] <= system[0] and system[1] <= gold[1]:
        return "other words: gold longer"
    if system[0] <= gold[0] and gold[1] <= system[1]:
        return "other words: system longer"
    return "other words: ends cross"


def word_class(token: Token) -> str:
    if token.dep_ == "neg" or token.lower_ in ("not", "n't", "never"):
        return "negation"
    if token.pos_ == "AUX" or token.dep_ in ("aux", "auxpass"):
        return "auxiliary"
    if token.dep_ == "prt" or (token.pos_ == "PART" and token.lower_ != "to"):
        return "particle"
    if token.pos_ in ("ADP", "SCONJ") or token.lower_ in ("to", "that"):
        return "preposition or complementizer"
    if token.is_punct:
        return "punctuation"
    return "other words"


def cue_difference(doc: Doc, gold: Span, system: Span) -> str:
    """The classes of the words one cue has and the other lacks, joined ('auxiliary +
    negation'), with the side that has them."""
    g, s = {t.i for t in _tokens(doc, gold)}, {t.i for t in _tokens(doc, system)}
    extra_gold, extra_system = g - s, s - g
    classes = sorted({word_class(doc[i]) for i in extra_gold | extra_system})
    side = ("gold longer" if extra_gold and not extra_system else
            "system longer" if extra_system and not extra_gold else "both differ")
    return f"{' + '.join(classes) or 'same words'} ({side})"


# Counting ----------------------------------------------------------------------------------------

@dataclass
class Misses:
    """Gold attributions by kind (all and missed), missed cue lemmas, and the differences of
    overlapping content and cue spans that are not exact."""

    kinds: Counter = field(default_factory=Counter)
    missed_kinds: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)
    missed_sources: Counter = field(default_factory=Counter)
    lemmas: Counter = field(default_factory=Counter)
    missed_lemmas: Counter = field(default_factory=Counter)
    content: Counter = field(default_factory=Counter)
    cue: Counter = field(default_factory=Counter)

    def __add__(self, other: Misses) -> Misses:
        return Misses(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def count_misses(doc: PolnearDoc, parsed: Doc, rows: Sequence[Mapping],
                 index: SentenceIndex | None = None,
                 fields: SpanFields = LITERATURE_FIELDS) -> Misses:
    """One article's missed attributions and span differences (``parsed`` is its parse, with
    offsets into ``doc.text``; ``rows`` the system's quote rows, their spans read from
    ``fields``)."""
    misses = Misses()
    gold = [a for a in doc.attributions if a.content]
    found = {gi for gi, _ in match([chars(a.content) for a in gold], system_attributions(rows))}
    for gi, attribution in enumerate(gold):
        cue_head = head_of(parsed, attribution.cue) if attribution.cue else None
        source_head = head_of(parsed, attribution.source) if attribution.source else None
        cue_words = [t for piece in attribution.cue for t in _tokens(parsed, piece)]
        kind = cue_kind(cue_head, cue_words)
        source, lemma = source_kind(source_head), cue_lemma(cue_head)
        misses.kinds[kind] += 1
        misses.sources[source] += 1
        misses.lemmas[lemma] += 1
        if gi not in found:
            misses.missed_kinds[kind] += 1
            misses.missed_sources[source] += 1
            misses.missed_lemmas[lemma] += 1
    index = index if index is not None else SentenceIndex(doc.text)
    gold_by, system_by = gold_spans(gold, index), system_spans(rows, index, fields)
    for element, counter in (("content", misses.content), ("cue", misses.cue)):
        system = system_by[element]
        for sentence, span in gold_by[element] - system:
            best = _most_overlapping(span, [s for n, s in system if n == sentence])
            if best is None:
                counter[NO_OVERLAP] += 1
            elif element == "content":
                counter[content_difference(doc.text, span, best)] += 1
            else:
                counter[cue_difference(parsed, span, best)] += 1
    return misses


def _most_overlapping(span: Span, candidates: Sequence[Span]) -> Span | None:
    def shared(other: Span) -> int:
        return min(span[1], other[1]) - max(span[0], other[0])

    best = max(candidates, key=lambda c: (shared(c), -abs(c[0] - span[0])), default=None)
    return best if best is not None and shared(best) > 0 else None


# Reporting ---------------------------------------------------------------------------------------

def format_misses(misses: Misses, top: int = 20) -> str:
    lines = [f"{'gold attributions by cue kind':<52} {'missed':>7} {'of':>6} {'share':>6}"]
    lines += _rows(misses.missed_kinds, misses.kinds)
    lines += ["", f"{'gold attributions by source':<52} {'missed':>7} {'of':>6} {'share':>6}"]
    lines += _rows(misses.missed_sources, misses.sources)
    lines += ["", f"{f'top {top} missed cue lemmas (head, POS)':<52} {'missed':>7} {'of':>6} "
              f"{'share':>6}"]
    lines += _rows(misses.missed_lemmas, misses.lemmas, top)
    for name, counter in (("content", misses.content), ("cue", _cue_summary(misses.cue))):
        differing = sum(n for k, n in misses.__dict__[name].items() if k != NO_OVERLAP)
        lines += ["", f"gold {name} spans not matched exactly: "
                  f"{sum(misses.__dict__[name].values())}; with an overlapping system span: "
                  f"{differing}"]
        lines += [f"  {key:<58} {n:>6} {n / differing if differing else 0:6.1%}"
                  for key, n in counter.most_common() if key != NO_OVERLAP]
    return "\n".join(lines)


def _cue_summary(differences: Counter) -> Counter:
    """Cue differences by class of word (a difference counts once for each class among its
    words), and those explained by auxiliaries, negation and particles alone."""
    summary: Counter = Counter()
    for key, n in differences.items():
        if key == NO_OVERLAP:
            continue
        classes, _, side = key.partition(" (")
        for word_class_name in classes.split(" + "):
            summary[f"has {word_class_name} ({side}"] += n
        if set(classes.split(" + ")) <= {"auxiliary", "negation", "particle"}:
            summary["only auxiliaries, negation or particles differ"] += n
    return summary


def _rows(missed: Counter, total: Counter, top: int | None = None) -> list[str]:
    """Most missed first; with ``top``, only the first ``top`` that were missed at all."""
    keys = sorted(total, key=lambda k: (-missed[k], -total[k], k))
    if top is not None:
        keys = [k for k in keys if missed[k]][:top]
    return [f"{key:<52} {missed[key]:>7} {total[key]:>6} {missed[key] / total[key]:6.1%}"
            for key in keys]


def project_misses(docs: Sequence[PolnearDoc]) -> Misses:
    """Run the project's pipeline on each article and count what it misses."""
    from analysis.pipeline.model import load_nlp
    from analysis.pipeline.run import analyse
    from analysis.tables.rows import quote_rows
    from analysis.text.articles import article_from_text

    nlp = load_nlp()
    total = Misses()
    for doc in docs:
        article = article_from_text(doc.text, article_id=doc.id)
        parsed = analyse(article, nlp)
        total += count_misses(doc, parsed, quote_rows(parsed, article))
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.evaluate polnear-misses",
        description="Count the PolNeAR attributions the project misses, by kind, and the "
                    "convention differences of its spans.")
    parser.add_argument("--split", choices=("train", "dev"), default="train",
                        help="count on train (default) to keep dev for reporting")
    parser.add_argument("--data", type=Path, default=None,
                        help="PolNeAR folder with dev/ and train/ (default ../shared/eval/polnear)")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles")
    parser.add_argument("--top", type=int, default=20, help="missed cue lemmas to list")
    args = parser.parse_args(argv)
    try:
        docs = load_split(args.split, args.data)[: args.limit]
    except (FileNotFoundError, ValueError) as error:
        print(f"polnear-misses: {error}", file=sys.stderr)
        return 2
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    print(format_misses(project_misses(docs), args.top))
    return 0
