"""One speaker identity across a corpus, on hand-written quote tables."""
import pandas as pd
import pytest

from analysis.tables.identities import name_words, speaker_ids
from analysis.tables.rows import speaker_summary


def table(rows):
    """A quote table from (article, speaker, speaker_kind) triples."""
    return pd.DataFrame(
        [{"article": a, "speaker": s, "speaker_kind": k, "kind": "direct",
          "content": "a few words here", "role": "", "cue": "said"} for a, s, k in rows])


def ids(rows):
    return speaker_ids(table(rows)).tolist()


def test_one_person_named_four_ways_in_three_articles():
    assert ids([
        ("first", "Donald J. Trump", "person"),
        ("first", "Trump", "person"),
        ("second", "Mr. Trump", "person"),
        ("third", "Donald Trump", "person"),
        ("third", "TRUMP", "person"),
    ]) == ["Donald Trump"] * 5


def test_two_clintons_in_one_article_leave_the_surname_alone_ambiguous():
    assert ids([
        ("rally", "Bill Clinton", "person"),
        ("rally", "Hillary Clinton", "person"),
        ("rally", "Clinton", "person"),
        ("debate", "Hillary Rodham Clinton", "person"),
        ("debate", "Mrs. Clinton", "person"),
    ]) == ["Bill Clinton", "Hillary Clinton", "Clinton", "Hillary Clinton", "Hillary Clinton"]


def test_a_surname_alone_follows_its_own_article_before_the_corpus():
    assert ids([
        ("council", "John Smith", "person"),
        ("council", "Smith", "person"),
        ("court", "Mary Smith", "person"),
        ("court", "Ms. Smith", "person"),
        ("letters", "Smith", "person"),  # two Smiths in the corpus, none here: unknown
    ]) == ["John Smith", "John Smith", "Mary Smith", "Mary Smith", "Smith"]


def test_a_surname_joins_the_only_full_name_of_the_corpus():
    assert ids([("a", "Sen. Elizabeth Warren", "person"), ("b", "Warren", "person")]) == [
        "Elizabeth Warren", "Elizabeth Warren"]


def test_a_suffix_keeps_a_son_apart_from_his_father():
    assert ids([("a", "Donald Trump Jr.", "person"), ("a", "Donald Trump", "person"),
                ("b", "Trump", "person")]) == ["Donald Trump Jr.", "Donald Trump",
                                               "Donald Trump"]


def test_other_speakers_keep_their_text_matched_without_case_or_spacing():
    assert ids([
        ("a", "The  White House", "organisation"),
        ("b", "the White House", "organisation"),
        ("c", "the White House", "organisation"),
        ("a", "a senior official", "anonymous"),
        ("a", "", "unknown"),
    ]) == ["the White House"] * 3 + ["a senior official", ""]


def test_a_person_described_rather_than_named_keeps_the_description():
    assert name_words("a masked Islamic State member") is None
    assert name_words("Former Vice President Joe Biden's") == ["Joe", "Biden"]
    assert name_words("Osama bin Laden") == ["Osama", "bin", "Laden"]


def test_ids_follow_the_table_index():
    frame = table([("a", "Mr. Katz", "person"), ("a", "Israel Katz", "person")])
    frame.index = [10, 20]
    assert speaker_ids(frame).to_dict() == {10: "Israel Katz", 20: "Israel Katz"}


def test_speaker_summary_counts_a_corpus_by_identity():
    quotes = table([("first", "Donald J. Trump", "person"), ("second", "Mr. Trump", "person"),
                    ("second", "Hillary Clinton", "person")])
    quotes["speaker_id"] = speaker_ids(quotes)
    by_article_name = speaker_summary(quotes)
    assert len(by_article_name) == 3
    by_person = speaker_summary(quotes, by="speaker_id").set_index("speaker")
    assert by_person.loc["Donald Trump", "direct"] == 2
    assert by_person.loc["Hillary Clinton", "direct"] == 1
    with pytest.raises(ValueError, match="speaker_id"):
        speaker_summary(quotes, by="role")
