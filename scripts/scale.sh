#!/usr/bin/env bash
# Cold-run scaling: for each size N, write N demo returns (all layouts and
# every other kind) into a fresh workspace with `jobtally demo`, then time
# `jobtally run` (read everything, models, checks, queue, results, archive)
# and its peak memory. For the first size, the pandas + openpyxl reference
# (scripts/baseline_pandas.py) loads a copy of the same inbox in the same
# session and builds three tables from it, when python3 has pandas and
# openpyxl, and the ratios are printed.
#
#   scripts/scale.sh [N ...]        default: 2000 5000 10000 20000
#   PYTHON=/usr/bin/python3 scripts/scale.sh 2000
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jobtally/target}"
cargo build --release --quiet
J="$CARGO_TARGET_DIR/release/jobtally"
PY="${PYTHON:-python3}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 5000 10000 20000)
printf '%8s %8s %10s %10s %12s %12s\n' returns files "run (s)" "wall (s)" "peak RSS MB" "KB/return"
first=1
for n in "${SIZES[@]}"; do
    dir="$(mktemp -d)"
    "$J" --workspace "$dir/ws" demo --services "$n" --seed 11 >/dev/null
    files=$(ls "$dir/ws/inbox" | wc -l)
    [ $first = 1 ] && cp -r "$dir/ws/inbox" "$dir/inbox-copy"
    sync
    out=$( { /usr/bin/time -f '%e %M' "$J" --workspace "$dir/ws" run >"$dir/run.txt"; } 2>&1 | tail -1 )
    reported=$(grep '^time:' "$dir/run.txt" | awk '{print $2}')
    wall=$(echo "$out" | awk '{print $1}')
    rss=$(echo "$out" | awk '{printf "%.0f", $2/1024}')
    per=$(echo "$out" | awk -v n="$n" '{printf "%.0f", $2/n}')
    printf '%8s %8s %10s %10s %12s %12s\n' "$n" "$files" "$reported" "$wall" "$rss" "$per"
    if [ $first = 1 ] && "$PY" -c 'import pandas, openpyxl' 2>/dev/null; then
        pandas=$("$PY" scripts/baseline_pandas.py "$dir/inbox-copy")
        echo "$pandas" | sed 's/^/  /'
        for what in "sheets) in:loading only" "built the:loading and three tables"; do
            secs=$(echo "$pandas" | grep -F "${what%%:*}" | sed -E 's/.* in ([0-9.]+) s$/\1/')
            echo "  pandas (${what#*:}) / jobtally (wall): $(awk -v p="$secs" -v j="$wall" 'BEGIN{printf "%.1fx", p/j}')"
        done
    fi
    first=0
    rm -rf "$dir"
done
