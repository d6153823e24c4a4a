#!/usr/bin/env bash
# The Debian package test (run by `./scripts/dev package`; not in ctest: it needs the Release
# build of build-package/, minutes on 2 cores). Checks that
#   - `dpkg-deb -c` lists exactly what the install rules install (an install of the same build
#     into a temp DESTDIR), and nothing else;
#   - the version in the control file is the one the binary prints, and matches the changelog;
#   - dpkg-shlibdeps filled in the libraries' packages, and the fonts are there;
#   - lintian finds no errors (its warnings are printed);
#   - with --install (root, changes this system): `apt-get install ./DEB` puts incimap on the
#     PATH and in the menu, `incimap --version` and `incimap render` work, and
#     `apt-get remove` removes every file it installed.
# Usage: package_test.sh DEB BUILD_DIR [--install]
set -euo pipefail

deb=$(realpath "$1")
build=$(cd "$2" && pwd)
install=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# --- contents: the .deb and the install rules agree ---------------------------------------------
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | sort >"$tmp/deb.txt"
DESTDIR=$tmp/dest cmake --install "$build" --prefix /usr >/dev/null
(cd "$tmp/dest" && find . -type f -o -type l) | sed 's|^\./|/|' | sort >"$tmp/rules.txt"
diff "$tmp/rules.txt" "$tmp/deb.txt" >"$tmp/contents.diff" ||
    fail "dpkg-deb -c differs from the install rules (< rules, > deb): $(cat "$tmp/contents.diff")"
echo "contents: $(wc -l <"$tmp/deb.txt") files, as the install rules say"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/' | awk '$2 != "root/root" {print}' >"$tmp/owners.txt"
[[ ! -s $tmp/owners.txt ]] || fail "files not owned by root: $(head -n 3 "$tmp/owners.txt")"

# --- control fields --------------------------------------------------------------------------
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
[[ $(basename "$deb") == "incimap_${version}_amd64.deb" ]] ||
    fail "file name $(basename "$deb") is not incimap_${version}_amd64.deb"
for p in libgdal libproj libglfw3 libc6 libstdc++6 fonts-dejavu-core fonts-noto-core; do
    grep -q "$p" <<<"$depends" || fail "Depends lacks $p: $depends"
done
dpkg-deb -x "$deb" "$tmp/x"
printed=$("$tmp/x/usr/bin/incimap" --version)
[[ $printed == "incimap $version" ]] || fail "the binary says '$printed', the package $version"
zcat "$tmp/x/usr/share/doc/incimap/changelog.gz" | head -n 1 | grep -qF "incimap ($version)" ||
    fail "the changelog's first entry is not $version"
echo "version $version; Depends: $depends"

# --- lintian ---------------------------------------------------------------------------------
if command -v lintian >/dev/null; then
    set +e
    lintian --fail-on error --tag-display-limit 0 "$deb" >"$tmp/lintian.txt" 2>&1
    rc=$?
    set -e
    sed 's/^/lintian: /' "$tmp/lintian.txt"
    [[ $rc -eq 0 ]] || fail "lintian reports errors"
    echo "lintian: $(grep -c '^E:' "$tmp/lintian.txt" || true) errors, $(grep -c '^W:' "$tmp/lintian.txt" || true) warnings"
else
    fail "lintian is missing (apt-get install lintian)"
fi

# --- install, use and remove (root only, on request) ------------------------------------------
if [[ $install == --install ]]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$deb" >"$tmp/apt.txt" 2>&1 || fail "apt-get install: $(tail -n 5 "$tmp/apt.txt")"
    [[ $(command -v incimap) == /usr/bin/incimap ]] || fail "incimap is not on the PATH"
    [[ $(incimap --version) == "incimap $version" ]] || fail "installed --version: $(incimap --version)"
    (cd "$tmp" && incimap render /usr/share/incimap/assets/samples/incidents-2023-10_2024-02.geojson \
        -o "$tmp/installed.png" --legend) || fail "installed incimap render"
    [[ -s $tmp/installed.png ]] || fail "installed render wrote nothing"
    [[ -f /usr/share/applications/org.incimap.incimap.desktop ]] || fail "no menu entry"
    grep -q 'org.incimap.incimap.desktop' /usr/share/applications/mimeinfo.cache 2>/dev/null ||
        echo "note: mimeinfo.cache does not name the entry (desktop-file-utils' trigger absent)"
    dpkg -L incimap | sort >"$tmp/owned.txt"
    apt-get remove -y -qq incimap >"$tmp/apt-remove.txt" 2>&1 || fail "apt-get remove"
    left=$(while read -r f; do if [[ -f $f ]]; then echo "$f"; fi; done <"$tmp/owned.txt")
    [[ -z $left ]] || fail "left after apt-get remove: $left"
    echo "installed with apt-get, ran --version and render, removed cleanly"
fi

if [[ $failures -ne 0 ]]; then
    echo "$failures package check(s) failed" >&2
    exit 1
fi
echo "all package checks passed"
