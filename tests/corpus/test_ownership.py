"""`extract` owns its output folder and only what it wrote: one run at a time, nothing deleted
that its manifest does not list, a re-extraction built beside the tables it replaces, options
that do not shape the tables never re-extract, a corpus known by where it is, a parse cache
that cannot give one article another's parse, and its own writes failing as one line."""
import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.core.errors import AnalysisError
from analysis.corpus import extract, store
from analysis.pipeline.parse_cache import ParseCache
from tests.conftest import ROOT
from tests.corpus.conftest import DATA, run_cli, same, tables_of

HOLD = ("import sys, time; from pathlib import Path; from analysis.core import locks; "
        "locks.try_lock(Path(sys.argv[1])); print('held', flush=True); time.sleep(120)")


def parquet_files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.parquet")}


def same_tables(out, expected):
    for table, frame in tables_of(out).items():
        assert same(frame, tables_of(expected)[table]), table


def copy_of(extracted, tmp_path):
    out = tmp_path / "tables"
    shutil.copytree(extracted, out)
    return out


def test_an_export_inside_the_output_folder_is_refused_and_kept(tmp_path, capsys):
    export = tmp_path / "out" / "articles" / "part-00000.parquet"
    export.parent.mkdir(parents=True)
    pq.write_table(pa.table({"text": [(DATA / "city-council-budget.txt").read_text()]}), export)
    before = export.read_bytes()
    status, err = run_cli(capsys, export, "--out", tmp_path / "out")
    assert status == 1 and "holds the articles it reads" in err
    assert export.read_bytes() == before


def test_tables_no_manifest_lists_are_not_touched(corpus, tmp_path, capsys):
    theirs = tmp_path / "out" / "quotes" / "part-00042.parquet"
    theirs.parent.mkdir(parents=True)
    pq.write_table(pa.table({"x": [1]}), theirs)
    status, err = run_cli(capsys, corpus, "--out", tmp_path / "out")
    assert status == 1 and "holds tables that no manifest.json lists" in err
    assert pq.read_table(theirs).to_pydict() == {"x": [1]}
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_folder_another_run_holds_is_refused_in_one_line(corpus, extracted, tmp_path, capsys):
    out = copy_of(extracted, tmp_path)
    (out / "manifest.json").write_text(
        (out / "manifest.json").read_text().replace('"complete": true', '"complete": false'))
    before = parquet_files(out)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 3)
        assert status == 1
        assert err.strip().splitlines() == [
            f"error: --out {out}: another run is writing into this folder; wait for it to end, "
            "or choose another folder"]
        assert parquet_files(out) == before
    finally:
        holder.kill()
        holder.wait()
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 3)
    assert status == 0, err
    same_tables(out, extracted)


def test_a_changed_part_size_extracts_nothing_again(corpus, extracted, tmp_path, capsys,
                                                    monkeypatch):
    out = copy_of(extracted, tmp_path)
    before = parquet_files(out)
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 3, "--jobs", 2)
    assert status == 0 and "4 articles (4 done before)" in err
    assert parquet_files(out) == before

    # an unfinished run goes on in the parts it began with
    real_write = store.write_manifest

    def interrupt_after_first_part(folder, manifest):
        real_write(folder, manifest)
        if len(manifest["parts"]) == 1:
            raise KeyboardInterrupt

    other = tmp_path / "other"
    monkeypatch.setattr(store, "write_manifest", interrupt_after_first_part)
    assert run_cli(capsys, corpus, "--out", other, "--part-size", 2)[0] == 130
    monkeypatch.setattr(store, "write_manifest", real_write)
    status, err = run_cli(capsys, corpus, "--out", other, "--part-size", 3)
    assert status == 0 and "(2 done before)" in err
    assert sorted(p.name for p in (other / "quotes").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]
    same_tables(other, extracted)


def test_a_re_extraction_leaves_the_tables_whole_until_the_new_ones_are_done(
        corpus, extracted, tmp_path, capsys, monkeypatch):
    out = copy_of(extracted, tmp_path)
    before = parquet_files(out)
    monkeypatch.setattr(extract, "analysis_key", lambda *args: "another rule")
    real_write = store.write_manifest

    def interrupt_in_the_second_part(folder, manifest):
        real_write(folder, manifest)
        if folder.name == extract.STAGING and len(manifest["parts"]) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(store, "write_manifest", interrupt_in_the_second_part)
    status, err = run_cli(capsys, corpus, "--out", out)
    assert status == 130 and "beside them" in err
    assert parquet_files(out) == before | {
        p.relative_to(out): p.read_bytes() for p in (out / extract.STAGING).rglob("*.parquet")}
    same_tables(out, extracted)  # readers still see the whole previous tables

    monkeypatch.setattr(store, "write_manifest", real_write)
    status, err = run_cli(capsys, corpus, "--out", out)
    assert status == 0 and "going on with the extraction that will replace" in err
    assert not (out / extract.STAGING).exists()
    assert json.loads((out / "manifest.json").read_text())["analysis_key"] == "another rule"
    same_tables(out, extracted)


def test_a_run_stopped_while_replacing_the_tables_is_finished_by_the_next(
        corpus, extracted, tmp_path, capsys, monkeypatch):
    out = copy_of(extracted, tmp_path)
    monkeypatch.setattr(extract, "analysis_key", lambda *args: "another rule")
    real_replace, moved = os.replace, []

    def stop_after_three_moves(source, target):
        if extract.STAGING in str(source) and extract.STAGING not in str(target):
            if len(moved) == 3:
                raise KeyboardInterrupt
            moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", stop_after_three_moves)
    assert run_cli(capsys, corpus, "--out", out)[0] == 130
    with pytest.raises(AnalysisError, match="being replaced by a new extraction"):
        store.read_table(out, "quotes")
    monkeypatch.setattr(os, "replace", real_replace)
    status, err = run_cli(capsys, corpus, "--out", out)
    assert status == 0 and "(4 done before)" in err
    assert not (out / extract.STAGING).exists()
    same_tables(out, extracted)


def test_the_same_corpus_by_another_name_is_the_same_corpus(corpus, extracted, tmp_path,
                                                            capsys):
    out = copy_of(extracted, tmp_path)
    before = parquet_files(out)
    link = tmp_path / "link"
    link.symlink_to(corpus)
    relative = os.path.relpath(corpus)
    for name in (f"{corpus}/", relative, link, f"{link}/*.txt"):
        status, err = run_cli(capsys, name, "--out", out)
        if str(name).endswith("*.txt"):  # a glob is another corpus: it may hold other files
            assert status == 1 and "another corpus" in err
        else:
            assert status == 0 and "(4 done before)" in err, name
    assert parquet_files(out) == before
    status, err = run_cli(capsys, corpus, "--out", out, "--dayfirst")
    assert status == 0 and "extracting every article again" in err
    assert json.loads((out / "manifest.json").read_text())["complete"]


def test_an_edited_article_makes_the_tables_again(corpus, extracted, tmp_path, capsys):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    out = tmp_path / "tables"
    assert run_cli(capsys, folder, "--out", out, "--part-size", 2)[0] == 0
    article = sorted(folder.glob("*.txt"))[0]
    article.write_text(article.read_text() + "\n")
    status, err = run_cli(capsys, folder, "--out", out, "--part-size", 2)
    assert status == 0 and "the analysis or the articles changed" in err
    assert store.read_table(out, "articles").set_index("article").loc[
        article.stem, "text"].endswith("\n")


def test_a_cache_entry_holding_another_texts_parse_is_a_miss(corpus, extracted, tmp_path,
                                                             capsys, nlp):
    out, cache = tmp_path / "tables", tmp_path / "parses"
    assert run_cli(capsys, corpus, "--out", out, "--cache", cache)[0] == 0
    entries = sorted(cache.rglob("*.spacy"))
    assert len(entries) == 4
    first, second = entries[0].read_bytes(), entries[1].read_bytes()
    entries[0].write_bytes(second)  # each entry now holds the other's parse
    entries[1].write_bytes(first)
    shutil.rmtree(out)
    assert run_cli(capsys, corpus, "--out", out, "--cache", cache)[0] == 0
    same_tables(out, extracted)
    assert entries[0].read_bytes() == first  # replaced by the right parse
    text = nlp("Nothing kept for this one.").text
    assert ParseCache(cache, nlp).get(text) is None


def test_a_damaged_part_is_one_line_then_extracted_again(corpus, extracted, tmp_path, capsys):
    out = copy_of(extracted, tmp_path)
    part = out / "quotes" / "part-00001.parquet"
    part.write_bytes(part.read_bytes()[:100])
    with pytest.raises(AnalysisError, match="part-00001.parquet: damaged .*extract` again"):
        store.read_table(out, "quotes")
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 0 and "1 parts of these tables are missing or damaged" in err
    assert "(2 done before)" in err
    same_tables(out, extracted)


@pytest.mark.parametrize("value", ['"2"', "null", "[]"])
def test_a_manifest_of_the_wrong_shape_is_one_line(corpus, extracted, tmp_path, capsys, value):
    out = copy_of(extracted, tmp_path)
    manifest = (out / "manifest.json").read_text()
    version = f'"schema_version": {store.SCHEMA_VERSION}'
    assert version in manifest
    (out / "manifest.json").write_text(manifest.replace(version, f'"schema_version": {value}'))
    status, err = run_cli(capsys, corpus, "--out", out)
    assert status == 1 and err.strip().endswith("is not an extraction manifest")
    with pytest.raises(AnalysisError, match="is not an extraction manifest"):
        store.read_table(out, "quotes")


def test_a_full_disk_during_the_run_keeps_what_was_written(corpus, extracted, tmp_path, capsys,
                                                           monkeypatch):
    out = tmp_path / "tables"
    real_write, written = store.write_part, []

    def full_at_the_second_part(folder, table, number, rows, schema):
        if number == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(real_write(folder, table, number, rows, schema))
        return written[-1]

    monkeypatch.setattr(store, "write_part", full_at_the_second_part)
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 1
    assert err.strip().splitlines()[-1] == (
        f"error: --out {out}: cannot be written (No space left on device); the parts written "
        "are kept: run the same command again once it can be")
    assert list(json.loads((out / "manifest.json").read_text())["parts"]) == ["0"]
    monkeypatch.setattr(store, "write_part", real_write)
    status, err = run_cli(capsys, corpus, "--out", out, "--part-size", 2)
    assert status == 0 and "(2 done before)" in err
    same_tables(out, extracted)


def no_room_to_write():
    """In the child: no file may grow past 0 bytes, as on a full disk (EFBIG, not SIGXFSZ)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_full_disk_before_the_run_is_one_line(corpus, tmp_path):
    out = tmp_path / "tables"
    run = subprocess.run([sys.executable, "-m", "analysis", "extract", str(corpus), "--out",
                          str(out), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         preexec_fn=no_room_to_write, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f"error: --out {out}: cannot be written (File too large); the parts written are kept: "
        "run the same command again once it can be"]
    assert [p.name for p in out.iterdir()] == [".lock"]


@pytest.fixture
def unwritable_folder(tmp_path):
    """A folder in which no file can be made, whoever runs the tests (root ignores modes)."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        return folder
    for folder in ("/sys/kernel", "/sys"):
        try:
            os.close(os.open(f"{folder}/.lock", os.O_RDWR | os.O_CREAT))
        except OSError:
            return folder
    pytest.skip("no folder here refuses new files to root")


def test_an_output_or_cache_folder_that_cannot_be_written_is_one_line(
        corpus, tmp_path, capsys, unwritable_folder):
    status, err = run_cli(capsys, corpus, "--out", unwritable_folder)
    assert status == 1 and err.strip() == (f"error: --out {unwritable_folder}: cannot be "
                                           "written (Permission denied)")
    out = tmp_path / "tables"
    status, err = run_cli(capsys, corpus, "--out", out, "--cache", unwritable_folder)
    assert status == 1 and err.strip() == (
        f"error: --cache {unwritable_folder}: cannot be written (Permission denied); choose "
        "another folder, or run with --no-cache")
    (tmp_path / "file").write_text("")
    status, err = run_cli(capsys, corpus, "--out", out, "--cache", tmp_path / "file")
    assert status == 1 and "--cache" in err and "cannot be written (File exists)" in err


def test_a_killed_runs_temporary_files_are_removed_by_the_next(corpus, extracted, tmp_path,
                                                               capsys):
    out = copy_of(extracted, tmp_path)
    left = [out / ".manifest.json.x1.tmp", out / "quotes" / ".part-00001.parquet.x2.tmp"]
    for path in left:
        path.write_bytes(b"half")
    old_entry = out / "parses" / "ab" / "cd" / ".abcd.spacy.x3.tmp"
    old_entry.parent.mkdir(parents=True)
    old_entry.write_bytes(b"half")
    os.utime(old_entry, (0, 0))
    assert run_cli(capsys, corpus, "--out", out, "--part-size", 2)[0] == 0
    assert not any(path.exists() for path in [*left, old_entry])
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".lock"]


def test_tables_of_the_version_before_are_extracted_again_not_refused(corpus, extracted,
                                                                      tmp_path, capsys):
    """A manifest written before the corpus was known by its location (no contents_key, an
    older schema) is the same corpus when it names the same path."""
    out = copy_of(extracted, tmp_path)
    manifest = json.loads((out / "manifest.json").read_text())
    del manifest["contents_key"]
    store.write_manifest(out, {**manifest, "schema_version": 2, "corpus_key": "an old hash",
                               "corpus": f"{corpus}/"})
    status, err = run_cli(capsys, corpus, "--out", out)
    assert status == 0 and "extracting every article again" in err
    same_tables(out, extracted)
    store.write_manifest(out, {**manifest, "schema_version": 2, "corpus": "/elsewhere"})
    assert run_cli(capsys, corpus, "--out", out)[0] == 1
