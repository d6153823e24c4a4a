#!/usr/bin/env python3
"""End-to-end test of File > Export playback... (issue 18) in the real window under Xvfb.

Usage: playback_test.py INCIMAP_BINARY SAMPLE_GEOJSON

Ctrl+Alt+E opens the dialog, its defaults taken from the session (the map's size, the
timeline's 30-day step, the data's range in whole steps); the test types a .gif name (the
format follows the extension) and presses Enter. The app says on stdout when the export ends
("PLAYBACK written FRAMES OUT", FRAMES the count the dialog showed); the test waits for that
line (never a sleep), then reads the GIF back with ffprobe: that many frames at the map's size,
the same count as `incimap animate` gives for the same step and data (the CLI and the window
agree), and no temp left. A second, long export is
cancelled half way (Esc) once its temp exists: no file and no temp are left, and the map
zoomed (wheel) while the export ran. The short pauses around keys only pace ImGui 1.86, which
samples the keyboard once per frame (docs: shared/PLATFORM.md).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

from harness import CHECKS, FAILURES, begin, check, read_session, screenshot, start_app, wait_for, xdo

BIN, SAMPLE = sys.argv[1], sys.argv[2]


def key(*names):
    """Each key held for a few frames: ImGui 1.86 samples the keys once per frame and would
    miss a press and release that arrive between two; then time for two more frames (an idle
    window draws every 0.25 s), as a field takes the focus a frame after Tab."""
    for n in names:
        xdo("keydown", n)
        time.sleep(0.15)
        xdo("keyup", n)
        time.sleep(0.6)


def temps(folder, name):
    return [f for f in os.listdir(folder) if f.startswith("." + name + ".") and "incimap-tmp" in f]


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                          "-show_entries", "stream=nb_read_frames,width,height,codec_name",
                          "-of", "json", path], capture_output=True, text=True)
    streams = json.loads(out.stdout or "{}").get("streams", [])
    return streams[0] if streams else {}


def session_file(tmp, name, size, step):
    """A session on the sample: the window's size (the dialog's default size is the map's)
    and the timeline's step (the dialog's default step; its range is the data's)."""
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        json.dump({"files": [SAMPLE],
                   "camera": {"projection": "EPSG:3857", "center": [42.0, 33.0], "zoom": 5},
                   "window": {"size": size},
                   "time": {"from": "2024-01-01T00:00:00Z", "to": "2024-01-08T00:00:00Z",
                            "mode": "window", "step": step}}, f)
    return path


def launch(tmp, env, session):
    app = start_app(BIN, session, os.path.join(tmp, "ready"), env)
    lines = []
    threading.Thread(target=lambda: [lines.append(l.strip()) for l in app.stdout],
                     daemon=True).start()
    return app, lines


def export_to(path, display, artifacts, shot):
    """Ctrl+Alt+E, the file name typed in the File field (focused, selected whole), Enter."""
    key("ctrl+alt+e")
    time.sleep(0.4)
    xdo("type", "--delay", "30", path)
    time.sleep(0.6)
    screenshot(display, os.path.join(artifacts, shot))
    key("Return")


def ended(lines):
    return wait_for(lambda: next((l for l in lines if l.startswith("PLAYBACK ")), None),
                    "the export to end", 120)


def main():
    if shutil.which("ffprobe") is None:
        print("ffprobe is missing: skipped")
        return 77
    tmp, artifacts, xvfb, display, env = begin("playback")
    os.environ["DISPLAY"] = display
    app = None
    lines = []
    try:
        # A short GIF: a small window (a 320 px wide map) and a 30-day step over the data.
        session = session_file(tmp, "short.json", [660, 520], "30d")
        app, lines = launch(tmp, env, session)
        s = wait_for(lambda: read_session(session), "session written")
        mx, my, mw, mh = s["window"]["map"]
        gif = os.path.join(tmp, "strikes.gif")
        export_to(gif, display, artifacts, "playback-1-dialog.png")
        line = ended(lines)
        check(line.startswith("PLAYBACK written ") and line.endswith(" " + gif),
              f"the export ends written ({line})")
        frames = line.split()[2]
        screenshot(display, os.path.join(artifacts, "playback-2-written.png"))
        probe = ffprobe(gif)
        check(probe.get("codec_name") == "gif", f"a GIF is written ({probe})")
        check(probe.get("nb_read_frames") == frames and int(frames) >= 4,
              f"its frame count is the dialog's ({probe.get('nb_read_frames')} vs {frames})")
        check((probe.get("width"), probe.get("height")) == (int(mw) // 2 * 2, int(mh) // 2 * 2),
              f"the map's size ({probe.get('width')}x{probe.get('height')} vs {mw}x{mh})")
        check(temps(tmp, "strikes.gif") == [], "no temp is left beside it")
        # The command line, same data and step, its default range: the same frame count.
        cli_gif = os.path.join(tmp, "cli.gif")
        subprocess.run([BIN, "animate", SAMPLE, "--step", "30d", "--size", "320x200", "--quiet",
                        "-o", cli_gif], check=True, capture_output=True, env=env)
        cli = ffprobe(cli_gif)
        check(cli.get("nb_read_frames") == probe.get("nb_read_frames"),
              f"incimap animate gives as many frames ({cli.get('nb_read_frames')} vs "
              f"{probe.get('nb_read_frames')})")
        app.send_signal(signal.SIGTERM)
        check(app.wait(timeout=15) == 0, "SIGTERM exits 0")

        # A long export (a 1-hour step: some 2,700 frames, long enough on an idle machine
        # too), cancelled half way with Esc.
        session = session_file(tmp, "long.json", [900, 640], "1h")
        app, lines = launch(tmp, env, session)
        s = wait_for(lambda: read_session(session), "session written")
        mx, my, mw, mh = s["window"]["map"]
        zoom0 = s["camera"]["zoom"]
        long_gif = os.path.join(tmp, "long.gif")
        export_to(long_gif, display, artifacts, "playback-3-long.png")
        wait_for(lambda: temps(tmp, "long.gif"), "the long export's temp", 30)
        # The map stays usable while it runs: the wheel zooms it.
        xdo("mousemove", "--sync", mx + mw - 40, my + 40)

        def zoomed_in():
            # A wheel step each try: the first may reach the window while the dialog's field
            # still holds the mouse (each UI frame also draws an export frame: slow frames).
            xdo("click", "4")
            v = read_session(session)
            return v and v["camera"]["zoom"] > zoom0 + 0.01 and v

        try:
            wait_for(zoomed_in, "zoom while exporting", 60, poll=1.0)
        except TimeoutError:
            pass
        zoomed = read_session(session)["camera"]["zoom"]
        running = not any(l.startswith("PLAYBACK ") for l in lines)
        check(zoomed > zoom0 + 0.01 and running,
              f"the map zooms while the export runs ({zoom0} -> {zoomed}, running {running})")
        screenshot(display, os.path.join(artifacts, "playback-4-running.png"))
        # Esc held until the export ends: a frame that also draws an export frame is slow
        # under llvmpipe, and ImGui 1.86 would miss a press and release between two frames.
        xdo("mousemove", "--sync", mx + mw // 2, my + 20)
        xdo("keydown", "Escape")
        try:
            line = ended(lines)
        finally:
            xdo("keyup", "Escape")
        check(line.startswith("PLAYBACK failed 0 Export playback cancelled"),
              f"Esc cancels the export ({line})")
        check(not os.path.exists(long_gif), "a cancelled export leaves no file")
        check(temps(tmp, "long.gif") == [], "a cancelled export leaves no temp")
        app.send_signal(signal.SIGTERM)
        check(app.wait(timeout=15) == 0, "SIGTERM exits 0")
    except TimeoutError as e:
        check(False, str(e))
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        xvfb.terminate()
        xvfb.wait()
        if not FAILURES:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("artifacts kept in", tmp, "; stdout:", lines)
    print(f"{CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
