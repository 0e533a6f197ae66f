"""The sample article against its hand annotation (tests/fixtures/*.gold.json)."""
import json
from pathlib import Path

import pytest

from analysis.tables.rows import cue_rows, hedge_rows, quote_rows

GOLD = json.loads((Path(__file__).parent / "fixtures" / "isis-threatens-hamas.gold.json")
                  .read_text(encoding="utf-8"))
SPEAKERS = {s["id"]: s for s in GOLD["speakers"]}


def speaker_matches(row, speaker_id):
    return any(word in row["speaker"] for word in SPEAKERS[speaker_id]["match"])


@pytest.fixture(scope="module")
def quotes(sample):
    article, doc = sample
    return quote_rows(doc, article)


def test_seven_direct_quotes_with_offsets_that_slice_the_file(sample, quotes):
    article, _ = sample
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert [article.text[q["start"]:q["end"]] for q in direct] == \
        [g["content"] for g in GOLD["direct_quotes"]]


@pytest.mark.parametrize("gold", GOLD["direct_quotes"], ids=lambda g: f"quote{g['n']}")
def test_direct_quote_speaker_cue_and_via(quotes, gold):
    row = next(q for q in quotes if q["content"] == gold["content"])
    assert speaker_matches(row, gold["speaker"]), row["speaker"]
    assert (row["cue"] or None) == gold["cue"]
    assert (row["via"] or None) == gold["via"]


def test_resolution_by_pronoun_surname_and_continuation(quotes):
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert direct[1]["speaker_mention"] == "he"
    assert direct[1]["speaker"] == "a masked Islamic State member"
    assert direct[3]["speaker_mention"] == "Katz" and direct[3]["speaker"] == "Israel Katz"
    assert direct[5]["speaker_mention"] == "he" and direct[5]["speaker"] == "Haim Tomer"
    assert direct[6]["cue"] == "" and direct[6]["speaker"] == "Sami Abu Zuhri"
    assert direct[4]["role"].startswith("former head of overseas operations")


def test_both_partial_quotes(quotes):
    partial = [q for q in quotes if q["kind"] == "partial"]
    assert [q["content"] for q in partial] == [g["content"] for g in GOLD["partial_quotes"]]
    for row, gold in zip(partial, GOLD["partial_quotes"], strict=True):
        assert speaker_matches(row, gold["speaker"]), row["speaker"]


def test_indirect_attributions_and_the_agentless_accusation(quotes):
    indirect = [q for q in quotes if q["kind"] == "indirect"]
    found = 0
    for gold in GOLD["indirect_attributions"]:
        rows = [q for q in indirect if gold["content"] in q["content"]
                or q["content"] in gold["content"] and len(q["content"]) > 8]
        if gold["speaker"] is None:
            found += any(r["agentless"] and r["speaker"] == "" for r in rows)
        else:
            found += any(speaker_matches(r, gold["speaker"]) for r in rows)
    assert found >= 6
    agentless = [q for q in indirect if q["agentless"]]
    assert [q["content"] for q in agentless] == ["having links with ISIS"]


def test_wires_are_via_not_speakers(quotes):
    assert not any(q["speaker"] in ("Reuters", "AP") for q in quotes)
    vias = [q["via"] for q in quotes if q["via"]]
    assert vias.count("Reuters") == GOLD["wire_sources"]["Reuters"]
    assert vias.count("AP") == GOLD["wire_sources"]["AP"]


def test_speaker_kinds(quotes):
    kinds = {q["speaker"]: q["speaker_kind"] for q in quotes if q["speaker"]}
    assert kinds["Haim Tomer"] == "person"
    assert kinds["a masked Islamic State member"] == "anonymous"
    assert kinds["Palestinian and Syrian officials"] == "group"
    assert kinds["Hamas"] == "organisation"


def test_hedges_split_by_voice(sample):
    article, doc = sample
    rows = [r for r in hedge_rows(doc, article) if r["category"] != "booster"]
    reporter = sorted(r["cue"].lower() for r in rows if r["voice"] == "reporter")
    quoted = sorted(r["cue"].lower() for r in rows if r["voice"] == "quoted")
    assert reporter == sorted(h["cue"] for h in GOLD["hedges_reporter_voice"])
    assert quoted == sorted(h["cue"] for h in GOLD["hedges_inside_quotes"])
    speakers = {r["cue"]: r["speaker"] for r in rows if r["voice"] == "quoted"}
    assert speakers == {"can": "Haim Tomer", "would": "Sami Abu Zuhri"}


def test_cue_rows_cover_the_annotated_cues(sample):
    article, doc = sample
    lemmas = [r["lemma"] for r in cue_rows(doc, article)]
    for cue, count in GOLD["attribution_cues"].items():
        if cue == "note":
            continue
        lemma = {"said": "say", "told": "tell", "reported": "report", "vowed": "vow",
                 "accused": "accuse", "denied": "deny"}.get(cue, cue)
        assert lemmas.count(lemma) >= count, cue
