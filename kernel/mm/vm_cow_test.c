/*
 * Copy-on-write (kernel/mm/vm_cow.c): as_fork shares frames, a write fault
 * copies or, for the last owner, reuses, and every frame and table comes
 * back when both address spaces are gone.  The writes are played by
 * vm_cow_fault followed by a store through the direct map (what the CPU's
 * retried write would do), and for real by copy_to_user, whose ring-0
 * write faults on the read-only page.
 */
#include "kernel/mm/vm.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "kernel/addr.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/memhog.h"
#include "kernel/mm/pmm.h"
#include "kernel/string.h"
#include "kernel/uaccess.h"

/* The test program's pages: text, data in another page table, a page in
 * another page directory, and a stack page under another PML4 entry, so
 * a fork needs several tables at every level. */
#define TEXT	0x400000UL		/* read-only */
#define DATA	0x600000UL		/* writable */
#define FAR	0x40000000UL		/* writable */
#define STACK	0x7ffffffef000UL	/* writable */

static const struct {
	uint64_t va;
	unsigned flags;
	char fill;			/* every byte of the page */
} pages[] = {
	{ TEXT, VM_USER, 't' },
	{ DATA, VM_USER | VM_WRITE | VM_NX, 'd' },
	{ FAR, VM_USER | VM_WRITE | VM_NX, 'f' },
	{ STACK, VM_USER | VM_WRITE | VM_NX, 's' },
};
#define NPAGES (sizeof(pages) / sizeof(pages[0]))

/* What to compare at the end: nothing may leak, not a frame, not a
 * page table, not a heap byte. */
struct mm_count {
	uint64_t frames, tables, heap_bytes, heap_blocks;
};

static struct mm_count mm_count(void)
{
	struct heap_stats h;
	heap_stats(&h);
	return (struct mm_count){ pmm_free_frames(), vm_table_pages(), h.in_use, h.blocks };
}

#define KEXPECT_NO_LEAK(before)                                                \
	do {                                                                   \
		struct mm_count after_ = mm_count();                           \
		KEXPECT_EQ(after_.frames, (before).frames);                    \
		KEXPECT_EQ(after_.tables, (before).tables);                    \
		KEXPECT_EQ(after_.heap_bytes, (before).heap_bytes);            \
		KEXPECT_EQ(after_.heap_blocks, (before).heap_blocks);          \
	} while (0)

/* An address space with the pages above, each filled with its byte. */
static struct addr_space *program(void)
{
	struct addr_space *as = as_create();
	if (!as)
		return NULL;
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t frame = pmm_alloc();
		if (!frame || vm_map(as, pages[i].va, frame, pages[i].flags) != 0) {
			if (frame)
				pmm_free(frame);
			as_destroy(as);
			return NULL;
		}
		memset(phys_to_virt(frame), pages[i].fill, PAGE_SIZE);
	}
	return as;
}

static uint64_t frame_of(struct addr_space *as, uint64_t va)
{
	uint64_t pa = 0;
	return vm_translate(as, va, &pa, NULL) ? pa : 0;
}

static unsigned flags_of(struct addr_space *as, uint64_t va)
{
	unsigned flags = 0;
	vm_translate(as, va, NULL, &flags);
	return flags;
}

static uint8_t *bytes_of(struct addr_space *as, uint64_t va)
{
	return phys_to_virt(frame_of(as, va));
}

/* How many bytes of the page at va in as differ from c. */
static unsigned differ(struct addr_space *as, uint64_t va, char c)
{
	const uint8_t *p = bytes_of(as, va);
	unsigned n = 0;
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		n += p[i] != (uint8_t)c;
	return n;
}

/* The flags a writable page of the table has once shared. */
static unsigned cow_flags(unsigned flags)
{
	unsigned nx = cpu_has(CPU_FEATURE_NX) ? VM_NX : 0;
	return (flags & ~(VM_WRITE | VM_NX)) | VM_COW | (flags & nx);
}

static unsigned real_flags(unsigned flags)
{
	return cpu_has(CPU_FEATURE_NX) ? flags : flags & ~VM_NX;
}

KTEST(vm_cow, fork_shares_every_frame)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	uint64_t frames[NPAGES];
	for (unsigned i = 0; i < NPAGES; i++)
		frames[i] = frame_of(parent, pages[i].va);
	uint64_t parent_tables = vm_table_pages() - before.tables;

	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);
	KEXPECT_NE(child->root, parent->root);
	KEXPECT_EQ(vm_table_pages() - before.tables, 2 * parent_tables);	/* copied, not shared */
	for (unsigned i = 0; i < NPAGES; i++) {
		unsigned want = pages[i].flags & VM_WRITE ? cow_flags(pages[i].flags)
							  : real_flags(pages[i].flags);
		KEXPECT_EQ(frame_of(child, pages[i].va), frames[i]);
		KEXPECT_EQ(frame_of(parent, pages[i].va), frames[i]);
		KEXPECT_EQ(pmm_refcount(frames[i]), 2);
		KEXPECT_EQ(flags_of(parent, pages[i].va), want);
		KEXPECT_EQ(flags_of(child, pages[i].va), want);
	}
	/* Nothing else appeared in the child. */
	KEXPECT_EQ(frame_of(child, TEXT + PAGE_SIZE), 0);

	as_destroy(child);
	for (unsigned i = 0; i < NPAGES; i++)
		KEXPECT_EQ(pmm_refcount(frames[i]), 1);	/* the parent's again */
	as_destroy(parent);
	for (unsigned i = 0; i < NPAGES; i++)
		KEXPECT_EQ(pmm_refcount(frames[i]), 0);
	KEXPECT_NO_LEAK(before);
}

/* A write on one side copies the page; the other side keeps the frame and
 * sees nothing of it; when it writes later it is the last owner and keeps
 * its frame, uncopied. */
KTEST(vm_cow, write_copies_and_last_owner_keeps_the_frame)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);

	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t va = pages[i].va, shared = frame_of(parent, va);
		if (!(pages[i].flags & VM_WRITE)) {
			/* Read-only: a real protection fault, on both sides. */
			KEXPECT_EQ(vm_cow_fault(child, va), -EFAULT);
			KEXPECT_EQ(vm_cow_fault(parent, va), -EFAULT);
			KEXPECT_EQ(frame_of(child, va), shared);
			continue;
		}
		uint64_t free_before = pmm_free_frames();
		KEXPECT_EQ(vm_cow_fault(child, va + 123), 0);	/* any address in the page */
		uint64_t copy = frame_of(child, va);
		KEXPECT_NE(copy, shared);
		KEXPECT_EQ(pmm_free_frames(), free_before - 1);
		KEXPECT_EQ(pmm_refcount(shared), 1);
		KEXPECT_EQ(pmm_refcount(copy), 1);
		KEXPECT_EQ(flags_of(child, va), real_flags(pages[i].flags));
		KEXPECT_EQ(differ(child, va, pages[i].fill), 0);	/* the copy is whole */
		memset(bytes_of(child, va), 'c', PAGE_SIZE);		/* the retried write */
		KEXPECT_EQ(differ(parent, va, pages[i].fill), 0);	/* parent unchanged */
		KEXPECT_EQ(flags_of(parent, va), cow_flags(pages[i].flags));
		/* Writable now: a second fault there is not copy-on-write. */
		KEXPECT_EQ(vm_cow_fault(child, va), -EFAULT);

		free_before = pmm_free_frames();
		KEXPECT_EQ(vm_cow_fault(parent, va), 0);
		KEXPECT_EQ(frame_of(parent, va), shared);		/* no copy */
		KEXPECT_EQ(pmm_free_frames(), free_before);
		KEXPECT_EQ(flags_of(parent, va), real_flags(pages[i].flags));
		memset(bytes_of(parent, va), 'p', PAGE_SIZE);
		KEXPECT_EQ(differ(child, va, 'c'), 0);			/* child unchanged */
	}
	/* Nothing mapped, or not a user address: not copy-on-write. */
	KEXPECT_EQ(vm_cow_fault(child, TEXT + PAGE_SIZE), -EFAULT);
	KEXPECT_EQ(vm_cow_fault(child, USER_END), -EFAULT);
	KEXPECT_EQ(vm_cow_fault(child, (uint64_t)__data_start), -EFAULT);

	as_destroy(parent);
	as_destroy(child);
	KEXPECT_NO_LEAK(before);
}

/* The parent ends first: the child is the last owner of every frame. */
KTEST(vm_cow, parent_gone_child_keeps_the_frames)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);
	as_destroy(parent);
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t va = pages[i].va, frame = frame_of(child, va);
		KEXPECT_EQ(pmm_refcount(frame), 1);
		KEXPECT_EQ(differ(child, va, pages[i].fill), 0);
		if (pages[i].flags & VM_WRITE) {
			KEXPECT_EQ(vm_cow_fault(child, va), 0);
			KEXPECT_EQ(frame_of(child, va), frame);
		}
	}
	as_destroy(child);
	KEXPECT_NO_LEAK(before);
}

/* A fork of a fork: three owners, each write takes one away. */
KTEST(vm_cow, three_owners)
{
	struct mm_count before = mm_count();
	struct addr_space *a = program();
	KASSERT_TRUE(a != NULL);
	struct addr_space *b = as_fork(a);
	KASSERT_TRUE(b != NULL);
	struct addr_space *c = as_fork(b);
	KASSERT_TRUE(c != NULL);
	uint64_t f = frame_of(a, DATA);
	KEXPECT_EQ(pmm_refcount(f), 3);
	KEXPECT_EQ(frame_of(c, DATA), f);
	KEXPECT_EQ(vm_cow_fault(b, DATA), 0);
	KEXPECT_NE(frame_of(b, DATA), f);
	KEXPECT_EQ(pmm_refcount(f), 2);
	KEXPECT_EQ(vm_cow_fault(c, DATA), 0);
	KEXPECT_NE(frame_of(c, DATA), f);
	KEXPECT_EQ(pmm_refcount(f), 1);
	KEXPECT_EQ(vm_cow_fault(a, DATA), 0);
	KEXPECT_EQ(frame_of(a, DATA), f);
	as_destroy(b);
	as_destroy(a);
	as_destroy(c);
	KEXPECT_NO_LEAK(before);
}

/* Out of memory at every step of a fork: NULL, the partial child gone
 * without a trace, the parent intact; with enough memory, a child. */
KTEST(vm_cow, fork_out_of_memory_leaks_nothing)
{
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	unsigned failed = 0, forked = 0;
	for (size_t leave = 0; leave <= 16; leave++) {
		struct memhog hog;
		KASSERT_TRUE(memhog_take(&hog, leave));
		struct mm_count before = mm_count();
		struct addr_space *child = as_fork(parent);
		if (child) {
			forked++;
			as_destroy(child);
		} else {
			failed++;
		}
		KEXPECT_NO_LEAK(before);
		for (unsigned i = 0; i < NPAGES; i++) {
			KEXPECT_EQ(pmm_refcount(frame_of(parent, pages[i].va)), 1);
			KEXPECT_EQ(differ(parent, pages[i].va, pages[i].fill), 0);
		}
		memhog_give_back(&hog);
	}
	/* The child needs ten tables: the first forks fail, the last succeed. */
	KEXPECT_GT(failed, 0);
	KEXPECT_GT(forked, 0);
	/* The parent's pages that stayed COW become writable at one fault. */
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t va = pages[i].va, frame = frame_of(parent, va);
		if (pages[i].flags & VM_WRITE) {
			KEXPECT_EQ(vm_cow_fault(parent, va), 0);
			KEXPECT_EQ(frame_of(parent, va), frame);
			KEXPECT_EQ(flags_of(parent, va), real_flags(pages[i].flags));
		}
	}
	as_destroy(parent);
}

/* No frame for the copy: -ENOMEM, and the page is as it was. */
KTEST(vm_cow, fault_out_of_memory_changes_nothing)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);
	uint64_t shared = frame_of(child, DATA);
	struct memhog hog;
	KASSERT_TRUE(memhog_take(&hog, 0));
	KEXPECT_EQ(vm_cow_fault(child, DATA), -ENOMEM);
	KEXPECT_EQ(frame_of(child, DATA), shared);
	KEXPECT_EQ(flags_of(child, DATA), cow_flags(VM_USER | VM_WRITE | VM_NX));
	KEXPECT_EQ(pmm_refcount(shared), 2);
	memhog_give_back(&hog);
	KEXPECT_EQ(vm_cow_fault(child, DATA), 0);
	as_destroy(parent);
	as_destroy(child);
	KEXPECT_NO_LEAK(before);
}

/* A frame that cannot take another owner: the child gets its own copy. */
KTEST(vm_cow, fork_copies_a_frame_with_too_many_owners)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	uint64_t full = frame_of(parent, TEXT);
	for (unsigned n = 1; n < PMM_REF_MAX; n++)
		pmm_ref(full);
	struct addr_space *child = as_fork(parent);
	KEXPECT_TRUE(child != NULL);
	if (child) {
		uint64_t copy = frame_of(child, TEXT);
		KEXPECT_NE(copy, full);
		KEXPECT_EQ(pmm_refcount(copy), 1);
		KEXPECT_EQ(differ(child, TEXT, 't'), 0);
		KEXPECT_EQ(flags_of(child, TEXT), real_flags(VM_USER));
		KEXPECT_EQ(frame_of(child, DATA), frame_of(parent, DATA));	/* the rest shared */
		as_destroy(child);
	}
	KEXPECT_EQ(pmm_refcount(full), PMM_REF_MAX);
	for (unsigned n = 1; n < PMM_REF_MAX; n++)
		pmm_free(full);
	as_destroy(parent);
	KEXPECT_NO_LEAK(before);
}

/* Asking for write access to a shared page gives copy-on-write. */
KTEST(vm_cow, protect_writable_on_a_shared_frame_is_cow)
{
	struct addr_space *parent = program();
	KASSERT_TRUE(parent != NULL);
	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);
	KEXPECT_EQ(vm_protect(child, TEXT, VM_USER | VM_WRITE), 0);
	KEXPECT_EQ(flags_of(child, TEXT), VM_USER | VM_COW);
	KEXPECT_EQ(vm_protect(child, TEXT, VM_USER | VM_COW), -EINVAL);	/* not asked for */
	KEXPECT_EQ(vm_map(child, TEXT + PAGE_SIZE, frame_of(child, TEXT), VM_COW), -EINVAL);
	KEXPECT_EQ(vm_cow_fault(child, TEXT), 0);
	KEXPECT_NE(frame_of(child, TEXT), frame_of(parent, TEXT));
	KEXPECT_EQ(flags_of(child, TEXT), VM_USER | VM_WRITE);
	/* The parent's frame has one owner now: writable outright. */
	KEXPECT_EQ(vm_protect(parent, TEXT, VM_USER | VM_WRITE), 0);
	KEXPECT_EQ(flags_of(parent, TEXT), VM_USER | VM_WRITE);
	as_destroy(child);
	as_destroy(parent);
}

/*
 * The real write: copy_to_user into a COW page of the running address
 * space.  The kernel's store faults (CR0.WP), the fault handler breaks the
 * sharing, the copy resumes and lands in the child's own frame.  Out of
 * memory the copy fails with -EFAULT, and the kernel carries on.
 */
KTEST(vm_cow, copy_to_user_breaks_the_sharing)
{
	struct mm_count before = mm_count();
	struct addr_space *parent = program(), *previous = as_current();
	KASSERT_TRUE(parent != NULL);
	struct addr_space *child = as_fork(parent);
	KASSERT_TRUE(child != NULL);
	uint64_t shared = frame_of(child, DATA);

	struct memhog hog;
	as_switch(child);
	/* Across the page boundary: the data page is COW, the next unmapped. */
	int across = copy_to_user(DATA + PAGE_SIZE - 2, "abcd", 4);
	int text = copy_to_user(TEXT, "x", 1);			/* read-only */
	bool hogged = memhog_take(&hog, 0);
	int oom = copy_to_user(STACK + 8, "child", 6);		/* no frame for a copy */
	if (hogged)
		memhog_give_back(&hog);
	int ok = copy_to_user(STACK + 8, "child", 6);
	as_switch(previous);

	KEXPECT_EQ(across, -EFAULT);
	KEXPECT_EQ(text, -EFAULT);
	KEXPECT_TRUE(hogged);
	KEXPECT_EQ(oom, -EFAULT);
	KEXPECT_EQ(ok, 0);
	/* The first two bytes made it, into a copy of the data page. */
	KEXPECT_NE(frame_of(child, DATA), shared);
	KEXPECT_EQ(memcmp(bytes_of(child, DATA) + PAGE_SIZE - 2, "ab", 2), 0);
	KEXPECT_EQ(differ(parent, DATA, 'd'), 0);
	KEXPECT_EQ(differ(child, TEXT, 't'), 0);
	KEXPECT_STREQ((const char *)bytes_of(child, STACK) + 8, "child");
	KEXPECT_NE(frame_of(child, STACK), frame_of(parent, STACK));
	KEXPECT_EQ(differ(parent, STACK, 's'), 0);
	as_destroy(child);
	as_destroy(parent);
	KEXPECT_NO_LEAK(before);
}

/* Forking the running address space: its TLB must not keep the pages
 * writable, or the kernel's write would reach the shared frame. */
KTEST(vm_cow, fork_of_the_running_address_space_flushes_its_tlb)
{
	struct addr_space *parent = program(), *previous = as_current();
	KASSERT_TRUE(parent != NULL);
	as_switch(parent);
	/* Load a writable translation of DATA into the TLB. */
	int warm = copy_to_user(DATA, "warm", 5);
	struct addr_space *child = as_fork(parent);
	int write = copy_to_user(DATA, "mine", 5);
	as_switch(previous);
	KEXPECT_EQ(warm, 0);
	KASSERT_TRUE(child != NULL);
	KEXPECT_EQ(write, 0);
	KEXPECT_NE(frame_of(parent, DATA), frame_of(child, DATA));
	KEXPECT_STREQ((const char *)bytes_of(parent, DATA), "mine");
	KEXPECT_STREQ((const char *)bytes_of(child, DATA), "warm");
	as_destroy(child);
	as_destroy(parent);
}
