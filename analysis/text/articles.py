"""Read news articles so that every offset found later indexes the decoded file as read.

Reading is bounded: only regular files, at most one size limit (``max_bytes()``, which also
bounds the text spaCy is given), decoded in a fixed order of encodings, checked to be English
prose; every step is linear in the file's length, so no input can hang the reader.

Boilerplate (the sample layout's ``---`` rules and date line, ``Read more [..](#)`` link
lines, markdown emphasis markers, HTML tags and page furniture) is never cut out: it is
*masked*, replaced by spaces of the same length, so ``Article.analysis_text`` has exactly
the length of ``Article.text`` and a span's ``start``/``end`` slice both.
"""
from __future__ import annotations

import bisect
import codecs
import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from charset_normalizer import from_bytes

from ..core.errors import ArticleError
from .webpages import parse_html

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES_ENV = "ANALYSIS_MAX_BYTES"
# spaCy's own default max_length: ~165,000 words, under a minute of analysis and ~3 GB of
# memory on one core; a long feature is ~100 kB. Longer texts are refused, not split: a
# split would cut quotations and the chains of pronouns and continued quotes that find
# speakers.
DEFAULT_MAX_BYTES = 1_000_000
# A larger $ANALYSIS_MAX_BYTES is taken as this (2 GiB, past what any memory can analyse):
# the limit then still fits every API it reaches (csv's field limit is a C long).
MAX_BYTES_CEILING = 2**31 - 1
MIN_WORDS_FOR_LANGUAGE_CHECK = 25
MIN_FUNCTION_WORD_SHARE, MAX_FUNCTION_WORD_SHARE = 0.12, 0.75
LONG_RUN_CHARACTERS = 200
LONG_RUN = re.compile(rf"\S{{{LONG_RUN_CHARACTERS},}}")

# The most frequent English function words: their share in English prose is 35-50%,
# in other languages written in Latin script it is near zero.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he i this are or his from at "
    "which but have an they you were her she there been has their we will would its who had "
    "said more also after when about than into can could over been them what up out other".split()
)
# Of those, the ones no other language written in Latin script uses as a common word (not
# "a", "in", "on", "die", "was", "will", "of", "to"...): the test for texts too short to count.
DISTINCTLY_ENGLISH_WORDS = frozenset(
    "the and that with this from which have they you were she there been their would said "
    "who what them could into than his its are".split()
)


@dataclass
class Article:
    """One news article: the decoded file, its metadata, and which regions are boilerplate.

    ``title`` is the headline found in the text (its paragraph is numbered 0);
    ``page_metadata`` is what a saved web page says of itself (site name, url, author);
    ``columns`` is what a corpus table gave beside the text (title, date, outlet, url and its
    other columns, as text), which wins over what the text says."""

    id: str
    text: str
    source: str = ""
    title: str = ""
    date: dt.date | None = None
    date_raw: str = ""
    format: str = "text"
    encoding: str = ""
    masked: list[tuple[int, int]] = field(default_factory=list)
    analysis_text: str = ""
    page_metadata: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.analysis_text:
            self.analysis_text = mask(self.text, self.masked)
        if len(self.analysis_text) != len(self.text):
            raise ValueError("analysis_text must keep the length of text")

    @property
    def iso_date(self) -> str | None:
        """The date as tables keep it (YYYY-MM-DD), None when it could not be read."""
        return self.date.isoformat() if self.date else None

    @property
    def shown_date(self) -> str:
        """The date as pages show it: ISO when it could be read, else as the article wrote it."""
        return self.iso_date or self.date_raw

    @property
    def shown_title(self) -> str:
        """The title as tables and pages show it: the corpus table's, else the headline."""
        return self.columns.get("title") or self.title

    @property
    def outlet(self) -> str | None:
        """The outlet the corpus table names, else the site a web page names as its
        publisher, if any."""
        return self.columns.get("outlet") or self.page_metadata.get("sitename") or None

    @property
    def url(self) -> str | None:
        """The address the corpus table gives, else the one a web page gives, if any."""
        return self.columns.get("url") or self.page_metadata.get("url") or None

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Character spans of the non-blank paragraphs (blocks between blank lines)."""
        return paragraph_spans(self.analysis_text)

    def paragraph_of(self, offset: int) -> int:
        """Paragraph number of an offset: 0 for the title, then 1, 2, ... for the body."""
        number = 0 if self.title else 1
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index < 0:
            return number
        start, end = self.paragraphs[index]
        return number + index + (offset >= end)  # between two paragraphs: the next one

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def readable(self, start: int, end: int) -> str:
        """The analysed text of a span without its masking filler (markdown marks, entity
        padding) and with runs of whitespace made single, for tables people read."""
        return " ".join(self.unmasked(start, end).split())

    def unmasked(self, start: int, end: int) -> str:
        """The analysed text of a span without its masking filler, whitespace kept."""
        masked, original = self.analysis_text[start:end], self.text[start:end]
        if masked == original:  # nothing masked here: no character to look at one by one
            return masked
        pairs = zip(masked, original, strict=True)
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


# ---------------------------------------------------------------------------- reading

def max_bytes() -> int:
    """The one size limit, in bytes: $ANALYSIS_MAX_BYTES (at most ``MAX_BYTES_CEILING``), or
    1,000,000.

    It also bounds the characters spaCy is given (no encoding turns a byte into more than one
    character), so the model is loaded with ``nlp.max_length = max_bytes()``."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not re.fullmatch("[0-9]+", value) or not value.strip("0"):
        return DEFAULT_MAX_BYTES
    ceiling = str(MAX_BYTES_CEILING)  # compared as digits: int() refuses 4,300 of them
    value = value.lstrip("0")
    return int(value) if (len(value), value) <= (len(ceiling), ceiling) else MAX_BYTES_CEILING


# O_NONBLOCK (POSIX): had the file been swapped for a pipe since the check, opening it still
# returns at once, and the second check on the open file refuses it.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file, at most the limit: a pipe, a device or a socket is
    refused before it is opened for reading (it could block forever or never end)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        reason = "a link to a missing file" if os.path.islink(path) else "no such file"
        raise ArticleError(path, reason) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ArticleError(path, "a loop of symbolic links") from None
        raise ArticleError(path, f"cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(status.st_mode):
        raise ArticleError(path, "is a folder, not an article")
    if not stat.S_ISREG(status.st_mode):
        raise ArticleError(path, "is not a regular file (a pipe, device or socket)")
    limit = max_bytes()
    if status.st_size > limit:
        raise ArticleError(path, too_large(limit))
    try:
        handle = os.open(path, OPEN_FLAGS)
    except OSError as error:
        raise ArticleError(path, f"cannot be read ({error.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise ArticleError(path, "is not a regular file (a pipe, device or socket)")
        chunks, size = [], 0
        while size <= limit:  # a file growing while it is read stops at the limit plus one
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise ArticleError(path, f"cannot be read ({error.strerror})") from None
    finally:
        os.close(handle)
    if size > limit:
        raise ArticleError(path, too_large(limit))
    return b"".join(chunks)


def too_large(limit: int, what: str = "file") -> str:
    """Why an article (a file, a table's text or row) over the size limit is refused."""
    return f"the {what} is larger than the {limit:,}-byte limit (set {MAX_BYTES_ENV} to raise it)"


# ---------------------------------------------------------------------------- decoding

BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings an English article without a BOM is plausibly in, preferred in this
# order (Windows-1252 is Latin-1 with printable characters where Latin-1 has controls); text
# mostly in another script is left to charset-normalizer among the common non-Latin ones.
# Rarer code pages (cp775, cp437, ...) are never tried: on short texts they win by accident.
LATIN_ENCODINGS = ("cp1252", "cp1250", "iso8859_15", "mac_roman")
OTHER_SCRIPT_ENCODINGS = ["cp1251", "koi8_r", "cp1253", "iso8859_7", "cp1255", "cp1256",
                          "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr"]
NON_ASCII_SYMBOL = re.compile(r"[^\x00-\x7f’·]")
# Control characters read as spaces (same length, so offsets hold); tab, line and page
# breaks stay. Past 1% of the text they mean the file is not text at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_repair(error: UnicodeDecodeError) -> tuple[str, int]:
    """Read the bytes UTF-8 cannot as Windows-1252 (its five undefined bytes as Latin-1)."""
    piece = error.object[error.start:error.end]
    return "".join(chr(b) if b in CP1252_HOLES else bytes([b]).decode("cp1252")
                   for b in piece), error.end


CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
codecs.register_error("analysis-cp1252", _cp1252_repair)


def _symbols_inside_words(text: str) -> int:
    """Symbols between two letters ('Wa³êsa'): the sign of a Latin text read in the wrong code
    page."""
    return sum(1 for m in NON_ASCII_SYMBOL.finditer(text)
               if not m.group().isalpha() and 0 < m.start() and m.end() < len(text)
               and text[m.start() - 1].isalpha() and text[m.end()].isalpha())


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """The text of a file and the encoding it was read in.

    UTF-8 first; then a byte-order mark (UTF-8, UTF-16, UTF-32); then, for a file that is UTF-8
    in places, UTF-8 with each run of bytes it cannot read taken as Windows-1252
    ("utf-8+cp1252"); otherwise a legacy encoding (see ``_legacy``)."""
    if not data.strip():
        raise ArticleError(path, "the file is empty")
    text, encoding = _decoded(data, path)
    return without_controls(text, path), encoding


def without_controls(text: str, path: str | Path) -> str:
    """Control characters read as spaces; refused as binary past 1% of the text, or empty."""
    controls = sum(1 for _ in CONTROL_CHARACTERS.finditer(text))
    if controls > len(text) * MAX_CONTROL_SHARE:
        raise ArticleError(path, "the file is binary, not text")
    if controls:
        text = CONTROL_CHARACTERS.sub(" ", text)
    if not text.strip():
        raise ArticleError(path, "the file is empty")
    return text


def _decoded(data: bytes, path: str | Path) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                raise ArticleError(path, f"the file starts with a {encoding} byte-order mark "
                                         "but is not in that encoding") from None
    if data.count(0) > len(data) * MAX_CONTROL_SHARE:
        raise ArticleError(path, "the file is binary, not text")
    if UTF8_MULTIBYTE.search(data):
        # UTF-8 in places: each run of bytes UTF-8 cannot read is a stray from Windows-1252
        # (a pasted quotation, a legacy line), read as such; the rest stays UTF-8.
        return data.decode("utf-8", errors="analysis-cp1252"), "utf-8+cp1252"
    return _legacy(data, path)


def _legacy(data: bytes, path: str | Path) -> tuple[str, str]:
    """A file in a legacy single-byte or East Asian encoding: the Latin code page whose reading
    puts the fewest symbols inside words, unless most letters then fall outside ASCII (another
    script: charset-normalizer chooses among OTHER_SCRIPT_ENCODINGS)."""
    text = data.decode("cp1252", errors="analysis-cp1252")
    letters = [c for c in text if c.isalpha()]
    if sum(not c.isascii() for c in letters) <= len(letters) * 0.3:
        readings = [(text, "cp1252")] + [
            (data.decode(encoding, errors="analysis-cp1252"), encoding)
            for encoding in LATIN_ENCODINGS[1:]]
        return min(readings, key=lambda reading: _symbols_inside_words(reading[0]))
    best = from_bytes(data, cp_isolation=OTHER_SCRIPT_ENCODINGS).best()
    if best is None:
        raise ArticleError(path, "the file is not in any text encoding that could be detected")
    return str(best), best.encoding


def check_english(article: Article) -> None:
    """Refuse text that is not English prose, so nobody reads an empty table as a finding.

    Long texts: English function words make 35-50% of English prose, near 0% elsewhere, and
    all of a text only when it repeats them ('a a a a').
    Short texts (a headline, a brief): at least one word only English uses that often. Text
    mostly made of runs without a space (a hash, base64, one huge token) is not prose."""
    text = article.analysis_text
    source = article.source or article.id
    if not any(c.isalpha() for c in text):
        raise ArticleError(source, "the article has no text")
    characters = sum(map(len, text.split()))  # str.split cuts at exactly what isspace() is
    unbroken = sum(m.end() - m.start() for m in LONG_RUN.finditer(text))
    if unbroken > characters / 2:
        raise ArticleError(source, "the text is not prose (most of it is runs of more than "
                                   f"{LONG_RUN_CHARACTERS} characters without a space)")
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        if not any(w in DISTINCTLY_ENGLISH_WORDS for w in words):
            raise ArticleError(source, f"the text does not look like English (none of its "
                                       f"{len(words)} words is a common English word)")
        return
    share = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    if not MIN_FUNCTION_WORD_SHARE <= share <= MAX_FUNCTION_WORD_SHARE:
        raise ArticleError(
            source, f"the text does not look like English ({share:.0%} English function words)",
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
LINK_LINE = re.compile(r"^[ \t]*(?:Read more|READ MORE|Related|See also)\b[^\n]*", re.M)
# Every pattern below is linear: a run is matched from its first character only, and no
# bracket or parenthesis search runs past the next bracket, parenthesis or line break, so a
# page of '[' or '_' costs what a page of prose does.
LINK = re.compile(r"(!?)\[[^\[\]\n]*\]\([^()\n]*\)")  # [text](target), ![alt](target)
LINE_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>[ \t]?)", re.M)  # heading and blockquote marks
STARS = re.compile(r"\*+")
UNDERSCORES = re.compile(r"(?<!_)_+")


def markdown_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Regions of markdown markup and link lines between start and end: link lines ('Read
    more [..](..)'), rules, images, a link's brackets and target, heading and blockquote marks,
    emphasis (underscores only where they open or close a word, not in snake_case)."""
    end = len(text) if end is None else end
    regions = [(m.start(), m.end()) for m in RULE_LINE.finditer(text, start, end)]
    for m in LINK_LINE.finditer(text, start, end):
        target = m.group().find("](")
        if target >= 0 and ")" in m.group()[target:]:
            regions.append((m.start(), m.end()))
    for m in LINK.finditer(text, start, end):
        if m.group(1):
            regions.append((m.start(), m.end()))
        else:
            regions += [(m.start(), m.start() + 1),
                        (m.start() + m.group().index("]("), m.end())]
    regions += [(m.start(), m.end()) for m in LINE_MARKS.finditer(text, start, end)]
    regions += [(m.start(), m.end()) for m in STARS.finditer(text, start, end)]
    for m in UNDERSCORES.finditer(text, start, end):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not (before.isalnum() and after.isalnum()):
            regions.append((m.start(), m.end()))
    return regions


def nonblank_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines that hold more than whitespace, line breaks excluded."""
    for m in re.finditer(r"[^\n]+", text):
        if not m.group().isspace():
            yield m.start(), m.end()


HEADLINE_MAX_CHARACTERS = 150
HEADLINE_MAX_LINES = 3
DATELINE = re.compile(
    r"[A-Z][A-Z .,'’]{2,40}(?:, [A-Z][A-Za-z.]+)?(?: \([A-Za-z]+\))? ?[—–-]{1,2} ")


def plain_headline(text: str, lines: list[tuple[int, int]]) -> str:
    """The headline of a plain-text article: a markdown heading on the first line, or a first
    paragraph of at most three lines and 150 characters that more text follows, whatever its
    last character (news sites end headlines with full stops too). No headline: a first
    paragraph that leads into the next (ends with ':' or ','), leaves a quotation open, or
    opens with a dateline ('WASHINGTON (AP) — ')."""
    first = text[slice(*lines[0])]
    if first.lstrip().startswith("#"):
        return first.strip(" \t#*")
    block = [first]
    for previous, line in zip(lines, lines[1:], strict=False):
        if text.count("\n", previous[1], line[0]) >= 2:  # a blank line ends the paragraph
            break
        if len(block) == HEADLINE_MAX_LINES:
            return ""
        if not looks_like_date(text[slice(*line)]):  # a date line is masked on its own
            block.append(text[slice(*line)])
    else:
        return ""  # one paragraph: all body
    headline = " ".join(" ".join(block).split()).strip(" \t#*")
    quotes_open = headline.count('"') % 2 or headline.count("“") != headline.count("”")
    if (len(headline) > HEADLINE_MAX_CHARACTERS or headline.endswith((":", ",")) or quotes_open
            or DATELINE.match(headline)):
        return ""
    return headline


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
        title = plain_headline(text, lines)
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


def article_from_html(page: str, article_id: str, source: str = "",
                      dayfirst: bool | None = None) -> Article:
    """An article from a saved web page: its main text left in place, the rest masked."""
    found = parse_html(page)
    return Article(
        id=article_id, text=page, source=source, title=found.title, format="html",
        date_raw=found.date_raw,
        date=parse_date(found.date_raw, dayfirst) if looks_like_date(found.date_raw) else None,
        analysis_text=found.analysis_text, page_metadata=found.metadata,
    )


def read_article(path: str | Path, dayfirst: bool | None = None,
                 check_language: bool = True) -> Article:
    """Read a .txt/.md/.html file. Raises ArticleError with a one-line reason on bad input."""
    path = Path(path)
    text, encoding = decode(read_bytes(path), path)
    article = _article(text, path.stem, str(path), path.suffix.lower() in (".html", ".htm"),
                       dayfirst)
    article.encoding = encoding
    if check_language:
        check_english(article)
    return article


def article_from_string(text: str, article_id: str, source: str,
                        dayfirst: bool | None = None) -> Article:
    """An article from text already decoded (a cell of a corpus table), checked as a file is:
    the size limit, control characters, English prose; a saved web page is read as one. A
    lone surrogate (a JSON string's "\\ud800"), which no table can store, is read as U+FFFD,
    one character for one, so offsets hold."""
    text = LONE_SURROGATE.sub("\ufffd", text)
    size = len(text.encode("utf-8"))
    if size > max_bytes():
        raise ArticleError(source, too_large(max_bytes(), "text"))
    if not text.strip():
        raise ArticleError(source, "the text is empty")
    article = _article(without_controls(text, source), article_id, source, False, dayfirst)
    article.encoding = "utf-8"
    check_english(article)
    return article


def _article(text: str, article_id: str, source: str, html_name: bool,
             dayfirst: bool | None) -> Article:
    if html_name or re.match(r"\s*<(!doctype html|html)", text, re.I):
        return article_from_html(text, article_id, source=source, dayfirst=dayfirst)
    return parse_text(text, article_id, source=source, dayfirst=dayfirst)


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the articles they hold (sorted); files are kept as given.

    In a folder, every entry named like an article is kept except subfolders, even a dangling
    link, a loop of links or a pipe: reading it then says what is wrong with it, where
    skipping it would hide it."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(
                f for f in p.iterdir()
                if f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
                and not _is_folder(f)
            )
        else:
            found.append(p)
    return found


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:  # a dangling link or a loop: an entry to report, not a folder
        return False
