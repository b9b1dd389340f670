#!/usr/bin/python3
# hostile-peer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A misbehaving Magic Wormhole peer on the Debian `wormhole` library.

    hostile-peer.py MAILBOX_URL TRANSIT_HELPER CODE MODE [ARG]

As a sender (gofer receives):
    offers N      a "transit" and N file offers at once, then the 5 bytes of
                  the first ("hello"); the rest are never served
    chatter N     N messages of an unknown kind (1 kB each) before the
                  transit message and a file offer of "hello"
    json TEXT     the transit message, then TEXT as one message; if the
                  reply is a file answer, the 5 bytes "hello" (TEXT need not
                  be a valid offer); gives up after 15 s
    raw HEX       the same with arbitrary bytes (invalid UTF-8, not JSON)
As a receiver (gofer sends):
    ack-wrong     reads everything, then acks with a wrong sha256
    ack-bad       reads everything, then sends {"ack": "nope"}
    ack-none      reads everything, then hangs up without an ack
    answer TEXT   answers the offer with TEXT instead of file_ack
    resume TEXT   the same, listing Gofer's "resume-v1" in its versions, so
                  that gofer offers its file id (printed as "OFFER <json>")

Prints what it saw, one line each: "PEER-ERROR <text>", "ANSWER <json>",
"ACK <json>", "GOT <n> bytes", "CLOSED <why>". Exit status 0 when its part
ran to the end, 3 when the transit connection closed early, 4 on a local
failure, 9 on timeout.
"""
import json
import os
import sys

from twisted.internet import defer, reactor
from twisted.internet.task import react, deferLater

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
import peerlib  # noqa: E402
from peerlib import APPID, say  # noqa: E402
import wormhole  # noqa: E402
from wormhole.transit import TransitReceiver, TransitSender  # noqa: E402
from wormhole.util import bytes_to_dict, dict_to_bytes  # noqa: E402

TIMEOUT = 50



def transit_message(t, hints):
    return dict_to_bytes({"transit": {"abilities-v1": t.get_connection_abilities(), "hints-v1": hints}})


# The hostile side never listens: the Python library picks its port by
# binding to 0 and binding again later, which another test may win.
# gofer listens, and the hostile side dials it or meets it at the relay.
@defer.inlineCallbacks
def sender_setup(w, helper):
    ts = TransitSender(helper, no_listen=True, reactor=reactor)
    ts.set_transit_key(w.derive_key(APPID + "/transit-key", ts.TRANSIT_KEY_LENGTH))
    hints = yield ts.get_connection_hints()
    return ts, transit_message(ts, hints)


@defer.inlineCallbacks
def wait_for_reply(w, ts):
    """Reads messages until an answer or an error; returns the answer or None."""
    while True:
        message = bytes_to_dict((yield w.get_message()))
        if "error" in message:
            say("PEER-ERROR", message["error"])
            return None
        if "transit" in message:
            ts.add_connection_hints(message["transit"].get("hints-v1", []))
        if "answer" in message:
            say("ANSWER", json.dumps(message["answer"]))
            return message["answer"]


@defer.inlineCallbacks
def stream_hello(ts):
    pipe = yield ts.connect()
    pipe.send_record(b"hello")
    try:
        ack = bytes_to_dict((yield pipe.receive_record()))
    except Exception as e:
        say("CLOSED", type(e).__name__)
        return 3
    say("ACK", json.dumps(ack))
    pipe.close()
    return 0


@defer.inlineCallbacks
def as_sender(w, helper, mode, arg):
    ts, transit = yield sender_setup(w, helper)
    offer = lambda i: dict_to_bytes({"offer": {"file": {"filename": "flood-%d.bin" % i, "filesize": 5}}})
    if mode == "chatter":
        for i in range(int(arg)):
            w.send_message(dict_to_bytes({"chatter": i, "pad": "x" * 1000}))
    w.send_message(transit)
    if mode == "offers":
        for i in range(int(arg)):
            w.send_message(offer(i))
    elif mode == "chatter":
        w.send_message(offer(0))
    elif mode == "json":
        w.send_message(arg.encode("utf-8", "surrogatepass"))
    elif mode == "raw":
        w.send_message(bytes.fromhex(arg))
    answer = yield wait_for_reply(w, ts)
    if answer is None or "message_ack" in answer:
        return 0
    return (yield stream_hello(ts))


@defer.inlineCallbacks
def as_receiver(w, helper, mode, arg):
    tr = TransitReceiver(helper, no_listen=True, reactor=reactor)
    tr.set_transit_key(w.derive_key(APPID + "/transit-key", tr.TRANSIT_KEY_LENGTH))
    size = None
    while size is None:
        message = bytes_to_dict((yield w.get_message()))
        if "transit" in message:
            tr.add_connection_hints(message["transit"].get("hints-v1", []))
        if "offer" in message:
            size = message["offer"]["file"]["filesize"]
            say("OFFER", json.dumps(message))
    hints = yield tr.get_connection_hints()
    w.send_message(transit_message(tr, hints))
    if mode in ("answer", "resume"):
        w.send_message(arg.encode("utf-8"))
        # Give the sender time to read it before we hang up.
        yield deferLater(reactor, 3, lambda: None)
        return 0
    w.send_message(dict_to_bytes({"answer": {"file_ack": "ok"}}))
    pipe = yield tr.connect()
    got = 0
    while got < size:
        got += len((yield pipe.receive_record()))
    say("GOT", got, "bytes")
    if mode == "ack-wrong":
        pipe.send_record(dict_to_bytes({"ack": "ok", "sha256": "00" * 32}))
    elif mode == "ack-bad":
        pipe.send_record(dict_to_bytes({"ack": "nope"}))
    yield deferLater(reactor, 1, lambda: None)
    pipe.close()
    return 0


@defer.inlineCallbacks
def main(_reactor, url, helper, code, mode, arg=""):
    # As a Gofer that can resume would say it (docs/protocol-extensions.md).
    versions = {"gofer": {"protocol": 1, "features": ["resume-v1"]}} if mode == "resume" else {}
    w = wormhole.create(APPID, url, reactor, versions=versions)
    w.set_code(code)
    run = as_receiver if mode.startswith("ack-") or mode in ("answer", "resume") else as_sender

    @defer.inlineCallbacks
    def go():
        yield w.get_verifier()
        return (yield run(w, helper, mode, arg))

    d = go()
    yield peerlib.run_and_exit(w, d, 15 if mode in ("json", "raw") else TIMEOUT)


if __name__ == "__main__":
    react(main, sys.argv[1:])
