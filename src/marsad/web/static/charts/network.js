// The actor network (Apache ECharts graph): states, agencies and groups as nodes sized by their stories, named
// in the UI language; arrows from actor to recipient, as wide as their stories and coloured by PLOVER quad
// class; a legend; a click on a node or an arrow shows its counts and links to the events behind it.
// Layout: ECharts' force layout (gravity keeps unlinked nodes near the middle, not in the corners), then the
// nodes are pushed apart until no two labels overlap, and drawn where they stand.
/* global echarts */
import { QUADS, QUAD_COLORS, dateInputs, details, el, eventsURL, failed, fetchJSON, filterParams, fmt, keepStateOnSubmit, lang,
  legend, message, name, quadName, readJSON, ready, root, rtl, say, swatch } from "./common.js";

const KIND_COLORS = { state: "#0b6e4f", agency: "#2a9d8f", group: "#6a4c93" };
const FONT = `12px ${lang === "ar" ? "'Noto Naskh Arabic', sans-serif" : "system-ui, sans-serif"}`;
const LABEL_HEIGHT = 16;
const MAX_LABEL = 28;  // characters; the tooltip and the details show the whole name
const level = root.dataset.level || "state";
let graph = readJSON("chart-data");
let chart = null;
let drawnSize = [0, 0];

function label(node) {
  const text = name(node.names, node.id);
  return text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1) + "…" : text;
}

function measure(texts) {
  const context = document.createElement("canvas").getContext("2d");
  context.font = FONT;
  return texts.map(t => Math.ceil(context.measureText(t).width) + 6);
}

// a node's box: its circle and its label centred under it
function box(n) {
  const half = Math.max(n.r, n.w / 2);
  return [n.x - half, n.y - n.r, n.x + half, n.y + n.r + 2 + LABEL_HEIGHT];
}

// push overlapping boxes apart along the axis that separates them soonest, inside the frame
function separate(nodes, frame) {
  for (let round = 0; round < 400; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = box(nodes[i]), b = box(nodes[j]);
      const dx = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), dy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (dx <= 0 || dy <= 0) continue;
      moved = true;
      const p = nodes[i], q = nodes[j];
      if (dx < dy) { const s = (p.x < q.x || (p.x === q.x && i < j) ? -1 : 1) * (dx / 2 + 1); p.x += s; q.x -= s; }
      else { const s = (p.y < q.y || (p.y === q.y && i < j) ? -1 : 1) * (dy / 2 + 1); p.y += s; q.y -= s; }
    }
    for (const n of nodes) {
      const half = Math.max(n.r, n.w / 2);
      n.x = Math.min(frame[2] - half, Math.max(frame[0] + half, n.x));
      n.y = Math.min(frame[3] - n.r - 2 - LABEL_HEIGHT, Math.max(frame[1] + n.r, n.y));
    }
    if (!moved) return 0;
  }
  return 1;
}

function side(node, role) {
  return node.kind === "group" ? { [role + "_group"]: node.group } : { [role + "_country"]: node.country };
}

function nodeTip(n) {
  return el("div", { class: "chart-tip", dir: rtl ? "rtl" : "ltr" },
    el("div", { class: "tip-title", dir: "auto", text: name(n.names, n.id) }),
    el("div", { text: say("node_" + n.kind) }),
    el("div", { text: `${say("stories")}: ${fmt(n.stories)} (${say("as_actor")}: ${fmt(n.as_actor)} · ${say("as_recipient")}: ${fmt(n.as_recipient)})` }),
    el("div", { class: "tip-hint", text: say("click_for_events") }));
}

function pair(link, byId) {
  // each name isolated (bdi), the arrow pointing the way the line reads: → in English, ← in Arabic
  return el("span", {}, el("bdi", { text: name(byId.get(link.source).names, link.source) }), el("span", { text: rtl ? " ← " : " → " }),
    el("bdi", { text: name(byId.get(link.target).names, link.target) }));
}

function linkTip(link, byId) {
  return el("div", { class: "chart-tip", dir: rtl ? "rtl" : "ltr" },
    el("div", { class: "tip-title" }, pair(link, byId)),
    el("div", { text: `${say("stories")}: ${fmt(link.stories)} · ${say("chart_events")}: ${fmt(link.events)}` }),
    ...QUADS.filter(q => link.quads[q]).map(q => el("div", {}, swatch(QUAD_COLORS[q]), el("span", { text: ` ${quadName(q)}: ${fmt(link.quads[q])}` }))),
    el("div", { class: "tip-hint", text: say("click_for_events") }));
}

function showNode(n) {
  const links = n.kind === "group" ? [] : [[say("events_either_side"), eventsURL({ country: n.country })]];
  links.push([say("events_as_actor"), eventsURL(side(n, "actor"))], [say("events_as_recipient"), eventsURL(side(n, "recipient"))]);
  details(name(n.names, n.id), [say("node_" + n.kind),
    `${say("stories")}: ${fmt(n.stories)} · ${say("as_actor")}: ${fmt(n.as_actor)} · ${say("as_recipient")}: ${fmt(n.as_recipient)}`], links);
  // the name leads to the actor's own page (web/actor_pages.py): /actors/state/SAU, /actors/agency/SAU.MIL, /actors/group/ISIS
  const page = n.kind === "group" ? `group/${n.group}` : n.kind === "agency" ? `agency/${n.country}.${n.sector}` : `state/${n.country}`;
  document.querySelector("#chart-details h2").replaceChildren(el("a", { href: "/actors/" + page.split("/").map(encodeURIComponent).join("/"), id: "node-page", text: name(n.names, n.id) }));
}

function showLink(link, byId) {
  const source = byId.get(link.source), target = byId.get(link.target);
  const filter = { ...side(source, "actor"), ...side(target, "recipient") };
  details(`${name(source.names, source.id)} ${rtl ? "←" : "→"} ${name(target.names, target.id)}`,
    [`${say("stories")}: ${fmt(link.stories)} · ${say("chart_events")}: ${fmt(link.events)}`,
     ...QUADS.filter(q => link.quads[q]).map(q => `${quadName(q)}: ${fmt(link.quads[q])}`)],
    [[say("events_of_link"), eventsURL(filter)],
     [say("dyad_over_time"), "/timeline?" + filterParams({ ...filter, colour: "quad" })]]);
  const title = document.querySelector("#chart-details h2");
  title.replaceChildren(pair(link, byId));
}

function drawLegend() {
  legend(say("colour_quad"), QUADS.map(q => ({ key: q, label: quadName(q), color: QUAD_COLORS[q], shape: "line" })));
  const kinds = ["state", "agency", "group"].filter(k => graph.nodes.some(n => n.kind === k));
  legend(say("legend"), kinds.map(k => ({ key: k, label: say("node_" + k), color: KIND_COLORS[k], shape: "dot" })));
  const notes = document.createElement("div");
  notes.className = "legend-group legend-note";
  for (const key of ["arrow_direction", "link_width", "node_size"]) notes.append(el("span", { text: say(key) }));
  document.getElementById("chart-legend").append(notes);
}

function draw(keepDetails) {
  document.getElementById("chart-legend").replaceChildren();
  if (!keepDetails) document.getElementById("chart-details").hidden = true;
  const nodes = graph.nodes, links = graph.links;
  if (!nodes.length) { chart?.dispose(); chart = null; message("no_chart_data"); ready(); return; }
  if (!chart) {
    root.replaceChildren();
    root.dir = "ltr";  // zrender maps the mouse to the chart wrongly inside a right-to-left box; RTL is the axis's and the legend's
    chart = echarts.init(root, null, { renderer: "svg", locale: lang === "ar" ? "AR" : "EN" });
    let pending = 0;  // a new layout when the box changes size (not for a scroll bar coming and going)
    addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        if (Math.abs(root.clientWidth - drawnSize[0]) + Math.abs(root.clientHeight - drawnSize[1]) < 40) return;
        chart.resize();
        draw(true);
      }, 200);
    });
  }
  const W = root.clientWidth, H = root.clientHeight;
  drawnSize = [W, H];
  const maxNode = Math.max(1, ...nodes.map(n => n.stories)), maxLink = Math.max(1, ...links.map(l => l.stories));
  const labels = nodes.map(label), widths = measure(labels);
  const placed = nodes.map((n, i) => {
    const angle = 2 * Math.PI * i / nodes.length;  // a fixed start: the same data gives the same picture
    return { id: n.id, r: 6 + 16 * Math.sqrt(n.stories / maxNode), w: widths[i], x: W / 2 + W / 4 * Math.cos(angle), y: H / 2 + H / 4 * Math.sin(angle) };
  });
  const byId = new Map(nodes.map(n => [n.id, n]));
  const edges = links.map(l => ({ source: l.source, target: l.target, link: l, value: l.stories,
    lineStyle: { color: QUAD_COLORS[l.quad] || "#98a2b3", width: 1 + 7 * (l.stories / maxLink) ** 0.6, opacity: 0.85, curveness: 0.18 } }));
  // 1. ECharts' force layout, computed at once (no animation), from the fixed start
  const repulsion = Math.min(900, 60 + 40000 / Math.max(8, nodes.length));
  chart.setOption({ series: [{ type: "graph", layout: "force", animation: false, data: placed.map(p => ({ name: p.id, x: p.x, y: p.y, symbolSize: 2 * p.r })),
    links: edges.map(e => ({ source: e.source, target: e.target })),
    force: { repulsion, gravity: 0.12, edgeLength: [60, 160], friction: 0.2, layoutAnimation: false } }] }, { notMerge: true });
  const layout = chart.getModel().getSeriesByIndex(0).getData();
  placed.forEach((p, i) => { const xy = layout.getItemLayout(i); if (xy) { p.x = xy[0]; p.y = xy[1]; } });
  // 2. no label over another: the frame leaves room for the labels; ECharts fits the nodes' box into it
  const margin = { x: Math.max(...widths) / 2 + 4, top: 26, bottom: 28 + LABEL_HEIGHT };
  fitInto(placed, [margin.x, margin.top, W - margin.x, H - margin.bottom]);
  root.dataset.overlaps = String(separate(placed, [8, 8, W - 8, H - 8]));
  // 3. drawn where they stand
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", confine: true, formatter: p => (p.dataType === "edge" ? linkTip(p.data.link, byId) : nodeTip(byId.get(p.data.name))) },
    series: [{
      // the box of the nodes as placed: ECharts maps the nodes' extent onto it, so 1 px stays 1 px (no new overlap)
      type: "graph", layout: "none", roam: true, ...extent(placed), cursor: "pointer",
      data: placed.map((p, i) => ({ name: p.id, x: p.x, y: p.y, symbolSize: 2 * p.r, itemStyle: { color: KIND_COLORS[nodes[i].kind] },
        label: { formatter: labels[i] } })),
      links: edges, edgeSymbol: ["none", "arrow"], edgeSymbolSize: [0, 9],
      label: { show: true, position: "bottom", distance: 2, fontSize: 12, color: "#1d2430", fontFamily: FONT.split(" ").slice(1).join(" "),
               textBorderColor: "#fff", textBorderWidth: 3 },
      itemStyle: { borderColor: "#fff", borderWidth: 1.5 },
      emphasis: { focus: "adjacency", lineStyle: { opacity: 1 } },
    }],
  }, { notMerge: true });
  chart.off("click");
  chart.on("click", p => (p.dataType === "edge" ? showLink(p.data.link, byId) : showNode(byId.get(p.data.name))));
  drawLegend();
  ready();
}

function extent(points) {
  const xs = points.map(p => p.x), ys = points.map(p => p.y);
  const x0 = Math.min(...xs), y0 = Math.min(...ys);
  return { left: x0, top: y0, width: Math.max(1, Math.max(...xs) - x0), height: Math.max(1, Math.max(...ys) - y0) };
}

// stretch the layout over the frame: the chart is wide and labels are wider than tall
function fitInto(points, frame) {
  const xs = points.map(p => p.x), ys = points.map(p => p.y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const sx = (frame[2] - frame[0]) / Math.max(1, x1 - x0), sy = (frame[3] - frame[1]) / Math.max(1, y1 - y0);
  const s = Math.min(sx, sy), kx = Math.min(sx, 2 * s), ky = Math.min(sy, 2 * s);  // stretched at most twice as much one way
  const cx = (frame[0] + frame[2]) / 2, cy = (frame[1] + frame[3]) / 2, mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  for (const p of points) { p.x = cx + (p.x - mx) * kx; p.y = cy + (p.y - my) * ky; }
}

async function reload() {
  try {
    const body = await fetchJSON("/api/network", { max_edges: 80, level });
    if (!body) return;  // a newer request is on its way
    graph = body;
    draw();
  } catch (error) { failed(error); }
}

dateInputs(reload);
keepStateOnSubmit();
document.fonts.ready.then(() => draw());  // labels are measured in the page's font: wait until it is there
