#!/usr/bin/env bash
# On the simulated LAN without Internet (tests/lan/lan-lib.sh): how long from
# typing the code to the first byte arriving, and LAN throughput, each beside
# the same thing today through a mailbox server on the LAN given with
# --relay-url (a direct transfer that needs no search). See docs/benchmarks.md.
#
# "to first byte": from starting `gofer receive CODE` (the sender already
# waits and has announced itself) to its "Receiving (...)" line, which it
# prints when the transit connection carries the first record.
# Environment: GOFER, GOFER_RELAY; BENCH_MIB (256), BENCH_RUNS (5).
. "$(dirname "$0")/../lan/lan-lib.sh"
MIB=${BENCH_MIB:-256}
RUNS=${BENCH_RUNS:-5}

start_side sender 1 || { echo "Bail out! side sender did not start"; exit 1; }
start_side receiver 2 || { echo "Bail out! side receiver did not start"; exit 1; }
on_side sender "$GOFER_RELAY" --listen "${SIDE_ADDRESS[sender]}" --mailbox-port 4000 \
  --transit-port 4001 --db "$WORK/relay.sqlite" </dev/null >/dev/null 2>&1 &
PIDS+=($!)
head -c $((MIB * 1024 * 1024)) /dev/urandom >"$WORK/payload"
mkdir -p "$WORK/in"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# one_run local|server: prints "FIRST_BYTE_MS TOTAL_MS"
one_run() {
  local how=$1 args=() code start first end
  [ "$how" = server ] && args=(--relay-url "ws://${SIDE_ADDRESS[sender]}:4000/v1"
                               --transit-helper "tcp:${SIDE_ADDRESS[sender]}:4001")
  rm -f "$WORK/in/payload"
  [ "$how" = local ] && args=(--local)
  on_side sender timeout 300 "$GOFER" "${args[@]}" send "$WORK/payload" 2>"$WORK/send.err" &
  local spid=$!
  code=$(code_from "$WORK/send.err") || return 1
  [ "$how" = local ] && args=()
  start=$(now_ms)
  on_side receiver sh -c "cd '$WORK/in' && exec timeout 300 '$GOFER' ${args[*]} receive --accept-file '$code'" \
    2>&1 | while IFS= read -r line; do
      case "$line" in "Receiving ("*) echo "first $(now_ms)";; esac
    done >"$WORK/marks"
  end=$(now_ms)
  wait_bounded 60 "the sender" $spid || return 1
  cmp -s "$WORK/payload" "$WORK/in/payload" || return 1
  first=$(sed -n 's/^first //p' "$WORK/marks")
  echo "$((first - start)) $((end - start))"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A first total
for round in $(seq 1 "$RUNS"); do
  for how in local server; do
    if r=$(one_run $how); then
      first[$how]+="${r%% *} "
      total[$how]+="${r##* } "
    else
      not_ok "$how run $round"
    fi
  done
done
for how in local server; do
  f=$(echo ${first[$how]} | tr ' ' '\n' | median)
  t=$(echo ${total[$how]} | tr ' ' '\n' | median)
  echo "# $how: code to first byte ${f} ms (runs: ${first[$how]}), $MIB MiB in ${t} ms," \
       "$(( MIB * 1000 / (t > 0 ? t : 1) )) MiB/s"
  eval "F_$how=$f T_$how=$t"
done
check "no Internet: from typing the code to the first byte in at most 2 s (median ${F_local} ms)" \
  [ "${F_local:-99999}" -le 2000 ]
echo "# throughput ratio, own mailbox / a server on the LAN: $(awk "BEGIN {printf \"%.2f\", ${T_server:-0} / (${T_local:-1})}")"
finish
