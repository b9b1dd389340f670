#!/usr/bin/python3
# deep-json.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deeply nested JSON from the network crashes nothing.

    deep-json.py GOFER_RELAY GOFER

json-glib recurses once per nesting level. Three attackers, none of whom
needs the code:

1. A client sends gofer-relay one message of about 180 KB whose brackets
   a naive count misses because a /* comment */ hides some of them. The
   relay answers with an error, keeps serving that connection, and a real
   `gofer send` / `gofer receive` pair then moves a text through it.
2. A stranger claims a waiting sender's nameplate and adds a `pake` whose
   body is [ x 100000 then ] x 100000. The waiting `gofer send` ends with an
   error status and a sentence, not a signal.
3. A hostile mailbox server answers `gofer send` with a deep frame: the
   same, an error and a sentence.
"""

import base64
import hashlib
import os
import socket
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
import relaytest as rt  # noqa: E402
from relaytest import encode_frame  # noqa: E402

tap = rt.Tap()
rt.require_private_network(tap)
relay_binary, gofer = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
scratch = rt.workdir("deep-json")
APP = "lothar.com/wormhole/text-or-file-xfer"
DEEP = "[" * 100000 + "]" * 100000
HIDDEN = "/*" + "]" * 60000 + "*/" + "[" * 60000 + "]" * 60000


def ended_cleanly(run, what, timeout=30):
    """The program ends within timeout with an error status, not a signal."""
    rc = run.wait(timeout)
    out = run.output()
    tap.ok(rc is not None, "%s: gofer send ended within %d s" % (what, timeout), out[-1500:])
    tap.ok(rc is not None and rc > 0, "%s: with an error status, not a signal (status %s)" % (what, rc),
           out[-1500:])
    tap.ok("Segmentation" not in out and "AddressSanitizer" not in out,
           "%s: no crash report" % what, out[-1500:])
    return out


# 1. The relay: brackets hidden in a comment.
relay = rt.Relay(relay_binary, scratch).start()
ws = rt.WS(relay)
ws.text(HIDDEN)
got = ws.expect(1, timeout=10)
errors = [m.get("error") for m in got if m.get("type") == "error"]
tap.ok(errors == ["message is not valid JSON"], "relay: a comment hiding brackets is refused as invalid JSON",
       repr(got)[:500])
tap.ok(ws.alive(), "relay: the attacker's own connection still serves commands")
tap.ok(relay.alive(), "relay: still running after the hidden-bracket message", relay.log()[-1500:])
ws.text("[" * 60000 + "]" * 60000)
got = ws.expect(1, timeout=10)
tap.ok([m.get("error") for m in got] == ["message nests too deeply"], "relay: 60000 open brackets are refused",
       repr(got)[:500])
ok, sender, receiver, _ = rt.transfer(
    tap, "after-hidden", rt.gofer_cmd(gofer, relay, "send", "--text", "still here", "--code", "5-deep-json"),
    rt.gofer_cmd(gofer, relay, "receive", "5-deep-json"), scratch, timeout=60)
tap.ok(ok and "still here" in receiver.output(), "relay: a text still goes through afterwards",
       receiver.output()[-1500:])

# 2. A stranger's pake to a waiting sender.
sender = rt.spawn(rt.gofer_cmd(gofer, relay, "send", "--text", "secret", "--code", "6-waiting-sender"),
                  scratch, "waiting-sender")
attacker = rt.WS(relay)
attacker.send({"type": "bind", "appid": APP, "side": "a77ac4e5"})
attacker.send({"type": "claim", "nameplate": "6"})
claimed = None
for _ in range(10):
    m = attacker.recv(timeout=10)
    if m is None or m.get("type") == "claimed":
        claimed = m
        break
tap.ok(claimed is not None, "stranger: claimed the waiting sender's nameplate", repr(claimed))
if claimed is not None:
    attacker.send({"type": "open", "mailbox": claimed["mailbox"]})
    attacker.send({"type": "add", "phase": "pake", "body": DEEP.encode().hex()})
out = ended_cleanly(sender, "stranger's deep pake")
tap.ok("secret" not in out, "stranger: the sender's text was not given away")
tap.ok(relay.alive(), "relay: still running after forwarding the deep pake", relay.log()[-1500:])
relay.stop()


# 3. A hostile mailbox server sends a deep frame right after the upgrade.
def hostile_server(listener):
    conn, _ = listener.accept()
    conn.settimeout(10)
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(4096)
        if not chunk:
            return
        request += chunk
    key = [line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
           if line.lower().startswith(b"sec-websocket-key:")][0]
    accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    conn.sendall(encode_frame(1, DEEP.encode(), mask=False))
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass
    conn.close()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
server = threading.Thread(target=hostile_server, args=(listener,), daemon=True)
server.start()
url = "ws://127.0.0.1:%d/v1" % listener.getsockname()[1]
sender = rt.spawn([gofer, "--relay-url", url, "send", "--text", "secret", "--code", "7-hostile-server"],
                  scratch, "hostile-server-sender")
ended_cleanly(sender, "hostile server's deep frame")
listener.close()

tap.done()
