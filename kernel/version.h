/* anvil's version: the boot banner and uname's release. */
#ifndef ANVIL_KERNEL_VERSION_H
#define ANVIL_KERNEL_VERSION_H

#define ANVIL_VERSION "0.1"

#endif
