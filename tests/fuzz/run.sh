#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each for a bounded time.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 20); TARGET names without "fuzz-" (default: all).
# Environment:
#   FUZZ_BUILDDIR  build directory (default _build-fuzz), configured if missing
#   FUZZ_JOBS      targets run at the same time (default 1)
#   FUZZ_KEEP      1: add what libFuzzer found interesting to the committed
#                  corpus instead of a scratch one (grows tests/fuzz/corpus)
# New inputs go to $FUZZ_BUILDDIR/fuzz-corpus/TARGET; crashes, leaks and
# timeouts to $FUZZ_BUILDDIR/fuzz-artifacts/TARGET/. Ends with a line per
# target ("fuzz-NAME: N runs, M new inputs, ok|CRASH") and exits 1 if any
# target failed. To keep a crash as a regression test once fixed, copy it to
# tests/fuzz/corpus/TARGET/ (the replay tests in the normal suite run it).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${1:-20}
shift || true
builddir=${FUZZ_BUILDDIR:-_build-fuzz}
jobs=${FUZZ_JOBS:-1}
all=(code-parse json safe-name offer record spake2 archive mailbox-client conversation relay-frame relay-wire relay-transit relay-restore)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

if ! command -v clang >/dev/null; then
  echo "run.sh: clang is needed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dprofile=development -Dapp=false \
    -Db_sanitize=address,undefined -Db_lundef=false >"$log" 2>&1 || { cat "$log"; exit 2; }
fi
# Regenerate first if a meson.build changed: `meson compile TARGET` looks
# targets up before it would.
ninja -C "$builddir" build.ninja >"$log" 2>&1 || { cat "$log"; exit 2; }
names=()
for t in "${targets[@]}"; do names+=("tests/fuzz/fuzz-$t"); done
meson compile -C "$builddir" "${names[@]}" >"$log" 2>&1 || { cat "$log"; exit 2; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/build-aux/lsan.supp}
# libproxy throws C++ exceptions, which clang's ASan runtime cannot intercept
# in a C program; no target needs a proxy.
export GIO_USE_VFS=local GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy
# fuzz-archive writes and extracts a zip per input: memory is much faster.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

run_target() { # name
  local t=$1 scratch art log max_len=4096
  [ "$t" = archive ] && max_len=65536
  # Long enough for nesting far past any limit, and for the brackets a
  # comment hides from a naive counter.
  [ "$t" = json ] && max_len=262144
  scratch=$builddir/fuzz-corpus/$t
  art=$builddir/fuzz-artifacts/$t
  log=$builddir/fuzz-logs/$t.log
  mkdir -p "$scratch" "$art" "$(dirname "$log")"
  local dirs=("$scratch" "tests/fuzz/corpus/$t")
  [ "${FUZZ_KEEP:-0}" = 1 ] && dirs=("tests/fuzz/corpus/$t")
  local before
  before=$(find "${dirs[0]}" -type f | wc -l)
  if "$builddir/tests/fuzz/fuzz-$t" "${dirs[@]}" -max_total_time="$seconds" -timeout=20 \
       -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
       -artifact_prefix="$art/" >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
  fi
  local runs new
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  new=$(( $(find "${dirs[0]}" -type f | wc -l) - before ))
  echo "fuzz-$t: ${runs:-0} runs, $new new inputs, $status"
  if [ "$status" != ok ]; then
    grep -E "ERROR|SUMMARY|ERROR \*\*|invariant|Test unit written" "$log" | head -20 | sed 's/^/  /'
    echo "  full log: $log"
    return 1
  fi
}
export -f run_target
export builddir seconds

printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target "$@" 2>/dev/null' _ {} \
  > "$builddir/fuzz-summary.txt" || failed=1
cat "$builddir/fuzz-summary.txt"
exit "${failed:-0}"
