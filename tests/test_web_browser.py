"""The web app in a real browser: Debian's chromium, headless, driven by Playwright, against the live
server and a real SMTP server. Screenshots of the main pages are written to build/screenshots
(MARSAD_SCREENSHOTS overrides) so that people can look at them."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from web_support import EMAILS, LATE_ARTICLE, PASSWORD, XSS_IMG, XSS_SCRIPT, body_text, link_in

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("MARSAD_SCREENSHOTS", Path(__file__).resolve().parents[1] / "build" / "screenshots"))
# the flags the closed network needs: no background calls to Google's hosts
ECHART = "echarts.getInstanceByDom(document.getElementById('chart'))"  # the timeline's and the network's chart
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, web_site):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=web_site.base_url, locale="ar")
    page = context.new_page()
    page.dialogs = []  # any alert() an injected script manages to run lands here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/events**")


def api_items(web_site, **params) -> dict:
    return httpx.get(web_site.base_url + "/api/events", params={"limit": 500, **params}, timeout=30).json()


def test_filter_the_events_table(page, web_site):
    page.goto("/events")
    assert page.locator("html").get_attribute("dir") == "rtl" and page.locator("html").get_attribute("lang") == "ar"
    page.screenshot(path=SHOTS / "events.png")
    page.check("input[name=type][value=CONSULT]")
    page.click("#apply-filters")
    page.wait_for_url("**type=CONSULT**")
    rows = page.locator("#events-table tbody tr")
    expected = api_items(web_site, type="CONSULT")["total"]
    assert page.inner_text("#total") == str(expected) and rows.count() == min(expected, 25) > 0
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"CONSULT"}
    # sorting by type, then the English interface, left to right
    page.click("#events-table thead th >> nth=1 >> a")
    assert "sort=type" in page.url
    page.click("a.lang")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr" and "type=CONSULT" in page.url
    assert page.inner_text("#apply-filters") == "Filter"
    page.screenshot(path=SHOTS / "events-en.png")


def test_event_page_highlights_the_arabic_evidence(page, web_site):
    record = next(e for e in api_items(web_site, type="CONSULT", sort="-confidence")["items"] if e["location"] and e["recipient"])
    page.goto("/events")
    page.click(f"tr[data-event-id='{record['event_id']}'] td.evidence a") if page.locator(
        f"tr[data-event-id='{record['event_id']}']").count() else page.goto(f"/events/{record['event_id']}")
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text").get_attribute("dir") == "rtl"
    assert page.inner_text("#article-text .hl-trigger").strip() == record["trigger"]["text"]
    assert page.locator("#article-text .hl-actor").first.inner_text().strip() in record["actor"]["text"]
    assert record["recipient"]["text"].startswith(page.locator("#article-text .hl-recipient").first.inner_text().strip())
    assert page.locator("#article-text .hl-location").first.inner_text().strip() == record["location"]["text"]
    # the trigger's highlight lies inside the evidence sentence's
    roles = page.locator("#article-text [data-roles]").evaluate_all("xs => xs.map(x => x.dataset.roles)")
    assert all("sentence" in r.split() for r in roles if "trigger" in r)
    page.screenshot(path=SHOTS / "event.png", full_page=True)


def test_hostile_article_shows_as_text_on_every_page(page, web_site):
    sign_in(page, "ana")
    event_id = api_items(web_site, source="javascript")["items"][0]["event_id"]
    for path in ("/events", f"/events/{event_id}", "/review", "/timeline", "/map", "/graph",
                 "/events?text=" + XSS_SCRIPT, "/events?name=" + XSS_IMG):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.locator("img[src=x]").count() == 0, path
        assert page.evaluate("() => [...document.scripts].every(s => !s.textContent.includes('alert'))"), path
    page.goto(f"/events/{event_id}")
    assert XSS_SCRIPT in page.inner_text("#article-text") and XSS_IMG in page.inner_text("#article-text")
    assert "<script>alert('title')</script>" in page.inner_text("h3")
    assert page.locator("h3 a").count() == 0  # its javascript: URL is not made a link
    page.goto("/events?source=javascript")
    assert XSS_SCRIPT in page.inner_text("#events-table")
    assert page.dialogs == []


def test_review_and_comment(page, web_site):
    record = api_items(web_site, type="COERCE")["items"][0]
    sign_in(page, "ana")
    page.goto(f"/events/{record['event_id']}")
    page.select_option("#review-form select[name=type]", "ASSAULT")
    page.fill("#review-form input[name=note]", "الحدث اعتداء لا اعتقال")
    page.click("#review-correct")
    page.wait_for_selector("#review-history")
    history = page.inner_text("#review-history")
    assert "ana" in history and "النوع: اعتداء" in history and "الحدث اعتداء لا اعتقال" in history  # the type in Arabic (issue 13)
    assert page.get_attribute("#review-state", "class").split()[-1] == "s-correct"
    reviewed = httpx.get(f"{web_site.base_url}/api/events/{record['event_id']}").json()
    assert reviewed["type"] == record["type"] and reviewed["reviews"][-1]["changes"] == {"type": "ASSAULT"}
    page.screenshot(path=SHOTS / "review.png", full_page=True)

    page.fill("#comment-form textarea", "مصدر ثان يؤكد الخبر <b>bold?</b>")
    page.click("#comment-form button")
    page.wait_for_selector("#comments .comment")
    comment = page.locator("#comments .comment").last
    assert "مصدر ثان يؤكد الخبر <b>bold?</b>" in comment.inner_text() and "ana" in comment.inner_text()
    assert EMAILS["ana"] not in page.content()

    # the queue: accept one pending event in one click; it leaves the queue
    page.goto("/review")
    first = page.locator("#queue tbody tr").first
    accepted_id = first.get_attribute("data-event-id")
    first.locator("button[value=accept]").click()
    page.wait_for_url("**/review")
    assert page.locator(f"#queue tr[data-event-id='{accepted_id}']").count() == 0
    page.screenshot(path=SHOTS / "review-queue.png")


def test_subscribe_confirm_digest_unsubscribe(page, web_site, tmp_path):
    mails_before = len(web_site.mail.messages)
    sign_in(page, "vic")
    page.goto("/watchlists")
    page.fill("#subscribe-form input[name=label]", "المغرب وموريتانيا")
    page.fill("#subscribe-form input[name=email]", "watcher@example.net")
    page.check("#subscribe-form input[name=types][value=CONSULT]")
    page.fill("#subscribe-form input[name=country]", "MRT")
    page.select_option("#subscribe-form select[name=frequency]", "hourly")
    page.click("#subscribe-form button[type=submit]")
    page.wait_for_selector("#sent-notice")
    assert "watcher@example.net" not in page.content() and "w…@example.net" in page.content()

    confirmation = web_site.mail.wait_for(mails_before + 1)[-1]
    assert confirmation["To"] == "watcher@example.net"
    page.goto(link_in(confirmation, "/watchlists/confirm"))
    assert page.locator("#message").count() == 1 and page.locator(".error").count() == 0
    page.goto("/watchlists")
    assert "مفعل" in page.inner_text("#subscriptions")
    page.screenshot(path=SHOTS / "watchlists.png")

    # a new article arrives; the next digest round mails its event, with a one-click unsubscribe link
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps(LATE_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    web_site.marsad("run", str(late), "--db", str(web_site.db), "--workers", "1")
    later = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    mail_options = ["--smtp-host", "127.0.0.1", "--smtp-port", str(web_site.smtp_port), "--base-url", web_site.base_url]
    sent = web_site.marsad("digest", "--db", str(web_site.db), "--now", later, *mail_options)
    assert "1 digests sent" in sent.stderr
    digest = web_site.mail.wait_for(mails_before + 2)[-1]
    text = body_text(digest)
    assert digest["To"] == "watcher@example.net" and "حموشي" in text and "CONSULT" in text and "List-Unsubscribe" in digest
    assert all(e not in text for e in EMAILS.values())
    page.goto(link_in(digest, "/watchlists/unsubscribe"))
    assert page.locator(".error").count() == 0
    page.goto("/watchlists")
    assert "ملغى" in page.inner_text("#subscriptions")
    even_later = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    web_site.marsad("run", str(late), "--db", str(web_site.db), "--workers", "1")
    assert "0 digests sent" in web_site.marsad("digest", "--db", str(web_site.db), "--now", even_later, *mail_options).stderr
    assert len(web_site.mail.messages) == mails_before + 2
    # a forged confirmation link is refused
    page.goto("/watchlists/confirm?token=forged")
    assert page.locator(".error").count() == 1


def test_timeline_map_and_graph(page, web_site):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto("/timeline")
    page.wait_for_selector("#chart[data-state=ready]")
    drawn_types = page.evaluate(f"() => {ECHART}.getOption().series.filter(s => s.data.some(d => d[1] > 0)).map(s => s.id)")
    assert len(drawn_types) >= len({(e["type"]) for e in api_items(web_site)["items"]})
    page.screenshot(path=SHOTS / "timeline.png")
    page.goto("/map")
    # attached, not visible: the first country (Fiji) lies outside a view fitted to the located events
    page.wait_for_selector("#chart[data-state=ready] path.country", state="attached")
    assert page.locator("#chart path.country").count() > 150  # the bundled world layer, no tiles from the internet
    located = {p["country"] for p in httpx.get(web_site.base_url + "/api/places").json()}
    shaded = set(page.locator("#chart path.country.has").evaluate_all("ps => ps.map(p => p.dataset.iso3)"))
    assert located & shaded and shaded <= located
    page.screenshot(path=SHOTS / "map.png")
    page.goto("/graph?type=CONSULT")
    page.wait_for_selector("#chart[data-state=ready]")
    network = httpx.get(web_site.base_url + "/api/network", params={"type": "CONSULT", "max_edges": 80}).json()
    drawn = page.evaluate(f"() => {ECHART}.getOption().series[0]")
    assert len(drawn["data"]) == len(network["nodes"]) > 2
    assert len(drawn["links"]) == len(network["links"])
    page.screenshot(path=SHOTS / "graph.png")
    page.select_option("#graph-level", "agency")
    page.click("#apply-filters")
    page.wait_for_url("**level=agency**")
    page.wait_for_selector("#chart[data-state=ready]")
    agencies = httpx.get(web_site.base_url + "/api/network", params={"type": "CONSULT", "max_edges": 80, "level": "agency"}).json()
    drawn = page.evaluate(f"() => {ECHART}.getOption().series[0]")
    assert len(drawn["data"]) == len(agencies["nodes"]) and any("·" in n["id"] for n in agencies["nodes"])
    page.screenshot(path=SHOTS / "graph-agencies.png")
    # no script, style, font, map layer or tile comes from anywhere but marsad itself
    assert requested and all(url.startswith(web_site.base_url) for url in requested), [u for u in requested if not u.startswith(web_site.base_url)]


def solid_png(size: int = 256, rgb: tuple[int, int, int] = (200, 220, 240)) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\0" + bytes(rgb) * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_map_tiles_when_configured(browser, web_site):
    """Tiles from a tile server are an option: a real one on loopback here, and the page lets only it in."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from web_support import LiveServer

    from marsad.web.context import WebSettings

    tile, asked = solid_png(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's hook name)
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    template = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    try:
        with LiveServer(WebSettings(db_path=str(web_site.db), tiles=template)) as base:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.goto(base + "/map")
            page.wait_for_selector("#chart .tile img.leaflet-tile")
            page.wait_for_load_state("networkidle")
            tiles = [tuple(map(int, re.fullmatch(r"/(\d+)/(\d+)/(\d+)\.png", path).groups())) for path in asked]
            assert tiles and all(0 <= x < 2 ** z and 0 <= y < 2 ** z for z, x, y in tiles)  # Leaflet asks for the tiles in view
            assert page.locator("#chart .tile img.leaflet-tile").count() >= 1
            assert page.locator("#chart path.country").count() > 150
            page.screenshot(path=SHOTS / "map-tiles.png")
            context.close()
    finally:
        server.shutdown()
