"""HTML pages saved from a browser: keep the article's main text in place, mask the rest.

trafilatura decides which text is the article (it is good at dropping menus, teasers and
comments); this module then finds those blocks in the page source and masks everything
else (tags, scripts, furniture) with spaces, so offsets index the decoded HTML file.
Entities are decoded in place: ``&amp;`` becomes ``&`` followed by four spaces.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .articles import Article, looks_like_date, parse_date

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul title".split()
)
SKIPPED_TAGS = frozenset("script style noscript template svg nav footer aside form button".split())
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


@dataclass
class Block:
    """A run of text between two block-level tags: (offset in source, decoded text) pieces."""

    tag: str
    pieces: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(t for _, t in self.pieces).split())


class _BlockCollector(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks: list[Block] = [Block("root")]
        self.boundaries: list[int] = []
        self.skip_depth = 0
        self.tag_stack: list[str] = []

    def source_offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _new_block(self, tag: str) -> None:
        self.boundaries.append(self.source_offset())
        self.blocks.append(Block(tag))

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        if tag in BLOCK_TAGS:
            self._new_block(tag)
        self.tag_stack.append(tag)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if tag in BLOCK_TAGS:
            parent = next((t for t in reversed(self.tag_stack[:-1]) if t in BLOCK_TAGS), "root")
            self._new_block(parent)
        if tag in self.tag_stack:
            while self.tag_stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.skip_depth:
            self.blocks[-1].pieces.append((self.source_offset(), data))

    def _entity(self):
        if self.skip_depth:
            return
        start = self.source_offset()
        m = ENTITY.match(self.source, start)
        if m:
            decoded = html.unescape(m.group(0)).replace("\xa0", " ")
            self.blocks[-1].pieces.append((start, decoded[: len(m.group(0))]))

    def handle_entityref(self, name):
        self._entity()

    def handle_charref(self, name):
        self._entity()


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def main_text(source: str) -> tuple[str, dict]:
    """trafilatura's main text and metadata; ('', {}) when it finds nothing."""
    import trafilatura

    extracted = trafilatura.extract(source, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(source)
    return extracted, (meta.as_dict() if meta else {})


def parse_html(page: str, article_id: str, source: str = "",
               dayfirst: bool | None = None) -> Article:
    """An Article whose analysis text is the page's main text, left in place in the HTML."""
    collector = _BlockCollector(page)
    collector.feed(page)
    collector.close()
    extracted, meta = main_text(page)
    wanted = _normalise(extracted)
    title = (meta.get("title") or "").strip()

    def keep(block: Block) -> bool:
        text = _normalise(block.text)
        if not text or block.tag == "title":
            return False
        if not wanted:  # trafilatura found nothing: keep all visible text
            return True
        return text in wanted or (block.tag == "h1" and text == _normalise(title))

    chars = [" " if c not in "\n" else c for c in page]
    for block in filter(keep, collector.blocks):
        for offset, text in block.pieces:
            chars[offset: offset + len(text)] = text
    # A paragraph break where each block-level tag stands (tags are at least 3 characters).
    for boundary in collector.boundaries:
        chars[boundary: boundary + 2] = "\n\n"
    analysis_text = "".join(chars)
    date_raw = str(meta.get("date") or "")
    return Article(
        id=article_id, text=page, source=source, title=title, format="html",
        date_raw=date_raw,
        date=parse_date(date_raw, dayfirst) if looks_like_date(date_raw) else None,
        analysis_text=analysis_text,
        metadata={k: meta[k] for k in ("author", "sitename", "url", "description") if meta.get(k)},
    )

