"""Pick NewsFANE passages (older newswire of other outlets) for blind event annotation, reproducibly (issue 10).

The corpus has no article boundaries: marsad.events.learned.newsfane cuts it into passages of consecutive
sentences. Three in four picks name political or security words (the topic words of select_annotation_sample.py,
hamza folded, at least two hits), the rest are drawn at random from the other passages (sports, business,
features: they teach the relevance stage). Writes one JSON per passage (doc_id, published: null, title: "",
content) into OUT/batchN/articles and a manifest (doc_id, batch, newsfane_sentences, selection) from which
`--newsfane ../shared/data/ner/newsfane` rebuilds the text.

    python tools/select_newsfane_sample.py ../shared/data/ner/newsfane --n-topic 240 --n-random 80 --batches 8 \
        --manifest data/annotations/events_newsfane/manifest.tsv -o /tmp/annot_nf
    python tools/select_newsfane_sample.py ../shared/data/ner/newsfane --n-topic 300 --n-random 300 --prefix nf-b \
        --seed 2062 --exclude data/annotations/events_newsfane/manifest.tsv --manifest … -o /tmp/annot_nfb
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from select_annotation_sample import TOPIC  # noqa: E402

from marsad.events.learned.newsfane import passage_text, passages, read_sentences  # noqa: E402

_HAMZA = str.maketrans("أإآ", "ااا")
TOPIC_FOLDED = re.compile(TOPIC.pattern.translate(_HAMZA))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("newsfane", type=Path)
    ap.add_argument("--n-topic", type=int, default=240)
    ap.add_argument("--n-random", type=int, default=80)
    ap.add_argument("--batches", type=int, default=8)
    ap.add_argument("--seed", type=int, default=2061)
    ap.add_argument("--prefix", default="nf-")
    ap.add_argument("--manifest", type=Path, required=True)
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="A manifest of passages already annotated (never chosen again); repeatable.")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()

    sentences = read_sentences(args.newsfane)
    taken = {line.split("\t")[2] for m in args.exclude for line in m.read_text(encoding="utf-8").splitlines()[1:] if line}
    pool = [(a, b, passage_text(sentences, a, b)) for a, b in passages(sentences) if f"{a}-{b}" not in taken]
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    topical = [x for x in pool if len(TOPIC_FOLDED.findall(x[2])) >= 2]
    picked = [(x, "topic") for x in topical[: args.n_topic]]
    chosen = {x[:2] for x, _ in picked}
    picked += [(x, "random") for x in [x for x in pool if x[:2] not in chosen][: args.n_random]]
    rng.shuffle(picked)

    rows = ["doc_id\tbatch\tnewsfane_sentences\tselection"]
    for i, ((a, b, text), how) in enumerate(picked):
        doc_id, batch = f"{args.prefix}{i + 1:03d}", i % args.batches + 1
        out = args.out / f"batch{batch}" / "articles"
        out.mkdir(parents=True, exist_ok=True)
        record = {"doc_id": doc_id, "published": None, "title": "", "content": text}
        (out / f"{doc_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        rows.append(f"{doc_id}\t{batch}\t{a}-{b}\t{how}")
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(picked)} passages ({len(topical)} topical of {len(pool)}) → {args.out}, manifest {args.manifest}")


if __name__ == "__main__":
    main()
