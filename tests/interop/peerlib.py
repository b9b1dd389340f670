# peerlib.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the stand-in peers on the Debian `wormhole` library share
(rust-peer.py, hostile-sender.py, tests/hardening/hostile-peer.py)."""

import sys

from twisted.internet import defer, reactor

APPID = "lothar.com/wormhole/text-or-file-xfer"


def say(*words):
    print(*words, flush=True)


@defer.inlineCallbacks
def run_and_exit(w, d, timeout):
    """Waits at most timeout seconds for d, closes the wormhole w, and exits
    with d's result as the status: 9 on timeout, 4 when d failed."""
    timer = reactor.callLater(timeout, d.cancel)
    try:
        status = yield d
    except defer.CancelledError:
        say("TIMEOUT")
        status = 9
    except Exception as e:
        say("FAILED", type(e).__name__, str(e))
        status = 4
    if timer.active():
        timer.cancel()
    try:
        yield w.close()
    except Exception:
        pass
    sys.exit(status)
