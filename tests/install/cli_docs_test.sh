#!/usr/bin/env bash
# The manual page and the shell completions in step with the command line: every command and
# option that `incimap --help` and `incimap COMMAND --help` list is described in
# scripts/packaging/incimap.1 and offered by both completions (bash: completing `incimap COMMAND --`
# offers exactly the command's options), and the page describes no option the program lacks.
# A new option fails here until the page and completions name it.
# Usage: cli_docs_test.sh INCIMAP_BINARY SOURCE_DIR
set -euo pipefail

# bin, tmp, failures, fail (the CLI tests' shared setup).
source "$(dirname "${BASH_SOURCE[0]}")/../cli/common.sh"
src=$2
page=$src/scripts/packaging/incimap.1
bash_completion=$src/scripts/packaging/completions/incimap.bash
zsh_completion=$src/scripts/packaging/completions/_incimap

# options HELP_TEXT_FILE: the long and short options of an "Options:" list, one a line.
options() {
    sed -n '/^Options:/,/^[A-Z][a-z]*:/p' "$1" | grep -oE '^  (-[a-zA-Z],)?--[a-z][a-z0-9-]*' |
        sed 's/^ *//; s/,/\n/' | sort -u
}
# The page writes a hyphen as \- (troff); as plain text for grep.
page_text() { sed 's/\\-/-/g' "$page"; }

"$bin" --help >"$tmp/top.txt"
mapfile -t commands < <(sed -n '/^Subcommands:/,$p' "$tmp/top.txt" | grep -oE '^  [a-z]+' | tr -d ' ')
[[ ${#commands[@]} -ge 3 ]] || fail "fewer than 3 commands in --help: ${commands[*]}"

page_text >"$tmp/page.txt"
all_options=()
check() { # check NAME HELP_FILE
    local name=$1 help=$2 opt
    mapfile -t opts < <(options "$help")
    [[ ${#opts[@]} -gt 1 ]] || fail "$name: no options parsed from --help"
    for opt in "${opts[@]}"; do
        all_options+=("$opt")
        grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" "$tmp/page.txt" ||
            fail "incimap.1 does not describe $name's $opt"
        grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" "$bash_completion" ||
            fail "the bash completion does not offer $name's $opt"
        grep -qE -- "(^|[^a-z-])$opt([^a-z-]|$)" "$zsh_completion" ||
            fail "the zsh completion does not offer $name's $opt"
    done
    # bash: what completing `incimap [COMMAND] -` offers is exactly what --help lists.
    local words=(incimap)
    [[ $name == incimap ]] || words+=("$name")
    bash -c '
        source /usr/share/bash-completion/bash_completion
        source "$1"
        shift
        COMP_WORDS=("$@" -); COMP_CWORD=$#; COMP_LINE="$* -"; COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _incimap incimap - "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$bash_completion" "${words[@]}" |
        sort -u >"$tmp/offered.txt" || fail "$name: the bash completion failed"
    printf '%s\n' "${opts[@]}" | sort -u >"$tmp/listed.txt"
    diff "$tmp/listed.txt" "$tmp/offered.txt" >"$tmp/diff.txt" ||
        fail "$name: bash completes other options than --help lists (< help, > completion): $(tr '\n' ' ' <"$tmp/diff.txt")"
}

check incimap "$tmp/top.txt"
for c in "${commands[@]}"; do
    "$bin" "$c" --help >"$tmp/$c.txt"
    check "$c" "$tmp/$c.txt"
    grep -qE "^\.SS \"incimap $c( |\")" "$page" || fail "incimap.1 has no section for 'incimap $c'"
    grep -qE "(^|[^a-z])$c([^a-z]|$)" "$bash_completion" || fail "the bash completion lacks '$c'"
    grep -qE "(^|[^a-z])$c\\\\:" "$zsh_completion" || fail "the zsh completion lacks '$c'"
done

# No stale option on the page: each one it names exists.
printf '%s\n' "${all_options[@]}" | sort -u >"$tmp/all.txt"
grep -oE -- '(^|[^a-z-])--[a-z][a-z0-9-]*' "$tmp/page.txt" | grep -oE -- '--[a-z0-9-]+' | sort -u |
    while read -r opt; do
        grep -qxF -- "$opt" "$tmp/all.txt" || echo "$opt"
    done >"$tmp/stale.txt"
[[ ! -s $tmp/stale.txt ]] || fail "incimap.1 describes options incimap lacks: $(tr '\n' ' ' <"$tmp/stale.txt")"

if [[ $failures -ne 0 ]]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "all CLI documentation checks passed (${#commands[@]} commands, $(wc -l <"$tmp/all.txt") options)"
