"""``python -m analysis.evaluate train-cues``: fit the cue model (``analysis/cue_model.py``)
on PolNeAR train and write ``analysis/lexicons/cue_model.json``.

Every candidate cue in a train article (a word of the lexicon, or a verb outside it) is an
example, positive when it overlaps an annotated Cue. The last fifth of the articles is held
out first to report the rules and the model at several thresholds: the cues kept, and the
attributions the whole pipeline then reports (all-attribution F1 and cue exact-match F1, as
``python -m analysis.evaluate polnear`` scores them). The threshold is chosen on those; the
model written is then fitted on all the articles. Dev is never read.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from analysis.components.attribution_cues import (
    AttributionCues,
    StaleCueModelWarning,
    drop_nested,
    join_parts,
)
from analysis.components.cue_model import L2, MODEL_FILE, CueModel, train
from analysis.evaluate.attributions import (
    PolnearDoc,
    load_split,
    score,
    score_cues,
    span_scores,
)
from analysis.evaluate.metrics import PRF
from analysis.evaluate.spans import LITERATURE_FIELDS
from analysis.pipeline.model import load_nlp
from analysis.text.lexicon import bundled

THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def parsed_candidates(docs: Sequence[PolnearDoc], finder: AttributionCues,
                      parses: dict | None = None):
    """(article, candidates, labels) for each article, parsed by the project's pipeline;
    ``parses`` keeps each article's parse by id, when given."""
    from analysis.pipeline.run import COMPONENTS
    from analysis.text.articles import article_from_text

    nlp = load_nlp()
    texts = (article_from_text(d.text, article_id=d.id).analysis_text for d in docs)
    for d, doc in zip(docs, nlp.pipe(texts, disable=list(COMPONENTS), batch_size=16),
                      strict=True):
        gold = {i for a in d.attributions for start, end in a.cue for i in range(start, end)}
        candidates = finder.candidates(doc)
        labels = [any(i in gold for i in range(c.span.start_char, c.span.end_char))
                  for c in candidates]
        if parses is not None:
            parses[d.id] = doc
        yield d, candidates, labels


def score_rows(docs: Sequence[PolnearDoc], parses: dict, model: CueModel) -> tuple[PRF, PRF]:
    """(all-attribution, cue exact-match) P/R/F1 of the pipeline's quote rows on parsed
    articles, its cue component using ``model``."""
    from analysis.pipeline.run import COMPONENTS
    from analysis.tables.rows import quote_rows
    from analysis.text.articles import article_from_text

    nlp = load_nlp()
    finder = nlp.get_pipe("attribution_cues")
    kept = finder.model
    finder.model = model
    try:
        quotes = {}
        for d in docs:
            doc = parses[d.id]
            for name in COMPONENTS:
                doc = nlp.get_pipe(name)(doc)
            quotes[d.id] = quote_rows(doc, article_from_text(d.text, article_id=d.id))
    finally:
        finder.model = kept
    spans = span_scores(docs, quotes, LITERATURE_FIELDS)
    return score(docs, quotes).attributions, spans.elements["cue"].exact


def score_kept(articles, keep) -> PRF:
    """Cue P/R/F1 of the candidates ``keep`` accepts, nested beliefs dropped and the parts of
    one cue joined as in the finder (which keeps the rules' verdict where they are surest,
    see ``AttributionCues.keeps``)."""
    total = PRF()
    for d, candidates, _ in articles:
        spans = join_parts(drop_nested([c.span for c in candidates if keep(c)]))
        total = total + score_cues(d, [{"start": s.start_char, "end": s.end_char}
                                       for s in spans])
    return total


def examples(articles) -> list[tuple[list[str], bool]]:
    return [(c.features, label) for _, candidates, labels in articles
            for c, label in zip(candidates, labels, strict=True)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.evaluate train-cues",
                                     description="Fit the cue model on PolNeAR train.")
    parser.add_argument("--data", type=Path, default=None,
                        help="PolNeAR folder with train/ (default ../shared/eval/polnear)")
    parser.add_argument("--threshold", type=float, default=0.35,
                        help="probability from which a candidate counts as a cue (0.35 gives "
                             "the best rows on the held-out fifth)")
    parser.add_argument("--output", type=Path,
                        default=bundled(MODEL_FILE))
    args = parser.parse_args(argv)
    try:
        docs = load_split("train", args.data)
    except (FileNotFoundError, ValueError) as error:
        print(f"train-cues: {error}", file=sys.stderr)
        return 2
    with warnings.catch_warnings():  # the model this command replaces may well be stale
        warnings.simplefilter("ignore", StaleCueModelWarning)
        finder = AttributionCues(load_nlp(), use_model=False)
    parses: dict = {}
    cut = len(docs) * 4 // 5
    articles = list(parsed_candidates(docs[:cut], finder)) + \
        list(parsed_candidates(docs[cut:], finder, parses))
    held_in, held_out = articles[:cut], articles[cut:]
    print(f"PolNeAR train: {len(articles)} articles; held out for the threshold: "
          f"{len(held_out)}")
    rules = score_kept(held_out, lambda c: c.rule)
    print(f"rules          cues P {rules.precision:.3f} R {rules.recall:.3f} F1 {rules.f1:.3f}")
    weights = train(examples(held_in))
    for threshold in THRESHOLDS:
        finder.model = CueModel(weights, threshold)
        s = score_kept(held_out, finder.keeps)
        attributions, cues = score_rows(docs[cut:], parses, finder.model)
        print(f"model at {threshold:.2f}  cues P {s.precision:.3f} R {s.recall:.3f} "
              f"F1 {s.f1:.3f} | rows: attributions F1 {attributions.f1:.3f}, "
              f"cue exact F1 {cues.f1:.3f}")
    every = examples(articles)
    final = CueModel(train(every), args.threshold)
    final.save(args.output, {
        "data": f"PolNeAR train, {len(articles)} articles",
        "candidates": len(every), "cues": sum(label for _, label in every),
        "l2": L2, "command": "python -m analysis.evaluate train-cues"})
    print(f"wrote {args.output} (threshold {args.threshold})")
    return 0
