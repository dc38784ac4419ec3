/*
 * Memory areas: what a program's mmap calls made of its address space
 * (docs/mmap.md).  One struct vm_area per run of pages with the same
 * rights and the same backing: anonymous memory, or pages of a file from
 * file offset pgoff * 4096 on.  A process's areas are a list sorted by
 * address in its struct user_mm (mm->areas), never overlapping; two
 * neighbours that could be one are merged.  The page tables say which
 * pages are present now; the areas say what a fault may bring in
 * (vma_fault, kernel/mm/mmap.c).
 *
 * The program image, the brk heap and the stack are not areas (yet):
 * exec, brk and process_fault_in keep them as before, and mmap never
 * chooses an address in the heap's reach or in the stack's
 * (process_stack_floor).  MAP_FIXED may still put an area there; the
 * area then wins a fault.
 */
#ifndef ANVIL_KERNEL_MM_VMA_H
#define ANVIL_KERNEL_MM_VMA_H

#include <stdbool.h>
#include <stdint.h>

struct user_mm;
struct file;
struct process;
struct addr_space;

/* include/uapi/asm-generic/mman-common.h, mman.h and asm/mman.h. */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_32BIT		0x40
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000
/* include/uapi/linux/mman.h */
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4
/* include/uapi/asm-generic/mman-common.h */
#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4

/* Linux's stack_guard_gap (mm/mmap.c): 256 pages kept free below a
 * stack, which mmap's base leaves room for. */
#define STACK_GUARD_GAP		(256 * 4096UL)

struct vm_area {
	uint64_t start, end;	/* [start, end), page-aligned */
	unsigned prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC, or PROT_NONE */
	unsigned flags;		/* MAP_SHARED or MAP_PRIVATE, MAP_ANONYMOUS */
	struct file *file;	/* referenced; NULL for private anonymous memory */
	uint64_t pgoff;		/* the file page at start */
	struct vm_area *next;	/* the next area up */
};

/* The area that holds addr, or NULL. */
struct vm_area *vma_find(struct user_mm *mm, uint64_t addr);
/* Does any area meet [start, end)? */
bool vma_overlaps(struct user_mm *mm, uint64_t start, uint64_t end);
/* Is anything in [start, end): an area, or a page mapped outside the
 * areas (the program image, heap, stack)?  MAP_FIXED_NOREPLACE's test. */
bool vma_range_used(struct user_mm *mm, uint64_t start, uint64_t end);
/* The lowest address mmap gives or takes (Linux's vm.mmap_min_addr). */
#define MMAP_MIN_ADDR	0x10000UL

/* A new area of mm over [start, end), which no area may meet yet; the
 * caller's file reference moves into it.  0, or -ENOMEM (the reference
 * is then dropped). */
int vma_add(struct user_mm *mm, uint64_t start, uint64_t end, unsigned prot,
	    unsigned flags, struct file *file, uint64_t pgoff);
/* munmap: unmap every page mapped in [start, end) (the frames' references
 * dropped, the TLB flushed) and take the range out of the areas,
 * splitting those that stick out.  0, or -ENOMEM (no memory for a split:
 * nothing changed). */
int vma_unmap(struct user_mm *mm, uint64_t start, uint64_t end);
/* mprotect within areas: [start, end) gets prot, in the areas (split and
 * merged) and in the pages present.  Parts of the range outside every
 * area are left alone.  0 or -ENOMEM (nothing changed). */
int vma_protect(struct user_mm *mm, uint64_t start, uint64_t end, unsigned prot);
/* The page-table flags (kernel/mm/vm.h VM_*) of a's pages. */
unsigned vma_page_flags(const struct vm_area *a);
/* fork: dst's areas become copies of src's (file references taken).
 * 0 or -ENOMEM (dst then has none). */
int vma_copy(struct user_mm *dst, const struct user_mm *src);
/* exit and exec: drop every area (its file reference); the pages
 * themselves go with the address space (as_destroy). */
void vma_free_all(struct user_mm *mm);
/* A free, page-aligned range of len bytes for mmap: top-down from below
 * the stack's reach, above the heap's; at hint if that is free.  0 when
 * there is none (ENOMEM). */
uint64_t vma_free_range(struct user_mm *mm, uint64_t hint, uint64_t len);

/* Is [start, end) room for an area to grow or move into: free of areas
 * and of mapped pages, outside the heap's reach and the stack's? */
bool vma_room(struct user_mm *mm, uint64_t start, uint64_t end);
/* Call fn(as, va, arg) on every page present in [lo, hi), stopping when
 * it returns true (then true). */
bool vma_for_each_present(struct addr_space *as, uint64_t lo, uint64_t hi,
			  bool (*fn)(struct addr_space *as, uint64_t va, void *arg),
			  void *arg);
/* Unmap the page at va and drop its entry's reference (an fn for
 * vma_for_each_present; returns false). */
bool vma_unmap_page(struct addr_space *as, uint64_t va, void *arg);

/* exec (kernel/mm/layout.c): choose mm's stack_top, mmap_base and
 * heap_start (= brk) for a program whose image ends at image_end, with
 * p's RLIMIT_STACK, randomised unless the command line says norandmaps.
 * rnd: 64 bits from the CSPRNG, which exec draws in the same request as
 * AT_RANDOM's bytes (one request is two ChaCha20 blocks); the layout
 * uses 63 of them (22 + 28 + 13, as many as Linux's three draws keep). */
void mm_layout(struct user_mm *mm, const struct process *p, uint64_t image_end,
	       uint64_t rnd);
/* Is layout randomisation on (no norandmaps)? */
bool mm_randomize(void);

/* At boot, after vfs_init: the tmpfs instance (mounted nowhere) whose
 * unnamed files back MAP_SHARED|MAP_ANONYMOUS areas, made once so that
 * no mmap call leaves it behind as a one-time allocation. */
void mmap_init(void);

/* A page fault at addr, access PROT_READ, PROT_WRITE or PROT_EXEC, on a
 * page not present (kernel/mm/mmap.c).  0: mapped, retry; -ENOENT: addr
 * is in no area (the caller's other cases: heap, stack); -EFAULT: the
 * area forbids the access (SIGSEGV); -EIO: past the end of the mapped
 * file (SIGBUS); -ENOMEM. */
int vma_fault(struct user_mm *mm, uint64_t addr, unsigned access);

#endif
