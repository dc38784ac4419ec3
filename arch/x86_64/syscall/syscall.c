/*
 * Setting up SYSCALL/SYSRET and int 0x80, and the C side of both entries.
 */
#include "arch/x86_64/syscall/syscall.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/cpu/cpu_protect.h"
#include "arch/x86_64/cpu/gdt.h"
#include "arch/x86_64/insn/msr.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/insn/smap.h"
#include "arch/x86_64/entry/syscall_layout.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/printf.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

_Static_assert(ANVIL_USER_CS == GDT_USER_CS, "syscall_layout.h: user CS");
_Static_assert(ANVIL_USER_DS == GDT_USER_DS, "syscall_layout.h: user DS");

void syscall_entry(void);	/* syscall_entry.asm */
void int80_entry(void);		/* int80_entry.asm */

/* RFLAGS bits SYSCALL clears on entry (MSR_SFMASK):
 *   IF  no interrupt before the entry has switched to the kernel stack;
 *   DF  the C ABI expects string instructions to go upward;
 *   TF  a program single-stepping itself must not step through the kernel;
 *   AC  a program may set AC; left on, it would switch SMAP off in the kernel;
 *   NT  a stale nested-task flag would make a later iretq fault. */
#define SYSCALL_RFLAGS_MASK \
	(X86_RFLAGS_IF | X86_RFLAGS_DF | X86_RFLAGS_TF | X86_RFLAGS_AC | X86_RFLAGS_NT)

_Static_assert(ANVIL_SYS_COUNT == SYS_COUNT, "syscall_layout.h: the entry's bounds check");
_Static_assert((1UL << ANVIL_USER_ADDR_BITS) == USER_END,
	       "syscall_layout.h: the user half is what sysretq may return to");

/*
 * int $0x80 from a 64-bit program, as Linux does it (the i386 ABI): EAX is
 * a number from the 32-bit table (arch/x86/entry/syscalls/syscall_32.tbl),
 * the arguments are EBX, ECX, EDX, ESI, EDI, EBP, each zero-extended from
 * 32 bits, and the result goes back in EAX, sign-extended into RAX.
 * Only calls whose arguments mean the same in both ABIs are translated;
 * the rest (struct timespec, struct iovec: 32-bit fields there) would
 * need compat code anvil does not have, and get -ENOSYS.
 *
 * Indexed by the i386 number, holding the x86-64 number + 1 (so that the
 * zeroes of the untranslated entries mean "none", not read): one load.
 */
#define I386(nr32, nr64)	[nr32] = (nr64) + 1
static const uint16_t i386_to_x86_64[] = {
	I386(1, SYS_EXIT),		I386(3, SYS_READ),
	I386(4, SYS_WRITE),		I386(5, SYS_OPEN),
	I386(6, SYS_CLOSE),		I386(20, SYS_GETPID),
	I386(45, SYS_BRK),		I386(122, SYS_UNAME),
	I386(158, SYS_SCHED_YIELD),	I386(252, SYS_EXIT_GROUP),
	I386(355, SYS_GETRANDOM),
};
#undef I386

void int80_from_user(struct trap_frame *f)
{
	/* A program may have set RFLAGS.AC, which an interrupt gate keeps:
	 * clear it so SMAP protects this system call too. */
	if (cpu_protect_smap_enabled())
		clac();

	uint32_t nr32 = (uint32_t)f->rax;
	uint16_t nr = nr32 < sizeof(i386_to_x86_64) / sizeof(i386_to_x86_64[0]) ?
		      i386_to_x86_64[nr32] : 0;
	if (nr == 0) {
		syscall_log_unknown("int 0x80", nr32);
		f->rax = (uint64_t)-ENOSYS;
		return;
	}
	/* Interrupts on while the call runs, as on the SYSCALL path. */
	sti();
	long ret = syscall_dispatch(nr - 1U, (const uint64_t[SYSCALL_MAX_ARGS]){
		(uint32_t)f->rbx, (uint32_t)f->rcx, (uint32_t)f->rdx,
		(uint32_t)f->rsi, (uint32_t)f->rdi, (uint32_t)f->rbp });
	cli();
	f->rax = (uint64_t)(int64_t)(int32_t)ret;
	/* As every way back to ring 3; the test inline, as on the SYSCALL
	 * path, because nothing to do is the common case. */
	if (this_cpu_work())
		user_return_work(f);
}

uint64_t syscall_user_sp(const uint64_t *arg)
{
	return ((const struct syscall_frame *)arg)->rsp;
}

void syscall_arch_init(void)
{
	percpu_init();

	/* STAR[47:32]: SYSCALL loads CS from it and SS from it + 8 (kernel
	 * code, kernel data); STAR[63:48]: SYSRET to 64-bit mode loads CS
	 * from it + 16 and SS from it + 8, with RPL 3 (user code, user data).
	 * gdt.h lays out the GDT for exactly this and builds the value. */
	wrmsr(MSR_STAR, GDT_STAR_VALUE);
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, 0);	/* no 32-bit programs: compat SYSCALL is never used */
	wrmsr(MSR_SFMASK, SYSCALL_RFLAGS_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);

	/* Gate 0x80 gets its own stub, not the generic one: a system call
	 * needs no trap_dispatch() bookkeeping (int80_entry.asm). */
	idt_set_gate_entry(X86_INT80_VECTOR, int80_entry);
	idt_set_gate_dpl(X86_INT80_VECTOR, 3);
	kprintf("syscall: SYSCALL entry at %p, int 0x80 gate open to ring 3\n",
		(void *)syscall_entry);
}
