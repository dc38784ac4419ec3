/*
 * The user-copy helpers against every kind of bad pointer, and the CPU
 * guards (SMAP, SMEP) against the kernel touching user pages outside
 * them.  Each test builds a small address space with one user page at
 * TEST_PAGE and runs on it.
 */
#include "arch/x86_64/cpu/cpu_protect.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/mm/paging.h"
#include "arch/x86_64/insn/smap.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define TEST_PAGE	0x400000UL		/* mapped, user, writable */
#define UNMAPPED	0x0000100000000000UL	/* user half, never mapped */

struct user_page {
	struct addr_space *as, *previous;
	uint8_t *kernel_alias;			/* the same frame through the direct map */
};

/* An address space with one zeroed user page at TEST_PAGE, switched to. */
static bool user_page_open(struct user_page *u, unsigned flags)
{
	uint64_t frame = pmm_alloc();
	u->as = as_create();
	if (!frame || !u->as || vm_map(u->as, TEST_PAGE, frame, VM_USER | flags) != 0)
		return false;
	u->kernel_alias = phys_to_virt(frame);
	memset(u->kernel_alias, 0, PAGE_SIZE);
	u->previous = as_current();
	as_switch(u->as);
	return true;
}

static void user_page_close(struct user_page *u)
{
	as_switch(u->previous);
	as_destroy(u->as);	/* frees the frame too */
}

KTEST(uaccess, copies_to_and_from_a_user_page)
{
	struct user_page u;
	KASSERT_TRUE(user_page_open(&u, VM_WRITE | VM_NX));
	char out[6] = "hello", in[6] = "";
	KEXPECT_EQ(copy_to_user(TEST_PAGE + 100, out, sizeof(out)), 0);
	KEXPECT_EQ(memcmp(u.kernel_alias + 100, "hello", 6), 0);
	KEXPECT_EQ(copy_from_user(in, TEST_PAGE + 100, sizeof(in)), 0);
	KEXPECT_EQ(memcmp(in, "hello", 6), 0);
	char name[16];
	KEXPECT_EQ(strncpy_from_user(name, TEST_PAGE + 100, sizeof(name)), 5);
	KEXPECT_EQ(strcmp(name, "hello"), 0);
	KEXPECT_EQ(strncpy_from_user(name, TEST_PAGE + 100, 3), -ENAMETOOLONG);
	user_page_close(&u);
}

KTEST(uaccess, bad_pointers_are_efault)
{
	struct user_page u;
	KASSERT_TRUE(user_page_open(&u, VM_WRITE | VM_NX));
	static char kernel_buf[16];
	const uint64_t bad[] = {
		0,				/* NULL: page 0 is never mapped */
		(uint64_t)kernel_buf,		/* the kernel half */
		USER_END,			/* the first address past the user half */
		UNMAPPED,
		TEST_PAGE + PAGE_SIZE - 8,	/* runs off the end of the page */
	};
	char buf[16];
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		KEXPECT_EQ(copy_from_user(buf, bad[i], sizeof(buf)), -EFAULT);
		KEXPECT_EQ(copy_to_user(bad[i], buf, sizeof(buf)), -EFAULT);
		KEXPECT_EQ(strncpy_from_user(buf, bad[i] + 8 * (i == 4), sizeof(buf)), -EFAULT);
	}
	/* A length that wraps around the address space. */
	KEXPECT_EQ(copy_from_user(buf, TEST_PAGE, (size_t)-16), -EFAULT);
	KEXPECT_EQ(copy_to_user(TEST_PAGE, buf, (size_t)-16), -EFAULT);
	KEXPECT_EQ(copy_from_user(buf, (uint64_t)-8, 16), -EFAULT);
	user_page_close(&u);
}

/* uaccess_copy moves quadwords, then the n % 8 tail bytes: every length
 * from 0 to 17 up to the page's very end copies exactly its bytes, and a
 * copy that runs off the end faults in either part (the quadwords: 16
 * from 8 before the end; the tail: 11 from 8 before). */
KTEST(uaccess, every_length_to_the_end_of_the_page)
{
	struct user_page u;
	KASSERT_TRUE(user_page_open(&u, VM_WRITE | VM_NX));
	char out[17], in[17];
	for (size_t n = 0; n <= sizeof(out); n++) {
		for (size_t i = 0; i < n; i++)
			out[i] = (char)(n * 31 + i);
		memset(in, 0, sizeof(in));
		uint64_t at = TEST_PAGE + PAGE_SIZE - n;
		KEXPECT_EQ(copy_to_user(at, out, n), 0);
		KEXPECT_EQ(memcmp(u.kernel_alias + PAGE_SIZE - n, out, n), 0);
		KEXPECT_EQ(copy_from_user(in, at, n), 0);
		KEXPECT_EQ(memcmp(in, out, n), 0);
	}
	KEXPECT_EQ(copy_from_user(in, TEST_PAGE + PAGE_SIZE - 8, 16), -EFAULT);
	KEXPECT_EQ(copy_from_user(in, TEST_PAGE + PAGE_SIZE - 8, 11), -EFAULT);
	KEXPECT_EQ(copy_to_user(TEST_PAGE + PAGE_SIZE - 8, out, 11), -EFAULT);
	user_page_close(&u);
}

static void read_user(void *p)
{
	(void)*(volatile uint64_t *)p;
}

KTEST(smap, kernel_read_of_user_page_faults)
{
	if (!cpu_has(CPU_FEATURE_SMAP))
		KTEST_SKIP("CPU has no SMAP");
	KASSERT_TRUE(cpu_protect_smap_enabled());
	struct user_page u;
	KASSERT_TRUE(user_page_open(&u, VM_WRITE | VM_NX));
	struct trap_caught c, c_open;
	bool caught = trap_catch(read_user, (void *)TEST_PAGE, &c);
	/* The same read between stac and clac is allowed. */
	stac();
	bool caught_open = trap_catch(read_user, (void *)TEST_PAGE, &c_open);
	clac();
	user_page_close(&u);
	KASSERT_TRUE(caught);
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.cr2, TEST_PAGE);
	KEXPECT_EQ(c.error_code & (X86_PF_ERR_PRESENT | X86_PF_ERR_USER), X86_PF_ERR_PRESENT);
	KEXPECT_TRUE(!caught_open);
}

static void call_user(void *p)
{
	((void (*)(void))p)();
}

KTEST(smep, kernel_jump_into_user_page_faults)
{
	if (!cpu_has(CPU_FEATURE_SMEP))
		KTEST_SKIP("CPU has no SMEP");
	struct user_page u;
	KASSERT_TRUE(user_page_open(&u, 0));	/* user, read-only, executable */
	u.kernel_alias[0] = 0xc3;		/* ret */
	struct trap_caught c;
	bool caught = trap_catch(call_user, (void *)TEST_PAGE, &c);
	user_page_close(&u);
	KASSERT_TRUE(caught);
	KEXPECT_EQ(c.vector, X86_TRAP_PF);
	KEXPECT_EQ(c.rip, TEST_PAGE);
	KEXPECT_EQ(c.error_code & (X86_PF_ERR_PRESENT | X86_PF_ERR_FETCH),
		   X86_PF_ERR_PRESENT | X86_PF_ERR_FETCH);
}

KTEST(syscall, unknown_numbers_are_enosys)
{
	const uint64_t args[SYSCALL_MAX_ARGS] = { 0 };
	KEXPECT_EQ(syscall_dispatch(999, args), -ENOSYS);
	KEXPECT_EQ(syscall_dispatch((uint64_t)-1, args), -ENOSYS);
	KEXPECT_EQ(syscall_dispatch(1UL << 40, args), -ENOSYS);
	KEXPECT_EQ(syscall_dispatch(SYS_COUNT, args), -ENOSYS);
}
