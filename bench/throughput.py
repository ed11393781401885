"""Throughput of the whole pipeline over SaudiNewsNet articles, beside bare spaCy tokenisation.

    python bench/throughput.py --articles 2000

Reads ../shared/data/corpus/saudinewsnet in place. Reports articles/s, tokens/s, peak memory
(max RSS of this process) and the ratio to `spacy.blank("ar")` tokenisation of the same texts.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
import zipfile
from datetime import date
from pathlib import Path

import spacy

from marsad.engine.local import Failure, run_local
from marsad.sources.files import record_to_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet" / "zips"


def load_articles(n: int) -> list[dict]:
    out: list[dict] = []
    for zpath in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(zpath) as z:
            for name in z.namelist():
                for a in json.loads(z.read(name)):
                    if (a.get("content") or "").strip():
                        out.append(a)
                        if len(out) >= n:
                            return out
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--ray", action="store_true", help="also time the Ray engine on a local 2-CPU cluster")
    ap.add_argument("--coder", choices=["hybrid", "rules", "learned"], default="hybrid", help="the event coder to time")
    args = ap.parse_args()
    if args.ray and args.coder != "hybrid":
        ap.error("--ray times the default pipeline (hybrid) only")
    from marsad.nlp.pipeline import use_coder

    use_coder(args.coder)
    articles = load_articles(args.articles)
    docs = [record_to_document(a, f"saudinewsnet:{i}") for i, a in enumerate(articles)]

    # Warm up on the whole set first (model load, spaCy's vocabulary, clitic caches), so that the
    # one-process and the two-worker runs (forked from this process) both measure the steady state.
    def code(workers: int) -> tuple[int, int]:
        results = list(run_local(docs, None, workers=workers))
        return sum(len(r.events) for r in results if not isinstance(r, Failure)), sum(
            isinstance(r, Failure) for r in results)

    code(1)
    t0 = time.perf_counter()
    events, failures = code(1)
    pipeline_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    events_pool, _ = code(2)
    pool_s = time.perf_counter() - t0
    assert events_pool == events, "the pool must code the same events"

    ray_s = None
    if args.ray:
        import ray

        from marsad.engine.ray_engine import run_ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        list(run_ray(docs[:50], None, workers=2))  # start the actors before timing
        t0 = time.perf_counter()
        events_ray = sum(len(r.events) for r in run_ray(docs, None, workers=2) if not isinstance(r, Failure))
        ray_s = time.perf_counter() - t0
        assert events_ray == events, "Ray must code the same events"
        ray.shutdown()

    nlp = spacy.blank("ar")
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(a["content"] for a in articles))
    spacy_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"date: {date.today()}  machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"articles: {len(docs)}  tokens: {tokens}  events: {events}  unusable inputs: {failures}")
    print(f"pipeline: {pipeline_s:.1f} s  {len(docs) / pipeline_s:.1f} articles/s  {tokens / pipeline_s:.0f} tokens/s")
    print(f"local engine, 2 workers: {pool_s:.1f} s  {len(docs) / pool_s:.1f} articles/s  "
          f"(x{pipeline_s / pool_s:.2f} of one process)")
    if ray_s:
        print(f"Ray engine (local cluster), 2 workers: {ray_s:.1f} s  {len(docs) / ray_s:.1f} articles/s  "
              f"(x{pipeline_s / ray_s:.2f} of one process)")
    print(f"spacy.blank('ar') tokenisation: {spacy_s:.2f} s  {len(docs) / spacy_s:.0f} articles/s")
    print(f"ratio pipeline/tokenisation time: {pipeline_s / spacy_s:.1f}x")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
