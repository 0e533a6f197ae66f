"""Score quote and attribution extraction on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

PolNeAR annotates every attribution in 2016 US political news as brat standoff
(Source, Cue, Content). The data stays outside the repository, by default in
``../shared/eval/polnear`` next to it; ``--data`` points elsewhere.

Metrics (micro-averaged over articles, one-to-one greedy matching, best Jaccard first):

- direct quotes: gold passages between quotation marks, 4+ words, inside a Content span;
  system rows of kind ``direct``; a match needs Jaccard >= 0.5 once quotation marks,
  whitespace and punctuation are trimmed from both ends;
- speaker accuracy on matched direct quotes whose attribution has a Source;
- all attributions: every Content (its pieces as one character set) against every row;
  Jaccard >= 0.5;
- cues: Cue spans against cue rows, matched on any overlap;
- attribution spans sentence by sentence, as published systems are scored: exact-match
  P/R/F1 per element, with span ends trimmed of marks and punctuation, and CofeNet's soft
  overlap (``analysis/evaluate/spans.py``).

Run with ``python -m analysis.evaluate polnear [--split dev] [--baseline textacy]``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core import files
from analysis.evaluate.metrics import PRF, Accuracy, format_prf
from analysis.evaluate.spans import (
    CLOSING_MARKS,
    OPENING_MARKS,
    PARAGRAPH,
    QUOTE_TABLE_FIELDS,
    SentenceIndex,
    SpanFields,
    SpanScores,
    format_span_table,
    parse_fields,
    score_spans,
    trim,
)

Span = tuple[int, int]
Chars = frozenset[int]

MATCH_JACCARD = 0.5
MIN_QUOTE_WORDS = 4
INSIDE_SHARE = 0.9  # of a passage's non-space characters that must lie in its Content
QUOTE_MARK = re.compile(r"“|”|``|''|\"")  # NYT articles use '' both to open and to close
ENTRY_START = re.compile(r"\n(?=[TERAMN#*]\d*\t)")
WORD = re.compile(r"\w+")
# Words that do not identify a speaker even when capitalised ("The", "Mr.", "President").
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov",
    "governor", "president", "secretary", "gen", "general", "lt", "col", "judge", "rev",
})


# Reading the corpus ---------------------------------------------------------------------------

@dataclass
class Attribution:
    """One annotated attribution; each part is a list of (start, end) pieces, maybe empty."""

    source: list[Span]
    cue: list[Span]
    content: list[Span]


@dataclass
class PolnearDoc:
    """One article: its text as decoded from the file (the offsets index it) and one
    annotator's attributions."""

    id: str
    text: str
    attributions: list[Attribution]
    annotator: str = ""


def default_data_dir() -> Path:
    """``../shared/eval/polnear`` beside the repository, found from the package, not the cwd."""
    import analysis

    return Path(analysis.__file__).resolve().parent.parent.parent / "shared/eval/polnear"


def load_split(split: str, data_dir: str | Path | None = None) -> list[PolnearDoc]:
    """The articles of one split, sorted by id, each with one annotator's attributions.

    Articles annotated by several annotators use the first annotator in sorted order, so runs
    are reproducible; articles without any annotation file are left out.
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    texts, anns = root / split / "text", root / split / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise FileNotFoundError(f"no PolNeAR split {split!r} under {root} (want text/, "
                                "attributions/); pass --data DIR")
    annotators: dict[str, list[str]] = {}
    for path in anns.glob("*.ann"):
        stem, annotator = path.stem.rsplit("_", 1)
        annotators.setdefault(stem, []).append(annotator)
    docs = []
    for path in sorted(texts.glob("*.txt")):
        if path.stem not in annotators:
            continue
        annotator = min(annotators[path.stem])
        ann = anns / f"{path.stem}_{annotator}.ann"
        text = path.read_bytes().decode("utf-8")  # bytes: keep \r and offsets as in the file
        attributions = parse_ann(ann.read_bytes().decode("utf-8"), text, ann.name)
        docs.append(PolnearDoc(path.stem, text, attributions, annotator))
    return docs


def parse_ann(ann: str, text: str, name: str = "<ann>") -> list[Attribution]:
    """Attributions from brat standoff: one per event, plus one per Content no event uses.

    Event roles may be numbered (``Content2`` is a second Content piece). A span's quoted text
    may run over several lines. Every span is checked against ``text`` so that an offset
    convention other than Python string indices fails loudly instead of scoring garbage.
    """
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[tuple[str, str]]] = []
    for entry in ENTRY_START.split(ann.removesuffix("\n")):
        fields = entry.split("\t", 2)
        if entry.startswith("T") and len(fields) == 3:
            label, _, offsets = fields[1].partition(" ")
            pieces = [(int(s), int(e)) for s, e in (p.split() for p in offsets.split(";"))]
            if " ".join(text[s:e] for s, e in pieces) != fields[2]:
                raise ValueError(f"{name}: {fields[0]} offsets {offsets} do not slice the text")
            spans[fields[0]] = (label, pieces)
        elif entry.startswith("E") and len(fields) >= 2:
            args = [arg.split(":", 1) for arg in fields[1].split()[1:]]
            events.append([(re.sub(r"\d+$", "", role), tid) for role, tid in args])
    attributions = [_attribution(args, spans) for args in events if args]
    used = {tid for args in events for _, tid in args}
    attributions += [Attribution([], [], pieces) for tid, (label, pieces) in spans.items()
                     if label == "Content" and tid not in used]
    return attributions


def _attribution(args: list[tuple[str, str]],
                 spans: dict[str, tuple[str, list[Span]]]) -> Attribution:
    def pieces(role: str) -> list[Span]:
        return sorted(p for r, tid in args if r == role for p in spans[tid][1])

    return Attribution(pieces("Source"), pieces("Cue"), pieces("Content"))


# Spans, trimming and matching -----------------------------------------------------------------

def chars(spans: Iterable[Span]) -> Chars:
    """Character positions covered by some pieces: discontinuous spans compare as sets."""
    return frozenset(i for s, e in spans for i in range(s, e))


def row_chars(row: Mapping) -> Chars:
    """A row's span as characters; a row without offsets covers nothing (and cannot match)."""
    s, e = row.get("start"), row.get("end")
    return chars([(s, e)]) if s is not None and e is not None else frozenset()


def jaccard(a: Chars, b: Chars) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def match(gold: Sequence[Chars], system: Sequence[Chars],
          min_jaccard: float = MATCH_JACCARD) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs, best Jaccard first (ties: earliest).

    Pairs must overlap and reach ``min_jaccard``; 0 means any overlap will do.
    """
    candidates = sorted(
        (-jaccard(g, s), gi, si)
        for gi, g in enumerate(gold) for si, s in enumerate(system) if not g.isdisjoint(s)
    )
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for negative, gi, si in candidates:
        if -negative < min_jaccard:
            break
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return pairs


# Gold direct quotes and speakers --------------------------------------------------------------

@dataclass(frozen=True)
class GoldQuote:
    span: Span  # trimmed passage between the marks
    source: tuple[Span, ...]  # the Source of the innermost attribution holding it


def quoted_passages(text: str) -> list[Span]:
    """Maximal stretches between double quotation marks, paragraph by paragraph.

    Curly opening marks and backticks open, curly closing marks close; straight double marks
    and doubled apostrophes (the NYT's convention) open or close, whichever is due. A quotation
    still open at the end of its paragraph runs to that end (the convention for quotes that go
    on into the next paragraph, which reopens with a mark).
    """
    passages = []
    for paragraph in PARAGRAPH.finditer(text):
        open_at = None
        for mark in QUOTE_MARK.finditer(text, paragraph.start(), paragraph.end()):
            if mark.group() in OPENING_MARKS or (mark.group() not in CLOSING_MARKS
                                                 and open_at is None):
                open_at = mark.end()
            elif open_at is not None:
                passages.append((open_at, mark.start()))
                open_at = None
        if open_at is not None:
            passages.append((open_at, paragraph.end()))
    return passages


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def gold_quotes(doc: PolnearDoc) -> list[GoldQuote]:
    """Quoted passages of 4+ words lying inside an annotated Content: PolNeAR's direct quotes.

    "Inside" counts non-space characters and allows a little slack (``INSIDE_SHARE``):
    annotators split Contents at the spaces between sentences, and leave transcript labels
    ("PENCE: ...") out of them. The innermost such Content gives the quote its Source.
    """
    contents = sorted(((chars(a.content), a) for a in doc.attributions if a.content),
                      key=lambda pair: len(pair[0]))
    quotes = []
    for start, end in quoted_passages(doc.text):
        s, e = trim(doc.text, start, end)
        if word_count(doc.text[s:e]) < MIN_QUOTE_WORDS:
            continue
        solid = frozenset(i for i in range(s, e) if not doc.text[i].isspace())
        owner = next((a for content, a in contents
                      if len(solid & content) >= INSIDE_SHARE * len(solid)), None)
        if owner is not None:
            quotes.append(GoldQuote((s, e), tuple(owner.source)))
    return quotes


def name_words(name: str) -> set[str]:
    """Capitalised words that can identify a speaker: not stopwords ("The") nor titles."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in WORD.findall(name)
            if w[0].isupper() and w.lower() not in STOP_WORDS and w.lower() not in TITLE_WORDS}


def speaker_correct(text: str, source: Sequence[Span], row: Mapping) -> bool:
    """The row's speaker mention overlaps the Source, or its resolved name shares a name word
    with it (so "Hillary Clinton" for a Source "Clinton's campaign" counts, "he" does not)."""
    s, e = row.get("speaker_start"), row.get("speaker_end")
    if s is not None and e is not None and any(s < pe and ps < e for ps, pe in source):
        return True
    source_words = set(WORD.findall(" ".join(text[ps:pe] for ps, pe in source)))
    return bool(name_words(row.get("speaker") or "") & source_words)


# Scores ---------------------------------------------------------------------------------------

@dataclass
class Scores:
    direct: PRF = field(default_factory=PRF)
    speaker: Accuracy = field(default_factory=Accuracy)
    attributions: PRF = field(default_factory=PRF)
    cues: PRF = field(default_factory=PRF)

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.direct + other.direct, self.speaker + other.speaker,
                      self.attributions + other.attributions, self.cues + other.cues)

    def as_dict(self) -> dict:
        return {"direct": self.direct.as_dict(), "speaker": self.speaker.as_dict(),
                "attributions": self.attributions.as_dict(), "cues": self.cues.as_dict()}


def score_direct(doc: PolnearDoc, quotes: Sequence[Mapping]) -> tuple[PRF, Accuracy]:
    """Direct-quote P/R/F1 and the speaker accuracy of the matched quotes that have a Source.

    The gold side is every quoted passage of 4+ words inside a Content, whether it stands
    alone or sits inside the reporter's sentence; the system side is held to the same
    definition: its direct and partial quotes of 4+ words."""
    gold = gold_quotes(doc)
    rows = [row for row in quotes if row.get("kind") in ("direct", "partial")
            and word_count(doc.text[row["start"]:row["end"]]) >= MIN_QUOTE_WORDS]
    system = [chars([trim(doc.text, row["start"], row["end"])]) if row_chars(row) else frozenset()
              for row in rows]
    pairs = match([chars([g.span]) for g in gold], system)
    judged = [speaker_correct(doc.text, gold[gi].source, rows[si])
              for gi, si in pairs if gold[gi].source]
    return PRF(len(pairs), len(gold), len(rows)), Accuracy(sum(judged), len(judged))


def score_attributions(doc: PolnearDoc, quotes: Sequence[Mapping]) -> PRF:
    """Every distinct annotated Content against every attribution the system reports.

    Rows sharing an ``attribution`` number (the halves of a split quote, a continuation
    paragraph, a partial quote inside reported speech) are one attribution, as in the gold,
    where such pieces form one discontinuous Content; rows without one stand alone."""
    gold = list(dict.fromkeys(chars(a.content) for a in doc.attributions if a.content))
    system = system_attributions(quotes)
    pairs = match(gold, system)
    return PRF(len(pairs), len(gold), len(system))


def system_attributions(quotes: Sequence[Mapping]) -> list[Chars]:
    """The characters of each attribution a system reports: rows sharing an ``attribution``
    number joined, any other row alone."""
    system: dict[object, Chars] = {}
    for n, row in enumerate(quotes):
        key = row.get("attribution") or ("row", n)
        system[key] = system.get(key, frozenset()) | row_chars(row)
    return list(system.values())


def score_cues(doc: PolnearDoc, cues: Sequence[Mapping]) -> PRF:
    """Every distinct annotated Cue against the cue rows, matched on any overlap."""
    gold = list(dict.fromkeys(chars(a.cue) for a in doc.attributions if a.cue))
    pairs = match(gold, [row_chars(row) for row in cues], min_jaccard=0.0)
    return PRF(len(pairs), len(gold), len(cues))


def cues_of_quotes(quotes: Sequence[Mapping]) -> list[dict]:
    """Cue rows read off quote rows (distinct cue_start/cue_end) when a system has no cue list."""
    spans = dict.fromkeys((row["cue_start"], row["cue_end"]) for row in quotes
                          if row.get("cue_start") is not None and row.get("cue_end") is not None)
    return [{"start": s, "end": e} for s, e in spans]


def score_doc(doc: PolnearDoc, quotes: Sequence[Mapping],
              cues: Sequence[Mapping] | None = None) -> Scores:
    direct, speaker = score_direct(doc, quotes)
    cue_list = cues if cues is not None else cues_of_quotes(quotes)
    return Scores(direct, speaker, score_attributions(doc, quotes), score_cues(doc, cue_list))


def score(docs: Sequence[PolnearDoc], quotes: Mapping[str, Sequence[Mapping]],
          cues: Mapping[str, Sequence[Mapping]] | None = None) -> Scores:
    """Micro-averaged scores; an article missing from ``quotes`` counts as having no rows."""
    total = Scores()
    for doc in docs:
        doc_cues = cues.get(doc.id, []) if cues is not None else None
        total += score_doc(doc, quotes.get(doc.id, []), doc_cues)
    return total


# Systems --------------------------------------------------------------------------------------

@dataclass
class SystemOutput:
    """What a system hands the scorer: rows per article id, optional timings in seconds."""

    quotes: dict[str, list[dict]]
    cues: dict[str, list[dict]] | None = None  # None: cues are read off the quote rows
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


System = Callable[[Sequence[PolnearDoc]], SystemOutput]


class TimedPipeline:
    """Stands in for a spaCy ``Language`` so ``analyse`` runs unchanged while the time of the
    project's own components is kept apart from tokenising, tagging and parsing."""

    def __init__(self, nlp, extraction: Collection[str]):
        self.nlp = nlp
        self.extraction = set(extraction)
        self.timings = {"parse": 0.0, "extract": 0.0}

    def __call__(self, text: str):
        started = time.perf_counter()
        doc = self.nlp.make_doc(text)
        self.timings["parse"] += time.perf_counter() - started
        for name, component in self.nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            self.timings["extract" if name in self.extraction else "parse"] += (
                time.perf_counter() - started)
        return doc

    def __getattr__(self, name: str):
        return getattr(self.nlp, name)


def project_system(docs: Sequence[PolnearDoc]) -> SystemOutput:
    """The project's extractor: its pipeline and its quote and cue tables."""
    from analysis.pipeline.model import load_nlp
    from analysis.pipeline.run import COMPONENTS, analyse
    from analysis.tables.rows import cue_rows, quote_rows
    from analysis.text.articles import article_from_text

    nlp = TimedPipeline(load_nlp(), COMPONENTS)
    quotes, cues, rows_seconds = {}, {}, 0.0
    for doc in docs:
        article = article_from_text(doc.text, article_id=doc.id)
        parsed = analyse(article, nlp)
        started = time.perf_counter()
        quotes[doc.id] = quote_rows(parsed, article)
        cues[doc.id] = cue_rows(parsed, article)
        rows_seconds += time.perf_counter() - started
    timings = {"parse": nlp.timings["parse"], "extract": nlp.timings["extract"] + rows_seconds}
    return SystemOutput(quotes, cues, timings)


def textacy_system(docs: Sequence[PolnearDoc]) -> SystemOutput:
    """textacy's rule-based ``direct_quotations`` on the same spaCy model: the floor to beat.

    textacy gives up on an article with an odd number of quotation marks; such articles get
    no rows and are counted in a note.
    """
    from textacy.extract.triples import direct_quotations

    from analysis.pipeline.model import load_base_model

    nlp = load_base_model()
    quotes, parse, extract, bailed = {}, 0.0, 0.0, 0
    for doc in docs:
        started = time.perf_counter()
        parsed = nlp(doc.text)
        parse += time.perf_counter() - started
        started = time.perf_counter()
        try:
            quotes[doc.id] = [_textacy_row(triple) for triple in direct_quotations(parsed)]
        except ValueError:
            quotes[doc.id], bailed = [], bailed + 1
        extract += time.perf_counter() - started
    notes = [f"textacy skipped {bailed} of {len(docs)} articles (unbalanced quotation marks)"]
    return SystemOutput(quotes, None, {"parse": parse, "extract": extract}, notes)


def _textacy_row(triple) -> dict:
    speaker, cue, content = triple.speaker, triple.cue, triple.content
    return {
        "kind": "direct", "start": content.start_char, "end": content.end_char,
        "speaker": " ".join(t.text for t in speaker),
        "speaker_start": speaker[0].idx, "speaker_end": speaker[-1].idx + len(speaker[-1]),
        "cue_start": cue[0].idx, "cue_end": cue[-1].idx + len(cue[-1]),
        "source_span_start": speaker[0].idx,
        "source_span_end": speaker[-1].idx + len(speaker[-1]),
        "content_span_start": content.start_char, "content_span_end": content.end_char,
        "cue_span_start": cue[0].idx, "cue_span_end": cue[-1].idx + len(cue[-1]),
    }


def gold_system(docs: Sequence[PolnearDoc]) -> SystemOutput:
    """The annotation read back as system rows: a check of the scorer's plumbing.

    One row per Content: direct, on the quote's span, when a gold quote is most of it, else
    indirect over the Content's extent; then a direct row for each gold quote not yet given.
    Direct quotes, speakers and cues score 1; all attributions a little less (quotes that are
    only part of their Content, discontinuous Contents given as one span).
    """
    quotes, cues = {}, {}
    for doc in docs:
        rows, given = [], set()
        gold = gold_quotes(doc)
        for a in (a for a in doc.attributions if a.content):
            content = chars(a.content)
            quote = next((q for q in gold if q not in given
                          and jaccard(chars([q.span]), content) >= MATCH_JACCARD), None)
            if quote is None:
                rows.append(_gold_row("indirect", a.content, a.source, doc.text))
            else:
                given.add(quote)
                rows.append(_gold_row("direct", [quote.span], list(quote.source), doc.text))
        rows += [_gold_row("direct", [q.span], list(q.source), doc.text)
                 for q in gold if q not in given]
        quotes[doc.id] = rows
        spans = dict.fromkeys((a.cue[0][0], a.cue[-1][1]) for a in doc.attributions if a.cue)
        cues[doc.id] = [{"start": s, "end": e} for s, e in spans]
    return SystemOutput(quotes, cues)


def _gold_row(kind: str, content: list[Span], source: list[Span], text: str) -> dict:
    speaker = (source[0][0], source[-1][1]) if source else (None, None)
    return {"kind": kind, "start": content[0][0], "end": content[-1][1],
            "content_span_start": content[0][0], "content_span_end": content[-1][1],
            "speaker": " ".join(text[s:e] for s, e in source),
            "speaker_start": speaker[0], "speaker_end": speaker[1],
            "source_span_start": speaker[0], "source_span_end": speaker[1]}


def empty_system(docs: Sequence[PolnearDoc]) -> SystemOutput:
    return SystemOutput({doc.id: [] for doc in docs}, {doc.id: [] for doc in docs})


SYSTEMS: dict[str, System] = {
    "project": project_system, "textacy": textacy_system, "gold": gold_system,
    "empty": empty_system,
}


# Running and reporting ------------------------------------------------------------------------

@dataclass
class Run:
    name: str
    scores: Scores
    seconds: float
    timings: dict[str, float]
    notes: list[str]
    spans: SpanScores = field(default_factory=SpanScores)

    def as_dict(self) -> dict:
        return {**self.scores.as_dict(), "spans": self.spans.as_dict(),
                "seconds": self.seconds, "timings": self.timings, "notes": self.notes}


def evaluate(name: str, docs: Sequence[PolnearDoc], system: System,
             fields: SpanFields = QUOTE_TABLE_FIELDS,
             sentences: Mapping[str, SentenceIndex] | None = None) -> Run:
    """Run a system and score it both ways; ``fields`` names the row fields holding its
    source, cue and content spans, ``sentences`` reuses articles' sentence splits."""
    started = time.perf_counter()
    output = system(docs)
    seconds = time.perf_counter() - started
    return Run(name, score(docs, output.quotes, output.cues), seconds, output.timings,
               output.notes, span_scores(docs, output.quotes, fields, sentences))


def span_scores(docs: Sequence[PolnearDoc], quotes: Mapping[str, Sequence[Mapping]],
                fields: SpanFields = QUOTE_TABLE_FIELDS,
                sentences: Mapping[str, SentenceIndex] | None = None) -> SpanScores:
    """Sentence-level span scores summed over articles (see ``analysis/evaluate/spans.py``)."""
    total = SpanScores()
    for doc in docs:
        index = sentences.get(doc.id) if sentences is not None else None
        total += score_spans(doc.text, doc.attributions, quotes.get(doc.id, []), fields, index)
    return total


def format_table(runs: Sequence[Run]) -> str:
    """One line per system: P/R/F1 per metric, speaker accuracy with its n, and timings."""
    head1 = f"{'':<10} {'direct quotes':<18} {'speaker':<11} {'all attributions':<18} " \
            f"{'cues':<18} {'seconds':<8}"
    head2 = f"{'system':<10} {'P':>5} {'R':>5} {'F1':>5}  {'acc':>5} {'n':>5} " \
            f" {'P':>5} {'R':>5} {'F1':>5}  {'P':>5} {'R':>5} {'F1':>5}  " \
            f"{'parse':>7} {'extract':>7} {'total':>7}"
    lines = [head1, head2]
    for run in runs:
        s = run.scores
        lines.append(f"{run.name:<10} {format_prf(s.direct)}  {s.speaker.value:5.3f} "
                     f"{s.speaker.total:>5}  {format_prf(s.attributions)}  {format_prf(s.cues)}  "
                     f"{_seconds(run.timings, 'parse')} {_seconds(run.timings, 'extract')} "
                     f"{run.seconds:7.1f}")
    return "\n".join(lines)


def _seconds(timings: Mapping[str, float], key: str) -> str:
    return f"{timings[key]:7.1f}" if key in timings else f"{'-':>7}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.evaluate polnear",
        description="Score quotes, speakers, attributions and cues on PolNeAR.")
    parser.add_argument("--split", choices=("dev", "train"), default="dev",
                        help="tune on train, report on dev (default)")
    parser.add_argument("--data", type=Path, default=None,
                        help="PolNeAR folder with dev/ and train/ (default ../shared/eval/polnear)")
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles")
    parser.add_argument("--baseline", action="append", default=[],
                        choices=("textacy", "gold", "empty"),
                        help="add a side-by-side row (repeatable)")
    parser.add_argument("--span-field", action="append", default=[],
                        metavar="ELEMENT=START,END",
                        help="score the source, cue or content spans of the system rows from "
                             "these fields (default: speaker_start,speaker_end; "
                             "cue_span_start,cue_span_end; content_span_start,content_span_end)")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        fields = parse_fields(args.span_field)
        docs = load_split(args.split, args.data)[: args.limit]
    except (FileNotFoundError, ValueError) as error:
        print(f"polnear: {error}", file=sys.stderr)
        return 2
    sentences = {doc.id: SentenceIndex(doc.text) for doc in docs}
    runs = [evaluate("project", docs, SYSTEMS["project"], fields, sentences)]
    for name in dict.fromkeys(args.baseline):
        if name == "textacy" and not _importable("textacy"):
            print("note: textacy is not installed (pip install -e '.[baseline]'); "
                  "baseline skipped", file=sys.stderr)
            continue
        runs.append(evaluate(name, docs, SYSTEMS[name], fields, sentences))
    print(f"PolNeAR {args.split}: {len(docs)} articles")
    print(format_table(runs))
    count = sum(len(index.sentences) for index in sentences.values())
    print(f"\nAttribution spans per sentence ({count} sentences), as published systems are "
          "scored")
    print(format_span_table({run.name: run.spans for run in runs}))
    for run in runs:
        for note in run.notes:
            print(f"note ({run.name}): {note}")
    if args.json is not None:
        report = {"split": args.split, "articles": len(docs),
                  "systems": {run.name: run.as_dict() for run in runs}}
        files.write_text(args.json, json.dumps(report, indent=2) + "\n")
    return 0


def _importable(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None
