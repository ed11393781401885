"""Issue 12's count: into how many clusters do one story's articles fall?

    python bench/story_fragments.py window.duckdb --title 'أبها|ابها|الطوارئ' --type ASSAULT --date 2015-08-06 --country SAU
    python bench/story_fragments.py window.duckdb --gold data/annotations/stories/A_assault_sau.gold.tsv \
        --story 2015-08-06-abha --type ASSAULT --date 2015-08-06 --country SAU

The story's articles are those whose title matches --title (a regular expression), or those a gold story file
gives a story id starting with --story. Their events of --type (optionally dated --date and placed in
--country; negated events left out) are counted by cluster: how many articles code it, in how many clusters,
and the share of those articles in the largest.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict

import duckdb


def story_articles(con: duckdb.DuckDBPyConnection, title: str | None, gold: str | None, story: str) -> list[str]:
    if gold:
        with open(gold, encoding="utf-8") as fh:
            return sorted({r["doc_id"] for r in csv.DictReader(fh, delimiter="\t") if r["story_id"].startswith(story)})
    pattern = re.compile(title or ".")
    return [d for d, t in con.execute("SELECT doc_id, title FROM articles").fetchall() if t and pattern.search(t)]


def fragments(con: duckdb.DuckDBPyConnection, docs: list[str], etype: str, day: str | None,
              country: str | None) -> list[int]:
    """Articles per cluster, largest first (an article with events in two clusters counts in each)."""
    query = "SELECT cluster_id, doc_id FROM events WHERE doc_id IN (SELECT unnest(?)) AND type = ? AND NOT negated"
    args: list = [docs, etype]
    if day:
        query += " AND date = ?"
        args.append(day)
    if country:
        query += " AND location_country = ?"
        args.append(country)
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for cluster, doc in con.execute(query, args).fetchall():
        by_cluster[cluster or doc].add(doc)
    return sorted((len(v) for v in by_cluster.values()), reverse=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--title", help="Regular expression over article titles.")
    ap.add_argument("--gold", help="A gold story file (data/annotations/stories/*.gold.tsv).")
    ap.add_argument("--story", default="", help="With --gold: the story id's beginning.")
    ap.add_argument("--type", default="ASSAULT")
    ap.add_argument("--date")
    ap.add_argument("--country")
    args = ap.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    try:
        docs = story_articles(con, args.title, args.gold, args.story)
        sizes = fragments(con, docs, args.type, args.date, args.country)
        coding = len(con.execute(
            "SELECT DISTINCT doc_id FROM events WHERE doc_id IN (SELECT unnest(?)) AND type = ? AND NOT negated"
            + (" AND date = ?" if args.date else "") + (" AND location_country = ?" if args.country else ""),
            [docs, args.type] + [x for x in (args.date, args.country) if x]).fetchall())
    finally:
        con.close()
    share = f"{sizes[0] / coding:.0%}" if sizes else "-"
    print(f"{len(docs)} articles of the story, {coding} code it: {len(sizes)} clusters, the largest holds "
          f"{sizes[0] if sizes else 0} ({share}); articles per cluster: {sizes[:10]}")


if __name__ == "__main__":
    main()
