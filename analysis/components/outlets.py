"""Credited outlets: the wire or outlet an article credits for an attribution ("Reuters
reported", "told Reuters", "according to AP") goes to ``via``, never to the speaker.

Pure lookups: they return what they find and change nothing.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..parse.syntax import noun_phrase
from .attribution import DocContext

# verbs whose subject, object or listener may be an outlet ("Reuters reported", "told CNN")
OUTLET_VERBS = ("report", "tell", "say", "speak")


def is_outlet(ctx: DocContext, token: Token) -> bool:
    phrase = noun_phrase(token).text.lower()
    return phrase in ctx.outlets or phrase.removeprefix("the ") in ctx.outlets


def outlet_name(ctx: DocContext, token: Token) -> str:
    phrase = noun_phrase(token).text
    outlet = ctx.outlets.get(phrase.lower()) or ctx.outlets.get(
        phrase.lower().removeprefix("the "))
    return outlet.name if outlet and outlet.name else phrase


def credited_outlet(ctx: DocContext, cue: Span, speaker: Token | None) -> tuple[str, Span | None]:
    """A wire or outlet credited in the cue's sentence, other than the speaker, and the other
    cue that credits it ('"...," said a member, Reuters reported'), which then reports
    nothing of its own."""
    sentence = ctx.sentences.starts[cue.start]
    crediting = ctx.crediting_cues.get(sentence)
    if crediting is None:  # the sentence's cues with an outlet among their words, found once
        crediting = [(other, outlets) for other in ctx.cues_in_sentence(cue)
                     if (outlets := outlet_tokens(ctx, other))]
        ctx.crediting_cues[sentence] = crediting
    for other, outlets in crediting:
        for token in outlets:
            if token != speaker:
                return outlet_name(ctx, token), (other if other != cue else None)
    return "", None


def outlet_tokens(ctx: DocContext, cue: Span) -> list[Token]:
    """The outlets among a cue's subject, object, listener or "according to" object."""
    root = cue.root
    candidates = []
    if cue._.kind == "phrase":
        candidates = [c for c in cue[-1].children if c.dep_ == "pobj"]
    elif root.lemma_ in OUTLET_VERBS:
        candidates = [c for c in root.children if c.dep_ in ("nsubj", "dobj", "dative")]
        candidates += [g for c in root.children if c.dep_ in ("prep", "dative")
                       for g in c.children if c.dep_ == "pobj"]
    return [token for token in candidates if is_outlet(ctx, token)]
