"""Hostile and unusual input on the command line: every case gets one line on stderr and a
non-zero exit, never a traceback, a hang or garbled output, and the good articles of the same
run are still done. The inputs are made here (bytes, FIFOs, sockets, links); the 1 MB ones
must be read in seconds, so a quadratic step shows up as a failure, not a slow suite."""
import csv
import io
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from analysis.apps import cli
from analysis.text import articles
from analysis.text.articles import read_article
from tests.conftest import ROOT

GOOD = ("Council delays transit vote\n\n"
        '"We will not rush this budget," said council president Maria Delgado on Tuesday. '
        "The mayor said that the money was already committed and that the delay was a stunt.\n")
ONE_MEGABYTE = 1_000_000


def run(capsys, *args):
    """``python -m analysis ARGS`` in this process: (exit status, stdout, stderr lines)."""
    status = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def good_article(folder, name="good.txt"):
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def assert_one_failure(err: list[str], expected: str):
    """stderr is exactly one line that names the failure, and no traceback."""
    assert len(err) == 1, err
    assert err[0].startswith("error: ") and expected in err[0], err


def assert_listed(err: list[str], *expected: str):
    """stderr lists the failures one line each after the count."""
    assert err[0] == f"error: {len(expected)} articles failed:", err
    assert len(err) == len(expected) + 1, err
    for text in expected:
        assert sum(text in line for line in err[1:]) == 1, (text, err)


def rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


# ---------------------------------------------------------------- size: one limit for both


def test_a_file_over_the_limit_is_one_line_and_the_good_article_is_done(tmp_path, capsys, nlp):
    good_article(tmp_path)
    (tmp_path / "huge.txt").write_text(GOOD * (ONE_MEGABYTE // len(GOOD) + 1), encoding="utf-8")
    status, out, err = run(capsys, "quotes", tmp_path)
    assert status == 1
    assert {r["article"] for r in rows(out)} == {"good"}
    assert_one_failure(err, "huge.txt: the file is larger than the 1,000,000-byte limit "
                            "(set ANALYSIS_MAX_BYTES to raise it)")


def test_a_web_page_over_the_limit_never_reaches_spacy(tmp_path, capsys, monkeypatch, nlp):
    """A saved page keeps its length after masking, so the byte limit holds for spaCy."""
    monkeypatch.setenv("ANALYSIS_MAX_BYTES", "5000")
    good_article(tmp_path)
    page = ("<!DOCTYPE html><html><body><nav>" + "<a href='#'>Home</a>" * 300 + "</nav><p>"
            + GOOD + "</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    status, out, err = run(capsys, "cues", tmp_path)
    assert status == 1 and {r["article"] for r in rows(out)} == {"good"}
    assert_one_failure(err, "page.html: the file is larger than the 5,000-byte limit")


def test_raising_the_limit_raises_spacys_max_length_too(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_MAX_BYTES", "3000000")
    assert articles.max_bytes() == 3_000_000
    from analysis.pipeline.model import load_nlp

    assert load_nlp.__wrapped__().max_length >= articles.max_bytes()


def test_an_article_the_pipeline_fails_on_is_listed_and_the_batch_kept(
        tmp_path, capsys, monkeypatch):
    """Any exception inside nlp.pipe, here spaCy's own E088 on a text over max_length."""
    from analysis.pipeline import model

    nlp = model.load_nlp()
    monkeypatch.setattr(nlp, "max_length", 2000)
    monkeypatch.setattr(model, "load_nlp", lambda name=None: nlp)  # the CLI's pipeline
    good_article(tmp_path, "a-good.txt")
    long_article = tmp_path / "b-long.txt"
    long_article.write_text(GOOD * 20, encoding="utf-8")
    good_article(tmp_path, "c-good.txt")
    status, out, err = run(capsys, "quotes", tmp_path)
    assert status == 1
    assert [r["article"] for r in rows(out) if r["kind"] == "direct"] == ["a-good", "c-good"]
    assert_one_failure(err, "b-long.txt: the analysis failed (ValueError: [E088]")


# ---------------------------------------------------------------- linear time


@pytest.mark.parametrize("name, text", [
    ("brackets", "[" * ONE_MEGABYTE),
    ("images", "![" * (ONE_MEGABYTE // 2)),
    ("link targets", "](" * (ONE_MEGABYTE // 2)),
    ("underscores", "a" + "_" * ONE_MEGABYTE + "b"),
    ("stars", "*a" * (ONE_MEGABYTE // 2)),
    ("a blank line of spaces", " " * ONE_MEGABYTE + "\nx"),
    ("a link line", "Read more " + "](" * (ONE_MEGABYTE // 2 - 10)),
    ("unclosed tags", "<p" * (ONE_MEGABYTE // 2)),
    ("unclosed attributes", '<a x="' * (ONE_MEGABYTE // 6)),
    ("unclosed marked sections", "<![" * (ONE_MEGABYTE // 3)),
    ("unclosed comments", "<!--" * (ONE_MEGABYTE // 4)),
    ("end tags never opened", "<div>" * 10_000 + "</span>" * 130_000),
])
def test_a_crafted_megabyte_is_read_in_seconds(tmp_path, capsys, name, text):
    suffix = ".html" if text.startswith("<") else ".md"
    path = tmp_path / f"crafted{suffix}"
    path.write_bytes(text.encode()[:ONE_MEGABYTE])
    started = time.perf_counter()
    status, out, err = run(capsys, "hedges", path)
    assert time.perf_counter() - started < 20, name  # quadratic: minutes to hours
    assert status == 1 and out == ""
    assert_one_failure(err, "crafted")


def test_masking_a_long_page_of_links_keeps_offsets(tmp_path):
    line = "She said it was *very* likely, see [the report](http://x.example/r) and_more.\n\n"
    path = tmp_path / "links.md"
    path.write_text(line * 5000, encoding="utf-8")
    started = time.perf_counter()
    article = read_article(path)
    assert time.perf_counter() - started < 10
    start = article.text.rindex("the report")
    assert article.analysis_text[start - 1:start + 11] == " the report "
    assert "http" not in article.analysis_text and "and_more" in article.analysis_text


# ---------------------------------------------------------------- pipes, devices, links


def test_a_fifo_named_txt_is_refused_without_waiting(tmp_path):
    """In a subprocess with a timeout: reading a FIFO would block for ever."""
    good_article(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    result = subprocess.run([sys.executable, "-m", "analysis", "cues", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert {r["article"] for r in rows(result.stdout)} == {"good"}
    assert_one_failure(result.stderr.splitlines(),
                       "pipe.txt: is not a regular file (a pipe, device or socket)")


@pytest.mark.parametrize("make", ["device", "socket"])
def test_devices_and_sockets_are_refused(tmp_path, capsys, make):
    if make == "device":
        path = "/dev/zero"
    else:
        path = tmp_path / "s.txt"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    status, out, err = run(capsys, "quotes", path)
    assert status == 1 and out == ""
    assert_one_failure(err, "is not a regular file (a pipe, device or socket)")


def test_links_in_a_folder_that_go_nowhere_are_listed(tmp_path, capsys, nlp):
    good_article(tmp_path)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    status, out, err = run(capsys, "quotes", tmp_path)
    assert status == 1 and {r["article"] for r in rows(out)} == {"good"}
    assert_listed(err, "gone.txt: a link to a missing file", "loop.txt: a loop of symbolic links")


def test_an_empty_run_says_so(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    status, out, err = run(capsys, "cues", empty)
    assert status == 1 and out == ""
    assert_one_failure(err, "empty: no articles (.txt, .md, .html, .htm) in this folder")


# ---------------------------------------------------------------- decoding


def test_latin1_is_read_as_latin1_and_says_so(tmp_path, capsys, nlp):
    path = tmp_path / "latin.txt"
    path.write_bytes(("Council delays vote\n\n“We will wait,” said Zoë Müller, the council "
                      "president, on Tuesday.\n").replace("“", '"').replace("”", '"')
                     .encode("latin-1"))
    article = read_article(path)
    assert article.encoding == "cp1252" and "Zoë Müller" in article.text
    status, out, err = run(capsys, "quotes", path, "--format", "jsonl")
    assert status == 0, err
    assert [json.loads(line)["speaker"] for line in out.splitlines()] == ["Zoë Müller"]


def test_a_file_mixing_utf8_and_cp1252_is_repaired_run_by_run(tmp_path):
    data = ("Council delays vote\n\n“We will wait,” said Zoë Müller on Tuesday.\n".encode()
            + "The mayor’s office called it “a stunt” in a statement.\n".encode("cp1252")
            + "Résumé of the day: “déjà vu”, ".encode()  # one line, both encodings
            + "the mayor’s “office” said.\n".encode("cp1252"))
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.encoding == "utf-8+cp1252"
    assert "Zoë Müller" in article.text and "The mayor’s office called it “a stunt”" in \
        article.text and "Résumé of the day: “déjà vu”, the mayor’s “office” said." in article.text


@pytest.mark.parametrize("where", [10, 20_000])
def test_a_few_nul_bytes_anywhere_are_read_as_spaces(tmp_path, capsys, nlp, where):
    text = GOOD + "The mayor said that the council would vote again in May.\n" * 400
    data = bytearray(text.encode())
    data[where:where + 2] = b"\x00\x00"
    path = tmp_path / "nul.txt"
    path.write_bytes(bytes(data))
    article = read_article(path)
    assert len(article.text) == len(text) and article.text[where:where + 2] == "  "
    status, out, err = run(capsys, "quotes", path, "--format", "jsonl")
    assert status == 0, err
    assert "\\u0000" not in out and "\x00" not in out and out


@pytest.mark.parametrize("content", [
    b"\x00" * 5000 + GOOD.encode(),
    GOOD.encode() * 20 + b"\x00" * 5000,
    b"\x00\x01\x02" * 100,
])
def test_mostly_nul_data_is_binary_wherever_the_nuls_are(tmp_path, capsys, content):
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    status, out, err = run(capsys, "cues", path)
    assert status == 1
    assert_one_failure(err, "data.txt: the file is binary, not text")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_byte_order_marks_choose_the_encoding(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    path.write_bytes(GOOD.encode(encoding))
    article = read_article(path)
    assert article.text == GOOD and article.encoding == encoding.removesuffix("-sig")


# ---------------------------------------------------------------- language and garbage


@pytest.mark.parametrize("text, reason", [
    ("Der Minister sagte am Dienstag, die Steuern würden sinken.",
     "the text does not look like English (none of its 9 words is a common English word)"),
    ("Le ministre a dit mardi que les impôts vont baisser en mai.",
     "the text does not look like English"),
    ("a " * 400_000, "the text does not look like English (100% English function words)"),
    ("x" * 990_000, "the text is not prose"),
    ("a." * 495_000, "the text is not prose"),
    ("3.14159 2.71828 1.41421", "the article has no text"),
])
def test_short_or_garbage_text_is_refused(tmp_path, capsys, text, reason):
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "quotes", path)
    assert status == 1 and out == ""
    assert_one_failure(err, f"odd.txt: {reason}")


def test_a_short_english_brief_is_read(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("The mayor said the bridge would reopen on Monday.", encoding="utf-8")
    assert read_article(path).word_count == 9


# ---------------------------------------------------------------- output safety


def test_csv_cells_never_start_a_formula(tmp_path, capsys, nlp):
    path = good_article(tmp_path, "=HYPERLINK(1).txt")
    path.write_text('Council vote\n\n"@everyone -- we will win this," said Ann Lee, the '
                    "party leader, on Monday.\n", encoding="utf-8")
    status, out, err = run(capsys, "quotes", path)
    assert status == 0, err
    (row,) = [r for r in rows(out) if r["kind"] == "direct"]
    assert row["article"] == "'=HYPERLINK(1)"
    assert row["content"] == "'@everyone -- we will win this"
    status, out, err = run(capsys, "quotes", path, "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["article"] == "=HYPERLINK(1)"  # JSON lines stay data


@pytest.mark.parametrize("cell, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\\tx"), ("\rx", "'\\rx"), ("Ann Lee", "Ann Lee"), ("a\nb", "a\\nb"), (3, 3),
])
def test_spreadsheet_safe_cells(cell, safe):
    from analysis.core.errors import spreadsheet_safe

    assert spreadsheet_safe(cell) == safe


def test_names_with_newlines_and_escape_codes_print_escaped(tmp_path, capsys):
    (tmp_path / "one\nline.txt").write_bytes(b"")
    (tmp_path / "\x1b[31mred.txt").write_bytes(b"")
    status, out, err = run(capsys, "quotes", tmp_path)
    assert status == 1
    assert "\x1b" not in "".join(err)
    assert_listed(err, "\\x1b[31mred.txt: the file is empty", "one\\nline.txt: the file is empty")


def test_jobs_are_capped_at_the_cpus_and_the_articles(tmp_path, capsys, monkeypatch, nlp):
    from analysis.core.processes import usable_jobs
    from analysis.corpus import runners

    used = []

    def counting(settings, jobs, scheduler=None):
        used.append(jobs)
        return runners.InProcess(settings)

    monkeypatch.setattr(runners, "make_runner", counting)
    good_article(tmp_path, "a.txt")
    good_article(tmp_path, "b.txt")
    status, out, err = run(capsys, "cues", tmp_path, "--jobs", "999")
    assert status == 0, err
    assert used == [min(2, len(os.sched_getaffinity(0)))]
    assert usable_jobs(999, 1) == 1 and usable_jobs(0, 5) == 1


def test_the_scaling_benchmark_reads_news_of_the_size_asked():
    from analysis.apps import benchmark

    text = benchmark.news_text(50_000)
    assert 49_000 < len(text.encode()) <= 50_000
    result = benchmark.scale_one(50_000, None, read_only=True)
    assert result["words"] > 7_000 and result["analysis_s"] is None and result["read_s"] < 5


def test_a_folder_that_cannot_be_listed_is_one_line(tmp_path, capsys, monkeypatch):
    import errno
    import pathlib

    locked = tmp_path / "locked"
    locked.mkdir()

    def refuse(self):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(pathlib.Path, "iterdir", refuse)  # root may list any folder
    status, out, err = run(capsys, "cues", locked)
    assert status == 1 and out == ""
    assert_one_failure(err, "locked: cannot be read (Permission denied)")
