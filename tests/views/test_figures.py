"""Figures: what is drawn equals the table, labels stay plain text, files stay in their folder,
and notebooks get a PNG."""
import base64
import warnings

import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from analysis.tables.rows import HEDGE_COLUMNS, QUOTE_COLUMNS, speaker_summary
from analysis.text.lexicon import UNKNOWN_COLOUR, categories
from analysis.views import figures

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def widths(container) -> list[float]:
    return [bar.get_width() for bar in container.patches]


def heights(container) -> list[float]:
    return [bar.get_height() for bar in container.patches]


def tick_texts(labels) -> list[str]:
    return [label.get_text() for label in labels]


def speakers() -> pd.DataFrame:
    return pd.DataFrame({
        "speaker": ["Ann Lee", "City Hall", "officials", "Bob Roe"],
        "speaker_kind": ["person", "organisation", "group", "person"],
        "direct": [1, 0, 0, 2], "partial": [2, 0, 0, 0], "indirect": [0, 4, 1, 1],
        "words_quoted": [40, 0, 0, 25], "share_of_quoted_words": [0.615, 0, 0, 0.385],
        "roles": "", "cues": "",
    })


def test_quotes_per_speaker_draws_the_table_sorted_by_quotations():
    fig = figures.quotes_per_speaker(speakers(), "Budget row")
    ax, words_ax = fig.axes
    # Most quotations at the top (barh draws bottom-up): City Hall 4, Ann Lee 3, Bob Roe 3
    # (fewer words than Ann Lee), officials 1.
    assert tick_texts(ax.get_yticklabels()) == [
        "officials · group", "Bob Roe · person", "Ann Lee · person",
        "City Hall · organisation"]
    by_kind = {c.get_label(): widths(c) for c in ax.containers}
    assert by_kind == {"direct": [0, 2, 1, 0], "partial": [0, 0, 2, 0],
                       "indirect": [1, 1, 0, 4]}
    assert widths(words_ax.containers[0]) == [0, 25, 40, 0]
    assert fig.get_suptitle() == "Who is quoted: Budget row"


def test_quotes_per_speaker_keeps_the_top_speakers():
    fig = figures.quotes_per_speaker(speakers(), "Top two", top=2)
    assert tick_texts(fig.axes[0].get_yticklabels()) == ["Ann Lee · person",
                                                         "City Hall · organisation"]


def test_long_names_are_shortened_and_many_paragraphs_thinned():
    table = speakers().assign(speaker=["a senior official who spoke on condition of "
                                       "anonymity because talks were private", "b", "c", "d"])
    labels = tick_texts(figures.quotes_per_speaker(table, "Long").axes[0].get_yticklabels())
    assert "a senior official who spoke on condition of… · person" in labels
    many = pd.DataFrame({"paragraph": [1, 120], "voice": "reporter", "category": "approximator",
                         "lemma": "about", "article": "a"})
    fig = figures.hedging_along_article(many, 120, "Long")
    ticks = tick_texts(fig.axes[1].get_xticklabels())
    assert len(ticks) <= 25 and ticks[0] == "1"
    assert heights(fig.axes[0].containers[0])[0] == 1 and heights(
        fig.axes[0].containers[0])[-1] == 1


def test_quotes_per_speaker_on_the_sample_article(sample):
    from analysis.tables.rows import quotes_frame

    table = speaker_summary(quotes_frame([sample]))
    fig = figures.quotes_per_speaker(table, "Sample", top=100)
    ax = fig.axes[0]
    totals = [sum(bars) for bars in zip(*(widths(c) for c in ax.containers), strict=True)]
    expected = table[["direct", "partial", "indirect"]].sum(axis=1)
    assert sorted(totals) == sorted(expected)
    assert totals == sorted(totals)  # the most quoted at the top
    assert len(ax.get_yticklabels()) == len(table)


def cues() -> pd.DataFrame:
    rows = [("say", "neutral")] * 5 + [("claim", "doubt")] * 2 + [("deny", "denial"),
                                                                 ("according to",
                                                                  "prepositional"),
                                                                 ("grumble", "sulking")]
    return pd.DataFrame(rows, columns=["lemma", "category"]).assign(article="a")


def test_attribution_verbs_by_category_with_the_share_of_loaded_verbs():
    fig = figures.attribution_verbs(cues(), "Budget row")
    ax = fig.axes[0]
    labels = tick_texts(ax.get_yticklabels())
    assert labels[-1] == "neutral" and labels[-2] == "doubt"  # most cues at the top
    assert dict(zip(labels, widths(ax.containers[0]), strict=True)) == {
        "neutral": 5, "doubt": 2, "denial": 1, "prepositional": 1, "sulking": 1}
    # claim x2 and deny judge the source; say, 'according to' and 'sulking', a category
    # categories.csv does not know, do not
    assert ax.get_title(loc="left") == "Loaded verbs: 3 of 10 cues (30%)"
    hatches = {label: bar.get_hatch() for label, bar in
               zip(labels, ax.containers[0].patches, strict=True)}
    assert not hatches["neutral"] and not hatches["prepositional"] and hatches["doubt"]
    texts = [t.get_text() for t in ax.texts]
    assert "5: say ×5" in texts and "2: claim ×2" in texts
    assert fig.get_suptitle() == "Attribution verbs: Budget row"


def test_an_unknown_cue_category_gets_the_fallback_colour():
    fig = figures.attribution_verbs(cues(), "Verbs")
    ax = fig.axes[0]
    labels = tick_texts(ax.get_yticklabels())
    colours = {label: bar.get_facecolor() for label, bar in
               zip(labels, ax.containers[0].patches, strict=True)}
    from matplotlib.colors import to_rgba

    assert colours["sulking"] == to_rgba(UNKNOWN_COLOUR)
    assert colours["doubt"] == to_rgba(categories()["doubt"].colour)


def test_hatching_shows_on_dark_and_light_bars():
    table = pd.DataFrame({"lemma": ["want", "accuse"], "category": ["stance", "accusation"],
                          "article": "a"})
    fig = figures.attribution_verbs(table, "Hatches")
    bars = fig.axes[0].containers[0].patches
    if not hasattr(bars[0], "get_hatchcolor"):
        pytest.skip("matplotlib before 3.10 draws every hatch in one colour")
    from matplotlib.colors import to_rgba

    colours = {bar.get_facecolor(): bar.get_hatchcolor() for bar in bars}
    assert colours[to_rgba(categories()["stance"].colour)] == to_rgba("#ffffff")
    assert colours[to_rgba(categories()["accusation"].colour)] == to_rgba(figures.EDGE)


def hedges() -> pd.DataFrame:
    rows = [(2, "reporter", "epistemic_modal"), (2, "reporter", "approximator"),
            (2, "reporter", "booster"), (5, "quoted", "epistemic_verb"),
            (0, "reporter", "epistemic_modal")]
    frame = pd.DataFrame(rows, columns=["paragraph", "voice", "category"])
    return frame.assign(article="a", lemma=["may", "about", "clearly", "believe", "could"])


def test_hedging_along_article_counts_per_paragraph_and_voice():
    fig = figures.hedging_along_article(hedges(), 6, "Budget row")
    reporter, quoted = fig.axes
    hedge_bars, booster_bars = reporter.containers
    assert [bar.get_x() + bar.get_width() / 2 for bar in hedge_bars] == [0, 1, 2, 3, 4, 5, 6]
    assert heights(hedge_bars) == [1, 0, 2, 0, 0, 0, 0]
    assert heights(booster_bars) == [0, 0, 1, 0, 0, 0, 0]
    assert heights(quoted.containers[0]) == [0, 0, 0, 0, 0, 1, 0]
    assert heights(quoted.containers[1]) == [0] * 7
    assert reporter.get_title(loc="left") == "In the reporter's own voice: 4"
    assert fig.get_suptitle() == "Hedging along the article: Budget row"
    assert tick_texts(quoted.get_xticklabels())[:2] == ["headline", "1"]


def quotes() -> pd.DataFrame:
    frame = pd.DataFrame(columns=QUOTE_COLUMNS)
    kinds = ["person", "person", "organisation", "anonymous", "group", "unknown", "unknown"]
    agentless = [False, False, False, False, False, True, False]
    return frame.reindex(range(len(kinds))).assign(
        article=["a", "a", "a", "b", "b", "b", "b"], speaker_kind=kinds, agentless=agentless,
        kind="direct")


def test_sourcing_mix_counts_each_source_type():
    fig = figures.sourcing_mix(quotes(), "Budget row")
    ax = fig.axes[0]
    labels = tick_texts(ax.get_yticklabels())
    assert labels == list(reversed(figures.SOURCE_TYPES))  # named person at the top
    assert dict(zip(labels, widths(ax.containers[0]), strict=True)) == {
        "named person": 2, "organisation": 1, "group": 1, "unnamed": 1, "agentless": 1,
        "unknown": 1}
    assert ax.get_title(loc="left") == "7 attributions, 29% to a named person"
    assert fig.get_suptitle() == "Who the attributions credit: Budget row"


def test_corpus_comparison_draws_each_articles_shares():
    cue_table = cues().assign(article=["a"] * 5 + ["b"] * 5)
    hedge_table = hedges().assign(article=["a", "a", "a", "b", "c"])
    words = {"a": 200, "b": 100, "c": 50}
    measures = figures.corpus_measures(quotes(), cue_table, hedge_table, words)
    assert list(measures.index) == ["a", "b", "c"]  # c has hedges but no quotes
    assert measures.loc["a", "named person"] == pytest.approx(2 / 3)
    assert measures.loc["b", "agentless"] == pytest.approx(1 / 4)
    assert measures.loc["a", "loaded verbs"] == 0  # five times 'say'
    assert measures.loc["b", "loaded verbs"] == pytest.approx(3 / 5)  # 'sulking' is unknown
    assert measures.loc["a", "hedges reporter"] == pytest.approx(3 * 100 / 200)
    assert measures.loc["b", "hedges quoted"] == pytest.approx(1 * 100 / 100)

    fig = figures.corpus_comparison(quotes(), cue_table, hedge_table, "three articles", words)
    mix_ax, loaded_ax, hedge_ax = fig.axes
    order = tick_texts(mix_ax.get_yticklabels())
    assert order == ["c", "b", "a"]  # the most named sourcing at the top
    named = next(c for c in mix_ax.containers if c.get_label() == "named person")
    assert widths(named) == pytest.approx([0, 0, 2 / 3])
    assert widths(loaded_ax.containers[0]) == pytest.approx([0, 0.6, 0])
    reporter = next(c for c in hedge_ax.containers if "reporter" in c.get_label())
    assert widths(reporter) == pytest.approx([2, 0, 1.5])
    assert hedge_ax.get_title(loc="left") == "Hedges per 100 words"
    assert fig.get_suptitle() == "Articles compared: three articles"


@pytest.mark.parametrize("draw", [
    lambda: figures.quotes_per_speaker(speaker_summary(pd.DataFrame(columns=QUOTE_COLUMNS)),
                                       "Empty"),
    lambda: figures.attribution_verbs(pd.DataFrame(columns=["lemma", "category"]), "Empty"),
    lambda: figures.hedging_along_article(pd.DataFrame(columns=HEDGE_COLUMNS), 5, "Empty"),
    lambda: figures.sourcing_mix(pd.DataFrame(columns=QUOTE_COLUMNS), "Empty"),
    lambda: figures.corpus_comparison(pd.DataFrame(columns=QUOTE_COLUMNS),
                                      pd.DataFrame(columns=["article", "category"]),
                                      pd.DataFrame(columns=HEDGE_COLUMNS), "Empty"),
])
def test_empty_tables_give_a_figure_that_says_so(draw):
    fig = draw()
    assert fig.get_suptitle().endswith(": Empty")
    assert fig.axes[0].texts[0].get_text().startswith("No ")
    assert figures.png_bytes(fig).startswith(PNG_MAGIC)


def test_a_dollar_in_a_name_is_drawn_as_text_not_math(tmp_path):
    table = speakers().assign(speaker=["$5 Bill", "Cost $3 and $4", "officials", "Bob Roe"])
    fig = figures.quotes_per_speaker(table, "$5 Bill's $x$ day")
    labels = fig.axes[0].get_yticklabels()
    for label in [*labels, fig._suptitle]:
        shown, is_math = label._preprocess_math(label.get_text())
        assert is_math is False
    png, svg = figures.save(fig, tmp_path, "dollars")
    assert png.read_bytes().startswith(PNG_MAGIC)
    text = svg.read_text()  # SVG keeps text as text, so the drawn strings can be read back
    assert "$5 Bill · person" in text
    assert "Cost $3 and $4 · organisation" in text
    assert "Who is quoted: $5 Bill's $x$ day" in text


def test_control_characters_in_a_name_are_left_out():
    table = speakers().assign(speaker=["Bob\x1b[31m Roe\x00", "b", "c", "d"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of every glyph it cannot draw
        fig = figures.quotes_per_speaker(table, "Title\x07")
        figures.png_bytes(fig)
    assert "Bob[31m Roe · person" in tick_texts(fig.axes[0].get_yticklabels())


@pytest.mark.parametrize("name", ["../../escape", "/etc/passwd", "a/../../b\nc", "..", "",
                                  "quotes per speaker: Ann's \x1b[31m"])
def test_save_writes_png_and_svg_inside_the_folder(tmp_path, name):
    folder = tmp_path / "figures" / "article"
    paths = figures.save(figures.sourcing_mix(quotes(), "Sourcing"), folder, name)
    assert [p.suffix for p in paths] == [".png", ".svg"]
    for path in paths:
        assert path.parent == folder and path.is_file()
        assert not path.name.startswith(".")
        assert "\n" not in path.name and "\x1b" not in path.name
    assert paths[0].read_bytes().startswith(PNG_MAGIC)
    assert paths[1].read_text().lstrip().startswith("<?xml")
    everything = {p for p in tmp_path.rglob("*") if p.is_file()}
    assert everything == set(paths)  # nothing outside the folder, no temporary left


def test_save_gives_the_same_bytes_twice(tmp_path):
    first = [p.read_bytes() for p in figures.save(figures.sourcing_mix(quotes(), "S"),
                                                   tmp_path / "one", "mix")]
    second = [p.read_bytes() for p in figures.save(figures.sourcing_mix(quotes(), "S"),
                                                    tmp_path / "two", "mix")]
    assert first == second


def test_display_gives_jupyter_a_png():
    fig = figures.sourcing_mix(quotes(), "Sourcing")
    data, metadata = DisplayFormatter().format(figures.display(fig))
    png = data["image/png"]  # base64 text, as it is stored in the notebook
    assert base64.b64decode(png).startswith(PNG_MAGIC)
    assert metadata["image/png"]["width"] == 800  # 8 inches shown at 100 px per inch
    assert "<Figure" not in data.get("text/plain", "")
