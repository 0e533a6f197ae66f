"""Every row the project writes for a fixed set of articles, kept so that a change meant to
leave behaviour alone can be checked to do so (run by hand, not a test).

    python benchmarks/compare_outputs.py snapshot before/   # on the old code
    python benchmarks/compare_outputs.py snapshot after/    # on the new code
    python benchmarks/compare_outputs.py compare before/ after/

The articles: the bundled ones in data/, every PolNeAR dev article and the first 160 PolNeAR
train articles by name (248 in all; ``--eval`` says where the evaluation data is). A snapshot
holds the command line's quotes, cues and hedges tables (JSON lines: every span's offsets and
text, every ``speaker_id``) and every table ``extract`` writes, as CSV sorted by article and
offset, read as an outside reader reads the folder (``speaker_id`` joined from
``speaker_ids.parquet`` where the parts leave it out). ``compare`` matches the rows of each
file on the columns both sides have, lists the columns only one side has, prints the rows
only one side has, and exits 1 if any row differs or a column went missing.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
TRAIN_ARTICLES = 160
TABLES = ("articles", "quotes", "speakers", "cues", "hedges", "errors")
COMMANDS = ("quotes", "cues", "hedges")


def articles(eval_folder: Path) -> list[Path]:
    polnear = eval_folder / "polnear"
    dev = sorted((polnear / "dev" / "text").glob("*.txt"))
    train = sorted((polnear / "train" / "text").glob("*.txt"))[:TRAIN_ARTICLES]
    bundled = sorted(p for p in (ROOT / "data").iterdir() if p.is_file())
    return bundled + dev + train


def run(arguments: list[str], stdout=None) -> None:
    subprocess.run([sys.executable, "-m", "analysis", *arguments], cwd=ROOT, check=True,
                   stdout=stdout)


def snapshot(out: Path, eval_folder: Path, jobs: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch, "corpus")
        corpus.mkdir()
        for path in articles(eval_folder):
            shutil.copyfile(path, corpus / path.name)
        for command in COMMANDS:
            with open(out / f"cli-{command}.jsonl", "w", encoding="utf-8") as handle:
                run([command, str(corpus), "--format", "jsonl", "--jobs", str(jobs)], handle)
        tables = Path(scratch, "tables")
        run(["extract", str(corpus), "--out", str(tables), "--no-cache", "--n-process", str(jobs)])
        for table in TABLES:
            frame = pd.concat([pd.read_parquet(p) for p in sorted(
                (tables / table).glob("part-*.parquet"))], ignore_index=True)
            ids = tables / "speaker_ids.parquet"
            if ids.exists() and table in ("quotes", "speakers") and "speaker_id" not in frame:
                frame = frame.merge(pd.read_parquet(ids), how="left",
                                    on=["article", "speaker", "speaker_kind"])
            if "source" in frame:  # the scratch folder's name changes from run to run
                frame["source"] = frame["source"].map(lambda s: Path(s).name)
            keys = [c for c in ("article", "start", "end", "speaker") if c in frame]
            frame.sort_values(keys, kind="stable").to_csv(out / f"extract-{table}.csv",
                                                          index=False)


def rows_of(path: Path) -> pd.DataFrame:
    if path.suffix == ".jsonl":
        frame = pd.read_json(path, lines=True, dtype=False)
        return frame.astype(str)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def compare(before: Path, after: Path) -> int:
    differing = 0
    for path in sorted(before.iterdir()):
        old = rows_of(path)
        new = rows_of(after / path.name) if (after / path.name).exists() else old.iloc[:0, :0]
        shared = [c for c in old.columns if c in new.columns]
        gone = [c for c in old.columns if c not in new.columns]
        added = [c for c in new.columns if c not in old.columns]
        old_rows = sorted(map(tuple, old[shared].to_numpy().tolist()))
        new_rows = sorted(map(tuple, new[shared].to_numpy().tolist()))
        only_old = sorted(set(old_rows) - set(new_rows))
        only_new = sorted(set(new_rows) - set(old_rows))
        differing += bool(only_old or only_new or gone or old_rows != new_rows)
        print(f"{path.name}: {len(old_rows)} rows before, {len(new_rows)} after, "
              f"{len(only_old)} only before, {len(only_new)} only after"
              + (f"; columns added: {', '.join(added)}" if added else "")
              + (f"; columns gone: {', '.join(gone)}" if gone else ""))
        for row in only_old[:3]:
            print(f"  - {str(row)[:300]}")
        for row in only_new[:3]:
            print(f"  + {str(row)[:300]}")
    print("identical" if not differing else f"{differing} files differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("snapshot")
    take.add_argument("out", type=Path)
    take.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    take.add_argument("--jobs", type=int, default=2)
    check = commands.add_parser("compare")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        snapshot(args.out, args.eval, args.jobs)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
