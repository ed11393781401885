"""Latency of the REST API and the pages over a real store, through a real server on loopback.

    python bench/web_latency.py STORE.duckdb [--requests 50]

Starts `marsad serve`'s app under uvicorn in this process, then times sequential requests with one
keep-alive HTTP client (median and 95th percentile, in ms).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web_support import free_port  # noqa: E402

from marsad.web.app import create_app  # noqa: E402
from marsad.web.context import WebSettings  # noqa: E402

PATHS = [
    "/api/events?limit=50", "/api/events?type=CONSULT&country=SAU&limit=50", "/api/events?name=حموشي",
    "/api/events?text=الإرهاب&sort=-confidence", "/api/stats", "/api/network?type=CONSULT", "/api/places",
    "/events", "/events?type=CONSULT&country=MAR",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(WebSettings(db_path=args.db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    first_id = client.get("/api/events?limit=1").json()["items"][0]["event_id"]
    print(f"store: {args.db}, {client.get('/api/stats').json()['total']} events")
    for path in [*PATHS, f"/api/events/{first_id}", f"/events/{first_id}"]:
        client.get(path)  # warm
        times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        print(f"{statistics.median(times):8.1f} ms median {times[int(len(times) * 0.95) - 1]:8.1f} ms p95  {path}")
    server.should_exit = True
    print(f"{date.today()} {platform.node()} {platform.machine()}")


if __name__ == "__main__":
    main()
