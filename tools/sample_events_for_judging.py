"""Draw events at random from a marsad store for judges to mark right or wrong (issue 10: "of events drawn at
random from the corpus, at least 60% are right on type, parties and direction").

Events of annotated articles are left out (their URLs, from the manifests and the shared gold articles), so
the sample is of news no stage was trained on. Writes one JSON object per line: the item number, the
article's URL, title, date and text (cut at 4,000 characters) and the event as stored.

    python tools/sample_events_for_judging.py window.duckdb ../shared/data --n 100 --seed 2026 \
        $(for m in data/annotations/events*/manifest.tsv; do echo --exclude $m; done) -o items.jsonl

Judges read GUIDELINE.md and mark each item (type_ok, actor_ok, recipient_ok, direction_ok, ok);
bench/judged_events.py counts their marks and their agreement.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

import duckdb

_COLUMNS = ("e.doc_id, a.url, a.title, a.text, cast(e.published as varchar), e.type, e.mode, e.negated, e.future, "
            "e.trigger_text, e.actor_text, e.actor_country, e.actor_group, e.actor_sector, e.recipient_text, "
            "e.recipient_country, e.recipient_group, e.recipient_sector, e.sentence_text")


def annotated_urls(shared: Path, manifests: list[Path]) -> set[str]:
    urls: set[str] = set()
    for m in manifests:
        with m.open(encoding="utf-8") as f:
            urls |= {row["url"] for row in csv.DictReader(f, delimiter="\t") if row.get("url")}
    for f in (shared / "events").glob("*/articles/*.json"):
        url = json.loads(f.read_text(encoding="utf-8")).get("url")
        if url:
            urls.add(url)
    return urls


def _party(text, country, group, sector) -> dict | None:
    return {"text": text, "country": country, "group": group, "sector": sector} if (text or country or group) else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("shared", type=Path, help="../shared/data (its events/*/articles are left out)")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="a manifest.tsv of annotated articles")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    skip = annotated_urls(args.shared, args.exclude)
    con = duckdb.connect(str(args.db), read_only=True)
    rows = con.execute(f"select {_COLUMNS} from events e join articles a using (doc_id) order by e.event_id").fetchall()
    rows = [r for r in rows if r[1] not in skip]
    picked = random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    with args.out.open("w", encoding="utf-8") as out:
        for k, r in enumerate(picked, 1):
            event = {"type": r[5], "mode": r[6], "negated": r[7], "future": r[8], "trigger": r[9],
                     "actor": _party(*r[10:14]), "recipient": _party(*r[14:18]), "sentence": r[18]}
            item = {"item": k, "url": r[1], "title": r[2], "published": r[4], "article": (r[3] or "")[:4000], "event": event}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(picked)} events of {len(rows)} outside {len(skip)} annotated articles → {args.out}")


if __name__ == "__main__":
    main()
