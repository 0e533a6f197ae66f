"""``python -m analysis.benchmark [PATH...]``: how fast the analysis runs, and in how much memory.

Times each pipeline component over every article (spaCy's own tokenizer, tagger, parser and
NER beside the project's components), and reports articles and words per second and the
peak resident memory of the process. Speed targets live here, not in timed tests.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from . import paths
from .articles import collect_paths, read_article
from .errors import AnalysisError
from .model import load_nlp
from .pipeline import COMPONENTS


def peak_memory_mb() -> float:
    """Peak resident set size of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(sources: list[Path], model: str | None = None, repeat: int = 1) -> dict:
    started = time.perf_counter()
    nlp = load_nlp(model)
    load_seconds = time.perf_counter() - started
    articles = []
    for path in collect_paths(sources):
        try:
            articles.append(read_article(path))
        except AnalysisError as error:
            print(f"skipped: {error}", file=sys.stderr)
    seconds: dict[str, float] = defaultdict(float)
    for _ in range(repeat):
        for article in articles:
            clock = time.perf_counter()
            doc = nlp.make_doc(article.analysis_text)
            seconds["tokenizer"] += time.perf_counter() - clock
            for name, component in nlp.pipeline:
                clock = time.perf_counter()
                doc = component(doc)
                seconds[name] += time.perf_counter() - clock
    words = sum(a.word_count for a in articles) * repeat
    total = sum(seconds.values())
    ours = sum(seconds[name] for name in COMPONENTS)
    return {
        "articles": len(articles) * repeat, "words": words, "model_load_s": load_seconds,
        "seconds": dict(seconds), "total_s": total, "analysis_s": ours,
        "spacy_s": total - ours, "words_per_s": words / total if total else 0.0,
        "peak_memory_mb": peak_memory_mb(),
    }


def report(result: dict) -> str:
    lines = [
        f"{result['articles']} articles, {result['words']} words; "
        f"model loaded in {result['model_load_s']:.1f} s",
        f"{'component':<20}{'seconds':>9}{'share':>8}",
    ]
    total = result["total_s"] or 1.0
    for name, seconds in result["seconds"].items():
        lines.append(f"{name:<20}{seconds:>9.2f}{seconds / total:>8.1%}")
    lines += [
        f"{'spaCy (parse etc.)':<20}{result['spacy_s']:>9.2f}{result['spacy_s'] / total:>8.1%}",
        f"{'analysis components':<20}{result['analysis_s']:>9.2f}"
        f"{result['analysis_s'] / total:>8.1%}",
        f"{result['words_per_s']:.0f} words/s on one core; "
        f"peak memory {result['peak_memory_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.benchmark", description=__doc__)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="articles or folders (default: the bundled corpus in data/)")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the corpus")
    args = parser.parse_args(argv)
    sources = [Path(p) for p in args.paths] or [paths.DATA_DIR]
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {missing[0]}", file=sys.stderr)
        return 1
    try:
        print(report(run(sources, args.model, max(args.repeat, 1))))
    except AnalysisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
