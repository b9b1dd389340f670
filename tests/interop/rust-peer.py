#!/usr/bin/python3
# rust-peer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for the Rust clients (GNOME Warp, wormhole-rs 0.8), on the
Debian `wormhole` library, replaying what they send and in which order.

    rust-peer.py MAILBOX_URL TRANSIT_HELPER CODE OUTDIR
    rust-peer.py --send zip|tar|file MAILBOX_URL TRANSIT_HELPER CODE PATH

Receiving, like magic-wormhole.rs's transfer::request_file():
- its versions are {"abilities": ["transfer-v1", "transfer-v2"], ...};
- it speaks first, with its "transit" message, then waits;
- the next message must be "transit", or it answers with
  {"error": "Expected 'transit', but got: 'offer'"} and stops;
- then an "offer": a file is received over transit (direct or relayed) and
  acked with its SHA-256; a text offer ("message") cannot be received at all,
  so it answers with an error and stops.

Sending (--send), like transfer::v1::send_file() and send_folder(): its
"transit", then a file offer, then it waits for the peer's "transit" and
{"answer": {"file_ack": "ok"}}, sends the records as the transit leader and
checks the SHA-256 in the receiver's ack. A folder PATH goes as a file of
its own packing, as the Rust clients do: "zip" as GNOME Warp packs it
(NAME.zip, stored, the files of the folder under their relative names,
no folder entries), "tar" as wormhole-rs packs it (NAME.tar, GNU headers,
NAME/ and every entry under it, names sorted, two zero blocks at the end).

In every mode it watches the phases the other side puts in the mailbox:
wormhole-rs handles "pake" and "version" and then panics (todo!()) on any
phase that is not a number, so one ends this stand-in at once with status 6
("PANIC non-numeric phase ..."). Every message it reads must be one that
the Rust clients know (transit, offer, answer, error). At the end it prints "PHASES p1 p2 ..." (the peer's, in order).

Prints one line per event: "PEER-ERROR <text>" (an error the other side
sent), "SENT-ERROR <text>", "GOT <name> <n> bytes", "SENT <name> <n>
bytes". Exit status 0 when the file was saved in OUTDIR (or sent and
acked), 5 when it refused or was refused, 4 on any other failure, 6 on a
phase the Rust clients cannot take, 9 on timeout.
"""
import hashlib
import io
import os
import re
import sys
import tarfile
import zipfile

from twisted.internet import defer, reactor
from twisted.internet.task import react

import peerlib  # noqa: E402
from peerlib import APPID, say  # noqa: E402
import wormhole
from wormhole import _rendezvous
from wormhole.transit import TransitReceiver, TransitSender
from wormhole.util import bytes_to_dict, dict_to_bytes

RUST_VERSIONS = {"abilities": ["transfer-v1", "transfer-v2"],
                 "transfer-v2": {"supported-formats": ["plain", "tar", "tar.zst"]}}
TIMEOUT = 50
RECORD = 4096
RUST_MESSAGES = ("transit", "offer", "answer", "error")

PEER_PHASES = []


def watch_phases():
    """Records each phase the other side adds to the mailbox, and dies on
    one wormhole-rs would panic on."""
    original = _rendezvous.RendezvousConnector._response_handle_message

    def handle_message(self, msg):
        if msg.get("side") != self._side:
            phase = msg.get("phase")
            # A phase seen again (the server replays a mailbox after a
            # reconnection) is dropped, as wormhole-rs does.
            if phase in PEER_PHASES:
                return original(self, msg)
            PEER_PHASES.append(phase)
            if phase not in ("pake", "version") and not re.fullmatch(r"\d+", phase or ""):
                say("PANIC non-numeric phase", phase)
                say("PHASES", *PEER_PHASES)
                os._exit(6)
        return original(self, msg)

    _rendezvous.RendezvousConnector._response_handle_message = handle_message


@defer.inlineCallbacks
def next_message(w):
    """The next message, which must be one the Rust clients can parse."""
    message = bytes_to_dict((yield w.get_message()))
    kind = kind_of(message)
    if kind not in RUST_MESSAGES:
        say("PANIC unknown message", kind)
        say("PHASES", *PEER_PHASES)
        os._exit(6)
    return message


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

    first = yield next_message(w)
    if "error" in first:
        say("PEER-ERROR", first["error"])
        return 5
    if "transit" not in first:
        return refuse(w, "Expected 'transit', but got: '%s'" % kind_of(first))
    tr.add_connection_hints(first["transit"].get("hints-v1", []))

    second = yield next_message(w)
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


def warp_zip(folder):
    """GNOME Warp's util::zip::zip_dir(): every file (breadth first), stored,
    named relative to the folder; folders get no entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        dirs = [folder]
        while dirs:
            here = dirs.pop(0)
            for entry in sorted(os.scandir(here), key=lambda e: e.name):
                if entry.is_dir():
                    dirs.append(entry.path)
                else:
                    z.write(entry.path, os.path.relpath(entry.path, folder))
    return out.getvalue()


def rust_tar(folder, name):
    """wormhole-rs's send_folder(): GNU headers, NAME/ and everything under
    it, names sorted, then 1024 zero bytes (no padding to a record)."""
    out = io.BytesIO()
    tar = tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT)

    def add(path, arcname):
        info = tar.gettarinfo(path, arcname)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        if info.isdir():
            tar.addfile(info)
            for child in sorted(os.listdir(path)):
                add(os.path.join(path, child), arcname + "/" + child)
        else:
            with open(path, "rb") as f:
                tar.addfile(info, f)

    add(folder, name)
    end = tar.offset
    return out.getvalue()[:end] + b"\0" * 1024


@defer.inlineCallbacks
def send(w, helper, data, name):
    ts = TransitSender(helper, no_listen=True, reactor=reactor)
    ts.set_transit_key(w.derive_key(APPID + "/transit-key", ts.TRANSIT_KEY_LENGTH))
    hints = yield ts.get_connection_hints()
    w.send_message(dict_to_bytes({"transit": {"abilities-v1": ts.get_connection_abilities(),
                                              "hints-v1": hints}}))
    w.send_message(dict_to_bytes({"offer": {"file": {"filename": name, "filesize": len(data)}}}))

    first = yield next_message(w)
    if "error" in first:
        say("PEER-ERROR", first["error"])
        return 5
    if "transit" not in first:
        return refuse(w, "Expected 'transit', but got: '%s'" % kind_of(first))
    ts.add_connection_hints(first["transit"].get("hints-v1", []))
    second = yield next_message(w)
    if "error" in second:
        say("PEER-ERROR", second["error"])
        return 5
    if second.get("answer", {}).get("file_ack") != "ok":
        return refuse(w, "Expected 'answer/file_ack', but got: '%s'" % kind_of(second))

    pipe = yield ts.connect()
    for start in range(0, len(data), RECORD):
        pipe.send_record(data[start:start + RECORD])
    ack = bytes_to_dict((yield pipe.receive_record()))
    pipe.close()
    if ack.get("sha256") != hashlib.sha256(data).hexdigest():
        say("FAILED", "ack", ack)
        return 4
    say("SENT", name, len(data), "bytes")
    return 0


@defer.inlineCallbacks
def main(_reactor, *args):
    mode = None
    if args and args[0] == "--send":
        mode, args = args[1], args[2:]
    url, helper, code, path = args
    watch_phases()
    w = wormhole.create(APPID, url, reactor, versions=RUST_VERSIONS)
    w.set_code(code)

    if mode == "zip":
        data, name = warp_zip(path), os.path.basename(path.rstrip("/")) + ".zip"
    elif mode == "tar":
        name = os.path.basename(path.rstrip("/"))
        data, name = rust_tar(path, name), name + ".tar"
    elif mode == "file":
        with open(path, "rb") as f:
            data, name = f.read(), os.path.basename(path)

    @defer.inlineCallbacks
    def go():
        yield w.get_verifier()
        if mode is None:
            status = yield receive(w, helper, path)
        else:
            status = yield send(w, helper, data, name)
        say("PHASES", *PEER_PHASES)
        return status

    d = go()
    yield peerlib.run_and_exit(w, d, TIMEOUT)


if __name__ == "__main__":
    react(main, sys.argv[1:])
