"""The one precision/recall/F1 counter every evaluation here adds up."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class PRF:
    """Matches (``tp``) out of ``gold`` items and ``system`` items; sums with ``+``."""

    tp: int = 0
    gold: int = 0
    system: int = 0

    @property
    def fp(self) -> int:
        return self.system - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.gold + other.gold, self.system + other.system)

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "gold": self.gold,
                "system": self.system, "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


@dataclass
class Accuracy:
    """Right answers (``correct``) out of ``total``; sums with ``+``."""

    correct: int = 0
    total: int = 0

    def add(self, right: bool) -> None:
        self.correct += bool(right)
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    def as_dict(self) -> dict:
        return {**asdict(self), "accuracy": self.value}


def format_prf(m: PRF) -> str:
    """``P R F1`` in three columns of five characters, for the command tables."""
    return f"{m.precision:5.3f} {m.recall:5.3f} {m.f1:5.3f}"
