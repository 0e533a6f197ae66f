"""Score hedge detection on the Szeged Uncertainty Corpus (Vincze 2015; Farkas et al.,
CoNLL-2010 shared task): its Wikipedia part, and its news part (FactBank texts) as news dev
data.

The corpus marks uncertainty cues inline, ``<ccue type="speculation_modal_probable_">may</ccue>``,
one element per cue word or phrase ("may or may not", "little is known"). A cue whose words are
apart ("either ... or") is written as separate ``ccue`` elements with nothing linking them, so
each element is read as one gold cue. The data stays outside the repository, by default in
``../shared/eval/uncertainty/`` next to it (``wiki.xml``; ``factbank-dev.xml``, half of the
news part's documents, the other half being kept for a final check); ``--data`` points
elsewhere.

Scoring (cue level, micro-averaged over sentences):

- in scope are the epistemic cues: ``modal_probable``, ``modal_possible`` and ``doxastic``;
  conditions ("if", "unless") and investigation ("whether") are another kind of uncertainty;
- a system cue matches a gold cue when their characters overlap, one to one, largest overlap
  first; a system cue left unmatched that overlaps an out-of-scope gold cue is dropped (neither
  right nor wrong), any other is a false positive;
- booster rows ("clearly", "in fact") are not uncertainty and are never scored; approximators
  ("about 200") are never annotated in this corpus, so ``--ignore approximator`` gives the
  figure that compares with its annotation.

Wikipedia documents with an even index form the ``tune`` part, odd ones the ``test`` part:
tune rules by looking at one half and report the other. The news part is split the same way:
``factbank`` is all of factbank-dev, ``factbank-tune`` its documents at even positions (in file
order, from 0), ``factbank-test`` those at odd positions.

Run with ``python -m analysis.evaluate uncertainty [--part test|factbank|...] [--baseline
lexicon]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from analysis.core import files
from analysis.evaluate.metrics import PRF
from analysis.text.lexicon import Entry

Span = tuple[int, int]
Row = dict
System = Callable[[list[str]], list[list[Row]]]

IN_SCOPE = ("modal_probable", "modal_possible", "doxastic")
IGNORED_BY_DEFAULT = ("booster",)
# Wikipedia parts, then the news parts (FactBank dev): each part names its corpus
PARTS = ("all", "tune", "test", "factbank", "factbank-tune", "factbank-test")
# corpus -> its file in ../shared/eval/uncertainty and its name in reports
CORPORA = {"wiki": ("wiki.xml", "Wikipedia"),
           "factbank": ("factbank-dev.xml", "news, FactBank dev")}


# Reading the corpus ---------------------------------------------------------------------------

class GoldCue(NamedTuple):
    """A cue as character offsets into its sentence's text, with the corpus's type."""

    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Sentence:
    """One sentence with the markup removed; ``doc_index`` counts documents from 0 in file
    order (sentence ids restart in every document)."""

    doc_index: int
    doc_id: str
    id: str
    text: str
    cues: tuple[GoldCue, ...] = ()


def corpus_of(part: str) -> str:
    """``factbank`` for the news parts, ``wiki`` for the others."""
    return "factbank" if part.startswith("factbank") else "wiki"


def default_data_path(corpus: str = "wiki") -> Path:
    """``../shared/eval/uncertainty/wiki.xml`` (or ``factbank-dev.xml``) beside the
    repository, found from the package."""
    import analysis

    root = Path(analysis.__file__).resolve().parent.parent.parent
    return root / "shared/eval/uncertainty" / CORPORA[corpus][0]


def load_sentences(path: str | Path | None = None) -> list[Sentence]:
    """Every sentence of the corpus (titles included) in file order."""
    source = Path(path) if path else default_data_path()
    if not source.is_file():
        raise FileNotFoundError(f"no Szeged Uncertainty Corpus file at {source}")
    root = ET.parse(source).getroot()
    sentences = []
    for doc_index, document in enumerate(e for e in root.iter() if _tag(e) == "document"):
        doc_id = next((e.text or "" for e in document if _tag(e) == "docid"), "").strip()
        for element in (e for e in document.iter() if _tag(e) == "sentence"):
            text, cues = flatten(element)
            sentences.append(Sentence(doc_index, doc_id, element.get("id", ""), text,
                                      tuple(cues)))
    return sentences


def _tag(element: ET.Element) -> str:
    return element.tag.lower()


def flatten(element: ET.Element) -> tuple[str, list[GoldCue]]:
    """The element's text without markup, and its ``ccue`` descendants as offsets into it.

    A cue span is trimmed of surrounding spaces ("would " is marked in the corpus)."""
    pieces, cues, length = [element.text or ""], [], len(element.text or "")
    for child in element:
        inner, inner_cues = flatten(child)
        if _tag(child) == "ccue":
            lead = len(inner) - len(inner.lstrip())
            cues.append(GoldCue(length + lead, length + len(inner.rstrip()),
                                child.get("type", "")))
        cues += [GoldCue(c.start + length, c.end + length, c.type) for c in inner_cues]
        pieces += [inner, child.tail or ""]
        length += len(inner) + len(child.tail or "")
    return "".join(pieces), cues


def category_of(cue_type: str) -> str:
    """A short name for a corpus type: ``speculation_hypo_doxastic _`` -> ``doxastic``."""
    name = cue_type.replace(" ", "").strip("_")
    for prefix in ("speculation_hypo_", "speculation_"):
        name = name.removeprefix(prefix)
    return name


def select_part(sentences: Sequence[Sentence], part: str) -> list[Sentence]:
    """``tune``: documents with an even index; ``test``: odd; ``all``: every sentence (the
    same with the ``factbank`` prefix, for the news file)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}")
    half = part.removeprefix("factbank").removeprefix("-")
    if half in ("all", ""):
        return list(sentences)
    parity = 0 if half == "tune" else 1
    return [s for s in sentences if s.doc_index % 2 == parity]


def first_documents(sentences: Sequence[Sentence], limit: int | None) -> list[Sentence]:
    """The sentences of the first ``limit`` documents (all of them when limit is None)."""
    if limit is None:
        return list(sentences)
    kept = set(list(dict.fromkeys(s.doc_index for s in sentences))[:limit])
    return [s for s in sentences if s.doc_index in kept]


# Scoring --------------------------------------------------------------------------------------

@dataclass
class Judgement:
    """How one sentence's system rows fare against its gold cues."""

    matched: list[tuple[GoldCue, Row]] = field(default_factory=list)
    missed: list[GoldCue] = field(default_factory=list)
    wrong: list[Row] = field(default_factory=list)
    dropped: list[Row] = field(default_factory=list)


@dataclass
class Scores:
    """Overall P/R/F1; recall per gold category; precision per system category and lemma;
    gold cue words missed and system lemmas dropped, for error analysis."""

    overall: PRF = field(default_factory=PRF)
    dropped: int = 0
    by_gold: dict[str, PRF] = field(default_factory=dict)
    by_system: dict[str, PRF] = field(default_factory=dict)
    by_lemma: dict[str, PRF] = field(default_factory=dict)
    missed_words: Counter = field(default_factory=Counter)
    dropped_lemmas: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {
            **self.overall.as_dict(), "dropped": self.dropped,
            "recall_by_gold_category": {k: _recall(t) for k, t in sorted(self.by_gold.items())},
            "precision_by_system_category": {k: _precision(t)
                                             for k, t in sorted(self.by_system.items())},
            "precision_by_lemma": {k: _precision(t) for k, t in sorted(self.by_lemma.items())},
            "missed_words": dict(self.missed_words.most_common()),
            "dropped_lemmas": dict(self.dropped_lemmas.most_common()),
        }


def _recall(t: PRF) -> dict:
    return {"found": t.tp, "total": t.gold, "recall": t.recall}


def _precision(t: PRF) -> dict:
    return {"right": t.tp, "total": t.system, "precision": t.precision}


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Span], system: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first,
    so that a long system span is not spent on a gold cue it only grazes."""
    candidates = sorted((-overlap(g, s), gi, si) for gi, g in enumerate(gold)
                        for si, s in enumerate(system) if overlap(g, s) > 0)
    pairs, used_gold, used_system = [], set(), set()
    for _, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            pairs.append((gi, si))
            used_gold.add(gi)
            used_system.add(si)
    return sorted(pairs)


def judge(sentence: Sentence, rows: Iterable[Row],
          ignore: Iterable[str] = IGNORED_BY_DEFAULT) -> Judgement:
    """Match a sentence's scored rows to its in-scope gold cues (see the module docstring)."""
    ignored = set(ignore)
    rows = [r for r in rows if r.get("category") not in ignored]
    gold = [c for c in sentence.cues if category_of(c.type) in IN_SCOPE]
    other = [(c.start, c.end) for c in sentence.cues if category_of(c.type) not in IN_SCOPE]
    pairs = match([(c.start, c.end) for c in gold], [(r["start"], r["end"]) for r in rows])
    judgement = Judgement(matched=[(gold[gi], rows[si]) for gi, si in pairs])
    matched_gold, matched_rows = {gi for gi, _ in pairs}, {si for _, si in pairs}
    judgement.missed = [c for gi, c in enumerate(gold) if gi not in matched_gold]
    for si, row in enumerate(rows):
        if si in matched_rows:
            continue
        span = (row["start"], row["end"])
        out_of_scope = any(overlap(span, o) for o in other)
        (judgement.dropped if out_of_scope else judgement.wrong).append(row)
    return judgement


def score(sentences: Sequence[Sentence], outputs: Sequence[Sequence[Row]],
          ignore: Iterable[str] = IGNORED_BY_DEFAULT) -> Scores:
    """Micro-averaged scores of one system's rows (``outputs[i]`` for ``sentences[i]``)."""
    if len(sentences) != len(outputs):
        raise ValueError("one list of rows per sentence is needed")
    ignore = tuple(ignore)
    scores = Scores()
    for sentence, rows in zip(sentences, outputs, strict=True):
        j = judge(sentence, rows, ignore)
        scores.overall += PRF(len(j.matched), len(j.matched) + len(j.missed),
                              len(j.matched) + len(j.wrong))
        scores.dropped += len(j.dropped)
        for cue, row in j.matched:
            _count(scores.by_gold, category_of(cue.type), PRF(1, 1, 1))
            _count(scores.by_system, row.get("category", ""), PRF(1, 1, 1))
            _count(scores.by_lemma, row.get("lemma", ""), PRF(1, 1, 1))
        for cue in j.missed:
            _count(scores.by_gold, category_of(cue.type), PRF(0, 1, 0))
            scores.missed_words[sentence.text[cue.start:cue.end].lower()] += 1
        for row in j.wrong:
            _count(scores.by_system, row.get("category", ""), PRF(0, 0, 1))
            _count(scores.by_lemma, row.get("lemma", ""), PRF(0, 0, 1))
        scores.dropped_lemmas.update(row.get("lemma", "") for row in j.dropped)
    return scores


def _count(tallies: dict[str, PRF], key: str, outcome: PRF) -> None:
    tallies[key] = tallies.get(key, PRF()) + outcome


# Systems under test ---------------------------------------------------------------------------

def project_system(texts: list[str], n_process: int = 1, batch_size: int = 64) -> list[list[Row]]:
    """The project's pipeline, each sentence read as a one-sentence article: its hedge rows."""
    from analysis.pipeline import run as pipeline
    from analysis.pipeline.model import load_nlp
    from analysis.tables.rows import hedge_rows
    from analysis.text.articles import article_from_text

    nlp = load_nlp()
    articles = [article_from_text(text, article_id=str(i)) for i, text in enumerate(texts)]
    pairs = pipeline.analyse_many(articles, nlp, n_process=n_process, batch_size=batch_size)
    return [hedge_rows(doc, article) for article, doc in pairs]


def lexicon_system(texts: list[str], batch_size: int = 256) -> list[list[Row]]:
    """Every occurrence of a hedges.csv cue, with no disambiguation: a word whose lowercase
    form or lemma is a cue, or a multiword cue as a lowercase token sequence (longest first).
    The distance between this and the project's component is what its rules earn."""
    from spacy.matcher import PhraseMatcher

    from analysis.parse.syntax import longest_matches
    from analysis.pipeline.model import load_base_model
    from analysis.text.lexicon import by_cue, load_lexicon

    entries = [e for e in load_lexicon("hedges") if e.category not in IGNORED_BY_DEFAULT]
    words = by_cue([e for e in entries if " " not in e.cue])
    phrases = by_cue([e for e in entries if " " in e.cue])
    nlp = load_base_model()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for text in phrases:
        matcher.add(text, [nlp.make_doc(text)])
    outputs = []
    with nlp.select_pipes(disable=[p for p in ("parser", "ner") if p in nlp.pipe_names]):
        for doc in nlp.pipe(texts, batch_size=batch_size):
            rows, taken = [], set()
            for phrase, start, end in longest_matches(matcher, doc):
                taken.update(range(start, end))
                span = doc[start:end]
                rows.append(_row(span.start_char, span.end_char, phrases[phrase]))
            for token in doc:
                entry = words.get(token.lower_) or words.get(token.lemma_.lower())
                if entry and token.i not in taken:
                    rows.append(_row(token.idx, token.idx + len(token), entry))
            outputs.append(sorted(rows, key=lambda r: r["start"]))
    return outputs


def _row(start: int, end: int, entry: Entry) -> Row:
    return {"start": start, "end": end, "category": entry.category, "lemma": entry.cue}


BASELINES = ("lexicon",)


# Running and reporting ------------------------------------------------------------------------

@dataclass
class Run:
    name: str
    scores: Scores
    seconds: float


def evaluate(name: str, sentences: Sequence[Sentence], system: System,
             ignore: Iterable[str] = IGNORED_BY_DEFAULT) -> Run:
    started = time.perf_counter()
    outputs = system([s.text for s in sentences])
    seconds = time.perf_counter() - started
    return Run(name, score(sentences, outputs, ignore), seconds)


def describe(sentences: Sequence[Sentence], part: str) -> str:
    """One line on what was scored: documents, sentences, gold cues in and out of scope."""
    categories = Counter(category_of(c.type) for s in sentences for c in s.cues)
    inside = sum(n for k, n in categories.items() if k in IN_SCOPE)
    documents = len({s.doc_index for s in sentences})
    return (f"Szeged Uncertainty Corpus ({CORPORA[corpus_of(part)][1]}), part {part}: "
            f"{documents} documents, "
            f"{len(sentences)} sentences, {inside} gold cues in scope, "
            f"{sum(categories.values()) - inside} out of scope")


def format_report(runs: Sequence[Run], lemmas: int = 0) -> str:
    """Overall P/R/F1 per system, then recall per gold category and precision per system
    category side by side; with ``lemmas`` > 0, each system's worst lemmas and misses."""
    lines = [f"{'system':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6} "
             f"{'dropped':>7} {'seconds':>8}"]
    for run in runs:
        o = run.scores.overall
        lines.append(f"{run.name:<10} {o.precision:6.3f} {o.recall:6.3f} {o.f1:6.3f} "
                     f"{o.tp:>6} {o.fp:>6} {o.fn:>6} {run.scores.dropped:>7} "
                     f"{run.seconds:8.1f}")
    names = "".join(f" {run.name:>16}" for run in runs)
    lines += ["", f"{'recall by gold category':<28}{names}"]
    for category in sorted({k for run in runs for k in run.scores.by_gold}):
        cells = [run.scores.by_gold.get(category, PRF()) for run in runs]
        lines.append(f"{category:<28}" + "".join(_cell(t.recall, t.gold) for t in cells))
    lines += ["", f"{'precision by system category':<28}{names}"]
    for category in sorted({k for run in runs for k in run.scores.by_system}):
        cells = [run.scores.by_system.get(category, PRF()) for run in runs]
        lines.append(f"{category:<28}" + "".join(_cell(t.precision, t.system) for t in cells))
    for run in runs if lemmas > 0 else ():
        lines += ["", f"{run.name}: lemmas with most false positives (right/total)"]
        worst = sorted(run.scores.by_lemma.items(), key=lambda kv: (-kv[1].fp, kv[0]))[:lemmas]
        lines.append(", ".join(f"{k} {t.tp}/{t.system}" for k, t in worst))
        lines.append(f"{run.name}: gold cues missed most often")
        lines.append(", ".join(f"{k} {n}" for k, n in run.scores.missed_words.most_common(lemmas)))
    return "\n".join(lines)


def _cell(value: float, n: int) -> str:
    return f" {value:7.3f} {f'(n={n})':>8}" if n else f" {'-':>16}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.evaluate uncertainty",
        description="Score hedge cues on the Szeged Uncertainty Corpus (Wikipedia part, or "
                    "the news part's dev half, FactBank dev).")
    parser.add_argument("--data", type=Path, default=None,
                        help="the part's file (default ../shared/eval/uncertainty/wiki.xml, "
                             "factbank-dev.xml for the factbank parts)")
    parser.add_argument("--part", "--split", dest="part", choices=PARTS, default="all",
                        help="Wikipedia: tune (even documents), test (odd documents), all "
                             "(default); news: factbank, factbank-tune, factbank-test, alike")
    parser.add_argument("--limit", type=int, default=None, help="score the first N documents")
    parser.add_argument("--baseline", action="append", default=[], choices=BASELINES,
                        help="add a side-by-side row (repeatable)")
    parser.add_argument("--ignore", action="append", default=[], metavar="CATEGORY",
                        help="also leave out system rows of this category (booster always is)")
    parser.add_argument("--lemmas", type=int, default=0, metavar="N",
                        help="list each system's N lemmas with most false positives")
    parser.add_argument("--processes", type=int, default=1, help="spaCy processes (project)")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        data = args.data or default_data_path(corpus_of(args.part))
        sentences = first_documents(select_part(load_sentences(data), args.part), args.limit)
    except (FileNotFoundError, ET.ParseError) as error:
        print(f"uncertainty: {error}", file=sys.stderr)
        return 2
    ignore = (*IGNORED_BY_DEFAULT, *args.ignore)
    systems: dict[str, System] = {
        "project": lambda texts: project_system(texts, n_process=args.processes),
        "lexicon": lexicon_system,
    }
    runs = [evaluate(name, sentences, systems[name], ignore)
            for name in dict.fromkeys(["project", *args.baseline])]
    print(describe(sentences, args.part))
    print(f"system rows left out: {', '.join(ignore)}"
          + ("" if "approximator" in ignore else
             " (approximators are never annotated in this corpus: --ignore approximator)"))
    print(format_report(runs, args.lemmas))
    if args.json is not None:
        report = {"part": args.part, "sentences": len(sentences), "ignored": list(ignore),
                  "systems": {run.name: {**run.scores.as_dict(), "seconds": run.seconds}
                              for run in runs}}
        files.write_text(args.json, json.dumps(report, indent=2) + "\n")
    return 0
