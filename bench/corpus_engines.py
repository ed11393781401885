"""Whole-corpus throughput of the sharded engines: local with 1 and 2 workers, Ray with 2 workers.

    python bench/corpus_engines.py [--corpus ../shared/data/corpus/saudinewsnet/zips] [--out /tmp/marsad-bench]

Each configuration runs `marsad run CORPUS --shards DIR --db DB` from scratch (fresh directory and
store) as a subprocess, so the figures include reading the zips, the whole pipeline, writing Parquet
shards, attaching them and clustering. A sampler reads the resident memory of every process of the
run (driver, pool workers, Ray workers) every 0.5 s: peak per worker = the largest single process.
A last run repeats the 2-worker local run on the complete shards to time the skip.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import psutil

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet" / "zips"


def sample_memory(root: psutil.Process, stop: threading.Event, peaks: dict[str, float]) -> None:
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = 0.0
        for p in procs:
            try:
                rss = p.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                continue
            total += rss
            name = " ".join(p.cmdline()[:3]) if p.pid != root.pid else "driver"
            kind = "ray" if "ray" in name.lower() else "worker" if p.pid != root.pid else "driver"
            peaks[kind] = max(peaks.get(kind, 0.0), rss)
        # Ray workers are not children of the driver when a cluster runs apart; look for them by name
        for p in psutil.process_iter(["cmdline", "memory_info"]):
            cmd = " ".join(p.info["cmdline"] or [])
            if "ray::" in cmd and p.info["memory_info"]:
                peaks["ray"] = max(peaks.get("ray", 0.0), p.info["memory_info"].rss / 2**20)
        peaks["total"] = max(peaks.get("total", 0.0), total)
        stop.wait(0.5)


def run(label: str, args: list[str]) -> dict:
    peaks: dict[str, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "run", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(psutil.Process(proc.pid), stop, peaks), daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    summary = [line for line in err.splitlines() if "articles," in line and "events," in line][-1]
    articles = int(summary.split()[0])
    return {"label": label, "seconds": round(seconds, 1), "articles": articles, "articles_per_s": round(articles / seconds, 1),
            "summary": summary, "exit": proc.returncode, "peak_mb": {k: round(v) for k, v in peaks.items()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--out", default="/tmp/marsad-bench")
    parser.add_argument("--only", nargs="*", default=["local1", "local2", "ray2"])
    args = parser.parse_args()
    out = Path(args.out)
    results = []
    configs = {"local1": ["--engine", "local", "--workers", "1"], "local2": ["--engine", "local", "--workers", "2"],
               "ray2": ["--engine", "ray", "--workers", "2"]}
    for label in args.only:
        shutil.rmtree(out / label, ignore_errors=True)
        (out / label).mkdir(parents=True)
        base = [args.corpus, "--shards", str(out / label / "shards"), "--db", str(out / label / "store.duckdb")]
        results.append(run(label, [*base, *configs[label]]))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
        if label == "local2":
            results.append(run("local2-rerun", [*base, *configs[label]]))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    by = {r["label"]: r for r in results}
    if "local1" in by and "local2" in by:
        print(f"scaling local 2 vs 1: x{by['local2']['articles_per_s'] / by['local1']['articles_per_s']:.2f}")
    if "local1" in by and "ray2" in by:
        print(f"scaling ray 2 vs local 1: x{by['ray2']['articles_per_s'] / by['local1']['articles_per_s']:.2f}")
    print(f"{date.today()} {platform.node()} {platform.processor() or platform.machine()} {psutil.cpu_count()} cores")


if __name__ == "__main__":
    main()
