// The timeline: stories per period as stacked bars on a real time axis (Apache ECharts), by PLOVER type or by
// quad class (cooperation and conflict, e.g. for a dyad), a day, week, month or year at a time, with zoom.
// A click on a bar opens the events of that period and type; the grain and the colouring stay in the URL.
/* global echarts */
import { QUAD_COLORS, QUADS, TYPE_COLORS, TYPES, clearLegend, el, eventsURL, failed, fetchJSON, fmt, fmtDate,
  keepStateOnSubmit, lang, message, quadName, readJSON, ready, root, rtl, say, seriesLegend, setParam, state,
  storyBulk, swatch, typeName, utc } from "./common.js";

const GRAINS = ["day", "week", "month", "year"];
const STEP = { day: 864e5, week: 7 * 864e5, month: 28 * 864e5, year: 365 * 864e5 };  // axis ticks no closer than a period
let grain = GRAINS.includes(state.get("grain")) ? state.get("grain") : "month";
let colour = state.get("colour") === "quad" ? "quad" : "type";
let rows = readJSON("chart-data");  // the page comes with months
let chart = null;
let zoom = null;  // the zoomed window [start, end] in ms, kept across grains
let cells = new Map();  // series id → per period {start, end, stories, events, types}: for the tooltip and the click
const hidden = new Set();  // series switched off in the legend

function draw() {
  clearLegend();
  if (!rows.length) { chart?.dispose(); chart = null; message("no_chart_data"); ready(); return; }
  if (!chart) {
    root.replaceChildren();
    root.dir = "ltr";  // zrender maps the mouse to the chart wrongly inside a right-to-left box; RTL is the axis's and the legend's
    chart = echarts.init(root, null, { renderer: "canvas", locale: lang === "ar" ? "AR" : "EN" });
    chart.getZr().on("click", open);
    chart.on("datazoom", () => {
      const z = chart.getOption().dataZoom[0];
      zoom = [z.startValue, z.endValue];
    });
    addEventListener("resize", () => chart.resize());
  }
  const byQuad = colour === "quad";
  const keys = byQuad ? QUADS : TYPES;
  const present = keys.filter(k => rows.some(r => (byQuad ? r.quad : r.type) === k));
  // ECharts stacks bars by their index in each series: every series gets every period, 0 where it has none
  const periods = [...new Map(rows.map(r => [r.period, r.end])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const slot = new Map(periods.map(([start], i) => [start, i]));
  const middle = periods.map(([start, end]) => (utc(start) + utc(end) + 864e5) / 2);  // a bar stands in the middle of its period
  cells = new Map();
  const series = present.map(key => {
    const own = periods.map(([start, end]) => ({ start, end, stories: 0, events: 0, types: [] }));
    for (const r of rows) {
      if ((byQuad ? r.quad : r.type) !== key) continue;
      const cell = own[slot.get(r.period)];
      cell.stories += r.stories; cell.events += r.events; cell.types.push(r.type);
    }
    cells.set(key, own);
    return { id: key, name: byQuad ? quadName(key) : typeName(key), type: "bar", stack: "all", barMinWidth: 2, barMaxWidth: 60,
             data: own.map((cell, i) => [middle[i], cell.stories, cell.events]), encode: { x: 0, y: 1 }, large: periods.length > 1500, largeThreshold: 1500,
             itemStyle: { color: byQuad ? QUAD_COLORS[key] : TYPE_COLORS[key] || "#999" }, emphasis: { focus: "series" }, cursor: "pointer" };
  });
  if (!zoom) zoom = storyBulk(rows, periods, middle, 0.02, 2);
  const first = utc(periods[0][0]), last = utc(periods[periods.length - 1][1]) + 864e5;
  const pad = Math.max(864e5, (last - first) * 0.01);
  chart.setOption({
    animation: false,  // drawn at once: a bar is where it is as soon as the page says it is ready
    useUTC: true,
    textStyle: { fontFamily: lang === "ar" ? "Noto Naskh Arabic, sans-serif" : "system-ui, sans-serif" },
    grid: { left: rtl ? 24 : 56, right: rtl ? 56 : 24, top: 16, bottom: 84 },
    xAxis: { type: "time", inverse: rtl, min: first - pad, max: last + pad, minInterval: STEP[grain],
             axisLabel: { hideOverlap: true, formatter: { year: "{yyyy}", month: "{MMM} {yyyy}", day: "{d} {MMM} {yyyy}", hour: "", minute: "", second: "", millisecond: "" } }, splitLine: { show: false } },
    yAxis: { type: "value", position: rtl ? "right" : "left", name: say("stories"), nameLocation: "middle", nameGap: 40, minInterval: 1 },
    legend: { show: false },  // the legend is the page's own (right to left in Arabic), below
    dataZoom: [{ type: "inside", xAxisIndex: 0, filterMode: "weakFilter", ...(zoom ? { startValue: zoom[0], endValue: zoom[1] } : {}) },
               { type: "slider", xAxisIndex: 0, filterMode: "weakFilter", bottom: 16, height: 28, labelFormatter: v => fmtDate(new Date(v).toISOString().slice(0, 10), "day") }],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: tip, confine: true },
    series,
  }, { notMerge: true });
  seriesLegend(chart, series, present, byQuad, hidden);
  hidden.clear();
  ready();
}


// the tooltip of a period: its stories by series (the bars under the pointer), with the events behind them
function tip(params) {
  const shown = [].concat(params).filter(p => p.value[1] > 0);
  if (!shown.length) return "";
  const { start, end } = cells.get(shown[0].seriesId)[shown[0].dataIndex];
  const total = shown.reduce((n, p) => n + p.value[1], 0), events = shown.reduce((n, p) => n + p.value[2], 0);
  return el("div", { class: "chart-tip", dir: rtl ? "rtl" : "ltr" },
    el("div", { class: "tip-title", text: start === end ? fmtDate(start, "day") : `${fmtDate(start, grain)} – ${fmtDate(end, grain)}` }),
    ...shown.slice().reverse().map(p => el("div", {}, swatch(p.color), el("span", { text: ` ${p.seriesName}: ${fmt(p.value[1])}` }))),
    el("div", { text: `${say("stories")}: ${fmt(total)} · ${say("chart_events")}: ${fmt(events)}` }),
    el("div", { class: "tip-hint", text: say("click_for_events") }));
}

// a click in a period's column: on a bar, the events of that period and type (or quad class); above the
// bars, the events of the period. Found from the axes, so that it works for ECharts' large mode too.
function open(event) {
  const point = [event.offsetX, event.offsetY];
  if (!chart.containPixel("grid", point)) return;
  const [time, value] = chart.convertFromPixel("grid", point);
  const ids = [...cells.keys()].filter(id => !hidden.has(id));
  if (!ids.length) return;
  const column = cells.get(ids[0]);
  let best = -1;
  column.forEach((cell, i) => {
    if (utc(cell.start) <= time && time < utc(cell.end) + 864e5) best = i;
  });
  if (best < 0) {  // a narrow period drawn wider than its days: the nearest bar within its drawn width
    const width = Math.abs(chart.convertFromPixel("grid", [point[0] + 3, point[1]])[0] - time);
    column.forEach((cell, i) => { if (Math.abs((utc(cell.start) + utc(cell.end) + 864e5) / 2 - time) <= width) best = i; });
  }
  if (best < 0) return;
  let below = 0;
  const types = new Set();
  for (const id of ids) {
    const cell = cells.get(id)[best];
    cell.types.forEach(t => types.add(t));
    if (cell.stories && value >= below && value <= below + cell.stories) {
      location.href = eventsURL({ date_from: cell.start, date_to: cell.end, type: [...new Set(cell.types)] });
      return;
    }
    below += cell.stories;
  }
  if (!types.size) return;
  const { start, end } = column[best];
  location.href = eventsURL({ date_from: start, date_to: end, type: hidden.size ? [...types] : null });
}

async function load() {
  try {
    const body = await fetchJSON("/api/timeline", { grain }, ["grain"]);
    if (!body) return;  // a newer request is on its way
    rows = body;
    draw();
  } catch (error) { failed(error); }
}

const grainSelect = document.getElementById("grain");
grainSelect.value = grain;
grainSelect.addEventListener("change", () => { grain = grainSelect.value; setParam("grain", grain === "month" ? null : grain); load(); });
const colourSelect = document.getElementById("colour-by");
colourSelect.value = colour;
colourSelect.addEventListener("change", () => { colour = colourSelect.value; setParam("colour", colour === "type" ? null : colour); draw(); });
keepStateOnSubmit();
if (grain === "month") draw(); else load();
