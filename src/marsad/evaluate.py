"""Scoring exactly as EVENTS.md says.

A prediction matches a gold event in the same document when the type is equal and both the actors
and the recipients are the same party (equal set countries, or equal set groups, or neither has a
country or group). CONSULT events whose gold mode is not "visit" compare the dyad unordered.
Matching is one-to-one, greedy by confidence. Recall counts required gold events; precision
leaves out predictions matched to optional gold events.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import normalize
from marsad.knowledge.base import same_party as same_party_ids


def _party(p: dict[str, Any] | None) -> tuple[str | None, str | None]:
    if not p:
        return None, None
    return p.get("country") or None, p.get("group") or None


def same_party(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """EVENTS.md: equal set countries or groups, or neither has either; a group also matches its parent
    (never a sibling), and a group acting for a state counts as that state."""
    return same_party_ids(*_party(a), *_party(b))


def events_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred["type"] != gold["type"]:
        return False
    if same_party(pred.get("actor"), gold.get("actor")) and same_party(pred.get("recipient"), gold.get("recipient")):
        return True
    if gold["type"] == "CONSULT" and gold.get("mode") != "visit":
        return same_party(pred.get("actor"), gold.get("recipient")) and same_party(pred.get("recipient"), gold.get("actor"))
    return False


def _text(v: Any) -> str:
    return (v.get("text") or "") if isinstance(v, dict) else (v or "")


def _place_ok(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    gl, pl = gold.get("location"), pred.get("location")
    if not gl:
        return not pl
    if not pl or (gl.get("country") and gl.get("country") != pl.get("country")):
        return False
    g, p = normalize(_text(gl)), normalize(_text(pl))
    strip = lambda s: s[1:] if s[:1] in "وبل" and len(s) > 3 else s  # noqa: E731
    # a prediction that names no place (a country alone) is not the gold's place
    return not g or bool(p) and (strip(g) in strip(p) or strip(p) in strip(g))


def _date_ok(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    g, p = gold.get("date"), pred.get("date")
    if not g:
        return not p
    return bool(p) and p[: len(g)] == g


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    pred_optional: int = 0
    gold_required: int = 0
    matched_required: int = 0

    def prf(self) -> tuple[float, float, float]:
        denom_p = self.pred - self.pred_optional
        p = self.tp / denom_p if denom_p else 0.0
        r = self.matched_required / self.gold_required if self.gold_required else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def same_sentence(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The prediction comes from the gold event's sentence (or a clause of it, or a sentence holding it)."""
    ps, gs = " ".join(_text(pred.get("sentence")).split()), " ".join(_text(gold.get("sentence")).split())
    if not ps or not gs:
        return False
    trigger = _text(pred.get("trigger"))
    return gs in ps or ps in gs or bool(trigger and trigger in gs)


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    location_ok: int = 0
    date_ok: int = 0
    pairs: int = 0
    # the matched pairs whose prediction comes from the gold event's own sentence, and their places right: a pair
    # of a record with a gold event told in another sentence is often another incident of the same parties
    own_sentence_pairs: int = 0
    own_sentence_location_ok: int = 0
    type_only: Counts = field(default_factory=Counts)
    dyad_only: Counts = field(default_factory=Counts)
    # the stages, each given the one before it right
    relevance: Counts = field(default_factory=Counts)  # per article: any event predicted / any required gold event
    type_in_sentence: Counts = field(default_factory=Counts)
    sentence_pairs: int = 0  # type-in-sentence matches, over which actor/recipient/direction are counted
    actor_ok: int = 0
    recipient_ok: int = 0
    dyad_pairs: int = 0  # pairs whose two parties are right in either order
    direction_ok: int = 0

    def to_dict(self) -> dict[str, Any]:
        def block(c: Counts) -> dict[str, Any]:
            p, r, f = c.prf()
            return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "matched": c.tp,
                    "predicted": c.pred, "required_gold": c.gold_required}

        return {
            "overall": block(self.overall),
            "by_type": {t: block(c) for t, c in sorted(self.by_type.items())},
            "location_accuracy": round(self.location_ok / self.pairs, 4) if self.pairs else None,
            "date_accuracy": round(self.date_ok / self.pairs, 4) if self.pairs else None,
            "location_accuracy_own_sentence": _ratio(self.own_sentence_location_ok, self.own_sentence_pairs),
            "location_accuracy_other_sentence": _ratio(self.location_ok - self.own_sentence_location_ok,
                                                       self.pairs - self.own_sentence_pairs),
            "type_only": block(self.type_only),
            "dyad_only": block(self.dyad_only),
            "relevance": block(self.relevance),
            "type_in_sentence": block(self.type_in_sentence),
            "actor_accuracy": _ratio(self.actor_ok, self.sentence_pairs),
            "recipient_accuracy": _ratio(self.recipient_ok, self.sentence_pairs),
            "direction_accuracy": _ratio(self.direction_ok, self.dyad_pairs),
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _match(preds: list[dict], golds: list[dict], same) -> list[tuple[dict, dict]]:
    """EVENTS.md's one-to-one match, greedy by confidence, in two passes: first each prediction with a required
    gold event told in its own sentence, then the rest as before (a required gold event first, then an optional
    one). Two attacks with the same parties in one article are two gold events; a record must be paired with its
    own, or place and date accuracy over the matched pairs compare one attack's place with the other's."""
    pairs = []
    used: set[int] = set()
    by_confidence = sorted(preds, key=lambda e: -float(e.get("confidence") or 0))
    required_first = sorted(range(len(golds)), key=lambda i: not golds[i].get("required", True))
    paired: set[int] = set()
    for own_sentence in (True, False):
        for p in by_confidence:
            if id(p) in paired:
                continue
            for i in required_first:
                g = golds[i]
                if own_sentence and not (g.get("required", True) and same_sentence(p, g)):
                    continue
                if i not in used and same(p, g):
                    used.add(i)
                    paired.add(id(p))
                    pairs.append((p, g))
                    break
    return pairs


def _tally(c: Counts, preds: list[dict], golds: list[dict], pairs: list[tuple[dict, dict]]) -> None:
    c.pred += len(preds)
    c.gold_required += sum(1 for g in golds if g.get("required", True))
    for _, g in pairs:
        if g.get("required", True):
            c.tp += 1
            c.matched_required += 1
        else:
            c.pred_optional += 1  # matched an optional gold event: left out of precision


def _score_into(c: Counts, by_type: dict[str, Counts] | None, preds: list[dict], golds: list[dict], same) -> list:
    pairs = _match(preds, golds, same)
    _tally(c, preds, golds, pairs)
    if by_type is not None:
        for t in {e["type"] for e in preds} | {e["type"] for e in golds}:
            _tally(by_type[t], [e for e in preds if e["type"] == t], [g for g in golds if g["type"] == t],
                   [(p, g) for p, g in pairs if g["type"] == t])
    return pairs


def score(predictions: dict[str, list[dict]], gold: dict[str, list[dict]]) -> Report:
    report = Report()
    for doc_id, golds in gold.items():
        preds = predictions.get(doc_id, [])
        pairs = _score_into(report.overall, report.by_type, preds, golds, events_match)
        for p, g in pairs:
            report.pairs += 1
            report.location_ok += _place_ok(p, g)
            report.date_ok += _date_ok(p, g)
            if same_sentence(p, g):
                report.own_sentence_pairs += 1
                report.own_sentence_location_ok += _place_ok(p, g)
        _score_into(report.type_only, None, preds, golds, lambda p, g: p["type"] == g["type"])
        _score_into(report.dyad_only, None, preds, golds,
                    lambda p, g: same_party(p.get("actor"), g.get("actor")) and same_party(p.get("recipient"), g.get("recipient")))
        _score_relevance(report.relevance, preds, golds)
        for p, g in _score_into(report.type_in_sentence, None, preds, golds, lambda p, g: p["type"] == g["type"] and same_sentence(p, g)):
            report.sentence_pairs += 1
            a_ok = same_party(p.get("actor"), g.get("actor"))
            r_ok = same_party(p.get("recipient"), g.get("recipient"))
            report.actor_ok += a_ok
            report.recipient_ok += r_ok
            swapped = same_party(p.get("actor"), g.get("recipient")) and same_party(p.get("recipient"), g.get("actor"))
            if (a_ok and r_ok) or swapped:
                report.dyad_pairs += 1
                report.direction_ok += a_ok and r_ok
    return report


def _score_relevance(c: Counts, preds: list[dict], golds: list[dict]) -> None:
    predicted = bool(preds)
    relevant = any(g.get("required", True) for g in golds)
    optional_only = not relevant and bool(golds)
    c.pred += predicted
    c.gold_required += relevant
    if predicted and relevant:
        c.tp += 1
        c.matched_required += 1
    elif predicted and optional_only:
        c.pred_optional += 1  # an article with only borderline events: not held against precision


def load_gold(path: Path) -> dict[str, list[dict]]:
    """Gold files: one JSON per article ({doc_id, events}); a directory is searched for them."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*.json") if "articles" not in p.parts)
    out: dict[str, list[dict]] = {}
    for f in files:
        obj = json.loads(f.read_text(encoding="utf-8"))
        if isinstance(obj, dict) and "events" in obj and "doc_id" in obj:
            out[obj["doc_id"]] = obj["events"]
    return out


def load_predictions(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                e = json.loads(line)
                out[e["doc_id"]].append(e)
    return out


def format_report(report: Report) -> str:
    d = report.to_dict()
    lines = [f"{'':12} {'P':>6} {'R':>6} {'F1':>6} {'match':>6} {'pred':>6} {'gold':>6}"]

    def row(name: str, b: dict) -> str:
        return (f"{name:12} {b['precision']:6.3f} {b['recall']:6.3f} {b['f1']:6.3f} {b['matched']:6d} "
                f"{b['predicted']:6d} {b['required_gold']:6d}")

    lines.append(row("overall", d["overall"]))
    for t, b in d["by_type"].items():
        lines.append(row(t, b))
    lines.append(row("type-only", d["type_only"]))
    lines.append(row("dyad-only", d["dyad_only"]))
    lines.append(row("relevance", d["relevance"]) + "  (articles)")
    lines.append(row("type+sent", d["type_in_sentence"]))
    lines.append(f"over type+sentence matches: actor {d['actor_accuracy']}  recipient {d['recipient_accuracy']}  "
                 f"direction {d['direction_accuracy']} (of {report.dyad_pairs} with both parties right in some order)")
    lines.append(f"location accuracy {d['location_accuracy']}  date accuracy {d['date_accuracy']}  (over {report.pairs} matched pairs)")
    lines.append(f"location accuracy over the {report.own_sentence_pairs} pairs from the gold event's own sentence "
                 f"{d['location_accuracy_own_sentence']}, over the {report.pairs - report.own_sentence_pairs} from another "
                 f"{d['location_accuracy_other_sentence']}")
    return "\n".join(lines)


# ---- entities (NER): CoNLL exact span and label --------------------------------------------------

@dataclass
class EntityScores:
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pred: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, gold_spans: set[tuple[int, int, str]], pred_spans: set[tuple[int, int, str]]) -> None:
        for _, _, label in gold_spans:
            self.gold[label] += 1
        for _, _, label in pred_spans:
            self.pred[label] += 1
        for _, _, label in gold_spans & pred_spans:
            self.tp[label] += 1

    def prf(self, labels: list[str] | None = None) -> tuple[float, float, float]:
        labels = labels or sorted(set(self.gold) | set(self.pred))
        tp = sum(self.tp[x] for x in labels)
        pred = sum(self.pred[x] for x in labels)
        gold = sum(self.gold[x] for x in labels)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def table(self) -> str:
        lines = [f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        main = [x for x in ("PER", "LOC", "ORG") if x in self.gold or x in self.pred]
        p, r, f = self.prf(main)
        lines.append(f"{'PER+LOC+ORG':10} {p:6.3f} {r:6.3f} {f:6.3f} {sum(self.gold[x] for x in main):6d}")
        for label in sorted(set(self.gold) | set(self.pred)):
            p, r, f = self.prf([label])
            lines.append(f"{label:10} {p:6.3f} {r:6.3f} {f:6.3f} {self.gold[label]:6d}")
        p, r, f = self.prf()
        lines.append(f"{'all':10} {p:6.3f} {r:6.3f} {f:6.3f} {sum(self.gold.values()):6d}")
        return "\n".join(lines)
