#!/usr/bin/env bash
# `./scripts/dev build` after a configure that failed (as before `./scripts/dev setup`, with a
# package missing): the failure says what to do (the setup command), and the next build, once
# the cause is gone, configures again and succeeds instead of failing for ever with "ninja:
# error: loading 'build.ninja'". Runs the real scripts/dev on a copy, beside a small CMake
# project whose configure fails while a file named `missing` exists (a missing package).
# Usage: dev_build_recovery_test.sh SOURCE_DIR
set -euo pipefail

src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

root=$tmp/project
mkdir -p "$root/scripts"
cp "$src/scripts/dev" "$root/scripts/dev"
cat >"$root/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(recovery LANGUAGES NONE)
if(EXISTS ${CMAKE_SOURCE_DIR}/missing)
    find_package(IncimapRecoveryTestPackage CONFIG REQUIRED) # as a missing -dev package does
endif()
add_custom_command(OUTPUT built COMMAND ${CMAKE_COMMAND} -E touch built)
add_custom_target(everything ALL DEPENDS built)
EOF
dev() { (cd "$root" && ./scripts/dev "$@"); }

# 1. The configure fails: a non-zero exit that names the setup command.
touch "$root/missing"
if dev build >"$tmp/first.out" 2>&1; then
    fail "build succeeded although the configure cannot"
fi
grep -q "./scripts/dev setup" "$tmp/first.out" ||
    fail "the failed build does not name ./scripts/dev setup: $(tail -n 3 "$tmp/first.out")"

# 2. The cause is gone (setup ran): the next build recovers.
rm "$root/missing"
dev build >"$tmp/second.out" 2>&1 || fail "the build after setup failed: $(tail -n 5 "$tmp/second.out")"
[[ -f $root/build/built ]] || fail "the build after setup built nothing"
if grep -q "loading 'build.ninja'" "$tmp/second.out"; then fail "ninja found no build.ninja"; fi

# 3. A folder left half-made by an older scripts/dev or by hand (CMakeCache.txt and no
#    build.ninja, from a bare failed `cmake -S . -B build`) is configured again too.
rm -rf "$root/build"
touch "$root/missing"
(cd "$root" && cmake -S . -B build -G Ninja >/dev/null 2>&1) && fail "the bare configure succeeded"
rm "$root/missing"
[[ -f $root/build/CMakeCache.txt && ! -f $root/build/build.ninja ]] ||
    fail "the simulated failed configure did not leave a half-made folder"
dev build >"$tmp/third.out" 2>&1 || fail "the build of a half-made folder failed: $(tail -n 5 "$tmp/third.out")"
[[ -f $root/build/built ]] || fail "the build of a half-made folder built nothing"

if [[ $failures -ne 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all build recovery checks passed"
