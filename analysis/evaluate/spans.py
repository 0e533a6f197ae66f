"""Attribution spans scored as published PolNeAR systems score them: sentence by sentence, one
element (source, cue, content) at a time.

Published systems (CRF, BiLSTM-CRF, BERT-Cofe; Wang et al., "CofeNet: Context and Former-Label
Enhanced Net for Complicated Quotation Extraction", COLING 2022) tag each sentence's tokens
with the Source, Cue and Content of the attributions in it, then read the spans back. This
module rebuilds that setting from the brat files and any system's rows:

- sentences: the article's paragraphs (blank-line separated) cut by spaCy's rule-based
  ``sentencizer`` on its tokenizer, so no statistical model decides the gold;
- gold spans: every piece of every attribution's Source, Cue and Content (a discontinuous
  span counts as its pieces), clipped to each sentence it covers and stripped of whitespace;
- system spans: the same, read from each row by field name (``SpanFields``), so a system that
  offers spans in another convention is scored by naming its fields;
- per sentence and element, spans form a set (a tag sequence can hold a span only once).

Three scores per element, micro-averaged over sentences:

- **exact**: a system span counts when its start and end equal a gold span's of the same
  element in the same sentence; P/R/F1;
- **trimmed**: the same once quotation marks, punctuation and whitespace are stripped from
  both ends of every span (so ``"Yes,"`` and ``Yes`` are one span);
- **soft**: CofeNet's partial-credit score (``evaluate_extraction``, "jaccard", in
  ``exe/eval/evaluation.py`` of github.com/cofe-ai/CofeNet): on token offsets, each gold span
  earns 1 when a system span equals it, else its best overlap with a system span, the overlap
  of two token ranges being their shared tokens over the tokens from the first start to the
  last end (``cal_overlap``); a system span equal to no gold span and overlapping none counts
  as a miss; the score is the credit earned over the gold spans plus those misses (a system
  span that overlaps some gold span is neither rewarded nor counted).
"""
from __future__ import annotations

import bisect
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.evaluate.metrics import PRF, format_prf

Span = tuple[int, int]
# element -> (start field, end field) of a row
SpanFields = Mapping[str, tuple[str, str]]

ELEMENTS = ("source", "cue", "content")
# The quote table's readable spans: the speaker mention, the cue, the quotation or its content.
# the quote table's readable spans: the words quoted, the cue's own words
QUOTE_TABLE_FIELDS: SpanFields = {
    "source": ("speaker_start", "speaker_end"),
    "cue": ("cue_start", "cue_end"),
    "content": ("start", "end"),
}
# the same spans in the literature's convention, which the command scores by default: a
# source with its whole phrase, a quotation with its marks, a cue with its auxiliaries,
# negation and particles
LITERATURE_FIELDS: SpanFields = {
    "source": ("source_span_start", "source_span_end"),
    "cue": ("cue_span_start", "cue_span_end"),
    "content": ("content_span_start", "content_span_end"),
}
# Double quotation marks: curly and backtick ones open or close; straight ones (and the NYT's
# doubled apostrophes) do either.
OPENING_MARKS = ("“", "``")
CLOSING_MARKS = ("”",)
STRAIGHT_MARKS = ('"', "''")
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t\xa0]*\n))+")


# Trimming -------------------------------------------------------------------------------------

def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P") or ch in "`'\""


def trim(text: str, start: int, end: int) -> Span:
    """Strip quotation marks, whitespace and punctuation at both ends, so ``“Yes,”`` and
    ``Yes`` compare equal whichever convention a system or annotator keeps for the marks."""
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return start, end


def strip_space(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Sentences ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    """A sentence's character extent and its tokens' extents (for the token overlap)."""

    start: int
    end: int
    tokens: tuple[Span, ...]

    def token_range(self, span: Span) -> Span:
        """The tokens a character span touches, as [first, last + 1)."""
        touched = [i for i, (s, e) in enumerate(self.tokens) if s < span[1] and span[0] < e]
        return touched[0], touched[-1] + 1


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[Sentence]:
    """Paragraphs cut into sentences by spaCy's punctuation rules, whitespace left out.

    The sentencizer hands the punctuation after a full stop to the sentence it ends, an
    opening quotation mark included (``done. “Next``); such a mark opens the next sentence."""
    nlp = _sentencizer()
    sentences = []
    for paragraph in PARAGRAPH.finditer(text):
        offset, carried = paragraph.start(), []
        for sent in nlp(paragraph.group()).sents:
            tokens = carried + [t for t in sent if not t.is_space]
            carried = []
            while len(tokens) > 1 and _opens_quotation(tokens[-1]):
                carried.insert(0, tokens.pop())
            if tokens:
                extents = tuple((offset + t.idx, offset + t.idx + len(t)) for t in tokens)
                sentences.append(Sentence(extents[0][0], extents[-1][1], extents))
        if carried:
            extents = tuple((offset + t.idx, offset + t.idx + len(t)) for t in carried)
            sentences.append(Sentence(extents[0][0], extents[-1][1], extents))
    return sentences


def _opens_quotation(token) -> bool:
    """An opening mark: a curly one, or a straight one with a space before and none after."""
    if token.text in OPENING_MARKS:
        return True
    spaced_before = token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text in STRAIGHT_MARKS and spaced_before and not token.whitespace_


class SentenceIndex:
    """An article's sentences, and spans cut at their boundaries."""

    def __init__(self, text: str, sentences: Sequence[Sentence] | None = None):
        self.text = text
        self.sentences = list(sentences) if sentences is not None else split_sentences(text)
        self._ends = [s.end for s in self.sentences]

    def clip(self, span: Span) -> list[tuple[int, Span]]:
        """(sentence index, the part of ``span`` inside it), whitespace stripped, for every
        sentence the span covers some of."""
        start, end = span
        pieces = []
        for i in range(bisect.bisect_right(self._ends, start), len(self.sentences)):
            sentence = self.sentences[i]
            if sentence.start >= end:
                break
            s, e = strip_space(self.text, max(start, sentence.start), min(end, sentence.end))
            if s < e:
                pieces.append((i, (s, e)))
        return pieces


# The spans of each element --------------------------------------------------------------------

# element -> {(sentence index, (start, end))}
ElementSpans = dict[str, set[tuple[int, Span]]]


def gold_spans(attributions: Iterable, index: SentenceIndex) -> ElementSpans:
    """Every piece of every attribution's Source, Cue and Content, clipped to sentences."""
    spans: ElementSpans = {element: set() for element in ELEMENTS}
    for attribution in attributions:
        for element in ELEMENTS:
            for piece in getattr(attribution, element):
                spans[element].update(index.clip(piece))
    return spans


def system_spans(rows: Iterable[Mapping], index: SentenceIndex,
                 fields: SpanFields = QUOTE_TABLE_FIELDS) -> ElementSpans:
    """Each row's span of each element, read from the fields ``fields`` names; a row without
    one (no cue, no speaker mention) adds nothing for that element."""
    spans: ElementSpans = {element: set() for element in ELEMENTS}
    for row in rows:
        for element, (start_field, end_field) in fields.items():
            start, end = row.get(start_field), row.get(end_field)
            if (isinstance(start, numbers.Integral) and isinstance(end, numbers.Integral)
                    and start < end):
                spans[element].update(index.clip((start, end)))
    return spans


def trimmed(spans: set[tuple[int, Span]], text: str) -> set[tuple[int, Span]]:
    """The spans with marks and punctuation stripped at both ends; nothing left, no span."""
    out = set()
    for sentence, (start, end) in spans:
        s, e = trim(text, start, end)
        if s < e:
            out.add((sentence, (s, e)))
    return out


# Scores ---------------------------------------------------------------------------------------

@dataclass
class Soft:
    """CofeNet's partial-credit score: ``credit`` earned over ``total`` (gold spans plus system
    spans that touch no gold span)."""

    credit: float = 0.0
    total: int = 0

    @property
    def value(self) -> float:
        return self.credit / self.total if self.total else 0.0

    def __add__(self, other: Soft) -> Soft:
        return Soft(self.credit + other.credit, self.total + other.total)


def token_overlap(a: Span, b: Span) -> float:
    """Shared tokens over the tokens from the earlier start to the later end (CofeNet's
    ``cal_overlap``); 0 when the ranges are apart."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / (max(a[1], b[1]) - min(a[0], b[0]))


def soft_score(gold: set[Span], system: set[Span]) -> Soft:
    """One sentence's soft score for one element, on token ranges."""
    credit = sum(1.0 if g in system else max((token_overlap(g, s) for s in system), default=0.0)
                 for g in gold)
    strays = sum(1 for s in system - gold if all(token_overlap(s, g) == 0 for g in gold))
    return Soft(credit, len(gold) + strays)


@dataclass
class ElementScore:
    exact: PRF = field(default_factory=PRF)
    trimmed: PRF = field(default_factory=PRF)
    soft: Soft = field(default_factory=Soft)

    def __add__(self, other: ElementScore) -> ElementScore:
        return ElementScore(self.exact + other.exact, self.trimmed + other.trimmed,
                            self.soft + other.soft)

    def as_dict(self) -> dict:
        return {"exact": self.exact.as_dict(), "trimmed": self.trimmed.as_dict(),
                "soft": self.soft.value}


@dataclass
class SpanScores:
    """One ``ElementScore`` per element; sums with ``+``."""

    elements: dict[str, ElementScore] = field(
        default_factory=lambda: {element: ElementScore() for element in ELEMENTS})

    def __add__(self, other: SpanScores) -> SpanScores:
        return SpanScores({element: self.elements[element] + other.elements[element]
                           for element in ELEMENTS})

    def as_dict(self) -> dict:
        return {element: score.as_dict() for element, score in self.elements.items()}


def _exact(gold: set, system: set) -> PRF:
    return PRF(len(gold & system), len(gold), len(system))


def compare(gold: ElementSpans, system: ElementSpans, index: SentenceIndex) -> SpanScores:
    scores = SpanScores()
    for element in ELEMENTS:
        g, s = gold[element], system[element]
        soft = Soft()
        for i in {sentence for sentence, _ in g | s}:
            sentence = index.sentences[i]
            soft += soft_score({sentence.token_range(span) for n, span in g if n == i},
                               {sentence.token_range(span) for n, span in s if n == i})
        scores.elements[element] = ElementScore(
            _exact(g, s), _exact(trimmed(g, index.text), trimmed(s, index.text)), soft)
    return scores


def score_spans(text: str, attributions: Iterable, rows: Iterable[Mapping],
                fields: SpanFields = QUOTE_TABLE_FIELDS,
                index: SentenceIndex | None = None) -> SpanScores:
    """One article's span scores: its annotated attributions against a system's rows."""
    index = index if index is not None else SentenceIndex(text)
    return compare(gold_spans(attributions, index), system_spans(rows, index, fields), index)


def parse_fields(specs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``LITERATURE_FIELDS`` with ``element=START,END`` overrides (``content=start,end``)."""
    fields = dict(LITERATURE_FIELDS)
    for spec in specs:
        element, _, names = spec.partition("=")
        start, _, end = names.partition(",")
        if element not in ELEMENTS or not start or not end or "," in end:
            raise ValueError(f"span fields {spec!r}: want ELEMENT=START,END with ELEMENT one "
                             f"of {', '.join(ELEMENTS)}")
        fields[element] = (start, end)
    return fields


def format_span_table(scores: Mapping[str, SpanScores]) -> str:
    """Per system and element: exact and trimmed P/R/F1, and the soft score."""
    lines = [f"{'':<10} {'':<8} {'exact match':<18} {'ends trimmed':<18} {'soft':>5}",
             f"{'system':<10} {'element':<8} {'P':>5} {'R':>5} {'F1':>5}  "
             f"{'P':>5} {'R':>5} {'F1':>5}  {'':>5}"]
    for name, span_scores in scores.items():
        for element in ELEMENTS:
            e = span_scores.elements[element]
            lines.append(f"{name:<10} {element:<8} {format_prf(e.exact)}  "
                         f"{format_prf(e.trimmed)}  "
                         f"{e.soft.value:5.3f}")
    return "\n".join(lines)
