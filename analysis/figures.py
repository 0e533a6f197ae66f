"""Figures: plain functions from a DataFrame to a matplotlib Figure (no pyplot state)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

KIND_COLOURS = {"direct": "#1f77b4", "partial": "#9ecae1", "indirect": "#ff7f0e"}
VOICE_COLOURS = {"reporter": "#4d4d4d", "quoted": "#d62728"}
CATEGORY_COLOURS = {
    "neutral": "#9e9e9e", "assertive": "#1f77b4", "doubt": "#d62728", "confession": "#9467bd",
    "manner": "#e377c2", "denial": "#8c564b", "accusation": "#ff7f0e", "cognition": "#2ca02c",
    "question": "#17becf", "prepositional": "#bcbd22", "nominal": "#7f7f7f",
    "stance": "#393b79", "evidential": "#8c6d31", "unlisted": "#d9d9d9",
}


def _empty(fig: Figure, ax, message: str) -> Figure:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def quotes_per_speaker(speakers: pd.DataFrame, top: int = 15) -> Figure:
    """Stacked bars: how many direct, partial and indirect quotes each speaker gets."""
    fig = Figure(figsize=(8, 0.45 * min(max(len(speakers), 3), top) + 1.4))
    ax = fig.subplots()
    if speakers.empty:
        return _empty(fig, ax, "No quotes found")
    data = speakers.head(top).set_index("speaker")[["direct", "partial", "indirect"]][::-1]
    left = pd.Series(0, index=data.index)
    for kind, colour in KIND_COLOURS.items():
        ax.barh(data.index, data[kind], left=left, color=colour, label=kind)
        left = left + data[kind]
    ax.set_xlabel("quotations and attributions")
    ax.set_title("Who is quoted")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def attribution_verbs(cues: pd.DataFrame, top: int = 20) -> Figure:
    """Bars of attribution cues by lemma, coloured by category (neutral, doubt, denial...)."""
    fig = Figure(figsize=(8, 4.5))
    ax = fig.subplots()
    if cues.empty:
        return _empty(fig, ax, "No attribution cues found")
    counts = cues.groupby(["lemma", "category"]).size().rename("count").reset_index()
    counts = counts.sort_values(["count", "lemma"], ascending=[False, True]).head(top)
    colours = [CATEGORY_COLOURS.get(c, "#7f7f7f") for c in counts["category"]]
    ax.bar(counts["lemma"], counts["count"], color=colours)
    ax.set_ylabel("occurrences")
    ax.set_title("Attribution verbs and phrases")
    ax.tick_params(axis="x", rotation=45)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.yaxis.get_major_locator().set_params(integer=True)
    seen = dict.fromkeys(counts["category"])
    handles = [ax.bar(0, 0, color=CATEGORY_COLOURS.get(c, "#7f7f7f"), label=c) for c in seen]
    ax.legend(handles=handles, frameon=False, fontsize="small")
    fig.tight_layout()
    return fig


def hedging(hedges: pd.DataFrame, words: int) -> Figure:
    """Hedges per 100 words by category, the reporter's voice beside the quoted voices."""
    fig = Figure(figsize=(8, 4.5))
    ax = fig.subplots()
    if hedges.empty:
        return _empty(fig, ax, "No hedges found")
    table = (hedges.groupby(["category", "voice"]).size().unstack(fill_value=0)
             .reindex(columns=list(VOICE_COLOURS), fill_value=0)) * 100 / max(words, 1)
    table.plot.barh(ax=ax, color=[VOICE_COLOURS[v] for v in table.columns])
    ax.set_xlabel("per 100 words")
    ax.set_ylabel("")
    ax.set_title("Hedging and boosting, by voice")
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def save(fig: Figure, folder: str | Path, name: str) -> Path:
    """Save as PNG (fixed DPI, no timestamps) and return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=100, metadata={"Software": None})
    return path
