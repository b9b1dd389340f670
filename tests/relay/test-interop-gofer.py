#!/usr/bin/python3
# test-interop-gofer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The `gofer` CLI and the real clients (Python `wormhole`, Go
`wormhole-william`) send text, files and directories to each other
through gofer-relay, direct and through its transit relay, verified byte
for byte. (wormhole-william sending to gofer is in
test-interop-go-sender.py, which owns port 4001.)"""

import json
import os
import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole", "wormhole-william")
gofer = os.path.abspath(sys.argv[2])
scratch = rt.workdir("gofer")
usage_log = os.path.join(scratch, "usage.jsonl")
relay = rt.Relay(sys.argv[1], scratch, args=["--usage-log", usage_log]).start()

src = rt.make_sources(scratch, 5 * 1024 * 1024 + 99)
payload = os.path.join(src, "payload.bin")


def sender(kind, code, relayed, text=None, what=None):
    nl = ["--no-listen"] if relayed else []
    body = ["--text", text] if text is not None else ["--hide-progress", os.path.join(src, what)]
    if kind == "gofer":
        return rt.gofer_cmd(gofer, relay, "send", *nl, "--code", code, *body)
    if kind == "py":
        return rt.python_cmd(relay, "send", *nl, "--code", code, *body)
    return rt.go_cmd(relay, "send", "--code", code, *body)


def receiver(kind, code, relayed, text=False):
    nl = ["--no-listen"] if relayed else []
    extra = [] if text else ["--hide-progress", "--accept-file"]
    if kind == "gofer":
        return rt.gofer_cmd(gofer, relay, "receive", *nl, *extra, code)
    if kind == "py":
        return rt.python_cmd(relay, "receive", *nl, *extra, code)
    return rt.go_cmd(relay, "recv", *([] if text else ["--hide-progress"]), code)


n = 60
for s, r in [("gofer", "py"), ("py", "gofer"), ("gofer", "go"), ("go", "gofer"), ("gofer", "gofer")]:
    n += 1
    code = "%d-%s" % (n, rt.CODE_WORDS)
    text = "text from %s to %s through gofer-relay ✓" % (s, r)
    ok, _, rec, _ = rt.transfer(tap, "text-%d" % n, sender(s, code, False, text=text),
                                receiver(r, code, False, text=True), scratch, timeout=60)
    tap.ok(ok and text in rec.output(), "text %s to %s" % (s, r), rec.output()[-500:])

CASES = [
    # sender, receiver, what, relayed
    ("gofer", "py", "payload.bin", True),
    ("py", "gofer", "payload.bin", False),
    ("py", "gofer", "payload.bin", True),
    ("gofer", "go", "payload.bin", True),
    ("gofer", "gofer", "payload.bin", False),
    ("gofer", "py", "photos", False),
    ("py", "gofer", "photos", True),
    ("gofer", "gofer", "photos", True),
]
for s, r, what, relayed in CASES:
    n += 1
    code = "%d-%s" % (n, rt.CODE_WORDS)
    name = "%s %s to %s, %s" % ("directory" if what == "photos" else "file", s, r,
                                "relayed" if relayed else "direct")
    before = len(rt.usage_events(usage_log, "transit"))
    ok, snd, rec, recv_dir = rt.transfer(tap, "case-%d" % n, sender(s, code, relayed, what=what),
                                         receiver(r, code, relayed), scratch,
                                         receiver_stdin="y\n" if r == "go" else None)
    tap.ok(ok and rt.received_intact(src, recv_dir, what), name + ": received byte for byte")
    if relayed:
        least = 300 * 1024 if what == "photos" else os.path.getsize(payload)
        events = rt.usage_events(usage_log, "transit")[before:]
        tap.ok(any(e["result"] == "happy" and e["total_bytes"] >= least for e in events),
               name + ": went through the transit relay", json.dumps(events))

tap.ok(relay.stop() == 0, "relay stops cleanly", relay.log()[-2000:])
rt.finish(tap, scratch)
