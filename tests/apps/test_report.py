"""`python -m analysis report`: what it writes, what it refuses, and what a failed or
interrupted re-run leaves behind. Hostile inputs are made here; one report run is shared by
the tests that only read its outputs (each notebook run costs seconds)."""
import html
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.apps import report
from analysis.apps.cli import main
from analysis.core.errors import AnalysisError, ModelNotFoundError
from analysis.corpus import store
from analysis.pipeline.model import PARSE_LOG_ENV
from tests import browser
from tests.conftest import ROOT

DATA = ROOT / "data"
SCRIPT = "<script>document.body.setAttribute('data-pwned', 'script')</script>"
ONERROR = "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">"
HOSTILE = f"""Parks {ONERROR} vote

The city council voted on Tuesday to keep every park in the city open through the winter, after
a long debate about the cost of heating the park buildings.

"We will not close a single park while I am mayor," said Mayor Ana {SCRIPT} Ruiz, who has
argued for the plan since the spring.

Critics claimed the plan could cost the city more than it has budgeted, and a council official
said the money may have to come from other services.

"=SUM(A1:A9) is all the budget needs, and the parks will stay open," said Tom Lee, the city
treasurer.
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def figure_cells_without_image(notebook: Path) -> list[str]:
    nb = nbformat.read(notebook, as_version=4)
    missing = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ".figure(" in cell.source:
            if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
                missing.append(cell.source)
    return missing


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """Two articles whose stems collide, one named '...txt' (article id '..') holding markup
    that must never run, one whose file name is not UTF-8, and a link that points at
    itself."""
    folder = tmp_path_factory.mktemp("articles")
    shutil.copy(DATA / "city-council-budget.txt", folder / "story.txt")
    shutil.copy(DATA / "port-strike.html", folder / "story.html")
    (folder / "...txt").write_text(HOSTILE, encoding="utf-8")
    shutil.copy(DATA / "vaccine-trial.md", os.fsdecode(os.fsencode(folder) + b"/bad\xff.md"))
    (folder / "loop.txt").symlink_to("loop.txt")
    return folder


@pytest.fixture(scope="module")
def reported(articles, tmp_path_factory):
    """One report run over the hostile folder, two article notebooks at a time: (output
    folder, result)."""
    out = tmp_path_factory.mktemp("run") / "reports"
    cwd = os.getcwd()
    result = report.run_report([articles, articles / "...txt"], out, progress=False,
                               log=lambda line: None, jobs=2)
    # notebooks run side by side in threads, which share the working directory
    assert os.getcwd() == cwd
    return out, result


def test_articles_are_extracted_once_and_reported_from_the_tables(reported):
    out, _ = reported
    tables = out / "tables"
    assert store.read_manifest(tables)["complete"]
    quotes = store.read_table(tables, "quotes")
    for name, article in (("story-txt", "story-txt"), ("story-html", "story-html")):
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        injected = next(c.source for c in nb.cells
                        if "injected-parameters" in c.metadata.get("tags", []))
        assert f'article = "{article}"' in injected and 'tables = "tables"' in injected
        shown = pd.read_csv(out / name / "quotes.csv")
        assert shown["content"].tolist() == \
            quotes[quotes["article"] == article]["content"].tolist()
    assert not [p for p in out.iterdir() if p.name.startswith(".report-")]


def test_report_on_the_bundled_corpus_parses_each_article_once(tmp_path):
    """`python -m analysis report` over data/, as `make report` runs it: the model is loaded
    once, by the run's own process, which parses each article once; no notebook kernel loads
    it or parses again (each process logs its loads and parses to $ANALYSIS_PARSE_LOG)."""
    log, out = tmp_path / "parses.log", tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", str(DATA), "--out", str(out), "--jobs",
         "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, PARSE_LOG_ENV: str(log)})
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr
    events = log.read_text(encoding="utf-8").splitlines()
    articles = sorted(p for p in DATA.iterdir() if p.suffix in (".txt", ".md", ".html"))
    assert events.count(f"load {process.pid}") == 1
    assert sorted(events) == sorted([f"load {process.pid}"]
                                    + [f"parse {process.pid}"] * len(articles))
    # The index lists each article's facts as the tables hold them.
    page = html.unescape((out / "index.html").read_text(encoding="utf-8"))
    facts = store.read_table(out / "tables", "articles")
    assert len(facts) == len(articles)
    for row in facts.fillna("").itertuples():
        line = next(line for line in page.split("<tr>") if row.title in line)
        for cell in (row.date or row.date_raw, row.quotes, row.speakers,
                     round(100 * row.hedges / row.words, 2)):
            assert f">{cell}</td>" in line, (row.article, cell)
    lesson = (out / "lesson-teacher.html").read_text(encoding="utf-8")
    assert "Yarmouk" in lesson  # a name never quoted, from the names table
    assert "Dock workers extend strike" in html.unescape(lesson)  # the exercise's article


def test_colliding_stems_get_distinct_names_and_are_reported(reported):
    out, result = reported
    assert [f.split(": ")[-1] for f in result.failures] == ["a loop of symbolic links"]
    for name in ("story-txt", "story-html"):
        assert (out / f"{name}.html").is_file() and (out / f"{name}.ipynb").is_file()
        assert (out / name / "quotes.csv").is_file()
    assert "Maria Delgado" in (out / "story-txt" / "quotes.csv").read_text(encoding="utf-8")
    assert "Kevin Doyle" in (out / "story-html" / "quotes.csv").read_text(encoding="utf-8")
    assert any("story.txt -> story-txt" in line for line in result.renamed)
    assert any("story.html -> story-html" in line for line in result.renamed)


def test_dot_dot_article_stays_inside_the_output_folder(reported):
    out, result = reported
    parent = out.parent
    assert sorted(p.name for p in parent.iterdir()) == ["reports"]
    assert (out / "article" / "quotes_per_speaker.png").is_file()
    assert all(out in p.resolve().parents for p in result.written)


def test_index_lists_and_links_every_report(reported):
    out, _ = reported
    page = (out / "index.html").read_text(encoding="utf-8")

    class Links(HTMLParser):
        hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"])

    parser = Links()
    parser.feed(page)
    expected = {"story-txt.html", "story-html.html", "article.html", "corpus.html",
                "lesson-teacher.html", "lesson-student.html"}
    assert expected <= set(parser.hrefs)
    assert all((out / href).is_file() for href in parser.hrefs)
    assert "Dock workers extend strike as talks stall" in page  # a title, one line per article
    assert "bad\\udcff.md" in page and "loop.txt" in page  # names that cannot be printed as
    # they are, escaped; an article that failed, listed
    assert ONERROR not in page and "&lt;img src=x onerror=" in page  # the title, escaped
    assert "<style" not in page


def test_every_table_is_whole_and_also_a_csv(reported):
    out, _ = reported
    page = (out / "story-txt.html").read_text(encoding="utf-8")
    quotes = pd.read_csv(out / "story-txt" / "quotes.csv", keep_default_na=False)
    assert len(quotes) > 10  # more rows than pandas shows by default
    assert quotes["content"].str.len().max() > 60  # longer than pandas shows by default
    text = html.unescape(page)
    for content in quotes["content"]:
        assert content in text
    assert "dtype: object" not in page
    sources = pd.read_csv(out / "story-txt" / "sources.csv", keep_default_na=False)
    assert "Maria Delgado" in sources["name"].tolist()
    for name in sources["name"]:  # the source table is shown, every source in it
        assert name in text
    assert 'href="index.html"' in page  # back to the index
    assert "To use this notebook" not in page and "papermill" not in page


def test_csv_cells_never_run_as_formulas(reported):
    out, _ = reported
    quotes = pd.read_csv(out / "article" / "quotes.csv", keep_default_na=False)
    assert not quotes["content"].str.startswith("=").any()
    assert quotes["content"].str.startswith("'=SUM(A1:A9)").any()


def test_nothing_saved_holds_an_absolute_path(reported, articles):
    out, _ = reported
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".ipynb", ".html", ".csv"):
            text = path.read_text(encoding="utf-8")
            assert str(articles) not in text and str(ROOT) not in text, path


def test_every_figure_cell_shows_an_image(reported):
    out, _ = reported
    for name in ("story-txt", "corpus", "lesson-teacher", "lesson-student"):
        assert figure_cells_without_image(out / f"{name}.ipynb") == [], name


def test_student_lesson_has_no_answers(reported):
    out, _ = reported
    teacher = (out / "lesson-teacher.html").read_text(encoding="utf-8")
    student = (out / "lesson-student.html").read_text(encoding="utf-8")
    assert "Answer." in teacher and "For the teacher" in teacher
    assert "Answer." not in student and "For the teacher" not in student
    assert "Check the machine" in student and "Words we use" in student
    student_nb = nbformat.read(out / "lesson-student.ipynb", as_version=4)
    assert not any({"answer", "notebook-only"} & set(c.metadata.get("tags", []))
                   for c in student_nb.cells)
    teacher_nb = nbformat.read(out / "lesson-teacher.ipynb", as_version=4)
    assert any("answer" in c.metadata.get("tags", []) for c in teacher_nb.cells)


@pytest.mark.parametrize("page, expected", [
    ("article.html", ["Who is quoted", "Attribution verbs", "Ruiz"]),
    # the highlighted article: its legend and a quotation's inline speaker label
    ("story-txt.html", ["direct quote", "Maria Delgado ▸", "all reports"]),
    ("index.html", ["Who is quoted, how, and how surely", "student"]),
    ("lesson-student.html", ["Check the machine", "Words we use"]),
])
def test_pages_in_a_browser(reported, tmp_path, page, expected):
    browser.require()
    out, _ = reported
    shot = browser.screenshot(out / page, tmp_path / "page.png")
    assert browser.colours(shot) > 50
    dom = browser.dom(out / page)
    assert "data-pwned=" not in dom  # no script or onerror from the article ran
    for text in expected:
        assert text in dom
    if page != "index.html":
        assert dom.count("data:image/png;base64") >= 2  # the figures are drawn


def test_failed_rerun_keeps_previous_outputs(reported, articles, monkeypatch):
    out, _ = reported
    before = snapshot(out)

    class CellFailed(Exception):  # as papermill reports an exception raised in a cell
        ename, evalue = "ParameterError", "parameter 'article': cannot be used"

    def broken(notebook, output, parameters, kernel):
        if notebook.name == report.ARTICLE_NOTEBOOK:
            raise CellFailed
        execute(notebook, output, parameters, kernel)

    execute = report.execute
    monkeypatch.setattr(report, "execute", broken)
    result = report.run_report([articles / "story.txt", articles / "story.html"], out,
                               progress=False, log=lambda line: None)
    assert len(result.failures) == 2
    assert all("ParameterError" in f for f in result.failures)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != "index.html"} == \
        {k: v for k, v in before.items() if k != "index.html"}
    index = after["index.html"].decode()
    assert index.count("this run failed: ParameterError") == 2
    assert str(articles) not in index  # the reason, without the article's full path
    assert not [p for p in out.iterdir() if p.name.startswith(".report-")]


def test_model_that_cannot_be_loaded_changes_nothing(reported, articles):
    out, _ = reported
    before = snapshot(out)
    with pytest.raises(ModelNotFoundError):
        report.run_report([articles / "story.txt"], out, model="no_such_pipeline",
                          progress=False, log=lambda line: None)
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".report-")]


def test_interrupted_rerun_keeps_previous_outputs(reported, articles, monkeypatch):
    out, _ = reported
    before = snapshot(out)

    def interrupted(notebook, output, parameters, kernel):
        output.write_text("{ half a notebook", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "execute", interrupted)
    with pytest.raises(KeyboardInterrupt):
        report.run_report([articles / "story.txt", articles / "story.html"], out,
                          progress=False, log=lambda line: None)
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".report-")]


def run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "report", *arguments],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def refused(capsys, folder: Path, *arguments: Path) -> str:
    """The one line ``report ARGUMENTS`` prints, after checking it exits 1 and leaves every
    file under ``folder`` as it was."""
    before = snapshot(folder)
    status = main(["report", *map(str, arguments)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("error: --out ")
    assert snapshot(folder) == before
    return err


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "port-strike.html", folder / "port-strike.html")
    return folder


def test_out_equal_to_the_input_folder_is_refused(tmp_path, inputs, capsys):
    err = refused(capsys, tmp_path, inputs, "--out", inputs)
    assert "holds the articles it reads" in err


def test_out_above_the_inputs_is_refused(tmp_path, inputs, capsys):
    err = refused(capsys, tmp_path, inputs / "port-strike.html", "--out", tmp_path)
    assert "holds the articles it reads" in err and "port-strike.html" in err


def test_out_inside_the_input_folder_is_refused(tmp_path, inputs, capsys):
    """Its pages would be read back as articles by the next report on the folder."""
    err = refused(capsys, tmp_path, inputs, "--out", inputs / "reports")
    assert "lies inside a folder of the articles" in err
    assert not (inputs / "reports").exists()


def test_unusable_out_is_reported_once(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = run_cli(str(DATA / "port-strike.html"), str(DATA / "vaccine-trial.md"),
                   "--out", str(blocker / "reports"))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "cannot write reports there" in done.stderr


@pytest.mark.parametrize("files, expected", [
    (["a/story.txt", "a/story.html"], ["story-txt", "story-html"]),
    (["a/corpus.txt", "a/index.html", "a/lesson.md", "a/figures.txt"],
     ["corpus-txt", "index-html", "lesson-md", "figures-txt"]),
    (["a/Story.txt", "b/story.TXT"], ["Story-txt", "story-TXT-2"]),
    (["a/...txt", "a/x\n\x1b[31m.txt"], ["article", "x-31m"]),
    (["a/plain.txt"], ["plain"]),
])
def test_report_names_are_distinct_and_stable(files, expected):
    paths = [Path(f) for f in files]
    assert list(report.article_names(paths).values()) == expected
    assert report.article_names(paths) == report.article_names(list(paths))


@pytest.mark.parametrize("out", [ROOT / "notebooks", ROOT])
def test_check_out_refuses_the_notebooks_folder(tmp_path, out):
    article = tmp_path / "corpus.txt"  # its report would be corpus.ipynb
    article.write_text("x", encoding="utf-8")
    with pytest.raises(AnalysisError, match="holds the notebooks"):
        report.check_out(out, [article], [article])
