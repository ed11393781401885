"""The timeline, map and network pages (Apache ECharts, Leaflet) in a real browser: Debian's chromium, headless,
driven by Playwright against the live server, in Arabic and English. Every test fails on a page error or a
console error (a script refused by the Content-Security-Policy shows up as one), and on any request that leaves
the app. Screenshots go to build/screenshots (MARSAD_SCREENSHOTS overrides)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# the browser, its flags and the screenshot folder are test_web_browser's (one chromium per module)
from test_web_browser import ECHART, SHOTS, browser  # noqa: F401 (browser: a fixture)

from marsad.web.quad import QUADS, TYPE_QUAD, dominant


@pytest.fixture
def page(browser, web_site):  # noqa: F811 (browser: the imported fixture)
    """A page that records console errors, page errors and every URL it asks for; checked after the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=web_site.base_url, locale="ar")
    page = context.new_page()
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requested.append(r.url))
    yield page
    context.close()
    assert not problems, problems
    assert requested and all(u.startswith(web_site.base_url) for u in requested), [u for u in requested if not u.startswith(web_site.base_url)]


def api(web_site, path: str, **params):
    response = httpx.get(web_site.base_url + path, params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def renders(page) -> int:
    return int(page.get_attribute("#chart", "data-renders") or 0)


def wait_ready(page, after: int = 0) -> None:
    page.wait_for_function(f"() => document.getElementById('chart').dataset.state === 'ready' && "
                           f"Number(document.getElementById('chart').dataset.renders || 0) > {after}")


def english(page, path: str) -> None:
    page.goto(f"/lang/en?next={path}")
    assert page.locator("html").get_attribute("dir") == "ltr"
    wait_ready(page)


def set_period(page, start: str, end: str) -> None:
    """Type a period into the From and To boxes, as a user would; wait until the chart shows it."""
    count = renders(page)
    page.fill("#date-from", start)
    page.fill("#date-to", end)
    page.locator("#date-to").blur()
    page.wait_for_function(f"() => location.search.includes('date_to={end}') && location.search.includes('date_from={start}')")
    wait_ready(page, count)


def hover_then_click(page, x: float, y: float) -> None:
    """Point at a bar, wait for its tooltip, then click, as a user does. A click at once can land while ECharts
    is still redrawing for the hover (tooltip, axis shadow, the series' emphasis): zrender drops a click whose
    press and release find different elements, the likely cause of a bar click that opened nothing in CI once."""
    page.mouse.move(x, y)
    page.locator("#chart .chart-tip").wait_for()
    page.mouse.click(x, y)


def events_total(page) -> int:
    page.wait_for_url("**/events?**")
    return int(page.inner_text("#total"))


def url_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_quad_classes_follow_plover():
    assert set(TYPE_QUAD) == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert {TYPE_QUAD[t] for t in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")} == {"verbal_cooperation"}
    assert {TYPE_QUAD[t] for t in ("COOPERATE", "AID", "RETREAT")} == {"material_cooperation"}
    assert {TYPE_QUAD[t] for t in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION")} == {"verbal_conflict"}
    assert {TYPE_QUAD[t] for t in ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT")} == {"material_conflict"}
    assert dominant({"verbal_cooperation": 2, "material_conflict": 2}) == "material_conflict" and dominant({}) is None


# ---- timeline ------------------------------------------------------------------------------------------------
TIMELINE_STATE = f"""() => {{
  const o = {ECHART}.getOption();
  return {{ axis: o.xAxis[0].type, inverse: Boolean(o.xAxis[0].inverse),
           series: o.series.map(s => ({{ id: s.id, name: s.name, cells: s.data.filter(d => d[1]) }})) }};
}}"""


def middle(start: str, end: str) -> float:
    """Where a period's bar stands on the time axis: the middle of its days, in ms (as the page computes it)."""
    epoch = date(1970, 1, 1).toordinal()
    return ((date.fromisoformat(start).toordinal() - epoch) + (date.fromisoformat(end).toordinal() - epoch) + 1) * 864e5 / 2


def drawn(state: dict) -> dict[tuple[str, float], tuple[int, int]]:
    """(series, bar position) → (stories, events) of every bar on the chart."""
    return {(s["id"], x): (stories, events) for s in state["series"] for x, stories, events in s["cells"]}


def expected(rows: list[dict], key: str = "type") -> dict[tuple[str, float], tuple[int, int]]:
    out: dict[tuple[str, float], tuple[int, int]] = {}
    for r in rows:
        stories, events = out.get((r[key], middle(r["period"], r["end"])), (0, 0))
        out[(r[key], middle(r["period"], r["end"]))] = (stories + r["stories"], events + r["events"])
    return out


def bar_centre(page, series_id: str, x: float) -> tuple[float, float]:
    """The middle of a drawn bar segment, in page pixels."""
    box = page.evaluate(f"""([id, x]) => {{
      const c = {ECHART}, s = c.getModel().getSeries().find(s => s.id === id), data = s.getData();
      for (let i = 0; i < data.count(); i++) if (data.get('x', i) === x) {{
        const l = data.getItemLayout(i), r = document.getElementById('chart').getBoundingClientRect();
        return [r.left + l.x + l.width / 2, r.top + l.y + l.height / 2];
      }}
    }}""", [series_id, x])
    return box[0], box[1]


def test_timeline_time_axis_grains_zoom_legend_and_click_through(page, web_site):
    page.goto("/timeline")
    wait_ready(page)
    state = page.evaluate(TIMELINE_STATE)
    months = api(web_site, "/api/timeline")
    assert state["axis"] == "time" and state["inverse"]  # time runs right to left in Arabic
    assert drawn(state) == expected(months)  # every bar is the API's stories for that month and type
    page.screenshot(path=SHOTS / "timeline.png")
    # a real time axis: months years apart are drawn years apart (no equal spacing of categories)
    page.evaluate(f"() => {ECHART}.dispatchAction({{ type: 'dataZoom', start: 0, end: 100 }})")
    periods = sorted({r["period"] for r in months})
    assert len(periods) >= 3 and date.fromisoformat(periods[-1]).year - date.fromisoformat(periods[0]).year >= 5
    xs = page.evaluate(f"""(periods) => periods.map(p => {ECHART}.convertToPixel({{ xAxisIndex: 0 }}, new Date(p + 'T00:00:00Z').getTime()))""", periods)
    days = [date.fromisoformat(p).toordinal() for p in periods]
    for i in range(1, len(periods)):
        assert (xs[0] - xs[i]) / (xs[0] - xs[-1]) == pytest.approx((days[i] - days[0]) / (days[-1] - days[0]), abs=0.01)
    # the legend names the types in Arabic and hides a type when clicked
    legend = page.locator("#chart-legend button.legend-item")
    types = sorted({r["type"] for r in months})
    assert legend.count() == len(types)
    assert "تشاور" in page.inner_text("#chart-legend") and "CONSULT" not in page.inner_text("#chart-legend")
    legend.first.click()
    assert legend.first.get_attribute("aria-pressed") == "false"
    legend.first.click()
    # zoom with the mouse wheel: the axis shows a shorter span
    box = page.locator("#chart").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    before = page.evaluate(f"() => {ECHART}.getModel().getComponent('xAxis', 0).axis.scale.getExtent()")
    for _ in range(3):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(150)
    after = page.evaluate(f"() => {ECHART}.getModel().getComponent('xAxis', 0).axis.scale.getExtent()")
    assert after[1] - after[0] < (before[1] - before[0]) * 0.9
    # grains: weeks start on Mondays, years on 1 January; every grain draws the API's counts
    for grain in ("week", "year", "day"):
        count = renders(page)
        page.select_option("#grain", grain)
        wait_ready(page, count)
        rows = api(web_site, "/api/timeline", grain=grain)
        assert drawn(page.evaluate(TIMELINE_STATE)) == expected(rows) and f"grain={grain}" in page.url
        starts = [date.fromisoformat(r["period"]) for r in rows]
        assert grain != "week" or all(d.weekday() == 0 for d in starts)
        assert grain != "year" or all((d.month, d.day) == (1, 1) for d in starts)
    # colour by quad class: cooperation and conflict
    count = renders(page)
    page.select_option("#grain", "month")
    wait_ready(page, count)
    page.select_option("#colour-by", "quad")
    state = page.evaluate(TIMELINE_STATE)
    assert drawn(state) == expected(months, "quad") and {s["id"] for s in state["series"]} <= set(QUADS)
    assert "نزاع" in page.inner_text("#chart-legend") and "None" not in page.inner_text("main")
    page.select_option("#colour-by", "type")
    # a click on a bar opens the events of that period and type
    page.evaluate(f"() => {ECHART}.dispatchAction({{ type: 'dataZoom', start: 0, end: 100 }})")
    row = max(months, key=lambda r: r["stories"])
    hover_then_click(page, *bar_centre(page, row["type"], middle(row["period"], row["end"])))
    total = events_total(page)
    params = url_params(page.url)
    assert params["date_from"] == [row["period"]] and params["date_to"] == [row["end"]] and params["type"] == [row["type"]]
    assert total == row["events"] == api(web_site, "/api/events", **{k: v[0] for k, v in params.items()})["total"]


def test_timeline_in_english_and_for_a_dyad(page, web_site):
    english(page, "/timeline")
    state = page.evaluate(TIMELINE_STATE)
    assert not state["inverse"] and "CONSULT" in page.inner_text("#chart-legend")
    assert page.inner_text("#grain option[value=week]") == "week"
    page.screenshot(path=SHOTS / "timeline-en.png")
    # cooperation and conflict over time between two parties
    network = api(web_site, "/api/network")
    link, kinds = max(network["links"], key=lambda x: x["stories"]), {n["id"]: n["kind"] for n in network["nodes"]}
    filters = {f"{role}_{'group' if kinds[key] == 'group' else 'country'}": key for role, key in (("actor", link["source"]), ("recipient", link["target"]))}
    page.goto("/timeline?" + "&".join(f"{k}={v}" for k, v in filters.items()) + "&colour=quad")
    wait_ready(page)
    assert drawn(page.evaluate(TIMELINE_STATE)) == expected(api(web_site, "/api/timeline", **filters), "quad")
    assert link["source"] in page.inner_text("#chart-controls")


# ---- map -----------------------------------------------------------------------------------------------------
MARKERS = """() => [...document.querySelectorAll('#chart .place-marker, #chart .place-cluster')]
  .map(m => ({ cluster: m.classList.contains('place-cluster'), n: Number(m.textContent.replace(/,/g, '')) }))"""


def shaded(page) -> set[str]:
    return set(page.locator("#chart path.country.has").evaluate_all("ps => ps.map(p => p.dataset.iso3)"))


def map_area(page, selector: str) -> float:
    """The area of the element's bounding box on the page (0 when it is not drawn)."""
    return page.evaluate("""(selector) => {
      const target = document.querySelector(selector);
      if (!target) return 0;
      const r = target.getBoundingClientRect();
      return r.width * r.height;
    }""", selector)


def point_inside(page, selector: str) -> tuple[float, float] | None:
    """A point where the element is the topmost one (no marker over it), in page pixels."""
    found = page.evaluate("""(selector) => {
      const target = document.querySelector(selector);
      if (!target) return null;
      const r = target.getBoundingClientRect();
      for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
        const x = r.left + r.width * i / 20, y = r.top + r.height * j / 20;
        if (document.elementFromPoint(x, y) === target) return [x, y];
      }
      return null;
    }""", selector)
    return tuple(found) if found else None


def open_cluster(page) -> None:
    """Click a cluster of places; wait until it has opened up (the zoom's animation over, more markers shown)."""
    shown = page.locator("#chart .place-marker").count()
    page.locator("#chart .place-cluster").first.click()
    page.wait_for_function(f"() => document.querySelectorAll('#chart .place-marker').length > {shown} "
                           "&& !document.querySelector('#chart.leaflet-zoom-anim')")


def visible_marker(page):
    """A place marker the pointer can reach: inside the map's frame (one at the map's edge, Nouakchott far west,
    lies under the page) and on top at its centre. Waits for the clusters' animation to end first: a marker
    still moving out of its cluster has a box that is not where it will rest."""
    page.wait_for_function("() => !document.querySelector('#chart .leaflet-cluster-anim, #chart.leaflet-zoom-anim')")
    index = page.evaluate("""() => {
        const chart = document.querySelector('#chart').getBoundingClientRect();
        return [...document.querySelectorAll('#chart .place-marker')].findIndex(marker => {
            const box = marker.getBoundingClientRect(), x = box.x + box.width / 2, y = box.y + box.height / 2;
            return chart.left + 10 < x && x < chart.right - 10 && chart.top + 10 < y && y < chart.bottom - 10
                && marker.contains(document.elementFromPoint(x, y));
        });
    }""")
    if index < 0:
        raise AssertionError("no place marker the pointer can reach inside the map")
    return page.locator("#chart .place-marker").nth(index)


def follow_popup_link(page, marker) -> None:
    """Open a marker's popup and follow its link to the place's events. Leaflet pans the map to show a popup
    near the frame's edge, and a click made while it pans can land on the map, which closes the popup: a user
    would click again, and so does this, once."""
    for attempt in range(2):
        marker.click()
        page.wait_for_selector("#chart .leaflet-popup .events-link")
        page.wait_for_function("() => !document.querySelector('#chart .leaflet-pan-anim, #chart .leaflet-zoom-anim')")
        page.click("#chart .leaflet-popup .events-link")
        try:
            page.wait_for_url("**/events?**", timeout=5000 if attempt == 0 else 30000)
            return
        except PlaywrightTimeoutError:
            if attempt:
                raise


def test_map_clusters_legend_period_and_click_through(page, web_site):
    page.goto("/map")
    wait_ready(page)
    assert page.locator("#chart path.country").count() > 150  # the bundled world layer; no tile server by default
    places = api(web_site, "/api/places")
    assert shaded(page) == {p["country"] for p in places}
    markers = page.evaluate(MARKERS)
    located = [p for p in places if p["lat"] is not None]
    # each circle carries the stories of the places it groups: together, all of them
    assert sum(m["n"] for m in markers) == sum(p["stories"] for p in located)
    assert any(m["cluster"] for m in markers) and len(markers) < len(located)
    legend = page.locator("#map-legend")
    assert legend.locator(".legend-item").count() == 8 and "الوقائع" in legend.inner_text()
    page.screenshot(path=SHOTS / "map.png")
    # a cluster opens up when clicked; a place's popup links to its events
    open_cluster(page)
    follow_popup_link(page, visible_marker(page))
    total = events_total(page)
    link = {k: v[0] for k, v in url_params(page.url).items()}  # the place's name, state and precision
    shown = next(p for p in places if (p["name"], p["country"], p["precision"]) == (link["place"], link["location_country"], link["precision"]))
    assert total == api(web_site, "/api/events", **link)["total"] >= shown["events"]
    # a country's popup lists its places and links to the events located there and to the state's events
    page.go_back()
    wait_ready(page)
    # the state with the most stories over all its places (a large one: a single busy place may lie in a state
    # too small on the map to click, as Brussels)
    stories: dict[str, int] = {}
    for p in places:
        stories[p["country"]] = stories.get(p["country"], 0) + p["stories"]
    # of states tied on stories, the largest on the map (BEL and SAU tie with session 74's model)
    country = max(stories, key=lambda c: (stories[c], map_area(page, f"#chart path.country[data-iso3={c}]")))
    page.mouse.click(*point_inside(page, f"#chart path.country[data-iso3={country}]"))
    popup = page.locator("#chart .leaflet-popup")
    popup.wait_for()
    assert next(p for p in places if p["country"] == country)["country_names"]["ar"] in popup.inner_text()
    assert url_params(popup.locator("a.located-link").get_attribute("href")) == {"location_country": [country]}
    popup.locator("a.involving-link").click()
    assert events_total(page) == api(web_site, "/api/events", country=country)["total"]
    # the period filter: shading and circles follow the API for those dates; links carry the dates
    page.go_back()
    wait_ready(page)
    dated = [r["period"] for r in api(web_site, "/api/timeline")]
    for period in sorted(set(dated)):  # the first month with a located event
        first = date.fromisoformat(period)
        start, end = str(first), str(first.replace(day=monthrange(first.year, first.month)[1]))
        within = api(web_site, "/api/places", date_from=start, date_to=end)
        if within:
            break
    set_period(page, start, end)
    assert within != places and shaded(page) == {p["country"] for p in within}
    assert sum(m["n"] for m in page.evaluate(MARKERS)) == sum(p["stories"] for p in within if p["lat"] is not None)
    assert f"date_from={start}" in page.url and f"date_to={end}" in page.url
    country, point = next((c, xy) for c in sorted({p["country"] for p in within})
                          if (xy := point_inside(page, f"#chart path.country[data-iso3={c}]")))
    page.mouse.click(*point)
    href = page.locator("#chart .leaflet-popup a.involving-link").get_attribute("href")
    assert url_params(href) == {"country": [country], "date_from": [start], "date_to": [end]}


def test_map_place_precision_and_time_slider(page, web_site):
    page.goto("/map")
    wait_ready(page)
    places = api(web_site, "/api/places")
    assert {p["precision"] for p in places} == {"exact", "region", "country"}
    # markers for exact places and regions only; a state named alone counts in its shading, without a marker
    marked = [p for p in places if p["precision"] in ("exact", "region")]
    assert all(p["lat"] is not None for p in marked) and all(p["lat"] is None for p in places if p["precision"] == "country")
    markers = page.evaluate(MARKERS)
    assert sum(m["n"] for m in markers) == sum(p["stories"] for p in marked) and shaded(page) == {p["country"] for p in places}
    legend = page.inner_text("#map-legend")
    assert "منطقة أو محافظة" in legend and "مكان محدد" in legend and "تدخل في تلوين الدول" in legend
    # regions have their own marker; the precision filter reaches the map
    page.goto("/map?precision=region")
    wait_ready(page)
    regions = page.locator("#chart .place-marker")
    assert regions.count() >= 1 and regions.count() == page.locator("#chart .place-marker.region").count()
    # the time slider: the first month alone, then two months (the keyboard's arrow); the shading, the markers,
    # the From/To boxes and the URL follow it
    page.goto("/map")
    wait_ready(page)
    assert page.locator("#time-slider").is_visible()
    first = page.get_attribute("#time-slider", "data-first")  # the slider's first day (its months run from the 1st)
    assert first >= min(r["period"] for r in api(web_site, "/api/timeline", grain="day"))
    month_end = lambda day: day.replace(day=monthrange(day.year, day.month)[1])  # noqa: E731
    start, end = date.fromisoformat(first).replace(day=1), month_end(date.fromisoformat(first))
    count = renders(page)
    page.locator("#slider-end").press("Home")  # the end handle down to the start's month, the first one
    page.wait_for_function(f"() => location.search.includes('date_to={end}')")
    wait_ready(page, count)
    for step in range(2):
        if step:
            count = renders(page)
            end = month_end(end + timedelta(days=1))
            page.locator("#slider-end").press("ArrowUp")  # one month more
            page.wait_for_function(f"() => location.search.includes('date_to={end}')")
            wait_ready(page, count)
        assert url_params(page.url)["date_from"] == [str(start)] and page.input_value("#date-to") == str(end)
        within = api(web_site, "/api/places", date_from=str(start), date_to=str(end))
        assert shaded(page) == {p["country"] for p in within}
        drawn_stories = sum(m["n"] for m in page.evaluate(MARKERS))
        assert drawn_stories == sum(p["stories"] for p in within if p["precision"] in ("exact", "region"))
        assert (shaded(page), drawn_stories) != ({p["country"] for p in places}, sum(m["n"] for m in markers))  # not the whole span's
    assert str(start.year) in page.inner_text("#slider-label")
    for _ in range(60):  # on to the first month with a located event, if the first two have none
        if within:
            break
        count = renders(page)
        end = month_end(end + timedelta(days=1))
        page.locator("#slider-end").press("ArrowUp")
        page.wait_for_function(f"() => location.search.includes('date_to={end}')")
        wait_ready(page, count)
        within = api(web_site, "/api/places", date_from=str(start), date_to=str(end))
    # click-through carries the slider's dates: a country's events located there, a place's events
    country, point = next((c, xy) for c in sorted({p["country"] for p in within})
                          if (xy := point_inside(page, f"#chart path.country[data-iso3={c}]")))
    page.mouse.click(*point)
    period = {"date_from": [str(start)], "date_to": [str(end)]}
    for a in page.locator("#chart .leaflet-popup ul a").all():  # the country's places (those with a name)
        place = url_params(a.get_attribute("href"))
        assert place["location_country"] == [country] and "place" in place and {k: place[k] for k in period} == period
    link = page.locator("#chart .leaflet-popup a.located-link")
    assert url_params(link.get_attribute("href")) == {"location_country": [country], **period}
    link.click()
    total = events_total(page)
    assert 0 < total == api(web_site, "/api/events", location_country=country, date_from=str(start), date_to=str(end))["total"]
    if any(p["precision"] in ("exact", "region") for p in within):  # a marker's popup too
        page.go_back()
        wait_ready(page)
        if page.locator("#chart .place-marker").count() == 0:
            open_cluster(page)
        page.locator("#chart .place-marker").first.click()
        href = url_params(page.locator("#chart .leaflet-popup a.events-link").get_attribute("href"))
        assert {k: href[k] for k in period} == period and href["precision"][0] in ("exact", "region")


def test_map_in_english(page, web_site):
    english(page, "/map")
    assert "Stories located here" in page.inner_text("#map-legend") and "None" not in page.inner_text("main")
    country = max(api(web_site, "/api/places"), key=lambda p: p["stories"])
    page.mouse.click(*point_inside(page, f"#chart path.country[data-iso3={country['country']}]"))
    assert country["country_names"]["en"] in page.locator("#chart .leaflet-popup").inner_text()
    page.screenshot(path=SHOTS / "map-en.png")


# ---- network -------------------------------------------------------------------------------------------------
NETWORK_STATE = f"""() => {{
  const c = {ECHART}, s = c.getOption().series[0];
  return {{ symbols: s.edgeSymbol, nodes: s.data.map(d => d.name),
           links: s.links.map(l => ({{ source: l.source, target: l.target, color: l.lineStyle.color, width: l.lineStyle.width }})) }};
}}"""
LABELS = """() => [...document.querySelectorAll('#chart svg text')].filter(t => t.textContent.trim())
  .map(t => { const r = t.getBoundingClientRect(); return { text: t.textContent, box: [r.left, r.top, r.right, r.bottom] }; })"""
NODES = f"""() => {{
  const c = {ECHART}, data = c.getModel().getSeriesByIndex(0).getData(), r = document.getElementById('chart').getBoundingClientRect();
  const out = [];
  for (let i = 0; i < data.count(); i++) {{
    const [x, y] = c.convertToPixel({{ seriesIndex: 0 }}, data.getItemLayout(i));
    out.push({{ id: data.getName(i), x: r.left + x, y: r.top + y, size: data.getItemVisual(i, 'symbolSize') }});
  }}
  return out;
}}"""
LINK_MIDDLES = f"""() => {{
  const c = {ECHART}, graph = c.getModel().getSeriesByIndex(0).getGraph(), r = document.getElementById('chart').getBoundingClientRect();
  const out = [];
  graph.eachEdge(e => {{
    const [p1, p2, cp] = e.getLayout();
    const mid = cp ? [0.25 * p1[0] + 0.5 * cp[0] + 0.25 * p2[0], 0.25 * p1[1] + 0.5 * cp[1] + 0.25 * p2[1]] : [(p1[0] + p2[0]) / 2, (p1[1] + p2[1]) / 2];
    const [x, y] = c.convertToPixel({{ seriesIndex: 0 }}, mid);
    out.push({{ source: e.node1.id, target: e.node2.id, x: r.left + x, y: r.top + y }});
  }});
  return out;
}}"""


def overlaps(a: list[float], b: list[float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def check_network(page, network: dict, lang: str) -> None:
    state = page.evaluate(NETWORK_STATE)
    assert sorted(state["nodes"]) == sorted(n["id"] for n in network["nodes"])
    drawn_links = {(x["source"], x["target"]): x for x in state["links"]}
    assert len(state["links"]) == len(network["links"]) and set(drawn_links) == {(x["source"], x["target"]) for x in network["links"]}
    assert state["symbols"] == ["none", "arrow"]  # directed: actor → recipient
    # one colour per quad class, the link's largest; wider for more stories
    colour_of = {}
    for link in network["links"]:
        assert link["quad"] == dominant(link["quads"]) and sum(link["quads"].values()) == sum(link["types"].values())
        colour_of.setdefault(link["quad"], set()).add(drawn_links[(link["source"], link["target"])]["color"])
    assert all(len(c) == 1 for c in colour_of.values()) and len(set().union(*colour_of.values())) == len(colour_of)
    by_stories = sorted(network["links"], key=lambda x: x["stories"])
    widths = [drawn_links[(x["source"], x["target"])]["width"] for x in by_stories]
    assert widths == sorted(widths)
    # names in the UI language, not codes; no two labels overlap; no two nodes on top of each other
    labels = page.evaluate(LABELS)
    texts = [x["text"] for x in labels]
    for node in network["nodes"]:
        wanted = node["names"][lang]
        assert any(t == wanted or (t.endswith("…") and wanted.startswith(t[:-1])) for t in texts), wanted
    boxes = [x["box"] for x in labels]
    assert not [(texts[i], texts[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if overlaps(boxes[i], boxes[j])]
    nodes = page.evaluate(NODES)
    chart = page.locator("#chart").bounding_box()
    for n in nodes:
        assert chart["x"] <= n["x"] <= chart["x"] + chart["width"] and chart["y"] <= n["y"] <= chart["y"] + chart["height"]
    close = [(a["id"], b["id"]) for i, a in enumerate(nodes) for b in nodes[i + 1:]
             if ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 < (a["size"] + b["size"]) / 2]
    assert not close, close
    # nothing piled in a corner: at most one node in each corner's 60 px square
    for cx in (chart["x"], chart["x"] + chart["width"]):
        for cy in (chart["y"], chart["y"] + chart["height"]):
            assert sum(abs(n["x"] - cx) < 60 and abs(n["y"] - cy) < 60 for n in nodes) <= 1


def test_network_directed_coloured_named_and_laid_out(page, web_site):
    page.goto("/graph")
    wait_ready(page)
    network = api(web_site, "/api/network", max_edges=80)
    assert len(network["nodes"]) > 10
    check_network(page, network, "ar")
    legend = page.inner_text("#chart-legend")
    assert all(q in legend for q in ("تعاون لفظي", "تعاون مادي", "نزاع لفظي", "نزاع مادي")) and "None" not in page.inner_text("main")
    page.screenshot(path=SHOTS / "graph.png", full_page=True)
    # a state's node: its events as actor
    state = next(n for n in network["nodes"] if n["kind"] == "state" and n["as_actor"])
    node = next(n for n in page.evaluate(NODES) if n["id"] == state["id"])
    page.mouse.click(node["x"], node["y"])
    page.wait_for_selector("#chart-details:not([hidden])")
    assert page.inner_text("#chart-details h2") == state["names"]["ar"]
    page.click(f"#chart-details a[href*='actor_country={state['id']}']")
    assert events_total(page) == api(web_site, "/api/events", actor_country=state["id"])["total"] > 0
    # an arrow: the events from its actor to its recipient, and their cooperation and conflict over time
    page.go_back()
    wait_ready(page)
    shown = None
    for middle in sorted(page.evaluate(LINK_MIDDLES), key=lambda m: -next(x["stories"] for x in network["links"]
                                                                         if (x["source"], x["target"]) == (m["source"], m["target"]))):
        page.mouse.click(middle["x"], middle["y"])
        if page.locator("#chart-details:not([hidden]) h2 bdi").count() == 2:
            shown = page.locator("#chart-details h2 bdi").all_inner_texts()
            break
    assert shown, "no arrow could be clicked"
    names = {n["id"]: n["names"]["ar"] for n in network["nodes"]}
    link = next(x for x in network["links"] if [names[x["source"]], names[x["target"]]] == shown)
    assert "←" in page.inner_text("#chart-details h2")  # Arabic reads right to left: the actor stands first, on the right
    page.locator("#chart-details a.events-link").first.click()
    params = {k: v[0] for k, v in url_params(page.url).items()}
    assert events_total(page) == api(web_site, "/api/events", **params)["total"] >= link["events"]
    page.go_back()
    wait_ready(page)
    # the period filter redraws from the API for those dates
    dated = sorted(r["period"] for r in api(web_site, "/api/timeline"))
    month = date.fromisoformat(dated[0])
    last_day = str(month.replace(day=monthrange(month.year, month.month)[1]))
    set_period(page, dated[0], last_day)
    within = api(web_site, "/api/network", max_edges=80, date_from=dated[0], date_to=last_day)
    assert within["links"] != network["links"]
    check_network(page, within, "ar")


def test_network_in_english_with_agencies(page, web_site):
    english(page, "/graph?level=agency")
    network = api(web_site, "/api/network", max_edges=80, level="agency")
    check_network(page, network, "en")
    assert "verbal cooperation" in page.inner_text("#chart-legend")
    page.screenshot(path=SHOTS / "graph-en.png", full_page=True)
    # hover the middle of the biggest links (one whose middle a node covers shows the node's tip instead)
    middles = {(m["source"], m["target"]): m for m in page.evaluate(LINK_MIDDLES)}
    tip = page.locator("#chart .chart-tip")
    texts = []
    for link in sorted(network["links"], key=lambda x: -x["stories"])[:5]:
        middle = middles[(link["source"], link["target"])]
        page.mouse.move(middle["x"], middle["y"])
        tip.wait_for()
        texts.append(tip.inner_text())
        if "→" in texts[-1]:
            break
    assert re.search(r"→", texts[-1]) and "Stories" in texts[-1], texts
