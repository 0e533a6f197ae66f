import pandas as pd

from analysis.tables import schema
from analysis.tables.rows import (
    QUOTE_COLUMNS,
    cue_summary,
    cues_frame,
    hedge_summary,
    hedges_frame,
    quotes_frame,
    speaker_summary,
)
from analysis.views import figures


def test_speaker_summary_counts_kinds_and_shares(sample):
    quotes = quotes_frame([sample])
    assert list(quotes.columns) == QUOTE_COLUMNS
    table = speaker_summary(quotes).set_index("speaker")
    assert table.loc["Haim Tomer", "direct"] == 2
    assert table.loc["Sami Abu Zuhri", ["direct", "partial", "indirect"]].tolist() == [1, 1, 1]
    assert table.loc["Israel Katz", "cues"] == "accused, told"
    assert abs(table["share_of_quoted_words"].sum() - 1) < 0.01
    assert table.loc["Haim Tomer", "roles"].startswith("former head")


def test_an_offset_a_quote_lacks_stays_missing_not_a_float(sample):
    """The schema's optional integers are nullable: a quotation with no speaker keeps whole
    numbers in the columns of those that have one."""
    quotes = quotes_frame([sample])
    nullable = [c for c in quotes if isinstance(quotes[c].dtype, pd.Int64Dtype)]
    assert nullable == schema.optional_integers("quotes")
    assert quotes["speaker_start"].isna().any() and quotes["speaker_start"].notna().any()
    assert quotes["start"].dtype == "int64"
    assert [c for c in quotes if quotes[c].dtype == "bool"] == ["agentless", "closed"]


def test_cue_and_hedge_summaries(sample):
    cues = cue_summary(cues_frame([sample])).set_index("lemma")
    assert cues.loc["say", "count"] == 6 and cues.loc["say", "category"] == "neutral"
    hedges = hedge_summary(hedges_frame([sample]), words=sample[0].word_count)
    assert set(hedges["voice"]) == {"reporter", "quoted"}
    assert (hedges["per_100_words"] > 0).all()


def test_empty_tables_give_empty_summaries_and_figures():
    empty = pd.DataFrame(columns=QUOTE_COLUMNS)
    assert speaker_summary(empty).empty
    fig = figures.quotes_per_speaker(speaker_summary(empty))
    assert fig.axes[0].texts[0].get_text() == "No quotes found"


def test_loaded_cues_leave_out_neutral_and_unlisted_verbs(tmp_path):
    from analysis.text.articles import article_from_text
    from analysis.views.notebook import ArticleRun

    run = ArticleRun(article_from_text("The senator filed a lawsuit on Monday. She said it was "
                                       "overdue, and the mayor admitted the city had erred."),
                     save_to=tmp_path)
    assert {"neutral", "unlisted", "confession"} <= set(run.cues["category"])
    assert list(run.loaded_cues()["cue"]) == ["admitted"]
