#!/usr/bin/env python3
"""Writes an initramfs: a cpio archive in the "newc" format Linux unpacks
(Documentation/driver-api/early-userspace/buffer-format.rst).

  make_initramfs.py OUT.cpio PATH=SOURCE [PATH=SOURCE...] [PATH->TARGET...]

PATH=SOURCE puts the host file SOURCE at PATH (mode kept, owner root);
PATH->TARGET makes PATH a symbolic link to TARGET. Parent directories are
added as needed. Written here so booting needs no cpio package.
"""
import os
import stat
import sys


def header(ino, mode, nlink, size, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08x" % f for f in fields)


def pad(data):
    return data + b"\0" * (-len(data) % 4)


def entry(ino, mode, name, data=b"", nlink=1):
    encoded = name.encode()
    return pad(header(ino, mode, nlink, len(data), encoded) + encoded + b"\0") + pad(data)


def main():
    out, specs = sys.argv[1], sys.argv[2:]
    entries = []
    directories = set()
    for spec in specs:
        if "->" in spec:
            path, target = spec.split("->", 1)
            entries.append((path.strip("/"), stat.S_IFLNK | 0o777, target.encode()))
        else:
            path, source = spec.split("=", 1)
            with open(source, "rb") as f:
                data = f.read()
            mode = stat.S_IFREG | (os.stat(source).st_mode & 0o7777)
            entries.append((path.strip("/"), mode, data))
        parent = os.path.dirname(entries[-1][0])
        while parent:
            directories.add(parent)
            parent = os.path.dirname(parent)
    archive = b""
    ino = 1
    for directory in sorted(directories):
        archive += entry(ino, stat.S_IFDIR | 0o755, directory, nlink=2)
        ino += 1
    for path, mode, data in entries:
        archive += entry(ino, mode, path, data)
        ino += 1
    archive += entry(0, 0, "TRAILER!!!")
    archive += b"\0" * (-len(archive) % 512)
    with open(out, "wb") as f:
        f.write(archive)


if __name__ == "__main__":
    main()
