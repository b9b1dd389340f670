#!/usr/bin/env bash
# check-install.sh: `meson install` into a staging folder puts every
# desktop-integration file where the packages expect it, and the staged files
# pass their validators.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-install.sh MESON BUILD_ROOT STAGE PREFIX APP_ID BASE_ID RELAY(true|false)
# TAP output.
set -uo pipefail

# shellcheck source=tests/packaging/tap.sh
. "$(dirname "$0")/tap.sh"

meson=$1 build_root=$2 stage=$3 prefix=$4 app_id=$5 base_id=$6 relay=$7

rm -rf "$stage"
if out=$("$meson" install -C "$build_root" --destdir "$stage" --no-rebuild --quiet 2>&1); then
  ok "meson install --destdir stages the install"
else
  not_ok "meson install --destdir stages the install" "$out"
  finish
fi
root=$stage$prefix

# The /app layout of the Flatpak and the mingw layout of the PKGBUILD are the
# same prefix-relative paths; tests/packaging/check-manifests.py checks that
# each package's own options install its share of them.
expected=(
  bin/gofer
  bin/gofer-gtk
  "share/applications/$app_id.desktop"
  "share/metainfo/$app_id.metainfo.xml"
  "share/glib-2.0/schemas/$base_id.gschema.xml"
  "share/icons/hicolor/scalable/apps/$app_id.svg"
  "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  "share/dbus-1/services/$app_id.service"
  share/man/man1/gofer.1
  share/man/man1/gofer-gtk.1
  share/bash-completion/completions/gofer
  share/locale/de/LC_MESSAGES/gofer.mo
  share/locale/fr/LC_MESSAGES/gofer.mo
  share/help/C/gofer/index.page
  share/help/de/gofer/index.page
  share/help/fr/gofer/index.page
)
if [ "$relay" = true ]; then
  expected+=(bin/gofer-relay share/man/man1/gofer-relay.1 lib/systemd/system/gofer-relay.service)
fi
for f in "${expected[@]}"; do
  if [ -f "$root/$f" ]; then ok "installs $f"; else not_ok "installs $f"; fi
done

# Nothing is compiled into the stage: packages compile the schema cache and
# the icon cache when they are installed.
stray=$(cd "$root" && find . -name gschemas.compiled -o -name icon-theme.cache)
check "no caches in the staged install" test -z "$stray"

desktop=$root/share/applications/$app_id.desktop
metainfo=$root/share/metainfo/$app_id.metainfo.xml
service=$root/share/dbus-1/services/$app_id.service

check "staged desktop file passes desktop-file-validate" desktop-file-validate "$desktop"
if out=$(appstreamcli validate --no-net --explain "$metainfo" 2>&1); then
  ok "staged metainfo passes appstreamcli validate --no-net"
else
  not_ok "staged metainfo passes appstreamcli validate --no-net" "$out"
fi
check "staged schema compiles with glib-compile-schemas --strict" \
  glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas"

for page in "$root"/share/man/man*/*; do
  check "man page $(basename "$page") formats without warnings (groff -ww)" \
    groff -man -ww -z -t "$page"
  if command -v man >/dev/null; then
    check "man page $(basename "$page") passes man --warnings" \
      bash -c 'man --warnings -l "$1" >/dev/null' _ "$page"
  fi
done

# The files point at each other: the desktop entry at the binary and the icon,
# D-Bus activation at the binary, the metainfo at the desktop entry.
key() {
  sed -n "s/^$1=//p" "$2" | head -n 1
}
exec_bin=$(key Exec "$desktop" | cut -d' ' -f1)
check "desktop Exec runs an installed gofer-gtk" test "$exec_bin" = gofer-gtk -a -x "$root/bin/$exec_bin"
check "desktop Icon is the app id" test "$(key Icon "$desktop")" = "$app_id"
check "desktop entry handles wormhole-transfer links" \
  bash -c '[[ "$1" == *x-scheme-handler/wormhole-transfer\;* ]]' _ "$(key MimeType "$desktop")"
check "DBusActivatable desktop entry has its D-Bus service" \
  test "$(key DBusActivatable "$desktop")" = true -a -f "$service"
check "D-Bus service Name is the app id" test "$(key Name "$service")" = "$app_id"
check "D-Bus service Exec is $prefix/bin/gofer-gtk --gapplication-service" \
  test "$(key Exec "$service")" = "$prefix/bin/gofer-gtk --gapplication-service"
check "metainfo id is the app id" grep -q "<id>$app_id</id>" "$metainfo"
check "metainfo launchable is the desktop file" \
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo"
check "metainfo provides the gofer-gtk binary" grep -q "<binary>gofer-gtk</binary>" "$metainfo"
if [ "$relay" = true ]; then
  unit=$root/lib/systemd/system/gofer-relay.service
  check "systemd unit starts gofer-relay" \
    bash -c 'grep -Eq "^ExecStart=([^ ]*/)?gofer-relay( |$)" "$1"' _ "$unit"
fi

finish
