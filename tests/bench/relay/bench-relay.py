#!/usr/bin/python3
# bench-relay.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay side by side with the Debian reference servers
(twist3 wormhole-mailbox, twist3 transitrelay), in the same run:

1. idle WebSocket connections held: N clients connect, get the welcome and
   bind, then sit idle; the time to accept them all, the server's CPU time
   for it, memory per connection from the server's RSS, and the latency of
   a "ping" while they are held (targets at 10,000: accepted in at most half
   the reference's time, CPU at most the reference's, under 8 KiB each, ping
   p99 under 2 ms and at most the reference's);
2. time to pair W simultaneous wormholes: 2 x W clients at once, each pair
   binds, claims one nameplate, opens the mailbox, exchanges a message,
   releases and closes (the mailbox part of every wormhole);
3. relayed throughput of S parallel streams of SIZE bytes through the
   transit relay, against the same streams through a plain TCP port
   forwarder on loopback (blocking splice(2), two threads per connection,
   no protocol; target: at least 90 % of it); the same streams without
   any hop are shown for reference;
4. with --hold N (e.g. 100000; gofer-relay alone): N idle connections
   held, the time to open them and the memory they take. Raises the file
   descriptor limit as far as the namespace allows (run as root in it) and
   connects from several loopback addresses, for enough source ports;
5. with --threads-sweep 1,2,5,… (gofer-relay alone): the idle test of 1.
   with each of these --threads, interleaved --repeat times: how the
   latency grows with the connections one thread holds.

    bench-relay.py GOFER_RELAY [--connections N] [--wormholes W]
                   [--streams S] [--stream-size BYTES] [--quick]
                   [--only idle|pairing|throughput|hold|threads] [--repeat N]
                   [--hold N] [--pings N] [--threads-sweep LIST]
                   [--gofer-arg ARG]...

--gofer-arg passes an option to every gofer-relay the script starts
(e.g. --gofer-arg=--threads=4).

Prints a table with ratios, and TAP lines: a missed target is reported
as "not ok ... # TODO" (machines differ; the numbers are what matter).
Runs inside the private network namespace (build-aux/dev test)."""

import argparse
import asyncio
import atexit
import base64
import json
import multiprocessing
import os
import resource
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "relay"))
import relaytest as rt  # noqa: E402

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


# ---------------------------------------------------------------- servers

def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


_SERVERS = []
GOFER_ARGS = []


def _stop_leftovers():
    for server in _SERVERS:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


class Server:
    """A mailbox server or transit relay process, gofer or reference."""

    def __init__(self, kind, role, binary, scratch, extra=()):
        self.kind, self.role = kind, role
        self.port = rt.free_port()
        log = open(os.path.join(scratch, "%s-%s.log" % (kind, role)), "w")
        if kind == "gofer":
            cmd = [binary, "--listen", "127.0.0.1", "--db", ":memory:", "--max-connections", "0",
                   "--max-connections-per-address", "0", "--max-mailboxes-per-address", "0"]
            if role == "mailbox":
                cmd += ["--no-transit", "--mailbox-port", str(self.port)]
            else:
                cmd += ["--no-mailbox", "--transit-port", str(self.port)]
            cmd += list(extra) + GOFER_ARGS
        elif role == "mailbox":
            cmd = ["twist3", "--log-file=-", "wormhole-mailbox",
                   "--port=tcp:%d:interface=127.0.0.1" % self.port,
                   "--channel-db=" + os.path.join(scratch, "ref-%d.sqlite" % self.port)]
        else:
            cmd = ["twist3", "--log-file=-", "transitrelay",
                   "--port=tcp:%d:interface=127.0.0.1" % self.port]
        # The reference twistd writes its log to stdout; keep it out of TAP.
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=scratch,
                                     env=dict(os.environ, G_DEBUG=""))
        _SERVERS.append(self)
        if not wait_port(self.port):
            raise RuntimeError("%s %s did not start" % (kind, role))

    def rss(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * KIB
        return 0

    def cpu(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ------------------------------------------------------ websocket client

def ws_frame(payload):
    mask = os.urandom(4)
    n = len(payload)
    head = struct.pack("!BB", 0x81, 0x80 | n) if n < 126 else struct.pack("!BBH", 0x81, 0xFE, n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class AsyncWS:
    """Just enough WebSocket for JSON text messages (client side)."""

    @classmethod
    async def connect(cls, port, source=None):
        self = cls()
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", port, local_addr=(source, 0) if source else None)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write(("GET /v1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise IOError("no upgrade: %r" % head[:80])
        return self

    def send(self, obj):
        self.writer.write(ws_frame(json.dumps(obj).encode()))

    async def recv(self):
        while True:
            b0, b1 = await self.reader.readexactly(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            op = b0 & 0x0F
            if op == 9:
                self.writer.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
                continue
            if op == 8:
                raise EOFError("closed")
            if op in (1, 2):
                return json.loads(payload)

    async def wait_type(self, kind):
        while True:
            m = await self.recv()
            if m.get("type") == kind:
                return m
            if m.get("type") == "error":
                raise IOError(m["error"])

    def close(self):
        self.writer.close()


# --------------------------------------------------------- 1. idle conns

async def open_idle(port, n, concurrency=200, sources=None):
    conns = []
    sem = asyncio.Semaphore(concurrency)

    async def one(i):
        async with sem:
            ws = await AsyncWS.connect(port, sources[i % len(sources)] if sources else None)
            await ws.wait_type("welcome")
            ws.send({"type": "bind", "appid": "bench/idle", "side": "%010x" % i, "id": "b"})
            await ws.wait_type("ack")
            conns.append(ws)

    await asyncio.gather(*(one(i) for i in range(n)))
    return conns


async def ping_latencies(port, count):
    """@count "ping"s one after the other on a fresh connection; the
    latencies in seconds, sorted."""
    probe = await AsyncWS.connect(port)
    await probe.wait_type("welcome")
    latencies = []
    for i in range(count):
        t0 = time.perf_counter()
        probe.send({"type": "ping", "ping": i})
        await probe.wait_type("pong")
        latencies.append(time.perf_counter() - t0)
        await asyncio.sleep(0.002)
    probe.close()
    return sorted(latencies)


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def bench_idle(kind, binary, scratch, n, pings, extra=()):
    """Returns a dict: held, bytes per connection, seconds to open them,
    server CPU seconds for it, ping p50 and p99 in seconds."""
    server = Server(kind, "mailbox", binary, scratch, extra)

    async def run():
        warm = await open_idle(server.port, 20)      # libraries loaded, buffers warm
        await asyncio.sleep(0.5)
        before, cpu = server.rss(), server.cpu()
        start = time.time()
        conns = await open_idle(server.port, n)
        took = time.time() - start
        cpu = server.cpu() - cpu
        await asyncio.sleep(1.0)
        after = server.rss()
        # The server still answers promptly while holding them all.
        latencies = await ping_latencies(server.port, pings)
        for ws in conns + warm:
            ws.close()
        return dict(held=len(conns), per=(after - before) / max(1, len(conns)), took=took, cpu=cpu,
                    p50=percentile(latencies, 0.5), p99=percentile(latencies, 0.99))

    try:
        return asyncio.run(run())
    finally:
        server.stop()


def raise_fd_limit(want):
    """As far as the namespace allows; returns the soft limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for limit in (want, hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(limit, soft), max(limit, hard)))
            break
        except (ValueError, OSError):
            continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def tap_diag(text):
    print("# " + text, flush=True)


def bench_hold(binary, scratch, n):
    """gofer-relay holding @n idle connections, opened from 127.0.0.1-8
    (one address has about 28,000 source ports); the server inherits the
    raised descriptor limit."""
    server = Server("gofer", "mailbox", binary, scratch)
    sources = ["127.0.0.%d" % i for i in range(1, 9)]

    async def run():
        warm = await open_idle(server.port, 20)
        await asyncio.sleep(0.5)
        before, cpu = server.rss(), server.cpu()
        start = time.time()
        conns = await open_idle(server.port, n, concurrency=500, sources=sources)
        took = time.time() - start
        cpu = server.cpu() - cpu
        await asyncio.sleep(1.0)
        after = server.rss()
        latencies = await ping_latencies(server.port, 100)
        for ws in conns + warm:
            ws.close()
        await asyncio.sleep(0)
        return dict(held=len(conns), per=(after - before) / max(1, len(conns)), took=took, cpu=cpu,
                    rss=after, p99=percentile(latencies, 0.99))

    try:
        result = asyncio.run(run())
        # Memory goes back once they are gone (trimmed within seconds).
        start, rss = time.time(), []
        while time.time() - start < 20:
            time.sleep(1)
            rss.append(server.rss())
        result["rss_after"] = rss[-1]
        tap_diag("RSS each second after closing: %s MiB" % " ".join("%.0f" % (r / MIB) for r in rss))
        return result
    finally:
        server.stop()


# ------------------------------------------------------------ 2. pairing

async def one_side(port, nameplate, side, latencies):
    start = time.time()
    ws = await AsyncWS.connect(port)
    ws.send({"type": "bind", "appid": "bench/pair", "side": side, "id": "1"})
    ws.send({"type": "claim", "nameplate": nameplate, "id": "2"})
    mailbox = (await ws.wait_type("claimed"))["mailbox"]
    ws.send({"type": "open", "mailbox": mailbox, "id": "3"})
    ws.send({"type": "add", "phase": "pake", "body": os.urandom(33).hex(), "id": "4"})
    while True:
        m = await ws.wait_type("message")
        if m["side"] != side:
            break
    ws.send({"type": "release", "id": "5"})
    ws.send({"type": "close", "mood": "happy", "id": "6"})
    await ws.wait_type("closed")
    ws.close()
    latencies.append(time.time() - start)


def bench_pairing(kind, binary, scratch, n):
    server = Server(kind, "mailbox", binary, scratch)
    latencies = []

    async def run():
        start = time.time()
        await asyncio.gather(*(one_side(server.port, str(1000 + i), "%010x" % (2 * i + s), latencies)
                               for i in range(n) for s in (0, 1)))
        return time.time() - start

    try:
        total = asyncio.run(run())
    finally:
        server.stop()
    latencies.sort()
    return total, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


# --------------------------------------------------------- 3. throughput

CHUNK = 4 * MIB


def stream_sender(port, token, size, relayed, ready):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 * MIB)
    if relayed:
        s.sendall(b"please relay %s for side %s\n" % (token.encode(), b"a" * 16))
        assert s.recv(3) == b"ok\n"
    ready.wait()
    buf = memoryview(os.urandom(CHUNK))
    left = size
    while left:
        n = s.send(buf[:min(left, CHUNK)])
        left -= n
    assert s.recv(1) == b"!"          # the receiver has everything
    s.close()


def stream_receiver(port, token, size, relayed, listener_fd, ready, done):
    if relayed:
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"please relay %s for side %s\n" % (token.encode(), b"b" * 16))
        assert s.recv(3) == b"ok\n"
    else:
        lst = socket.socket(fileno=listener_fd)
        s, _ = lst.accept()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * MIB)
    ready.wait()
    buf = bytearray(CHUNK)
    got = 0
    while got < size:
        n = s.recv_into(buf)
        if not n:
            break
        got += n
    s.sendall(b"!")
    done.put((got, time.time()))
    s.close()


def forward_one(src, dst):
    """Blocking splice(2) from src to dst until EOF, then shut dst down."""
    r, w = os.pipe()
    try:
        while True:
            n = os.splice(src.fileno(), w, MIB)
            if n == 0:
                break
            while n:
                n -= os.splice(r, dst.fileno(), n)
    except OSError:
        pass
    finally:
        os.close(r)
        os.close(w)
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def plain_forwarder(routes, ready):
    """A plain TCP port forwarder (no protocol): every connection to a
    listening port is joined to its target port, two threads per
    connection each splicing one direction."""
    import threading
    listeners = []
    for lfd, target in routes:
        listeners.append((socket.socket(fileno=lfd), target))
    threads = []
    for lst, target in listeners:
        a, _ = lst.accept()
        b = socket.create_connection(("127.0.0.1", target))
        for x, y in ((a, b), (b, a)):
            t = threading.Thread(target=forward_one, args=(x, y))
            t.start()
            threads.append(t)
    ready.wait()
    for t in threads:
        t.join()


def listening_socket():
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    return lst.getsockname()[1], lst.detach()


def bench_throughput(label, port, streams, size, forward=False):
    """port None: plain loopback TCP, sender to receiver (through a plain
    forwarder process when forward is set)."""
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Barrier(2 * streams + 1 + (1 if forward else 0))
    done = ctx.Queue()
    procs = []
    routes = []
    for i in range(streams):
        token = os.urandom(32).hex()
        lfd, p, sp = None, port, port
        if port is None:
            p, lfd = listening_socket()
            sp = p
            if forward:
                sp, ffd = listening_socket()
                routes.append((ffd, p))
        procs.append(ctx.Process(target=stream_receiver,
                                 args=(p, token, size, port is not None, lfd, ready, done)))
        procs.append(ctx.Process(target=stream_sender, args=(sp, token, size, port is not None, ready)))
    if forward:
        procs.append(ctx.Process(target=plain_forwarder, args=(routes, ready)))
    for pr in procs:
        pr.start()
        time.sleep(0.02)
    ready.wait()
    start = time.time()
    results = [done.get(timeout=600) for _ in range(streams)]
    for pr in procs:
        pr.join(60)
    total = sum(r[0] for r in results)
    took = max(r[1] for r in results) - start
    ok = total == streams * size and all(pr.exitcode == 0 for pr in procs)
    return ok, total / took, took


def bench_relay_throughput(kind, binary, scratch, streams, size, extra=()):
    server = Server(kind, "transit", binary, scratch, extra)
    cpu0 = server.cpu()
    try:
        ok, rate, took = bench_throughput(kind, server.port, streams, size)
    finally:
        cpu = server.cpu() - cpu0
        server.stop()
    return ok, rate, took, cpu


# ------------------------------------------------------------------ main

def fmt_rate(r):
    return "%.0f MiB/s" % (r / MIB)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--wormholes", type=int, default=500)
    ap.add_argument("--streams", type=int, default=4)
    ap.add_argument("--stream-size", type=int, default=GIB)
    ap.add_argument("--quick", action="store_true", help="small sizes, for trying the script")
    ap.add_argument("--only", choices=("idle", "pairing", "throughput", "hold", "threads"))
    ap.add_argument("--hold", type=int, default=0, help="idle connections gofer-relay alone holds (4.)")
    ap.add_argument("--pings", type=int, default=500, help="pings timed at --connections")
    ap.add_argument("--repeat", type=int, default=2, help="throughput runs per variant (best counts)")
    ap.add_argument("--threads-sweep", default="", help="gofer-relay --threads values for 5., e.g. 1,2,5,10")
    ap.add_argument("--gofer-arg", action="append", default=[], help="an option for every gofer-relay")
    a = ap.parse_args()
    GOFER_ARGS.extend(a.gofer_arg)
    a.binary = os.path.abspath(a.binary)
    if a.quick:
        a.connections, a.wormholes, a.stream_size, a.repeat = 500, 50, 64 * MIB, 1

    tap = rt.Tap()
    rt.require_private_network(tap)
    have_ref = shutil.which("twist3") is not None
    hard = raise_fd_limit(2 * max(a.connections, a.hold) + 4096)
    if hard < a.connections + 1000:
        tap.diag("file descriptor limit %d: holding %d connections instead of %d"
                 % (hard, hard - 1000, a.connections))
        a.connections = hard - 1000
    scratch = tempfile.mkdtemp(prefix="bench-relay-")
    kinds = ["gofer"] + (["reference"] if have_ref else [])
    if not have_ref:
        tap.diag("twist3 not installed: no reference numbers")
    rows = []

    # 1. Idle connections.
    if a.only in (None, "idle"):
        run_idle(tap, a, kinds, scratch, rows)
    if a.only in (None, "pairing"):
        run_pairing(tap, a, kinds, scratch, rows)
    if a.only in (None, "throughput"):
        run_throughput(tap, a, kinds, have_ref, scratch, rows)
    if a.only in (None, "hold") and a.hold:
        run_hold(tap, a, scratch, rows)
    if a.only in (None, "threads") and a.threads_sweep:
        run_threads(tap, a, scratch, rows)

    tap.diag("")
    tap.diag("%-26s %-22s %s" % ("measurement", "server", "result"))
    for what, who, result in rows:
        tap.diag("%-26s %-22s %s" % (what, who, result))
    tap.diag("")
    for line in RATIOS:
        tap.diag(line)
    shutil.rmtree(scratch, ignore_errors=True)
    tap.done()


RATIOS = []


def run_idle(tap, a, kinds, scratch, rows):
    idle = {k: bench_idle(k, a.binary, scratch, a.connections, a.pings) for k in kinds}
    load = os.getloadavg()
    for k in kinds:
        r = idle[k]
        rows.append(("idle connections held", k,
                     "%d, %.1f KiB each, opened in %.2f s with %.2f s server CPU, ping p50 %.2f ms "
                     "p99 %.2f ms" % (r["held"], r["per"] / KIB, r["took"], r["cpu"],
                                      r["p50"] * 1000, r["p99"] * 1000)))
    g = idle["gofer"]
    tap.ok(g["held"] == a.connections, "gofer-relay holds %d idle WebSocket connections" % g["held"])
    tap.diag("load average after the idle runs: %.2f %.2f %.2f" % load)

    def target(ok, text):
        print("%s %d - %s%s" % ("ok" if ok else "not ok", tap.n + 1, text, "" if ok else " # TODO"))
        tap.n += 1

    big = a.connections >= 10000
    target(g["per"] <= 8 * KIB and big,
           "at most 8 KiB per idle connection at 10,000 (%.1f KiB)" % (g["per"] / KIB))
    target(g["p99"] <= 0.002 and big,
           "ping p99 at most 2 ms while holding 10,000 (%.2f ms)" % (g["p99"] * 1000))

    if "reference" in kinds:
        r = idle["reference"]
        target(g["took"] <= r["took"] / 2,
               "%d connections accepted in at most half the reference's time (%.2f s, reference %.2f s)"
               % (a.connections, g["took"], r["took"]))
        target(g["p99"] <= r["p99"], "ping p99 at most the reference's (%.2f ms, reference %.2f ms)"
               % (g["p99"] * 1000, r["p99"] * 1000))
        target(g["cpu"] <= r["cpu"], "server CPU for them at most the reference's (%.2f s, reference %.2f s)"
               % (g["cpu"], r["cpu"]))
        RATIOS.append("time to accept %d connections, gofer-relay / reference: %.2f"
                      % (a.connections, g["took"] / max(1e-9, r["took"])))
        RATIOS.append("server CPU for them, gofer-relay / reference: %.2f"
                      % (g["cpu"] / max(1e-9, r["cpu"])))
        RATIOS.append("ping p99 holding them, gofer-relay / reference: %.2f"
                      % (g["p99"] / max(1e-9, r["p99"])))
        RATIOS.append("memory per idle connection, gofer-relay / reference: %.2f"
                      % (g["per"] / max(1, r["per"])))


def run_hold(tap, a, scratch, rows):
    r = bench_hold(a.binary, scratch, a.hold)
    rows.append(("hold %d idle connections" % a.hold, "gofer",
                 "%d held, opened in %.1f s with %.1f s server CPU, %.1f KiB each, RSS %.0f MiB "
                 "(%.0f MiB 20 s after they closed), ping p99 %.2f ms"
                 % (r["held"], r["took"], r["cpu"], r["per"] / KIB, r["rss"] / MIB,
                    r["rss_after"] / MIB, r["p99"] * 1000)))
    tap.ok(r["held"] == a.hold, "gofer-relay holds %d idle WebSocket connections" % r["held"])
    tap.diag("load average after holding them: %.2f %.2f %.2f" % os.getloadavg())


def run_threads(tap, a, scratch, rows):
    """The idle test with each --threads value, interleaved: per-event
    cost grows with the connections one thread's main loop holds."""
    sweep = [int(t) for t in a.threads_sweep.split(",") if t]
    results = {t: [] for t in sweep}
    for _ in range(a.repeat):
        for t in sweep:
            results[t].append(bench_idle("gofer", a.binary, scratch, a.connections, a.pings,
                                         ("--threads", str(t))))
    for t in sweep:
        rs = results[t]
        rows.append(("%d idle, --threads %d" % (a.connections, t), "gofer",
                     "%d per thread: opened in %s s, server CPU %s s, ping p50 %s ms, p99 %s ms"
                     % (a.connections // max(1, t),
                        "/".join("%.1f" % r["took"] for r in rs),
                        "/".join("%.1f" % r["cpu"] for r in rs),
                        "/".join("%.2f" % (r["p50"] * 1000) for r in rs),
                        "/".join("%.2f" % (r["p99"] * 1000) for r in rs))))
        tap.ok(all(r["held"] == a.connections for r in rs),
               "gofer-relay --threads %d holds %d idle WebSocket connections" % (t, a.connections))
    tap.diag("load average after the sweep: %.2f %.2f %.2f" % os.getloadavg())


def run_pairing(tap, a, kinds, scratch, rows):
    pairing = {k: bench_pairing(k, a.binary, scratch, a.wormholes) for k in kinds}
    for k in kinds:
        total, p50, p99 = pairing[k]
        rows.append(("pair %d wormholes" % a.wormholes, k,
                     "%.2f s (per side p50 %.0f ms, p99 %.0f ms)" % (total, p50 * 1000, p99 * 1000)))
    tap.ok(True, "gofer-relay paired %d simultaneous wormholes in %.2f s"
           % (a.wormholes, pairing["gofer"][0]))

    if "reference" in kinds:
        RATIOS.append("time to pair %d wormholes, gofer-relay / reference: %.2f"
                      % (a.wormholes, pairing["gofer"][0] / pairing["reference"][0]))


def run_throughput(tap, a, kinds, have_ref, scratch, rows):
    """Each variant runs --repeat times, interleaved, and keeps its best
    rate: on a shared machine the other load comes and goes."""
    label = "%d x %d MiB streams" % (a.streams, a.stream_size // MIB)
    variants = [("loopback, no hop", None, ()), ("plain TCP forwarding", "forward", ()),
                ("gofer", "gofer", ()), ("gofer --no-splice", "gofer", ("--no-splice",))]
    if have_ref:
        variants.append(("reference", "reference", ()))
    best = {}
    for _ in range(a.repeat):
        for name, kind, extra in variants:
            if kind is None or kind == "forward":
                ok, rate, took = bench_throughput(name, None, a.streams, a.stream_size,
                                                  forward=kind == "forward")
                cpu = None
            else:
                ok, rate, took, cpu = bench_relay_throughput(kind, a.binary, scratch, a.streams,
                                                             a.stream_size, extra)
            if not ok:
                best[name] = (False, 0, took, cpu)
            elif best.get(name, (True, -1))[0] and rate > best.get(name, (True, -1))[1]:
                best[name] = (ok, rate, took, cpu)
    for name, kind, extra in variants:
        ok, rate, took, cpu = best[name]
        rows.append((label, name, "%s (%.1f s%s)%s" % (fmt_rate(rate), took,
                                                       ", relay CPU %.1f s" % cpu if cpu is not None else "",
                                                       "" if ok else " INCOMPLETE")))
        tap.ok(ok, "%s moved every byte of %d streams" % (name, a.streams))
    relayed = {name: best[name][1] for name, _, _ in variants}
    direct = relayed["loopback, no hop"]
    forwarded = relayed["plain TCP forwarding"]
    ratio = relayed["gofer"] / forwarded
    print("%s %d - relayed throughput at least 90%% of plain loopback TCP forwarding (%.0f%%)%s"
          % ("ok" if ratio >= 0.9 else "not ok", tap.n + 1, ratio * 100,
             "" if ratio >= 0.9 else " # TODO"))
    tap.n += 1
    RATIOS.append("relayed throughput, gofer-relay / plain TCP forwarding: %.2f" % ratio)
    RATIOS.append("relayed throughput, gofer-relay / loopback without a hop: %.2f"
                  % (relayed["gofer"] / direct))
    if have_ref:
        RATIOS.append("relayed throughput, gofer-relay / reference: %.2f"
                      % (relayed["gofer"] / relayed["reference"]))


if __name__ == "__main__":
    atexit.register(_stop_leftovers)
    main()
