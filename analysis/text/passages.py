"""Quotation passages and paragraphs, found in plain text (no parse needed).

The quotation marks are defined here once, for every module that needs them. Passages are
found at character level with a small state machine over the marks of each paragraph
(straight, curly, ``\u0060\u0060 ''`` and top-level single curly quotes), so mixed styles,
quotations running over several paragraphs (an opening mark on each, a closing one only at the
end) and unclosed marks (closed at the end of their paragraph) are all handled without losing
the rest of the article. Each pass is one left-to-right scan.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields
from weakref import WeakKeyDictionary

from .articles import paragraph_spans

OPENING_MARKS = ("“", "«", "„", "``")  # always open
CLOSING_MARKS = ("”", "»")  # close, unless typed the wrong way round
AMBIGUOUS_MARKS = ('"', "''")  # read from their spacing
DOUBLE_MARKS = re.compile("|".join(re.escape(m) for m in sorted(
    OPENING_MARKS + CLOSING_MARKS + AMBIGUOUS_MARKS, key=len, reverse=True)))
# where a quotation may open after a closing mark (the next quote in a paragraph)
NEXT_OPENING = re.compile(r"[“\"]|``|''")
# a closing mark or apostrophe a word may end with
CLOSING_TEXT = ("\"", "”", "''", "’")
# token texts that are quotation marks, single or double
QUOTE_TOKENS = frozenset(("\"", "“", "”", "‘", "’", "'", "«", "»", "`", "''"))
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[^\s]|$)")
SINGLE_OPEN = re.compile(r"(?<![\w’'])[‘'](?=[^\W\d_])")
SINGLE_CLOSE = re.compile(r"’(?![^\W\d_])|(?<=[,.!?])'(?![^\W\d_])|'(?=[,.!?;:]?(?:\s|$))")


@dataclass
class Passage:
    """Text between quotation marks: content offsets and whether its marks were closed."""

    open_at: int
    content_start: int
    content_end: int
    close_end: int
    closed: bool  # False when the article never closes the mark
    paragraph: int
    chain: int  # passages of one quotation running over several paragraphs share it
    ends_with_mark: bool = True  # False for a piece that goes on in the next paragraph


def mark_role(text: str, i: int, mark: str, start: int, end: int) -> str:
    """'open', 'close' or 'either' for a double quotation mark, from its neighbours.

    Straight marks and doubled apostrophes (the New York Times opens and closes with '')
    are read from their spacing; so are curly marks typed the wrong way round."""
    before = text[i - 1] if i > start else " "
    after = text[i + len(mark)] if i + len(mark) < end else " "
    if mark in OPENING_MARKS:
        return "open"
    if mark in CLOSING_MARKS:
        return "open" if before.isspace() and after.isalpha() and mark == "”" else "close"
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else "either"
    if after.isspace() or after in ".,;:!?)]}—–-*":
        return "close"
    return "either"


def find_passages(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Passage]:
    """All quotation passages, one per paragraph (see module docstring). A quotation that
    runs over several paragraphs gives one passage per paragraph, sharing a ``chain``."""
    paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
    passages: list[Passage] = []
    open_at: int | None = None  # an opening mark still waiting for its close
    chain = 0
    for number, (start, end) in enumerate(paragraphs):
        marks = [(m.start(), m.group()) for m in DOUBLE_MARKS.finditer(text, start, end)]
        if open_at is not None:
            previous_end = paragraphs[number - 1][1]
            first = marks[0] if marks else None
            reopens = first and not text[start:first[0]].strip(" *_") and \
                mark_role(text, first[0], first[1], start, end) != "close"
            # Left open on purpose when the next paragraph reopens with a mark.
            passages.append(_passage(text, open_at, previous_end, None, number - 1, chain,
                                     closed=bool(reopens)))
            open_at = None
            if reopens:
                open_at, marks = first[0], marks[1:]
        for i, mark in marks:
            role = mark_role(text, i, mark, start, end)
            if open_at is None and role in ("open", "either"):
                open_at, chain = i, chain + 1
            elif open_at is not None and role in ("close", "either"):
                passages.append(_passage(text, open_at, i, i + len(mark), number, chain))
                open_at = None
            elif open_at is not None and role == "open":
                # A second opening mark: the first one was never closed.
                passages.append(_passage(text, open_at, i, None, number, chain, closed=False))
                open_at, chain = i, chain + 1
    if open_at is not None:
        passages.append(_passage(text, open_at, paragraphs[-1][1], None, len(paragraphs) - 1,
                                 chain, closed=False))
    passages += single_quoted(text, paragraphs, passages, chain)
    return sorted((p for p in passages if p.content_end > p.content_start),
                  key=lambda p: p.open_at)


def _passage(text: str, open_at: int, close_at: int, close_end: int | None, paragraph: int,
             chain: int, closed: bool = True) -> Passage:
    mark_len = 2 if text.startswith(("``", "''"), open_at) else 1
    start = open_at + mark_len
    while start < close_at and text[start] in " \t\n*_\xa0":
        start += 1
    end = close_at
    while end > start and text[end - 1] in " \t\n*_,\xa0":
        end -= 1
    return Passage(open_at, start, end, close_end or close_at, closed, paragraph, chain,
                   ends_with_mark=close_end is not None)


def single_quoted(text: str, paragraphs: list[tuple[int, int]], doubles: list[Passage],
                  chain: int):
    """Single-quoted passages outside double quotes (headlines and British style use them).

    An apostrophe is never an opening mark (it follows a letter) and a closing mark must not
    run into a letter, so "Hamas' leaders" and "don't" are left alone."""
    inside = sorted((p.open_at, p.close_end) for p in doubles)
    opens = [a for a, _ in inside]
    found = []
    for number, (start, end) in enumerate(paragraphs):
        closes = [(m.start(), m.end()) for m in SINGLE_CLOSE.finditer(text, start, end)]
        close_starts = [c for c, _ in closes]
        position = start
        while m := SINGLE_OPEN.search(text, position, end):
            i = m.start()
            position = i + 1
            before = bisect_right(opens, i) - 1
            if before >= 0 and i < inside[before][1]:
                continue  # inside a double-quoted passage
            after = bisect_left(close_starts, i + 2)
            if after == len(closes):
                continue
            close_start, close_end = closes[after]
            if text[i] == "‘" or text[close_start - 1] in ",.!?" or close_start == end - 1:
                chain += 1
                found.append(_passage(text, i, close_start, close_end, number, chain))
                position = close_end
    return found


PASSAGES_KEY = "analysis_passages"
PASSAGE_FIELDS = tuple(field.name for field in fields(Passage))
# Each doc's text, for as long as the doc lives.
_TEXTS: WeakKeyDictionary = WeakKeyDictionary()


def doc_text(doc) -> str:
    """A doc's text, joined once: spaCy joins every token's text again on each ``doc.text``."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def known_text(doc, text: str) -> None:
    """Record the text a doc was parsed from (spaCy's tokens give it back exactly), so that
    ``doc_text`` does not join it again from the tokens."""
    _TEXTS[doc] = text


def plain_fields(passage: Passage) -> tuple:
    """A passage's fields as a plain tuple (``Passage(*fields)`` makes it again), read one by
    one: ``dataclasses.astuple`` deep-copies every field, ints and bools included."""
    return tuple(getattr(passage, name) for name in PASSAGE_FIELDS)


def passages_of(doc) -> tuple[list[tuple[int, int]], list[Passage]]:
    """A doc's paragraphs and quotation passages, found once and kept in ``doc.user_data`` as
    plain tuples (so they survive multiprocessing) for every component that reads them."""
    stored = doc.user_data.get(PASSAGES_KEY)
    if stored is None:
        text = doc_text(doc)
        paragraphs = paragraph_spans(text)
        stored = (paragraphs, [plain_fields(p) for p in find_passages(text, paragraphs)])
        doc.user_data[PASSAGES_KEY] = stored
    paragraphs, fields = stored
    return list(paragraphs), [Passage(*f) for f in fields]
