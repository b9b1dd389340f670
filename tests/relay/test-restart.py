#!/usr/bin/python3
# test-restart.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""gofer-relay restarted (killed outright, or stopped with SIGTERM) in
the middle of a wormhole loses nothing: nameplates, mailboxes and the
messages not yet delivered come back from --db, the Python client
reconnects by itself, and the conversation completes."""

import os
import signal
import sqlite3
import sys
import time

import relaytest as rt

tap = rt.Tap()
rt.require_private_network(tap)
rt.require_tools(tap, "wormhole", "wormhole-william")
binary = sys.argv[1]
scratch = rt.workdir("restart")


def stored_phases(db):
    """The phases stored so far, read from the relay's database."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=1)
        try:
            return [row[0] for row in con.execute("SELECT phase FROM messages ORDER BY rowid")]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def restart(relay, sig):
    rc = relay.stop(sig)
    again = rt.Relay(binary, scratch, mailbox_port=relay.mailbox_port,
                     transit_port=relay.transit_port, db=relay.db, name="relay").start()
    return rc, again


# 1. Killed (SIGKILL) after the sender's first message, before the receiver
# arrives: the receiver finds the nameplate, mailbox and pake message.
db = os.path.join(scratch, "one.sqlite")
relay = rt.Relay(binary, scratch, db=db).start()
code = "4-" + rt.CODE_WORDS
text = "survives a crash of the relay"
sender = rt.spawn(rt.python_cmd(relay, "send", "--code", code, "--text", text), scratch, "s1")
tap.ok(rt.wait_for(lambda: "pake" in stored_phases(db), 30), "sender's pake message is in the database")
rc, relay = restart(relay, signal.SIGKILL)
tap.ok(rc == -signal.SIGKILL, "relay killed with SIGKILL")
tap.ok("restored 1 mailboxes holding 1 messages, and 1 nameplates" in relay.log(),
       "restart restores the nameplate, mailbox and message", relay.log()[-1000:])
receiver = rt.spawn(rt.go_cmd(relay, "recv", code), scratch, "r1")
rrc = receiver.wait(60)
tap.ok(rrc == 0 and text in receiver.output(), "go receiver gets the text after the restart",
       receiver.output()[-1000:])
tap.ok(sender.wait(60) == 0, "python sender reconnected and finished", sender.output()[-1000:])

# 2. Stopped with SIGTERM in the middle of a file transfer: the receiver
# has seen the offer and waits for its user; the relay restarts; the
# answer, the transit connection through the relay and the file follow.
relay.stop()
db = os.path.join(scratch, "two.sqlite")
relay = rt.Relay(binary, scratch, db=db).start()
send_dir = os.path.join(scratch, "send2")
recv_dir = os.path.join(scratch, "recv2")
os.makedirs(send_dir)
os.makedirs(recv_dir)
payload = rt.make_random_file(os.path.join(send_dir, "payload.bin"), 3 * 1024 * 1024 + 17)
code = "5-" + rt.CODE_WORDS
sender = rt.spawn(rt.python_cmd(relay, "send", "--no-listen", "--hide-progress", "--code", code,
                                "payload.bin"), send_dir, "sender")
time.sleep(0.5)
receiver_out = open(os.path.join(recv_dir, "receiver.out"), "w")
receiver = rt.subprocess.Popen(rt.python_cmd(relay, "receive", "--no-listen", "--hide-progress", code),
                               cwd=recv_dir, stdin=rt.subprocess.PIPE, stdout=receiver_out,
                               stderr=rt.subprocess.STDOUT)
prompt = lambda: "ok? (" in open(os.path.join(recv_dir, "receiver.out")).read()
tap.ok(rt.wait_for(prompt, 30), "receiver got the file offer and asks its user")
rc, relay = restart(relay, signal.SIGTERM)
tap.ok(rc == 0, "relay stopped cleanly with SIGTERM")
tap.ok("restored 1 mailboxes" in relay.log(), "restart restores the open mailbox", relay.log()[-1000:])
receiver.stdin.write(b"y\n")
receiver.stdin.close()
try:
    rrc = receiver.wait(90)
except rt.subprocess.TimeoutExpired:
    receiver.kill()
    rrc = None
out = open(os.path.join(recv_dir, "receiver.out")).read()
got = os.path.join(recv_dir, "payload.bin")
tap.ok(rrc == 0 and os.path.exists(got) and rt.sha256_file(got) == rt.sha256_file(payload),
       "file arrives byte for byte through the restarted relay", out[-1500:])
tap.ok(sender.wait(60) == 0, "sender finished", sender.output()[-1500:])
tap.ok(relay.stop() == 0, "relay stops cleanly")

# 3. What was delivered and closed is gone: the database is empty again.
tap.ok(rt.wait_for(lambda: stored_phases(db) == [], 5), "mailbox deleted once both sides closed")
rt.finish(tap, scratch)
