#!/usr/bin/env bash
# The test command. On a fresh Debian machine with the .NET SDK it sets up whatever the tests
# need, then runs every test: the whole solution once, and the hashing tests again with SIMD
# switched off and with AVX-512 switched off, so the scalar and 256-bit paths are proved too.
set -euo pipefail
cd "$(dirname "$0")"

# Nothing outside the .NET SDK and NuGet is needed yet (later: PostgreSQL, ffmpeg, chromium).

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() { "$@" 2>&1 | tee -a "$log"; }

run dotnet build Aegis.slnx -c Release
run dotnet test Aegis.slnx -c Release --no-build
DOTNET_EnableHWIntrinsic=0 run dotnet test tests/Aegis.Hashing.Tests -c Release --no-build
DOTNET_EnableAVX512F=0 run dotnet test tests/Aegis.Hashing.Tests -c Release --no-build

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
