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

/* The software bytes and a zeroed header, 112 bytes from offset 464:
 * XSAVE writes neither the reserved legacy bytes nor, of the header,
 * more than XSTATE_BV, so the rest must be 0 before it runs (Linux
 * clears the header first too). */
static int put_sw_bytes(uint64_t uaddr)
{
	struct {
		struct fpx_sw_bytes sw;
		struct xsave_header header;
	} head = { .sw = { .magic1 = FP_XSTATE_MAGIC1,
			   .extended_size = xstate_size() + FP_XSTATE_MAGIC2_SIZE,
			   .xfeatures = fpu_state_xfeatures(),
			   .xstate_size = xstate_size() } };
	_Static_assert(sizeof(head) == 112, "sw bytes then header");
	uint32_t magic2 = FP_XSTATE_MAGIC2;
	if (copy_to_user(uaddr + SW_BYTES_OFFSET, &head, sizeof(head)) ||
	    copy_to_user(uaddr + xstate_size(), &magic2, sizeof(magic2)))
		return -EFAULT;
	return 0;
}

/* XSTATE_BV |= x87 | SSE, as Linux's save_xstate_epilog: a handler that
 * edits the legacy region (an XMM register, MXCSR) has the edit loaded
 * back even if those components were in their initial state. */
static int mark_fpsse(uint64_t uaddr)
{
	uint64_t bv;
	if (copy_from_user(&bv, uaddr + HEADER_OFFSET, sizeof(bv)))
		return -EFAULT;
	bv |= XFEATURE_MASK_FPSSE;
	return copy_to_user(uaddr + HEADER_OFFSET, &bv, sizeof(bv)) ? -EFAULT : 0;
}

int fpu_sigframe_save(uint64_t uaddr)
{
	if (!user_range_ok(uaddr, fpu_sigframe_size()))
		return -EFAULT;
	if (!fpu_sigframe_xstate()) {
		/* FXSAVE leaves bytes 464..511 alone: clear them, so the frame
		 * shows nothing of what the stack held before. */
		static const uint8_t zero[48];
		if (copy_to_user(uaddr + SW_BYTES_OFFSET, zero, sizeof(zero)))
			return -EFAULT;
		user_access_begin();
		int err = fpu_fxsave_user((void *)uaddr);
		user_access_end();
		return err ? -EFAULT : 0;
	}
	if (put_sw_bytes(uaddr))
		return -EFAULT;
	user_access_begin();
	int err = fpu_xsave_user((void *)uaddr, fpu_state_xfeatures());
	user_access_end();
	return err ? -EFAULT : mark_fpsse(uaddr);
}

/* What the area says it is (Linux's check_xstate_in_sigframe): the
 * features to load with XRSTOR, or 0 for "FXSAVE only" when a magic word
 * or a size is off -- which is not an error. */
static uint64_t area_xfeatures(uint64_t uaddr, int *err)
{
	struct fpx_sw_bytes sw;
	uint32_t magic2;
	*err = 0;
	if (copy_from_user(&sw, uaddr + SW_BYTES_OFFSET, sizeof(sw))) {
		*err = -EFAULT;
		return 0;
	}
	if (sw.magic1 != FP_XSTATE_MAGIC1 || sw.xstate_size < HEADER_OFFSET + 64 ||
	    sw.xstate_size > xstate_size() || sw.xstate_size > sw.extended_size)
		return 0;
	if (copy_from_user(&magic2, uaddr + sw.xstate_size, sizeof(magic2))) {
		*err = -EFAULT;
		return 0;
	}
	return magic2 == FP_XSTATE_MAGIC2 ? sw.xfeatures & fpu_state_xfeatures() : 0;
}

static int load_from_user(uint64_t uaddr)
{
	if (!user_range_ok(uaddr, fpu_sigframe_size()))
		return -EFAULT;
	/* Reserved MXCSR bits (16..31 on every CPU) make FXRSTOR and XRSTOR
	 * raise #GP (SDM Vol. 1 §10.5.1.2), which Linux relies on; QEMU's TCG
	 * loads them without a fault, so refuse them here as the CPU would. */
	uint32_t mxcsr;
	if (copy_from_user(&mxcsr, uaddr + MXCSR_OFFSET, sizeof(mxcsr)) || (mxcsr & 0xffff0000U))
		return -EFAULT;
	if (!fpu_sigframe_xstate()) {
		user_access_begin();
		int err = fpu_fxrstor_user((const void *)uaddr);
		user_access_end();
		return err ? -EFAULT : 0;
	}
	int err;
	uint64_t features = area_xfeatures(uaddr, &err);
	if (err)
		return err;
	/* The components not loaded from the area start from their initial
	 * state (Linux: os_xrstor(&init_fpstate, init_bv)). */
	fpu_state_load_initial();
	user_access_begin();
	err = features ? fpu_xrstor_user((const void *)uaddr, features) :
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
