"""The sports articles that measure how often the coder mistakes sport for politics (issue 10).

    python tools/sports_sample.py ../shared/data/corpus/saudinewsnet/zips --from 2015-07-21 --to 2015-08-11 \
        -o /tmp/sports.jsonl
    marsad extract /tmp/sports.jsonl | grep -c event_id     # events coded in them (the bar: 0.05 per article)

Every SaudiNewsNet article of the days given whose URL has a sports section ("sport" in its path), as
JSON Lines with doc_id "DAY:INDEX".
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("zips", type=Path)
    ap.add_argument("--from", dest="first", default="2015-07-21")
    ap.add_argument("--to", dest="last", default="2015-08-11")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    n = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for zpath in sorted(args.zips.glob("*.zip")):
            day = zpath.stem
            if not args.first <= day <= args.last:
                continue
            with zipfile.ZipFile(zpath) as z:
                for member in sorted(z.namelist()):
                    for i, a in enumerate(json.loads(z.read(member))):
                        if "sport" in (a.get("url") or "").lower() and (a.get("content") or "").strip():
                            record = {"doc_id": f"{day}:{i}", "url": a.get("url"), "title": a.get("title"),
                                      "content": a["content"], "published": (a.get("date_extracted") or "")[:10]}
                            out.write(json.dumps(record, ensure_ascii=False) + "\n")
                            n += 1
    print(f"{n} sports articles → {args.output}")


if __name__ == "__main__":
    main()
