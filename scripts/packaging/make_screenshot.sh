#!/usr/bin/env bash
# Makes the AppStream screenshot (scripts/packaging/screenshots/sample.png, named in the metainfo) with
# incimap's own off-screen render of the bundled sample. Run after a change to how the map
# looks and commit the PNG; publish it as HOMEPAGE/screenshots/sample.png with a release.
# Usage: scripts/packaging/make_screenshot.sh [INCIMAP_BINARY]   (default build/incimap)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-$root/build/incimap}"
# 16:9, as software centres show screenshots; the size is written in the metainfo too
# (INCIMAP_SCREENSHOT_WIDTH/HEIGHT in scripts/packaging/CMakeLists.txt).
"$bin" render "$root/assets/samples/incidents-2023-10_2024-02.geojson" --size 1280x720 --legend \
    -o "$root/scripts/packaging/screenshots/sample.png"
