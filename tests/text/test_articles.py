import datetime as dt

import pytest

from analysis.core.errors import ArticleError
from analysis.text.articles import Article, article_from_text, decode, parse_date, read_article
from tests.conftest import ROOT, SAMPLE


def test_sample_layout_title_date_and_masked_boilerplate():
    article = read_article(SAMPLE)
    assert article.format == "sample"
    assert article.title.startswith("ISIS threatens Hamas")
    assert article.date_raw == "01/07/2015" and article.date is None  # ambiguous: kept raw
    assert len(article.analysis_text) == len(article.text)
    assert "Read more" not in article.analysis_text
    assert "01/07/2015" not in article.analysis_text
    assert "---" not in article.analysis_text and "*" not in article.analysis_text
    assert "Read more" in article.text  # skipped, not cut out


def test_dayfirst_is_an_option():
    assert read_article(SAMPLE, dayfirst=True).date == dt.date(2015, 7, 1)
    assert parse_date("01/07/2015", dayfirst=False) == dt.date(2015, 1, 7)
    assert parse_date("25/07/2015") == dt.date(2015, 7, 25)
    assert parse_date("March 14, 2024") == dt.date(2024, 3, 14)
    assert parse_date("2016-09-12T10:00") == dt.date(2016, 9, 12)


def test_paragraph_numbers_count_the_title_as_zero():
    article = read_article(SAMPLE)
    first_body = article.text.index("The jihadist group")
    assert article.paragraph_of(5) == 0
    assert article.paragraph_of(first_body) == 1


def test_plain_text_and_markdown_offsets_index_the_file(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# A headline\n\nShe said it was *very* likely.\n", encoding="utf-8")
    article = read_article(path, check_language=False)
    assert article.title == "A headline"
    start = article.text.index("very")
    assert article.analysis_text[start:start + 4] == "very"
    assert article.readable(0, len(article.text)) == "A headline She said it was very likely."


def test_html_main_text_kept_in_place_and_furniture_masked():
    article = read_article(ROOT / "data" / "port-strike.html")
    assert article.format == "html"
    assert article.title == "Dock workers extend strike as talks stall"
    text = article.analysis_text
    assert "Dock workers at the city" in text
    for furniture in ("Most read", "Copyright", "All rights reserved", "analytics", "Home"):
        assert furniture not in text
    start = text.index("Kevin Doyle")
    assert article.text[start:start + len("Kevin Doyle")] == "Kevin Doyle"
    assert article.readable(0, len(text)).count("“") == 5


def test_legacy_encodings_and_bom_decode(tmp_path):
    assert decode("\ufeffcafé".encode("utf-8")) == ("café", "utf-8")
    latin = ("The minister said the café would reopen on Monday. “It is a señal of better "
             "times,” she said, and the mayor agreed that the town’s hopes were justified. ") * 3
    assert decode(latin.encode("cp1252")) == (latin, "cp1252")


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("Der Minister sagte am Dienstag, dass die Regierung die Steuern im nächsten Jahr "
     "senken werde, obwohl die Opposition dagegen ist und viele Bürger skeptisch bleiben, "
     "weil die Kassen der Länder leer sind und die Schulden weiter steigen.".encode(),
     "English"),
])
def test_bad_input_is_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert reason in str(error.value) and "\n" not in str(error.value)


def test_missing_folder_and_huge_files_are_refused(tmp_path, monkeypatch):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="folder"):
        read_article(tmp_path)
    monkeypatch.setenv("ANALYSIS_MAX_BYTES", "100")
    with pytest.raises(ArticleError, match="limit"):
        read_article(SAMPLE)


def test_article_from_text_has_no_title_for_a_plain_paragraph():
    article = article_from_text("The senator said on Monday that the bill would pass.")
    assert article.title == "" and article.paragraph_of(0) == 1


@pytest.mark.parametrize("text, title", [
    # news sites end headlines with full stops, question marks, quotation marks
    ("Secret Service stops protester at Hillary Clinton rally.\n\nDES MOINES, Iowa — Hillary "
     "Clinton spoke on Wednesday.", "Secret Service stops protester at Hillary Clinton rally."),
    ("Will the council vote?\n\nThe council met on Tuesday.", "Will the council vote?"),
    ("Mark Cuban: I'd consider a future White House bid.\n\nMark Cuban said so on Sunday.",
     "Mark Cuban: I'd consider a future White House bid."),
    ('Trump on trade: "We will win"\n\nThe candidate spoke in Ohio.',
     'Trump on trade: "We will win"'),
    # a headline over two lines, then its paragraph break
    ("Cruz channeling strategy he used in 2012;\nQuestions about his base remain.\n\nTed Cruz "
     "is running the race he ran in Texas.",
     "Cruz channeling strategy he used in 2012; Questions about his base remain."),
    # a headline, then its date line
    ("Port strike goes on\nMarch 14, 2024\n\nDock workers walked out.", "Port strike goes on"),
    # no headline: one paragraph; a lead-in; an open quotation; a dateline; a long lede
    ("The senator said on Monday that the bill would pass.", ""),
    ("The mayor said:\n\n\"We will not rush this.\"", ""),
    ('"The first paragraph goes on.\n\n"The second one ends it," said Ann Lee.', ""),
    ("WASHINGTON (AP) — The Senate passed the bill.\n\nIt now goes to the House.", ""),
    ("The council on Tuesday postponed a vote on the $240 million transit budget, after a "
     "four-hour hearing in which residents, drivers and the mayor's office traded accusations "
     "for most of the evening.\n\nThe vote is now set for May.", ""),
])
def test_plain_text_headlines_whatever_their_last_character(text, title):
    article = article_from_text(text)
    assert article.title == title
    assert article.paragraph_of(0) == (0 if title else 1)
    if "\n\n" in text:
        assert article.paragraph_of(text.rindex("\n\n") + 2) == (1 if title else 2)
    assert len(article.analysis_text) == len(text)


def test_a_headline_is_its_own_sentence_not_the_body_s(nlp):
    from analysis.pipeline.run import analyse

    article = article_from_text("Council delays budget vote.\n\nThe council met on Tuesday "
                                "and postponed the vote.")
    doc = analyse(article, nlp)
    first = next(doc.sents)
    assert first.text.strip() == article.title == "Council delays budget vote."


@pytest.mark.parametrize("text, encoding, chosen", [
    ("Zoë Müller said the café would reopen.", "latin-1", "cp1252"),
    ("The mayor’s “stunt” cost €5,000 – or more.", "cp1252", "cp1252"),
    ("Łódź and Kraków: Lech Wałęsa spoke on Monday.", "cp1250", "cp1250"),
    ("Премьер-министр заявил, что налоги будут снижены.", "cp1251", "cp1251"),
])
def test_legacy_encodings_are_chosen_among_plausible_ones(text, encoding, chosen):
    assert decode(text.encode(encoding)) == (text, chosen)


def test_html_blocks_read_as_a_browser_reads_them(tmp_path):
    """A '>' inside a quoted attribute, markup inside scripts and comments, entities, a tag the
    page ends inside: the story's text is kept in place, the rest masked."""
    story = ("The council voted on Tuesday to keep every park open through the winter, after a "
             "long debate about the cost of heating the buildings.")
    page = ("<!DOCTYPE html><html><head><title>Parks stay open</title>"
            "<script>if (a < b) { document.write('<p>Injected text here</p>'); }</script>"
            "</head><body><nav><a href='/'>Home</a></nav><article><h1>Parks stay open</h1>"
            f'<p>{story} <img alt="costs > benefits" src="x.png"> It was a close vote &amp; a '
            "long night, said Ann Lee.</p><!-- <p>Commented out story text</p> -->"
            f"<p>{story.replace('council', 'mayor')}</p></article>"
            "<footer>Copyright</footer><p class='unclosed")
    path = tmp_path / "parks.html"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    text = article.analysis_text
    assert len(text) == len(page)
    start = page.index(story)
    assert text[start:start + len(story)] == story
    assert "It was a close vote &     a long night" in text
    for hidden in ("Injected", "Commented", "benefits", "Home", "Copyright", "unclosed"):
        assert hidden not in text


def test_paragraph_of_every_offset_counts_the_paragraphs_before_it():
    """Looked up by bisection (tables ask once per row): the number of paragraphs that start
    at or before an offset, the headline being 0."""
    article = read_article(SAMPLE)
    starts = [start for start, _ in article.paragraphs]
    for offset in range(0, len(article.text), 7):
        started = sum(start <= offset for start in starts)
        ended = sum(end <= offset for _, end in article.paragraphs)
        inside = started > ended
        expected = started - 1 if inside else started  # between two: the next paragraph
        assert article.paragraph_of(offset) == expected, offset


def test_an_articles_date_and_outlet_as_tables_and_pages_show_them():
    dated = Article("a", "Text.", date=dt.date(2024, 3, 14), date_raw="March 14, 2024",
                    page_metadata={"sitename": "Harbour Gazette"})
    assert (dated.iso_date, dated.shown_date, dated.outlet) == \
        ("2024-03-14", "2024-03-14", "Harbour Gazette")
    undated = Article("b", "Text.", date_raw="the Ides of March")
    assert (undated.iso_date, undated.shown_date, undated.outlet) == \
        (None, "the Ides of March", None)
