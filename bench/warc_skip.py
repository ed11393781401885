"""What a general crawl costs marsad: a WARC with mostly non-Arabic pages.

    python bench/warc_skip.py [--arabic 100 --other 900]

Builds a WARC (in a temp dir) from SaudiNewsNet articles wrapped in HTML and from synthetic English and
French pages, then times (1) reading with the prefix language check, which skips non-Arabic records
before extraction, and (2) the whole pipeline over what is kept.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.engine.local import Failure, run_local
from marsad.sources.skipped import Skipped
from marsad.sources.warc import read_warc

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet" / "zips"
WORDS = ("the minister said government talks security market football weather report city council police "
         "le ministre a dit que la sécurité et le marché sont importants pour la ville").split()


def arabic_pages(n: int) -> list[str]:
    with zipfile.ZipFile(sorted(CORPUS.glob("*.zip"))[0]) as z:
        articles = [a for a in json.loads(z.read(z.namelist()[0])) if (a.get("content") or "").strip()][:n]
    return [f"<html><head><title>{a['title']}</title></head><body><article><h1>{a['title']}</h1>"
            + "".join(f"<p>{p}</p>" for p in a["content"].split("\n") if p.strip()) + "</article></body></html>"
            for a in articles]


def other_pages(n: int, rng: random.Random) -> list[str]:
    return ["<html lang='en'><body><article>" + "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + "</p>" for _ in range(8)) + "</article></body></html>"
        for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--arabic", type=int, default=100)
    ap.add_argument("--other", type=int, default=900)
    args = ap.parse_args()
    rng = random.Random(5)
    pages = [(p, True) for p in arabic_pages(args.arabic)] + [(p, False) for p in other_pages(args.other, rng)]
    rng.shuffle(pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mixed.warc.gz"
        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for i, (html, _) in enumerate(pages):
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                              payload=io.BytesIO(html.encode()), http_headers=headers))
        t0 = time.perf_counter()
        items = list(read_warc(path))
        read_s = time.perf_counter() - t0
        docs = [d for d in items if not isinstance(d, Skipped)]
        skipped = sum(isinstance(d, Skipped) for d in items)
        t0 = time.perf_counter()
        results = list(run_local(docs, None, workers=1))
        pipeline_s = time.perf_counter() - t0
    events = sum(len(r.events) for r in results if not isinstance(r, Failure))
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}")
    print(f"records: {len(pages)} ({args.arabic} Arabic), size {path.name}")
    print(f"read + language check: {read_s:.2f} s = {len(pages) / read_s:.0f} records/s; kept {len(docs)}, skipped "
          f"{skipped} non-Arabic ({read_s / len(pages) * 1000:.2f} ms per record)")
    print(f"pipeline over the kept records: {pipeline_s:.1f} s ({len(docs) / pipeline_s:.1f} articles/s), {events} events")


if __name__ == "__main__":
    main()
