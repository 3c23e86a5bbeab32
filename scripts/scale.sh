#!/usr/bin/env bash
# Cold-run scaling: for each size N, write N demo returns (all layouts) into
# a fresh workspace with `jobtally demo`, then time `jobtally run` (read
# everything, pipelines, checks, queue, results) and its peak memory.
#
#   scripts/scale.sh [N ...]        default: 2000 5000 10000 20000
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jobtally/target}"
cargo build --release --quiet
J="$CARGO_TARGET_DIR/release/jobtally"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 5000 10000 20000)
printf '%8s %8s %10s %10s %12s\n' returns files "run (s)" "wall (s)" "peak RSS MB"
for n in "${SIZES[@]}"; do
    dir="$(mktemp -d)"
    "$J" --workspace "$dir/ws" demo --services "$n" --seed 11 >/dev/null
    files=$(ls "$dir/ws/inbox" | wc -l)
    out=$( { /usr/bin/time -f '%e %M' "$J" --workspace "$dir/ws" run >"$dir/run.txt"; } 2>&1 | tail -1 )
    reported=$(grep '^time:' "$dir/run.txt" | awk '{print $2}')
    wall=$(echo "$out" | awk '{print $1}')
    rss=$(echo "$out" | awk '{printf "%.0f", $2/1024}')
    printf '%8s %8s %10s %10s %12s\n' "$n" "$files" "$reported" "$wall" "$rss"
    rm -rf "$dir"
done
