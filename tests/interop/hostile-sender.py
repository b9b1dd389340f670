#!/usr/bin/python3
"""A malicious Magic Wormhole file sender, on the Debian `wormhole` library.

    hostile-sender.py MAILBOX_URL CODE OFFER_JSON [PAYLOAD [MODE [N]]]

OFFER_JSON is the body of the "offer" message exactly as it goes on the wire
(JSON text, so names may carry \\u001b and friends). PAYLOAD is a file whose
bytes are streamed over transit once the receiver answers file_ack. MODE:

    exact      send PAYLOAD, then wait for the final ack (default)
    straddle   send PAYLOAD plus N extra bytes in the same last record
    after      send PAYLOAD, then one more record of N bytes
    short      send only the first N bytes of PAYLOAD, then hang up

Prints, one per line, what it saw: "PEER-ERROR <text>" (an {"error"} from the
receiver), "ANSWER <json>", "ACK <json>" (the final ack record), "CLOSED
<why>" (transit closed before an ack). Exit status: 0 ack ok, 2 peer error
message, 3 transit closed or no ack, 4 a local failure, 9 timed out.
"""
import json
import sys

from twisted.internet import defer, reactor
from twisted.internet.task import react, deferLater

import peerlib  # noqa: E402
from peerlib import APPID, say  # noqa: E402
import wormhole
from wormhole.transit import TransitSender
from wormhole.util import bytes_to_dict, dict_to_bytes

CHUNK = 16384
TIMEOUT = 40



def records(data, mode, n):
    """The plaintext records to send for MODE."""
    if mode == "short":
        data = data[:n]
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]
    if mode == "straddle":
        extra = b"X" * n
        if chunks:
            chunks[-1] = chunks[-1] + extra
        else:
            chunks = [extra]
    elif mode == "after":
        chunks.append(b"Y" * n)
    return chunks


@defer.inlineCallbacks
def wait_for_answer(w, ts):
    """Reads mailbox messages until an answer; returns the exit status to use
    instead of going on (or None to go on)."""
    while True:
        message = bytes_to_dict((yield w.get_message()))
        if "error" in message:
            say("PEER-ERROR", message["error"])
            return 2
        if "transit" in message:
            ts.add_connection_hints(message["transit"].get("hints-v1", []))
        if "answer" in message:
            say("ANSWER", json.dumps(message["answer"]))
            return None


def watch_hangup(pipe):
    """A Deferred that fires when the receiver hangs up: the library leaves a
    pending receive_record() waiting forever in that case."""
    lost = defer.Deferred()
    lost_before = pipe.connectionLost

    def connection_lost(reason=None):
        lost_before(reason)
        if not lost.called:
            lost.callback(None)

    pipe.connectionLost = connection_lost
    return lost


@defer.inlineCallbacks
def ack_or_hangup(pipe):
    """The final ack as a dict, or None if the connection closed first."""
    got = pipe.receive_record()
    try:
        record, index = yield defer.DeferredList([got, pipe.hangup], fireOnOneCallback=True,
                                                 fireOnOneErrback=True, consumeErrors=True)
    except defer.FirstError:
        return None
    if index != 0:
        return None
    return bytes_to_dict(record)


@defer.inlineCallbacks
def stream(ts, payload, mode, n):
    pipe = yield ts.connect()
    pipe.hangup = watch_hangup(pipe)
    for chunk in records(payload, mode, n):
        pipe.send_record(chunk)
        # Let the reactor write: the receiver may hang up half way.
        yield deferLater(reactor, 0, lambda: None)
    if mode == "short":
        yield deferLater(reactor, 0.5, lambda: None)
        pipe.close()
        say("CLOSED", "sender hung up after %d bytes" % n)
        return 3
    ack = yield ack_or_hangup(pipe)
    if ack is None:
        say("CLOSED", "receiver hung up without an ack")
        return 3
    say("ACK", json.dumps(ack))
    pipe.close()
    return 0 if ack.get("ack") == "ok" else 3


@defer.inlineCallbacks
def run(w, url, code, offer, payload, mode, n):
    w.set_code(code)
    yield w.get_verifier()
    ts = TransitSender(None, no_listen=False, reactor=reactor)
    hints = yield ts.get_connection_hints()
    w.send_message(dict_to_bytes({"transit": {
        "abilities-v1": ts.get_connection_abilities(), "hints-v1": hints}}))
    ts.set_transit_key(w.derive_key(APPID + "/transit-key", ts.TRANSIT_KEY_LENGTH))
    w.send_message(dict_to_bytes({"offer": offer}))
    status = yield wait_for_answer(w, ts)
    if status is None:
        status = yield stream(ts, payload, mode, n)
    return status


@defer.inlineCallbacks
def main(_reactor, url, code, offer_json, payload_path=None, mode="exact", n="0"):
    offer = json.loads(offer_json)
    payload = b""
    if payload_path:
        with open(payload_path, "rb") as f:
            payload = f.read()
    w = wormhole.create(APPID, url, reactor)
    d = run(w, url, code, offer, payload, mode, int(n))
    yield peerlib.run_and_exit(w, d, TIMEOUT)


if __name__ == "__main__":
    react(main, sys.argv[1:])
