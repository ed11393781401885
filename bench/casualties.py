"""Casualty figures against a hand count: killed, wounded and arrested for the ASSAULT events of annotated articles.

    python bench/casualties.py data/annotations/casualties/train_assault.tsv [--gold ../shared/data/events/train] [--errors]

The hand count is a TSV with a header: doc_id, event_index, sentence_start, killed, wounded, arrested (more
columns are ignored). event_index is the event's index in the article's gold file (an index among the
article's ASSAULT events is recognised too); sentence_start the offset of the gold sentence in the article
text; an empty figure is "not stated", a number is a count ("15+" or "15?" read as 15), 0 is "none" (met by
no figure), any other text is a figure stated without a number (vague; met by a vague figure).

The articles are run through the pipeline (the default coder). Each hand-counted event is met by marsad's
ASSAULT event whose sentence overlaps the gold sentence most (arrests: by an overlapping COERCE arrest event).
Two readings are reported:
- pipeline: the figures on marsad's own records (an event marsad did not code in that sentence has none);
- extractor: the extractor alone, given the gold sentence and trigger (and the two sentences after it),
  which measures the reading of figures apart from event coding.
For each column: exact matches over the events where the hand count states a figure, and false figures where
it states none. The extractor is never tuned on these articles (see README, "the event record").
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("killed", "wounded", "arrested")
VAGUE = "vague"


@dataclass
class Row:
    doc_id: str
    event_index: int
    sentence_start: int | None
    hand: dict[str, int | str | None]
    line: int


@dataclass
class Tally:
    stated: int = 0
    exact: int = 0
    wrong: int = 0  # a different figure
    missed: int = 0  # no figure where the hand count states one
    unstated: int = 0
    false: int = 0  # a figure where the hand count states none
    false_vague: int = 0  # of which stated without a number

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["accuracy"] = round(self.exact / self.stated, 3) if self.stated else None
        return d


@dataclass
class Report:
    rows: int = 0
    found: int = 0  # rows whose gold event and sentence were found
    matched: int = 0  # rows with an overlapping marsad ASSAULT event
    index_base: str = ""
    pipeline: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in COLUMNS})
    extractor: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in COLUMNS})
    all_exact: dict[str, int] = field(default_factory=lambda: {"pipeline": 0, "extractor": 0, "events": 0})
    errors: list[str] = field(default_factory=list)


def _figure(text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    m = re.match(r"\d+", text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    return int(m.group()) if m else VAGUE


def read_hand_count(path: Path) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t")
        fields = {name.strip().lower(): name for name in reader.fieldnames or []}
        missing = {"doc_id", "event_index", *COLUMNS} - set(fields)
        if missing:
            raise SystemExit(f"{path}: no column {', '.join(sorted(missing))} (header: {reader.fieldnames})")
        for n, r in enumerate(reader, 2):
            start = (r.get(fields.get("sentence_start", ""), "") or "").strip()
            rows.append(Row(doc_id=r[fields["doc_id"]].strip(), event_index=int(r[fields["event_index"]]),
                            sentence_start=int(start) if start.lstrip("-").isdigit() else None,
                            hand={c: _figure(r[fields[c]] or "") for c in COLUMNS}, line=n))
    return rows


def _locate(text: str, sentence: str, near: int | None) -> tuple[int, int] | None:
    """The gold sentence in the article text, the occurrence nearest the hand count's offset."""
    sentence = sentence.strip()
    if not sentence:
        return None
    hits, pos = [], text.find(sentence)
    while pos >= 0:
        hits.append(pos)
        pos = text.find(sentence, pos + 1)
    if not hits:
        if near is not None and 0 <= near < len(text):
            return near, min(len(text), near + len(sentence))
        return None
    start = min(hits, key=lambda p: abs(p - near)) if near is not None else hits[0]
    return start, start + len(sentence)


def _value(figures: dict[str, Any] | None, kind: str) -> int | str | None:
    c = (figures or {}).get(kind)
    if c is None:
        return None
    count = c["count"] if isinstance(c, dict) else c.count
    return VAGUE if count is None else count


def _score(tally: Tally, hand: int | str | None, ours: int | str | None) -> bool:
    if hand is None:
        tally.unstated += 1
        if ours is not None:
            tally.false += 1
            tally.false_vague += ours == VAGUE
            return False
        return True
    tally.stated += 1
    if hand == ours or (hand == 0 and ours is None):
        tally.exact += 1
        return True
    if ours is None:
        tally.missed += 1
    else:
        tally.wrong += 1
    return False


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(events: list[dict[str, Any]], span: tuple[int, int], types: set[str], modes: set[str] | None = None
          ) -> dict[str, Any] | None:
    """The record of one of `types` whose sentence overlaps `span` most."""
    cands = [(e, _overlap(span, (e["sentence"]["start"], e["sentence"]["end"]))) for e in events
             if e["type"] in types and (modes is None or e.get("mode") in modes)]
    cands = [(e, o) for e, o in cands if o > 0]
    return max(cands, key=lambda x: x[1])[0] if cands else None


def _sentence_spans(doc) -> list[tuple[int, int]]:
    spans: dict[int, list[int]] = {}
    for i, s in enumerate(doc._.sentence_of):
        spans.setdefault(s, [i, i + 1])[1] = i + 1
    out = []
    for s in sorted(spans):
        a, b = spans[s]
        out.append((doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)))
    return out


def run(hand_path: Path, gold_dirs: list[Path], show_errors: bool) -> Report:
    from marsad.events.casualties import ARREST_KINDS, ASSAULT_KINDS, event_casualties
    from marsad.events.learned.annotated import load_annotated
    from marsad.events.records import drafts_to_events
    from marsad.extract import extract, site_country
    from marsad.nlp.pipeline import analyze
    from marsad.sources.files import record_to_document

    rows = read_hand_count(hand_path)
    items = {a.doc_id: a for a in load_annotated(gold_dirs)}
    report = Report(rows=len(rows))
    # event_index: an index into the gold file's events, or among its ASSAULT events
    as_all = sum(1 for r in rows if r.doc_id in items and r.event_index < len(items[r.doc_id].gold)
                 and items[r.doc_id].gold[r.event_index].get("type") == "ASSAULT")
    as_assault = sum(1 for r in rows if r.doc_id in items
                     and r.event_index < sum(g.get("type") == "ASSAULT" for g in items[r.doc_id].gold))
    report.index_base = "gold events" if as_all >= as_assault else "ASSAULT events"
    analysed: dict[str, tuple[str, list[dict[str, Any]], list[tuple[int, int]]]] = {}
    for row in rows:
        item = items.get(row.doc_id)
        if item is None:
            report.errors.append(f"line {row.line}: no annotated article {row.doc_id}")
            continue
        golds = item.gold if report.index_base == "gold events" else [g for g in item.gold if g.get("type") == "ASSAULT"]
        if not 0 <= row.event_index < len(golds):
            report.errors.append(f"line {row.line}: {row.doc_id} has no event {row.event_index}")
            continue
        gold = golds[row.event_index]
        if row.doc_id not in analysed:
            art = extract(record_to_document(item.article, item.doc_id))
            doc = analyze(art.text, art.published, site_country(art.site, art.url), title=art.title)
            events = [e.to_dict() for e in drafts_to_events(doc, art.doc_id, art.url, art.published)]
            analysed[row.doc_id] = (art.text, events, _sentence_spans(doc))
        text, events, sentences = analysed[row.doc_id]
        span = _locate(text, gold.get("sentence") or "", row.sentence_start)
        if span is None:
            report.errors.append(f"line {row.line}: {row.doc_id} event {row.event_index}: gold sentence not in the text")
            continue
        report.found += 1
        # pipeline: marsad's ASSAULT (and COERCE arrest) record overlapping the gold sentence most
        assault = _best(events, span, {"ASSAULT"})
        arrest = _best(events, span, {"COERCE"}, {"arrest", "detain"})
        report.matched += assault is not None
        ours = {"killed": _value(assault and assault.get("casualties"), "killed"),
                "wounded": _value(assault and assault.get("casualties"), "wounded"),
                "arrested": _value(arrest and arrest.get("casualties"), "arrested")}
        # extractor alone: the gold sentence, its trigger, the two sentences after it
        trigger_text = gold.get("trigger") if isinstance(gold.get("trigger"), str) else (gold.get("trigger") or {}).get("text", "")
        t_pos = text.find(trigger_text, span[0], span[1]) if trigger_text else -1
        trigger = (t_pos, t_pos + len(trigger_text)) if t_pos >= 0 else (span[0], span[0])
        later = [s for s in sentences if s[0] >= span[1] and text[s[0]:s[1]].strip()][:2]
        alone = event_casualties(text, span, trigger, ASSAULT_KINDS + ARREST_KINDS, later=later) or {}
        solo = {c: _value({k: v.to_dict() for k, v in alone.items()}, c) for c in COLUMNS}
        ok = {"pipeline": True, "extractor": True}
        for c in COLUMNS:
            ok["pipeline"] &= _score(report.pipeline[c], row.hand[c], ours[c])
            ok["extractor"] &= _score(report.extractor[c], row.hand[c], solo[c])
        if any(v is not None for v in row.hand.values()):
            report.all_exact["events"] += 1
            report.all_exact["pipeline"] += ok["pipeline"]
            report.all_exact["extractor"] += ok["extractor"]
        if show_errors and not (ok["pipeline"] and ok["extractor"]):
            sentence = " ".join(text[span[0]:span[1]].split())
            report.errors.append(f"{row.doc_id}#{row.event_index} hand {row.hand} pipeline {ours} extractor {solo}\n    {sentence[:300]}")
    return report


def format_report(report: Report) -> str:
    lines = [f"hand-counted events {report.rows}; gold sentence found {report.found}; "
             f"with an overlapping marsad ASSAULT event {report.matched} (event_index read as an index of {report.index_base})"]
    for name, tallies in (("pipeline", report.pipeline), ("extractor", report.extractor)):
        lines.append(f"\n{name}:")
        lines.append("  column     stated  exact  accuracy  wrong  missed | unstated  false (vague)")
        for c, t in tallies.items():
            acc = f"{t.exact / t.stated:.3f}" if t.stated else "  —  "
            lines.append(f"  {c:<9} {t.stated:>7} {t.exact:>6}  {acc:>8} {t.wrong:>6} {t.missed:>7} | "
                         f"{t.unstated:>8} {t.false:>6} ({t.false_vague})")
        n = report.all_exact["events"]
        lines.append(f"  all three columns right, over the {n} events with a stated figure: "
                     f"{report.all_exact[name]} ({report.all_exact[name] / n:.3f})" if n else "  no event states a figure")
    if report.errors:
        lines.append("\n" + "\n".join(report.errors))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("hand_count", type=Path, help="TSV: doc_id, event_index, sentence_start, killed, wounded, arrested")
    ap.add_argument("--gold", type=Path, action="append", help="annotated directories (default ../shared/data/events/train)")
    ap.add_argument("--errors", action="store_true", help="list every event where a reading differs from the hand count")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    gold = args.gold or [ROOT.parent / "shared" / "data" / "events" / "train"]
    report = run(args.hand_count, gold, args.errors)
    if args.json:
        print(json.dumps({"rows": report.rows, "found": report.found, "matched": report.matched,
                          "index_base": report.index_base, "all_exact": report.all_exact,
                          "pipeline": {c: t.to_dict() for c, t in report.pipeline.items()},
                          "extractor": {c: t.to_dict() for c, t in report.extractor.items()},
                          "errors": report.errors}, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))


if __name__ == "__main__":
    main()
