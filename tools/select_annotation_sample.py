"""Pick SaudiNewsNet articles for new event annotation, reproducibly (issue 10).

Half are chosen by topic (a title that names a political or security event word), half at random
from everything else, so sports, business and culture articles are in the sample (they teach the
relevance stage). Articles in ../shared/data/events (train, dev) are never chosen. Writes one
article JSON per pick (doc_id, source, url, published, title, content) into OUT/articles, split
into batches for independent annotators, and a manifest (doc_id, zip, index, url, selection) that
lets anyone rebuild the articles from the corpus: OUT/manifest.tsv unless --manifest names another file
(never an existing one: an earlier sample's manifest is never overwritten).

    python tools/select_annotation_sample.py ../shared/data --n-topic 110 --n-random 110 --batches 6 -o /tmp/annot

Once the topical titles are used up, `--topic-from lead` finds the event word in the content's first 300 characters.

A second sample leaves out the first one's articles:

    python tools/select_annotation_sample.py ../shared/data --n-topic 140 --n-random 80 --prefix snn-b \
        --exclude data/annotations/events/manifest.tsv --manifest data/annotations/events_b/manifest.tsv -o /tmp/annot_b
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from pathlib import Path

TOPIC = re.compile(r"وزير|رئيس|أمير|ملك|سفير|الأمن|اعتقال|القبض|هجوم|تفجير|قتل|اشتباك|غارة|قصف|داعش|الحوثي|الإرهاب|"
                   r"زيارة|يستقبل|استقبل|يلتقي|مباحثات|اتفاق|اتفاقية|يدين|إدانة|تدين|يطالب|مظاهرة|احتجاج|عقوبات|"
                   r"الجيش|قوات|التحالف|مجلس الأمن|الأمم المتحدة|اتصال هاتفي")


def corpus_articles(shared: Path):
    for z in sorted((shared / "corpus/saudinewsnet/zips").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for member in sorted(zf.namelist()):
                for index, a in enumerate(json.loads(zf.read(member))):
                    yield z.name, member, index, a


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("shared", type=Path)
    ap.add_argument("--n-topic", type=int, default=110)
    ap.add_argument("--n-random", type=int, default=110)
    ap.add_argument("--batches", type=int, default=6)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--prefix", default="snn-a")
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--manifest", type=Path, default=None, help="Where to write the manifest (default OUT/manifest.tsv).")
    ap.add_argument("--topic-from", choices=("title", "lead"), default="title",
                    help="Where a topical article names its event word: the title (default) or the content's first "
                         "300 characters (once the topical titles are used up).")
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="A manifest of articles already annotated (never chosen again); repeatable.")
    args = ap.parse_args()
    args.manifest = args.manifest or args.out / "manifest.tsv"
    if args.manifest.exists():
        sys.exit(f"{args.manifest}: exists already (an earlier sample's manifest?); name a new file with --manifest")

    taken, ids = set(), set()
    for manifest in args.exclude:
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            taken.add(line.split("\t")[-1])  # the URL column
            ids.add(line.split("\t")[0])
    for f in (args.shared / "events").rglob("articles/*.json"):
        a = json.loads(f.read_text(encoding="utf-8"))
        taken.add(a.get("url"))
        taken.add((a.get("title") or "").strip())
        ids.add(str(a.get("doc_id") or f.stem))
    clash = sorted(i for i in ids if re.fullmatch(re.escape(args.prefix) + r"\d{3}", i))
    if clash:  # one id in two sets: the training loader refuses them
        sys.exit(f"--prefix {args.prefix}: ids such as {clash[0]} are taken already; choose another prefix")
    pool, seen = [], set()
    for zname, member, index, a in corpus_articles(args.shared):
        title = (a.get("title") or "").strip()
        content = a.get("content") or ""
        if a.get("url") in taken or title in taken or title in seen or not (300 <= len(content) <= 6000):
            continue
        seen.add(title)
        pool.append((zname, member, index, a))
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    def topical_text(a: dict) -> str:
        return (a.get("title") or "") if args.topic_from == "title" else (a.get("content") or "")[:300]

    topical = [x for x in pool if TOPIC.search(topical_text(x[3]))]
    picked = [(x, "topic") for x in topical[: args.n_topic]]
    chosen = {id(x) for x, _ in picked}
    rest = [x for x in pool if id(x) not in chosen]
    picked += [(x, "random") for x in rest[: args.n_random]]
    rng.shuffle(picked)

    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    rows = ["doc_id\tbatch\tzip\tmember\tindex\tselection\turl"]
    for i, ((zname, member, index, a), how) in enumerate(picked):
        doc_id = f"{args.prefix}{i + 1:03d}"
        batch = i % args.batches + 1
        out = args.out / f"batch{batch}" / "articles"
        out.mkdir(parents=True, exist_ok=True)
        record = {"doc_id": doc_id, "source": a.get("source"), "url": a.get("url"),
                  "published": (a.get("date_extracted") or "")[:10], "title": a.get("title"), "content": a.get("content")}
        (out / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        rows.append(f"{doc_id}\t{batch}\t{zname}\t{member}\t{index}\t{how}\t{a.get('url')}")
    args.manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(picked)} articles ({len(topical)} topical in a pool of {len(pool)}) → {args.out}, manifest {args.manifest}")


if __name__ == "__main__":
    main()
