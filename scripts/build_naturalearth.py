"""Derive flashpoint's compact Natural Earth file from the 1:10m GeoJSON features.

    python scripts/build_naturalearth.py [NATURALEARTH_DIR] [-o OUTPUT]

Reads the public-domain Natural Earth files (see ../shared/data/naturalearth/README.md) and
writes `src/flashpoint/geo/data/naturalearth.v1.json`: one row per named feature
[name, alternate names, class, lat, lon, bbox (south, west, north, east), precision].
Representative points: a point feature's own point; for a polygon the area-weighted
centroid of its largest ring (the middle of its bounding box where that centroid falls
outside the box); for a river its mouth (the downstream end, as GeoNames places rivers).
Rivers split into several pieces are merged by name (bounding boxes joined).
Airports and ports are kept only under the names news gives them ("X Airport", "Port of
X"), never under the bare town name, so that they never stand in for the town.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "naturalearth"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "geo" / "data" / \
    "naturalearth.v1.json"
CREDIT = ("Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com "
          "(public domain); 1:10m physical and cultural features, derived by "
          "scripts/build_naturalearth.py.")

# file -> (feature class kept as written, or a fixed one; ACLED-style precision)
SOURCES: dict[str, tuple[str | None, int]] = {
    "ne_10m_geography_marine_polys.json": (None, 3),
    "ne_10m_geography_regions_polys.json": (None, 3),
    "ne_10m_geography_regions_points.json": (None, 2),
    "ne_10m_geography_regions_elevation_points.json": (None, 2),
    "ne_10m_rivers_lake_centerlines.json": ("river", 2),
    "ne_10m_lakes.json": ("lake", 2),
    "ne_10m_airports.json": ("airport", 1),
    "ne_10m_ports.json": ("port", 1),
}


SKIPPED_CLASSES = frozenset({"dragons-be-here", "pole"})


def _coords(geom: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The geometry's lines or outer rings as lists of (lon, lat)."""
    kind, c = geom["type"], geom["coordinates"]
    if kind == "Point":
        return [[(c[0], c[1])]]
    if kind in ("LineString",):
        return [[tuple(p) for p in c]]
    if kind in ("MultiLineString", "Polygon"):
        return [[tuple(p) for p in part] for part in (c if kind == "MultiLineString" else c[:1])]
    if kind == "MultiPolygon":
        return [[tuple(p) for p in poly[0]] for poly in c]
    return []


def _bbox(parts: list[list[tuple[float, float]]]) -> list[float]:
    lons = [p[0] for part in parts for p in part]
    lats = [p[1] for part in parts for p in part]
    return [round(min(lats), 2), round(min(lons), 2), round(max(lats), 2), round(max(lons), 2)]


def _ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a ring by the shoelace formula."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def _length(line: list[tuple[float, float]]) -> float:
    pairs = zip(line, line[1:], strict=False)
    return sum(math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in pairs)


def _point(geom: dict[str, Any], parts: list[list[tuple[float, float]]],
           box: list[float]) -> tuple[float, float]:
    kind = geom["type"]
    if kind == "Point":
        lon, lat = parts[0][0]
    elif kind in ("LineString", "MultiLineString"):
        line = max(parts, key=_length)
        lon, lat = line[len(line) // 2]
    else:
        _, lon, lat = max((_ring_centroid(r) for r in parts), key=lambda t: t[0])
        if not (box[0] <= lat <= box[2] and box[1] <= lon <= box[3]):
            lat, lon = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return round(lat, 3), round(lon, 3)


def _mouth(parts: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Where a river ends (Natural Earth draws its lines downstream): the last point of a
    piece from which no other piece goes on, on the longest such piece. GeoNames, and so
    the news gazetteers, place a river at its mouth too."""
    starts = {part[0] for part in parts if part}
    ends = [part for part in parts if part and part[-1] not in starts] or parts
    lon, lat = max(ends, key=_length)[-1]
    return round(lat, 3), round(lon, 3)


def _title(name: str) -> str:
    """"ARCTIC OCEAN" -> "Arctic Ocean"; other names as written."""
    return name.title() if name.isupper() else name


def _names(props: dict[str, Any], cls: str) -> tuple[str, list[str]] | None:
    name = (props.get("name_en") or props.get("name") or "").strip()
    if not name or name.startswith("-"):
        return None
    name = _title(name)
    alts: list[str] = []
    if cls == "airport":
        base = name.removesuffix(" Int'l").removesuffix(" International").strip()
        return f"{base} Airport", [f"{base} International Airport"]
    if cls == "port":
        return f"Port of {name}", [f"{name} port", f"{name} seaport"]
    for key in ("name", "name_alt", "name_abb"):
        alt = (props.get(key) or "").strip()
        if alt and _title(alt) != name and not alt.startswith("-"):
            alts.append(_title(alt))
    if cls == "river" and not name.lower().endswith(("river", "delta", "canal", "creek")):
        alts += [f"{name} River", f"River {name}"]
    if cls == "lake" and not name.lower().startswith(("lake", "lago", "lac ")):
        alts.append(f"Lake {name}")
    return name, sorted(set(alts))


def build(source: Path) -> dict[str, Any]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    parts_by_name: dict[str, list[list[tuple[float, float]]]] = {}
    for file, (fixed, precision) in SOURCES.items():
        data = json.loads((source / file).read_text(encoding="utf-8"))
        for feat in data["features"]:
            props, geom = feat["properties"], feat.get("geometry")
            if not geom:
                continue
            cls = fixed or str(props.get("featurecla") or "region").lower()
            if cls in SKIPPED_CLASSES:
                continue
            named = _names(props, cls)
            if named is None:
                continue
            name, alts = named
            parts = _coords(geom)
            if not parts or not parts[0]:
                continue
            box = _bbox(parts)
            point = _point(geom, parts, box)
            size = max((_length(p) for p in parts), default=0.0)
            key = (name, cls)
            old = rows.get(key)
            if cls == "river":
                parts_by_name.setdefault(name, []).extend(parts)
            if old is not None:  # a river in several pieces: join the boxes
                ob = old["bbox"]
                old["bbox"] = [min(ob[0], box[0]), min(ob[1], box[1]),
                               max(ob[2], box[2]), max(ob[3], box[3])]
                old["alternates"] = sorted(set(old["alternates"]) | set(alts))
                if size > old["_size"]:
                    old["point"], old["_size"] = point, size
                continue
            rows[key] = {"name": name, "alternates": alts, "class": cls, "point": point,
                         "bbox": box, "precision": precision, "_size": size}
    for name, parts in parts_by_name.items():
        rows[(name, "river")]["point"] = _mouth(parts)
    features = [[r["name"], r["alternates"], r["class"], r["point"][0], r["point"][1],
                 r["bbox"], r["precision"]] for r in sorted(rows.values(),
                                                            key=lambda r: (r["class"], r["name"]))]
    return {
        "version": 1,
        "_about": ("Named physical and cultural features (seas, regions, ranges, deserts, "
                   "islands, mountains, rivers, lakes, airports, ports) for the gazetteer, "
                   "generated by scripts/build_naturalearth.py from Natural Earth 1:10m. "
                   "Rows: [name, alternate names, class, lat, lon, bbox [south, west, north, "
                   "east], ACLED-style precision]. Points: a point feature's own; a "
                   "polygon's area-weighted centroid of its largest ring (the middle of its "
                   "bounding box where that falls outside it); a river's mouth, its "
                   "downstream end (pieces merged by name). Airports and ports only under "
                   "'X Airport' / 'Port of X', never the bare town name."),
        "credit": CREDIT,
        "columns": ["name", "alternates", "class", "lat", "lon", "bbox", "precision"],
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    args = parser.parse_args()
    table = build(Path(args.source))
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    # one feature a line: readable diffs, still compact
    text = text.replace(',"features":[[', ',"features":[\n[').replace("]],[", "]],\n[")
    text = text.replace("],[\"", "],\n[\"")
    Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(f"{len(table['features'])} features -> {args.output}")


if __name__ == "__main__":
    main()
