/*
 * The vDSO: its frames, its modes, and its place in every process
 * (kernel/vdso.h, docs/vdso.md).
 *
 * The image is built in user/vdso/ and included in the kernel's rodata
 * (arch/x86_64/vdso/vdso_image.asm).  At boot it is checked with the ELF
 * loader's rules and copied into frames of its own, which every process
 * maps read-only and executable, sharing them (one reference each, as
 * fork shares a read-only page); the kernel keeps one reference for
 * ever.  The vvar frame is the clock's own (kernel/timer.c), mapped
 * read-only one page below.
 *
 * Where: above the stack, or below mmap's base (vdso_place), as two
 * areas (so mmap and munmap know them).
 */
#include "kernel/vdso.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/vdso/vvar.h"
#include "kernel/addr.h"
#include "kernel/cmdline.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vma.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/process.h"
#include "kernel/string.h"
#include "kernel/timer.h"

extern const uint8_t vdso_image_start[], vdso_image_end[];

#define VDSO_MAX_PAGES	4

static uint64_t frames[VDSO_MAX_PAGES];
static uint64_t npages;

const uint8_t *vdso_image(size_t *len)
{
	*len = (size_t)(vdso_image_end - vdso_image_start);
	return vdso_image_start;
}

uint64_t vdso_pages(void)
{
	return npages;
}

/*
 * Whether the vDSO may read the TSC itself (vvar.clock_mode).  Linux
 * trusts the TSC as a clock source when it runs at a constant rate
 * (CPUID 0x80000007 EDX[8], "invariant TSC") or, without that bit, as
 * long as its watchdog does not catch it drifting; tsc=unstable on its
 * command line marks it unstable, and the vDSO then makes the system
 * call (arch/x86/kernel/tsc.c).  anvil has no second clock to watch it
 * with, so it decides once: the TSC is trusted when it is invariant, or
 * when a hypervisor provides it (CPUID.1:ECX[31]: QEMU's TCG does not
 * report the invariant bit, but counts from the host's clock; KVM's TSC
 * is the host's), and tsc=unstable says otherwise.  The kernel's own
 * clock_gettime reads the TSC in any case: it has no other clock fine
 * enough, so the vDSO in TSC mode is never worse than the system call.
 */
static bool tsc_trusted(void)
{
	const char *tsc = cmdline_get("tsc");
	if (tsc && strcmp(tsc, "unstable") == 0)
		return false;
	return cpu_has(CPU_FEATURE_INVARIANT_TSC) || cpu_has(CPU_FEATURE_HYPERVISOR);
}

/* getcpu's way (vvar.getcpu_mode), and IA32_TSC_AUX = node << 12 | cpu,
 * 0 on the one CPU, as Linux's setup_getcpu (arch/x86/kernel/cpu/common.c)
 * writes it for rdtscp and rdpid to read. */
static uint32_t getcpu_mode(void)
{
	bool rdpid_ok = cpu_has(CPU_FEATURE_RDPID), rdtscp_ok = cpu_has(CPU_FEATURE_RDTSCP);
	if (rdpid_ok || rdtscp_ok)
		wrmsr(MSR_TSC_AUX, 0);
	return rdpid_ok ? VGETCPU_RDPID : rdtscp_ok ? VGETCPU_RDTSCP : VGETCPU_SYSCALL;
}

void vdso_init(void)
{
	static struct elf_image img;
	char why[96];
	size_t len;
	const uint8_t *image = vdso_image(&len);
	if (!elf_check_vdso(image, len, &img, why, sizeof(why)))
		panic("vdso: image refused: %s", why);
	npages = page_round_up(len) / PAGE_SIZE;
	BUG_ON(npages > VDSO_MAX_PAGES);
	for (uint64_t i = 0; i < npages; i++) {
		frames[i] = pmm_alloc();
		BUG_ON(!frames[i]);
		uint8_t *page = phys_to_virt(frames[i]);
		size_t n = len - i * PAGE_SIZE < PAGE_SIZE ? len - i * PAGE_SIZE : PAGE_SIZE;
		memset(page, 0, PAGE_SIZE);
		memcpy(page, image + i * PAGE_SIZE, n);
	}
	realtime_ns();		/* CLOCK_REALTIME's base, from the CMOS clock, now */
	struct vvar *v = clock_vvar();
	uint64_t flags = irq_save();
	vvar_write_begin(v);
	v->clock_mode = tsc_trusted() ? VCLOCK_TSC : VCLOCK_NONE;
	for (unsigned b = 0; b < VCLOCK_BASES; b++)	/* the clock is the base's number */
		v->tsc_clock[b] = v->clock_mode == VCLOCK_TSC ? (int32_t)b : VCLOCK_NO_CLOCK;
	v->getcpu_mode = getcpu_mode();
	vvar_write_end(v);
	irq_restore(flags);
	static const char *const getcpu_names[] = { "system call", "rdtscp", "rdpid" };
	kprintf("vdso: %zu bytes, %lu page(s); clock: %s; getcpu: %s\n", len,
		(unsigned long)npages, v->clock_mode == VCLOCK_TSC ? "TSC" : "system call",
		getcpu_names[v->getcpu_mode]);
}

/* Map frame at va with flags, taking a reference for the address space. */
static int map_shared(struct addr_space *as, uint64_t va, uint64_t frame, unsigned flags)
{
	int err = vm_map(as, va, frame, flags);
	if (!err)
		pmm_ref(frame);
	return err;
}

/*
 * Where [vvar] and [vdso] go (their first page): as Linux's vdso_addr
 * (arch/x86/entry/vdso/vma.c), at a random page between the top of the
 * stack and the next 2 MiB boundary, so that they share the stack's page
 * tables (fork and exit then walk no more tables than before); when that
 * has no room -- norandmaps puts the stack right under USER_STACK_TOP --
 * just below the mmap base, where Linux's get_unmapped_area falls back
 * to and the first mmap would have gone.
 */
static uint64_t vdso_place(const struct user_mm *mm, uint64_t len, uint64_t r)
{
	const uint64_t pmd = 2UL << 20;
	uint64_t start = mm->stack_top, end = (start + len + pmd - 1) & ~(pmd - 1);
	if (end > USER_STACK_TOP)
		end = USER_STACK_TOP;
	if (end < start + len)
		return mm->mmap_base - len;
	uint64_t pages = (end - start - len) / PAGE_SIZE + 1;
	return start + (mm_randomize() ? r % pages : 0) * PAGE_SIZE;
}

int vdso_map(struct user_mm *mm, uint64_t random)
{
	uint64_t vvar = vdso_place(mm, (VVAR_PAGES + npages) * PAGE_SIZE, random);
	uint64_t base = vvar + VVAR_PAGES * PAGE_SIZE, end = base + npages * PAGE_SIZE;
	int err = map_shared(mm->as, vvar, clock_vvar_frame(), VM_USER | VM_NX);
	for (uint64_t i = 0; !err && i < npages; i++)
		err = map_shared(mm->as, base + i * PAGE_SIZE, frames[i], VM_USER);
	if (!err)
		err = vma_add(mm, vvar, base, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	if (!err)
		err = vma_add(mm, base, end, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
			      NULL, 0);
	if (err)
		return err;	/* what was mapped goes with the address space */
	mm->vdso_base = base;
	return 0;
}

void vdso_count(enum vdso_call c)
{
	struct process *p = process_current();
	if (p->pid)		/* not the kernel's own tasks */
		p->vdso_calls[c]++;
}
