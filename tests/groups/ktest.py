"""The in-kernel tests (kernel command line `test`), one TAP test per KTAP result,
under each firmware, and once on QEMU's default CPU (qemu64: no POPCNT, RDRAND,
RDTSCP, SMEP, SMAP, XSAVE...), where tests of missing features must skip or take
their fallback path instead of crashing.  `make test` runs BIOS and qemu64;
the UEFI run is in `make test-full`."""

from testlib import Boot, ktests

ktests("ktest.bios", Boot(firmware="bios"))
ktests("ktest.uefi", Boot(firmware="uefi"), full=True)
ktests("ktest.qemu64", Boot(firmware="bios", cpu="qemu64"))
