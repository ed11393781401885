"""Named features for the learned stages. Each function returns a list of strings; a linear model
weighs them. Conjunctions with the trigger's type let one model learn per-type habits."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from marsad.arabic.clitics import inflection_stem, prefix_variants
from marsad.arabic.normalize import normalize
from marsad.events.coder import _FUTURE_WORDS, _HYPOTHETICAL, _PURPOSE_WORDS, _negated, is_nominal
from marsad.events.learned.candidates import Candidate
from marsad.events.learned.clusters import token_clusters
from marsad.knowledge.word_lists import word_list
from marsad.nlp.participants import Party

_PUNCT = {",", "،", ".", ":", ";", "?", "!", "-", "(", ")", "«", "»", '"'}
_REPORTING = word_list("features.reporting")
_FUTURE_PREFIX = re.compile(r"^[وف]?س[يتن]\w{2,}")


def word_stem(n: str) -> str:
    """The shortest clitic-free form: "وبالرياض" → رياض-ish key for bag-of-words features."""
    v = prefix_variants(n)[-1]
    return v[2:] if v.startswith("ال") and len(v) > 4 else v


def relevance_features(title: str, norms: list[str], lead_tokens: int = 120) -> list[str]:
    words = [word_stem(w) for w in normalize(title or "").split()]
    feats = [f"t:{w}" for w in words if len(w) > 1]
    feats += [f"w:{word_stem(n)}" for n in norms[:lead_tokens] if len(n) > 1 and n not in _PUNCT]
    return sorted(set(feats)) or ["empty"]


def bucket(x: float, edges: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)) -> int:
    return sum(x >= e for e in edges)


def _window(norms: list[str], a: int, b: int, lo: int, hi: int) -> list[str]:
    return norms[max(a, lo):min(b, hi)]


def trigger_features(doc: Doc, c: Candidate, relevance: float) -> list[str]:
    norms = doc._.norms
    hit, sent = c.hit, c.sentence
    trig = hit.trigger
    lo, hi = sent.start, sent.end
    form = "_".join(norms[hit.start:hit.end])
    stem = word_stem(norms[hit.start])
    before = norms[hit.start - 1] if hit.start > lo else "<s>"
    nominal = is_nominal(hit, before if before != "<s>" else "")
    t = trig.type
    f = [f"form={form}", f"stem={stem}", f"lstem={inflection_stem(stem)}", f"ltype={t}", f"frame={trig.frame}|{t}", f"nominal={nominal}|{t}",
         f"learned={c.learned_only}{'/cluster' if c.by_cluster else ''}", f"clitic={hit.clitic}", f"rel={bucket(relevance)}", f"rel={bucket(relevance)}|{t}"]
    if trig.mode:
        f.append(f"mode={trig.mode}")
    f += [f"w-1={before}", f"w-2={norms[hit.start - 2] if hit.start - 2 >= lo else '<s>'}",
          f"w+1={norms[hit.end] if hit.end < hi else '</s>'}", f"w+2={norms[hit.end + 1] if hit.end + 1 < hi else '</s>'}",
          f"stem|w-1={stem}|{before}", f"stem|w+1={stem}|{norms[hit.end] if hit.end < hi else '</s>'}"]
    for w in _window(norms, hit.start - 5, hit.start, lo, hi):
        f.append(f"bow-={word_stem(w)}")
    for w in _window(norms, hit.end, hit.end + 5, lo, hi):
        f.append(f"bow+={word_stem(w)}")
    f += _cluster_features(doc, hit.start, hit.end, lo, hi, t)
    if _negated(sent.view, hit):  # the rule coder's own test, so that the feature and the flag agree
        f += ["neg", f"neg|{t}"]
    if any(w in _HYPOTHETICAL for w in _window(norms, hit.start - 6, hit.start, lo, hi)):
        f.append("hypothetical")
    wide = _window(norms, hit.start - 6, hit.end + 12, lo, hi)
    if trig.future_form or any(w in _FUTURE_WORDS or w.lstrip("و") in _FUTURE_WORDS for w in wide) or any(
            _FUTURE_PREFIX.match(w) for w in _window(norms, hit.start - 2, hit.start + 1, lo, hi)):
        f += ["future", f"future|{t}"]
    if any(w in _PURPOSE_WORDS for w in _window(norms, hit.start - 2, hit.start, lo, hi)):
        f += ["purpose", f"purpose|{t}"]
    if any(w in _REPORTING for w in _window(norms, lo, hit.start, lo, hi)):
        f.append("reported")
    f.append(f"sent={min(sent.index, 5)}")
    f.append(f"pos_in_sent={min((hit.start - lo) // 5, 6)}")
    n_ident = sum(1 for p in c.own_parties if p.identified)
    f.append(f"parties={min(n_ident, 4)}")
    f.append(f"parties={min(n_ident, 4)}|{t}")
    before_p = any(p.end <= hit.start and p.identified for p in sent.view.parties)
    after_p = any(p.start >= hit.end and p.identified for p in sent.view.parties)
    f.append(f"sides={before_p}{after_p}|{t}")
    if c.rule_drafts:
        f += ["rule", f"rule|{t}", f"ruletype={c.rule_drafts[0].type}"]
        if c.rule_drafts[0].future:
            f.append("rule_future")
        if c.rule_drafts[0].negated:
            f.append("rule_negated")
    else:
        f.append(f"norule|{t}")
    title = doc.user_data.get("marsad_title_norm") or ""
    if stem and stem in title:
        f += ["in_title", f"in_title|{t}"]
    # the other lexicon triggers of the sentence: "وقع … اتفاقية" is a signing, "وقع الانفجار" an explosion
    others = {h.trigger.type for h in doc._.trigger_hits if lo <= h.start < hi and h.start != hit.start}
    f.extend(f"cooc={t}|{o}" for o in sorted(others))
    return f


def _cluster_features(doc: Doc, start: int, end: int, lo: int, hi: int, t: str) -> list[str]:
    kids = token_clusters(doc)
    f = []
    for level, cid in enumerate(kids[start]):
        f += [f"k{level}={cid}", f"k{level}|ltype={cid}|{t}"]
    for off, i in ((-2, start - 2), (-1, start - 1), (1, end), (2, end + 1)):
        if lo <= i < hi:
            f.extend(f"k{level}@{off}={cid}" for level, cid in enumerate(kids[i]))
    bag = {f"kb{level}{'-' if i < start else '+'}={cid}" for i in (*range(max(lo, start - 5), start), *range(end, min(hi, end + 5)))
           for level, cid in enumerate(kids[i])}
    f.extend(sorted(bag))
    return f


def _labels(p: Party) -> list[str]:
    return sorted({h.label for h in p.hits}) or ["IMPLIED"]


def argument_features(doc: Doc, c: Candidate, p: Party, etype: str) -> list[str]:
    norms = doc._.norms
    hit, view = c.hit, c.sentence.view
    trig = hit.trigger
    inside = c.sentence.start <= p.start < c.sentence.end and bool(p.hits)
    if not inside:
        side = "out"
        dist = 99
    elif p.end <= hit.start:
        side, dist = "before", hit.start - p.end
    elif p.start >= hit.end:
        side, dist = "after", p.start - hit.end
    else:
        side, dist = "over", 0
    db = 0 if dist == 0 else 1 if dist <= 1 else 2 if dist <= 3 else 3 if dist <= 7 else 4 if dist <= 15 else 5
    prep = view.introduced_by(p) if inside else "-"
    labels = _labels(p)
    head = "+".join(labels)
    f = [f"side={side}", f"side={side}|{etype}", f"dist={db}", f"side|dist={side}|{db}", f"side|dist|type={side}|{db}|{etype}",
         f"prep={prep}", f"prep|type={prep}|{etype}", f"prep|side={prep}|{side}", f"prep|frame={prep}|{trig.frame}|{side}",
         f"frame|side={trig.frame}|{side}|{etype}", f"labels={head}", f"labels|type={head}|{etype}",
         f"sector={p.sector}", f"sector|type={p.sector}|{etype}", f"ident={p.identified}", f"firm={p.firmly_identified}",
         f"defaulted={p.defaulted}", f"group={p.group or '-'}|{etype}", f"has_country={bool(p.country)}|{etype}",
         f"clitic={p.first_clitic or '-'}", f"dual={p.dual}"]
    stem = word_stem(norms[hit.start])
    f += [f"stem|side={stem}|{side}", f"stem|side|prep={stem}|{side}|{prep}", f"stem|side|rank0={stem}|{side}|{db <= 2}"]
    if trig.genitive:
        f.append(f"genitive={trig.genitive}|{side}|{db}")
    if inside:
        same_side = [q for q in view.parties if (q.end <= hit.start) == (p.end <= hit.start)]
        order = sorted(same_side, key=lambda q: abs(q.start - hit.start))
        rank = next((i for i, q in enumerate(order) if q is p), 9)
        f += [f"rank={side}|{min(rank, 3)}", f"rank|type={side}|{min(rank, 3)}|{etype}"]
        gap = view.gap(min(p.end, hit.end), max(p.start, hit.start))
        if any(w in (",", "،") for w in gap):
            f.append(f"comma_between|{side}")
        if any(w in _REPORTING for w in gap):
            f.append(f"reporting_between|{side}")
        if p.start == c.sentence.start or (p.start - c.sentence.start <= 2):
            f.append("sentence_initial")
        w_before = view.word_before(p.start)
        f.append(f"pw-1={w_before}|{side}")
        kids = token_clusters(doc)
        for level, cid in enumerate(kids[p.start]):
            f += [f"pk{level}={cid}|{side}", f"pk{level}|type={cid}|{side}|{etype}"]
        if p.start > c.sentence.start:
            f.extend(f"pk{level}@-1={cid}|{side}" for level, cid in enumerate(kids[p.start - 1]))
    for level, cid in enumerate(token_clusters(doc)[hit.start]):
        f.append(f"tk{level}|side|prep={cid}|{side}|{prep}")
    rank = next((i for i, q in enumerate(c.carried) if q is p), None)
    if rank is not None:
        f += _carried_features(c, p, rank, etype, stem)
    for d in c.rule_drafts:
        if d.actor is p:
            f += ["rule_actor", f"rule_actor|{etype}", f"rule_actor_same_type={d.type == etype}"]
        if d.recipient is p:
            f += ["rule_recipient", f"rule_recipient|{etype}"]
    return f


def _carried_features(c: Candidate, p: Party, rank: int, etype: str, stem: str) -> list[str]:
    """A subject carried from the sentence before: whether this sentence names a participant before the trigger or
    right after it (a subject of its own), how early the trigger stands, and the carried party's kind."""
    hit, view = c.hit, c.sentence.view
    own_before = any(q.end <= hit.start for q in view.parties)
    own_after = any(0 <= q.start - hit.end <= 1 for q in view.parties)
    early = min((hit.start - c.sentence.start) // 2, 3)
    labels = "+".join(_labels(p))
    return ["carried", f"carried|{etype}", f"carried|rank={rank}", f"carried|own={own_before}{own_after}",
            f"carried|own|type={own_before}{own_after}|{etype}", f"carried|early={early}", f"carried|early|own={early}|{own_before}{own_after}",
            f"carried|labels={labels}|{etype}", f"carried|stem={stem}", f"carried|sector={p.sector}|{etype}"]


def role_context_features(doc: Doc, c: Candidate, p: Party, etype: str) -> list[str]:
    """What the dyad stage reads of a party beyond its argument features: the word in front of the trigger ("تم
    اعتقال X": X is acted on) and the party's own first word (مسلحون act, قتلى are acted on)."""
    hit = c.hit
    side = "before" if p.end <= hit.start else "after" if p.start >= hit.end else "over"
    before_trigger = c.sentence.view.word_before(hit.start)
    head = word_stem(doc._.norms[p.start])
    return [f"tw-1={before_trigger}|{side}", f"tw-1|type={before_trigger}|{side}|{etype}",
            f"w0={head}|{side}", f"w0|type={head}|{etype}"]


def trigger_stem(doc: Doc, c: Candidate) -> str:
    return word_stem(doc._.norms[c.hit.start])
