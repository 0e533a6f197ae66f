"""The article with its marks as HTML: quotes and who said them, cues and hedges.

Readable without hovering and without trust:
- every mark carries its look in an inline ``style`` attribute, because untrusted notebooks in
  JupyterLab and GitHub's notebook view drop ``<style>`` blocks. Only properties JupyterLab's
  sanitiser keeps are used (background and border colours and styles, outline, font weight);
  ``text-decoration`` colours and wavy lines are dropped there, so hedges are outlined instead;
- who said what is written in the text: a small label before each quotation names its speaker
  (and the outlet it came through), a label after each attribution cue names its category;
  tooltips (``title``) repeat the details for those who hover;
- quotation kinds differ by background and by the style of their underline (solid, dashed,
  dotted), hedges by voice differ by outline style, in colour-blind-safe colours (Okabe-Ito);
- a ``<style>`` block appears only in the standalone page and only for print.

Marks overlap (a hedge inside a quote, a cue inside reported speech), so the text is cut at
every mark boundary and each piece gets the combined style of the marks covering it. Every
piece of article text is HTML-escaped.
"""
from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc

from ..tables.rows import LABEL_LEMMA, cues_frame, hedges_frame, quotes_frame
from ..text.articles import Article
from ..text.lexicon import BOOSTER, UNLISTED, category_colour, is_loaded

SANS = "system-ui, 'Segoe UI', Arial, sans-serif"
PAGE_STYLE = {
    "font-family": "Georgia, 'Times New Roman', serif", "font-size": "17px",
    "line-height": "1.9", "color": "#222222", "background-color": "#ffffff",
    "max-width": "46em", "margin": "0 auto", "padding": "1em",
}
# Quotation kinds: a light background and an underline whose style also tells them apart.
KIND_LOOK = {
    "direct": {"name": "direct quote", "background": "#d4e6f6", "line": "solid",
               "colour": "#0072b2"},
    "partial": {"name": "partial quote", "background": "#d3efe4", "line": "dashed",
                "colour": "#00795a"},
    "indirect": {"name": "reported speech", "background": "#fbe3c4", "line": "dotted",
                 "colour": "#a35200"},
}
# Hedges are outlined: the reporter's own in dashed vermillion, quoted ones in dotted purple;
# boosters (the opposite of hedges) in solid green.
HEDGE_LOOK = {
    "reporter": {"name": "hedge, reporter's voice", "outline": "2px dashed #d55e00"},
    "quoted": {"name": "hedge, quoted voice", "outline": "2px dotted #882255"},
    "booster": {"name": "booster (sure, certain)", "outline": "2px solid #009e73"},
}
SPEAKER_STYLE = {"font-weight": "bold", "border-bottom": "3px double #004a80"}
CUE_STYLE = {"font-weight": "bold", "color": "#8c2d04"}
LABEL_STYLE = {
    "font-family": SANS, "font-size": "12px", "line-height": "1.3", "font-weight": "bold",
    "border-radius": "3px", "padding": "0 4px", "white-space": "nowrap",
    "vertical-align": "1px",
}
OPENING_MARKS = frozenset("\"'“‘«„‚‹")
PRINT_STYLE = """@media print {
  @page { margin: 16mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body > div { max-width: none !important; font-size: 11pt !important; padding: 0 !important; }
  h1, p { break-inside: avoid; }
}"""


def css(style: dict[str, str]) -> str:
    """An inline ``style`` attribute's value (escaped for a double-quoted attribute)."""
    return html.escape("; ".join(f"{k}: {v}" for k, v in style.items()), quote=True)


@dataclass(frozen=True)
class Mark:
    """A stretch of text with the style it gets and the tooltip that explains it."""

    start: int
    end: int
    css_class: str  # a semantic hook for readers' own stylesheets; the look is in ``style``
    style: dict
    title: str


@dataclass(frozen=True)
class Label:
    """A small inline label inserted into the text: before the text at ``offset`` (a
    quotation's speaker) or after the text ending there (a cue's category)."""

    offset: int
    before: bool
    html: str


def quote_style(kind: str) -> dict:
    look = KIND_LOOK.get(kind, KIND_LOOK["direct"])
    return {"background-color": look["background"],
            "border-bottom": f"2px {look['line']} {look['colour']}", "padding-bottom": "1px"}


def hedge_style(voice_or_booster: str) -> dict:
    return {"outline": HEDGE_LOOK[voice_or_booster]["outline"], "border-radius": "2px"}


def source_of(quote) -> str:
    """Who a quotation (a row of the quote table) is credited to, in words: the speaker
    (unnamed ones marked), 'via' an outlet, or why there is nobody."""
    speaker = quote.speaker
    if speaker:
        who = f"{speaker} (unnamed)" if quote.speaker_kind == "anonymous" else speaker
    elif quote.agentless:
        who = "no source (agentless)"
    else:
        who = "unknown source"
    return f"{who} via {quote.via}" if quote.via else who


def label(text: str, colour: str, filled: bool = True, margin: dict | None = None) -> str:
    """A small sans-serif label: white on ``colour``, or ``colour``-bordered when not filled."""
    look = {**LABEL_STYLE, "color": "#ffffff", "background-color": colour} if filled else {
        **LABEL_STYLE, "color": "#333333", "background-color": "#ffffff",
        "border": f"1px solid {colour}", "font-weight": "normal"}
    look.update(margin or {})
    return f'<span class="label" style="{css(look)}">{html.escape(text)}</span>'


def cue_colour(category: str) -> str:
    return category_colour(category).lower()


def marks_of(quotes: pd.DataFrame, cues: pd.DataFrame, hedges: pd.DataFrame
             ) -> tuple[list[Mark], list[Label]]:
    """The styled stretches and the inline labels of an analysed article, from its tables."""
    marks, labels = [], []
    for q in quotes.itertuples():
        kind = q.kind if q.kind in KIND_LOOK else "direct"
        source = source_of(q)
        marks.append(Mark(q.start, q.end, f"q-{kind}", quote_style(kind),
                          f"{KIND_LOOK[kind]['name']}: {source}"))
        labels.append(Label(q.start, True, label(f"{source} ▸", KIND_LOOK[kind]["colour"],
                                                 margin={"margin-right": "3px"})))
        if not pd.isna(q.speaker_start):
            marks.append(Mark(int(q.speaker_start), int(q.speaker_end), "speaker",
                              SPEAKER_STYLE, f"speaker: {q.speaker} ({q.speaker_kind})"))
    for c in cues.itertuples():
        category = c.category or UNLISTED
        # A speaker label's row spans 'Sanders:'; the cue is its colon.
        start = c.end - 1 if c.lemma == LABEL_LEMMA else c.start
        marks.append(Mark(start, c.end, "cue", CUE_STYLE,
                          f"attribution cue: {c.lemma} ({category})"))
        loaded = is_loaded(category)
        labels.append(Label(c.end, False,
                            label(category, cue_colour(category) if loaded else "#999999",
                                  filled=False, margin={"margin-left": "2px"})))
    for h in hedges.itertuples():
        look = "booster" if h.category == BOOSTER else h.voice
        if look not in HEDGE_LOOK:
            look = "reporter"
        who = f" ({h.speaker})" if h.speaker else ""
        css_class = "booster" if look == "booster" else f"hedge-{look}"
        marks.append(Mark(h.start, h.end, css_class, hedge_style(look),
                          f"{h.category.replace('_', ' ')}, {h.voice} voice{who}"))
    return marks, labels


def before_opening_marks(article: Article, offset: int) -> int:
    """Where a quotation's label goes: before its opening quotation mark, not between the
    mark and the first word (skipping hidden markup such as markdown emphasis)."""
    position = offset
    for back in range(1, 4):
        if offset - back < 0:
            break
        character = article.unmasked(offset - back, offset - back + 1)
        if character in OPENING_MARKS:
            position = offset - back
        elif character:  # "" is hidden markup: look past it
            break
    return position


def render_paragraphs(article: Article, marks: list[Mark], labels: list[Label],
                      paragraphs: list[tuple[int, int]]) -> list[str]:
    """HTML for each paragraph's text with the marks and labels in it.

    One sweep over the mark boundaries in text order, keeping the set of marks open at each
    point, so the time grows with the text and the number of marks, not their product."""
    starts, ends = defaultdict(list), defaultdict(list)
    for index, mark in enumerate(marks):
        if mark.start < mark.end:
            starts[mark.start].append(index)
            ends[mark.end].append(index)
    before, after = defaultdict(list), defaultdict(list)
    for x in labels:
        (before if x.before else after)[x.offset].append(x.html)
    boundaries = sorted({*starts, *ends, *before, *after})
    active: set[int] = set()
    passed = 0  # boundaries[:passed] have been applied to ``active``

    def advance(position: int) -> None:
        nonlocal passed
        while passed < len(boundaries) and boundaries[passed] <= position:
            active.difference_update(ends.get(boundaries[passed], ()))
            active.update(starts.get(boundaries[passed], ()))
            passed += 1

    rendered = []
    for start, end in paragraphs:
        advance(start)
        inner = passed
        while inner < len(boundaries) and boundaries[inner] < end:
            inner += 1
        cuts = [start, *boundaries[passed:inner], end]
        pieces = list(before.get(start, ()))
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a != start:
                advance(a)
                pieces += after.get(a, ())
                pieces += before.get(a, ())
            pieces.append(styled(article.unmasked(a, b), [marks[i] for i in sorted(active)]))
        pieces += after.get(end, ())
        rendered.append("".join(pieces))
    return rendered


def styled(text: str, covering: list[Mark]) -> str:
    """``text`` escaped, in a span with the combined style of the marks covering it."""
    piece = html.escape(text)
    if not covering:
        return piece
    style = {}
    for mark in covering:
        style.update(mark.style)
    classes = " ".join(dict.fromkeys(m.css_class for m in covering))
    title = html.escape(" | ".join(dict.fromkeys(m.title for m in covering)), quote=True)
    return f'<span class="{classes}" style="{css(style)}" title="{title}">{piece}</span>'


def legend() -> str:
    """The key to the marks, each item kept on one line."""
    item = {"display": "inline-block", "white-space": "nowrap", "margin": "0 14px 4px 0"}
    sample = {"padding": "0 3px"}
    entries = [
        f'<span style="{css({**sample, **quote_style(kind)})}">{look["name"]}</span>'
        for kind, look in KIND_LOOK.items()
    ]
    entries += [
        label("speaker ▸", KIND_LOOK["direct"]["colour"]) + " who is quoted",
        f'<span style="{css(SPEAKER_STYLE)}">speaker</span> named in the text',
        f'<span style="{css(CUE_STYLE)}">attribution cue</span> '
        + label("its category", "#e69f00", filled=False),
    ]
    entries += [f'<span style="{css({**sample, **hedge_style(k)})}">{look["name"]}</span>'
                for k, look in HEDGE_LOOK.items()]
    items = "".join(f'<span style="{css(item)}">{entry}</span>' for entry in entries)
    box = {"font-family": SANS, "font-size": "14px", "line-height": "2", "color": "#333333",
           "border-top": "1px solid #cccccc", "border-bottom": "1px solid #cccccc",
           "padding": "6px 0", "margin": "0 0 1em 0"}
    return f'<div class="legend" style="{css(box)}">{items}</div>'


def article_html(article: Article, doc: Doc, standalone: bool = True) -> str:
    """The highlighted article from its analysed Doc (see ``tables_html``)."""
    pairs = [(article, doc)]
    return tables_html(article, quotes_frame(pairs), cues_frame(pairs), hedges_frame(pairs),
                       standalone)


def tables_html(article: Article, quotes: pd.DataFrame, cues: pd.DataFrame,
                hedges: pd.DataFrame, standalone: bool = True) -> str:
    """The highlighted article from its rows of the quote, cue and hedge tables (extracted
    tables draw it without spaCy): a full page when standalone (with a print stylesheet),
    else a fragment for notebooks whose every style is inline."""
    marks, labels = marks_of(quotes, cues, hedges)
    labels = [Label(before_opening_marks(article, x.offset), True, x.html) if x.before else x
              for x in labels]
    body = []
    texts = render_paragraphs(article, marks, labels, article.paragraphs)
    for number, text in enumerate(texts):
        if number == 0 and article.title:
            tag, style = "h1", {"font-size": "1.5em", "font-weight": "bold", "line-height": "1.5",
                                "margin": "0.4em 0"}
        else:
            tag, style = "p", {"margin": "0 0 1em 0"}
        body.append(f'<{tag} style="{css(style)}">{text}</{tag}>')
    meta = " · ".join(html.escape(x) for x in (article.id, article.shown_date) if x)
    meta_style = {"font-family": SANS, "font-size": "14px", "color": "#555555",
                  "margin": "0 0 0.5em 0"}
    fragment = (f'<div style="{css(PAGE_STYLE)}"><p style="{css(meta_style)}">{meta}</p>'
                f'{legend()}{"".join(body)}</div>')
    if not standalone:
        return fragment
    title = html.escape(article.shown_title or article.id)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{PRINT_STYLE}</style></head>"
        f'<body style="margin: 0; background-color: #ffffff">{fragment}</body></html>\n'
    )
