/*
 * t_entry - edge cases of the two ways into the kernel, SYSCALL and
 * int $0x80, in the spirit of Linux's tools/testing/selftests/x86
 * (sysret_rip, single_step_syscall, syscall_nt, syscall_arg_fault).
 *
 *	t_entry          TAP: the cases that must give the right result
 *	t_entry CASE     one case that must end with the program killed
 *
 * Every case ends with a correct result or a clean kill of this program,
 * never a kernel fault.  The cases that end in a kill:
 *
 *   sysret_rip    write() by a SYSCALL in the last two bytes of the user
 *                 half, so RCX (the return address) is 0x800000000000,
 *                 the first non-canonical address.  SYSRET to it would
 *                 fault in ring 0 on the program's stack (CVE-2012-0217)
 *                 on Intel CPUs: the kernel returns by iretq instead,
 *                 whose #GP comes first and whose fix-up kills the
 *                 program with SIGSEGV (on AMD and QEMU the iretq works
 *                 and the fetch faults in ring 3: SIGSEGV too).  The
 *                 write happens.
 *   step_syscall  SYSCALL with TF set.  SFMASK clears TF, so the kernel is
 *                 not single-stepped; SYSRET gives TF back and the CPU
 *                 traps after it, in ring 3: SIGTRAP (133), as Linux
 *                 kills a program that single-steps without a handler.
 *   step_int80    the same through int $0x80: the gate clears TF, iretq
 *                 gives it back.
 *
 * t_entry_int80 is sysret_rip through int $0x80 (a program of its own: the
 * top page can end with only one instruction).
 *
 * The code that needs exact registers is written in assembly below: C
 * cannot set RFLAGS bits or RSP around one instruction.
 */
#include "lib/ulib.h"

#define X86_RFLAGS_TF	(1UL << 8)	/* trap: single-step */
#define X86_RFLAGS_DF	(1UL << 10)	/* direction: string instructions go down */
#define X86_RFLAGS_NT	(1UL << 14)	/* nested task */
#define X86_RFLAGS_AC	(1UL << 18)	/* alignment check; SMAP's switch in ring 0 */

#define KERNEL_ADDR	0xffffffff80100000UL
#define NONCANONICAL	0x0000800000000000UL
#define DIRTY		0xdead000000000000UL	/* junk for the upper 32 bits */
#define SYS32_uname	122

/* The system call nr(a1) with the RFLAGS bits `set` turned on just before
 * it; *after = RFLAGS just after it; then the bits are turned off again. */
long flags_syscall(long nr, long a1, unsigned long set, unsigned long *after);
long flags_int80(long nr, long a1, unsigned long set, unsigned long *after);
/* The system call nr (no arguments) with RSP = bad_rsp around it. */
long rsp_syscall(long nr, unsigned long bad_rsp);
long rsp_int80(long nr, unsigned long bad_rsp);
/* Jump to the SYSCALL in the last two bytes of the user half with the
 * system call's registers set (RAX nr, RDI, RSI, RDX). */
__attribute__((noreturn)) void to_top_syscall(long nr, long a1, long a2, long a3);

__asm__(
	".text\n"
	"flags_syscall:\n"
	"	mov %rcx, %r8\n"		/* after: RCX is SYSCALL's */
	"	mov %rdx, %r9\n"		/* the bits (the kernel keeps R8, R9) */
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	pushfq\n"
	"	or %r9, (%rsp)\n"
	"	popfq\n"			/* the bits are on from here... */
	"	syscall\n"
	"	pushfq\n"
	"	pop (%r8)\n"
	"	not %r9\n"
	"	pushfq\n"
	"	and %r9, (%rsp)\n"
	"	popfq\n"			/* ...to here */
	"	ret\n"

	"flags_int80:\n"
	"	push %rbx\n"
	"	mov %rcx, %r8\n"
	"	mov %rdx, %r9\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rbx\n"		/* i386 ABI: argument 1 in EBX */
	"	pushfq\n"
	"	or %r9, (%rsp)\n"
	"	popfq\n"
	"	int $0x80\n"
	"	pushfq\n"
	"	pop (%r8)\n"
	"	not %r9\n"
	"	pushfq\n"
	"	and %r9, (%rsp)\n"
	"	popfq\n"
	"	pop %rbx\n"
	"	ret\n"

	"rsp_syscall:\n"
	"	push %rbx\n"
	"	mov %rsp, %rbx\n"		/* the real stack, in a kept register */
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rsp\n"		/* the stack pointer is junk from here... */
	"	syscall\n"
	"	mov %rbx, %rsp\n"		/* ...to here */
	"	pop %rbx\n"
	"	ret\n"

	"rsp_int80:\n"
	"	push %rbx\n"
	"	mov %rsp, %rbx\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rsp\n"
	"	int $0x80\n"
	"	mov %rbx, %rsp\n"
	"	pop %rbx\n"
	"	ret\n"

	"to_top_syscall:\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	mov %rcx, %rdx\n"
	"	movabs $top_syscall, %rcx\n"	/* above 4 GiB: no 32-bit address */
	"	jmp *%rcx\n"

	/* The top page (user/user_top.ld): int3 everywhere, so nothing but
	 * the last instruction can run, and SYSCALL in the last two bytes. */
	".pushsection .user_top, \"ax\", @progbits\n"
	"	.fill 4094, 1, 0xcc\n"
	"top_syscall:\n"
	"	syscall\n"
	".popsection\n");

static const char top_msg[] = "t_entry: write from the top of the user half\n";

static int killed_case(const char *name)
{
	unsigned long after;
	if (strcmp(name, "sysret_rip") == 0)
		to_top_syscall(SYS_write, 1, (long)top_msg, sizeof(top_msg) - 1);
	else if (strcmp(name, "step_syscall") == 0)
		flags_syscall(SYS_getpid, 0, X86_RFLAGS_TF, &after);
	else if (strcmp(name, "step_int80") == 0)
		flags_int80(SYS32_getpid, 0, X86_RFLAGS_TF, &after);
	else {
		uprintf("t_entry: no case %s\n", name);
		return 2;
	}
	uprintf("t_entry: %s was not killed\n", name);
	return 1;
}

/* Static, not on the stack: int $0x80 passes only the low 32 bits of a
 * pointer, and the stack lies above 4 GiB. */
static struct utsname want, got;

/* uname by SYSCALL or int $0x80 with the RFLAGS bit `bit` set: is the
 * answer right (390 bytes copied out: with DF left set in the kernel, its
 * copy would run backwards), and is the bit set again afterwards? */
static int uname_right(int int80, unsigned long bit, int *bit_back)
{
	unsigned long after = 0;
	memset(&got, 0, sizeof(got));
	long r = int80 ? flags_int80(SYS32_uname, (long)&got, bit, &after)
		       : flags_syscall(SYS_uname, (long)&got, bit, &after);
	*bit_back = (after & bit) != 0;
	return r == 0 && memcmp(&got, &want, sizeof(got)) == 0;
}

static void test_flags(void)
{
	int back;
	syscall1(SYS_uname, (long)&want);

	ok(uname_right(0, X86_RFLAGS_AC, &back), "SYSCALL with AC set: uname right");
	ok(back, "SYSCALL with AC set: AC set again after SYSRET");
	ok(uname_right(0, X86_RFLAGS_DF, &back), "SYSCALL with DF set: uname right");
	ok(back, "SYSCALL with DF set: DF set again after SYSRET");
	ok(uname_right(0, X86_RFLAGS_NT, &back), "SYSCALL with NT set: uname right");
	ok(back, "SYSCALL with NT set: NT set again after SYSRET");
	ok(uname_right(1, X86_RFLAGS_AC, &back), "int $0x80 with AC set: uname right");
	ok(back, "int $0x80 with AC set: AC set again after iretq");
	ok(uname_right(1, X86_RFLAGS_DF, &back), "int $0x80 with DF set: uname right");
	ok(back, "int $0x80 with DF set: DF set again after iretq");
	ok(uname_right(1, X86_RFLAGS_NT, &back), "int $0x80 with NT set: uname right");
	ok(back, "int $0x80 with NT set: NT set again after iretq");
}

/* The kernel never uses the program's RSP: a system call works whatever
 * it holds, and the program puts its stack back from a register. */
static void test_rsp(void)
{
	long pid = syscall0(SYS_getpid);
	ok(rsp_syscall(SYS_getpid, 0) == pid, "SYSCALL with RSP = 0: getpid right");
	ok(rsp_syscall(SYS_getpid, KERNEL_ADDR) == pid, "SYSCALL with RSP = a kernel address: getpid right");
	ok(rsp_syscall(SYS_getpid, NONCANONICAL) == pid, "SYSCALL with RSP non-canonical: getpid right");
	ok(rsp_int80(SYS32_getpid, 0) == pid, "int $0x80 with RSP = 0: getpid right");
	ok(rsp_int80(SYS32_getpid, KERNEL_ADDR) == pid, "int $0x80 with RSP = a kernel address: getpid right");
	ok(rsp_int80(SYS32_getpid, NONCANONICAL) == pid, "int $0x80 with RSP non-canonical: getpid right");
}

/*
 * anvil's rule for registers wider than the argument (docs/robustness.md):
 *   int $0x80   the i386 ABI: number and arguments are the low 32 bits
 *               of RAX, RBX, RCX, RDX, RSI, RDI, RBP; the result is
 *               sign-extended from 32 bits into RAX.
 *   SYSCALL     an argument declared int (a file descriptor, a clock id)
 *               is the low 32 bits, as Linux's SYSCALL_DEFINE casts do; a
 *               size or an address is all 64; the number is all 64 bits
 *               of RAX, so junk above bit 31 is an unknown call, -ENOSYS.
 */
static void test_dirty_upper(void)
{
	static const char msg[] = "t_entry: dirty upper halves\n";
	long n = sizeof(msg) - 1;
	long pid = syscall0(SYS_getpid);

	ok(int80_syscall0((long)(DIRTY | SYS32_getpid)) == pid,
	   "int $0x80 getpid with junk in RAX's upper half is getpid");
	ok(int80_syscall3(SYS32_write, (long)(0xffffffff00000000UL | 1), (long)msg, n) == n,
	   "int $0x80 write with fd 0xffffffff00000001 writes to fd 1");
	ok(int80_syscall3(SYS32_write, 1, (long)(DIRTY | (unsigned long)msg), (long)(DIRTY | n)) == n,
	   "int $0x80 write with junk above buffer and length uses their low halves");
	ok(int80_syscall3(SYS32_write, 77, (long)msg, n) == -EBADF,
	   "int $0x80 error comes back sign-extended to 64 bits");
	ok(syscall3(SYS_write, (long)(0xffffffff00000000UL | 1), (long)msg, n) == n,
	   "SYSCALL write with fd 0xffffffff00000001 writes to fd 1 (an int: low 32 bits)");
	ok(syscall3(SYS_write, 1, (long)msg, (long)(0xffffffff00000000UL | (unsigned long)n)) == -EFAULT,
	   "SYSCALL write with junk above the length is -EFAULT (a size: all 64 bits)");
	ok(syscall0((long)(DIRTY | SYS_getpid)) == -ENOSYS,
	   "SYSCALL with junk in RAX's upper half is -ENOSYS (the number is 64 bits)");
}

/* This program's code ends at the top of the user half, so its heap would
 * start past it: brk must not grow it there (nor ever into the stack). */
static void test_heap_at_the_top(void)
{
	long start = syscall1(SYS_brk, 0);
	ok(syscall1(SYS_brk, start + 4096) == start,
	   "brk cannot grow a heap that starts past the stack");
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return killed_case(argv[1]);
	tap_start();
	test_flags();
	test_rsp();
	test_dirty_upper();
	test_heap_at_the_top();
	return tap_done();
}
