"""What the e2e tests share: checks that count and record failures, waits for state (never
lucky sleeps) and an Xvfb of their own. Imported by the test scripts beside it."""
import json
import os
import shutil
import subprocess
import tempfile
import time

FAILURES = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


def wait_for(predicate, what, timeout=20.0, poll=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise TimeoutError("timed out waiting for " + what)


def start_xvfb(screen="1280x800x24", extra=()):
    """An Xvfb on a free display (it reports the number it took): (process, ":N").

    -noreset: by default an X server resets when its last client leaves, and kills a client
    that connected in that moment — the next case's window then fails to open (seen in CI:
    e2e.hang, "cannot open a window on this display" between two cases)."""
    r, w = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", screen,
                             "-nolisten", "tcp", "-noreset", *extra],
                            pass_fds=(w,), stderr=subprocess.DEVNULL)
    os.close(w)
    display = b""
    while not display.endswith(b"\n"):
        chunk = os.read(r, 16)
        if not chunk:
            raise RuntimeError("Xvfb did not report a display")
        display += chunk
    os.close(r)
    return xvfb, ":" + display.decode().strip()


def xdo(*args):
    """xdotool on the DISPLAY of this process's environment."""
    subprocess.run(["xdotool", *map(str, args)], check=True)


def read_session(path):
    """The session file as JSON, or None while it is missing or being replaced."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def begin(name):
    """A test's start: a temp folder of its own, the artifacts folder (screenshots kept for a
    look after a run), an Xvfb and the app's environment on it.
    Returns (tmp, artifacts, xvfb, display, env)."""
    tmp = tempfile.mkdtemp(prefix=f"incimap-e2e-{name}-")
    artifacts = os.path.abspath("e2e-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    xvfb, display = start_xvfb()
    return tmp, artifacts, xvfb, display, app_env(tmp, display)


def screenshot(display, path):
    """The whole screen of `display` as a PNG at `path` (ImageMagick's import); the path."""
    subprocess.run(["import", "-display", display, "-window", "root", path], check=True)
    return path


def app_env(tmp, display):
    """The app's environment: the test's display, and HOME and XDG folders inside `tmp`."""
    return dict(os.environ, DISPLAY=display, HOME=tmp, XDG_CONFIG_HOME=tmp + "/config",
                XDG_STATE_HOME=tmp + "/state")


def start_app(binary, session, ready, env, stdout=subprocess.PIPE):
    """Starts the window on `session` and waits for its READY file (60 s at most)."""
    if os.path.exists(ready):
        os.remove(ready)
    app = subprocess.Popen([binary, "--session", session, "--ready-file", ready, "--test-mode"],
                           env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: os.path.exists(ready) or app.poll() is not None, "READY", 60)
    check(app.poll() is None, "the app is running after READY")
    return app


def stop(app, xvfb, tmp):
    """Ends a test: the app killed if still running, Xvfb stopped, `tmp` removed when every
    check passed (kept, and named, when one failed)."""
    if app is not None and app.poll() is None:
        app.kill()
    xvfb.terminate()
    xvfb.wait()
    if not FAILURES:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("artifacts kept in", tmp)


def summary():
    """Prints the checks' count and returns the exit status."""
    print(f"{CHECKS[0] - len(FAILURES)} passed, {len(FAILURES)} failed")
    return 1 if FAILURES else 0
