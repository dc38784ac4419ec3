/*
 * x87/SSE/AVX state: XCR0 (xgetbv/xsetbv), saving and loading the legacy
 * state with fxsave/fxrstor, and saving and loading every enabled
 * component with xsave/xsaveopt/xsavec and xrstor (Intel SDM Vol. 1 §10.5
 * "FXSAVE and FXRSTOR", §13 "Managing State Using the XSAVE Feature Set";
 * Vol. 3A §13.1, §13.3).
 */
#ifndef ANVIL_ARCH_FPU_H
#define ANVIL_ARCH_FPU_H

#include <stdint.h>

/* XCR0: which state components the OS manages with xsave (and so which
 * instructions may run: AVX needs both SSE and AVX bits). SDM Vol. 1
 * §13.3. */
#define XCR_XFEATURE_ENABLED_MASK 0	/* XCR0's index for xgetbv/xsetbv */
#define XCR0_X87_BIT		0	/* x87 state (must always be 1) */
#define XCR0_X87		(1UL << XCR0_X87_BIT)
#define XCR0_SSE_BIT		1	/* XMM registers and MXCSR */
#define XCR0_SSE		(1UL << XCR0_SSE_BIT)
#define XCR0_AVX_BIT		2	/* upper halves of YMM registers */
#define XCR0_AVX		(1UL << XCR0_AVX_BIT)

/* MXCSR after reset: all SIMD exceptions masked, round to nearest. */
#define MXCSR_DEFAULT		0x1f80
/* The x87 control word after fninit: all x87 exceptions masked, 64-bit
 * precision, round to nearest (SDM Vol. 1 §8.1.5). */
#define FCW_DEFAULT		0x37f

/* CPUID leaf 0xD ("Processor Extended State Enumeration", SDM Vol. 1
 * §13.2).  Subleaf 0: EBX is the size of a standard-format XSAVE area for
 * the components XCR0 enables now.  Subleaf 1: EAX bit 0 XSAVEOPT, bit 1
 * XSAVEC (cpufeatures.c reads those); EBX the size of a compacted-format
 * area for XCR0 | IA32_XSS. */
#define CPUID_LEAF_XSTATE	0xd

/* XCOMP_BV bit 63: the area's extended region is in the compacted format
 * (SDM Vol. 1 §13.4.3); bits 62:0 then say which components it holds. */
#define XCOMP_BV_COMPACTED	(1UL << 63)

/* Read extended control register XCR[index] (ECX) into EDX:EAX.  Needs
 * CR4.OSXSAVE (#UD otherwise).  volatile: xsetbv changes it. */
static inline uint64_t xgetbv(uint32_t index)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(index));
	return ((uint64_t)hi << 32) | lo;
}

/* Write XCR[index].  Ring 0 only; #GP on an invalid combination (e.g.
 * AVX without SSE).  "memory": like a CR write it changes which
 * instructions may run from here on. */
static inline void xsetbv(uint32_t index, uint64_t value)
{
	__asm__ volatile("xsetbv"
			 :
			 : "c"(index), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

/* Reset the x87 unit to its power-on state (SDM Vol. 2A "FINIT/FNINIT"):
 * empty register stack, all x87 exceptions masked.  The no-wait form, so
 * a pending x87 exception left by firmware is not raised here. */
static inline void fninit(void)
{
	__asm__ volatile("fninit");
}

/* Load MXCSR, the SSE control/status register, from memory ("m": ldmxcsr
 * only takes a memory operand).  #GP if reserved bits are set. */
static inline void ldmxcsr(uint32_t mxcsr)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

/* Store MXCSR ("=m": stmxcsr only writes memory). */
static inline uint32_t stmxcsr(void)
{
	uint32_t mxcsr;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	return mxcsr;
}

/* The x87 status and control words (SDM Vol. 1 §8.1.3, §8.1.5), for a
 * #MF's cause.  The no-wait forms: fstsw would first raise the pending
 * x87 exception that is being reported.  fnstsw can store to AX or
 * memory, fnstcw only to memory ("=m"). */
static inline uint16_t fnstsw(void)
{
	uint16_t sw;
	__asm__ volatile("fnstsw %0" : "=m"(sw));
	return sw;
}

static inline uint16_t fnstcw(void)
{
	uint16_t cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

/* The 512-byte fxsave image (SDM Vol. 1 Table 10-2); must be 16-byte
 * aligned or fxsave raises #GP. */
struct fxsave_area {
	uint16_t fcw, fsw;
	uint8_t ftw, reserved0;
	uint16_t fop;
	uint64_t fip, fdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16];	/* x87/MMX registers */
	uint8_t xmm[16][16];	/* XMM0-15 */
	uint8_t reserved1[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct fxsave_area) == 512, "fxsave writes 512 bytes");

/* Save x87, MMX, XMM and MXCSR into *area.  "=m"(*area): the whole struct
 * is written, and the compiler now knows it.  fxsaveq: the 64-bit form,
 * which stores 64-bit FPU instruction and data pointers. */
static inline void fxsave(struct fxsave_area *area)
{
	__asm__ volatile("fxsaveq %0" : "=m"(*area));
}

/* Load them back.  "m"(*area): the whole struct is read.  Needs
 * CR4.OSFXSR for the XMM part; #GP if reserved MXCSR bits are set. */
static inline void fxrstor(const struct fxsave_area *area)
{
	__asm__ volatile("fxrstorq %0" : : "m"(*area));
}

/* The XSAVE header, right after the legacy area (SDM Vol. 1 §13.4.2):
 * XSTATE_BV says which components the area holds -- a 0 bit means "in
 * its initial state" -- and XCOMP_BV selects the format: 0 the standard
 * one (xsave, xsaveopt), bit 63 set the compacted one (xsavec).  The
 * reserved bytes must be 0, or xrstor #GPs. */
struct xsave_header {
	uint64_t xstate_bv;
	uint64_t xcomp_bv;
	uint64_t reserved[6];
};

/* An XSAVE area: legacy region, header, then the extended components
 * (AVX's upper YMM halves at the offset CPUID leaf 0xD gives) up to the
 * size leaf 0xD reports.  Must be 64-byte aligned or xrstor #GPs. */
struct xsave_area {
	struct fxsave_area legacy;
	struct xsave_header header;
} __attribute__((aligned(64)));

_Static_assert(sizeof(struct xsave_area) == 576, "legacy region + 64-byte header");

/* Load the state components in RFBM = rfbm & XCR0 from *area (SDM Vol. 1
 * §13.8 "Operation of XRSTOR").  The header's XCOMP_BV picks the form:
 * bit 63 clear, the standard form (§13.8.1), set, the compacted form
 * (§13.8.2), which reads the extended region at compacted offsets.
 * Either way a component whose XSTATE_BV bit is 1 comes from the area,
 * one whose bit is 0 is set to its initial state (x87: FCW 0x37f, FSW 0,
 * tags empty, registers 0; XMM and upper YMM halves 0).  MXCSR: the
 * standard form loads it from the legacy region whenever RFBM has SSE or
 * AVX, whatever XSTATE_BV says; the compacted form only when XSTATE_BV
 * has SSE, and sets 0x1f80 otherwise.  RFBM goes in EDX:EAX ("a", "d").
 * "m"(*area): the legacy region and header are read; "memory": so are
 * the extended components past them (the AVX upper halves at the offset
 * CPUID leaf 0xD gives), which the struct does not cover, so stores to
 * them must be done before this runs.  xrstor64: the form with 64-bit x87
 * pointers, as fxrstorq.  #UD without CR4.OSXSAVE; #GP if the area is not
 * 64-byte aligned, if a header bit is set that XCR0 does not allow, if a
 * reserved header byte is not 0, or if it would load a reserved MXCSR
 * bit. */
static inline void xrstor(const struct xsave_area *area, uint64_t rfbm)
{
	__asm__ volatile("xrstor64 %0"
			 :
			 : "m"(*area), "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32))
			 : "memory");
}

/*
 * The three saving instructions.  Each stores the components in RFBM =
 * rfbm & XCR0 (the requested-feature bitmap; rfbm goes in EDX:EAX, "a"
 * and "d", high half in EDX) into *area and sets their XSTATE_BV bits
 * (SDM Vol. 1 §13.7, §13.9, §13.10).  Common to all three:
 *  - "+m"(*area): the instruction reads the header too (XSTATE_BV's bits
 *    outside RFBM are kept), and it does not write every byte (bytes
 *    464-511 of the legacy region never, components it skips not at all),
 *    so for the compiler the old contents live on: "=m" would let it drop
 *    stores made before the call as dead;
 *  - "memory": the extended components past struct xsave_area (up to the
 *    size CPUID leaf 0xD gives) are written as well;
 *  - #UD without CR4.OSXSAVE, #NM with CR0.TS set, #GP if area is not
 *    64-byte aligned (unlike fxsave's 16);
 *  - the "64" forms store 64-bit x87 instruction and data pointers, as
 *    fxsaveq; xrstor64 reads that layout back.
 * They save, they do not change the registers.
 */

/* xsave (§13.7): the standard format; every component in RFBM is written
 * (XSTATE_BV[i] = XINUSE[i], so one in its initial state may still be
 * written as a 1), MXCSR whenever RFBM has SSE or AVX.  Leaves XCOMP_BV
 * alone: the area must hold 0 there for xrstor to read it back as
 * standard. */
static inline void xsave(struct xsave_area *area, uint64_t rfbm)
{
	__asm__ volatile("xsave64 %0"
			 : "+m"(*area)
			 : "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32))
			 : "memory");
}

/* xsaveopt (§13.9): the standard format, as xsave, with two shortcuts
 * (§13.6).  The init optimization: a component in its initial state
 * gets XSTATE_BV 0 and is not written.  The modified optimization: a
 * component not modified since the last xrstor is not written either --
 * if that xrstor was from this same linear address, at the same CPL and
 * VMX mode, in the standard form.  The second is only correct if the
 * area still holds what that xrstor read: the caller must know that
 * nothing else wrote the area since (fpu_state.c keeps that rule).
 * MXCSR is always written (the optimizations do not apply to it). */
static inline void xsaveopt(struct xsave_area *area, uint64_t rfbm)
{
	__asm__ volatile("xsaveopt64 %0"
			 : "+m"(*area)
			 : "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32))
			 : "memory");
}

/* xsavec (§13.10): the compacted format -- the extended components are
 * packed one after the other in the order of their bits, with no room
 * kept for those not in RFBM -- and the init optimization, not the
 * modified one.  Writes XCOMP_BV = bit 63 | RFBM, so xrstor reads the
 * area back in the compacted form; an area to be loaded into a CPU that
 * saves with xsavec must be in that format from the start.  MXCSR
 * counts as part of the SSE component here: the compacted xrstor takes
 * it from the area only when XSTATE_BV has SSE (§13.8.2). */
static inline void xsavec(struct xsave_area *area, uint64_t rfbm)
{
	__asm__ volatile("xsavec64 %0"
			 : "+m"(*area)
			 : "a"((uint32_t)rfbm), "d"((uint32_t)(rfbm >> 32))
			 : "memory");
}

#endif
