#!/usr/bin/python3
# test-probes.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the protocol probes (probes/probe-mailbox.py, probes/probe-relay.py)
against gofer-relay and compares every frame with what the Debian reference
servers answered (tests/core/vectors/observed-*-probe.json). Random values
(ids, timestamps, tokens, allocated nameplates, the app id) are masked.
The only difference allowed is the one docs/relay.md lists: a third side
is refused without being recorded, so a legitimate side that reconnects
to a crowded mailbox is not itself told "crowded"."""

import itertools
import json
import os
import re
import subprocess
import sys

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
here = os.path.dirname(os.path.abspath(__file__))
vectors = os.environ.get("GOFER_VECTORS_DIR") or os.path.join(here, "..", "core", "vectors")
scratch = rt.workdir("probes")
relay = rt.Relay(sys.argv[1], scratch).start()

# Frames of the reference transcript that gofer-relay deliberately does not
# send, each with the reason (docs/relay.md, "Differences").
INTENDED = [
    ({"who": "F-reconnect", "dir": "S->C",
      "json": {"error": "crowded", "type": "error"}},
     "a legitimate side re-opening a mailbox a third side tried is not crowded"),
]


def mask(transcript):
    names = {}
    count = [0]

    def name(v, fresh=False):
        # An allocation is a new nameplate even when the server's random
        # pick is a number an earlier, released one had.
        if fresh or v not in names:
            count[0] += 1
            names[v] = "<nameplate-%d>" % count[0]
        return names[v]

    def walk(o, key=None):
        if isinstance(o, dict):
            out = {}
            for k, v in o.items():
                if k == "appid":
                    out[k] = "<appid>"
                elif k in ("nameplate",) and isinstance(v, str) and v.isdigit():
                    out[k] = name(v, fresh=o.get("type") == "allocated")
                elif k == "nameplates" and isinstance(v, list):
                    out[k] = [{"id": name(n["id"])} for n in v]
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(o, list):
            return [walk(x) for x in o]
        return o

    return [walk(t) for t in transcript]


def matches(entry, pattern):
    for k, v in pattern.items():
        if isinstance(v, dict):
            if not isinstance(entry.get(k), dict) or not matches(entry[k], v):
                return False
        elif entry.get(k) != v:
            return False
    return True


def compare(tap, name, ours, ref):
    diffs = [(i, a, b) for i, (a, b) in enumerate(itertools.zip_longest(ref, ours)) if a != b]
    detail = "\n".join("#%d reference: %s\n#%d gofer-relay: %s" % (i, json.dumps(a), i, json.dumps(b))
                       for i, a, b in diffs[:6])
    tap.ok(not diffs, name, detail)


# Mailbox server.
out = os.path.join(scratch, "mailbox.json")
rc = subprocess.call(["/usr/bin/python3", os.path.join(here, "probes", "probe-mailbox.py"),
                      str(relay.mailbox_port), out], stdout=subprocess.DEVNULL)
tap.ok(rc == 0, "mailbox probe ran")
ours = mask(json.load(open(out))["transcript"])
ref = mask(json.load(open(os.path.join(vectors, "observed-mailbox-probe.json")))["transcript"])
for pattern, why in INTENDED:
    hits = [i for i, e in enumerate(ref) if matches(e, pattern)]
    tap.ok(len(hits) == 1, "reference has the frame we leave out on purpose: " + why)
    ref = [e for i, e in enumerate(ref) if i not in hits]
compare(tap, "mailbox server answers frame for frame like the reference", ours, ref)
allocated = [e["json"] for e in json.load(open(out))["transcript"]
             if e.get("json", {}).get("type") == "allocated"]
tap.ok(allocated and all(re.fullmatch(r"[1-9]", a["nameplate"]) for a in allocated),
       "allocation picks one-digit nameplates first", json.dumps(allocated))

# Transit relay.
out = os.path.join(scratch, "relay.json")
rc = subprocess.call(["/usr/bin/python3", os.path.join(here, "probes", "probe-relay.py"),
                      str(relay.transit_port), out], stdout=subprocess.DEVNULL)
tap.ok(rc == 0, "transit probe ran")


def mask_tokens(log):
    return [dict(e, data=re.sub(r"[0-9a-fA-F]{64}", "<token>", e["data"])) if "data" in e else e
            for e in log]


ours = mask_tokens(json.load(open(out))["log"])
ref = mask_tokens(json.load(open(os.path.join(vectors, "observed-relay-probe.json")))["log"])
compare(tap, "transit relay answers byte for byte like the reference", ours, ref)

tap.ok(relay.stop() == 0, "relay survives both probes and stops cleanly", relay.log()[-2000:])
rt.finish(tap, scratch)
