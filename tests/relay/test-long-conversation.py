#!/usr/bin/python3
# test-long-conversation.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A conversation outlives any one mailbox's limits (issue #12, item 12).

    test-long-conversation.py GOFER_RELAY GOFER

gofer-relay runs with --max-messages-per-mailbox 300, far below what two
`gofer chat` sides exchange here (1,100 lines each way, plus receipts). The
conversation moves to a fresh mailbox every 250 messages
(docs/protocol-extensions.md, section 7), so every line arrives once, in
order, both sides exit 0, and the relay never refuses a message.
"""

import os
import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
relay_binary, gofer = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
scratch = rt.workdir("long-conversation")
LINES = 1100
relay = rt.Relay(relay_binary, scratch, args=["--max-messages-per-mailbox", "300"]).start()

code = "8-long-conversation"
a_lines = "".join("from A, line %d\n" % i for i in range(1, LINES + 1))
b_lines = "".join("from B, line %d\n" % i for i in range(1, LINES + 1))
with open(os.path.join(scratch, "a.in"), "w") as f:
    f.write(a_lines)
with open(os.path.join(scratch, "b.in"), "w") as f:
    f.write(b_lines)


def chat(name, *args):
    """gofer chat fed with NAME.in after a pause; its output in NAME.out."""
    feed = os.path.join(scratch, name + ".in")
    cmd = ["/bin/sh", "-c", '(sleep 1.5; cat "$0") | "$@"', feed] + rt.gofer_cmd(gofer, relay, "chat", *args)
    return rt.spawn(cmd, scratch, name)


side_a = chat("a", "--code", code)
side_b = chat("b", code)
rc_b = side_b.wait(120)
rc_a = side_a.wait(60)
out_a, out_b = side_a.output(), side_b.output()
tap.ok(rc_a == 0 and rc_b == 0, "both chats exit 0 (A %s, B %s)" % (rc_a, rc_b),
       "A:\n" + out_a[-1500:] + "\nB:\n" + out_b[-1500:])
got_b = [line for line in out_b.splitlines() if line.startswith("from A, line")]
got_a = [line for line in out_a.splitlines() if line.startswith("from B, line")]
tap.ok(got_b == a_lines.splitlines(), "B shows A's %d lines once each, in order (%d)" % (LINES, len(got_b)))
tap.ok(got_a == b_lines.splitlines(), "A shows B's %d lines once each, in order (%d)" % (LINES, len(got_a)))
tap.ok("%d of your %d messages were delivered" % (LINES, LINES) in out_a and
       "%d of your %d messages were delivered" % (LINES, LINES) in out_b,
       "both sides report every message delivered")
tap.ok("too many messages" not in out_a + out_b and "reported an error" not in out_a + out_b,
       "the relay never refused a message")
tap.ok(relay.alive(), "the relay is still running")
relay.stop()
tap.done()
