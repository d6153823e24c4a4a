#!/usr/bin/env python3
"""End-to-end test of following a live file (issue 17, item 6) in the real window under Xvfb.

Usage: live_test.py INCIMAP_BINARY POINTS_GEOJSONL

The window opens a GeoJSONSeq copied into a temp folder. The test appends a row the way a
collector does and waits for the session (rewritten within a second of a change) to count it:
within a few seconds, the time window untouched. Shift+F turns on Follow newest: the window
moves to end with the newest incident, and again after the next appended row. Every wait is
for state in the session file, never a sleep.
"""
import json
import os
import shutil
import signal
import sys
import tempfile
import time

from harness import app_env, check, read_session, start_app, start_xvfb, stop, summary, wait_for, xdo

BIN, POINTS = sys.argv[1], sys.argv[2]


def row(fid, lon, lat, date):
    return json.dumps({"type": "Feature", "id": fid,
                       "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": {"name": f"appended {fid}", "date": date,
                                      "event_type": "Battles", "fatalities": 1}}) + "\n"


def live(s):
    return s.get("live", {}) if s else {}


def incidents(s):
    files = live(s).get("files", [])
    return files[0]["incidents"] if files else None


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-live-")
    feed = os.path.join(tmp, "feed.geojsonl")
    shutil.copyfile(POINTS, feed)
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        json.dump({"files": [feed],
                   "time": {"from": "2024-01-04T00:00:00Z", "to": "2024-01-11T00:00:00Z",
                            "mode": "window"}}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: (v := read_session(session)) and incidents(v) == 3 and v,
                     "the session counts the file's 3 incidents")
        check(live(s).get("watch") is True, "files are watched by default")
        check(live(s).get("follow_newest") is False, "Follow newest is off by default")

        # A collector appends a row: it is on the map within a few seconds.
        t0 = time.monotonic()
        with open(feed, "a") as f:
            f.write(row(201, 44.0, 33.0, "2024-02-20"))
        s = wait_for(lambda: (v := read_session(session)) and incidents(v) == 4 and v,
                     "the appended incident in the session's counts", timeout=10)
        took = time.monotonic() - t0
        print(f"appended row counted after {took:.2f} s")
        check(took < 5, f"the appended row is counted within 5 s ({took:.2f} s)")
        check(s["time"]["from"].startswith("2024-01-04") and s["time"]["to"].startswith("2024-01-11"),
              f"the time window is kept without Follow ({s['time']['from']} .. {s['time']['to']})")

        # Shift+F: Follow newest moves the window (7 days) to end with the 2024-02-20 incident.
        os.environ["DISPLAY"] = display
        mx, my, mw, mh = s["window"]["map"]
        xdo("mousemove", "--sync", mx + mw // 2, my + mh // 2)
        xdo("key", "shift+f")
        s = wait_for(lambda: (v := read_session(session)) and live(v).get("follow_newest") and v,
                     "Follow newest on in the session")
        check(s["time"]["to"].startswith("2024-02-21") and s["time"]["from"].startswith("2024-02-14"),
              f"Shift+F moves the window to the newest incident ({s['time']['from']} .. {s['time']['to']})")

        # Another row, written in two parts (a partial line first): followed once complete.
        line = row(202, 44.5, 33.5, "2024-03-05")
        with open(feed, "a") as f:
            f.write(line[:50])
        with open(feed, "a") as f:
            f.write(line[50:])
        s = wait_for(lambda: (v := read_session(session)) and incidents(v) == 5 and
                     v["time"]["to"].startswith("2024-03-06") and v,
                     "the window follows the next appended incident", timeout=10)
        check(s["time"]["from"].startswith("2024-02-28"),
              f"the window keeps its length ({s['time']['from']} .. {s['time']['to']})")
        check("note" not in live(s)["files"][0], "no note on a file that is there")

        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")
    except TimeoutError as e:
        check(False, str(e))
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
