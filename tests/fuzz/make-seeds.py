#!/usr/bin/python3
# make-seeds.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora in tests/fuzz/corpus/<target>/seed-*, from the
protocol vectors in tests/core/vectors and from hand-made hostile inputs.
Deterministic: running it again gives the same files. Files whose names do
not start with "seed-" (crashes found by the fuzzers, kept as regression
tests, and inputs libFuzzer added) are left alone.

    /usr/bin/python3 tests/fuzz/make-seeds.py
"""

import io
import warnings
import json
import os
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "core", "vectors")
CORPUS = os.path.join(HERE, "corpus")


def vector(name):
    with open(os.path.join(VECTORS, name)) as f:
        return json.load(f)


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def item(kind, data=b""):
    """One [kind u8][u16 length][bytes] item of the list formats."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    return struct.pack(">BH", kind, len(data)) + data


def code_parse():
    for i, text in enumerate([
            "7-guitarist-revenge", "  7 Guitarist  Revenge\n", "7_guitarist.revenge",
            "wormhole-transfer:7-guitarist-revenge?role=follower", "WORMHOLE-TRANSFER:12-%61ardvark-%ZZ",
            "7", "guitarist-7", "7--", "-7-", "٧-guitarist-revenge", "7-ｇｕｉｔａｒｉｓｔ",
            "7-gu\0" + "7\n70\n700\nabc\n", "1\x002\n", "7-a\u0301-b", "\xff\xfe-7"]):
        write("code-parse", "%02d" % i, text)


def safe_name():
    for i, text in enumerate([
            "report.pdf", "../../etc/passwd", "/etc/shadow", "C:\\Windows\\system32\\x.dll",
            "\x1b[31mred\x1b[0m.txt", "\x1b]0;title\x07.txt", "con.txt", "LPT1", "com\u00b9.log",
            "a" * 300 + ".tar.gz", "b" * 250 + ".extension-too-long-really", "x\u202etxt.exe",
            ".", "..", " . ", "...", "name. . .", "\xff\xfe.txt", "file (1).txt", ".hidden",
            "é" * 200, "a\\..\\..\\b", "<>:\"|?*", "\u2028line", "\x7fdel\u0085nel",
            "\x01file", "name.tar.gz", "trailing ", " leading"]):
        write("safe-name", "%02d" % i, text)


def offer():
    observed = vector("observed-app-messages.json")
    n = 0
    for key, entries in observed.items():
        if key.startswith("_"):
            continue
        for entry in entries:
            for k, v in entry.items():
                if k.startswith("PEER msg"):
                    write("offer", "observed-%02d" % n, json.dumps(v))
                    n += 1
    transfer = vector("file-transfer-messages.json")
    for k in ("text", "file"):
        for i, m in enumerate(transfer[k]):
            write("offer", "%s-%d" % (k, i), m["plaintext_json"])
    write("offer", "directory", transfer["directory_offer"]["plaintext_json"])
    hostile = [
        {"offer": {"file": {"filename": "x", "filesize": -1}}},
        {"offer": {"file": {"filename": "x", "filesize": 1e30}}},
        {"offer": {"file": {"filename": "x", "filesize": "5"}}},
        {"offer": {"file": {"filename": "x", "filesize": 18446744073709551615}}},
        {"offer": {"file": {"filename": ["x"], "filesize": 5}}},
        {"offer": {"file": {"filename": "../../x", "filesize": 5}}},
        {"offer": {"directory": {"mode": "zipfile/stored", "dirname": "d", "zipsize": 1,
                                 "numbytes": 1, "numfiles": 1}}},
        {"offer": {"directory": {"mode": "zipfile/deflated", "dirname": "..", "zipsize": 1,
                                 "numbytes": -5, "numfiles": 1}}},
        {"offer": "x"}, {"offer": None}, {"offer": []}, {"offer": {"message": 5}},
        {"answer": 5}, {"answer": {"file_ack": 1}}, {"answer": {"message_ack": "ok"}},
        {"error": "\x1b[2Jgone\u009b31m"}, {"error": 5}, {"error": "x" * 500},
        {"transit": {"hints-v1": [{"type": "relay-v1", "hints": []},
                                  {"type": "direct-tcp-v1", "hostname": "", "port": 70000},
                                  {"type": "tor-tcp-v1", "hostname": "x.onion", "port": 80},
                                  {"type": "relay-v1", "hints": [{"type": "direct-tcp-v1",
                                                                  "hostname": "h", "port": -1}]},
                                  None, 5, {"type": 5}]}},
        {"transit": 5}, {"transit": {"hints-v1": "x"}},
        {"offer": {"file": {"filename": "caf\udce9.txt", "filesize": 5}}},
        {"offer": {"message": "\udc9b[2J\ud800x"}},
        {"offer": {"directory": {"mode": "zipfile/deflated", "dirname": "\u001b]0;x\u0007\u202e",
                                 "zipsize": 1, "numbytes": 1, "numfiles": 1}}},
    ]
    for i, m in enumerate(hostile):
        write("offer", "hostile-%02d" % i, json.dumps(m))


def record():
    t = vector("transit.json")
    for i, r in enumerate(t["records"]):
        wire = bytes.fromhex(r["record_wire_hex"])
        counter = wire[4 + 23]
        write("record", "unframe-%d" % i, b"\x00" + bytes([counter]) + wire[4:])
    write("record", "ack-good", b"\x01" + json.dumps(
        {"ack": "ok", "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}).encode())
    write("record", "ack-upper", b"\x01" + json.dumps(
        {"ack": "ok", "sha256": "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"}).encode())
    write("record", "ack-wrong", b"\x01" + vector("file-transfer-messages.json")["final_transit_ack_plaintext"].encode())
    write("record", "ack-bad", b'\x01{"ack": "nope"}')
    write("record", "ack-nohash", b'\x01{"ack": "ok"}')
    size = struct.pack(">H", 11)
    write("record", "stream-good", b"\x02" + size + item(0, "hello ") + item(0, "world"))
    write("record", "stream-more", b"\x02" + size + item(0, "hello ") + item(0, "world and more"))
    write("record", "stream-less", b"\x02" + size + item(0, "hello "))
    write("record", "stream-replay", b"\x02" + size + item(0, "hello ") + item(2, "hello "))
    write("record", "stream-reorder", b"\x02" + size + item(4, "world") + item(0, "hello "))
    write("record", "stream-garbage", b"\x02" + size + item(0, "hello ") + item(1, b"\x00\x00\x00\x30" + b"\x00" * 48))
    write("record", "stream-huge", b"\x02" + size + item(1, b"\xff\xff\xff\xff"))
    write("record", "stream-empty", b"\x02" + size + item(0, "") + item(0, "hello world"))
    write("record", "ack-record", b"\x03\x00\x00" + item(0, '{"ack": "ok", "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}'))
    write("record", "ack-record-wrong", b"\x03\x00\x00" + item(0, '{"ack": "ok", "sha256": "00"}'))


def spake2():
    x = vector("spake2-symmetric.json")["exchanges"][0]
    b = bytes.fromhex(x["B"]["outbound_message_33_hex"])
    a = bytes.fromhex(x["A"]["outbound_message_33_hex"])
    write("spake2", "peer", b)
    write("spake2", "reflected", a)
    write("spake2", "side-a", b"A" + b[1:])
    write("spake2", "short", b[:32])
    write("spake2", "long", b + b"\x00")
    write("spake2", "identity", b"S" + b"\x01" + b"\x00" * 31)
    write("spake2", "zero", b"S" + b"\x00" * 32)


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED, comment=b""):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.comment = comment
        for name, data, attr in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 2, 3, 4, 6))
            info.compress_type = compression
            if attr is not None:
                info.external_attr = attr << 16
                info.create_system = 3
            z.writestr(info, data)
    return buf.getvalue()


def archive():
    write("archive", "plain", zip_bytes([("a.txt", b"hello", None), ("sub/b.txt", b"world", None),
                                         ("sub/", b"", 0o40755)]))
    write("archive", "stored", zip_bytes([("a.txt", b"hello", None)], zipfile.ZIP_STORED))
    write("archive", "script", zip_bytes([("run.sh", b"#!/bin/sh\n", 0o104755)]))
    write("archive", "climb", zip_bytes([("../evil.txt", b"x", None)]))
    write("archive", "climb-deep", zip_bytes([("a/../../evil.txt", b"x", None)]))
    write("archive", "absolute", zip_bytes([("/tmp/evil.txt", b"x", None)]))
    write("archive", "backslash", zip_bytes([("..\\evil.txt", b"x", None)]))
    write("archive", "drive", zip_bytes([("C:\\evil.txt", b"x", None)]))
    write("archive", "symlink", zip_bytes([("link", b"/etc/passwd", 0o120777)]))
    write("archive", "duplicate", zip_bytes([("a.txt", b"1", None), ("a.txt", b"2", None)]))
    write("archive", "file-as-dir", zip_bytes([("a", b"1", None), ("a/b", b"2", None)]))
    write("archive", "escape-name", zip_bytes([("\x1b[31mred.txt", b"1", None), ("con.txt", b"2", None)]))
    write("archive", "bomb", zip_bytes([("zeros", b"\x00" * (4 << 20), None)]))
    write("archive", "empty", zip_bytes([]))
    write("archive", "dot", zip_bytes([("./", b"", 0o40755), ("./a.txt", b"a", None)]))
    write("archive", "fifo", zip_bytes([("pipe", b"", 0o10644)]))
    write("archive", "truncated", zip_bytes([("a.txt", b"hello" * 100, None)])[:-30])
    write("archive", "not-a-zip", b"PK\x03\x04" + b"\x00" * 60)
    # An odd last byte: extracted as the offer {numbytes: 0, numfiles: 0}.
    write("archive", "offer-zero-bytes", zip_bytes([("a.txt", b"hello", None)], comment=b"1"))
    write("archive", "offer-zero-bomb", zip_bytes([("zeros", b"\x00" * (4 << 20), None)], comment=b"1"))
    write("archive", "offer-zero-empty-files", zip_bytes([("a", b"", None), ("b/", b"", 0o40755)], comment=b"1"))
    write("archive", "offer-zero-folders", zip_bytes([("a/", b"", 0o40755), ("a/b/", b"", 0o40755)], comment=b"1"))


def message_frame(side, phase, body_hex):
    return json.dumps({"type": "message", "side": side, "phase": phase, "body": body_hex, "id": "1"})


def mailbox_client():
    transfer = vector("file-transfer-messages.json")
    transit = transfer["file"][0]["plaintext_json"]
    offer = transfer["file"][1]["plaintext_json"]
    good = (item(1) + item(2, b"\xff" + b'{"app_versions": {}}') + item(2, b"\x00" + transit.encode())
            + item(2, b"\x01" + offer.encode()))
    write("mailbox-client", "file-offer", good)
    write("mailbox-client", "out-of-order", item(1) + item(2, b"\xff{}") + item(2, b"\x01" + offer.encode())
          + item(2, b"\x00" + transit.encode()))
    write("mailbox-client", "early", item(2, b"\x00" + transit.encode()) + item(1) + item(2, b"\xff{}")
          + item(2, b"\x01" + offer.encode()))
    write("mailbox-client", "text", item(1) + item(2, b"\xff{}") + item(2, b"\x00" + transfer["text"][0]["plaintext_json"].encode()))
    write("mailbox-client", "bad-offer", item(1) + item(2, b"\xff{}") + item(2, b'\x00{"offer": "x"}'))
    write("mailbox-client", "peer-error", item(1) + item(2, b"\xff{}") + item(2, b'\x00{"error": "\x1b[2Jbye"}'))
    write("mailbox-client", "wrong-key", item(2, b"\xff{}") + item(1))
    write("mailbox-client", "pake-twice", item(1) + item(1))
    write("mailbox-client", "pake-garbage", item(4, b"{}") + item(5, b"S" * 33))
    write("mailbox-client", "garbage-phase", item(1) + item(3, b"\x00" + b"\x01" * 40))
    write("mailbox-client", "not-json", item(1) + item(2, b"\xff{}") + item(2, b"\x00\xff\xfe"))
    frames = [
        {"type": "welcome", "welcome": {"error": "go away"}},
        {"type": "welcome", "welcome": {"motd": "hi\x1b[2J"}},
        {"type": "nameplates", "nameplates": [{"id": "1"}, 5, {"id": 7}]},
        {"type": "allocated"}, {"type": "claimed", "mailbox": 5}, {"type": "released"},
        {"type": "message", "side": 5, "phase": "pake", "body": "00"},
        {"type": "error", "error": "crowded"}, {"type": "error", "error": "reclaimed"},
        {"type": "error", "error": {"x": 1}}, {"type": "closed"}, {"type": 5}, [], "x",
    ]
    for i, f in enumerate(frames):
        write("mailbox-client", "frame-%02d" % i, item(0, json.dumps(f)))
    write("mailbox-client", "flood", item(1) + item(2, b"\xff{}") +
          b"".join(item(2, bytes([i % 16]) + b'{"unknown": 1}') for i in range(40)))


def relay_frame():
    observed = vector("observed-mailbox-frames.json")["frames"]
    conns = {}
    data = b""
    for f in observed:
        if f.get("dir") != "C->S" or "json" not in f:
            continue
        c = conns.setdefault(f["conn"], len(conns) % 2)
        data += item(c, json.dumps(f["json"]))
    write("relay-frame", "observed", data)
    bind = lambda side: json.dumps({"type": "bind", "appid": "a", "side": side})
    write("relay-frame", "two-sides", item(0, bind("s1")) + item(1, bind("s2"))
          + item(0, '{"type": "allocate"}') + item(0, '{"type": "claim", "nameplate": "1"}')
          + item(1, '{"type": "claim", "nameplate": "1"}')
          + item(1, '{"type": "open", "mailbox": "x"}') + item(0, '{"type": "add", "phase": "pake", "body": "00"}')
          + item(2) + item(1, '{"type": "close", "mailbox": "x", "mood": "happy"}'))
    write("relay-frame", "crowd", item(0, bind("s1")) + item(0, '{"type": "claim", "nameplate": "4"}')
          + item(1, bind("s2")) + item(1, '{"type": "claim", "nameplate": "4"}') + item(3)
          + item(1, bind("s3")) + item(1, '{"type": "claim", "nameplate": "4"}'))
    write("relay-frame", "bad", item(0, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")
          + item(0, "\xff\xfe") + item(4, '{"type": "ping", "ping": 1}') + item(0, '{"type": "bind"}')
          + item(0, '{"type": "bind", "appid": 5, "side": "x"}') + item(0, "x" * 3000)
          + item(0, '{"type": "ping", "ping": {"a": [1, 2]}, "id": {"x": null}}'))
    write("relay-frame", "limits", item(0, bind("s1")) + b"".join(
        item(0, json.dumps({"type": "claim", "nameplate": str(n)})) for n in range(6)))


def conversation():
    version = item(1) + item(2, b"\xff" + json.dumps(
        {"app_versions": {"gofer": {"protocol": 1, "features": ["conversation-v1"]}}}).encode())
    chat = lambda i, seq, text: item(2, bytes([i]) + json.dumps(
        {"gofer-message": {"seq": seq, "text": text, "sent": 1700000000000, "pad": "  "}}).encode())
    msg = lambda i, obj: item(2, bytes([i]) + json.dumps(obj).encode())
    write("conversation", "chat", version + chat(0, 1, "hello") + chat(1, 2, "again")
          + msg(2, {"gofer-receipt": {"seq": 0}}) + msg(3, {"gofer-bye": {}}))
    write("conversation", "not-gofer", item(1) + item(2, b"\xff{}") + chat(0, 1, "hello"))
    write("conversation", "features-wrong", item(1) + item(2, b"\xff" + json.dumps(
        {"app_versions": {"gofer": {"features": "conversation-v1"}}}).encode()))
    write("conversation", "seq-gap", version + chat(0, 1, "a") + chat(1, 5, "b"))
    write("conversation", "seq-repeat", version + chat(0, 1, "a") + chat(1, 1, "a"))
    write("conversation", "text-types", version + msg(0, {"gofer-message": {"seq": 1, "text": 5}})
          + msg(1, {"gofer-message": {"seq": -1, "text": "x"}}))
    write("conversation", "surrogate", version + chat(0, 1, "caf\udce9 ok"))
    write("conversation", "escapes", version + chat(0, 1, "\x1b]0;pwned\x07\x1b[2J\r\u202e"))
    write("conversation", "receipt-ahead", version + msg(0, {"gofer-receipt": {"seq": 9}}))
    write("conversation", "unknown", version + msg(0, {"gofer-future": {}}) + msg(1, {"offer": {}}))
    write("conversation", "bye-first", version + msg(0, {"gofer-bye": {}}) + chat(1, 1, "late"))

    # Transfers (docs/protocol-extensions.md, section 6).
    tversion = item(1) + item(2, b"\xff" + json.dumps(
        {"app_versions": {"gofer": {"protocol": 1,
                                    "features": ["conversation-v1", "transfer-v1"]}}}).encode())
    file_offer = {"file": {"filename": "report.pdf", "filesize": 1000}}
    dir_offer = {"directory": {"mode": "zipfile/deflated", "dirname": "../up",
                               "zipsize": 300, "numbytes": 900, "numfiles": 2}}
    hints = [{"type": "direct-tcp-v1", "hostname": "127.0.0.1", "port": 9, "priority": 0.0},
             {"type": "relay-v1", "hints": [{"type": "direct-tcp-v1", "hostname": "127.0.0.1",
                                             "port": 9}]}]
    offer = lambda i, t, a, o: msg(i, {"gofer-offer": {"transfer": t, "attempt": a, "offer": o}})
    write("conversation", "transfer-flow", tversion
          + offer(0, 1, 0, file_offer) + offer(1, 2, 0, dir_offer) + offer(2, 4, 0, file_offer)
          + msg(3, {"gofer-transit": {"transfer": 2, "attempt": 0, "role": "sender",
                                      "hints-v1": hints}})
          + offer(4, 2, 1, dir_offer) + offer(5, 4, 3, file_offer)
          + msg(6, {"gofer-cancel": {"transfer": 4, "role": "sender"}})
          + msg(7, {"gofer-cancel": {"transfer": 1, "role": "sender"}})
          + chat(8, 1, "files are coming"))
    write("conversation", "transfer-reoffer-size", tversion + offer(0, 2, 0, file_offer)
          + offer(1, 2, 1, {"file": {"filename": "report.pdf", "filesize": 2000}}))
    write("conversation", "transfer-reoffer-old", tversion + offer(0, 2, 0, file_offer)
          + offer(1, 2, 2, file_offer) + offer(2, 2, 1, file_offer))
    write("conversation", "transfer-unknown", tversion + offer(0, 2, 3, file_offer))
    write("conversation", "transfer-backwards", tversion + offer(0, 5, 0, file_offer)
          + offer(1, 3, 0, file_offer))
    write("conversation", "transfer-text", tversion + offer(0, 1, 0, {"message": "hi"}))
    write("conversation", "transfer-bad-fields", tversion
          + msg(0, {"gofer-offer": {"transfer": 0, "attempt": 0, "offer": file_offer}})
          + msg(1, {"gofer-offer": {"transfer": -1, "attempt": "0", "offer": file_offer}})
          + msg(2, {"gofer-offer": {"transfer": 1, "attempt": 5000, "offer": file_offer}}))
    write("conversation", "transfer-ours-unknown", tversion
          + msg(0, {"gofer-answer": {"transfer": 1, "attempt": 0, "accept": True, "offset": 5}})
          + msg(1, {"gofer-transit": {"transfer": 1, "attempt": 0, "role": "receiver",
                                      "hints-v1": "nope"}})
          + msg(2, {"gofer-cancel": {"transfer": 1, "role": "receiver"}}))
    write("conversation", "transfer-answer-types", tversion
          + msg(0, {"gofer-answer": {"transfer": 1, "attempt": 0, "accept": "yes"}})
          + msg(1, {"gofer-transit": {"transfer": 1, "attempt": 0, "role": "both"}}))
    write("conversation", "transfer-many", tversion
          + b"".join(offer(i, i + 1, 0, file_offer) for i in range(16)))


def relay_restore():
    # fuzz-relay-restore.c: [schema flags] then [table][values...]; a value
    # is [kind][...]: 0 NULL, 1 int64, 2 double, 3 text, 4 blob, 5 a word.
    W = {w: i for i, w in enumerate(["app", "1", "2", "mbx1", "mbx2", "side1", "side2", "happy",
                                     "pake", "abcd", "id", "addr", "big", "deep", "schema", ""])}
    NAMEPLATES, NAMEPLATE_SIDES, MAILBOXES, MAILBOX_SIDES, MESSAGES, META = range(6)

    def null():
        return b"\x00"

    def i64(v):
        return b"\x01" + struct.pack("<q", v)

    def real(v):
        return b"\x02" + struct.pack("<d", v)

    def text(t, kind=3):
        t = t.encode() if isinstance(t, str) else t
        return bytes([kind, len(t)]) + t

    def word(w):
        return bytes([5, W[w]])

    def row(table, *values):
        return bytes([table]) + b"".join(values)

    now = 1.8e9
    sane = (row(MAILBOXES, word("app"), word("mbx1"), i64(1), real(now), word("addr"))
            + row(MAILBOX_SIDES, word("app"), word("mbx1"), word("side1"), null(), i64(1), real(now))
            + row(MESSAGES, word("app"), word("mbx1"), word("side1"), word("pake"), word("abcd"), word("id"),
                  real(now), word("addr"))
            + row(NAMEPLATES, word("app"), word("1"), word("mbx1"))
            + row(NAMEPLATE_SIDES, word("app"), word("1"), word("side1"), i64(1), real(now)))
    write("relay-restore", "sane", b"\x00" + sane)
    write("relay-restore", "sane-loose", b"\x01" + sane)
    nulls = b"".join(row(t, *[null()] * n) for t, n in
                     ((MAILBOXES, 5), (MAILBOX_SIDES, 6), (MESSAGES, 8), (NAMEPLATES, 3),
                      (NAMEPLATE_SIDES, 5)))
    write("relay-restore", "nulls", b"\x01" + nulls)
    write("relay-restore", "half-nulls", b"\x01"
          + row(MAILBOXES, word("app"), word("mbx1"), null(), null(), null())
          + row(MAILBOX_SIDES, word("app"), word("mbx1"), null(), null(), null(), null())
          + row(MESSAGES, word("app"), word("mbx1"), null(), word("pake"), null(), null(), null(), null())
          + row(MESSAGES, word("app"), word("mbx1"), word("side1"), null(), word("abcd"), null(), null(), null())
          + row(NAMEPLATES, word("app"), word("1"), null())
          + row(NAMEPLATE_SIDES, word("app"), word("1"), null(), null(), null()))
    odd = (row(MAILBOXES, word("app"), word("mbx1"), i64(-1), real(float("nan")), word("addr"))
           + row(MAILBOXES, word("app"), word("mbx1"), i64(2**62), real(float("-inf")), word("addr"))
           + row(MAILBOXES, word("app"), word("mbx2"), text("x", 4), real(-1e300), text(b"\xff\xfe", 4))
           + row(MAILBOX_SIDES, word("app"), word("mbx1"), word("side1"), i64(7), i64(-5), real(float("inf")))
           + row(MAILBOX_SIDES, word("app"), word("mbx1"), word("side1"), word("happy"), i64(1), real(now))
           + row(MESSAGES, word("app"), word("mbx1"), word("side1"), word("pake"), word("big"), word("deep"),
                 real(float("nan")), word("addr"))
           + row(MESSAGES, word("app"), word("mbx1"), word("side2"), word("pake"), text(b"ab\x00cd", 4),
                 text("{"), i64(3), text("not an address"))
           + row(MESSAGES, word("app"), word("mbx2"), text(b"s\xc3"), text(b"\xff"), i64(12345), real(1.5),
                 real(now), i64(1)))
    write("relay-restore", "odd", b"\x01" + odd)
    write("relay-restore", "odd-strict", b"\x00" + odd)
    write("relay-restore", "many", b"\x01" + b"".join(
        row(MAILBOXES, word("app"), text("m%d" % i), i64(0), real(now), word("addr")) for i in range(20))
        + b"".join(row(MESSAGES, word("app"), word("mbx1"), word("side1"), text("p%d" % i), word("abcd"),
                       null(), real(now), word("addr")) for i in range(40))
        + row(MAILBOXES, word("app"), word("mbx1"), i64(0), real(now), word("addr")))
    write("relay-restore", "version-1", b"\x01" + row(META, word("schema"), word("1")) + sane)
    write("relay-restore", "version-junk", b"\x01" + row(META, word("schema"), text("x")) + sane)


def main():
    warnings.simplefilter("ignore")
    code_parse()
    safe_name()
    offer()
    record()
    spake2()
    archive()
    mailbox_client()
    conversation()
    relay_frame()
    relay_restore()
    for target in sorted(os.listdir(CORPUS)):
        n = len(os.listdir(os.path.join(CORPUS, target)))
        print("%-16s %d files" % (target, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
