"""Screenshots of every page of the web app in Arabic and English at 1366×900, for docs/screenshots.

    marsad run ../shared/data/events/train/articles ../shared/data/corpus/saudinewsnet/zips/2015-07-2{3,7}.zip --db demo.duckdb
    python tools/chart_screenshots.py --db demo.duckdb [--out docs/screenshots] [--only actor --only graph]

The store is copied first (it is left as it was): the copy gets three users (ana, an analyst; vic, a viewer;
root, an admin), a few reviews of Saudi events and two watchlists, so that the review queue, the actor page's
review state, the watchlists and the users page show something. The app runs on loopback over the copy and each
page is opened in Debian's headless chromium (as the tests do), signed in as the page needs; a chart page is
taken once its chart says it is ready. Arabic pages are NAME.png, English ones NAME-en.png. Fails on a console
error (the not-found page's own 404 excepted).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_support import LiveServer  # noqa: E402

from marsad.web.context import WebSettings  # noqa: E402
from marsad.web.watchlists import MailSettings  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1366, "height": 900}
USERS = (("ana", "analyst"), ("vic", "viewer"), ("root", "admin"))
PASSWORD = secrets.token_urlsafe(16)  # the copy's users', for this run only


@dataclass
class Shot:
    name: str  # the file: NAME.png (Arabic), NAME-en.png (English)
    path: str  # {event} is the showcase event's id
    user: str | None = None  # signed in as
    ready: str | None = None  # a selector to wait for
    status: int = 200


PAGES = [
    Shot("events", "/events", "ana", "#events-table"),
    Shot("event", "/events/{event}", "ana", "#event"),
    Shot("review-queue", "/review", "ana", "#queue"),
    Shot("watchlists", "/watchlists", "ana", "#subscriptions"),
    Shot("timeline", "/timeline", None, "#chart[data-state=ready]"),
    Shot("map", "/map", None, "#chart[data-state=ready]"),
    Shot("graph", "/graph", None, "#chart[data-state=ready]"),
    Shot("actor", "/actors/state/SAU", None, "#chart[data-state=ready]"),
    Shot("login", "/login", None, "#login-form"),
    Shot("account", "/account", "ana", "#password-form"),
    Shot("users", "/admin/users", "root", "#users"),
    Shot("api-docs", "/docs", None, ".api-docs"),
    Shot("message", "/events/no-such-event", None, "#message", 404),
]


def prepare(db: str, folder: Path) -> tuple[str, str]:
    """A copy of the store with users, reviews and watchlists; returns its path and the showcase event."""
    import duckdb

    from marsad.store import Store
    from marsad.web.accounts import add_user
    from marsad.web.reviews import add_review
    from marsad.web.watchlists import subscribe

    copy = folder / "screens.duckdb"
    con = duckdb.connect(str(copy))
    try:
        con.execute("ATTACH ? AS demo_store (READ_ONLY)", [str(Path(db).resolve())])
        con.execute("COPY FROM DATABASE demo_store TO screens")
        con.execute("DETACH demo_store")
    finally:
        con.close()
    Store(copy).close()  # migrated to this marsad's schema
    con = duckdb.connect(str(copy))
    try:
        users = {}
        for username, role in USERS:
            con.execute("DELETE FROM users WHERE username = ?", [username])
            users[username], _ = add_user(con, username, PASSWORD, role, f"{username}@example.org", with_api_token=username == "root")
        # the showcase event: a meeting of two states told by several articles, its short article in view
        event = con.execute(
            "SELECT e.event_id FROM events e JOIN clusters c USING (cluster_id) JOIN articles a USING (doc_id) "
            "WHERE e.type IN ('CONSULT', 'AGREE', 'COOPERATE') AND e.actor_country <> e.recipient_country "
            "AND e.location_text IS NOT NULL AND NOT e.future AND length(a.text) BETWEEN 300 AND 1200 "
            "ORDER BY c.num_articles DESC, e.confidence DESC, e.event_id LIMIT 1").fetchone()[0]
        saudi = [r[0] for r in con.execute(
            "SELECT event_id FROM events WHERE (actor_country = 'SAU' OR recipient_country = 'SAU') AND event_id <> ? "
            "ORDER BY confidence DESC, event_id LIMIT 6", [event]).fetchall()]
        for event_id, action, changes in zip(saudi, ("accept", "accept", "accept", "correct", "reject", "accept"),
                                             ({}, {}, {}, {"swap": True}, {}, {}), strict=False):
            add_review(con, event_id, users["ana"], action, changes or None, None)
        for label, values in (("السعودية واليمن", {"types": ["ASSAULT", "COERCE"], "country": "YEM"}),
                              ("زيارات الرياض", {"types": ["CONSULT"], "country": "SAU", "mode": "visit"})):
            sub_id = subscribe(con, users["ana"], "ana.desk@example.org", label, values, "daily")
            if "YEM" in json.dumps(values):
                con.execute("UPDATE subscriptions SET confirmed_at = ? WHERE sub_id = ?", [datetime.now(UTC).replace(tzinfo=None), sub_id])
    finally:
        con.close()
    return str(copy), event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", action="append", help="a page's name (repeatable); default: every page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in PAGES if not args.only or p.name in args.only]
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        db, event = prepare(args.db, Path(folder))
        mail = MailSettings(host="127.0.0.1", port=9, base_url="http://127.0.0.1")  # configured, never used here
        with LiveServer(WebSettings(db_path=db, idle_seconds=30, mail=mail)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for lang in ("ar", "en"):
                contexts = {}
                for user in (None, "ana", "root"):
                    context = contexts[user] = browser.new_context(viewport=VIEWPORT, locale=lang, base_url=base)
                    context.add_cookies([{"name": "marsad_lang", "value": lang, "url": base}])
                    if user:
                        page = context.new_page()
                        page.goto("/login")
                        page.fill("input[name=username]", user)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("#login-form button[type=submit]")
                        page.wait_for_url("**/events**")
                        page.close()
                for shot in pages:
                    page = contexts[shot.user].new_page()
                    seen: list[str] = []
                    page.on("console", lambda m, seen=seen: seen.append(m.text) if m.type == "error" else None)
                    page.on("pageerror", lambda e, seen=seen: seen.append(str(e)))
                    response = page.goto(shot.path.format(event=event))
                    if response is None or response.status != shot.status:
                        errors.append(f"{shot.name} ({lang}): HTTP {response.status if response else '?'}")
                    if shot.ready:
                        page.wait_for_selector(shot.ready)
                    page.evaluate("document.fonts.ready")
                    page.wait_for_timeout(300)
                    target = out / (f"{shot.name}.png" if lang == "ar" else f"{shot.name}-{lang}.png")
                    page.screenshot(path=target)
                    expected = [m for m in seen if shot.status == 404 and "404" in m]
                    errors += [f"{shot.name} ({lang}): {m}" for m in seen if m not in expected]
                    print(target)
                    page.close()
                for context in contexts.values():
                    context.close()
            browser.close()
    if errors:
        sys.exit("problems:\n  " + "\n  ".join(errors))


if __name__ == "__main__":
    main()
