"""Read news articles so that every offset found later indexes the decoded file as read.

Boilerplate (the sample layout's ``---`` rules and date line, ``Read more [..](#)`` link
lines, markdown emphasis markers, HTML tags and page furniture) is never cut out: it is
*masked*, replaced by spaces of the same length, so ``Article.analysis_text`` has exactly
the length of ``Article.text`` and a span's ``start``/``end`` slice both.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import ArticleError

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES_ENV = "ANALYSIS_MAX_BYTES"
DEFAULT_MAX_BYTES = 2_000_000  # a long feature is ~100 kB; 2 MB is far past any article
MIN_WORDS_FOR_LANGUAGE_CHECK = 25
SINGLE_BYTE_LATIN = ("cp125", "iso8859", "latin", "mac_", "cp850", "cp437")

# The most frequent English function words: their share in English prose is 35-50%,
# in other languages written in Latin script it is near zero.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he i this are or his from at "
    "which but have an they you were her she there been has their we will would its who had "
    "said more also after when about than into can could over been them what up out other".split()
)


@dataclass
class Article:
    """One news article: the decoded file, its metadata, and which regions are boilerplate."""

    id: str
    text: str
    source: str = ""
    title: str = ""
    date: dt.date | None = None
    date_raw: str = ""
    format: str = "text"
    masked: list[tuple[int, int]] = field(default_factory=list)
    analysis_text: str = ""
    metadata: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.analysis_text:
            self.analysis_text = mask(self.text, self.masked)
        if len(self.analysis_text) != len(self.text):
            raise ValueError("analysis_text must keep the length of text")

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Character spans of the non-blank paragraphs (blocks between blank lines)."""
        return paragraph_spans(self.analysis_text)

    def paragraph_of(self, offset: int) -> int:
        """Paragraph number of an offset: 0 for the title, then 1, 2, ... for the body."""
        number = 0 if self.title else 1
        for start, end in self.paragraphs:
            if start <= offset < end:
                return number
            if start > offset:
                break
            number += 1
        return number

    def readable(self, start: int, end: int) -> str:
        """The analysed text of a span without its masking filler (markdown marks, entity
        padding) and with runs of whitespace made single, for tables people read."""
        return " ".join(self.unmasked(start, end).split())

    def unmasked(self, start: int, end: int) -> str:
        """The analysed text of a span without its masking filler, whitespace kept."""
        pairs = zip(self.analysis_text[start:end], self.text[start:end], strict=True)
        return "".join(c for c, original in pairs if not (c == " " and not original.isspace()))

    @property
    def word_count(self) -> int:
        return len(re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", self.analysis_text))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-blank blocks of text between blank lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text)]


def mask(text: str, regions: Iterable[tuple[int, int]]) -> str:
    """Replace each region by spaces, keeping its line breaks, so offsets stay valid."""
    chars = list(text)
    for start, end in regions:
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)


# ---------------------------------------------------------------------------- decoding

def max_bytes() -> int:
    """The size limit: $ANALYSIS_MAX_BYTES, or 2 MB."""
    value = os.environ.get(MAX_BYTES_ENV)
    return int(value) if value and value.isdigit() else DEFAULT_MAX_BYTES


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """UTF-8 (with or without BOM) first; otherwise the encoding charset-normalizer detects."""
    if not data.strip():
        raise ArticleError(path, "the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(path, "the file is not in any text encoding that could be detected")
    text = str(best)
    if best.encoding.startswith(SINGLE_BYTE_LATIN):
        # Detectors cannot tell the Latin code pages apart on short texts; for English news
        # the legacy encoding is almost always Windows-1252.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) * 0.01:
        raise ArticleError(path, "the file is binary, not text")
    return text.lstrip("\ufeff")


def check_english(article: Article) -> None:
    """Refuse text that is not English prose, so nobody reads an empty table as a finding."""
    words = re.findall(r"\w+", article.analysis_text.lower())
    if not any(c.isalpha() for c in article.analysis_text):
        raise ArticleError(article.source or article.id, "the article has no text")
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    if share < 0.12:
        raise ArticleError(
            article.source or article.id,
            f"the text does not look like English ({share:.0%} English function words)",
        )


# ---------------------------------------------------------------------------- dates

MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
WORD_DATE = re.compile(
    r"^\s*(?:(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})|([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}))\s*$"
)


def parse_date(raw: str, dayfirst: bool | None = None) -> dt.date | None:
    """Parse a date line. ``01/07/2015`` is ambiguous: it stays unparsed (None) unless
    ``dayfirst`` says how to read it (True: 1 July; False: January 7)."""
    try:
        if m := ISO_DATE.match(raw):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := NUMERIC_DATE.match(raw):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            if a > 12:
                return dt.date(year, b, a)
            if b > 12:
                return dt.date(year, a, b)
            if dayfirst is None:
                return None
            return dt.date(year, b, a) if dayfirst else dt.date(year, a, b)
        if m := WORD_DATE.match(raw):
            day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
            if month.lower() in MONTHS:
                return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None
    return None


def looks_like_date(line: str) -> bool:
    return bool(NUMERIC_DATE.match(line) or ISO_DATE.match(line) or WORD_DATE.match(line))


# ---------------------------------------------------------------------------- text layouts

RULE_LINE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
READ_MORE_LINE = re.compile(r"^[ \t]*(?:Read more|READ MORE|Related|See also)\b.*\]\(.*\).*$", re.M)
MARKDOWN_MARKERS = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # images: all of it
    r"|(?<=\])\([^)\n]*\)"  # a link's target
    r"|\[(?=[^\]\n]*\]\()|\](?=\()"  # a link's brackets
    r"|^[ \t]*#{1,6}[ \t]"  # heading marks
    r"|^[ \t]*>[ \t]?"  # blockquote marks
    r"|\*+"  # emphasis
    r"|(?<!\w)_+|_+(?!\w)",  # underscore emphasis, not snake_case
    re.M,
)


def markdown_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Regions of markdown markup and link lines between start and end."""
    end = len(text) if end is None else end
    regions = []
    for pattern in (READ_MORE_LINE, RULE_LINE, MARKDOWN_MARKERS):
        regions += [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]
    return regions


def nonblank_lines(text: str) -> Iterator[tuple[int, int]]:
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        yield m.start(), m.end()


def parse_text(text: str, article_id: str, source: str = "", dayfirst: bool | None = None,
               fmt: str = "text") -> Article:
    """An article from plain or markdown text; recognises the sample layout
    (title, ``---``, date line, body, ``---``)."""
    lines = list(nonblank_lines(text))
    masked: list[tuple[int, int]] = []
    title, date_raw = "", ""
    if len(lines) >= 2 and RULE_LINE.fullmatch(text[slice(*lines[1])]):
        fmt = "sample"
        title = text[slice(*lines[0])].strip(" \t#*")
        masked.append(lines[1])
        if len(lines) >= 3 and looks_like_date(text[slice(*lines[2])]):
            date_raw = text[slice(*lines[2])].strip()
            masked.append(lines[2])
    elif len(lines) >= 2:
        first = text[slice(*lines[0])].strip(" \t#*")
        separated = "\n\n" in text[lines[0][1]: lines[1][0]] or text.lstrip().startswith("#")
        if separated and len(first) <= 150 and not first.endswith((".", '"', "”", ":")):
            title = first
        for line in lines[1:3]:
            if looks_like_date(text[slice(*line)]):
                date_raw = text[slice(*line)].strip()
                masked.append(line)
                break
    masked += markdown_regions(text)
    return Article(
        id=article_id, text=text, source=source, title=title, date_raw=date_raw,
        date=parse_date(date_raw, dayfirst) if date_raw else None, format=fmt,
        masked=sorted(set(masked)),
    )


def article_from_text(text: str, article_id: str = "article", source: str = "",
                      dayfirst: bool | None = None) -> Article:
    """An article from a string (plain text or the sample's markdown layout)."""
    return parse_text(text, article_id, source=source, dayfirst=dayfirst)


def read_article(path: str | Path, dayfirst: bool | None = None,
                 check_language: bool = True) -> Article:
    """Read a .txt/.md/.html file. Raises ArticleError with a one-line reason on bad input."""
    path = Path(path)
    if not path.exists():
        raise ArticleError(path, "no such file")
    if path.is_dir():
        raise ArticleError(path, "is a folder, not an article")
    size = path.stat().st_size
    if size > max_bytes():
        raise ArticleError(
            path, f"the file is {size / 1e6:.1f} MB, above the {max_bytes() / 1e6:.1f} MB limit "
            f"(set {MAX_BYTES_ENV} to raise it)",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, f"cannot be read ({error.strerror})") from None
    text = decode(data, path)
    is_html = re.match(r"\s*<(!doctype html|html)", text, re.I)
    if path.suffix.lower() in (".html", ".htm") or is_html:
        from .html import parse_html

        article = parse_html(text, path.stem, source=str(path), dayfirst=dayfirst)
    else:
        article = parse_text(text, path.stem, source=str(path), dayfirst=dayfirst)
    if check_language:
        check_english(article)
    return article


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the articles they hold (sorted); files are kept as given."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
            )
        else:
            found.append(p)
    return found
