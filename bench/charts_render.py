"""How fast the timeline, map and network pages are drawn over a large store, end to end, in chromium.

    python bench/charts_render.py [--events 100000] [--runs 3] [--db existing.duckdb]

Without --db, makes a synthetic store of --events events: 15 years (2011-2025, more recent years busier),
60 states and 6 groups, 16 PLOVER types (skewed as in the news: CONSULT and ASSAULT most), 300 places
with coordinates, and about 40% of the events reported twice or more (stories ≈ 0.6 × events). Then
starts the app on loopback and opens each page in Debian's headless chromium at 1366×900 (as the tests),
under the app's strict Content-Security-Policy; a page counts as drawn when its chart says it is ready
(#chart[data-state=ready], data-ready-at: ms since navigation). Also times the API calls behind each page.
Prints one Markdown table row per page; docs/charts.md keeps them.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web_support import LiveServer  # noqa: E402

from marsad.store import Store  # noqa: E402
from marsad.web.context import WebSettings  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
STATES = ["MAR", "DZA", "TUN", "LBY", "EGY", "SDN", "SAU", "QAT", "ARE", "KWT", "BHR", "OMN", "YEM", "JOR", "IRQ", "SYR",
          "LBN", "PSE", "ISR", "IRN", "TUR", "USA", "RUS", "CHN", "FRA", "DEU", "GBR", "ESP", "ITA", "BEL", "NLD", "SWE",
          "KEN", "ETH", "SOM", "NGA", "MLI", "NER", "TCD", "MRT", "PAK", "AFG", "IND", "IDN", "MYS", "JPN", "KOR", "BRA",
          "CAN", "AUS", "GRC", "CYP", "AZE", "ARM", "UKR", "POL", "ROU", "SEN", "TZA", "UGA"]
GROUPS = ["ISIS", "HOUTHI", "HAMAS", "HEZBOLLAH", "TER", "CIV"]
TYPES = {"CONSULT": 20, "ASSAULT": 16, "AGREE": 9, "COERCE": 9, "ACCUSE": 7, "SUPPORT": 6, "REQUEST": 6, "COOPERATE": 5,
         "REJECT": 4, "THREATEN": 4, "AID": 3, "SANCTION": 3, "PROTEST": 3, "MOBILIZE": 2, "CONCEDE": 2, "RETREAT": 1}


def synthetic_store(path: Path, n: int) -> None:
    Store(str(path)).close()  # the schema
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("SELECT setseed(0.13)")
    types = [t for t, w in TYPES.items() for _ in range(w)]
    con.execute("CREATE TEMP TABLE states AS SELECT unnest(?) AS s, generate_subscripts(?, 1) AS i", [STATES, STATES])
    con.execute("CREATE TEMP TABLE kinds AS SELECT unnest(?) AS t, generate_subscripts(?, 1) AS i", [types, types])
    con.execute("CREATE TEMP TABLE grps AS SELECT unnest(?) AS g, generate_subscripts(?, 1) AS i", [GROUPS, GROUPS])
    # 300 places: 5 per state, scattered around a point of the state's own
    con.execute("""CREATE TEMP TABLE places AS SELECT (p.k - 1) * 5 + j AS i, 'place ' || p.s || ' ' || j AS name, p.s AS country,
                   'مكان ' || j AS name_ar, p.lat + random() * 4 - 2 AS lat, p.lon + random() * 4 - 2 AS lon
                   FROM (SELECT s, i AS k, random() * 100 - 40 AS lat, random() * 300 - 150 AS lon FROM states) p, range(1, 6) r(j)""")
    con.execute(f"""
        INSERT INTO events (event_id, doc_id, url, published, type, actor_country, actor_group, actor_sector, recipient_country,
                            recipient_group, location_name, location_country, lat, lon, date, site, cluster_id, record, confidence,
                            future, negated)
        WITH raw AS (
          SELECT i, 1 + floor(random() * {len(types)})::INT AS ti, 1 + floor(power(random(), 1.6) * {len(STATES)})::INT AS ai,
                 1 + floor(power(random(), 1.6) * {len(STATES)})::INT AS ri, random() AS gr_roll, 1 + floor(random() * 6)::INT AS gi,
                 floor(random() * 300)::INT AS pi, random() AS sec, random() AS c,
                 DATE '2025-12-31' - floor(power(random(), 1.5) * 5479)::INT AS day
          FROM range({n}) t(i))
        SELECT 'e' || raw.i, 'd' || raw.i, 'https://site' || (raw.i % 40) || '.example/' || raw.i, day, k.t,
               CASE WHEN gr_roll < 0.1 THEN NULL ELSE a.s END, CASE WHEN gr_roll < 0.1 THEN gr.g END,
               CASE WHEN sec < 0.3 THEN 'GOV' WHEN sec < 0.45 THEN 'COP' WHEN sec < 0.55 THEN 'MIL' END,
               CASE WHEN gr_roll > 0.85 THEN NULL ELSE r.s END, CASE WHEN gr_roll > 0.85 THEN gr.g END,
               p.name, p.country, p.lat, p.lon, day::VARCHAR, 'site' || (raw.i % 40) || '.example',
               CASE WHEN c < 0.4 THEN 'c' || (raw.i // 3) END,
               json_object('location', json_object('name_ar', p.name_ar)), 0.8, false, false
        FROM raw JOIN kinds k ON k.i = raw.ti JOIN states a ON a.i = raw.ai JOIN states r ON r.i = raw.ri
             JOIN grps gr ON gr.i = raw.gi JOIN places p ON p.i = raw.pi""")
    con.close()


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples):.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="an existing store instead of a synthetic one")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        if not args.db:
            t = time.perf_counter()
            synthetic_store(db, args.events)
            print(f"synthetic store: {args.events:,} events in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        pages = [("/timeline", "/api/timeline", {}), ("/timeline?grain=day", "/api/timeline", {"grain": "day"}),
                 ("/map", "/api/places", {"limit": 500}), ("/graph", "/api/network", {"max_edges": 80}),
                 ("/graph?level=agency", "/api/network", {"max_edges": 80, "level": "agency"})]
        with LiveServer(WebSettings(db_path=str(db), idle_seconds=30)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            print(f"{time.strftime('%Y-%m-%d')} · {platform.machine()}, {platform.python_version()} · {db.name}", file=sys.stderr)
            print("| page | API call | API answer | API size | page drawn (from navigation) | of which in the browser |")
            print("|---|---|---|---|---|---|")
            for path, api_path, params in pages:
                httpx.get(base + api_path, params=params, timeout=120)  # warm the store
                api_times, size = [], 0
                for _ in range(args.runs):
                    t = time.perf_counter()
                    size = len(httpx.get(base + api_path, params=params, timeout=120).content)
                    api_times.append((time.perf_counter() - t) * 1000)
                drawn, browser_side = [], []
                for _ in range(args.runs + 1):  # the first load fills the browser's cache with the libraries
                    page.goto(base + path)
                    page.wait_for_selector("#chart[data-state=ready]", timeout=120_000)
                    ready_at = float(page.get_attribute("#chart", "data-ready-at"))
                    response_end = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
                    drawn.append(ready_at)
                    browser_side.append(ready_at - response_end)
                drawn, browser_side = drawn[1:], browser_side[1:]
                print(f"| {path} | {api_path}?{'&'.join(f'{k}={v}' for k, v in params.items())} | {median_ms(api_times)} ms | "
                      f"{size / 1024:.0f} KiB | {median_ms(drawn)} ms | {median_ms(browser_side)} ms |")
            browser.close()
            if errors:
                print("console errors:", *errors, sep="\n  ", file=sys.stderr)
                sys.exit(1)


if __name__ == "__main__":
    main()
