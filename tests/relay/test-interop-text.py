#!/usr/bin/python3
# test-interop-text.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Text messages between the Debian Python `wormhole` and Go
`wormhole-william` clients, both ways, through gofer-relay; the receiver
must print exactly what was sent, and the relay must stop cleanly."""

import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole", "wormhole-william")
scratch = rt.workdir("text")
relay = rt.Relay(sys.argv[1], scratch).start()

CASES = [
    ("python to python", "py", "py"),
    ("python to go", "py", "go"),
    ("go to python", "go", "py"),
    ("go to go", "go", "go"),
]

for i, (name, s, r) in enumerate(CASES):
    code = "%d-%s" % (i + 3, rt.CODE_WORDS)
    text = "gofer relay says hello, %s (ünïcode ✓)" % name
    send = (rt.python_cmd(relay, "send", "--code", code, "--text", text) if s == "py"
            else rt.go_cmd(relay, "send", "--code", code, "--text", text))
    recv = (rt.python_cmd(relay, "receive", code) if r == "py"
            else rt.go_cmd(relay, "recv", code))
    ok, sender, receiver, _ = rt.transfer(tap, "text-%d" % i, send, recv, scratch, timeout=60)
    tap.ok(ok and receiver.output().strip().endswith(text), "text " + name,
           receiver.output()[-500:])

# A code the sender allocated (not chosen): the nameplate comes from the
# relay's allocation, the receiver claims it.
sender = rt.spawn(rt.python_cmd(relay, "send", "--text", "allocated"), scratch, "alloc-sender")
code = None
for _ in range(100):
    rt.time.sleep(0.1)
    m = rt.re.search(r"Wormhole code is: (\S+)", sender.output())
    if m:
        code = m.group(1)
        break
tap.ok(code is not None and rt.re.match(r"^[1-9]-\w+-\w+$", code) is not None,
       "allocated nameplate is a one-digit number", sender.output())
if code:
    receiver = rt.spawn(rt.go_cmd(relay, "recv", code), scratch, "alloc-receiver")
    tap.ok(receiver.wait(60) == 0 and "allocated" in receiver.output(),
           "go receiver gets text from an allocated code", receiver.output())
sender.wait(30)

tap.ok(relay.stop() == 0, "relay stops cleanly on SIGTERM", relay.log()[-2000:])

# Welcome options: a message of the day is shown and the wormhole works; an
# error in the welcome stops the clients with that text.
motd = rt.Relay(sys.argv[1], scratch, name="motd",
                args=["--motd", "Maintenance on Sunday", "--advertise-version", "0.12.0"]).start()
code = "8-" + rt.CODE_WORDS
ok, sender, receiver, _ = rt.transfer(
    tap, "motd", rt.python_cmd(motd, "send", "--code", code, "--text", "with motd"),
    rt.python_cmd(motd, "receive", code), scratch, timeout=60)
tap.ok(ok and "with motd" in receiver.output() and "Maintenance on Sunday" in receiver.output(),
       "python client prints the motd and completes", receiver.output()[-800:])
motd.stop()
closed = rt.Relay(sys.argv[1], scratch, name="closed",
                  args=["--signal-error", "This server is retired, use another"]).start()
run = rt.spawn(rt.python_cmd(closed, "send", "--text", "nope"), scratch, "refused-python")
tap.ok(run.wait(30) not in (0, None) and "This server is retired" in run.output(),
       "python client stops with the welcome error", run.output()[-800:])
run = rt.spawn(rt.go_cmd(closed, "send", "--text", "nope"), scratch, "refused-go")
tap.ok(run.wait(30) not in (0, None), "go client stops on the welcome error", run.output()[-800:])
tap.ok(closed.stop() == 0, "relay stops cleanly")
rt.finish(tap, scratch)
