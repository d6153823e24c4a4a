#!/usr/bin/env python3
"""Deterministic synthetic incidents for benchmarks (the same shape as shared/PEERS.md).

Points cluster around 18 real places of the Middle East (96 %) plus uniform noise over
lon 19–62° E, lat 13–37° N (4 %); dates 2023-10-01 … 2024-03-31 (UTC day); properties
id, date, event_type, fatalities, notes. The same N and seed always give the same bytes.

Usage: scripts/gen_incidents.py N OUT.{geojson,geojsonl,csv} [--seed S]
"""
import argparse
import datetime as dt
import random
import sys

PLACES = [  # lon, lat
    (44.3661, 33.3152), (35.5018, 33.8938), (36.2765, 33.5138), (42.4411, 33.7856),
    (43.9631, 36.2375), (38.6178, 33.5058), (38.7033, 33.3142), (40.3094, 35.3361),
    (40.5758, 35.1517), (40.7303, 36.0561), (40.1411, 35.3359), (43.1189, 36.3350),
    (44.3922, 35.4681), (47.7833, 30.5085), (44.2139, 32.8667), (45.8194, 32.5128),
    (57.0788, 30.2839), (44.2066, 15.3694),
]
TYPES = ["Drone attack", "Airstrike", "Rocket attack", "Missile strike", "Shelling",
         "Armed clash", "Bombing", "Other"]
TYPE_WEIGHTS = [30, 20, 15, 8, 10, 10, 5, 2]
START = dt.date(2023, 10, 1)
DAYS = (dt.date(2024, 3, 31) - START).days + 1


def incidents(n, seed):
    rng = random.Random(seed)
    for i in range(n):
        if rng.random() < 0.04:
            lon, lat = rng.uniform(19, 62), rng.uniform(13, 37)
        else:
            plon, plat = PLACES[rng.randrange(len(PLACES))]
            lon, lat = rng.gauss(plon, 0.35), rng.gauss(plat, 0.25)
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        fatalities = int(rng.expovariate(0.5)) if rng.random() < 0.6 else 0
        yield i, round(lon, 6), round(lat, 6), day.isoformat(), kind, fatalities


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20240104)
    a = ap.parse_args()
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        if a.out.endswith(".csv"):
            f.write("id,date,event_type,fatalities,notes,latitude,longitude\n")
            for i, lon, lat, day, kind, fat in incidents(a.n, a.seed):
                f.write(f'{i},{day},{kind},{fat},"synthetic incident {i}",{lat},{lon}\n')
        elif a.out.endswith((".geojsonl", ".geojsons", ".jsonl")):
            for i, lon, lat, day, kind, fat in incidents(a.n, a.seed):
                f.write(f'{{"type":"Feature","properties":{{"id":{i},"date":"{day}",'
                        f'"event_type":"{kind}","fatalities":{fat},"notes":"synthetic incident {i}"}},'
                        f'"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}\n')
        else:
            f.write('{"type":"FeatureCollection","features":[\n')
            for i, lon, lat, day, kind, fat in incidents(a.n, a.seed):
                sep = "," if i else ""
                f.write(f'{sep}{{"type":"Feature","properties":{{"id":{i},"date":"{day}",'
                        f'"event_type":"{kind}","fatalities":{fat},"notes":"synthetic incident {i}"}},'
                        f'"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}\n')
            f.write("]}\n")
    print(f"{a.out}: {a.n} incidents", file=sys.stderr)


if __name__ == "__main__":
    main()
