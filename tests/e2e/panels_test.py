#!/usr/bin/env python3
"""End-to-end test of the side panel's layers and legend (issue 20, the panels) in the real
window under Xvfb.

Usage: panels_test.py INCIMAP_BINARY

Two layers (a: alpha ×6, beta ×3 near Baghdad; b: gamma ×5 near Beirut). The first layer's
context menu (right-click on its name) hides it, then removes it (the session's hidden_files,
then files); Ctrl+Z brings it back. A click on the legend's first colour hides that category:
the session lists it, and its row stays on screen, greyed (its swatch faded, not gone). Space,
after a click on a panel (not a text field), plays and pauses.

Widgets are found on screenshots by their colours (the light theme's header bands, the
palette's first colour), and each step waits for the state the app writes to its session file;
the short pauses around clicks only pace ImGui 1.86, which samples input once per frame
(shared/PLATFORM.md).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from harness import app_env, check, read_session, screenshot, start_app, start_xvfb, stop, summary, wait_for, xdo

BIN = sys.argv[1]
VERMILLION = (213, 94, 0)  # the palette's first colour: layer a's most frequent value


def layer(path, counts, lon, lat):
    feats = []
    k = 0
    for name, n in counts:
        for _ in range(n):
            feats.append({"type": "Feature",
                          "geometry": {"type": "Point", "coordinates": [lon + 0.01 * (k % 7), lat + 0.01 * (k % 5)]},
                          "properties": {"date": "2024-01-%02d" % (k % 28 + 1), "event_type": name}})
            k += 1
    with open(path, "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f)


class Shot:
    """The screen as RGB bytes."""

    def __init__(self, display, w=1280, h=800):
        self.w, self.h = w, h
        self.px = subprocess.run(["import", "-display", display, "-window", "root", "-depth", "8",
                                  "rgb:-"], check=True, capture_output=True).stdout

    def at(self, x, y):
        i = (y * self.w + x) * 3
        return tuple(self.px[i:i + 3])


def header_bands(shot, x=25, y0=18, y1=770):
    """The side panel's collapsing headers: runs of rows whose pixel at x is the light theme's
    header blue."""
    bands, start = [], None
    for y in range(y0, y1):
        r, g, b = shot.at(x, y)
        blue = b - r > 30 and b > 200
        if blue and start is None:
            start = y
        elif not blue and start is not None:
            if y - start >= 8:
                bands.append((start, y))
            start = None
    return bands


def find_colour(shot, colour, x0, x1, y0, y1, tol=6):
    for y in range(y0, y1):
        for x in range(x0, x1):
            if all(abs(a - b) <= tol for a, b in zip(shot.at(x, y), colour)):
                return x, y
    return None


def click(button, x, y):
    xdo("mousemove", "--sync", x, y)
    time.sleep(0.15)
    xdo("mousedown", button)
    time.sleep(0.15)
    xdo("mouseup", button)
    time.sleep(0.15)


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-panels-")
    artifacts = os.path.abspath("e2e-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    a, b = os.path.join(tmp, "a.geojson"), os.path.join(tmp, "b.geojson")
    layer(a, [("alpha", 6), ("beta", 3)], 44.0, 33.0)
    layer(b, [("gamma", 5)], 35.5, 33.9)
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    # The session stores files beside it relative to its folder (issue 20).
    sa, sb = os.path.basename(a), os.path.basename(b)
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        json.dump({"files": [a, b]}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display

        # The first layer's line is just under the "Layers" header: its switch is the first
        # white square there.
        shot = Shot(display)
        bands = header_bands(shot)
        check(len(bands) >= 3, f"the side panel's headers are found ({bands})")
        y_layers = bands[0][1]
        box = find_colour(shot, (255, 255, 255), 4, 40, y_layers, y_layers + 40, tol=2)
        check(box is not None, "the first layer's switch is found")
        line_y = box[1] + 8

        def menu_item(row):
            """Right-click the first layer's name and click row `row` of its menu (rows of the
            font's height + spacing, after the name and a separator)."""
            click(3, 120, line_y)
            top = line_y  # the popup opens at the pointer
            y = top + 8 + 19 + 5 + row * 19 + 9 + (5 if row >= 5 else 0)
            screenshot(display, os.path.join(artifacts, f"panels-menu-{row}.png"))
            click(1, 150, y)

        # Hide (the menu's fifth item), then Remove (its sixth, after a separator).
        menu_item(4)
        s = wait_for(lambda: (v := read_session(session)) and v["filters"]["hidden_files"] == [sa]
                     and v, "hidden via the layer menu", 10)
        check(s["filters"]["hidden_files"] == [sa], "Hide in the layer menu hides the layer")
        menu_item(5)
        s = wait_for(lambda: (v := read_session(session)) and v["files"] == [sb] and v,
                     "removed via the layer menu", 10)
        check(s["files"] == [sb], f"Remove in the layer menu removes the layer ({s['files']})")
        xdo("mousemove", "--sync", 800, 300)
        xdo("key", "ctrl+z")
        s = wait_for(lambda: (v := read_session(session)) and v["files"] == [sa, sb] and v,
                     "Ctrl+Z brings the layer back", 10)
        check(s["files"] == [sa, sb] and s["filters"]["hidden_files"] == [sa],
              "Ctrl+Z brings the removed layer back, in its place and still hidden")
        xdo("key", "ctrl+z")
        s = wait_for(lambda: (v := read_session(session)) and v["filters"]["hidden_files"] == []
                     and v, "Ctrl+Z shows it again", 10)

        # The legend: the first colour is alpha's (layer a's most frequent); a click hides it.
        time.sleep(0.3)
        shot = Shot(display)
        bands = header_bands(shot)
        swatch = find_colour(shot, VERMILLION, 4, 40, bands[1][1], 700)
        check(swatch is not None, f"alpha's colour is in the legend (headers {bands})")
        if swatch:
            sx, sy = swatch[0] + 3, swatch[1] + 3
            click(1, 120, sy)
            s = wait_for(lambda: (v := read_session(session)) and
                         "alpha" in v["filters"]["hidden_categories"] and v, "alpha hidden", 10)
            check(s["filters"]["hidden_categories"] == ["alpha"], "a click on the legend hides alpha")
            xdo("mousemove", "--sync", 800, 300)
            time.sleep(0.3)
            after = Shot(display)
            px, bg = after.at(sx, sy), after.at(sx + 200, sy - 8)
            check(px != VERMILLION and px != bg and find_colour(after, VERMILLION, 4, 40, sy - 4, sy + 4) is None,
                  f"alpha's row stays, its swatch greyed ({px}, background {bg})")
            screenshot(display, os.path.join(artifacts, "panels-legend-hidden.png"))

        # Space after a click on a panel that is not a text field: play, then pause.
        click(1, 1250, 790)  # the status bar's empty end
        xdo("key", "space")
        s = wait_for(lambda: (v := read_session(session)) and v["time"]["playing"] and v,
                     "Space plays", 10)
        check(s["time"]["playing"], "Space plays after a click on a panel")
        xdo("key", "space")
        s = wait_for(lambda: (v := read_session(session)) and not v["time"]["playing"] and v,
                     "Space pauses", 10)
        check(not s["time"]["playing"], "Space pauses")

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
