/* anvil's version: the boot banner and uname's release. */
#ifndef ANVIL_KERNEL_VERSION_H
#define ANVIL_KERNEL_VERSION_H

#define ANVIL_VERSION "0.1"

/* uname's sysname and version, also /proc/version's words. */
#define ANVIL_UTS_SYSNAME "anvil"
#define ANVIL_UTS_VERSION "anvil " ANVIL_VERSION

#endif
