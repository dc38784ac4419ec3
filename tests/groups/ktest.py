"""The in-kernel tests (kernel command line `test`), one TAP test per KTAP result,
under each firmware."""

from testlib import Boot, ktests

ktests("ktest.bios", Boot(firmware="bios"))
ktests("ktest.uefi", Boot(firmware="uefi"))
