"""Screenshots of the timeline, map and network pages in Arabic and English at 1366×900, for docs/screenshots.

    marsad run ../shared/data/events/train/articles ../shared/data/corpus/saudinewsnet/zips/2015-07-2{3,7}.zip --db demo.duckdb
    python tools/chart_screenshots.py --db demo.duckdb [--out docs/screenshots]

Starts the app on loopback over the store and opens each page in Debian's headless chromium (as the tests do);
a page is taken once its chart says it is ready. Fails on a console error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_support import LiveServer  # noqa: E402

from marsad.web.context import WebSettings  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PAGES = {"timeline": "/timeline", "map": "/map", "graph": "/graph"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with LiveServer(WebSettings(db_path=args.db, idle_seconds=30)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for lang in ("ar", "en"):
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=lang)
            context.add_cookies([{"name": "marsad_lang", "value": lang, "url": base}])
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for name, path in PAGES.items():
                page.goto(base + path)
                page.wait_for_selector("#chart[data-state=ready]")
                page.wait_for_timeout(300)  # the web font
                target = out / (f"{name}.png" if lang == "ar" else f"{name}-{lang}.png")
                page.screenshot(path=target)
                print(target)
            context.close()
        browser.close()
    if errors:
        sys.exit("console errors:\n  " + "\n  ".join(errors))


if __name__ == "__main__":
    main()
