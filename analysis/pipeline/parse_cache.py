"""Parsed texts kept on disk, so that a changed lexicon or rule re-runs only the analysis.

spaCy's own pipeline (tokenizer, tagger, parser, entities, and the paragraph breaks the parser
respects) is about nine tenths of the time an article takes; the project's components are the
rest. The cache keeps the first part: one ``DocBin`` file per text, named by a hash of the text,
in a folder named by a hash of everything that shapes the parse (spaCy's version, the
pipeline's name, version and config, the paragraph-break rule). The same text parsed by
another model, or by a newer spaCy, is another entry; nothing stale is ever read back.

Entries are written atomically and named by their content, so several processes (or Dask
workers sharing a file system) can fill one cache at once. Each entry opens with the hash of
the text it is the parse of, checked on reading: a damaged entry, or one copied over from
another text, is a miss, never another article's parse.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..components.paragraph_breaks import paragraph_breaks
from ..core import files
from .model import COMPONENTS

# What the components read of a parse; the rest of a Doc (vectors, user data) is not kept.
ATTRS = ("ORTH", "NORM", "LEMMA", "TAG", "POS", "MORPH", "HEAD", "DEP", "SENT_START",
         "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "SPACY")


def parser_key(nlp: Language) -> str:
    """A hash of what shapes the parse of a text: spaCy's version, the pipeline's meta and
    the config of every component before the project's analysis, and the code of the
    paragraph-break rule."""
    digest = hashlib.sha256(spacy.__version__.encode())
    meta = nlp.meta
    digest.update(f"{meta.get('lang')}\0{meta.get('name')}\0{meta.get('version')}".encode())
    for name in nlp.pipe_names:
        if name not in COMPONENTS:
            digest.update(name.encode())
            digest.update(repr(sorted(nlp.config["components"][name].items())).encode())
    digest.update(paragraph_breaks.__code__.co_code)
    return digest.hexdigest()[:16]


class ParseCache:
    """``get`` a text's parse if it was kept, ``put`` one after parsing."""

    def __init__(self, folder: str | Path, nlp: Language):
        self.folder = Path(folder) / parser_key(nlp)
        self.vocab = nlp.vocab

    def path(self, key: bytes) -> Path:
        name = key.hex()
        return self.folder / name[:2] / f"{name}.spacy"

    def get(self, text: str) -> Doc | None:
        """The kept parse of ``text``, or None: never kept, unreadable, or the parse of
        another text (a damaged or foreign entry, whose recorded key is not this text's);
        each is parsed again and replaced."""
        key = text_key(text)
        try:
            data = self.path(key).read_bytes()
            if data[:len(key)] != key:
                return None
            return next(DocBin().from_bytes(data[len(key):]).get_docs(self.vocab))
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001  a damaged entry is a miss: the text is parsed again
            return None

    def put(self, doc: Doc) -> None:
        """Keep the parse of ``doc`` (before the analysis components ran on it), after the
        key of the text it is the parse of. A parse that cannot be kept (a full disk) is only
        a later run's miss, not this run's failure: the run's own writes say it if the disk
        is full."""
        key = text_key(doc.text)
        kept = DocBin(attrs=list(ATTRS), store_user_data=False, docs=[doc])
        try:
            files.write_bytes(self.path(key), key + kept.to_bytes())
        except OSError:
            pass


def text_key(text: str) -> bytes:
    """What names a text's entry, and opens it: a hash of the text (compared on reading, it
    costs nothing beside rebuilding the Doc's text)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
