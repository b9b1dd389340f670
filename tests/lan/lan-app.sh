#!/usr/bin/env bash
# The app's two windows inside one side of the simulated LAN, with the
# default server out of reach (tests/app/test-lan.c): the display and the
# session bus are the test run's (Xvfb's socket and the bus are files in
# /tmp), the system bus and avahi-daemon the side's own. With
# LAN_APP_MDNS=no-mdns the side's bus has no avahi-daemon, and the program
# runs the tests for that instead (test-lan.c's main()).
GOFER=${GOFER:-unused}
. "$(dirname "$0")/lan-lib.sh"
mdns=${LAN_APP_MDNS:-mdns}
start_side desk 1 "$mdns" || { echo "Bail out! side desk did not start"; exit 1; }
# The TAP of the GTest program is this test's TAP.
on_side desk timeout 150 env LAN_APP_MDNS="$mdns" "${TEST_APP_LAN:?path to test-app-lan}" --tap -k
