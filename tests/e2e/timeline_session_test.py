#!/usr/bin/env python3
"""The timeline and the session in the real window under Xvfb (issue 20).

Usage: timeline_session_test.py INCIMAP_BINARY SAMPLE_GEOJSON

- A one-day window on a months-long timeline (a few px wide: the edges' grab zones would
  overlap) dragged by its body keeps its length.
- Playback to the end stops with the last incident in the window; Play then starts again
  from the first day.
- A session with a search restores the same histogram (what the filters leave), launch after
  launch, and not the histogram of everything.
State is read from the session file and screenshots; every wait is for state.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from harness import CHECKS, FAILURES, app_env, check, read_session, screenshot, start_app, start_xvfb, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]
DAY_MS = 86400000
OUTLINE = (0, 110, 170)  # the timeline's window outline (ui/timeline.cpp)


def rgb(png, box):
    """The pixels of box (x, y, w, h) of a PNG as rows of (r, g, b)."""
    x, y, w, h = box
    raw = subprocess.run(["convert", png, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-depth", "8",
                          "rgb:-"], check=True, capture_output=True).stdout
    return [[tuple(raw[(r * w + c) * 3:(r * w + c) * 3 + 3]) for c in range(w)] for r in range(h)]


def near(p, c, tol):
    return all(abs(p[k] - c[k]) <= tol for k in range(3))


def shot(display, path):
    screenshot(display, path)
    return path


def timeline_box(s):
    mx, my, mw, mh = s["window"]["map"]
    return mx, my + mh, mw, s["window"]["size"][1] - my - mh


def outline_box(png, s):
    """The window's outline on the timeline in screen px: (x0, y0, x1, y1), or None."""
    bx, by, bw, bh = timeline_box(s)
    xs, ys = [], []
    for r, row in enumerate(rgb(png, (bx, by, bw, bh))):
        for c, p in enumerate(row):
            if near(p, OUTLINE, 3):
                xs.append(bx + c)
                ys.append(by + r)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def histogram_signature(png, s):
    """The timeline band's columns that hold a coloured bar (the bins with incidents)."""
    bx, by, bw, bh = timeline_box(s)
    columns = set()  # below the controls row, above the tick labels
    for row in rgb(png, (bx, by + 40, bw, bh - 62)):
        for c, p in enumerate(row):
            if max(p) - min(p) > 40 and not near(p, OUTLINE, 3):
                columns.add(c)
    return len(columns)


def iso_ms(text):
    from datetime import datetime, timezone
    return int(datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=timezone.utc).timestamp() * 1000)


def write_session(path, **time_and_filters):
    s = {"files": [SAMPLE],
         "camera": {"projection": "EPSG:3857", "center": [42.0, 33.0], "zoom": 5}}
    s.update(time_and_filters)
    with open(path, "w") as f:
        json.dump(s, f)


def stop(app):
    app.send_signal(signal.SIGTERM)
    check(app.wait(timeout=15) == 0, "SIGTERM exits 0")


def narrow_drag(tmp, env, display):
    session, ready = os.path.join(tmp, "narrow.json"), os.path.join(tmp, "ready")
    write_session(session, time={"from": "2024-01-10T00:00:00Z", "to": "2024-01-11T00:00:00Z",
                                 "mode": "window"})
    app = start_app(BIN, session, ready, env, stdout=subprocess.DEVNULL)
    try:
        s = wait_for(lambda: read_session(session), "session written")
        box = wait_for(lambda: outline_box(shot(display, os.path.join(tmp, "narrow.png")), s),
                       "the window on the timeline")
        x0, y0, x1, y1 = box
        check(x1 - x0 < 16, f"a one-day window is a few px wide on the timeline ({x1 - x0 + 1} px)")
        x, y = (x0 + x1) // 2, (y0 + y1) // 2
        xdo("mousemove", "--sync", x, y)
        time.sleep(0.2)  # ImGui samples input once a frame: paced, not waited on
        xdo("mousedown", 1)
        time.sleep(0.2)
        for k in range(1, 9):
            xdo("mousemove", "--sync", x + 10 * k, y)
            time.sleep(0.05)
        time.sleep(0.2)
        xdo("mouseup", 1)
        s = wait_for(lambda: (v := read_session(session)) and
                     not v["time"]["from"].startswith("2024-01-10") and v, "the window moved")
        length = iso_ms(s["time"]["to"]) - iso_ms(s["time"]["from"])
        check(length == DAY_MS, f"dragging a narrow window by its body keeps its length "
                                f"({s['time']['from']} → {s['time']['to']})")
        check(iso_ms(s["time"]["from"]) > iso_ms("2024-01-10T00:00:00"),
              "the drag moved it later")
    finally:
        stop(app)


def playback_to_the_end(tmp, env):
    with open(SAMPLE) as f:
        times = sorted(ft["properties"]["datetime_utc"] for ft in json.load(f)["features"]
                       if ft["properties"].get("datetime_utc"))
    first, last = iso_ms(times[0]), iso_ms(times[-1])
    session, ready = os.path.join(tmp, "play.json"), os.path.join(tmp, "ready")
    start = (last // DAY_MS - 12) * DAY_MS
    from datetime import datetime, timezone
    iso = lambda ms: datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_session(session, time={"from": iso(start), "to": iso(start + 7 * DAY_MS),
                                 "mode": "window", "playing": True, "speed": 8})
    app = start_app(BIN, session, ready, env, stdout=subprocess.DEVNULL)
    try:
        s = wait_for(lambda: (v := read_session(session)) and not v["time"]["playing"] and v,
                     "playback to stop at the end", 30)
        f, t = iso_ms(s["time"]["from"]), iso_ms(s["time"]["to"])
        check(f <= last < t, f"playback stops with the last incident ({times[-1]}) in the window "
                             f"({s['time']['from']} → {s['time']['to']})")
        check(t - f == 7 * DAY_MS, "the window kept its length")
        xdo("key", "space")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["playing"] and v, "Play")
        # Playing at 8 days/s, the session (written within a second) may be a few days on.
        check(iso_ms(s["time"]["from"]) <= first + 10 * DAY_MS,
              f"Play at the end starts again from the first day ({times[0]}: "
              f"{s['time']['from']})")
    finally:
        stop(app)


def search_session(tmp, env, display):
    ready = os.path.join(tmp, "ready")
    whole = {"from": None, "to": None, "mode": "window"}
    signatures = {}
    for name, search in (("all", ""), ("search", "drone")):
        session = os.path.join(tmp, name + ".json")
        write_session(session, time=whole, filters={"search": search})
        for launch in (1, 2):
            app = start_app(BIN, session, ready, env, stdout=subprocess.DEVNULL)
            try:
                s = wait_for(lambda: read_session(session), "session written")
                check(s["filters"]["search"] == search,
                      f"{name}, launch {launch}: the session keeps the search '{search}'")
                png = shot(display, os.path.join(tmp, f"{name}-{launch}.png"))
                signatures[(name, launch)] = histogram_signature(png, s)
            finally:
                stop(app)
    print("   histogram pixels:", signatures)
    check(signatures[("search", 1)] == signatures[("search", 2)],
          "a session with a search restores the same histogram at the next launch")
    check(signatures[("search", 1)] < signatures[("all", 1)],
          "the restored search applies (fewer bars than without it)")


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-timeline-")
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    os.environ["DISPLAY"] = display
    try:
        narrow_drag(tmp, env, display)
        playback_to_the_end(tmp, env)
        search_session(tmp, env, display)
    except TimeoutError as e:
        check(False, str(e))
    finally:
        xvfb.terminate()
        xvfb.wait()
        if not FAILURES:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("artifacts kept in", tmp)
    print(f"{CHECKS[0] - len(FAILURES)}/{CHECKS[0]} checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
