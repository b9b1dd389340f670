#!/usr/bin/env bash
# Throughput over loopback, measured the way a user sees it and the way the
# data phase sees it, beside a plain unencrypted copy, the Python client and
# wormhole-william, with gofer-relay and with the Debian reference servers,
# direct and relayed, all in the same run. See docs/benchmarks.md.
#
# Method:
# * Every case runs BENCH_RUNS times (default 5). The cases take turns
#   (round 1: every case once, round 2: ...), so a change in the machine's
#   load hits every case alike. Each figure is the median of the runs, with
#   the min-max spread. Ratios are the median of the per-round ratios.
# * "whole": from starting the receiver (the sender already waits) to the
#   later of the two exits: what a user timing `gofer receive` sees.
#   "stage": from the receiver's line that follows the transit connection
#   ("Receiving (...)", gofer and Python) to its exit: the data phase, the
#   final ack and the close. "setup" = whole - stage.
# * "plain copy": socat, 1 MiB buffers, file -> TCP loopback -> file, no
#   protocol, no crypto: the limit for any client on this machine.
# * Before each run: the source file is in the page cache, `sync` writes back
#   every dirty page, and a file of the same size is written and deleted in
#   the target folder. On a virtual machine, pages the guest never touched
#   cost the host a fault each on first use; that made a receiver's copy into
#   the page cache 3-6x slower at random (docs/benchmarks.md). Priming gives
#   every run recently freed pages. The load average and the page-cache state
#   (MemFree, Cached, Dirty) are recorded before each run.
# * CPU seconds (user + system) and peak RSS of each side from /usr/bin/time.
#
# Needs 127.0.0.1:4001 (wormhole-william only uses transit.magic-wormhole.io,
# which the test namespace maps to loopback), /usr/bin/time, openssl, socat.
# Environment: GOFER, GOFER_RELAY; BENCH_MIB (1024), BENCH_RUNS (5),
# BENCH_RSS_MIB (4096, 0 skips); BENCH_CASES (a regular expression on the
# case names); GOFER_BASE (another gofer binary, e.g. the landed code, run as
# extra cases "base ..."); BENCH_NO_PRIME=1; BENCH_REPORT (copy of the report).
. "$(dirname "$0")/../interop/lib.sh"
GOFER_RELAY=${GOFER_RELAY:?path to gofer-relay}
MIB=$((1024 * 1024))
SIZE_MIB=${BENCH_MIB:-1024}
RUNS=${BENCH_RUNS:-5}
RSS_MIB=${BENCH_RSS_MIB:-4096}
CASES_RE=${BENCH_CASES:-.}

command -v socat >/dev/null || { echo "Bail out! socat is needed for the plain-copy limit"; exit 1; }

# The reference servers (transit relay on 4001 for wormhole-william) ...
start_mailbox || { echo "Bail out! mailbox server did not start"; exit 1; }
start_transit_relay 4001 || { echo "Bail out! transit relay did not start on 4001"; exit 1; }
REF_MAILBOX=$MAILBOX_URL
REF_TRANSIT=$TRANSIT_HELPER
# ... and gofer-relay, both servers in one process.
GR_MB_PORT=$(free_port)
GR_TR_PORT=$(free_port)
"$GOFER_RELAY" --listen 127.0.0.1 --mailbox-port "$GR_MB_PORT" --transit-port "$GR_TR_PORT" \
  --db :memory: >"$WORK/gofer-relay.log" 2>&1 &
PIDS+=($!)
wait_for_port 127.0.0.1 "$GR_MB_PORT" && wait_for_port 127.0.0.1 "$GR_TR_PORT" \
  || { echo "Bail out! gofer-relay did not start"; exit 1; }
GR_MAILBOX="ws://127.0.0.1:$GR_MB_PORT/v1"
GR_TRANSIT="tcp:127.0.0.1:$GR_TR_PORT"

mkdir -p "$WORK/data"
openssl enc -aes-256-ctr -nosalt -pass pass:gofer-bench -pbkdf2 -in /dev/zero 2>/dev/null \
  | head -c $((SIZE_MIB * MIB)) >"$WORK/data/big.bin"
SRC=$WORK/data/big.bin

stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
stamp_of() { grep -m1 -E "^[0-9.]+ ($2)" "$1" | cut -d' ' -f1; }
calc() { awk "BEGIN { printf \"%.${2:-0}f\", $1 }"; }
meminfo() { awk '/^(MemFree|Cached|Dirty):/ { printf "%s %d ", $1, $2 / 1024 }' /proc/meminfo; }
# A side's "user system peak-KiB" from /usr/bin/time.
timed() { /usr/bin/time -f '%U %S %M' -o "$LOG.$1.time" "${@:2}"; }

# Senders: CODE PATH; receivers: CODE. $MB and $TR name the servers.
gofer_send()  { timed send "$GOFER" --relay-url "$MB" --transit-helper "$TR" send --hide-progress $NL --code "$1" "$2"; }
gofer_recv()  { timed recv "$GOFER" --relay-url "$MB" --transit-helper "$TR" receive --hide-progress --accept-file $NL "$1"; }
base_send()   { timed send "$GOFER_BASE" --relay-url "$MB" --transit-helper "$TR" send --hide-progress $NL --code "$1" "$2"; }
base_recv()   { timed recv "$GOFER_BASE" --relay-url "$MB" --transit-helper "$TR" receive --hide-progress --accept-file $NL "$1"; }
py_send()     { timed send wormhole --relay-url "$MB" --transit-helper "$TR" send --hide-progress $NL --code "$1" "$2"; }
py_recv()     { timed recv wormhole --relay-url "$MB" --transit-helper "$TR" receive --hide-progress --accept-file $NL "$1"; }
go_send()     { timed send wormhole-william --relay-url "$MB" send --hide-progress --code "$1" "$2"; }
go_recv()     { echo y | timed recv wormhole-william --relay-url "$MB" recv --hide-progress "$1"; }
# The plain copy: the "code" is the port.
copy_send()   { timed send socat -b1048576 -u "OPEN:$2,rdonly" "TCP:127.0.0.1:$1,retry=50,interval=0.05"; }
copy_recv()   { timed recv socat -b1048576 -u "TCP-LISTEN:$1,bind=127.0.0.1,reuseaddr" "CREATE:big.bin"; }

# The cases, in the order they run in each round: NAME|SENDER|RECEIVER|SERVERS|ROUTE.
# wormhole-william only dials transit.magic-wormhole.io:4001 (the reference
# relay here) and sends no direct hint on a loopback-only machine.
CASES=(
  "plain copy (socat)|copy_send|copy_recv|-|direct"
  "gofer direct, gofer-relay|gofer_send|gofer_recv|gofer|direct"
  "gofer direct, reference|gofer_send|gofer_recv|ref|direct"
  "gofer relayed, gofer-relay|gofer_send|gofer_recv|gofer|relay"
  "gofer relayed, reference|gofer_send|gofer_recv|ref|relay"
  "python direct, gofer-relay|py_send|py_recv|gofer|direct"
  "python direct, reference|py_send|py_recv|ref|direct"
  "python relayed, gofer-relay|py_send|py_recv|gofer|relay"
  "python relayed, reference|py_send|py_recv|ref|relay"
  "go relayed, reference|go_send|go_recv|ref|relay"
)
if [ -n "${GOFER_BASE:-}" ]; then
  CASES+=("base direct, gofer-relay|base_send|base_recv|gofer|direct"
          "base direct, reference|base_send|base_recv|ref|direct")
fi

# prime DIR: recently freed pages for the next writer (see the method).
prime() {
  [ -n "${BENCH_NO_PRIME:-}" ] && return
  head -c $((SIZE_MIB * MIB)) "$SRC" >"$1/.prime" && rm -f "$1/.prime"
}

# run_case I ROUND: one transfer into a fresh folder; appends a line
# "case round whole stage send_cpu recv_cpu send_kib recv_kib load" to
# $WORK/results, or returns non-zero.
declare -A NAMES
run_case() {
  local i=$1 round=$2 name send recv servers route code out start end stage spid rrc src
  IFS='|' read -r name send recv servers route <<<"${CASES[$i]}"
  case $servers in
    gofer) MB=$GR_MAILBOX TR=$GR_TRANSIT ;;
    *) MB=$REF_MAILBOX TR=$REF_TRANSIT ;;
  esac
  NL=; [ "$route" = relay ] && NL=--no-listen
  if [ "$servers" = - ]; then code=$(free_port); else code=$(next_code); fi
  out=$WORK/out-$i
  LOG=$WORK/case$i.$round
  rm -rf "$out" && mkdir -p "$out"
  cat "$SRC" >/dev/null
  prime "$out"
  sync
  echo "$i $round $(cut -d' ' -f1-3 /proc/loadavg) $(meminfo)" >>"$WORK/state"
  if [ "$servers" = - ]; then
    # The listener first; the clock starts when it listens.
    (cd "$out" && ( $recv "$code" 2>&1; printf '\nEXIT %s\n' $? ) | stamp >"$LOG.recv.log") &
    spid=$!
    for _ in $(seq 1 200); do
      [ -n "$(ss -Hltn "sport = :$code")" ] && break
      sleep 0.01
    done
    start=$EPOCHREALTIME
    ( $send "$code" "$SRC" 2>&1; printf '\nEXIT %s\n' $? ) | stamp >"$LOG.send.log"
    wait "$spid"
  else
    # The newline ends a prompt that has none (wormhole-william's "ok? (y/N):").
    ( $send "$code" "$SRC" 2>&1; printf '\nEXIT %s\n' $? ) | stamp >"$LOG.send.log" &
    spid=$!
    sleep 1
    start=$EPOCHREALTIME
    (cd "$out" && ( $recv "$code" 2>&1; printf '\nEXIT %s\n' $? ) | stamp >"$LOG.recv.log")
    wait "$spid"
  fi
  end=$(sort -n <(stamp_of "$LOG.recv.log" EXIT) <(stamp_of "$LOG.send.log" EXIT) | tail -1)
  rrc=$(sed -n 's/^[0-9.]* EXIT //p' "$LOG.recv.log")
  src=$(sed -n 's/^[0-9.]* EXIT //p' "$LOG.send.log")
  stage=$(stamp_of "$LOG.recv.log" "Receiving \\(")
  if [ "$rrc" != 0 ] || [ "$src" != 0 ] || ! cmp -s "$SRC" "$out/big.bin"; then
    diag "$LOG.send.log" "$LOG.recv.log"
    rm -rf "$out"
    return 1
  fi
  rm -rf "$out"
  # No receiver line for socat and wormhole-william: stage is left out ("-").
  echo "$i $round $(calc "$end - $start" 3) $( [ -n "$stage" ] && calc "$(stamp_of "$LOG.recv.log" EXIT) - $stage" 3 || echo -)" \
       "$(awk '{ printf "%.2f", $1 + $2 }' "$LOG.send.time") $(awk '{ printf "%.2f", $1 + $2 }' "$LOG.recv.time")" \
       "$(awk '{ print $3 }' "$LOG.send.time") $(awk '{ print $3 }' "$LOG.recv.time")" \
       "$(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/results"
}

SELECTED=()
for i in "${!CASES[@]}"; do
  [[ ${CASES[$i]%%|*} =~ $CASES_RE ]] && SELECTED+=("$i")
done
declare -A FAILED
: >"$WORK/results"
for round in $(seq 1 "$RUNS"); do
  for i in "${SELECTED[@]}"; do
    [ -n "${FAILED[$i]:-}" ] && continue
    run_case "$i" "$round" || FAILED[$i]=$round
  done
done
for i in "${SELECTED[@]}"; do
  name=${CASES[$i]%%|*}
  if [ -n "${FAILED[$i]:-}" ]; then
    not_ok "$name: run ${FAILED[$i]} did not arrive identical"
  else
    ok "$name: $RUNS x $SIZE_MIB MiB arrived identical"
  fi
done

# Peak memory while moving a bigger file, gofer -> gofer direct.
if [ "$RSS_MIB" -gt 0 ]; then
  for _ in $(seq 1 $((RSS_MIB / SIZE_MIB))); do cat "$SRC"; done >"$WORK/data/huge.bin"
  mkdir -p "$WORK/out-rss"
  MB=$GR_MAILBOX TR=$GR_TRANSIT NL= LOG=$WORK/rss
  sync
  code=$(next_code)
  gofer_send "$code" "$WORK/data/huge.bin" >"$LOG.send.log" 2>&1 &
  spid=$!
  sleep 1
  t0=$EPOCHREALTIME
  if (cd "$WORK/out-rss" && gofer_recv "$code" >"$LOG.recv.log" 2>&1) && wait "$spid" \
     && cmp -s "$WORK/data/huge.bin" "$WORK/out-rss/huge.bin"; then
    HUGE_RATE=$(calc "$RSS_MIB / ($EPOCHREALTIME - $t0)")
    HUGE_SEND_RSS=$(awk '{ printf "%.1f", $3 / 1024 }' "$LOG.send.time")
    HUGE_RECV_RSS=$(awk '{ printf "%.1f", $3 / 1024 }' "$LOG.recv.time")
    ok "gofer direct: $RSS_MIB MiB arrived identical"
  else
    not_ok "gofer direct: $RSS_MIB MiB did not arrive identical"
  fi
  rm -rf "$WORK/data/huge.bin" "$WORK/out-rss"
fi

# The report: medians (min-max) per case, then paired ratios.
stats() { # values on stdin -> "median min max"
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
col() { awk -v c="$1" -v k="$2" '$1 == c && $k != "-" { print $k }' "$WORK/results"; }
rate_of() { awk -v m="$SIZE_MIB" '{ printf "%.0f\n", m / $1 }'; }
fmt3() { awk '{ if ($1 == "-") print "-"; else printf "%d (%d-%d)", $1, $2, $3 }'; }
# paired I J KI KJ: the rate ratio I/J, the median over rounds of case J's
# time in column KJ over case I's time in column KI.
paired() {
  awk -v a="$1" -v b="$2" -v ka="$3" -v kb="$4" '$1 == a && $ka != "-" { x[$2] = $ka }
    $1 == b && $kb != "-" { y[$2] = $kb } END { for (r in x) if (r in y) print y[r] / x[r] }' "$WORK/results" \
    | stats | awk '{ if ($1 == "-") print "-"; else printf "%.2f (%.2f-%.2f)", $1, $2, $3 }'
}
idx() { for i in "${!CASES[@]}"; do [ "${CASES[$i]%%|*}" = "$1" ] && echo "$i"; done; }
COPY=$(idx "plain copy (socat)")
GD=$(idx "gofer direct, gofer-relay")
{
  echo
  echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -r)"
  echo "data: $SIZE_MIB MiB pseudo-random, $(df -T "$WORK" | awk 'NR == 2 { print $2 }') at $WORK; $RUNS runs per case, cases in turn"
  echo "load average (1 min) before the runs: median, min-max: $(awk '{ print $3 }' "$WORK/state" | stats | awk '{ printf "%s, %s-%s", $1, $2, $3 }')"
  echo "page cache before the runs (MiB, median): $(awk '{ f[NR] = $7; c[NR] = $9; d[NR] = $11 } END { printf "MemFree %d, Cached %d, Dirty %d", f[int((NR + 1) / 2)], c[int((NR + 1) / 2)], d[int((NR + 1) / 2)] }' <(sort -k11n "$WORK/state"))$( [ -n "${BENCH_NO_PRIME:-}" ] && echo "; target pages not primed" || echo "; target pages primed")"
  echo
  printf '%-28s %-16s %-16s %7s %8s %8s %8s %8s\n' "case" "whole MiB/s" "stage MiB/s" "setup s" \
    "send CPU" "recv CPU" "send RSS" "recv RSS"
  for i in "${SELECTED[@]}"; do
    [ -n "${FAILED[$i]:-}" ] && continue
    whole=$(col "$i" 3 | rate_of | stats | fmt3)
    stage=$(col "$i" 4 | rate_of | stats | fmt3)
    setup=$(awk -v c="$i" '$1 == c && $4 != "-" { print $3 - $4 }' "$WORK/results" | stats | awk '{ print ($1 == "-") ? "-" : sprintf("%.2f", $1) }')
    printf '%-28s %-16s %-16s %7s %8s %8s %8s %8s\n' "${CASES[$i]%%|*}" "$whole" "$stage" "$setup" \
      "$(col "$i" 5 | stats | cut -d' ' -f1)" "$(col "$i" 6 | stats | cut -d' ' -f1)" \
      "$(col "$i" 7 | stats | awk '{ printf "%.1f", $1 / 1024 }')" \
      "$(col "$i" 8 | stats | awk '{ printf "%.1f", $1 / 1024 }')"
  done
  echo "(MiB/s: median (min-max) of $RUNS runs; setup: whole - stage, median s; CPU: user + system s,"
  echo " median; RSS: peak MiB, median)"
  [ -n "${HUGE_RATE:-}" ] && echo "$RSS_MIB MiB gofer direct: $HUGE_RATE MiB/s whole, peak RSS sender $HUGE_SEND_RSS MiB, receiver $HUGE_RECV_RSS MiB"
  echo
  echo "ratios, median (min-max) of the per-round ratios:"
  for pair in "gofer direct, gofer-relay|plain copy (socat)" "gofer direct, reference|plain copy (socat)" \
              "gofer direct, reference|gofer direct, gofer-relay" \
              "gofer relayed, reference|gofer relayed, gofer-relay" \
              "gofer direct, reference|python direct, reference" \
              "gofer direct, gofer-relay|python direct, gofer-relay" \
              "gofer relayed, reference|python relayed, reference" \
              "gofer relayed, gofer-relay|python relayed, gofer-relay" \
              "gofer relayed, reference|go relayed, reference" \
              "gofer direct, gofer-relay|base direct, gofer-relay" \
              "gofer direct, reference|base direct, reference"; do
    a=$(idx "${pair%%|*}"); b=$(idx "${pair##*|}")
    [ -n "$a" ] && [ -n "$b" ] && [ -z "${FAILED[$a]:-}" ] && [ -z "${FAILED[$b]:-}" ] || continue
    [[ " ${SELECTED[*]} " == *" $a "* && " ${SELECTED[*]} " == *" $b "* ]] || continue
    if [ "$b" = "$COPY" ]; then stage=$(paired "$a" "$b" 4 3); else stage=$(paired "$a" "$b" 4 4); fi
    printf '  %-56s whole %-18s stage %s\n' "${pair%%|*} / ${pair##*|}" "$(paired "$a" "$b" 3 3)" "$stage"
  done
  echo "  (against the plain copy, both columns compare with its whole time: it has no set-up)"
} | tee "$WORK/report.txt" | sed 's/^/# /'
[ -n "${BENCH_REPORT:-}" ] && cp "$WORK/report.txt" "$BENCH_REPORT" && cp "$WORK/results" "$BENCH_REPORT.runs"

# Targets: gofer direct, stage, at least 0.8 of the plain copy (paired median),
# and under 64 MiB RSS moving BENCH_RSS_MIB.
if [[ " ${SELECTED[*]} " == *" $GD "* && " ${SELECTED[*]} " == *" $COPY "* ]] \
   && [ -z "${FAILED[$GD]:-}${FAILED[$COPY]:-}" ]; then
  R=$(paired "$GD" "$COPY" 4 3 | cut -d' ' -f1)
  check "target: gofer direct (stage) at least 0.8 of the plain copy ($R)" awk "BEGIN { exit !($R >= 0.8) }"
fi
if [ "$RSS_MIB" -gt 0 ]; then
  check "target: sender under 64 MiB RSS moving $RSS_MIB MiB (${HUGE_SEND_RSS:-?} MiB)" \
    awk "BEGIN { exit !(${HUGE_SEND_RSS:-999} < 64) }"
  check "target: receiver under 64 MiB RSS moving $RSS_MIB MiB (${HUGE_RECV_RSS:-?} MiB)" \
    awk "BEGIN { exit !(${HUGE_RECV_RSS:-999} < 64) }"
fi
finish
