"""Insert throughput and clustering time of the DuckDB store at 10k, 100k and 1M synthetic events.

    python bench/store_scale.py [--sizes 10000 100000 1000000]

Synthetic events have realistic shapes: 60 states, 16 types, dates over a year, 1-3 reports of the
same event by different sites, so that clusters form. Each size uses a fresh database file.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from marsad.cluster import cluster_events
from marsad.schema import Article, Event, Participant, Place, Span
from marsad.store import Store

TYPES = ["CONSULT", "AGREE", "COOPERATE", "COERCE", "ASSAULT", "ACCUSE", "SUPPORT", "REQUEST", "REJECT",
         "THREATEN", "SANCTION", "MOBILIZE", "PROTEST", "AID", "RETREAT", "CONCEDE"]
STATES = ["MAR", "DZA", "TUN", "EGY", "SAU", "QAT", "ARE", "KWT", "JOR", "IRQ", "SYR", "LBN", "YEM", "IRN", "TUR",
          "USA", "RUS", "CHN", "FRA", "DEU", "GBR", "ESP", "ITA", "BEL", "KEN", "ETH", "SOM", "PAK", "IND", "LBY"] * 2


def synthetic(n_events: int, seed: int = 7) -> list[tuple[Article, list[Event]]]:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    out: list[tuple[Article, list[Event]]] = []
    made = 0
    while made < n_events:
        etype, a, r = rng.choice(TYPES), rng.choice(STATES), rng.choice(STATES)
        day = start + timedelta(days=rng.randrange(365))
        for k in range(rng.choice((1, 1, 2, 3))):  # the same event reported by 1-3 sites
            doc_id = f"d{made}"
            published = (day + timedelta(days=k)).isoformat()
            article = Article(doc_id, f"https://site{k}.example/{made}", "t", "نص", published, f"site{k}.example", "ar")
            event = Event(doc_id, article.url, published, etype, None, ["diplomatic"], "040",
                          Participant("أ", 0, 1, country=a), Participant("ب", 2, 3, country=r),
                          Place("ج", 4, 5, country=r), day.isoformat(), "day", None, False, False,
                          Span("زار", 0, 3), Span("زار الوزير", 0, 10), 0.8)
            event.assign_id()
            out.append((article, [event]))
            made += 1
    return out[:n_events]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--batch", type=int, default=5_000)
    args = ap.parse_args()
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}")
    print(f"{'events':>9} {'insert s':>9} {'events/s':>9} {'cluster s':>10} {'clusters':>9} {'multi-article':>13}")
    for n in args.sizes:
        rows = synthetic(n)
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "scale.duckdb")
            t0 = time.perf_counter()
            for i in range(0, len(rows), args.batch):
                store.save_batch(rows[i:i + args.batch])
            insert_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            stats = cluster_events(store.con)
            cluster_s = time.perf_counter() - t0
            store.close()
        print(f"{n:>9} {insert_s:>9.1f} {n / insert_s:>9.0f} {cluster_s:>10.2f} {stats.clusters:>9} {stats.multi_article:>13}")


if __name__ == "__main__":
    main()
