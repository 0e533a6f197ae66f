"""Quote finding on written examples of the patterns real news uses."""
import pytest
from spacy.tokens import Doc

from analysis.components.indirect import clause_after_medium
from analysis.pipeline.run import analyse
from analysis.tables.rows import LABEL_LEMMA, cue_rows, quote_rows
from analysis.text.articles import article_from_text
from analysis.text.passages import find_passages


def rows(nlp, text):
    article = article_from_text(text)
    return quote_rows(analyse(article, nlp), article)


def passages(text):
    return [text[p.content_start:p.content_end] for p in find_passages(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "we will win," and left.', ["we will win"]),
    ("He said “we will win,” and left.", ["we will win"]),
    ("He said ``we will win,'' and left.", ["we will win"]),
    ('"One," he said. “Two.”', ["One", "Two."]),
    ("Voters call it ‘the big one’ here.", ["the big one"]),
    ("'I won't,' Harris said.", ["I won't"]),
    ("The drivers' union said Hamas' leaders met.", []),
])
def test_marks_of_every_style(text, expected):
    assert passages(text) == expected


def test_quote_over_several_paragraphs_is_one_chain_of_passages(nlp):
    text = ('"The first paragraph goes on.\n\n"The second one ends it," said Ann Lee.\n\n'
            'Then the reporter writes.')
    first, second = find_passages(text)
    assert first.chain == second.chain and first.closed and not first.ends_with_mark
    assert passages(text) == ["The first paragraph goes on.", "The second one ends it"]
    assert [r["speaker"] for r in rows(nlp, text)] == ["Ann Lee", "Ann Lee"]


def test_unclosed_mark_closes_at_its_paragraph_and_the_rest_survives():
    text = ('"This quote never closes, he said.\n\n'
            'Later, "the next one is fine," said Ann Lee.')
    found = find_passages(text)
    assert [p.closed for p in found] == [False, True]
    assert text[found[1].content_start:found[1].content_end] == "the next one is fine"


def test_split_quote_gets_one_speaker(nlp):
    found = rows(nlp, '"We lost the vote," said Senator Jane Roe. "We will win the next one."')
    direct = [r for r in found if r["kind"] == "direct"]
    assert [r["speaker"] for r in direct] == ["Jane Roe", "Jane Roe"]
    assert direct[0]["role"] == "Senator"


@pytest.mark.parametrize("text", [
    '"The risk," said Leamer, an economist, "is that we are going to lose workers."',
    '"The risk," Leamer said, "is that we are going to lose workers."',
])
def test_the_second_half_of_a_split_quote_is_the_same_direct_quote(nlp, text):
    found = rows(nlp, text)
    assert [(r["kind"], r["content"], r["speaker"]) for r in found] == [
        ("direct", "The risk", "Leamer"),
        ("direct", "is that we are going to lose workers.", "Leamer")]
    assert len({r["attribution"] for r in found}) == 1


def test_a_quote_a_cue_and_a_comma_introduce_is_direct_whatever_its_first_letter(nlp):
    found = rows(nlp, 'Instead, Axelrod said, "she started as a prohibitive favorite."')
    assert [(r["kind"], r["content"], r["speaker"], r["cue"]) for r in found] == [
        ("direct", "she started as a prohibitive favorite.", "Axelrod", "said")]


@pytest.mark.parametrize("text, speaker", [
    ('The nominee, he said, watched the games to see "how high those vaulters could go."', "he"),
    ('As Ruth Marcus puts it, the president is trying to make them "an offer they cannot refuse."',
     "Ruth Marcus"),
    ('Over the long term, according to the budget office, the deficit "is mainly due to the '
     'aging of the population."', "the budget office"),
])
def test_a_partial_quote_in_a_clause_a_parenthetical_cue_reports(nlp, text, speaker):
    assert [r["speaker"] for r in rows(nlp, text) if r["kind"] == "partial"] == [speaker]


def test_continuation_paragraph_and_pronoun(nlp):
    text = ('Mark Rivera, the campaign manager, spoke on Monday.\n\n'
            '"We are ahead in every poll," Rivera said.\n\n'
            '"And we will stay ahead."\n\n'
            '"Nobody doubts it," he added.')
    direct = [r for r in rows(nlp, text) if r["kind"] == "direct"]
    assert [r["speaker"] for r in direct] == ["Mark Rivera"] * 3
    assert [r["speaker_mention"] for r in direct] == ["Rivera", "Rivera", "he"]


def test_scare_quotes_are_not_speech(nlp):
    assert rows(nlp, 'The so-called "peace plan" failed on Monday.') == []
    # a passive cue reports its subject (an agentless row), never as a quotation
    found = rows(nlp, 'The so-called "peace plan" was published on Monday.')
    assert [(r["kind"], r["cue"], r["speaker"]) for r in found] == [
        ("indirect", "published", "")]


def test_a_title_in_quotation_marks_is_not_speech(nlp):
    found = rows(nlp, 'The senator told "Fox News Sunday" that the bill would pass.\n\n'
                      'The mayor called the plan "a gift to the developers."')
    assert [(r["kind"], r["content"]) for r in found] == [
        ("indirect", "that the bill would pass"),
        # what the mayor called it, and the words quoted: one attribution in two rows
        ("indirect", 'the plan "a gift to the developers."'),
        ("partial", "a gift to the developers.")]
    assert found[1]["attribution"] == found[2]["attribution"]


def test_according_to_and_agentless_passive(nlp):
    found = rows(nlp, "According to officials, the bridge will close in May. "
                      "The mayor has been accused of hiding the report.")
    by_cue = {r["cue"]: r for r in found}
    assert by_cue["According to"]["speaker"] == "officials"
    assert by_cue["According to"]["speaker_kind"] == "group"
    assert by_cue["According to"]["content"].startswith("the bridge will close")
    assert by_cue["accused"]["agentless"] and by_cue["accused"]["speaker"] == ""


@pytest.mark.parametrize("text, speaker", [
    # a comma before the closing mark: the tag goes on, however long the speaker's description
    ("''Blacks and Hispanics benefited more from the A.C.A.,'' said Simon Rosenberg, "
     "president of NDN, a policy and advocacy group.", "Simon Rosenberg"),
    # a question ends the quote, but a lowercase verb right after the mark is its tag
    ('"Is Donald Trump running against the committee?" asked Paul Manafort, referring to '
     "the candidate's assault on what he calls the process.", "Paul Manafort"),
    # a gerund after an object: what the object (or whom it shows) says
    ("The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead, you might "
     "ask?”", "Hillary Clinton"),
    # a subordinate clause after the quote is no tag
    ("The spot ends with footage of Trump saying during the debate, “That makes me smart,” "
     "when Clinton blasted him for not paying taxes.", "Trump"),
    # a day after the verb is when, not who
    ('"We will achieve justice in this case," Tulsa police Chief Chuck Jordan said Monday.',
     "Chuck Jordan"),
])
def test_speakers_of_longer_tags(nlp, text, speaker):
    direct = [r for r in rows(nlp, text) if r["kind"] == "direct"]
    assert [r["speaker"] for r in direct] == [speaker]


@pytest.mark.parametrize("text, speaker, cue", [
    ('"We will win," he continued. "And we will rebuild."', "he", "continued"),
    ('The mayor went on: "Nobody listens."', "The mayor", "went on"),
    # "goes on recess" is no speech, and the quotation after it is the senator's
    ("Sen. Marco Rubio said that once the Senate goes on recess, \u201cI intend to do as much "
     "as I can.\u201d", "Marco Rubio", "said"),
])
def test_a_verb_that_goes_on_with_speech_reports_only_the_quotation_next_to_it(
        nlp, text, speaker, cue):
    first = next(r for r in rows(nlp, text) if r["kind"] == "direct")
    assert (first["speaker"], first["cue"]) == (speaker, cue)


def test_a_dateline_is_not_a_speaker(nlp):
    found = rows(nlp, "PHILADELPHIA (AP) — The Democratic National Committee released a "
                      'statement on Monday, offering "a deep and sincere apology" to Sen. Bernie '
                      "Sanders.")
    assert found and all(r["speaker"] != "PHILADELPHIA" for r in found)


def test_speaker_labels_before_colons(nlp):
    found = rows(nlp, "Jeb Bush and Hillary Clinton reject the term containment.\n\n"
                      'Clinton: "Our goal is not to deter or contain ISIS, but to defeat and '
                      'destroy ISIS." Bush: "The mission is to destroy ISIS -- not to contain it."')
    assert [r["speaker"] for r in found if r["kind"] == "direct"] == ["Hillary Clinton",
                                                                       "Jeb Bush"]


def test_the_subject_before_a_colon_speaks_not_the_object(nlp):
    found = rows(nlp, 'The mayor cast her vote: "This budget is fair to every family here."')
    assert [r["speaker"] for r in found] == ["The mayor"]


def test_a_verb_outside_the_lexicon_reports_no_words(nlp):
    """'filed' may be a cue, but 'a lawsuit' is no indirect quotation, and the verb tags no
    quotation."""
    article = article_from_text('The group filed a lawsuit on Monday. "This is wrong," the '
                                'lawyer said.')
    doc = analyse(article, nlp)
    assert "unlisted" in {row["category"] for row in cue_rows(doc, article)}
    assert [(r["kind"], r["speaker"], r["cue"]) for r in quote_rows(doc, article)] == [
        ("direct", "the lawyer", "said")]


def test_a_quoted_transcript_names_its_speakers_in_capitals(nlp):
    found = rows(nlp, "Mike Pence spoke to Chris Wallace on Sunday. Partial transcript:\n\n"
                      '"WALLACE: Do you really see those two as equivalent?\n\n'
                      '"PENCE: Well, look, you know, Mark Cuban has been out there saying some '
                      'pretty tough stuff about my running mate.\n\n'
                      '"But the truth is that Donald Trump has a unique way of communicating."')
    assert [r["speaker"] for r in found if r["kind"] == "direct"] == [
        "Chris Wallace", "Mike Pence", "Mike Pence"]


def test_a_question_is_not_tagged_by_the_reporters_next_sentence(nlp):
    found = rows(nlp, '"Why are you still endorsing him?" Obama asked Republican politicians. '
                      '"What does this say about your party?" Several Republican leaders, '
                      "including Sen. John McCain, denounced the remarks.")
    assert [r["speaker"] for r in found if r["kind"] == "direct"] == ["Obama", "Obama"]


@pytest.mark.parametrize("text", [
    'Frazier said the piece, which noted "a sharp rise in health care costs," was unfair.',
    'Frazier said the plan noted "a sharp rise in health care costs" for families.',
])
def test_a_partial_quote_passes_over_a_cue_whose_subject_cannot_speak(nlp, text):
    partial = [r for r in rows(nlp, text) if r["kind"] == "partial"]
    assert [(r["speaker"], r["cue"]) for r in partial] == [("Frazier", "said")]


def label_rows(nlp, text):
    article = article_from_text(text)
    return [(r["cue"], r["speaker"]) for r in cue_rows(analyse(article, nlp), article)
            if r["lemma"] == LABEL_LEMMA]


@pytest.mark.parametrize("text, found", [
    # a headline credits its claim to the name before the colon, however the tagger took it
    ("Sanders: Brexit’s message could draw Trump support in the United States.\n\n"
     "The senator spoke on Sunday.", [("Sanders:", "Sanders")]),
    # a transcript names its speakers again and again, in capitals
    ("TAPPER: Do you think Donald Trump has campaigned as a racial healer?\n\n"
     "FALLIN: I think he is trying to campaign as a racial healer.\n\n"
     "TAPPER: Why is that?\n\nFALLIN: Because the nation needs it.",
     [("TAPPER:", "TAPPER"), ("FALLIN:", "FALLIN"), ("TAPPER:", "TAPPER"),
      ("FALLIN:", "FALLIN")]),
    # a hyphenated name is one name
    ("Polls\n\nAlex Seitz-Wald: She is right on all these things if you dig into them.",
     [("Alex Seitz-Wald:", "Alex Seitz-Wald")]),
    # a roundup's item names its source after a dash set apart by spaces; a hyphen is no dash
    ("Polls\n\nIowa polls were not wrong, just early - Mark Blumenthal: “The polls failed to "
     "predict the late surge.”\n\nState-by-state: The counts were finished late on Tuesday "
     "night in all of the counties.", [("Mark Blumenthal:", "Mark Blumenthal")]),
    # a newsroom's rubric is no speaker, nor is a word in capitals used once
    ("Editor’s Note: The following is the third part of an exclusive series on the race.\n\n"
     "UPDATE: The count was finished late on Tuesday night in all of the counties.", []),
])
def test_speaker_labels_open_lines(nlp, text, found):
    assert label_rows(nlp, text) == found  # no cue row reads ':' alone


def test_a_name_inside_a_quotation_is_never_the_speakers_name(nlp):
    text = ('Donald Trump spoke in Ohio. "Crooked Hillary Clinton will lose," Trump said.\n\n'
            '"I am ready," Clinton said on Monday.')
    speakers = {r["content"]: r["speaker"] for r in rows(nlp, text)}
    assert speakers == {"Crooked Hillary Clinton will lose": "Donald Trump",
                        "I am ready": "Clinton"}


def test_a_thing_that_cannot_speak_is_no_speaker(nlp):
    text = ('Early results suggest the vaccine works in older adults, the company said.\n\n'
            'She kept a box labeled "medical problem" by the door.')
    found = rows(nlp, text)
    assert all(r["speaker"].lower() not in ("early results", "a box") for r in found)


def test_roles_are_whole_phrases_never_fragments(nlp):
    text = ('"We will win," said Former Secretary of State Hillary Clinton.\n\n'
            '"We are tired," said Ann Lee, 69, on Tuesday.\n\n'
            '"It is over," said Mayor John Smith.')
    roles = {r["speaker"]: r["role"] for r in rows(nlp, text) if r["kind"] == "direct"}
    assert roles["Hillary Clinton"] == "Former Secretary of State"
    assert roles["Ann Lee"] == ""  # her age is no role
    assert roles["John Smith"] == "Mayor"


def test_a_rubric_before_a_colon_is_no_speaker(nlp):
    text = ("The Latest: Governor Jane Roe urges voters to watch the polling places.\n\n"
            "The governor spoke in Ohio on Monday, where she met with local officials.")
    speakers = [r["speaker"] for r in rows(nlp, text) if r["cue"] == "urges"]
    assert speakers and "Latest" not in speakers[0]


def test_the_answer_to_a_questioner_is_not_the_questioners(nlp):
    text = ("Donald Trump spoke at a forum in Virginia on Monday.\n\n"
            "One questioner claimed that political correctness was hurting the military.\n\n"
            '"You\'re right, we have a politically correct military," he said.')
    answer = [r for r in rows(nlp, text) if r["content"].startswith("You're right")]
    assert [r["speaker"] for r in answer] == ["Donald Trump"]


def literature_spans(nlp, text):
    """(source, cue, content) of each row in the attribution corpora's convention."""
    article = article_from_text(text)
    found = quote_rows(analyse(article, nlp), article)

    def words(row, element):
        start, end = row[f"{element}_span_start"], row[f"{element}_span_end"]
        return article.text[start:end] if start is not None else None

    return [tuple(words(r, e) for e in ("source", "cue", "content")) for r in found]


def test_a_source_with_an_apposition_keeps_its_closing_comma(nlp):
    spans = literature_spans(nlp, "Steve Huhn, a former vice president of sales, said the "
                                  "board was involved in the decision.\n\n"
                                  "Clinton said she was proud of the plan.")
    assert [s[0] for s in spans] == ["Steve Huhn, a former vice president of sales,", "Clinton"]


def test_a_hyphenated_cue_is_one_word_and_no_part_of_its_source(nlp):
    spans = literature_spans(nlp, "The senator counter-accused the governor of lying about "
                                  "the budget.")
    assert spans == [("The senator", "counter-accused", "the governor of lying about the budget")]


def test_a_source_leaves_out_a_participle_saying_how_it_spoke(nlp):
    spans = literature_spans(nlp, "Federal officials, speaking on the condition of anonymity, "
                                  "said the server was wiped.")
    assert [s[0] for s in spans] == ["Federal officials"]


@pytest.mark.parametrize("text, cue, content", [
    # an adverb on either side of the verb is part of the cue, a question word is not
    ("The lawsuit also alleges that the company hid its losses.", "also alleges",
     "that the company hid its losses"),
    ("When asked, the senator said the plan would work.", "said", "the plan would work"),
    ("The mayor instead argued that the budget was balanced.", "argued",
     "that the budget was balanced"),
    # ...but not an adverb that is itself what the cue reports
    ("A new novel says so.", "says", "so"),
    # the preposition that introduces what the cue is about belongs to the cue...
    ("She has often boasted of winning every county in the state.", "has often boasted of",
     "winning every county in the state"),
    # ...but "said of" names whom the words are about, not what was said
    ("Trump said of Clinton that she would lose.", "said", "that she would lose"),
    # the verb a cue is the infinitive of, with its auxiliaries, is part of the cue
    ("The mayor has tried to show that the budget is balanced.", "has tried to show",
     "that the budget is balanced"),
    # ...but not one a question puts before the subject
    ("Did the investigation find that the emails were classified?", "find",
     "that the emails were classified"),
    # the colon that opens the content closes the cue
    ("The senator wrote: the vote will be close.", "wrote:", "the vote will be close"),
    # a reporting noun with its determiner and what describes it, not its owner
    ("The new claims that the vote was rigged spread quickly online.", "The new claims",
     "that the vote was rigged"),
    ("Voters heard the candidate's latest promise that taxes would fall.", "latest promise",
     "that taxes would fall"),
    ("Voters heard the senator's evidence-free assertion that the vote was rigged.",
     "evidence-free assertion", "that the vote was rigged"),
    # the verb an aspectual cue goes on with, and the act an adjective describes, are part of
    # the cue, and the content starts after them; a wish ("eager to") is not
    ("The governor has continued to push for a new stadium downtown.",
     "has continued to push", "for a new stadium downtown"),
    ("Republican leaders were quick to condemn the remarks as racist.",
     "were quick to condemn", "the remarks as racist"),
    ("Most donors were eager to attack the plan.", "were eager", "to attack the plan"),
    # so is the verb and adjective an infinitive cue hangs on
    ("Older voters are slightly more likely to say that the economy is improving.",
     "are slightly more likely to say", "that the economy is improving"),
    # the attitude a verb expresses, with what it is about
    ("Union leaders expressed concern that the plan would cut jobs.", "expressed concern",
     "that the plan would cut jobs"),
    ("Several donors voiced displeasure with the new tax plan.", "voiced displeasure with",
     "the new tax plan"),
    # the day and the manner right after the verb
    ("The company reported Thursday that profits fell.", "reported Thursday",
     "that profits fell"),
    ('"We will win," she said with a laugh.', "said with a laugh", '"We will win,"'),
    ("The mayor warned against cutting the police budget.", "warned against",
     "cutting the police budget"),
    # ...but not the "as" of a description
    ("He won in Florida, which he describes as his second home.", "describes",
     "his second home"),
    # "according to" with the verb it hangs on, which the content then leaves out
    ("Turnout fell by a third. That's according to early results of the count.",
     "'s according to", "That"),
    # an infinitive the parser takes for a purpose goes with the verb before it
    ("Trump went on to criticize the judge for his heritage.", "went on to criticize",
     "the judge for his heritage"),
    # a reporting noun goes with a verb saying its subject holds it, not one it is met with
    ("Most voters had an unfavorable opinion of the new stadium plan.",
     "had an unfavorable opinion of", "the new stadium plan"),
    ("The governor faced sharp criticism over the budget cuts.", "sharp criticism over",
     "the budget cuts"),
])
def test_literature_cues_take_adverbs_and_the_preposition_of_their_content(nlp, text, cue,
                                                                            content):
    assert [s[1:] for s in literature_spans(nlp, text)] == [(cue, content)]


@pytest.mark.parametrize("text, content", [
    # the object before an infinitive or an "of" phrase is part of what is claimed or asked
    ("Sanders urged the party to drop its superdelegates.", "the party to drop its superdelegates"),
    ("He accused the union of moving the goalposts.", "the union of moving the goalposts"),
    # "for" opening the clause asked for, and a reason given after the object
    ("The senator called for the governor to resign.", "the governor to resign"),
    ("He blamed the national debt for keeping interest rates low.",
     "the national debt for keeping interest rates low"),
    ("Pence blames media for the flap.", "media for the flap"),
    # what the verb says of its object right after it: an infinitive, a "to" or "with" phrase
    ("Sanders called on the United States to extradite him.",
     "the United States to extradite him"),
    ("He compared the worst scenes there to the violence at the rallies.",
     "the worst scenes there to the violence at the rallies"),
    ("The police charged the swimmer with filing a false report.",
     "the swimmer with filing a false report"),
    # a partial quotation ending the reported speech: the speech up to the closing mark
    ("He said that he had “very serious concerns about the industry.”",
     "that he had “very serious concerns about the industry.”"),
    ("Doyle said the union was ready to return to talks “at any hour.”",
     "the union was ready to return to talks “at any hour.”"),
])
def test_literature_contents_of_objects_and_of_quotations_ending_reported_speech(nlp, text,
                                                                                 content):
    assert {s[2] for s in literature_spans(nlp, text)} == {content}


@pytest.mark.parametrize("text, content", [
    # what the object is said to be goes with the object
    ("Sanders sees these gains as evidence that the early losses were tricks.",
     "these gains as evidence that the early losses were tricks"),
    # an object of one word is a content when it names someone...
    ("Most voters in both states supported Sanders.", "Sanders"),
    ("The union leaders have never trusted him.", "him"),
    # ...and when the verb says what it is
    ("Critics call it the enforcement of political correctness.",
     "it the enforcement of political correctness"),
])
def test_contents_of_stances_and_views(nlp, text, content):
    assert [s[2] for s in literature_spans(nlp, text)] == [content]


@pytest.mark.parametrize("text, spans", [
    ("Republicans have been critical of the new budget.",
     ("Republicans", "have been critical of", "the new budget")),
    ("Labor leaders remain confident that they can keep their members.",
     ("Labor leaders", "remain confident", "that they can keep their members")),
])
def test_an_adjective_of_attitude_reports_what_it_is_about(nlp, text, spans):
    assert literature_spans(nlp, text) == [spans]


@pytest.mark.parametrize("text, content", [
    ("This is not the campaign the senator envisioned.", "the campaign"),
    ("The board released the allegations, which the mayor denies.", "the allegations"),
    # a passive participle with its agent: "the law, opposed by Democrats"
    ("A judge blocked the GOP-sponsored law, opposed by Democrats, because it would slow "
     "the voting.", "the GOP-sponsored law"),
])
def test_a_cue_in_a_relative_clause_reports_the_noun_it_hangs_from(nlp, text, content):
    assert literature_spans(nlp, text)[-1][2] == content


def test_a_relative_clause_closing_reported_speech_is_left_out(nlp):
    spans = literature_spans(nlp, "Patrick predicted a Cruz win in Texas, which votes on March "
                                  "1.\n\nHe said the senator, who was in Iowa, would win.")
    assert [s[2] for s in spans] == ["a Cruz win in Texas",
                                     "the senator, who was in Iowa, would win"]


def test_a_cue_inside_reported_speech_is_part_of_it(nlp):
    found = rows(nlp, "The senator said the department has granted immunity to a former aide "
                      "who denied any wrongdoing.")
    assert [(r["speaker"], r["cue"]) for r in found] == [("The senator", "said")]


def test_a_verb_coordinated_inside_reported_speech_keeps_its_row(nlp):
    found = rows(nlp, "The operator, Eastgate Terminals, said it had offered a 4 percent rise and "
                      "accused the union of moving the goalposts.")
    assert [(r["speaker"], r["cue"]) for r in found] == [
        ("Eastgate Terminals", "said"), ("Eastgate Terminals", "accused")]


def test_a_cue_coordinated_after_reported_speech_is_the_speakers_next_act(nlp):
    # the parser hangs "urged" on "was": the party did not urge, the chairman did, and what
    # he said ends before it
    found = rows(nlp, "Chairman Reince Priebus said the Republican Party was not in a crisis, "
                      "and urged that everyone take a deep breath.")
    assert [(r["speaker"], r["cue"], r["content"]) for r in found] == [
        ("Reince Priebus", "said", "the Republican Party was not in a crisis"),
        ("Reince Priebus", "urged", "that everyone take a deep breath")]


def test_a_participle_after_reported_speech_is_the_speakers_next_act(nlp):
    # the parser hangs "saying" on "keep", inside what Trump argued: it is no part of it
    found = rows(nlp, "Trump argued that a database would keep people from entering the "
                      "country illegally, saying it was all about management.")
    assert [(r["speaker"], r["cue"], r["content"]) for r in found] == [
        ("Trump", "argued",
         "that a database would keep people from entering the country illegally"),
        ("Trump", "saying", "it was all about management")]


def test_according_to_leaves_out_a_clause_someone_else_says(nlp):
    found = rows(nlp, "The vaccine appears to halve infections, according to early results "
                      "published on Thursday, though researchers cautioned that the trial was "
                      "small.")
    assert [(r["cue"], r["content"]) for r in found] == [
        ("according to", "The vaccine appears to halve infections"),
        ("cautioned", "that the trial was small")]


def test_a_reporting_noun_reports_what_its_preposition_names(nlp):
    spans = literature_spans(nlp, "Several senators were blunt in their criticism of the new "
                                  "budget.")
    assert spans == [("their", "criticism of", "the new budget")]


def test_an_object_that_names_nobody_is_no_content(nlp):
    assert literature_spans(nlp, "The union leaders have never trusted it.") == []


def test_a_time_after_an_object_is_no_reason(nlp):
    assert [s[2] for s in literature_spans(nlp, "The senator criticized the plan for a week.")] \
        == ["the plan"]


def test_a_parenthetical_speech_verb_reports_the_clause_around_it(nlp):
    text = "Many of the closures, he said, have involved public and private courses."
    article = article_from_text(text)
    found = quote_rows(analyse(article, nlp), article)
    assert [r["content"] for r in found] == ["Many of the closures",
                                             "have involved public and private courses"]
    assert len({r["attribution"] for r in found}) == 1  # one content in two pieces
    assert {r["speaker"] for r in found} == {"he"}
    # the small model takes "hashtag" for the sentence's head and hangs "said" on it
    found = rows(nlp, "The hashtag #RechercheParis, Mr. Abboud said, accompanied descriptions "
                      "of loved ones sought.")
    assert [(r["speaker"], r["content"]) for r in found] == [
        ("Abboud", "The hashtag #RechercheParis"),
        ("Abboud", "accompanied descriptions of loved ones sought")]


def test_reported_speech_leaves_out_the_stop_of_its_sentence(nlp):
    spans = literature_spans(nlp, "According to officials, the bridge will close in May.")
    assert [s[2] for s in spans] == ["the bridge will close in May"]


def test_according_to_inside_its_clause_leaves_two_pieces(nlp):
    spans = literature_spans(nlp, "Only one person was killed last year, according to the "
                                  "police, and there were eight incidents.")
    assert [s[2] for s in spans] == ["Only one person was killed last year",
                                     "and there were eight incidents"]


@pytest.mark.parametrize("text, cue, content", [
    ("The United States openly called for the overthrow of the regime.", "openly called for",
     "the overthrow of the regime"),
    ("Nearly 10 percent of them voted for Ben Carson.", "voted for", "Ben Carson"),
    ("Trump refers to the governor as Chris.", "refers to", "the governor as Chris"),
])
def test_a_cue_ending_in_a_preposition_reports_its_object(nlp, text, cue, content):
    assert [s[1:] for s in literature_spans(nlp, text)] == [(cue, content)]


@pytest.mark.parametrize("text, cue, content", [
    ("An FBI spokesman did not immediately respond to a request for comment.",
     "did not immediately respond to", "a request for comment"),
    ("Business Insider also commented on the future of the company.", "also commented on",
     "the future of the company"),
])
def test_a_cue_with_only_a_preposition_reports_what_it_names(nlp, text, cue, content):
    assert [s[1:] for s in literature_spans(nlp, text)] == [(cue, content)]


def test_a_time_after_a_cue_is_no_topic(nlp):
    assert literature_spans(nlp, "The governor spoke on Tuesday.") == []


def test_a_passive_cue_with_nothing_else_reports_its_subject(nlp):
    spans = literature_spans(nlp, "Her death was confirmed by the Eagle Forum.")
    assert spans == [("the Eagle Forum", "was confirmed", "Her death")]
    found = rows(nlp, "The rollout of the plan was widely criticized.")
    assert [(r["cue"], r["content"], r["speaker"], r["agentless"]) for r in found] == \
        [("criticized", "The rollout of the plan", "", True)]


def test_an_as_clause_reports_the_clause_it_modifies(nlp):
    spans = literature_spans(nlp, "As reported by the Journal, there are 150 delegates at stake "
                                  "in the contests.")
    assert spans == [("the Journal", "reported", "there are 150 delegates at stake in the "
                                                 "contests")]


def test_a_one_word_answer_is_what_the_cue_reports(nlp):
    spans = literature_spans(nlp, "Asked if he was ever bullied, the candidate said no.")
    assert ("the candidate", "said", "no") in spans


def test_a_that_clause_hung_on_the_medium_is_what_the_verb_reports(nlp):
    # the parse the small model gives 'Adelson said earlier on Friday during a news conference
    # that he may wait ...': the clause as a relative clause of "conference"
    words = ["Adelson", "said", "during", "a", "conference", "that", "he", "may", "wait", "."]
    heads = [1, 1, 1, 4, 2, 8, 8, 8, 4, 1]
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "mark", "nsubj", "aux", "relcl", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert clause_after_medium(doc[1]).text == "that he may wait"
    deps[5] = "nsubj"  # "the conference that he held": a relative clause, no content
    deps[6] = "dobj"
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert clause_after_medium(doc[1]) is None


def test_a_clause_after_the_verb_is_reported_before_a_lead_in_ahead_of_it(nlp):
    # the small model hangs the words before the colon on "say" as a second clausal complement
    text = ("There is less consensus when it comes to fighting terrorism: 47% say the United "
            "States should commit troops on the ground.")
    assert ("47%", "say", "the United States should commit troops on the ground") in \
        literature_spans(nlp, text)


@pytest.mark.parametrize("text, row", [
    ("Jeb Bush Praises Rubio Donor's Skywriting Campaign\n\nThe plane flew over Miami.",
     ("Jeb Bush", "Praises", "Rubio Donor's Skywriting Campaign")),
    ("Another GOP Figure Endorses Hillary Clinton\n\nThe endorsement came on Monday.",
     ("GOP Figure", "Endorses", "Hillary Clinton")),
])
def test_a_headline_verb_reports_the_rest_of_its_headline_said_by_the_name_before_it(nlp, text,
                                                                                      row):
    found = [(r["speaker"], r["cue"], r["content"]) for r in rows(nlp, text)]
    assert row in found


@pytest.mark.parametrize("text, cue, content", [
    ("The ministry issued a statement on the subject.", "issued a statement on", "the subject"),
    ("Critics raised new questions about the deal.", "raised new questions about", "the deal"),
])
def test_a_cue_that_takes_in_its_object_reports_what_follows_it(nlp, text, cue, content):
    assert literature_spans(nlp, text)[0][1:] == (cue, content)
    assert rows(nlp, text)[0]["content"] == content


def test_where_words_appeared_ahead_of_the_verb_is_no_cue(nlp):
    # "said in a statement" is one cue; "In a statement ..., X said" is "said" alone, and the
    # statement has no row of its own
    found = rows(nlp, "In a statement released by the campaign on Thursday, spokesman Jesse "
                      "Ferguson said the plan would fail.")
    assert [(r["speaker"], r["cue"], r["content"]) for r in found] == [
        ("Jesse Ferguson", "said", "the plan would fail")]
    assert [r["cue"] for r in rows(nlp, "The company said in a statement that it would "
                                        "appeal.")] == ["said in a statement"]


def test_a_clause_of_its_own_after_a_reporting_noun_is_its_content_not_its_cue(nlp):
    # "a statement saying" is one cue; "claims that aides warned him" is a cue and what the
    # claims say
    found = rows(nlp, "The governor rejected claims that aides warned him about the bridge.")
    assert [(r["cue"], r["content"]) for r in found] == [
        ("rejected claims", "that aides warned him about the bridge")]


def test_a_cue_with_nothing_but_its_own_words_reports_nothing(nlp):
    assert rows(nlp, "The ministry issued a statement on Friday.") == []
    assert rows(nlp, "Both senators voted for.") == []
    assert rows(nlp, "The ministry released a statement late on Friday.") == []


@pytest.mark.parametrize("text, content", [
    ("A reporter asked Bernie Sanders if he would ever endorse Hillary Clinton.",
     "if he would ever endorse Hillary Clinton"),
    # a condition stays out when the verb reports a clause of its own
    ("Trump said that if he wins, he will build the wall.", "that if he wins, he will build "
     "the wall"),
])
def test_a_question_the_parser_took_for_a_condition_is_what_the_verb_asks(nlp, text, content):
    assert rows(nlp, text)[0]["content"] == content


def test_a_message_that_addresses_someone_speaks_for_its_sender(nlp):
    found = rows(nlp, "The jihadist group released a video message that was recorded in Syria "
                      "and addressed to the “tyrants of Hamas.”")
    assert {(r["speaker"], r["cue"]) for r in found} == {
        ("The jihadist group", "released"), ("The jihadist group", "addressed")}


def test_a_surname_shared_by_two_people_keeps_each_first_name(nlp):
    """"Ivana Trump" stays Ivana beside the longer "Donald Trump", and a name the tagger
    took with its possessive ("Ivana Trump's") is the same person, not another one."""
    found = rows(nlp, "Donald Trump said the ruling was unfair.\n\n"
                      "Ivana Trump said she was pleased with the ruling.\n\n"
                      "Ivana Trump's lawyer was not available.")
    assert [r["speaker"] for r in found] == ["Donald Trump", "Ivana Trump"]
    found = rows(nlp, "Sen. Ted Cruz said the deal was bad.\n\n"
                      "Rafael Edward Cruz, his father, said it was good.\n\n"
                      "Ted Cruz added that he would vote no.")
    assert [r["speaker"] for r in found] == ["Ted Cruz", "Rafael Edward Cruz", "Ted Cruz"]
