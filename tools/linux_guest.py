"""Debian's Linux kernel as a guest for the benchmark (tools/bench.py): the
kernel package fetched with `apt-get download` and unpacked once, and the
smallest initramfs that runs one static program as /init.

The initramfs is a newc cpio archive ("070701" records), written here with
the Python standard library only.
"""
import glob
import gzip
import io
import os
import re
import shutil
import subprocess


# ---- The Linux kernel ---------------------------------------------------

def fetch_linux(cache, log):
    """Debian's kernel, fetched once into `cache` (progress lines go to `log`):
    return (path to its vmlinuz, None), or (None, why not)."""
    vmlinuz = os.path.join(cache, "vmlinuz")
    if os.path.exists(vmlinuz):
        return vmlinuz, None
    os.makedirs(cache, exist_ok=True)
    try:
        # The metapackage only depends on the real, versioned package.
        deps = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                              capture_output=True, text=True, timeout=60)
        m = re.search(r"Depends: (linux-image-[0-9][^\s]*-amd64)\b", deps.stdout)
        if not m:
            return None, "apt-cache knows no linux-image-amd64 (run apt-get update?)"
        pkg = m.group(1)
        log(f"bench: fetching {pkg} with apt-get download")
        got = subprocess.run(["apt-get", "download", pkg], cwd=cache,
                             capture_output=True, text=True, timeout=600)
        debs = glob.glob(os.path.join(cache, pkg + "_*.deb"))
        if got.returncode != 0 or not debs:
            return None, f"apt-get download {pkg} failed: {got.stderr.strip()[-200:]}"
        tree = os.path.join(cache, "tree")
        subprocess.run(["dpkg-deb", "-x", debs[0], tree], check=True, timeout=300)
        found = glob.glob(os.path.join(tree, "boot", "vmlinuz-*"))
        if not found:
            return None, f"{pkg} has no /boot/vmlinuz-*"
        shutil.copyfile(found[0], vmlinuz)
        shutil.rmtree(tree)             # keep only the kernel and the .deb
        with open(os.path.join(cache, "VERSION"), "w") as f:
            f.write(os.path.basename(debs[0]) + "\n")
        return vmlinuz, None
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"cannot fetch Debian's kernel: {e}"


# ---- The initramfs: a newc cpio archive, gzipped -------------------------

S_IFDIR, S_IFCHR, S_IFREG = 0o040000, 0o020000, 0o100000


def cpio_entry(ino, name, mode, data=b"", rdev=(0, 0)):
    """One newc record: a 110-byte ASCII header, the name, the data, each
    padded to a multiple of 4 bytes (see the kernel's
    Documentation/driver-api/early-userspace/buffer-format.rst)."""
    fields = [ino, mode, 0, 0,                   # ino, mode, uid, gid
              2 if mode & S_IFDIR else 1, 0,     # nlink, mtime
              len(data), 0, 0,                   # filesize, dev major/minor
              rdev[0], rdev[1],                  # rdev major/minor (devices)
              len(name) + 1, 0]                  # namesize with NUL, check
    rec = b"070701" + b"".join(b"%08x" % f for f in fields)
    rec += name.encode() + b"\0"
    rec += b"\0" * (-len(rec) % 4)
    rec += data + b"\0" * (-len(data) % 4)
    return rec


def make_initramfs(bench, out_path, extra=None):
    """/init is `bench`; `extra` maps more paths in the archive ("bin/exit7")
    to the host files to put there, executable, each directory made once."""
    def read(path):
        with open(path, "rb") as f:
            return f.read()
    entries = [
        ("dev", S_IFDIR | 0o755, b"", (0, 0)),
        ("dev/console", S_IFCHR | 0o600, b"", (5, 1)),  # the kernel opens it for init
        ("dev/null", S_IFCHR | 0o666, b"", (1, 3)),
        ("init", S_IFREG | 0o755, read(bench), (0, 0)),
    ]
    dirs = {"dev"}
    for name, host in sorted((extra or {}).items()):
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                entries.append((d, S_IFDIR | 0o755, b"", (0, 0)))
        entries.append((name, S_IFREG | 0o755, read(host), (0, 0)))
    cpio = b"".join(cpio_entry(i + 1, n, m, d, r)
                    for i, (n, m, d, r) in enumerate(entries))
    cpio += cpio_entry(0, "TRAILER!!!", 0)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(cpio)
    with open(out_path, "wb") as f:
        f.write(buf.getvalue())
