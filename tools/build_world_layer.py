"""Build marsad's offline world layer from world-atlas's countries-110m.json (Natural Earth, public domain).

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_world_layer.py package/countries-110m.json src/marsad/web/static/world.json

Writes {"width", "height", "countries": [{"iso3", "name", "d"}]} where d is an SVG path in the Web
Mercator projection of map tiles: the world is a 256 × 256 square (zoom level 0), so that tiles from a
tile server, when the app is configured with one, fall exactly under the countries.
"""

from __future__ import annotations

import json
import math
import sys

import pycountry


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(-85.0511, min(85.0511, lat))
    x = (lon + 180) / 360 * 256
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * 256
    return x, y


def path(polygons: list[list[list[int]]], arcs) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            pts = ring_points(ring, arcs)
            # a ring crossing the antimeridian (Fiji, Russia) is cut there instead of drawn across the map
            out, previous = [], None
            for lon, lat in pts:
                jump = previous is not None and abs(lon - previous) > 180
                x, y = mercator(lon, lat)
                out.append(("M" if previous is None or jump else "L") + f"{x:.2f},{y:.2f}")
                previous = lon
            parts.append("".join(out) + "Z")
    return "".join(parts)


def main(source: str, target: str) -> None:
    topology = json.load(open(source, encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon") or geometry["properties"]["name"] == "Antarctica":
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        country = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3)) if geometry.get("id") else None
        countries.append({"iso3": country.alpha_3 if country else "", "name": geometry["properties"]["name"],
                          "d": path(polygons, arcs)})
    json.dump({"width": 256, "height": 256, "projection": "web-mercator", "source": "Natural Earth 1:110m via world-atlas 2.0.2",
               "countries": countries}, open(target, "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
