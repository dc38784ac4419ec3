#ifndef ANVIL_ARCH_EARLY_H
#define ANVIL_ARCH_EARLY_H

/* Remove the boot code's identity mapping of low memory. */
void arch_drop_identity_map(void);

#endif
