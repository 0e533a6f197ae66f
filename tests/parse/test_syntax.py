"""The per-doc readings of the parse's arrays agree with the same reading token by token."""
import spacy
from spacy.attrs import LEMMA
from spacy.tokens import Doc

from analysis.parse.syntax import LowercaseColumn, Sentences

VOCAB = spacy.blank("en").vocab


def test_a_listed_lemma_is_found_in_capitals_and_lower_case():
    words = ["Report", "says", "the", "report", "was", "Denied", "."]
    lemmas = ["Report", "say", "the", "report", "be", "Deny", "."]  # a name keeps its capital
    doc = Doc(VOCAB, words=words, lemmas=lemmas)
    listed = {"report", "deny"}
    found = LowercaseColumn(doc, doc.to_array(LEMMA)).among(listed)
    assert found.tolist() == [t.lemma_.lower() in listed for t in doc]
    assert found.tolist() == [True, False, False, True, False, True, False]


def test_quotation_marks_are_indexed_by_token():
    doc = Doc(VOCAB, words=["He", "said", "“", "no", "”", "and", "'", "yes", "'", "."],
              sent_starts=[True] + [False] * 9)
    assert Sentences(doc).marks == {2, 4, 6, 8}
