"""Print a random sample of multi-article clusters for a precision check by hand.

    marsad run ../shared/data/corpus/saudinewsnet/zips --db corpus.duckdb --workers 2
    python bench/cluster_sample.py corpus.duckdb --n 30 --seed 99

For each cluster: its key, then up to three mentions (site, publication date, trigger, sentence).
A reader marks a cluster correct when all its mentions report one and the same story.
"""

from __future__ import annotations

import argparse
import random

import duckdb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=99)
    args = ap.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    ids = [r[0] for r in con.execute(
        "SELECT cluster_id FROM clusters WHERE num_articles > 1 ORDER BY cluster_id").fetchall()]
    random.seed(args.seed)
    for n, cid in enumerate(random.sample(ids, min(args.n, len(ids))), 1):
        key = con.execute("SELECT type, actor_key, recipient_key, location_country, first_date, num_articles, "
                          "num_sources FROM clusters WHERE cluster_id = ?", [cid]).fetchone()
        print(f"#{n} {key}")
        for site, published, trigger, sentence in con.execute(
                "SELECT site, published, trigger_text, sentence_text FROM events WHERE cluster_id = ? "
                "ORDER BY published LIMIT 3", [cid]).fetchall():
            print(f"    {site} {published} | {trigger} | {sentence[:170]}")


if __name__ == "__main__":
    main()
