"""The last learned stage: is a drafted event right as a whole — this type between these two parties?

The trigger and argument models each judge one decision; many of their drafts are wrong as events although
each decision looked likely: an attack whose actor is a civilian body, a second condemnation of the same type
in an article that states one, a meeting with no identified partner. This stage scores the finished draft
from what the others cannot see together (its type with each party's sector and kind, how many drafts of the
type the article has and where this one ranks, its confidence, the trigger stage's probability and word, where each
party stands from the trigger and its first word, the sentence's other drafts) and drops the unlikely ones. The
features beyond the first list (session 17) gained 0.440 → 0.459 F1 over the out-of-fold drafts of session 16's
fold models (3,713 articles, 5 folds by article, cut 0.45); how often the draft's event is told again (session 18)
0.468 → 0.477 over session 17's (3,953 articles). It is trained on
the drafts that models trained on other folds of the training articles make of each fold (so it learns from
the mistakes a model makes on articles it has not seen), labelled by the EVENTS.md match with the gold.
"""

from __future__ import annotations

from typing import Any

from marsad.evaluate import _match, events_match
from marsad.events.coder import Draft
from marsad.nlp.participants import Party

CONFIDENCE_STEPS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9)
RELEVANCE_STEPS = (0.3, 0.5, 0.7, 0.9)
TYPE_STEPS = (0.3, 0.5, 0.7, 0.9)


def party_kind(p: Party | None) -> str:
    """none, group, state (named in the text), home (the article's state by default) or unresolved."""
    if p is None:
        return "none"
    if p.group:
        return "group"
    if p.country:
        return "home" if p.defaulted else "state"
    return "unresolved"


def plausibility_features(draft: Draft, drafts: list[Draft], relevance: float, norms: list[str] | None = None) -> list[str]:
    """Features of one draft among the article's drafts (cumulative steps stand for continuous values);
    `norms` (the doc's normalised tokens) adds the trigger's and each party's first word."""
    t = draft.type
    a, r = draft.actor, draft.recipient
    a_sector = (a.sector or "-") if a else "none"
    r_sector = (r.sector or "-") if r else "none"
    a_kind, r_kind = party_kind(a), party_kind(r)
    same_type = sorted((d for d in drafts if d.type == t), key=lambda d: -d.confidence)
    rank = next((i for i, d in enumerate(same_type) if d is draft), 0)
    f = [f"type={t}", f"mode={draft.mode}", f"a_sector={a_sector}", f"r_sector={r_sector}",
         f"{t}|a_sector={a_sector}", f"{t}|r_sector={r_sector}", f"{t}|a={a_sector}|r={r_sector}",
         f"a_kind={a_kind}", f"r_kind={r_kind}",
         f"{t}|kinds={a_kind},{r_kind}", f"drafts={min(len(drafts), 6)}", f"of_type={min(len(same_type), 4)}",
         f"rank={min(rank, 3)}", f"{t}|rank={min(rank, 2)}", f"sentence={min(draft.sentence, 8) // 2}"]
    f += [f"conf>={s}" for s in CONFIDENCE_STEPS if draft.confidence >= s]
    f += [f"relevance>={s}" for s in RELEVANCE_STEPS if relevance >= s]
    if draft.p_type is not None:
        f += [f"ptype>={s}" for s in CONFIDENCE_STEPS if draft.p_type >= s]
        f += [f"{t}|ptype>={s}" for s in TYPE_STEPS if draft.p_type >= s]
    if draft.trigger.trigger.type != t:
        f.append("lexicon_other_type")  # the trigger stage chose another type than the lexicon row's
    f.append(f"{t}|trigger={draft.trigger.text_norm}")
    if a is not None and r is not None:
        if a.group and a.group == r.group or a.country and a.country == r.country and not (a.group or r.group):
            f.append("same_side")
            f.append(f"{t}|same_side")
    if (a and a.person) or (r and r.person):
        f.append("person")
    if draft.future:
        f.append("future")
    if draft.negated:
        f.append("negated")
    for role, p in (("a", a), ("r", r)):
        if p is not None:
            f += _party_features(role, t, p, draft.trigger.start, norms)
    # the other drafts of the sentence: a sentence the trigger stage reads as another type's is doubtful
    in_sentence = [d for d in drafts if d.sentence == draft.sentence] or [draft]
    f += [f"in_sentence={min(len(in_sentence), 4)}", f"sentence_types={min(len({d.type for d in in_sentence}), 3)}"]
    if max(in_sentence, key=lambda d: d.p_type or d.confidence).type != t:
        f.append("not_sentence_top_type")
    return f + _told_again_features(draft, drafts)


def _told_again_features(draft: Draft, drafts: list[Draft]) -> list[str]:
    """The drafts with this one's key (type and both parties' states or groups) become one record: an event
    drafted in several sentences, or in the article's first, is more often one the annotators coded, and
    only the key's most confident draft needs to be right."""
    key = draft_key(draft)
    twins = [d for d in drafts if draft_key(d) == key] or [draft]
    told = min(len({d.sentence for d in twins}), 3)
    f = [f"key_sentences={told}", f"{draft.type}|key_sentences={told}"]
    if max(twins, key=lambda d: d.confidence) is draft:
        f.append("key_best")
    if min(d.sentence for d in twins) == 0:
        f.append("key_in_first_sentence")
    return f


def _party_features(role: str, t: str, p: Party, trigger: int, norms: list[str] | None) -> list[str]:
    """Where the party stands from the trigger, how firmly it is named, its kinds of names and its first word."""
    d = p.start - trigger
    where = ("b" if d < 0 else "a") + ("0" if abs(d) <= 2 else "1" if abs(d) <= 6 else "2")
    f = [f"{role}_at={where}", f"{t}|{role}_at={where}"]
    if not p.firmly_identified:
        f.append(f"{role}_soft")
    f += [f"{role}_label={label}" for label in sorted({h.label for h in p.hits})]
    if norms is not None and p.start < len(norms):
        f += [f"{role}_word={norms[p.start]}", f"{t}|{role}_word={norms[p.start]}"]
    return f


def _party(p: Party | None) -> dict[str, Any] | None:
    return {"country": p.country, "group": p.group} if p is not None else None


def draft_key(d: Draft) -> tuple:
    """Drafts with one key become one record (records.merge_mentions): the type and the parties' states or groups."""
    a, r = d.actor, d.recipient
    return (d.type, a and (a.country or a.group), r and (r.country or r.group))


def draft_labels(drafts: list[Draft], gold: list[dict[str, Any]]) -> list[str | None]:
    """"1" for a draft that is (or repeats) a required gold event, "0" for a wrong one, None for one that
    matches an optional gold event (left out, as the score leaves it out of precision). Drafts of one event
    told twice share its label: records merge them into one."""
    rows = [{"type": d.type, "mode": d.mode, "actor": _party(d.actor), "recipient": _party(d.recipient),
             "confidence": d.confidence, "_i": i} for i, d in enumerate(drafts)]
    by_key: dict[tuple, str | None] = {}
    for p, g in _match(rows, gold, events_match):
        by_key[draft_key(drafts[p["_i"]])] = "1" if g.get("required", True) else None
    return [by_key.get(draft_key(d), "0") for d in drafts]
