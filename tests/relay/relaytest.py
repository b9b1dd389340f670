# relaytest.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers for the gofer-relay tests: TAP output, starting and
stopping gofer-relay on free loopback ports, running the real wormhole
clients (Python `wormhole`, Go `wormhole-william`) against it."""

import atexit
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "probes"))
from wsframes import encode_frame, parse_frame, handshake  # noqa: E402,F401

CODE_WORDS = "guitarist-revenge"

# Relays still running when a test script ends (say, on an exception) are
# stopped, so no gofer-relay outlives its test.
_STARTED = []


def _stop_leftovers():
    for relay in _STARTED:
        if relay.alive():
            relay.proc.kill()
            relay.proc.wait()


atexit.register(_stop_leftovers)


class Tap:
    """Minimal TAP producer: `ok(cond, name)`, plan printed at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, name), flush=True)
        if not cond and detail:
            self.diag(detail)
        return cond

    def diag(self, text):
        # stderr, not stdout: `meson test --print-errorlogs` shows only
        # stderr, and a CI log is all there is to read after a failure.
        for line in str(text).splitlines():
            print("# " + line, file=sys.stderr, flush=True)

    def skip_all(self, reason):
        print("1..0 # SKIP " + reason, flush=True)
        sys.exit(0)

    def bail(self, reason):
        print("Bail out! " + reason, flush=True)
        sys.exit(1)

    def done(self):
        print("1..%d" % self.n, flush=True)
        sys.exit(1 if self.failed else 0)


def sanitized(pid):
    """Whether the process runs under AddressSanitizer, which keeps freed
    memory in quarantine and pads every allocation: its RSS says nothing
    about the relay's own use, and its leak check at exit stands in."""
    with open("/proc/%d/maps" % pid) as f:
        return "libasan" in f.read()


def memory_ok(tap, pid, cond, name):
    """tap.ok() for a check of a process's memory, skipped under ASan."""
    if sanitized(pid):
        tap.n += 1
        print("ok %d - %s # SKIP AddressSanitizer keeps freed memory" % (tap.n, name), flush=True)
        return True
    return tap.ok(cond, name)


def require_private_network(tap):
    """The real clients advertise and dial every local address: only run
    them inside a network namespace that has nothing but `lo`."""
    # /proc/net/dev follows the caller's network namespace (/sys may not).
    with open("/proc/net/dev") as f:
        names = [line.split(":")[0].strip() for line in f.readlines()[2:]]
    others = [n for n in names if n != "lo"]
    if others:
        tap.skip_all("not inside a private network namespace (have %s); run via build-aux/dev test"
                     % ", ".join(others))


def require_tools(tap, *tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        tap.bail("missing %s (build-aux/dev deps installs them)" % ", ".join(missing))


class Relay:
    """A gofer-relay process on 127.0.0.1."""

    def __init__(self, binary, workdir, args=(), mailbox_port=0, transit_port=0, db=":memory:",
                 name="relay"):
        self.binary = binary
        self.workdir = workdir
        self.args = list(args)
        self.mailbox_port = mailbox_port
        self.transit_port = transit_port
        self.db = db
        self.log_path = os.path.join(workdir, name + ".log")
        self.proc = None

    def start(self, timeout=10):
        cmd = [self.binary, "--listen", "127.0.0.1", "--mailbox-port", str(self.mailbox_port),
               "--transit-port", str(self.transit_port), "--db", self.db] + self.args
        self.log_file = open(self.log_path, "a")
        offset = self.log_file.tell()
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        _STARTED.append(self)
        deadline = time.time() + timeout
        want_mailbox = "--no-mailbox" not in self.args
        want_transit = "--no-transit" not in self.args
        while time.time() < deadline:
            text = self.log()[offset:]
            m = re.findall(r"mailbox server listening on ws://[^ ]*:(\d+)/v1", text)
            t = re.findall(r"transit relay listening on tcp:[^ ]*:(\d+)", text)
            if (m or not want_mailbox) and (t or not want_transit):
                if m:
                    self.mailbox_port = int(m[-1])
                if t:
                    self.transit_port = int(t[-1])
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("gofer-relay did not start:\n" + self.log())

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    @property
    def url(self):
        return "ws://127.0.0.1:%d/v1" % self.mailbox_port

    @property
    def transit_hint(self):
        return "tcp:127.0.0.1:%d" % self.transit_port

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stops the relay; returns its exit status (0 for a clean stop)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log_file.close()
        return rc

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class WS:
    """A raw WebSocket client for protocol-level checks."""

    def __init__(self, relay, headers=None, expect_welcome=True, source=None):
        self.sock = socket.create_connection(("127.0.0.1", relay.mailbox_port), timeout=5,
                                             source_address=(source, 0) if source else None)
        self.closed = None
        if headers:
            self._handshake(relay.mailbox_port, headers)
        else:
            _, self.buf = handshake(self.sock, "127.0.0.1", relay.mailbox_port)
        self.welcome = self.recv()
        if expect_welcome:
            assert self.welcome and self.welcome.get("type") == "welcome", self.welcome

    def _handshake(self, port, headers):
        import base64
        key = base64.b64encode(os.urandom(16)).decode()
        extra = "".join("%s: %s\r\n" % kv for kv in headers.items())
        self.sock.sendall(("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n%s\r\n" % (port, key, extra)).encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = self.sock.recv(4096)
            if not d:
                raise EOFError("closed during handshake")
            buf += d
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise IOError("handshake failed: %r" % head)

    def raw(self, data):
        self.sock.sendall(data)

    def frame(self, opcode, payload, fin=True, mask=True):
        data = encode_frame(opcode, payload, mask)
        if not fin:
            data = bytes([data[0] & 0x7F]) + data[1:]
        self.raw(data)

    def text(self, s):
        self.frame(1, s.encode() if isinstance(s, str) else s)

    def send(self, obj):
        self.text(json.dumps(obj))

    def recv_frame(self, timeout=3.0):
        self.sock.settimeout(timeout)
        while True:
            r = parse_frame(self.buf)
            if r:
                fin, op, payload, masked, self.buf = r
                return op, payload
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                return None, None
            except ConnectionResetError:
                d = b""
            if not d:
                return "eof", None
            self.buf += d

    def recv(self, timeout=3.0):
        """The next JSON message; None on timeout or close (self.closed
        then holds the close code, or "eof")."""
        while True:
            op, payload = self.recv_frame(timeout)
            if op is None:
                return None
            if op == "eof":
                self.closed = self.closed or "eof"
                return None
            if op == 8:
                self.closed = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                return None
            if op == 9:
                self.frame(10, payload)
                continue
            if op == 1:
                return json.loads(payload)
            return {"_opcode": op}

    def expect(self, n, timeout=3.0):
        out = []
        for _ in range(n):
            m = self.recv(timeout)
            if m is None:
                break
            out.append(m)
        return out

    def alive(self):
        """Round-trips a ping: the connection still serves commands."""
        self.send({"type": "ping", "ping": 4242, "id": "alive"})
        got = self.expect(2)
        return [m.get("type") for m in got] == ["ack", "pong"] and got[1].get("pong") == 4242


def python_cmd(relay, *args, transit=True):
    cmd = ["wormhole", "--relay-url", relay.url]
    if transit:
        cmd += ["--transit-helper", relay.transit_hint]
    return cmd + list(args)


def gofer_cmd(gofer, relay, *args, transit=True):
    cmd = [gofer, "--relay-url", relay.url]
    if transit:
        cmd += ["--transit-helper", relay.transit_hint]
    return cmd + list(args)


def go_cmd(relay, *args):
    return ["wormhole-william", "--relay-url", relay.url] + list(args)


class Run:
    def __init__(self, proc, out_path):
        self.proc = proc
        self.out_path = out_path

    def wait(self, timeout):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        return self.proc.returncode

    def output(self):
        with open(self.out_path, errors="replace") as f:
            return f.read()


def spawn(cmd, cwd, name, stdin_text=None):
    out = open(os.path.join(cwd, name + ".out"), "w")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
    return Run(proc, os.path.join(cwd, name + ".out"))


def transfer(tap, name, sender_cmd, receiver_cmd, workdir, receiver_stdin=None, timeout=90,
             sender_delay=0.7):
    """Starts the sender, then the receiver; returns (ok, sender_run,
    receiver_run, receiver_dir). Sender and receiver each get their own
    working directory under workdir/name."""
    base = os.path.join(workdir, name)
    send_dir = os.path.join(base, "send")
    recv_dir = os.path.join(base, "recv")
    os.makedirs(send_dir, exist_ok=True)
    os.makedirs(recv_dir, exist_ok=True)
    sender = spawn(sender_cmd, send_dir, "sender")
    time.sleep(sender_delay)
    receiver = spawn(receiver_cmd, recv_dir, "receiver", receiver_stdin)
    rrc = receiver.wait(timeout)
    src = sender.wait(30)
    ok = rrc == 0 and src == 0
    if not ok:
        tap.diag("%s: sender rc=%s, receiver rc=%s" % (name, src, rrc))
        tap.diag("sender output:\n" + sender.output()[-2000:])
        tap.diag("receiver output:\n" + receiver.output()[-2000:])
    return ok, sender, receiver, recv_dir


def lost_port_race(*runs):
    """Whether a Python `wormhole` client failed to listen on the port it had
    just picked: it binds port 0, closes it and binds that number again,
    which another test running at the same time may take in between. That
    is the reference client's race, not the relay's failure."""
    return any("Couldn't listen on any" in run.output() for run in runs)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_random_file(path, size):
    with open(path, "wb") as f:
        left = size
        while left:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n
    return path


def make_tree(root):
    """A small directory with nested files, an empty file and text."""
    os.makedirs(os.path.join(root, "sub", "deeper"), exist_ok=True)
    make_random_file(os.path.join(root, "a.bin"), 300 * 1024)
    make_random_file(os.path.join(root, "sub", "b.bin"), 70 * 1024)
    with open(os.path.join(root, "sub", "deeper", "notes.txt"), "w") as f:
        f.write("gofer relay directory test\n" * 50)
    return root


def make_sources(scratch, size):
    """What the file tests send, in scratch/src: payload.bin of size random
    bytes and the directory photos (make_tree). Returns the folder."""
    src = os.path.join(scratch, "src")
    os.makedirs(src)
    make_random_file(os.path.join(src, "payload.bin"), size)
    make_tree(os.path.join(src, "photos"))
    return src


def received_intact(src, recv_dir, what):
    """True if recv_dir holds src/what (a file or a directory) byte for byte."""
    sent = os.path.join(src, what)
    got = os.path.join(recv_dir, what)
    if os.path.isdir(sent):
        return os.path.isdir(got) and trees_equal(sent, got)
    return os.path.isfile(got) and sha256_file(got) == sha256_file(sent)


def usage_events(usage_log, event):
    """The entries of one kind in a --usage-log file so far ([] before the
    relay wrote one)."""
    try:
        with open(usage_log) as f:
            return [e for e in map(json.loads, f) if e.get("event") == event]
    except OSError:
        return []


def trees_equal(a, b):
    """True if both directories hold the same relative file names and
    bytes (like diff -r)."""
    def listing(root):
        out = {}
        for dirpath, _, files in os.walk(root):
            for fn in files:
                p = os.path.join(dirpath, fn)
                out[os.path.relpath(p, root)] = sha256_file(p)
        return out
    return listing(a) == listing(b)


def wait_for(pred, timeout):
    """Polls pred every 0.1 s until it is true (True) or timeout seconds
    passed (False)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(0.1)
    return False


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def workdir(prefix):
    """A scratch directory under the build tree (kept when a test fails,
    for its logs)."""
    base = os.environ.get("G_TEST_BUILDDIR")
    if base and not os.path.isdir(base):
        base = None
    return tempfile.mkdtemp(prefix="relay-%s-" % prefix, dir=base)


def finish(tap, scratch):
    if not tap.failed:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        tap.diag("scratch files kept in " + scratch)
    tap.done()
