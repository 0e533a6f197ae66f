"""`python -m analysis extract`: one parse per article writes every table as Parquet; the
tables equal the command line's; table exports are read; bad articles become rows of the
errors table; an interrupted or killed run goes on where it stopped; parses are cached; and
the same tables come from a pool of processes and from a Dask cluster of separate processes."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from spacy.language import Language

from analysis.core.errors import AnalysisError
from analysis.corpus import extract, store
from analysis.tables import schema
from analysis.tables.rows import cues_frame, hedges_frame, quotes_frame
from tests.conftest import ROOT
from tests.corpus.conftest import DATA, run_cli, same, tables_of

NOT_ENGLISH = ("Der Stadtrat hat am Dienstag beschlossen, alle Parks der Stadt über den Winter "
               "offen zu halten, nachdem lange über die Kosten für die Heizung der Gebäude in "
               "den Parks gestritten worden war, und die Bürgermeisterin sagte, sie sei froh.")


def test_tables_equal_the_command_lines(extracted, corpus, nlp):
    from analysis.pipeline.run import analyse
    from analysis.text.articles import collect_paths, read_article

    pairs = [(a, analyse(a, nlp)) for a in map(read_article, collect_paths([corpus]))]
    tables = tables_of(extracted)
    assert same(tables["quotes"], quotes_frame(pairs))
    assert same(tables["cues"], cues_frame(pairs))
    assert same(tables["hedges"], hedges_frame(pairs))
    assert tables["quotes"]["speaker_id"].ne("").any()
    articles = tables["articles"]
    assert list(articles["article"]) == [a.id for a, _ in pairs]
    assert list(articles["position"]) == [0, 1, 2, 3]
    assert list(articles["quotes"]) == [len(quotes_frame([p])) for p in pairs]
    assert all(text == a.text for text, (a, _) in zip(articles["text"], pairs, strict=True))
    assert tables["errors"].empty


def test_speakers_table_counts_each_articles_speakers(extracted):
    tables = tables_of(extracted)
    speakers, quotes = tables["speakers"], tables["quotes"]
    counted = quotes.groupby(["article", "speaker"]).size()
    for row in speakers.itertuples():
        assert counted[(row.article, row.speaker)] == row.quotes
        ids = quotes[(quotes["article"] == row.article) & (quotes["speaker"] == row.speaker)]
        assert set(ids["speaker_id"]) == {row.speaker_id}
    assert speakers["quotes"].sum() == len(quotes)


def test_every_file_is_a_versioned_part_listed_in_the_manifest(extracted):
    manifest = json.loads((extracted / "manifest.json").read_text())
    assert manifest["complete"] and manifest["articles"] == 4
    assert sorted(manifest["parts"]) == ["0", "1"]
    for table in store.TABLES:
        names = sorted(p.name for p in (extracted / table).iterdir())
        assert names == ["part-00000.parquet", "part-00001.parquet"]
        for path in (extracted / table).iterdir():
            metadata = pq.read_schema(path).metadata
            assert metadata[b"schema_version"] == str(store.SCHEMA_VERSION).encode()
    # Readers that know nothing of the manifest read the folder as one table.
    assert len(pd.read_parquet(extracted / "quotes")) == len(store.read_table(extracted, "quotes"))


def test_every_part_has_the_schemas_columns_and_types(extracted):
    arrow = {schema.TEXT: "string", schema.INTEGER: "int64", schema.NUMBER: "double",
             schema.FLAG: "bool"}
    for table in schema.TABLES:
        expected = [(c.name, arrow[c.kind]) for c in schema.stored(table)]
        for path in sorted((extracted / table).iterdir()):
            assert [(f.name, str(f.type)) for f in pq.read_schema(path)] == expected


def test_every_part_is_written_once(corpus, tmp_path, monkeypatch):
    """``speaker_id``, known only at the end, goes into a table of its own: every part file
    the run wrote is still the one it wrote (a rewrite would be another file, renamed over)."""
    written: list[tuple] = []
    real_write = store.write_part

    def recorded(folder, table, number, rows, table_schema):
        path = real_write(folder, table, number, rows, table_schema)
        written.append((path, path.stat().st_ino))
        return path

    monkeypatch.setattr(store, "write_part", recorded)
    out = tmp_path / "tables"
    extract.extract(corpus, out, part_size=2, progress=False)
    assert len({path for path, _ in written}) == len(written) == 2 * len(store.TABLES)
    assert all(path.stat().st_ino == inode for path, inode in written)
    speakers = store.read_table(out, "speakers")
    assert speakers["speaker_id"].ne("").tolist() == speakers["speaker"].ne("").tolist()


def test_outside_readers_join_the_speaker_ids(extracted):
    """What the README shows a reader without this package: the join gives each quote the
    ``speaker_id`` that ``read_table`` gives it."""
    quotes = pd.read_parquet(extracted / "quotes").merge(
        pd.read_parquet(extracted / "speaker_ids.parquet"),
        on=["article", "speaker", "speaker_kind"], how="left")
    assert quotes["speaker_id"].fillna("").tolist() == \
        store.read_table(extracted, "quotes")["speaker_id"].tolist()
    assert list(store.read_table(extracted, "speakers", columns=["speaker_id", "quotes"])) == \
        ["speaker_id", "quotes"]


def test_tables_of_an_older_schema_are_refused_then_extracted_again(corpus, extracted, tmp_path,
                                                                    capsys):
    out = tmp_path / "tables"
    shutil.copytree(extracted, out)
    manifest = json.loads((out / "manifest.json").read_text())
    store.write_manifest(out, {**manifest, "schema_version": store.SCHEMA_VERSION - 1})
    with pytest.raises(AnalysisError, match="older than this version's.*extract` again"):
        store.read_table(out, "quotes")
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 0 and "extracting every article again" in err
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(extracted)[table]), table


def test_a_rerun_is_done_at_once_and_changes_nothing(extracted, corpus, capsys):
    before = {p: p.read_bytes() for p in extracted.rglob("*.parquet")}
    status, err = run_cli(capsys, corpus, "--out", extracted, "--part-size", 2)
    assert status == 0
    assert "4 articles (4 done before)" in err
    assert {p: p.read_bytes() for p in extracted.rglob("*.parquet")} == before


def test_table_exports_with_metadata_and_bad_rows(tmp_path, capsys):
    body = (DATA / "city-council-budget.txt").read_text(encoding="utf-8")
    rows = pd.DataFrame({
        "id": ["a", "a", "b", "c"], "text": [body, body, NOT_ENGLISH, ""],
        "title": ["Parks stay open", "", "", ""], "date": ["2016-10-01T08:00:00Z", "", "", ""],
        "outlet": ["Gazette", "Gazette", "Zeitung", ""], "url": ["https://x.test/a", "", "", ""],
        "section": ["city", "city", "", ""], "words": ["7", "", "", ""],
    })
    exports = {"news.csv": lambda p: rows.to_csv(p, index=False),
               "news.jsonl": lambda p: rows.to_json(p, orient="records", lines=True),
               "news.parquet": lambda p: rows.to_parquet(p)}
    for name, write in exports.items():
        write(tmp_path / name)
        status, err = run_cli(capsys, tmp_path / name, "--out", tmp_path / f"out-{name}")
        assert status == 1, err
        assert "2 failed" in err and "Traceback" not in err
        tables = tables_of(tmp_path / f"out-{name}")
        articles = tables["articles"]
        assert list(articles["article"]) == ["a", "a-2"], name
        assert articles["outlet"].tolist() == ["Gazette", "Gazette"]
        assert articles["date"].iloc[0] == "2016-10-01"
        assert articles["title"].iloc[0] == "Parks stay open"
        assert articles["section"].tolist() == ["city", "city"]
        assert articles["input_words"].iloc[0] == "7"  # never shadows the word count
        assert articles["words"].iloc[0] > 100
        assert set(tables["quotes"]["article"]) == {"a", "a-2"}
        errors = tables["errors"]
        assert errors["article"].tolist() == ["b", "c"]
        assert "English" in errors["error"].iloc[0]
        assert "empty" in errors["error"].iloc[1]


def test_files_sharing_a_stem_get_distinct_ids(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(DATA / "city-council-budget.txt", tmp_path / folder / "story.txt")
    shutil.copy(DATA / "city-council-budget.txt", tmp_path / "a" / "story.md")
    status, err = run_cli(capsys, f"{tmp_path}/**/*", "--out", tmp_path / "out")
    assert status == 0, err
    ids = store.read_table(tmp_path / "out", "articles")["article"].tolist()
    assert sorted(ids) == ["story-md", "story-txt", "story-txt-2"]


@pytest.mark.parametrize("args, message", [
    (["missing-folder"], "no such file or folder"),
    (["table.csv"], "has no 'text' column"),
    (["empty"], "no articles"),
])
def test_unusable_corpus_is_one_line(tmp_path, capsys, args, message):
    (tmp_path / "table.csv").write_text("title,body\nx,y\n")
    (tmp_path / "empty").mkdir()
    status, err = run_cli(capsys, *(tmp_path / a for a in args), "--out", tmp_path / "out")
    assert status == 1
    assert err.count("\n") == 1 and message in err


def test_another_corpus_into_the_same_folder_is_refused(extracted, tmp_path, capsys):
    shutil.copy(DATA / "city-council-budget.txt", tmp_path / "other.txt")
    before = (extracted / "manifest.json").read_bytes()
    status, err = run_cli(capsys, tmp_path, "--out", extracted)
    assert status == 1 and "holds tables of another corpus" in err
    assert (extracted / "manifest.json").read_bytes() == before


def test_interrupted_run_goes_on_where_it_stopped(corpus, extracted, tmp_path, monkeypatch,
                                                  capsys):
    written = []
    real_write = store.write_manifest

    def interrupt_after_first_part(folder, manifest):
        real_write(folder, manifest)
        written.append(len(manifest["parts"]))
        if len(manifest["parts"]) == 1:
            raise KeyboardInterrupt

    out = tmp_path / "tables"
    monkeypatch.setattr(store, "write_manifest", interrupt_after_first_part)
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 130 and "run the same command again" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest["parts"]) == ["0"] and not manifest["complete"]
    monkeypatch.setattr(store, "write_manifest", real_write)
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 0 and "(2 done before)" in err
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(extracted)[table]), table


def test_killed_run_goes_on_where_it_stopped(corpus, extracted, tmp_path):
    out = tmp_path / "tables"
    command = [sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out),
               "--part-size", "1", "--no-cache"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if json.loads((out / "manifest.json").read_text())["parts"]:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    manifest = json.loads((out / "manifest.json").read_text())
    assert 1 <= len(manifest["parts"]) < 4, "the run was not killed in the middle"
    for number in manifest["parts"]:  # every part the manifest lists is whole
        for table in store.TABLES:
            pq.read_table(out / table / store.part_name(int(number)))
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(extracted)[table]), table


def test_changed_analysis_reruns_from_cached_parses(corpus, extracted, tmp_path, monkeypatch,
                                                    capsys):
    out, cache = tmp_path / "tables", tmp_path / "parses"
    assert run_cli(capsys, corpus, "--out", out, "--cache", cache)[0] == 0
    assert len(list(cache.rglob("*.spacy"))) == 4
    monkeypatch.setattr(extract, "analysis_key", lambda *args: "another rule")

    def no_parsing(self, *args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(Language, "pipe", no_parsing)
    monkeypatch.setattr(Language, "__call__", no_parsing)
    status, err = run_cli(capsys, corpus, "--out", out, "--cache", cache)
    assert status == 0, err
    assert "extracting every article again" in err
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(extracted)[table]), table


@pytest.mark.parametrize("options", [["--n-process", "2"],
                                     ["--scheduler", "local", "--n-process", "2"]],
                         ids=["process-pool", "dask-local-cluster"])
def test_several_processes_give_the_same_tables(corpus, extracted, tmp_path, options):
    """In a subprocess: worker processes are started afresh, as a user's run starts them."""
    out = tmp_path / "tables"
    run = subprocess.run([sys.executable, "-m", "analysis", "extract", str(corpus), "--out",
                          str(out), "--part-size", "2", "--no-cache", *options],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(extracted)[table]), table


def test_article_notebook_from_tables_loads_no_model(extracted, nlp):
    """The article notebook's run on extracted tables, in a fresh interpreter: every cell's
    output, and spaCy's model never loaded."""
    script = f"""
import sys
from analysis.pipeline.model import load_nlp
from analysis.views.notebook import ARTICLE_FIGURES, ArticleRun
run = ArticleRun.from_parameters(article="isis-threatens-hamas", tables={str(extracted)!r})
run.summary(); page = run.highlighted().data; run.quote_table(); run.speaker_table()
figures = [run.figure(name) for name in ARTICLE_FIGURES]
assert all(f._repr_png_() for f in figures)
assert load_nlp.cache_info().currsize == 0
assert not [m for m in sys.modules if m.startswith("en_core_web")]
print(page)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    from analysis.pipeline.run import analyse
    from analysis.text.articles import read_article
    from analysis.views.highlight import article_html

    article = read_article(DATA / "isis-threatens-hamas.txt")
    assert done.stdout.strip() == article_html(article, analyse(article, nlp),
                                               standalone=False).strip()


def test_lesson_from_tables_loads_no_model_and_reads_as_from_the_parse(extracted, nlp):
    """The lesson on extracted tables, in a fresh interpreter, gives the names never heard and
    the loaded verbs' sentences the parse gives (from the ``names`` table and the cues'
    ``sentence``), and its exercise is the next article of the tables; no model is loaded."""
    script = f"""
import sys
from analysis.pipeline.model import load_nlp
from analysis.views.lesson import LessonRun
lesson = LessonRun.from_parameters(article="isis-threatens-hamas", tables={str(extracted)!r})
exercise = lesson.exercise()
print(lesson.unquoted_names().to_json(orient="records"))
print(lesson.loaded_cues().to_json(orient="records"))
print(exercise.article.id, len(exercise.quotes), exercise.model)
assert load_nlp.cache_info().currsize == 0
assert not [m for m in sys.modules if m.startswith("en_core_web")]
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    from analysis.text.articles import read_article
    from analysis.views.lesson import LessonRun

    parsed = LessonRun(read_article(DATA / "isis-threatens-hamas.txt"))
    names, loaded, exercise = done.stdout.splitlines()
    assert names == parsed.unquoted_names().to_json(orient="records")
    assert "Yarmouk" in names
    assert loaded == parsed.loaded_cues().to_json(orient="records")
    assert exercise.split()[0] == parsed.exercise().article.id == "port-strike"
    assert int(exercise.split()[1]) == len(parsed.exercise().quotes) > 0


def test_corpus_from_tables_by_outlet_and_month(tmp_path, capsys):
    from analysis.views.notebook import CorpusRun

    texts = [(DATA / name).read_text(encoding="utf-8")
             for name in ("city-council-budget.txt", "isis-threatens-hamas.txt")]
    pd.DataFrame({"text": texts * 2, "outlet": ["Gazette", "Herald", "Herald", ""],
                  "date": ["2016-09-30", "2016-10-02", "2016-10-20", ""]}
                 ).to_json(tmp_path / "news.jsonl", orient="records", lines=True)
    assert run_cli(capsys, tmp_path / "news.jsonl", "--out", tmp_path / "out")[0] == 0
    by_outlet = CorpusRun.from_parameters(tables=str(tmp_path / "out"), group_by="outlet")
    groups = by_outlet.groups().set_index("outlet")
    assert groups["articles"].to_dict() == {"(no outlet)": 1, "Gazette": 1, "Herald": 2}
    quotes = store.read_table(tmp_path / "out", "quotes")
    herald = quotes[quotes["article"].isin(["news-2", "news-3"])]
    assert groups.loc["Herald", "paraphrased"] == (herald["kind"] == "indirect").sum()
    by_month = CorpusRun.from_parameters(tables=str(tmp_path / "out"), group_by="month")
    assert by_month.groups()["month"].tolist() == ["(no date)", "2016-09", "2016-10"]
    assert "Sami Abu Zuhri" in by_month.groups().set_index("month").loc[
        "2016-10", "most quoted people"]


def test_hostile_files_become_rows_of_the_errors_table(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(DATA / "city-council-budget.txt", folder / "good.txt")
    (folder / "binary.txt").write_bytes(bytes(256) * 20)
    (folder / "empty.md").write_bytes(b"")
    (folder / "german.txt").write_text(NOT_ENGLISH, encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "missing")
    os.mkfifo(folder / "pipe.txt")
    status, err = run_cli(capsys, folder, "--out", tmp_path / "out")
    assert status == 1 and "Traceback" not in err
    tables = tables_of(tmp_path / "out")
    assert tables["articles"]["article"].tolist() == ["good"]
    assert len(tables["quotes"]) > 0
    reasons = dict(zip(tables["errors"]["article"], tables["errors"]["error"], strict=True))
    assert reasons == {"binary": "the file is binary, not text", "empty": "the file is empty",
                       "german": reasons["german"], "gone": "a link to a missing file",
                       "pipe": "is not a regular file (a pipe, device or socket)"}
    assert "English" in reasons["german"]
    assert "5 articles failed" in err


def test_analysed_docs_are_freed(corpus):
    """Memory stays flat over a corpus: once a batch's rows are made, none of its Docs (nor
    anything the components keep per doc) is still alive."""
    import gc

    from spacy.tokens import Doc

    from analysis.corpus.batches import Settings, Work, analyse_batch
    from analysis.corpus.sources import Corpus

    works = [Work(e.position, e.read()) for e in Corpus(corpus).entries()]

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, Doc) for o in gc.get_objects())

    before = alive()
    rows = analyse_batch(works, Settings())
    assert len(rows.tables["articles"]) == 4
    assert alive() == before


def test_a_jsonl_table_counts_a_row_per_line_that_is_not_blank(tmp_path):
    from analysis.corpus.sources import Corpus

    table = tmp_path / "news.jsonl"
    table.write_text('{"text": "One."}\n\n{"text": "Two.", "id": "b"}\nnot json\n  \n',
                     encoding="utf-8")
    corpus = Corpus(table)
    entries = list(corpus.entries())
    assert len(corpus) == len(entries) == 3
    assert [e.id for e in entries] == ["news-1", "b", "news-3"]
