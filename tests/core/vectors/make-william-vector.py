#!/usr/bin/python3
# make-william-vector.py: writes spake2-william.json, an exchange in which
# wormhole-william (gospake2 0.2, as Debian 12 ships it) derives a different
# key than python-spake2, because its encoding of K drops a high zero byte.
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Side A is python-spake2 itself with fixed entropy (what Gofer computes);
# side B follows gospake2's code step by step: Compress() is big.Int.Bytes()
# reversed (no padding), transcriptSymmetric() sizes every slot by len(K)
# and orders the two messages with bytes.Compare.
import hashlib
import json
import sys

from spake2 import SPAKE2_Symmetric
from spake2 import ed25519_basic as ed
from spake2.ed25519_group import Ed25519Group

CODE = b"7-guitarist-revenge"
APPID = b"lothar.com/wormhole/text-or-file-xfer"
GOFER_ENTROPY = hashlib.sha512(b"gofer side").digest()


def go_bytes(element_le):
    """gospake2's Compress(): the big-endian minimal bytes, reversed."""
    return element_le.rstrip(b"\0")


def go_transcript(own, inbound, k):
    slot = len(k)
    first, second = (own, inbound) if own < inbound else (inbound, own)
    fit = lambda m: m[:slot] + b"\0" * (slot - len(m[:slot]))
    return hashlib.sha256(hashlib.sha256(CODE).digest() + hashlib.sha256(APPID).digest() +
                          fit(first) + fit(second) + k).digest()


def main():
    gofer = SPAKE2_Symmetric(CODE, idSymmetric=APPID, entropy_f=lambda n: GOFER_ENTROPY[:n])
    gofer_message = gofer.start()
    x_star = Ed25519Group.bytes_to_element(gofer_message[1:])
    pw = Ed25519Group.password_to_scalar(CODE)
    s_elem = Ed25519Group.arbitrary_element(b"symmetric")
    for counter in range(100000):
        entropy = hashlib.sha512(b"william side %d" % counter).digest()
        y = int.from_bytes(entropy, "big") % ed.L
        y_star = ed.Base.scalarmult(y).add(s_elem.scalarmult(pw))
        # Element.negate() is not -P in python-spake2 0.8: multiply by -pw instead.
        k = x_star.add(s_elem.scalarmult(ed.L - pw)).scalarmult(y)
        k_go = go_bytes(k.to_bytes())
        if len(k_go) == 32:
            continue
        william_message = b"S" + y_star.to_bytes()
        william_key = go_transcript(go_bytes(y_star.to_bytes()), gofer_message[1:], k_go)
        standard_key = gofer.finish(william_message)
        assert standard_key != william_key
        json.dump({
            "_about": "gospake2 0.2 (wormhole-william) vs python-spake2 when K's top byte is 0",
            "code": CODE.decode(), "appid": APPID.decode(),
            "gofer_entropy64": GOFER_ENTROPY.hex(),
            "gofer_message": gofer_message.hex(),
            "william_message": william_message.hex(),
            "standard_key": standard_key.hex(),
            "william_key": william_key.hex(),
        }, sys.stdout, indent=2)
        print()
        return
    sys.exit("no short K found")


main()
