"""The chart libraries side by side, as docs/charts.md reports them: bundle sizes, and the network drawn by
Apache ECharts (force layout, SVG) and by Cytoscape.js (CoSE layout) from the same random graphs, timed in
Debian's headless chromium under marsad's Content-Security-Policy, with the label overlaps each layout leaves.
Also whether the browser offers WebGL (MapLibre GL needs it).

    python bench/charts_libraries.py [--runs 3]

Fetches the candidates that marsad does not vendor (Cytoscape.js, MapLibre GL) with `npm pack` into a scratch
folder; ECharts, Leaflet and Leaflet.markercluster come from src/marsad/web/static/vendor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import subprocess
import tarfile
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from marsad.web.app import CSP

VENDOR = Path(__file__).resolve().parents[1] / "src" / "marsad" / "web" / "static" / "vendor"
CANDIDATES = {"cytoscape@3.35.0": ["dist/cytoscape.min.js"],
              "maplibre-gl@6.17.0": ["dist/maplibre-gl.mjs", "dist/maplibre-gl-worker.mjs"]}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<div id="box"></div>
<script src="echarts.min.js"></script><script src="cytoscape.min.js"></script><script src="bench.js"></script></body></html>"""
SCRIPT = r"""
window.run = (lib, graph) => {
  const box = document.getElementById('box');
  box.style.width = '1320px';  // the CSSOM: allowed under style-src 'self', as in the app
  box.style.height = '640px';
  box.replaceChildren();
  const t0 = performance.now();
  let labels;
  if (lib === 'echarts') {
    const chart = echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({ animation: false, series: [{ type: 'graph', layout: 'force', data: graph.nodes.map(n => ({ name: n.id, symbolSize: n.size })),
      links: graph.links, edgeSymbol: ['none', 'arrow'], label: { show: true, position: 'bottom' },
      force: { repulsion: 300, gravity: 0.12, edgeLength: [60, 160], layoutAnimation: false } }] });
    labels = [...box.querySelectorAll('text')].map(t => t.getBoundingClientRect()).map(r => [r.left, r.top, r.right, r.bottom]);
    chart.dispose();
  } else {
    const cy = cytoscape({ container: box, elements: [...graph.nodes.map(n => ({ data: { id: n.id, size: n.size } })),
      ...graph.links.map((l, i) => ({ data: { id: 'e' + i, source: l.source, target: l.target } }))],
      style: [{ selector: 'node', style: { label: 'data(id)', width: 'data(size)', height: 'data(size)', 'text-valign': 'bottom' } },
              { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' } }],
      layout: { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, randomize: true } });
    labels = cy.nodes().map(n => n.renderedBoundingBox({ includeLabels: true, includeNodes: false })).map(b => [b.x1, b.y1, b.x2, b.y2]);
    cy.destroy();
  }
  const ms = performance.now() - t0;
  let overlaps = 0;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i], b = labels[j];
    if (Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5) overlaps++;
  }
  return { ms, overlaps, labels: labels.length };
};
window.webgl = () => Boolean(document.createElement('canvas').getContext('webgl2') || document.createElement('canvas').getContext('webgl'));
"""


def graph(nodes: int, links: int, seed: int = 5) -> dict:
    rng = random.Random(seed)
    ids = [f"{rng.choice(['', 'al-', 'New '])}{''.join(rng.choice('abcdefghijklmnop') for _ in range(rng.randint(4, 12)))}{i}" for i in range(nodes)]
    weight = [1 / (i + 1) for i in range(nodes)]  # a few hubs, many small actors, as in the news
    pairs = set()
    while len(pairs) < links:
        a, b = rng.choices(range(nodes), weight, k=2)
        if a != b:
            pairs.add((a, b))
    return {"nodes": [{"id": i, "size": 10 + 20 * weight[k] ** 0.5} for k, i in enumerate(ids)],
            "links": [{"source": ids[a], "target": ids[b]} for a, b in pairs]}


def sizes(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".js", ".mjs", ".css"):
            raw = path.read_bytes()
            out.append((str(path.relative_to(folder)), len(raw), len(gzip.compress(raw, 9))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for spec, files in CANDIDATES.items():
            tarball = subprocess.run(["npm", "pack", "--silent", "--ignore-scripts", spec], cwd=work, check=True,
                                     capture_output=True, text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(work / tarball) as tar:
                for name in files:
                    member = tar.getmember("package/" + name)
                    (work / "candidates" / spec).mkdir(parents=True, exist_ok=True)
                    (work / "candidates" / spec / Path(name).name).write_bytes(tar.extractfile(member).read())
        print("| file | minified | gzip -9 |\n|---|---|---|")
        for name, raw, packed in sizes(VENDOR) + sizes(work / "candidates"):
            print(f"| {name} | {raw / 1024:.0f} KiB | {packed / 1024:.0f} KiB |")

        site = work / "site"
        site.mkdir()
        (site / "index.html").write_text(PAGE, encoding="utf-8")
        (site / "bench.js").write_text(SCRIPT, encoding="utf-8")
        (site / "echarts.min.js").write_bytes((VENDOR / "echarts" / "echarts.min.js").read_bytes())
        (site / "cytoscape.min.js").write_bytes((work / "candidates" / "cytoscape@3.35.0" / "cytoscape.min.js").read_bytes())

        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                self.send_header("Content-Security-Policy", CSP.format(tiles=""))  # the app's own
                super().end_headers()

            def log_message(self, *a) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
            print(f"\nWebGL in headless chromium ({' '.join(CHROMIUM_ARGS[:2])}): {page.evaluate('webgl()')}")
            print("\n| network | library | layout and drawing (median) | overlapping label pairs | CSP violations |\n|---|---|---|---|---|")
            for nodes, links in ((80, 150), (300, 2000)):
                g = graph(nodes, links)
                for lib in ("echarts", "cytoscape"):
                    before = len(errors)
                    runs = [page.evaluate("([lib, g]) => run(lib, g)", [lib, json.loads(json.dumps(g))]) for _ in range(args.runs)]
                    refused = [e for e in errors[before:] if "Content Security Policy" in e]
                    print(f"| {nodes} nodes, {links} links | {lib} | {statistics.median(r['ms'] for r in runs):.0f} ms | "
                          f"{statistics.median(r['overlaps'] for r in runs):.0f} of {runs[0]['labels']} labels | {len(refused)} |")
            browser.close()
        server.shutdown()
        if errors:
            print("console errors:", *errors, sep="\n  ")


if __name__ == "__main__":
    main()
