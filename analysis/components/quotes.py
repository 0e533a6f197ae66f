"""The quote search component (``quotes``): quotation passages and reported speech with the
cue and the speaker mention of each, written to ``doc.spans["attributions"]`` for speaker
resolution.

The stages run in this order, each returning what it found: passages (text only) -> cue search
per passage (``cue_search``) -> speaker finding (``speakers``, memoized) -> credited outlets
(``outlets``) -> indirect speech from the cues no quotation used (``indirect``).
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..parse.extensions import required_spans, set_values
from ..text.lexicon import OUTLET_COLUMNS, UNLISTED, load_outlets, write_rows
from ..text.passages import Passage, plain_fields
from .attribution import Attribution, DocContext, Settings, content_row
from .cue_search import (
    continues_tagged_quote,
    cue_after,
    cue_before,
    cue_introducing,
    cue_right_before,
    governing_cue,
    is_scare_quote,
    is_title,
    labelled_speaker,
    reporting_noun_owner,
    resumes_after_tag,
    stands_alone,
    tag_verb_subject,
    transcript_label,
)
from .indirect import content_of, ends_quotation, indirect_attributions
from .mentions import speaker_of
from .outlets import credited_outlet

ATTRIBUTION_LABEL = "ATTRIBUTION"


def quotation_cues(cues: list[Span]) -> list[Span]:
    """The cues that may introduce a quotation: a verb outside the lexicon ("filed a
    lawsuit", "cast doubt") attributes a position but reports no words."""
    return [c for c in cues if c._.category != UNLISTED]


def find_attributions(ctx: DocContext) -> tuple[list[Attribution], list[Attribution]]:
    """(quoted, indirect): an attribution per quotation passage that is speech, in passage
    order, and one per remaining cue with a reported content."""
    quoted, used = [], set()
    for passage in ctx.passages:
        found, consumed = attribute_passage(ctx, passage)
        used |= consumed
        if found is not None:
            quoted.append(found)
    return quoted, indirect_attributions(ctx, used)


def attribute_passage(ctx: DocContext, p: Passage) -> tuple[Attribution | None, set[int]]:
    """The attribution of one quotation passage (None for a scare quote), and the first
    tokens of the cues it used up, which then report nothing of their own."""
    # a quotation opening a sentence, or one a cue and a comma introduce ('He added, "we ..."')
    introducing = cue_right_before(ctx, p)
    kind = "direct" if stands_alone(ctx, p) or introducing is not None or \
        resumes_after_tag(ctx, p) else "partial"
    a = Attribution(kind, p.content_start, p.content_end, p.paragraph, passage=p)
    used: set[int] = set()
    label = transcript_label(ctx, p) if kind == "direct" else None
    if label is not None:
        a.speaker_head, a.transcript = label, True
        a.cue = ctx.cue_by_token.get(label.i + 1)  # its colon, when a cue
        if a.cue is not None:
            used.add(a.cue.start)
        return a, used
    if kind == "direct":
        a.cue = introducing or cue_after(ctx, p, tag_only=True)
        if a.cue is None and not continues_tagged_quote(ctx, p):
            a.cue = cue_after(ctx, p) or cue_before(ctx, p) or cue_introducing(ctx, p)
    elif is_scare_quote(ctx, p) or is_title(ctx, p):
        return None, used
    else:
        a.cue = governing_cue(ctx, p)
    if a.cue is not None:
        if kind == "direct":  # a partial quote's cue still reports its whole clause
            used.add(a.cue.start)
        a.speaker_head, a.agentless = speaker_of(ctx, a.cue)
        a.via, crediting = credited_outlet(ctx, a.cue, a.speaker_head)
        if crediting is not None:
            used.add(crediting.start)
    if kind == "direct" and a.speaker_head is None and not a.agentless:
        # no cue, or one whose speaker the parse lost ('Clinton: "..."')
        a.speaker_head = labelled_speaker(ctx, p) or tag_verb_subject(ctx, p)
    if kind == "partial" and a.cue is not None:
        a.reported = reported_around(ctx, a.cue, p)
    if kind == "partial" and a.speaker_head is None:
        # Without a speaking cue, only a reporting noun's sender makes it speech
        # ('a video message addressed to the "tyrants of Hamas"'); else a scare quote.
        a.cue, a.agentless, a.via = None, False, ""
        a.speaker_head = reporting_noun_owner(ctx, p)
        if a.speaker_head is None:
            return None, used
    return a, used


def reported_around(ctx: DocContext, cue: Span, p: Passage) -> tuple[int, int] | None:
    """'accused him of engaging in a "freak out"', 'said that he had "serious concerns."':
    the cue reports more than the quotation, up to its closing mark when the content ends
    with the quotation (the parse leaves the mark out)."""
    content = content_of(ctx, cue)
    if content is None or content.start_char > p.open_at:
        return None
    if content.end_char >= p.close_end:
        return content.start_char, content.end_char
    if not ends_quotation(ctx, p, content.end_char):
        return None
    return content.start_char, p.close_end


def attribution_span(doc: Doc, a: Attribution, row: int) -> Span:
    """An attribution as a span of ``doc.spans["attributions"]``: its content, with what
    speaker resolution needs in plain extension values."""
    span = content_row(doc, a, ATTRIBUTION_LABEL, row)
    values = {"paragraph": a.paragraph,
              "speaker_head": a.speaker_head.i if a.speaker_head is not None else None,
              "agentless": a.agentless, "via": a.via, "transcript": a.transcript,
              "passage": plain_fields(a.passage) if a.passage is not None else None}
    if a.reported is not None:
        values["content_span_start"], values["content_span_end"] = a.reported
    if a.cue is not None:
        values["cue_start"], values["cue_end"] = a.cue.start_char, a.cue.end_char
    set_values(span, values)
    return span


class Quotes:
    """Pipeline component: quotations and reported speech with their cues and speaker
    mentions, unresolved (``speakers`` resolves them)."""

    def __init__(self, nlp: Language, name: str = "quotes", cues_key: str = "cues",
                 spans_key: str = "attributions", outlets_path: str | None = None,
                 settings: Settings | None = None):
        self.name = name
        self.cues_key, self.spans_key = cues_key, spans_key
        self.outlets = load_outlets(outlets_path)
        self.settings = settings or Settings()

    def to_disk(self, path: str | Path, exclude=()) -> None:
        """Save the outlets the component credits, as ``outlets.csv``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_rows(path / "outlets.csv", OUTLET_COLUMNS,
                   ((o.outlet, o.kind, o.name, o.note, o.source) for o in self.outlets.values()))

    def from_disk(self, path: str | Path, exclude=()) -> Quotes:
        self.outlets = load_outlets(str(Path(path) / "outlets.csv"))
        return self

    def __call__(self, doc: Doc) -> Doc:
        all_cues = required_spans(doc, self.cues_key, self.name, "attribution_cues")
        ctx = DocContext(doc, quotation_cues(all_cues), all_cues, self.outlets, self.settings)
        quoted, indirect = find_attributions(ctx)
        found = sorted(quoted + indirect, key=lambda a: a.content_start)
        doc.spans[self.spans_key] = [attribution_span(doc, a, n) for n, a in enumerate(found)]
        return doc


@Language.factory(
    "quotes",
    default_config={"outlets_path": None, "cues_key": "cues", "spans_key": "attributions",
                    "tag_tokens": 6, "tag_tail": 3, "direct_overlap": 0.8},
    requires=["doc.spans", "span._.category", "token.dep", "doc.ents"],
    assigns=["doc.spans", "span._.speaker_head", "span._.passage", "span._.via"])
def make_quotes(nlp: Language, name: str, outlets_path: str | None, cues_key: str,
                spans_key: str, tag_tokens: int, tag_tail: int, direct_overlap: float):
    """``tag_tokens``: how far after a closing mark a tag may start; ``tag_tail``: words a
    tag may run on after its verb; ``direct_overlap``: the share of a reported content that,
    once quoted, makes it that quotation rather than a second attribution."""
    settings = Settings(tag_tokens, tag_tail, direct_overlap)
    return Quotes(nlp, name, cues_key, spans_key, outlets_path, settings)
