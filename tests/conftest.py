import os
import tempfile
from pathlib import Path

import pytest

# Kernels started by nbval and papermill inherit this: test runs never rewrite figures/.
os.environ.setdefault("ANALYSIS_FIGURES_DIR", tempfile.mkdtemp(prefix="analysis-figures-"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "isis-threatens-hamas.txt"


@pytest.fixture(scope="session")
def nlp():
    from analysis.model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample(nlp):
    """The sample article analysed once for the whole session: (article, doc)."""
    from analysis.articles import read_article
    from analysis.pipeline import analyse

    article = read_article(SAMPLE)
    return article, analyse(article, nlp)
