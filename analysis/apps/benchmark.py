"""``python -m analysis.apps.benchmark [PATH...]``: how fast the analysis runs, and in how
much memory.

Times each pipeline component over every article (spaCy's own tokenizer, tagger, parser and
NER beside the project's components), and reports articles and words per second and the
peak resident memory of the process. Speed targets live here, not in timed tests.

``--scaling`` checks that time and memory grow linearly with an article's length: it builds
articles of 50 kB, 200 kB and 1 MB by repeating the bundled corpus' body text and times the
reading stage (decoding, masking, checks) and the analysis of each, every size in a fresh
process so that each peak memory is its own.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ..core import paths
from ..core.errors import AnalysisError
from ..pipeline.model import load_nlp
from ..pipeline.run import COMPONENTS
from ..text.articles import collect_paths, read_article


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


SCALING_SIZES_KB = (50, 200, 1000)


def news_text(size: int) -> str:
    """A plain-text article of ``size`` bytes: a headline, then the bundled corpus' body
    paragraphs repeated (whole paragraphs, then cut at a word)."""
    bodies = []
    for path in collect_paths([paths.DATA_DIR]):
        article = read_article(path)
        body = article.paragraphs[1:] if article.title else article.paragraphs
        bodies += [article.readable(start, end) for start, end in body]
    text = "Council and union trade accusations as strike and budget talks go on\n\n"
    while len(text.encode()) < size:
        text += "\n\n".join(bodies) + "\n\n"
    return text.encode()[:size].decode(errors="ignore").rsplit(" ", 1)[0] + ".\n"


def scale_one(size: int, model: str | None, read_only: bool) -> dict:
    """Read (and unless ``read_only`` analyse) one article of ``size`` bytes in this process."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-article.txt"
        path.write_text(news_text(size), encoding="utf-8")
        nlp = None if read_only else load_nlp(model)
        clock = time.perf_counter()
        article = read_article(path)
        read_s = time.perf_counter() - clock
    result = {"bytes": size, "words": article.word_count, "read_s": read_s, "analysis_s": None}
    if nlp is not None:
        clock = time.perf_counter()
        nlp(article.analysis_text)
        result["analysis_s"] = time.perf_counter() - clock
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def scaling(sizes_kb: list[int], model: str | None, read_only: bool, timeout: float) -> str:
    """Each size in its own process; a table of seconds, seconds per 100 kB and peak memory."""
    lines = [f"{'size':>8}{'words':>9}{'read s':>9}{'analysis s':>12}{'s/100 kB':>10}"
             f"{'peak MB':>9}"]
    for size_kb in sizes_kb:
        command = [sys.executable, "-m", "analysis.apps.benchmark", "--one-size",
                   str(size_kb * 1000)]
        if model:
            command += ["--model", model]
        if read_only:
            command.append("--read-only")
        try:
            child = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            lines.append(f"{size_kb:>6}kB  did not finish in {timeout:.0f} s")
            continue
        if child.returncode:
            reason = (child.stderr.strip().splitlines() or ["no message"])[-1]
            lines.append(f"{size_kb:>6}kB  failed: {reason}")
            continue
        r = json.loads(child.stdout)
        total = r["read_s"] + (r["analysis_s"] or 0.0)
        analysis = "-" if r["analysis_s"] is None else f"{r['analysis_s']:.2f}"
        lines.append(f"{size_kb:>6}kB{r['words']:>9}{r['read_s']:>9.3f}{analysis:>12}"
                     f"{total / size_kb * 100:>10.3f}{r['peak_memory_mb']:>9.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.apps.benchmark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="articles or folders (default: the bundled corpus in data/)")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the corpus")
    parser.add_argument("--scaling", action="store_true",
                        help="time one long article at several sizes instead of a folder")
    parser.add_argument("--sizes", default=",".join(map(str, SCALING_SIZES_KB)),
                        help="sizes in kB for --scaling (default: 50,200,1000)")
    parser.add_argument("--read-only", action="store_true",
                        help="with --scaling: time the reading stage alone")
    parser.add_argument("--timeout", type=float, default=900,
                        help="with --scaling: seconds allowed per size (default: 900)")
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.one_size:
            print(json.dumps(scale_one(args.one_size, args.model, args.read_only)))
            return 0
        if args.scaling:
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
            print(scaling(sizes, args.model, args.read_only, args.timeout))
            return 0
    except (AnalysisError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
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
