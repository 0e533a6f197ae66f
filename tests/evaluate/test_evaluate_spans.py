"""Sentence-level span scores (exact, trimmed, CofeNet's soft overlap) on hand-written brat
fixtures, with every expected figure worked out by hand in the comments."""
import json

import pytest

from analysis.evaluate import attributions
from analysis.evaluate.attributions import gold_system, load_split
from analysis.evaluate.spans import (
    LITERATURE_FIELDS,
    SentenceIndex,
    gold_spans,
    parse_fields,
    score_spans,
    soft_score,
    split_sentences,
    system_spans,
    token_overlap,
)


@pytest.fixture(scope="module")
def alpha(fixtures):
    return next(doc for doc in load_split("dev", fixtures) if doc.id == "alpha")


def texts(text, index):
    return [text[s.start:s.end] for s in index.sentences]


# alpha.txt, annotator a1:
#   S0 "Senator Jane Roe said the plan "will not survive the winter session" and left."
#   S1 "“We have done everything we could for these families,” Roe told reporters."
#   S2 "“Nobody can say otherwise.”"       S3 "Officials believe the budget\nis safe."
# gold source: (0,16) Senator Jane Roe, (135,138) Roe; cue: (17,21) said, (139,143) told;
# content: (22,68) in S0, (80,134) in S1, (155,182) in S2 (one Content in two pieces),
# (202,220) "the budget\nis safe" in S3.
ROWS = [
    # "Jane Roe" said "will not survive the winter session" (no marks, no "the plan")
    {"speaker_start": 8, "speaker_end": 16, "cue_start": 17, "cue_end": 21,
     "start": 32, "end": 67},
    # Roe "told reporters" the first quotation, marks left out, then the second one, exactly
    {"speaker_start": 135, "speaker_end": 138, "cue_start": 139, "cue_end": 153,
     "start": 81, "end": 132},
    {"speaker_start": 135, "speaker_end": 138, "cue_start": 139, "cue_end": 153,
     "start": 155, "end": 182},
    # no speaker; "believe" (no gold cue in S3); the content with its full stop
    {"speaker_start": None, "speaker_end": None, "cue_start": 194, "cue_end": 201,
     "start": 202, "end": 221},
]


def test_sentences_of_a_fixture(alpha):
    index = SentenceIndex(alpha.text)
    assert texts(alpha.text, index) == [
        'Senator Jane Roe said the plan "will not survive the winter session" and left.',
        "“We have done everything we could for these families,” Roe told reporters.",
        "“Nobody can say otherwise.”",
        "Officials believe the budget\nis safe.",
    ]
    assert len(index.sentences[3].tokens) == 7  # the line break is no token


def test_an_opening_mark_after_a_full_stop_opens_the_next_sentence():
    text = 'He left. “We won. You lost,” she said. "Again." Done.'
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "He left.", "“We won.", "You lost,” she said.", '"Again."', "Done."]


def test_gold_spans_are_pieces_clipped_to_sentences(alpha):
    index = SentenceIndex(alpha.text)
    gold = gold_spans(alpha.attributions, index)
    assert gold["source"] == {(0, (0, 16)), (1, (135, 138))}
    assert gold["cue"] == {(0, (17, 21)), (1, (139, 143))}
    assert gold["content"] == {(0, (22, 68)), (1, (80, 134)), (2, (155, 182)), (3, (202, 220))}
    # a span over two sentences is a piece in each, without the space between them
    assert index.clip((80, 182)) == [(1, (80, 154)), (2, (155, 182))]


def test_system_spans_dedupe_within_a_sentence_and_skip_missing_fields(alpha):
    spans = system_spans(ROWS, SentenceIndex(alpha.text))
    assert spans["source"] == {(0, (8, 16)), (1, (135, 138))}  # two rows share "Roe"
    assert spans["cue"] == {(0, (17, 21)), (1, (139, 153)), (3, (194, 201))}
    assert len(spans["content"]) == 4


def test_exact_trimmed_and_soft_scores_by_hand(alpha):
    scores = score_spans(alpha.text, alpha.attributions, ROWS).elements
    source, cue, content = scores["source"], scores["cue"], scores["content"]
    # exact: "Roe" only; "said" only (of 3 system cues); the second quotation only
    assert (source.exact.tp, source.exact.gold, source.exact.system) == (1, 2, 2)
    assert (cue.exact.tp, cue.exact.gold, cue.exact.system) == (1, 2, 3)
    assert cue.exact.f1 == pytest.approx(0.4)  # P 1/3, R 1/2
    assert (content.exact.tp, content.exact.gold, content.exact.system) == (1, 4, 4)
    # trimmed: the first quotation and "is safe." now match; S0's content still differs
    # ("the plan ..." against the quotation alone)
    assert (content.trimmed.tp, content.trimmed.gold, content.trimmed.system) == (3, 4, 4)
    assert (cue.trimmed.tp, source.trimmed.tp) == (1, 1)
    # soft, on tokens: source "Jane Roe" in "Senator Jane Roe" 2/3, "Roe" 1 -> 5/3 over 2
    assert source.soft.value == pytest.approx(5 / 6)
    # cue: "said" 1, "told reporters" for "told" 1/2, "believe" touches no gold: a miss
    assert (cue.soft.credit, cue.soft.total) == (1.5, 3)
    # content: 6 of 10 tokens in S0, 9 of 12 in S1, exact in S2, 4 of 5 in S3
    assert content.soft.credit == pytest.approx(0.6 + 0.75 + 1 + 0.8)
    assert content.soft.total == 4


def test_token_overlap_and_soft_score_follow_cofenet():
    assert token_overlap((0, 3), (1, 3)) == pytest.approx(2 / 3)
    assert token_overlap((0, 2), (2, 4)) == 0
    # gold (0,3) found exactly; gold (5,7) missed; (1,2) overlaps a gold span and is neither
    # rewarded nor counted; (8,9) touches nothing and counts as a miss
    soft = soft_score({(0, 3), (5, 7)}, {(0, 3), (1, 2), (8, 9)})
    assert (soft.credit, soft.total) == (1.0, 3)
    assert soft_score(set(), set()).value == 0.0


def test_the_span_fields_are_chosen_by_name(alpha):
    renamed = [{"content_start": row["start"] - 1, "content_end": row["end"] + 1}
               for row in ROWS[1:3]]  # the two quotations with their marks
    fields = parse_fields(["content=content_start,content_end"])
    assert fields == {**LITERATURE_FIELDS, "content": ("content_start", "content_end")}
    content = score_spans(alpha.text, alpha.attributions, renamed, fields).elements["content"]
    # (80,133) lacks the closing mark after the comma; (154,183) is clipped to (155,182)
    assert (content.exact.tp, content.exact.system) == (1, 2)
    assert (content.trimmed.tp, content.trimmed.system) == (2, 2)


@pytest.mark.parametrize("spec", ["speaker=a,b", "content=a", "content=a,b,c", "cue"])
def test_bad_span_fields_are_refused(spec):
    with pytest.raises(ValueError, match="ELEMENT=START,END"):
        parse_fields([spec])


def test_the_command_prints_the_span_table_beside_the_old_one(monkeypatch, tmp_path, capsys,
                                                             fixtures):
    monkeypatch.setitem(attributions.SYSTEMS, "project", gold_system)
    out = tmp_path / "scores.json"
    arguments = ["--data", str(fixtures), "--baseline", "empty", "--json", str(out)]
    assert attributions.main(arguments) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[3].startswith("project    1.000 1.000 1.000  1.000     5")
    assert any(line.startswith("Attribution spans per sentence (6 sentences)") for line in lines)
    assert "empty      content  0.000 0.000 0.000  0.000 0.000 0.000  0.000" in lines
    # the annotation read back: sources exactly; no cue rows; contents as one span each
    source = next(line for line in lines if line.startswith("project    source"))
    assert source.split()[2:5] == ["1.000", "1.000", "1.000"]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["systems"]["project"]["spans"]["cue"]["exact"]["system"] == 0


def test_the_command_refuses_bad_span_fields(capsys, fixtures):
    assert attributions.main(["--data", str(fixtures), "--span-field", "quote=a,b"]) == 2
    assert capsys.readouterr().err.startswith("polnear: span fields 'quote=a,b'")
