#!/usr/bin/python3
# test-interop-go-sender.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""wormhole-william as the sender of files and directories, to Python, Go
and gofer receivers. Its CLI cannot be told a transit relay: it always connects
to transit.magic-wormhole.io:4001, which the test namespace maps to
127.0.0.1, so gofer-relay's transit relay listens on 127.0.0.1:4001 here
(the test is registered is_parallel: false)."""

import os
import socket
import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole", "wormhole-william")
try:
    mapped = socket.gethostbyname("transit.magic-wormhole.io") == "127.0.0.1"
except OSError:
    mapped = False
if not mapped:
    tap.skip_all("transit.magic-wormhole.io does not resolve to 127.0.0.1 (run via build-aux/dev test)")

scratch = rt.workdir("go-sender")
relay = rt.Relay(sys.argv[1], scratch, transit_port=4001).start()

src = rt.make_sources(scratch, 5 * 1024 * 1024 + 7)

CASES = [
    ("file go to python", "payload.bin", "py"),
    ("directory go to python", "photos", "py"),
    ("file go to go", "payload.bin", "go"),
    ("directory go to go", "photos", "go"),
    ("file go to gofer", "payload.bin", "gofer"),
    ("directory go to gofer", "photos", "gofer"),
]

def attempt(i, what, kind, tries):
    """One transfer. wormhole-william senders race with receivers that
    write their transit handshake at once (docs/architecture.md,
    "wormhole-william relay race"); Python receivers do, so a go-to-python
    pair gets a second try on a fresh nameplate. The first failure is still
    printed, so a pattern would show in CI logs."""
    code = "%d-%s" % (i + 31 + 10 * tries, rt.CODE_WORDS)
    send = rt.go_cmd(relay, "send", "--hide-progress", "--code", code, os.path.join(src, what))
    if kind == "py":
        recv = rt.python_cmd(relay, "receive", "--hide-progress", "--accept-file", code)
    elif kind == "gofer":
        recv = rt.gofer_cmd(os.path.abspath(sys.argv[2]), relay, "receive", "--hide-progress",
                            "--accept-file", code)
    else:
        recv = rt.go_cmd(relay, "recv", "--hide-progress", code)
    ok, _, _, recv_dir = rt.transfer(tap, "case-%d-%d" % (i, tries), send, recv, scratch,
                                     receiver_stdin="y\n" if kind == "go" else None)
    return ok and rt.received_intact(src, recv_dir, what)


for i, (name, what, kind) in enumerate(CASES):
    same = attempt(i, what, kind, 0)
    if not same and kind == "py":
        tap.diag("%s: failed once, trying again (wormhole-william relay race)" % name)
        same = attempt(i, what, kind, 1)
    tap.ok(same, name + ": received byte for byte")

tap.ok(relay.stop() == 0, "relay stops cleanly", relay.log()[-2000:])
rt.finish(tap, scratch)
