#!/usr/bin/env python3
"""End-to-end test of two inputs in the side panel (issue 20) in the real window under Xvfb.

Usage: panel_input_test.py INCIMAP_BINARY

Two layers (a, then b). Dragging layer a's name onto layer b's row puts a second (the session's
files), and one Ctrl+Z puts it back: the drag is one undoable command. Then the search box:
typed "alpha" is the search; Ctrl+A and "gamma" replace it (the search is "gamma", not
"alphagamma"), and the letters typed there never reach the window's keys.

Widgets are found on screenshots: the layers' switches are the white squares (a frame's height
wide) under the "Layers" header, the search box the white field right across the panel just
above the next header. Each step waits for the state the app writes to its session file.
"""
import json
import os
import signal
import sys
import tempfile
import time

from harness import app_env, check, read_session, screenshot, start_app, start_xvfb, stop, summary, wait_for, xdo
from panels_test import Shot, header_bands, layer


def white(px, tol=2):
    return all(c >= 255 - tol for c in px)


def switches(shot, y0, y1):
    """Centres (x, y) of the white squares at the panel's left edge between y0 and y1: runs of
    rows whose white run from the first white pixel in x 4..40 is 10-26 px long (the combos
    and the search box, also white, are much wider)."""
    rows = []
    for y in range(y0, y1):
        x0 = next((x for x in range(4, 40) if white(shot.at(x, y))), None)
        if x0 is None:
            continue
        x1 = x0
        while x1 < 330 and white(shot.at(x1 + 1, y)):
            x1 += 1
        if 10 <= x1 - x0 + 1 <= 26:
            rows.append((y, (x0 + x1) // 2))
    boxes, start = [], None
    for i, (y, x) in enumerate(rows):
        if start is None:
            start = i
        if i + 1 == len(rows) or rows[i + 1][0] != y + 1:
            if rows[i][0] - rows[start][0] >= 8:
                boxes.append((rows[start][1], (rows[start][0] + rows[i][0]) // 2))
            start = None
    return boxes


def search_box(shot, y0, y1):
    """The centre row of the last white field right across the panel (x 20..300) between y0
    and y1: the search box, the Layers section's last widget."""
    rows = [y for y in range(y0, y1) if all(white(shot.at(x, y)) for x in range(20, 300, 8))]
    if not rows:
        return None
    last = [y for y in rows if rows[-1] - y < 30]
    return (last[0] + last[-1]) // 2


def drag(x0, y0, x1, y1, steps=12):
    """Press at (x0, y0), move in small paced steps to (x1, y1), release (ImGui 1.86 samples
    the mouse once a frame: shared/PLATFORM.md)."""
    xdo("mousemove", "--sync", x0, y0)
    time.sleep(0.2)
    xdo("mousedown", 1)
    time.sleep(0.2)
    for i in range(1, steps + 1):
        xdo("mousemove", "--sync", x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps)
        time.sleep(0.05)
    time.sleep(0.2)
    xdo("mouseup", 1)
    time.sleep(0.2)


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-panel-input-")
    artifacts = os.path.abspath("e2e-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    a, b = os.path.join(tmp, "a.geojson"), os.path.join(tmp, "b.geojson")
    layer(a, [("alpha", 6), ("beta", 3)], 44.0, 33.0)
    layer(b, [("gamma", 5)], 35.5, 33.9)
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    sa, sb = os.path.basename(a), os.path.basename(b)  # stored relative to the session
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        json.dump({"files": [a, b]}, f)
    app = None
    try:
        app = start_app(binary, session, ready, env)
        wait_for(lambda: (v := read_session(session)) and v["files"] == [sa, sb],
                 "both layers in the session")
        os.environ["DISPLAY"] = display

        # Both layers' rows, found when both switches are drawn.
        def rows():
            shot = Shot(display)
            bands = header_bands(shot)
            if len(bands) < 2:
                return None
            found = switches(shot, bands[0][1], bands[1][0])
            return (shot, bands, found) if len(found) == 2 else None

        shot, bands, found = wait_for(rows, "two layer switches under the Layers header")
        (_, ya), (xb, yb) = found
        check(ya < yb, f"layer a's switch above layer b's ({found}, headers {bands})")
        screenshot(display, os.path.join(artifacts, "panel-input-1-layers.png"))

        # Drag a's name (right of its switch) onto b's row: a goes second.
        name_x = xb + 90
        drag(name_x, ya, name_x, yb)
        s = wait_for(lambda: (v := read_session(session)) and v["files"] == [sb, sa] and v,
                     "a dragged below b", 10)
        check(s["files"] == [sb, sa], "dragging layer a onto layer b's row puts a second")
        xdo("mousemove", "--sync", 800, 300)
        time.sleep(0.2)
        xdo("key", "ctrl+z")
        s = wait_for(lambda: (v := read_session(session)) and v["files"] == [sa, sb] and v,
                     "one Ctrl+Z undoes the drag", 10)
        check(s["files"] == [sa, sb], "one Ctrl+Z puts the layers back in their order")

        # The search box: type, then Ctrl+A and type again.
        loop, heat = s["time"]["loop"], s["style"]["heat"]
        def field():
            shot = Shot(display)
            bands = header_bands(shot)
            y = search_box(shot, bands[0][1], bands[1][0]) if len(bands) >= 2 else None
            return y
        y = wait_for(field, "the search box above the Legend header")
        xdo("mousemove", "--sync", 150, y)
        time.sleep(0.2)
        xdo("click", 1)
        time.sleep(0.3)
        xdo("type", "--delay", "60", "alpha")
        s = wait_for(lambda: (v := read_session(session)) and v["filters"]["search"] == "alpha"
                     and v, "the search 'alpha'", 10)
        check(s["filters"]["search"] == "alpha", "typed text in the search box is the search")
        xdo("key", "ctrl+a")
        time.sleep(0.2)
        xdo("type", "--delay", "60", "gamma")
        s = wait_for(lambda: (v := read_session(session)) and
                     v["filters"]["search"] not in ("alpha", "") and
                     len(v["filters"]["search"]) >= 5 and v, "the search after Ctrl+A", 10)
        screenshot(display, os.path.join(artifacts, "panel-input-2-search.png"))
        check(s["filters"]["search"] == "gamma",
              f"Ctrl+A then typing replaces the search (got '{s['filters']['search']}')")
        # "alpha" holds L (loop) and H (heat map): had they reached the window, both would be on.
        check(s["time"]["loop"] == loop and s["style"]["heat"] == heat,
              "the letters typed in the search box reached no window key (loop and heat as they were)")

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
