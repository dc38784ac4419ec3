/*
 * crash KIND - do one forbidden thing from ring 3, so the tests can check
 * that the kernel ends only this program, with a one-line report and the
 * exit status a shell would show (128 + the signal: SIGILL 132, SIGTRAP 133,
 * SIGFPE 136, SIGSEGV 139), and then carries on.
 *
 * If the forbidden thing does NOT fault, the program says so and exits 1,
 * which the tests treat as a failure (except `sgdt` on a CPU without UMIP,
 * where reading the GDT register from ring 3 is allowed by the hardware).
 */
#include "lib/ulib.h"

#define KERNEL_ADDR 0xffffffff80100000UL

static volatile unsigned long sink;

/* Each case is one privileged or faulting instruction, written inline
 * here because it is the point of the program.  "memory" keeps the
 * compiler from moving loads and stores across them. */
static void do_cli(void) { __asm__ volatile("cli" ::: "memory"); }
static void do_hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
static void do_in(void)
{
	unsigned char v;
	__asm__ volatile("inb $0x60, %0" : "=a"(v));	/* PS/2 data port */
	sink = v;
}
static void do_out(void) { __asm__ volatile("outb %0, $0x80" : : "a"((unsigned char)0)); }
static void do_cr3(void) { __asm__ volatile("mov %0, %%cr3" : : "r"(0UL) : "memory"); }
static void do_sgdt(void)
{
	struct __attribute__((packed)) { unsigned short limit; unsigned long base; } gdtr;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	sink = gdtr.base;
}
static void do_ud(void) { __asm__ volatile("ud2"); }
/* A breakpoint, as a debugger plants it: #BP, which Linux turns into
 * SIGTRAP.  Its gate has DPL 3, so int3 is allowed from ring 3. */
static void do_int3(void) { __asm__ volatile("int3" ::: "memory"); }
/* #OF by hand: `into` is not encodable in 64-bit mode, but `int $4` is,
 * and the #OF gate has DPL 3 like Linux's, so this reaches the overflow
 * handler (SIGSEGV, as Linux's do_overflow) rather than a #GP. */
static void do_int4(void) { __asm__ volatile("int $4" ::: "memory"); }
static void do_de(void)
{
	/* div by a register holding 0: RDX:RAX / 0 raises #DE.  Written as
	 * asm because C's 1 / x lets the compiler emit a compare instead. */
	unsigned long q, r;
	__asm__ volatile("divq %2" : "=a"(q), "=d"(r) : "r"(0UL), "a"(1UL), "d"(0UL));
	sink = q + r;
}
static void do_null_write(void) { *(volatile int *)0 = 1; }
static void do_kernel_read(void) { sink = *(volatile unsigned long *)KERNEL_ADDR; }
static void do_kernel_write(void) { *(volatile unsigned long *)KERNEL_ADDR = 1; }
static void do_kernel_jump(void) { ((void (*)(void))KERNEL_ADDR)(); }

/* Recursion that only stops far beyond any stack size, with a frame the
 * optimiser cannot remove.  (The bound keeps the compiler's infinite
 * recursion check quiet; it is never reached.) */
static unsigned long recurse(unsigned long n)
{
	volatile char frame[256];
	frame[n % 256] = (char)n;
	if (n > (1UL << 40))
		return n;
	return recurse(n + 1) + frame[0];
}
static void do_stack(void) { sink = recurse(0); }

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "cli", do_cli }, { "hlt", do_hlt }, { "in", do_in }, { "out", do_out },
	{ "cr3", do_cr3 }, { "sgdt", do_sgdt }, { "ud", do_ud }, { "de", do_de },
	{ "int3", do_int3 }, { "int4", do_int4 },
	{ "null_write", do_null_write }, { "kernel_read", do_kernel_read },
	{ "kernel_write", do_kernel_write }, { "kernel_jump", do_kernel_jump },
	{ "stack", do_stack },
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		uprintf("usage: crash KIND   (kinds:");
		for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			uprintf(" %s", cases[i].name);
		uprintf(")\n");
		return 2;
	}
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strcmp(argv[1], cases[i].name) == 0) {
			uprintf("crash: doing %s\n", cases[i].name);
			cases[i].fn();
			uprintf("crash: %s did not fault\n", cases[i].name);
			return 1;
		}
	}
	uprintf("crash: unknown kind '%s'\n", argv[1]);
	return 2;
}
