#!/usr/bin/env python3
"""Write anvil's initramfs: a cpio "newc" archive (the format Linux's
initramfs reads; kernel/fs/cpio.h) of the root file system's first files.

Usage: mkinitramfs.py OUT ROOTFS_DIR [PROGRAM...]

  ROOTFS_DIR  the tree copied to / (the repository's rootfs/): directories
              0755, files 0644 (0755 if executable), symlinks as they are;
              files named .keep are left out (they only keep an empty
              directory in git)
  PROGRAM     a file that becomes /bin/NAME, mode 0755

The standard directories (STANDARD_DIRS) are made whether or not the tree
has them.  The archive is deterministic: names sorted, every mtime
SOURCE_DATE_EPOCH (default 0), uid and gid 0, inode numbers counted from
1 in archive order, so the same inputs give the same bytes.
"""

import os
import stat
import sys

STANDARD_DIRS = {"bin": 0o755, "dev": 0o755, "etc": 0o755, "home": 0o755,
                 "proc": 0o755, "root": 0o755, "tmp": 0o1777}
SKIP = {".keep"}


def header(ino, mode, nlink, mtime, size, name, rdev=(0, 0)):
    """One newc header with its name, padded to 4 bytes."""
    namesize = len(name) + 1
    fields = [ino, mode, 0, 0, nlink, mtime, size, 0, 0, rdev[0], rdev[1], namesize, 0]
    out = b"070701" + b"".join(b"%08x" % f for f in fields) + name + b"\0"
    return out + pad(len(out))


def pad(n):
    return b"\0" * (-n % 4)


def collect(rootfs, programs):
    """{archive name: (mode, data)} of everything the archive holds."""
    entries = {name.encode(): (stat.S_IFDIR | m, b"") for name, m in STANDARD_DIRS.items()}
    for top, dirs, files in os.walk(rootfs):
        dirs.sort()
        rel = os.path.relpath(top, rootfs)
        for d in dirs:
            name = os.path.normpath(os.path.join(rel, d)).encode()
            path = os.path.join(top, d)
            if os.path.islink(path):
                entries[name] = (stat.S_IFLNK | 0o777, os.readlink(path).encode())
            elif name.decode() not in STANDARD_DIRS:
                entries[name] = (stat.S_IFDIR | 0o755, b"")
        for f in files:
            if f in SKIP:
                continue
            name = os.path.normpath(os.path.join(rel, f)).encode()
            path = os.path.join(top, f)
            if os.path.islink(path):
                entries[name] = (stat.S_IFLNK | 0o777, os.readlink(path).encode())
                continue
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                sys.exit(f"mkinitramfs: {path}: not a regular file, directory or symlink")
            mode = 0o755 if st.st_mode & 0o111 else 0o644
            with open(path, "rb") as fh:
                entries[name] = (stat.S_IFREG | mode, fh.read())
    for prog in programs:
        name = b"bin/" + os.path.basename(prog).encode()
        with open(prog, "rb") as fh:
            entries[name] = (stat.S_IFREG | 0o755, fh.read())
    return entries


def archive(entries, mtime):
    out = bytearray()
    for ino, name in enumerate(sorted(entries), start=1):
        mode, data = entries[name]
        if b".." in name.split(b"/"):
            sys.exit(f"mkinitramfs: {name.decode()}: a '..' component")
        nlink = 2 if stat.S_ISDIR(mode) else 1
        out += header(ino, mode, nlink, mtime, len(data), name)
        out += data + pad(len(data))
    out += header(0, 0, 1, 0, 0, b"TRAILER!!!")
    return bytes(out)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    out, rootfs, programs = argv[1], argv[2], argv[3:]
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    data = archive(collect(rootfs, programs), mtime)
    tmp = out + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv)
