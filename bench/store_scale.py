"""Insert throughput and clustering time of the DuckDB store at 10k, 100k and 1M events.

    python bench/store_scale.py [--sizes 10000 100000 1000000]
    python bench/store_scale.py --events-from window.duckdb [--sizes 100000 1000000] [--new 1100]

Synthetic events have realistic shapes: 60 states, 16 types, dates over a year, 1-3 reports of the
same event by different sites, so that clusters form. They carry no evidence words, so they time the
store and the bookkeeping, not story clustering. Each size uses a fresh database file.

With --events-from, the real events of a store made by `marsad run` (e.g. the twelve days of SaudiNewsNet
from 2015-07-31 to 2015-08-11: `marsad run ../shared/data/corpus/saudinewsnet/zips/2015-0{7-31,8-0*,8-1[01]}.zip
--db window.duckdb`) are copied again and again, each copy shifted 14 days later, up to each size: what is
timed is full story clustering of that many real events, then incremental clustering of --new more events
(the last day of one more copy) arriving in that store.
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


def replicate(store: Store, source: str, n_events: int, shift_days: int = 14) -> int:
    """Fill `store` with copies of `source`'s events and articles, each copy `shift_days` later; returns the
    number of copies. Event and document ids get the copy's number; cluster ids are cleared."""
    con = store.con
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    per_copy = con.execute("SELECT count(*) FROM src.events").fetchall()[0][0]
    copies = -(-n_events // per_copy)
    for k in range(copies):
        limit = min(per_copy, n_events - k * per_copy)
        shift = k * shift_days
        con.execute(f"""INSERT INTO articles BY NAME SELECT * REPLACE (doc_id || '~{k}' AS doc_id,
                        published + {shift} AS published) FROM src.articles
                        WHERE doc_id IN (SELECT doc_id FROM src.events ORDER BY event_id LIMIT {limit})""")
        con.execute(f"""INSERT INTO events BY NAME SELECT * REPLACE (event_id || '~{k}' AS event_id,
                        doc_id || '~{k}' AS doc_id, published + {shift} AS published,
                        CASE WHEN TRY_CAST(date AS DATE) IS NULL THEN date
                             ELSE strftime(TRY_CAST(date AS DATE) + {shift}, '%Y-%m-%d') END AS date,
                        NULL AS cluster_id) FROM src.events ORDER BY event_id LIMIT {limit}""")
    con.execute("DETACH src")
    return copies


def real_events(source: str, sizes: list[int], new: int) -> None:
    print(f"{'events':>9} {'full clustering s':>18} {'clusters':>9} {'new events':>10} {'incremental s':>13}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "real.duckdb")
            copies = replicate(store, source, n)
            con = store.con
            # hold back the last day of the last copy: it arrives after the store is clustered
            last_day = con.execute("SELECT max(published) FROM events").fetchall()[0][0]
            con.execute("CREATE TABLE held AS SELECT * FROM events WHERE published = ? LIMIT ?", [last_day, new])
            con.execute("DELETE FROM events WHERE event_id IN (SELECT event_id FROM held)")
            total = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            t0 = time.perf_counter()
            stats = cluster_events(con, full=True)
            full_s = time.perf_counter() - t0
            held = con.execute("SELECT count(*) FROM held").fetchall()[0][0]
            con.execute("INSERT INTO events SELECT * FROM held")
            t0 = time.perf_counter()
            cluster_events(con)
            incremental_s = time.perf_counter() - t0
            store.close()
        print(f"{total:>9} {full_s:>18.1f} {stats.clusters:>9} {held:>10} {incremental_s:>13.2f}   ({copies} copies)",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--events-from", help="A store made by marsad run: time story clustering of its real events.")
    ap.add_argument("--new", type=int, default=1_100, help="With --events-from: events in the incremental batch.")
    args = ap.parse_args()
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}")
    if args.events_from:
        real_events(args.events_from, args.sizes, args.new)
        return
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
