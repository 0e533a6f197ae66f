"""Regenerate reports: papermill re-executes the notebooks for every article of a corpus,
then the corpus notebook; nbconvert writes HTML with the code hidden.

One bad article never stops the batch: it is listed at the end and the exit is non-zero.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from . import paths
from .articles import collect_paths, read_article
from .errors import AnalysisError

ARTICLE_NOTEBOOK = "article.ipynb"
CORPUS_NOTEBOOK = "corpus.ipynb"


@dataclass
class ReportResult:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def execute(notebook: Path, output: Path, parameters: dict, html: bool = True) -> list[Path]:
    """Run one notebook with papermill; write the executed copy and its code-free HTML."""
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook), str(output), parameters=parameters, kernel_name="python3",
        progress_bar=False, cwd=str(paths.ROOT),
    )
    written = [output]
    if html:
        written.append(to_html(output))
    return written


def to_html(notebook: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def one_line(error: BaseException) -> str:
    """A papermill failure as its notebook exception's one line."""
    ename, evalue = getattr(error, "ename", None), getattr(error, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__


def run_report(sources: Iterable[str | Path] = (), out: str | Path | None = None,
               model: str = "", progress: bool = True) -> ReportResult:
    """Report on each article in ``sources`` (files or folders; default ``data/``)."""
    sources = [Path(s) for s in sources] or [paths.DATA_DIR]
    out_dir = Path(out) if out else paths.REPORTS_DIR
    default_run = out is None and sources == [paths.DATA_DIR]
    figures_root = paths.figures_dir() if default_run else out_dir / "figures"
    result = ReportResult()
    good: list[str] = []
    articles = collect_paths(sources)
    bar = tqdm(articles, desc="articles", unit="article", disable=not progress, file=sys.stderr)
    for path in bar:
        bar.set_postfix_str(path.name)
        try:
            read_article(path)  # a clear one-line reason before starting a kernel
            result.written += execute(
                paths.NOTEBOOKS_DIR / ARTICLE_NOTEBOOK, out_dir / f"{path.stem}.ipynb",
                {"article": str(path.resolve()), "model": model,
                 "figures_dir": str(figures_root.resolve())},
            )
            good.append(str(path.resolve()))
        except AnalysisError as error:
            result.failures.append(str(error))
        except Exception as error:  # a notebook failure: report it, go on with the batch
            result.failures.append(f"{path}: {one_line(error)}")
    if good:
        try:
            result.written += execute(
                paths.NOTEBOOKS_DIR / CORPUS_NOTEBOOK, out_dir / "corpus.ipynb",
                {"corpus": good, "model": model, "figures_dir": str(figures_root.resolve())},
            )
        except Exception as error:
            result.failures.append(f"corpus: {one_line(error)}")
    return result
