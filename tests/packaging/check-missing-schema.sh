#!/usr/bin/env bash
# check-missing-schema.sh GOFER_GTK: a gofer-gtk that cannot find its
# GSettings schema (a packaging mistake, a binary copied elsewhere) says so in
# a sentence and exits with status 1, instead of aborting; --help still works.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail
. "$(dirname "$0")/tap.sh"

gtk=${1:?usage: check-missing-schema.sh GOFER_GTK}
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
no_schema=(env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$empty" LANGUAGE=C LC_ALL=C.UTF-8)

out=$("${no_schema[@]}" "$gtk" 2>&1)
status=$?
if [ "$status" -eq 1 ]; then ok "exits with status 1 without its schema"
else not_ok "exits with status 1 without its schema" "status $status: $out"; fi
if grep -q "settings schema “io.github.gofer_app.Gofer” is not installed" <<<"$out"; then
  ok "says which schema is missing"
else
  not_ok "says which schema is missing" "$out"
fi

if out=$("${no_schema[@]}" "$gtk" --help 2>&1) && grep -q "^Usage" <<<"$out"; then
  ok "--help works without the schema"
else
  not_ok "--help works without the schema" "$out"
fi
finish
