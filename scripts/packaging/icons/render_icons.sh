#!/usr/bin/env bash
# Renders the committed PNG icons from org.incimap.incimap.svg (librsvg2-bin's rsvg-convert).
# Run after changing the SVG and commit the PNGs: the build installs them as they are, so it
# needs no SVG renderer. Usage: scripts/packaging/icons/render_icons.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v rsvg-convert >/dev/null || { echo "render_icons: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "${size}x${size}"
    rsvg-convert -w "$size" -h "$size" org.incimap.incimap.svg -o "${size}x${size}/org.incimap.incimap.png"
done
