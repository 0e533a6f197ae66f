"""The source audit: one row per source, merged over its names and descriptions, with gender
only as the article refers to the person and a role from what the article says, each with the
words that show it; and shares with intervals over articles."""
import math

import pytest

from analysis.pipeline.run import analyse
from analysis.tables import schema
from analysis.tables.audit import share_interval, source_rows
from analysis.tables.rows import hedge_rows, quote_rows, sources_frame
from analysis.text.articles import parse_text


def sources_of(nlp, text: str) -> dict[str, dict]:
    article = parse_text(text, "story")
    doc = analyse(article, nlp)
    quotes = quote_rows(doc, article)
    rows = source_rows(doc, article, quotes, hedge_rows(doc, article))
    for row in rows:  # every piece of evidence is the article's own words, at its offsets
        for field in ("gender", "role"):
            if row[f"{field}_start"] is not None:
                assert text[row[f"{field}_start"]:row[f"{field}_end"]] == \
                    row[f"{field}_evidence"]
    return {row["name"]: row for row in rows}


def test_a_description_and_a_name_are_one_source(nlp):
    sources = sources_of(nlp, (
        "Council votes on the budget.\n\n"
        "Republican council candidate Maria Ortega said on Monday that the budget was a "
        "disgrace.\n\n"
        "The candidate later told reporters that she would vote against it."))
    assert list(sources) == ["Maria Ortega"]
    assert sources["Maria Ortega"]["attributions"] == 2
    assert sources["Maria Ortega"]["kind"] == "person"


def test_a_body_and_its_initials_are_one_source(nlp):
    sources = sources_of(nlp, (
        "Growth slows.\n\n"
        "The International Monetary Fund said on Tuesday that growth would slow next year.\n\n"
        "The IMF added that trade barriers were the main risk."))
    assert list(sources) == ["International Monetary Fund"]
    assert sources["International Monetary Fund"]["attributions"] == 2


def test_gender_is_what_the_article_says_never_a_first_name(nlp):
    sources = sources_of(nlp, (
        "Town hall debate.\n\n"
        "Mrs. Dana Whitfield said the school needed a new roof.\n\n"
        "Robert Kimani said the roof could wait. He added that the gym came first.\n\n"
        "Mary Lindqvist said the library should stay open."))
    assert sources["Dana Whitfield"]["gender"] == "female"
    assert sources["Dana Whitfield"]["gender_evidence"] == "Mrs."
    assert sources["Robert Kimani"]["gender"] == "male"
    assert sources["Robert Kimani"]["gender_evidence"] == "He"
    assert sources["Mary Lindqvist"]["gender"] == "unknown"  # a first name tells nothing
    assert sources["Mary Lindqvist"]["gender_evidence"] == ""


def test_a_gendered_noun_tells_the_gender_of_an_unnamed_source(nlp):
    sources = sources_of(nlp, (
        "Station closes.\n\n"
        "A spokeswoman for the transit agency said the station would close for a month."))
    (source,) = sources.values()
    assert source["kind"] == "anonymous"
    assert (source["gender"], source["gender_evidence"]) == ("female", "spokeswoman")


def test_the_role_comes_from_what_the_article_calls_the_source(nlp):
    sources = sources_of(nlp, (
        "Flood plan.\n\n"
        "Sen. Alma Reyes said the plan came too late.\n\n"
        "Economist Tomas Weber, a professor at the state university, said the cost was "
        "modest.\n\n"
        "Local voters said they were worried about the river."))
    assert sources["Alma Reyes"]["role"] == "politics"
    assert sources["Alma Reyes"]["role_evidence"] == "Sen."
    assert sources["Tomas Weber"]["role"] == "expert"
    voters = next(s for name, s in sources.items() if "voters" in name.lower())
    assert (voters["kind"], voters["role"]) == ("group", "citizen")


def test_things_that_cannot_speak_are_no_source(nlp):
    sources = sources_of(nlp, (
        "Rates rise.\n\n"
        "The many reasons suggest that rates will rise.\n\n"
        "A council spokesman said rates would rise."))
    assert [s["kind"] for s in sources.values()] == ["anonymous"]


def test_an_outlet_and_an_interviewer_credited_are_sources(nlp):
    sources = sources_of(nlp, (
        "Ports reopen.\n\n"
        "The ports will reopen next week, the minister said, according to Reuters.\n\n"
        "Harbor chief Lena Park told CNN's Jake Tapper that the ports were safe."))
    assert sources["Reuters"]["role"] == "media"
    assert sources["Jake Tapper"]["kind"] == "person"
    assert sources["Jake Tapper"]["role"] == "media"


def test_rank_voice_and_headline(nlp):
    text = ("Mayor says the bridge is safe\n\n"
            "\"The bridge is safe and it will stay open all winter,\" Mayor Ines Caldera "
            "said.\n\n"
            "Engineer Paul Odum said \"the cables are old.\"")
    sources = sources_of(nlp, text)
    mayor, engineer = sources["Ines Caldera"], sources["Paul Odum"]
    assert (mayor["first_rank"], engineer["first_rank"]) == (1, 2)
    assert mayor["direct"] and mayor["words_quoted"] == 11
    assert math.isclose(mayor["share_of_voice"] + engineer["share_of_voice"], 1, abs_tol=0.01)
    assert mayor["categories"] == "neutral"


def test_the_sources_frame_has_the_schema_and_one_identity_per_person(sample):
    frame = sources_frame([sample])
    assert list(frame.columns) == schema.names("sources")
    assert frame["source_id"].notna().all()
    assert frame["share_of_voice"].dtype == "float64"
    assert frame.loc[frame["name"] == "Israel Katz", "role"].tolist() == ["government"]


def test_a_share_has_an_interval_over_articles():
    share = share_interval([(1, 4), (0, 3), (2, 2), (1, 5)])
    assert share.share == pytest.approx(4 / 14)
    assert share.low < share.share < share.high
    assert share_interval([(1, 4), (0, 3), (2, 2), (1, 5)]) == share  # the same every time
    narrow = share_interval([(1, 4), (0, 3), (2, 2), (1, 5)] * 25)
    assert narrow.high - narrow.low < share.high - share.low
    assert math.isnan(share_interval([(0, 0)]).share)
