#!/usr/bin/python3
# test-hashcash.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay --require-hashcash BITS and gofer's answer to it (#14 item 7):
the welcome asks each connection for a stamp of its own resource; a bind
before one is refused; wrong stamps are refused with the reason; the
plural "submit-permissions" (Python's permissions branch, Gofer) and the
singular "submit-permission" without an id (wormhole-rs) are both taken.
Gofer sends to Gofer through such a relay; the stand-ins of
hashcash-peer.py (the Python and Rust ways) reach Gofer through it; the
Debian Python client, which knows no permissions, stops with the relay's
error instead of waiting. Without the option the welcome has no
permission-required (test-probes checks every frame)."""

import datetime
import hashlib
import importlib.util
import os
import sys
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
binary = sys.argv[1]
gofer = os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
scratch = rt.workdir("hashcash")
BITS = 16

peer_script = os.path.join(here, "hashcash-peer.py")
spec = importlib.util.spec_from_file_location("hashcash_peer", peer_script)
hp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hp)


def zero_bits(stamp):
    return hp.leading_zero_bits(hashlib.sha1(stamp.encode()).digest())


def mint(bits, resource, date=None, prefix_bits=None):
    """A stamp in hashcash.org's form with @bits of work, claiming
    prefix_bits (default @bits)."""
    date = date or datetime.datetime.utcnow().strftime("%y%m%d")
    claimed = bits if prefix_bits is None else prefix_bits
    counter = 0
    while True:
        stamp = "1:%d:%s:%s::c2FsdA==:%d" % (claimed, date, resource, counter)
        if zero_bits(stamp) >= bits:
            return stamp
        counter += 1


def errors_of(frames):
    return [f.get("error") for f in frames if f.get("type") == "error"]


# Without the option: no permission-required, and a submit is answered
# like the reference branch with only "none".
plain = rt.Relay(binary, scratch, name="plain").start()
ws = rt.WS(plain)
tap.ok("permission-required" not in ws.welcome["welcome"],
       "without --require-hashcash the welcome asks for nothing", ws.welcome)
ws.send({"type": "submit-permission", "method": "hashcash", "stamp": "1:0:260101:x::y:0"})
got = ws.expect(2)
tap.ok(errors_of(got) == ["'hashcash' is not one of: none"],
       "without it, a stamp is answered as by a server that asks for none", got)
plain.stop()

relay = rt.Relay(binary, scratch, args=["--require-hashcash", str(BITS)]).start()

# The welcome: bits and a resource of this connection's own.
a, b = rt.WS(relay), rt.WS(relay)
req_a = a.welcome["welcome"].get("permission-required", {}).get("hashcash", {})
req_b = b.welcome["welcome"].get("permission-required", {}).get("hashcash", {})
tap.ok(req_a.get("bits") == BITS and isinstance(req_a.get("resource"), str)
       and len(req_a["resource"]) >= 16 and ":" not in req_a["resource"],
       "the welcome asks for {\"hashcash\": {\"bits\": %d, \"resource\": R}}" % BITS, a.welcome)
tap.ok(req_a.get("resource") != req_b.get("resource"), "each connection has its own resource")

# A bind before the stamp is refused, and so is everything after it.
a.send({"type": "bind", "appid": "x", "side": "s1", "id": "b1"})
got = a.expect(2)
tap.ok(got and got[0] == {"type": "ack", "id": "b1", "server_tx": got[0].get("server_tx")}
       and errors_of(got[1:]) and errors_of(got[1:])[0].startswith("must submit-permission first"),
       "a bind before a stamp is refused: must submit-permission first", got)
a.send({"type": "allocate", "id": "al"})
tap.ok(errors_of(a.expect(2)) == ["must bind first"], "and the commands after it too")

# Wrong stamps, each refused with its reason; the connection stays.
resource = req_a["resource"]
today = datetime.datetime.utcnow()
old = (today - datetime.timedelta(days=10)).strftime("%y%m%d")
wrong = [
    ("garbage", "not a stamp", "not VERSION:BITS"),
    ("version 0", "0" + mint(BITS, resource)[1:], "not hashcash version 1"),
    ("another connection's resource", mint(BITS, req_b["resource"]), "another resource"),
    ("fewer bits claimed", mint(BITS - 4, resource), "claims fewer bits"),
    ("a date ten days back", mint(BITS, resource, date=old), "date"),
    ("no work", "1:%d:%s:%s::AAAA:0" % (BITS, today.strftime("%y%m%d"), resource), "zero bits"),
]
for name, stamp, reason in wrong:
    if name == "no work" and zero_bits(stamp) >= BITS:
        stamp = stamp[:-1] + "1"
    a.send({"type": "submit-permissions", "method": "hashcash", "stamp": stamp, "id": "p"})
    errs = errors_of(a.expect(2))
    tap.ok(len(errs) == 1 and errs[0].startswith("submit-permission failed: ") and reason in errs[0],
           "a stamp with %s is refused: %s" % (name, errs[0] if errs else None), errs)
a.send({"type": "submit-permissions", "method": "scrypt", "stamp": "x", "id": "p"})
tap.ok(errors_of(a.expect(2)) == ["'scrypt' is not one of: hashcash"], "an unknown method is refused")
tap.ok(a.alive(), "the connection still serves after the refusals")

# The right stamp, the Python way (plural, with an id): bind and allocate work.
a.send({"type": "submit-permissions", "method": "hashcash", "id": "good",
        "stamp": hp.mint_python(BITS, resource)})
got = a.expect(1)
tap.ok([f.get("type") for f in got] == ["ack"] and a.recv(0.3) is None,
       "a valid stamp in the Python branch's form is taken (plural, with an id)", got)
a.send({"type": "bind", "appid": "x", "side": "s1", "id": "b2"})
a.send({"type": "allocate", "id": "al2"})
got = a.expect(3)
tap.ok([f.get("type") for f in got] == ["ack", "ack", "allocated"], "then bind and allocate work", got)
a.send({"type": "submit-permissions", "method": "hashcash", "id": "again",
        "stamp": hp.mint_python(BITS, resource)})
tap.ok(errors_of(a.expect(2)) == ["permission already granted"],
       "a connection's resource is spent by its stamp")

# The Rust way: singular, no id (the ack's id is null), base64 date and counter.
b.send({"type": "submit-permission", "method": "hashcash",
        "stamp": hp.mint_rust(BITS, req_b["resource"])})
got = b.expect(1)
tap.ok(got and got[0].get("type") == "ack" and got[0].get("id") is None and b.recv(0.3) is None,
       "a valid stamp in wormhole-rs's form is taken (singular, no id)", got)
b.send({"type": "bind", "appid": "x", "side": "s2"})
tap.ok([f.get("type") for f in b.expect(1)] == ["ack"] and b.recv(0.3) is None, "then its bind")

# A stamp taken on one connection is worth nothing on another.
c = rt.WS(relay)
c.send({"type": "submit-permissions", "method": "hashcash", "id": "r",
        "stamp": hp.mint_python(BITS, resource)})
errs = errors_of(c.expect(2))
tap.ok(len(errs) == 1 and "another resource" in errs[0], "a stamp cannot be used again elsewhere", errs)
for s in (a, b, c):
    s.sock.close()

gofer_env = dict(os.environ, G_MESSAGES_DEBUG="gofer")


def gofer_pair(name, send_args, expect):
    code = "%d-%s" % (40 + len(name), rt.CODE_WORDS)
    t0 = time.time()
    ok, sender, receiver, recv_dir = rt.transfer(
        tap, name, rt.gofer_cmd(gofer, relay, "send", "--hide-progress", "--code", code, *send_args),
        rt.gofer_cmd(gofer, relay, "receive", "--hide-progress", "--accept-file", code),
        scratch)
    return ok, sender, receiver, recv_dir, time.time() - t0


# Gofer to Gofer through the relay: text and a file.
ok, sender, receiver, _, secs = gofer_pair("gofer-text", ["--text", "through a hashcash relay"], None)
tap.ok(ok and "through a hashcash relay" in receiver.output(),
       "gofer send --text to gofer receive through a relay that asks for %d bits (%.1f s)"
       % (BITS, secs))
src = os.path.join(scratch, "payload.bin")
rt.make_random_file(src, 200 * 1024)
ok, sender, receiver, recv_dir, secs = gofer_pair("gofer-file", [src], None)
tap.ok(ok and rt.received_intact(scratch, recv_dir, "payload.bin"),
       "gofer send FILE to gofer receive through it, byte for byte (%.1f s)" % secs)

# The Python branch's stand-in sends a text to gofer receive.
code = "61-" + rt.CODE_WORDS
peer = rt.spawn(["/usr/bin/python3", peer_script, "python-send-text", relay.url, code, "from python"],
                scratch, "python-peer")
time.sleep(0.5)
recv = rt.spawn(rt.gofer_cmd(gofer, relay, "receive", code), scratch, "python-peer-gofer")
rrc, prc = recv.wait(60), peer.wait(30)
tap.ok(rrc == 0 and prc == 0 and "from python" in recv.output()
       and "STAMP 1:%d:20" % BITS in peer.output() and "::b'" in peer.output(),
       "the Python branch's way (submit-permissions, then bind) sends a text to gofer receive",
       "peer rc=%s:\n%s\ngofer rc=%s:\n%s" % (prc, peer.output(), rrc, recv.output()))

# The Rust stand-in receives a file from gofer send.
code = "62-" + rt.CODE_WORDS
outdir = os.path.join(scratch, "rust-out")
os.makedirs(outdir)
send = rt.spawn(rt.gofer_cmd(gofer, relay, "send", "--hide-progress", "--code", code, src),
                scratch, "rust-peer-gofer")
time.sleep(0.5)
peer = rt.spawn(["/usr/bin/python3", peer_script, "rust-receive", relay.url, relay.transit_hint,
                 code, outdir], scratch, "rust-peer")
prc, src_rc = peer.wait(60), send.wait(30)
tap.ok(prc == 0 and src_rc == 0 and rt.received_intact(scratch, outdir, "payload.bin")
       and "STAMP 1:%d:MjA" % BITS in peer.output(),
       "wormhole-rs's way (submit-permission, its ack, then bind) receives a file from gofer send",
       "peer rc=%s:\n%s\ngofer rc=%s:\n%s" % (prc, peer.output(), src_rc, send.output()))

# The Debian Python client knows no permissions: it must stop with the
# relay's sentence, not wait (sending, and receiving a typed code).
for name, args in (("send", ["send", "--text", "x"]), ("receive", ["receive", "63-" + rt.CODE_WORDS])):
    t0 = time.time()
    run = rt.spawn(rt.python_cmd(relay, *args), scratch, "debian-" + name)
    rc = run.wait(30)
    secs = time.time() - t0
    tap.ok(rc not in (0, None) and "must submit-permission first" in run.output() and secs < 20,
           "Debian's wormhole %s stops with the relay's error in %.1f s (rc=%s)" % (name, secs, rc),
           run.output()[-1500:])

tap.ok(relay.stop() == 0, "the relay stops cleanly")
rt.finish(tap, scratch)
