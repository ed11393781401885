"""Soak: `marsad watch` ingests from a loopback feed server while eight clients read `marsad serve`.

    python bench/soak.py --corpus ../shared/data/corpus/saudinewsnet/zips [--minutes 10] [--every 10]

A feed server on loopback publishes SaudiNewsNet articles as HTML pages and an RSS feed that grows by one
article every --release seconds. `marsad watch` polls it every --every seconds into a fresh store while
`marsad serve` serves that store and eight client threads read API and pages without pause. At the end the
same articles are ingested again by `marsad watch --once` into another store, with no server and no load,
and the two stores are compared (articles, and events with their type and parties; cluster ids may differ
because clustering is incremental and the batches differ). Reported: requests, failures (non-200, 503s),
latency percentiles, articles ingested, watch errors, and whether the stores are equal.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from tempfile import TemporaryDirectory

import duckdb
import httpx

MARSAD = [sys.executable, "-m", "marsad.cli"]
READS = ["/api/events?limit=50", "/events", "/api/stats", "/api/network", "/api/timeline", "/api/places",
         "/api/clusters"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_articles(corpus: Path, n: int) -> list[dict]:
    out: list[dict] = []
    for zpath in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(zpath) as z:
            for member in sorted(z.namelist()):
                for a in json.loads(z.read(member)):
                    if (a.get("content") or "").strip() and a.get("title"):
                        out.append(a)
                        if len(out) >= n:
                            return out
    return out


class Feed:
    """Articles released one by one over time (or all at once), served as pages and an RSS feed."""

    def __init__(self, articles: list[dict], release_seconds: float, released: int | None = None):
        self.articles, self.release_seconds = articles, release_seconds
        self.fixed = released
        self.started = time.monotonic()

    def released(self) -> int:
        if self.fixed is not None:
            return self.fixed
        return min(len(self.articles), 1 + int((time.monotonic() - self.started) / self.release_seconds))

    def page(self, i: int) -> str:
        a = self.articles[i]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a["content"].split("\n") if p.strip())
        return (f"<html lang=\"ar\"><head><title>{html.escape(a['title'])}</title>"
                f"<meta property=\"article:published_time\" content=\"{a.get('date_extracted', '')[:10]}\"></head>"
                f"<body><article><h1>{html.escape(a['title'])}</h1>{paragraphs}</article></body></html>")

    def rss(self, base: str) -> str:
        items = "".join(f"<item><title>{html.escape(self.articles[i]['title'])}</title><link>{base}/a/{i}.html</link>"
                        f"</item>" for i in range(self.released()))
        return f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>soak</title>{items}</channel></rss>"


def serve_feed(feed: Feed, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's hook name)
            if self.path == "/feed.xml":
                body, ctype = feed.rss(f"http://127.0.0.1:{port}"), "application/rss+xml"
            elif self.path.startswith("/a/") and self.path.endswith(".html"):
                i = int(self.path[3:-5])
                if i >= feed.released():
                    self.send_error(404)
                    return
                body, ctype = feed.page(i), "text/html; charset=utf-8"
            elif self.path == "/robots.txt":
                body, ctype = "User-agent: *\nAllow: /\n", "text/plain"
            else:
                self.send_error(404)
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def store_contents(db: Path) -> tuple[list, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT doc_id, url FROM articles ORDER BY doc_id").fetchall(),
                con.execute("SELECT event_id, type, actor_country, actor_group, recipient_country, recipient_group "
                            "FROM events ORDER BY event_id").fetchall())
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--release", type=float, default=2.0, help="Seconds between two new articles in the feed.")
    ap.add_argument("--every", default="10s", help="marsad watch's polling interval.")
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    seconds = args.minutes * 60
    articles = load_articles(args.corpus, int(seconds / args.release) + 1)
    feed = Feed(articles, args.release)
    feed_port, web_port = free_port(), free_port()
    feed_server = serve_feed(feed, feed_port)
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    with TemporaryDirectory() as tmp:
        db = Path(tmp) / "soak.duckdb"
        server = subprocess.Popen([*MARSAD, "serve", "--db", str(db), "--port", str(web_port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{web_port}"
        wait_for(base + "/api/stats")
        watcher = subprocess.Popen([*MARSAD, "watch", f"http://127.0.0.1:{feed_port}/feed.xml", "--db", str(db),
                                    "--every", args.every, "--min-interval", "0"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stop = threading.Event()

        def reader(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                i = k
                while not stop.is_set():
                    started = time.perf_counter()
                    try:
                        status = client.get(READS[i % len(READS)]).status_code
                    except httpx.HTTPError:
                        status = 0
                    latencies.append(time.perf_counter() - started)
                    statuses[status] += 1
                    i += 1

        readers = [threading.Thread(target=reader, args=(k,)) for k in range(args.clients)]
        for t in readers:
            t.start()
        time.sleep(seconds)
        released = feed.released()
        feed.fixed = released  # nothing new from here on; let the watcher take the last ones
        time.sleep(float(args.every.rstrip("s")) * 2 + 20)
        stop.set()
        for t in readers:
            t.join(timeout=60)
        watcher.terminate()
        _, watch_err = watcher.communicate(timeout=60)
        server.terminate()
        server.communicate(timeout=60)
        loaded = store_contents(db)
        # the same articles, ingested with no server and no load
        alone = Path(tmp) / "alone.duckdb"
        subprocess.run([*MARSAD, "watch", f"http://127.0.0.1:{feed_port}/feed.xml", "--db", str(alone), "--once",
                        "--min-interval", "0"], capture_output=True, text=True, timeout=3600)
        reference = store_contents(alone)
    feed_server.shutdown()
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * q))] if latencies else float("nan")

    errors = [ln for ln in watch_err.splitlines() if ln.startswith("error:")]
    print(f"date: {date.today()}  machine: {platform.machine()} python {platform.python_version()}")
    print(f"soak {args.minutes:g} min, {args.clients} clients, feed +1 article / {args.release:g} s, watch every {args.every}")
    print(f"articles released {released}, ingested {len(loaded[0])} (without load: {len(reference[0])}); "
          f"events {len(loaded[1])} (without load: {len(reference[1])}); watch error lines {len(errors)}")
    print(f"requests {sum(statuses.values())} ({sum(statuses.values()) / (seconds + 1):.1f}/s), statuses {dict(statuses)}")
    print(f"latency p50 {pct(0.5) * 1000:.0f} ms, p95 {pct(0.95) * 1000:.0f} ms, p99 {pct(0.99) * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms")
    print(f"final store equals the ingest without load: {loaded == reference}")
    for line in errors[:10]:
        print("  " + line)


if __name__ == "__main__":
    main()
