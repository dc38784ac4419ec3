/*
 * spin - say so, then loop forever in ring 3.  The host-side test reads
 * `info registers` from QEMU's monitor while it runs and checks that the
 * CPU is at CPL 3 with EFER.SCE, LME, LMA and NXE set; then kills QEMU.
 */
#include "lib/ulib.h"

int main(void)
{
	uprintf("spin: spinning\n");
	for (;;)
		__asm__ volatile("pause");	/* a spin-wait hint; harmless in ring 3 */
}
