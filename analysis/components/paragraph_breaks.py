"""The ``paragraph_breaks`` component, before the parser: a blank line always ends a sentence."""
from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so a headline or a paragraph that ends
    without punctuation never runs into the next one. The starts are written as one array:
    setting ``token.is_sent_start`` one token at a time checks the whole doc each time."""
    starts = doc.to_array([SENT_START])
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            starts[token.i] = 1
    doc.from_array([SENT_START], starts)
    return doc


@Language.factory("paragraph_breaks", assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str):
    return paragraph_breaks
