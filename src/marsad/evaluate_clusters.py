"""How well marsad's clusters follow real-world stories: B-cubed against gold story ids (issue 12).

Gold (TSV, one annotated event mention per line): story_id, doc_id, type, sentence_start, sentence_end
(character offsets of the event's sentence in the article's extracted text), then free columns (the
event id and line at annotation time, a note). Story id "x" marks a mention that reports no real event;
it is left out. A gold mention is found in the store as the event of the
same article and type whose sentence overlaps the gold sentence; its cluster is that event's cluster_id.
Gold mentions with no such event are reported and count as clusters of their own. As the coder changes,
some mentions stop being coded as the gold's type (a condemnation once coded as the attack it condemns); the
report therefore also gives B-cubed over the found mentions only: how the clustering groups the events the
store holds, apart from how many of the gold's mentions the coder still finds.

B-cubed (Bagga & Baldwin 1998) over the gold mentions: for each mention, precision is the share of the
mentions in its predicted cluster that belong to its story, recall the share of its story's mentions that
are in its predicted cluster; both averaged over mentions.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

NOT_AN_EVENT = "x"  # a mention the annotator found to report no real event: not part of any story


@dataclass
class GoldMention:
    story: str
    doc_id: str
    type: str
    start: int
    end: int


@dataclass
class ClusterReport:
    mentions: int = 0
    found: int = 0
    precision: float = 0.0
    recall: float = 0.0
    found_precision: float = 0.0  # B-cubed over the found mentions only
    found_recall: float = 0.0
    largest_stories: list[dict[str, Any]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def found_f1(self) -> float:
        p, r = self.found_precision, self.found_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"mentions": self.mentions, "found_in_store": self.found, "bcubed_precision": round(self.precision, 4),
                "bcubed_recall": round(self.recall, 4), "bcubed_f1": round(self.f1, 4),
                "found_bcubed_precision": round(self.found_precision, 4), "found_bcubed_recall": round(self.found_recall, 4),
                "found_bcubed_f1": round(self.found_f1, 4), "largest_stories": self.largest_stories}


def load_gold_stories(path: Path) -> list[GoldMention]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or row[0] == "story_id":
                continue
            if len(row) < 5:
                raise ValueError(f"{path}: a gold line needs story_id, doc_id, type, sentence_start, sentence_end: {row}")
            if row[0] != NOT_AN_EVENT:
                out.append(GoldMention(row[0], row[1], row[2], int(row[3]), int(row[4])))
    return out


def _predicted_clusters(con: duckdb.DuckDBPyConnection, gold: list[GoldMention]) -> list[str | None]:
    """The cluster of each gold mention's event in the store (None when no event matches)."""
    docs = sorted({g.doc_id for g in gold})
    rows = con.execute(
        "SELECT doc_id, type, cluster_id, event_id, "
        "CAST(json_extract(record, '$.sentence.start') AS INTEGER), CAST(json_extract(record, '$.sentence.end') AS INTEGER) "
        "FROM events WHERE doc_id IN (SELECT unnest(?))", [docs]).fetchall()
    by_doc: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for doc_id, etype, cluster, event_id, start, end in rows:
        by_doc[(doc_id, etype)].append((start or 0, end or 0, cluster or event_id))
    out: list[str | None] = []
    for g in gold:
        candidates = [(min(g.end, e) - max(g.start, s), c) for s, e, c in by_doc.get((g.doc_id, g.type), [])]
        overlapping = [x for x in candidates if x[0] > 0]
        out.append(max(overlapping)[1] if overlapping else None)
    return out


def bcubed(stories: list[str], clusters: list[str]) -> tuple[float, float]:
    by_cluster: dict[str, Counter[str]] = defaultdict(Counter)
    for s, c in zip(stories, clusters, strict=True):
        by_cluster[c][s] += 1
    story_size = Counter(stories)
    cluster_size = {c: sum(v.values()) for c, v in by_cluster.items()}
    n = len(stories)
    precision = sum(by_cluster[c][s] / cluster_size[c] for s, c in zip(stories, clusters, strict=True)) / n
    recall = sum(by_cluster[c][s] / story_size[s] for s, c in zip(stories, clusters, strict=True)) / n
    return precision, recall


def evaluate_clusters(db: str, gold_path: Path, top: int = 10) -> ClusterReport:
    gold = load_gold_stories(gold_path)
    report = ClusterReport(mentions=len(gold))
    if not gold:
        return report
    con = duckdb.connect(db, read_only=True)
    try:
        predicted = _predicted_clusters(con, gold)
    finally:
        con.close()
    report.found = sum(c is not None for c in predicted)
    # a mention marsad did not code is a cluster of its own: it cannot be counted with its story
    clusters = [c if c is not None else f"missing:{i}" for i, c in enumerate(predicted)]
    stories = [g.story for g in gold]
    report.precision, report.recall = bcubed(stories, clusters)
    found = [(s, c) for s, c in zip(stories, predicted, strict=True) if c is not None]
    if found:
        report.found_precision, report.found_recall = bcubed([s for s, _ in found], [c for _, c in found])
    for story, size in Counter(stories).most_common(top):
        own = Counter(c for s, c in zip(stories, clusters, strict=True) if s == story)
        # the fragmentation of what marsad coded: the mentions it missed are the coder's loss, not the clusterer's
        own_found = Counter(c for s, c in found if s == story)
        n_found = sum(own_found.values())
        report.largest_stories.append({
            "story": story, "mentions": size, "clusters": len(own),
            "largest_cluster_share": round(own.most_common(1)[0][1] / size, 3),
            "found": n_found, "found_clusters": len(own_found),
            "found_largest_cluster_share": round(own_found.most_common(1)[0][1] / n_found, 3) if n_found else None})
    return report


def format_cluster_report(report: ClusterReport) -> str:
    d = report.to_dict()
    lines = [f"gold mentions {d['mentions']} (found in the store: {d['found_in_store']})",
             f"B-cubed P {d['bcubed_precision']:.3f}  R {d['bcubed_recall']:.3f}  F1 {d['bcubed_f1']:.3f}",
             f"B-cubed over the found mentions: P {d['found_bcubed_precision']:.3f}  R {d['found_bcubed_recall']:.3f}"
             f"  F1 {d['found_bcubed_f1']:.3f}",
             "largest stories: found mentions → clusters (largest cluster's share); "
             "all mentions, each missed one a cluster of its own"]
    for s in d["largest_stories"]:
        found = (f"{s['found']} → {s['found_clusters']} ({s['found_largest_cluster_share']:.0%})" if s["found"]
                 else "0 found")
        lines.append(f"  {s['story']}: {found}; {s['mentions']} → {s['clusters']} ({s['largest_cluster_share']:.0%})")
    return "\n".join(lines)
