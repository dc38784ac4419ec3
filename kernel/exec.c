/*
 * The ELF loader: segments, the user stack, the heap (kernel/exec.h).
 *
 * elf_check() (kernel/elf.c) has validated every field before anything is
 * mapped: segments inside the user half, not overlapping, filesz <= memsz,
 * the entry in an executable segment.  The loader copies each segment into
 * fresh frames through the direct map (never through user addresses, so
 * SMAP does not get in the way) and maps them with the segment's rights:
 * writable only with PF_W, executable only with PF_X.
 *
 * The stack the program starts with, as Linux lays it out (System V
 * x86-64 psABI §3.4.1; Linux fs/binfmt_elf.c create_elf_tables):
 *
 *	mm->stack_top            USER_STACK_TOP less a random offset (kernel/mm/layout.c)
 *	  8 bytes of 0
 *	  the file name          "/bin/t_syscalls\0"  <- AT_EXECFN
 *	  argv, envp strings     "/bin/t_syscalls\0" "x\0" ... "HOME=/\0"
 *	  "x86_64\0"             <- AT_PLATFORM
 *	  16 random bytes        <- AT_RANDOM
 *	  (padding to 16)
 *	  auxv                   pairs (type, value), ending with AT_NULL
 *	  envp[0..envc-1], NULL
 *	  argv[0..argc-1], NULL
 *	  argc                   <- RSP at entry, 16-byte aligned
 *
 * Only the pages these need (and one more) are mapped; the stack grows
 * on demand below them (process_fault_in), down to RLIMIT_STACK.
 */
#include "kernel/exec.h"
#include "arch/x86_64/insn/clear_page.h"
#include "arch/x86_64/cpu/fpu_state.h"
#include "arch/x86_64/insn/cpuid.h"
#include "kernel/addr.h"
#include "kernel/fs/fcntl.h"
#include "kernel/mm/heap.h"
#include "kernel/uaccess.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vma.h"
#include "kernel/panic.h"
#include "kernel/printf.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/vdso.h"

/* A new program's random bits, drawn in one CSPRNG request (32 bytes:
 * one ChaCha20 block and the key's mix, where a request each for
 * AT_RANDOM, the three layout offsets and the vDSO took five times that). */
#define EXEC_AT_RANDOM	16
struct exec_random {
	uint8_t at_random[EXEC_AT_RANDOM];	/* the 16 bytes AT_RANDOM points at */
	uint64_t layout;			/* mm_layout()'s offsets */
	uint64_t vdso;				/* vdso_map()'s page above the stack */
};

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define AT_SYSINFO_EHDR	33
#define AT_MINSIGSTKSZ	51
#define AUXV_ENTRIES	21

/* The platform string glibc reads (AT_PLATFORM), as Linux's ELF_PLATFORM. */
#define PLATFORM	"x86_64"

/* Map a zeroed frame at va with flags; its kernel alias through *page. */
static int map_zeroed(struct addr_space *as, uint64_t va, unsigned flags, uint8_t **page)
{
	uint64_t frame = pmm_alloc();
	if (!frame)
		return -ENOMEM;
	clear_page(phys_to_virt(frame));
	int err = vm_map(as, va, frame, flags);
	if (err) {
		pmm_free(frame);
		return err;
	}
	if (page)
		*page = phys_to_virt(frame);
	return 0;
}

static unsigned segment_flags(uint32_t elf_flags)
{
	unsigned flags = VM_USER;
	if (elf_flags & ELF_PF_W)
		flags |= VM_WRITE;
	if (!(elf_flags & ELF_PF_X))
		flags |= VM_NX;
	return flags;
}

static int load_segment(struct addr_space *as, struct file *file, const struct elf_segment *s)
{
	uint64_t file_end = s->vaddr + s->filesz;
	for (uint64_t va = page_round_down(s->vaddr); va < s->vaddr + s->memsz; va += PAGE_SIZE) {
		uint8_t *page;
		int err = map_zeroed(as, va, segment_flags(s->flags), &page);
		if (err)
			return err;
		/* The part of [vaddr, vaddr + filesz) inside this page. */
		uint64_t from = va > s->vaddr ? va : s->vaddr;
		uint64_t to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
		if (from < to) {
			long n = file_pread(file, io_kernel(page + (from - va)), to - from,
					    s->offset + (from - s->vaddr));
			if (n != (long)(to - from))
				return n < 0 ? (int)n : -EIO;	/* the file shrank */
		}
	}
	return 0;
}

/* Write n bytes at the user address va of as, through the direct map. */
static void poke(struct addr_space *as, uint64_t va, const void *src, size_t n)
{
	const uint8_t *s = src;
	while (n) {
		uint64_t pa;
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > n)
			chunk = n;
		bool mapped = vm_translate(as, va, &pa, NULL);
		BUG_ON(!mapped);	/* only ever called on the stack just mapped */
		memcpy(phys_to_virt(pa), s, chunk);
		va += chunk;
		s += chunk;
		n -= chunk;
	}
}

static void poke_u64(struct addr_space *as, uint64_t *va, uint64_t value)
{
	poke(as, *va, &value, sizeof(value));
	*va += sizeof(value);
}

/* Map the top of the stack, enough pages for bytes of arguments and
 * one more for the program's first frames; the rest of the stack is
 * mapped on demand (process_fault_in), down to RLIMIT_STACK. */
static int map_stack_top(struct user_mm *mm, uint64_t bytes)
{
	uint64_t low = page_round_down(mm->stack_top - bytes) - PAGE_SIZE;
	for (uint64_t va = low; va < mm->stack_top; va += PAGE_SIZE) {
		int err = map_zeroed(mm->as, va, VM_USER | VM_WRITE | VM_NX, NULL);
		if (err)
			return err;
	}
	mm->stack_low = low;
	return 0;
}

/* Push n bytes below *pos (no alignment); returns their address. */
static uint64_t push_bytes(struct addr_space *as, uint64_t *pos, const void *src, size_t n)
{
	*pos -= n;
	poke(as, *pos, src, n);
	return *pos;
}

/* The auxiliary vector (Linux fs/binfmt_elf.c create_elf_tables). */
static int fill_auxv(uint64_t auxv[AUXV_ENTRIES][2], const struct process *p,
		     const struct elf_image *img, uint64_t at_random, uint64_t execfn,
		     uint64_t platform, uint64_t vdso)
{
	const uint64_t v[][2] = {
		{ AT_SYSINFO_EHDR, vdso },	/* x86's ARCH_DLINFO: first (docs/vdso.md) */
		{ AT_HWCAP, cpuid(1, 0).edx },	/* Linux x86's ELF_HWCAP: CPUID.1:EDX */
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_CLKTCK, 100 },		/* USER_HZ: times() counts in 1/100 s */
		{ AT_PHDR, img->phdr_vaddr },	{ AT_PHENT, img->phentsize },
		{ AT_PHNUM, img->phnum },	{ AT_BASE, 0 },	/* no interpreter */
		{ AT_FLAGS, 0 },		{ AT_ENTRY, img->entry },
		{ AT_UID, p->uid },		{ AT_EUID, p->euid },
		{ AT_GID, p->gid },		{ AT_EGID, p->egid },
		{ AT_SECURE, 0 },		{ AT_RANDOM, at_random },
		{ AT_HWCAP2, 0 },		/* no FSGSBASE for programs: bit 1 clear */
		{ AT_EXECFN, execfn },		{ AT_PLATFORM, platform },
		/* The signal frame's size: the FPU area plus Linux's rt_sigframe
		 * and its alignment; the signals work refines it. */
		{ AT_MINSIGSTKSZ, fpu_state_size() + 1024 },
		{ AT_NULL, 0 },
	};
	_Static_assert(sizeof(v) / sizeof(v[0]) == AUXV_ENTRIES, "AUXV_ENTRIES");
	memcpy(auxv, v, sizeof(v));
	return AUXV_ENTRIES;
}

static int build_stack(struct process *p, struct user_mm *mm, const struct elf_image *img,
		       const char *path, const struct exec_args *a,
		       const uint8_t random[EXEC_AT_RANDOM], uint64_t *sp)
{
	struct addr_space *as = mm->as;
	size_t path_len = strlen(path) + 1;
	uint64_t words = 1 + (uint64_t)a->argc + 1 + (uint64_t)a->envc + 1 + 2 * AUXV_ENTRIES;
	int err = map_stack_top(mm, a->len + path_len + sizeof(PLATFORM) + 16 + 16 + words * 8);
	if (err)
		return err;

	/* From the top down: the file name (AT_EXECFN), the argument and
	 * environment strings as one block, the platform string, 16 random
	 * bytes (AT_RANDOM). */
	uint64_t pos = mm->stack_top - 8;	/* Linux leaves the top word 0 too */
	uint64_t execfn = push_bytes(as, &pos, path, path_len);
	uint64_t strings = push_bytes(as, &pos, a->buf, a->len);
	uint64_t platform = push_bytes(as, &pos, PLATFORM, sizeof(PLATFORM));
	uint64_t at_random = push_bytes(as, &pos, random, EXEC_AT_RANDOM);

	/* argc, argv + NULL, envp + NULL, auxv: RSP = &argc 16-byte aligned. */
	uint64_t va = (pos - words * 8) & ~15UL;
	*sp = va;
	poke_u64(as, &va, (uint64_t)a->argc);
	uint64_t s = strings;
	mm->arg_start = mm->arg_end = strings;	/* /proc/PID/cmdline */
	for (int i = 0; i < a->argc + a->envc; i++) {
		if (i == a->argc)
			poke_u64(as, &va, 0);	/* end of argv */
		poke_u64(as, &va, s);
		s += strlen(a->buf + (s - strings)) + 1;
		if (i + 1 == a->argc)
			mm->arg_end = s;
	}
	if (a->envc == 0)
		poke_u64(as, &va, 0);		/* end of argv (no environment) */
	poke_u64(as, &va, 0);			/* end of envp */
	uint64_t auxv[AUXV_ENTRIES][2];
	fill_auxv(auxv, p, img, at_random, execfn, platform, mm->vdso_base);
	for (int i = 0; i < AUXV_ENTRIES; i++) {
		poke_u64(as, &va, auxv[i][0]);
		poke_u64(as, &va, auxv[i][1]);
	}
	return 0;
}

int exec_open(const char *path, struct path *exe)
{
	int err = path_walk(AT_FDCWD, path, WALK_FOLLOW, exe);
	if (err)
		return err;
	/* Linux's may_open and do_open_execat: a directory or a device is
	 * -EACCES, as is a file with no execute bit. */
	if (!S_ISREG(exe->inode->mode))
		err = -EACCES;
	else
		err = inode_permission(exe->inode, MAY_EXEC | MAY_READ);
	if (err)
		path_put(*exe);
	return err;
}

/* The first bytes of the file (the ELF header and, nearly always, the
 * program headers) into head: the count read, or -errno. */
#define EXEC_HEAD	4096

/* A script: run its interpreter with the script's arguments (one level
 * deeper), the script's own path still the one AT_EXECFN names. */
static int load_script(struct process *p, const char *execfn, const char *path,
		       const uint8_t *head, size_t n, const struct exec_args *a,
		       struct user_mm **out, uint64_t *entry, uint64_t *sp, int depth);

/* The image of the program at path, for a process that will know it as
 * execfn (they differ for a script's interpreter). */
static int load_image(struct process *p, const char *execfn, const char *path,
		      const struct exec_args *a, struct user_mm **out, uint64_t *entry,
		      uint64_t *sp, int depth)
{
	static struct elf_image img;	/* 400 bytes: not on the kernel stack */
	char why[96];
	struct path exe;
	int err = exec_open(path, &exe);
	if (err)
		return err;
	struct file *file;
	if ((err = file_open_path(exe, O_RDONLY, &file)) != 0) {
		path_put(exe);
		return err;
	}
	err = -ENOMEM;
	struct user_mm *mm = kzalloc(sizeof(*mm));
	uint8_t *head = kmalloc(EXEC_HEAD);
	if (!mm || !head)
		goto fail;
	mm->refs = 1;
	mm->exe = exe;
	exe.inode = NULL;	/* mm holds it now */
	long n = file_pread(file, io_kernel(head), EXEC_HEAD, 0);
	if (n < 0) {
		err = (int)n;
		goto fail;
	}
	if (exec_is_script(head, (size_t)n)) {
		err = load_script(p, execfn, path, head, (size_t)n, a, out, entry, sp, depth);
		goto done;
	}
	if (!elf_check_head(head, (size_t)n, file->inode->size, &img, why, sizeof(why))) {
		kprintf("exec %s: refused: %s\n", path, why);
		err = -ENOEXEC;
		goto fail;
	}
	if (!(mm->as = as_create()))
		goto fail;

	uint64_t end = 0;
	for (uint32_t i = 0; i < img.nsegments; i++) {
		if ((err = load_segment(mm->as, file, &img.segments[i])) != 0)
			goto fail;
		uint64_t seg_end = img.segments[i].vaddr + img.segments[i].memsz;
		if (seg_end > end)
			end = seg_end;
	}
	/* The heap begins on a page after the highest segment (randomised,
	 * as the stack's top and mmap's base: mm_layout); brk() moves its
	 * end, and the page-fault handler maps its pages when touched. */
	struct exec_random rnd;
	random_bytes(&rnd, sizeof(rnd));
	mm_layout(mm, p, end, rnd.layout);
	if ((err = vdso_map(mm, rnd.vdso)) != 0)
		goto fail;
	if ((err = build_stack(p, mm, &img, execfn, a, rnd.at_random, sp)) != 0)
		goto fail;
	*entry = img.entry;
	*out = mm;
	kfree(head);
	file_put(file);
	return 0;
fail:
	if (exe.inode)
		path_put(exe);
done:
	if (mm)
		user_mm_put(mm);
	kfree(head);
	file_put(file);
	return err;
}

static int load_script(struct process *p, const char *execfn, const char *path,
		       const uint8_t *head, size_t n, const struct exec_args *a,
		       struct user_mm **out, uint64_t *entry, uint64_t *sp, int depth)
{
	if (depth >= EXEC_MAX_DEPTH)
		return -ELOOP;
	char *interp = kmalloc(EXEC_INTERP_MAX);
	struct exec_args sa;
	int err = interp ? exec_script_args(head, n, path, a, &sa, interp) : -ENOMEM;
	if (!err) {
		err = load_image(p, execfn, interp, &sa, out, entry, sp, depth + 1);
		exec_args_free(&sa);
	}
	kfree(interp);
	return err;
}

int exec_image(struct process *p, const char *path, const struct exec_args *a,
	       struct user_mm **out, uint64_t *entry, uint64_t *sp)
{
	return load_image(p, path, path, a, out, entry, sp, 0);
}
