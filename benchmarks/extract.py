"""Corpus-scale benchmark of ``python -m analysis extract`` (run by hand, not a test).

    python benchmarks/extract.py ../shared/eval/polnear/train/text --repeat 3
    python benchmarks/extract.py ../shared/eval/polnear/train/text --synthetic 10000
    python benchmarks/extract.py ../shared/eval/polnear/train/text --report 100

Every measurement runs in a fresh interpreter, so each peak memory (resident set, the
process and its worker processes) is its own; times are medians over ``--repeat`` runs.
- ``parse``: a bare ``nlp.pipe`` of spaCy's pipeline over the articles' text (one process,
  the batch size extract uses): the floor any extractor pays;
- ``extract``: every table, one process and ``--n-process`` processes, no parse cache;
- ``warm``: extraction again after the analysis changed, parses read from the cache;
- ``textacy``: textacy's ``direct_quotations`` over the same parsed Docs (a peer's cost for
  one table of ours);
- ``--synthetic N``: a CSV of N articles made by repeating the corpus, each copy's text
  made distinct (so nothing is cached), extracted in one process: memory must stay flat;
- ``--report N``: ``report`` over the first N articles against ``extract`` alone.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
mode, corpus, out, options = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
from analysis.text.articles import collect_paths, read_article
from analysis.corpus.batches import DEFAULT_BATCH_SIZE
from analysis.pipeline.model import load_base_model, load_nlp

def texts():
    return [read_article(p).analysis_text for p in collect_paths([corpus])]

started = time.perf_counter()
if mode == "parse":
    nlp = load_base_model()
    nlp.max_length = 2_000_000
    batch = texts()
    started = time.perf_counter()
    for _ in nlp.pipe(batch, batch_size=DEFAULT_BATCH_SIZE):
        pass
elif mode == "textacy":
    from textacy.extract.triples import direct_quotations
    nlp = load_base_model()
    docs = list(nlp.pipe(texts(), batch_size=DEFAULT_BATCH_SIZE))
    started = time.perf_counter()
    for doc in docs:
        try:
            list(direct_quotations(doc))
        except ValueError:  # textacy gives up on an odd number of quotation marks
            pass
else:
    from analysis.corpus.extract import extract
    # as extract asks for it, load_nlp(model): load_nlp() is another cache entry, and the
    # model would load again on the clock
    load_nlp(options.get("model"))
    if mode == "warm":  # the analysis changed: every part again, parses from the cache
        import analysis.corpus.extract as module
        module.analysis_key = lambda *args: "changed"
    started = time.perf_counter()
    extract(corpus, out, progress=False, log=lambda line: None, **options)
seconds = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak}))
"""


def measure(mode: str, corpus: Path | str, out: Path, **options) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(corpus), str(out),
                           json.dumps(options)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{mode} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--synthetic", type=int, default=0, metavar="N")
    parser.add_argument("--report", type=int, default=0, metavar="N")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["parse", "extract", "parallel", "warm", "textacy"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="extract-benchmark-"))
    results: dict = {"corpus": str(args.corpus), "repeat": args.repeat,
                     "n_process": args.n_process}
    try:
        def repeated(mode: str, **options) -> dict:
            runs = []
            for number in range(args.repeat):
                out = work / f"{mode}-{options.get('jobs', 1)}-{number}"
                runs.append(measure(mode, args.corpus, out, **options))
                shutil.rmtree(out, ignore_errors=True)
            return median_of(runs)

        if args.synthetic:
            results["synthetic"] = synthetic(args.corpus, args.synthetic, work)
        elif args.report:
            results["report"] = report(args.corpus, args.report, work)
        else:
            if "parse" not in args.skip:
                results["parse"] = repeated("parse")
            if "extract" not in args.skip:
                results["extract"] = repeated("extract", use_cache=False)
            if "parallel" not in args.skip:
                results["parallel"] = repeated("extract", use_cache=False,
                                               jobs=args.n_process)
            if "warm" not in args.skip:
                cache = work / "cache"
                measure("extract", args.corpus, work / "fill", cache=str(cache))
                results["warm"] = repeated("warm", cache=str(cache))
            if "textacy" not in args.skip:
                results["textacy"] = repeated("textacy")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1))
    summarise(results)


def synthetic(corpus: Path, size: int, work: Path) -> dict:
    """Extraction of ``size`` articles (the corpus repeated, each copy made distinct by a
    closing line) against the corpus alone, both as CSV tables, one process, no cache."""
    from analysis.text.articles import collect_paths, read_article

    texts = [read_article(p).text for p in collect_paths([corpus])]
    tables = {}
    for name, count in (("corpus", len(texts)), ("synthetic", size)):
        path = work / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "text"])
            for i in range(count):
                writer.writerow([f"a{i}", f"{texts[i % len(texts)]}\n\nCopy {i}.\n"])
        tables[name] = measure("extract", path, work / f"out-{name}", use_cache=False)
    return tables


def report(corpus: Path, size: int, work: Path) -> dict:
    """``report`` over ``size`` articles (total time) and ``extract`` over the same."""
    from analysis.text.articles import collect_paths

    folder = work / "articles"
    folder.mkdir()
    for path in collect_paths([corpus])[:size]:
        shutil.copy(path, folder / path.name)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "report", str(folder), "--out",
                    str(work / "reports")], cwd=ROOT, check=True, capture_output=True)
    total = time.perf_counter() - started
    extracted = measure("extract", folder, work / "tables", use_cache=False)
    return {"report_seconds": total, "extract_seconds": extracted["seconds"],
            "ratio": total / extracted["seconds"]}


def summarise(results: dict) -> None:
    def ratio(a: str, b: str, key: str = "seconds") -> float | None:
        if a in results and b in results:
            return results[a][key] / results[b][key]
        return None

    lines = []
    if (r := ratio("extract", "parse")) is not None:
        lines.append(f"extraction / bare parse, one process: {r:.3f} (target <= 1.10)")
    if (r := ratio("extract", "parallel")) is not None:
        lines.append(f"throughput, {results.get('n_process', 2)} processes / 1: {r:.2f} "
                     "(target >= 1.7)")
    if (r := ratio("warm", "parse")) is not None:
        lines.append(f"re-analysis from the cache / bare parse: {r:.1%} (target <= 10%)")
    if (r := ratio("textacy", "extract")) is not None:
        lines.append(f"textacy direct_quotations on the same Docs / our extraction: {r:.1%}")
    if "synthetic" in results:
        s = results["synthetic"]
        lines.append(f"peak memory, synthetic / corpus: {s['synthetic']['peak_mb']:.0f} MB / "
                     f"{s['corpus']['peak_mb']:.0f} MB = "
                     f"{s['synthetic']['peak_mb'] / s['corpus']['peak_mb']:.2f} (target <= 1.2)")
    if "report" in results:
        lines.append(f"report / extract: {results['report']['ratio']:.2f}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
