#!/usr/bin/python3
# test-redis.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The protocol probes (test-probes.py) against gofer-relay with its
mailbox state in Redis (built with hiredis, -Drelay_redis, --redis
ADDRESS): frame for frame like the reference. Several processes sharing
one Redis are test-redis-cluster.py's. Skipped when the relay was built
without hiredis or redis-server is not installed."""

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


try:
    wrapper = os.path.join(scratch, "gofer-relay-redis")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec %s --redis %s \"$@\"\n" % (binary, ADDRESS))
    os.chmod(wrapper, 0o755)
    r = subprocess.run([sys.executable, os.path.join(here, "test-probes.py"), wrapper, sys.argv[2]],
                       capture_output=True, text=True, cwd=here, timeout=300)
    tap.ok(r.returncode == 0 and "not ok" not in r.stdout,
           "the probes: frame for frame like the reference, state in Redis", r.stdout[-3000:] + r.stderr[-2000:])
finally:
    redis.send_signal(signal.SIGTERM)
    redis.wait(20)

rt.finish(tap, scratch)
