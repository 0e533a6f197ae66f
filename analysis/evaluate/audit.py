"""Score the source audit against hand-annotated articles (``../shared/eval/audit/dev.jsonl``,
defined by the guide beside it): one line per article listing every source the article gives a
voice to, with its kind, gender as the article refers to it, role, first rank, whether it is
quoted directly and how often it speaks.

Matching, within an article and one to one (best pairs first):
- the same name, once case, punctuation, a leading article and a possessive are set aside;
- for a person on either side, the same surname (the last word of the name that is not a
  suffix such as "Jr.");
- otherwise, the names' own words: at least half of the shorter name's content words shared
  ("The Washington Post" and "the Post"; "a senior official" and "senior officials").

Figures: source precision, recall and F1; person recall (annotated persons found); gender
accuracy among matched sources the annotation gives a gender; the share of matched sources the
annotation leaves ``unknown`` that the system genders (it should be near zero); role and kind
accuracy among matched sources; first-source accuracy (the article's first source found as
first); and the women's share of named persons on each side, the system's with its interval.

Run with ``python -m analysis.evaluate audit [--part tune|test] [--misses]``; articles at even
positions are the ``tune`` part, odd ones the ``test`` part.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.evaluate.metrics import PRF, Accuracy
from analysis.tables.audit import share_interval

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "eval" / "audit" / "dev.jsonl"
DEFAULT_TEXTS = DEFAULT_DATA.parents[1] / "polnear" / "dev" / "text"
GENDERS = ("female", "male", "nonbinary")
PARTS = ("all", "tune", "test")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
FUNCTION_WORDS = {"the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "its", "his",
                  "her", "their", "s"}
System = Callable[[Path], list[dict]]


def words(name: str) -> list[str]:
    """A name's words, lower case, without punctuation or a possessive ending."""
    name = re.sub(r"['’]s\b", "", name.lower())
    return re.findall(r"[\w-]+", name)


def surname(name: str) -> str:
    found = [w for w in words(name) if w not in SUFFIXES]
    return found[-1] if found else ""


def content_words(name: str) -> set[str]:
    return {w for w in words(name) if w not in FUNCTION_WORDS}


def match_score(gold: dict, system: dict) -> float:
    """How well two sources' names match (0: not at all), by the rules in the docstring."""
    gold_words, system_words = content_words(gold["name"]), content_words(system["name"])
    if gold_words and gold_words == system_words:
        return 3.0
    if "person" in (gold["kind"], system["kind"]):
        last = surname(gold["name"])
        return 2.0 if last and last in words(system["name"]) else 0.0
    shorter = min(len(gold_words), len(system_words))
    if not shorter:
        return 0.0
    shared = len(gold_words & system_words) / shorter
    return 1.0 + shared if shared >= 0.5 else 0.0


def matched_pairs(gold: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs, best scores first (ties in the article's order)."""
    scored = sorted(((match_score(g, s), i, j) for i, g in enumerate(gold)
                     for j, s in enumerate(system)), key=lambda t: (-t[0], t[1], t[2]))
    used_gold, used_system, pairs = set(), set(), []
    for score, i, j in scored:
        if score and i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((gold[i], system[j]))
    return pairs


@dataclass
class Scores:
    sources: PRF = field(default_factory=PRF)
    persons: Accuracy = field(default_factory=Accuracy)
    gender: Accuracy = field(default_factory=Accuracy)
    gendered_unknown: Accuracy = field(default_factory=Accuracy)
    role: Accuracy = field(default_factory=Accuracy)
    kind: Accuracy = field(default_factory=Accuracy)
    first: Accuracy = field(default_factory=Accuracy)
    women_gold: list[tuple[int, int]] = field(default_factory=list)
    women_system: list[tuple[int, int]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, article: str, gold: list[dict], system: list[dict]) -> None:
        pairs = matched_pairs(gold, system)
        self.sources += PRF(len(pairs), len(gold), len(system))
        found = {id(g): s for g, s in pairs}
        for g in gold:
            if g["kind"] == "person":
                self.persons.add(id(g) in found)
        for g, s in pairs:
            if g["kind"] in ("person", "anonymous"):
                if g["gender"] in GENDERS:
                    self.gender.add(s.get("gender") == g["gender"])
                else:
                    self.gendered_unknown.add(s.get("gender") in GENDERS)
            self.role.add(s.get("role") == g["role"])
            self.kind.add(s.get("kind") == g["kind"])
        first = next((g for g in gold if g.get("first_rank") == 1), None)
        if first is not None:
            self.first.add(found.get(id(first), {}).get("first_rank") == 1)
        self.women_gold.append(women(gold))
        self.women_system.append(women(system))
        matched_system = {id(s) for _, s in pairs}
        self.misses += [f"{article}: missed {g['kind']} {g['name']!r}" for g in gold
                        if id(g) not in found]
        self.misses += [f"{article}: extra {s['kind']} {s['name']!r}" for s in system
                        if id(s) not in matched_system]
        for g, s in pairs:
            wrong = [f"{key} {s.get(key)!r} for {g[key]!r}" for key in ("kind", "gender", "role")
                     if g[key] and s.get(key) != g[key]]
            if wrong:
                self.misses.append(f"{article}: {g['name']!r} as {s['name']!r}: "
                                   + ", ".join(wrong) + f" ({s.get('gender_evidence', '')!r}"
                                   f"; {s.get('role_evidence', '')!r})")


def women(sources: list[dict]) -> tuple[int, int]:
    """(women, named persons) among an article's sources."""
    persons = [s for s in sources if s["kind"] == "person"]
    return sum(s.get("gender") == "female" for s in persons), len(persons)


def part_of(gold: dict[str, list[dict]], part: str) -> dict[str, list[dict]]:
    """Articles at even positions form the ``tune`` part, odd ones ``test``: rules are made
    reading one half and reported on the other."""
    if part == "all":
        return gold
    keep = 0 if part == "tune" else 1
    return {a: s for i, (a, s) in enumerate(gold.items()) if i % 2 == keep}


def load_gold(path: Path) -> dict[str, list[dict]]:
    with path.open(encoding="utf-8") as handle:
        return {row["article"]: row["sources"] for row in map(json.loads, handle) if row}


def project_sources(path: Path) -> list[dict]:
    """The project's source table for one article file."""
    from analysis.corpus.batches import read_one
    from analysis.pipeline.run import analyse
    from analysis.tables.audit import source_rows
    from analysis.tables.rows import hedge_rows, quote_rows

    article = read_one(path)
    doc = analyse(article)
    return source_rows(doc, article, quote_rows(doc, article), hedge_rows(doc, article))


def evaluate(gold: dict[str, list[dict]], texts: Path, system: System) -> Scores:
    scores = Scores()
    for article, sources in gold.items():
        scores.add(article, sources, system(texts / f"{article}.txt"))
    return scores


def report(scores: Scores) -> str:
    gold_share = share_interval(scores.women_gold)
    system_share = share_interval(scores.women_system)
    m = scores.sources
    lines = [
        f"sources        P {m.precision:.3f}  R {m.recall:.3f}  F1 {m.f1:.3f}  "
        f"({m.tp} matched, {m.gold} annotated, {m.system} found)",
        f"person recall  {scores.persons.value:.3f}  ({scores.persons.total} persons)",
        f"gender         {scores.gender.value:.3f}  ({scores.gender.total} matched with a "
        "gender in the annotation)",
        f"unknown gendered {scores.gendered_unknown.value:.3f}  "
        f"({scores.gendered_unknown.total} matched left unknown by the annotation)",
        f"role           {scores.role.value:.3f}",
        f"kind           {scores.kind.value:.3f}",
        f"first source   {scores.first.value:.3f}  ({scores.first.total} articles)",
        f"women's share of named persons: annotation {gold_share.share:.3f}, system "
        f"{system_share.share:.3f} (95% interval {system_share.low:.3f}-{system_share.high:.3f})",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.evaluate audit",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--part", choices=PARTS, default="all",
                        help="articles at even positions (tune), odd ones (test), or all")
    parser.add_argument("--misses", action="store_true", help="list unmatched sources")
    args = parser.parse_args(argv)
    try:
        gold = load_gold(args.data)
    except (OSError, ValueError, KeyError) as error:
        print(f"audit: {args.data}: {error}", file=sys.stderr)
        return 2
    gold = part_of(gold, args.part)
    scores = evaluate(gold, args.texts, project_sources)
    print(f"Source audit ({args.part}): {len(gold)} articles, "
          f"{scores.sources.gold} annotated sources")
    print(report(scores))
    if args.misses:
        print("\n".join(scores.misses))
    return 0
