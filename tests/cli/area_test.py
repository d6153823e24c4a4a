#!/usr/bin/env python3
"""Issue 17, focus on an area, from the command line: `export --within` writes exactly the
incidents a brute-force point-in-polygon keeps (a GeoPackage in EPSG:3857 with a hole and a
second part, reprojected by incimap to WGS84), `render --within` draws no incident outside the
area and its outline where the projection puts it; a file without polygons and a missing file
are one-line errors. Needs off-screen GL and ogr2ogr (label gl).
Usage: area_test.py INCIMAP_BINARY SAMPLE_GEOJSON"""
import json
import math
import os
import subprocess
import sys
import tempfile

BIN, SAMPLE = sys.argv[1], sys.argv[2]
FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True)


def ring(lon0, lat0, lon1, lat1):
    return [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]


# Baghdad to Ain al-Asad with a hole around Fallujah, and a second part around Erbil.
PARTS = [[ring(42.0, 32.8, 45.0, 34.2), ring(43.5, 33.1, 44.0, 33.6)],
         [ring(43.6, 35.9, 44.4, 36.5)]]


def inside(lon, lat):
    hit = False
    for polygon in PARTS:
        for r in polygon:
            for i in range(len(r)):
                (x0, y0), (x1, y1) = r[i - 1], r[i]
                if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
                    hit = not hit
    return hit


def pixels(path):
    """The PNG's RGB bytes through ImageMagick: (width, height, bytes)."""
    size = subprocess.run(["convert", path, "-format", "%w %h", "info:"], capture_output=True,
                          text=True, check=True).stdout.split()
    raw = subprocess.run(["convert", path, "-alpha", "off", "rgb:-"], capture_output=True,
                         check=True).stdout
    return int(size[0]), int(size[1]), raw


with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, XDG_CONFIG_HOME=tmp + "/config", XDG_STATE_HOME=tmp + "/state")
    lonlat = os.path.join(tmp, "area-4326.geojson")
    with open(lonlat, "w") as f:
        json.dump({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "focus"},
             "geometry": {"type": "MultiPolygon", "coordinates": PARTS}}]}, f)
    area = os.path.join(tmp, "area.gpkg")
    subprocess.run(["ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:3857", area, lonlat], check=True)

    # export --within: the count against a brute-force test of every exported incident.
    everything = os.path.join(tmp, "all.geojson")
    r = run("export", SAMPLE, "-o", everything)
    check(r.returncode == 0, "export of everything: " + r.stderr.strip())
    features = json.load(open(everything))["features"]
    expected = sum(1 for ft in features if inside(*ft["geometry"]["coordinates"][:2]))
    within = os.path.join(tmp, "within.geojson")
    r = run("export", SAMPLE, "-o", within, "--within", area)
    check(r.returncode == 0, "export --within: " + r.stderr.strip())
    written = json.loads(r.stdout or "{}").get("written", -1)
    print(f"export --within: {written} of {len(features)} (brute force {expected})")
    check(0 < expected < len(features), "the area keeps some incidents, not all")
    check(written == expected, f"export --within wrote {written}, brute force says {expected}")
    kept = json.load(open(within))["features"]
    check(all(inside(*ft["geometry"]["coordinates"][:2]) for ft in kept),
          "every exported incident lies inside")

    # Bad --within files: one line on stderr, exit 1.
    points = os.path.join(tmp, "points.geojson")
    with open(points, "w") as f:
        json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                   "geometry": {"type": "Point", "coordinates": [44, 33]}}]}, f)
    for name, path, words in (("points only", points, "no polygon"),
                              ("missing", os.path.join(tmp, "nope.gpkg"), "no such file")):
        r = run("export", SAMPLE, "-o", os.path.join(tmp, "x.geojson"), "--within", path)
        lines = r.stderr.strip().splitlines()
        check(r.returncode == 1 and len(lines) == 1 and words in lines[0]
              and lines[0].startswith("incimap: --within"), f"--within {name}: {r.stderr.strip()}")

    # render --within: no incident drawn outside the area, its outline where PROJ puts it.
    W, H, centre, zoom = 400, 300, (43.5, 34.5), 6
    R = 6378137.0
    world = 256 * 2 ** zoom

    def to_px(lon, lat):
        mx = lambda lo: R * math.radians(lo)
        my = lambda la: R * math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        s = world / (2 * math.pi * R)
        return (W / 2 + (mx(lon) - mx(centre[0])) * s, H / 2 - (my(lat) - my(centre[1])) * s)

    view = ["--size", f"{W}x{H}", "--center", f"{centre[0]},{centre[1]}", "--zoom", str(zoom),
            "--basemap", "none"]
    plain, focused = os.path.join(tmp, "plain.png"), os.path.join(tmp, "within.png")
    r1 = run("render", SAMPLE, "-o", plain, *view)
    r2 = run("render", SAMPLE, "-o", focused, *view, "--within", area)
    check(r1.returncode == 0 and r2.returncode == 0, "render --within: " + r2.stderr.strip())
    w, h, a = pixels(plain)
    _, _, b = pixels(focused)
    px = lambda img, x, y: tuple(img[(y * w + x) * 3:(y * w + x) * 3 + 3])
    background = px(a, 0, 0)
    # The parts' boxes in pixels, with a margin for markers and the outline's width.
    boxes = []
    for polygon in PARTS:
        xs, ys = zip(*(to_px(lo, la) for lo, la in polygon[0]))
        boxes.append((min(xs) - 8, min(ys) - 8, max(xs) + 8, max(ys) + 8))
    near = lambda x, y: any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)
    outside_plain = sum(1 for y in range(h) for x in range(w)
                        if not near(x, y) and px(a, x, y) != background)
    outside_within = sum(1 for y in range(h) for x in range(w)
                         if not near(x, y) and px(b, x, y) != background)
    print(f"render: {outside_plain} drawn pixels outside the area without --within, "
          f"{outside_within} with it")
    check(outside_plain > 0, "without --within, incidents are drawn outside the area")
    check(outside_within == 0, "with --within, nothing is drawn outside the area")

    def blue_near(img, x, y):
        return any((lambda p: p[2] > 120 and p[2] > p[0] + 60)(px(img, xx, yy))
                   for xx in range(int(x) - 2, int(x) + 3) for yy in range(int(y) - 2, int(y) + 3)
                   if 0 <= xx < w and 0 <= yy < h)

    # The outline: the middle of the first part's west edge and of the hole's south edge.
    for what, (lo, la) in (("west edge", (42.0, 33.5)), ("hole's south edge", (43.75, 33.1))):
        x, y = to_px(lo, la)
        check(blue_near(b, x, y), f"the outline at the {what} ({x:.0f},{y:.0f})")
        check(not blue_near(a, x, y), f"no outline there without --within ({what})")

print(f"{len(FAILURES)} failure(s)")
sys.exit(1 if FAILURES else 0)
