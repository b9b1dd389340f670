#!/usr/bin/python3
# test-interop-file.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Files and directories from the Python `wormhole` client to Python and
Go receivers through gofer-relay, direct and through its transit relay
(splice(2) and, with --no-splice, the buffer-copy fallback), verified
byte for byte. Transfers sent by wormhole-william need the relay on port
4001 and are in test-interop-go-sender.py."""

import json
import os
import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole", "wormhole-william")
scratch = rt.workdir("file")
usage_log = os.path.join(scratch, "usage.jsonl")
relay = rt.Relay(sys.argv[1], scratch, args=["--usage-log", usage_log]).start()
copying = rt.Relay(sys.argv[1], scratch, args=["--no-splice"], name="copying").start()

src = rt.make_sources(scratch, 6 * 1024 * 1024 + 123)
payload = os.path.join(src, "payload.bin")


def send_cmd(r, what, relayed):
    extra = ["--no-listen"] if relayed else []
    return rt.python_cmd(r, "send", *extra, "--hide-progress", "--code", code, what)


def recv_cmd(r, kind, relayed):
    if kind == "go":
        return rt.go_cmd(r, "recv", "--hide-progress", code)
    extra = ["--no-listen"] if relayed else []
    return rt.python_cmd(r, "receive", *extra, "--hide-progress", "--accept-file", code)


CASES = [
    # name, relay, what, receiver, relayed
    ("file python to python, direct", relay, "payload.bin", "py", False),
    ("file python to python, relayed", relay, "payload.bin", "py", True),
    ("file python to go, direct", relay, "payload.bin", "go", False),
    ("file python to go, relayed", relay, "payload.bin", "go", True),
    ("directory python to go, direct", relay, "photos", "go", False),
    ("directory python to python, relayed", relay, "photos", "py", True),
    ("file python to python, relayed by buffer copies", copying, "payload.bin", "py", True),
]

for i, (name, r, what, kind, relayed) in enumerate(CASES):
    for attempt in range(2):
        code = "%d-%s" % (i + 11 + 20 * attempt, rt.CODE_WORDS)
        before = len(rt.usage_events(usage_log, "transit"))
        ok, sender, receiver, recv_dir = rt.transfer(
            tap, "case-%d-%d" % (i, attempt), send_cmd(r, os.path.join(src, what), relayed),
            recv_cmd(r, kind, relayed), scratch, receiver_stdin="y\n" if kind == "go" else None)
        if ok or not rt.lost_port_race(sender, receiver):
            break
        tap.diag("%s: the Python client lost its own port race; once more" % name)
    tap.ok(ok and rt.received_intact(src, recv_dir, what), name + ": received byte for byte")
    if r is relay:
        events = rt.usage_events(usage_log, "transit")[before:]
        # Counting bytes, not pairs: a Python client may still pair up on
        # the relay while its direct connection wins, but only a relayed
        # transfer moves the payload through it.
        least = 300 * 1024 if what == "photos" else os.path.getsize(payload)
        through = [e for e in events if e["result"] == "happy" and e["total_bytes"] >= least]
        tap.ok(bool(through) == relayed,
               name + (": went through the transit relay" if relayed else ": did not use the relay"),
               json.dumps(events))

tap.ok(relay.stop() == 0, "relay stops cleanly", relay.log()[-2000:])
tap.ok(copying.stop() == 0, "copying relay stops cleanly", copying.log()[-2000:])
log = relay.log() + copying.log()
tap.ok(rt.CODE_WORDS not in log and "payload" not in log, "relay logs hold no codes or file names")
rt.finish(tap, scratch)
