"""The notebooks executed by papermill with test parameters, from another folder."""
import nbformat
import papermill
import pytest

from .conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def outputs_text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [str(v) for k, v in output.get("data", {}).items() if k.startswith("text")]
    return "\n".join(parts)


@pytest.mark.parametrize("article, expected", [
    ("data/port-strike.html", ["Kevin Doyle", "Eastgate Terminals"]),
    ("data/city-council-budget.txt", ["Maria Delgado", "Tom Harris"]),
])
def test_article_notebook_with_another_article(tmp_path, monkeypatch, article, expected):
    monkeypatch.chdir(tmp_path)  # paths resolve from the package, not the working directory
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "article.ipynb"), str(out), kernel_name="python3",
                               parameters={"article": article, "figures_dir": str(tmp_path)},
                               progress_bar=False)
    text = outputs_text(nbformat.read(out, as_version=4))
    for name in expected:
        assert name in text
    stem = article.split("/")[-1].rsplit(".", 1)[0]
    figures = sorted(p.name for p in (tmp_path / stem).glob("*.png"))
    assert figures == ["attribution_verbs.png", "hedging.png", "quotes_per_speaker.png"]


def test_corpus_notebook_lists_every_article(tmp_path):
    out = tmp_path / "corpus.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "corpus.ipynb"), str(out), kernel_name="python3",
                               parameters={"figures_dir": str(tmp_path)}, progress_bar=False,
                               cwd=str(tmp_path))
    text = outputs_text(nbformat.read(out, as_version=4))
    for stem in ("isis-threatens-hamas", "port-strike", "vaccine-trial", "city-council-budget"):
        assert stem in text
    assert len(list((tmp_path / "corpus").glob("*.png"))) == 3


@pytest.mark.parametrize("parameters, message", [
    ({"article": "no/such/article.txt"}, "parameter 'article':"),
    ({"article": 42}, "parameter 'article' must be a path"),
    ({"model": "no_such_model"}, "parameter 'model':"),
])
def test_bad_parameter_fails_with_one_line(tmp_path, parameters, message):
    with pytest.raises(papermill.PapermillExecutionError) as error:
        papermill.execute_notebook(str(NOTEBOOKS / "article.ipynb"), str(tmp_path / "o.ipynb"),
                                   kernel_name="python3", parameters=parameters,
                                   progress_bar=False)
    assert error.value.ename == "ParameterError"
    assert message in error.value.evalue and "\n" not in error.value.evalue


def test_lesson_notebook_with_another_article(tmp_path):
    out = tmp_path / "lesson.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "lesson.ipynb"), str(out), kernel_name="python3",
                               parameters={"article": "data/vaccine-trial.md",
                                           "figures_dir": str(tmp_path)},
                               progress_bar=False, cwd=str(tmp_path))
    text = outputs_text(nbformat.read(out, as_version=4))
    assert "Amina Bello" in text and "Lars Nilsson" in text
    assert "admitted" in text  # a confession-implying verb in the loaded-verbs step
