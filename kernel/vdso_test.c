/* The vDSO image and the clock it shares with the kernel (kernel/vdso.h). */
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/vdso/vvar.h"
#include "kernel/elf.h"
#include "kernel/ktest.h"
#include "kernel/mm/heap.h"
#include "kernel/string.h"
#include "kernel/timer.h"
#include "kernel/vdso.h"

static struct elf_image img;

KTEST(vdso, image_passes_the_loaders_checks)
{
	char why[96] = "";
	size_t len;
	const uint8_t *image = vdso_image(&len);
	if (!KEXPECT_TRUE(elf_check_vdso(image, len, &img, why, sizeof(why))))
		return;
	KEXPECT_EQ(img.nsegments, 1u);
	KEXPECT_EQ(img.segments[0].flags, (uint32_t)(ELF_PF_R | ELF_PF_X));
	KEXPECT_EQ(img.segments[0].vaddr, 0ul);
	KEXPECT_NE(img.dynamic_vaddr, 0ul);
	KEXPECT_EQ(vdso_pages(), page_round_up(len) / PAGE_SIZE);
}

/* The same checks refuse what the vDSO must not be: so the test above
 * can fail.  Offsets of the ELF64 header and first program header. */
KTEST(vdso, damaged_copies_are_refused)
{
	char why[96];
	size_t len;
	const uint8_t *image = vdso_image(&len);
	uint8_t *copy = kmalloc(len);
	if (!KEXPECT_TRUE(copy != NULL))
		return;
	KEXPECT_TRUE(!elf_check(image, len, &img, why, sizeof(why)));	/* not a program */
	memcpy(copy, image, len);
	copy[16] = 2;				/* e_type = ET_EXEC */
	KEXPECT_TRUE(!elf_check_vdso(copy, len, &img, why, sizeof(why)));
	memcpy(copy, image, len);
	uint64_t phoff;
	memcpy(&phoff, copy + 32, sizeof(phoff));
	copy[phoff + 4] |= ELF_PF_W;		/* p_flags of the PT_LOAD */
	KEXPECT_TRUE(!elf_check_vdso(copy, len, &img, why, sizeof(why)));
	kfree(copy);
}

/* The kernel's clock is the vvar's: uptime_ns between two vclock_reads. */
KTEST(vdso, uptime_is_the_vvar_clock)
{
	const struct vvar *v = clock_vvar();
	for (int i = 0; i < 1000; i++) {
		struct vclock_time a = vclock_read(v, VCLOCK_MONO);
		uint64_t u = uptime_ns();
		struct vclock_time b = vclock_read(v, VCLOCK_MONO);
		uint64_t an = (uint64_t)a.sec * 1000000000 + a.nsec;
		uint64_t bn = (uint64_t)b.sec * 1000000000 + b.nsec;
		if (!KEXPECT_LE(an, u) || !KEXPECT_LE(u, bn) || !KEXPECT_LT(a.nsec, 1000000000ul))
			return;
	}
	struct vclock_time c = vclock_read_coarse(v, VCLOCK_MONO);
	struct vclock_time f = vclock_read(v, VCLOCK_MONO);
	KEXPECT_TRUE(c.sec < f.sec || (c.sec == f.sec && c.nsec <= f.nsec));
}

KTEST(vdso, getcpu_mode_follows_the_cpu)
{
	uint32_t mode = clock_vvar()->getcpu_mode;
	if (cpu_has(CPU_FEATURE_RDPID)) {
		KEXPECT_EQ(mode, (uint32_t)VGETCPU_RDPID);
		KEXPECT_EQ(rdpid(), 0ul);		/* IA32_TSC_AUX: cpu 0, node 0 */
	} else if (cpu_has(CPU_FEATURE_RDTSCP)) {
		uint32_t aux = 1;
		KEXPECT_EQ(mode, (uint32_t)VGETCPU_RDTSCP);
		rdtscp(&aux);
		KEXPECT_EQ(aux, 0u);
	} else {
		KEXPECT_EQ(mode, (uint32_t)VGETCPU_SYSCALL);
	}
}
