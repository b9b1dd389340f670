#!/usr/bin/python3
"""Writes the hostile folder zips for hostile.sh into DIR.

    hostile-zips.py DIR OUTSIDE_PATH

Prints one line per zip: "NAME ZIPSIZE NUMBYTES NUMFILES", where NUMBYTES and
NUMFILES are what the hostile sender will announce in its offer (for the
bombs, a lie). OUTSIDE_PATH is where the symlink entries point.
"""
import os
import stat
import struct
import sys
import zipfile

MIB = 1024 * 1024


def plain(zf, name, data):
    zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def symlink(zf, name, target):
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.create_system = 3  # Unix, so the mode bits count
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    zf.writestr(info, target)


def zeros(zf, name, size):
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    block = bytes(MIB)
    with zf.open(info, "w", force_zip64=False) as f:
        for _ in range(size // MIB):
            f.write(block)


def make(path, fill):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fill(zf)


def patch_sizes(path, claimed):
    """Makes every header claim each entry unpacks to CLAIMED bytes."""
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        pos = 0
        while (pos := data.find(b"PK\x03\x04", pos)) >= 0:
            struct.pack_into("<I", data, pos + 22, claimed)
            pos += 4
        pos = 0
        while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
            struct.pack_into("<I", data, pos + 24, claimed)
            pos += 4
        f.seek(0)
        f.write(data)


def main(out, outside):
    os.makedirs(out, exist_ok=True)
    made = []

    def add(name, fill, numbytes, numfiles, claimed=None):
        path = os.path.join(out, name + ".zip")
        make(path, fill)
        if claimed is not None:
            patch_sizes(path, claimed)
        made.append((name, os.path.getsize(path), numbytes, numfiles))

    add("escape", lambda zf: (plain(zf, "ok.txt", b"fine\n"),
                              plain(zf, "../escape.txt", b"escaped\n")), 13, 2)
    add("deep-escape", lambda zf: (plain(zf, "a/ok.txt", b"fine\n"),
                                   plain(zf, "a/../../escape.txt", b"escaped\n")), 13, 2)
    add("absolute", lambda zf: (plain(zf, "ok.txt", b"fine\n"),
                                plain(zf, outside + ".abs", b"absolute\n")), 14, 2)
    add("root", lambda zf: plain(zf, "/abs.txt", b"absolute\n"), 9, 1)
    add("backslash", lambda zf: plain(zf, "..\\..\\escape.txt", b"escaped\n"), 8, 1)
    # A link out of the folder, then a file written "through" it.
    add("symlink", lambda zf: (symlink(zf, "link", os.path.dirname(outside)),
                               plain(zf, "link/through-link.txt", b"through\n")), 8, 2)
    add("symlink-only", lambda zf: symlink(zf, "passwd", outside), 0, 1)
    # 300 MiB of zeros in about 300 KiB, announced honestly: the ratio gives it away.
    add("bomb-ratio", lambda zf: zeros(zf, "zeros.bin", 300 * MIB), 300 * MIB, 1)
    # 64 MiB announced as 1000 bytes in the offer.
    add("bomb-offer", lambda zf: zeros(zf, "zeros.bin", 64 * MIB), 1000, 1)
    # 64 MiB where the zip's own headers and the offer both say 1000 bytes.
    add("bomb-header", lambda zf: zeros(zf, "zeros.bin", 64 * MIB), 1000, 1, claimed=1000)

    for name, zipsize, numbytes, numfiles in made:
        print(name, zipsize, numbytes, numfiles)


if __name__ == "__main__":
    main(*sys.argv[1:])
