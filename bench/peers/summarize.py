#!/usr/bin/env python3
"""Print the benchmark table (Markdown) from bench/run_benchmarks.sh's results.jsonl.

Usage: summarize.py RESULTS.jsonl MACHINE.json
Every figure is a median over the runs measure.py recorded (the run count is shown).
The PEERS.md columns are copied from shared/PEERS.md (another machine of "this kind").
"""
import json
import sys


def load(path):
    recs = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                recs[r["id"]] = r  # the last record of an id wins (re-runs)
    return recs


def mib(kib):
    return f"{kib / 1024:.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:.2f} GiB"


def sec(s):
    return f"{s:.3f} s" if s < 1 else f"{s:.2f} s"


def wall_rss(r):
    return f"{sec(r['wall_s'])}, {mib(r['rss_kib'])}"


def wall(r):
    return sec(r["wall_s"])


def stat(key, with_rss=False):
    def f(r):
        v = sec(r["stats"][key])
        return f"{v}, {mib(r['rss_kib'])}" if with_rss else v
    return f


def first_frame(r):
    """incimap render --stats: total_s less the extra moved-window redraw that --stats adds
    before the PNG is written, i.e. the run's own clock from start to PNG for one frame
    (per-run difference, then the median); the process's peak RSS next to it."""
    d = sorted(e["stats"]["total_s"] - e["stats"]["redraw_moved_window_s"] for e in r["each"])
    mid = len(d) // 2
    v = d[mid] if len(d) % 2 else (d[mid - 1] + d[mid]) / 2
    return f"{sec(v)}, {mib(r['rss_kib'])}"


def bytes_up(r):
    return f"{int(r['stats']['bytes_uploaded_by_window_change'])} B"


# (tool, work, id prefix, formatter, PEERS.md 100k, PEERS.md 1M)
ROWS = [
    ("incimap `info`", "read + summarise the GeoJSON", "info_geojson", wall_rss, "", ""),
    ("GDAL `ogrinfo -ro -al -so`", "read the GeoJSON", "ogrinfo_geojson", wall_rss,
     "1.18 s, 49 MiB", "14.1 s, 49 MiB"),
    ("incimap `info`", "read + summarise the CSV", "info_csv", wall_rss, "", ""),
    ("GDAL `ogrinfo -ro -al -so`", "read the CSV", "ogrinfo_csv", wall_rss, "0.55 s", "6.1 s"),
    ("GDAL `ogrinfo -ro -al -q -fields=NO -geom=NO`", "visit every feature of the GeoJSON",
     "ogrinfo_iter_geojson", wall_rss, "", ""),
    ("GDAL `ogrinfo -ro -al -q -fields=NO -geom=NO`", "visit every feature of the CSV",
     "ogrinfo_iter_csv", wall_rss, "", ""),
    ("incimap `render`", "first map to PNG, all incidents, cold (`total_s` − the extra "
     "`--stats` redraw; peak RSS)", "render_all", first_frame, "", ""),
    ("  └", "the whole process, `--stats` redraw included (wall)", "render_all", wall, "", ""),
    ("  └ of which", "read (GDAL GeoJSON → table), `read_s`", "render_all", stat("read_s"),
     "", ""),
    ("  └ of which", "upload (projection + GPU buffers), `upload_s`", "render_all",
     stat("upload_s"), "", ""),
    ("  └ of which", "draw only, all incidents + basemap, `draw_s`", "render_all",
     stat("draw_s"), "", ""),
    ("incimap `render`", "first map to PNG, 7-day window, cold (`total_s` − the extra "
     "`--stats` redraw; peak RSS)", "render_week", first_frame, "", ""),
    ("  └ of which", "draw only, 7-day window + basemap, `draw_s`", "render_week",
     stat("draw_s"), "", ""),
    ("incimap", "7-day window moved one day, in process, `redraw_moved_window_s`",
     "render_week", stat("redraw_moved_window_s"), "", ""),
    ("incimap", "bytes uploaded by that window change", "render_week", bytes_up, "", ""),
    ("mapnik 3.1 (python3-mapnik)", "first map to PNG, 3 px markers, cold (`first_map_s`; "
     "peak RSS of the process)", "mapnik", stat("first_map_s", True),
     "1.76 s, 174 MiB", "18.4 s, 1.08 GiB"),
    ("mapnik", "7-day window, in process (`window_render_s`)", "mapnik",
     stat("window_render_s"), "0.086 s", "0.68 s"),
    ("mapnik", "first map, incimap-sized markers (9–36 px + outline), cold", "mapnik_styled",
     stat("first_map_s", True), "", ""),
    ("mapnik", "7-day window, incimap-sized markers, in process", "mapnik_styled",
     stat("window_render_s"), "", ""),
    ("GDAL `ogr2ogr`", "GeoJSON → FlatGeobuf (EPSG:3857)", "ogr2ogr", wall_rss,
     "2.4 s", "29.2 s, 255 MiB"),
    ("GDAL `gdal_rasterize`", "burn all points, 1280×800 GeoTIFF, from the projected FGB",
     "rasterize_fgb", wall_rss, "0.17 s", "1.06 s"),
    ("GDAL `gdal_rasterize`", "same, end to end from the GeoJSON (warped VRT)",
     "rasterize_vrt", wall_rss, "1.48 s", "18.4 s"),
    ("GDAL `gdal_rasterize`", "7-day window (`-where`) from the projected FGB, new process",
     "rasterize_fgb_week", wall_rss, "", ""),
]


BUSY = 0.15    # share of the CPUs busy before a run above which its figure is flagged
OTHERS = 0.15  # … or CPU seconds used by others during a run, as a share of its wall time


def disturbed(r):
    if r.get("busy_before_max", 0) > BUSY:
        return True
    return any(e.get("others_cpu_s", 0) > max(0.1, OTHERS * e["wall_s"]) for e in r["each"])


def main():
    recs = load(sys.argv[1])
    with open(sys.argv[2]) as f:
        m = json.load(f)
    sizes = m.get("sizes", [100000, 1000000])
    out = []
    out.append(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram']} RAM; {m['renderer']}, "
               f"Mesa {m['mesa']}; {m['gdal']}; mapnik {m['mapnik']}; incimap {m['incimap']}.")
    out.append(f"Each figure: median of {m['runs']} runs (wall s, peak RSS from GNU time). "
               "Files in the page cache (\"cold\" = a fresh process). "
               f"Load average after the run: {' '.join(m.get('loadavg', ['?']))}.")
    out.append("")
    head = "| tool | work | " + " | ".join(f"{n // 1000}k here" if n < 1000000 else
                                            f"{n // 1000000}M here" for n in sizes)
    head += " | PEERS.md 100k | PEERS.md 1M |"
    out.append(head)
    out.append("|" + "---|" * (4 + len(sizes)))
    for tool, work, rid, fmt, p100k, p1m in ROWS:
        cells = []
        for n in sizes:
            r = recs.get(f"{rid}_{n}")
            flag = " ⚠" if r and disturbed(r) else ""
            cells.append(fmt(r) + flag if r else "—")
        out.append(f"| {tool} | {work} | " + " | ".join(cells) +
                   f" | {p100k or '—'} | {p1m or '—'} |")
    fixed = recs.get("render_all_1000")
    if fixed:
        st = fixed["stats"]
        out.append("")
        out.append(f"incimap fixed costs (1,000 incidents, same view): process {sec(fixed['wall_s'])}, "
                   f"gl_init_s {sec(st['gl_init_s'])}, upload_s {sec(st['upload_s'])}, draw_s "
                   f"{sec(st['draw_s'])} (basemap + 1k markers), png_s {sec(st['png_s'])}, "
                   f"{mib(fixed['rss_kib'])}.")
    busy = [r["id"] for r in recs.values() if disturbed(r)]
    if busy:
        out.append("")
        out.append(f"⚠ other processes kept the CPUs busy before or during at least one run "
                   f"(over {BUSY:.0%} busy before, or over {OTHERS:.0%} of the run's wall time "
                   f"in CPU seconds during): {', '.join(busy)}; the figure may be slow.")
    out.append("")
    n_runs = sorted({r["runs"] for r in recs.values()})
    out.append(f"Runs per figure: {', '.join(map(str, n_runs))}. Raw runs: {sys.argv[1]}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
