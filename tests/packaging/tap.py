# tap.py: TAP output for the packaging checks (check-*.py import it).
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later

n_tests = 0
n_failed = 0


def check(ok, name, detail=None):
    """One TAP line; on failure DETAIL follows as comments. Returns OK."""
    global n_tests, n_failed
    n_tests += 1
    if not ok:
        n_failed += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', n_tests, name))
    if not ok and detail:
        for line in str(detail).splitlines():
            print('# ' + line)
    return ok


def finish():
    """The plan line; the exit status of the check."""
    print('1..%d' % n_tests)
    return 1 if n_failed else 0
