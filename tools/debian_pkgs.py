#!/usr/bin/env python3
"""The userland archive (docs/userland.md): Debian 12's own static programs
-- busybox-static and bash-static, fetched with `apt-get download` (as
tools/linux_guest.py fetches Debian's kernel) and unpacked with `dpkg-deb
-x`, unmodified -- with a link for every applet busybox lists and anvil's
/sbin/init.  GRUB loads it after anvil's own initramfs and the kernel adds
its files to the same root (kernel/fs/initramfs.c).

Usage: debian_pkgs.py OUT INIT [--skip NAME...]

  OUT    the archive to write (the Makefile's build/debian/initramfs.cpio)
  INIT   anvil's init program (user/init/init.c), which becomes /sbin/init
  --skip names anvil's own initramfs already has in /bin: no applet link
         takes their place (anvil's programs keep their names)

What goes in:
  /bin/busybox         busybox-static's /bin/busybox
  /bin/bash            bash-static's /bin/bash-static
  /bin/sh, /bin/ls...  a symlink to /bin/busybox at each path that
                       `busybox --list-full` gives (bin/, sbin/, usr/bin/,
                       usr/sbin/), as `busybox --install -s` would make
  /sbin/init           INIT

The .deb files and the programs stay in OUT's directory, so a second run
fetches nothing.  When the packages cannot be fetched (no network, no
package lists: `apt-get update`), OUT is not written and the reason goes to
OUT's directory as WHY-MISSING, which the tests and `make run` report; the
exit status is 0 so that the rest of the build still runs.
"""

import glob
import os
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkinitramfs  # noqa: E402  (tools/mkinitramfs.py)

# Debian package -> (the file in it, its name in the initramfs's /bin).
PACKAGES = {
    "busybox-static": ("bin/busybox", "busybox"),
    "bash-static": ("bin/bash-static", "bash"),
}


def fetch(pkg, cache):
    """Download pkg's .deb into cache once; its path, or raise RuntimeError."""
    debs = glob.glob(os.path.join(cache, pkg + "_*.deb"))
    if debs:
        return debs[0]
    for attempt in (1, 2):
        got = subprocess.run(["apt-get", "download", pkg], cwd=cache,
                             capture_output=True, text=True, timeout=600)
        debs = glob.glob(os.path.join(cache, pkg + "_*.deb"))
        if got.returncode == 0 and debs:
            return debs[0]
        no_lists = "Unable to locate" in got.stderr or "no installation candidate" in got.stderr
        if not no_lists:
            break
        if attempt == 1 and os.geteuid() == 0:
            # A fresh Debian has no package lists yet (as tools/deps.sh does).
            print("debian_pkgs: apt-get update", file=sys.stderr)
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
            continue
        raise RuntimeError(f"apt-get download {pkg}: no package lists; run: sudo apt-get update")
    raise RuntimeError(f"apt-get download {pkg} failed: {got.stderr.strip()[-300:]}")


def unpack(deb, member, dest):
    """Copy the file `member` of the .deb to dest, bytes unchanged."""
    tree = dest + ".tree"
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["dpkg-deb", "-x", deb, tree], check=True, timeout=300)
    src = os.path.join(tree, member)
    if not os.path.isfile(src):
        raise RuntimeError(f"{os.path.basename(deb)} has no /{member}")
    shutil.copyfile(src, dest)
    os.chmod(dest, 0o755)
    shutil.rmtree(tree)


def applet_links(busybox, skip):
    """{archive name: symlink entry} for every applet, from the binary itself."""
    listed = subprocess.run([busybox, "--list-full"], capture_output=True, text=True,
                            check=True, timeout=60).stdout.split()
    links = {}
    for path in listed:
        if os.path.basename(path) in skip or path == "bin/busybox":
            continue
        links[path.encode()] = (stat.S_IFLNK | 0o777, b"/bin/busybox")
    return links


def userland_entries(busybox, bash, init, skip):
    entries = {d: (stat.S_IFDIR | 0o755, b"") for d in (b"bin", b"sbin", b"usr", b"usr/bin",
                                                        b"usr/sbin")}
    entries.update(applet_links(busybox, skip))
    for name, path in ((b"bin/busybox", busybox), (b"bin/bash", bash), (b"sbin/init", init)):
        with open(path, "rb") as fh:
            entries[name] = (stat.S_IFREG | 0o755, fh.read())
    return entries


def main(argv):
    if len(argv) < 3 or (len(argv) > 3 and argv[3] != "--skip"):
        sys.exit(__doc__.split("\n\n")[1])
    out, init, skip = argv[1], argv[2], set(argv[4:])
    cache = os.path.dirname(os.path.abspath(out))
    os.makedirs(cache, exist_ok=True)
    why = os.path.join(cache, "WHY-MISSING")
    programs = {}
    try:
        for pkg, (member, name) in PACKAGES.items():
            deb = fetch(pkg, cache)
            dest = os.path.join(cache, name)
            if not os.path.exists(dest) or os.path.getmtime(dest) < os.path.getmtime(deb):
                unpack(deb, member, dest)
            programs[name] = dest
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        with open(why, "w") as f:
            f.write(f"{e}\n")
        print(f"debian_pkgs: {e}", file=sys.stderr)
        return 0
    if os.path.exists(why):
        os.unlink(why)
    with open(os.path.join(cache, "VERSIONS"), "w") as f:
        f.writelines(os.path.basename(d) + "\n" for d in sorted(glob.glob(os.path.join(cache, "*.deb"))))
    entries = userland_entries(programs["busybox"], programs["bash"], init, skip)
    data = mkinitramfs.archive(entries, int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
    with open(out + ".tmp", "wb") as fh:
        fh.write(data)
    os.replace(out + ".tmp", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
