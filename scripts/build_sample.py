#!/usr/bin/env python3
"""Builds assets/samples/incidents-2023-10_2024-02.geojson from the hand-compiled CSV.

Every CSV column is kept as a property (numbers as numbers, empty cells as null), the row's
`id` becomes the Feature id, and one extra property `time` holds the incident time:
the UTC instant from `datetime_utc` where a clock time is known, else the whole day from
`date` (a date-only value, which incimap reads as that day). See shared/data/SOURCES.md.

Usage: scripts/build_sample.py [CSV] [OUT.geojson]   (defaults: ../shared/data/…, assets/…)
"""
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "data" / "incidents-2023-10_2024-02.csv"
DEFAULT_OUT = ROOT / "assets" / "samples" / "incidents-2023-10_2024-02.geojson"
NUMERIC = {"lat": float, "lon": float, "geo_precision": int, "fatalities": int, "injuries": int}


def feature(row):
    props = {}
    for key, value in row.items():
        value = value.strip()
        if value == "":
            props[key] = None
        elif key in NUMERIC:
            props[key] = NUMERIC[key](value)
        else:
            props[key] = value
    props["time"] = props["datetime_utc"] or props["date"]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [props["lon"], props["lat"]]},
        "properties": props,
    }


def main():
    src = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    out = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    with open(src, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    collection = {
        "type": "FeatureCollection",
        "name": "incidents-2023-10_2024-02",
        "features": [feature(r) for r in rows],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(collection, f, ensure_ascii=False, indent=1)
        f.write("\n")
    tmp.replace(out)
    print(f"{out}: {len(rows)} features")


if __name__ == "__main__":
    main()
