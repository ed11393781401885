// What the chart pages share: the page's data and words, the filter of the page and links to the events
// behind a mark, colours by PLOVER type and quad class, and DOM helpers. Text from the data is only ever set
// with textContent (or as an attribute value): no HTML strings, so no label can become markup.

export const root = document.getElementById("chart");
export const lang = document.documentElement.lang === "en" ? "en" : "ar";
export const rtl = document.documentElement.dir === "rtl";
const words = readJSON("chart-strings");

export function readJSON(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

export function say(key) { return words[key] || key; }
export function typeName(type) { return words["plover_" + type] || type; }
export function quadName(quad) { return words["quad_" + quad] || quad; }
export function name(names, fallback) { return (names && (names[lang] || names.en || names.ar)) || fallback || "—"; }

const numbers = new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : "en");
export function fmt(n) { return numbers.format(n || 0); }
export function fmtDate(iso, grain) {
  const options = { timeZone: "UTC", year: "numeric" };
  if (grain !== "year") options.month = "long";
  if (grain === "day" || grain === "week" || !grain) options.day = "numeric";
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);  // years before 100 stay themselves (Date.UTC would add 1900)
  return new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : "en-GB", options).format(date);
}
export function utc(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}

// PLOVER's quad classes, cooperation in blues and greens, conflict in oranges and reds (colour-blind safe pairs)
export const QUADS = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
export const QUAD_COLORS = { verbal_cooperation: "#6baed6", material_cooperation: "#1f5fa8", verbal_conflict: "#f4a040", material_conflict: "#c0262d" };
export const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
  "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"];
export const TYPE_COLORS = { AGREE: "#9ecae1", CONSULT: "#4292c6", SUPPORT: "#41ab5d", CONCEDE: "#a1d99b",
  COOPERATE: "#08519c", AID: "#00796b", RETREAT: "#807dba", REQUEST: "#fdd0a2", ACCUSE: "#fdae6b", REJECT: "#f16913",
  THREATEN: "#d94801", SANCTION: "#8c6d31", PROTEST: "#e7969c", MOBILIZE: "#ad494a", COERCE: "#e31a1c", ASSAULT: "#67000d" };

// the page's filter: its query string, changed in place by the chart's own controls (dates, grain)
const FILTERS = ["type", "mode", "context", "actor_country", "recipient_country", "country", "actor_group", "recipient_group",
  "name", "place", "location_country", "precision", "date_from", "date_to", "source", "text", "min_confidence", "clustered", "review"];
export const state = new URLSearchParams(location.search);

export function setParam(key, value) {
  if (value == null || value === "") state.delete(key); else state.set(key, value);
  history.replaceState(null, "", location.pathname + (state.toString() ? "?" + state : ""));
}

// the page's filters with some replaced (an array value repeats the parameter; null drops it)
export function filterParams(changes, keep) {
  const out = new URLSearchParams();
  for (const [k, v] of state) if ((FILTERS.includes(k) || (keep || []).includes(k)) && v !== "") out.append(k, v);
  for (const [k, v] of Object.entries(changes || {})) {
    out.delete(k);
    for (const x of [].concat(v ?? [])) if (x !== "") out.append(k, x);
  }
  return out;
}
export function eventsURL(changes) { return "/events?" + filterParams(changes); }

// the API's answer for the page's filter; null when a newer request was made meanwhile (its answer wins)
let latest = 0;
export async function fetchJSON(path, changes, keep) {
  const mine = ++latest;
  root.dataset.state = "loading";
  const response = await fetch(path + "?" + filterParams(changes, keep), { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  const body = await response.json();
  return mine === latest ? body : null;
}

export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k === "color") node.style.background = v;  // the CSSOM: allowed by the page's style-src 'self'
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

export function swatch(color, shape) { return el("span", { class: "swatch" + (shape ? " " + shape : ""), color }); }

// a legend: a heading and rows of [swatch, label] items; `toggle(key, on)` makes the items buttons
export function legend(title, items, toggle) {
  const box = document.getElementById("chart-legend");
  const group = el("div", { class: "legend-group" }, el("span", { class: "legend-title", text: title }));
  for (const item of items) {
    const label = el("span", { class: "legend-label", text: item.label });
    const entry = toggle
      ? el("button", { type: "button", class: "legend-item", "aria-pressed": "true", "data-key": item.key }, swatch(item.color, item.shape), label)
      : el("span", { class: "legend-item", "data-key": item.key }, swatch(item.color, item.shape), label);
    if (toggle) entry.addEventListener("click", () => {
      const on = entry.getAttribute("aria-pressed") !== "true";
      entry.setAttribute("aria-pressed", String(on));
      toggle(item.key, on);
    });
    group.append(entry);
  }
  box.append(group);
  return group;
}
// the legend of a chart's series by quad class or by type: a click hides or shows one series
export function seriesLegend(chart, series, present, byQuad, hidden) {
  legend(say(byQuad ? "colour_quad" : "colour_type"),
    present.map(key => ({ key, label: byQuad ? quadName(key) : typeName(key), color: byQuad ? QUAD_COLORS[key] : TYPE_COLORS[key] })),
    (key, on) => {
      if (on) hidden.delete(key); else hidden.add(key);
      chart.dispatchAction({ type: on ? "legendSelect" : "legendUnSelect", name: series.find(s => s.id === key).name });
    });
}

// where most stories are: when a few stray early dates (1942-02 beside 2015-07) would squeeze the rest into a
// sliver, the first view leaves out the earliest `share` of stories (rows: {period, stories}; periods: [start, …]
// in order, middle: their midpoints in ms); null when the whole span is the bulk. The slider still shows it all.
export function storyBulk(rows, periods, middle, share, minPadDays) {
  const byPeriod = new Map();
  for (const r of rows) byPeriod.set(r.period, (byPeriod.get(r.period) || 0) + r.stories);
  const totals = periods.map(([start]) => byPeriod.get(start));
  const all = totals.reduce((a, b) => a + b, 0);
  let i = 0, seen = 0;
  while (i < totals.length - 1 && seen + totals[i] <= all * share) seen += totals[i++];
  const span = middle[middle.length - 1] - middle[0];
  if (i === 0 || middle[middle.length - 1] - middle[i] > span * 0.5) return null;
  const pad = Math.max(864e5 * minPadDays, (middle[middle.length - 1] - middle[i]) * 0.05);
  return [middle[i] - pad, middle[middle.length - 1] + pad];
}

export function clearLegend() { document.getElementById("chart-legend").replaceChildren(); }

// the details box under the chart: a title, lines of text and links to the events behind the mark
export function details(title, lines, links) {
  const box = document.getElementById("chart-details");
  box.replaceChildren(
    el("h2", { text: title, dir: "auto" }),
    ...lines.map(line => el("p", { text: line, dir: "auto" })),
    el("ul", {}, ...links.map(([label, href]) => el("li", {}, el("a", { href, text: label, class: "events-link" })))));
  box.hidden = false;
}

export function message(key) {
  root.replaceChildren(el("p", { class: "meta chart-message", text: say(key) }));
}

// keep the chart's own parameters (dates, grain, a dyad) when the filter form is sent again
export function keepStateOnSubmit() {
  const form = document.querySelector("form.filters");
  if (!form) return;
  form.addEventListener("submit", () => {
    const own = new Set([...form.elements].map(e => e.name).filter(Boolean));
    for (const [k, v] of state) if (!own.has(k) && v !== "" && k !== "page") form.append(el("input", { type: "hidden", name: k, value: v }));
  });
}

// the From/To inputs of the map and the network: change the page's filter, then redraw
export function dateInputs(redraw) {
  for (const [id, key] of [["date-from", "date_from"], ["date-to", "date_to"]]) {
    const input = document.getElementById(id);
    if (!input) continue;
    input.addEventListener("change", () => {
      if (input.value && !/^\d{4}-\d{2}-\d{2}$/.test(input.value)) return;
      setParam(key, input.value);
      redraw();
    });
  }
}

export function ready() {
  root.dataset.readyAt = String(Math.round(performance.now()));  // ms since navigation: what bench/charts_render.py reports
  root.dataset.state = "ready";
  root.dataset.renders = String(Number(root.dataset.renders || 0) + 1);
}

export function failed(error) {
  root.dataset.state = "error";
  message("load_failed");
  console.warn(error);
}
