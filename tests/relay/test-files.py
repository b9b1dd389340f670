#!/usr/bin/python3
# test-files.py
#
# Copyright 2026 The Gofer authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator-facing files agree with the binary: every option in
`gofer-relay --help` is in the man page and in docs/relay.md, the man page
renders without warnings, the shipped systemd unit verifies, and the
command line reports bad input and busy ports clearly."""

import os
import re
import shutil
import socket
import subprocess
import sys

import relaytest as rt

tap = rt.Tap()
binary = sys.argv[1]
root = os.environ.get("GOFER_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
man = os.path.join(root, "docs", "man", "gofer-relay.1")
doc = os.path.join(root, "docs", "relay.md")
unit = os.path.join(root, "data", "gofer-relay.service")
scratch = rt.workdir("files")

help_text = subprocess.run([binary, "--help"], capture_output=True, text=True)
tap.ok(help_text.returncode == 0, "--help exits 0")
options = sorted(set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]+)", help_text.stdout, re.M)))
tap.ok(len(options) >= 25, "--help lists the options (%d)" % len(options))
man_text = open(man).read().replace("\\-", "-")
doc_text = open(doc).read()
missing_man = [o for o in options if o not in man_text]
missing_doc = [o for o in options if o not in doc_text and o not in ("--help", "--version")]
tap.ok(not missing_man, "every option is in the man page", ", ".join(missing_man))
tap.ok(not missing_doc, "every option is in docs/relay.md", ", ".join(missing_doc))

groff = shutil.which("groff")
if groff:
    r = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", man], capture_output=True, text=True)
    tap.ok(r.returncode == 0 and r.stderr == "", "man page renders without warnings", r.stderr)
else:
    print("ok %d - man page renders # SKIP groff not installed" % (tap.n + 1))
    tap.n += 1

analyze = shutil.which("systemd-analyze")
if analyze:
    mandir = os.path.join(scratch, "man", "man1")
    os.makedirs(mandir)
    shutil.copy(man, mandir)
    local_unit = os.path.join(scratch, "gofer-relay.service")
    with open(unit) as src, open(local_unit, "w") as dst:
        dst.write(src.read().replace("ExecStart=gofer-relay", "ExecStart=" + os.path.abspath(binary)))
    r = subprocess.run([analyze, "verify", local_unit], capture_output=True, text=True, cwd=scratch,
                       env=dict(os.environ, MANPATH=os.path.join(scratch, "man")))
    tap.ok(r.returncode == 0 and "gofer-relay.service" not in r.stderr,
           "systemd unit verifies", r.stderr)
else:
    print("ok %d - systemd unit verifies # SKIP systemd-analyze not installed" % (tap.n + 1))
    tap.n += 1

r = subprocess.run([binary, "--version"], capture_output=True, text=True)
tap.ok(r.returncode == 0 and re.fullmatch(r"gofer-relay \d+\.\d+\.\d+\n", r.stdout), "--version", r.stdout)
r = subprocess.run([binary, "--no-such-option"], capture_output=True, text=True)
tap.ok(r.returncode == 2 and "--help" in r.stderr, "unknown option: exit 2 and a pointer to --help", r.stderr)
r = subprocess.run([binary, "--mailbox-port", "70000"], capture_output=True, text=True)
tap.ok(r.returncode == 2 and "--mailbox-port" in r.stderr, "port out of range named", r.stderr)
r = subprocess.run([binary, "--max-message-size", "-5"], capture_output=True, text=True)
tap.ok(r.returncode == 2 and "--max-message-size" in r.stderr, "negative limit named", r.stderr)
r = subprocess.run([binary, "--threads", "1000"], capture_output=True, text=True)
tap.ok(r.returncode == 2 and "--threads" in r.stderr, "too many threads named", r.stderr)
r = subprocess.run([binary, "--no-mailbox", "--no-transit"], capture_output=True, text=True)
tap.ok(r.returncode == 2, "nothing to run: exit 2", r.stderr)

busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen(1)
port = busy.getsockname()[1]
r = subprocess.run([binary, "--listen", "127.0.0.1", "--mailbox-port", str(port), "--transit-port", "0",
                    "--db", ":memory:"], capture_output=True, text=True, timeout=20)
tap.ok(r.returncode == 1 and "The mailbox server cannot listen" in r.stderr and "--mailbox-port" in r.stderr,
       "busy port: exit 1, says which server and which flag", r.stderr)
r = subprocess.run([binary, "--listen", "127.0.0.1", "--mailbox-port", "0", "--transit-port", str(port),
                    "--db", ":memory:"], capture_output=True, text=True, timeout=20)
tap.ok(r.returncode == 1 and "The transit relay cannot listen" in r.stderr and "--transit-port" in r.stderr,
       "busy transit port: exit 1, says which server and which flag", r.stderr)
busy.close()
r = subprocess.run([binary, "--listen", "not-an-address", "--mailbox-port", "0", "--transit-port", "0",
                    "--db", ":memory:"], capture_output=True, text=True, timeout=20)
tap.ok(r.returncode == 2 and "not-an-address" in r.stderr and "--listen" in r.stderr,
       "bad --listen address named", r.stderr)
r = subprocess.run([binary, "--listen", "127.0.0.1", "--mailbox-port", "0", "--transit-port", "0",
                    "--db", os.path.join(scratch, "no", "such", "dir", "x.sqlite")],
                   capture_output=True, text=True, timeout=20)
tap.ok(r.returncode == 1 and "database" in r.stderr, "unopenable database: exit 1 with the reason", r.stderr)
bad_db = os.path.join(scratch, "not-a-db.sqlite")
open(bad_db, "w").write("this is not an SQLite file, just text that is long enough " * 20)
r = subprocess.run([binary, "--listen", "127.0.0.1", "--mailbox-port", "0", "--transit-port", "0",
                    "--db", bad_db], capture_output=True, text=True, timeout=20)
tap.ok(r.returncode == 1 and "database" in r.stderr, "corrupt database: exit 1 with the reason", r.stderr)
rt.finish(tap, scratch)
