"""The marsad_events pipeline component: the rule coder's drafts, then (when configured) the learned
stages' decision. Registered as a spaCy factory when the pipeline is built (nlp.pipeline.build_nlp)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from marsad.events.coder import Draft, SentenceView, code_sentence
from marsad.nlp.trigger_hits import TriggerHit


def code_rule_drafts(doc: Doc) -> list[Draft]:
    """The rule coder's drafts, sentence by sentence."""
    sentence_of = doc._.sentence_of
    bounds: dict[int, list[int]] = {}
    for i, s in enumerate(sentence_of):
        bounds.setdefault(s, [i, i + 1])[1] = i + 1
    triggers_by_sentence: dict[int, list[TriggerHit]] = {}
    for t in doc._.trigger_hits:
        triggers_by_sentence.setdefault(sentence_of[t.start], []).append(t)
    drafts: list[Draft] = []
    for s, (start, end) in sorted(bounds.items()):
        triggers = triggers_by_sentence.get(s)
        if not triggers:
            continue
        view = SentenceView(doc._.norms, start, end, doc._.parties)
        drafts.extend(code_sentence(view, triggers, s, drafts))
    return drafts


CODERS = ("hybrid", "rules", "learned")


@Language.factory("marsad_events", default_config={"coder": "hybrid", "model": None})
def make_events(nlp: Language, name: str, coder: str, model: str | None):
    """Event drafts from triggers and participants. coder = "rules" (the hand-written coder alone),
    "learned" (the trained stages of marsad.events.learned, which read the rule coder's drafts as features)
    or "hybrid" (the learned stages, plus the rules' confident drafts where they coded nothing)."""
    if coder not in CODERS:
        raise ValueError(f"marsad_events: coder must be one of {', '.join(CODERS)}, not {coder!r}")
    learned = None
    if coder in ("learned", "hybrid"):
        from marsad.events.learned.model import load_default_model

        learned = load_default_model(model)

    def events_component(doc: Doc) -> Doc:
        drafts = code_rule_drafts(doc)
        doc.user_data["marsad_rule_drafts"] = drafts
        if learned is None:
            doc._.drafts = drafts  # no model shipped or found: the rules alone
        elif coder == "hybrid":
            doc._.drafts = learned.code_with_rules(doc, drafts)
        else:
            doc._.drafts = learned.code(doc, drafts)
        return doc

    return events_component
