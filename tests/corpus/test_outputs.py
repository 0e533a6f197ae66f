"""``extract --out``: refused, with one line and nothing written or deleted, when it holds
what it would read or lies inside a folder of the articles."""
import shutil
from pathlib import Path

import pytest

from analysis.apps.cli import main
from tests.conftest import ROOT

ARTICLE = ROOT / "data" / "port-strike.html"


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(capsys, folder: Path, corpus: Path, out: Path) -> str:
    """The one line ``extract CORPUS --out OUT`` prints, after checking it exits 1 and leaves
    every file under ``folder`` as it was."""
    before = files_under(folder)
    status = main(["extract", str(corpus), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("error: --out ")
    assert files_under(folder) == before
    return err


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    return folder


def test_out_inside_the_articles_folder_is_refused(tmp_path, articles, capsys):
    err = refused(capsys, tmp_path, articles, articles / "tables")
    assert "lies inside a folder of the articles" in err
    assert not (articles / "tables").exists()


@pytest.mark.parametrize("out", [".", "articles"])
def test_out_holding_the_articles_folder_is_refused(tmp_path, articles, capsys, out):
    err = refused(capsys, tmp_path, articles, tmp_path / out)
    assert "holds the articles it reads" in err and str(articles) in err


def test_out_holding_an_article_file_is_refused(tmp_path, articles, capsys):
    err = refused(capsys, tmp_path, articles / ARTICLE.name, articles)
    assert "holds the articles it reads" in err and ARTICLE.name in err
    assert not (articles / "manifest.json").exists()


def test_out_holding_the_corpus_table_keeps_its_parts(tmp_path, capsys):
    """A corpus table inside --out: extract would have deleted the part files there."""
    table = tmp_path / "export.csv"
    table.write_text("id,text\none,The mayor said the parks would stay open.\n",
                     encoding="utf-8")
    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "part-00000.parquet").write_bytes(b"someone's part")
    err = refused(capsys, tmp_path, table, tmp_path)
    assert "holds the articles it reads" in err and "export.csv" in err


def test_out_that_is_a_file_is_refused(tmp_path, articles, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert "is a file, not a folder" in refused(capsys, tmp_path, articles, blocker)


def test_out_beside_the_articles_is_used(tmp_path, articles, capsys):
    status = main(["extract", str(articles), "--out", str(tmp_path / "tables"), "--no-cache"])
    capsys.readouterr()
    assert status == 0
    assert (tmp_path / "tables" / "manifest.json").is_file()
