"""The command line's tables, the corpus notebook and ``extract`` read and analyse articles
the same way: on the same files they give the same article ids (two ``story.txt`` in two
folders included) and the same ``speaker_id`` for every quotation."""
import json

import pytest

from analysis.apps.cli import main
from analysis.corpus import extract, store
from analysis.views.notebook import CorpusRun

ARTICLES = {
    "a/story.txt": 'Council delays transit vote\n\n"We will not rush this budget," said council '
                   "president Maria Delgado on Tuesday. Mayor John Park said that the money "
                   "was already committed and that the delay was a stunt.\n",
    "b/story.txt": 'Mayor defends transit plan\n\n"The money is committed and the trains will '
                   'run on time," Park told reporters on Wednesday. "We cannot wait another '
                   'year for this," he said. Delgado said that the council needed more time '
                   "to read the plan.\n",
    "harbour.txt": 'Harbour workers end strike\n\n"The strike is over and the cranes are moving '
                   'again," said union leader Ana Silva on Monday. Ms. Delgado, who chairs the '
                   "port board, said that the deal was fair to both sides.\n",
}
IDS = ["story-txt", "story-txt-2", "harbour"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The articles, and the paths a user names them by: two folders and a file."""
    root = tmp_path_factory.mktemp("entry-points")
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root, [root / "a", root / "b", root / "harbour.txt"]


def quoted(frame) -> list[tuple[str, str, str]]:
    """(article, speaker, speaker_id) of every quote row, in order."""
    return list(zip(frame["article"], frame["speaker"], frame["speaker_id"], strict=True))


def test_the_command_line_the_notebook_and_extract_agree(corpus, capsys, nlp):
    root, paths = corpus
    assert main(["quotes", *map(str, paths), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    command_line = [(r["article"], r["speaker"], r["speaker_id"]) for r in rows]

    notebook = CorpusRun.from_parameters(corpus=[str(p) for p in paths])

    out = root.parent / f"{root.name}-tables"
    extract.extract(f"{root}/**/*.txt", out, progress=False, log=lambda line: None)
    articles = store.read_table(out, "articles")

    assert notebook.articles["article"].tolist() == articles["article"].tolist() == IDS
    assert list(dict.fromkeys(r["article"] for r in rows)) == IDS
    assert command_line == quoted(notebook.quotes) == quoted(store.read_table(out, "quotes"))
    # "Park" and "Ms. Delgado" alone in their articles are the full names another article
    # gives them.
    assert ("story-txt-2", "Park", "John Park") in command_line
    assert ("harbour", "Delgado", "Maria Delgado") in command_line


def test_a_tables_title_is_the_one_every_view_shows(tmp_path):
    """A corpus table's title wins over the headline found in its text: in the articles
    table, in the corpus notebook and in the article notebook on the extracted tables; the
    text's own headline still opens its paragraphs (numbered 0)."""
    import pandas as pd

    from analysis.views.notebook import ArticleRun

    pd.DataFrame({"id": ["harbour"], "title": ["Strike over at the port"],
                  "text": [ARTICLES["harbour.txt"]]}).to_csv(tmp_path / "news.csv", index=False)
    out = tmp_path / "tables"
    extract.extract(tmp_path / "news.csv", out, progress=False, log=lambda line: None)
    corpus = CorpusRun.from_parameters(tables=str(out))
    article = ArticleRun.from_parameters(article="harbour", tables=str(out))
    assert corpus.articles["title"].tolist() == ["Strike over at the port"]
    assert (article.name, article.facts()["title"]) == ("Strike over at the port",) * 2
    assert article.article.title == "Harbour workers end strike"
    assert article.quotes["paragraph"].tolist() == [1, 1]
