"""The highlighted article: readable without <style>, without hovering, and safe for any text;
checked as HTML and in headless Chromium."""
import html
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser

import pytest
from IPython.core.formatters import DisplayFormatter

from analysis.core import files
from analysis.pipeline.run import analyse
from analysis.tables.rows import quotes_frame
from analysis.text.articles import article_from_text
from analysis.views.highlight import (
    KIND_LOOK,
    Label,
    Mark,
    article_html,
    render_paragraphs,
    source_of,
    styled,
)
from tests import browser

# CSS properties JupyterLab 4's HTML sanitiser keeps in untrusted output (a subset of its
# allow-list: the ones a highlighted article could want). Anything else is dropped there.
JUPYTERLAB_STYLES = {
    "background-color", "border", "border-bottom", "border-radius", "border-top", "color",
    "display", "font-family", "font-size", "font-style", "font-weight", "line-height", "margin",
    "max-width", "outline", "padding", "padding-bottom", "vertical-align", "white-space",
    "margin-left", "margin-right",
}
HOSTILE = (
    "Mayor <script>document.title='PWNED'</script> backs plan\n\n"
    '"We will build it <img src=x onerror="document.title=\'PWNED\';'
    "document.body.appendChild(document.createElement('marquee'))\">now,\" said Mayor "
    "Ann Lee on Monday.\n\n"
    "Critics claimed the plan might cost more than <b onmouseover=alert(1)>$5 million</b>."
)


class Elements(HTMLParser):
    """Every element's tag, attributes and own text, in document order."""

    def __init__(self):
        super().__init__()
        self.elements, self.open = [], []

    def handle_starttag(self, tag, attrs):
        inside = {c for e in self.open for c in e["attrs"].get("class", "").split()}
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "inside": inside}
        self.elements.append(element)
        if tag not in ("meta", "br", "img"):
            self.open.append(element)

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data


def elements(page: str) -> list[dict]:
    parser = Elements()
    parser.feed(page)
    return parser.elements


def labels(page: str) -> list[str]:
    """The inline labels in the article's text (not the legend's samples)."""
    return [e["text"] for e in elements(page)
            if e["attrs"].get("class") == "label" and "legend" not in e["inside"]]


def declarations(style: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in style.split(";") if part.strip())
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.fixture(scope="module")
def fragment(sample):
    article, doc = sample
    return article_html(article, doc, standalone=False)


def test_fragment_needs_no_style_block(fragment):
    assert "<style" not in fragment
    spans = [e for e in elements(fragment) if e["tag"] == "span"]
    assert spans and all(e["attrs"].get("style") for e in spans)  # no class-only styling


def test_every_style_survives_jupyterlabs_sanitiser(fragment):
    used = set()
    for element in elements(fragment):
        used |= set(declarations(element["attrs"].get("style", "")))
    assert used <= JUPYTERLAB_STYLES, used - JUPYTERLAB_STYLES
    assert not re.search(r"#[0-9a-f]*[A-F]", fragment)  # its hex colours are lowercase only


def test_each_quote_is_labelled_with_its_speaker(sample, fragment):
    quotes = quotes_frame([sample])
    shown = labels(fragment)
    expected = [f"{source_of(q)} ▸" for q in quotes.itertuples()]
    assert sorted(x for x in shown if x.endswith("▸")) == sorted(expected)
    assert "Sami Abu Zuhri ▸" in shown
    assert any("via Reuters" in x for x in shown)
    assert "no source (agentless) ▸" in shown


def test_each_cue_is_followed_by_its_category(sample, fragment):
    article, doc = sample
    categories = [c._.category for c in doc.spans["cues"]]
    shown = [x for x in labels(fragment) if not x.endswith("▸")]
    assert sorted(shown) == sorted(categories)


def test_kinds_and_voices_differ_by_more_than_colour(fragment):
    looks = {}
    for element in elements(fragment):
        for name in element["attrs"].get("class", "").split():
            looks.setdefault(name, declarations(element["attrs"]["style"]))
    lines = {kind: looks[f"q-{kind}"]["border-bottom"].split()[1] for kind in KIND_LOOK}
    assert lines == {"direct": "solid", "partial": "dashed", "indirect": "dotted"}
    assert "dashed" in looks["hedge-reporter"]["outline"]
    assert "dotted" in looks["hedge-quoted"]["outline"]
    assert "solid" in looks["booster"]["outline"]


def test_legend_items_never_wrap(fragment):
    items = [e for e in elements(fragment)
             if "white-space: nowrap" in e["attrs"].get("style", "")
             and "inline-block" in e["attrs"].get("style", "")]
    texts = [" ".join(e["text"].split()) for e in items]
    for name in ("direct quote", "partial quote", "reported speech", "hedge, reporter's voice",
                 "hedge, quoted voice", "booster (sure, certain)"):
        assert name in texts


@pytest.fixture(scope="module")
def hostile(nlp):
    article = article_from_text(HOSTILE, "hostile")
    return article, analyse(article, nlp)


def test_the_page_is_made_without_matplotlib():
    """Highlighting an article needs no plotting library: its colours come from the lexicon."""
    code = ("import sys, analysis.views.highlight; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_article_text_is_escaped(hostile):
    page = article_html(*hostile)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "<b " not in page
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    assert "Ann Lee ▸" in labels(page)


def test_standalone_page_styles_only_print(hostile):
    page = article_html(*hostile)
    blocks = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(blocks) == 1 and blocks[0].strip().startswith("@media print")
    assert blocks[0].strip().endswith("}")


def test_standalone_page_in_chromium(hostile, sample, tmp_path):
    browser.require()
    page = files.write_text(tmp_path / "hostile.html", article_html(*hostile))
    dom = browser.dom(page)
    assert "<title>Mayor &lt;script&gt;" in dom  # the title as text, not 'PWNED'
    assert "PWNED</title>" not in dom and "<marquee" not in dom
    assert "<script" not in dom.split("</title>", 1)[1]
    assert "Ann Lee ▸" in dom and "direct quote" in dom
    shot = browser.screenshot(page, tmp_path / "hostile.png", width=900, height=700)
    assert shot.stat().st_size > 20_000 and browser.colours(shot) > 200

    sample_page = files.write_text(tmp_path / "sample.html", article_html(*sample))
    dom = browser.dom(sample_page)
    assert "Sami Abu Zuhri ▸" in dom and "hedge, reporter's voice" in dom
    shot = browser.screenshot(sample_page, tmp_path / "sample.png", width=1100, height=1400)
    assert browser.colours(shot) > 500


class PlainText:
    """The part of an Article the renderer reads: its text by offsets."""

    def __init__(self, text: str):
        self.text = text

    def unmasked(self, start: int, end: int) -> str:
        return self.text[start:end]


def obvious_render(article, marks, labels, start, end) -> str:
    """The renderer's result computed the slow, obvious way: cut at every boundary, look up the
    covering marks and the labels at each cut."""
    cuts = sorted({start, end, *(o for m in marks for o in (m.start, m.end) if start < o < end),
                   *(x.offset for x in labels if start < x.offset < end)})
    pieces = [x.html for x in labels if x.before and x.offset == start]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a != start:
            pieces += [x.html for x in labels if not x.before and x.offset == a]
            pieces += [x.html for x in labels if x.before and x.offset == a]
        pieces.append(styled(article.unmasked(a, b), [m for m in marks if m.start <= a < m.end]))
    return "".join(pieces + [x.html for x in labels if not x.before and x.offset == end])


def random_marks(size: int, count: int, seed: int) -> tuple[list[Mark], list[Label]]:
    chance = random.Random(seed)
    marks, labels = [], []
    for number in range(count):
        start = chance.randrange(size)
        end = min(size, start + chance.randrange(0, 60))
        marks.append(Mark(start, end, f"m{number % 4}", {"outline": f"{number % 3}px solid"},
                          f"mark {number}"))
        labels.append(Label(chance.choice([start, end]), chance.random() < 0.5, f"<i>{number}</i>"))
    return marks, labels


def test_one_sweep_renders_what_the_obvious_way_does():
    article = PlainText("".join(random.Random(3).choice("ab <&\n") for _ in range(3000)))
    paragraphs = [(0, 700), (702, 1500), (1500, 1501), (1510, 3000)]
    marks, labels = random_marks(3000, 400, seed=5)
    assert render_paragraphs(article, marks, labels, paragraphs) == [
        obvious_render(article, marks, labels, start, end) for start, end in paragraphs]


def test_a_megabyte_with_many_marks_renders_in_seconds():
    size = 1_000_000
    article = PlainText("word " * (size // 5))
    marks, labels = random_marks(size, 20_000, seed=7)
    began = time.perf_counter()
    single, = render_paragraphs(article, marks, labels, [(0, size)])
    assert time.perf_counter() - began < 10  # the former per-piece scan took minutes
    assert single.count("<i>") == len(labels)


# Run by the test page itself (not article text): what the browser computed for the marks.
MEASURE = """<script>
const style = (selector, property) => {
  const element = document.querySelector(selector);
  return element ? getComputedStyle(element)[property] : null;
};
const legend = [...document.querySelectorAll(".legend > span")];
const heights = legend.map(item => item.getBoundingClientRect().height);
document.body.dataset.measured = JSON.stringify({
  direct: style(".q-direct", "backgroundColor"),
  directLine: style(".q-direct", "borderBottomStyle"),
  partialLine: style(".q-partial", "borderBottomStyle"),
  reporterHedge: style(".hedge-reporter", "outlineStyle"),
  quotedHedge: style(".hedge-quoted", "outlineStyle"),
  labelWrap: style("p .label", "whiteSpace"),
  legendItems: legend.length,
  tallestItem: Math.max(...heights), shortestItem: Math.min(...heights),
});
</script>"""


def test_fragment_without_a_stylesheet_in_a_narrow_column(fragment, tmp_path):
    browser.require()
    page = files.write_text(
        tmp_path / "fragment.html",
        "<!DOCTYPE html><meta charset='utf-8'><body>"
        f"<div style='width: 190px'>{fragment}</div>{MEASURE}")  # narrower than some items
    dom = browser.dom(page)
    found = re.search(r'data-measured="([^"]*)"', dom)
    assert found, "the measuring script did not run"
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["direct"] == "rgb(212, 230, 246)"
    assert (measured["directLine"], measured["partialLine"]) == ("solid", "dashed")
    assert (measured["reporterHedge"], measured["quotedHedge"]) == ("dashed", "dotted")
    assert measured["labelWrap"] == "nowrap"
    # The legend wraps between its items, never inside one.
    assert measured["legendItems"] == 9
    assert measured["tallestItem"] < 1.5 * measured["shortestItem"]


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on a free local port serving ``tmp_path``, with its settings kept
    there too; yields its address and stops it afterwards."""
    pytest.importorskip("jupyterlab")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = {name: str(tmp_path / ".jupyter" / name) for name in ("config", "runtime", "data")}
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": home["config"],
                   "JUPYTER_RUNTIME_DIR": home["runtime"], "JUPYTER_DATA_DIR": home["data"],
                   "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / ".jupyter" / "settings"),
                   "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / ".jupyter" / "workspaces")}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
               "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={tmp_path}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{address}/api/status", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within a minute")
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_untrusted_notebook_in_jupyterlab(sample, jupyterlab, tmp_path):
    """JupyterLab sanitises the HTML of a notebook it has not been told to trust (it drops
    <style> blocks and unknown CSS); the marks, labels and a figure must survive it."""
    import nbformat

    from analysis.tables.rows import quotes_frame
    from analysis.views import figures

    browser.require()
    article, doc = sample
    highlighted = nbformat.v4.new_code_cell("run.highlighted()", outputs=[
        nbformat.v4.new_output("display_data", data={
            "text/html": article_html(article, doc, standalone=False),
            "text/plain": "<IPython.core.display.HTML object>"})])
    image, metadata = DisplayFormatter().format(figures.display(
        figures.sourcing_mix(quotes_frame([sample]), article.title)))
    figure = nbformat.v4.new_code_cell('run.figure("sourcing_mix")', outputs=[
        nbformat.v4.new_output("display_data", data=image, metadata=metadata)])
    notebook = nbformat.v4.new_notebook(cells=[figure, highlighted])
    files.write_text(tmp_path / "untrusted.ipynb", nbformat.writes(notebook))

    page = browser.dom(f"{jupyterlab}/lab/tree/untrusted.ipynb", budget_ms=30_000)
    assert "jp-OutputArea" in page, "JupyterLab did not render the notebook"
    rendered = elements(page)
    direct = [e for e in rendered if "q-direct" in e["attrs"].get("class", "").split()]
    assert direct and all("border-bottom" in e["attrs"].get("style", "") for e in direct)
    hedges = [e for e in rendered if "hedge-reporter" in e["attrs"].get("class", "").split()]
    assert hedges and all("outline" in e["attrs"].get("style", "") for e in hedges)
    assert "Sami Abu Zuhri ▸" in [e["text"] for e in rendered
                                  if e["attrs"].get("class") == "label"]
    images = [e for e in rendered if e["tag"] == "img"
              and e["attrs"].get("src", "").startswith("data:image/png;base64,")]
    assert images, "the figure is not shown as an image"
