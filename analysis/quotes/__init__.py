"""Quotations and attributions with their speakers, in two spaCy components.

``quotes`` (``search``) finds quotation passages and reported speech with the cue and the
speaker mention of each: passages (text only, ``analysis.passages``) -> cue search
(``cue_search``: ordered, named strategies) -> speaker finding (``speakers``, memoized) ->
credited outlets (``outlets``) -> indirect speech (``indirect``). ``speakers``
(``resolution``) then resolves mentions to names in reading order and writes
``doc.spans["quotes"]``. ``attribution`` holds what the stages pass to each other.
"""
from .attribution import Settings as QuoteSettings
from .resolution import Settings as SpeakerSettings
from .resolution import SpeakerResolver
from .search import QuoteFinder

__all__ = ["QuoteFinder", "QuoteSettings", "SpeakerResolver", "SpeakerSettings"]
