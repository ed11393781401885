"""Throughput and latency of `marsad serve` under concurrent readers.

    python bench/web_load.py STORE.duckdb [--clients 8] [--seconds 20]

Starts the real `marsad serve` on loopback over STORE (e.g. 100k events: `python bench/store_scale.py`'s
replicated window store), then runs --clients threads, each with its own keep-alive client, reading a mix
of API addresses and pages in a loop for --seconds. Reports requests per second and latency percentiles,
over all and per address.

With --vary, every request adds a random country and a random month to its address, so that nearly
every request is new to the server's read cache: the figure for analysts who all filter differently.
"""

from __future__ import annotations

import argparse
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date

import httpx

MARSAD = [sys.executable, "-m", "marsad.cli"]
PATHS = ["/api/events?limit=50", "/api/events?type=CONSULT&country=SAU&limit=50", "/api/stats",
         "/api/network?type=CONSULT", "/api/timeline", "/api/places", "/api/clusters", "/events",
         "/events?type=ASSAULT"]
COUNTRIES = ["SAU", "YEM", "SYR", "IRQ", "EGY", "IRN", "USA", "TUR", "LBY", "QAT", "ARE", "KWT", "JOR", "LBN",
             "BHR", "OMN", "PSE", "ISR", "RUS", "FRA", "GBR", "MAR", "DZA", "TUN", "SDN", "AFG", "PAK"]


def varied(path: str, rng: random.Random) -> str:
    """The address with a random country and a one-month date window (YYYY-MM between 2015-01 and 2015-12)."""
    month = rng.randint(1, 12)
    end = f"2015-{month:02d}-28"
    extra = f"country={rng.choice(COUNTRIES)}&date_from=2015-{month:02d}-01&date_to={end}"
    return f"{path}{'&' if '?' in path else '?'}{extra}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--vary", action="store_true", help="A random country and month on every request (cache misses).")
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([*MARSAD, "serve", "--db", args.db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/stats", timeout=30)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for path in PATHS:  # warm up
            httpx.get(base + path, timeout=60)
        timings: dict[str, list[float]] = defaultdict(list)
        failures: list[int] = []
        stop = threading.Event()

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=60) as c:
                i = k
                while not stop.is_set():
                    path = PATHS[i % len(PATHS)]
                    started = time.perf_counter()
                    status = c.get(varied(path, rng) if args.vary else path).status_code
                    timings[path].append(time.perf_counter() - started)
                    if status != 200:
                        failures.append(status)
                    i += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [x for v in timings.values() for x in v]
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}  store: {args.db}")
    print(f"{args.clients} clients{' (varied filters)' if args.vary else ''}, {elapsed:.0f} s: {len(every)} requests, {len(every) / elapsed:.1f}/s, "
          f"p50 {pct(every, 0.5):.0f} ms, p99 {pct(every, 0.99):.0f} ms, failures {len(failures)}")
    for path in PATHS:
        v = timings[path]
        print(f"  {path:50} {len(v):>6}  p50 {pct(v, 0.5):>6.0f} ms  p99 {pct(v, 0.99):>6.0f} ms")


if __name__ == "__main__":
    main()
