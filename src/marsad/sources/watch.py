"""Live monitoring: poll RSS/Atom feeds and pages politely, hand new articles to the pipeline.

Polite means: robots.txt is honoured (per host, cached), feeds are fetched with If-None-Match /
If-Modified-Since so an unchanged feed costs a 304, requests to one host are spaced by a minimum
interval, and an article URL is fetched once, ever (the store remembers it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlparse
from urllib.robotparser import RobotFileParser

import httpx

from marsad import __version__
from marsad.schema import Document
from marsad.sources.files import decode

USER_AGENT = f"marsad/{__version__} (+news event monitor)"


@dataclass
class WatchReport:
    feeds_checked: int = 0
    not_modified: int = 0
    new_articles: int = 0
    already_seen: int = 0
    refused_by_robots: int = 0
    errors: list[str] = field(default_factory=list)


class Watcher:
    def __init__(self, connect, min_interval: float = 1.0, timeout: float = 20.0, client: httpx.Client | None = None):
        # connect(): a context manager giving a store connection for one short turn (Store.turn), so that
        # the store file is free between feeds for marsad serve (marsad.handoff)
        self.connect = connect
        self.min_interval = min_interval
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True,
                                             headers={"User-Agent": USER_AGENT})
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

    # ---- politeness -------------------------------------------------------------------------
    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            delay = self.min_interval - (time.monotonic() - last)
            if delay > 0:
                time.sleep(delay)
        self._last_request[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        parts = urlparse(url)
        base = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(base)
        if parser is None:
            parser = RobotFileParser()
            try:
                self._wait_for(parts.netloc)
                r = self.client.get(base + "/robots.txt")
                parser.parse(r.text.splitlines() if r.status_code == 200 else [])
            except httpx.HTTPError:
                parser.parse([])  # no robots.txt reachable: nothing is forbidden
            self._robots[base] = parser
        return parser.can_fetch(USER_AGENT, url)

    def _get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        self._wait_for(urlparse(url).netloc)
        return self.client.get(url, headers=headers or {})

    # ---- feeds and pages -------------------------------------------------------------------
    def poll(self, url: str, report: WatchReport) -> Iterator[Document]:
        """New article Documents from one feed (or page URL)."""
        if not self.allowed(url):
            report.refused_by_robots += 1
            return
        with self.connect() as con:
            state = con.execute("SELECT etag, last_modified FROM feed_state WHERE url = ?", [url]).fetchall()
        state = state[0] if state else None
        headers = {}
        if state and state[0]:
            headers["If-None-Match"] = state[0]
        if state and state[1]:
            headers["If-Modified-Since"] = state[1]
        try:
            response = self._get(url, headers)
        except httpx.HTTPError as exc:
            report.errors.append(f"{url}: {exc}")
            return
        report.feeds_checked += 1
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO feed_state VALUES (?, ?, ?, ?, ?)",
                        [url, response.headers.get("ETag") or (state[0] if state else None),
                         response.headers.get("Last-Modified") or (state[1] if state else None),
                         datetime.now(UTC).replace(tzinfo=None), response.status_code])
        if response.status_code == 304:
            report.not_modified += 1
            return
        if response.status_code != 200:
            report.errors.append(f"{url}: HTTP {response.status_code}")
            return
        import feedparser

        parsed = feedparser.parse(response.content)
        if not parsed.entries:  # not a feed: the URL is an article page itself
            yield from self._article(url, None, None, report, response)
            return
        entries = [e for e in parsed.entries if e.get("link")]
        # one short turn for the whole feed: a turn per entry would keep marsad serve waiting through
        # hundreds of back-to-back turns on a long feed (marsad.handoff)
        seen = self.seen({e["link"] for e in entries})
        for entry in entries:
            link = entry["link"]
            if link in seen:
                report.already_seen += 1
                continue
            published = None
            if entry.get("published_parsed"):
                published = time.strftime("%Y-%m-%d", entry.published_parsed)
            yield from self._article(link, entry.get("title"), published, report)

    def seen(self, urls: set[str]) -> set[str]:
        """Which of these URLs were fetched before (in one turn on the store)."""
        if not urls:
            return set()
        with self.connect() as con:
            rows = con.execute("SELECT url FROM seen_urls WHERE url IN (SELECT unnest(?::VARCHAR[]))",
                               [sorted(urls)]).fetchall()
        return {r[0] for r in rows}

    def _article(self, url: str, title: str | None, published: str | None, report: WatchReport,
                 response: httpx.Response | None = None) -> Iterator[Document]:
        if response is not None and self.seen({url}):  # a page URL (not a feed entry): checked here
            report.already_seen += 1
            return
        if response is None:
            if not self.allowed(url):
                report.refused_by_robots += 1
                return
            try:
                response = self._get(url)
            except httpx.HTTPError as exc:
                report.errors.append(f"{url}: {exc}")
                return
        if response.status_code != 200:
            self.mark_seen(url, response.status_code)
            report.errors.append(f"{url}: HTTP {response.status_code}")
            return
        try:
            html = decode(response.content, url)
        except ValueError as exc:
            report.errors.append(f"{url}: {exc}")
            return
        report.new_articles += 1
        import hashlib

        yield Document(source=url, content=html, kind="html", doc_id=hashlib.sha1(url.encode()).hexdigest()[:16],
                       url=url, title=title, published=published)


    def mark_seen(self, url: str, status: int = 200) -> None:
        """Called once the article is stored: a crash before it means the next round fetches it again."""
        with self.connect() as con:
            con.execute("INSERT OR REPLACE INTO seen_urls VALUES (?, ?, ?)",
                        [url, datetime.now(UTC).replace(tzinfo=None), status])


def parse_interval(text: str) -> float:
    """"15m" → 900 seconds; also s, h and plain seconds."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600}
    if text[-1:] in units:
        return float(text[:-1]) * units[text[-1]]
    return float(text)
