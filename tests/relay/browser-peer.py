#!/usr/bin/python3
# browser-peer.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A stand-in for a browser client (wormhole-rs on wormhole.page, Winden):
the mailbox part on the Debian `wormhole` library, the transit part over
one WebSocket to a transit relay and nothing else, since a browser can
neither listen nor open TCP connections.

    browser-peer.py send MAILBOX_URL WS_TRANSIT_URL CODE FILE
    browser-peer.py receive MAILBOX_URL WS_TRANSIT_URL CODE OUTDIR

Its transit hints are one relay hint holding only
{"type": "websocket", "url": WS_TRANSIT_URL} (the Rust spelling), its
abilities only relay-v1. On the WebSocket, binary messages carry exactly
the bytes a TCP relay connection would: "please relay TOKEN for side
SIDE\\n", "ok\\n", the transit handshake, records; it splits them across
messages at random, since message boundaries mean nothing. Receiving, it
reads at most $BROWSER_PEER_READ_RATE bytes a second when that is set. Prints
"SENT <n> bytes" or "GOT <name> <n> bytes"; exit status 0 on success, 4
on failure, 9 on timeout.
"""

import base64
import hashlib
import json
import os
import random
import socket
import struct
import sys
import time
from binascii import hexlify
from urllib.parse import urlsplit

from nacl.secret import SecretBox
from twisted.internet import defer, reactor, threads
from twisted.internet.task import react

import wormhole
from wormhole.transit import (build_receiver_handshake, build_sender_handshake,
                              build_sided_relay_handshake)
from wormhole.util import HKDF, bytes_to_dict, dict_to_bytes

APPID = "lothar.com/wormhole/text-or-file-xfer"
TIMEOUT = int(os.environ.get("BROWSER_PEER_TIMEOUT", "80"))
CHUNK = 256 * 1024


def say(*words):
    print(*words, flush=True)


def xor_mask(data, mask):
    n = len(data)
    if n == 0:
        return data
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")


class WebSocket:
    """A blocking RFC 6455 client: binary messages out, a byte stream in."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path or "/"
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\nOrigin: https://wormhole.page\r\n\r\n"
                           % (path, parts.hostname, parts.port, key)).encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = self.sock.recv(4096)
            if not d:
                raise EOFError("closed during the WebSocket handshake")
            buf += d
        head, self.raw = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise IOError("WebSocket handshake failed: %r" % head)
        self.stream = b""
        self.closed = False
        self.messages_in = 0

    def send(self, payload, opcode=2):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        self.sock.sendall(head + mask + xor_mask(payload, mask))

    def send_split(self, data):
        """@data in one to three binary messages."""
        cuts = sorted(random.sample(range(1, len(data)), min(2, len(data) - 1))) if len(data) > 1 else []
        start = 0
        for cut in cuts + [len(data)]:
            self.send(data[start:cut])
            start = cut

    def _frame(self):
        while True:
            if len(self.raw) >= 2:
                n = self.raw[1] & 0x7F
                off = 2
                if n == 126 and len(self.raw) >= 4:
                    n, off = struct.unpack("!H", self.raw[2:4])[0], 4
                elif n == 127 and len(self.raw) >= 10:
                    n, off = struct.unpack("!Q", self.raw[2:10])[0], 10
                if n < 126 or off > 2:
                    if len(self.raw) >= off + n:
                        op = self.raw[0] & 0x0F
                        payload = self.raw[off:off + n]
                        self.raw = self.raw[off + n:]
                        return op, payload
            d = self.sock.recv(1 << 20)
            if not d:
                return None, b""
            self.raw += d

    def recv_exact(self, n):
        while len(self.stream) < n and not self.closed:
            op, payload = self._frame()
            if op is None or op == 8:
                self.closed = True
            elif op == 9:
                self.send(payload, 10)
            elif op == 1:
                raise IOError("text message on a transit WebSocket")
            elif op in (0, 2):
                self.messages_in += 1
                self.stream += payload
        if len(self.stream) < n:
            raise EOFError("transit WebSocket closed after %d of %d bytes" % (len(self.stream), n))
        out, self.stream = self.stream[:n], self.stream[n:]
        return out

    def close(self):
        try:
            self.send(struct.pack("!H", 1000), 8)
            self.sock.settimeout(5)
            while self._frame()[0] not in (None, 8):
                pass
        except OSError:
            pass
        self.sock.close()


class Records:
    def __init__(self, ws, key, sender):
        mine, theirs = ((b"transit_record_sender_key", b"transit_record_receiver_key") if sender
                        else (b"transit_record_receiver_key", b"transit_record_sender_key"))
        self.ws = ws
        self.send_box = SecretBox(HKDF(key, SecretBox.KEY_SIZE, CTXinfo=mine))
        self.recv_box = SecretBox(HKDF(key, SecretBox.KEY_SIZE, CTXinfo=theirs))
        self.send_nonce = 0
        self.recv_nonce = 0

    def send(self, plain):
        nonce = self.send_nonce.to_bytes(SecretBox.NONCE_SIZE, "big")
        self.send_nonce += 1
        sealed = self.send_box.encrypt(plain, nonce)
        self.ws.send_split(struct.pack(">L", len(sealed)) + bytes(sealed))

    def receive(self):
        n = struct.unpack(">L", self.ws.recv_exact(4))[0]
        sealed = self.ws.recv_exact(n)
        nonce = int(hexlify(sealed[:SecretBox.NONCE_SIZE]), 16)
        if nonce != self.recv_nonce:
            raise IOError("record nonce %d, expected %d" % (nonce, self.recv_nonce))
        self.recv_nonce += 1
        return self.recv_box.decrypt(sealed)


def transit(url, key, sender):
    """Relay handshake and transit handshake over the WebSocket."""
    side = hexlify(os.urandom(8)).decode()
    ws = WebSocket(url)
    ws.send_split(build_sided_relay_handshake(key, side))
    ok = ws.recv_exact(3)
    if ok != b"ok\n":
        raise IOError("relay answered %r" % ok)
    mine = build_sender_handshake(key) if sender else build_receiver_handshake(key)
    theirs = build_receiver_handshake(key) if sender else build_sender_handshake(key) + b"go\n"
    ws.send_split(mine)
    got = ws.recv_exact(len(theirs))
    if got != theirs:
        raise IOError("unexpected transit handshake %r" % got)
    if sender:
        ws.send_split(b"go\n")
    return ws, Records(ws, key, sender)


def send_file(url, key, path):
    ws, records = transit(url, key, True)
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            records.send(chunk)
    ack = json.loads(records.receive())
    ws.close()
    if ack.get("ack") != "ok" or ack.get("sha256", digest.hexdigest()) != digest.hexdigest():
        raise IOError("bad ack %r" % ack)
    return size


def receive_file(url, key, path, size):
    ws, records = transit(url, key, False)
    digest = hashlib.sha256()
    got = 0
    # A slow reader (a phone on a poor network): BROWSER_PEER_READ_RATE
    # bytes a second at most.
    rate = int(os.environ.get("BROWSER_PEER_READ_RATE", "0"))
    start = time.monotonic()
    with open(path, "wb") as f:
        while got < size:
            record = records.receive()
            got += len(record)
            digest.update(record)
            f.write(record)
            if rate:
                ahead = got / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
    records.send(dict_to_bytes({"ack": "ok", "sha256": digest.hexdigest()}))
    ws.close()
    return got, ws.messages_in


def transit_message(ws_url):
    return {"transit": {"abilities-v1": [{"type": "relay-v1"}],
                        "hints-v1": [{"type": "relay-v1", "name": None,
                                      "hints": [{"type": "websocket", "url": ws_url}]}]}}


@defer.inlineCallbacks
def expect(w, kind):
    while True:
        message = bytes_to_dict((yield w.get_message()))
        if "error" in message:
            raise IOError("peer error: %s" % message["error"])
        if kind in message:
            return message[kind]
        say("IGNORED", next(iter(message), "?"))


@defer.inlineCallbacks
def do_send(w, ws_url, path):
    key = w.derive_key(APPID + "/transit-key", SecretBox.KEY_SIZE)
    w.send_message(dict_to_bytes(transit_message(ws_url)))
    w.send_message(dict_to_bytes({"offer": {"file": {"filename": os.path.basename(path),
                                                     "filesize": os.path.getsize(path)}}}))
    yield expect(w, "transit")
    answer = yield expect(w, "answer")
    if answer.get("file_ack") != "ok":
        raise IOError("answer %r" % answer)
    size = yield threads.deferToThread(send_file, ws_url, key, path)
    say("SENT", size, "bytes")


@defer.inlineCallbacks
def do_receive(w, ws_url, outdir):
    key = w.derive_key(APPID + "/transit-key", SecretBox.KEY_SIZE)
    w.send_message(dict_to_bytes(transit_message(ws_url)))
    yield expect(w, "transit")
    offer = yield expect(w, "offer")
    name = os.path.basename(offer["file"]["filename"])
    size = offer["file"]["filesize"]
    w.send_message(dict_to_bytes({"answer": {"file_ack": "ok"}}))
    got, messages = yield threads.deferToThread(receive_file, ws_url, key,
                                                os.path.join(outdir, name), size)
    say("GOT", name, got, "bytes", "in", messages, "messages")


@defer.inlineCallbacks
def main(_reactor, mode, url, ws_url, code, arg):
    w = wormhole.create(APPID, url, reactor)
    w.set_code(code)

    @defer.inlineCallbacks
    def go():
        yield w.get_verifier()
        if mode == "send":
            yield do_send(w, ws_url, arg)
        else:
            yield do_receive(w, ws_url, arg)

    d = go()
    timer = reactor.callLater(TIMEOUT, d.cancel)
    status = 0
    try:
        yield d
    except defer.CancelledError:
        say("TIMEOUT")
        status = 9
    except Exception as e:
        say("FAILED", type(e).__name__, str(e))
        status = 4
    if timer.active():
        timer.cancel()
    try:
        yield w.close()
    except Exception:
        pass
    sys.exit(status)


if __name__ == "__main__":
    react(main, sys.argv[1:])
