#!/usr/bin/env bash
# Throughput over loopback: gofer to gofer (direct and through the Debian
# transit relay) beside the Python client and wormhole-william on the same
# data in the same run, the machine's crypto limit measured in the same run,
# and gofer's peak memory while moving 4 GiB. Prints a table, then TAP checks
# for the targets: gofer->gofer at least 4x the Python client and at least 70%
# of the crypto limit; under 64 MiB RSS on each side.
#
# Method (docs/benchmarks.md): every receiver's stderr is timestamped line by
# line. "stage" rate = size / (receiver exits - receiver prints the line that
# follows the transit connection: gofer and Python print "Receiving (...)").
# wormhole-william prints its line before connecting, so for every pair the
# same transfer also runs with 64 MiB, and "diff" rate = (1024 - 64) MiB /
# (whole receiver time at 1 GiB - at 64 MiB), which cancels the constant
# set-up. "CPU" rates = (1024 - 64) MiB / (a side's extra CPU seconds at
# 1 GiB), from /usr/bin/time: what that side does with a core to itself,
# which other load on a shared machine hardly changes. Data: pseudo-random,
# in $TMPDIR (or /tmp), received there too.
#
# Needs 127.0.0.1:4001 (wormhole-william only uses transit.magic-wormhole.io,
# which the test namespace maps to loopback), /usr/bin/time and openssl.
# Environment: GOFER, CRYPTO_LIMIT; BENCH_MIB (default 1024), BENCH_RSS_MIB
# (default 4096); BENCH_REPORT, a file to copy the report to.
. "$(dirname "$0")/../interop/lib.sh"
CRYPTO_LIMIT=${CRYPTO_LIMIT:?path to the crypto-limit program}
MIB=$((1024 * 1024))
SIZE_MIB=${BENCH_MIB:-1024}
SMALL_MIB=64
RSS_MIB=${BENCH_RSS_MIB:-4096}

start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay 4001 || { echo "Bail out! transit relay did not start on 4001"; exit 1; }
RELAY=$TRANSIT_HELPER

random_file() { # path mib
  openssl enc -aes-256-ctr -nosalt -pass pass:gofer-bench -pbkdf2 -in /dev/zero 2>/dev/null \
    | head -c $(($2 * MIB)) >"$1"
}
mkdir -p "$WORK/data"
random_file "$WORK/data/big.bin" "$SIZE_MIB"
head -c $((SMALL_MIB * MIB)) "$WORK/data/big.bin" >"$WORK/data/small.bin"

# Each line of stdin, prefixed with the time it arrived.
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
# The time of the first line matching a pattern in a stamped log.
stamp_of() { grep -m1 -E "^[0-9.]+ ($2)" "$1" | cut -d' ' -f1; }
rss_mib() { # /usr/bin/time -v output
  awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1" 2>/dev/null
}
cpu_s() { # /usr/bin/time -v output: user + system seconds
  awk -F': ' '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$1" 2>/dev/null
}
calc() { awk "BEGIN { printf \"%.${2:-0}f\", $1 }"; }

# The clients. Senders: CODE PATH; receivers: CODE (in the current folder).
# Each runs under /usr/bin/time for its peak memory and CPU time.
timed() { /usr/bin/time -v -o "$LOG.$1.time" "${@:2}"; }
OPTS=(--relay-url "$MAILBOX_URL" --transit-helper "$RELAY")
gofer_send()       { timed send "$GOFER" "${OPTS[@]}" send --hide-progress --code "$1" "$2"; }
gofer_send_relay() { timed send "$GOFER" "${OPTS[@]}" send --hide-progress --no-listen --code "$1" "$2"; }
gofer_recv()       { timed recv "$GOFER" "${OPTS[@]}" receive --hide-progress --accept-file "$1"; }
gofer_recv_relay() { timed recv "$GOFER" "${OPTS[@]}" receive --hide-progress --accept-file --no-listen "$1"; }
py_send()          { timed send wormhole "${OPTS[@]}" send --hide-progress --code "$1" "$2"; }
py_send_relay()    { timed send wormhole "${OPTS[@]}" send --hide-progress --no-listen --code "$1" "$2"; }
py_recv()          { timed recv wormhole "${OPTS[@]}" receive --hide-progress --accept-file "$1"; }
py_recv_relay()    { timed recv wormhole "${OPTS[@]}" receive --hide-progress --accept-file --no-listen "$1"; }
go_send()          { timed send wormhole-william --relay-url "$MAILBOX_URL" send --hide-progress --code "$1" "$2"; }
go_recv()          { echo y | timed recv wormhole-william --relay-url "$MAILBOX_URL" recv --hide-progress "$1"; }

# transfer NAME SENDER RECEIVER PATH: one timed transfer into a fresh folder.
# Sets T_STAGE (s from the receiver's transfer line to its exit), T_TOTAL (s
# from starting the receiver to its exit), ROUTE, and returns non-zero unless
# both sides succeeded and the file arrived identical.
transfer() {
  local name=$1 send=$2 recv=$3 path=$4 code out start end stage spid src rrc
  code=$(next_code)
  out=$WORK/out-$name
  LOG=$WORK/$name
  rm -rf "$out" && mkdir -p "$out"
  # No transfer may inherit the write-back of the data file or of an earlier
  # transfer: that would slow whichever pair runs next, not the one to blame.
  sync
  # The newline ends a prompt that has none (wormhole-william's "ok? (y/N):").
  ( $send "$code" "$path" 2>&1; rc=$?; printf '\nEXIT %s\n' $rc ) | stamp >"$LOG.send.log" &
  spid=$!
  sleep 1
  start=$EPOCHREALTIME
  (cd "$out" && ( $recv "$code" 2>&1; rc=$?; printf '\nEXIT %s\n' $rc ) | stamp >"$LOG.recv.log")
  wait $spid
  end=$(stamp_of "$LOG.recv.log" "EXIT")
  rrc=$(sed -n 's/^[0-9.]* EXIT //p' "$LOG.recv.log")
  src=$(sed -n 's/^[0-9.]* EXIT //p' "$LOG.send.log")
  stage=$(stamp_of "$LOG.recv.log" "Receiving \\(")
  [ -n "$stage" ] || stage=$(stamp_of "$LOG.recv.log" "Receiving file")
  ROUTE=$(grep -m1 -oE "Receiving \([^)]*\)" "$LOG.recv.log" | sed 's/Receiving (//; s/)$//')
  [ -n "$ROUTE" ] || ROUTE="relay (wormhole-william)"
  T_TOTAL=$(calc "$end - $start" 3)
  T_STAGE=$(calc "$end - ${stage:-$start}" 3)
  if [ "$rrc" != 0 ] || [ "$src" != 0 ] || ! cmp -s "$path" "$out/$(basename "$path")"; then
    diag "$LOG.send.log" "$LOG.recv.log"
    rm -rf "$out"
    return 1
  fi
  rm -rf "$out"
}

# pair LABEL SENDER RECEIVER: the 64 MiB and the full-size transfer; records
# the rates (MiB/s) in STAGE_RATE, DIFF_RATE, and for each side the rate its
# CPU time allows, SEND_CPU_RATE and RECV_CPU_RATE = (1024 - 64) MiB / (CPU
# seconds at 1 GiB - at 64 MiB): what it would reach with a core to itself,
# which other load on the machine hardly changes.
declare -A STAGE_RATE DIFF_RATE SEND_CPU_RATE RECV_CPU_RATE ROUTES SEND_RSS RECV_RSS
LABELS=()
pair() {
  local label=$1 send=$2 recv=$3 small_total small_send small_recv tag
  tag=$(echo "$label" | tr -c 'a-z0-9\n' '-')
  LABELS+=("$label")
  if ! transfer "$tag-small" "$send" "$recv" "$WORK/data/small.bin"; then
    not_ok "$label: $SMALL_MIB MiB did not arrive identical"
    return
  fi
  small_total=$T_TOTAL
  small_send=$(cpu_s "$LOG.send.time")
  small_recv=$(cpu_s "$LOG.recv.time")
  if ! transfer "$tag" "$send" "$recv" "$WORK/data/big.bin"; then
    not_ok "$label: $SIZE_MIB MiB did not arrive identical"
    return
  fi
  STAGE_RATE[$label]=$(calc "$SIZE_MIB / $T_STAGE")
  DIFF_RATE[$label]=$(calc "($SIZE_MIB - $SMALL_MIB) / ($T_TOTAL - $small_total)")
  SEND_CPU_RATE[$label]=$(calc "($SIZE_MIB - $SMALL_MIB) / ($(cpu_s "$LOG.send.time") - $small_send)")
  RECV_CPU_RATE[$label]=$(calc "($SIZE_MIB - $SMALL_MIB) / ($(cpu_s "$LOG.recv.time") - $small_recv)")
  ROUTES[$label]=$ROUTE
  SEND_RSS[$label]=$(rss_mib "$LOG.send.time")
  RECV_RSS[$label]=$(rss_mib "$LOG.recv.time")
  ok "$label: $SIZE_MIB MiB arrived identical ($ROUTE), ${STAGE_RATE[$label]} MiB/s"
}

# The crypto limit first, while nothing else of ours runs.
"$CRYPTO_LIMIT" "$SIZE_MIB" >"$WORK/limit.txt" || { echo "Bail out! crypto-limit failed"; exit 1; }
LIMIT=$(awk '$1 == "limit" { print $2 }' "$WORK/limit.txt")

pair "gofer -> gofer direct" gofer_send gofer_recv
pair "gofer -> gofer relay" gofer_send_relay gofer_recv_relay
pair "python -> python direct" py_send py_recv
pair "python -> python relay" py_send_relay py_recv_relay
pair "go -> go relay" go_send go_recv
pair "python -> gofer direct" py_send gofer_recv
pair "gofer -> python direct" gofer_send py_recv

# Peak memory while moving a bigger file.
rm -f "$WORK/data/small.bin"
for _ in $(seq 1 $((RSS_MIB / SIZE_MIB))); do cat "$WORK/data/big.bin"; done >"$WORK/data/huge.bin"
rm -f "$WORK/data/big.bin"
if transfer rss gofer_send gofer_recv "$WORK/data/huge.bin"; then
  HUGE_SEND_RSS=$(rss_mib "$LOG.send.time")
  HUGE_RECV_RSS=$(rss_mib "$LOG.recv.time")
  HUGE_RATE=$(calc "$RSS_MIB / $T_STAGE")
  ok "gofer -> gofer direct: $RSS_MIB MiB arrived identical, $HUGE_RATE MiB/s"
else
  not_ok "gofer -> gofer direct: $RSS_MIB MiB did not arrive identical"
fi
rm -f "$WORK/data/huge.bin"

# The report.
{
  echo
  echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "data: $(df -T "$WORK" | awk 'NR == 2 { print $2 }') at $WORK, pseudo-random"
  echo "crypto limit over $SIZE_MIB MiB, one thread, 256 KiB records (MiB/s):"
  sed 's/^/  /' "$WORK/limit.txt"
  echo
  printf '%-24s %-28s %6s %6s %8s %8s %8s %8s\n' "pair ($SIZE_MIB MiB)" route \
    stage diff "send CPU" "recv CPU" "send RSS" "recv RSS"
  for label in "${LABELS[@]}"; do
    [ -n "${STAGE_RATE[$label]:-}" ] || continue
    printf '%-24s %-28s %6s %6s %8s %8s %8s %8s\n' "$label" "${ROUTES[$label]}" \
      "${STAGE_RATE[$label]}" "${DIFF_RATE[$label]}" "${SEND_CPU_RATE[$label]}" \
      "${RECV_CPU_RATE[$label]}" "${SEND_RSS[$label]}" "${RECV_RSS[$label]}"
  done
  echo "(stage, diff: MiB/s by the clock; send CPU, recv CPU: MiB/s per CPU-second of"
  echo " that side; RSS: peak MiB at $SIZE_MIB MiB)"
  echo "$RSS_MIB MiB gofer -> gofer direct: ${HUGE_RATE:--} MiB/s, peak RSS sender ${HUGE_SEND_RSS:--} MiB, receiver ${HUGE_RECV_RSS:--} MiB"
} | tee "$WORK/report.txt" | sed 's/^/# /'

rate() { echo "${STAGE_RATE[$1]:-0}"; }
ratio() { [ "${2:-0}" != 0 ] && calc "$1 / $2" 2 || echo 0; }
GP=$(ratio "$(rate "gofer -> gofer direct")" "$(rate "python -> python direct")")
GG=$(ratio "${DIFF_RATE["gofer -> gofer relay"]:-0}" "${DIFF_RATE["go -> go relay"]:-0}")
GL=$(ratio "$(rate "gofer -> gofer direct")" "$LIMIT")
# Per CPU-second of the slower side: what each would do with a core per side.
cpu_rate() { awk "BEGIN { a = ${SEND_CPU_RATE[$1]:-0}; b = ${RECV_CPU_RATE[$1]:-0}; printf \"%d\", a < b ? a : b }"; }
GP_CPU=$(ratio "$(cpu_rate "gofer -> gofer direct")" "$(cpu_rate "python -> python direct")")
GL_CPU=$(ratio "$(cpu_rate "gofer -> gofer direct")" "$LIMIT")
{
  echo "gofer/python (direct, stage rates): $GP"
  echo "gofer/go (both through the relay, diff rates): $GG"
  echo "gofer/limit (direct, stage rate / $LIMIT MiB/s): $GL"
  echo "per CPU-second of the slower side: gofer $(cpu_rate "gofer -> gofer direct") MiB/s," \
       "python $(cpu_rate "python -> python direct") MiB/s; gofer/python $GP_CPU, gofer/limit $GL_CPU"
} | tee -a "$WORK/report.txt" | sed 's/^/# /'
[ -n "${BENCH_REPORT:-}" ] && cp "$WORK/report.txt" "$BENCH_REPORT"

check "target: gofer -> gofer at least 4x the Python client (${GP}x)" \
  awk "BEGIN { exit !($GP >= 4) }"
check "target: gofer -> gofer at least 70% of the crypto limit ($(calc "$GL * 100")%)" \
  awk "BEGIN { exit !($GL >= 0.7) }"
check "target: sender under 64 MiB RSS moving $RSS_MIB MiB (${HUGE_SEND_RSS:-?} MiB)" \
  awk "BEGIN { exit !(${HUGE_SEND_RSS:-999} < 64) }"
check "target: receiver under 64 MiB RSS moving $RSS_MIB MiB (${HUGE_RECV_RSS:-?} MiB)" \
  awk "BEGIN { exit !(${HUGE_RECV_RSS:-999} < 64) }"

finish
