#!/usr/bin/env python3
"""End-to-end test of File > Open's layer choice (issue 15, item 1) in the real window.

Usage: layers_test.py INCIMAP_BINARY FIXTURES_DIR

The window starts on points.geojson (READY says how many incidents). Ctrl+O, the path of a
GeoPackage with two point layers (strikes: 3, protests: 2) and a polygon layer (areas), Enter:
the window asks which layers (the --ready-file says "ASK layers PATH"); key 2 unticks protests,
Enter opens. READY comes again with only the strikes added, and the session keeps the choice;
started again on that session, the window reads the same. Waits are for state (the ready and
session files); the short pauses around keys only pace ImGui 1.86, which samples the keyboard
once per frame (shared/PLATFORM.md).
"""
import os
import shutil
import signal
import sys
import tempfile
import time

from harness import app_env, check, read_session, screenshot, start_app, start_xvfb, stop, summary, wait_for, xdo

BIN, FIXTURES = sys.argv[1], sys.argv[2]


def ready_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def incidents(text):
    """The count on READY's `incidents N` line, or None."""
    for line in text.splitlines():
        if line.startswith("incidents "):
            return int(line.split()[1])
    return None


def key(name):
    xdo("keydown", name)
    time.sleep(0.2)
    xdo("keyup", name)
    time.sleep(0.2)


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-e2e-layers-")
    artifacts = os.path.abspath("e2e-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    points = os.path.join(tmp, "points.geojson")
    gpkg = os.path.join(tmp, "multi_layer.gpkg")
    shutil.copy(os.path.join(FIXTURES, "points.geojson"), points)
    shutil.copy(os.path.join(FIXTURES, "multi_layer.gpkg"), gpkg)
    xvfb, display = start_xvfb()
    env = app_env(tmp, display)
    session = os.path.join(tmp, "session.json")
    ready = os.path.join(tmp, "ready")
    with open(session, "w") as f:
        f.write('{"files": ["%s"]}\n' % points)
    app = None
    try:
        app = start_app(BIN, session, ready, env)
        before = incidents(ready_text(ready))
        check(before is not None and before > 0, f"READY counts the incidents ({before})")
        s = wait_for(lambda: read_session(session), "session written")
        os.environ["DISPLAY"] = display
        mx, my, mw, mh = s["window"]["map"]
        xdo("mousemove", "--sync", mx + mw // 2, my + mh // 2)

        # File > Open: the path box has the focus; type the GeoPackage's path, Enter.
        key("ctrl+o")
        key("ctrl+a")
        xdo("type", "--delay", "40", gpkg)
        time.sleep(0.3)
        key("Return")
        try:
            asked = wait_for(lambda: ready_text(ready).startswith("ASK layers"), "the layer dialog", 15)
        except TimeoutError:
            asked = False
        check(asked, f"the window asks which layers to read ({ready_text(ready)!r})")
        check(ready_text(ready).strip() == "ASK layers " + gpkg, "it asks about the GeoPackage")
        screenshot(display, os.path.join(artifacts, "layers-1-dialog.png"))
        # Untick protests (row 2), open.
        key("2")
        screenshot(display, os.path.join(artifacts, "layers-2-unticked.png"))
        key("Return")
        try:
            wait_for(lambda: ready_text(ready).startswith("READY"), "READY after the open", 30)
        except TimeoutError:
            pass
        after = incidents(ready_text(ready))
        check(before is not None and after == before + 3,
              f"only the ticked layer was read: {before} + 3 strikes = {after} incidents")
        s = wait_for(lambda: (v := read_session(session)) and v.get("source_layers") and v,
                     "the choice in the session", 10)
        # Files beside the session are stored relative to its folder (issue 20).
        rel = os.path.basename(gpkg)
        check(s["source_layers"] == [{"file": rel, "layers": ["strikes"]}],
              f"the session keeps the choice ({s.get('source_layers')})")
        check(rel in s["files"], "the session lists the GeoPackage")
        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=15)
        check(code == 0, f"SIGTERM exits 0 (got {code})")

        # Started again on the session: the same layers, no question.
        app = start_app(BIN, session, ready, env)
        again = incidents(ready_text(ready))
        check(before is not None and again == before + 3, f"the session restores the choice ({again} incidents)")
        app.send_signal(signal.SIGTERM)
        app.wait(timeout=15)
    finally:
        stop(app, xvfb, tmp)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
