"""The in-kernel tests (kernel command line `test`), one TAP test per KTAP result,
under each firmware, and once on QEMU's default CPU (qemu64: no POPCNT, RDRAND,
RDTSCP, SMEP, SMAP, XSAVE...), where tests of missing features must skip or take
their fallback path instead of crashing."""

from testlib import Boot, ktests

ktests("ktest.bios", Boot(firmware="bios"))
ktests("ktest.uefi", Boot(firmware="uefi"))
ktests("ktest.qemu64", Boot(firmware="bios", cpu="qemu64"))
