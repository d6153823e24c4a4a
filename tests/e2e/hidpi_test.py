#!/usr/bin/env python3
"""The window on a HiDPI screen (content scale 1.5, Xft.dpi 144) under Xvfb.

Usage: hidpi_test.py INCIMAP_BINARY SAMPLE_GEOJSON

The saved size is in logical px, so the window keeps its size from one launch to the next
(it used to grow 1280×800 → 1920×1200 → 2880×1800), and it opens inside the screen's work
area whatever the session says. Waits for state (READY file, session file), never sleeps.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile

from harness import stop as end_test
from harness import CHECKS, FAILURES, app_env, check, read_session, start_app, start_xvfb, wait_for

BIN, SAMPLE = sys.argv[1], sys.argv[2]
SCREEN_W, SCREEN_H = 1920, 1080


def geometry(display):
    env = dict(os.environ, DISPLAY=display)
    wid = wait_for(lambda: subprocess.run(["xdotool", "search", "--name", "incimap"], env=env,
                                          capture_output=True, text=True).stdout.split(),
                   "the window")
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid[0]], env=env,
                         capture_output=True, text=True, check=True).stdout
    g = dict(line.split("=", 1) for line in out.split())
    return int(g["WIDTH"]), int(g["HEIGHT"])


def launch(tmp, display, session):
    return start_app(BIN, session, os.path.join(tmp, "ready"), app_env(tmp, display),
                     stdout=subprocess.DEVNULL)


def stop(app):
    app.send_signal(signal.SIGTERM)
    check(app.wait(timeout=15) == 0, "SIGTERM exits 0")


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-hidpi-")
    # -noreset: the root window's resources set below must outlive the client that sets them.
    xvfb, display = start_xvfb(f"{SCREEN_W}x{SCREEN_H}x24", ["-noreset"])
    app = None
    try:
        # GLFW reads the content scale from Xft.dpi in the root window's resources.
        subprocess.run(["xprop", "-display", display, "-root", "-f", "RESOURCE_MANAGER", "8s",
                        "-set", "RESOURCE_MANAGER", "Xft.dpi:\t144\n"], check=True)
        session = os.path.join(tmp, "session.json")
        with open(session, "w") as f:
            json.dump({"files": [SAMPLE]}, f)

        sizes = []
        for launch_no in (1, 2, 3):
            app = launch(tmp, display, session)
            w, h = geometry(display)
            stop(app) # the session is written as the app ends
            app = None
            s = read_session(session)
            check(w <= SCREEN_W and h <= SCREEN_H,
                  f"launch {launch_no}: the window ({w}×{h}) fits the {SCREEN_W}×{SCREEN_H} screen")
            check(abs(s["window"].get("scale", 0) - 1.5) < 1e-6,
                  f"launch {launch_no}: the session records the content scale 1.5")
            sw, sh = s["window"]["size"]
            check(abs(sw * 1.5 - w) <= 2 and abs(sh * 1.5 - h) <= 2,
                  f"launch {launch_no}: the saved size is logical ({sw}×{sh} × 1.5 ≈ {w}×{h})")
            sizes.append((w, h))
        check(sizes[0] == sizes[1] == sizes[2], f"the window keeps its size across launches {sizes}")

        # A session saying more than the screen holds still opens inside it.
        s = read_session(session)
        s["window"] = {"size": [4000, 3000]}
        with open(session, "w") as f:
            json.dump(s, f)
        app = launch(tmp, display, session)
        w, h = geometry(display)
        check(w <= SCREEN_W and h <= SCREEN_H, f"a 4000×3000 session opens inside the screen ({w}×{h})")
        stop(app)
        app = None
    finally:
        end_test(app, xvfb, tmp)
    print(f"{CHECKS[0] - len(FAILURES)}/{CHECKS[0]} checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
