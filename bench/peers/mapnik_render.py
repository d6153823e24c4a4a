#!/usr/bin/python3
"""Peer benchmark: mapnik (python3-mapnik, Debian 12) on the incimap benchmark view.

Map 1280x800 in EPSG:3857 fitted to lon 19-62 E, lat 13-37 N; one GeoJSON datasource;
a MarkersSymbolizer of 3 px ellipses (overlap allowed, no placement collision), white
background, no basemap. Steps, each timed inside the process:

  load_s        mapnik.Map + the GeoJSON datasource (the plugin parses the whole file and
                builds its index here)
  first_render_s  mapnik.render of every point (the "first map")
  png_s         image.save(PNG)
  first_map_s   from the script's first line (before `import mapnik`) to the PNG written:
                the cold first map, less the interpreter's own start-up (~0.02 s)
  window_render_s  in process, the same map with a rule filter
                [date] >= '2024-01-01' and [date] < '2024-01-08' (a 7-day window);
                median of --window-runs renders, all of them listed too

Run it under /usr/bin/time (see bench/run_benchmarks.sh) for the cold wall time and peak RSS.
Must run with Debian's /usr/bin/python3 (python3-mapnik lives in its dist-packages).

Usage: mapnik_render.py FILE.geojson OUT.png [--window-runs N] [--size WxH]
                         [--style points|incimap] [--check]
Prints one JSON object on stdout.
"""
import time

T_START = time.perf_counter()  # before `import mapnik`: the first map's clock starts here

import argparse
import json
import math
import statistics
import sys
from xml.sax.saxutils import quoteattr, escape

import mapnik

R = 6378137.0


def merc(lon, lat):
    return (R * math.radians(lon), R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


# --style points (PEERS.md): 3 px dots. --style incimap: the marker incimap draws by default,
# a circle of diameter clamp(6*sqrt(fatalities), 9, 36) px with a 1 px dark outline
# (core::marker_radius_px), so the fill work is comparable.
MARKERS = {
    "points": '<MarkersSymbolizer marker-type="ellipse" width="3" height="3" fill="#d62728" '
              'stroke-width="0" allow-overlap="true" ignore-placement="true"/>',
    "incimap": '<MarkersSymbolizer marker-type="ellipse" '
               'width="max(9, min(36, 6 * pow([fatalities], 0.5)))" '
               'height="max(9, min(36, 6 * pow([fatalities], 0.5)))" fill="#d62728" '
               'stroke="#202020" stroke-width="1" allow-overlap="true" ignore-placement="true"/>',
}

STYLE = """<Map srs="epsg:3857" background-color="white">
  <Style name="all">
    <Rule>
      {marker}
    </Rule>
  </Style>
  <Style name="week">
    <Rule>
      <Filter>[date] &gt;= '{from_}' and [date] &lt; '{to}'</Filter>
      {marker}
    </Rule>
  </Style>
  <Layer name="incidents" srs="epsg:4326">
    <StyleName>all</StyleName>
    <Datasource>
      <Parameter name="type">geojson</Parameter>
      <Parameter name="file">{file}</Parameter>
    </Datasource>
  </Layer>
</Map>
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("out")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--bbox", default="19,13,62,37")
    ap.add_argument("--from", dest="from_", default="2024-01-01")
    ap.add_argument("--to", default="2024-01-08")
    ap.add_argument("--window-runs", type=int, default=3)
    ap.add_argument("--style", choices=sorted(MARKERS), default="points")
    ap.add_argument("--check", action="store_true",
                    help="also count the features and those in the window (slow at 1M)")
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.lower().split("x"))
    minlon, minlat, maxlon, maxlat = (float(v) for v in a.bbox.split(","))

    t0 = time.perf_counter()
    m = mapnik.Map(w, h)
    mapnik.load_map_from_string(m, STYLE.format(
        file=escape(a.file), from_=a.from_, to=a.to, marker=MARKERS[a.style]))
    x0, y0 = merc(minlon, minlat)
    x1, y1 = merc(maxlon, maxlat)
    m.zoom_to_box(mapnik.Box2d(x0, y0, x1, y1))  # fitted whole (aspect kept), like incimap
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    im = mapnik.Image(w, h)
    mapnik.render(m, im)
    first_render_s = time.perf_counter() - t1

    t2 = time.perf_counter()
    im.save(a.out, "png")
    png_s = time.perf_counter() - t2
    first_map_s = time.perf_counter() - T_START

    # The time window moved: same loaded datasource, switch the layer to the filtered style.
    layer = m.layers[0]
    layer.styles[0] = "week"
    window = []
    for _ in range(max(1, a.window_runs)):
        t = time.perf_counter()
        im2 = mapnik.Image(w, h)
        mapnik.render(m, im2)
        window.append(time.perf_counter() - t)
    im2.save(a.out.replace(".png", "") + "_week.png", "png")

    # How many points the window holds (a check that the filter does what it says).
    total = inside = None
    if a.check:
        total = inside = 0
        for f in layer.datasource.all_features():
            total += 1
            inside += a.from_ <= str(f["date"]) < a.to

    print(json.dumps({
        "tool": "mapnik", "style": a.style, "mapnik_version": mapnik.mapnik_version(), "file": a.file,
        "features": total, "in_window": inside,
        "styles_in_layer": list(layer.styles),
        "load_s": round(load_s, 4), "first_render_s": round(first_render_s, 4),
        "png_s": round(png_s, 4), "first_map_s": round(first_map_s, 4),
        "window_render_s": round(statistics.median(window), 4),
        "window_render_runs_s": [round(v, 4) for v in window],
    }))


if __name__ == "__main__":
    sys.exit(main())
