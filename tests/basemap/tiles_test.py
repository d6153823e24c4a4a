#!/usr/bin/env python3
"""Online tiles (issue 16), against tile_server.py on 127.0.0.1 (no other network):
- without --allow-network nothing is fetched (the server's log stays empty) and the warning
  says how to allow it;
- with it the tiles are drawn (red where the map is), with incimap's User-Agent, at most 4
  requests at a time;
- with the server stopped the next render draws from the disk cache ($XDG_CACHE_HOME), with
  and without --allow-network;
- the cache stays under its bound (INCIMAP_TILE_CACHE_MIB);
- bad servers (errors, HTML, broken or huge images, redirects, slow) give one calm line and
  no crash, within the request timeout (INCIMAP_TILE_TIMEOUT_S, 2 s here);
- a redirect to another host is refused and said (the other server is never asked); one
  within the same host is followed.
Usage: tiles_test.py INCIMAP_BINARY"""

import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = sys.argv[1]
TMP = tempfile.mkdtemp(prefix="incimap_tiles_")
FAILURES = []


def fail(text):
    FAILURES.append(text)
    print("FAIL:", text, file=sys.stderr)


def read_png(path):
    """RGBA/RGB 8-bit non-interlaced PNG (what incimap writes) -> (width, height, rows)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {6: 4, 2: 3}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def pixel(png, x, y):
    width, height, channels, rows = png
    return tuple(rows[y][x * channels:x * channels + 3])


class Server:
    def __init__(self, mode):
        safe = "".join(c if c.isalnum() else "_" for c in mode)
        self.log = os.path.join(TMP, f"server_{safe}_{time.monotonic_ns()}.log")
        open(self.log, "w").close()
        port_file = self.log + ".port"
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "tile_server.py"),
                                      port_file, self.log, mode])
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("tile server did not start")
            time.sleep(0.05)
        self.port = int(open(port_file).read())
        self.url = f"http://127.0.0.1:{self.port}/{{z}}/{{x}}/{{y}}.png"

    def requests(self):
        return [l for l in open(self.log).read().splitlines() if l]

    def most_at_once(self):
        path = self.log + ".max"
        return int(open(path).read()) if os.path.exists(path) else 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)


ENV = dict(os.environ, XDG_CACHE_HOME=os.path.join(TMP, "cache"),
           XDG_STATE_HOME=os.path.join(TMP, "state"), XDG_CONFIG_HOME=os.path.join(TMP, "config"),
           INCIMAP_TILE_TIMEOUT_S="2")
for name in ("no_proxy", "NO_PROXY"):  # libcurl would skip the same-host proxy for these
    ENV.pop(name, None)
DATA = os.path.join(TMP, "one.geojson")
with open(DATA, "w") as f:
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
            '{"type":"Point","coordinates":[40.0,30.0]},"properties":{}}]}')


def render(name, basemap, *extra, env=None, size="400x300"):
    out = os.path.join(TMP, name + ".png")
    args = [BIN, "render", DATA, "-o", out, "--basemap", basemap, "--center", "44.4,33.3",
            "--zoom", "12", "--size", size, *extra]
    p = subprocess.run(args, env=env or ENV, capture_output=True, text=True, timeout=120)
    png = read_png(out) if p.returncode == 0 else None
    return p, png


def is_red(rgb):
    return rgb[0] > 200 and rgb[1] < 60 and rgb[2] < 60


def cache_bytes(root):
    total = 0
    for d, _, files in os.walk(root):
        total += sum(os.path.getsize(os.path.join(d, f)) for f in files)
    return total


# 1. Not allowed: no connection, a warning that says how, the map drawn without tiles.
server = Server("ok")
p, png = render("offline", server.url)
if p.returncode != 0:
    fail(f"render without --allow-network failed: {p.stderr}")
if server.requests():
    fail(f"requests made without --allow-network: {server.requests()[:3]}")
if "--allow-network" not in p.stderr or "File > Allow network access" not in p.stderr:
    fail(f"the warning does not say how to allow: {p.stderr!r}")
if png and is_red(pixel(png, 200, 150)):
    fail("tiles drawn although none may be fetched")

# 2. Allowed: red tiles, incimap's User-Agent, at most 4 requests at a time.
p, png = render("online", server.url, "--allow-network")
if p.returncode != 0:
    fail(f"render with --allow-network failed: {p.stderr}")
elif not (is_red(pixel(png, 200, 150)) and is_red(pixel(png, 5, 5))):
    fail(f"no tiles drawn: centre {pixel(png, 200, 150)}")
requests = server.requests()
if not requests or not all("incimap" in r for r in requests):
    fail(f"requests without incimap's User-Agent: {requests[:3]}")
if not all(r.split()[1].startswith("/12/") for r in requests):
    fail(f"tiles of another zoom than the view's (12): {requests[:5]}")
if server.most_at_once() > 4:
    fail(f"{server.most_at_once()} requests at once (at most 4)")
print(f"online: {len(requests)} requests, at most {server.most_at_once()} at once")
server.stop()

# 3. Server gone: drawn from the cache, with and without --allow-network.
for name, extra in (("cached_allowed", ["--allow-network"]), ("cached_offline", [])):
    p, png = render(name, server.url, *extra)
    if p.returncode != 0 or not is_red(pixel(png, 200, 150)):
        fail(f"{name}: not drawn from the cache: {p.returncode} {p.stderr}")

# 4. The cache stays under its bound (1 MiB; incompressible tiles of ~200 kB).
noise = Server("noise")
env = dict(ENV, INCIMAP_TILE_CACHE_MIB="1")
p, _ = render("bound", noise.url, "--allow-network", env=env, size="1200x900")
tiles = os.path.join(TMP, "cache", "incimap", "tiles")
if p.returncode != 0:
    fail(f"render for the bound failed: {p.stderr}")
if len(noise.requests()) < 8:
    fail(f"only {len(noise.requests())} tiles fetched: the bound is not exercised")
if cache_bytes(tiles) > 1024 * 1024:
    fail(f"tile cache holds {cache_bytes(tiles)} bytes, over its 1 MiB bound")
print(f"bound: {len(noise.requests())} tiles fetched, cache {cache_bytes(tiles)} bytes")
noise.stop()

# 5. Bad servers: one calm line, no crash, quick (2 s timeout here), cache still bounded.
EXPECTED = {"error": "answered HTTP 500", "html": "not a 256 px map tile",
            "broken": "not a 256 px map tile", "huge": "not a 256 px map tile",
            "redirect": "redirected to another host (127.0.0.1:9)",
            "slow": "did not answer within 2 s"}
for mode in ("error", "html", "broken", "huge", "redirect", "slow"):
    bad = Server(mode)
    t0 = time.monotonic()
    p, png = render("bad_" + mode, bad.url, "--allow-network")
    took = time.monotonic() - t0
    lines = p.stderr.splitlines()
    if p.returncode < 0:
        fail(f"{mode}: crashed with signal {-p.returncode}")
    elif p.returncode not in (0, 1):
        fail(f"{mode}: exit status {p.returncode}")
    if p.returncode == 1 and (len(lines) != 1 or not lines[0].startswith("incimap: --basemap ")):
        fail(f"{mode}: not one 'incimap: --basemap' line: {p.stderr!r}")
    if EXPECTED[mode] not in p.stderr:
        fail(f"{mode}: the message does not say '{EXPECTED[mode]}': {p.stderr!r}")
    if p.returncode == 0 and png and is_red(pixel(png, 200, 150)):
        fail(f"{mode}: drew something from a bad server")
    if took > 60:
        fail(f"{mode}: took {took:.0f} s")
    print(f"{mode}: exit {p.returncode} in {took:.1f} s: {lines[-1] if lines else ''}")
    bad.stop()

# 6. Redirects (item 6): to another host (a live server, named "localhost" where the template
#    says 127.0.0.1) refused with one clear line, that server never asked, nothing drawn;
#    within the same host followed and drawn.
other = Server("ok")
away = Server(f"redirect_to=http://localhost:{other.port}")
p, png = render("redirect_other", away.url, "--allow-network")
if other.requests():
    fail(f"a redirect to another host was followed: {other.requests()[:3]}")
if f"redirected to another host (localhost:{other.port})" not in p.stderr:
    fail(f"the redirect to another host is not named: {p.stderr!r}")
if p.returncode not in (0, 1) or (png and is_red(pixel(png, 200, 150))):
    fail(f"redirect to another host: exit {p.returncode}, or drawn")
print(f"redirect to another host: exit {p.returncode}: {p.stderr.strip()}")
away.stop()
other.stop()
same = Server("redirect_same")
p, png = render("redirect_same", same.url, "--allow-network")
if p.returncode != 0 or not png or not is_red(pixel(png, 200, 150)):
    fail(f"a redirect within the same host was not followed: {p.returncode} {p.stderr!r}")
if not any(" /same/" in r for r in same.requests()):
    fail(f"no request after the same-host redirect: {same.requests()[:3]}")
same.stop()

shutil.rmtree(TMP, ignore_errors=True)
if FAILURES:
    print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all tile checks passed")
