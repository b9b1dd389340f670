#!/usr/bin/python3
# test-limits.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every limit flag of gofer-relay refuses what it should, logs one clear
line naming the flag, and lets normal use go on; idle channels expire
(like the reference: untouched mailboxes and their nameplates are deleted,
ones with a connected client are kept); logs and the usage log never
contain codes or message bodies."""

import json
import os
import re
import socket
import sys
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole")
binary = sys.argv[1]
scratch = rt.workdir("limits")
APP = "gofer.test/limits"


def bound(relay, side):
    ws = rt.WS(relay)
    ws.send({"type": "bind", "appid": APP, "side": side, "id": "b"})
    ws.expect(1)
    return ws


def command(ws, msg, n=2):
    ws.send(msg)
    return ws.expect(n)


def errors_of(msgs):
    return [m.get("error") for m in msgs if m.get("type") == "error"]


def transit_line(token, side):
    return b"please relay %s for side %s\n" % (token.encode(), side.encode())


def read_until_closed(s, timeout):
    s.settimeout(timeout)
    data = b""
    try:
        while True:
            d = s.recv(4096)
            if not d:
                return data, True
            data += d
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, True


# Three connection threads: the per-address counts hold across them.
relay = rt.Relay(binary, scratch, args=[
    "--threads", "3",
    "--max-connections-per-address", "3", "--max-mailboxes-per-address", "2",
    "--max-messages-per-mailbox", "3", "--transit-max-wait", "1",
    "--transit-idle-timeout", "2", "--handshake-timeout", "2"]).start()

# Connections per address (mailbox and transit together).
conns = [rt.WS(relay) for _ in range(3)]
tap.ok(all(c.alive() for c in conns), "three connections from one address are served")
s = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
data, closed = read_until_closed(s, 2)
tap.ok(closed and data == b"", "a fourth (transit) connection is closed at once")
s.close()
try:
    extra = rt.WS(relay)
    extra.expect(1)
    refused = extra.closed == 1008
except (EOFError, OSError, AssertionError):
    refused = True
tap.ok(refused, "a fourth mailbox connection is closed with 1008 (policy)")
tap.ok("limit --max-connections-per-address=3 reached: refused a transit connection from 127.0.0.1"
       in relay.log(), "the refusal is logged with its flag", relay.log()[-800:])
for c in conns:
    c.sock.close()
time.sleep(0.3)

# Messages per mailbox.
ws = bound(relay, "aaaaaaaaaa")
command(ws, {"type": "open", "mailbox": "limitsmbox001", "id": "o"}, 1)
for i in range(3):
    command(ws, {"type": "add", "phase": str(i), "body": "00", "id": i})
got = command(ws, {"type": "add", "phase": "3", "body": "00"})
tap.ok(errors_of(got) == ["too many messages in this mailbox"], "fourth message refused", json.dumps(got))
tap.ok(ws.alive(), "connection stays usable")
command(ws, {"type": "close", "mood": "happy"})
ws.sock.close()

# Mailboxes per address: two live ones, the third is refused until one goes.
a = bound(relay, "bbbbbbbbbb")
b = bound(relay, "cccccccccc")
got_a = command(a, {"type": "claim", "nameplate": "41"})
got_b = command(b, {"type": "claim", "nameplate": "42"})
tap.ok([m["type"] for m in got_a + got_b] == ["ack", "claimed", "ack", "claimed"], "two mailboxes created")
c = bound(relay, "dddddddddd")
got = command(c, {"type": "claim", "nameplate": "43"})
tap.ok(errors_of(got) == ["too many mailboxes from your address"], "a third is refused", json.dumps(got))
mailbox = got_a[1]["mailbox"]
command(a, {"type": "release"})
command(a, {"type": "close", "mailbox": mailbox, "mood": "happy"})
c.sock.close()
time.sleep(0.5)   # let the relay see the close (the connection limit is 3)
c = bound(relay, "dddddddddd")
got = command(c, {"type": "claim", "nameplate": "43"})
tap.ok([m["type"] for m in got] == ["ack", "claimed"], "allowed again once one was closed", json.dumps(got))
for x in (a, b, c):
    x.sock.close()
time.sleep(0.3)

# Transit: a connection whose partner never comes, and one that never
# sends its handshake, are closed after --transit-max-wait.
token = os.urandom(32).hex()
s = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
s.sendall(transit_line(token, "1" * 16))
start = time.time()
data, closed = read_until_closed(s, 5)
tap.ok(closed and data == b"" and time.time() - start < 3, "lonely transit connection closed after 1 s")
s.close()
s = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
data, closed = read_until_closed(s, 5)
tap.ok(closed, "silent transit connection closed too")
s.close()
tap.ok(rt.wait_for(lambda: "limit --transit-max-wait=1 reached: closed a transit connection whose partner never came from 127.0.0.1" in relay.log(), 3),
       "logged with its flag", relay.log()[-800:])

# A mailbox connection that has not become a WebSocket is closed after
# --handshake-timeout, however it trickles its request. (The transit side is
# closed earlier here by --transit-max-wait; relay-abuse.py checks it.)
s = socket.create_connection(("127.0.0.1", relay.mailbox_port), timeout=5)
s.sendall(b"GET /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
start = time.time()
for _ in range(3):
    time.sleep(0.5)
    s.sendall(b"X")
data, closed = read_until_closed(s, 5)
took = time.time() - start
tap.ok(closed and data == b"" and 1.9 < took < 4, "an unfinished HTTP request is closed after 2 s",
       "%.1f s, %r" % (took, data))
s.close()
tap.ok(rt.wait_for(lambda: "limit --handshake-timeout=2 reached: closed a mailbox connection that did not "
                        "finish its WebSocket handshake from 127.0.0.1" in relay.log(), 3),
       "logged with its flag", relay.log()[-800:])

# Transit: an idle pair is closed after --transit-idle-timeout; a busy
# one is not.
token = os.urandom(32).hex()
x = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
y = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
x.sendall(transit_line(token, "2" * 16))
y.sendall(transit_line(token, "3" * 16))
tap.ok(x.recv(3) == b"ok\n" and y.recv(3) == b"ok\n", "pair formed")
for i in range(8):
    x.sendall(b"tick %d\n" % i)
    time.sleep(0.5)
data, closed = read_until_closed(y, 0.5)
tap.ok(not closed and data.count(b"tick") == 8, "a pair that keeps talking stays open past the idle timeout")
start = time.time()
data, closed = read_until_closed(x, 6)
tap.ok(closed and time.time() - start < 5, "an idle pair is closed", "%.1f s" % (time.time() - start))
x.close()
y.close()
tap.ok(rt.wait_for(lambda: "limit --transit-idle-timeout=2 reached: closed an idle transit pair" in relay.log(), 3),
       "idle close logged with its flag")


def relay_cpu_seconds():
    with open("/proc/%d/stat" % relay.proc.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# A sender that writes a lot and hangs up at once: a slow receiver still
# gets every byte, then the close, and the relay does not spin meanwhile.
token = os.urandom(32).hex()
x = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
y = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
y.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
x.sendall(transit_line(token, "4" * 16))
y.sendall(transit_line(token, "5" * 16))
x.recv(3), y.recv(3)
blob = os.urandom(4 * 1024 * 1024)
x.settimeout(10)
x.sendall(blob)
x.close()
cpu_before = relay_cpu_seconds()
time.sleep(1.5)
cpu_spent = relay_cpu_seconds() - cpu_before
received = bytearray()
y.settimeout(5)
while True:
    d = y.recv(65536)
    if not d:
        break
    received += d
    time.sleep(0.001)
y.close()
tap.ok(bytes(received) == blob, "a slow receiver gets every byte a closed sender sent, then EOF",
       "%d of %d bytes" % (len(received), len(blob)))
tap.ok(cpu_spent < 0.5, "the relay idles while the receiver is slow (%.2f s CPU)" % cpu_spent)

# The same with a sender that aborts (RST: it closes with unread data), which
# poll() reports as a hang-up on every call.
token = os.urandom(32).hex()
x = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
y = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
y.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
x.sendall(transit_line(token, "6" * 16))
y.sendall(transit_line(token, "7" * 16))
x.recv(3), y.recv(3)
y.sendall(b"unread by x")
time.sleep(0.2)
x.settimeout(10)
x.sendall(blob)
x.close()
cpu_before = relay_cpu_seconds()
time.sleep(1.5)
cpu_spent = relay_cpu_seconds() - cpu_before
closed = False
y.settimeout(5)
try:
    while y.recv(65536):
        time.sleep(0.001)
    closed = True
except OSError:
    closed = True
y.close()
tap.ok(cpu_spent < 0.5, "an aborted sender does not make the relay spin (%.2f s CPU)" % cpu_spent)
tap.ok(closed, "the receiver's side is closed once the rest is delivered")
tap.ok(relay.stop() == 0, "relay stops cleanly", relay.log()[-2000:])

# Behind a reverse proxy, per-address limits count X-Forwarded-For.
relay = rt.Relay(binary, scratch, name="proxy", args=[
    "--behind-proxy", "--max-connections-per-address", "1", "--disallow-list"]).start()
first = rt.WS(relay, headers={"X-Forwarded-For": "198.51.100.7"})
other = rt.WS(relay, headers={"X-Forwarded-For": "203.0.113.1, 198.51.100.8"})
tap.ok(first.alive() and other.alive(), "two clients behind the proxy each get a connection")
again = rt.WS(relay, headers={"X-Forwarded-For": "198.51.100.7"}, expect_welcome=False)
tap.ok(again.welcome is None and again.closed == 1008,
       "a second connection from the same forwarded address is refused", str(again.closed))
tap.ok("refused a mailbox connection from 198.51.100.7" in relay.log(),
       "the log names the forwarded address", relay.log()[-500:])
first.send({"type": "bind", "appid": APP, "side": "9999999999", "id": "b"})
first.expect(1)
command(first, {"type": "claim", "nameplate": "61"})
got = command(first, {"type": "list"})
tap.ok(got[-1].get("nameplates") == [], "--disallow-list answers with an empty list", json.dumps(got))
for w in (first, other, again):
    w.sock.close()
tap.ok(relay.stop() == 0, "relay stops cleanly")

# Expiry: a mailbox nobody touches for --channel-expiry is deleted with its
# nameplate; one with a connected client is kept.
usage = os.path.join(scratch, "usage.jsonl")
relay = rt.Relay(binary, scratch, name="expiry", args=[
    "--channel-expiry", "2", "--expiry-check-interval", "1", "--usage-log", usage]).start()
gone = bound(relay, "eeeeeeeeee")
got = command(gone, {"type": "claim", "nameplate": "51"})
old_mailbox = got[1]["mailbox"]
command(gone, {"type": "open", "mailbox": old_mailbox}, 1)
command(gone, {"type": "add", "phase": "pake", "body": "abcd"})
gone.sock.close()
stay = bound(relay, "ffffffffff")
got = command(stay, {"type": "claim", "nameplate": "52"})
command(stay, {"type": "open", "mailbox": got[1]["mailbox"]}, 1)
watcher = bound(relay, "0000000000")
listed = lambda: [n["id"] for n in command(watcher, {"type": "list"})[1]["nameplates"]]
tap.ok(listed() == ["51", "52"], "both nameplates listed at first")
tap.ok(rt.wait_for(lambda: listed() == ["52"], 8), "the abandoned channel expired, the watched one stays")
late = bound(relay, "eeeeeeeeee")
got = command(late, {"type": "open", "mailbox": old_mailbox}, 2)
tap.ok([m["type"] for m in got] == ["ack"], "its stored message is gone too", json.dumps(got))
tap.ok(stay.alive(), "the connected client is unaffected")
for w in (stay, watcher, late):
    w.sock.close()
tap.ok(relay.stop() == 0, "relay stops cleanly")
events = [json.loads(line) for line in open(usage)]
tap.ok(any(e["event"] == "mailbox" and e["result"] == "pruney" for e in events) and
       any(e["event"] == "nameplate" and e["result"] == "pruney" for e in events),
       "usage log records the expiry as pruney", json.dumps(events))

# Logs never contain codes or message bodies, even with --verbose.
usage = os.path.join(scratch, "usage-privacy.jsonl")
relay = rt.Relay(binary, scratch, name="privacy", args=["--verbose", "--usage-log", usage]).start()
code = "9-" + rt.CODE_WORDS
secret = "the-secret-body-text"
ok, sender, receiver, _ = rt.transfer(
    tap, "privacy", rt.python_cmd(relay, "send", "--code", code, "--text", secret),
    rt.python_cmd(relay, "receive", code), scratch, timeout=60)
tap.ok(ok and secret in receiver.output(), "text transfer with --verbose logging")
ws = bound(relay, "1111111111")
command(ws, {"type": "claim", "nameplate": "8675309"})
ws.sock.close()
tap.ok(relay.stop() == 0, "relay stops cleanly")
text = relay.log() + open(usage).read()
hexes = re.findall(r"[0-9a-f]{32,}", text)
tap.ok(rt.CODE_WORDS.split("-")[0] not in text and rt.CODE_WORDS.split("-")[1] not in text
       and secret not in text and "8675309" not in text and not hexes,
       "no code words, nameplates, texts or hex bodies in the log or usage log", str(hexes[:3]))
events = [json.loads(line) for line in open(usage)]
keys = set().union(*[e.keys() for e in events])
tap.ok(keys <= {"event", "started", "app_id", "waiting_time", "total_time", "result",
                "total_bytes", "implementation", "version"},
       "usage log carries only times, sizes, outcomes and versions", str(keys))
rt.finish(tap, scratch)
