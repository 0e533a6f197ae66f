import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Kernels started by nbval and papermill inherit this: test runs never rewrite figures/.
os.environ.setdefault("ANALYSIS_FIGURES_DIR", tempfile.mkdtemp(prefix="analysis-figures-"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "isis-threatens-hamas.txt"


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory) -> Path:
    """The hand-written PolNeAR-style fixtures as brat files (``.ann``) in a temporary folder;
    they are kept as ``*.brat`` in the repository."""
    root = tmp_path_factory.mktemp("brat")
    shutil.copytree(ROOT / "tests" / "fixtures" / "brat", root, dirs_exist_ok=True)
    for path in root.glob("*/attributions/*.brat"):
        path.rename(path.with_suffix(".ann"))
    return root


@pytest.fixture(scope="session")
def nlp():
    from analysis.pipeline.model import load_nlp

    return load_nlp(None)  # the key every run asks for: one pipeline for the whole session


@pytest.fixture(scope="session")
def sample(nlp):
    """The sample article analysed once for the whole session: (article, doc)."""
    from analysis.pipeline.run import analyse
    from analysis.text.articles import read_article

    article = read_article(SAMPLE)
    return article, analyse(article, nlp)
