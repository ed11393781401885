// The map (Leaflet): the bundled world layer (Natural Earth, Web Mercator) shaded by the stories located in each
// country, geocoded places as markers grouped into clusters (Leaflet.markercluster) that carry their stories,
// a legend, a period filter with a time slider, and popups that link to the events behind a country or a place.
// A place's precision decides its mark: an exact place (a city, town or site) and a region (a province, at its
// centre) are markers, drawn apart; an event located only by its country counts in the country's shading alone.
// Map tiles only when the server was given a tile URL (--tiles); by default nothing is fetched from anywhere else.
/* global L */
import { dateInputs, el, eventsURL, failed, fetchJSON, fmt, fmtDate, keepStateOnSubmit, name, ready, root, rtl, say, setParam,
         state, utc } from "./common.js";

const SHADES = ["#d4eee0", "#9bd3b6", "#58ae86", "#23805a", "#0a4f35"];
const EMPTY = "#eef1f4";
let places = JSON.parse(document.getElementById("chart-data").textContent);
const tiles = root.dataset.tiles;

root.dir = "ltr";  // Leaflet lays its panes out left to right; popups and the legend carry the page's direction
const map = L.map(root, { zoomSnap: 0.25, minZoom: 1, maxZoom: 12, zoomControl: false, worldCopyJump: false,
                          maxBounds: [[-85, -230], [85, 230]] });
map.setView([25, 20], 2);  // a view first: Leaflet draws layers only on a map that has one
L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Natural Earth · Leaflet");
if (tiles) {
  root.classList.add("with-tiles");
  L.tileLayer(tiles, { maxZoom: 12, className: "tile", attribution: escapeText(new URL(tiles.replace(/[{}]/g, "")).host) }).addTo(map);
}
const countries = new Map();  // iso3 → {layer, name}
const clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 48, spiderfyOnMaxZoom: true,
  iconCreateFunction: cluster => badge(cluster.getAllChildMarkers().reduce((n, m) => n + m.options.stories, 0), "place-cluster") });
map.addLayer(clusters);
let legendControl = null;

function escapeText(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

// world.json's paths are in Web Mercator on a 256-unit square: Leaflet's own pixel space at zoom 0
function rings(d) {
  return d.split("M").filter(Boolean).map(part => part.replace(/Z$/, "").split("L").map(point => {
    const [x, y] = point.split(",").map(Number);
    return L.CRS.EPSG3857.pointToLatLng(L.point(x, y), 0);
  }));
}

function badge(stories, kind) {
  const size = Math.round(24 + 9 * Math.log10(1 + stories));
  return L.divIcon({ html: el("span", { text: fmt(stories) }), className: kind, iconSize: [size, size] });
}

function byCountry() {
  const out = new Map();
  for (const p of places) {
    const c = out.get(p.country) || { stories: 0, events: 0, names: p.country_names, places: [] };
    c.stories += p.stories; c.events += p.events; c.places.push(p);
    out.set(p.country, c);
  }
  return out;
}

function shade(n, max) {
  return n ? SHADES[Math.min(SHADES.length - 1, Math.floor(SHADES.length * Math.sqrt(n / max)))] : EMPTY;
}

function placeName(p) { return name(p.names, name(p.country_names, p.country)); }

// a marker for exact places and regions; a place known only by its country (or not geocoded) is in the shading only
function marked(p) { return p.lat != null && p.lon != null && p.precision !== "country"; }

function precisionName(p) { return p.precision ? say("precision_" + p.precision) : null; }

// the events behind a place: its name, state and precision (with the page's filter and period)
function placeURL(p) { return eventsURL({ place: p.name, location_country: p.country, precision: p.precision }); }

function placePopup(p) {
  const box = el("div", { class: "map-popup", dir: rtl ? "rtl" : "ltr" },
    el("h3", { text: placeName(p), dir: "auto" }),
    el("p", { text: name(p.country_names, p.country), dir: "auto" }),
    p.precision ? el("p", { class: "precision", text: `${say("place_precision")}: ${precisionName(p)}` }) : null,
    el("p", { text: `${say("stories")}: ${fmt(p.stories)} · ${say("chart_events")}: ${fmt(p.events)}` }));
  if (p.name) box.append(el("a", { href: placeURL(p), class: "events-link", text: say("events_at_place") }));
  return box;
}

function countryPopup(iso3, c) {
  const list = el("ul", {}, ...c.places.slice(0, 8).map(p => el("li", {},
    p.name ? el("a", { href: placeURL(p), text: placeName(p), dir: "auto" }) : el("span", { text: placeName(p) }),
    el("span", { text: ` (${[precisionName(p), fmt(p.stories)].filter(Boolean).join(" · ")})` }))));
  return el("div", { class: "map-popup", dir: rtl ? "rtl" : "ltr" },
    el("h3", { text: name(c.names, iso3), dir: "auto" }),
    el("p", { text: `${say("located_here")}: ${fmt(c.stories)} · ${say("chart_events")}: ${fmt(c.events)}` }),
    el("p", { text: say("places") }), list,
    el("a", { href: eventsURL({ location_country: iso3 }), class: "events-link located-link", text: say("events_located_here") }),
    el("br"),
    el("a", { href: eventsURL({ country: iso3 }), class: "events-link involving-link", text: say("events_involving") }));
}

function drawLegend(max) {
  if (legendControl) legendControl.remove();
  legendControl = L.control({ position: rtl ? "bottomright" : "bottomleft" });
  legendControl.onAdd = () => {
    const steps = SHADES.map((color, i) => ({ color, from: i ? Math.floor(max * (i / SHADES.length) ** 2) + 1 : 1 }));
    return el("div", { class: "map-legend", dir: rtl ? "rtl" : "ltr", id: "map-legend" },
      el("div", { class: "legend-title", text: say("located_here") }),
      el("div", { class: "legend-row" }, ...steps.map(s => el("span", { class: "legend-item", title: `≥ ${fmt(s.from)}` },
        el("span", { class: "swatch", color: s.color }), el("span", { text: fmt(s.from) })))),
      el("div", { class: "legend-row" }, el("span", { class: "legend-item" }, el("span", { class: "swatch dot", color: "#7a271a" }),
        el("span", { text: say("cluster_count") }))),
      el("div", { class: "legend-row" },
        el("span", { class: "legend-item" }, el("span", { class: "swatch dot marker-exact" }), el("span", { text: say("marker_exact") })),
        el("span", { class: "legend-item" }, el("span", { class: "swatch dot marker-region" }), el("span", { text: say("marker_region") }))),
      el("div", { class: "legend-note", text: say("country_only_note") }));
  };
  legendControl.addTo(map);
}

function draw(fit) {
  const totals = byCountry();
  const max = Math.max(1, ...[...totals.values()].map(c => c.stories));
  for (const [iso3, { layer }] of countries) {
    const c = totals.get(iso3);
    layer.setStyle({ fillColor: shade(c ? c.stories : 0, max), fillOpacity: tiles ? 0.55 : 1 });
    layer.getElement().classList.toggle("has", Boolean(c));
    layer.unbindTooltip(); layer.unbindPopup();
    if (c) {
      layer.bindTooltip(el("span", { text: `${name(c.names, iso3)}: ${fmt(c.stories)}`, dir: "auto" }), { sticky: true });
      layer.bindPopup(() => countryPopup(iso3, totals.get(iso3)), { maxWidth: 320 });
    }
  }
  // zoom first, then cluster: markers added before a zoom are re-clustered with an animation, and until it ends
  // the old clusters and their markers are both on the map
  if (fit) {
    const bounds = L.latLngBounds([]);
    for (const [iso3, { layer }] of countries) if (totals.has(iso3)) bounds.extend(layer.getBounds());
    for (const p of places) if (marked(p)) bounds.extend([p.lat, p.lon]);
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 6, animate: false });
  }
  clusters.clearLayers();
  clusters.addLayers(places.filter(marked).map(p => L.marker([p.lat, p.lon], {
    icon: badge(p.stories, p.precision === "region" ? "place-marker region" : "place-marker"), stories: p.stories,
    title: [placeName(p), precisionName(p)].filter(Boolean).join(" · "), keyboard: true, riseOnHover: true,
  }).bindPopup(() => placePopup(p), { maxWidth: 320 })));
  drawLegend(max);
  ready();
}

async function reload() {
  try {
    const body = await fetchJSON("/api/places", { limit: 500 });
    if (!body) return;  // a newer request is on its way
    places = body;
    map.closePopup();
    draw(false);
  } catch (error) { failed(error); }
}

async function start() {
  const world = await (await fetch("/static/world.json")).json();
  for (const c of world.countries) {
    const layer = L.polygon(rings(c.d), { className: "country", weight: 0.8, color: "#ffffff", fillColor: EMPTY, fillOpacity: 1, smoothFactor: 0.5 });
    layer.addTo(map);
    if (c.iso3) layer.getElement().dataset.iso3 = c.iso3;
    countries.set(c.iso3 || c.name, { layer });
  }
  draw(true);
}

// ---- the time slider: two handles (start, end) over the data's days, by day, week or month as its span asks; a
// move sets the page's date_from and date_to (the From/To boxes, the URL, every link) and reloads the places
const slider = document.getElementById("time-slider");
const DAY = 864e5;
let periods = [];

function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

function slicePeriods(first, last) {
  const days = (utc(last) - utc(first)) / DAY;
  const grain = days <= 62 ? "day" : days <= 366 ? "week" : "month";
  const out = [];
  let start = utc(first);
  if (grain === "week") start -= ((new Date(start).getUTCDay() + 6) % 7) * DAY;  // from Monday, as the timeline's weeks
  if (grain === "month") start = Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1);
  while (start <= utc(last)) {
    const d = new Date(start);
    const next = grain === "day" ? start + DAY : grain === "week" ? start + 7 * DAY : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    out.push({ from: iso(start), to: iso(next - DAY), grain });
    start = next;
  }
  return out;
}

function sliderLabel(a, b) {
  const { grain } = periods[0];
  const first = fmtDate(periods[a].from, grain === "week" ? "day" : grain);
  const last = fmtDate(grain === "week" ? periods[b].to : periods[b].from, grain === "week" ? "day" : grain);
  return `${say("grain_" + grain)}: ${first} – ${last}`;
}

// the handles where the page's dates are (the whole span when none)
function placeHandles() {
  if (!periods.length) return;
  const from = state.get("date_from"), to = state.get("date_to");
  let a = from ? periods.findIndex(p => p.to >= from) : 0, b = periods.length - 1;
  if (a < 0) a = periods.length - 1;  // a start after the data's last day
  if (to) while (b > 0 && periods[b].from > to) b--;
  const start = document.getElementById("slider-start"), end = document.getElementById("slider-end");
  start.value = String(a);
  end.value = String(Math.max(a, b));
  showWindow(Number(start.value), Number(end.value));
}

// the chosen window on the track and in words; of two handles on one spot, the one that can still move is on top
function showWindow(a, b) {
  const last = periods.length - 1, win = document.getElementById("slider-window");
  win.style.setProperty("inset-inline-start", `${(100 * a) / last}%`);
  win.style.setProperty("inset-inline-end", `${100 - (100 * b) / last}%`);
  document.getElementById("slider-start").style.zIndex = a === b && a > last / 2 ? "2" : "";
  document.getElementById("slider-label").value = sliderLabel(a, b);
}

function setupSlider() {
  if (!slider) return;
  periods = slicePeriods(slider.dataset.first, slider.dataset.last);
  if (periods.length < 2) return;  // one day: nothing to slide
  const start = document.getElementById("slider-start"), end = document.getElementById("slider-end");
  for (const input of [start, end]) input.max = String(periods.length - 1);
  slider.hidden = false;
  placeHandles();
  const moved = input => {
    let a = Number(start.value), b = Number(end.value);
    if (a > b) { if (input === start) start.value = String(a = b); else end.value = String(b = a); }  // the handles never cross
    showWindow(a, b);
    return [a, b];
  };
  for (const input of [start, end]) {
    input.addEventListener("input", () => moved(input));
    input.addEventListener("change", () => {
      const [a, b] = moved(input);
      const whole = a === 0 && b === periods.length - 1;
      const from = whole ? "" : periods[a].from, to = whole ? "" : periods[b].to;
      document.getElementById("date-from").value = from;
      document.getElementById("date-to").value = to;
      setParam("date_from", from);
      setParam("date_to", to);
      reload();
    });
  }
}

dateInputs(() => { placeHandles(); reload(); });
keepStateOnSubmit();
setupSlider();
start().catch(failed);
