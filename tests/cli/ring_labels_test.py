#!/usr/bin/env python3
"""Issue 17: `render --rings LON,LAT:R1,R2` writes each ring's radius ("150 km") on the PNG,
just above and to the right of the ring's north point (PROJ's `geod`, WGS84, projected here to
Web Mercator pixels), as the window does; without --rings nothing red is there. Needs
off-screen GL and geod (label gl).
Usage: ring_labels_test.py INCIMAP_BINARY SAMPLE_GEOJSON"""
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


def red_in_box(img, w, h, x0, y0, x1, y1):
    """Strong red pixels (the label's text; its halo is white) in [x0, x1] x [y0, y1]."""
    n = 0
    for y in range(max(0, round(y0)), min(h, round(y1) + 1)):
        for x in range(max(0, round(x0)), min(w, round(x1) + 1)):
            r, g, b = img[(y * w + x) * 3:(y * w + x) * 3 + 3]
            n += r > 150 and r > g + 80 and r > b + 80
    return n


with tempfile.TemporaryDirectory() as tmp:
    os.environ.update(XDG_CONFIG_HOME=tmp + "/config", XDG_STATE_HOME=tmp + "/state")
    view = ["--size", f"{W}x{H}", "--center", f"{CENTRE[0]},{CENTRE[1]}", "--zoom", str(ZOOM),
            "--basemap", "none", "--from", "2030-01-01", "--to", "2030-01-02"]  # no incidents
    plain, ringed = os.path.join(tmp, "plain.png"), os.path.join(tmp, "rings.png")
    r1 = subprocess.run([BIN, "render", SAMPLE, "-o", plain, *view], capture_output=True, text=True)
    radii = ",".join(map(str, RADII_KM))
    r2 = subprocess.run([BIN, "render", SAMPLE, "-o", ringed, *view, "--rings",
                         f"{CENTRE[0]},{CENTRE[1]}:{radii}"], capture_output=True, text=True)
    check(r1.returncode == 0 and r2.returncode == 0, "render --rings: " + r2.stderr.strip())
    w, h, a = pixels(plain)
    _, _, b = pixels(ringed)
    for km in RADII_KM:
        x, y = to_px(*geod_direct(*CENTRE, 0, km * 1000))
        # "150 km" is about 40 px wide at the label size: its left part, above the ring.
        box = (x + 5, y - 16, x + 39, y - 4)
        with_labels, without = red_in_box(b, w, h, *box), red_in_box(a, w, h, *box)
        check(with_labels >= 12, f"{km} km label above-right of the ring's north point "
                                 f"({x:.1f},{y:.1f}): {with_labels} red text pixels")
        check(without == 0, f"nothing red there without --rings ({without})")
    # Left of the north point (the label is written to the right) there is no text.
    x, y = to_px(*geod_direct(*CENTRE, 0, 400 * 1000))
    check(red_in_box(b, w, h, x - 39, y - 16, x - 5, y - 4) == 0, "nothing left of the north point")

print(f"{len(FAILURES)} failure(s)")
sys.exit(1 if FAILURES else 0)
