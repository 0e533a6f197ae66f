"""What the quote search finds and hands on: one ``Attribution`` per quotation or reported
content, and the per-doc lookups every stage reads (``DocContext``).

The context holds only what is computed once from the doc (paragraphs, passages, cues indexed
by position, memoized speakers); stages never change it, they return what they find.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..parse.extensions import set_values
from ..parse.syntax import Sentences
from ..text.passages import SENTENCE_END, Passage, doc_text, passages_of


@dataclass(frozen=True)
class Settings:
    """The quote search's tuning values (the ``quotes`` component's config)."""

    tag_tokens: int = 6  # '" Mr. Thurber said' is a tag; a longer run is the reporter's own
    tag_tail: int = 3  # words a tag may run on after its verb ('said on Tuesday')
    # reported content almost all inside a quotation is that quotation (0.8 scores best on
    # PolNeAR train; below it, what frames the quoted words is a row of its own)
    direct_overlap: float = 0.8


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
    reported: tuple[int, int] | None = None  # a partial quotation's cue's whole content

    def root(self) -> Attribution:
        """The attribution this one belongs to: a split quote's second half, a continuation
        paragraph or a partial quote inside reported speech all belong to another."""
        return self.continues.root() if self.continues is not None else self


@dataclass
class DocContext:
    """One doc's lookups shared by the stages of the quote search."""

    doc: Doc
    cues: list[Span]  # the cues that may introduce a quotation, in reading order
    all_cues: list[Span]  # with the unlisted verbs, which attribute but introduce no quotation
    outlets: dict
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.paragraphs, self.passages = passages_of(self.doc)
        self.paragraph_starts = [s for s, _ in self.paragraphs]
        self.quoted_totals = []  # characters quoted before each merged passage content
        self.cue_by_token = {t.i: c for c in self.cues for t in c}
        self.cue_starts = [c.start_char for c in self.cues]
        self.passage_opens = [p.open_at for p in self.passages]
        self.passage_contents = union(sorted((p.content_start, p.content_end)
                                             for p in self.passages))
        total = 0
        for start, end in self.passage_contents:
            self.quoted_totals.append(total)
            total += end - start
        self.sentence_breaks: dict[int, list[int]] = {}
        self.crediting_cues: dict[int, list] = {}
        self.cues_above: dict[int, tuple] = {}
        self.speakers: dict[tuple[int, int], tuple[Token | None, bool]] = {}
        self.sentences = Sentences.of_doc(self.doc)
        self.sentence_cues: dict[int, list[Span]] = {}
        for cue in self.cues:
            self.sentence_cues.setdefault(self.sentences.starts[cue.start], []).append(cue)
        cue_ends: dict[int, Span] = {}
        for cue in self.cues:
            cue_ends.setdefault(cue.end_char, cue)
        self.cue_ending_at = cue_ends

    # -- positions
    def token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def first_token_after(self, offset: int, limit: int) -> Token | None:
        """The token where the text after ``offset`` resumes, looking no further than limit."""
        gap = self.text[offset:limit]
        return self.token_at(offset + len(gap) - len(gap.lstrip()))

    def paragraph_of(self, char: int) -> int:
        """The number of the paragraph holding ``char`` (0 when it is in none)."""
        n = bisect_right(self.paragraph_starts, char) - 1
        return n if n >= 0 and char < self.paragraphs[n][1] else 0

    def paragraph_around(self, char: int) -> tuple[int, int] | None:
        """The paragraph holding ``char``, its end included."""
        n = bisect_right(self.paragraph_starts, char) - 1
        return self.paragraphs[n] if n >= 0 and char <= self.paragraphs[n][1] else None

    def cues_between(self, start: int, end: int) -> list[Span]:
        """The cues starting in [start, end), in reading order."""
        return self.cues[bisect_left(self.cue_starts, start):bisect_left(self.cue_starts, end)]

    def passages_between(self, start: int, end: int) -> list[Passage]:
        """The passages opening in [start, end)."""
        return self.passages[bisect_left(self.passage_opens, start):
                             bisect_left(self.passage_opens, end)]

    def in_quotation(self, char: int) -> bool:
        """Whether ``char`` lies inside a quotation's content."""
        return inside(self.passage_contents, char)

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of [start, end) lie inside quotations."""
        return self.quoted_before(end) - self.quoted_before(start)

    def quoted_before(self, char: int) -> int:
        """How many characters before ``char`` lie inside quotations."""
        n = bisect_right(self.passage_contents, (char, float("inf"))) - 1
        if n < 0:
            return 0
        start, end = self.passage_contents[n]
        return self.quoted_totals[n] + max(0, min(end, char) - start)

    def sentence_start_before(self, paragraph: int, offset: int, back: int = 1) -> int:
        """Where the sentence holding ``offset`` starts in its paragraph (``back=2``: the one
        before it), read from the sentence-ending punctuation, not the parse."""
        para_start, para_end = self.paragraphs[paragraph]
        if paragraph not in self.sentence_breaks:
            self.sentence_breaks[paragraph] = [
                m.end() for m in SENTENCE_END.finditer(self.text, para_start, para_end)]
        breaks = self.sentence_breaks[paragraph]
        ends = breaks[max(0, bisect_right(breaks, offset) - back):bisect_right(breaks, offset)]
        cut = cut_sentence_end(self.text, para_start, offset)
        if cut is not None and (not ends or cut > ends[-1]):
            ends = (ends + [cut])[-back:]
        return ends[0] if len(ends) == back else para_start

    def cues_in_sentence(self, cue: Span) -> list[Span]:
        """The cues of the sentence ``cue`` starts in."""
        return self.sentence_cues.get(self.sentences.starts[cue.start], [])

    def earlier_passage_in_paragraph(self, p: Passage) -> Passage | None:
        """The last passage of p's paragraph closed before p opens."""
        paragraph_start = self.paragraphs[p.paragraph][0]
        j = bisect_left(self.passage_opens, p.open_at) - 1
        while j >= 0 and self.passages[j].open_at >= paragraph_start:
            q = self.passages[j]
            if q.paragraph == p.paragraph and q.close_end <= p.open_at:
                return q
            j -= 1
        return None


def content_row(doc: Doc, a: Attribution, label: str, row: int) -> Span:
    """A span of the attribution's content (widened to whole tokens), with its kind and
    exact content offsets; ``row`` keeps rows on the same words apart (see extensions)."""
    expanded = doc.char_span(a.content_start, a.content_end, alignment_mode="expand")
    span = Span(doc, expanded.start, expanded.end, label=label, span_id=f"row{row}")
    set_values(span, {"kind": a.kind, "content_start": a.content_start,
                      "content_end": a.content_end})
    return span


def union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted intervals merged where they overlap (a single-quoted passage may hold a double)."""
    merged: list[tuple[int, int]] = []
    for start, end in intervals:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def cut_sentence_end(text: str, start: int, offset: int) -> int | None:
    """``offset`` when the text before it ends a sentence right there ('... end. "'), which a
    scan of the whole paragraph misses when the sentence's closing marks run on past it."""
    i = offset
    while i > start and text[i - 1].isspace():
        i -= 1
    if i == offset:
        return None
    while i > start and text[i - 1] in "\"”’')]":
        i -= 1
    return offset if i > start and text[i - 1] in ".!?" else None


def inside(intervals: list[tuple[int, int]], char: int) -> bool:
    """Whether ``char`` lies in one of the sorted, disjoint ``intervals``."""
    n = bisect_right(intervals, (char, float("inf"))) - 1
    return n >= 0 and intervals[n][0] <= char < intervals[n][1]
