# Shared by the CLI tests (cli/info_test.sh, cli/export_test.sh, hostile/cli_errors_test.sh),
# sourced after `set -euo pipefail` with the test's arguments: INCIMAP_BINARY [FIXTURES_DIR].
# Sets bin, fixtures, tmp (a temp folder removed on exit) and failures; defines fail, run, rc,
# expect_failure and finish.

bin=$1
fixtures=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run NAME ARGS...: runs the binary, keeping stdout, stderr and the exit status.
run() {
    local name=$1
    shift
    set +e
    "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
    set -e
}
rc() { cat "$tmp/$1.rc"; }

# expect_failure NAME PATTERN ARGS...: exit 1, exactly one stderr line `incimap: …` that
# contains PATTERN (any line when PATTERN is empty), no stdout.
expect_failure() {
    local name=$1 pattern=$2
    shift 2
    run "$name" "$@"
    [[ $(rc "$name") -eq 1 ]] || fail "$name: exit status $(rc "$name"), not 1"
    [[ ! -s $tmp/$name.out ]] || fail "$name: wrote to stdout: $(head -c 200 "$tmp/$name.out")"
    local lines
    lines=$(wc -l <"$tmp/$name.err")
    [[ $lines -eq 1 ]] || fail "$name: $lines lines on stderr: $(cat "$tmp/$name.err")"
    [[ $(head -c 9 "$tmp/$name.err") == "incimap: " ]] ||
        fail "$name: stderr does not start with 'incimap: ': $(cat "$tmp/$name.err")"
    [[ -z $pattern ]] || grep -q -- "$pattern" "$tmp/$name.err" ||
        fail "$name: stderr does not say '$pattern': $(cat "$tmp/$name.err")"
}

# finish WHAT: exits 1 when a check failed, else says that all WHAT CLI checks passed.
finish() {
    if [[ $failures -ne 0 ]]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "all $1 CLI checks passed"
}
