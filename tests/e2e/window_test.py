#!/usr/bin/env python3
"""End-to-end test of the real window under Xvfb, driven by xdotool.

Usage: window_test.py INCIMAP_BINARY SAMPLE_GEOJSON

Every step waits for state (the READY file, the session file the app rewrites within a
second of a change), never for a lucky sleep; waits time out with a clear failure.
The screenshot is checked too: the map must show land, water and incident colours.
"""
import json
import math
import os
import signal
import subprocess
import sys
import time

from harness import CHECKS, FAILURES, begin, check, read_session, screenshot, start_app, stop, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]
def pixel_counts(png, box, colours, tol=12):
    """Counts pixels near each colour inside box (x, y, w, h) using ImageMagick."""
    x, y, w, h = box
    raw = subprocess.run(["convert", png, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-depth", "8",
                          "rgb:-"], check=True, capture_output=True).stdout
    counts = {name: 0 for name in colours}
    for i in range(0, len(raw) - 2, 3):
        p = raw[i], raw[i + 1], raw[i + 2]
        for name, c in colours.items():
            if all(abs(p[k] - c[k]) <= tol for k in range(3)):
                counts[name] += 1
    return counts


R = 6378137.0


def lonlat_at(session, px, py):
    """The lon/lat under window pixel (px, py) for a Web Mercator session's camera."""
    lon, lat = session["camera"]["center"]
    z = session["camera"]["zoom"]
    mx, my, mw, mh = session["window"]["map"]
    upp = 2 * math.pi * R / (256 * 2 ** z)
    cx = R * math.radians(lon)
    cy = R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    x = cx + (px - mx - mw / 2) * upp
    y = cy - (py - my - mh / 2) * upp
    return math.degrees(x / R), math.degrees(2 * math.atan(math.exp(y / R)) - math.pi / 2), upp


def screen_of(session, lon, lat):
    """Window pixel of lon/lat for a Web Mercator session's camera (lonlat_at's inverse)."""
    clon, clat = session["camera"]["center"]
    z = session["camera"]["zoom"]
    mx, my, mw, mh = session["window"]["map"]
    upp = 2 * math.pi * R / (256 * 2 ** z)

    def merc(lo, la):
        return R * math.radians(lo), R * math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
    x, y = merc(lon, lat)
    cx, cy = merc(clon, clat)
    return mx + mw / 2 + (x - cx) / upp, my + mh / 2 - (y - cy) / upp


def clickable_incident(session, sample):
    """(indices, px, py): a dated incident the session's window shows, inside its map
    rectangle with a margin, and every shown incident within 8 px of it (a click there may
    select any of them)."""
    with open(sample) as f:
        features = json.load(f)["features"]
    t0, t1 = session["time"]["from"][:10], session["time"]["to"][:10]
    mx, my, mw, mh = session["window"]["map"]
    shown = []
    for i, feat in enumerate(features):
        lon, lat = feat["geometry"]["coordinates"][:2]
        px, py = screen_of(session, lon, lat)
        if t0 <= (feat["properties"].get("date") or "") < t1:
            shown.append((i, px, py))
    for i, px, py in shown:
        if mx + 20 < px < mx + mw - 20 and my + 20 < py < my + mh - 20:
            near = {j for j, qx, qy in shown if math.hypot(px - qx, py - qy) < 8}
            return near, round(px), round(py)
    return None


def main():
    tmp, artifacts, xvfb, display, env = begin("window")
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    # A hand-written session with only files, camera and time opens exactly that view:
    # Baghdad at zoom 9, so the incidents there sit at the centre of the map.
    with open(session, "w") as f:
        json.dump({"files": [SAMPLE],
                   "camera": {"projection": "EPSG:3857", "center": [44.4009, 33.3406], "zoom": 9},
                   "time": {"from": "2024-01-01T00:00:00Z", "to": "2024-02-08T00:00:00Z",
                            "mode": "window"}}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display
        wid = subprocess.run(["xdotool", "search", "--name", "incimap"], capture_output=True,
                             text=True).stdout.split()
        check(len(wid) > 0, "a window titled incimap exists")
        title = subprocess.run(["xdotool", "getwindowname", wid[0]], capture_output=True,
                               text=True).stdout
        check("incidents-2023-10_2024-02.geojson" in title, f"title names the file ({title.strip()})")
        check(abs(s["camera"]["zoom"] - 9) < 1e-6, "the session's zoom is applied")
        check(abs(s["camera"]["center"][0] - 44.4009) < 1e-6, "the session's centre is applied")
        check(s["time"]["from"].startswith("2024-01-01"), "the session's time window is applied")
        mx, my, mw, mh = s["window"]["map"]
        cx, cy = mx + mw // 2, my + mh // 2

        # The screenshot shows the map: land colour, and incident colours near Baghdad.
        shot = os.path.join(artifacts, "1-start.png")
        screenshot(display, shot)
        counts = pixel_counts(shot, (mx, my, mw, mh), {
            "land": (244, 242, 236), "drone strike": (204, 121, 167), "airstrike": (0, 114, 178)})
        print("   pixels:", counts)
        check(counts["land"] > mw * mh * 0.3, "the map shows land around Baghdad")
        check(counts["drone strike"] + counts["airstrike"] > 20,
              "incidents are drawn in their category colours")
        h = s["window"]["size"][1]
        panel = pixel_counts(shot, (0, my, mx, mh), {"header": (211, 224, 242), "text": (0, 0, 0)},
                             tol=40)
        # The histogram's bars are stacked in the legend's colours (the sample's categories).
        timeline = pixel_counts(shot, (mx, my + mh, mw, h - my - mh),
                                {"vermillion": (213, 94, 0), "blue": (0, 114, 178),
                                 "orange": (230, 159, 0), "green": (0, 158, 115),
                                 "purple": (204, 121, 167), "sky": (86, 180, 233)}, tol=6)
        print("   panel:", panel, "timeline:", timeline)
        check(panel["header"] > 500 and panel["text"] > 200, "the side panel is visible")
        check(sum(timeline.values()) > 100, "the timeline histogram is visible")
        check(sum(1 for n in timeline.values() if n > 10) >= 2,
              "the histogram's bars are stacked in two or more category colours")

        # Click the incidents at the centre: one is selected, and 3 of them share the spot.
        xdo("mousemove", "--sync", cx, cy)
        time.sleep(0.1)
        xdo("click", 1)
        s = wait_for(lambda: (v := read_session(session)) and v["selected"] and v, "selection")
        check(s["selected"]["index"] in (49, 72, 64, 65),
              f"clicking Baghdad selects a Baghdad incident (index {s['selected']['index']})")
        check(str(s["selected"]["id"]).startswith("ME"), "the selection carries the feature id")
        screenshot(display, os.path.join(artifacts, "2-selected.png"))

        # Drag pans: the map point under the hand stays under it (100 px right = centre west).
        before = s["camera"]["center"]
        xdo("mousemove", "--sync", cx + 60, cy + 60)
        xdo("mousedown", 1)
        time.sleep(0.1)
        for k in range(1, 11):
            xdo("mousemove", "--sync", cx + 60 + 10 * k, cy + 60)
            time.sleep(0.02)
        xdo("mouseup", 1)
        upp_deg = 360.0 / (256 * 2 ** 9)  # degrees of longitude per px at zoom 9

        def moved_px(v):
            return (before[0] - v["camera"]["center"][0]) / upp_deg

        # The session is rewritten during the drag too: wait for the final position.
        try:
            s = wait_for(lambda: (v := read_session(session)) and abs(moved_px(v) - 100) < 3 and v,
                         "pan by 100 px", 10)
        except TimeoutError:
            s = read_session(session)
        moved = moved_px(s)
        check(abs(moved - 100) < 3, f"dragging 100 px moves the map 100 px ({moved:.1f})")

        # Wheel zooms about the cursor, eased to +1 for two notches.
        z0 = s["camera"]["zoom"]
        ax, ay = cx + 150, cy - 80  # zoom about a point away from the centre
        before_ll = lonlat_at(s, ax, ay)
        xdo("mousemove", "--sync", ax, ay)
        xdo("click", 4)
        xdo("click", 4)
        s = wait_for(lambda: (v := read_session(session)) and abs(v["camera"]["zoom"] - z0 - 1) < 1e-3
                     and v, "wheel zoom", 10)
        check(abs(s["camera"]["zoom"] - z0 - 1) < 1e-3, "two wheel notches zoom in one level")
        after_ll = lonlat_at(s, ax, ay)
        drift_px = math.hypot(after_ll[0] - before_ll[0], after_ll[1] - before_ll[1]) / \
            math.degrees(after_ll[2] / R)
        check(drift_px < 1.0, f"the point under the cursor stays put through the zoom ({drift_px:.2f} px)")

        # Right steps the window by its length (no step set), Left back; Space plays.
        t0 = s["time"]["from"]
        xdo("key", "Right")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["from"] != t0 and v, "step")
        check(s["time"]["from"].startswith("2024-02-08"),
              f"Right steps the window by its length, 38 days ({s['time']['from']})")
        xdo("key", "Left")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["from"] == t0 and v,
                     "step back")
        check(s["time"]["from"].startswith("2024-01-01"), "Left steps back by the same length")
        xdo("key", "space")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["playing"] and v, "play")
        check(s["time"]["playing"], "Space starts playback")
        # Playback moves the window at one day per second.
        f1 = s["time"]["from"]
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["from"] != f1 and v,
                     "playback advances")
        check(True, "playback advances the window")
        screenshot(display, os.path.join(artifacts, "3-playing.png"))

        # Pause, then resize: the session records the new size and map rectangle within a
        # second, and a click where the session says an incident is selects it.
        xdo("key", "space")
        s = wait_for(lambda: (v := read_session(session)) and not v["time"]["playing"] and v,
                     "pause")
        xdo("key", "Escape")
        s = wait_for(lambda: (v := read_session(session)) and v["selected"] is None and v,
                     "selection cleared")
        xdo("windowsize", wid[0], 1000, 700)
        s = wait_for(lambda: (v := read_session(session)) and v["window"]["size"] == [1000, 700]
                     and v, "resize in the session", 10)
        mx, my, mw, mh = s["window"]["map"]
        check(s["window"]["size"] == [1000, 700], "a resize reaches the session")
        check(mx == 340 and mw == 1000 - 340 and my + mh + 120 + 24 == 700,
              f"the session's map rectangle fits the new size ({s['window']['map']})")
        target = clickable_incident(s, SAMPLE)
        check(target is not None, "an incident in the window lies inside the resized map")
        if target is not None:
            indices, px, py = target
            xdo("mousemove", "--sync", px, py)
            time.sleep(0.1)
            xdo("click", 1)
            s = wait_for(lambda: (v := read_session(session)) and v["selected"] and v,
                         "selection after resize")
            check(s["selected"]["index"] in indices,
                  f"clicking where the session says selects the incident there "
                  f"({s['selected']['index']} of {sorted(indices)})")
        screenshot(display, os.path.join(artifacts, "4-resized.png"))

        # SIGTERM: the session is written and the app exits cleanly.
        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")
        s = read_session(session)
        check(s is not None and s["version"] == 1 and s["files"], "the session is intact after SIGTERM")
        check(not os.path.exists(os.path.join(os.getcwd(), "imgui.ini")),
              "no imgui.ini in the working directory")
        check(os.path.exists(os.path.join(tmp, "config", "incimap", "imgui.ini")),
              "imgui.ini is kept in the XDG config dir")
    finally:
        stop(app, xvfb, tmp)
    # No display at all: one clear line pointing at `incimap render`.
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    r = subprocess.run([BIN], env=env, capture_output=True, text=True, timeout=30)
    lines = r.stderr.strip().splitlines()
    check(r.returncode != 0 and len(lines) == 1 and "incimap render" in lines[0],
          "without a display: one line that points at incimap render")
    print(f"{CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
