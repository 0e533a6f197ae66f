"""Which candidate cues attribute: a logistic model over the parse, trained on PolNeAR train.

The lexicon says which words *can* attribute; whether one does in a given sentence depends on
its syntax ("wants to run" is a plan, "wants an apology" a demand; "support the bill" is a
stance, "supporters" is not). The rules in ``attribution_cues.py`` give a first verdict; this
model weighs that verdict with the cue's lemma, category, dependency relations, kind of
subject, place in its sentence, the verb whose clause it sits in and the quotation marks
around it. It also judges the verbs outside the lexicon, by the same features (their lemma
among them).
Features are readable strings, the weights a JSON table (``lexicons/cue_model.json``) that
``python -m analysis.evaluate train-cues`` rebuilds.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from ..core import files
from ..parse.extensions import lexicon_values
from ..parse.syntax import PERSONAL_PRONOUNS, Sentences, adjective_complement, subject_of
from ..text.lexicon import bundled, fingerprint, load_lexicon

MODEL_FILE = "cue_model.json"
# the penalty on the weights; 3 to 6 score alike on the held-out fifth of PolNeAR train
L2 = 4.5
CHILD_DEPS = frozenset(
    "ccomp xcomp dobj nsubj nsubjpass agent dative prep neg aux auxpass mark parataxis oprd "
    "acomp attr advcl conj csubj expl prt npadvmod poss acl relcl".split())
LEXICAL_DEPS = frozenset("ccomp xcomp dobj nsubj nsubjpass prep dative acl".split())
MODALS = frozenset("would could should will may might can must".split())
# how a clause hangs from the verb it belongs to ("officials said she *plans* to ...")
CLAUSE_LINKS = frozenset("ccomp xcomp advcl relcl conj parataxis acl".split())


def sigmoid(score: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))


def subject_kind(subject: Token | None) -> str:
    """What kind of thing a cue's subject (``subject_of`` its root) is: a person, an
    organisation, a document ..."""
    if subject is None:
        return "none"
    lower = subject.lower_
    if lower in PERSONAL_PRONOUNS:
        return "pron"
    if subject.tag_ in ("WP", "WDT"):
        return "relative"
    if subject.pos_ == "PRON":
        return f"pron-{lower}"
    if subject.ent_type_:
        return f"ent-{subject.ent_type_}"
    return f"{subject.pos_}-{subject.tag_}"


def near_quote(span: Span, sentences: Sentences, window: int = 3) -> str:
    """Where a quotation mark is: right before the cue, right after it, elsewhere in its
    sentence, or nowhere."""
    start, end = sentences.starts[span.start], sentences.ends[span.start]
    marks = sentences.marks
    if not marks.isdisjoint(range(max(start, span.start - window), span.start)):
        return "before"
    if not marks.isdisjoint(range(span.end, min(end, span.end + window))):
        return "after"
    return "sentence" if sentences.quoted[start] else "none"


def next_word(span: Span) -> str:
    doc = span.doc
    return doc[span.end].lower_ if span.end < len(doc) else ""


def position(token: Token, lemma: str, sentences: Sentences) -> list[str]:
    """Where the cue (its root ``token``) sits: the main verb of a sentence attributes far
    more often than a verb deep inside it, and a cue opening a sentence differs from one
    closing it."""
    offset = min((token.i - sentences.starts[token.i]) // 5, 4)
    root = token.dep_ == "ROOT"
    return [f"offset={offset}", f"root={root}", f"lemma={lemma}|root={root}"]


def governor(token: Token, hops: int = 4) -> list[str]:
    """The verb whose clause the cue belongs to, if any within a few steps up the parse: a
    cue inside what another verb reports is often only part of that content."""
    for _ in range(hops):
        if token.head is token:
            break
        link, token = token.dep_, token.head
        if token.pos_ in ("VERB", "AUX") and link in CLAUSE_LINKS:
            return [f"governor_link={link}", f"governor={token.lemma_.lower()}"]
    return ["governor=none"]


def subject_detail(token: Token, subject: Token | None, lemma: str) -> list[str]:
    """What the subject of the cue (its root ``token``) names (people, organisations,
    nobody) and how long it is; without a subject, how the cue is attached (a conjoined verb
    shares its subject, an infinitive states a plan)."""
    if subject is None:
        if token.dep_ in CLAUSE_LINKS:
            return [f"subjectless={token.dep_}", f"lemma={lemma}|subjectless={token.dep_}"]
        return ["subjectless"]
    words = list(subject.subtree)
    entities = "+".join(sorted({t.ent_type_ for t in words if t.ent_type_}))
    return [f"subject_entities={entities}", f"subject_length={min(len(words), 6)}"]


def cue_features(span: Span, rule: bool, head_category: str,
                 sentences: Sentences | None = None) -> list[str]:
    """The features of one candidate cue (see module docstring); ``sentences`` is the doc's
    sentence index, made once per doc by the caller."""
    sentences = sentences or Sentences.of_doc(span.doc)
    token = span.root
    lemma, category, kind = lexicon_values(span)
    dep, tag = token.dep_, token.tag_  # each read of ``token.dep_`` looks its string up again
    features = [
        "bias", f"lemma={lemma}", f"category={category}", f"kind={kind}", f"rule={rule}",
        f"category={category}|rule={rule}", f"lemma={lemma}|rule={rule}",
        f"dep={dep}", f"category={category}|dep={dep}", f"lemma={lemma}|dep={dep}",
        f"tag={tag}", f"category={category}|tag={tag}",
    ]
    subject_token = subject_of(token)  # found once: two features read it
    subject, following = subject_kind(subject_token), next_word(span)
    features += [f"subject={subject}", f"category={category}|subject={subject}",
                 f"lemma={lemma}|subject={subject}", f"lemma={lemma}|tag={tag}",
                 f"head={token.head.lemma_.lower()}", f"next={following}",
                 f"lemma={lemma}|next={following}"]
    quote = near_quote(span, sentences)
    features += [f"quote={quote}", f"category={category}|quote={quote}",
                 f"lemma={lemma}|quote={quote}"]
    for child in token.children:
        link = child.dep_
        if link not in CHILD_DEPS:
            continue
        features += [f"child={link}", f"category={category}|child={link}"]
        if link in LEXICAL_DEPS:
            features.append(f"lemma={lemma}|child={link}")
        if link == "prep":
            features += [f"prep={child.lower_}", f"lemma={lemma}|prep={child.lower_}"]
        if link == "aux" and child.lower_ in MODALS:
            features.append(f"modal={child.lower_}")
        if link == "aux" and child.lower_ == "to":
            features += ["infinitive", f"category={category}|infinitive"]
        if link == "dobj":
            features += [f"object={child.ent_type_ or child.pos_}",
                         f"object_lemma={child.lemma_.lower()}"]
        if link in ("nsubj", "nsubjpass"):
            features.append(f"subject_lemma={child.lemma_.lower()}")
    if kind == "adjective":  # what it is about: "of", "about", a clause, an infinitive
        complement = adjective_complement(span[-1])
        about = "none" if complement is None else complement.dep_ if complement.dep_ in (
            "ccomp", "xcomp") else complement.head.lower_
        features += [f"complement={about}", f"lemma={lemma}|complement={about}"]
    if kind == "noun":
        features += [f"noun_head={token.head.lemma_.lower()}",
                     f"lemma={lemma}|noun_head={token.head.lemma_.lower()}"]
    if head_category:
        features += [f"head_category={head_category}",
                     f"category={category}|head_category={head_category}"]
    return features + position(token, lemma, sentences) + governor(token) + \
        subject_detail(token, subject_token, lemma)


class CueModel:
    """A logistic model: the weights of the features present, summed and squashed. It
    records the fingerprint of the lexicon it was fitted on (its features name the lexicon's
    words and categories), so a changed lexicon can be noticed."""

    def __init__(self, weights: dict[str, float], threshold: float = 0.5, lexicon: str = ""):
        self.weights = weights
        self.threshold = threshold
        self.lexicon = lexicon

    def probability(self, features: Iterable[str]) -> float:
        # summed in the features' order from a map: no Python frame per feature
        return sigmoid(sum(map(self.weights.get, features, repeat(0.0))))

    def accepts(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    def as_json(self, about: dict | None = None) -> str:
        kept = {f: round(w, 3) for f, w in sorted(self.weights.items()) if abs(w) >= 0.01}
        data = {"about": about or {}, "threshold": self.threshold, "lexicon": self.lexicon,
                "weights": kept}
        return json.dumps(data, indent=0, ensure_ascii=False) + "\n"

    def save(self, path: Path, about: dict) -> None:
        """Write the model; fitted on the bundled lexicon unless ``lexicon`` says otherwise."""
        self.lexicon = self.lexicon or fingerprint(load_lexicon("cues"))
        files.write_text(path, self.as_json(about))

    @classmethod
    def read(cls, path: Path) -> CueModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("threshold", 0.5), data.get("lexicon", ""))


@lru_cache(maxsize=4)
def load_cue_model(path: str | None = None) -> CueModel | None:
    """The bundled model (or the one at ``path``); None when there is none."""
    source = Path(path) if path else bundled(MODEL_FILE)
    return CueModel.read(source) if source.is_file() else None


def train(examples: Sequence[tuple[list[str], bool]], l2: float = L2, min_count: int = 3,
          iterations: int = 300) -> dict[str, float]:
    """Logistic regression: the weights that minimise the log loss summed over the examples
    plus ``l2 / 2`` times their squares (the bias is not penalised), found by L-BFGS, so the
    result does not depend on the order of the examples. The same penalty on every weight
    keeps a lemma seen a few times from deciding on its own. Features seen fewer than
    ``min_count`` times are left out: their weights would only learn the examples by heart."""
    counts = Counter(f for features, _ in examples for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(names)}
    # one (example, feature) pair per feature occurrence, as ``CueModel.probability`` sums them
    pairs = [(row, index[f]) for row, (features, _) in enumerate(examples)
             for f in features if f in index]
    rows = np.array([r for r, _ in pairs], dtype=np.int64)
    columns = np.array([c for _, c in pairs], dtype=np.int64)
    labels = np.array([1.0 if label else 0.0 for _, label in examples])
    penalty = np.full(len(names), l2)
    if "bias" in index:
        penalty[index["bias"]] = 0.0

    def loss_and_gradient(weights: np.ndarray) -> tuple[float, np.ndarray]:
        scores = np.bincount(rows, weights=weights[columns], minlength=len(labels))
        loss = np.sum(np.logaddexp(0.0, scores) - labels * scores) + \
            0.5 * np.sum(penalty * weights * weights)
        errors = np.exp(-np.logaddexp(0.0, -scores)) - labels  # probability - label
        gradient = np.bincount(columns, weights=errors[rows], minlength=len(names))
        return float(loss), gradient + penalty * weights

    weights = minimise(loss_and_gradient, np.zeros(len(names)), iterations)
    return dict(zip(names, weights.tolist(), strict=True))


def minimise(function, x: np.ndarray, iterations: int, memory: int = 10,
             tolerance: float = 1e-7) -> np.ndarray:
    """Limited-memory BFGS with a backtracking line search (Nocedal & Wright, algorithm 7.5)
    for a smooth convex ``function`` returning (value, gradient)."""
    value, gradient = function(x)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []  # (s, y, 1 / y.s)
    for _ in range(iterations):
        direction = -gradient
        alphas = []
        for s, y, rho in reversed(steps):
            alpha = rho * (s @ direction)
            direction = direction - alpha * y
            alphas.append(alpha)
        if steps:
            s, y, _ = steps[-1]
            direction = direction * ((s @ y) / (y @ y))
        else:
            direction = direction / max(1.0, float(np.linalg.norm(gradient)))
        for (s, y, rho), alpha in zip(steps, reversed(alphas), strict=True):
            direction = direction + s * (alpha - rho * (y @ direction))
        slope = gradient @ direction
        if slope >= 0:  # not a descent direction: start again from the gradient
            steps.clear()
            direction = -gradient / max(1.0, float(np.linalg.norm(gradient)))
            slope = gradient @ direction
        step = 1.0
        while True:
            candidate = x + step * direction
            new_value, new_gradient = function(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-12:
                break
            step /= 2
        s, y = candidate - x, new_gradient - gradient
        if s @ y > 1e-12:
            steps.append((s, y, 1.0 / (s @ y)))
            del steps[:-memory]
        converged = value - new_value <= tolerance * max(1.0, abs(value))
        x, value, gradient = candidate, new_value, new_gradient
        if converged:
            break
    return x
