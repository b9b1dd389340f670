#!/usr/bin/env python3
"""Writes pairing.json: the paired-devices derivations of
docs/protocol-extensions.md section 9, computed with Python's own hmac and
hashlib (independent of Gofer's C code), from the shared key of
key-derivation.json."""
import base64, hashlib, hmac, json, os

def hkdf(ikm, info, length=32):
    prk = hmac.new(b"\0" * 32, ikm, hashlib.sha256).digest()
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "key-derivation.json")) as f:
    shared = bytes.fromhex(json.load(f)["shared_key"])

secret = hkdf(shared, b"gofer:pair:secret-v1")
periods = []
for day in (0, 20429, 20430, 4294967295):
    rv = hkdf(secret, b"gofer:pair:rendezvous-v1:%d" % day)
    mailbox = base64.b32encode(rv[:15]).decode().lower()
    pw = hkdf(secret, b"gofer:pair:meeting-v1:%d" % day)
    periods.append({"day": day, "rendezvous_hex": rv.hex(), "mailbox": mailbox,
                    "meeting_password_hex": pw.hex()})

slots = []
for day, slot in ((20429, 1), (20429, 7)):
    rv = hkdf(secret, b"gofer:pair:rendezvous-v1:%d.%d" % (day, slot))
    slots.append({"day": day, "slot": slot,
                  "mailbox": base64.b32encode(rv[:15]).decode().lower()})

out = {
    "_recipe": {
        "derive_key": "HKDF-SHA256(salt = none, ikm, info, L = 32)",
        "pairing_secret": "derive_key(wormhole shared key, b'gofer:pair:secret-v1')",
        "day": "floor(unix seconds / 86400), written in decimal ASCII",
        "rendezvous": "derive_key(pairing_secret, b'gofer:pair:rendezvous-v1:' || day)",
        "mailbox": "lowercase RFC 4648 base32 of rendezvous[0:15], 24 characters, no padding",
        "slot_mailbox": "slot 0 is the day's mailbox; slot n > 0: lowercase base32 of "
                        "derive_key(pairing_secret, b'gofer:pair:rendezvous-v1:' || day || '.' || n)[0:15]",
        "meeting_password": "derive_key(pairing_secret, b'gofer:pair:meeting-v1:' || day)",
    },
    "shared_key": shared.hex(),
    "pairing_secret": secret.hex(),
    "periods": periods,
    "slots": slots,
}
with open(os.path.join(here, "pairing.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
