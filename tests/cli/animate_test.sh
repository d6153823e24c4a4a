#!/usr/bin/env bash
# CLI tests for `incimap animate` (issue 18): the sample animated to MP4, WebM, GIF and PNG
# frames, read back with ffprobe/ffmpeg (test-only: Debian's `ffmpeg`): frame count, size,
# frame rate, duration; frame k against `render` of the same window (PNG: byte for byte;
# video: a small mean difference); Ctrl+C half way and the refusals leave nothing behind.
# Usage: animate_test.sh INCIMAP_BINARY SAMPLE_GEOJSON
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$1"
sample=$2
command -v ffprobe >/dev/null || { echo "ffprobe missing (./scripts/dev setup)"; exit 77; }

# Ten frames, one day each, 5 a second: 2 s.
common=(--from 2023-10-17 --to 2023-10-27 --step 1d --fps 5 --size 320x200 --legend --quiet)

# probe FILE: "codec width height rate frames duration" of the first video stream.
probe() {
    ffprobe -v error -count_frames -select_streams v:0 \
        -show_entries stream=codec_name,width,height,r_frame_rate,nb_read_frames \
        -show_entries format=duration -of json "$1" | python3 -c '
import json, sys
j = json.load(sys.stdin)
s = j["streams"][0]
print(s["codec_name"], s["width"], s["height"], s["r_frame_rate"], s["nb_read_frames"],
      "%.1f" % float(j["format"]["duration"]))'
}

# mean_diff A B: mean absolute difference (0–255) of two same-size pictures' RGB.
mean_diff() {
    python3 - "$1" "$2" <<'PY'
import sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
assert len(a) == len(b) and a, (len(a), len(b))
print("%.3f" % (sum(abs(x - y) for x, y in zip(a, b)) / len(a)))
PY
}
# frame_rgb FILE K OUT: frame K (from 0) of FILE as raw RGB.
frame_rgb() {
    ffmpeg -v error -i "$1" -vf "select=eq(n\\,$2)" -frames:v 1 -f rawvideo -pix_fmt rgb24 -y "$3"
}
below() { python3 -c "import sys; sys.exit(0 if float('$1') < float('$2') else 1)"; }

# The reference: `render` of frame 3's window (2023-10-20).
"$bin" render "$sample" -o "$tmp/render3.png" --from 2023-10-20 --to 2023-10-21 --size 320x200 \
    --legend || fail "render failed"
ffmpeg -v error -i "$tmp/render3.png" -f rawvideo -pix_fmt rgb24 -y "$tmp/render3.rgb"

for ext in mp4 webm gif; do
    run "$ext" animate "$sample" -o "$tmp/out.$ext" "${common[@]}"
    [[ $(rc "$ext") -eq 0 ]] || { fail "$ext: exit $(rc "$ext"): $(cat "$tmp/$ext.err")"; continue; }
    grep -q '"frames":10' "$tmp/$ext.out" || fail "$ext: summary: $(cat "$tmp/$ext.out")"
    codec=$(case $ext in mp4) echo h264 ;; webm) echo vp9 ;; gif) echo gif ;; esac)
    got=$(probe "$tmp/out.$ext")
    [[ $got == "$codec 320 200 5/1 10 2.0" ]] || fail "$ext: probed '$got'"
    frame_rgb "$tmp/out.$ext" 3 "$tmp/$ext.rgb"
    d=$(mean_diff "$tmp/$ext.rgb" "$tmp/render3.rgb")
    limit=$([[ $ext == gif ]] && echo 2.0 || echo 4.0)
    below "$d" "$limit" || fail "$ext: frame 3 differs from render by $d on average (limit $limit)"
    # ...and from another day's render by more (the comparison can tell frames apart).
    [[ $ext == mp4 ]] && { frame_rgb "$tmp/out.mp4" 9 "$tmp/mp4_9.rgb"
        d9=$(mean_diff "$tmp/mp4_9.rgb" "$tmp/render3.rgb")
        below "$d" "$d9" || fail "mp4: frame 9 ($d9) is no further from render 3 than frame 3 ($d)"; }
done

# --hold-last 1 at 5 fps: five more frames of the last picture.
run hold animate "$sample" -o "$tmp/hold.mp4" "${common[@]}" --hold-last 1
got=$(probe "$tmp/hold.mp4")
[[ $got == "h264 320 200 5/1 15 3.0" ]] || fail "hold: probed '$got'"

# PNG frames into a new folder, and by a pattern: frame 4 is render's picture, byte for byte.
run folder animate "$sample" -o "$tmp/frames" "${common[@]}"
[[ $(rc folder) -eq 0 ]] || fail "folder: $(cat "$tmp/folder.err")"
[[ $(ls "$tmp/frames" | wc -l) -eq 10 ]] || fail "folder: $(ls "$tmp/frames")"
cmp -s "$tmp/frames/frame-0004.png" "$tmp/render3.png" || fail "folder: frame 4 is not render's"
mkdir "$tmp/pattern"
run pattern animate "$sample" -o "$tmp/pattern/day-%02d.png" "${common[@]}"
[[ $(ls "$tmp/pattern") == "$(printf 'day-%02d.png\n' {1..10})" ]] ||
    fail "pattern: $(ls -A "$tmp/pattern")"

# Refusals: one line, nothing written.
expect_failure ext "unknown format .avi" animate "$sample" -o "$tmp/x.avi" "${common[@]}"
expect_failure step0 "--step 0" animate "$sample" -o "$tmp/x.mp4" --size 320x200 --step 0
expect_failure limit "over the limit of 10,000" animate "$sample" -o "$tmp/x.mp4" \
    --from 2000-01-01 --to 2024-01-01 --step 1h
expect_failure nodir "does not exist" animate "$sample" -o "$tmp/no/such/x.mp4" "${common[@]}"
expect_failure odd "even width and height" animate "$sample" -o "$tmp/x.mp4" --size 321x200
expect_failure notempty "not empty" animate "$sample" -o "$tmp/frames" "${common[@]}"
cp "$sample" "$tmp/data.gif"
expect_failure input "is one of the inputs\|input" animate "$tmp/data.gif" -o "$tmp/data.gif"
cmp -s "$sample" "$tmp/data.gif" || fail "input: the input was changed"
[[ ! -e $tmp/x.mp4 && ! -e $tmp/x.avi ]] || fail "a refused run wrote a file"

# Ctrl+C half way: the run stops, with neither the video nor its temp left. Many small frames,
# so it is still running when the temp appears.
"$bin" animate "$sample" -o "$tmp/cut.mp4" --step 1h --size 160x100 --max-frames 5000 --quiet \
    >"$tmp/cut.out" 2>"$tmp/cut.err" &
pid=$!
for _ in $(seq 600); do
    compgen -G "$tmp/.cut.mp4.*" >/dev/null && break
    sleep 0.05
done
compgen -G "$tmp/.cut.mp4.*" >/dev/null || fail "cut: no temp appeared"
kill -INT "$pid"
set +e; wait "$pid"; cut_rc=$?; set -e
[[ $cut_rc -eq 130 ]] || fail "cut: exit $cut_rc, not 130: $(cat "$tmp/cut.err")"
grep -q "cancelled" "$tmp/cut.err" || fail "cut: stderr $(cat "$tmp/cut.err")"
[[ -z $(ls -A "$tmp" | grep cut.mp4) ]] || fail "cut: left $(ls -A "$tmp" | grep cut.mp4)"

# The same for PNG frames: no folder, no temp folder.
"$bin" animate "$sample" -o "$tmp/cutframes" --step 1h --size 160x100 --max-frames 5000 \
    --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 600); do
    [[ -n $(compgen -G "$tmp/.cutframes.*/frame-0002.png") ]] && break
    sleep 0.05
done
kill -INT "$pid"
set +e; wait "$pid"; set -e
[[ -z $(ls -A "$tmp" | grep cutframes) ]] || fail "cutframes: left $(ls -A "$tmp" | grep cutframes)"

# A disk that fills (a 64 KiB tmpfs; only where this test may mount one, as root in a
# container): one line naming OUT, and nothing left on the disk.
full=$tmp/full
mkdir "$full"
if mount -t tmpfs -o size=64k tmpfs "$full" 2>/dev/null; then
    trap 'umount "$full" 2>/dev/null || true; rm -rf "$tmp"' EXIT
    for o in x.mp4 frames; do
        expect_failure "full-$o" "cannot write $full/$o.*No space left on device" \
            animate "$sample" -o "$full/$o" --from 2023-10-17 --to 2023-11-27 --size 640x400 \
            --legend --quiet
    done
    [[ -z $(ls -A "$full") ]] || fail "full: left $(ls -A "$full")"
    umount "$full"
    trap 'rm -rf "$tmp"' EXIT
else
    echo "(no tmpfs mount here: the full-disk case is not checked)"
fi

finish animate
