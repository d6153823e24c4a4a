#!/usr/bin/env python3
"""Issue 17: `render --rings LON,LAT:R1,R2` draws the range rings the window keeps — geodesic
circles in the measure tool's red — where PROJ puts them: the points at each radius due north,
east, south and west of the centre come from PROJ's `geod` (WGS84) and are projected here to
Web Mercator pixels. Bad values are one-line errors. Needs off-screen GL and geod (label gl).
Usage: rings_test.py INCIMAP_BINARY SAMPLE_GEOJSON"""
import math
import os
import shutil
import subprocess
import sys
import tempfile

BIN, SAMPLE = sys.argv[1], sys.argv[2]
FAILURES = []
if shutil.which("geod") is None:
    print("geod (proj-bin) not found: skipped")
    sys.exit(77)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True)


def geod_direct(lon, lat, azimuth, metres):
    out = subprocess.run(["geod", "+ellps=WGS84", "-f", "%.8f"], input=f"{lat} {lon} {azimuth} {metres}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[1]), float(out[0])


def pixels(path):
    size = subprocess.run(["convert", path, "-format", "%w %h", "info:"], capture_output=True,
                          text=True, check=True).stdout.split()
    raw = subprocess.run(["convert", path, "-alpha", "off", "rgb:-"], capture_output=True,
                         check=True).stdout
    return int(size[0]), int(size[1]), raw


CENTRE, RADII_KM = (44.4, 33.3), (150, 400)
W, H, ZOOM = 500, 400, 5
R = 6378137.0


def to_px(lon, lat):
    mx = lambda lo: R * math.radians(lo)
    my = lambda la: R * math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
    s = 256 * 2 ** ZOOM / (2 * math.pi * R)
    return (W / 2 + (mx(lon) - mx(CENTRE[0])) * s, H / 2 - (my(lat) - my(CENTRE[1])) * s)


with tempfile.TemporaryDirectory() as tmp:
    os.environ.update(XDG_CONFIG_HOME=tmp + "/config", XDG_STATE_HOME=tmp + "/state")
    view = ["--size", f"{W}x{H}", "--center", f"{CENTRE[0]},{CENTRE[1]}", "--zoom", str(ZOOM),
            "--basemap", "none", "--from", "2030-01-01", "--to", "2030-01-02"]  # no incidents
    plain, ringed = os.path.join(tmp, "plain.png"), os.path.join(tmp, "rings.png")
    r1 = run("render", SAMPLE, "-o", plain, *view)
    radii = ",".join(map(str, RADII_KM))
    r2 = run("render", SAMPLE, "-o", ringed, *view, "--rings", f"{CENTRE[0]},{CENTRE[1]}:{radii}")
    check(r1.returncode == 0 and r2.returncode == 0, "render --rings: " + r2.stderr.strip())
    w, h, a = pixels(plain)
    _, _, b = pixels(ringed)
    px = lambda img, x, y: tuple(img[(y * w + x) * 3:(y * w + x) * 3 + 3])

    def red_near(img, x, y):
        return any((lambda p: p[0] > 150 and p[0] > p[1] + 80 and p[0] > p[2] + 80)(px(img, xx, yy))
                   for xx in range(round(x) - 2, round(x) + 3) for yy in range(round(y) - 2, round(y) + 3)
                   if 0 <= xx < w and 0 <= yy < h)

    for km in RADII_KM:
        for azimuth in (0, 90, 180, 270):
            x, y = to_px(*geod_direct(*CENTRE, azimuth, km * 1000))
            check(red_near(b, x, y), f"{km} km ring at azimuth {azimuth}: red near ({x:.1f},{y:.1f})")
            check(not red_near(a, x, y), f"no red there without --rings ({km} km, {azimuth})")
    # Half-way between the two rings (275 km north) nothing is drawn.
    x, y = to_px(*geod_direct(*CENTRE, 0, 275000))
    check(not red_near(b, x, y), "nothing between the rings")

    for bad, words in (("44.4", "expected LON,LAT"), ("44.4,33.3:0", "more than 0"),
                       ("44.4,95:100", "not a longitude,latitude"), ("a,b:100", "expected")):
        r = run("render", SAMPLE, "-o", os.path.join(tmp, "x.png"), "--rings", bad)
        lines = r.stderr.strip().splitlines()
        check(r.returncode == 1 and len(lines) == 1 and words in lines[0],
              f"--rings {bad}: {r.stderr.strip()}")

print(f"{len(FAILURES)} failure(s)")
sys.exit(1 if FAILURES else 0)
