/*
 * The FPU part of a signal frame (fpu_sigframe.h has the layout).  The
 * registers are saved straight into the program's memory and loaded
 * straight from it (fpu_user.asm), as Linux does.
 */
#include "arch/x86_64/cpu/fpu_sigframe.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/insn/cpuid.h"
#include "arch/x86_64/insn/fpu.h"
#include "arch/x86_64/syscall/user_access.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"

int fpu_xsave_user(void *area, uint64_t rfbm);
int fpu_xrstor_user(const void *area, uint64_t rfbm);
int fpu_fxsave_user(void *area);
int fpu_fxrstor_user(const void *area);

#define XFEATURE_MASK_FPSSE	0x3UL	/* x87 and SSE: always in the frame's XSTATE_BV */
#define SW_BYTES_OFFSET		464	/* struct fpx_sw_bytes in the legacy region */
#define HEADER_OFFSET		512	/* struct xsave_header */
#define MXCSR_OFFSET		24	/* MXCSR in the legacy region */

/* The standard-format XSAVE area's size for XCR0: CPUID.(EAX=0xD,
 * ECX=0).EBX (SDM Vol. 1 §13.2), even when the kernel's own areas are
 * compacted (xsavec); read once. */
static uint32_t xstate_size(void)
{
	static uint32_t size;
	if (!size)
		size = cpuid(CPUID_LEAF_XSTATE, 0).ebx;
	return size;
}

bool fpu_sigframe_xstate(void)
{
	return fpu_state_xfeatures() != 0;
}

size_t fpu_sigframe_size(void)
{
	return fpu_sigframe_xstate() ? xstate_size() + FP_XSTATE_MAGIC2_SIZE :
				       sizeof(struct fxsave_area);
}

/* What the windows below need to know, found before they open: no call
 * runs with SMAP open but the user-memory ones of fpu_user.asm (a stray
 * user dereference in a callee would go unnoticed).  xfeatures 0: FXSAVE. */
struct area_shape {
	uint64_t xfeatures;	/* XCR0's features, as fpu_state_xfeatures */
	uint32_t size;		/* the standard XSAVE area's size, as xstate_size */
};

static struct area_shape area_shape(void)
{
	uint64_t xf = fpu_state_xfeatures();
	return (struct area_shape){ .xfeatures = xf, .size = xf ? xstate_size() : 0 };
}

/* The software bytes, a zeroed header and MAGIC2 (bytes 464..575 and
 * the 4 after the area), stored in the caller's SMAP window: XSAVE
 * writes neither the reserved legacy bytes nor, of the header, more than
 * XSTATE_BV, so the rest must be 0 before it runs (Linux clears the
 * header first too). */
static bool put_sw_bytes(uint8_t *area, struct area_shape a)
{
	uint32_t size = a.size;
	struct fpx_sw_bytes *sw = (struct fpx_sw_bytes *)(area + SW_BYTES_OFFSET);
	uint64_t *header = (uint64_t *)(area + HEADER_OFFSET);
	unsafe_put_user64(FP_XSTATE_MAGIC1 | (uint64_t)(size + FP_XSTATE_MAGIC2_SIZE) << 32,
			  &sw->magic1, fault);
	unsafe_put_user64(a.xfeatures, &sw->xfeatures, fault);
	unsafe_put_user64(size, &sw->xstate_size, fault);	/* and padding[0] */
	for (int i = 1; i < 7; i += 2)
		unsafe_put_user64(0, &sw->padding[i], fault);
	for (int i = 0; i < 8; i++)
		unsafe_put_user64(0, &header[i], fault);
	unsafe_put_user32(FP_XSTATE_MAGIC2, area + size, fault);
	return true;
fault:
	return false;
}
_Static_assert(offsetof(struct fpx_sw_bytes, extended_size) == 4 &&
	       offsetof(struct fpx_sw_bytes, padding) == 20, "fpx_sw_bytes as put_sw_bytes writes it");
_Static_assert(sizeof(struct xsave_header) == 64, "the header: 8 words");

/* Clear bytes 464..511, which FXSAVE leaves alone, so the frame shows
 * nothing of what the stack held before. */
static bool put_fx_reserved(uint8_t *area)
{
	for (int i = 0; i < 48; i += 8)
		unsafe_put_user64(0, area + SW_BYTES_OFFSET + i, fault);
	return true;
fault:
	return false;
}

/* The save in one SMAP window.  After XSAVE, XSTATE_BV |= x87 | SSE, as
 * Linux's save_xstate_epilog: a handler that edits the legacy region (an
 * XMM register, MXCSR) has the edit loaded back even if those components
 * were in their initial state. */
static bool save_in_window(uint8_t *area, struct area_shape a)
{
	uint64_t bv, *xstate_bv = (uint64_t *)(area + HEADER_OFFSET);
	if (!a.xfeatures)
		return put_fx_reserved(area) && !fpu_fxsave_user(area);
	if (!put_sw_bytes(area, a) || fpu_xsave_user(area, a.xfeatures))
		return false;
	unsafe_get_user64(bv, xstate_bv, fault);
	unsafe_put_user64(bv | XFEATURE_MASK_FPSSE, xstate_bv, fault);
	return true;
fault:
	return false;
}

int fpu_sigframe_save(uint64_t uaddr)
{
	if (!user_range_ok(uaddr, fpu_sigframe_size()))
		return -EFAULT;
	struct area_shape a = area_shape();
	user_access_begin();
	bool ok = save_in_window((uint8_t *)uaddr, a);
	user_access_end();
	return ok ? 0 : -EFAULT;
}

/* What the area says it is (Linux's check_xstate_in_sigframe), read in
 * one SMAP window: the features to load with XRSTOR, or 0 for "FXSAVE
 * only" when a magic word or a size is off -- which is not an error.
 * Reserved MXCSR bits (16..31 on every CPU) make FXRSTOR and XRSTOR
 * raise #GP (SDM Vol. 1 §10.5.1.2), which Linux relies on; QEMU's TCG
 * loads them without a fault, so they are refused here as the CPU would.
 * -EFAULT for those, or when a read faults. */
static int check_area(const uint8_t *area, struct area_shape a, uint64_t *features)
{
	const struct fpx_sw_bytes *sw = (const void *)(area + SW_BYTES_OFFSET);
	uint32_t mxcsr, magic1, xsize, ext_size, magic2;
	uint64_t xfeatures;
	*features = 0;
	user_access_begin();
	unsafe_get_user32(mxcsr, area + MXCSR_OFFSET, fault);
	if (mxcsr & 0xffff0000U)
		goto fault;
	if (!a.xfeatures)
		goto done;
	unsafe_get_user32(magic1, &sw->magic1, fault);
	unsafe_get_user32(ext_size, &sw->extended_size, fault);
	unsafe_get_user32(xsize, &sw->xstate_size, fault);
	if (magic1 != FP_XSTATE_MAGIC1 || xsize < HEADER_OFFSET + 64 || xsize > a.size ||
	    xsize > ext_size)
		goto done;
	unsafe_get_user64(xfeatures, &sw->xfeatures, fault);
	unsafe_get_user32(magic2, area + xsize, fault);
	if (magic2 == FP_XSTATE_MAGIC2)
		*features = xfeatures & a.xfeatures;
done:
	user_access_end();
	return 0;
fault:
	user_access_end();
	return -EFAULT;
}

static int load_from_user(uint64_t uaddr)
{
	if (!user_range_ok(uaddr, fpu_sigframe_size()))
		return -EFAULT;
	uint64_t features;
	struct area_shape a = area_shape();
	if (check_area((const uint8_t *)uaddr, a, &features))
		return -EFAULT;
	/* The components not loaded from the area start from their initial
	 * state (Linux: os_xrstor(&init_fpstate, init_bv)); an XRSTOR of
	 * every XCR0 feature sets them all, from the area or from their
	 * XSTATE_BV bit being clear (SDM Vol. 1 §13.8.1). */
	if (a.xfeatures && features != a.xfeatures)
		fpu_state_load_initial();
	user_access_begin();
	int err = features ? fpu_xrstor_user((const void *)uaddr, features) :
			     fpu_fxrstor_user((const void *)uaddr);
	user_access_end();
	return err ? -EFAULT : 0;
}

void fpu_sigframe_clear(void)
{
	fpu_state_load_initial();
	fpu_state_forget_loaded();	/* the registers come from elsewhere now */
}

int fpu_sigframe_restore(uint64_t uaddr)
{
	int err = uaddr ? load_from_user(uaddr) : 0;
	if (!uaddr || err)
		fpu_sigframe_clear();		/* nothing half-loaded survives */
	else
		fpu_state_forget_loaded();
	return err;
}
