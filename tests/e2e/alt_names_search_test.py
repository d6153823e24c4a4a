#!/usr/bin/env python3
"""End-to-end test of the place search by an Arabic name (issue 17, item 1) under Xvfb.

Usage: alt_names_search_test.py INCIMAP_BINARY SAMPLE_GEOJSON

The map starts over Beirut; Ctrl+F, the Arabic name of Mosul typed with xdotool ("الموصل",
GeoNames' Arabic name from libgeonames-common, bundled in places.fgb), Enter: the session's
camera centre lands within 0.05° of Mosul. The wait is for that state (the session file the
app rewrites within a second of a change); the short pauses around keys only pace ImGui 1.86,
which samples the keyboard once per frame (shared/PLATFORM.md), as in toolkit_test.py.
"""
import json
import os
import subprocess
import sys
import time

from harness import begin, check, read_session, screenshot, start_app, stop, summary, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]
MOSUL = (43.11889, 36.335)  # GeoNames, as in assets/basemap/places.fgb


def near(a, b, tol):
    return abs(a[0] - b[0]) < tol and abs(a[1] - b[1]) < tol


def main():
    tmp, artifacts, xvfb, display, env = begin("altnames")
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        json.dump({"files": [SAMPLE],
                   "camera": {"projection": "EPSG:3857", "center": [35.5, 33.9], "zoom": 7}}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display
        mx, my, mw, mh = s["window"]["map"]
        xdo("mousemove", "--sync", mx + mw // 2, my + mh // 2)
        check(not near(s["camera"]["center"], MOSUL, 1.0), "the map starts away from Mosul")

        xdo("key", "ctrl+f")
        time.sleep(0.4)
        # An Arabic keyboard, as the user would have: xdotool then presses the keys that give
        # these letters. (Without it xdotool maps each letter onto a spare keycode, and GLFW
        # got only the first letter, or none.)
        subprocess.run(["setxkbmap", "-display", display, "ara"], check=True)
        xdo("type", "--delay", "80", "الموصل")
        time.sleep(0.4)
        screenshot(display, os.path.join(artifacts, "alt-names-1-search.png"))
        xdo("keydown", "Return")
        time.sleep(0.2)
        xdo("keyup", "Return")
        try:
            s = wait_for(lambda: (v := read_session(session)) and
                         near(v["camera"]["center"], MOSUL, 0.05) and v, "flight to Mosul", 10)
        except TimeoutError:
            s = read_session(session)
        check(near(s["camera"]["center"], MOSUL, 0.05),
              f"search 'الموصل' + Enter centres the map on Mosul ({s['camera']['center']})")
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
