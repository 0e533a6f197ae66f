"""The lexicons are data, checked when read: a typo is an error naming its file and line."""
import warnings

import pytest

from analysis.components.attribution_cues import AttributionCues, StaleCueModelWarning
from analysis.text import lexicon
from analysis.text.lexicon import LexiconError, bundled, load_lexicon


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("row, message", [
    ("grumble,verb,manerr,complains,project", "unknown category 'manerr'"),
    ("grumble,verbb,manner,complains,project", "unknown kind 'verbb'"),
])
def test_a_typo_in_a_cue_row_names_file_and_line(tmp_path, row, message):
    path = write(tmp_path / "cues.csv", "cue,kind,category,note,source\n"
                 "say,verb,neutral,plain,project\n" + row + "\n")
    with pytest.raises(LexiconError) as error:
        load_lexicon("cues", path)
    assert f"{path}:3: {message}" in str(error.value)


def test_a_wrong_header_is_an_error(tmp_path):
    path = write(tmp_path / "hedges.csv", "word,kind,category\nmay,modal,epistemic_modal\n")
    with pytest.raises(LexiconError, match="the header must be cue,kind,category,note,source"):
        load_lexicon("hedges", path)


def test_word_lists_and_categories_are_checked(tmp_path):
    words = write(tmp_path / "words.csv", "list,word,value,note,source\n"
                  "rubrics,note,,,project\nrubricks,update,,,project\n")
    with pytest.raises(LexiconError, match=r"words.csv:3: unknown list 'rubricks'"):
        lexicon._word_lists(words)
    table = write(tmp_path / "categories.csv",
                  ",".join(lexicon.CATEGORY_COLUMNS) + "\n"
                  "neutral,cues,#999999,maybe,yes,no,no,just reports,note\n")
    with pytest.raises(LexiconError, match="loaded must be yes or no"):
        lexicon.categories(table)


def test_bundled_lexicons_cover_every_category_they_use():
    known = lexicon.categories()
    for name in ("cues", "hedges"):
        assert {e.category for e in load_lexicon(name)} <= set(known)
    assert lexicon.UNLISTED in known and not known[lexicon.UNLISTED].loaded
    assert {"denial", "confession", "doubt"} == {n for n, c in known.items() if c.trusted}
    assert lexicon.word_map("gendered_pronouns")["she"] == "f"
    assert lexicon.load_outlets()["the associated press"].name == "AP"


def test_every_cue_category_has_its_own_colour():
    colours = {name: lexicon.category_colour(name) for name in lexicon.categories_of("cues")}
    assert {e.category for e in load_lexicon("cues")} <= set(colours)
    assert len(set(colours.values())) == len(colours)
    assert colours["doubt"] == "#D55E00" and colours["neutral"] == "#999999"
    assert lexicon.category_colour("sulking") == lexicon.UNKNOWN_COLOUR


def test_what_a_category_means_comes_from_the_categories_table():
    loaded = {name for name in lexicon.categories_of("cues") if lexicon.is_loaded(name)}
    assert {"doubt", "denial", "confession", "accusation"} <= loaded
    assert not loaded & {"neutral", "prepositional", lexicon.UNLISTED}
    assert not lexicon.is_loaded("sulking")
    assert {"neutral", "assertive", "question"} <= lexicon.categories_with("speech")
    assert not lexicon.categories_with("speech") & {"cognition", "stance", "unlisted"}
    assert lexicon.category_label("doubt") == "casts doubt"
    assert lexicon.category_label("epistemic_modal") == "possibility (may, could)"
    assert lexicon.category_label("new_category") == "new category"


def test_the_cue_model_warns_when_its_lexicon_changed(nlp, tmp_path):
    rows = bundled("cues.csv").read_text(encoding="utf-8").splitlines()
    changed = write(tmp_path / "cues.csv", "\n".join(rows[:-1]) + "\n")
    with pytest.warns(StaleCueModelWarning, match="fitted on another cue lexicon"):
        AttributionCues(nlp, lexicon_path=changed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AttributionCues(nlp)  # the bundled lexicon and model agree
