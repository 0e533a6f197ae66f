"""The notebooks executed by papermill with test parameters, from another folder, and the
committed notebooks (the outputs nbval compares) checked for what nbval cannot see."""
import nbformat
import papermill
import pytest

from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
ARTICLE_FIGURES = ["attribution_verbs", "hedging_along_article", "quotes_per_speaker",
                   "sourcing_mix"]


def outputs_text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(v) for k, v in output.get("data", {}).items() if k.startswith("text")]
    return "\n".join(parts)


def figure_cells(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code" and ".figure(" in c.source]


def has_image(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def execute(name: str, out, **parameters):
    papermill.execute_notebook(str(NOTEBOOKS / name), str(out), kernel_name="python3",
                               parameters=parameters, progress_bar=False)
    return nbformat.read(out, as_version=4)


@pytest.mark.parametrize("name", ["article.ipynb", "corpus.ipynb", "lesson.ipynb"])
def test_committed_notebook_shows_every_figure_as_an_image(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    cells = figure_cells(notebook)
    assert cells, "a notebook without figure cells"
    assert [c.source for c in cells if not has_image(c)] == []


@pytest.mark.parametrize("name", ["article.ipynb", "corpus.ipynb", "lesson.ipynb"])
def test_parameters_cell_comes_first_and_is_checked_next(name):
    cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
    assert cells[0].metadata.get("tags") == ["parameters"]
    assert "from_parameters(" in cells[1].source


@pytest.mark.parametrize("article, expected", [
    ("data/port-strike.html", ["Kevin Doyle", "Eastgate Terminals"]),
    ("data/city-council-budget.txt", ["Maria Delgado", "Tom Harris"]),
])
def test_article_notebook_with_another_article(tmp_path, monkeypatch, article, expected):
    monkeypatch.chdir(tmp_path)  # paths resolve from the package, not the working directory
    saved = tmp_path / "saved"
    notebook = execute("article.ipynb", tmp_path / "out.ipynb", article=article,
                       save_to=str(saved))
    text = outputs_text(notebook)
    for name in expected:
        assert name in text
    assert all(has_image(c) for c in figure_cells(notebook))
    assert sorted(p.stem for p in saved.glob("*.png")) == ARTICLE_FIGURES
    assert sorted(p.stem for p in saved.glob("*.svg")) == ARTICLE_FIGURES
    assert sorted(p.stem for p in saved.glob("*.csv")) == [
        "cues", "hedges", "quotes", "sources", "speakers", "summary"]
    assert expected[0] in (saved / "quotes.csv").read_text(encoding="utf-8")
    assert expected[0] in (saved / "sources.csv").read_text(encoding="utf-8")


def test_article_notebook_by_hand_saves_nothing(tmp_path, monkeypatch):
    """Without save_to, nothing is written: neither the project's figures/ nor elsewhere."""
    monkeypatch.chdir(tmp_path)
    figures = ROOT / "figures"
    before = {p: p.stat().st_mtime_ns for p in figures.rglob("*")}
    notebook = execute("article.ipynb", tmp_path / "out.ipynb", article="data/vaccine-trial.md")
    assert all(has_image(c) for c in figure_cells(notebook))
    assert {p: p.stat().st_mtime_ns for p in figures.rglob("*")} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.ipynb"]


def test_corpus_notebook_lists_every_article(tmp_path):
    notebook = execute("corpus.ipynb", tmp_path / "corpus.ipynb", save_to=str(tmp_path / "c"))
    text = outputs_text(notebook)
    for stem in ("isis-threatens-hamas", "port-strike", "vaccine-trial", "city-council-budget"):
        assert stem in text
    assert all(has_image(c) for c in figure_cells(notebook))
    assert len(list((tmp_path / "c").glob("*.png"))) == 4
    assert (tmp_path / "c" / "articles.csv").is_file()


@pytest.mark.parametrize("parameters, message", [
    ({"article": "no/such/article.txt"}, "parameter 'article':"),
    ({"article": 42}, "parameter 'article' must be a path"),
    ({"model": "no_such_model"}, "parameter 'model':"),
    ({"save_to": ["a"]}, "parameter 'save_to' must be a path"),
])
def test_bad_parameter_fails_with_one_line(tmp_path, parameters, message):
    with pytest.raises(papermill.PapermillExecutionError) as error:
        execute("article.ipynb", tmp_path / "o.ipynb", **parameters)
    assert error.value.ename == "ParameterError"
    assert message in error.value.evalue and "\n" not in error.value.evalue


def test_lesson_notebook_with_another_article(tmp_path):
    notebook = execute("lesson.ipynb", tmp_path / "lesson.ipynb",
                       article="data/vaccine-trial.md")
    text = outputs_text(notebook)
    assert "Amina Bello" in text and "Lars Nilsson" in text
    assert "admitted" in text  # a confession-implying verb in the loaded-verbs step
    assert "was hard for them to say" in text  # the lexicon's note beside it
    # plain column names and percentages, not the tables' own names and fractions
    assert "share of all quoted words" in text and "%" in text
    for raw in ("speaker_kind", "epistemic_modal", "share_of_quoted_words"):
        assert raw not in text
    assert all(has_image(c) for c in figure_cells(notebook))
    # the exercise is another article of the bundled corpus
    assert "Dock workers" in text or "ISIS threatens" in text or "City council" in text


def test_loaded_verbs_carry_the_note_of_their_own_kind():
    """'estimate' is in the lexicon as a verb and as a noun, each with its own note."""
    import csv

    from analysis.text.articles import article_from_text
    from analysis.views.lesson import LessonRun

    with (ROOT / "analysis" / "lexicons" / "cues.csv").open(encoding="utf-8") as handle:
        notes = {(r["cue"], r["kind"]): r["note"] for r in csv.DictReader(handle)}
    assert notes[("estimate", "verb")] != notes[("estimate", "noun")]
    run = LessonRun(article_from_text(
        "Shipping analysts estimate that the strike has left around 60 ships waiting offshore, "
        "and some retailers warned that shortages could appear within days."))
    loaded = run.loaded_cues().set_index("lemma")
    assert loaded.loc["estimate", "note"] == notes[("estimate", "verb")]
    assert loaded.loc["warn", "note"] == notes[("warn", "verb")]
