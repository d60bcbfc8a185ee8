#!/usr/bin/env bash
# The test command. On a fresh Debian machine with the .NET SDK it sets up whatever the tests
# need, then runs every test: the whole solution once, and the hashing tests again with SIMD
# switched off and with AVX-512 switched off, so the scalar and 256-bit paths are proved too; the
# fuzzers (tests/Aegis.Fuzz.Tests) are left out of the solution's run and run last, on their own.
#
# Needs: ffmpeg for the video tests, PostgreSQL for the storage tests, chromium (with a font for its screenshots) for the
# review console's browser tests. Debian's package is installed when missing (as root, or
# through sudo), and a throwaway cluster is started for this run only: a temporary directory, a
# free port on 127.0.0.1, trust authentication, run as the `postgres` user when we are root. It is
# stopped and deleted on exit, however the script ends. AEGIS_TEST_POSTGRES points the tests at it.
#
# Every step runs even when one before it failed, and the run always ends with `tests: N passed, N failed`, exiting
# non-zero on any failure. A step that fails without reporting a count of failed tests (a build error, a test host that
# crashed, PostgreSQL that would not start) counts as 1 failed.
set -uo pipefail # not -e: a failed step is counted, and the next one still runs
cd "$(dirname "$0")"

passed=0
failed=0
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    if [ -f "$pgdir/data/postmaster.pid" ]; then
      as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pgdir"
  fi
}

# On any exit (the end, an error in this script, Ctrl-C): stop PostgreSQL, then the summary, always the last line.
finish() {
  local code=$?
  trap - EXIT
  cleanup
  if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh stopped early (exit code $code)" >&2
    failed=1
  fi
  echo "tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}
trap finish EXIT

# Counts a step that failed without a count of failed tests of its own.
step_failed() {
  echo "FAILED: $1 (counted as 1 failed)" >&2
  failed=$((failed + 1))
}

# Runs one step, showing its output, and adds up the counts of dotnet test's summary lines
# ("Failed!  - Failed:     1, Passed:   200, Skipped: ..."). A step that exits non-zero with no failed test counted
# counts as 1 failed.
step() {
  local out code
  out=$(mktemp)
  "$@" 2>&1 | tee "$out"
  code=${PIPESTATUS[0]}
  count "$out" "$code" "$*"
  rm -f "$out"
}

# Adds up the counts of a step's output (a file) and its exit code, as step does.
count() {
  local step_passed step_failed_tests
  step_passed=$(grep -oE -- '- Failed: +[0-9]+, Passed: +[0-9]+' "$1" | awk '{s+=$NF} END {print s+0}')
  step_failed_tests=$(grep -oE -- '- Failed: +[0-9]+,' "$1" | tr -d ',' | awk '{s+=$NF} END {print s+0}')
  passed=$((passed + step_passed))
  failed=$((failed + step_failed_tests))
  if [ "$2" -ne 0 ] && [ "$step_failed_tests" -eq 0 ]; then
    step_failed "$3 (exit code $2)"
  fi
}

# Runs a command as the PostgreSQL server's user: `postgres` when we are root (the server refuses
# to run as root), ourselves otherwise.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Debian packages the tests use: PostgreSQL (storage tests), ffmpeg (video tests), chromium and a font (browser tests:
# Playwright drives Debian's chromium, never a browser it downloads), nodejs (the in-browser PDQ's tests, tests/js).
install_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
  command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
  command -v node >/dev/null || command -v nodejs >/dev/null || missing+=(nodejs)
  [ "${#missing[@]}" -eq 0 ] && return
  echo "Installing ${missing[*]} (Debian packages) for the tests..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
}

# A port nothing listens on (bash's /dev/tcp connect fails); pg_ctl's start is retried on another
# one should something take it in between.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_postgres() {
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pgdir=$(mktemp -d /tmp/aegis-test-pg.XXXXXX)
  chmod 755 "$pgdir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pgdir"
  fi
  as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$pgdir/initdb.log" 2>&1 ||
    { cat "$pgdir/initdb.log"; return 1; }
  local attempt
  for attempt in 1 2 3 4 5; do
    pgport=$(free_port)
    # A throwaway cluster: durability is not wanted (fsync off), and no parallel workers on two cores.
    if as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories='$pgdir' -c fsync=off \
       -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=0 -c max_connections=300" >/dev/null; then
      export AEGIS_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
      echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$pgport"
      return
    fi
  done
  cat "$pgdir/server.log"
  return 1
}

install_packages || step_failed "installing the Debian packages the tests need"
start_postgres || step_failed "starting PostgreSQL for the tests"

step dotnet build Aegis.slnx -c Release
# The fuzzers (docs/fuzzing.md) are a step of their own, the last: AEGIS_FUZZ_SECONDS per target (default 8 s).
# Each test's duration is kept in artifacts/test-results/*.trx (not in git): what to make faster when the run grows.
results=(--logger trx --results-directory artifacts/test-results)
step dotnet test Aegis.slnx -c Release --no-build --filter "FullyQualifiedName!~Aegis.Fuzz.Tests" "${results[@]}"
# The video tests decode with ffmpeg and the JavaScript PDQ test runs node: neither proves more about the SIMD paths,
# so both are left out of the re-runs.
step env DOTNET_EnableHWIntrinsic=0 dotnet test tests/Aegis.Hashing.Tests -c Release --no-build --filter "FullyQualifiedName!~Video&FullyQualifiedName!~JavaScriptPdqTests"
step env DOTNET_EnableAVX512F=0 dotnet test tests/Aegis.Hashing.Tests -c Release --no-build --filter "FullyQualifiedName!~Video&FullyQualifiedName!~JavaScriptPdqTests"
step dotnet test tests/Aegis.Fuzz.Tests -c Release --no-build
