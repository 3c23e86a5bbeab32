#!/usr/bin/env bash
# Drop-to-result latency of the daemon on a workspace that already holds
# N returns (default 2,000), and the time to take a burst of 500 files.
#
#   scripts/bench-latency.sh [N] [ROUNDS]
#
# Uses the release binary; builds it if needed. Latency = from the moment a
# new return appears in the inbox (an atomic rename, as a copy tool's final
# step) to the moment results/current names a run that includes it. It
# includes the settle window (watch.settle_ms, default 500 ms), which is
# deliberate waiting, not work.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
ROUNDS="${2:-15}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/jobtally/target}"
cargo build --release --quiet
J="$CARGO_TARGET_DIR/release/jobtally"
WS="$(mktemp -d)/ws"
trap 'kill $DAEMON 2>/dev/null || true; rm -rf "$(dirname "$WS")"' EXIT

"$J" --workspace "$WS" demo --services "$N" --seed 7 >/dev/null
"$J" --workspace "$WS" run | grep -E '^(services|time)'
"$J" --workspace "$WS" watch 2>/dev/null &
DAEMON=$!
while [ ! -e "$WS/jobtally.lock" ]; do sleep 0.05; done
sleep 1

now_ms() { date +%s%3N; }
staging="$(dirname "$WS")/staging"
mkdir -p "$staging"
latencies=()
for i in $(seq 1 "$ROUNDS"); do
    before="$(cat "$WS/results/current")"
    printf 'service_name,commissioner,period,total_cost,people_total,outcomes_total\nLatency probe %s,Probe Council,2012/13,%s,40,12\n' "$i" "$((10000 + i))" > "$staging/probe-$i.csv"
    t0=$(now_ms)
    mv "$staging/probe-$i.csv" "$WS/inbox/"
    while [ "$(cat "$WS/results/current")" = "$before" ]; do sleep 0.01; done
    t1=$(now_ms)
    latencies+=("$((t1 - t0))")
done
sorted=$(printf '%s\n' "${latencies[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "latency over $ROUNDS drops (ms): $(echo $sorted | tr '\n' ' ')"
echo "median drop-to-result latency: ${median} ms (workspace of $N returns)"

mkdir -p "$staging/burst"
for i in $(seq 1 500); do
    printf 'service_name,commissioner,period,total_cost,people_total,outcomes_total\nBurst %s,Burst Council,2012/13,%s,30,9\n' "$i" "$((5000 + i))" > "$staging/burst/burst-$i.csv"
done
t0=$(now_ms)
mv "$staging"/burst/*.csv "$WS/inbox/"
while [ -n "$(ls -A "$WS/inbox")" ]; do sleep 0.02; done
t1=$(now_ms)
echo "500-file burst taken in $((t1 - t0)) ms"
"$J" --workspace "$WS" status | grep -E '^(files|last run)'
