# Shared set-up of gofer-gtk's end-to-end tests: TAP output, the Debian
# reference mailbox server and transit relay on free loopback ports, dunst,
# the app itself with its settings in a private keyfile, screenshots and
# AT-SPI. Source it with APP, APP_ID and SRCDIR set. Runs under
# `xvfb-run … dbus-run-session --` inside the test network namespace
# (build-aux/dev test).
set -u

# A session bus of our own: earlier tests in the same session may have
# D-Bus-activated a notification daemon with the default configuration, and
# the app must be the only one with its id.
# Services the bus starts (the accessibility registry) print to the bus's
# standard output, which would break the TAP stream: the bus writes to
# standard error, and the script gets its standard output back on fd 3.
if [ -z "${GOFER_E2E_OWN_BUS:-}" ]; then
  export GOFER_E2E_OWN_BUS=1
  exec 3>&1
  exec dbus-run-session -- "$0" "$@" >&2
fi
exec 1>&3 3>&-

: "${APP:?path to gofer-gtk}" "${APP_ID:?application id}" "${SRCDIR:?tests/app source dir}"
PY=/usr/bin/python3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gofer-app-e2e.XXXXXX")
SHOTS=${G_TEST_BUILDDIR:-$WORK}/screenshots
DOWNLOADS=$WORK/Downloads
APP_LOG=$WORK/app.log
PIDS=()
APP_PID=
TAP_N=0
TAP_FAILED=0
mkdir -p "$SHOTS" "$DOWNLOADS"

cleanup() {
  [ -n "$APP_PID" ] && stop_app
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=1; echo "not ok $TAP_N - $*"; }
diag() { for f in "$@"; do echo "# --- $f"; sed 's/^/# /' "$f"; done >&2; }
finish() { echo "1..$TAP_N"; exit "$TAP_FAILED"; }
# check "description" command...
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

free_port() {
  $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# until SECONDS command...: retries every 0.1 s.
until_true() {
  local n=$(($1 * 10)); shift
  for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
  return 1
}

start_servers() {
  local mport tport
  mport=$(free_port)
  (cd "$WORK" && exec twist3 --log-file="$WORK/mailbox.log" wormhole-mailbox \
      --port="tcp:$mport:interface=127.0.0.1" \
      --channel-db="$WORK/relay.sqlite" --usage-db="$WORK/usage.sqlite") &
  PIDS+=($!)
  tport=$(free_port)
  (cd "$WORK" && exec twist3 --log-file="$WORK/transit.log" transitrelay \
      --port="tcp:$tport:interface=127.0.0.1") &
  PIDS+=($!)
  MAILBOX_URL="ws://127.0.0.1:$mport/v1"
  TRANSIT_HELPER="tcp:127.0.0.1:$tport"
  wait_for_port "$mport" && wait_for_port "$tport"
}

# The Python client, pointed at the same servers.
py_wormhole() { timeout 60 wormhole --relay-url "$MAILBOX_URL" --transit-helper "$TRANSIT_HELPER" "$@"; }

start_dunst() {
  # Not under the tests' G_DEBUG=fatal-warnings: that is for our code. The
  # action menu's input is kept (dunstrc) so tests can read the buttons.
  export DUNST_MENU_LOG=$WORK/dunst-menu.txt
  env -u G_DEBUG dunst -config "$SRCDIR/dunstrc" >"$WORK/dunst.log" 2>&1 &
  PIDS+=($!)
  gdbus wait --session --timeout 10 org.freedesktop.Notifications
}

notifications_displayed() { [ "$(dunstctl count displayed)" -ge "${1:-1}" ]; }

# shown_text SUMMARY: what dunst showed of each notification with that
# summary that was closed, as `dunstctl history` keeps it: dunst's format
# around the body ("message"), read as Pango markup the way dunst draws it
# (markup = full). Markup Pango does not take is printed as such.
shown_text() {
  dunstctl history | $PY -c '
import json, sys, gi
gi.require_version("Pango", "1.0")
from gi.repository import GLib, Pango
for n in json.load(sys.stdin)["data"][0]:
    if n["summary"]["data"] == sys.argv[1]:
        try:
            print(Pango.parse_markup(n["message"]["data"], -1, "\0")[2])
        except GLib.Error as e:
            print("not markup (%s): %s" % (e.message, n["message"]["data"]))
' "$1"
}

# check_offered_name_shown NAME: the closed "Incoming File" notification
# showed NAME as it is, however it looks as markup.
check_offered_name_shown() {
  if shown_text "Incoming File" | grep -qF "“$1”"; then
    ok "dunst shows the offered name $1 as it is"
  else
    not_ok "the offered name $1 did not show as it is"; shown_text "Incoming File" | sed 's/^/# /'
  fi
}

# The app logs each notification the daemon took, or with GNotification
# each it handed to GLib (G_MESSAGES_DEBUG=gofer-app).
count_log() { grep -c "$1" "$APP_LOG"; }
NOTIFIED='\(shown\|sent\)'
# Waits until the app has sent no new notification for a second, then clears
# dunst: a late "Transfer Complete" must not be taken for the next offer.
settle_notifications() {
  local n
  n=$(count_log "notify: .* $NOTIFIED")
  while sleep 1; [ "$(count_log "notify: .* $NOTIFIED")" != "$n" ]; do
    n=$(count_log "notify: .* $NOTIFIED")
  done
  dunstctl close-all
}
# open_offer CODE: opens the link and waits for the offer's notification.
open_offer() {
  local before
  settle_notifications
  before=$(count_log "notify: offer $NOTIFIED")
  open_link "$1"
  until_true 30 eval '[ "$(count_log "notify: offer $NOTIFIED")" -gt "$before" ]' &&
    until_true 10 notifications_displayed
}

# The app reads its settings from a keyfile in a private config folder, set
# here with gsettings as a person would.
configure_app() {
  export GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME=$WORK/config
  local schema=io.github.gofer_app.Gofer
  gsettings set $schema mailbox-url "$MAILBOX_URL"
  gsettings set $schema transit-helper "$TRANSIT_HELPER"
  gsettings set $schema download-folder "$DOWNLOADS"
  gsettings set $schema notify-only-unfocused false
}

start_app() {
  # The accessibility bus the app's AT-SPI tree lives on needs the display.
  dbus-update-activation-environment DISPLAY XAUTHORITY 2>/dev/null || true
  env -u GTK_A11Y G_DEBUG=fatal-criticals G_MESSAGES_DEBUG=gofer-app "$APP" "$@" >>"$APP_LOG" 2>&1 &
  APP_PID=$!
  gdbus wait --session --timeout 20 "$APP_ID" &&
    until_true 20 app_window
}

app_window() { APP_WIN=$(xdotool search --name '^Gofer$' 2>/dev/null | head -1) && [ -n "$APP_WIN" ]; }

# Quits through app.quit so the app shuts down cleanly.
stop_app() {
  gapplication action "$APP_ID" quit 2>/dev/null || kill "$APP_PID" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}

# What gofer-gtk wormhole-transfer:CODE does: the running app receives it.
open_link() { "$APP" "wormhole-transfer:$1" >>"$APP_LOG" 2>&1; }

atspi() { $PY "$SRCDIR/e2e-atspi.py" "$@"; }

# After the stack's crossfade.
shot() {
  sleep 0.6
  app_window && import -window "$APP_WIN" "$SHOTS/e2e-$1.png" 2>/dev/null
}

# Sets $code to a code with a nameplate no other scenario used (a function,
# not $(…): the counter must survive the call).
NAMEPLATE=$((RANDOM % 400 + 100))
new_code() { NAMEPLATE=$((NAMEPLATE + 1)); code="$NAMEPLATE-guitarist-revenge"; }
