#!/usr/bin/env bash
# Installs incimap as a user would (`cmake --install`, into a temp DESTDIR with prefix /usr, the
# package's layout, and into a plain --prefix) and checks what was installed:
#   - every file the install rules promise (scripts/packaging/CMakeLists.txt), icons at their sizes;
#   - the installed binary's `--paths`, `info` and `render` with the source tree out of reach
#     (a private mount namespace hides it where unshare works; else --paths proves the assets
#     come from the prefix), drawing the same map as the build's binary;
#   - desktop-file-validate, appstreamcli validate --no-net, the MIME types, `man -l` without
#     warnings, the bash completion loaded in bash, the zsh one parsed by zsh;
#   - the menu entry's Exec line opening a .geojson in the real window (under Xvfb).
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
xvfb_pid=""
window_pid=""
cleanup() {
    [[ -z $window_pid ]] || kill "$window_pid" 2>/dev/null || true
    [[ -z $xvfb_pid ]] || kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
need() { command -v "$1" >/dev/null || { fail "$1 is missing (./scripts/dev setup)"; return 1; }; }

# Nothing of the user's: incimap's own folders go to the temp dir.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/xdg/config XDG_STATE_HOME=$tmp/xdg/state
export XDG_CACHE_HOME=$tmp/xdg/cache
unset INCIMAP_ASSETS DISPLAY WAYLAND_DISPLAY
mkdir -p "$HOME"

# --- install -------------------------------------------------------------------------------
dest=$tmp/dest
DESTDIR=$dest cmake --install "$build" --prefix /usr >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; echo "FAIL: cmake --install" >&2; exit 1; }
usr=$dest/usr
bin=$usr/bin/incimap
id=org.incimap.incimap

expected=(
    bin/incimap
    share/incimap/assets/basemap/land-110m.fgb
    share/incimap/assets/basemap/places.fgb
    share/incimap/assets/basemap/README.md
    share/incimap/assets/samples/incidents-2023-10_2024-02.geojson
    "share/applications/$id.desktop"
    "share/metainfo/$id.metainfo.xml"
    share/mime/packages/incimap.xml
    "share/icons/hicolor/scalable/apps/$id.svg"
    share/man/man1/incimap.1.gz
    share/bash-completion/completions/incimap
    share/zsh/vendor-completions/_incimap
    share/doc/incimap/copyright
    share/doc/incimap/changelog.gz
)
for size in 16 24 32 48 64 128 256 512; do
    expected+=("share/icons/hicolor/${size}x${size}/apps/$id.png")
done
for f in "${expected[@]}"; do
    [[ -f $usr/$f ]] || fail "not installed: /usr/$f"
done
[[ -x $bin ]] || fail "/usr/bin/incimap is not executable"
# Everything installed is promised above or is an asset (no stray files, no source tree).
while IFS= read -r f; do
    rel=${f#"$usr/"}
    case $rel in share/incimap/assets/*) continue ;; esac
    printf '%s\n' "${expected[@]}" | grep -qxF -- "$rel" || fail "installed but not expected: /usr/$rel"
done < <(find "$dest" -type f -o -type l)
[[ $(find "$dest" -mindepth 1 -maxdepth 1) == "$usr" ]] || fail "files outside the prefix: $(ls "$dest")"

# Icons: each PNG is the size its folder names.
for size in 16 24 32 48 64 128 256 512; do
    python3 - "$usr/share/icons/hicolor/${size}x${size}/apps/$id.png" "$size" <<'PY' ||
import struct, sys
data = open(sys.argv[1], 'rb').read(24)
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
w, h = struct.unpack('>II', data[16:24])
n = int(sys.argv[2])
assert (w, h) == (n, n), f'{w}x{h}, not {n}x{n}'
PY
        fail "icon ${size}x${size}"
done
grep -q '<svg' "$usr/share/icons/hicolor/scalable/apps/$id.svg" || fail "the SVG icon is not SVG"

# --- the installed binary, the source tree out of reach --------------------------------------
sample=$usr/share/incimap/assets/samples/incidents-2023-10_2024-02.geojson
# The build's binary draws the reference (it reads the source tree's assets).
"$build/incimap" render "$src/assets/samples/incidents-2023-10_2024-02.geojson" --size 640x400 \
    --legend -o "$tmp/reference.png" 2>"$tmp/reference.err" ||
    fail "the build's render failed: $(cat "$tmp/reference.err")"

cat >"$tmp/installed.sh" <<'EOF'
set -euo pipefail
bin=$1 sample=$2 out=$3
"$bin" --version >"$out/version.txt"
"$bin" --paths >"$out/paths.txt"
"$bin" info "$sample" >"$out/info.json"
"$bin" render "$sample" --size 640x400 --legend -o "$out/installed.png"
EOF
hidden=no
if unshare --mount --map-root-user true 2>/dev/null; then
    # A private mount namespace: an empty tmpfs over the source tree (and the build folder, if
    # it is elsewhere) for these commands only.
    unshare --mount --map-root-user bash -c '
        set -euo pipefail
        mount -t tmpfs none "$1"
        [[ -d $2 ]] && mount -t tmpfs none "$2"
        [[ ! -e $1/assets ]] || { echo "the source tree is still visible" >&2; exit 1; }
        shift 2
        bash "$@"' hide "$src" "$build" "$tmp/installed.sh" "$bin" "$sample" "$tmp" \
        2>"$tmp/installed.err" || fail "installed binary, source hidden: $(cat "$tmp/installed.err")"
    hidden=yes
else
    bash "$tmp/installed.sh" "$bin" "$sample" "$tmp" 2>"$tmp/installed.err" ||
        fail "installed binary: $(cat "$tmp/installed.err")"
fi
echo "source tree hidden from the installed binary: $hidden"
grep -qE '^incimap [0-9]' "$tmp/version.txt" || fail "--version: $(cat "$tmp/version.txt")"
grep -qxF "assets $usr/share/incimap/assets" "$tmp/paths.txt" ||
    fail "--paths does not name the installed assets: $(cat "$tmp/paths.txt")"
# With the source tree in reach too, the installed binary uses its own assets, not the tree's.
grep -qxF "assets $usr/share/incimap/assets" <("$bin" --paths) ||
    fail "with the source tree visible, the installed binary uses: $("$bin" --paths | head -n 1)"
grep -qxF "config $XDG_CONFIG_HOME/incimap" "$tmp/paths.txt" || fail "--paths config: $(cat "$tmp/paths.txt")"
grep -qxF "state $XDG_STATE_HOME/incimap" "$tmp/paths.txt" || fail "--paths state: $(cat "$tmp/paths.txt")"
grep -qxF "cache $XDG_CACHE_HOME/incimap" "$tmp/paths.txt" || fail "--paths cache: $(cat "$tmp/paths.txt")"
python3 - "$tmp/info.json" <<'PY' || fail "info on the installed sample: $(head -c 300 "$tmp/info.json")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j['loaded'] == 73, j['loaded']
PY
# Same binary, same Mesa, the same assets by another path: the same picture (basemap included).
cmp -s "$tmp/reference.png" "$tmp/installed.png" ||
    fail "the installed binary's render differs from the build's (assets not found?)"

# --- desktop entry, AppStream, MIME ----------------------------------------------------------
desktop=$usr/share/applications/$id.desktop
if need desktop-file-validate; then
    desktop-file-validate "$desktop" >"$tmp/dfv.txt" 2>&1 || fail "desktop-file-validate: $(cat "$tmp/dfv.txt")"
    grep -v ': hint: ' "$tmp/dfv.txt" | grep . && fail "desktop-file-validate warns: $(cat "$tmp/dfv.txt")"
fi
grep -qx 'Exec=incimap %F' "$desktop" || fail "the desktop entry does not open files (%F)"
for type in application/geo+json application/vnd.google-earth.kml+xml \
    application/geopackage+sqlite3 text/csv application/gpx+xml application/x-flatgeobuf; do
    grep -q "^MimeType=.*$type;" "$desktop" || fail "the desktop entry lacks $type"
done
if need appstreamcli; then
    appstreamcli validate --no-net --pedantic "$usr/share/metainfo/$id.metainfo.xml" \
        >"$tmp/as.txt" 2>&1 || fail "appstreamcli validate: $(cat "$tmp/as.txt")"
fi
if need update-mime-database; then
    # Our types alone, in a scratch database: each extension maps to its type.
    mkdir -p "$tmp/mime/packages"
    cp "$usr/share/mime/packages/incimap.xml" "$tmp/mime/packages/"
    update-mime-database "$tmp/mime" >/dev/null 2>"$tmp/mime.err" ||
        fail "update-mime-database: $(cat "$tmp/mime.err")"
    for pair in application/geopackage+sqlite3:'*.gpkg' application/x-flatgeobuf:'*.fgb' \
        application/x-shapefile:'*.shp' application/geo+json-seq:'*.geojsonl'; do
        grep -qF ":$pair" "$tmp/mime/globs2" 2>/dev/null || fail "MIME: no $pair"
    done
fi

# --- manual page and completions -----------------------------------------------------------
if need man; then
    # As lintian reads it: warnings from groff are failures.
    LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
        "$usr/share/man/man1/incimap.1.gz" >/dev/null 2>"$tmp/man.err" || fail "man -l failed"
    [[ ! -s $tmp/man.err ]] || fail "man -l warns: $(cat "$tmp/man.err")"
    MANWIDTH=80 man -l "$usr/share/man/man1/incimap.1.gz" 2>/dev/null | grep -q 'incimap render' ||
        fail "man -l does not render the page"
fi
if [[ -r /usr/share/bash-completion/bash_completion ]]; then
    bash -c '
        source /usr/share/bash-completion/bash_completion
        source "$1"
        complete -p incimap | grep -q _incimap || exit 1
        COMP_WORDS=(incimap render --le); COMP_CWORD=2; COMP_LINE="incimap render --le"
        COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        _incimap incimap --le render
        [[ ${COMPREPLY[*]} == --legend ]]' bash "$usr/share/bash-completion/completions/incimap" ||
        fail "the bash completion does not load or does not complete 'incimap render --le'"
else
    fail "bash-completion is missing (./scripts/dev setup)"
fi
if need zsh; then
    zsh -n "$usr/share/zsh/vendor-completions/_incimap" 2>"$tmp/zsh.err" ||
        fail "zsh cannot parse _incimap: $(cat "$tmp/zsh.err")"
fi
zcat "$usr/share/doc/incimap/changelog.gz" | head -n 1 |
    grep -qE '^incimap \([0-9][0-9A-Za-z.+~]*\) unstable; urgency=medium$' ||
    fail "changelog: $(zcat "$usr/share/doc/incimap/changelog.gz" | head -n 1)"

# --- a plain prefix, as the README says: cmake --install build --prefix PREFIX -------------------
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install2.log" 2>&1 || fail "cmake --install --prefix"
[[ -f $prefix/share/zsh/site-functions/_incimap ]] ||
    fail "zsh completion not in PREFIX/share/zsh/site-functions outside /usr"
grep -qxF "assets $prefix/share/incimap/assets" <("$prefix/bin/incimap" --paths) ||
    fail "the --prefix install does not find its assets"

# --- the menu entry opens a double-clicked .geojson -------------------------------------------
if command -v Xvfb >/dev/null; then
    mkdir -p "$tmp/my data"
    cp "$sample" "$tmp/my data/double clicked.geojson"
    exec 3< <(Xvfb -displayfd 1 -screen 0 1024x700x24 -nolisten tcp -noreset 2>/dev/null & echo "pid $!")
    read -r _ xvfb_pid <&3
    read -r -t 30 display <&3 || { fail "Xvfb did not start"; display=""; }
    if [[ -n $display ]]; then
        # The Exec line as a launcher runs it: %F becomes the file, PATH finds the program.
        exec_line=$(sed -n 's/^Exec=//p' "$desktop")
        read -ra argv <<<"$exec_line"
        cmd=()
        for a in "${argv[@]}"; do
            if [[ $a == %F ]]; then cmd+=("$tmp/my data/double clicked.geojson"); else cmd+=("$a"); fi
        done
        (cd "$tmp" && DISPLAY=:$display PATH=$usr/bin:/usr/bin:/bin \
            exec "${cmd[@]}" --ready-file "$tmp/ready" --test-mode >"$tmp/window.log" 2>&1) &
        window_pid=$!
        for _ in $(seq 1 600); do
            [[ -s $tmp/ready ]] && break
            kill -0 "$window_pid" 2>/dev/null || break
            sleep 0.1
        done
        if [[ "$(cat "$tmp/ready" 2>/dev/null)" == READY* ]]; then
            # A layer is remembered in the recent files once it has loaded.
            grep -qxF "$tmp/my data/double clicked.geojson" "$XDG_STATE_HOME/incimap/recent-files" ||
                fail "the window did not load the file: $(cat "$XDG_STATE_HOME/incimap/recent-files")"
        else
            fail "the window opened from the desktop entry never became ready: $(tail -n 5 "$tmp/window.log")"
        fi
        kill "$window_pid" 2>/dev/null || true
        wait "$window_pid" 2>/dev/null || true
        window_pid=""
    fi
else
    fail "Xvfb is missing (./scripts/dev setup)"
fi

if [[ $failures -ne 0 ]]; then
    echo "$failures install check(s) failed" >&2
    exit 1
fi
echo "all install checks passed"
