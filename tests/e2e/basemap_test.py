#!/usr/bin/env python3
"""End-to-end test of View > Basemap (issue 16) in the real window under Xvfb.

Usage: basemap_test.py INCIMAP_BINARY

A GeoTIFF made here (a red square around Baghdad, gdal_create) is chosen from the menu:
View > Basemap > "A file or tile URL...", its path typed into the dialog, Enter. The session
then names it, and the screenshot around a known incident (at Baghdad) turns from the offline
map's land to the GeoTIFF's red. The menu's items are found on the screenshot (the lines of
text in the menu bar and in each popup, in the order menus.cpp draws them), not at
hard-coded pixels. Every wait is for state (the session file, the screenshot).
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
BAGHDAD = (44.4, 33.3)
RED = (220, 30, 30)


def pixels(png, box):
    """RGB rows of box (x, y, w, h) of the screenshot."""
    x, y, w, h = box
    raw = subprocess.run(["convert", png, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-depth", "8",
                          "rgb:-"], check=True, capture_output=True).stdout
    return [[tuple(raw[(r * w + c) * 3:(r * w + c) * 3 + 3]) for c in range(w)] for r in range(h)]


def inked(p, bg):
    return sum(abs(p[k] - bg[k]) for k in range(3)) > 150


def background(rows):
    counts = {}
    for row in rows:
        for p in row:
            counts[p] = counts.get(p, 0) + 1
    return max(counts, key=counts.get)


def runs(flags, gap, min_len=1):
    """(start, end) of the runs of True in flags, joining runs closer than `gap`."""
    out = []
    for i, f in enumerate(flags):
        if f:
            if out and i - out[-1][1] <= gap:
                out[-1][1] = i + 1
            else:
                out.append([i, i + 1])
    return [(a, b) for a, b in out if b - a >= min_len]


def words_in_band(png, x0, x1, y0, y1):
    """Clusters of text (x0, x1) along a horizontal band of the screenshot."""
    rows = pixels(png, (x0, y0, x1 - x0, y1 - y0))
    bg = background(rows)
    cols = [any(inked(rows[r][c], bg) for r in range(len(rows))) for c in range(x1 - x0)]
    return [(x0 + a, x0 + b) for a, b in runs(cols, 7)]


def lines_in_column(png, x0, x1, y0, y1):
    """Lines of text (y0, y1) in a column of the screenshot (separators, 1-2 px, left out)."""
    rows = pixels(png, (x0, y0, x1 - x0, y1 - y0))
    bg = background(rows)
    flags = [sum(inked(p, bg) for p in row) >= 2 for row in rows]
    return [(y0 + a, y0 + b) for a, b in runs(flags, 1, 5)]


def red_share(png, cx, cy, radius=30):
    """Share of the pixels in a ring around (cx, cy) (the marker left out) that are the red
    (place names drawn over the basemap take some of it)."""
    rows = pixels(png, (int(cx) - radius, int(cy) - radius, 2 * radius, 2 * radius))
    red = total = 0
    for r, row in enumerate(rows):
        for c, p in enumerate(row):
            if (r - radius) ** 2 + (c - radius) ** 2 < 12 ** 2:
                continue
            total += 1
            red += all(abs(p[k] - RED[k]) <= 40 for k in range(3))
    return red / max(total, 1)


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-basemap-")
    artifacts = os.path.abspath("e2e-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    tif = os.path.join(tmp, "red square.tif")
    subprocess.run(["gdal_create", "-q", "-of", "GTiff", "-outsize", "80", "80", "-bands", "3",
                    "-burn", str(RED[0]), "-burn", str(RED[1]), "-burn", str(RED[2]),
                    "-a_srs", "EPSG:4326", "-a_ullr", "44.0", "33.7", "44.8", "32.9", tif],
                   check=True)
    data = os.path.join(tmp, "one.geojson")
    with open(data, "w") as f:
        json.dump({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(BAGHDAD)},
             "properties": {"event_type": "strike", "date": "2024-01-04"}}]}, f)
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        json.dump({"files": [data],
                   "camera": {"projection": "EPSG:3857", "center": list(BAGHDAD), "zoom": 9}}, f)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        s = wait_for(lambda: (v := read_session(session)) and v.get("window") and v, "session")
        os.environ["DISPLAY"] = display
        mx, my, mw, mh = s["window"]["map"]
        # The incident at the map's centre (the camera is centred on it).
        ix, iy = mx + mw / 2, my + mh / 2
        before = screenshot(display, os.path.join(artifacts, "basemap-1-offline.png"))
        check(red_share(before, ix, iy) < 0.05, "no red around the incident on the offline map")

        # View in the menu bar: its third word (File, Edit, View, …).
        words = words_in_band(before, 0, 700, 2, max(8, my - 2) if my > 12 else 20)
        check(len(words) >= 3, f"menu bar words found ({words})")
        vx = (words[2][0] + words[2][1]) // 2
        bar_bottom = my if my > 12 else 22
        xdo("mousemove", "--sync", vx, bar_bottom // 2)
        time.sleep(0.2)
        xdo("click", 1)
        # The View popup: its lines of text, left-aligned under "View".
        menu_png = os.path.join(artifacts, "basemap-menu.png")
        column = (words[2][0], bar_bottom, 90, 200)

        closed = pixels(before, column)

        def view_menu():
            # Open: the column under "View" changed since the first screenshot, is the popup's
            # white, and its first line of text sits just under the menu bar. (Mostly white
            # is not enough: the side panel's fields there are white too, and its rows, read
            # as the menu's lines before the popup was drawn, sent the hover to the panel.)
            shot = screenshot(display, menu_png)
            now = pixels(shot, column)
            if now == closed or min(background(now)) < 250:
                return False
            found = lines_in_column(shot, words[2][0], words[2][0] + 90, bar_bottom,
                                    bar_bottom + 360)
            return len(found) >= 8 and found[0][0] - bar_bottom < 20 and found
        lines = wait_for(view_menu, "the View menu", 10, poll=0.1)
        # Fit, Reset, Zoom in, Zoom out, Heat map, Theme, Basemap, Find: Basemap is the 7th.
        by = (lines[6][0] + lines[6][1]) // 2
        xdo("mousemove", "--sync", words[2][0] + 30, by)
        # The Basemap submenu opens beside it, its first item on Basemap's row.
        nudge = [0]

        def submenu():
            # The window draws when input arrives, and a submenu opens a frame after the hover:
            # a 1 px move each try gives it the frames. Hovered, Basemap's row is highlighted
            # (blue) to the View menu's right edge; the submenu's text starts just right of it.
            nudge[0] ^= 1
            xdo("mousemove", "--sync", words[2][0] + 30 + nudge[0], by)
            time.sleep(0.1)
            shot = screenshot(display, os.path.join(artifacts, "basemap-submenu.png"))
            row = pixels(shot, (words[2][0], by, 700, 1))[0]
            blue = runs([p[2] > p[0] + 60 and p[2] > 150 for p in row], 12)  # text breaks it
            if not blue:
                return False
            right = words[2][0] + blue[0][1]
            text = pixels(shot, (right + 6, lines[6][0], 100, lines[6][1] - lines[6][0]))
            dark = sum(sum(p) < 350 for line in text for p in line)
            return dark >= 10 and right
        right = wait_for(submenu, "the Basemap submenu", 10, poll=0.1)
        # Its items are as far apart as the View menu's: Offline map, None, A file or tile URL….
        pitch = ((lines[3][0] + lines[3][1]) - (lines[0][0] + lines[0][1])) / 6
        shot = os.path.join(artifacts, "basemap-submenu.png")
        sx, fy = right + 50, int(by + 2 * pitch)
        corner = (mx + mw - 20, my + mh - 20, 1, 1)  # a map pixel the modal dialog dims
        undimmed = pixels(shot, corner)[0][0]
        xdo("mousemove", "--sync", sx, fy)
        time.sleep(0.2)
        xdo("click", 1)
        wait_for(lambda: sum(abs(a - b) for a, b in zip(
            pixels(screenshot(display, os.path.join(tmp, "d.png")), corner)[0][0], undimmed)) > 30,
            "the dialog (the map dimmed behind it)", 10)
        time.sleep(0.2)  # its field takes the keyboard focus on the frame after it appears
        xdo("type", "--delay", "20", tif)
        time.sleep(0.2)
        screenshot(display, os.path.join(artifacts, "basemap-dialog.png"))
        xdo("keydown", "Return")
        time.sleep(0.2)
        xdo("keyup", "Return")

        # A file beside the session is stored relative to its folder (issue 20).
        names = (tif, os.path.basename(tif))
        try:
            s = wait_for(lambda: (v := read_session(session)) and
                         v.get("style", {}).get("basemap", {}).get("source") in names and v,
                         "the session names the GeoTIFF", 20)
        except TimeoutError:
            s = read_session(session) or {}
        source = s.get("style", {}).get("basemap", {}).get("source")
        check(source in names, f"View > Basemap chose the GeoTIFF (session: {source})")
        try:
            after = wait_for(lambda: (p := screenshot(display, os.path.join(artifacts,
                                                                       "basemap-2-geotiff.png")))
                             and red_share(p, ix, iy) > 0.6 and p, "the red under the incident",
                             20, poll=0.3)
        except TimeoutError:
            after = os.path.join(artifacts, "basemap-2-geotiff.png")
        check(red_share(after, ix, iy) > 0.6,
              f"the screenshot turned red around the incident ({red_share(after, ix, iy):.2f})")

        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
