#!/usr/bin/python3
# test-transit-ws.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay's WebSocket transit (--transit-ws-port) and gofer's
WebSocket relay hints (#14 item 5): a WebSocket side pairs with a TCP side
and with another WebSocket side under the TCP rules, and a browser-style
client whose only transit is one WebSocket (browser-peer.py) sends a file
to `gofer receive` and receives one from `gofer send`, byte for byte. A
slow reader slows its sender down instead of filling the relay's or
gofer's memory (back-pressure)."""

import hashlib
import importlib.util
import os
import re
import socket
import struct
import sys
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
binary = sys.argv[1]
gofer = os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
scratch = rt.workdir("transit-ws")
usage_log = os.path.join(scratch, "usage.jsonl")

spec = importlib.util.spec_from_file_location("browser_peer", os.path.join(here, "browser-peer.py"))
bp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bp)

relay = rt.Relay(binary, scratch, args=["--transit-ws-port", "0", "--usage-log", usage_log]).start()
ports = re.findall(r"transit relay listening on ws://[^ ]*:(\d+)/", relay.log())
tap.ok(len(ports) == 1, "the relay logs its WebSocket transit URL", relay.log())
ws_port = int(ports[0]) if ports else 0
ws_url = "ws://127.0.0.1:%d/" % ws_port

TOKEN = hashlib.sha256(b"pairing").hexdigest()


def rss(pid):
    """A process's resident memory in MiB (0 once it is gone)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for entry in f:
                if entry.startswith("VmRSS:"):
                    return int(entry.split()[1]) // 1024
    except OSError:
        pass
    return 0


def line(side=None, token=TOKEN):
    return ("please relay %s%s\n" % (token, " for side " + side if side else "")).encode()


def tcp(data=None):
    s = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
    if data:
        s.sendall(data)
    return s


def tcp_read(s, n):
    buf = b""
    while len(buf) < n:
        d = s.recv(n - len(buf))
        if not d:
            break
        buf += d
    return buf


def ws(data=None):
    w = bp.WebSocket(ws_url)
    w.sock.settimeout(5)
    if data:
        w.send_split(data)
    return w


def ws_read(w, n):
    try:
        return w.recv_exact(n)
    except (EOFError, OSError) as e:
        return repr(e).encode()


# A WebSocket side and a TCP side.
a = ws(line("a" * 16))
time.sleep(0.2)
b = tcp(line("b" * 16))
tap.ok(ws_read(a, 3) == b"ok\n", "WebSocket side gets ok from a TCP partner")
tap.ok(tcp_read(b, 3) == b"ok\n", "TCP side gets ok from a WebSocket partner")
big = os.urandom(3 * 1024 * 1024 + 7)
a.send_split(big[:1000])
a.send(big[1000:])
tap.ok(tcp_read(b, len(big)) == big, "3 MiB WebSocket → TCP arrive intact")
b.sendall(big)
tap.ok(ws_read(a, len(big)) == big, "3 MiB TCP → WebSocket arrive intact")
b.close()
a.sock.settimeout(5)
try:
    a.recv_exact(1)
    closed = False
except (EOFError, OSError):
    closed = True
tap.ok(closed, "the TCP side closing closes the WebSocket")
a.sock.close()

# TCP first, WebSocket second, and the WebSocket side closes first.
b = tcp(line("c" * 16, TOKEN[::-1]))
time.sleep(0.2)
a = ws(line("d" * 16, TOKEN[::-1]))
tap.ok(tcp_read(b, 3) == b"ok\n" and ws_read(a, 3) == b"ok\n", "TCP first, then WebSocket: paired")
a.send(b"last words")
a.close()
tap.ok(tcp_read(b, 20) == b"last words", "the WebSocket closing delivers its bytes, then EOF")
b.close()

# Two WebSocket sides, the handshake line split across messages.
t2 = hashlib.sha256(b"two").hexdigest()
a = ws()
for piece in (line("e" * 16, t2)[:5], line("e" * 16, t2)[5:50], line("e" * 16, t2)[50:]):
    a.send(piece)
b = ws(line("f" * 16, t2))
tap.ok(ws_read(a, 3) == b"ok\n" and ws_read(b, 3) == b"ok\n", "two WebSocket sides pair")
a.send(b"ping")
tap.ok(ws_read(b, 4) == b"ping", "WebSocket → WebSocket")
a.close()
b.close()

# The same side twice does not pair; an unsided one pairs with either.
t3 = hashlib.sha256(b"same").hexdigest()
a = ws(line("g" * 16, t3))
b = tcp(line("g" * 16, t3))
b.settimeout(1)
try:
    got = b.recv(3)
except socket.timeout:
    got = b"timeout"
tap.ok(got == b"timeout", "one side on WebSocket and TCP does not pair with itself", got)
c = tcp(line(None, t3))
tap.ok(tcp_read(c, 3) == b"ok\n", "an unsided TCP handshake pairs with the WebSocket side")
for s in (b, c):
    s.close()
a.sock.close()

# Errors come back like on TCP.
a = ws(b"please relay nonsense\n")
tap.ok(ws_read(a, len(b"bad handshake\n")) == b"bad handshake\n", "bad handshake over WebSocket")
a.sock.close()
a = ws(line("h" * 16, hashlib.sha256(b"impatient").hexdigest()) + b"early")
tap.ok(ws_read(a, len(b"impatient\n")) == b"impatient\n", "impatient over WebSocket")
a.sock.close()
a = ws()
a.send(b"please relay", opcode=1)
a.sock.settimeout(3)
try:
    a.recv_exact(1)
    closed = False
except (EOFError, OSError):
    closed = True
tap.ok(closed, "a text message closes a transit WebSocket")
a.sock.close()

# A partner that does not read: the relay stops reading the WebSocket once
# about a MiB waits for the partner (the bridge pauses the wire), so the
# flooding client's TCP window fills and its writes wait; the relay holds
# no more, and closes nothing (#14: it used to take 64 MiB, then 1009).
t4 = hashlib.sha256(b"flood").hexdigest()
a = ws(line("i" * 16, t4))
b = tcp(line("j" * 16, t4))
tap.ok(ws_read(a, 3) == b"ok\n" and tcp_read(b, 3) == b"ok\n", "flood pair paired")
block = os.urandom(1 << 20)
sent = 0
rss_before = rss(relay.proc.pid)
a.sock.settimeout(3)
try:
    while sent < 100 * (1 << 20):
        a.send(block)
        sent += len(block)
except OSError:
    pass
rss_flood = rss(relay.proc.pid)
a.sock.settimeout(1)
try:
    op, payload = a._frame()
    closed_code = struct.unpack("!H", payload[:2])[0] if op == 8 and len(payload) >= 2 else op
except OSError:
    closed_code = None
tap.ok(sent < 48 * (1 << 20) and closed_code is None,
       "a WebSocket flooding a partner that does not read is slowed down, not closed "
       "(%d MiB taken, the rest waits in its TCP window)" % (sent >> 20),
       "code %s after %d bytes" % (closed_code, sent))
rt.memory_ok(tap, relay.proc.pid, rss_flood - rss_before < 16,
             "the relay holds no more for it: RSS %d → %d MiB" % (rss_before, rss_flood))
# The partner reads now: what was taken arrives, and the sender goes on.
b.settimeout(5)
drained = 0
try:
    while drained < sent // 2:
        d = b.recv(1 << 20)
        if not d:
            break
        drained += len(d)
except OSError:
    pass
tap.ok(drained >= sent // 2, "once the partner reads, the paused bytes arrive (%d MiB)" % (drained >> 20))
a.sock.close()
b.close()
tap.ok(relay.alive(), "the relay is still running")

# A browser-style client and gofer, both ways. gofer's own transit helper
# is a closed port: the WebSocket hint is the only way, and its debug log
# says it took it.
src = rt.make_sources(scratch, 4 * 1024 * 1024 + 321)
payload = os.path.join(src, "payload.bin")
peer = os.path.join(here, "browser-peer.py")
closed_helper = ["--transit-helper", "tcp:127.0.0.1:%d" % rt.free_port()]
os.environ["G_MESSAGES_DEBUG"] = "all"
used_ws = "transit: using relay " + ws_url

ok, _, receiver, recv_dir = rt.transfer(
    tap, "browser-to-gofer",
    [sys.executable, peer, "send", relay.url, ws_url, "7-browser-send", payload],
    rt.gofer_cmd(gofer, relay, *closed_helper, "receive", "--hide-progress", "--accept-file",
                 "7-browser-send", transit=False),
    scratch)
tap.ok(ok and rt.received_intact(src, recv_dir, "payload.bin"),
       "browser-style sender → gofer receive, byte for byte")
tap.ok(used_ws in receiver.output(), "gofer receive dialled the WebSocket hint",
       receiver.output()[-3000:])

ok, sender, receiver, recv_dir = rt.transfer(
    tap, "gofer-to-browser",
    rt.gofer_cmd(gofer, relay, *closed_helper, "send", "--hide-progress", "--code",
                 "7-browser-recv", payload, transit=False),
    [sys.executable, peer, "receive", relay.url, ws_url, "7-browser-recv", "."],
    scratch)
tap.ok(ok and rt.received_intact(src, recv_dir, "payload.bin"),
       "gofer send → browser-style receiver, byte for byte", receiver.output())
tap.ok(used_ws in sender.output(), "gofer send dialled the WebSocket hint",
       sender.output()[-3000:])
del os.environ["G_MESSAGES_DEBUG"]

# And with gofer's own TCP helper on the same relay: TCP pairs with WebSocket.
ok, sender, receiver, recv_dir = rt.transfer(
    tap, "gofer-tcp-to-browser",
    rt.gofer_cmd(gofer, relay, "send", "--hide-progress", "--code", "7-browser-tcp", payload),
    [sys.executable, peer, "receive", relay.url, ws_url, "7-browser-tcp", "."],
    scratch)
tap.ok(ok and rt.received_intact(src, recv_dir, "payload.bin"),
       "gofer send with a TCP helper → browser-style receiver", receiver.output())

# A hostile WebSocket transit relay: it upgrades, reads the relay line,
# then sends one binary message that never ends (64 KiB continuation
# frames, 200 MiB offered). libsoup 3.2 would reassemble it without limit;
# gofer closes with 1009 once it passes 16 MiB, and the transfer fails
# without gofer growing.
import base64  # noqa: E402
import threading  # noqa: E402

MiB = 1 << 20
hostile = {"sent": 0, "codes": []}


def hostile_conn(conn):
    conn.settimeout(10)
    request = b""
    try:
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        key = [h.split(b":", 1)[1].strip() for h in request.split(b"\r\n")
               if h.lower().startswith(b"sec-websocket-key:")][0]
        accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
        conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        reader_buf = [b""]

        def read():
            while True:
                try:
                    d = conn.recv(65536)
                except OSError:
                    return
                if not d:
                    return
                reader_buf[0] += d
                while True:
                    r = rt.parse_frame(reader_buf[0])
                    if r is None:
                        break
                    _, op, payload, _, reader_buf[0] = r
                    if op == 8:
                        hostile["codes"].append(struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005)
                        return
        threading.Thread(target=read, daemon=True).start()
        time.sleep(0.5)
        chunk = b"x" * 65536
        conn.settimeout(5)
        conn.sendall(bytes([0x02, 127]) + struct.pack("!Q", len(chunk)) + chunk)
        hostile["sent"] += len(chunk)
        cont = bytes([0x00, 127]) + struct.pack("!Q", len(chunk)) + chunk
        while hostile["sent"] < 200 * MiB:
            conn.sendall(cont)
            hostile["sent"] += len(cont)
    except OSError:
        pass
    finally:
        time.sleep(1)
        conn.close()


hostile_listener = socket.socket()
hostile_listener.bind(("127.0.0.1", 0))
hostile_listener.listen(8)
hostile_url = "ws://127.0.0.1:%d/" % hostile_listener.getsockname()[1]


def hostile_accept():
    while True:
        try:
            conn, _ = hostile_listener.accept()
        except OSError:
            return
        threading.Thread(target=hostile_conn, args=(conn,), daemon=True).start()


threading.Thread(target=hostile_accept, daemon=True).start()
base = os.path.join(scratch, "hostile-ws")
os.makedirs(os.path.join(base, "send"))
os.makedirs(os.path.join(base, "recv"))
bsender = rt.spawn([sys.executable, peer, "send", relay.url, hostile_url, "7-hostile-ws", payload],
                   os.path.join(base, "send"), "sender")
time.sleep(0.7)
receiver = rt.spawn(rt.gofer_cmd(gofer, relay, *closed_helper, "receive", "--hide-progress",
                                 "--accept-file", "7-hostile-ws", transit=False),
                    os.path.join(base, "recv"), "receiver")
peak, sanitized_run = 0, False
started = time.monotonic()
while receiver.proc.poll() is None and time.monotonic() - started < 120:
    try:
        sanitized_run = sanitized_run or rt.sanitized(receiver.proc.pid)
        with open("/proc/%d/status" % receiver.proc.pid) as f:
            for status_line in f:
                if status_line.startswith("VmHWM:"):
                    peak = max(peak, int(status_line.split()[1]))
    except OSError:
        pass
    time.sleep(0.05)
rc = receiver.wait(1)
bsender.wait(5)
hostile_listener.close()
tap.diag("hostile WebSocket relay: %.1f MiB offered, gofer receive ended with %s after %.1f s, "
         "peak RSS %.1f MiB, close codes %s" % (hostile["sent"] / MiB, rc, time.monotonic() - started,
                                              peak / 1024, hostile["codes"]))
tap.ok(rc is not None and rc > 0, "hostile WebSocket relay: gofer receive fails within 120 s (status %s)" % rc,
       receiver.output()[-2000:])
tap.ok(1009 in hostile["codes"], "hostile WebSocket relay: gofer closed its endless message with 1009 (%s)"
       % hostile["codes"])
if sanitized_run:
    tap.n += 1
    print("ok %d - hostile WebSocket relay: peak RSS # SKIP AddressSanitizer keeps freed memory" % tap.n,
          flush=True)
else:
    tap.ok(0 < peak < 64 * 1024, "hostile WebSocket relay: gofer's peak RSS %.1f MiB stays under 64 MiB"
           % (peak / 1024))
# A slow browser-style receiver (a phone on a poor network), gofer sending
# through the WebSocket hint: 96 MiB at 12 MiB/s. The relay pauses reading
# gofer's WebSocket and gofer stops reading its file; neither holds more
# than a few MiB, and the transfer completes (#14: the relay used to hold
# 64 MiB, then cut gofer off).
slow = os.path.join(scratch, "slow.bin")
with open(slow, "wb") as f:
    for _ in range(96):
        f.write(os.urandom(1 << 20))
os.environ["BROWSER_PEER_READ_RATE"] = str(12 << 20)
os.makedirs(os.path.join(scratch, "slow-recv"))
sender = rt.spawn(rt.gofer_cmd(gofer, relay, *closed_helper, "--transit-timeout", "0", "send",
                               "--hide-progress", "--code", "7-slow-reader", slow, transit=False),
                  scratch, "slow-sender")
time.sleep(0.7)
receiver = rt.spawn([sys.executable, peer, "receive", relay.url, ws_url, "7-slow-reader", "slow-recv"],
                    scratch, "slow-receiver")
base = {"gofer": rss(sender.proc.pid), "relay": rss(relay.proc.pid)}
peak = dict(base)
deadline = time.time() + 120
while receiver.proc.poll() is None and time.time() < deadline:
    time.sleep(0.5)
    peak["gofer"] = max(peak["gofer"], rss(sender.proc.pid) or 0)
    peak["relay"] = max(peak["relay"], rss(relay.proc.pid))
del os.environ["BROWSER_PEER_READ_RATE"]
rrc, src_rc = receiver.wait(120), sender.wait(30)
tap.ok(rrc == 0 and src_rc == 0 and rt.sha256_file(slow) == rt.sha256_file(os.path.join(scratch, "slow-recv", "slow.bin")),
       "gofer send → a slow WebSocket reader (12 MiB/s): 96 MiB arrive, byte for byte",
       "sender rc=%s:\n%s\nreceiver rc=%s:\n%s" % (src_rc, sender.output()[-1500:], rrc, receiver.output()[-1500:]))
rt.memory_ok(tap, relay.proc.pid, peak["relay"] - base["relay"] < 24,
             "the relay's RSS stays put meanwhile: %d → %d MiB at most" % (base["relay"], peak["relay"]))
rt.memory_ok(tap, relay.proc.pid, peak["gofer"] - base["gofer"] < 24,
             "gofer send's RSS too: %d → %d MiB at most" % (base["gofer"], peak["gofer"]))

happy = [e for e in rt.usage_events(usage_log, "transit") if e.get("result") == "happy"]
tap.ok(len(happy) >= 3, "the usage log records the WebSocket pairs as happy (%d)" % len(happy))

tap.ok(relay.stop() == 0, "the relay stops cleanly")
rt.finish(tap, scratch)
