/*
 * The vDSO (docs/vdso.md): a shared object in the kernel image
 * (user/vdso/vdso.c) that exec maps into every process, with the vvar
 * page (the clock's numbers, arch/x86_64/vdso/vvar.h) one page below it.
 * glibc and musl find it through the auxiliary vector's AT_SYSINFO_EHDR
 * and call its clock_gettime, gettimeofday, time, clock_getres and
 * getcpu instead of the system calls.
 */
#ifndef ANVIL_KERNEL_VDSO_H
#define ANVIL_KERNEL_VDSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct user_mm;

/* At boot, after timer_init and mm_init: check the image with the ELF
 * loader's rules (elf_check_vdso), copy it into frames, choose the
 * clock's and getcpu's modes, set IA32_TSC_AUX.  A refused image is a
 * panic: it is part of the kernel. */
void vdso_init(void);

/* exec: map [vvar] and [vdso] into mm as two areas, at a page random
 * bits choose between the stack's top and the next 2 MiB boundary (as
 * Linux's vdso_addr), or just below mm->mmap_base when that has no room
 * (norandmaps); mm->vdso_base is then
 * the vDSO's ELF header (AT_SYSINFO_EHDR).  0, or -ENOMEM. */
int vdso_map(struct user_mm *mm, uint64_t random);

/* The image as it is in the kernel, and its size in bytes. */
const uint8_t *vdso_image(size_t *len);

/* Pages of [vvar] and of [vdso] (for /proc/PID/maps). */
#define VVAR_PAGES	1
uint64_t vdso_pages(void);

/* The system calls the vDSO answers in user space, counted per process
 * (vdso_count, from their handlers) and shown as /proc/PID/status's
 * "VdsoSyscalls:" line, so that a test can see that a program's
 * clock_gettime made none (docs/vdso.md).  Linux has no such line. */
enum vdso_call {
	VDSO_CLOCK_GETTIME,
	VDSO_GETTIMEOFDAY,
	VDSO_TIME,
	VDSO_CLOCK_GETRES,
	VDSO_GETCPU,
	VDSO_CALLS
};
void vdso_count(enum vdso_call c);

#endif
