"""The project's spaCy components, one module each, named as the component.

Registered as ``spacy_factories`` entry points (``pyproject.toml``), so after ``pip install``
a saved pipeline loads with ``spacy.load(DIR)`` and ``nlp.add_pipe("quotes")`` works in any
pipeline, without importing this package first. Each module ends with its factory; tuning
values live in its ``default_config``; span keys are configurable, and a component whose
input key is missing says which component to add.

Order after the parser: ``attribution_cues`` -> ``quotes`` (the quote search) ->
``speakers`` (speaker resolution) -> ``hedges``; ``paragraph_breaks`` goes before the parser.
"""
from ..parse.extensions import register_extensions

register_extensions()

from . import attribution_cues, hedges, paragraph_breaks, quotes, speakers  # noqa: E402,F401
