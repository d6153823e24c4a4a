#!/usr/bin/env python3
"""End-to-end test of "focus on an area" (issue 17, item 4) in the real window under Xvfb.

Usage: area_test.py INCIMAP_BINARY SAMPLE_GEOJSON

A, four clicks around Ain al-Asad (the fourteen attacks on the air base) and Enter: the session
gains the area, its corners where the clicks were (Web Mercator worked out here from the
session's camera and map rectangle), and its count of incidents shown equals a brute-force
point-in-polygon over the sample. Shift+A clears the area, Ctrl+Z brings it back. Waits are for
state (the session file the app rewrites within a second of a change); the short pauses
around clicks and keys only pace ImGui 1.86, which samples input once per frame
(shared/PLATFORM.md).
"""
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from harness import app_env, check, read_session, start_app, start_xvfb, stop, summary, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]
AIN_AL_ASAD = (42.44, 33.79)
CORNERS = [(41.9, 33.4), (43.0, 33.4), (43.0, 34.2), (41.9, 34.2)]  # lon, lat
R = 6378137.0


def merc(lon, lat):
    return R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def to_screen(s, lon, lat):
    """Window px of a lon/lat for the session's camera (EPSG:3857) and map rectangle."""
    mx, my, mw, mh = s["window"]["map"]
    cx, cy = merc(*s["camera"]["center"])
    x, y = merc(lon, lat)
    scale = 256 * 2 ** s["camera"]["zoom"] / (2 * math.pi * R)
    return round(mx + mw / 2 + (x - cx) * scale), round(my + mh / 2 - (y - cy) * scale)


def inside(polygons, lon, lat):
    hit = False
    for polygon in polygons:
        for r in polygon:
            for i in range(len(r)):
                (x0, y0), (x1, y1) = r[i - 1], r[i]
                if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
                    hit = not hit
    return hit


def click(x, y):
    xdo("mousemove", "--sync", x, y)
    time.sleep(0.15)
    xdo("mousedown", "1")
    time.sleep(0.15)
    xdo("mouseup", "1")
    time.sleep(0.45)  # past the double-click time: each click is one corner


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-area-")
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:  # a window over all the data: every incident inside counts
        json.dump({"files": [SAMPLE],
                   "camera": {"projection": "EPSG:3857", "center": [42.5, 33.8], "zoom": 7},
                   "time": {"from": "2023-01-01T00:00:00Z", "to": "2025-01-01T00:00:00Z",
                            "mode": "window"}}, f)
    points = [ft["geometry"]["coordinates"] for ft in json.load(open(SAMPLE))["features"]]
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display
        check("area" not in s, "no area at the start")
        mx, my, mw, mh = s["window"]["map"]
        xdo("mousemove", "--sync", mx + mw // 2, my + mh // 2)
        xdo("key", "a")
        time.sleep(0.3)
        for lon, lat in CORNERS:
            click(*to_screen(s, lon, lat))
        xdo("key", "Return")
        s = wait_for(lambda: (v := read_session(session)) and "area" in v and v, "the area", 10)
        polygons = s["area"]["polygons"]
        ring = polygons[0][0] if polygons and polygons[0] else []
        check(len(ring) == 4, f"the area has the four clicked corners ({len(ring)})")
        pixel_deg = 360 / (256 * 2 ** s["camera"]["zoom"])
        check(all(abs(a[0] - b[0]) < 2 * pixel_deg and abs(a[1] - b[1]) < 2 * pixel_deg
                  for a, b in zip(ring, CORNERS)),
              f"the corners lie where the clicks were ({ring})")
        check(inside(polygons, *AIN_AL_ASAD), "Ain al-Asad lies inside the drawn area")
        expected = sum(1 for lon, lat, *_ in points if inside(polygons, lon, lat))
        check(0 < expected < len(points), f"the area holds some incidents, not all ({expected})")
        try:
            s = wait_for(lambda: (v := read_session(session)) and
                         v.get("area", {}).get("shown") == expected and v, "the count", 10)
        except TimeoutError:
            s = read_session(session)
        check(s.get("area", {}).get("shown") == expected,
              f"the session's count is the brute-force count ({s.get('area', {}).get('shown')} "
              f"vs {expected})")
        subprocess.run(["import", "-display", display, "-window", "root",
                        os.path.join(tmp, "area.png")], check=False)

        # Shift+A clears it; Ctrl+Z brings it back.
        xdo("key", "shift+a")
        s = wait_for(lambda: (v := read_session(session)) and "area" not in v and v, "cleared", 10)
        check("area" not in s, "Shift+A clears the area")
        xdo("key", "ctrl+z")
        s = wait_for(lambda: (v := read_session(session)) and "area" in v and v, "undone", 10)
        check(s["area"]["polygons"] == polygons, "Ctrl+Z brings the same area back")

        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
