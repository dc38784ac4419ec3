/*
 * fpu_preempt [WORD [ROUNDS]] - do my x87/SSE/AVX registers survive being
 * preempted?  Run two or three at once with different words: each fills
 * the registers with its own pattern, and a kernel that switched them
 * wrongly (or lazily leaked one's into another) shows up as a mismatch.
 *
 * From WORD (argv[1], default "fpu_preempt") comes a seed, and from the
 * seed: XMM0-15, the upper halves of YMM0-15 (when CPUID says AVX and
 * XCR0 enables it; xgetbv works in ring 3 once the kernel set
 * CR4.OSXSAVE), MXCSR (rounding mode and sticky flags; exceptions stay
 * masked), the x87 control word (precision and rounding) and eight x87
 * registers (pushed with fild).  Then it spins for ROUNDS rounds
 * (default SPINS) -- a fixed count, not a time: on QEMU's TCG 500,000
 * are a couple of seconds, many timer ticks -- reading all of it back each round, with a getpid
 * system call every SYSCALL_EVERY rounds so the kernel is entered both
 * ways (interrupts and system calls).  TAP: one line per kind of
 * register, ok only if every round matched.
 *
 * Built with -mgeneral-regs-only like every program here, so the compiler
 * never puts anything in these registers: the asm statements below need
 * not list them as clobbers, and nothing but the kernel can change them
 * between two checks.  It is also a static Linux program: run
 * build/user/fpu_preempt directly, two at once, to see Linux pass it.
 */
#include "lib/ulib.h"
#include "lib/fxsave.h"

#define SPINS		500000
#define SYSCALL_EVERY	64

/* XMMn from memory; YMMn's upper half from memory (vinsertf128 $1 keeps
 * the lower half); YMMn's upper half to memory.  Macros, because the
 * register number is part of the instruction. */
#define XMM_LOAD(n)	__asm__ volatile("movdqu %0, %%xmm" #n : : "m"(want_xmm[n]));
#define YMM_HI_LOAD(n)	__asm__ volatile("vinsertf128 $1, %0, %%ymm" #n ", %%ymm" #n \
					 : : "m"(want_hi[n]));
#define YMM_HI_STORE(n)	__asm__ volatile("vextractf128 $1, %%ymm" #n ", %0" : "=m"(got_hi[n]));

#define EACH_REG(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
		    X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)

static struct vec want_xmm[16], want_hi[16], got_hi[16];
static long want_st[8];
static unsigned short want_fcw;
static unsigned want_mxcsr;
static struct fxsave_area first, now;

/* AVX usable: CPUID.1:ECX.AVX[28] and OSXSAVE[27], and XCR0 enabling SSE
 * and AVX state (bits 1, 2), read with xgetbv.  Intel SDM Vol. 1 §14.3. */
static int avx_usable(void)
{
	unsigned a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (!(c & (1u << 28)) || !(c & (1u << 27)))
		return 0;
	unsigned lo32, hi32;
	__asm__ volatile("xgetbv" : "=a"(lo32), "=d"(hi32) : "c"(0));
	return (lo32 & 6) == 6;
}

/* FNV-1a, then xorshift64 to spread it: any word gives a seed. */
static unsigned long seed_of(const char *w)
{
	unsigned long h = 0xcbf29ce484222325UL;
	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * 0x100000001b3UL;
	return h ? h : 1;
}

static unsigned long next(unsigned long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void make_pattern(unsigned long seed, int avx)
{
	unsigned long x = seed;
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++) {
			want_xmm[r].b[i] = (unsigned char)next(&x);
			want_hi[r].b[i] = avx ? (unsigned char)next(&x) : 0;
		}
	for (int r = 0; r < 8; r++)
		want_st[r] = (long)(next(&x) >> 12);	/* exact in 64-bit precision */
	/* Bits 0-5 masked, bit 6 reads as 1; precision 2 (53-bit) or 3
	 * (64-bit), any rounding: 0x37f only by chance, so avoid it. */
	want_fcw = 0x7f | (unsigned short)((2 + (x & 1)) << 8) | (unsigned short)(((x >> 1) & 3) << 10);
	if (want_fcw == 0x37f)
		want_fcw = 0xf7f;
	/* Exceptions masked (0x1f80), a rounding mode (bits 13-14), some
	 * sticky flags (bits 0-5), and FTZ (bit 15) half the time. */
	want_mxcsr = 0x1f80 | (unsigned)(((x >> 3) & 3) << 13) | (unsigned)((x >> 5) & 0x3f) |
		     (unsigned)(((x >> 11) & 1) << 15);
	if (want_mxcsr == 0x1f80)
		want_mxcsr |= 1;
}

static void load_pattern(int avx)
{
	EACH_REG(XMM_LOAD)
	if (avx) {
		EACH_REG(YMM_HI_LOAD)
	}
	__asm__ volatile("ldmxcsr %0" : : "m"(want_mxcsr));
	/* fninit: an empty stack; fldcw: the pattern's control word; then
	 * eight pushes, st(7) = want_st[0] ... st(0) = want_st[7]. */
	__asm__ volatile("fninit\n\tfldcw %0" : : "m"(want_fcw));
	for (int r = 0; r < 8; r++)
		__asm__ volatile("fildq %0" : : "m"(want_st[r]));
}

struct bad {
	long xmm, hi, mxcsr, x87ctl, x87regs;
};

/* One round's check against the pattern (XMM, YMM upper halves, MXCSR,
 * FCW) and against the first snapshot (the x87 stack: status, tags and
 * registers as the CPU converted them). */
static void check(int avx, struct bad *bad)
{
	fxsave(&now);
	if (avx) {
		EACH_REG(YMM_HI_STORE)
	}
	bad->xmm += memcmp(now.xmm, want_xmm, sizeof(want_xmm)) != 0;
	bad->hi += avx && memcmp(got_hi, want_hi, sizeof(want_hi)) != 0;
	bad->mxcsr += now.mxcsr != want_mxcsr;
	bad->x87ctl += now.fcw != want_fcw;
	int regs = now.fsw != first.fsw || now.ftw != first.ftw;
	for (int r = 0; r < 8; r++)
		regs |= memcmp(now.st[r].b, first.st[r].b, 10) != 0;
	bad->x87regs += regs;
}

int main(int argc, char **argv)
{
	const char *word = argc > 1 ? argv[1] : "fpu_preempt";
	long rounds = argc > 2 ? parse_ulong(argv[2]) : SPINS;
	int avx = avx_usable();
	unsigned long seed = seed_of(word);
	make_pattern(seed, avx);

	tap_plan(6);
	uprintf("# fpu_preempt '%s': seed 0x%lx, AVX %s, %ld rounds\n", word, seed,
		avx ? "yes" : "no", rounds);
	load_pattern(avx);
	fxsave(&first);
	ok(first.ftw == 0xff && ((first.fsw >> 11) & 7) == 0, "eight x87 registers pushed");

	struct bad bad = { 0 };
	for (long i = 0; i < rounds; i++) {
		check(avx, &bad);
		if (i % SYSCALL_EVERY == 0)
			getpid();
	}
	if (bad.xmm || bad.hi || bad.mxcsr || bad.x87ctl || bad.x87regs)
		uprintf("# bad rounds: xmm %ld ymm-upper %ld mxcsr %ld fcw %ld x87-regs %ld\n",
			bad.xmm, bad.hi, bad.mxcsr, bad.x87ctl, bad.x87regs);
	ok(bad.xmm == 0, "XMM0-15 kept their values");
	if (avx)
		ok(bad.hi == 0, "upper halves of YMM0-15 kept their values");
	else
		tap_skip("upper halves of YMM0-15 kept their values", "no AVX");
	ok(bad.mxcsr == 0, "MXCSR kept its value");
	ok(bad.x87ctl == 0, "x87 control word kept its value");
	ok(bad.x87regs == 0, "x87 registers, status and tags kept their values");
	return tap_done();
}
