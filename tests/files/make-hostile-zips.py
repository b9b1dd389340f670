#!/usr/bin/python3
# make-hostile-zips.py OUTDIR: writes the zips test-archive refuses or repairs.
import os
import stat
import sys
import zipfile

out = sys.argv[1]


def make(name, entries, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(out, name), "w", method) as zf:
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                zf.writestr(entry, b"link target /etc/passwd")
            else:
                zf.writestr(entry[0], entry[1])


make("dotdot.zip", [("ok.txt", b"fine"), ("../evil", b"escaped")])
make("dotdot-inner.zip", [("a/../../evil", b"escaped")])
make("absolute.zip", [("ok.txt", b"fine"), ("/abs", b"absolute")])
make("drive.zip", [("C:\\evil", b"absolute")])
make("backslash-dotdot.zip", [("..\\evil", b"escaped")])

link = zipfile.ZipInfo("link")
link.create_system = 3
link.external_attr = (stat.S_IFLNK | 0o777) << 16
make("symlink.zip", [("ok.txt", b"fine"), link])

fifo = zipfile.ZipInfo("fifo")
fifo.create_system = 3
fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
make("fifo.zip", [fifo])

with zipfile.ZipFile(os.path.join(out, "duplicate.zip"), "w") as zf:
    zf.writestr("a.txt", b"one")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zf.writestr("a.txt", b"two")
make("file-dir-clash.zip", [("a", b"file"), ("a/b", b"inside a file?")])
make("many.zip", [("f%d" % i, b"x") for i in range(10)])
make("odd-names.zip", [("ev\x1bil.txt", b"esc"), ("dir\\file.txt", b"backslash"),
                       ("./dot/./x.txt", b"dots"), ("CON.txt", b"device"),
                       ("a:b?.txt", b"windows")])

# 200 MiB of zeros in about 200 KiB: a ratio near 1000.
with zipfile.ZipFile(os.path.join(out, "bomb.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
    with zf.open("zeros.bin", "w") as f:
        chunk = bytes(1024 * 1024)
        for _ in range(200):
            f.write(chunk)

# 5 MiB of random data, to be offered as much less.
with zipfile.ZipFile(os.path.join(out, "liar.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("data.bin", os.urandom(5 * 1024 * 1024))

with open(os.path.join(out, "garbage.zip"), "wb") as f:
    f.write(os.urandom(4096))
with open(os.path.join(out, "liar.zip"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "truncated.zip"), "wb") as f:
    f.write(data[: len(data) // 2])

# Tars, as a wormhole-rs sender could send them for gofer_archive_unpack().
import io  # noqa: E402
import tarfile  # noqa: E402


def make_tar(name, entries, mode="w"):
    with tarfile.open(os.path.join(out, name), mode, format=tarfile.GNU_FORMAT) as tf:
        for entry in entries:
            info = tarfile.TarInfo(entry[0])
            data = b""
            if len(entry) > 2:
                info.type = entry[2]
                info.linkname = entry[1] if entry[2] in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
            else:
                data = entry[1]
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data else None)


def tar_dir(path):
    return (path, b"", tarfile.DIRTYPE)


# As wormhole-rs packs the folder "Album": Album/ and everything under it.
make_tar("Album.tar", [tar_dir("Album"), ("Album/a.txt", b"one"), tar_dir("Album/sub"),
                       ("Album/sub/b.txt", b"two"), tar_dir("Album/empty")])
# One top folder that is not the archive's name: kept as it is.
make_tar("Other.tar", [tar_dir("Album"), ("Album/a.txt", b"one")])
make_tar("dotdot.tar", [("ok.txt", b"fine"), ("../evil", b"escaped")])
make_tar("absolute.tar", [("ok.txt", b"fine"), ("/abs", b"absolute")])
make_tar("symlink.tar", [("ok.txt", b"fine"), ("link", "/etc/passwd", tarfile.SYMTYPE)])
make_tar("hardlink.tar", [("ok.txt", b"fine"), ("link", "ok.txt", tarfile.LNKTYPE)])
make_tar("device.tar", [("null", "", tarfile.CHRTYPE)])
make_tar("fifo.tar", [("fifo", "", tarfile.FIFOTYPE)])
make_tar("duplicate.tar", [("a.txt", b"one"), ("a.txt", b"two")])
# Compressed: wormhole-rs sends plain tar; nothing else is read.
make_tar("gzip.tar", [("a.txt", b"one")], mode="w:gz")
with open(os.path.join(out, "garbage.tar"), "wb") as f:
    f.write(os.urandom(4096))
