/*
 * What each of the 256 vectors is, in words, for tables like the shell's
 * `irq`: the CPU exceptions by mnemonic, the IRQ lines by the driver that
 * registered them, the local APIC's own vectors by source.  The generic
 * kernel asks here instead of knowing the x86 vector numbers itself.
 */
#ifndef ANVIL_ARCH_VECTOR_NAME_H
#define ANVIL_ARCH_VECTOR_NAME_H

struct vector_name {
	char label[16];		/* "#PF", "IRQ 1", "LAPIC"; "" if none */
	const char *what;	/* "Page Fault", "keyboard", "local APIC timer" */
};

struct vector_name vector_name(unsigned vector);

#endif
