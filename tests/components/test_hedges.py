"""Each disambiguation rule of analysis/hedges.py pinned on a written sentence."""
import pytest

from analysis.pipeline.run import analyse
from analysis.tables.rows import hedge_rows
from analysis.text.articles import article_from_text


@pytest.fixture(scope="module")
def hedges(nlp):
    def find(text: str) -> list[dict]:
        article = article_from_text(text)
        return [r for r in hedge_rows(analyse(article, nlp), article)
                if r["category"] != "booster"]
    return find


def cues(rows: list[dict]) -> list[str]:
    return [r["cue"].lower() for r in rows]


@pytest.mark.parametrize("text, cue", [
    ("It may rain tomorrow.", "may"),
    ("The toll might rise.", "might"),
    ("The move could bring Israel and Hamas closer.", "could"),
    ("Hamas wants a five-year deal, which would allow it to open a seaport.", "would"),
    ("Such a policy can lead to war.", "can"),
    ("The letter can be read as a threat.", "can"),
    ("When you are a regime you can suffer.", "can"),
    ("Analysts believe that the truce will hold.", "believe"),
    ("Smith is considered the best player in the league.", "considered"),
    ("The results seem unlikely to change.", "seem"),
    ("It appears that the talks have stalled.", "appears"),
    ("They discussed the possible ceasefire.", "possible"),
    ("Experts have raised the prospects of a deal.", "prospects"),
    ("There is a possibility of rain.", "possibility"),
    ("The alleged fraud cost millions.", "alleged"),
    ("He is rumored to be ill.", "rumored to"),
    ("The rumored deal collapsed.", "rumored"),
    ("Critics questioned whether the plan had worked.", "questioned"),
    ("He is thought by some to be ill.", "thought"),
    ("Many view the deal as a trap.", "view"),
])
def test_hedges(hedges, text, cue):
    assert cue in cues(hedges(text)), hedges(text)


@pytest.mark.parametrize("text, word", [
    ("The talks resume on May 5.", "may"),
    ("She would like to go home.", "would"),
    ("He cannot come to the meeting.", "can"),
    ("They could not agree on a date.", "could"),
    ("She can speak four languages.", "can"),
    ("As a child she could play the piano.", "could"),
    ("He said he would resign.", "would"),
    ("He would later become president.", "would"),
    ("Members should vote on Friday.", "should"),
    ("The actor appeared in three films.", "appeared"),
    ("I feel pain in my leg.", "feel"),
    ("Regarding the ceasefire, nothing was decided.", "regarding"),
    ("They met with regard to the treaty.", "regard"),
    ("Come as soon as possible.", "possible"),
    ("The grant made it possible to hire staff.", "possible"),
    ("They used all possible means.", "possible"),
    ("It is possible to walk there in an hour.", "possible"),
    ("We talked about it for hours.", "about"),
    ("Police questioned the suspect for hours.", "questioned"),
    ("The actor appeared in three films.", "appeared"),
])
def test_not_hedges(hedges, text, word):
    assert word not in cues(hedges(text)), hedges(text)


@pytest.mark.parametrize("text, cue", [
    ("Smith believes the truce will hold.", "believes"),
    ("John Smith believes the truce will hold.", "believes"),
    ("The airline expects to post a loss this quarter.", "expects"),
    ("Acme Corp. thinks its sales will recover next year.", "thinks"),
    ("The governor appeared to accept the offer.", "appeared"),
    ("Senator Jones seemed to doubt the figures.", "seemed"),
])
def test_a_named_holder_still_hedges(hedges, text, cue):
    """Whoever holds the belief, the claim is put as a belief, not as a fact."""
    assert cue in cues(hedges(text)), hedges(text)


@pytest.mark.parametrize("text, word, hedged", [
    ("The treaty is widely considered a failure.", "considered", True),
    ("Many economists consider the tax a mistake.", "consider", True),
    ("The mayor, considered a moderate, won easily.", "considered", True),
    ("The committee considered the proposal on Tuesday.", "considered", False),
    ("The company is considering selling its stake.", "considering", False),
    ("Now consider a triangle with two equal sides.", "consider", False),
    ("The firm expects to hire 200 workers.", "expects", True),
    ("Analysts expect the bank to cut rates.", "expect", True),
    ("The retailer expects a loss for the year.", "expects", True),
    ("Sales were better than expected.", "expected", False),
    ("The merger had long been expected.", "expected", False),
])
def test_opinions_apart_from_weighing_and_outcomes(hedges, text, word, hedged):
    """'consider' hedges as an opinion, not as weighing a course; 'expect' hedges with
    something expected, not when what was expected has happened."""
    assert (word in cues(hedges(text))) is hedged, hedges(text)


@pytest.mark.parametrize("text, word, hedged", [
    ("The senator would not comment on the report.", "would", False),
    ("The company wouldn't identify the buyer.", "would", False),
    ("A strike would not help anyone.", "would", True),
    ("The summit, she said, would produce a new initiative.", "would", False),
    ("Under the agreement, each side would withdraw its troops.", "would", False),
    ("Whether the truce would hold was unclear.", "would", False),
    ("He asked if the talks could resume.", "could", False),
    ("A new tax could slow the recovery.", "could", True),
    ("Officials said the treaty could collapse within weeks.", "could", True),
])
def test_modals_in_refusals_asides_provisions_and_questions(hedges, text, word, hedged):
    """'would not comment' refuses; 'she said' inside a clause reports it; 'under the
    agreement' states what it provides; a question leaves the matter open by itself. A
    "could" that a past verb reports is still a possibility."""
    assert (word in cues(hedges(text))) is hedged, hedges(text)


@pytest.mark.parametrize("text, word, hedged", [
    ("She kept going by believing that help would come.", "believing", True),
    ("Regarding the ceasefire, nothing was decided.", "regarding", False),
    ("The champion could face a tough rival in the final.", "could", True),
    ("The company could lose its licence.", "could", True),
    ("As a child she could play the piano.", "could", False),
])
def test_gerunds_after_prepositions_and_what_could_happen(hedges, text, word, hedged):
    """A gerund with a clause after a preposition is a verb of belief, not a preposition;
    "could" before a verb of undergoing says what may happen to the subject, not what a
    person was able to do."""
    assert (word in cues(hedges(text))) is hedged, hedges(text)


@pytest.mark.parametrize("text, hedged", [
    ("It looks as if the strike will end soon.", True),
    ("It looks as though the buyers backed out.", True),
    ("She looked at the figures again.", False),
    ("The moon looks like a lantern tonight.", False),
    ("The new stadium looks good.", False),
])
def test_looks_as_if(hedges, text, hedged):
    """'looks as if' puts a clause as how things look; a look or a likeness does not."""
    assert any(c.startswith("look") for c in cues(hedges(text))) is hedged, hedges(text)


def test_approximator_before_a_number(hedges):
    rows = hedges("About 200 people marched.")
    assert [(r["cue"], r["category"]) for r in rows] == [("About", "approximator")]


def test_voice_and_speaker_of_a_quoted_hedge(hedges):
    rows = hedges('"The ceasefire may collapse," said Haim Tomer.')
    assert [(r["cue"], r["voice"]) for r in rows] == [("may", "quoted")]
    assert "Tomer" in rows[0]["speaker"]


@pytest.mark.parametrize("text, hedged", [
    ("The chairman's bill would prohibit the president from waiving sanctions.", False),
    ("Another method would require delegates to challenge the rules.", False),
    ("A longer truce would allow Hamas to open a seaport.", True),
])
def test_would_states_what_a_proposal_provides(hedges, text, hedged):
    assert ("would" in cues(hedges(text))) is hedged


@pytest.mark.parametrize("text, boosted", [
    ("He must have known about the emails.", True),
    ("Hamas must disarm before any talks.", False),
    ("Government must be strictly limited.", False),
])
def test_must_boosts_only_a_conclusion(nlp, text, boosted):
    article = article_from_text(text)
    rows = hedge_rows(analyse(article, nlp), article)
    assert any(r["cue"].lower() == "must" and r["category"] == "booster" for r in rows) is boosted
