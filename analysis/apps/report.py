"""Regenerate reports: every article is extracted once (``extract``: one parse each, tables as
Parquet), then papermill runs the article notebook for every article on its rows of those
tables (no spaCy in those kernels, several at once with ``jobs``), and the corpus notebook and
the lesson on the same tables; nbconvert writes each as code-free HTML; an index, its numbers
read from the tables too, links them all.

What a run promises:
- it never writes over an input and refuses an output folder that holds its inputs;
- every article gets a distinct, stable name (``story.txt`` and ``story.html`` become
  ``story-txt`` and ``story-html``; ``corpus.txt`` cannot replace the corpus report) and the
  run says what it renamed;
- each notebook runs into a scratch folder and its files replace the previous ones only when
  it succeeded, each file atomically: a failed or interrupted re-run leaves the last good
  report of that article as it was, and the failure is listed;
- one bad article never stops the batch: it is listed at the end and the exit is non-zero.

Layout of the output folder (``reports/`` by default)::

    index.html                    every report, one line per article
    tables/                       every article's tables as Parquet (see ``store``)
    .parses/                      the parses kept for the next run (``parse_cache``)
    <name>.html, <name>.ipynb     one article: code-free HTML and the executed notebook
    <name>/                       its tables as CSV and its figures as PNG and SVG
    corpus.html, corpus.ipynb, corpus/
    lesson-teacher.html, lesson-student.html (and .ipynb): the lesson with and without answers

The default run on the bundled corpus also refreshes the project's ``figures/``.
"""
from __future__ import annotations

import contextlib
import functools
import html
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tqdm import tqdm

from ..core import files, locks, paths
from ..core.errors import AnalysisError, printable
from ..core.processes import usable_jobs
from ..corpus import store
from ..corpus.extract import extract
from ..corpus.outputs import check_out as check_articles_out
from ..corpus.sources import article_ids
from ..text.articles import collect_paths
from ..views.display import hedges_per_100_words, percent, share_unnamed

ARTICLE_NOTEBOOK = "article.ipynb"
CORPUS_NOTEBOOK = "corpus.ipynb"
LESSON_NOTEBOOK = "lesson.ipynb"
# Cells tagged so never reach an HTML report: instructions for whoever runs the notebook.
NOTEBOOK_ONLY = "notebook-only"
# The lesson's two versions and the cells each leaves out (the student's notebook has neither
# the answers nor the notes to the teacher who runs it).
LESSON_VERSIONS = {"lesson-teacher": (), "lesson-student": ("answer", NOTEBOOK_ONLY)}
FIGURE_SUFFIXES = (".png", ".svg")
# Where a run extracts every article's tables once (Parquet, see ``store``); the notebooks
# read their rows there instead of parsing again.
TABLES_FOLDER = "tables"
# Parses kept from run to run (``parse_cache``), so a changed rule re-renders quickly.
PARSE_CACHE = ".parses"
# Each run's scratch folder inside the output folder, named by tempfile after this.
SCRATCH_PREFIX = ".report-"
# Names the report gives its own pages; an article never takes one.
RESERVED_NAMES = ("index", "corpus", "figures", "lesson", "tables")


def safe_name(text: str) -> str:
    """``text`` as a file name that stays in its folder: letters, digits, '.', '_' and '-',
    no leading dot ('..' and path separators cannot climb out), never empty."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-")[:100].strip(".-")
    return cleaned or "article"


def article_names(articles: list[Path]) -> dict[Path, str]:
    """A distinct name for each article file, stable from run to run: its stem made safe, with
    its suffix added when other articles share the stem (to every one of them, so none takes
    the plain name by coming first) or the stem is one of the report's own names, then a
    number if still taken. Case is ignored, as on macOS and Windows file systems."""
    stems = {p: safe_name(p.stem) for p in articles}
    shared = Counter(s.lower() for s in stems.values())
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in articles:
        name = stems[path]
        reserved = name.lower() in RESERVED_NAMES or name.lower().startswith("lesson")
        if shared[name.lower()] > 1 or reserved:
            name = safe_name(f"{name}-{path.suffix.lstrip('.')}")
        unique, number = name, 2
        while unique.lower() in taken or unique.lower() in RESERVED_NAMES:
            unique, number = f"{name}-{number}", number + 1
        taken.add(unique.lower())
        names[path] = unique
    return names



@dataclass
class ReportResult:
    """What a run wrote, which articles or notebooks failed (one line each), what it renamed."""

    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)


# Set while a run is being interrupted (Ctrl-C): kernels are then stopped at once.
INTERRUPTED = threading.Event()


@functools.cache
def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        """Stops kernels without noise. jupyter_client interrupts a kernel before asking it to
        stop, and the kernel logs that SIGINT as an ERROR ("KeyboardInterrupt caught in
        kernel") although nothing went wrong: a finished kernel is only asked to stop (one that
        does not is still killed after the usual wait). When the run is interrupted, the busy
        kernel is killed at once, instead of printing a ZMQError traceback as its sockets
        close under the cell it is running."""

        async def _async_interrupt_kernel(self) -> None:
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            await super().shutdown_kernel(now=now or INTERRUPTED.is_set(), restart=restart)

        def client(self, **kwargs):
            """A client to this kernel, remembered so that ``release_clients`` closes it: a
            kernel that runs notebook after notebook gets a client for each."""
            made = super().client(**kwargs)
            self.__dict__.setdefault("_clients", []).append(made)
            return made

        def release_clients(self) -> None:
            for made in self.__dict__.pop("_clients", []):
                made.stop_channels()

    return QuietKernelManager


def stop_kernel(manager) -> None:
    """Stop a kernel at once, or kill its process if it cannot be asked."""
    from jupyter_core.utils import run_sync

    if not manager.has_kernel:
        return
    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001  a kernel that does not answer: its process is ended
        process = getattr(manager.provisioner, "process", None)
        if process is not None:
            process.kill()


def _killed_kernel_noise(record: logging.LogRecord) -> bool:
    """Drops what the notebooks of killed kernels log: asyncio's "Task exception was never
    retrieved" for the cell a kernel was running, and nbclient's "Kernel died while waiting
    for execute reply" (through papermill's logger). The run was interrupted on purpose and
    says so."""
    error = record.exc_info[1] if record.exc_info else None
    return type(error).__name__ != "DeadKernelError" and \
        not record.getMessage().startswith("Kernel died")


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the run as their handlers say (KeyboardInterrupt as usual), and
    first mark it as interrupted, so that busy kernels are killed at once."""
    def marking(handler):
        def interrupt(signum, frame):
            INTERRUPTED.set()
            for logger in ("asyncio", "papermill"):
                logging.getLogger(logger).addFilter(_killed_kernel_noise)
            handler(signum, frame)
        return interrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number, handler in previous.items():
        if callable(handler):  # a signal ignored, or left to end the process, stays so
            signal.signal(number, marking(handler))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        INTERRUPTED.clear()


# The kernel's own start-up warnings (a kernel on a local TCP socket without encryption) are
# not for report readers; its errors still show.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


def relative(path: Path, folder: Path) -> str:
    """``path`` as saved in notebooks: relative to ``folder``, never absolute."""
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


def execute(notebook: Path, output: Path, parameters: dict, kernel) -> None:
    """Run one notebook with papermill into ``output`` on ``kernel``, a kernel manager whose
    kernel (started in the folder the notebook's relative paths start from) runs notebook
    after notebook. papermill is given no ``cwd``: it would change this process's working
    directory, which the threads running notebooks side by side share."""
    import papermill

    papermill.execute_notebook(
        str(notebook), str(output), parameters=parameters, kernel_name="python3",
        progress_bar=False, km=kernel, extra_arguments=KERNEL_ARGUMENTS,
    )


def retarget(notebook: Path, moves: dict[str, str], name: str) -> None:
    """Make a notebook executed in the scratch folder say where its files end up (``moves``:
    each staged path and its final one, as its parameters give them) and papermill's paths,
    none of them absolute."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            for staged, final in moves.items():
                cell.source = cell.source.replace(repr(staged), repr(final)) \
                    .replace(f'"{staged}"', f'"{final}"')
    meta = nb.metadata.get("papermill", {})
    meta["parameters"] = {k: moves.get(v, v) if isinstance(v, str) else v
                          for k, v in meta.get("parameters", {}).items()}
    meta["input_path"] = f"notebooks/{Path(meta.get('input_path', '')).name}"
    meta["output_path"] = f"{name}.ipynb"
    files.write_text(notebook, nbformat.writes(nb))


def to_html(notebook: Path, target: Path, remove_tags: Iterable[str] = ()) -> Path:
    """The executed notebook as HTML without code, prompts, or cells tagged ``remove_tags``
    (and never the cells meant only for someone running the notebook)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY, *remove_tags}), enabled=True)
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": target.stem}})
    return files.write_text(target, body.replace("<main>", "<main>" + BACK_TO_INDEX, 1))


# Every report links back to the index, above its first cell.
BACK_TO_INDEX = ('<p style="font:14px system-ui,sans-serif;margin:1em 0 0 0">'
                 '<a style="color:#0b57a4" href="index.html">&larr; all reports</a></p>')


def without_tags(notebook: Path, target: Path, tags: Iterable[str]) -> Path:
    """A copy of an executed notebook without the cells tagged ``tags``."""
    import nbformat

    tags = set(tags)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if not tags & set(c.metadata.get("tags", []))]
    return files.write_text(target, nbformat.writes(nb))


def one_line(error: BaseException) -> str:
    """A papermill failure as its notebook exception's one line."""
    ename, evalue = getattr(error, "ename", None), getattr(error, "evalue", None)
    if ename:
        return f"{ename}: {evalue}".splitlines()[0]
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__


def remove_abandoned(out_dir: Path) -> None:
    """Remove the scratch folders of runs that were killed (their lock is free); a live run's,
    or one whose run has not locked it yet, is left alone."""
    for folder in out_dir.glob(f"{SCRATCH_PREFIX}*"):
        if folder.is_dir() and locks.is_abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)


def check_out(out_dir: Path, inputs: list[Path], sources: list[Path]) -> None:
    """Refuse an output folder that holds the articles or lies in a folder of them, or that
    holds the project's notebooks (it would write over them)."""
    check_articles_out(out_dir, inputs, [s for s in sources if s.is_dir()])
    out = out_dir.resolve()
    notebooks = paths.NOTEBOOKS_DIR.resolve()
    if out == notebooks or out in notebooks.parents:
        raise AnalysisError(f"--out {printable(str(out_dir))}: holds the notebooks the reports "
                            "are made from; choose another folder")


class Run:
    """One report run: a scratch folder inside the output folder, locked for as long as the
    run lives, and the files published. A run killed before it could remove its scratch folder
    leaves it unlocked: the next run into the folder removes it."""

    def __init__(self, out_dir: Path, inputs: list[Path], figures_root: Path | None):
        self.out_dir = out_dir
        self.inputs = {os.path.realpath(p) for p in inputs}  # a loop of links is one too
        self.figures_root = figures_root
        self.result = ReportResult()
        # One kernel per thread runs that thread's notebooks one after another: starting a
        # kernel and importing the package cost more than most notebooks' own cells.
        self.kernels = threading.local()
        self.started: list = []
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=out_dir))
            self.lock = locks.try_lock(self.scratch)
        except OSError as error:
            raise AnalysisError(f"--out {printable(str(out_dir))}: cannot write reports there "
                                f"({error.strerror or error})") from None
        remove_abandoned(out_dir)

    @property
    def tables(self) -> Path:
        """Where this run extracts its tables; published as ``tables/`` at the end."""
        return self.scratch / TABLES_FOLDER

    def publish_tables(self) -> None:
        """The extracted tables in place of the previous run's: each file atomically, the
        manifest last, then the parts no longer listed removed."""
        target = self.out_dir / TABLES_FOLDER
        staged = sorted(p for p in self.tables.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(self.tables).parts))  # its lock
        manifest = self.tables / store.MANIFEST
        for path in [p for p in staged if p != manifest] + [manifest]:
            self.publish(path, target / path.relative_to(self.tables))
        kept = {target / p.relative_to(self.tables) for p in staged}
        for old in target.rglob("part-*.parquet"):
            if old not in kept:
                old.unlink()

    def kernel(self):
        """This thread's kernel manager, its kernel started in the output folder: every path
        a notebook is given, and saves, is relative to it."""
        from jupyter_core.utils import run_sync

        manager = getattr(self.kernels, "manager", None)
        if manager is None:
            manager = _kernel_manager_class()(kernel_name="python3")
            self.kernels.manager = manager
            self.started.append(manager)
            run_sync(manager.start_kernel)(cwd=str(self.out_dir),
                                           extra_arguments=KERNEL_ARGUMENTS)
        return manager

    def drop_kernel(self) -> None:
        """Stop this thread's kernel (after a notebook killed it, say): the next starts anew."""
        manager = getattr(self.kernels, "manager", None)
        self.kernels.manager = None
        if manager is not None:
            self.started.remove(manager)
            stop_kernel(manager)

    def close(self) -> None:
        for manager in self.started:
            stop_kernel(manager)
        self.started.clear()
        shutil.rmtree(self.scratch, ignore_errors=True)
        locks.release(self.lock)

    def publish(self, source: Path, target: Path) -> None:
        """Copy one finished file into place atomically; never over an input."""
        if os.path.realpath(target) in self.inputs:
            raise AnalysisError(f"{printable(str(target))}: is an input; not written over")
        files.write_bytes(target, source.read_bytes())
        self.result.written.append(target)

    def notebook(self, notebook: str, name: str, parameters: dict, save: bool = True,
                 versions: dict[str, tuple[str, ...]] | None = None) -> None:
        """Execute ``notebook`` as ``name`` in the scratch folder (its tables and figures in a
        folder of that name when ``save``), then publish its notebook, HTML and saved files;
        nothing is published when any step fails."""
        staged = self.scratch / name
        staged.mkdir()
        executed = self.scratch / f"{name}.ipynb"
        if save:
            parameters = {**parameters, "save_to": relative(staged, self.out_dir)}
        kernel = self.kernel()
        try:
            execute(paths.NOTEBOOKS_DIR / notebook, executed, parameters, kernel)
        except Exception as error:
            if type(error).__name__ == "DeadKernelError":
                self.drop_kernel()
            raise
        finally:
            kernel.release_clients()
        retarget(executed, {relative(staged, self.out_dir): name,
                            relative(self.tables, self.out_dir): TABLES_FOLDER}, name)
        ready: list[tuple[Path, Path]] = []
        for version, hidden in (versions or {name: ()}).items():
            copy = without_tags(executed, self.scratch / f"{version}.v.ipynb", hidden)
            html_file = to_html(copy, self.scratch / f"{version}.html", hidden)
            ready += [(copy, self.out_dir / f"{version}.ipynb"),
                      (html_file, self.out_dir / f"{version}.html")]
        for saved in sorted(staged.iterdir()):
            ready.append((saved, self.out_dir / name / saved.name))
            if self.figures_root is not None and saved.suffix in FIGURE_SUFFIXES:
                ready.append((saved, self.figures_root / name / saved.name))
        for source, target in ready:
            self.publish(source, target)


def run_report(sources: Iterable[str | Path] = (), out: str | Path | None = None,
               model: str = "", progress: bool = True, log=None, jobs: int = 1) -> ReportResult:
    """Report on each article in ``sources`` (files or folders; default ``data/``): one
    extraction of every article into ``tables/``, then a notebook per article reading its
    rows there (``jobs`` kernels at once), the corpus notebook and the lesson."""
    log = log or (lambda line: tqdm.write(line, file=sys.stderr))
    sources = [Path(s) for s in sources] or [paths.DATA_DIR]
    out_dir = Path(out) if out else paths.REPORTS_DIR
    default_run = out is None and [os.path.realpath(s) for s in sources] == [
        os.path.realpath(paths.DATA_DIR)]
    articles = collect_paths(sources)
    if not articles:
        raise AnalysisError("no articles (.txt, .md, .html) in "
                            + ", ".join(printable(str(s)) for s in sources))
    check_out(out_dir, articles, sources)
    names = article_names(articles)
    ids = article_ids(articles)
    run = Run(out_dir, articles, paths.figures_dir() if default_run else None)
    result = run.result
    for path, name in names.items():
        if name != path.stem:
            result.renamed.append(f"{printable(str(path))} -> {name}")
            log(f"renamed: {printable(str(path))} is reported as {name}")
    done: dict[Path, str] = {}
    reasons: dict[Path, str] = {}  # why an article failed, without its path
    others: list[str] = []  # the corpus or the lesson failed
    try:
        with interruptible():
            extract(articles, run.tables, cache=out_dir / PARSE_CACHE, model=model or None,
                    progress=progress, log=log)
            facts = index_facts(run.tables)
            failed = store.read_table(run.tables, "errors", columns=["article", "error"])
            reasons.update((path, reason) for path in articles
                           for reason in failed["error"][failed["article"] == ids[path]])
            result.failures += [f"{printable(str(p))}: {r}" for p, r in reasons.items()]
            todo = [p for p in articles if p not in reasons]
            bar = tqdm(total=len(todo) + 2, desc="reports", unit="notebook",
                       disable=not progress, file=sys.stderr)
            try:
                def report_article(path: Path) -> None:
                    try:
                        run.notebook(ARTICLE_NOTEBOOK, names[path],
                                     {"article": ids[path],
                                      "tables": relative(run.tables, out_dir)})
                        done[path] = names[path]
                    except Exception as error:  # a notebook failure: listed, the batch goes on
                        reasons[path] = one_line(error)
                        result.failures.append(f"{printable(str(path))}: {reasons[path]}")
                    bar.update()

                in_parallel(report_article, todo, jobs)
                if done:
                    bar.set_postfix_str("corpus")
                    try:
                        run.notebook(CORPUS_NOTEBOOK, "corpus",
                                     {"tables": relative(run.tables, out_dir)})
                    except Exception as error:
                        others.append(f"corpus: {one_line(error)}")
                    bar.update()
                    bar.set_postfix_str("lesson")
                    sample = paths.SAMPLE_ARTICLE.resolve()
                    lesson = next((p for p in articles if p in done and p.resolve() == sample),
                                  next(p for p in articles if p in done))
                    try:
                        run.notebook(LESSON_NOTEBOOK, "lesson",
                                     {"article": ids[lesson],
                                      "tables": relative(run.tables, out_dir)},
                                     save=False, versions=LESSON_VERSIONS)
                    except Exception as error:
                        others.append(f"lesson: {one_line(error)}")
                    bar.update()
                    run.publish_tables()
            finally:
                bar.close()
    finally:
        run.close()
    result.failures += others
    index = write_index(out_dir, names, {p: facts.get(ids[p], {}) for p in names}, reasons,
                        others)
    result.written.append(index)
    log(f"{len(done)} of {len(names)} articles reported; open {printable(str(index))}"
        + (f"; figures in {printable(str(run.figures_root))}" if run.figures_root else ""))
    return result


def in_parallel(task, items: list, jobs: int) -> None:
    """``task(item)`` for every item, ``jobs`` at a time but never more than the CPUs or the
    items (each thread runs a kernel, a process of its own, so threads suffice). On Ctrl-C or
    SIGTERM the items not started are dropped and the run goes on to stop the kernels running
    at once (``INTERRUPTED``), without waiting for their notebooks to end."""
    jobs = usable_jobs(jobs, len(items))
    if jobs <= 1:
        for item in items:
            task(item)
        return
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="report")
    try:
        for future in [pool.submit(task, item) for item in items]:
            future.result()
    except KeyboardInterrupt:
        INTERRUPTED.set()
        raise
    finally:
        pool.shutdown(wait=not INTERRUPTED.is_set(), cancel_futures=INTERRUPTED.is_set())


def index_facts(tables: Path) -> dict[str, dict]:
    """What the index lists of each extracted article, by id, read from the tables: title,
    date, quotes, speakers, the share of quotations from no named source, hedges per 100
    words."""
    articles = store.read_table(tables, "articles", columns=[
        "article", "title", "date", "date_raw", "words", "quotes", "speakers", "hedges"])
    texts = ["title", "date", "date_raw"]
    articles[texts] = articles[texts].fillna("")
    quotes = store.read_table(tables, "quotes", columns=["article", "speaker_kind"])
    by_article = dict(tuple(quotes.groupby("article", sort=False)))
    return {row.article: {
        "title": row.title, "date": row.date or row.date_raw,
        "quotes": str(row.quotes), "speakers": str(row.speakers),
        "share_unnamed": share_unnamed(by_article.get(row.article, quotes.iloc[:0])),
        "hedges_per_100_words": str(hedges_per_100_words(row.hedges, row.words)),
    } for row in articles.itertuples(index=False)}


CELL = "padding:.35em .7em;text-align:left;border-bottom:1px solid #ddd;vertical-align:top"
TABLES = ("summary", "quotes", "speakers", "sources", "cues", "hedges")


def write_index(out_dir: Path, names: dict[Path, str], facts: dict[Path, dict],
                reasons: dict[Path, str], failures: list[str]) -> Path:
    """``index.html``: a link to every report, one line per article with its numbers
    (``facts``, from ``index_facts``), and why an article or notebook failed in this run (no
    path but the article's file name). Inline styles only and every piece of text escaped."""
    def link(href: str, text: str) -> str:
        return (f'<a style="color:#0b57a4" href="{html.escape(quote(href))}">'
                f"{html.escape(text)}</a>")

    def exists(name: str) -> bool:
        return (out_dir / name).is_file()

    rows = []
    for path, name in names.items():
        known = facts[path]
        title = known.get("title") or printable(path.stem)
        report = link(f"{name}.html", title) if exists(f"{name}.html") else html.escape(title)
        status = ""
        if path in reasons:
            status = ('<br><span style="color:#a40000">this run failed: '
                      + html.escape(printable(reasons[path]))
                      + ("; the report shown is the previous one" if exists(f"{name}.html")
                         else "") + "</span>")
        csvs = " ".join(link(f"{name}/{t}.csv", t) for t in TABLES if exists(f"{name}/{t}.csv"))
        share = known.get("share_unnamed")
        cells = [
            f"{report}{status}<br><span style=\"color:#666;font-size:.9em\">"
            f"{html.escape(printable(path.name))}</span>",
            html.escape(known.get("date", "")), html.escape(known.get("quotes", "")),
            html.escape(known.get("speakers", "")),
            percent(share) if share is not None else "",
            html.escape(known.get("hedges_per_100_words", "")), csvs,
        ]
        rows.append("<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in cells) + "</tr>")
    head = "".join(f'<th style="{CELL};background:#f2f2f2">{h}</th>' for h in (
        "article", "date", "quotes", "speakers", "share unnamed", "hedges per 100 words",
        "tables (CSV)"))
    others = [(f"{n}.html", text) for n, text in (
        ("corpus", "The corpus: every article compared"),
        ("lesson-teacher", "The lesson, teacher's version (with answers)"),
        ("lesson-student", "The lesson, student's version (answers hidden)"),
    ) if exists(f"{n}.html")]
    items = "".join(f'<li style="margin:.3em 0">{link(href, text)}</li>' for href, text in others)
    problems = "".join(f"<li>{html.escape(printable(f))}</li>" for f in failures)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reports: who is quoted, how, and how surely</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;color:#222;max-width:72em;margin:2em auto;
 padding:0 1em">
<h1 style="font-size:1.6em;margin-bottom:.2em">Who is quoted, how, and how surely</h1>
<p style="color:#555;margin-top:0">{len(names)} articles. Numbers are the machine's reading of each
article: check them against the text before relying on them.</p>
<ul style="padding-left:1.2em">{items}</ul>
<div style="overflow-x:auto"><table style="border-collapse:collapse;width:100%">
<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>
{f'<h2 style="font-size:1.2em;color:#a40000">Failed in this run</h2><ul>{problems}</ul>'
 if problems else ''}
</body></html>
"""
    return files.write_text(out_dir / "index.html", page)
