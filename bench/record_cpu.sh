#!/usr/bin/env bash
# CPU per recorded item of a real `aegis serve`: items recorded through POST /v1/lookup (hashes only, a fresh
# content_id each: bench/wrk/record.lua), at a fixed moderate rate and at the closed-loop ceiling. CPU is the server
# process's utime+stime (/proc/PID/stat) over each run, divided by the items recorded in it.
# Usage: bench/record_cpu.sh AEGIS_DLL WORKDIR [POSTGRES_CONNECTION_STRING]
# LOAD=closed (default): after a 20 s warm-up, the closed loop (8 connections, no pause: the ceiling), then the 10 s
# after it with no load (a node's background work, plus any work the run left queued). LOAD=moderate: a fresh server,
# 40 s of warm-up at the same rate, then 16 connections each pausing 100 ms between requests (~150 items/s whatever
# the latency, below every ceiling measured here).
# Env: SECONDS_PER_RUN (20), DIGESTS=1 (send MD5 and SHA-256 too), AEGIS_* settings are passed to the server.
set -euo pipefail
aegis=$(realpath "$1"); work=$(realpath -m "$2"); postgres=${3:-}; here=$(dirname "$(realpath "$0")")
seconds=${SECONDS_PER_RUN:-20}
port=$((18600 + RANDOM % 300))
rm -rf "$work"; mkdir -p "$work"
store=(--data "$work/data"); [ -n "$postgres" ] && store=(--postgres "$postgres")
export KEY=$(dotnet "$aegis" apikey create "rec-$RANDOM$RANDOM" --role admin "${store[@]}" 2>/dev/null)
AEGIS_RATELIMIT__REQUESTSPERSECOND=0 dotnet "$aegis" serve "${store[@]}" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.2; done
url="http://127.0.0.1:$port"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }   # utime + stime, in clock ticks

# run NAME CONNECTIONS PAUSE_MS: one wrk run; prints a table row
run() {
  local name=$1 c=$2 pause=$3 before after out requests bad secs
  before=$(cpu)
  out=$(RUN="$name-$RANDOM" PAUSE_MS=$pause wrk -t1 -c"$c" -d"${seconds}s" --latency -s "$here/wrk/record.lua" "$url")
  after=$(cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  secs=$(echo "$out" | awk '/requests in/ {gsub(/s,/, "", $4); print $4}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $5}'); bad=${bad:-0}
  local p50 p99
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}'); p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  awk -v n="$name" -v c="$c" -v r="$requests" -v s="$secs" -v t="$((after - before))" -v hz="$ticks" -v p50="$p50" -v p99="$p99" -v bad="$bad" \
    'BEGIN { printf "| %s | %d | %.0f | %.2f | %.3f | %s | %s | %d |\n", n, c, r / s, t / hz / s, t / hz * 1000 / r, p50, p99, bad }'
}

echo "store: $([ -n "$postgres" ] && echo PostgreSQL || echo SQLite); ${seconds} s a run; digests: ${DIGESTS:-0}"
echo "| run | connections | items/s | server cores | CPU ms/item | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
if [ "${LOAD:-closed}" = moderate ]; then
  RUN=warm PAUSE_MS=100 wrk -t1 -c16 -d40s -s "$here/wrk/record.lua" "$url" >/dev/null   # warm-up at the same rate
  run moderate 16 100
else
  RUN=warm PAUSE_MS=0 wrk -t1 -c8 -d20s -s "$here/wrk/record.lua" "$url" >/dev/null   # warm-up (JIT tiering, pools)
  run closed 8 0
  # What the node does in the 10 s after the run: background work, and any work the run left queued.
  before=$(cpu); sleep 10; after=$(cpu)
  awk -v t="$((after - before))" -v hz="$ticks" 'BEGIN { printf "| 10 s after | 0 | 0 | %.3f | | | | |\n", t / hz / 10 }'
fi
kill $server; wait $server 2>/dev/null || true
