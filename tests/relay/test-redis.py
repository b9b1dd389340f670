#!/usr/bin/python3
# test-redis.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay processes sharing their mailbox state through one Redis
(gofer-relay built with hiredis, -Drelay_redis, --redis ADDRESS): the
protocol probes answer frame for frame like the reference with the state
in Redis; the two sides of a wormhole on different processes exchange
messages, a third side on a third process is crowded, and what was
released and closed is gone from Redis; the Python and Go clients move
text and a file with each side on another process; a process killed in
the middle of a wormhole loses nothing (the Python client reconnects to a
new process and finishes). Skipped when the relay was built without
Redis or redis-server is not installed."""

import os
import shutil
import signal
import subprocess
import sys
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
binary = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
if "--redis" not in subprocess.run([binary, "--help"], capture_output=True, text=True).stdout:
    tap.skip_all("gofer-relay was built without hiredis (-Drelay_redis; libhiredis-dev)")
if shutil.which("redis-server") is None or shutil.which("redis-cli") is None:
    tap.skip_all("redis-server is not installed")
rt.require_tools(tap, "wormhole", "wormhole-william")
scratch = rt.workdir("redis")

# Redis on a Unix socket of its own, with the append-only file.
sock = os.path.join(scratch, "redis.sock")
redis = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", sock, "--dir", scratch,
                          "--appendonly", "yes", "--save", ""],
                         stdout=open(os.path.join(scratch, "redis.log"), "w"), stderr=subprocess.STDOUT)
for _ in range(100):
    if os.path.exists(sock):
        break
    time.sleep(0.05)
ADDRESS = "unix:" + sock


def redis_cli(*args):
    return subprocess.run(["redis-cli", "-s", sock] + list(args), capture_output=True, text=True).stdout


try:
    # 1. The probes, with the state in Redis.
    wrapper = os.path.join(scratch, "gofer-relay-redis")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec %s --redis %s \"$@\"\n" % (binary, ADDRESS))
    os.chmod(wrapper, 0o755)
    r = subprocess.run([sys.executable, os.path.join(here, "test-probes.py"), wrapper, sys.argv[2]],
                       capture_output=True, text=True, cwd=here, timeout=300)
    tap.ok(r.returncode == 0 and "not ok" not in r.stdout,
           "the probes: frame for frame like the reference, state in Redis", r.stdout[-3000:] + r.stderr[-2000:])

    relays = [rt.Relay(binary, scratch, name="relay-%d" % i, args=["--redis", ADDRESS]).start()
              for i in range(3)]

    # 2. Two sides on two processes, a third side on a third one.
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

    # 3. The real clients, each side on another process.
    CASES = [
        ("python to go", rt.python_cmd(relays[0], "send", "--code", "11-" + rt.CODE_WORDS, "--text", "hello one"),
         rt.go_cmd(relays[1], "recv", "11-" + rt.CODE_WORDS), "hello one"),
        ("go to python", rt.go_cmd(relays[2], "send", "--code", "12-" + rt.CODE_WORDS, "--text", "hello two"),
         rt.python_cmd(relays[0], "receive", "12-" + rt.CODE_WORDS), "hello two"),
    ]
    for i, (name, send, recv, text) in enumerate(CASES):
        ok, sender, receiver, _ = rt.transfer(tap, "text-%d" % i, send, recv, scratch, timeout=60)
        tap.ok(ok and receiver.output().strip().endswith(text), "text %s on two processes" % name,
               receiver.output()[-500:])
    payload = rt.make_random_file(os.path.join(scratch, "payload.bin"), 1024 * 1024)
    ok, sender, receiver, recv_dir = rt.transfer(
        tap, "file", rt.python_cmd(relays[1], "send", "--hide-progress", "--code", "13-" + rt.CODE_WORDS, payload),
        rt.python_cmd(relays[2], "receive", "--hide-progress", "--accept-file", "13-" + rt.CODE_WORDS), scratch)
    got = os.path.join(recv_dir, "payload.bin")
    tap.ok(ok and os.path.exists(got) and open(got, "rb").read() == open(payload, "rb").read(),
           "a file, python to python on two processes, byte for byte", receiver.output()[-500:])

    # 4. The sender's process is killed before the receiver comes; a new
    # process takes its port (as a load balancer would send the client to
    # another): the Python sender reconnects and the Go receiver, on
    # another process, gets the text.
    code = "14-" + rt.CODE_WORDS
    sender = rt.spawn(rt.python_cmd(relays[0], "send", "--code", code, "--text", "survived"), scratch, "kill-sender")
    rt.wait_for(lambda: "Wormhole code is" in sender.output(), 20)
    time.sleep(1.0)
    relays[0].proc.send_signal(signal.SIGKILL)
    relays[0].proc.wait()
    relays[0] = rt.Relay(binary, scratch, name="relay-0b", mailbox_port=relays[0].mailbox_port,
                         transit_port=relays[0].transit_port, args=["--redis", ADDRESS]).start()
    receiver = rt.spawn(rt.go_cmd(relays[1], "recv", code), scratch, "kill-receiver")
    rrc = receiver.wait(60)
    src = sender.wait(60)
    tap.ok(rrc == 0 and src == 0 and "survived" in receiver.output(),
           "a process killed in the middle of a wormhole: the sender reconnects, nothing is lost",
           sender.output()[-800:] + receiver.output()[-800:])

    for i, relay in enumerate(relays):
        tap.ok(relay.stop() == 0, "relay %d stops cleanly" % i, relay.log()[-2000:])
finally:
    redis.send_signal(signal.SIGTERM)
    redis.wait(20)

rt.finish(tap, scratch)
