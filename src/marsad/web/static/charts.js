// marsad's charts: timeline (stacked bars by month and type), map (bundled world layer), actor network.
// Drawn as SVG with DOM calls and textContent only: no HTML strings, so no data can become markup.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = { CONSULT: "#3b82f6", AGREE: "#16a34a", COOPERATE: "#65a30d", SUPPORT: "#a3e635", AID: "#14b8a6",
    REQUEST: "#0ea5e9", CONCEDE: "#a78bfa", RETREAT: "#c084fc", ACCUSE: "#f59e0b", REJECT: "#f97316", THREATEN: "#ec4899",
    PROTEST: "#e11d48", SANCTION: "#b45309", MOBILIZE: "#64748b", COERCE: "#ea580c", ASSAULT: "#dc2626" };
  const root = document.getElementById("chart");
  if (!root) return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const rtl = document.documentElement.dir === "rtl";

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }
  function title(node, text) { el("title", {}, node).textContent = text; return node; }
  function empty() { const p = document.createElement("p"); p.className = "meta"; p.textContent = "—"; root.appendChild(p); }
  function legend(types) {
    const row = document.createElement("div"); row.className = "legend-row";
    for (const ty of types) {
      const item = document.createElement("span"); const sw = document.createElement("span");
      sw.className = "swatch"; sw.style.background = COLORS[ty] || "#999"; item.appendChild(sw);
      item.appendChild(document.createTextNode(ty)); row.appendChild(item);
    }
    root.appendChild(row);
  }

  function timeline() {
    if (!data.length) return empty();
    let months = [...new Set(data.map(d => d.month))].sort();
    // a continuous month axis when the span is short enough to read; else only the months with events
    const toIndex = m => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
    const first = toIndex(months[0]), last = toIndex(months[months.length - 1]);
    if (last - first < 72) {
      months = [];
      for (let i = first; i <= last; i++) months.push(`${Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, "0")}`);
    }
    const types = [...new Set(data.map(d => d.type))].sort();
    const totals = {}; for (const d of data) totals[d.month] = (totals[d.month] || 0) + d.stories;
    const max = Math.max(...Object.values(totals));
    const W = 960, H = 360, pad = 44, bw = (W - 2 * pad) / months.length;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" }, root);
    el("line", { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: "#98a2b3" }, svg);
    for (let g = 0; g <= 4; g++) {
      const y = H - pad - (H - 2 * pad) * g / 4;
      el("line", { x1: pad, y1: y, x2: W - pad, y2: y, stroke: "#eef1f5" }, svg);
      el("text", { x: rtl ? W - pad + 6 : pad - 6, y: y + 4, "text-anchor": rtl ? "start" : "end" }, svg).textContent = String(Math.round(max * g / 4));
    }
    months.forEach((m, i) => {
      const slot = rtl ? months.length - 1 - i : i;  // time runs right to left in Arabic
      let y = H - pad;
      for (const ty of types) {
        const d = data.find(r => r.month === m && r.type === ty);
        if (!d) continue;
        const h = (H - 2 * pad) * d.stories / max;
        y -= h;
        title(el("rect", { x: pad + slot * bw + 1, y: y, width: Math.max(1, bw - 2), height: h, fill: COLORS[ty] || "#999", class: "bar", "data-type": ty }, svg),
          `${m} ${ty}: ${d.stories} / ${d.events}`);
      }
      if (months.length <= 24 || i % Math.ceil(months.length / 24) === 0)
        el("text", { x: pad + slot * bw + bw / 2, y: H - pad + 14, "text-anchor": "middle" }, svg).textContent = m;
    });
    legend(types);
  }

  // Web Mercator on a 256-unit square: the projection of the bundled world layer and of map tiles
  function mercator(lon, lat) {
    const phi = Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180;
    return [(lon + 180) / 360 * 256, (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * 256];
  }

  async function map() {
    const world = await (await fetch("/static/world.json")).json();
    const byCountry = {}; for (const p of data) byCountry[p.country] = (byCountry[p.country] || 0) + p.stories;
    const max = Math.max(1, ...Object.values(byCountry));
    const top = mercator(0, 75)[1], bottom = mercator(0, -50)[1];
    const svg = el("svg", { viewBox: `0 ${top} 256 ${bottom - top}`, role: "img" }, root);
    const tiles = root.dataset.tiles;  // a tile server's URL template, only when the server was given one
    if (tiles) {
      root.classList.add("with-tiles");
      const z = 2, n = 1 << z, size = 256 / n;
      for (let x = 0; x < n; x++) for (let y = 0; y < n; y++)
        el("image", { href: tiles.replace("{z}", z).replace("{x}", x).replace("{y}", y), x: x * size, y: y * size,
                      width: size, height: size, class: "tile" }, svg);
    }
    const g = el("g", {}, svg);
    for (const c of world.countries) {
      const n = byCountry[c.iso3] || 0;
      const path = el("path", { d: c.d, class: "country" + (n ? " has" : ""), "data-iso3": c.iso3 }, g);
      if (n) path.style.fill = `rgba(11, 110, 79, ${0.15 + 0.85 * Math.sqrt(n / max)})`;
      title(path, `${c.name} (${c.iso3}): ${n}`);
    }
    for (const p of data) {
      if (p.lat == null || p.lon == null) continue;
      const [x, y] = mercator(p.lon, p.lat);
      title(el("circle", { cx: x, cy: y, r: Math.min(2.2, 0.5 + Math.sqrt(p.stories) * 0.3), class: "point" }, svg),
        `${p.name || ""} (${p.country}): ${p.stories} / ${p.events}`);
    }
    fit(svg, [...svg.querySelectorAll("path.has, circle.point")], top, bottom);
  }

  // zoom to where the events are: the box around shaded countries and places, padded, 2:1, within the world
  function fit(svg, shapes, top, bottom) {
    if (!shapes.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const s of shapes) {
      const b = s.getBBox();
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
    }
    let w = Math.max(40, (x1 - x0) * 1.3), h = Math.max(20, (y1 - y0) * 1.3);
    if (w < 2 * h) w = 2 * h; else h = w / 2;
    w = Math.min(w, 256); h = Math.min(h, bottom - top);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const x = Math.min(Math.max(0, cx - w / 2), 256 - w), y = Math.min(Math.max(top, cy - h / 2), bottom - h);
    svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
  }

  function graph() {
    const nodes = data.nodes.map(n => ({ ...n })), links = data.links;
    if (!nodes.length) return empty();
    const W = 960, H = 640, index = {};
    nodes.forEach((n, i) => { index[n.id] = n; const a = 2 * Math.PI * i / nodes.length; n.x = W / 2 + 250 * Math.cos(a); n.y = H / 2 + 250 * Math.sin(a); n.vx = 0; n.vy = 0; });
    const maxLink = Math.max(1, ...links.map(l => l.stories));
    // Fruchterman-Reingold: repulsion k²/d between all nodes, attraction d²/k along links, a weak pull to
    // the centre (keeps separate components on screen), moves capped by a cooling temperature
    const k = 0.45 * Math.sqrt(W * H / nodes.length), steps = 400;
    for (let step = 0; step < steps; step++) {
      const temp = (W / 8) * (1 - step / steps) + 1;
      for (const n of nodes) { n.dx = 0; n.dy = 0; }
      for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const f = k * k / d;
        a.dx += f * dx / d; a.dy += f * dy / d; b.dx -= f * dx / d; b.dy -= f * dy / d;
      }
      for (const l of links) {
        const s = index[l.source], t = index[l.target], dx = s.x - t.x, dy = s.y - t.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const f = d * d / k * (0.6 + 0.4 * l.stories / maxLink);
        s.dx -= f * dx / d; s.dy -= f * dy / d; t.dx += f * dx / d; t.dy += f * dy / d;
      }
      for (const n of nodes) {
        n.dx += (W / 2 - n.x) * 0.2 * k / 50; n.dy += (H / 2 - n.y) * 0.2 * k / 50;
        const d = Math.max(Math.sqrt(n.dx * n.dx + n.dy * n.dy), 1e-9), move = Math.min(d, temp);
        n.x = Math.min(W - 40, Math.max(40, n.x + n.dx / d * move));
        n.y = Math.min(H - 30, Math.max(40, n.y + n.dy / d * move));
      }
    }
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" }, root);
    for (const l of links) {
      const s = index[l.source], t = index[l.target];
      title(el("line", { x1: s.x, y1: s.y, x2: t.x, y2: t.y, "stroke-width": 0.8 + 7 * l.stories / maxLink, class: "link" }, svg),
        `${l.source} — ${l.target}: ${l.stories} / ${l.events}`);
    }
    const maxNode = Math.max(1, ...nodes.map(n => n.stories));
    for (const n of nodes) {
      const g = el("g", { class: "node-g", "data-id": n.id }, svg);
      title(el("circle", { cx: n.x, cy: n.y, r: 5 + 16 * Math.sqrt(n.stories / maxNode), class: "node" }, g), `${n.id}: ${n.stories} / ${n.events}`);
      el("text", { x: n.x, y: n.y - 8 - 16 * Math.sqrt(n.stories / maxNode), "text-anchor": "middle" }, g).textContent = n.id;
    }
  }

  ({ timeline, map, graph })[root.dataset.chart]();
})();
