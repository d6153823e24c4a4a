#!/usr/bin/env python3
"""A tile server for the basemap tests, on 127.0.0.1 (a free port): GET /{z}/{x}/{y}.png
answers a 256x256 PNG, red (255,0,0) everywhere; every request is appended to LOG as one line
"METHOD PATH USER-AGENT". Usage: tile_server.py PORT_FILE LOG [MODE]; it writes its port to
PORT_FILE when it listens. MODE: ok (default), error (500), html (an HTML page with status 200),
broken (PNG signature then junk), huge (a 20000x20000 PNG header), redirect (302 to another
port), redirect_to=URL (302 to URL + the path: another server), redirect_same (302 to /same/…
on this server, which answers red tiles there), slow (waits 30 s), noise (incompressible
256x256 tiles, ~200 kB each). Each answer waits
0.2 s first; the most requests it ever held at once is written to LOG.max."""

import http.server
import os
import struct
import threading
import sys
import time
import zlib


def png(width, height, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


RED = png(256, 256, (255, 0, 0))


def png_noise():
    raw = b"".join(b"\x00" + os.urandom(256 * 3) for _ in range(256))
    ihdr = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")


# A PNG that says it is 20000 x 20000 px (1.2 GB of pixels), cut short after its first bytes.
HUGE = png(1, 1, (0, 0, 0))[:16] + struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0) + b"\0" * 64
BODIES = {"html": b"<html><body>Rate limited</body></html>",
          "broken": b"\x89PNG\r\n\x1a\n" + b"junk" * 100, "huge": HUGE}


LOCK = threading.Lock()
ACTIVE = [0, 0]  # now, most


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with LOCK:
            with open(LOG, "a") as log:
                log.write(f"GET {self.path} {self.headers.get('User-Agent', '')}\n")
            ACTIVE[0] += 1
            ACTIVE[1] = max(ACTIVE)
            with open(LOG + ".max", "w") as most:
                most.write(str(ACTIVE[1]))
        try:
            time.sleep(0.2)
            self.answer()
        finally:
            with LOCK:
                ACTIVE[0] -= 1

    def answer(self):
        if MODE == "slow":
            time.sleep(30)
        if MODE == "error":
            self.send_error(500)
            return
        if MODE == "redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere.png")
            self.end_headers()
            return
        if MODE.startswith("redirect_to="):  # to another server that answers (other host)
            self.send_response(302)
            self.send_header("Location", MODE[len("redirect_to="):] + self.path)
            self.end_headers()
            return
        if MODE == "redirect_same" and not self.path.startswith("/same/"):  # same host
            self.send_response(302)
            self.send_header("Location", "/same" + self.path)
            self.end_headers()
            return
        body = png_noise() if MODE == "noise" else BODIES.get(MODE, RED)
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if MODE == "html" else "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    PORT_FILE, LOG = sys.argv[1], sys.argv[2]
    MODE = sys.argv[3] if len(sys.argv) > 3 else "ok"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()
