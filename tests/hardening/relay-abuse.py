#!/usr/bin/python3
# relay-abuse.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay under abuse, with a legitimate transfer through it each time.

    relay-abuse.py GOFER_RELAY GOFER

Attackers use their own loopback addresses (127.0.0.2 and up) so that the
per-address limits apply to them and not to the legitimate client on
127.0.0.1: a flood of mailbox connections, a flood of transit connections
that never pair, slow clients that never finish their HTTP request, oversize
WebSocket frames, nameplate exhaustion and a mailbox flooded with messages.
While each attack holds, `gofer send` and `gofer receive` move a file
through the relay's mailbox server and transit relay (--no-listen on both).
The counts are bounded; every attack stops by itself.
"""

import base64
import json
import os
import resource
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
import relaytest as rt  # noqa: E402

tap = rt.Tap()
rt.require_private_network(tap)
relay_binary, gofer = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
scratch = rt.workdir("abuse")
APP = "lothar.com/wormhole/text-or-file-xfer"
MAX_CONNECTIONS = 40
MAX_MAILBOXES = 8

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))

relay = rt.Relay(relay_binary, scratch, args=[
    "--max-connections-per-address", str(MAX_CONNECTIONS),
    "--max-mailboxes-per-address", str(MAX_MAILBOXES),
    "--max-messages-per-mailbox", "200",
    "--max-message-size", "65536",
    "--transit-max-wait", "60"]).start()
payload = rt.make_random_file(os.path.join(scratch, "payload.bin"), 200 * 1024)
case_no = [0]


def legit(what):
    """A real transfer from 127.0.0.1 while the attack holds."""
    case_no[0] += 1
    code = "%d-legit-transfer" % (900 + case_no[0])
    send = rt.gofer_cmd(gofer, relay, "send", "--hide-progress", "--no-listen", "--code", code, payload)
    recv = rt.gofer_cmd(gofer, relay, "receive", "--hide-progress", "--no-listen", "--accept-file", code)
    ok, sender, receiver, recv_dir = rt.transfer(tap, "legit-%d" % case_no[0], send, recv, scratch,
                                                 timeout=60)
    got = os.path.join(recv_dir, "payload.bin")
    ok = ok and os.path.exists(got) and rt.sha256_file(got) == rt.sha256_file(payload)
    tap.ok(ok, "%s: a legitimate transfer still goes through" % what)


def connect_from(source, port):
    s = socket.socket()
    s.bind((source, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s


def ws_from(source):
    """A WebSocket from @source; returns (socket, first frame text) or (socket, None)."""
    s = connect_from(source, relay.mailbox_port)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % key).encode())
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            d = s.recv(4096)
            if not d:
                return s, None
            buf += d
        rest = buf.split(b"\r\n\r\n", 1)[1]
        while len(rest) < 2:
            rest += s.recv(4096)
        opcode, length = rest[0] & 0x0F, rest[1] & 0x7F
        while len(rest) < 2 + length:
            rest += s.recv(4096)
        return s, (rest[2:2 + length].decode("utf-8", "replace") if opcode == 1 else None)
    except (socket.timeout, ConnectionError):
        return s, None


def ws_send(s, obj=None, payload=None):
    data = payload if payload is not None else json.dumps(obj).encode()
    mask = os.urandom(4)
    head = bytes([0x81])
    if len(data) < 126:
        head += bytes([0x80 | len(data)])
    elif len(data) < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", len(data))
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
    s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


def ws_read_all(s, wait=0.5):
    """Every text frame that arrives within @wait seconds, as objects."""
    s.settimeout(wait)
    buf = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            buf += d
    except (socket.timeout, ConnectionError):
        pass
    out = []
    while len(buf) >= 2:
        length = buf[1] & 0x7F
        at = 2
        if length == 126:
            length, at = struct.unpack(">H", buf[2:4])[0], 4
        elif length == 127:
            length, at = struct.unpack(">Q", buf[2:10])[0], 10
        if len(buf) < at + length:
            break
        if buf[0] & 0x0F == 1:
            out.append(json.loads(buf[at:at + length]))
        buf = buf[at + length:]
    return out


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


# 1. A flood of mailbox connections from one address.
socks, welcomed = [], 0
for _ in range(MAX_CONNECTIONS * 3):
    s, first = ws_from("127.0.0.2")
    socks.append(s)
    welcomed += first is not None and '"welcome"' in first
tap.ok(welcomed == MAX_CONNECTIONS, "connection flood: %d of %d connections served (the limit)"
       % (welcomed, MAX_CONNECTIONS * 3))
tap.ok("--max-connections-per-address=%d reached" % MAX_CONNECTIONS in relay.log(),
       "connection flood: the limit is logged")
legit("connection flood")
close_all(socks)

# 2. A flood of transit connections that never find a partner.
socks, answers = [], {}
for i in range(MAX_CONNECTIONS * 3):
    s = connect_from("127.0.0.3", relay.transit_port)
    s.sendall(b"please relay %064x for side %016x\n" % (i, i))
    socks.append(s)
time.sleep(0.5)
for s in socks:
    s.settimeout(0.05)
    try:
        answers[s] = s.recv(100)
    except socket.timeout:
        answers[s] = None
    except ConnectionError:     # closed with our line unread: a reset
        answers[s] = b""
refused = sum(1 for a in answers.values() if a == b"")
tap.ok(refused == MAX_CONNECTIONS * 2,
       "transit flood: connections over the limit are closed (%d of %d)" % (refused, len(socks)))
legit("transit flood")
close_all(socks)

# 3. Slow clients: HTTP requests that never end, one header byte at a time.
socks = [connect_from("127.0.0.4", relay.mailbox_port) for _ in range(300)]
for s in socks:
    s.sendall(b"GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
for _ in range(3):
    for s in socks:
        try:
            s.sendall(b"a")
        except OSError:
            pass
    time.sleep(0.5)
legit("300 slow clients")
open_count = 0
for s in socks:
    s.settimeout(0.01)
    try:
        open_count += s.recv(1) != b""
    except socket.timeout:
        open_count += 1
    except OSError:
        pass
tap.diag("slow clients: %d of 300 unfinished HTTP requests still held open by the relay" % open_count)
close_all(socks)
socks = [connect_from("127.0.0.4", relay.transit_port) for _ in range(100)]
for s in socks:
    s.sendall(b"please rel")
legit("100 transit clients stuck in their handshake")
close_all(socks)

# 4. Oversize WebSocket frames.
closed = 0
for _ in range(5):
    s, _first = ws_from("127.0.0.5")
    try:
        ws_send(s, payload=b"x" * (2 * 1024 * 1024))
    except OSError:
        pass
    s.settimeout(3)
    try:
        while s.recv(65536):
            pass
        closed += 1
    except (socket.timeout, ConnectionError):
        closed += 1
    s.close()
tap.ok(closed == 5, "oversize frames: each such connection is closed")
legit("after oversize frames")

# 5. Nameplate exhaustion: one address allocates and claims all it can.
socks, got, errors = [], 0, []
for i in range(MAX_MAILBOXES * 3):
    s, _first = ws_from("127.0.0.6")
    ws_send(s, {"type": "bind", "appid": APP, "side": "%010x" % i, "id": "b"})
    ws_send(s, {"type": "allocate", "id": "a"} if i % 2 else
            {"type": "claim", "nameplate": str(1000 + i), "id": "c"})
    for m in ws_read_all(s, 0.2):
        if m.get("type") in ("allocated", "claimed"):
            got += 1
        elif m.get("type") == "error":
            errors.append(m.get("error"))
    socks.append(s)
tap.ok(got == MAX_MAILBOXES and len(errors) == MAX_MAILBOXES * 2,
       "nameplate exhaustion: %d nameplates granted, %d refused" % (got, len(errors)), str(errors[:3]))
legit("nameplates exhausted by another address")
close_all(socks)

# 6. A mailbox flooded with messages.
s, _first = ws_from("127.0.0.7")
ws_send(s, {"type": "bind", "appid": APP, "side": "f100d", "id": "b"})
ws_send(s, {"type": "claim", "nameplate": "2999", "id": "c"})
mailbox = [m for m in ws_read_all(s, 0.3) if m.get("type") == "claimed"]
refused = 0
if mailbox:
    ws_send(s, {"type": "open", "mailbox": mailbox[0]["mailbox"], "id": "o"})
    for i in range(400):
        ws_send(s, {"type": "add", "phase": str(i), "body": "00" * 100, "id": i})
    refused = sum(1 for m in ws_read_all(s, 1.0) if m.get("type") == "error")
tap.ok(refused == 200, "message flood: adds over the limit are refused (%d of 400)" % refused)
legit("a mailbox flooded with messages")
s.close()

tap.ok(relay.alive(), "the relay never crashed")
tap.ok(relay.stop() == 0, "the relay stops cleanly")
rt.finish(tap, scratch)
