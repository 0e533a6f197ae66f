"""The source audit's scorer: sources matched one to one within an article (persons by
surname, others by their words), and each figure counted as the guide defines it."""
from analysis.evaluate.audit import Scores, matched_pairs, part_of


def source(name, kind, gender="", role="unknown", first_rank=0):
    return {"name": name, "kind": kind, "gender": gender, "role": role,
            "first_rank": first_rank}


def test_sources_match_one_to_one_by_surname_or_their_words():
    gold = [source("Hillary Clinton", "person"), source("The Washington Post", "organisation"),
            source("senior officials", "group"), source("Bill Clinton", "person")]
    system = [source("Clinton", "person"), source("the Post", "organisation"),
              source("a senior official", "anonymous"), source("the many reasons", "group")]
    pairs = [(g["name"], s["name"]) for g, s in matched_pairs(gold, system)]
    # one "Clinton" for two Clintons (the first); half the words of the shorter name do
    assert pairs == [("Hillary Clinton", "Clinton"), ("The Washington Post", "the Post"),
                     ("senior officials", "a senior official")]


def test_each_figure_counts_what_the_guide_defines():
    gold = [source("Ann Lee", "person", "female", "politics", 1),
            source("Bo Chan", "person", "unknown", "expert", 2),
            source("Cy Diaz", "person", "male", "citizen", 3),
            source("City Council", "organisation", "", "politics", 4)]
    system = [source("Lee", "person", "female", "politics", 1),
              source("Bo Chan", "person", "male", "expert", 3),
              source("City Council", "organisation", "", "government", 2),
              source("the weather", "document", "", "document", 4)]
    scores = Scores()
    scores.add("story", gold, system)
    assert (scores.sources.tp, scores.sources.gold, scores.sources.system) == (3, 4, 4)
    assert (scores.persons.correct, scores.persons.total) == (2, 3)
    assert (scores.gender.correct, scores.gender.total) == (1, 1)
    assert (scores.gendered_unknown.correct, scores.gendered_unknown.total) == (1, 1)
    assert (scores.role.correct, scores.role.total) == (2, 3)
    assert (scores.first.correct, scores.first.total) == (1, 1)
    assert scores.women_gold == [(1, 3)] and scores.women_system == [(1, 2)]
    assert "story: missed person 'Cy Diaz'" in scores.misses
    assert "story: extra document 'the weather'" in scores.misses


def test_the_parts_split_the_articles_by_position():
    gold = {name: [] for name in "abcde"}
    assert list(part_of(gold, "tune")) == ["a", "c", "e"]
    assert list(part_of(gold, "test")) == ["b", "d"]
    assert part_of(gold, "all") == gold
