/*
 * t_entry_int80 - t_entry's sysret_rip case through int $0x80: a write()
 * by the `int $0x80` in the last two bytes of the user half, so the
 * address to return to is 0x800000000000, the first non-canonical one.
 * On Intel CPUs iretq to it raises #GP in ring 0, after the stub has
 * already switched GS back to the program's: the stub's fix-up
 * (int80_entry.asm) must end the program with SIGSEGV; on AMD CPUs and
 * QEMU the iretq succeeds and the fetch faults in ring 3, SIGSEGV too.
 * The write happens.  A program of its own: the top page (user/user_top.ld) can end
 * with only one instruction, and t_entry's ends with SYSCALL.
 */
#include "lib/ulib.h"

/* Jump to the int $0x80 at the top with EAX = nr, EBX, ECX, EDX set. */
__attribute__((noreturn)) void to_top_int80(long nr, long a1, long a2, long a3);

__asm__(
	".text\n"
	"to_top_int80:\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rbx\n"
	"	xchg %rcx, %rdx\n"		/* ECX = a2, EDX = a3 */
	"	movabs $top_int80, %r8\n"	/* above 4 GiB: no 32-bit address */
	"	jmp *%r8\n"

	/* int3 everywhere but the last two bytes: `int $0x80`. */
	".pushsection .user_top, \"ax\", @progbits\n"
	"	.fill 4094, 1, 0xcc\n"
	"top_int80:\n"
	"	int $0x80\n"
	".popsection\n");

static const char msg[] = "t_entry_int80: write from the top of the user half\n";

int main(void)
{
	to_top_int80(SYS32_write, 1, (long)msg, sizeof(msg) - 1);
}
