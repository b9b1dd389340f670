#!/usr/bin/python3
# rust-peer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for a wormhole-rs receiver (GNOME Warp, wormhole-rs 0.8), on
the Debian `wormhole` library, replaying what the Rust client sends and in
which order.

    rust-peer.py MAILBOX_URL TRANSIT_HELPER CODE OUTDIR

Like magic-wormhole.rs's transfer::request_file():
- its versions are {"abilities": ["transfer-v1", "transfer-v2"], ...};
- it speaks first, with its "transit" message, then waits;
- the next message must be "transit", or it answers with
  {"error": "Expected 'transit', but got: 'offer'"} and stops;
- then an "offer": a file is received over transit (direct or relayed) and
  acked with its SHA-256; a text offer ("message") cannot be received at all,
  so it answers with an error and stops.

Prints one line per event: "PEER-ERROR <text>" (an error the other side
sent), "SENT-ERROR <text>", "GOT <name> <n> bytes". Exit status 0 when a
file was saved in OUTDIR, 5 when it refused, 4 on any other failure, 9 on
timeout.
"""
import hashlib
import os
import sys

from twisted.internet import defer, reactor
from twisted.internet.task import react

import peerlib  # noqa: E402
from peerlib import APPID, say  # noqa: E402
import wormhole
from wormhole.transit import TransitReceiver
from wormhole.util import bytes_to_dict, dict_to_bytes

RUST_VERSIONS = {"abilities": ["transfer-v1", "transfer-v2"],
                 "transfer-v2": {"supported-formats": ["plain", "tar", "tar.zst"]}}
TIMEOUT = 50



def refuse(w, text):
    w.send_message(dict_to_bytes({"error": text}))
    say("SENT-ERROR", text)
    return 5


def kind_of(message):
    return next(iter(message), "?")


@defer.inlineCallbacks
def receive(w, helper, outdir):
    tr = TransitReceiver(helper, no_listen=True, reactor=reactor)
    tr.set_transit_key(w.derive_key(APPID + "/transit-key", tr.TRANSIT_KEY_LENGTH))
    hints = yield tr.get_connection_hints()
    w.send_message(dict_to_bytes({"transit": {"abilities-v1": tr.get_connection_abilities(),
                                              "hints-v1": hints}}))

    first = bytes_to_dict((yield w.get_message()))
    if "error" in first:
        say("PEER-ERROR", first["error"])
        return 5
    if "transit" not in first:
        return refuse(w, "Expected 'transit', but got: '%s'" % kind_of(first))
    tr.add_connection_hints(first["transit"].get("hints-v1", []))

    second = bytes_to_dict((yield w.get_message()))
    if "error" in second:
        say("PEER-ERROR", second["error"])
        return 5
    offer = second.get("offer")
    if not isinstance(offer, dict) or "file" not in offer:
        return refuse(w, "Expected a file or directory offer, but got: '%s'"
                      % (kind_of(offer) if isinstance(offer, dict) else kind_of(second)))

    name = os.path.basename(offer["file"]["filename"])
    size = offer["file"]["filesize"]
    w.send_message(dict_to_bytes({"answer": {"file_ack": "ok"}}))
    pipe = yield tr.connect()
    digest = hashlib.sha256()
    got = 0
    with open(os.path.join(outdir, name), "wb") as f:
        while got < size:
            record = yield pipe.receive_record()
            got += len(record)
            digest.update(record)
            f.write(record)
    pipe.send_record(dict_to_bytes({"ack": "ok", "sha256": digest.hexdigest()}))
    say("GOT", name, got, "bytes")
    pipe.close()
    return 0


@defer.inlineCallbacks
def main(_reactor, url, helper, code, outdir):
    w = wormhole.create(APPID, url, reactor, versions=RUST_VERSIONS)
    w.set_code(code)

    @defer.inlineCallbacks
    def go():
        yield w.get_verifier()
        return (yield receive(w, helper, outdir))

    d = go()
    yield peerlib.run_and_exit(w, d, TIMEOUT)


if __name__ == "__main__":
    react(main, sys.argv[1:])
