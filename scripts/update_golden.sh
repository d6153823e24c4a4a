#!/usr/bin/env bash
# Regenerates the golden images in tests/golden/ through the built `incimap render`, with the
# arguments in each <name>.args (the same file tests/gl/golden_gltest.cpp reads, so the golden
# and the test draw the same thing). Look at every new PNG before committing it.
#
#   scripts/update_golden.sh [BUILD_DIR] [NAME...]     BUILD_DIR defaults to build/
#
# Issue 20: the panels' goldens (tests/golden/ui_*.png, no .args) are drawn by the gl test
# binary itself (tests/gl/ui_golden_gltest.cpp); with no NAME they are made again too.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
shift || true
case $build in /*) ;; *) build="$root/$build" ;; esac
bin="$build/incimap"
if [[ ! -x $bin ]]; then
    echo "update_golden: no $bin (build first: ninja -C $build incimap)" >&2
    exit 1
fi

cd "$root"
if [[ $# -gt 0 ]]; then
    names=("$@")
else
    names=()
    for f in tests/golden/*.args; do
        names+=("$(basename "$f" .args)")
    done
fi

for name in "${names[@]}"; do
    args_file="tests/golden/$name.args"
    read -r -a args <<<"$(grep -v '^#' "$args_file" | tr '\n' ' ')"
    out="tests/golden/$name.png"
    INCIMAP_ASSETS="$root/assets" "$bin" render "${args[@]}" -o "$out"
    echo "wrote $out ($(stat -c %s "$out") bytes): incimap render ${args[*]}"
done

# Issue 20: the panels' goldens, drawn off-screen by the gl tests.
if [[ $# -eq 0 ]]; then
    tests="$build/tests/incimap_gl_tests"
    if [[ ! -x $tests ]]; then
        echo "update_golden: no $tests (build first: ninja -C $build incimap_gl_tests)" >&2
        exit 1
    fi
    INCIMAP_UPDATE_GOLDEN=1 "$tests" --gtest_filter='UiGoldenGl.*'
    for f in tests/golden/ui_*.png; do
        echo "wrote $f ($(stat -c %s "$f") bytes)"
    done
fi
