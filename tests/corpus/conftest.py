"""The sample corpus, extracted once for every test of this folder, and how its tables are
compared."""
import shutil

import pandas as pd
import pytest

from analysis.apps.cli import main
from analysis.corpus import extract, store
from tests.conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="package")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(DATA.iterdir()):
        shutil.copy(path, folder / path.name)
    return folder


def run_cli(capsys, *args):
    status = main(["extract", *map(str, args)])
    return status, capsys.readouterr().err


def tables_of(folder) -> dict[str, pd.DataFrame]:
    return {t: store.read_table(folder, t) for t in store.TABLES}


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal rows, whatever the dtypes pandas gave each side."""
    def rows(frame):
        frame = frame.astype(object).where(frame.notna(), None)
        return [tuple(r) for r in frame.itertuples(index=False)]

    return list(a.columns) == list(b.columns) and rows(a) == rows(b)


@pytest.fixture(scope="package")
def extracted(corpus, tmp_path_factory):
    """The corpus extracted once, in this process, in parts of two articles."""
    out = tmp_path_factory.mktemp("extracted") / "tables"
    result = extract.extract(corpus, out, part_size=2, progress=False)
    assert result.failures == []
    return out
