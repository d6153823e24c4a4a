#!/usr/bin/env python3
"""End-to-end test of the analyst's toolkit (issue 17) in the real window under Xvfb.

Usage: toolkit_test.py INCIMAP_BINARY SAMPLE_GEOJSON

Ctrl+F, "baghdad", Enter: the session's camera centre lands within 0.05° of Baghdad (eased).
Ctrl+D keeps the view as a bookmark (session and XDG config bookmarks.json); Home goes away;
key 1 brings back the camera and the time window. Waits are for state (the session file the
app rewrites within a second of a change); the short pauses around keys only pace ImGui
1.86, which samples the keyboard once per frame (docs: shared/PLATFORM.md).
"""
import json
import os
import shutil
import signal
import sys
import time

from harness import begin, check, read_session, screenshot, start_app, stop, summary, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]
BAGHDAD = (44.40088, 33.34058)  # GeoNames, as in assets/basemap/places.fgb


def near(a, b, tol):
    return abs(a[0] - b[0]) < tol and abs(a[1] - b[1]) < tol


def main():
    tmp, artifacts, xvfb, display, env = begin("toolkit")
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    # Start over Beirut, far from Baghdad.
    with open(session, "w") as f:
        json.dump({"files": [SAMPLE],
                   "camera": {"projection": "EPSG:3857", "center": [35.5, 33.9], "zoom": 7},
                   "time": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-08T00:00:00Z",
                            "mode": "window"}}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display
        mx, my, mw, mh = s["window"]["map"]
        xdo("mousemove", "--sync", mx + mw // 2, my + mh // 2)

        # Place search: Ctrl+F, type, Enter → an eased flight to Baghdad.
        xdo("key", "ctrl+f")
        time.sleep(0.4)
        xdo("type", "--delay", "60", "baghdad")
        time.sleep(0.4)
        screenshot(display, os.path.join(artifacts, "toolkit-1-search.png"))
        xdo("keydown", "Return")
        time.sleep(0.2)
        xdo("keyup", "Return")
        try:
            s = wait_for(lambda: (v := read_session(session)) and
                         near(v["camera"]["center"], BAGHDAD, 0.05) and v, "flight to Baghdad", 10)
        except TimeoutError:
            s = read_session(session)
        check(near(s["camera"]["center"], BAGHDAD, 0.05),
              f"search 'baghdad' + Enter centres the map on Baghdad ({s['camera']['center']})")

        # Bookmark: step the window a day, Ctrl+D, go away (Home), key 1 comes back.
        t0 = s["time"]["from"]
        xdo("key", "Right")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["from"] != t0 and v, "step")
        # The flight may still be landing: wait until the camera stops moving.
        last = None
        for _ in range(50):
            v = read_session(session)
            if v and last and v["camera"] == last["camera"]:
                break
            last = v
            time.sleep(0.1)
        s = last
        view = (s["camera"]["center"], s["camera"]["zoom"], s["time"]["from"], s["time"]["to"])
        xdo("key", "ctrl+d")
        s = wait_for(lambda: (v := read_session(session)) and len(v.get("bookmarks", [])) == 1
                     and v, "bookmark in the session")
        check(s["bookmarks"][0]["name"] == "View 1", f"Ctrl+D adds 'View 1' ({s['bookmarks'][0]['name']})")
        kept = os.path.join(tmp, "config", "incimap", "bookmarks.json")
        check(os.path.exists(kept) and len(json.load(open(kept))["bookmarks"]) == 1,
              "the bookmark is kept in the XDG config folder's bookmarks.json")
        xdo("key", "Home")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["from"] is None and
                     not near(v["camera"]["center"], view[0], 0.05) and v, "Home resets")
        xdo("key", "1")
        try:
            s = wait_for(lambda: (v := read_session(session)) and
                         near(v["camera"]["center"], view[0], 1e-6) and
                         abs(v["camera"]["zoom"] - view[1]) < 1e-6 and
                         v["time"]["from"] == view[2] and v and True and v, "recall", 10)
        except TimeoutError:
            s = read_session(session)
        check(near(s["camera"]["center"], view[0], 1e-6) and abs(s["camera"]["zoom"] - view[1]) < 1e-6,
              f"key 1 restores the camera ({s['camera']} vs {view[:2]})")
        check(s["time"]["from"] == view[2] and s["time"]["to"] == view[3],
              f"key 1 restores the time window ({s['time']['from']} .. {s['time']['to']})")
        screenshot(display, os.path.join(artifacts, "toolkit-2-recalled.png"))

        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
