"""Which candidate cues attribute: a logistic model over the parse, trained on PolNeAR train.

The lexicon says which words *can* attribute; whether one does in a given sentence depends on
its syntax ("wants to run" is a plan, "wants an apology" a demand; "support the bill" is a
stance, "supporters" is not). The rules in ``cues.py`` give a first verdict; this model weighs
that verdict with the cue's lemma, category, dependency relations, kind of subject and the
quotation marks around it. Features are readable strings, the weights a JSON table
(``lexicons/cue_model.json``) that ``python -m analysis.evaluate train-cues`` rebuilds.
"""
from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from .lexicon import bundled

MODEL_FILE = "cue_model.json"
PERSON_PRONOUNS = frozenset("i we you he she they".split())
CHILD_DEPS = frozenset(
    "ccomp xcomp dobj nsubj nsubjpass agent dative prep neg aux auxpass mark parataxis oprd "
    "acomp attr advcl conj csubj expl prt npadvmod poss acl relcl".split())
LEXICAL_DEPS = frozenset("ccomp xcomp dobj nsubj nsubjpass prep dative acl".split())
MODALS = frozenset("would could should will may might can must".split())
QUOTE_MARKS = frozenset(("\"", "“", "”", "‘", "’", "'", "«", "»", "`", "''"))


def sigmoid(score: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


def subject_kind(token: Token) -> str:
    """What kind of thing a cue's subject is: a person, an organisation, a document ..."""
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return "none"
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        return "pron"
    if subject.tag_ in ("WP", "WDT"):
        return "relative"
    if subject.pos_ == "PRON":
        return f"pron-{lower}"
    if subject.ent_type_:
        return f"ent-{subject.ent_type_}"
    return f"{subject.pos_}-{subject.tag_}"


def near_quote(span: Span, window: int = 3) -> str:
    """Where a quotation mark is: right before the cue, right after it, elsewhere in its
    sentence, or nowhere."""
    doc, sent = span.doc, span.sent
    before = doc[max(sent.start, span.start - window):span.start]
    after = doc[span.end:min(sent.end, span.end + window)]
    if any(t.text in QUOTE_MARKS for t in before):
        return "before"
    if any(t.text in QUOTE_MARKS for t in after):
        return "after"
    return "sentence" if any(t.is_quote for t in sent) else "none"


def next_word(span: Span) -> str:
    doc = span.doc
    return doc[span.end].lower_ if span.end < len(doc) else ""


def cue_features(span: Span, rule: bool, head_category: str) -> list[str]:
    """The features of one candidate cue (see module docstring)."""
    token = span.root
    lemma, category, kind = span._.lemma, span._.category, span._.kind
    features = [
        "bias", f"lemma={lemma}", f"category={category}", f"kind={kind}", f"rule={rule}",
        f"category={category}|rule={rule}", f"lemma={lemma}|rule={rule}",
        f"dep={token.dep_}", f"category={category}|dep={token.dep_}",
        f"lemma={lemma}|dep={token.dep_}", f"tag={token.tag_}",
        f"category={category}|tag={token.tag_}",
    ]
    subject, following = subject_kind(token), next_word(span)
    features += [f"subject={subject}", f"category={category}|subject={subject}",
                 f"lemma={lemma}|subject={subject}", f"lemma={lemma}|tag={token.tag_}",
                 f"head={token.head.lemma_.lower()}", f"next={following}",
                 f"lemma={lemma}|next={following}"]
    quote = near_quote(span)
    features += [f"quote={quote}", f"category={category}|quote={quote}",
                 f"lemma={lemma}|quote={quote}"]
    for child in token.children:
        dep = child.dep_
        if dep not in CHILD_DEPS:
            continue
        features += [f"child={dep}", f"category={category}|child={dep}"]
        if dep in LEXICAL_DEPS:
            features.append(f"lemma={lemma}|child={dep}")
        if dep == "prep":
            features += [f"prep={child.lower_}", f"lemma={lemma}|prep={child.lower_}"]
        if dep == "aux" and child.lower_ in MODALS:
            features.append(f"modal={child.lower_}")
        if dep == "aux" and child.lower_ == "to":
            features += ["infinitive", f"category={category}|infinitive"]
        if dep == "dobj":
            features += [f"object={child.ent_type_ or child.pos_}",
                         f"object_lemma={child.lemma_.lower()}"]
        if dep in ("nsubj", "nsubjpass"):
            features.append(f"subject_lemma={child.lemma_.lower()}")
    if kind == "noun":
        features += [f"noun_head={token.head.lemma_.lower()}",
                     f"lemma={lemma}|noun_head={token.head.lemma_.lower()}"]
    if head_category:
        features += [f"head_category={head_category}",
                     f"category={category}|head_category={head_category}"]
    return features


class CueModel:
    """A logistic model: the weights of the features present, summed and squashed."""

    def __init__(self, weights: dict[str, float], threshold: float = 0.5):
        self.weights = weights
        self.threshold = threshold

    def probability(self, features: Iterable[str]) -> float:
        return sigmoid(sum(self.weights.get(f, 0.0) for f in features))

    def accepts(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    def save(self, path: Path, about: dict) -> None:
        kept = {f: round(w, 3) for f, w in sorted(self.weights.items()) if abs(w) >= 0.01}
        path.write_text(json.dumps({"about": about, "threshold": self.threshold,
                                    "weights": kept}, indent=0, ensure_ascii=False) + "\n",
                        encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> CueModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("threshold", 0.5))


@lru_cache(maxsize=4)
def load_cue_model(path: str | None = None) -> CueModel | None:
    """The bundled model (or the one at ``path``); None when there is none."""
    source = Path(path) if path else bundled(MODEL_FILE)
    return CueModel.read(source) if source.is_file() else None


def train(examples: Sequence[tuple[list[str], bool]], epochs: int = 12, rate: float = 0.2,
          l2: float = 1e-4, min_count: int = 3, seed: int = 0) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent with L2 decay, weights averaged
    over all steps (steadier than the last step's). Features seen fewer than ``min_count``
    times are left out: their weights would only learn the examples by heart."""
    counts = Counter(f for features, _ in examples for f in set(features))
    examples = [([f for f in features if counts[f] >= min_count], label)
                for features, label in examples]
    weights: dict[str, float] = {}
    totals: dict[str, float] = {}
    stamps: dict[str, int] = {}
    order = list(range(len(examples)))
    rng = random.Random(seed)
    step = 0
    for epoch in range(epochs):
        rng.shuffle(order)
        alpha = rate / (1 + epoch)
        for i in order:
            features, label = examples[i]
            step += 1
            p = sigmoid(sum(weights.get(f, 0.0) for f in features))
            gradient = (1.0 if label else 0.0) - p
            for f in features:
                w = weights.get(f, 0.0)
                # catch the running total up to this step before the weight changes
                totals[f] = totals.get(f, 0.0) + w * (step - stamps.get(f, 0))
                stamps[f] = step
                weights[f] = w + alpha * (gradient - l2 * w)
    for f, w in weights.items():
        totals[f] = totals.get(f, 0.0) + w * (step - stamps.get(f, 0))
    return {f: total / step for f, total in totals.items()}
