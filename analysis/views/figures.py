"""Figures: plain functions from the project's tables to a matplotlib Figure, in one style.

Every figure is built with ``matplotlib.figure.Figure`` (no pyplot state, so notebooks, scripts
and tests get the same picture), shown with :func:`display` (a PNG that every Jupyter front end
draws) and saved with :func:`save` (PNG and SVG, atomically, inside the given folder).

The shared style, so that a figure reads in print and for colour-blind readers:
- colours from the Okabe-Ito palette (Paul Tol's muted palette where more are needed), and
  never colour alone: bars carry hatching and direct labels (names, counts, shares);
- bars sorted by what they show, largest at the top, unless the categories have an order of
  their own (source types from named to unnamed, paragraphs in reading order);
- a title that says what the figure shows, then names the article or corpus (the caller's
  ``title``), and a note under the axes where a term needs explaining;
- every label is plain text: a ``$`` in a speaker's name is escaped, never read as mathtext.
"""
from __future__ import annotations

import io
import re
import textwrap
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..core import files
from ..text.lexicon import BOOSTER, category_colour, is_loaded

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency, and in greyscale by lightness.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999",
}
INK = "#222222"
EDGE = "#555555"  # bar outlines and hatching, dark enough for print

KIND_STYLE = {  # quotation kinds: colour and hatching, so they differ in grey print too
    "direct": {"color": OKABE_ITO["blue"], "hatch": ""},
    "partial": {"color": OKABE_ITO["sky_blue"], "hatch": "//"},
    "indirect": {"color": OKABE_ITO["orange"], "hatch": ".."},
}
VOICE_LABELS = {"reporter": "the reporter's own voice", "quoted": "quoted voices"}
STRENGTH_STYLE = {  # hedges weaken a claim, boosters strengthen it
    "hedge": {"color": OKABE_ITO["blue"], "hatch": ""},
    "booster": {"color": OKABE_ITO["vermillion"], "hatch": "xx"},
}
# Attribution cue categories take their colours (Okabe-Ito and Tol's muted, colour-blind-safe)
# and whether they are loaded from lexicons/categories.csv, so a new category is one row there.

# Source types of an attribution, from the most to the least identifiable.
SOURCE_TYPES = {
    "named person": {"color": OKABE_ITO["blue"], "hatch": ""},
    "organisation": {"color": OKABE_ITO["sky_blue"], "hatch": "//"},
    "group": {"color": OKABE_ITO["green"], "hatch": "\\\\"},
    "unnamed": {"color": OKABE_ITO["orange"], "hatch": ".."},
    "agentless": {"color": OKABE_ITO["vermillion"], "hatch": "xx"},
    "unknown": {"color": "#DDDDDD", "hatch": "--"},
}
SPEAKER_KIND_SOURCE = {"person": "named person", "organisation": "organisation",
                       "group": "group", "anonymous": "unnamed"}

STYLE = {
    "font.size": 10, "axes.titlesize": 11, "axes.titleweight": "bold", "axes.labelsize": 10,
    "axes.edgecolor": EDGE, "axes.labelcolor": INK, "axes.spines.top": False,
    "axes.spines.right": False, "figure.titlesize": 13, "figure.titleweight": "bold",
    "hatch.color": "#333333", "hatch.linewidth": 0.6, "legend.frameon": False,
    "text.color": INK, "xtick.color": INK, "ytick.color": INK, "svg.fonttype": "none",
    "svg.hashsalt": "analysis",
}
PNG_DPI = 150
DISPLAY_DPI = 100  # the size a figure is shown at in a notebook: figsize inches x 100 px


def plain(text) -> str:
    """``text`` as matplotlib draws it literally: ``$`` escaped so it is never mathtext, and
    control characters (a NUL, a terminal escape) left out, as no font can draw them."""
    shown = "".join(c for c in str(text) if c in "\n" or unicodedata.category(c) != "Cc")
    return shown.replace("$", r"\$")


def source_types(quotes: pd.DataFrame) -> pd.Series:
    """Each quotation's source type (a SOURCE_TYPES key): agentless when the sentence names no
    one ('has been accused'), else from the speaker's kind."""
    kind = quotes["speaker_kind"].map(SPEAKER_KIND_SOURCE).fillna("unknown")
    return kind.where(~quotes["agentless"].fillna(False).astype(bool), "agentless")


def _figure(width: float, height: float, **subplots) -> tuple[Figure, object]:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(**subplots)
    return fig, axes


def headline(subject: str, title: str) -> str:
    """A figure's title: what it shows, then the article or corpus it shows it for."""
    return f"{subject}: {title}" if title else subject


def _contrast_hatches(fig: Figure) -> None:
    """Hatching in white on dark bars and in grey on light ones, so it shows on every colour
    (matplotlib 3.10 and later; older versions draw every hatch in grey)."""
    for patch in fig.findobj(Patch):
        if patch.get_hatch() and hasattr(patch, "set_hatchcolor"):
            red, green, blue = to_rgb(patch.get_facecolor())
            dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.4
            patch.set_hatchcolor("#ffffff" if dark else EDGE)


def _title(fig: Figure, title: str, note: str = "") -> None:
    """The figure's title (wrapped to its width) and a note below the axes; the last step of
    every figure, which also settles the hatching's colours."""
    _contrast_hatches(fig)
    per_line = int(fig.get_figwidth() * 9.5)
    fig.suptitle(plain(textwrap.fill(title, per_line)), ha="left", x=0.01, fontsize=13,
                 fontweight="bold", color=INK)
    if note:
        fig.supxlabel(plain(textwrap.fill(note, int(per_line * 1.5))), x=0.01, ha="left",
                      fontsize=8.5, color=EDGE)


def _empty(title: str, message: str) -> Figure:
    fig, ax = _figure(8, 2.2)
    _title(fig, title)
    ax.text(0.5, 0.5, plain(message), ha="center", va="center", transform=ax.transAxes,
            fontsize=12, color=EDGE)
    ax.set_axis_off()
    return fig


def _tidy(ax, axis: str = "x") -> None:
    ax.grid(axis=axis, color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9.5, color=EDGE)
    getattr(ax, f"{axis}axis").get_major_locator().set_params(integer=True)


def _label_bars(ax, bars, labels) -> None:
    """Write each bar's value at its end, so the figure reads without the axis."""
    for bar, label in zip(bars, labels, strict=True):
        end = (bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2)
        ax.annotate(plain(label), end, xytext=(3, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=8.5, color=INK)


def quotes_per_speaker(speakers: pd.DataFrame, title: str = "",
                       top: int = 15) -> Figure:
    """Who is quoted: quotations per speaker split by kind (left), words quoted (right).

    ``speakers`` is ``tables.speaker_summary(quotes)``. The ``top`` speakers with the most
    quotations (ties: more words quoted, then name) are drawn, the most quoted at the top; each
    name carries its speaker kind (person, organisation, group, anonymous)."""
    if speakers.empty:
        return _empty(headline("Who is quoted", title), "No quotes found")
    table = speakers.assign(quotations=speakers[["direct", "partial", "indirect"]].sum(axis=1))
    table = table.sort_values(["quotations", "words_quoted", "speaker"],
                              ascending=[False, False, True], kind="stable").head(top)
    table = table.iloc[::-1].reset_index(drop=True)  # barh draws from the bottom up
    names = [speaker_label(s, k) for s, k in zip(table["speaker"], table["speaker_kind"],
                                                  strict=True)]
    fig, (ax, words_ax) = _figure(9, 0.42 * len(table) + 1.9, ncols=2, sharey=True,
                                  width_ratios=[3, 2])
    left = pd.Series(0, index=table.index)
    for kind, style in KIND_STYLE.items():
        ax.barh(table.index, table[kind], left=left, label=kind, edgecolor=EDGE,
                linewidth=0.5, **style)
        left = left + table[kind]
    ax.set_yticks(table.index, labels=[plain(n) for n in names])
    _label_bars(ax, ax.containers[-1], [str(n) for n in table["quotations"]])
    ax.set_xlabel("quotations and attributions")
    ax.set_title("Quotations, by kind", loc="left")
    ax.legend(loc="lower right", fontsize=9, handleheight=1.4)
    ax.set_xlim(0, table["quotations"].max() * 1.15 + 0.5)
    _tidy(ax)
    bars = words_ax.barh(table.index, table["words_quoted"], color=OKABE_ITO["grey"])
    _label_bars(words_ax, bars, [f"{w} ({s:.0%})" if w else "0"
                                 for w, s in zip(table["words_quoted"],
                                                 table["share_of_quoted_words"], strict=True)])
    words_ax.set_xlabel("words quoted (direct and partial)")
    words_ax.set_title("Words quoted", loc="left")
    words_ax.set_xlim(0, max(table["words_quoted"].max(), 1) * 1.45)
    words_ax.tick_params(axis="y", left=False)
    _tidy(words_ax)
    shown = f"the {len(table)} most quoted of {len(speakers)} speakers" \
        if len(speakers) > len(table) else f"all {len(speakers)} speakers"
    _title(fig, headline("Who is quoted", title),
           f"{shown}; an attribution without a speaker is '(no speaker)'")
    return fig


def speaker_label(speaker: str, kind: str) -> str:
    """A speaker's name with its kind: 'Haim Tomer · person' (a long description shortened)."""
    name = shorten(speaker or "(no speaker)")
    if name == "(no speaker)" or not kind or kind == "unknown":
        return name
    return f"{name} · {kind}"


def shorten(text: str, limit: int = 45) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so one long label cannot squeeze
    the bars."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def attribution_verbs(cues: pd.DataFrame, title: str = "",
                      examples: int = 4) -> Figure:
    """Attribution cues by category, with the share of loaded verbs.

    ``cues`` is ``tables.cues_frame``. One bar per category, most cues at the top, each
    labelled with its count and its most frequent verbs; loaded categories (categories.csv)
    are hatched, and the panel's title gives the share of loaded cues."""
    if cues.empty:
        return _empty(headline("Attribution verbs", title), "No attribution cues found")
    counts = cues.groupby("category").size().rename("count").reset_index()
    counts = counts.sort_values(["count", "category"], ascending=[False, True], kind="stable")
    counts = counts.iloc[::-1].reset_index(drop=True)
    lemmas = cues.groupby(["category", "lemma"]).size().rename("n").reset_index() \
        .sort_values(["n", "lemma"], ascending=[False, True], kind="stable")
    loaded = int(cues["category"].map(is_loaded).sum())
    fig, ax = _figure(9, 0.42 * len(counts) + 1.9)
    bars = ax.barh(counts.index, counts["count"],
                   color=[category_colour(c) for c in counts["category"]],
                   edgecolor=EDGE, linewidth=0.5)
    for bar, category in zip(bars, counts["category"], strict=True):
        bar.set_hatch("//" if is_loaded(category) else "")
    ax.set_yticks(counts.index, labels=[plain(c) for c in counts["category"]])
    verbs = []
    for category, count in zip(counts["category"], counts["count"], strict=True):
        rows = lemmas[lemmas["category"] == category].head(examples)
        words = ", ".join(f"{lemma} ×{n}" if n > 1 else str(lemma)
                          for lemma, n in zip(rows["lemma"], rows["n"], strict=True))
        more = ", ..." if (lemmas["category"] == category).sum() > examples else ""
        verbs.append(f"{count}: {words}{more}")
    _label_bars(ax, bars, verbs)
    ax.set_xlim(0, counts["count"].max() * 1.85 + 0.5)  # room for the verbs beside the bars
    ax.set_xlabel("attribution cues")
    ax.set_title(f"Loaded verbs: {loaded} of {len(cues)} cues ({loaded / len(cues):.0%})",
                 loc="left")
    ax.legend(handles=[Patch(facecolor="white", edgecolor=EDGE, hatch="//",
                             label="loaded: judges the source or its words"),
                       Patch(facecolor="white", edgecolor=EDGE,
                             label="not loaded: neutral, 'according to', unlisted")],
              loc="lower right", fontsize=9, handleheight=1.4)
    _tidy(ax)
    _title(fig, headline("Attribution verbs", title),
           "categories as in analysis/lexicons/cues.csv; "
           "'unlisted': a verb outside the lexicon that the model took as a cue")
    return fig


def hedging_along_article(hedges: pd.DataFrame, paragraphs: int,
                          title: str = "") -> Figure:
    """Hedges and boosters per paragraph, the reporter's voice above the quoted voices.

    ``hedges`` is ``tables.hedges_frame`` (``paragraph`` numbered as in the tables: 0 the
    headline, then 1, 2, ...); ``paragraphs`` is the article's last paragraph number, so
    paragraphs without hedges are drawn too (``len(article.paragraphs)`` is safe). Hedges
    (category other than "booster") and boosters are stacked, boosters hatched."""
    if hedges.empty:
        return _empty(headline("Hedging along the article", title),
                      "No hedges or boosters found")
    last = max(int(paragraphs), int(hedges["paragraph"].max()))
    first = 0 if (hedges["paragraph"] == 0).any() else 1
    numbers = list(range(first, last + 1))
    strength = hedges["category"].eq(BOOSTER).map({True: "booster", False: "hedge"})
    counts = (hedges.assign(strength=strength).groupby(["voice", "strength", "paragraph"])
              .size())
    fig, axes = _figure(9, 4.6, nrows=2, sharex=True, sharey=True)
    top = 0
    for ax, voice in zip(axes, VOICE_LABELS, strict=True):
        bottom = pd.Series(0, index=numbers)
        for kind, style in STRENGTH_STYLE.items():
            values = pd.Series({n: int(counts.get((voice, kind, n), 0)) for n in numbers})
            ax.bar(numbers, values, bottom=bottom, width=0.75, edgecolor=EDGE,
                   linewidth=0.5, label=f"{kind}s", **style)
            bottom = bottom + values
        top = max(top, int(bottom.max()))
        total = int(bottom.sum())
        ax.set_title(f"In {VOICE_LABELS[voice]}: {total}", loc="left")
        ax.set_ylabel("per paragraph")
        _tidy(ax, "y")
    axes[0].legend(loc="upper right", fontsize=9, handleheight=1.2)
    step = -(-len(numbers) // 25)  # at most 25 paragraph numbers under the axis
    shown = numbers[::step]
    axes[1].set_xticks(shown, labels=["headline" if n == 0 else str(n) for n in shown])
    axes[1].set_xlabel("paragraph")
    axes[0].set_ylim(0, top + 0.5)
    words = ", ".join(sorted(hedges.loc[strength == "booster", "lemma"].unique())[:5])
    _title(fig, headline("Hedging along the article", title),
           "hedges: may, could, reportedly, about ...; boosters"
           + (f" here: {words}" if words else ": clearly, in fact ..."))
    return fig


def sourcing_mix(quotes: pd.DataFrame, title: str = "") -> Figure:
    """Attributions by source type: named people, organisations, groups, unnamed or
    anonymous sources, agentless phrasing ('has been accused'), unknown.

    ``quotes`` is ``tables.quotes_frame``. The types keep their order (from the most to the
    least identifiable) so that articles compare at a glance; each bar is labelled with its
    count and share."""
    if quotes.empty:
        return _empty(headline("Who the attributions credit", title),
                      "No quotations or attributions found")
    counts = source_types(quotes).value_counts().reindex(list(SOURCE_TYPES), fill_value=0)
    order = list(reversed(SOURCE_TYPES))
    fig, ax = _figure(8, 3.6)
    bars = ax.barh(range(len(order)), [counts[t] for t in order], edgecolor=EDGE,
                   linewidth=0.5)
    for bar, source in zip(bars, order, strict=True):
        bar.set_facecolor(SOURCE_TYPES[source]["color"])
        bar.set_hatch(SOURCE_TYPES[source]["hatch"])
    ax.set_yticks(range(len(order)), labels=order)
    total = int(counts.sum())
    _label_bars(ax, bars, [f"{counts[t]} ({counts[t] / total:.0%})" for t in order])
    ax.set_xlim(0, counts.max() * 1.3 + 0.5)
    ax.set_xlabel("quotations and attributions")
    named = counts["named person"] / total
    ax.set_title(f"{total} attributions, {named:.0%} to a named person", loc="left")
    _tidy(ax)
    _title(fig, headline("Who the attributions credit", title),
           "unnamed: 'officials', 'a source close to ...'; "
           "agentless: no one is named ('it was alleged')")
    return fig


def corpus_measures(quotes: pd.DataFrame, cues: pd.DataFrame, hedges: pd.DataFrame,
                    words: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per article: the share of attributions of each source type, the share of loaded
    attribution cues, and hedges per 100 words by voice (hedge counts when ``words`` is None).
    Articles are those in any of the tables or in ``words``."""
    articles = sorted({*quotes["article"], *cues["article"], *hedges["article"],
                       *(words or {})})
    table = pd.DataFrame(index=pd.Index(articles, name="article"))
    types = pd.crosstab(quotes["article"], source_types(quotes)) if len(quotes) else \
        pd.DataFrame(index=table.index)
    types = types.reindex(index=articles, columns=list(SOURCE_TYPES), fill_value=0)
    quotations = types.sum(axis=1)
    for source in SOURCE_TYPES:
        table[source] = (types[source] / quotations.where(quotations > 0)).fillna(0.0)
    table["quotations"] = quotations
    loaded = cues.assign(loaded=cues["category"].map(is_loaded).astype(bool)) \
        .groupby("article")["loaded"].agg(["sum", "size"]).reindex(articles, fill_value=0)
    table["loaded verbs"] = (loaded["sum"] / loaded["size"].where(loaded["size"] > 0)) \
        .fillna(0.0)
    table["cues"] = loaded["size"]
    per_voice = pd.crosstab(hedges["article"], hedges["voice"]) if len(hedges) else \
        pd.DataFrame(index=table.index)
    per_voice = per_voice.reindex(index=articles, columns=list(VOICE_LABELS), fill_value=0)
    scale = pd.Series(1.0, index=articles) if words is None else \
        pd.Series({a: 100 / max(int(words.get(a, 0)), 1) for a in articles})
    for voice in VOICE_LABELS:
        table[f"hedges {voice}"] = per_voice[voice] * scale
    return table


def corpus_comparison(quotes: pd.DataFrame, cues: pd.DataFrame, hedges: pd.DataFrame,
                      title: str = "",
                      words: Mapping[str, int] | None = None) -> Figure:
    """The same measures side by side for every article of a corpus (small multiples).

    ``quotes``, ``cues`` and ``hedges`` are the corpus tables (column ``article``); ``words``
    maps each article to its word count, so hedges are drawn per 100 words (raw counts
    without it). Panels, one row per article in the same order (most attributions to named
    people at the top): the sourcing mix as shares of each article's attributions, the share
    of loaded attribution verbs, and hedges (and boosters) by voice. The numbers are
    :func:`corpus_measures`."""
    table = corpus_measures(quotes, cues, hedges, words)
    if table.empty:
        return _empty(headline("Articles compared", title), "No articles")
    # barh draws the last row on top: ascending puts the most named sourcing first.
    table = table.sort_values(["named person", "quotations"], kind="stable")
    rows = range(len(table))
    fig, (mix_ax, loaded_ax, hedge_ax) = _figure(
        12, 0.5 * len(table) + 2.4, ncols=3, sharey=True, width_ratios=[3, 1.4, 1.8])
    left = pd.Series(0.0, index=table.index)
    for source, style in SOURCE_TYPES.items():
        mix_ax.barh(rows, table[source], left=left, label=source, edgecolor=EDGE,
                    linewidth=0.5, **style)
        left = left + table[source]
    mix_ax.set_yticks(rows, labels=[plain(shorten(a, 30)) for a in table.index])
    for row, (share, n) in enumerate(zip(table["named person"], table["quotations"],
                                         strict=True)):
        mix_ax.annotate(f"{n} · {share:.0%} named", (1, row), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8.5)
    mix_ax.set_xlim(0, 1.38)
    mix_ax.set_xticks([0, 0.25, 0.5, 0.75, 1], labels=["0", "25%", "50%", "75%", "100%"])
    mix_ax.set_title("Sources of the attributions", loc="left")
    bars = loaded_ax.barh(rows, table["loaded verbs"], color=OKABE_ITO["orange"], hatch="//",
                          edgecolor=EDGE, linewidth=0.5)
    _label_bars(loaded_ax, bars, [f"{s:.0%} of {n}" for s, n in
                                  zip(table["loaded verbs"], table["cues"], strict=True)])
    loaded_ax.set_xlim(0, 1.45)
    loaded_ax.set_xticks([0, 0.5, 1], labels=["0", "50%", "100%"])
    loaded_ax.set_title("Loaded verbs", loc="left")
    height = 0.38
    for offset, (voice, style) in zip((height / 2, -height / 2), (
            ("reporter", {"color": "#555555", "hatch": ""}),  # greys: apart from the
            ("quoted", {"color": "#CCCCCC", "hatch": ".."})), strict=True):  # sourcing colours
        values = table[f"hedges {voice}"]
        bars = hedge_ax.barh([r + offset for r in rows], values, height=height,
                             edgecolor=EDGE, linewidth=0.5, label=VOICE_LABELS[voice],
                             **style)
        _label_bars(hedge_ax, bars, [f"{v:.1f}" if words is not None else f"{v:.0f}"
                                     for v in values])
    hedge_ax.set_xlim(0, max(table[["hedges reporter", "hedges quoted"]].max().max(), 0.1)
                      * 1.3)
    hedge_ax.set_title("Hedges per 100 words" if words is not None else "Hedges", loc="left")
    fig.legend(handles=[*mix_ax.containers, *hedge_ax.containers], ncols=4, fontsize=8.5,
               handleheight=1.3, loc="outside lower center")
    for ax in (mix_ax, loaded_ax, hedge_ax):
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=9.5)
    for ax in (loaded_ax, hedge_ax):
        ax.tick_params(axis="y", left=False)
    _title(fig, headline("Articles compared", title))
    return fig


def safe_name(name: str) -> str:
    """``name`` as a plain file name: letters, digits, '.', '_' and '-' only, no leading dot,
    at most 100 characters, never empty (path separators, '..' and newlines cannot leave
    the folder)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name)).strip(".-")[:100].strip(".-")
    return cleaned or "figure"


def save(fig: Figure, folder: str | Path, name: str) -> list[Path]:
    """Save ``fig`` as ``folder/name.png`` and ``folder/name.svg`` (written atomically, no
    timestamps, so re-runs give the same files) and return both paths. ``name`` is made a
    safe file name, so the files stay inside ``folder`` whatever it contains."""
    folder = Path(folder)
    stem = safe_name(name)
    paths = []
    for suffix, options in ((".png", {"dpi": PNG_DPI, "metadata": {"Software": None}}),
                            (".svg", {"metadata": {"Date": None, "Creator": None}})):
        path = folder / f"{stem}{suffix}"
        if path.resolve().parent != folder.resolve():
            raise ValueError(f"figure name {name!r} leaves its folder")
        files.write_bytes(path, _render(fig, suffix[1:], **options))
        paths.append(path)
    return paths


def _render(fig: Figure, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buffer, format=image_format, facecolor="white", **options)
    return buffer.getvalue()


def png_bytes(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG bytes."""
    return _render(fig, "png", dpi=dpi, metadata={"Software": None})


def display(fig: Figure):
    """An image Jupyter shows in every front end (JupyterLab, papermill and nbconvert output,
    nbval): the PNG itself, at the figure's size. A bare Figure built without pyplot shows
    only as '<Figure size ...>' text."""
    from IPython.display import Image

    return Image(data=png_bytes(fig), format="png",
                 width=round(fig.get_figwidth() * DISPLAY_DPI))
