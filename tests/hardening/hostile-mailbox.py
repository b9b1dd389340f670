#!/usr/bin/python3
# hostile-mailbox.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hostile mailbox server cannot make `gofer send` grow without bound.

    hostile-mailbox.py GOFER

The server upgrades the connection, welcomes the client, and then:

1. fragments: sends one text message that never ends, a text frame without
   FIN followed by 64 KiB continuation frames, up to 200 MiB. libsoup 3.2
   checks each frame but reassembles the message without limit, so before
   the client counted fragments itself `gofer send` grew with every byte.
   Now it closes with 1009 once the message passes 4 MiB and fails with a
   sentence.
2. pings: sends 125-byte pings and never reads. libsoup queues a pong for
   each; `gofer send` now fails once 8 MiB of them wait.
3. a server whose Sec-WebSocket-Accept is wrong is refused.

For each, `gofer send --text` must end within a bound with an error status
and its sentence, and its resident memory stay under 64 MiB (read from
VmHWM, its peak, while it runs).
"""

import base64
import hashlib
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
import relaytest as rt  # noqa: E402
from relaytest import encode_frame, parse_frame  # noqa: E402

tap = rt.Tap()
rt.require_private_network(tap)
gofer = os.path.abspath(sys.argv[1])
scratch = rt.workdir("hostile-mailbox")

MiB = 1024 * 1024
ATTACK_BYTES = 200 * MiB
RSS_LIMIT_KIB = 64 * 1024
WELCOME = b'{"type": "welcome", "welcome": {}}'


class HostileServer:
    """One connection at a time on 127.0.0.1, attacking as `mode` says."""

    def __init__(self, mode):
        self.mode = mode
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.sent = 0              # attack bytes written
        self.close_code = None     # the client's close frame, if any
        self.client_types = []     # the "type" of each text message from the client
        self.stopped_at = None     # why the attack stopped
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "ws://127.0.0.1:%d/v1" % self.port

    def serve(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            key = [line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:")][0]
            if self.mode == "bad-accept":
                key = b"not" + key
            accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            conn.sendall(encode_frame(1, WELCOME, mask=False))
            if self.mode == "bad-accept":
                time.sleep(5)
                return
            if self.mode == "pings":
                self.pings(conn)
            else:
                reader = threading.Thread(target=self.read, args=(conn,), daemon=True)
                reader.start()
                self.fragments(conn)
                reader.join(15)

    def read(self, conn):
        """Reads the client's frames until it closes."""
        buf = b""
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            buf += data
            while True:
                r = parse_frame(buf)
                if r is None:
                    break
                _, op, payload, _, buf = r
                if op == 1:
                    try:
                        import json
                        self.client_types.append(json.loads(payload).get("type"))
                    except ValueError:
                        pass
                elif op == 8:
                    self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    return

    def blast(self, conn, frames):
        """Writes frames until ATTACK_BYTES went out or the client stops
        taking them for 5 s."""
        conn.settimeout(5)
        try:
            for frame in frames:
                conn.sendall(frame)
                self.sent += len(frame)
                if self.sent >= ATTACK_BYTES:
                    self.stopped_at = "all sent"
                    return
        except socket.timeout:
            self.stopped_at = "the client stopped reading"
        except OSError as e:
            self.stopped_at = "the client closed (%s)" % e.__class__.__name__

    def fragments(self, conn):
        # Wait until the client bound, so that it is past its welcome.
        time.sleep(0.5)
        chunk = b"x" * 65536

        def frames():
            yield bytes([0x01, 127]) + struct.pack("!Q", len(chunk)) + chunk   # text, no FIN
            cont = bytes([0x00, 127]) + struct.pack("!Q", len(chunk)) + chunk  # continuation, no FIN
            while True:
                yield cont
        self.blast(conn, frames())

    def pings(self, conn):
        # Never read: the client's pongs pile up on its side.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        ping = encode_frame(9, b"p" * 125, mask=False)
        batch = ping * 512

        def frames():
            while True:
                yield batch
        self.blast(conn, frames())

    def stop(self):
        self.listener.close()


def peak_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def attack(mode, sentence, bound):
    server = HostileServer(mode)
    run = rt.spawn([gofer, "--relay-url", server.url, "send", "--text", "secret", "--code",
                    "7-guitarist-revenge"], scratch, mode)
    pid = run.proc.pid
    peak = 0
    sanitized = False
    started = time.monotonic()
    while run.proc.poll() is None and time.monotonic() - started < bound:
        try:
            sanitized = sanitized or rt.sanitized(pid)
        except OSError:
            pass
        kib = peak_rss_kib(pid)
        if kib is not None:
            peak = max(peak, kib)
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    rc = run.wait(1)
    out = run.output()
    server.thread.join(20)
    server.stop()
    tap.diag("%s: %.1f MiB sent (%s), gofer ended after %.1f s with status %s, peak RSS %.1f MiB"
             % (mode, server.sent / MiB, server.stopped_at, elapsed, rc, peak / 1024))
    tap.ok(rc is not None, "%s: gofer send ended within %d s" % (mode, bound), out[-1500:])
    tap.ok(rc is not None and rc > 0, "%s: with an error status, not a signal (status %s)" % (mode, rc),
           out[-1500:])
    tap.ok(sentence in out, "%s: and says “%s”" % (mode, sentence), out[-1500:])
    tap.ok("secret" not in out, "%s: the text was not given away" % mode)
    if sanitized:
        tap.n += 1
        print("ok %d - %s: peak RSS # SKIP AddressSanitizer keeps freed memory" % (tap.n, mode), flush=True)
    else:
        tap.ok(0 < peak < RSS_LIMIT_KIB, "%s: peak RSS %.1f MiB stays under %d MiB"
               % (mode, peak / 1024, RSS_LIMIT_KIB // 1024))
    return server


# 1. One message that never ends.
server = attack("fragments", "The relay server sent a message larger than 4 MiB", 60)
tap.ok(server.sent < 64 * MiB, "fragments: the client stopped taking the message after %.1f MiB"
       % (server.sent / MiB))
tap.ok(server.close_code == 1009, "fragments: the client closed with 1009 (got %s)" % server.close_code)
tap.ok("bind" in server.client_types, "fragments: the client had bound before the attack",
       repr(server.client_types))

# 2. Pings, and never a read.
server = attack("pings", "The relay server stopped reading what Gofer sends", 60)
tap.ok(server.sent < 100 * MiB, "pings: the client gave up after %.1f MiB of pings" % (server.sent / MiB))

# 3. A wrong Sec-WebSocket-Accept.
attack("bad-accept", "Could not reach the relay server", 30)

rt.finish(tap, scratch)
