/*
 * fpu_state set|check - does a program inherit the x87/SSE/AVX state of
 * the one before it?  Run as `run=/bin/fpu_state:set,/bin/fpu_state:check`.
 *
 * set:   fills XMM0-15 (and, with AVX, the upper halves of YMM0-15) with a
 *        pattern, loads MXCSR = 0 (every SIMD exception unmasked) and the
 *        x87 control word 0x340 (every x87 exception unmasked), and leaves
 *        an x87 divide-by-zero pending; reads it all back and exits 0 only
 *        if the state really is that dirty.
 * check: reads the same registers before anything else can touch them and
 *        exits 0 only if they hold the architectural initial state (what
 *        Linux gives every new program: FCW 0x37f, FSW 0, all x87 tags
 *        empty, MXCSR 0x1f80, vector registers zero).  Last it runs an
 *        fwait, which a pending x87 exception turns into #MF (SIGFPE, 136).
 *
 * The programs are built with -mgeneral-regs-only, so the compiler never
 * keeps anything in the x87 or vector registers: the asm statements below
 * need not list them as clobbers, and nothing between them and the kernel
 * changes them.
 */
#include "lib/ulib.h"
#include "lib/fxsave.h"

#define FCW_INIT	0x37f	/* fninit: all x87 exceptions masked */
#define FCW_UNMASKED	0x340	/* the same precision, no exception masked */
#define FSW_ZE		(1 << 2)	/* zero-divide happened */
#define FSW_ES		(1 << 7)	/* an unmasked x87 exception is pending */
#define MXCSR_INIT	0x1f80

/* Load XMMn; fill the upper half of YMMn with XMMn (vinsertf128 $1);
 * store that upper half.  Macros, because the register number must be
 * spelled in the instruction. */
#define XMM_LOAD(n, v)	__asm__ volatile("movdqu %0, %%xmm" #n : : "m"(v));
#define YMM_HI_FILL(n)	__asm__ volatile("vinsertf128 $1, %xmm" #n ", %ymm" #n ", %ymm" #n);
#define YMM_HI_STORE(n)	__asm__ volatile("vextractf128 $1, %%ymm" #n ", %0" : "=m"(hi[n]));

#define EACH_REG(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
		    X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)

static struct fxsave_area legacy;
static struct vec hi[16];	/* upper halves of YMM0-15 */

/* Everything this program looks at, into legacy and hi. */
static void store_all(int avx)
{
	fxsave(&legacy);
	if (avx) {
		EACH_REG(YMM_HI_STORE)
	}
}

/* AVX usable: CPUID.1:ECX.AVX[28] and OSXSAVE[27], and XCR0 enabling SSE
 * and AVX state (bits 1, 2), read with xgetbv (legal in ring 3 once the
 * kernel set CR4.OSXSAVE).  Intel SDM Vol. 1 §14.3. */
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

static int set(int avx)
{
	static struct vec pat[16];
	for (int r = 0; r < 16; r++)
		for (int i = 0; i < 16; i++)
			pat[r].b[i] = (unsigned char)(0x11 * (r + 1) + i);
#define L(n) XMM_LOAD(n, pat[n])
	EACH_REG(L)
#undef L
	if (avx) {
		EACH_REG(YMM_HI_FILL)
	}

	unsigned zero = 0;
	__asm__ volatile("ldmxcsr %0" : : "m"(zero));
	unsigned short fcw = FCW_UNMASKED;
	/* Unmask, push 0 and 1, and divide st(0) = 1 by st(1) = 0: ZE is
	 * unmasked, so FSW.ES is set and #MF waits for the next x87
	 * instruction that checks -- which this program never runs. */
	__asm__ volatile("fldcw %0\n\tfldz\n\tfld1\n\tfdiv %%st(1), %%st" : : "m"(fcw));

	store_all(avx);
	int bad = memcmp(legacy.xmm, pat, sizeof(pat)) != 0 ||
		  (avx && memcmp(hi, pat, sizeof(pat)) != 0);
	uprintf("fpu_state: set: fcw 0x%x fsw 0x%x mxcsr 0x%x, vectors %s (AVX %s)\n",
		legacy.fcw, legacy.fsw, legacy.mxcsr, bad ? "NOT set" : "set", avx ? "yes" : "no");
	if (bad || legacy.fcw != FCW_UNMASKED || !(legacy.fsw & FSW_ES) ||
	    !(legacy.fsw & FSW_ZE) || legacy.mxcsr != 0)
		return 1;
	return 0;
}

static int nonzero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 1;
	return 0;
}

static int check(int avx)
{
	store_all(avx);	/* first, before anything could change them */

	int bad = 0;
	if (legacy.fcw != FCW_INIT || legacy.fsw != 0 || legacy.ftw != 0) {
		uprintf("fpu_state: x87 fcw 0x%x fsw 0x%x tags 0x%x, want 0x%x 0 0\n", legacy.fcw,
			legacy.fsw, legacy.ftw, FCW_INIT);
		bad = 1;
	}
	if (nonzero(legacy.st, sizeof(legacy.st))) {
		uprintf("fpu_state: x87/MMX registers not zero\n");
		bad = 1;
	}
	if (legacy.mxcsr != MXCSR_INIT) {
		uprintf("fpu_state: mxcsr 0x%x, want 0x%x\n", legacy.mxcsr, MXCSR_INIT);
		bad = 1;
	}
	if (nonzero(legacy.xmm, sizeof(legacy.xmm))) {
		uprintf("fpu_state: XMM registers not zero (xmm0 byte 0 0x%x)\n", legacy.xmm[0].b[0]);
		bad = 1;
	}
	if (avx && nonzero(hi, sizeof(hi))) {
		uprintf("fpu_state: upper YMM halves not zero (ymm0 byte 16 0x%x)\n", hi[0].b[0]);
		bad = 1;
	}
	uprintf("fpu_state: check: %s (AVX %s)\n", bad ? "inherited state" : "initial state",
		avx ? "yes" : "no");
	__asm__ volatile("fwait");	/* #MF here if an x87 exception is pending */
	return bad;
}

int main(int argc, char **argv)
{
	int avx = avx_usable();
	if (argc == 2 && strcmp(argv[1], "set") == 0)
		return set(avx);
	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return check(avx);
	uprintf("usage: fpu_state set|check\n");
	return 2;
}
