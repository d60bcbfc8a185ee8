#!/usr/bin/env bash
# Load on `aegis serve` with wrk (Debian package) over loopback, on a data directory prepared by
# `Aegis.Benchmarks serve-load` (a 1M-entry PDQ bank and 300 1-megapixel JPEGs in WORKDIR/jpegs).
# Usage: bench/serve_wrk.sh AEGIS_DLL WORKDIR
set -euo pipefail
aegis=$(realpath "$1"); work=$(realpath "$2"); here=$(dirname "$(realpath "$0")")
port=18555
export KEY=$(dotnet "$aegis" apikey create "wrk-$RANDOM$RANDOM" --role admin --data "$work/data" 2>/dev/null)
AEGIS_RATELIMIT__REQUESTSPERSECOND=0 dotnet "$aegis" serve --data "$work/data" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.2; done
url="http://127.0.0.1:$port"
PAUSE_MS=10 wrk -t1 -c20 -d5s -s "$here/wrk/lookup.lua" "$url" >/dev/null   # warm-up (JIT)
for c in 24 48; do
  echo "== lookups, $c connections each pausing 10 ms"
  PAUSE_MS=10 wrk -t1 -c$c -d20s --latency -s "$here/wrk/lookup.lua" "$url" | grep -E "50%|90%|99%|Requests/sec|Non-2xx|Latency "
done
echo "== lookups, closed loop, 8 connections"
PAUSE_MS=0 wrk -t2 -c8 -d15s --latency -s "$here/wrk/lookup.lua" "$url" | grep -E "50%|90%|99%|Requests/sec|Non-2xx"
export IMAGE=$(ls "$work"/jpegs/*.jpg | head -n 1)
for c in 1 2 4; do
  echo "== 1-megapixel JPEG uploads, $c connections"
  wrk -t1 -c$c -d15s --latency -s "$here/wrk/upload.lua" "$url" | grep -E "50%|90%|99%|Requests/sec|Non-2xx"
done
kill $server; wait $server 2>/dev/null || true
echo "== aegis hash on the 300 JPEGs (whole process, all cores)"
start=$(date +%s.%N); dotnet "$aegis" hash "$work/jpegs" >/dev/null; end=$(date +%s.%N)
echo "$(ls "$work"/jpegs/*.jpg | wc -l) files in $(echo "$end - $start" | bc) s"
