"""HTML pages saved from a browser: keep the article's main text in place, mask the rest.

trafilatura decides which text is the article (it is good at dropping menus, teasers and
comments); this module then finds those blocks in the page source and masks everything
else (tags, scripts, furniture) with spaces, so offsets index the decoded HTML file.
Entities are decoded in place: ``&amp;`` becomes ``&`` followed by four spaces. The
``articles`` module makes the Article of it (this one knows pages, not articles).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table td th tr ul title".split()
)
SKIPPED_TAGS = frozenset("script style noscript template svg nav footer aside form button".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
RAW_TEXT_TAGS = frozenset("script style textarea title xmp".split())  # no tags inside them
ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# What can start markup: a tag, an end tag, a comment, a declaration, an entity.
MARKUP = re.compile(r"<(?:(/?)([A-Za-z][^\s/>]*)|!--|[!?])|&")
# Inside a tag: its end, or a quoted attribute value (which may hold a '>').
TAG_STOP = re.compile(r""">|=[ \t\n\r\f]*["']""")


@dataclass
class Block:
    """A run of text between two block-level tags: (offset in source, decoded text) pieces."""

    tag: str
    pieces: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(t for _, t in self.pieces).split())


def _tag_end(page: str, position: int) -> int | None:
    """Where a tag whose name ends at ``position`` ends (after its '>'), or None when the page
    ends inside it (a browser drops such a tag). Every character is looked at once."""
    while match := TAG_STOP.search(page, position):
        if match.group() == ">":
            return match.end()
        closing = page.find(match.group()[-1], match.end())
        if closing < 0:
            return None
        position = closing + 1
    return None


class _BlockCollector:
    """Cuts a page into blocks of text, in one pass that reads each character a bounded
    number of times (html.parser is quadratic on unclosed tags and fails on some markup).
    Tags and text are read as browsers read them: a comment runs to '-->', a script or style
    to its end tag, a tag or comment the page ends inside is dropped."""

    def __init__(self, page: str):
        self.page = page
        self.blocks: list[Block] = [Block("root")]
        self.boundaries: list[int] = []
        self.skip_depth = 0
        self.tag_stack: list[str] = []
        self.block_stack: list[str] = []  # the block tags of tag_stack, for the parent block
        self.open_count: dict[str, int] = {}
        self._read()

    def _read(self) -> None:
        page, position = self.page, 0
        while position < len(page):
            markup = MARKUP.search(page, position)
            if markup is None:
                self._data(position, len(page))
                break
            self._data(position, markup.start())
            position = self._markup(markup)

    def _markup(self, markup: re.Match) -> int:
        """Handle the markup starting at ``markup``; return where reading goes on."""
        page, start = self.page, markup.start()
        if markup.group() == "&":
            entity = ENTITY.match(page, start)
            if entity is None:
                self._data(start, start + 1)
                return start + 1
            if not self.skip_depth:
                decoded = html.unescape(entity.group()).replace("\xa0", " ")
                self.blocks[-1].pieces.append((start, decoded[: len(entity.group())]))
            return entity.end()
        if markup.group() == "<!--":
            end = page.find("-->", markup.end())
            return len(page) if end < 0 else end + 3
        if markup.group(2) is None:  # <!DOCTYPE ...>, <?xml ...?>, <![CDATA[...]]>
            end = page.find(">", markup.end())
            return len(page) if end < 0 else end + 1
        end = _tag_end(page, markup.end())
        if end is None:
            return len(page)
        tag = markup.group(2).lower()
        if markup.group(1):
            self._end_tag(tag, start)
            return end
        self._start_tag(tag, start)
        if tag in RAW_TEXT_TAGS and not page[start:end].endswith("/>"):
            closing = re.compile(rf"</{re.escape(tag)}[\s/>]", re.I).search(page, end)
            stop = len(page) if closing is None else closing.start()
            if tag == "title":
                self._data(end, stop)
            return stop
        return end

    def _new_block(self, tag: str, offset: int) -> None:
        self.boundaries.append(offset)
        self.blocks.append(Block(tag))

    def _start_tag(self, tag: str, offset: int) -> None:
        if tag in SKIPPED_TAGS:
            self.skip_depth += 1
        if tag in BLOCK_TAGS:
            self._new_block(tag, offset)
        if tag in VOID_TAGS:
            return
        self.tag_stack.append(tag)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if tag in BLOCK_TAGS:
            self.block_stack.append(tag)

    def _end_tag(self, tag: str, offset: int) -> None:
        if tag in SKIPPED_TAGS and self.skip_depth:
            self.skip_depth -= 1
        if self.open_count.get(tag):  # close it and whatever was left open inside it
            while True:
                closed = self.tag_stack.pop()
                self.open_count[closed] -= 1
                if closed in BLOCK_TAGS:
                    self.block_stack.pop()
                if closed == tag:
                    break
        if tag in BLOCK_TAGS:
            self._new_block(self.block_stack[-1] if self.block_stack else "root", offset)

    def _data(self, start: int, end: int) -> None:
        if end > start and not self.skip_depth:
            self.blocks[-1].pieces.append((start, self.page[start:end]))


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _word_sequences(text: str, longest: int = 3):
    """A test of whether a normalised text's words occur in ``text`` in that order, by its
    runs of up to ``longest`` words: one pass to index, then time in the length of the text
    tested (a substring search per block is quadratic on a page of many blocks)."""
    words = text.split()
    runs = {n: {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
            for n in range(1, longest + 1)}

    def contains(candidate: str) -> bool:
        parts = candidate.split()
        n = min(len(parts), longest)
        return all(" ".join(parts[i:i + n]) in runs[n] for i in range(len(parts) - n + 1))

    return contains


def main_text(source: str) -> tuple[str, dict]:
    """trafilatura's main text and metadata; ('', {}) when it finds nothing."""
    import trafilatura

    extracted = trafilatura.extract(source, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(source)
    return extracted, (meta.as_dict() if meta else {})


@dataclass
class Page:
    """What a page holds for its article: the page with all but the main text masked (the
    page's length), and the metadata trafilatura reads."""

    analysis_text: str
    title: str
    date_raw: str
    metadata: dict


def parse_html(page: str) -> Page:
    """The page's main text left in place in the HTML, everything else masked."""
    collector = _BlockCollector(page)
    extracted, meta = main_text(page)
    in_main_text = _word_sequences(_normalise(extracted))
    title = (meta.get("title") or "").strip()

    def keep(block: Block) -> bool:
        text = _normalise(block.text)
        if not text or block.tag == "title":
            return False
        if not extracted.strip():  # trafilatura found nothing: keep all visible text
            return True
        return in_main_text(text) or (block.tag == "h1" and text == _normalise(title))

    chars = [" " if c not in "\n" else c for c in page]
    for block in filter(keep, collector.blocks):
        for offset, text in block.pieces:
            chars[offset: offset + len(text)] = text
    # A paragraph break where each block-level tag stands (tags are at least 3 characters).
    for boundary in collector.boundaries:
        chars[boundary: boundary + 2] = "\n\n"
    return Page(
        analysis_text="".join(chars), title=title, date_raw=str(meta.get("date") or ""),
        metadata={k: meta[k] for k in ("author", "sitename", "url", "description") if meta.get(k)},
    )
