# lan-lib.sh: a simulated local network for the tests in tests/lan.
#
# Each side is a process in a network namespace and a mount namespace of its
# own, with its own system bus and a real avahi-daemon on it, joined to the
# other sides by veth pairs and a bridge, with no route anywhere else and no
# name that resolves (/etc/hosts knows only localhost): a LAN without
# Internet. Commands run on a side with `on_side NAME command...` (nsenter
# into its namespaces). Every address is one this script made up, inside
# namespaces it created itself. ../shared/lan-test-env.md describes the set-up.
. "$(dirname "$0")/../interop/lib.sh"

SIDES=()
declare -A SIDE_PID SIDE_ADDRESS
LAN_NET=10.231.$((RANDOM % 200 + 20))
BRIDGE=lan0
# The bridge (the network's switch) lives in a namespace of its own: the
# test run's namespace, which other tests share, keeps only lo.
unshare --net -- sh -c 'exec sleep 100000' &
HUB_PID=$!
for _ in $(seq 1 50); do
  [ "$(readlink /proc/$HUB_PID/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
  sleep 0.1
done
on_hub() { nsenter -t "$HUB_PID" -n -- "$@"; }
printf '127.0.0.1 localhost\n::1 localhost\n' >"$WORK/hosts"
# LAN_HOSTS_EXTRA: more lines for every side's /etc/hosts (an "Internet" server).
printf '%s\n' "${LAN_HOSTS_EXTRA:-}" >>"$WORK/hosts"
: >"$WORK/resolv.conf"

lan_cleanup() {
  for s in "${SIDES[@]}"; do
    on_side "$s" sh -c 'avahi-daemon -k 2>/dev/null; kill $(cat /run/dbus/gofer-test.pid) 2>/dev/null' || true
    kill "${SIDE_PID[$s]}" 2>/dev/null || true
  done
  kill "$HUB_PID" 2>/dev/null || true
  cleanup
}
trap lan_cleanup EXIT

on_side() { # NAME command...
  local name=$1
  shift
  nsenter -t "${SIDE_PID[$name]}" -n -m -- "$@"
}

# start_side NAME N [no-mdns]: a side with address $LAN_NET.N on the bridge;
# with no-mdns its system bus has no avahi-daemon on it.
start_side() {
  local name=$1 n=$2 mdns=${3:-mdns} i=${#SIDES[@]}
  unshare --net --mount -- sh -c 'exec sleep 100000' &
  SIDE_PID[$name]=$!
  SIDES+=("$name")
  SIDE_ADDRESS[$name]=$LAN_NET.$n
  for _ in $(seq 1 50); do
    [ "$(readlink /proc/${SIDE_PID[$name]}/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
    sleep 0.1
  done
  if ! on_hub ip link show "$BRIDGE" >/dev/null 2>&1; then
    on_hub ip link add "$BRIDGE" type bridge && on_hub ip link set "$BRIDGE" up
  fi
  on_hub ip link add "h$i" type veth peer name "s$i"
  on_hub ip link set "h$i" master "$BRIDGE" up
  on_hub ip link set "s$i" netns "${SIDE_PID[$name]}"
  on_side "$name" sh -c "
    set -e
    ip link set lo up
    ip link set s$i name eth0
    ip addr add $LAN_NET.$n/24 dev eth0
    ip link set eth0 up
    mount --bind '$WORK/hosts' /etc/hosts
    mount --bind '$WORK/resolv.conf' /etc/resolv.conf
    mkdir -p /run/dbus /run/avahi-daemon
    mount -t tmpfs none /run/dbus
    mount -t tmpfs none /run/avahi-daemon
    dbus-daemon --system --fork --print-pid >/run/dbus/gofer-test.pid 2>/dev/null
    [ '$mdns' = no-mdns ] || avahi-daemon --no-chroot --no-drop-root -D >/dev/null 2>&1
  " </dev/null >/dev/null 2>&1 || return 1
  [ "$mdns" = no-mdns ] && return 0
  # Avahi is up once it answers on the bus.
  for _ in $(seq 1 50); do
    on_side "$name" avahi-browse -at >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "# avahi-daemon on side $name did not answer within 10 s" >&2
  return 1
}
