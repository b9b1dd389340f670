#!/usr/bin/python3
# test-malformed.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Malformed input never crashes or stalls gofer-relay: payloads that are
not JSON, not an object, have members of the wrong type, are oversized or
nest too deeply get an "error" frame and the connection keeps working;
broken WebSocket framing closes only that connection; garbage on the
transit port gets "bad handshake". Afterwards real clients still work.
(The relay runs with G_DEBUG=fatal-warnings from the test environment, so
a warning or critical would also kill it and fail the last checks.)"""

import json
import socket
import sys
import time

import relaytest as rt
from relaytest import encode_frame

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole")
scratch = rt.workdir("malformed")
MAX = 10000
relay = rt.Relay(sys.argv[1], scratch, args=["--max-message-size", str(MAX)]).start()


def WS():
    return rt.WS(relay)


def errors_of(msgs):
    return [m.get("error") for m in msgs if m.get("type") == "error"]


# Payloads that are not JSON objects: an error, no ack, still alive.
ws = WS()
for payload, want in [("this is not json", "message is not valid JSON"),
                      ("{\"type\": \"ping\"", "message is not valid JSON"),
                      ("[1, 2, 3]", "message must be a JSON object"),
                      ("42", "message must be a JSON object"),
                      ("\"just a string\"", "message must be a JSON object"),
                      ("null", "message must be a JSON object"),
                      ("", "message is not valid JSON")]:
    ws.text(payload)
    got = ws.expect(1)
    tap.ok(errors_of(got) == [want] and "orig" in got[0], "%r answered with %r" % (payload, want),
           json.dumps(got))
tap.ok(ws.alive(), "connection still serves commands after bad payloads")

ws.frame(2, b"\xff\xfe not utf-8 {")
tap.ok(errors_of(ws.expect(1)) == ["message is not valid JSON"], "binary frame with invalid UTF-8 gets an error")
ws.text("[" * 5000)
tap.ok(errors_of(ws.expect(1)) == ["message nests too deeply"], "deeply nested JSON refused before parsing")
ws.text("{\"a\":" * 40 + "1" + "}" * 40)
tap.ok(errors_of(ws.expect(1)) == ["message nests too deeply"], "nested objects counted too")
tap.ok(ws.alive(), "still alive")

# Members of the wrong type: ack first, then an error naming the member.
ws.send({"type": 17, "id": "t1"})
got = ws.expect(2)
tap.ok([m.get("type") for m in got] == ["ack", "error"] and got[1]["error"] == "must bind first",
       "non-string type before bind: ack, then must bind first", json.dumps(got))
for msg, want in [({"type": "bind", "appid": 5, "side": "aaaa"}, "'appid' must be a string"),
                  ({"type": "bind", "appid": "x", "side": None}, "'side' must be a string"),
                  ({"type": "bind", "appid": "x"}, "bind requires 'side'")]:
    ws.send(dict(msg, id="b"))
    got = ws.expect(2)
    tap.ok([m.get("type") for m in got] == ["ack", "error"] and got[1]["error"] == want
           and got[1]["orig"] == dict(msg, id="b"), "%s -> %s" % (json.dumps(msg), want), json.dumps(got))

ws.send({"type": "bind", "appid": "gofer.test/malformed", "side": "abcdef0123", "id": "ok",
         "client_version": [{"odd": 1}, 7]})
tap.ok([m.get("type") for m in ws.expect(1)] == ["ack"], "valid bind (with an odd client_version) accepted")
ws.send({"type": ["list"], "id": "t2"})
tap.ok(errors_of(ws.expect(2)) == ["unknown type"], "non-string type after bind: unknown type")
for msg, want in [({"type": "claim", "nameplate": 7}, "'nameplate' must be a string"),
                  ({"type": "release", "nameplate": [7]}, "'nameplate' must be a string"),
                  ({"type": "open", "mailbox": {"id": 1}}, "'mailbox' must be a string"),
                  ({"type": "add", "phase": "0", "body": "00"}, "must open mailbox before adding")]:
    ws.send(msg)
    got = ws.expect(2)
    tap.ok(errors_of(got) == [want], "%s -> %s" % (json.dumps(msg), want), json.dumps(got))
ws.send({"type": "open", "mailbox": "malformedmbx01", "id": "o"})
tap.ok([m.get("type") for m in ws.expect(1)] == ["ack"], "open accepted")
for msg, want in [({"type": "add", "phase": 0, "body": "00"}, "'phase' must be a string"),
                  ({"type": "add", "phase": "0", "body": {"x": 1}}, "'body' must be a string"),
                  ({"type": "add", "phase": "0"}, "missing 'body'")]:
    ws.send(msg)
    got = ws.expect(2)
    tap.ok(errors_of(got) == [want], "%s -> %s" % (json.dumps(msg), want), json.dumps(got))
ws.send({"type": "add", "phase": "0", "body": "c0ffee", "id": 99})
got = ws.expect(2)
tap.ok([m.get("type") for m in got] == ["ack", "message"] and got[1]["id"] == 99,
       "a good add after bad ones is stored and echoed with its id", json.dumps(got))
ws.send({"type": "close", "mood": {"not": "a string"}, "id": "c"})
tap.ok([m.get("type") for m in ws.expect(2)] == ["ack", "closed"], "a mood that is not a string is ignored")

# Nameplates: at most 40 bytes (the names of every real client are a few
# digits); not only digits, as the reference (docs/relay.md, "Limits").
for name, ok in [("4" * 40, True), ("4" * 41, False), ("not-a-number", True)]:
    ws = WS()
    ws.send({"type": "bind", "appid": "gofer.test/malformed", "side": "n" * 10})
    ws.send({"type": "claim", "nameplate": name})
    got = ws.expect(3)
    if ok:
        tap.ok([m.get("type") for m in got] == ["ack", "ack", "claimed"],
               "a nameplate of %d bytes (%s...) is claimed" % (len(name), name[:4]), json.dumps(got))
    else:
        tap.ok(errors_of(got) == ["'nameplate' is too long (at most 40 bytes)"] and ws.alive(),
               "a nameplate of %d bytes is refused, the connection stays" % len(name), json.dumps(got))

# Oversized: an error and the connection stays; a single frame over the
# WebSocket layer's hard cap (4 x the limit, at least 64 KiB) closes just
# that connection.
ws = WS()
ws.send({"type": "ping", "ping": 1, "pad": "x" * MAX})
got = ws.expect(1)
tap.ok(errors_of(got) == ["message too large"] and got[0].get("orig") is None,
       "message over --max-message-size: error without echoing it", json.dumps(got)[:300])
tap.ok(ws.alive(), "connection alive after an oversized message")
tap.ok("limit --max-message-size=%d reached: refused a mailbox message from 127.0.0.1" % MAX in relay.log(),
       "oversized message logged with the flag that governs it", relay.log()[-1000:])
# Fragments: each is under the cap, the reassembled message is not.
ws.frame(1, b"[" + b" " * 6000, fin=False)
ws.frame(0, b" " * 6000 + b"]", fin=True)
tap.ok(errors_of(ws.expect(1)) == ["message too large"], "fragmented oversized message refused too")
time.sleep(1.1)   # each limit logs at most one line a second
ws.frame(1, b"x" * 70000)
ws.expect(1)
tap.ok(ws.closed in (1009, "eof"), "a single frame over the WebSocket cap closes that connection",
       str(ws.closed))
tap.ok("closed a connection that sent an oversized WebSocket frame from 127.0.0.1" in relay.log(),
       "and that is logged", relay.log()[-1000:])

# Fragmented messages (as wormhole-william sends them) are reassembled.
ws = WS()
ws.frame(1, b'{"type": "pi', fin=False)
ws.frame(0, b'ng", "ping": 7', fin=False)
ws.frame(0, b', "id": "frag"}', fin=True)
got = ws.expect(2)
tap.ok([m.get("type") for m in got] == ["ack", "pong"] and got[0]["id"] == "frag",
       "fragmented message reassembled", json.dumps(got))
ws.frame(1, b'{"type": "ping", "ping": 8}', fin=False)
ws.frame(0, b"", fin=True)
tap.ok([m.get("type") for m in ws.expect(2)] == ["ack", "pong"], "empty final continuation frame (Go style)")
ws.frame(9, b"hello")
op, payload = ws.recv_frame()
tap.ok(op == 10 and payload == b"hello", "WebSocket ping answered with pong")

# Many commands at once are all answered, in order, without stalling.
N = 2000
ws.raw(b"".join(encode_frame(1, json.dumps({"type": "ping", "ping": i, "id": str(i)}).encode())
                for i in range(N)))
got = ws.expect(2 * N, timeout=10)
tap.ok(len(got) == 2 * N and [m["pong"] for m in got[1::2]] == list(range(N)),
       "%d pipelined commands answered in order" % N, "got %d" % len(got))

# Broken WebSocket framing and broken HTTP close only that connection.
ws = WS()
ws.frame(1, b'{"type": "ping", "ping": 1}', mask=False)
ws.expect(1)
tap.ok(ws.closed == 1002, "unmasked client frame: protocol error close", str(ws.closed))
ws = WS()
ws.frame(1, b"\xc3\x28 invalid utf-8 text frame")
ws.expect(1)
tap.ok(ws.closed == 1007, "invalid UTF-8 in a text frame: close 1007", str(ws.closed))
ws = WS()
ws.frame(3, b"reserved opcode")
ws.expect(1)
tap.ok(ws.closed == 1002, "reserved opcode: protocol error close", str(ws.closed))
s = socket.create_connection(("127.0.0.1", relay.mailbox_port), timeout=5)
s.sendall(b"\x16\x03\x01\x02\x00 this is not HTTP\r\n\r\n")
try:
    reply = s.recv(200)
except OSError:
    reply = b""
tap.ok(reply == b"" or (reply.startswith(b"HTTP/1.") and reply[9:10] == b"4"), "garbage instead of HTTP: refused", repr(reply))
s.close()
s = socket.create_connection(("127.0.0.1", relay.mailbox_port), timeout=5)
s.sendall(b"GET /v1 HTTP/1.1\r\nHost: x\r\n\r\n")
tap.ok(s.recv(200).startswith(b"HTTP/1.1 400"), "plain GET of /v1 without an upgrade: 400")
s.close()
s = socket.create_connection(("127.0.0.1", relay.mailbox_port), timeout=5)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
reply = b""
while True:
    d = s.recv(4096)
    if not d:
        break
    reply += d
tap.ok(reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"Wormhole Relay (gofer-relay)\n"),
       "GET / answers like the reference", repr(reply[-80:]))
s.close()

# Transit port: garbage and an overlong line.
for data in [b"\x00\x01\x02 garbage\n", b"please relay " + b"a" * 2000]:
    s = socket.create_connection(("127.0.0.1", relay.transit_port), timeout=5)
    s.sendall(data)
    reply = b""
    try:
        while True:
            d = s.recv(100)
            if not d:
                break
            reply += d
    except OSError:
        pass
    tap.ok(reply == b"bad handshake\n", "transit: %r... -> bad handshake" % data[:16], repr(reply))
    s.close()

# After all that, real clients still get through.
code = "6-" + rt.CODE_WORDS
ok, sender, receiver, _ = rt.transfer(
    tap, "after", rt.python_cmd(relay, "send", "--code", code, "--text", "still here"),
    rt.python_cmd(relay, "receive", code), scratch, timeout=60)
tap.ok(ok and "still here" in receiver.output(), "a normal wormhole still works afterwards")
tap.ok(relay.alive(), "relay never crashed")
tap.ok(relay.stop() == 0, "relay stops cleanly", relay.log()[-2000:])
rt.finish(tap, scratch)
