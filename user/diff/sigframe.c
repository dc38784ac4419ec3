/*
 * sigframe - rt_sigreturn with a frame a handler forged: a bad code or
 * stack selector, a RIP outside the user half, flags a program may not
 * give itself (IOPL, IF cleared, reserved bits), an FPU area that lies
 * (reserved MXCSR bits, a kernel or unmapped fpstate), a frame that is
 * not readable at all; and the legal edits (an XMM register, MXCSR, a
 * wrong magic word: restored as FXSAVE only) that must be loaded back.
 * Each forged case runs in a child: Linux kills it with SIGSEGV (the
 * frame is refused, or the iret it leads to faults), and so must anvil.
 *
 * user/diff/diff.h says how the output is compared with Linux's.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>

#include "diff.h"

/* The FXSAVE image's fields used here (Linux's struct fxregs_state). */
#define FX_MXCSR	24
#define FX_XMM15	(160 + 15 * 16)
#define FX_SW_MAGIC1	464

static void (*edit)(ucontext_t *uc);

static void on_usr1(int sig, siginfo_t *si, void *p)
{
	(void)sig, (void)si;
	edit((ucontext_t *)p);
}

static unsigned char *fpu(ucontext_t *uc)
{
	return (unsigned char *)uc->uc_mcontext.fpregs;
}

/* pushfq; popq: the flags as the program runs with them now. */
static uint64_t read_flags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(f));
	return f;
}

/* kill(getpid(), SIGUSR1) by a raw syscall, then xmm15 and MXCSR read
 * right after it, with no C library code between the handler's return
 * and the reads. */
static void signal_and_read(uint64_t *xmm, uint32_t *mxcsr)
{
	long pid = getpid(), ret;
	__asm__ volatile("syscall\n\tmovq %%xmm15, %1\n\tstmxcsr %2"
			 : "=a"(ret), "=m"(*xmm), "=m"(*mxcsr)
			 : "a"(62L), "D"(pid), "S"((long)SIGUSR1)
			 : "rcx", "r11", "memory");
}

static void install(void (*e)(ucontext_t *))
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	edit = e;
	sigaction(SIGUSR1, &sa, NULL);
}

#define CSGSFS(uc) ((uc)->uc_mcontext.gregs[REG_CSGSFS])
static void cs_null(ucontext_t *uc) { CSGSFS(uc) &= ~0xffffULL; }
static void cs_kernel(ucontext_t *uc) { CSGSFS(uc) = (CSGSFS(uc) & ~0xffffULL) | 0x13; }
static void ss_null(ucontext_t *uc) { CSGSFS(uc) &= ~(0xffffULL << 48); }
static void rip_noncanonical(ucontext_t *uc) { uc->uc_mcontext.gregs[REG_RIP] = 0x0000800000000000ULL; }
static void rip_kernel(ucontext_t *uc) { uc->uc_mcontext.gregs[REG_RIP] = 0xffffffff80000000ULL; }
static void mxcsr_reserved(ucontext_t *uc) { *(uint32_t *)(fpu(uc) + FX_MXCSR) |= 0xffff0000U; }
static void fpstate_kernel(ucontext_t *uc) { uc->uc_mcontext.fpregs = (void *)0xffffffff80000000ULL; }
static void fpstate_unmapped(ucontext_t *uc)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	uc->uc_mcontext.fpregs = p;
}

/* Not an edit: the marker for forged() to run unreadable_frame(). */
static void sigreturn_unmapped(ucontext_t *uc)
{
	(void)uc;
}

/* Point RSP at an unmapped page and call rt_sigreturn (15) there: the
 * kernel cannot read the frame. */
static void unreadable_frame(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	__asm__ volatile("movq %0, %%rsp\n\tmovl $15, %%eax\n\tsyscall"
			 : : "r"((char *)p + 2048) : "rax", "rcx", "r11", "memory");
}

/* A child runs one forged return; its end is the line. */
static void forged(const char *name, void (*e)(ucontext_t *))
{
	pid_t pid = fork();
	if (pid == 0) {
		if (e == sigreturn_unmapped) {
			unreadable_frame();
		} else {
			install(e);
			raise(SIGUSR1);
		}
		say("%s: survived", name);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		say("%s: killed by signal %d%s", name, WTERMSIG(status),
		    WTERMSIG(status) == SIGSEGV ? " (SIGSEGV)" : "");
	else
		say("%s: exit status %d", name, WEXITSTATUS(status));
}

#define IOPL3		0x3000ULL
#define IF		0x200ULL
/* Bits 3, 5, 15, 22-63 reserved; NT, VM, VIF, VIP, IOPL not the program's. */
#define NOT_USERS	(0xffffffffffc08028ULL | 0x4000ULL | 0x20000ULL | 0x180000ULL | IOPL3)

static void set_iopl(ucontext_t *uc) { uc->uc_mcontext.gregs[REG_EFL] |= IOPL3; }
static void clear_if(ucontext_t *uc) { uc->uc_mcontext.gregs[REG_EFL] &= ~IF; }
static void set_reserved(ucontext_t *uc) { uc->uc_mcontext.gregs[REG_EFL] |= NOT_USERS; }

static void flags_cases(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		install(set_iopl);
		raise(SIGUSR1);
		say("iopl 3 in the frame: IOPL now %llu", (unsigned long long)((read_flags() >> 12) & 3));
		__asm__ volatile("cli");	/* #GP without IOPL 3 */
		say("cli: ran");
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("cli after it: %s", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ?
	    "killed by SIGSEGV" : "not killed by SIGSEGV");

	install(set_reserved);
	raise(SIGUSR1);
	uint64_t f = read_flags();
	say("reserved and system flags in the frame: now %s, bit 1 %s",
	    (f & NOT_USERS) ? "set" : "clear", yesno(f & 2));

	/* IF cleared: the flag stays on, and the child spinning after it is
	 * still preempted (else the parent would never run to kill it). */
	int fds[2];
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		install(clear_if);
		raise(SIGUSR1);
		char c = (read_flags() & IF) ? '1' : '0';
		write(fds[1], &c, 1);
		for (;;)
			__asm__ volatile("" ::: "memory");
	}
	char c = '?';
	read(fds[0], &c, 1);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	say("IF cleared in the frame: IF now %c, spinning child killed by %d", c,
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	close(fds[0]);
	close(fds[1]);
}

/* The legal FPU edits. */
static void set_xmm15(ucontext_t *uc) { *(uint64_t *)(fpu(uc) + FX_XMM15) = 0x1122334455667788ULL; }
static void set_mxcsr_rz(ucontext_t *uc) { *(uint32_t *)(fpu(uc) + FX_MXCSR) |= 0x6000; }
static void bad_magic(ucontext_t *uc)
{
	*(uint32_t *)(fpu(uc) + FX_SW_MAGIC1) = 0;
	set_xmm15(uc);
}

static void fpu_edits(void)
{
	uint64_t xmm;
	uint32_t mxcsr;
	install(set_xmm15);
	signal_and_read(&xmm, &mxcsr);
	say("xmm15 edited by the handler: %s", xmm == 0x1122334455667788ULL ? "loaded" : "not loaded");
	install(set_mxcsr_rz);
	signal_and_read(&xmm, &mxcsr);
	say("mxcsr edited by the handler: rounding %u", (mxcsr >> 13) & 3);
	__asm__ volatile("ldmxcsr %0" : : "m"((uint32_t){ 0x1f80 }));
	__asm__ volatile("pxor %%xmm15, %%xmm15" ::: "xmm15");
	install(bad_magic);
	signal_and_read(&xmm, &mxcsr);
	say("magic1 wrong, xmm15 edited: %s", xmm == 0x1122334455667788ULL ? "loaded (FXSAVE only)" : "not loaded");
}

int main(void)
{
	diff_start("sigframe");
	forged("cs null", cs_null);
	forged("cs kernel", cs_kernel);
	forged("ss null", ss_null);
	forged("rip non-canonical", rip_noncanonical);
	forged("rip kernel half", rip_kernel);
	forged("mxcsr reserved bits", mxcsr_reserved);
	forged("fpstate kernel", fpstate_kernel);
	forged("fpstate unmapped", fpstate_unmapped);
	forged("frame unreadable", sigreturn_unmapped);
	flags_cases();
	fpu_edits();
	forged("cs null again, the kernel carried on", cs_null);
	say("done");
	return 0;
}
