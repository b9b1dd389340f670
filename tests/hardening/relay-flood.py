#!/usr/bin/python3
# relay-flood.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay, on its default limits, against clients that send a lot
(issue #12, relay items 3, 4, 5, 11 and 12).

    relay-flood.py GOFER_RELAY GOFER

1. One fragmented WebSocket message that never ends: closed with 1009
   once the fragments pass the frame limit, not reassembled for ever.
2. Clients that never read while asking for large answers (1 MiB pings):
   closed once --max-unsent-per-connection is unsent.
3. Amplification through "list": long nameplates are refused and a "list"
   answer names at most --max-nameplates-listed nameplates.
4. Streams of valid 1 MiB adds: a new client still gets its welcome
   promptly (each connection reads a bounded amount per wake-up), and a
   mailbox takes no more than --max-mailbox-bytes.
5. A long conversation: thousands of small messages in one mailbox.
6. One side may listen to a mailbox on two connections at a time (a
   reconnect while the old one lingers); opening a third closes the oldest.
7. IPv6 addresses count by /64 against the per-address limits, and
   --max-connections caps all addresses together.
8. One address storing messages in several mailboxes is held to
   --max-stored-bytes-per-address.
9. A message the relay echoed is in its database: kill -9 right after the
   last echo of a burst loses none.
10. The per-address counts are kept in the database across a restart
    (and a database of the previous schema is upgraded).
11. Connections each holding most of a large message: past
    --max-incoming-total the one holding most is closed.
12. With a database file, stored message bodies stay on disk and are read
    back when a mailbox is opened.

After each attack a legitimate exchange (two raw clients: claim, open, add,
receive) goes through, and the relay's resident memory stays under
RSS_BOUND; during the non-readers `gofer send`/`gofer receive` move a file.
Every wait has its own timeout.
"""

import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
import relaytest as rt  # noqa: E402

tap = rt.Tap()
rt.require_private_network(tap)
relay_binary, gofer = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
scratch = rt.workdir("flood")
APP = "lothar.com/wormhole/text-or-file-xfer"
MiB = 1024 * 1024
# docs/security.md: what the relay may hold on its defaults under these attacks.
RSS_BOUND = 256 * MiB

# Defaults throughout, but for the handshake timeout (so the test is short).
relay = rt.Relay(relay_binary, scratch, args=["--handshake-timeout", "5"]).start()


def rss():
    with open("/proc/%d/status" % relay.proc.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def frame(opcode, payload, fin=True):
    """A client frame with an all-zero mask (so the payload goes as is)."""
    n = len(payload)
    b0 = (0x80 if fin else 0) | opcode
    if n < 126:
        head = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", b0, 0x80 | 127, n)
    return head + b"\0\0\0\0" + payload


def ws(source="127.0.0.1", rcvbuf=None):
    """A WebSocket from @source, welcome read; (socket, buffered bytes)."""
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((source, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", relay.mailbox_port))
    _, rest = rt.handshake(s, "127.0.0.1", relay.mailbox_port)
    return s, rest


def welcome_delay(timeout=10):
    """Seconds until a fresh client (127.0.0.1) has its welcome, or None."""
    start = time.time()
    try:
        c = rt.WS(relay)
    except (OSError, EOFError, AssertionError):
        return None
    c.sock.close()
    delay = time.time() - start
    return delay if delay < timeout else None


def legit(what, nameplate):
    """Two well-behaved clients meet in a mailbox and exchange a message."""
    try:
        a, b = rt.WS(relay), rt.WS(relay)
    except (OSError, EOFError, AssertionError) as e:
        tap.ok(False, "%s: a legitimate exchange still goes through" % what, str(e))
        return
    got = []
    for c, side in ((a, "aaaa"), (b, "bbbb")):
        c.send({"type": "bind", "appid": APP, "side": side, "id": None})
        c.send({"type": "claim", "nameplate": nameplate})
    mailboxes = []
    for c in (a, b):
        msgs = c.expect(3, timeout=10)      # ack, ack, claimed
        mailboxes += [m["mailbox"] for m in msgs if m.get("type") == "claimed"]
    if len(mailboxes) == 2 and mailboxes[0] == mailboxes[1]:
        for c in (a, b):
            c.send({"type": "open", "mailbox": mailboxes[0]})
        a.send({"type": "add", "phase": "pake", "body": "cafe"})
        deadline = time.time() + 10
        while time.time() < deadline and not got:
            m = b.recv(timeout=1)
            if m and m.get("type") == "message" and m.get("side") == "aaaa":
                got.append(m)
        for c in (a, b):
            c.send({"type": "close", "mailbox": mailboxes[0], "mood": "happy"})
            c.send({"type": "release", "nameplate": nameplate})
    tap.ok(bool(got) and got[0].get("body") == "cafe",
           "%s: a legitimate exchange still goes through" % what,
           "mailboxes %r" % mailboxes)
    a.sock.close()
    b.sock.close()


def check_rss(what):
    now = rss()
    rt.memory_ok(tap, relay.proc.pid, now < RSS_BOUND,
                 "%s: relay RSS %d MiB, under %d MiB" % (what, now // MiB, RSS_BOUND // MiB))


base_rss = rss()
tap.diag("relay RSS at start: %d MiB" % (base_rss // MiB))

# 1. One message in fragments that never ends.
s, rest = ws("127.0.0.2")
sent = 0
limit = 256 * MiB      # what an unbounded relay would have taken in
chunk = frame(0, b"x" * 65536, fin=False)
peak = rss()
try:
    s.sendall(frame(1, b"{" * 65536, fin=False))
    while sent < limit:
        s.sendall(chunk)
        sent += len(chunk)
        if sent % (16 * MiB) == 0:
            peak = max(peak, rss())
except (socket.timeout, ConnectionError):
    pass
peak = max(peak, rss())
tap.ok(sent < 32 * MiB, "fragments: the relay stops taking in one endless message (%d MiB sent)"
       % (sent // MiB))
code = None
buf = rest
deadline = time.time() + 10
while time.time() < deadline and code is None:
    r = rt.parse_frame(buf)
    if r:
        fin, op, payload, masked, buf = r
        if op == 8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
        continue
    try:
        d = s.recv(65536)
    except (socket.timeout, ConnectionError):
        break
    if not d:
        break
    buf += d
tap.ok(code == 1009, "fragments: closed with 1009 (message too big)", "close code %r" % code)
rt.memory_ok(tap, relay.proc.pid, peak - base_rss < 64 * MiB,
             "fragments: relay RSS grew by %d MiB at most" % ((peak - base_rss) // MiB))
s.close()
check_rss("fragments")
legit("fragments", "71")

# 2. Clients that never read, each asking for 1 MiB answers.
ping = frame(1, b'{"type": "ping", "ping": "' + b"p" * (MiB - 100) + b'"}')


def non_reader(source, result):
    s, _ = ws(source, rcvbuf=4096)
    n = 0
    try:
        while n < 300:          # 300 MiB of pongs if nobody stopped it
            s.sendall(ping)
            n += 1
    except (socket.timeout, ConnectionError):
        pass
    result.append(n)
    # Hold the connection, unread, until the test lets go of it.
    hold.wait(30)
    s.close()


hold = threading.Event()
results, threads = [], []
peak = rss()
for i in range(4):
    t = threading.Thread(target=non_reader, args=("127.0.0.%d" % (10 + i), results), daemon=True)
    t.start()
    threads.append(t)
deadline = time.time() + 30
while time.time() < deadline and len(results) < len(threads):
    peak = max(peak, rss())
    time.sleep(0.1)
tap.ok(len(results) == len(threads) and max(results) < 100,
       "non-readers: the relay stops serving clients that do not read (pings sent: %r)" % results)
delay = welcome_delay()
tap.ok(delay is not None and delay < 3, "non-readers: a new client has its welcome in %s s"
       % (None if delay is None else "%.2f" % delay))
tap.ok(rt.wait_for(lambda: "--max-unsent-per-connection=" in relay.log(), 10),
       "non-readers: the limit is logged")
peak = max(peak, rss())
rt.memory_ok(tap, relay.proc.pid, peak < RSS_BOUND,
             "non-readers: relay RSS peaked at %d MiB, under %d MiB" % (peak // MiB, RSS_BOUND // MiB))
legit("non-readers", "72")
payload = rt.make_random_file(os.path.join(scratch, "payload.bin"), 100 * 1024)
send = rt.gofer_cmd(gofer, relay, "send", "--hide-progress", "--no-listen", "--code", "73-flood-test",
                    payload)
recv = rt.gofer_cmd(gofer, relay, "receive", "--hide-progress", "--no-listen", "--accept-file",
                    "73-flood-test")
ok, _, _, recv_dir = rt.transfer(tap, "flood-transfer", send, recv, scratch, timeout=40)
got = os.path.join(recv_dir, "payload.bin")
tap.ok(ok and os.path.exists(got) and rt.sha256_file(got) == rt.sha256_file(payload),
       "non-readers: gofer send and receive move a file through the relay")
hold.set()
for t in threads:
    t.join(10)
check_rss("non-readers")

# 3. Amplification through "list".
c = rt.WS(relay)
c.send({"type": "bind", "appid": APP, "side": "cccc"})
c.send({"type": "claim", "nameplate": "9" * (MiB // 2)})
got = c.expect(3, timeout=10)
tap.ok(any(m.get("type") == "error" and "too long" in m.get("error", "") for m in got),
       "amplification: a 512 KiB nameplate is refused",
       str([m.get("error", m.get("type")) for m in got]))
c.sock.close()
claimers = []
for i in range(120):
    try:
        k = rt.WS(relay, source="127.0.1.%d" % (1 + i))
    except (OSError, EOFError, AssertionError):
        break
    k.send({"type": "bind", "appid": APP, "side": "%04x" % i})
    k.send({"type": "claim", "nameplate": "%d" % (5000 + i)})
    claimers.append(k)
for k in claimers:
    k.expect(3, timeout=10)
lister = rt.WS(relay)
lister.send({"type": "bind", "appid": APP, "side": "dddd"})
lister.expect(1, timeout=10)
for _ in range(100):
    lister.send({"type": "list"})
answers, total = 0, 0
deadline = time.time() + 20
while time.time() < deadline and answers < 100:
    m = lister.recv(timeout=2)
    if m is None:
        break
    if m.get("type") == "nameplates":
        answers += 1
        total = max(total, len(m["nameplates"]))
tap.ok(answers == 100 and total == 100,
       "amplification: 100 lists answered, each naming at most 100 of %d nameplates (%d)"
       % (len(claimers), total))
lister.sock.close()
for k in claimers:
    k.sock.close()
check_rss("amplification")

# 4. Streams of valid 1 MiB adds, read promptly by their senders.
body = "b" * (MiB - 200)
add = frame(1, ('{"type": "add", "phase": "x", "body": "%s"}' % body).encode())
stop = threading.Event()
stream_errors = []


def streamer(source, name):
    s, _ = ws(source)
    s.sendall(frame(1, b'{"type": "bind", "appid": "%s", "side": "ee%s"}' % (APP.encode(), name.encode())))
    s.sendall(frame(1, b'{"type": "open", "mailbox": "stream-%s"}' % name.encode()))
    reader_done = threading.Event()
    seen = []

    def drain():
        s.settimeout(1)
        while not reader_done.is_set():
            try:
                d = s.recv(1 << 20)
            except socket.timeout:
                continue
            except OSError:
                break
            if not d:
                break
            if b"this mailbox is full" in d:
                seen.append(True)

    r = threading.Thread(target=drain, daemon=True)
    r.start()
    try:
        while not stop.is_set():
            s.sendall(add)
    except OSError as e:
        stream_errors.append(str(e))
    reader_done.set()
    r.join(5)
    if seen:
        stream_errors.append("full")
    s.close()


streams = [threading.Thread(target=streamer, args=("127.0.0.%d" % (20 + i), "%d" % (80 + i)),
                            daemon=True) for i in range(3)]
for t in streams:
    t.start()
time.sleep(1.5)
delays = []
for _ in range(5):
    delays.append(welcome_delay())
    time.sleep(0.3)
stop.set()
for t in streams:
    t.join(15)
tap.ok(all(d is not None and d < 2 for d in delays),
       "streaming adds: new clients have their welcome within 2 s (%s)"
       % ", ".join("-" if d is None else "%.2f" % d for d in delays))
tap.ok("full" in stream_errors, "streaming adds: a mailbox holds no more than --max-mailbox-bytes",
       str(stream_errors))
check_rss("streaming adds")
legit("streaming adds", "74")

# 5. A long conversation: 3000 small messages through one mailbox.
a, b = rt.WS(relay), rt.WS(relay)
for c, side in ((a, "a1a1"), (b, "b1b1")):
    c.send({"type": "bind", "appid": APP, "side": side})
    c.send({"type": "open", "mailbox": "long-conversation"})
for c in (a, b):
    c.expect(2, timeout=10)
N = 3000
for i in range(N):
    a.send({"type": "add", "phase": "%d" % i, "body": "%064x" % i})
received, errors = 0, []
deadline = time.time() + 30
while time.time() < deadline and received < N:
    m = b.recv(timeout=5)
    if m is None:
        break
    if m.get("type") == "message" and m.get("side") == "a1a1":
        received += 1
    elif m.get("type") == "error":
        errors.append(m.get("error"))
tap.ok(received == N, "long conversation: %d of %d messages delivered on the default limits"
       % (received, N), str(errors[:3]))

# 6. One side opening the mailbox on many connections: each open replays
# all of it, so only the two newest connections of a side listen.
dups = []
for i in range(3):
    d = rt.WS(relay)
    d.send({"type": "bind", "appid": APP, "side": "b1b1"})
    d.send({"type": "open", "mailbox": "long-conversation"})
    dups.append(d)
    time.sleep(0.2)
# Connection b and then dups[0] are the oldest and must have been closed.
closed = []
for c in (b, dups[0]):
    deadline = time.time() + 10
    while time.time() < deadline and c.closed is None:
        c.recv(timeout=1)
    closed.append(c.closed)
tap.ok(closed == [1008, 1008], "replay: a side's older connections to a mailbox are closed (%r)" % closed)
a.send({"type": "add", "phase": "last", "body": "ff"})
ok = True
for d in dups[1:]:
    deadline = time.time() + 10
    seen = False
    while time.time() < deadline and not seen:
        m = d.recv(timeout=1)
        seen = m is not None and m.get("type") == "message" and m.get("phase") == "last"
    ok = ok and seen
tap.ok(ok, "replay: the two newest connections of the side still get new messages")
for c in [a, b] + dups:
    c.sock.close()

# 8. Stored bytes per address: one address filling several mailboxes.
fillers, accepted, refusal = [], 0, None
for i in range(3):
    f, _ = ws("127.0.0.30")
    f.sendall(frame(1, b'{"type": "bind", "appid": "%s", "side": "f%d"}' % (APP.encode(), i)))
    f.sendall(frame(1, b'{"type": "open", "mailbox": "fill-%d"}' % i))
    fillers.append(f)
fill_add = frame(1, ('{"type": "add", "phase": "x", "body": "%s"}' % ("f" * (MiB - 200))).encode())
for i in range(24):
    f = fillers[i % 3]
    f.sendall(fill_add)
    buf = b""
    deadline = time.time() + 10
    # Every add is answered by its ack and then its echo (1 MiB) or an error.
    while time.time() < deadline and b'"message"' not in buf and b'"error"' not in buf:
        try:
            d = f.recv(1 << 20)
        except socket.timeout:
            break
        if not d:
            break
        buf += d
    if b'"message"' in buf:
        accepted += 1
    elif b'"error"' in buf:
        refusal = buf[buf.find(b'"error"'):][:80]
        break
tap.ok(refusal is not None and b"too much stored from your address" in refusal and 14 <= accepted <= 16,
       "stored bytes: one address may store --max-stored-bytes-per-address (16 MiB) over its "
       "mailboxes (%d 1 MiB messages taken, then %r)" % (accepted, refusal))
for f in fillers:
    f.close()
check_rss("stored bytes")

tap.ok(relay.alive(), "the relay is still running")
relay.stop()

# 7. Per-address limits group IPv6 addresses by /64; global caps.
import subprocess  # noqa: E402
added = subprocess.run(["ip", "-6", "addr", "add", "fd00:1::1/64", "dev", "lo"], capture_output=True)
for extra in ("fd00:1::2", "fd00:1::3", "fd00:2::1", "fd00:3::1", "fd00:4::1"):
    subprocess.run(["ip", "-6", "addr", "add", extra + "/64", "dev", "lo"], capture_output=True)
if added.returncode != 0:
    tap.diag("could not add IPv6 addresses to lo: %s" % added.stderr.decode().strip())
groups = rt.Relay(relay_binary, scratch, name="relay-groups", args=[
    "--mailbox-listen", "fd00:1::1", "--transit-listen", "127.0.0.1",
    "--max-connections-per-address", "2", "--max-connections", "4"]).start()


def served(source):
    """A connection from @source to the IPv6 relay: welcomed or not."""
    s = socket.socket(socket.AF_INET6)
    s.settimeout(5)
    try:
        s.bind((source, 0))
        s.connect(("fd00:1::1", groups.mailbox_port))
        _, rest = rt.handshake(s, "[fd00:1::1]", groups.mailbox_port)
    except (OSError, EOFError):
        s.close()
        return None
    return s


kept = [served("fd00:1::1"), served("fd00:1::2")]
third = served("fd00:1::3")
tap.ok(all(kept) and third is None,
       "IPv6: three addresses of one /64 count as one address (limit 2)", repr([kept, third]))
kept += [served("fd00:2::1"), served("fd00:3::1")]
fifth = served("fd00:4::1")
tap.ok(all(kept) and fifth is None, "--max-connections: the fifth connection of all addresses is refused")
tap.ok(rt.wait_for(lambda: "--max-connections=4 reached" in groups.log(), 5),
       "--max-connections: the limit is logged")
for k in kept + [third, fifth]:
    if k:
        k.close()
groups.stop()

# 9. Durability: what was echoed survives kill -9.
import signal  # noqa: E402
db = os.path.join(scratch, "durable.sqlite")
durable = rt.Relay(relay_binary, scratch, name="relay-durable", db=db).start()
w = rt.WS(durable)
w.send({"type": "bind", "appid": APP, "side": "d1d1"})
w.send({"type": "open", "mailbox": "durable"})
w.expect(2, timeout=10)
N_DURABLE = 300
w.raw(b"".join(frame(1, ('{"type": "add", "phase": "%d", "body": "%s"}' % (i, "d" * 2000)).encode())
               for i in range(N_DURABLE)))
echoed = set()
deadline = time.time() + 20
while time.time() < deadline and len(echoed) < N_DURABLE:
    m = w.recv(timeout=5)
    if m is None:
        break
    if m.get("type") == "message":
        echoed.add(m["phase"])
# The moment the last echo is in, the relay dies.
durable.proc.send_signal(signal.SIGKILL)
durable.proc.wait(10)
w.sock.close()
durable.start()
r = rt.WS(durable)
r.send({"type": "bind", "appid": APP, "side": "d2d2"})
r.send({"type": "open", "mailbox": "durable"})
restored = set()
deadline = time.time() + 20
while time.time() < deadline and len(restored) < len(echoed):
    m = r.recv(timeout=5)
    if m is None:
        break
    if m.get("type") == "message":
        restored.add(m["phase"])
r.sock.close()
tap.ok(len(echoed) == N_DURABLE and echoed <= restored,
       "durability: every echoed message (%d) is there after kill -9 (%d missing)"
       % (len(echoed), len(echoed - restored)))
durable.stop()

# 10. The per-address counts survive a restart.
db = os.path.join(scratch, "counts.sqlite")
counted = rt.Relay(relay_binary, scratch, name="relay-counts", db=db, args=[
    "--max-mailboxes-per-address", "2", "--max-stored-bytes-per-address", "20000"]).start()


def session(mailbox, adds):
    """From 127.0.0.40: open @mailbox, add @adds 5000-byte bodies; the answers."""
    c = rt.WS(counted, source="127.0.0.40")
    c.send({"type": "bind", "appid": APP, "side": "c0c0"})
    c.send({"type": "open", "mailbox": mailbox})
    for i in range(adds):
        c.send({"type": "add", "phase": "%d" % i, "body": "c" * 5000})
    got = []
    deadline = time.time() + 10
    while time.time() < deadline:
        m = c.recv(timeout=1)
        if m is None:
            break
        got.append(m)
    c.sock.close()
    return [m.get("error") for m in got if m.get("type") == "error"]


before = session("p1", 5) + session("p2", 0)
counted.stop()
counted.start()
after = session("p3", 0) + session("p1", 1)
counted.stop()
tap.ok(set(before) == {"too much stored from your address"} and
       after == ["too many mailboxes from your address", "too much stored from your address"],
       "restart: the per-address counts carry on from the database", repr([before, after]))

# 11. A database of the previous schema (1) is upgraded in place.
import sqlite3  # noqa: E402
old_db = os.path.join(scratch, "schema1.sqlite")
con = sqlite3.connect(old_db)
con.executescript("""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES ('schema', '1');
CREATE TABLE nameplates (app_id TEXT NOT NULL, name TEXT NOT NULL, mailbox_id TEXT NOT NULL,
  PRIMARY KEY (app_id, name));
CREATE TABLE nameplate_sides (app_id TEXT NOT NULL, name TEXT NOT NULL, side TEXT NOT NULL,
  claimed INTEGER NOT NULL, added REAL NOT NULL, PRIMARY KEY (app_id, name, side));
CREATE TABLE mailboxes (app_id TEXT NOT NULL, id TEXT NOT NULL, for_nameplate INTEGER NOT NULL,
  updated REAL NOT NULL, PRIMARY KEY (app_id, id));
CREATE TABLE mailbox_sides (app_id TEXT NOT NULL, mailbox_id TEXT NOT NULL, side TEXT NOT NULL,
  mood TEXT, opened INTEGER NOT NULL, added REAL NOT NULL, PRIMARY KEY (app_id, mailbox_id, side));
CREATE TABLE messages (app_id TEXT NOT NULL, mailbox_id TEXT NOT NULL, side TEXT NOT NULL,
  phase TEXT NOT NULL, body TEXT NOT NULL, msg_id TEXT, server_rx REAL NOT NULL);
""")
con.execute("INSERT INTO mailboxes VALUES (?, 'old', 0, ?)", (APP, time.time()))
con.execute("INSERT INTO messages VALUES (?, 'old', 'o1o1', 'pake', 'beef', 'null', ?)", (APP, time.time()))
con.commit()
con.close()
upgraded = rt.Relay(relay_binary, scratch, name="relay-schema1", db=old_db).start()
c = rt.WS(upgraded)
c.send({"type": "bind", "appid": APP, "side": "o2o2"})
c.send({"type": "open", "mailbox": "old"})
got = c.expect(3, timeout=10)
c.send({"type": "add", "phase": "new", "body": "f00d"})
got += c.expect(2, timeout=10)
c.sock.close()
tap.ok(any(m.get("body") == "beef" for m in got) and any(m.get("body") == "f00d" for m in got),
       "restart: a schema 1 database is upgraded and its messages kept",
       repr([m.get("type") for m in got]) + upgraded.log())
upgraded.stop()

# 12. Many messages part-way in: past --max-incoming-total the connection
# holding most of one is closed (1013), and the others carry on.
relay = rt.Relay(relay_binary, scratch, name="relay-incoming",
                 args=["--max-incoming-total", str(8 * MiB)]).start()
holders = []
for i in range(4):
    h, _ = ws("127.0.0.%d" % (50 + i))
    # A frame that says 4,000,000 bytes, of which 3 MiB come (then nothing).
    h.sendall(struct.pack("!BBQ", 0x81, 0x80 | 127, 4000000) + b"\0\0\0\0" + b"h" * (3 * MiB))
    holders.append(h)
    time.sleep(0.2)
tap.ok(rt.wait_for(lambda: "--max-incoming-total=%d reached" % (8 * MiB) in relay.log(), 10),
       "incoming: the limit on messages part-way in is logged")
legit("incoming", "75")
check_rss("incoming")
for h in holders:
    h.close()
relay.stop()

# 12. With a database on disk, stored bodies are not kept in memory.
relay = rt.Relay(relay_binary, scratch, name="relay-bodies", db=os.path.join(scratch, "bodies.sqlite")).start()
start_rss = rss()
bodies = {}
for k in range(2):
    f, _ = ws("127.0.0.%d" % (60 + k))
    f.sendall(frame(1, b'{"type": "bind", "appid": "%s", "side": "b%d"}' % (APP.encode(), k)))
    f.sendall(frame(1, b'{"type": "open", "mailbox": "bodies-%d"}' % k))
    for i in range(7):
        body = ("%d%d" % (k, i)) * (MiB // 2 - 100)
        bodies[(k, i)] = body
        f.sendall(frame(1, ('{"type": "add", "phase": "%d", "body": "%s"}' % (i, body)).encode()))
    f.settimeout(10)
    got, buf = 0, b""
    deadline = time.time() + 20
    while time.time() < deadline and buf.count(b'"type": "message"') + buf.count(b'"type":"message"') < 7:
        try:
            d = f.recv(1 << 20)
        except socket.timeout:
            break
        if not d:
            break
        buf += d
    f.close()
time.sleep(0.5)
grown = rss() - start_rss
rt.memory_ok(tap, relay.proc.pid, grown < 12 * MiB,
             "bodies on disk: 14 MiB stored, relay RSS grew by %d MiB" % (grown // MiB))
r = rt.WS(relay)
r.send({"type": "bind", "appid": APP, "side": "b9"})
r.send({"type": "open", "mailbox": "bodies-1"})
replayed = {}
deadline = time.time() + 20
while time.time() < deadline and len(replayed) < 7:
    m = r.recv(timeout=5)
    if m is None:
        break
    if m.get("type") == "message":
        replayed[int(m["phase"])] = m["body"]
r.sock.close()
tap.ok(all(replayed.get(i) == bodies[(1, i)] for i in range(7)),
       "bodies on disk: an open replays them from the database (%d of 7 intact)"
       % sum(1 for i in range(7) if replayed.get(i) == bodies[(1, i)]))
relay.stop()
rt.finish(tap, scratch)
