"""The article with its marks as standalone HTML: quotes, speakers, cues and hedges.

Marks overlap (a hedge inside a quote, a cue inside reported speech), so the text is cut at
every mark boundary and each piece gets the classes of the marks covering it. Every piece of
article text is HTML-escaped.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from spacy.tokens import Doc

from .articles import Article

STYLE = """
body { font: 17px/1.6 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #222; }
h1 { font-size: 1.5em; line-height: 1.25; }
.meta, .legend { font: 14px/1.5 system-ui, sans-serif; color: #555; }
.legend span { margin-right: 1em; padding: 0 .3em; }
.q-direct { background: #dbe9f6; }
.q-partial { background: #eef5fb; }
.q-indirect { background: #fde9d5; }
.speaker { border-bottom: 2px solid #1f77b4; font-weight: 600; }
.cue { font-weight: 700; color: #8c2d04; }
.hedge-reporter { text-decoration: underline wavy #555; }
.hedge-quoted { text-decoration: underline wavy #d62728; }
.booster { text-decoration: underline double #2ca02c; }
"""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    title: str


def marks_of(doc: Doc) -> list[Mark]:
    marks = []
    for q in doc.spans.get("quotes", []):
        who = q._.speaker or ("no speaker (agentless)" if q._.agentless else "unknown speaker")
        via = f", via {q._.via}" if q._.via else ""
        marks.append(Mark(q._.content_start, q._.content_end, f"q-{q._.kind}",
                          f"{q._.kind} quote: {who}{via}"))
        if q._.speaker_start is not None:
            marks.append(Mark(q._.speaker_start, q._.speaker_end, "speaker",
                              f"speaker: {q._.speaker} ({q._.speaker_kind})"))
    for c in doc.spans.get("cues", []):
        marks.append(Mark(c.start_char, c.end_char, "cue", f"cue: {c._.lemma} ({c._.category})"))
    for h in doc.spans.get("hedges", []):
        css = "booster" if h._.category == "booster" else f"hedge-{h._.voice}"
        who = f" ({h._.speaker})" if h._.speaker else ""
        marks.append(Mark(h.start_char, h.end_char, css,
                          f"{h._.category.replace('_', ' ')}, {h._.voice} voice{who}"))
    return marks


def render_text(article: Article, marks: list[Mark], start: int, end: int) -> str:
    """HTML for the article's text between start and end, with the marks that fall in it."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(m.start, start) for m in inside),
                   *(min(m.end, end) for m in inside)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in inside if m.start <= a and m.end >= b]
        piece = html.escape(article.unmasked(a, b))
        if active:
            classes = " ".join(dict.fromkeys(m.css for m in active))
            title = html.escape(" | ".join(dict.fromkeys(m.title for m in active)), quote=True)
            piece = f'<span class="{classes}" title="{title}">{piece}</span>'
        pieces.append(piece)
    return "".join(pieces)


def article_html(article: Article, doc: Doc, standalone: bool = True) -> str:
    """The highlighted article (a full page when standalone, else a fragment for notebooks)."""
    marks = marks_of(doc)
    body = []
    for number, (start, end) in enumerate(article.paragraphs):
        tag = "h1" if number == 0 and article.title else "p"
        body.append(f"<{tag}>{render_text(article, marks, start, end)}</{tag}>")
    date = article.date.isoformat() if article.date else article.date_raw
    meta = " · ".join(html.escape(x) for x in (article.id, date) if x)
    legend = (
        '<p class="legend"><span class="q-direct">direct quote</span>'
        '<span class="q-partial">partial quote</span>'
        '<span class="q-indirect">reported speech</span><span class="speaker">speaker</span>'
        '<span class="cue">attribution cue</span>'
        '<span class="hedge-reporter">hedge (reporter)</span>'
        '<span class="hedge-quoted">hedge (quoted)</span><span class="booster">booster</span>'
        "</p>"
    )
    fragment = f'<div class="article"><p class="meta">{meta}</p>{legend}{"".join(body)}</div>'
    if not standalone:
        return f"<style>{STYLE}</style>{fragment}"
    title = html.escape(article.title or article.id)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>{fragment}</body></html>\n"
    )
