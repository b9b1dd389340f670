#!/usr/bin/env bash
# gofer-gtk built without libnotify (-Dlibnotify=disabled), as MSYS2 builds
# it: a second, small configuration builds only gofer-gtk with warnings as
# errors, then its GNotification offer notifications are answered through
# dunst (GLib's org.freedesktop.Notifications backend) with the real
# `wormhole send` on the other side.
# Usage: e2e-gnotification.sh MESON SOURCE_ROOT BUILD_DIR PROFILE APP_ID TESTS_APP_SRCDIR
MESON=$1 SOURCE_ROOT=$2 BUILD=$3 PROFILE=$4 APP_ID=$5 SRCDIR=$6
APP=$BUILD/src/app/gofer-gtk
. "$(dirname "$0")/e2e-lib.sh"

# The PKGBUILD's build type (no optimisation: a third faster to build).
# Later runs reuse the configuration; ninja rebuilds what changed.
if [ ! -f "$BUILD/build.ninja" ]; then
  "$MESON" setup "$BUILD" "$SOURCE_ROOT" --buildtype=plain -Dlibnotify=disabled \
    -Dprofile="$PROFILE" -Drelay=false -Dtests=false -Dwerror=true >"$WORK/setup.log" 2>&1
fi
if "$MESON" compile -C "$BUILD" src/app/gofer-gtk >"$WORK/build.log" 2>&1; then
  ok "gofer-gtk builds with -Dlibnotify=disabled, warnings as errors"
else
  not_ok "the build without libnotify failed"; diag "$WORK/setup.log" "$WORK/build.log"
  finish
fi
if grep -q '^#undef HAVE_LIBNOTIFY' "$BUILD/config.h" && ! ldd "$APP" | grep -q libnotify; then
  ok "that gofer-gtk neither uses nor links libnotify"
else
  not_ok "libnotify is still in the build"; grep -n LIBNOTIFY "$BUILD/config.h" | sed 's/^/# /'
fi

start_servers || { echo "Bail out! the reference servers did not start"; exit 1; }
start_dunst || { echo "Bail out! dunst did not start"; exit 1; }
configure_app
start_app || { echo "Bail out! gofer-gtk did not start"; diag "$APP_LOG"; exit 1; }

# offer NAME SIZE: `wormhole send` offers a new random file NAME; sets $spid.
offer() {
  head -c "$2" /dev/urandom >"$WORK/$1"
  new_code
  (cd "$WORK" && py_wormhole send --code "$code" "$1") >"$WORK/$1.out" 2>&1 &
  spid=$!
  sleep 1
}

# arrived NAME: the sender finished and NAME is in Downloads, byte for byte.
arrived() {
  local src
  wait "$spid"; src=$?
  until_true 30 test -f "$DOWNLOADS/$1"
  [ $src -eq 0 ] && cmp -s "$WORK/$1" "$DOWNLOADS/$1"
}

# 1. The Accept button, picked in dunst's action menu.
offer report.bin $((1024 * 1024 + 3))
if open_offer "$code"; then
  ok "the file offer raised a GNotification in dunst"
else
  not_ok "no notification for the file offer"; diag "$WORK/dunst.log" "$APP_LOG"
fi
dunstctl context
if until_true 10 grep -q '^#Accept (.*,app\.accept-offer(uint32 [0-9]*)\]$' "$DUNST_MENU_LOG" &&
   grep -q '^#Decline (.*,app\.decline-offer(uint32 [0-9]*)\]$' "$DUNST_MENU_LOG"; then
  ok "its Accept and Decline buttons are app actions that carry the offer's id"
else
  not_ok "no Accept and Decline buttons"; diag "$DUNST_MENU_LOG"
fi
if arrived report.bin && [ "$(count_log "offer answered from the notification")" -eq 1 ]; then
  ok "Accept in the notification started the download; the file arrived intact"
else
  not_ok "Accept button: the file did not arrive"; diag "$WORK/report.bin.out" "$APP_LOG"
fi
if until_true 10 eval '[ "$(count_log "notify: notification sent")" -ge 1 ]'; then
  ok "the finished download sent its own notification"
else
  not_ok "no notification when the download finished"; diag "$APP_LOG"
fi

# 2. The notification's default action (a click on its body) shows the
#    window and answers nothing (#15 item 11); Accept there takes it.
offer notes.bin $((512 * 1024))
open_offer "$code"
answered=$(count_log "offer answered from the notification")
dunstctl action 0
sleep 1
if until_true 10 eval '[ "$(count_log "notify: the offer.s notification shows the window")" -ge 1 ]' &&
   [ "$(count_log "offer answered from the notification")" -eq "$answered" ]; then
  ok "the notification's default action shows the window and accepts nothing"
else
  not_ok "default action: it answered the offer or did not show the window"; diag "$APP_LOG"
fi
atspi click "Accept"
if arrived notes.bin; then
  ok "Accept in the window after the click took the offer; the file arrived intact"
else
  not_ok "Accept after the click: the file did not arrive"; diag "$WORK/notes.bin.out" "$APP_LOG"
fi

# 3. Declined in the window: the notification is withdrawn.
offer spare.bin 1000
open_offer "$code"
atspi click "Decline"
wait "$spid"
if until_true 10 eval '[ "$(dunstctl count displayed)" -eq 0 ]'; then
  ok "an offer declined in the window withdraws its notification"
else
  not_ok "the declined offer's notification stayed"; diag "$APP_LOG"
fi

# 4. dunst reads bodies as markup (and says so): a name with markup
#    characters shows as it is.
offer 'a<b>c&d.txt' 1000
open_offer "$code"
dunstctl close-all
check_offered_name_shown 'a<b>c&d.txt'
atspi click "Decline"
wait "$spid"

stop_app
finish
