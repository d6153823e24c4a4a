#!/usr/bin/env python3
"""SIGTERM (and Quit) end the window within a second in every hang case.

Usage: hang_test.py INCIMAP_BINARY FIXTURES_DIR

Each case starts `incimap --test-mode --ready-file R` under its own Xvfb on a source that
once hung the window (its destructor joined a loader thread stuck in I/O):
  - a PostgreSQL server that accepts and never answers (--allow-network; libpq waits); the
    same named in a session file without --allow-network must not be connected to at all,
  - a FIFO named as an input (opening it waited for a writer),
  - a GeoPackage whose layer is a view over an endless WITH RECURSIVE,
  - self-intersecting star polygons (GEOS's repair ran on the UI thread).
It waits for state — READY, or the load under way (the listener accepted; the window is
mapped) — then sends SIGTERM and asserts exit status 0 within 1 s. One case closes the
window with its Quit key (Ctrl+Q) instead.
"""
import json
import math
import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time

from harness import CHECKS, FAILURES, check, start_xvfb, wait_for

BIN, FIXTURES = sys.argv[1], sys.argv[2]
EXIT_WITHIN_S = 1.0
class SilentServer:
    """Accepts connections and never answers (a PostgreSQL server that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.clients = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                self.clients.append(self.sock.accept()[0])
            except OSError:
                pass

    def close(self):
        self.stop = True
        self.thread.join()
        for c in self.clients:
            c.close()
        self.sock.close()


def star_polygons(path, count=12, n=2001):
    """`count` stars {n/k}: each ring crosses itself ~n²/4 times (GEOS's repair: minutes)."""
    k = (n - 1) // 2
    features = []
    for s in range(count):
        cx, cy = 10 + 12 * (s % 4), 10 + 12 * (s // 4)
        ring = []
        for i in range(n + 1):
            a = 2 * math.pi * ((i % n) * k % n) / n
            ring.append([round(cx + 5 * math.cos(a), 6), round(cy + 5 * math.sin(a), 6)])
        features.append('{"type":"Feature","properties":{"name":"star"},"geometry":'
                        '{"type":"Polygon","coordinates":[%s]}}' % str(ring).replace(" ", ""))
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}")


def endless_view_gpkg(path, tmp):
    """A GeoPackage whose one feature layer is a view over an endless WITH RECURSIVE."""
    subprocess.run(["ogr2ogr", "-f", "GPKG", path, os.path.join(FIXTURES, "points.geojson"),
                    "-nln", "pts", "-lco", "FID=fid", "-lco", "GEOMETRY_NAME=geom"],
                   check=True, env=dict(os.environ, HOME=tmp))
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE VIEW v AS WITH RECURSIVE r(fid, geom) AS
            (SELECT fid, geom FROM pts WHERE fid = 1 UNION ALL SELECT fid + 1, geom FROM r)
            SELECT fid, geom FROM r;
        DELETE FROM gpkg_contents WHERE table_name = 'pts';
        DELETE FROM gpkg_geometry_columns WHERE table_name = 'pts';
        INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
            VALUES ('v', 'features', 'v', 4326);
        INSERT INTO gpkg_geometry_columns VALUES ('v', 'geom', 'POINT', 4326, 0, 0);
    """)
    db.commit()
    db.close()


def window_mapped(display):
    r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "incimap"],
                       capture_output=True, text=True, env=dict(os.environ, DISPLAY=display))
    return r.stdout.split()


def frames(path):
    try:
        with open(path) as f:
            return f.read().count("\n")
    except OSError:
        return 0


def run_case(name, args, tmp, display, started, close="sigterm"):
    """Starts the window on `args`, waits for `started(ready_path)` and for a few frames
    drawn (the first one compiles llvmpipe's shaders), ends it with `close`, and checks it is
    gone with status 0 within EXIT_WITHIN_S."""
    home = os.path.join(tmp, name)
    os.makedirs(home)
    ready = os.path.join(home, "ready")
    frame_log = os.path.join(home, "frames")
    env = dict(os.environ, DISPLAY=display, HOME=home, XDG_CONFIG_HOME=home + "/config",
               XDG_STATE_HOME=home + "/state")
    app = subprocess.Popen([BIN, "--test-mode", "--ready-file", ready, "--frame-log", frame_log,
                            *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    try:
        wait_for(lambda: app.poll() is not None or (started(ready) and frames(frame_log) >= 3),
                 name + ": started", 30)
        check(app.poll() is None, name + ": running when it is told to end")
        if close == "sigterm":
            t0 = time.monotonic()
            app.send_signal(signal.SIGTERM)
        else:  # the window's Quit key, timed from when xdotool has sent it
            wid = window_mapped(display)[0]
            subprocess.run(["xdotool", "windowfocus", "--sync", wid, "key", "ctrl+q"],
                           check=True, env=env)
            t0 = time.monotonic()
        try:
            code = app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - t0
        check(code == 0 and took < EXIT_WITHIN_S,
              f"{name}: {close} ends it in {took:.2f} s (status {code})")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    err = app.stderr.read()
    if err.strip():
        print("   stderr:", err.strip().replace("\n", "\n           "))


def main():
    tmp = tempfile.mkdtemp(prefix="incimap-hang-")
    xvfb, display = start_xvfb()
    server = SilentServer()
    try:
        pg = (f"PG:host=127.0.0.1 port={server.port} dbname=silent user=nobody "
              "connect_timeout=60")
        # The read is stuck in libpq's connect: no READY, ever (60 s); the listener says when.
        for close in ("sigterm", "quit"):
            before = len(server.clients)
            run_case("pg_silent_" + close, ["--allow-network", pg], tmp, display,
                     lambda _r, b=before: len(server.clients) > b and window_mapped(display),
                     close)
        # The same server named in a session file, without --allow-network: READY, and no
        # connection is made (it waits for File > Allow network access).
        session = os.path.join(tmp, "pg-session.json")
        with open(session, "w") as f:
            json.dump({"version": 1, "files": [pg]}, f)
        before = len(server.clients)
        run_case("pg_in_session", ["--session", session], tmp, display, os.path.exists)
        check(len(server.clients) == before,
              "pg_in_session: no connection without network permission")
        fifo = os.path.join(tmp, "incidents.geojson")
        os.mkfifo(fifo)
        run_case("fifo", [fifo], tmp, display, os.path.exists)
        check(stat.S_ISFIFO(os.stat(fifo).st_mode), "fifo: still a FIFO")
        gpkg = os.path.join(tmp, "endless.gpkg")
        endless_view_gpkg(gpkg, tmp)
        run_case("gpkg_endless_view", [gpkg], tmp, display, os.path.exists)
        stars = os.path.join(tmp, "stars.geojson")
        star_polygons(stars)
        # As soon as the window shows: the stars are being filled (or repaired) meanwhile.
        run_case("star_polygons", [stars], tmp, display, lambda _r: window_mapped(display))
        run_case("star_polygons_ready", [stars], tmp, display, os.path.exists)
    finally:
        server.close()
        xvfb.terminate()
        xvfb.wait()
        if not FAILURES:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("files kept in", tmp)
    print(f"{CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
