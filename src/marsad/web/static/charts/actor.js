// An actor's stories per month (templates/actor.html): stacked bars on a real time axis (Apache ECharts), by
// PLOVER quad class (cooperation and conflict) or by type, with zoom and a legend that hides series. A click on
// a month narrows the actor's page to it (its counts, partners and latest events), since the events table has
// no filter for every kind of actor (a group on either side, an agency). The data comes with the page.
/* global echarts */
import { QUAD_COLORS, QUADS, TYPE_COLORS, TYPES, clearLegend, el, fmt, fmtDate, lang, message, quadName, readJSON,
  ready, root, rtl, say, seriesLegend, storyBulk, swatch, typeName, utc } from "./common.js";

const rows = readJSON("chart-data") || [];
const hidden = new Set();
let colour = new URLSearchParams(location.search).get("colour") === "type" ? "type" : "quad";
let chart = null;
let cells = new Map();  // series id → per month {start, end, stories, events}

function draw() {
  clearLegend();
  hidden.clear();
  if (!rows.length) { message("no_chart_data"); ready(); return; }
  if (!chart) {
    root.replaceChildren();
    root.dir = "ltr";  // zrender maps the mouse wrongly inside a right-to-left box; the axis runs right to left instead
    chart = echarts.init(root, null, { renderer: "canvas", locale: lang === "ar" ? "AR" : "EN" });
    chart.getZr().on("click", open);
    addEventListener("resize", () => chart.resize());
  }
  const byQuad = colour === "quad";
  const keyOf = r => (byQuad ? r.quad : r.type);
  const present = (byQuad ? QUADS : TYPES).filter(k => rows.some(r => keyOf(r) === k));
  const periods = [...new Map(rows.map(r => [r.period, r.end])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const slot = new Map(periods.map(([start], i) => [start, i]));
  const middle = periods.map(([start, end]) => (utc(start) + utc(end) + 864e5) / 2);
  cells = new Map();
  const series = present.map(key => {
    const own = periods.map(([start, end]) => ({ start, end, stories: 0, events: 0 }));
    for (const r of rows) {
      if (keyOf(r) !== key) continue;
      const cell = own[slot.get(r.period)];
      cell.stories += r.stories; cell.events += r.events;
    }
    cells.set(key, own);
    const color = byQuad ? QUAD_COLORS[key] : TYPE_COLORS[key] || "#999";
    return { id: key, name: byQuad ? quadName(key) : typeName(key), type: "bar", stack: "all", barMinWidth: 2, barMaxWidth: 40,
             data: own.map((cell, i) => [middle[i], cell.stories, cell.events]), encode: { x: 0, y: 1 },
             itemStyle: { color }, emphasis: { focus: "series" }, cursor: "pointer" };
  });
  const zoom = storyBulk(rows, periods, middle, 0.05, 15);
  const first = utc(periods[0][0]), last = utc(periods[periods.length - 1][1]) + 864e5;
  const pad = Math.max(15 * 864e5, (last - first) * 0.01);
  chart.setOption({
    animation: false,
    useUTC: true,
    textStyle: { fontFamily: lang === "ar" ? "Noto Naskh Arabic, sans-serif" : "system-ui, sans-serif" },
    grid: { left: rtl ? 16 : 48, right: rtl ? 48 : 16, top: 12, bottom: 72 },
    xAxis: { type: "time", inverse: rtl, min: first - pad, max: last + pad, minInterval: 28 * 864e5,
             axisLabel: { hideOverlap: true, formatter: { year: "{yyyy}", month: "{MMM} {yyyy}", day: "", hour: "", minute: "", second: "", millisecond: "" } },
             splitLine: { show: false } },
    yAxis: { type: "value", position: rtl ? "right" : "left", minInterval: 1, name: say("stories"), nameLocation: "middle", nameGap: 34 },
    legend: { show: false },
    dataZoom: [{ type: "inside", xAxisIndex: 0, filterMode: "weakFilter", ...(zoom ? { startValue: zoom[0], endValue: zoom[1] } : {}) },
               { type: "slider", xAxisIndex: 0, filterMode: "weakFilter", bottom: 12, height: 24,
                 labelFormatter: v => fmtDate(new Date(v).toISOString().slice(0, 10), "month") }],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: tip, confine: true },
    series,
  }, { notMerge: true });
  seriesLegend(chart, series, present, byQuad, hidden);
  ready();
}


function tip(params) {
  const shown = [].concat(params).filter(p => p.value[1] > 0);
  if (!shown.length) return "";
  const { start } = cells.get(shown[0].seriesId)[shown[0].dataIndex];
  const total = shown.reduce((n, p) => n + p.value[1], 0), events = shown.reduce((n, p) => n + p.value[2], 0);
  return el("div", { class: "chart-tip", dir: rtl ? "rtl" : "ltr" },
    el("div", { class: "tip-title", text: fmtDate(start, "month") }),
    ...shown.slice().reverse().map(p => el("div", {}, swatch(p.color), el("span", { text: ` ${p.seriesName}: ${fmt(p.value[1])}` }))),
    el("div", { text: `${say("stories")}: ${fmt(total)} · ${say("chart_events")}: ${fmt(events)}` }),
    el("div", { class: "tip-hint", text: say("click_for_period") }));
}

// a click in a month's column: the actor's page for that month (types and colouring kept)
function open(event) {
  const point = [event.offsetX, event.offsetY];
  if (!chart.containPixel("grid", point)) return;
  const time = chart.convertFromPixel("grid", point)[0];
  const ids = [...cells.keys()].filter(id => !hidden.has(id));
  if (!ids.length) return;
  const column = cells.get(ids[0]);
  const width = Math.abs(chart.convertFromPixel("grid", [point[0] + 4, point[1]])[0] - time);
  const best = column.findIndex(c => (utc(c.start) <= time && time < utc(c.end) + 864e5)
    || Math.abs((utc(c.start) + utc(c.end) + 864e5) / 2 - time) <= width);
  if (best < 0 || !ids.some(id => cells.get(id)[best].stories)) return;
  const params = new URLSearchParams(location.search);
  params.set("date_from", column[best].start);
  params.set("date_to", column[best].end);
  params.delete("page");
  location.href = root.dataset.href + "?" + params + "#latest";
}

const colourSelect = document.getElementById("colour-by");
colourSelect.value = colour;
colourSelect.addEventListener("change", () => {
  colour = colourSelect.value;
  const params = new URLSearchParams(location.search);
  if (colour === "quad") params.delete("colour"); else params.set("colour", colour);
  history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : "") + location.hash);
  draw();
});
draw();
