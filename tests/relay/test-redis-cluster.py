#!/usr/bin/python3
# test-redis-cluster.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""#16's multi-process proof: three gofer-relay processes sharing one
redis-server (on a Unix socket in a scratch directory, append-only file
on, fsynced on every write), the two sides of each wormhole on different
processes.

1. Frame by frame: one mailbox for two sides on two processes, a third
   side on the third is crowded, a side re-opening on another process gets
   the mailbox replayed, nothing is left in Redis once released and closed.
2. The real clients, each side on another process: the Python `wormhole`,
   the Go `wormhole-william` and `gofer` move text and files.
3. A process killed (SIGKILL) in the middle of a wormhole, after the
   sender's first message reached Redis and before the receiver came: the
   sender's URL points at a front port standing in for a load balancer,
   which then sends new connections to another process that was running
   all along. The Python client and gofer reconnect there by themselves
   and finish with the receiver on a third process. wormhole-william does
   not reconnect at all (any relay loss ends it), so it is only ever the
   side whose process stays up.
4. redis-server killed (SIGKILL) and restarted from its append-only file:
   what was acknowledged (an add answered with its echo, a claim) is all
   there. gofer-relay does not reconnect to a restarted Redis yet
   (docs/relay.md), so its processes are restarted with it.

Skipped when gofer-relay was built without hiredis or redis-server is not
installed."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
binary = os.path.abspath(sys.argv[1])
gofer = os.path.abspath(sys.argv[2])
if "--redis" not in subprocess.run([binary, "--help"], capture_output=True, text=True).stdout:
    tap.skip_all("gofer-relay was built without hiredis (-Drelay_redis; libhiredis-dev)")
if shutil.which("redis-server") is None or shutil.which("redis-cli") is None:
    tap.skip_all("redis-server is not installed")
rt.require_tools(tap, "wormhole", "wormhole-william")
scratch = rt.workdir("redis-cluster")
started = time.time()

APP = "lothar.com/wormhole/text-or-file-xfer"
sock = os.path.join(scratch, "redis.sock")
ADDRESS = "unix:" + sock


def start_redis():
    """redis-server on its own socket, everything acknowledged on disk."""
    proc = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", sock, "--dir", scratch,
                             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
                            stdout=open(os.path.join(scratch, "redis.log"), "a"), stderr=subprocess.STDOUT)
    if not rt.wait_for(lambda: redis_cli("PING").strip() == "PONG", 10):
        raise RuntimeError("redis-server did not answer within 10 s")
    return proc


def redis_cli(*args):
    return subprocess.run(["redis-cli", "-s", sock] + list(args), capture_output=True, text=True).stdout


def stream_lengths(app):
    """The number of messages in each mailbox of app, as Redis has them."""
    keys = redis_cli("--scan", "--pattern", "gofer:{%s}:msg:*" % app).split()
    return [int(redis_cli("XLEN", k).strip() or 0) for k in keys]


class Front:
    """A TCP port that forwards each new connection to one relay process,
    as a load balancer in front of several would; retarget() sends the
    next connections to another. A connection whose relay went away is
    closed, as the balancer would."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.target = None
        self.served = {}  # relay port → connections sent there
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return "ws://127.0.0.1:%d/v1" % self.port

    def retarget(self, relay):
        self.target = relay.mailbox_port

    def _accept(self):
        while True:
            try:
                down, _ = self.listener.accept()
            except OSError:
                return
            self.served[self.target] = self.served.get(self.target, 0) + 1
            try:
                up = socket.create_connection(("127.0.0.1", self.target), timeout=5)
                up.settimeout(None)
            except OSError:
                down.close()
                continue
            for a, b in ((down, up), (up, down)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def relay_cmd(kind, url, transit, *args):
    """A client command line against mailbox url and transit relay transit."""
    if kind == "py":
        return ["wormhole", "--relay-url", url, "--transit-helper", transit] + list(args)
    if kind == "gofer":
        return [gofer, "--relay-url", url, "--transit-helper", transit] + list(args)
    return ["wormhole-william", "--relay-url", url] + list(args)


def sender_cmd(kind, relay, code, text=None, path=None, url=None):
    body = ["--text", text] if text is not None else ["--hide-progress", path]
    if kind == "go":
        return relay_cmd("go", url or relay.url, None, "send", "--code", code, *body)
    return relay_cmd(kind, url or relay.url, relay.transit_hint, "send", "--code", code, *body)


def receiver_cmd(kind, relay, code, text=False):
    if kind == "go":
        return relay_cmd("go", relay.url, None, "recv", *([] if text else ["--hide-progress"]), code)
    extra = [] if text else ["--hide-progress", "--accept-file"]
    return relay_cmd(kind, relay.url, relay.transit_hint, "receive", *extra, code)


def start_relays(n, name):
    return [rt.Relay(binary, scratch, name="%s-%d" % (name, i), args=["--redis", ADDRESS]).start()
            for i in range(n)]


redis = start_redis()
relays = []
try:
    relays = start_relays(3, "relay")

    # 1. Frame by frame.
    a, b, c = rt.WS(relays[0]), rt.WS(relays[1]), rt.WS(relays[2])
    for ws, side in ((a, "aaaa"), (b, "bbbb"), (c, "cccc")):
        ws.send({"type": "bind", "appid": "test/redis", "side": side, "id": "b"})
        ws.expect(1)
    a.send({"type": "claim", "nameplate": "7", "id": "1"})
    got_a = a.expect(2)
    b.send({"type": "claim", "nameplate": "7", "id": "1"})
    got_b = b.expect(2)
    mailbox = got_a[1].get("mailbox") if len(got_a) == 2 else None
    tap.ok(mailbox and got_b[1:] == [{"type": "claimed", "mailbox": mailbox, "server_tx": got_b[1]["server_tx"]}],
           "both sides claim one nameplate on two processes and get one mailbox", repr((got_a, got_b)))
    c.send({"type": "claim", "nameplate": "7", "id": "1"})
    got_c = c.expect(2)
    tap.ok(len(got_c) == 2 and got_c[1].get("error") == "crowded", "a third side on a third process is crowded",
           repr(got_c))
    a.send({"type": "open", "mailbox": mailbox, "id": "2"})
    b.send({"type": "open", "mailbox": mailbox, "id": "2"})
    a.expect(1)
    b.expect(1)
    a.send({"type": "add", "phase": "pake", "body": "c0ffee", "id": "3"})
    got_a = a.expect(2)
    got_b = b.expect(1)
    tap.ok([m.get("type") for m in got_a] == ["ack", "message"] and got_a[1].get("body") == "c0ffee",
           "the sender gets its echo after the ack", repr(got_a))
    tap.ok(got_b and got_b[0].get("type") == "message" and got_b[0].get("side") == "aaaa" and
           got_b[0].get("body") == "c0ffee" and got_b[0].get("id") == "3",
           "the other side, on another process, gets the message", repr(got_b))
    b.send({"type": "add", "phase": "pake", "body": "beef", "id": "4"})
    b.expect(2)
    got_a = a.expect(1)
    tap.ok(got_a and got_a[0].get("body") == "beef", "and the other way round", repr(got_a))
    late = rt.WS(relays[2])
    late.send({"type": "bind", "appid": "test/redis", "side": "aaaa", "id": "b"})
    late.send({"type": "open", "mailbox": mailbox, "id": "5"})
    got = late.expect(4)
    tap.ok([m.get("body") for m in got if m.get("type") == "message"] == ["c0ffee", "beef"],
           "a side re-opening on a third process gets the mailbox replayed", repr(got))
    c.send({"type": "list", "id": "6"})
    got_c = c.expect(2)
    tap.ok(len(got_c) == 2 and got_c[1].get("nameplates") == [{"id": "7"}], "list sees the nameplate", repr(got_c))
    for ws in (a, b):
        ws.send({"type": "release", "id": "7"})
        ws.expect(2)
    for ws in (a, b, late):
        ws.send({"type": "close", "mood": "happy", "id": "8"})
        ws.expect(2)
    left = redis_cli("--scan", "--pattern", "gofer:{test/redis}:*").split()
    tap.ok(left == [], "released and closed: nothing of it is left in Redis", repr(left))
    for ws in (a, b, c, late):
        ws.sock.close()

    # 2. The real clients, each side on another process.
    src = rt.make_sources(scratch, 1024 * 1024 + 7)
    payload = os.path.join(src, "payload.bin")
    TEXTS = [("py", 0, "go", 1), ("go", 2, "gofer", 0), ("gofer", 1, "py", 2)]
    for n, (s, si, r, ri) in enumerate(TEXTS, start=21):
        code = "%d-%s" % (n, rt.CODE_WORDS)
        text = "text from %s on process %d to %s on process %d" % (s, si, r, ri)
        ok, _, rec, _ = rt.transfer(tap, "text-%d" % n, sender_cmd(s, relays[si], code, text=text),
                                    receiver_cmd(r, relays[ri], code, text=True), scratch, timeout=40)
        tap.ok(ok and text in rec.output(), "text %s to %s on two processes" % (s, r), rec.output()[-500:])
    FILES = [("py", 2, "gofer", 1), ("gofer", 0, "go", 2), ("gofer", 1, "gofer", 0)]
    for n, (s, si, r, ri) in enumerate(FILES, start=31):
        code = "%d-%s" % (n, rt.CODE_WORDS)
        ok, _, rec, recv_dir = rt.transfer(tap, "file-%d" % n, sender_cmd(s, relays[si], code, path=payload),
                                           receiver_cmd(r, relays[ri], code), scratch,
                                           receiver_stdin="y\n" if r == "go" else None, timeout=40)
        tap.ok(ok and rt.received_intact(src, recv_dir, "payload.bin"),
               "a file %s to %s on two processes, byte for byte" % (s, r), rec.output()[-500:])

    # 3. A process killed between the sender's first message and the
    # receiver's. Its successor on the front is relays[3], up all along.
    relays.append(start_relays(1, "spare")[0])
    front = Front()
    KILLS = [("py", "text", "go"), ("gofer", "file", "gofer")]
    for n, (s, what, r) in enumerate(KILLS, start=41):
        victim = relays[0] if n == 41 else relays[1]
        front.retarget(victim)
        code = "%d-%s" % (n, rt.CODE_WORDS)
        text = "survived a relay killed under %s" % s
        before = len(stream_lengths(APP))
        # The transit relay of a process that stays up.
        cmd = sender_cmd(s, relays[2], code, url=front.url,
                         **({"text": text} if what == "text" else {"path": payload}))
        sdir = os.path.join(scratch, "kill-%d" % n)
        os.makedirs(os.path.join(sdir, "recv"))
        snd = rt.spawn(cmd, sdir, "sender")
        stored = rt.wait_for(lambda: len(stream_lengths(APP)) > before and 1 in stream_lengths(APP), 20)
        victim.proc.send_signal(signal.SIGKILL)
        victim.proc.wait()
        moved_before = front.served.get(relays[3].mailbox_port, 0)
        front.retarget(relays[3])
        rcv = rt.spawn(receiver_cmd(r, relays[2], code, text=(what == "text")), os.path.join(sdir, "recv"),
                       "receiver")
        rrc = rcv.wait(40)
        src_rc = snd.wait(40)
        moved = front.served.get(relays[3].mailbox_port, 0) > moved_before
        if what == "text":
            intact = text in rcv.output()
        else:
            intact = rt.received_intact(src, os.path.join(sdir, "recv"), "payload.bin")
        tap.ok(stored and moved and rrc == 0 and src_rc == 0 and intact,
               "%s sender's process killed after its first message (in Redis: %s): it reconnects to "
               "another process (%s) and the %s receiver gets the %s" % (s, stored, moved, r, what),
               snd.output()[-800:] + rcv.output()[-800:])
    for relay in relays[2:]:
        tap.ok(relay.stop() == 0, "a surviving process stops cleanly", relay.log()[-2000:])

    # 4. redis-server killed and restarted: nothing acknowledged is lost.
    relays = start_relays(2, "before-crash")
    a, b = rt.WS(relays[0]), rt.WS(relays[1])
    a.send({"type": "bind", "appid": "test/aof", "side": "aaaa", "id": "b"})
    a.send({"type": "claim", "nameplate": "9", "id": "1"})
    got_a = a.expect(3)
    mailbox = got_a[2].get("mailbox") if len(got_a) == 3 else None
    a.send({"type": "open", "mailbox": mailbox, "id": "2"})
    a.send({"type": "add", "phase": "pake", "body": "acknowledged", "id": "3"})
    got_a = a.expect(3)
    acked = [m.get("type") for m in got_a] == ["ack", "ack", "message"]
    redis.send_signal(signal.SIGKILL)
    redis.wait()
    for relay in relays:
        relay.stop(sig=signal.SIGKILL)
    redis = start_redis()
    relays = start_relays(2, "after-crash")
    b = rt.WS(relays[1])
    b.send({"type": "bind", "appid": "test/aof", "side": "bbbb", "id": "b"})
    b.send({"type": "claim", "nameplate": "9", "id": "1"})
    got_b = b.expect(3)
    b.send({"type": "open", "mailbox": mailbox, "id": "2"})
    got = b.expect(2)
    tap.ok(acked and len(got_b) == 3 and got_b[2].get("mailbox") == mailbox and
           [(m.get("side"), m.get("body")) for m in got if m.get("type") == "message"] == [("aaaa", "acknowledged")],
           "redis-server killed after an add was acknowledged and restarted from its append-only file: "
           "the claim and the message are there for the other side", repr((got_a, got_b, got)))
    for relay in relays:
        tap.ok(relay.stop() == 0, "a process stops cleanly", relay.log()[-2000:])
    relays = []

    # 5. The per-address limits hold in all processes together, not in
    # each: mailboxes from one address, and the bytes it stored.
    # (What the sections above left open counts too: start afresh.)
    redis_cli("FLUSHALL")
    LIMITS = ["--max-mailboxes-per-address", "3", "--max-stored-bytes-per-address", "2000"]
    relays = [rt.Relay(binary, scratch, name="limits-%d" % i, args=["--redis", ADDRESS] + LIMITS).start()
              for i in range(3)]

    def client(i, side):
        ws = rt.WS(relays[i % 3])
        ws.send({"type": "bind", "appid": "test/limits", "side": side, "id": "b"})
        ws.expect(1)
        return ws

    def claim(ws, name):
        ws.send({"type": "claim", "nameplate": name, "id": "c"})
        got = ws.expect(2)
        return got[1] if len(got) == 2 else {}

    owners = [client(i, "side%d" % i) for i in range(3)]
    claimed = [claim(ws, str(100 + i)) for i, ws in enumerate(owners)]
    tap.ok(all(c.get("type") == "claimed" for c in claimed),
           "three mailboxes from one address on three processes", repr(claimed))
    extra = client(0, "side3")
    refused = claim(extra, "103")
    opened = client(1, "side4")
    opened.send({"type": "open", "mailbox": "made-up-mailbox", "id": "o"})
    refused_open = opened.expect(2)
    tap.ok(refused.get("type") == "error" and refused.get("error") == "too many mailboxes from your address" and
           refused_open[-1:] and refused_open[-1].get("error") == "too many mailboxes from your address",
           "a fourth, claimed or opened on any process, is refused", repr((refused, refused_open)))
    owners[0].send({"type": "release", "nameplate": "100", "id": "r"})
    owners[0].expect(2)
    owners[0].send({"type": "close", "mailbox": claimed[0]["mailbox"], "mood": "happy", "id": "x"})
    owners[0].expect(2)
    again = claim(client(2, "side5"), "104")
    tap.ok(again.get("type") == "claimed", "one closed, another may be made on another process", repr(again))

    body = "ab" * 400
    stored = []
    for i in (1, 2):
        ws = owners[i]
        ws.send({"type": "open", "mailbox": claimed[i]["mailbox"], "id": "o"})
        ws.expect(1)
    for n, i in enumerate((1, 2)):
        owners[i].send({"type": "add", "phase": "pake", "body": body, "id": "a%d" % n})
        stored.append(owners[i].expect(2))
    late = client(0, "side6")
    late.send({"type": "open", "mailbox": claimed[1]["mailbox"], "id": "o"})
    late.expect(2)
    late.send({"type": "add", "phase": "version", "body": body, "id": "a9"})
    over = late.expect(2)
    tap.ok(all([m.get("type") for m in got] == ["ack", "message"] for got in stored) and
           over[-1:] and over[-1].get("error") == "too much stored from your address",
           "stored bytes from one address count on every process: the third message is refused",
           repr((stored, over)))
    for i in (1, 2):
        owners[i].send({"type": "close", "mailbox": claimed[i]["mailbox"], "mood": "happy", "id": "x"})
        owners[i].expect(2)
    late.send({"type": "close", "mailbox": claimed[1]["mailbox"], "mood": "happy", "id": "x"})
    late.expect(2)
    counts = (redis_cli("HGET", "gofer:addr:bytes", "127.0.0.1").strip(),
              redis_cli("HGET", "gofer:addr:mailboxes", "127.0.0.1").strip())
    tap.ok(counts == ("", "1"), "closing gives back what was counted: no bytes, the one mailbox left",
           repr(counts))
    for relay in relays:
        tap.ok(relay.stop() == 0, "a process stops cleanly", relay.log()[-2000:])
    relays = []
    tap.diag("took %.1f s" % (time.time() - started))
finally:
    for relay in relays:
        if relay.proc is not None and relay.proc.poll() is None:
            relay.proc.kill()
    redis.send_signal(signal.SIGTERM)
    redis.wait(20)

rt.finish(tap, scratch)
