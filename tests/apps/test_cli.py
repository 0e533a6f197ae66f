"""The command line as users script it: exit codes, one-line errors, csv and jsonl.

Run in this process (``main`` with the arguments a shell would pass): the same code path as
``python -m analysis``, without loading spaCy again for every test; the entry point itself
runs as a subprocess in the FIFO test of test_robustness."""
import csv
import io
import json
from dataclasses import dataclass

import pytest

from analysis.apps.cli import main
from tests.conftest import ROOT, SAMPLE


@pytest.fixture
def run(capsys, monkeypatch):
    """``python -m analysis ARGS`` in this process, from ``cwd`` (default: the project)."""

    @dataclass
    class Result:
        returncode: int
        stdout: str
        stderr: str

    def invoke(*args, cwd=ROOT):
        monkeypatch.chdir(cwd)
        status = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Result(status, out, err)

    return invoke


def test_quotes_jsonl_offsets_slice_the_file(tmp_path, run):
    result = run("quotes", SAMPLE, "--format", "jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = SAMPLE.read_text(encoding="utf-8")
    direct = [r for r in rows if r["kind"] == "direct"]
    assert len(direct) == 7
    for row in direct:
        assert text[row["start"]:row["end"]] == row["content"]
        assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_mention"]
    assert {"article", "start", "end", "kind", "content", "speaker", "speaker_mention",
            "speaker_start", "speaker_end", "speaker_kind", "cue", "cue_start", "cue_end",
            "via", "paragraph"} <= rows[0].keys()


@pytest.mark.parametrize("command, columns", [
    ("cues", {"article", "start", "end", "cue", "lemma", "category"}),
    ("hedges", {"article", "start", "end", "cue", "lemma", "category", "voice", "speaker"}),
])
def test_cue_and_hedge_tables_as_csv(command, columns, run):
    result = run(command, ROOT / "data")
    assert result.returncode == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert columns <= table[0].keys()
    assert {r["article"] for r in table} >= {"isis-threatens-hamas", "port-strike"}


def test_folder_run_keeps_going_and_lists_failures(tmp_path, run):
    (tmp_path / "good.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("quotes", tmp_path)
    assert result.returncode == 1
    assert "good" in result.stdout
    assert "2 articles failed" in result.stderr
    assert "empty.txt: the file is empty" in result.stderr
    assert "binary.txt: the file is binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_single_bad_file_is_one_line(tmp_path, run):
    result = run("hedges", tmp_path / "missing.txt")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "missing.txt: no such file" in result.stderr


def test_highlight_writes_escaped_standalone_html(tmp_path, run):
    article = tmp_path / "xss.txt"
    article.write_text('Headline\n\n"We <b>will</b> win & <script>x()</script>," said Ann Lee, '
                       "the party leader, on Monday.", encoding="utf-8")
    out = tmp_path / "out.html"
    result = run("highlight", article, "--out", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;" in page
    assert 'class="q-direct"' in page and "Ann Lee" in page


@pytest.mark.parametrize("command", ["quotes", "cues", "hedges", "highlight", "report"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0 and "usage:" in capsys.readouterr().out


def test_highlight_never_writes_over_its_article(tmp_path, capsys):
    article = tmp_path / "x.html"
    article.write_bytes((ROOT / "data" / "port-strike.html").read_bytes())
    before = article.read_bytes()
    for out in (article, tmp_path / "sub" / ".." / "x.html"):
        assert main(["highlight", str(article), "--out", str(out)]) == 1
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and "is the article itself; choose another --out" in err[0]
    (tmp_path / "link.html").symlink_to(article)
    assert main(["highlight", str(tmp_path / "link.html"), "--out", str(article)]) == 1
    assert article.read_bytes() == before


def test_highlight_that_cannot_finish_leaves_the_previous_page(tmp_path, capsys, monkeypatch):
    """A full disk at the last step: the old page stays whole, no temporary file is left."""
    import errno
    import os

    out = tmp_path / "page.html"
    out.write_text("<p>the previous page</p>", encoding="utf-8")

    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    assert main(["highlight", str(SAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {out}: cannot be written (No space left on device)"]
    assert out.read_text(encoding="utf-8") == "<p>the previous page</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_highlight_of_an_article_the_pipeline_fails_on_is_one_line(tmp_path, capsys, monkeypatch):
    from analysis.pipeline import model

    nlp = model.load_nlp()
    monkeypatch.setattr(nlp, "max_length", 100)
    monkeypatch.setattr(model, "load_nlp", lambda name=None: nlp)
    out = tmp_path / "page.html"
    assert main(["highlight", str(SAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "isis-threatens-hamas.txt: the analysis failed (ValueError: [E088]" \
        in err[0]
    assert not out.exists()
