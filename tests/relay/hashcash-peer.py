#!/usr/bin/python3
# hashcash-peer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-ins for the clients that answer a mailbox server's
"permission-required": {"hashcash": ...}, on the Debian `wormhole` library
(0.12, which knows no permissions: it binds at once and ignores the field).

    hashcash-peer.py python-send-text MAILBOX_URL CODE TEXT
    hashcash-peer.py rust-receive MAILBOX_URL TRANSIT_HELPER CODE OUTDIR

python: magic-wormhole's permissions branch (PR #423 "permissions proof of
concept"; no release up to 0.24 has it, they bind at once like 0.12): the
bind waits for the welcome; with hashcash it mints
"1:BITS:YYYYMMDD:RESOURCE::RAND:COUNTER" (RAND is Python's repr of base64
bytes, "b'...'", as that code formats it; COUNTER decimal) and sends
{"type": "submit-permissions", "method": "hashcash", "stamp": ..., "id": ...}
and then the bind, without waiting.

rust: magic-wormhole.rs 0.8 (GNOME Warp): the bind waits for the welcome;
with hashcash it mints "1:BITS:DATE:RESOURCE::RAND:COUNTER" with DATE the
base64 of YYYYMMDD, RAND 16 random bytes and COUNTER 8 big-endian bytes,
both in base64, sends {"type":"submit-permission","method":"hashcash",
"stamp":...} (singular, no "id"), waits for its ack, then sends
{"type":"bind","appid":...,"side":...} (no "id", no client_version).
Then it receives a file as rust-peer.py does.

Prints "STAMP <stamp>" when it submitted one, then what the transfer
prints; exit status as rust-peer.py (0 done, 4 failed, 9 timeout).
"""

import base64
import datetime
import hashlib
import importlib.util
import json
import os
import sys

from twisted.internet import defer, reactor, threads
from twisted.internet.task import react

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))

import peerlib  # noqa: E402
from peerlib import APPID, say  # noqa: E402
import wormhole  # noqa: E402
from wormhole import _rendezvous  # noqa: E402
from wormhole.util import bytes_to_dict, dict_to_bytes  # noqa: E402

TIMEOUT = 50


def leading_zero_bits(digest):
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        mask = 0x80
        while mask and not byte & mask:
            bits += 1
            mask >>= 1
        break
    return bits


def mint_python(bits, resource):
    """magic-wormhole PR #423's mint_hashcash(), as written there."""
    counter = 0
    timestamp = datetime.datetime.utcnow().strftime("%Y%m%d")
    while True:
        attempt = "1:{}:{}:{}::{}:{}".format(
            bits, timestamp, resource, base64.b64encode(os.urandom(12)), counter)
        if leading_zero_bits(hashlib.sha1(attempt.encode("utf8")).digest()) >= bits:
            return attempt
        counter += 1


def mint_rust(bits, resource):
    """magic-wormhole.rs's util::hashcash()."""
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    date = b64(datetime.datetime.utcnow().strftime("%Y%m%d").encode())
    rand = b64(os.urandom(16))
    counter = 0
    while True:
        counter += 1
        stamp = "1:%d:%s:%s::%s:%s" % (bits, date, resource, rand, b64(counter.to_bytes(8, "big")))
        if leading_zero_bits(hashlib.sha1(stamp.encode()).digest()) >= bits:
            return stamp


def patch_rendezvous(style):
    """Makes the Debian library's RendezvousConnector wait for the welcome
    and answer "permission-required" the way @style does."""
    RC = _rendezvous.RendezvousConnector

    def notify_connected(self):
        self._N.connected()
        self._M.connected()
        self._L.connected()
        self._A.connected()

    def send_bind(self):
        if style == "rust":
            self._ws.sendMessage(json.dumps({"type": "bind", "appid": self._appid,
                                             "side": self._side},
                                            separators=(",", ":")).encode(), False)
        else:
            self._tx("bind", appid=self._appid, side=self._side,
                     client_version=self._client_version)
        notify_connected(self)

    def ws_open(self, proto):
        self._have_made_a_successful_connection = True
        self._ws = proto
        self._waiting_for_permission_ack = False

    def got_stamp(self, stamp):
        say("STAMP", stamp)
        if style == "rust":
            self._ws.sendMessage(json.dumps({"type": "submit-permission", "method": "hashcash",
                                             "stamp": stamp},
                                            separators=(",", ":")).encode(), False)
            self._waiting_for_permission_ack = True
        else:
            self._tx("submit-permissions", method="hashcash", stamp=stamp)
            send_bind(self)

    def handle_welcome(self, msg):
        welcome = msg["welcome"]
        self._B.rx_welcome(welcome)
        permission = welcome.get("permission-required", {})
        if not permission or "none" in permission:
            send_bind(self)
        elif "hashcash" in permission:
            mint = mint_rust if style == "rust" else mint_python
            d = threads.deferToThread(mint, permission["hashcash"]["bits"],
                                      permission["hashcash"]["resource"])
            d.addCallback(lambda stamp: got_stamp(self, stamp))
        else:
            self._B.error(Exception("unknown permission-required: %s" % ", ".join(permission)))

    def handle_ack(self, msg):
        if getattr(self, "_waiting_for_permission_ack", False):
            self._waiting_for_permission_ack = False
            send_bind(self)

    RC.ws_open = ws_open
    RC._response_handle_welcome = handle_welcome
    RC._response_handle_ack = handle_ack


@defer.inlineCallbacks
def send_text(w, text):
    w.send_message(dict_to_bytes({"offer": {"message": text}}))
    answer = bytes_to_dict((yield w.get_message()))
    if answer.get("answer", {}).get("message_ack") != "ok":
        say("FAILED", "answer", answer)
        return 4
    say("SENT", len(text), "characters")
    return 0


@defer.inlineCallbacks
def main(_reactor, mode, *args):
    if mode == "python-send-text":
        url, code, text = args
        patch_rendezvous("python")
        w = wormhole.create(APPID, url, reactor)
    elif mode == "rust-receive":
        url, helper, code, outdir = args
        patch_rendezvous("rust")
        spec = importlib.util.spec_from_file_location(
            "rust_peer", os.path.join(HERE, "..", "interop", "rust-peer.py"))
        rust_peer = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(rust_peer)
        w = wormhole.create(APPID, url, reactor, versions=rust_peer.RUST_VERSIONS)
    else:
        raise SystemExit("unknown mode " + mode)
    w.set_code(code)

    @defer.inlineCallbacks
    def go():
        yield w.get_verifier()
        if mode == "python-send-text":
            return (yield send_text(w, text))
        return (yield rust_peer.receive(w, helper, outdir))

    yield peerlib.run_and_exit(w, go(), TIMEOUT)


if __name__ == "__main__":
    react(main, sys.argv[1:])
