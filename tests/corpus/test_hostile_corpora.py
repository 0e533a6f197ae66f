"""Hostile corpora for `extract`: every bad row of a table is one row of the errors table
saying why, every good row is still extracted, and a table that cannot be read at all is one
line with exit status 1. Never a traceback, an invented article or a lost good row. The
files are made here; the ones whose size matters are read in well under a second."""
import csv
import io
import json
import os
import signal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.apps.cli import main
from analysis.corpus import sources, store
from analysis.corpus.batches import read_entries
from analysis.corpus.sources import Corpus
from analysis.text import articles
from tests.corpus.conftest import run_cli, tables_of

GOOD = ('"We will not rush this budget," said council president Maria Delgado on Tuesday. '
        "The mayor said that the money was already committed and that the delay was a stunt.")
PLAIN = "The mayor said that the money was already committed and that the delay was a stunt."
TOO_LARGE = "the row is larger than the 1,000,000-byte limit (set ANALYSIS_MAX_BYTES to raise it)"


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def read(path) -> tuple[list[str], dict[str, str]]:
    """The corpus reader alone (what extract runs before any analysis): the ids of the
    articles read, and each failure's reason by its source."""
    works, errors = read_entries(Corpus(path).entries())
    return [w.article.id for w in works], {e["source"]: e["error"] for e in errors}


def extracted(capsys, path, out):
    """extract in this process: (exit status, stderr lines, articles ids, errors by id)."""
    status, err = run_cli(capsys, path, "--out", out)
    assert "Traceback" not in err
    tables = tables_of(out)
    errors = tables["errors"]
    return (status, err.splitlines(), tables["articles"]["article"].tolist(),
            dict(zip(errors["article"], errors["error"], strict=True)))


# ---------------------------------------------------------------- CSV


def test_an_oversize_csv_cell_is_its_rows_error_and_the_good_rows_are_extracted(
        tmp_path, capsys):
    """csv's reader cannot find the next row after a cell over its field limit; each row is
    cut before csv reads it, so an oversize cell (with line breaks) costs only its own row."""
    table = tmp_path / "news.csv"
    table.write_text(csv_text([["id", "text"], ["a", GOOD], ["huge", "Line.\n" * 900_000],
                               ["big", GOOD + " More." * 200_000], ["c", GOOD]]),
                     encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 1 and ids == ["a", "c"]
    assert errors == {"news-2": TOO_LARGE,
                      "big": "the text is larger than the 1,000,000-byte limit "
                             "(set ANALYSIS_MAX_BYTES to raise it)"}
    assert err[-3:] == ["error: 2 articles failed:", f"  {table}: row 2: {TOO_LARGE}",
                        f"  {table}: row 3: {errors['big']}"]


def test_a_csv_row_not_in_utf8_is_its_error_wherever_it_is(tmp_path, capsys):
    """A Latin-1 byte past the first 8 kB (the reader's first buffer) fails its row, as one
    in the first line would, not the run."""
    table = tmp_path / "news.csv"
    table.write_bytes(csv_text([["id", "text", "notes"], ["a", GOOD, "x" * 9000]]).encode()
                      + csv_text([["b", "Café " + GOOD, ""]]).encode("latin-1")
                      + csv_text([["c", GOOD, ""]]).encode())
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 1 and ids == ["a", "c"]
    assert errors == {"news-2": "the row is not UTF-8 (byte 0xe9); save the table as UTF-8"}
    assert err[-1] == f"error: {table}: row 2: {errors['news-2']}"
    bom = tmp_path / "bom.csv"  # a byte-order mark, then Latin-1: the same
    bom.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    assert read(bom) == (["a", "c"], {f"{bom}: row 2": errors["news-2"]})


def test_broken_quoting_is_said_and_invents_no_articles(tmp_path, capsys):
    """A quotation mark left single inside a quoted cell: csv ends the cell there and reads
    the cell's next lines as rows (sentence fragments as ids). Each such row is one error,
    the rows around it are read."""
    table = tmp_path / "news.csv"
    table.write_text(
        "id,text\n"
        f'a,"{GOOD.replace(chr(34), chr(34) * 2)}"\n'
        f'b,"Council delays vote.\n\n{GOOD}\nThe mayor, who left early, said it was a stunt."\n'
        "c,He said that the vote, which was delayed, was a stunt\n"
        f'd,"{GOOD.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 1 and ids == ["a", "d"]
    assert errors == {
        "news-2": 'a quotation mark inside a quoted cell is not doubled (write "" for one), '
                  "so where the row's cells end is unclear",
        "news-3": "the row has 4 cells where the header has 2 (a comma in a cell that is not "
                  "quoted?)"}
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(f'id,text\na,"{GOOD.replace(chr(34), chr(34) * 2)}"\nb,"Council '
                        f'said\nc,{PLAIN}\n', encoding="utf-8")
    assert read(unclosed) == (["a"], {f"{unclosed}: row 2": "a quotation mark opened in this "
                                      "row never closes (the rest of the file is in its cell)"})
    short = tmp_path / "short.csv"
    short.write_text(f"id,text,title\na\nb,{PLAIN},T\n", encoding="utf-8")
    assert read(short) == (["b"], {f"{short}: row 1": "the row has 1 cell where the header "
                                   "has 3 (a cell missing, or a line break in a cell that is "
                                   "not quoted?)"})


def test_a_csv_whose_header_cannot_be_read_is_one_line(tmp_path, capsys):
    table = tmp_path / "news.csv"
    table.write_text(f'"id,text\na,{GOOD}\n', encoding="utf-8")
    status, err = run_cli(capsys, table, "--out", tmp_path / "out")
    assert status == 1 and err.count("\n") == 1
    assert err == (f"error: {table}: cannot be read as csv (the header: a quotation mark "
                   "opened in this row never closes (the rest of the file is in its cell))\n")


def test_nul_bytes_in_a_csv_cell_are_read_as_spaces(tmp_path):
    table = tmp_path / "news.csv"
    table.write_bytes(csv_text([["id", "text"], ["a", GOOD + "\x00 Yes."]]).encode())
    works, errors = read_entries(Corpus(table).entries())
    assert errors == [] and works[0].article.text.endswith("stunt.  Yes.")


# ---------------------------------------------------------------- JSONL


def test_a_json_line_nested_too_deeply_is_its_error(tmp_path, capsys):
    table = tmp_path / "news.jsonl"
    deep = "[" * 200_000 + "]" * 200_000
    table.write_text("\n".join([json.dumps({"id": "a", "text": GOOD}),
                                f'{{"id": "deep", "text": "x", "n": {deep}}}',
                                f'{{"id": {deep}}}', "[1, 2]",
                                json.dumps({"id": "c", "text": GOOD})]) + "\n",
                     encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 1 and ids == ["a", "c"]
    assert errors == {"news-2": "not a JSON object (nested too deeply)",
                      "news-3": "not a JSON object (nested too deeply)",
                      "news-4": "not a JSON object"}


def test_a_5000_digit_id_is_the_articles_id(tmp_path, capsys):
    """json refuses integers over 4,300 digits (a ValueError, which made the whole table look
    as if it had no columns); the id keeps its digits."""
    table = tmp_path / "news.jsonl"
    table.write_text(f'{{"id": {"7" * 5000}, "text": {json.dumps(GOOD)}, "n": -{"1" * 5000}}}\n',
                     encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 0 and errors == {} and ids == ["7" * 5000]
    assert store.read_table(tmp_path / "out", "articles")["n"].tolist() == ["-" + "1" * 5000]


def test_lone_surrogates_are_escaped_in_ids_and_replaced_in_text(tmp_path, capsys):
    """A JSON string may escape half a surrogate pair, which UTF-8 (and so Parquet) cannot
    store: the run used to stop at its first write, every time it was run again."""
    table = tmp_path / "news.jsonl"
    table.write_text(f'{{"id": "a\\ud800", "title": "T\\udfff", "k": "\\udc00", '
                     f'"text": "{json.dumps(GOOD)[1:-1]} \\ud800Yes."}}\n'
                     f'{{"id": "a\\\\ud800", "text": {json.dumps(GOOD)}}}\n', encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 0 and errors == {}
    assert ids == ["a\\ud800", "a\\ud800-2"]  # escaped as printed, still unique
    stored = store.read_table(tmp_path / "out", "articles").iloc[0]
    assert (stored["title"], stored["k"]) == ("T\ufffd", "\ufffd")
    assert stored["text"] == GOOD + " \ufffdYes."  # one for one: offsets hold
    quotes = store.read_table(tmp_path / "out", "quotes")
    first = quotes[quotes["article"] == ids[0]]
    assert len(first) and all(stored["text"][s:e] in GOOD
                              for s, e in zip(first["start"], first["end"], strict=True))


# ---------------------------------------------------------------- Parquet


def test_parquet_rows_that_cannot_be_read_are_errors(tmp_path, capsys):
    table = tmp_path / "news.parquet"
    text = pa.array([GOOD.encode(), b"Caf\xe9 " + GOOD.encode(), GOOD.encode()],
                    pa.binary()).view(pa.string())  # pyarrow writes bytes as text unchecked
    pq.write_table(pa.table([text, pa.array(["a", "b", "c"]), pa.array(["1", "2", "3"]),
                             pa.array(["x", "y", "z"])], names=["text", "id", "k", "k"]), table)
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 1 and ids == ["a", "c"]
    assert errors == {"news-2": "the row is not UTF-8 (byte 0xe9)"}
    articles_table = store.read_table(tmp_path / "out", "articles")
    assert articles_table[["k", "k-2"]].values.tolist() == [["1", "x"], ["3", "z"]]
    numbers = tmp_path / "numbers.parquet"
    pd.DataFrame({"text": [1, 2]}).to_parquet(numbers)
    assert read(numbers) == ([], {f"{numbers}: row {n}": "the text cell is not text (int)"
                                  for n in (1, 2)})


@pytest.mark.parametrize("content", [b"not parquet at all", "truncated"])
def test_a_file_that_is_not_parquet_is_one_line(tmp_path, capsys, content):
    table = tmp_path / "news.parquet"
    pd.DataFrame({"text": [GOOD] * 50}).to_parquet(table)
    data = table.read_bytes()
    table.write_bytes(data[:len(data) // 2] if content == "truncated" else content)
    status, err = run_cli(capsys, table, "--out", tmp_path / "out")
    assert status == 1 and err.count("\n") == 1
    assert err.startswith(f"error: {table}: cannot be read as parquet (")


# ---------------------------------------------------------------- every table


@pytest.mark.parametrize("name", ["header.csv", "blank.jsonl", "empty.parquet"])
def test_a_table_without_rows_is_one_line_like_an_empty_folder(tmp_path, capsys, name):
    table = tmp_path / name
    if name.endswith(".csv"):
        table.write_text("id,text\n\n", encoding="utf-8")
    elif name.endswith(".jsonl"):
        table.write_text("\n  \n", encoding="utf-8")
    else:
        pd.DataFrame({"text": pd.Series([], dtype=str)}).to_parquet(table)
    status, err = run_cli(capsys, table, "--out", tmp_path / "out")
    assert (status, err) == (1, f"error: {table}: no articles (the table has no rows)\n")


def test_input_columns_never_clash_with_ours_or_each_other(tmp_path, capsys):
    """An input's ``article`` goes to ``input_article``, unless the input has its own
    ``input_article``: it is then ``input_article-2``; a header's second ``k`` is ``k-2``.
    The articles table is one every reader opens."""
    table = tmp_path / "news.csv"
    table.write_text(csv_text([["text", "article", "input_article", "k", "k", "id", "id"],
                               [GOOD, "1", "2", "3", "4", "a", "5"]]), encoding="utf-8")
    status, err, ids, errors = extracted(capsys, table, tmp_path / "out")
    assert status == 0 and ids == ["a"]
    added = ["input_article-2", "input_article", "k", "k-2", "id-2"]
    frame = pd.read_parquet(tmp_path / "out" / "articles")
    assert list(frame.columns)[-len(added):] == added
    assert frame[added].values.tolist() == [["1", "2", "3", "4", "5"]]


def test_a_table_with_too_many_columns_is_one_line(tmp_path, capsys):
    table = tmp_path / "wide.jsonl"
    row = {"text": GOOD, **{f"c{n}": "" for n in range(sources.MAX_COLUMNS)}}
    table.write_text(json.dumps(row) + "\n", encoding="utf-8")
    status, err = run_cli(capsys, table, "--out", tmp_path / "out")
    assert (status, err) == (1, f"error: {table}: has more than {sources.MAX_COLUMNS:,} "
                                "columns; export only the ones to read\n")


def test_a_huge_size_limit_is_taken_as_the_ceiling(tmp_path, monkeypatch):
    """csv's field limit is a C long: the variable's value used to overflow it."""
    table = tmp_path / "news.csv"
    table.write_text(csv_text([["text"], [GOOD]]), encoding="utf-8")
    for value in ("99999999999999999999999", "9" * 5000):
        monkeypatch.setenv("ANALYSIS_MAX_BYTES", value)
        assert articles.max_bytes() == articles.MAX_BYTES_CEILING
        assert read(table) == (["news-1"], {})


# ---------------------------------------------------------------- folders and globs


@pytest.fixture
def hostile_folder(tmp_path):
    """A folder with a good article, one whose name is not UTF-8 and a loop of links."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"bad\xff.txt"), "wb") as handle:
        handle.write(GOOD.encode())
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return folder


def test_a_name_not_in_utf8_and_a_loop_in_a_folder_extract(hostile_folder, tmp_path, capsys):
    status, err, ids, errors = extracted(capsys, hostile_folder, tmp_path / "out")
    assert status == 1 and ids == ["bad\\udcff", "good"]
    assert errors == {"loop": "a loop of symbolic links"}
    assert err[-1] == f"error: {hostile_folder}/loop.txt: a loop of symbolic links"
    sources = store.read_table(tmp_path / "out", "articles")["source"].tolist()
    assert sources[0] == f"{hostile_folder}/bad\\udcff.txt"


def test_a_name_not_in_utf8_and_a_loop_in_a_folder_quotes(hostile_folder, capsys):
    status = main(["quotes", str(hostile_folder)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == f"error: {hostile_folder}/loop.txt: a loop of symbolic links\n"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["article"] for r in rows} == {"bad\\udcff", "good"}


def test_a_glob_through_loops_of_links_to_folders_ends(tmp_path):
    """glob's ``**`` follows each loop until the path is too long, in every order of the
    loops: two loops took longer than anyone waits. Each folder is visited once."""
    folder = tmp_path / "news"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "a.txt").write_text(GOOD, encoding="utf-8")
    for name in ("up", "again"):
        (folder / "2024" / name).symlink_to(folder)

    class Hung(Exception):  # not an OSError, which glob swallows
        pass

    def too_slow(*_):
        raise Hung

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)
    try:
        corpus = Corpus(f"{folder}/**/*.txt")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert corpus.paths == [folder / "2024" / "a.txt"]
