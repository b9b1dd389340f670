#!/usr/bin/python3
# evil-relay.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A transit relay that attacks the records it carries.

    evil-relay.py PORT_FILE MODE [N]

Listens on 127.0.0.1 (a free port, written to PORT_FILE), pairs connections
that send the same "please relay TOKEN for side SIDE" line like the real
relay, answers "ok", and forwards. It parses what it forwards: the first
line(s) a side writes tell its role ("transit sender ..." / "transit
receiver ..."); after the handshakes and the sender's "go", the bytes are
length-prefixed records. MODE says what happens to record N (0-based, in
the sender->receiver direction unless said otherwise):

    pass       forward everything untouched (the control case)
    corrupt    flip one bit of record N's ciphertext
    replay     send record N twice
    reorder    swap records N and N+1
    drop       leave out record N
    truncate   send half of record N, then close both sides
    length     replace record N's length with 0xfffffff0 (a lying length)
    stall      stop forwarding at record N but keep both connections open
    ack        flip one bit of the receiver's first record (the final ack)
    handshake  change one character of the sender's handshake
    slow       forward at N KiB/s (for faults in the middle of a transfer)

Prints one line per event to stdout ("PAIRED", "TAMPERED <what>",
"CLOSED"), flushes after each, and runs until killed.
"""

import asyncio
import os
import struct
import sys
import time

MODE = "pass"
N = 0


def say(*words):
    print(*words, flush=True)


class Direction:
    """Parses one direction of a paired connection and applies MODE."""

    def __init__(self, writer, other_writer):
        self.writer = writer
        self.other_writer = other_writer
        self.buf = b""
        self.role = None          # "sender" or "receiver" once known
        self.preamble_done = False
        self.record = 0
        self.held = None          # a record kept back for "reorder"
        self.stalled = False

    def preamble_length(self):
        """Bytes of handshake (and "go\\n" for the sender) at the start, or None."""
        end = self.buf.find(b"\n\n")
        if end < 0:
            return None
        if self.role is None:
            self.role = "sender" if self.buf.startswith(b"transit sender") else "receiver"
        length = end + 2
        if self.role == "sender":
            if len(self.buf) < length + 3:
                return None
            length += 3           # "go\n" (or "nevermind\n": the sender decides)
        return length

    def out(self, data):
        self.other_writer.write(data)

    def feed(self, data):
        if self.stalled:
            return
        self.buf += data
        if not self.preamble_done:
            length = self.preamble_length()
            if length is None:
                return
            pre = self.buf[:length]
            self.buf = self.buf[length:]
            if MODE == "handshake" and self.role == "sender":
                pre = pre[:20] + (b"0" if pre[20:21] != b"0" else b"1") + pre[21:]
                say("TAMPERED handshake")
            self.out(pre)
            self.preamble_done = True
        while len(self.buf) >= 4:
            (length,) = struct.unpack(">I", self.buf[:4])
            if len(self.buf) < 4 + length:
                return
            rec = self.buf[:4 + length]
            self.buf = self.buf[4 + length:]
            self.handle(rec)
            self.record += 1
            if self.stalled:
                return

    def handle(self, rec):
        i = self.record
        targeted = (self.role == "sender" and MODE != "ack") or (self.role == "receiver" and MODE == "ack")
        if not targeted or MODE in ("pass", "slow", "handshake") or (i != N and not (MODE == "reorder" and i == N + 1)):
            self.out(rec)
            return
        if MODE in ("corrupt", "ack"):
            rec = bytearray(rec)
            rec[-1] ^= 0x01
            self.out(bytes(rec))
            say("TAMPERED corrupt record", i)
        elif MODE == "replay":
            self.out(rec)
            self.out(rec)
            say("TAMPERED replayed record", i)
        elif MODE == "reorder":
            if i == N:
                self.held = rec
            else:
                self.out(rec)
                self.out(self.held)
                say("TAMPERED swapped records", N, N + 1)
        elif MODE == "drop":
            say("TAMPERED dropped record", i)
        elif MODE == "length":
            self.out(struct.pack(">I", 0xFFFFFFF0) + rec[4:])
            say("TAMPERED length of record", i)
        elif MODE == "truncate":
            self.out(rec[:len(rec) // 2])
            say("TAMPERED truncated record", i)
            self.writer.close()
            raise ConnectionAbortedError("truncate")
        elif MODE == "stall":
            self.stalled = True
            say("TAMPERED stalled at record", i)


waiting = {}


async def pump(reader, direction, rate):
    try:
        while True:
            data = await reader.read(16384 if not rate else min(16384, rate))
            if not data:
                break
            direction.feed(data)
            await direction.other_writer.drain()
            if rate:
                await asyncio.sleep(len(data) / rate)
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        if not direction.stalled:
            direction.other_writer.close()


async def serve(reader, writer):
    try:
        line = await reader.readline()
    except ConnectionError:
        return
    if not line.startswith(b"please relay "):
        writer.write(b"bad handshake\n")
        writer.close()
        return
    token = line.split()[2]
    if token in waiting:
        other_reader, other_writer, ready = waiting.pop(token)
        writer.write(b"ok\n")
        other_writer.write(b"ok\n")
        say("PAIRED")
        rate = N * 1024 if MODE == "slow" else 0
        a = Direction(other_writer, writer)
        b = Direction(writer, other_writer)
        await asyncio.gather(pump(other_reader, a, rate), pump(reader, b, rate))
        say("CLOSED")
        ready.set_result(None)
    else:
        ready = asyncio.get_running_loop().create_future()
        waiting[token] = (reader, writer, ready)
        await ready


async def main(port_file):
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(port_file + ".tmp", port_file)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    MODE = sys.argv[2]
    N = int(sys.argv[3]) if len(sys.argv) > 3 else (64 if MODE == "slow" else 1)
    asyncio.run(main(sys.argv[1]))
