#!/usr/bin/env bash
# Two builds of incimap side by side on one GeoJSON (issue 14): `info` and `render` (first map,
# cold process) with 1 and 2 threads (INCIMAP_THREADS), beside `ogrinfo -ro -al -so` on the
# same file, the runs interleaved round by round so that a loaded machine's drift falls on
# every row alike. Each figure is the median of RUNS rounds: wall s, peak RSS MiB (from
# /usr/bin/time -v), the ratio to ogrinfo's median and to the file size, and the load average
# (1 min) over the rounds. Prints a Markdown table; also the `render --stats` stage times of
# the last round.
#
#   bench/compare_builds.sh BASE_INCIMAP NEW_INCIMAP FILE.geojson [RUNS]
set -euo pipefail
BASE="$1"; NEW="$2"; FILE="$3"; RUNS="${4:-3}"
OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
BYTES=$(stat -c %s "$FILE")

# median OF… : the middle value of the arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

# The rows: a label and the command (words separated by |).
labels=() cmds=()
row() { labels+=("$1"); cmds+=("$2"); }
row "ogrinfo -ro -al -so" "ogrinfo|-ro|-al|-so|$FILE"
for n in 1 2; do
    row "base info, $n thread(s)" "env|INCIMAP_THREADS=$n|$BASE|info|$FILE"
    row "new info, $n thread(s)" "env|INCIMAP_THREADS=$n|$NEW|info|$FILE"
done
for n in 1 2; do
    row "base render, $n thread(s)" "env|INCIMAP_THREADS=$n|$BASE|render|$FILE|-o|$OUT/base.png|--size|1280x800|--stats"
    row "new render, $n thread(s)" "env|INCIMAP_THREADS=$n|$NEW|render|$FILE|-o|$OUT/new.png|--size|1280x800|--stats"
done

cat "$FILE" >/dev/null # in the page cache for every run alike
loads=()
for round in $(seq "$RUNS"); do
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    for k in "${!labels[@]}"; do
        IFS='|' read -r -a argv <<<"${cmds[$k]}"
        /usr/bin/time -v -o "$OUT/t" "${argv[@]}" >"$OUT/out.$k" 2>"$OUT/err.$k" || true
        awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/t" >>"$OUT/wall.$k"
        awk -F': ' '/Maximum resident/{printf "%.0f\n", $2/1024}' "$OUT/t" >>"$OUT/rss.$k"
    done
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
done

echo "File: $FILE ($BYTES bytes = $((BYTES / 1048576)) MiB); $RUNS rounds; load average (1 min) $(median "${loads[@]}") median, $(printf '%s\n' "${loads[@]}" | sort -g | head -1)–$(printf '%s\n' "${loads[@]}" | sort -g | tail -1) over the rounds; $(nproc) cores"
echo
echo "| what | median s | × ogrinfo | peak RSS MiB | × file |"
echo "|---|---|---|---|---|"
ogr=$(median $(cat "$OUT/wall.0"))
for k in "${!labels[@]}"; do
    t=$(median $(cat "$OUT/wall.$k")); r=$(median $(cat "$OUT/rss.$k"))
    echo "| ${labels[$k]} | $t | $(awk -v a="$t" -v b="$ogr" 'BEGIN{printf "%.2f", a/b}') | $r | $(awk -v a="$r" -v b="$BYTES" 'BEGIN{printf "%.2f", a*1048576/b}') |"
done
echo
for k in "${!labels[@]}"; do
    [[ "${labels[$k]}" == *render* ]] && echo "${labels[$k]}: $(tail -1 "$OUT/out.$k" | cut -c1-400)"
done
cmp -s "$OUT/base.png" "$OUT/new.png" && echo "PNG: base and new byte-identical" || echo "PNG: base and new DIFFER"
