#!/usr/bin/env bash
# The code and the keys live in gofer's memory: no core file may hold them,
# and other processes of the same user may not read that memory. On Linux
# gofer makes itself non-dumpable first thing (prctl PR_SET_DUMPABLE); the
# kernel then gives its /proc/PID files to root. Run as an unprivileged
# user, a dumpable gofer's files would belong to that user.
. "$(dirname "$0")/../interop/lib.sh"

NOBODY=65534
if [ "$(uname -s)" != Linux ]; then
  ok "gofer is not dumpable # SKIP not Linux"
  finish
fi
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null \
   || ! setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups test -x "$GOFER" 2>/dev/null; then
  ok "gofer is not dumpable # SKIP needs root, setpriv and a gofer that nobody may run"
  finish
fi

# gofer receive without a code waits for it on standard input.
fifo=$WORK/code.in
mkfifo "$fifo"
chmod 666 "$fifo"
setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups env HOME=/nonexistent "$GOFER" receive \
  <"$fifo" >"$WORK/receive.out" 2>&1 &
pid=$!
exec {writer}>"$fifo"
for _ in $(seq 1 50); do
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$GOFER")" ] && \
    grep -q "^Uid:.*$NOBODY" "/proc/$pid/status" 2>/dev/null && break
  sleep 0.1
done
sleep 0.3
owner=$(stat -c %u "/proc/$pid/environ" 2>/dev/null)
check "gofer runs as nobody" grep -q "^Uid:[[:space:]]*$NOBODY" "/proc/$pid/status"
check "gofer is not dumpable: its /proc files belong to root, not to its user (owner $owner)" \
  [ "$owner" = 0 ]
exec {writer}>&-
wait $pid
check "gofer still ends normally at the end of its input" grep -q "No wormhole code" "$WORK/receive.out"
finish
