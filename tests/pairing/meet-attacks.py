#!/usr/bin/python3
# meet-attacks.py: what a third party can do to a meeting of two paired
# Gofers (issue #18, docs/security.md "Paired devices"), on a gofer-relay on
# loopback:
#   - a stranger who knows the day's mailbox id (derived here from the
#     pairing secret, as the server or an eavesdropper on ws:// would see
#     it) opens it and runs SPAKE2 with a guessed password: the waiting
#     Gofer refuses it with a sentence, and the stranger cannot open a byte
#     of what that Gofer sent;
#   - a recording of a successful meeting (every frame the sender sent,
#     captured by a proxy between it and the server) played back into the
#     next meeting: refused with the same sentence, and nothing of the
#     recorded text is shown.
# Usage: meet-attacks.py GOFER GOFER_RELAY
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
import atexit, base64, hashlib, hmac, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "relay"))
from relaytest import Relay, Tap, WS  # noqa: E402
from wsframes import parse_frame  # noqa: E402
from nacl.exceptions import CryptoError  # noqa: E402
from nacl.secret import SecretBox  # noqa: E402
from spake2 import SPAKE2_Symmetric  # noqa: E402

APPID = "lothar.com/wormhole/text-or-file-xfer"
GOFER, GOFER_RELAY = sys.argv[1], sys.argv[2]
WORK = tempfile.mkdtemp(prefix="gofer-meet-attacks.")
atexit.register(shutil.rmtree, WORK, True)
tap = Tap()


def hkdf(ikm, info, length=32):
    prk = hmac.new(b"\0" * 32, ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def env_of(who):
    return dict(os.environ, XDG_DATA_HOME=os.path.join(WORK, who, "data"),
                XDG_CONFIG_HOME=os.path.join(WORK, who, "config"))


def gofer(who, url, *args, stdin=subprocess.DEVNULL):
    return subprocess.Popen([GOFER, "--relay-url", url, "--transit-helper", relay.transit_hint]
                            + list(args), env=env_of(who), stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc, what, timeout=30):
    """(exit status, stdout, stderr) within timeout seconds, else kills it."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        tap.diag("gave up after %d s waiting for %s" % (timeout, what))
    return proc.returncode, out, err


def pair(a, b):
    shower = gofer(a, relay.url, "pair", "--name", b)
    code, deadline = None, time.time() + 10
    while code is None and time.time() < deadline:
        line = shower.stderr.readline()
        m = re.match(r"Wormhole code is: (\S+)", line)
        code = m.group(1) if m else None
    typer = gofer(b, relay.url, "pair", "--name", a, "-", stdin=subprocess.PIPE)
    try:
        typer.communicate((code or "") + "\n", timeout=30)
    except subprocess.TimeoutExpired:
        typer.kill()
        typer.communicate()
    return typer.returncode == 0 and finish(shower, "the pairing")[0] == 0


def day_secrets(who, peer, slot=None):
    """The mailbox id and meeting password of today, from who's peers.ini,
    in the slot who waits in now (or in slot)."""
    text = open(os.path.join(WORK, who, "data", "gofer", "peers.ini")).read()
    block = [g for g in text.split("\n[") if "\nname=%s\n" % peer in g][0]
    secret = bytes.fromhex(re.search(r"\nsecret=([0-9a-f]{64})", block).group(1))
    day = b"%d" % (int(time.time()) // 86400)
    # The slot the waiting gofer took (docs/protocol-extensions.md §9).
    if slot is None:
        slot = int(open(os.path.join(WORK, who, "data", "gofer", "meeting-slot")).read())
    info = b"gofer:pair:rendezvous-v1:" + day + (b".%d" % slot if slot else b"")
    mailbox = base64.b32encode(hkdf(secret, info)[:15]).decode().lower()
    return mailbox, hkdf(secret, b"gofer:pair:meeting-v1:" + day).hex().encode()


def phase_key(key, side, phase):
    return hkdf(key, b"wormhole:phase:" + hashlib.sha256(side.encode()).digest()
                + hashlib.sha256(phase.encode()).digest())


def add(ws, phase, body):
    ws.send({"type": "add", "phase": phase, "body": body.hex() if isinstance(body, bytes) else body})


def open_mailbox(mailbox, side):
    ws = WS(relay)
    ws.send({"type": "bind", "appid": APPID, "side": side})
    ws.send({"type": "open", "mailbox": mailbox})
    return ws


def close_mailbox(ws, mailbox):
    """Closes like a client that gave up, so the mailbox does not stay
    crowded for the next meeting."""
    ws.send({"type": "close", "mailbox": mailbox, "mood": "scary"})
    ws.recv(timeout=2)
    ws.sock.close()


def messages_from_others(ws, side, want, timeout=15):
    """The first message of each phase in want that another side added."""
    got, deadline = {}, time.time() + timeout
    while time.time() < deadline and not set(want) <= set(got):
        m = ws.recv(timeout=1)
        if m and m.get("type") == "message" and m.get("side") != side:
            got.setdefault(m["phase"], (m["side"], bytes.fromhex(m["body"])))
    return got


def stranger():
    waiting = gofer("ann", relay.url, "receive", "--from", "bob", "--download-folder", WORK)
    time.sleep(0.5)
    mailbox, _ = day_secrets("ann", "bob")
    side = "e5e5e5e5e5"
    ws = open_mailbox(mailbox, side)
    s = SPAKE2_Symmetric(b"a guess at the password", idSymmetric=APPID.encode())
    add(ws, "pake", json.dumps({"pake_v1": s.start().hex()}).encode())
    got = messages_from_others(ws, side, ["pake", "version"])
    opened = False
    if "pake" in got and "version" in got:
        peer_side = got["pake"][0]
        key = s.finish(bytes.fromhex(json.loads(got["pake"][1])["pake_v1"]))
        try:
            SecretBox(phase_key(key, peer_side, "version")).decrypt(got["version"][1])
            opened = True
        except CryptoError:
            pass
        mine = SecretBox(phase_key(key, side, "version")).encrypt(b'{"app_versions": {}}')
        add(ws, "version", bytes(mine))
    status, out, err = finish(waiting, "ann to refuse the stranger")
    tap.ok("pake" in got and "version" in got, "the stranger got ann's key exchange and version",
           json.dumps(sorted(got)))
    tap.ok(not opened, "the stranger cannot open ann's version")
    tap.ok(status == 3, "ann refuses the stranger (exit 3)", "exit %s" % status)
    tap.ok("The computer that answered is not “bob”: it does not hold the pairing. "
           "Gofer refused it and sent nothing." in err, "ann says why", err)
    close_mailbox(ws, mailbox)


class RecordingProxy:
    """Forwards one TCP port to the relay and keeps what the client sent."""

    def __init__(self, port):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.target = port
        self.sent = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sent.append(b"")
            index = len(self.sent) - 1
            threading.Thread(target=self.pump, args=(client, server, index), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, None), daemon=True).start()

    def pump(self, src, dst, record):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            if record is not None:
                self.sent[record] += data
            dst.sendall(data)

    def commands(self):
        """The JSON commands of the connection that got past the key
        exchange: the sender knocks on every slot of the day, and only the
        one it met in carries more than its SPAKE2 message."""
        for buf in self.sent:
            out = self.connection_commands(buf)
            if any(c.get("type") == "add" and c.get("phase") != "pake" for c in out):
                return out
        return []

    @staticmethod
    def connection_commands(buf):
        out = []
        while b"\r\n\r\n" in buf:
            head, buf = buf.split(b"\r\n\r\n", 1)
            while True:
                r = parse_frame(buf)
                if not r:
                    break
                _, opcode, payload, _, buf = r
                if opcode == 1:
                    out.append(json.loads(payload))
                if buf.startswith(b"GET "):
                    break
        return out


def replay():
    proxy = RecordingProxy(relay.mailbox_port)
    waiting = gofer("ann", relay.url, "receive", "--from", "bob", "--download-folder", WORK)
    time.sleep(0.5)
    sender = gofer("bob", "ws://127.0.0.1:%d/v1" % proxy.port, "send", "--to", "ann",
                   "--text", "the recorded meeting")
    sent, _, sender_err = finish(sender, "bob's recorded meeting")
    status, out, err = finish(waiting, "ann to receive the recorded meeting")
    tap.ok(sent == 0 and status == 0 and out.strip() == "the recorded meeting",
           "a meeting of bob and ann went through the recording proxy", sender_err + err)
    adds = [c for c in proxy.commands() if c.get("type") == "add"]
    binds = [c for c in proxy.commands() if c.get("type") == "bind"]
    opened = [c for c in proxy.commands() if c.get("type") == "open"]
    tap.ok(adds and binds and opened and adds[0]["phase"] == "pake",
           "the recording holds bob's key exchange and messages", json.dumps(adds)[:300])
    if not (adds and binds and opened):
        return
    waiting = gofer("ann", relay.url, "receive", "--from", "bob", "--download-folder", WORK)
    time.sleep(0.5)
    # ann waits in a new slot now; the recording is played into it.
    mailbox, _ = day_secrets("ann", "bob")
    ws = open_mailbox(mailbox, binds[0]["side"])
    for c in adds:
        add(ws, c["phase"], c["body"])
    status, out, err = finish(waiting, "ann to refuse the replay")
    tap.ok(status == 3, "ann refuses the replayed meeting (exit 3)", "exit %s" % status)
    tap.ok("is not “bob”" in err, "ann says why", err)
    tap.ok("recorded" not in out, "nothing of the recorded meeting is shown", out)
    close_mailbox(ws, mailbox)


def stranger_in_another_slot():
    """bob knocks on every slot of the day; a stranger waiting in a slot ann
    is not in, with a key exchange message and a version that cannot open,
    does not stop bob from meeting ann in hers."""
    waiting = gofer("ann", relay.url, "receive", "--from", "bob", "--download-folder", WORK)
    time.sleep(0.5)
    ann_slot = int(open(os.path.join(WORK, "ann", "data", "gofer", "meeting-slot")).read())
    mailbox, _ = day_secrets("ann", "bob", (ann_slot + 1) % 8)
    side = "e6e6e6e6e6"
    ws = open_mailbox(mailbox, side)
    s = SPAKE2_Symmetric(b"a guess at the password", idSymmetric=APPID.encode())
    add(ws, "pake", json.dumps({"pake_v1": s.start().hex()}).encode())
    add(ws, "version", os.urandom(64))
    sender = gofer("bob", relay.url, "send", "--to", "ann", "--text", "past the stranger")
    sent, _, sender_err = finish(sender, "bob to meet ann past the stranger")
    status, out, err = finish(waiting, "ann to receive past the stranger")
    tap.ok(sent == 0 and status == 0 and out.strip() == "past the stranger",
           "a stranger in another slot does not stop bob from meeting ann", sender_err + err)
    got = messages_from_others(ws, side, ["pake", "version"], timeout=2)
    opened = False
    if "pake" in got and "version" in got:
        key = s.finish(bytes.fromhex(json.loads(got["pake"][1])["pake_v1"]))
        try:
            SecretBox(phase_key(key, got["pake"][0], "version")).decrypt(got["version"][1])
            opened = True
        except CryptoError:
            pass
    tap.ok("pake" in got and not opened, "the stranger cannot open what bob sent in its slot",
           json.dumps(sorted(got)))
    close_mailbox(ws, mailbox)


relay = Relay(GOFER_RELAY, WORK).start()
if not tap.ok(pair("ann", "bob"), "ann and bob pair with a code"):
    tap.done()
stranger()
replay()
stranger_in_another_slot()
relay.stop()
tap.done()
