"""What the lesson notebook calls: the article's tables in a class's words, the prompts a class
discusses, and the teacher's answers, computed from the article."""
from __future__ import annotations

import pandas as pd

from ..core import paths
from ..corpus import store
from ..corpus.batches import read_one
from ..text.articles import collect_paths
from ..text.lexicon import category_label
from .display import (
    QUOTE_KINDS,
    SOURCE_KINDS,
    UNNAMED_KINDS,
    VOICES,
    Table,
    answer,
    following,
    percent,
)
from .notebook import ArticleRun


class LessonRun(ArticleRun):
    """The media-literacy lesson: the article's tables with plain column names and
    percentages, the prompts a class discusses, and the teacher's answers, computed from the
    article so they stay right when the teacher switches it."""

    def who_speaks(self) -> Table:
        s = self.speakers
        return self.table(pd.DataFrame({
            "speaker": s["speaker"], "who they are": s["speaker_kind"].map(SOURCE_KINDS),
            "quoted word for word": s["direct"], "partly quoted": s["partial"],
            "paraphrased": s["indirect"],
            "share of all quoted words": s["share_of_quoted_words"].map(percent),
        }))

    def answer_who_speaks(self):
        s = self.speakers
        if s.empty:
            return answer("The machine found no quotation in this article.")
        top = s.iloc[0]
        unnamed = s[s["speaker_kind"].isin(UNNAMED_KINDS)]["share_of_quoted_words"].sum()
        return answer(f"Most quoted words: {top['speaker']} "
                      f"({percent(top['share_of_quoted_words'])} of all quoted words). "
                      f"{len(s)} speakers in all; sources with no name get "
                      f"{percent(unnamed)} of the quoted words.")

    def named_never_heard(self) -> Table:
        return self.table(self.unquoted_names())

    def loaded_verbs(self) -> Table:
        loaded = self.loaded_cues()
        return self.table(pd.DataFrame({
            "verb": loaded["cue"], "what it suggests": loaded["category"].map(category_label),
            "note": loaded["note"], "who": loaded["speaker"], "sentence": loaded["sentence"]}))

    def answer_loaded_verbs(self):
        loaded = self.loaded_cues()
        if loaded.empty:
            return answer("Every attribution verb the machine found is neutral (said, told...).")
        kinds = loaded.assign(kind=loaded["category"].map(category_label)).groupby("kind")[
            "cue"].agg(lambda v: ", ".join(sorted(set(v.str.lower()))))
        return answer("Loaded verbs in this article: " + "; ".join(
            f"{kind}: {verbs}" for kind, verbs in kinds.items()) + ".")

    def who_hedges(self) -> Table:
        h = self.hedges
        return self.table(pd.DataFrame({
            "word": h["cue"], "what it does": h["category"].map(category_label),
            "whose voice": h["voice"].map(VOICES), "speaker": h["speaker"],
            "sentence": h["sentence"]}))

    def answer_who_hedges(self):
        h = self.hedges
        if h.empty:
            return answer("The machine found no hedge or booster in this article.")
        reporter = int((h["voice"] == "reporter").sum())
        return answer(f"{len(h)} hedges and boosters: {reporter} in the reporter's own voice, "
                      f"{len(h) - reporter} inside what sources said.")

    def unnamed_table(self) -> Table:
        return self.table(self.unnamed_sources())

    def answer_unnamed(self):
        q = self.quotes
        if q.empty:
            return answer("The machine found no quotation in this article.")
        unnamed = q["speaker_kind"].isin(UNNAMED_KINDS) | q["agentless"]
        return answer(f"{percent(unnamed.mean())} of the quotations and paraphrases come "
                      "from no named person or organisation.")

    def check_the_machine(self) -> Table:
        """Every attribution as the machine read it, for the class to mark right or wrong."""
        q = self.quotes
        return self.table(pd.DataFrame({
            "paragraph": q["paragraph"], "the machine says the speaker is": q["speaker"]
            .replace("", "(nobody)"), "how": q["kind"].map(QUOTE_KINDS),
            "the words it gave them": q["content"],
            "right? (yes / no / not sure)": "",
        }))

    def exercise_article(self) -> str:
        """The bundled article after the lesson's own, for the class to try alone."""
        bundled = collect_paths([paths.DATA_DIR])
        after = following([p.stem for p in bundled], self.article.id)
        return bundled[after].relative_to(paths.ROOT).as_posix()

    def exercise(self) -> LessonRun:
        """The exercise article, read as the lesson's was: from the extracted tables (the
        article after the lesson's there), else analysed with the same pipeline; saves
        nothing."""
        if self.extracted is not None:
            ids = store.read_table(self.extracted, "articles", columns=["article"])["article"]
            after = ids.iloc[following(list(ids), self.article.id)]
            return LessonRun(store.find_article(self.extracted, after),
                             extracted=self.extracted)
        return LessonRun(read_one(paths.ROOT / self.exercise_article()), self.model)
