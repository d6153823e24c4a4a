#!/usr/bin/env python3
"""Run one command N times under `/usr/bin/time -f "%e %M %U %S"`; append a JSON record.

Usage: measure.py --out RESULTS.jsonl --id ID [--runs N] [--json] [--quiet-wait S] -- CMD...

Each run: wall seconds (%e), peak resident set in KiB (%M) and user + system CPU seconds
(%U + %S) from GNU time. Before each run it waits (at most --quiet-wait seconds, default 90)
until the machine is idle (under 15 % of all cores busy over half a second), since a busy
2-core machine slows everything down; the busy share seen when the run started is recorded,
and so is the CPU time the rest of the machine used while it ran
(others_cpu_s), so a table can be trusted or not. With --json
the last line of the command's stdout is parsed as JSON (incimap render --stats,
bench/peers/mapnik_render.py) and its numeric keys are kept per run. The record holds every
run and the medians. A failing run stops everything (exit 1) so a table never shows a
number for work that was not done.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def snap():
    """(total, idle) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:8]]  # user … softirq; not guest
    idle = v[3] + v[4]
    return sum(v), idle


HZ = os.sysconf("SC_CLK_TCK")


def cpu_busy(interval=0.5):
    """Share of all cores busy (0..1) over `interval` seconds."""
    t0, i0 = snap()
    time.sleep(interval)
    t1, i1 = snap()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)


def wait_quiet(limit_s, threshold=0.15):
    start = time.monotonic()
    busy = cpu_busy()
    while busy > threshold and time.monotonic() - start < limit_s:
        time.sleep(1.0)
        busy = cpu_busy()
    return busy


def median(values):
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quiet-wait", type=float, default=90.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")

    runs = []
    fd, tfile = tempfile.mkstemp(prefix="measure-", suffix=".time")
    os.close(fd)
    try:
        for i in range(a.runs):
            busy = wait_quiet(a.quiet_wait)
            j0, i0 = snap()
            p = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "-o", tfile, *cmd],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                sys.stderr.write(f"[{a.id}] run {i + 1} failed (rc {p.returncode}): "
                                 f"{' '.join(cmd)}\n{p.stderr[-2000:]}\n")
                return 1
            j1, i1 = snap()
            busy_cpu_s = ((j1 - j0) - (i1 - i0)) / HZ
            with open(tfile) as f:
                last = [l for l in f.read().splitlines() if l.strip()][-1]
            wall, rss, user, system = last.split()
            run = {"wall_s": float(wall), "rss_kib": int(rss),
                   "cpu_s": round(float(user) + float(system), 2),
                   "busy_before": round(busy, 3)}
            # CPU time the whole machine spent busy during the run beyond the command's own:
            # other processes (and the kernel). Near 0 on a quiet machine.
            run["others_cpu_s"] = round(max(0.0, busy_cpu_s - run["cpu_s"]), 2)
            if a.json:
                lines = [l for l in p.stdout.splitlines() if l.strip().startswith("{")]
                run["stats"] = json.loads(lines[-1]) if lines else {}
            runs.append(run)
    finally:
        os.unlink(tfile)

    rec = {"id": a.id, "cmd": cmd, "runs": len(runs),
           "wall_s": median([r["wall_s"] for r in runs]),
           "rss_kib": median([r["rss_kib"] for r in runs]),
           "cpu_s": median([r["cpu_s"] for r in runs]),
           "busy_before_max": max(r["busy_before"] for r in runs),
           "others_cpu_s_max": max(r["others_cpu_s"] for r in runs),
           "each": runs}
    if a.json:
        keys = [k for k, v in runs[0]["stats"].items() if isinstance(v, (int, float))
                and not isinstance(v, bool)]
        rec["stats"] = {k: median([r["stats"][k] for r in runs if k in r["stats"]]) for k in keys}
        rec["stats_text"] = {k: v for k, v in runs[0]["stats"].items() if isinstance(v, str)}
    with open(a.out, "a") as f:
        f.write(json.dumps(rec) + "\n")
    extra = ""
    if a.json:
        extra = " " + json.dumps({k: rec["stats"][k] for k in list(rec["stats"])[:8]})
    sys.stderr.write(f"[{a.id}] median of {len(runs)}: {rec['wall_s']:.2f} s, "
                     f"{rec['rss_kib'] / 1024:.0f} MiB, cpu {rec['cpu_s']:.2f} s, "
                     f"busy before {rec['busy_before_max']:.0%}, others' cpu during "
                     f"{rec['others_cpu_s_max']:.2f} s{extra}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
